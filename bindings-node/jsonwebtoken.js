'use strict'
// `require('jetwt/jsonwebtoken')`: jsonwebtoken 9's `sign`, `verify` and `decode`, their callback forms, options,
// error classes and messages, on jetwt's public API (./index.js). The crypto and the strict checks are jetwt's:
// every token is parsed, its algorithm bound to the key and its signature checked by the Rust core, and jetwt
// refuses what it always refuses (unsigned tokens, short HMAC secrets, PEM/DER/JWK text used as an HMAC secret,
// RSA keys under 2048 bits, non-canonical base64url, duplicate JSON members, non-finite NumericDates, ...).
// Everything else follows jsonwebtoken 9.0.x: the order of its checks (so the same error comes first), its
// messages, its defaults (`iat` added, algorithms from the key type, `aud` ignored without `audience`) and its
// time-span strings. The deliberate differences (all of them places where jetwt is stricter) are asserted, one
// test each, in __test__/jsonwebtoken-differences.test.js; everything else is checked against jsonwebtoken itself
// in __test__/jsonwebtoken.test.js.

const { KeyObject, createPrivateKey, createPublicKey, createSecretKey } = require('node:crypto')
const jetwt = require('./index.js')

// ---------------------------------------------------------------------------------------------------------
// Errors, as jsonwebtoken defines them: `name` and `message` are own enumerable properties (so that
// `JSON.stringify(err)` reads the same), `TokenExpiredError` carries `expiredAt` and `NotBeforeError` `date`.

class JsonWebTokenError extends Error {
  /**
   * @param {string} message
   * @param {unknown} [error] the underlying error, kept as `inner`
   */
  constructor(message, error) {
    super()
    this.name = 'JsonWebTokenError'
    this.message = message
    if (error) this.inner = error
  }
}

class NotBeforeError extends JsonWebTokenError {
  /**
   * @param {string} message
   * @param {Date} date
   */
  constructor(message, date) {
    super(message)
    this.name = 'NotBeforeError'
    this.date = date
  }
}

class TokenExpiredError extends JsonWebTokenError {
  /**
   * @param {string} message
   * @param {Date} expiredAt
   */
  constructor(message, expiredAt) {
    super(message)
    this.name = 'TokenExpiredError'
    this.expiredAt = expiredAt
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small predicates with jsonwebtoken's (lodash's) meaning

const OBJECT_CONSTRUCTOR_SOURCE = Function.prototype.toString.call(Object)

/** An object literal, `Object.create(null)` or an object from another realm's `Object`; not an instance. */
function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') {
    return false
  }
  const proto = Object.getPrototypeOf(value)
  if (proto === null) return true
  const ctor = Object.prototype.hasOwnProperty.call(proto, 'constructor') && proto.constructor
  return typeof ctor === 'function' && Function.prototype.toString.call(ctor) === OBJECT_CONSTRUCTOR_SOURCE
}

const tagOf = (value) => Object.prototype.toString.call(value)
const isString = (value) => typeof value === 'string' || (typeof value === 'object' && value !== null && tagOf(value) === '[object String]')
const isBoolean = (value) => value === true || value === false || (typeof value === 'object' && value !== null && tagOf(value) === '[object Boolean]')
const isNumber = (value) => typeof value === 'number' || (typeof value === 'object' && value !== null && tagOf(value) === '[object Number]')
const isInteger = (value) => Number.isInteger(value)

/** Key material as jetwt takes it: a string or bytes. */
function isMaterial(value) {
  return typeof value === 'string' || value instanceof ArrayBuffer || ArrayBuffer.isView(value)
}

/**
 * Whether node:crypto could read the material as PEM. It reads strings and bytes only as PEM, and its PEM
 * reader needs this marker; material without it is what jsonwebtoken turns into an HMAC secret.
 */
function mayBePem(material) {
  if (typeof material === 'string') return material.includes('-----BEGIN')
  const bytes = material instanceof ArrayBuffer
    ? Buffer.from(material)
    : Buffer.from(material.buffer, material.byteOffset, material.byteLength)
  return bytes.includes('-----BEGIN')
}

// ---------------------------------------------------------------------------------------------------------
// Time spans: a number of seconds, or a string in the `ms` package's format ("2 days", "10h", "7d"; a bare
// number is milliseconds, so "120" is 120 ms).

const MS_PER_UNIT = new Map()
for (const [ms, names] of [
  [1, ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds']],
  [1000, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60 * 1000, ['m', 'min', 'mins', 'minute', 'minutes']],
  [60 * 60 * 1000, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [24 * 60 * 60 * 1000, ['d', 'day', 'days']],
  [7 * 24 * 60 * 60 * 1000, ['w', 'week', 'weeks']],
  [365.25 * 24 * 60 * 60 * 1000, ['y', 'yr', 'yrs', 'year', 'years']],
]) {
  for (const name of names) MS_PER_UNIT.set(name, ms)
}
const SPAN = /^(-?\d*\.?\d+) *([a-z]*)$/i

/** Milliseconds for a time-span string, or `undefined` when it is not one. */
function spanMilliseconds(text) {
  if (text.length > 100) return undefined
  const match = SPAN.exec(text)
  if (match === null) return undefined
  const unit = MS_PER_UNIT.get(match[2] === '' ? 'ms' : match[2].toLowerCase())
  return unit === undefined ? undefined : parseFloat(match[1]) * unit
}

/** NumericDate `base` + the span (seconds, or a string, floored to whole seconds), or `undefined`. */
function timespan(span, base) {
  if (typeof span === 'string') {
    const ms = spanMilliseconds(span)
    return ms === undefined ? undefined : Math.floor(base + ms / 1000)
  }
  if (typeof span === 'number') return base + span
  return undefined
}

const SPAN_HINT = 'should be a number of seconds or string representing a timespan eg: "1d", "20h", 60'

// ---------------------------------------------------------------------------------------------------------
// Keys as jsonwebtoken sees them (`type`: secret, public or private; `asymmetricKeyType`; details), and the
// checks it makes of them. node:crypto parses PEM slowly (~0.5 ms), so PEM material is only classified when
// an error is being reported; on success jetwt's own (stricter) binding of key and algorithm has decided.

const SECRET = Object.freeze({ type: 'secret', asymmetricKeyType: undefined, asymmetricKeyDetails: undefined })

/** node:crypto's reading of key material, as jsonwebtoken does it for `sign` (private) or `verify` (public). */
function classify(key, kind) {
  try {
    return kind === 'private' ? createPrivateKey(key) : createPublicKey(key)
  } catch {
    try {
      return createSecretKey(typeof key === 'string' ? Buffer.from(key) : key)
    } catch {
      return null
    }
  }
}

const ALGS_FOR_KEY_TYPE = {
  ec: ['ES256', 'ES384', 'ES512'],
  rsa: ['RS256', 'PS256', 'RS384', 'PS384', 'RS512', 'PS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512'],
}
const CURVE_FOR_ALG = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }

/** jsonwebtoken's check that an asymmetric key suits the algorithm (type, curve, RSA-PSS parameters). */
function asymmetricKeyError(alg, info) {
  if (!alg || !info) return undefined
  const keyType = info.asymmetricKeyType
  if (!keyType) return undefined
  const allowed = ALGS_FOR_KEY_TYPE[keyType]
  if (allowed === undefined) return new Error(`Unknown key type "${keyType}".`)
  if (!allowed.includes(alg)) {
    return new Error(`"alg" parameter for "${keyType}" key type must be one of: ${allowed.join(', ')}.`)
  }
  const details = info.asymmetricKeyDetails || {}
  if (keyType === 'ec' && details.namedCurve !== CURVE_FOR_ALG[alg]) {
    return new Error(`"alg" parameter "${alg}" requires curve "${CURVE_FOR_ALG[alg]}".`)
  }
  if (keyType === 'rsa-pss') {
    const bits = parseInt(alg.slice(-3), 10)
    const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = details
    if (hashAlgorithm !== `sha${bits}` || mgf1HashAlgorithm !== hashAlgorithm) {
      return new Error(`Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of "alg" ${alg}.`)
    }
    if (saltLength !== undefined && saltLength > bits >> 3) {
      return new Error(`Invalid key for this operation, its RSA-PSS parameter saltLength does not meet the requirements of "alg" ${alg}.`)
    }
  }
  return undefined
}

const HMAC_ALGS = ['HS256', 'HS384', 'HS512']
const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']
const EC_ALGS = ['ES256', 'ES384', 'ES512']
/** What jsonwebtoken signs and verifies (jetwt's EdDSA and ES256K are available through jetwt's own API). */
const SIGNING_ALGS = [...HMAC_ALGS, ...RSA_ALGS, ...EC_ALGS]
/** The values jsonwebtoken's `algorithm` option takes. */
const ALGORITHM_OPTION_VALUES = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'none']
const ASYMMETRIC = /^(?:RS|PS|ES)/

/** The algorithms `verify` accepts without `algorithms`, from the key's type, as jsonwebtoken 9 derives them. */
function defaultAlgorithms(info) {
  if (info.type === 'secret') return HMAC_ALGS
  if (info.asymmetricKeyType === 'ec') return EC_ALGS
  return RSA_ALGS
}

const startsWith = (alg, prefix) => typeof alg === 'string' && alg.startsWith(prefix)

/**
 * A jetwt error turned into jsonwebtoken's kind of error: a refusal of jetwt's own (one jsonwebtoken does not
 * make), with jetwt's explanation as the message and the jetwt error kept (`cause` for `sign`, whose errors are
 * plain `Error`s, `inner` for `verify`).
 */
function jetwtSignError(error) {
  return new Error(error && error.message ? error.message : String(error), { cause: error })
}
function jetwtVerifyError(error) {
  return withInner(new JsonWebTokenError(error && error.message ? error.message : String(error)), error)
}

/**
 * `error` with the jetwt error behind it as `inner`, not enumerable: the error's own enumerable properties (what
 * `JSON.stringify` and loggers show) stay exactly jsonwebtoken's.
 */
function withInner(error, inner) {
  Object.defineProperty(error, 'inner', { value: inner, writable: true, configurable: true, enumerable: false })
  return error
}

// ---------------------------------------------------------------------------------------------------------
// sign

const SIGN_OPTIONS = {
  expiresIn: [(v) => isInteger(v) || (isString(v) && v.length > 0), '"expiresIn" should be a number of seconds or string representing a timespan'],
  notBefore: [(v) => isInteger(v) || (isString(v) && v.length > 0), '"notBefore" should be a number of seconds or string representing a timespan'],
  audience: [(v) => isString(v) || Array.isArray(v), '"audience" must be a string or array'],
  algorithm: [(v) => ALGORITHM_OPTION_VALUES.includes(v), '"algorithm" must be a valid string enum value'],
  header: [isPlainObject, '"header" must be an object'],
  encoding: [isString, '"encoding" must be a string'],
  issuer: [isString, '"issuer" must be a string'],
  subject: [isString, '"subject" must be a string'],
  jwtid: [isString, '"jwtid" must be a string'],
  noTimestamp: [isBoolean, '"noTimestamp" must be a boolean'],
  keyid: [isString, '"keyid" must be a string'],
  mutatePayload: [isBoolean, '"mutatePayload" must be a boolean'],
  allowInsecureKeySizes: [isBoolean, '"allowInsecureKeySizes" must be a boolean'],
  allowInvalidAsymmetricKeyTypes: [isBoolean, '"allowInvalidAsymmetricKeyTypes" must be a boolean'],
}
const OPTIONS_FOR_OBJECTS = ['expiresIn', 'notBefore', 'noTimestamp', 'audience', 'issuer', 'subject', 'jwtid']
const OPTION_CLAIMS = [['audience', 'aud'], ['issuer', 'iss'], ['subject', 'sub'], ['jwtid', 'jti']]
/** `encoding`s that give the UTF-8 bytes of a JSON text (the last three only when it is ASCII). */
const UTF8_ENCODINGS = new Set(['utf8', 'utf-8'])
const ASCII_ENCODINGS = new Set(['ascii', 'latin1', 'binary'])

/** The first problem with the options, in their key order, as jsonwebtoken reports it; then jetwt's refusals. */
function signOptionsError(options, header) {
  if (!isPlainObject(options)) return new Error('Expected "options" to be a plain object.')
  for (const name of Object.keys(options)) {
    const rule = SIGN_OPTIONS[name]
    if (rule === undefined) return new Error(`"${name}" is not allowed in "options"`)
    if (!rule[0](options[name])) return new Error(rule[1])
  }
  // jetwt's own refusals, where jsonwebtoken would go on (`header.alg` overrides `algorithm`, unchecked there).
  if (header.alg === 'none') {
    return new Error('jetwt does not sign unsecured tokens: the algorithm "none" is refused')
  }
  if (!SIGNING_ALGS.includes(header.alg)) return new Error(SIGN_OPTIONS.algorithm[1])
  return undefined
}

/**
 * jsonwebtoken signs `Buffer.from(json, encoding)`; jetwt signs the UTF-8 bytes of the JSON text. The two agree
 * for `utf8`, and for `ascii`/`latin1`/`binary` when the text is ASCII (`json` undefined: not known yet).
 * Any other encoding would make a payload that is not UTF-8 JSON, which jetwt refuses to sign.
 */
function encodingError(encoding, json) {
  if (encoding === undefined) return undefined
  const name = String(encoding).toLowerCase()
  if (UTF8_ENCODINGS.has(name)) return undefined
  if (ASCII_ENCODINGS.has(name) && (json === undefined || /^[\x00-\x7f]*$/.test(json))) return undefined
  return new Error(`"encoding" ${JSON.stringify(String(encoding))} is not supported: jetwt signs the UTF-8 bytes of the JSON payload`)
}

/** jsonwebtoken's checks of the registered claims in an object payload; jetwt also refuses non-finite values. */
function payloadError(payload) {
  if (!isPlainObject(payload)) return new Error('Expected "payload" to be a plain object.')
  for (const claim of Object.keys(payload)) {
    if (claim !== 'iat' && claim !== 'exp' && claim !== 'nbf') continue
    const value = payload[claim]
    // An `iat` that is NaN (or 0) is replaced by the time of signing, as jsonwebtoken does; only a
    // non-finite value that would be signed (as JSON `null`) is refused.
    if (!isNumber(value) || (!Number.isFinite(Number(value)) && (claim !== 'iat' || Number(value)))) {
      return new Error(`"${claim}" should be a number of seconds`)
    }
  }
  return undefined
}

/** The claims object of a string or Buffer payload, when it is exactly the JSON text of one; else an Error. */
function textPayload(payload) {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : undefined
  let claims
  if (text !== undefined) {
    try {
      claims = JSON.parse(text)
    } catch {
      claims = undefined
    }
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims) || JSON.stringify(claims) !== text) {
    return {
      error: new Error(
        'jetwt signs JSON object claims only: a string or Buffer payload must be the JSON text of an object, exactly as JSON.stringify writes it',
      ),
    }
  }
  return { claims, text }
}

/**
 * `jwt.sign(payload, secretOrPrivateKey, [options, callback])`. Returns the token, or with a callback calls it
 * with `(err, token)`: errors in the arguments synchronously, the token once signed on the libuv thread pool.
 */
function sign(payload, secretOrPrivateKey, options, callback) {
  if (typeof options === 'function') {
    callback = options
    options = {}
  } else {
    options = options || {}
  }
  const done = typeof callback === 'function' ? callback : undefined
  const fail = (error) => {
    if (done) return done(error)
    throw error
  }

  const objectPayload = typeof payload === 'object' && !Buffer.isBuffer(payload)
  const header = Object.assign({ alg: options.algorithm || 'HS256', typ: objectPayload ? 'JWT' : undefined, kid: options.keyid }, options.header)

  if (!secretOrPrivateKey && options.algorithm !== 'none') {
    return fail(new Error('secretOrPrivateKey must have a value'))
  }

  // The key as jetwt gets it (material as given, so that core's key cache serves it; a KeyObject for anything
  // else), and what jsonwebtoken would make of it: known now, or (PEM material) worked out only for an error.
  let key = secretOrPrivateKey
  let info
  if (key != null && !(key instanceof KeyObject)) {
    if (isMaterial(key)) {
      if (!mayBePem(key)) info = SECRET
    } else {
      info = classify(key, 'private')
      if (info === null) return fail(new Error('secretOrPrivateKey is not valid key material'))
      if (info.type !== 'secret') key = info
    }
  } else if (key != null) {
    info = key
  }
  const deferred = key != null && info === undefined

  const keyError = () => {
    const alg = header.alg
    if (startsWith(alg, 'HS') && info.type !== 'secret') {
      return new Error(`secretOrPrivateKey must be a symmetric key when using ${alg}`)
    }
    if (typeof alg === 'string' && ASYMMETRIC.test(alg)) {
      if (info.type !== 'private') return new Error(`secretOrPrivateKey must be an asymmetric key when using ${alg}`)
      const details = info.asymmetricKeyDetails
      if (!options.allowInsecureKeySizes && !alg.startsWith('ES') && details !== undefined && details.modulusLength < 2048) {
        return new Error(`secretOrPrivateKey has a minimum key size of 2048 bits for ${alg}`)
      }
    }
    return undefined
  }
  const keyTypeError = () => (options.allowInvalidAsymmetricKeyTypes ? undefined : asymmetricKeyError(header.alg, info))
  // A later failure is reported only if jsonwebtoken's key checks, which come first, pass.
  const failAfterKeyChecks = (error, afterKeyTypeCheck) => {
    if (deferred) {
      if (info === undefined) info = classify(secretOrPrivateKey, 'private') || SECRET
      error = keyError() || (afterKeyTypeCheck && keyTypeError()) || error
    }
    return fail(error)
  }

  if (deferred && startsWith(header.alg, 'HS')) {
    // PEM-like material for an HMAC algorithm: whether node:crypto reads a key in it decides, as it does for
    // jsonwebtoken (jetwt's own check looks for the PEM at the start only).
    info = classify(secretOrPrivateKey, 'private') || SECRET
  }
  if (key != null && info !== undefined) {
    const error = keyError()
    if (error) return fail(error)
  }

  let claims
  let payloadJson
  if (payload === undefined) {
    return failAfterKeyChecks(new Error('payload is required'))
  } else if (objectPayload) {
    const error = payloadError(payload)
    if (error) return failAfterKeyChecks(error)
    if (!options.mutatePayload) payload = Object.assign({}, payload)
  } else {
    const misplaced = OPTIONS_FOR_OBJECTS.filter((name) => options[name] !== undefined)
    if (misplaced.length > 0) {
      return failAfterKeyChecks(new Error(`invalid ${misplaced.join(',')} option for ${typeof payload} payload`))
    }
    const parsed = textPayload(payload)
    if (parsed.error) return failAfterKeyChecks(parsed.error)
    claims = parsed.claims
    payloadJson = parsed.text
  }

  if (payload.exp !== undefined && options.expiresIn !== undefined) {
    return failAfterKeyChecks(new Error('Bad "options.expiresIn" option the payload already has an "exp" property.'))
  }
  if (payload.nbf !== undefined && options.notBefore !== undefined) {
    return failAfterKeyChecks(new Error('Bad "options.notBefore" option the payload already has an "nbf" property.'))
  }

  const optionsError = signOptionsError(options, header) || encodingError(options.encoding, payloadJson)
  if (optionsError) return failAfterKeyChecks(optionsError)

  if (key != null && info !== undefined) {
    const error = keyTypeError()
    if (error) return fail(error)
  }

  if (objectPayload) {
    const timestamp = payload.iat || Math.floor(Date.now() / 1000)
    if (options.noTimestamp) delete payload.iat
    else payload.iat = timestamp
    if (options.notBefore !== undefined) {
      const nbf = timespan(options.notBefore, timestamp)
      if (nbf === undefined) return failAfterKeyChecks(new Error(`"notBefore" ${SPAN_HINT}`), true)
      payload.nbf = nbf
    }
    if (options.expiresIn !== undefined) {
      const exp = timespan(options.expiresIn, timestamp)
      if (exp === undefined) return failAfterKeyChecks(new Error(`"expiresIn" ${SPAN_HINT}`), true)
      payload.exp = exp
    }
    for (const [name, claim] of OPTION_CLAIMS) {
      if (options[name] === undefined) continue
      if (payload[claim] !== undefined) {
        return failAfterKeyChecks(new Error(`Bad "options.${name}" option. The payload already has an "${claim}" property.`), true)
      }
      payload[claim] = options[name]
    }
    claims = payload
    // The text jsonwebtoken would sign, checked against the encoding; `encode` below writes the same text.
    if (options.encoding !== undefined) {
      let json
      try {
        json = JSON.stringify(claims)
      } catch {
        json = undefined
      }
      const error = json === undefined ? undefined : encodingError(options.encoding, json)
      if (error) return failAfterKeyChecks(error, true)
    }
  }

  // The header jetwt writes: `alg` from the algorithm, then `typ` (dropped when undefined, as JSON.stringify
  // drops it), `kid` and the other members in order, as jsonwebtoken's merged header serialises.
  const { alg, ...members } = header
  if (members.typ === undefined) members.typ = null

  if (done) {
    let signer
    try {
      signer = new jetwt.Signer(key, { algorithm: alg, header: members, issuedAt: false })
    } catch (error) {
      return failAfterKeyChecks(jetwtSignError(error), true)
    }
    signer.signAsync(claims).then(
      (token) => process.nextTick(done, null, token),
      (error) => process.nextTick(done, jetwtSignError(error)),
    )
    return undefined
  }
  try {
    return jetwt.encode(claims, key, { algorithm: alg, header: members })
  } catch (error) {
    return failAfterKeyChecks(jetwtSignError(error), true)
  }
}

// ---------------------------------------------------------------------------------------------------------
// verify

/** Errors of jetwt's claim checks, which `verify` re-examines in jsonwebtoken's order. */
const CLAIM_ERRORS = [
  jetwt.ExpiredSignatureError,
  jetwt.ImmatureSignatureError,
  jetwt.InvalidAudienceError,
  jetwt.InvalidIssuerError,
  jetwt.InvalidSubjectError,
  jetwt.MissingRequiredClaimError,
  jetwt.InvalidClaimError,
]

const stringArray = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * The claims checks of jsonwebtoken 9, in its order, with jetwt's strictness: a RegExp audience is tested only
 * against `aud` strings, an `iat` later than the clock (plus tolerance) is refused, and `maxAge` counts from the
 * token's `iat` even when it is 0. Returns the first failure, or `undefined`.
 */
function claimsError(payload, options, clock, tolerance) {
  if (payload.nbf !== undefined && !options.ignoreNotBefore) {
    if (typeof payload.nbf !== 'number') return new JsonWebTokenError('invalid nbf value')
    if (payload.nbf > clock + tolerance) return new NotBeforeError('jwt not active', new Date(payload.nbf * 1000))
  }
  if (typeof payload.iat === 'number' && payload.iat > clock + tolerance) {
    return new NotBeforeError('jwt issued in the future', new Date(payload.iat * 1000))
  }
  if (payload.exp !== undefined && !options.ignoreExpiration) {
    if (typeof payload.exp !== 'number') return new JsonWebTokenError('invalid exp value')
    if (clock >= payload.exp + tolerance) return new TokenExpiredError('jwt expired', new Date(payload.exp * 1000))
  }
  if (options.audience) {
    const audiences = Array.isArray(options.audience) ? options.audience : [options.audience]
    const targets = Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud]
    const match = targets.some((target) =>
      audiences.some((audience) =>
        audience instanceof RegExp ? typeof target === 'string' && audience.test(target) : audience === target,
      ),
    )
    if (!match) return new JsonWebTokenError(`jwt audience invalid. expected: ${audiences.join(' or ')}`)
  }
  if (options.issuer) {
    const accepted = typeof options.issuer === 'string'
      ? payload.iss === options.issuer
      : Array.isArray(options.issuer) && options.issuer.includes(payload.iss)
    if (!accepted) return new JsonWebTokenError(`jwt issuer invalid. expected: ${options.issuer}`)
  }
  if (options.subject && payload.sub !== options.subject) {
    return new JsonWebTokenError(`jwt subject invalid. expected: ${options.subject}`)
  }
  if (options.jwtid && payload.jti !== options.jwtid) {
    return new JsonWebTokenError(`jwt jwtid invalid. expected: ${options.jwtid}`)
  }
  if (options.nonce && payload.nonce !== options.nonce) {
    return new JsonWebTokenError(`jwt nonce invalid. expected: ${options.nonce}`)
  }
  if (options.maxAge) {
    if (typeof payload.iat !== 'number') return new JsonWebTokenError('iat required when maxAge is specified')
    const limit = timespan(options.maxAge, payload.iat)
    if (limit === undefined) return new JsonWebTokenError(`"maxAge" ${SPAN_HINT}`)
    if (clock >= limit + tolerance) return new TokenExpiredError('maxAge exceeded', new Date(limit * 1000))
  }
  return undefined
}

/**
 * The `audience` jetwt's core is given. Configured strings are enforced by core as well. With no `audience`
 * (jsonwebtoken then ignores `aud`) or with RegExps (which core does not take), core is given the token's own
 * audiences, so that it still checks that `aud` is a string or an array of strings, and the audience decision
 * is the one `claimsError` makes.
 */
function coreAudience(options, aud) {
  if (options.audience && (typeof options.audience === 'string' || stringArray(options.audience))) {
    return options.audience
  }
  if (typeof aud === 'string') return [aud]
  if (stringArray(aud) && aud.length > 0) return aud
  return undefined
}

/**
 * `jwt.verify(token, secretOrPublicKey, [options, callback])`. Returns the payload (or `{ header, payload,
 * signature }` with `complete`) or throws; with a callback, calls it synchronously (or, with a key function,
 * when that function answers) with `(err, payload)` and returns what the callback returns.
 */
function verify(token, secretOrPublicKey, options, callback) {
  if (typeof options === 'function' && !callback) {
    callback = options
    options = {}
  }
  if (!options) options = {}
  options = Object.assign({}, options)
  const done = typeof callback === 'function'
    ? callback
    : (error, data) => {
        if (error) throw error
        return data
      }

  if (options.clockTimestamp && typeof options.clockTimestamp !== 'number') {
    return done(new JsonWebTokenError('clockTimestamp must be a number'))
  }
  if (options.clockTimestamp && !Number.isFinite(options.clockTimestamp)) {
    return done(new JsonWebTokenError('clockTimestamp must be a finite number'))
  }
  if (options.nonce !== undefined && (typeof options.nonce !== 'string' || options.nonce.trim() === '')) {
    return done(new JsonWebTokenError('nonce must be a non-empty string'))
  }
  if (options.allowInvalidAsymmetricKeyTypes !== undefined && typeof options.allowInvalidAsymmetricKeyTypes !== 'boolean') {
    return done(new JsonWebTokenError('allowInvalidAsymmetricKeyTypes must be a boolean'))
  }
  if (options.clockTolerance !== undefined && !(typeof options.clockTolerance === 'number' && Number.isFinite(options.clockTolerance))) {
    return done(new JsonWebTokenError('clockTolerance must be a number'))
  }
  if (options.algorithms && !stringArray(options.algorithms)) {
    return done(new JsonWebTokenError('algorithms must be an array of strings'))
  }
  if (options.issuer && typeof options.issuer !== 'string' && !stringArray(options.issuer)) {
    return done(new JsonWebTokenError('issuer must be a string or an array of strings'))
  }

  const clock = options.clockTimestamp || Math.floor(Date.now() / 1000)
  const tolerance = options.clockTolerance || 0

  if (!token) return done(new JsonWebTokenError('jwt must be provided'))
  if (typeof token !== 'string') return done(new JsonWebTokenError('jwt must be a string'))
  const parts = token.split('.')
  if (parts.length !== 3) return done(new JsonWebTokenError('jwt malformed'))

  let decoded
  try {
    decoded = jetwt.decode(token)
  } catch (error) {
    return done(withInner(new JsonWebTokenError('invalid token'), error))
  }
  const alg = decoded.header.alg

  let getKey
  if (typeof secretOrPublicKey === 'function') {
    if (typeof callback !== 'function') {
      return done(new JsonWebTokenError('verify must be called asynchronous if secret or public key is provided as a callback'))
    }
    getKey = secretOrPublicKey
  } else {
    getKey = (header, answer) => answer(null, secretOrPublicKey)
  }

  return getKey(decoded.header, (keyError, suppliedKey) => {
    if (keyError) {
      return done(new JsonWebTokenError(`error in secret or public key callback: ${keyError.message}`))
    }
    return finish(suppliedKey)
  })

  function finish(suppliedKey) {
    const signed = parts[2].trim() !== ''
    if (!signed && suppliedKey) return done(new JsonWebTokenError('jwt signature is required'))
    if (signed && !suppliedKey) return done(new JsonWebTokenError('secret or public key must be provided'))
    if (!signed && !options.algorithms) {
      return done(new JsonWebTokenError('please specify "none" in "algorithms" to verify unsigned tokens'))
    }
    if (!signed) {
      // jsonwebtoken accepts an unsigned token when "none" is allowed; jetwt never does.
      if (!options.algorithms.includes(alg)) return done(new JsonWebTokenError('invalid algorithm'))
      return done(new JsonWebTokenError('jwt signature is required'))
    }

    let key = suppliedKey
    let info
    if (key instanceof KeyObject) {
      info = key
    } else if (isMaterial(key)) {
      if (!mayBePem(key)) info = SECRET
    } else {
      info = classify(key, 'public')
      if (info === null) return done(new JsonWebTokenError('secretOrPublicKey is not valid key material'))
      if (info.type !== 'secret') key = info
    }

    /** jsonwebtoken's algorithm and key checks, once the key's type is known; `undefined` if they pass. */
    const keyChecks = () => {
      const algorithms = options.algorithms || defaultAlgorithms(info)
      if (!algorithms.includes(alg)) return new JsonWebTokenError('invalid algorithm')
      if (startsWith(alg, 'HS') && info.type !== 'secret') {
        return new JsonWebTokenError(`secretOrPublicKey must be a symmetric key when using ${alg}`)
      }
      if (typeof alg === 'string' && ASYMMETRIC.test(alg) && info.type !== 'public') {
        return new JsonWebTokenError(`secretOrPublicKey must be an asymmetric key when using ${alg}`)
      }
      if (!options.allowInvalidAsymmetricKeyTypes) return asymmetricKeyError(alg, info)
      return undefined
    }
    const classified = () => {
      if (info === undefined) info = classify(suppliedKey, 'public') || SECRET
      return info
    }

    if (options.algorithms && !options.algorithms.includes(alg)) return done(new JsonWebTokenError('invalid algorithm'))
    // PEM-like material for an HMAC algorithm: node:crypto decides whether it holds a key (then it is refused
    // as a secret), as it does for jsonwebtoken; jetwt's own check looks for the PEM at the start only.
    if (info === undefined && startsWith(alg, 'HS')) classified()
    if (info !== undefined) {
      const error = keyChecks()
      if (error) return done(error)
    }
    if (!SIGNING_ALGS.includes(alg)) {
      // Listed in `algorithms` (or defaulted), but not an algorithm jsonwebtoken implements.
      classified()
      return done(keyChecks() || (alg === 'none' ? new JsonWebTokenError('invalid signature') : new JsonWebTokenError('invalid algorithm')))
    }

    let verified
    let claimsFailure
    try {
      verified = jetwt.verify(token, key, {
        algorithms: [alg],
        now: clock,
        leeway: Math.max(0, tolerance),
        audience: coreAudience(options, decoded.claims.aud),
        issuer: options.issuer || undefined,
        subject: typeof options.subject === 'string' && options.subject ? options.subject : undefined,
        complete: true,
      })
    } catch (error) {
      if (error instanceof jetwt.InvalidKeyError || error instanceof jetwt.InvalidAlgorithmError) {
        classified()
        return done(keyChecks() || jetwtVerifyError(error))
      }
      if (error instanceof jetwt.InvalidSignatureError) return done(new JsonWebTokenError('invalid signature'))
      if (error instanceof jetwt.DecodeError) return done(withInner(new JsonWebTokenError('invalid token'), error))
      if (!CLAIM_ERRORS.some((type) => error instanceof type)) return done(jetwtVerifyError(error))
      // The signature verified (core checks claims only after it); report what jsonwebtoken would report.
      claimsFailure = error
      verified = { header: decoded.header, claims: decoded.claims }
    }

    const payload = verified.claims
    const error = claimsError(payload, options, clock, tolerance)
    if (error) return done(error)
    if (claimsFailure !== undefined) {
      // Only an `exp` or `nbf` the caller said to ignore may overturn core's verdict; anything else that
      // jsonwebtoken's checks do not explain is refused.
      const ignored =
        (claimsFailure instanceof jetwt.ExpiredSignatureError && options.ignoreExpiration) ||
        (claimsFailure instanceof jetwt.ImmatureSignatureError && options.ignoreNotBefore)
      if (!ignored) {
        if (claimsFailure instanceof jetwt.InvalidClaimError && claimsFailure.claim) {
          return done(withInner(new JsonWebTokenError(`invalid ${claimsFailure.claim} value`), claimsFailure))
        }
        return done(jetwtVerifyError(claimsFailure))
      }
    }
    if (options.complete === true) {
      return done(null, { header: verified.header, payload, signature: parts[2] })
    }
    return done(null, payload)
  }
}

// ---------------------------------------------------------------------------------------------------------
// decode

/**
 * `jwt.decode(token, [options])`: the payload (or `{ header, payload, signature }` with `complete`) without
 * verifying anything, or `null` when jetwt cannot read the token.
 */
function decode(token, options) {
  options = options || {}
  if (typeof token !== 'string' && !Buffer.isBuffer(token)) return null
  let decoded
  try {
    decoded = jetwt.decode(token)
  } catch {
    return null
  }
  if (options.complete === true) {
    const text = typeof token === 'string' ? token : token.toString()
    return { header: decoded.header, payload: decoded.claims, signature: text.split('.')[2] }
  }
  return decoded.claims
}

module.exports = {
  decode,
  verify,
  sign,
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
}
