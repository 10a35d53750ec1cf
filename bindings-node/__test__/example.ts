// A TypeScript user's view of jetwt, type-checked by `make lint-node` (tsc --noEmit). Not run.
import { createSecretKey } from 'node:crypto'
import * as jetwt from 'jetwt'
import {
  Algorithm,
  Claims,
  ErrorCode,
  ExpiredSignatureError,
  JwtError,
  Key,
  KeySet,
  MissingRequiredClaimError,
  Signer,
  Verifier,
  decode,
  decodeHeader,
  encode,
  verify,
} from 'jetwt'

interface Session extends Claims {
  sub: string
  roles: string[]
}

const secret = 'a secret of at least thirty-two bytes!!'
const algorithm: Algorithm = 'HS256'

const token: string = encode({ sub: 'ada', roles: ['admin'], exp: new Date(Date.now() + 60_000) }, secret, {
  algorithm,
  header: { kid: 'k1' },
})
const claims = verify<Session>(token, secret, { algorithms: ['HS256'], leeway: 5 })
const roles: string[] = claims.roles
const complete = verify(token, createSecretKey(Buffer.from(secret)), { algorithms: ['HS256'], complete: true })
const alg: string = complete.header.alg
const inspected = decode(token)
const signatureBytes: number = inspected.signature.length
const kid = decodeHeader(token).kid

const key: Key = Key.generate('ES256')
const bound: Algorithm | null = key.algorithm
const jwk: Record<string, unknown> = key.publicKey().toJwk()
const set: KeySet = KeySet.fromJwks({ keys: [{ ...jwk, kid: 'k2' }] })
const signer = new Signer(key, { algorithm: 'ES256', expiresIn: 3600, issuer: 'https://issuer.example', jwtId: true })
const verifier = new Verifier<Session>(set, { algorithms: ['ES256'], issuer: 'https://issuer.example' })

async function main(): Promise<void> {
  const signed = await signer.signAsync({ sub: 'ada', roles: [] })
  const verified = await verifier.verifyAsync(signed)
  const async2: Claims = await jetwt.verifyAsync(await jetwt.encodeAsync({}, key, { algorithm: 'ES256' }), key.publicKey(), {
    algorithms: ['ES256'],
    now: new Date(),
  })
  try {
    verify(signed, key, { algorithms: ['ES256'], required: ['scope'] })
  } catch (error) {
    if (error instanceof MissingRequiredClaimError) {
      const missing: string = error.claim
      void missing
    } else if (error instanceof ExpiredSignatureError || error instanceof JwtError) {
      const code: ErrorCode = error.code
      void code
    }
  }
  void verified
  void async2
}

// @ts-expect-error: `Algorithm` is a union of names, so a typo does not type-check.
encode({}, secret, { algorithm: 'HS257' })
// @ts-expect-error: `algorithms` is required.
verify(token, secret, {})

void [roles, alg, signatureBytes, kid, bound, main]
