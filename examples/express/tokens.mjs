// What the Express service does with jetwt: its keys, its clock, and the tokens it issues and accepts.
//
// - Access tokens: ES256, `typ: at+jwt` (RFC 9068), 15 minutes, a space-separated `scope`, verified with one
//   shared `jetwt.Verifier` over the key set of every service (so the FastAPI service's tokens work here too).
// - Refresh tokens: `typ: refresh+jwt`, 14 days, accepted only by the service that issued them (its own public
//   key), used once: refreshing denies the old `jti`, and so does logging out.

import { readFileSync, readdirSync } from 'node:fs'
import { timingSafeEqual, createHash } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as jetwt from 'jetwt'

export const EXAMPLES = fileURLToPath(new URL('..', import.meta.url))
export const CONFIG = join(EXAMPLES, 'shared', 'config.json')
export const DEFAULT_KEYS_DIR = join(EXAMPLES, 'shared', 'keys')
export const ACCESS_TYP = 'at+jwt'
export const REFRESH_TYP = 'refresh+jwt'

// error_description texts: fixed words, never the token's content (RFC 6750 allows no `"` or `\` there).
export const DESCRIPTIONS = {
  malformed: 'the token is malformed',
  invalid_algorithm: "the token's algorithm is not accepted",
  invalid_key: "the token's key is not usable",
  invalid_signature: "the token's signature does not verify",
  expired: 'the token has expired',
  not_yet_valid: 'the token is not valid yet',
  invalid_audience: 'the token is meant for another audience',
  invalid_issuer: 'the token comes from another issuer',
  invalid_subject: 'the token has another subject',
  invalid_type: 'the token is not of the expected type',
  missing_claim: 'the token lacks a required claim',
  invalid_claim: 'the token has a claim of the wrong type',
  key_not_found: 'the token is signed by an unknown key',
}

/** A refused token: 401 `invalid_token`, or 403 `insufficient_scope` (then `scope` is the one missing). */
export class TokenError extends Error {
  constructor(description, { scope, cause } = {}) {
    super(description, { cause })
    this.description = description
    this.scope = scope
    this.error = scope === undefined ? 'invalid_token' : 'insufficient_scope'
    this.status = scope === undefined ? 401 : 403
  }

  /** The `WWW-Authenticate` value (RFC 6750 section 3). */
  challenge() {
    const parts = ['Bearer realm="jetwt-examples"', `error="${this.error}"`, `error_description="${this.description}"`]
    if (this.scope !== undefined) parts.push(`scope="${this.scope}"`)
    return parts.join(', ')
  }
}

/**
 * Seconds since the epoch. Tests move it: `EXAMPLES_CLOCK_FILE` names a file whose number, while there is one,
 * is the time the service signs and verifies at. Unset (as in production), it is the system clock.
 */
export class Clock {
  #file

  constructor(overrideFile) {
    this.#file = overrideFile || null
  }

  override() {
    if (this.#file === null) return null
    let text
    try {
      text = readFileSync(this.#file, 'utf8').trim()
    } catch (err) {
      if (err.code === 'ENOENT') return null
      throw err
    }
    return text ? Math.trunc(Number(text)) : null
  }

  now() {
    return this.override() ?? Math.floor(Date.now() / 1000)
  }
}

export function publicJwk(key) {
  return { ...key.toJwk(), kid: key.thumbprint(), alg: 'ES256', use: 'sig' }
}

/** `SERVICE.pem` signs; every `*.pub.pem` beside it (this service's included) verifies access tokens. */
export function loadKeys(directory, service) {
  const pem = join(directory, `${service}.pem`)
  let signing
  try {
    signing = jetwt.Key.fromPem(readFileSync(pem))
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
    throw new Error(`${pem} is missing: run \`make examples-keys\`, or set EXAMPLES_KEYS_DIR`)
  }
  const names = readdirSync(directory).filter((name) => name.endsWith('.pub.pem')).sort()
  const jwks = { keys: names.map((name) => publicJwk(jetwt.Key.fromPem(readFileSync(join(directory, name))))) }
  const kid = signing.publicKey().thumbprint()
  if (!jwks.keys.some((jwk) => jwk.kid === kid)) {
    throw new Error(`${directory} has no ${service}.pub.pem matching ${pem}`)
  }
  return { signing, kid, trusted: jetwt.KeySet.fromJwks(jwks), jwks }
}

export function loadConfig() {
  return JSON.parse(readFileSync(CONFIG, 'utf8'))
}

function sameSecret(a, b) {
  // Hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (text) => createHash('sha256').update(String(text)).digest()
  return timingSafeEqual(digest(a), digest(b))
}

export class TokenService {
  #accessSigner
  #refreshSigner
  #accessRules
  #refreshRules
  #ownKey
  #access
  #refresh

  constructor(config, keys, clock, store) {
    this.config = config
    this.keys = keys
    this.clock = clock
    this.store = store
    const { algorithm, issuer, audience, leeway } = config
    // iat and exp come from the clock (not the signer's), so that tests can move time.
    const signer = (typ) =>
      new jetwt.Signer(keys.signing, {
        algorithm,
        header: { typ, kid: keys.kid },
        issuer,
        audience,
        issuedAt: false,
        jwtId: true,
      })
    this.#accessSigner = signer(ACCESS_TYP)
    this.#refreshSigner = signer(REFRESH_TYP)
    const rules = { algorithms: [algorithm], leeway, required: ['sub', 'exp', 'iat', 'jti'], issuer, audience }
    this.#accessRules = { ...rules, typ: ACCESS_TYP, complete: true }
    this.#refreshRules = { ...rules, typ: REFRESH_TYP }
    this.#ownKey = keys.signing.publicKey()
    // Prepared once, shared by every request: the key set and the rules are parsed here.
    this.#access = new jetwt.Verifier(keys.trusted, this.#accessRules)
    this.#refresh = new jetwt.Verifier(this.#ownKey, this.#refreshRules)
  }

  /** Tokens for a user, or null for an unknown user or a wrong password. */
  async login(username, password) {
    const user = Object.hasOwn(this.config.users, username) ? this.config.users[username] : null
    if (user === null || !sameSecret(user.password, password)) return null
    return this.issue(username)
  }

  async issue(subject) {
    const now = this.clock.now()
    const scope = this.config.users[subject].scopes.join(' ')
    const { access_token_ttl: accessTtl, refresh_token_ttl: refreshTtl } = this.config
    return {
      token_type: 'Bearer',
      access_token: await this.#accessSigner.signAsync({ sub: subject, scope, iat: now, exp: now + accessTtl }),
      expires_in: accessTtl,
      refresh_token: await this.#refreshSigner.signAsync({ sub: subject, iat: now, exp: now + refreshTtl }),
      scope,
    }
  }

  /** `{ header, claims }` of a valid access token; rejects with `TokenError`. */
  verifyAccess(token) {
    return this.#verify(this.#access, this.keys.trusted, this.#accessRules, token)
  }

  async verifyRefresh(token) {
    const claims = await this.#verify(this.#refresh, this.#ownKey, this.#refreshRules, token)
    if (await this.store.isRevoked(claims.jti)) throw new TokenError('the refresh token has been used or revoked')
    return claims
  }

  /** New tokens for a refresh token, which stops working: of two concurrent rotations, one wins. */
  async rotate(refreshToken) {
    const claims = await this.verifyRefresh(refreshToken)
    if (!(await this.#revoke(claims))) throw new TokenError('the refresh token has been used or revoked')
    if (!Object.hasOwn(this.config.users, claims.sub)) throw new TokenError("the token's subject is no longer a user")
    return this.issue(claims.sub)
  }

  async logout(refreshToken) {
    await this.#revoke(await this.verifyRefresh(refreshToken))
  }

  // Denied while verification could still accept it: until exp, plus the leeway.
  #revoke(claims) {
    return this.store.revoke(claims.jti, Math.trunc(claims.exp) + this.config.leeway)
  }

  async #verify(verifier, key, rules, token) {
    const now = this.clock.override()
    try {
      if (now === null) return await verifier.verifyAsync(token)
      return await jetwt.verifyAsync(token, key, { ...rules, now }) // a moved clock: the same rules, at that time
    } catch (err) {
      if (!(err instanceof jetwt.JwtError)) throw err
      throw new TokenError(DESCRIPTIONS[err.code] ?? 'the token is invalid', { cause: err })
    }
  }
}
