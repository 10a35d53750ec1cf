// `make demo-node`: the jetwt npm package in action (ES module entry).
import { createHmac } from 'node:crypto'
import { inspect } from 'node:util'
import * as jetwt from 'jetwt'

const show = (label, value) => console.log(`${label.padEnd(28)} ${typeof value === 'string' ? value : inspect(value, { breakLength: 120, colors: false })}`)

const key = jetwt.Key.generate('ES256')
show('key', key)
show('public JWK', key.publicKey().toJwk())
show('thumbprint', key.thumbprint())

const signer = new jetwt.Signer(key, { algorithm: 'ES256', expiresIn: 900, issuer: 'https://auth.example', audience: 'api' })
const token = signer.sign({ sub: 'ada', roles: ['admin'] })
show('token', token)
show('decode (no verification)', jetwt.decode(token))

const verifier = new jetwt.Verifier(key.publicKey(), { algorithms: ['ES256'], issuer: 'https://auth.example', audience: 'api' })
show('verify', verifier.verify(token))
show('verifyAsync', await verifier.verifyAsync(token))

const [header, payload, signature] = token.split('.')
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
const forged = `${header}.${b64({ sub: 'eve', aud: 'api', iss: 'https://auth.example' })}.${signature}`
// The classic algorithm-confusion attack: HS256 "signed" with the public key's PEM as the secret.
const pem = key.publicKey().toPem()
const confusedInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'eve' })}`
const confused = `${confusedInput}.${createHmac('sha256', pem).update(confusedInput).digest('base64url')}`
for (const [label, attempt] of [
  ['forged payload', () => verifier.verify(forged)],
  ['wrong algorithm', () => jetwt.verify(token, key.publicKey(), { algorithms: ['RS256'] })],
  ['public PEM as HMAC secret', () => jetwt.verify(confused, pem, { algorithms: ['HS256', 'ES256'] })],
  ['expired', () => verifier.verify(signer.sign({ exp: 1 }))],
  ['not a token', () => jetwt.verify('hello', key, { algorithms: ['ES256'] })],
]) {
  try {
    attempt()
    show(label, 'ACCEPTED (this is a bug)')
  } catch (error) {
    show(label, `${error.name} (${error.code}): ${error.message}`)
  }
}
