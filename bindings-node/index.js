'use strict'
// jetwt for Node.js: the thin JS layer over the native addon (bindings-node/src).
//
// This layer only converts. Claims and headers cross the boundary as JSON text (`JSON.stringify` here,
// `JSON.parse` of the verified payload on the way back); options are type-checked and passed positionally;
// `Date`s become NumericDate seconds; the clock is read here (`Date.now()`) so fake timers work. Every rule
// and default lives in the Rust core. A core error arrives as a `{ code, message, claim }` value and leaves as
// the `JwtError` subclass of its code, thrown (sync) or as a rejection (async).

const { inspect } = require('node:util')
const { KeyObject } = require('node:crypto')
const GUARDED_NATIVELY = new Set(['signerSign', 'verifierVerify', 'panicProbeGuarded'])
const native = shieldAll(require('./native.js'))

/**
 * The addon catches every Rust panic (a bug: core never panics on any input) so that it cannot abort the
 * process; napi-rs reports it as a plain Error with the code `GenericFailure`, sync or as a rejection. Here it
 * becomes a `malformed` JwtError, so bad input always meets one error type. Applied to every native function
 * and to the methods of every native class, except the hot calls that return a panic as a `malformed`
 * `Failure` themselves (`GUARDED_NATIVELY`): there this wrapper would cost about 0.1 µs a call.
 */
function shieldAll(addon) {
  const shielded = {}
  for (const [name, value] of Object.entries(addon)) {
    if (GUARDED_NATIVELY.has(name)) {
      shielded[name] = value
      continue
    }
    const methods = typeof value === 'function' && value.prototype
      ? Object.getOwnPropertyNames(value.prototype).filter((m) => m !== 'constructor')
      : []
    if (methods.length > 0) {
      for (const method of methods) {
        const descriptor = Object.getOwnPropertyDescriptor(value.prototype, method)
        if (typeof descriptor.value === 'function') {
          Object.defineProperty(value.prototype, method, { ...descriptor, value: shield(descriptor.value) })
        }
      }
      shielded[name] = value
    } else {
      shielded[name] = typeof value === 'function' ? shield(value) : value
    }
  }
  return shielded
}

function shield(fn) {
  return function shieldedNative(...args) {
    let result
    try {
      result = fn.apply(this, args)
    } catch (err) {
      throw fromPanic(err)
    }
    return result instanceof Promise ? result.catch((err) => { throw fromPanic(err) }) : result
  }
}

function fromPanic(err) {
  if (!(err instanceof Error) || err.code !== 'GenericFailure') return err
  const error = toError({ code: 'malformed', message: `jetwt hit an internal error on this input; please report it (${err.message}).` })
  error.cause = err
  return error
}

// ---------------------------------------------------------------------------------------------------------
// Errors

class JwtError extends Error {
  /**
   * @param {string} message
   * @param {{ code?: string, claim?: string, cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined)
    this.code = new.target.code !== undefined ? new.target.code : options && options.code
    if (options && options.claim !== undefined) this.claim = options.claim
  }
}

const CLASS_NAMES = {
  malformed: 'DecodeError',
  invalid_algorithm: 'InvalidAlgorithmError',
  invalid_key: 'InvalidKeyError',
  invalid_signature: 'InvalidSignatureError',
  expired: 'ExpiredSignatureError',
  not_yet_valid: 'ImmatureSignatureError',
  invalid_audience: 'InvalidAudienceError',
  invalid_issuer: 'InvalidIssuerError',
  invalid_subject: 'InvalidSubjectError',
  invalid_type: 'InvalidTypeError',
  missing_claim: 'MissingRequiredClaimError',
  invalid_claim: 'InvalidClaimError',
  key_not_found: 'KeyNotFoundError',
}

/** @type {Record<string, typeof JwtError>} */
const errors = { JwtError }
/** @type {Map<string, typeof JwtError>} */
const classByCode = new Map()
for (const [code, name] of Object.entries(CLASS_NAMES)) {
  // A named class per code, so stack traces and `err.name` say what happened.
  const cls = { [name]: class extends JwtError {} }[name]
  Object.defineProperty(cls, 'code', { value: code, enumerable: true })
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true })
  errors[name] = cls
  classByCode.set(code, cls)
}
Object.defineProperty(JwtError.prototype, 'name', { value: 'JwtError', writable: true, configurable: true })

/** The `JwtError` for a core failure `{ code, message, claim }`. */
function toError(failure) {
  const cls = classByCode.get(failure.code)
  const options = failure.claim != null ? { claim: failure.claim } : undefined
  if (cls !== undefined) return new cls(failure.message, options)
  return new JwtError(failure.message, { code: failure.code, claim: failure.claim })
}

/** The string a native call returned, or the `JwtError` it failed with, thrown. */
function text(result) {
  if (typeof result === 'string') return result
  const error = toError(result)
  Error.captureStackTrace(error, text)
  throw error
}

/** The native object a call returned (an instance of `type`), or the `JwtError` it failed with, thrown. */
function made(result, type) {
  if (result instanceof type) return result
  const error = toError(result)
  Error.captureStackTrace(error, made)
  throw error
}

/** The opaque native handle (signer or verifier) a call returned, or the `JwtError` it failed with, thrown. */
function opened(result) {
  if (!failed(result)) return result
  const error = toError(result)
  Error.captureStackTrace(error, opened)
  throw error
}

/** Whether a native call's result is a `Failure` (`{ code, message }`) rather than a handle. */
const failed = (result) => typeof result === 'object' && result !== null && typeof result.code === 'string'

// ---------------------------------------------------------------------------------------------------------
// Conversions

const NUMERIC_DATES = new Set(['exp', 'nbf', 'iat'])

function isBytes(value) {
  return value instanceof Uint8Array
}

/** A key's bytes as the addon takes them: a string, or a Uint8Array (Buffer included). */
function material(value) {
  if (typeof value === 'string' || value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  return undefined
}

function describe(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${value.constructor ? value.constructor.name : 'no prototype'})`
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}

/** NumericDate seconds for a `Date`, refusing an invalid one as core refuses a non-finite `exp`. */
function dateSeconds(date, claim) {
  const ms = date.getTime()
  if (!Number.isFinite(ms)) {
    throw new errors.InvalidClaimError(`The "${claim}" claim is an invalid Date.`, { claim })
  }
  return Math.floor(ms / 1000)
}

/**
 * The claims as JSON text, exactly as `JSON.stringify` writes them (key order, `toJSON`, dropped
 * `undefined`), except that `Date` values of `exp`, `nbf` and `iat` become NumericDate integers.
 */
function claimsJson(claims) {
  let json
  try {
    if (
      claims !== null &&
      typeof claims === 'object' &&
      (typeof claims.toJSON === 'function' ||
        claims.exp instanceof Date ||
        claims.nbf instanceof Date ||
        claims.iat instanceof Date)
    ) {
      let top
      json = JSON.stringify(claims, function (name, value) {
        if (name === '' && top === undefined) {
          top = value
          return value
        }
        if (this === top && NUMERIC_DATES.has(name) && this[name] instanceof Date) {
          return dateSeconds(this[name], name)
        }
        return value
      })
    } else {
      json = JSON.stringify(claims)
    }
  } catch (error) {
    if (error instanceof JwtError) throw error
    throw new errors.DecodeError(`The claims could not be serialised: ${error.message}`, { cause: error })
  }
  if (typeof json !== 'string') {
    throw new errors.DecodeError(`The claims must be a JSON object, not ${describe(claims)}.`)
  }
  return json
}

/** A header object as JSON text (the extra members core adds after `alg`, `typ` and `kid`). */
function headerJson(header) {
  if (header === undefined || header === null) return undefined
  if (typeof header !== 'object' || Array.isArray(header)) {
    throw new TypeError(`options.header must be an object, not ${describe(header)}.`)
  }
  try {
    return JSON.stringify(header)
  } catch (error) {
    throw new errors.DecodeError(`The header could not be serialised: ${error.message}`, { cause: error })
  }
}

/** Core's default size and depth limits, and its depth ceiling (parsing takes a stack frame per level). */
const [DEFAULT_MAX_TOKEN_BYTES, , MAX_DEPTH] = native.limitDefaults()

/** The token as a string; bytes are read as strict UTF-8. Anything else is a malformed token. A token plainly
 * over the size limit is refused here, before it is copied (the addon checks the exact UTF-8 length). */
function tokenText(token, maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES) {
  if (typeof token === 'string') {
    // Each UTF-16 unit takes at least one byte in UTF-8, so the string has at least `length` bytes.
    if (token.length > maxTokenBytes) {
      throw new errors.DecodeError(`The token is ${Buffer.byteLength(token)} bytes, over the limit of ${maxTokenBytes}.`)
    }
    return token
  }
  if (isBytes(token)) {
    if (token.byteLength > maxTokenBytes) {
      throw new errors.DecodeError(`The token is ${token.byteLength} bytes, over the limit of ${maxTokenBytes}.`)
    }
    try {
      return utf8.decode(token)
    } catch {
      throw new errors.DecodeError('The token is not valid UTF-8.')
    }
  }
  throw new errors.DecodeError(`A token is a string, not ${describe(token)}.`)
}
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Seconds since the epoch: `now` as given (number or Date), or the clock read now. */
function seconds(now) {
  if (now === undefined || now === null) return Date.now() / 1000
  if (typeof now === 'number' && Number.isFinite(now)) return now
  if (now instanceof Date && Number.isFinite(now.getTime())) return now.getTime() / 1000
  throw new TypeError(`options.now must be a number of seconds or a valid Date, not ${describe(now)}.`)
}

function optionalString(value, name) {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  throw new TypeError(`options.${name} must be a string, not ${describe(value)}.`)
}

function stringList(value, name, required) {
  if (value === undefined || value === null) {
    if (required) throw new TypeError(`options.${name} is required: an array of strings.`)
    return undefined
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') {
        throw new TypeError(`options.${name} must contain only strings; item ${i} is ${describe(value[i])}.`)
      }
    }
    return value
  }
  throw new TypeError(`options.${name} must be an array of strings, not ${describe(value)}.`)
}

/**
 * The allow-list. Missing is a programmer error (TypeError); present but not a list of names is refused as an
 * algorithm error, as the Python binding does, so that no caller mistakes it for a key or token problem.
 */
function algorithmList(value) {
  if (value === undefined || value === null) {
    throw new TypeError('options.algorithms is required: the algorithms to accept, e.g. ["ES256"].')
  }
  if (!Array.isArray(value)) {
    throw new errors.InvalidAlgorithmError(`options.algorithms must be a list of algorithm names, not ${describe(value)}.`)
  }
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') {
      throw new errors.InvalidAlgorithmError(`options.algorithms must contain only names; item ${i} is ${describe(value[i])}.`)
    }
  }
  return value
}

function stringOrList(value, name) {
  if (typeof value === 'string') return [value]
  return stringList(value, name, false)
}

function duration(value, name) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') throw new TypeError(`options.${name} must be a number of seconds, not ${describe(value)}.`)
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`options.${name} must be a finite number of seconds, at least 0.`)
  return value
}


/** A whole-number limit from 1 to `most`, or undefined for the core's default. */
function limit(value, name, most) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') throw new TypeError(`options.${name} must be a number, not ${describe(value)}.`)
  if (!Number.isInteger(value) || value < 1 || value > most) {
    throw new RangeError(`options.${name} must be a whole number from 1 to ${most}, not ${value}.`)
  }
  return value
}

/** The `maxTokenBytes` and `maxDepth` options, checked. */
function limits(options) {
  return [limit(options.maxTokenBytes, 'maxTokenBytes', 0xffffffff), limit(options.maxDepth, 'maxDepth', MAX_DEPTH)]
}

function optionalBoolean(value, name) {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  throw new TypeError(`options.${name} must be a boolean, not ${describe(value)}.`)
}

function checkNames(options, allowed, what) {
  for (const name in options) {
    if (!allowed.has(name)) {
      throw new TypeError(`${what} has no option "${name}"; known options: ${[...allowed].join(', ')}.`)
    }
  }
}

function requireObject(options, what) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${what} options are required, an object; got ${describe(options)}.`)
  }
}

const VERIFY_OPTIONS = new Set([
  'algorithms', 'audience', 'issuer', 'subject', 'leeway', 'required', 'maxAge', 'typ', 'now', 'complete',
  'maxTokenBytes', 'maxDepth',
])

/** A copy of an array (so that later changes to the caller's array cannot reach a snapshot); else the value. */
const snapshot = (value) => (Array.isArray(value) ? value.slice() : value)

/** Whether `live` still equals a `snapshot` of it: the same primitive, or an array with the same items. */
function unchanged(live, snap) {
  if (!Array.isArray(snap)) return live === snap
  if (!Array.isArray(live) || live.length !== snap.length) return false
  for (let i = 0; i < snap.length; i++) if (live[i] !== snap[i]) return false
  return true
}

/** Checked verify options: what the addon reads for a plan or a verifier (as one object) and for a one-shot verify (positionally). */
class VerifyOptions {
  constructor(options) {
    requireObject(options, 'verify')
    checkNames(options, VERIFY_OPTIONS, 'verify')
    this.algorithms = algorithmList(options.algorithms).slice()
    this.audience = stringOrList(options.audience, 'audience')
    this.issuer = stringOrList(options.issuer, 'issuer')
    this.subject = optionalString(options.subject, 'subject')
    this.leeway = duration(options.leeway, 'leeway')
    this.required = snapshot(stringList(options.required, 'required', false))
    this.maxAge = duration(options.maxAge, 'maxAge')
    this.typ = optionalString(options.typ, 'typ')
    const [maxTokenBytes, maxDepth] = limits(options)
    this.maxTokenBytes = maxTokenBytes
    this.maxDepth = maxDepth
    this.now = options.now === undefined || options.now === null ? undefined : seconds(options.now)
    this.complete = optionalBoolean(options.complete, 'complete') === true
    // What the options object held, to recognise it unchanged on a later call (see `planFor`).
    this.source = options
    this.raw = [options.algorithms, options.audience, options.issuer, options.subject, options.leeway,
      options.required, options.maxAge, options.typ, options.maxTokenBytes, options.maxDepth].map(snapshot)
    /** The native plan, made when the same options object comes back unchanged. */
    this.plan = null
    /** Verifiers for the keys held by objects (`Key`, `KeyObject`, key sets) used with the plan, one per key. */
    this.verifiers = new WeakMap()
  }

  /** Whether `options` is the object these were made from, with the same values and no new names. */
  describes(options) {
    if (options !== this.source) return false
    const raw = this.raw
    if (!(unchanged(options.algorithms, raw[0]) && unchanged(options.audience, raw[1]) && unchanged(options.issuer, raw[2]) &&
      options.subject === raw[3] && options.leeway === raw[4] && unchanged(options.required, raw[5]) &&
      options.maxAge === raw[6] && options.typ === raw[7] && options.maxTokenBytes === raw[8] &&
      options.maxDepth === raw[9])) return false
    for (const name in options) if (!VERIFY_OPTIONS.has(name)) return false
    return true
  }
}

/**
 * Checked options for a one-shot `verify`. Callers usually pass the same options object on every call, so the
 * last few are remembered; when one comes back unchanged (compared value by value, so a mutated object is
 * checked afresh), its validation is built once natively and reused. `now` and `complete` are read per call.
 */
const recentOptions = new Array(8).fill(null)
let recentNext = 0
function planFor(options) {
  for (let i = 0; i < recentOptions.length; i++) {
    const o = recentOptions[i]
    if (o !== null && o.describes(options)) {
      if (o.plan === null) {
        // Options core refuses (an unknown algorithm, say) get no plan: each call then fails as the first did.
        const plan = native.plan(o)
        if (plan instanceof native.NativePlan) o.plan = plan
      }
      return o
    }
  }
  const o = new VerifyOptions(options)
  recentOptions[recentNext] = o
  recentNext = (recentNext + 1) % recentOptions.length
  return o
}

const ENCODE_OPTIONS = new Set(['algorithm', 'header'])

function algorithmOption(value, fallback) {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback
    throw new TypeError('options.algorithm is required, e.g. "ES256".')
  }
  if (typeof value !== 'string') throw new TypeError(`options.algorithm must be a string, not ${describe(value)}.`)
  return value
}

// ---------------------------------------------------------------------------------------------------------
// Keys

const INTERNAL = Symbol('jetwt.internal')
const KEYGEN_OPTIONS = new Set(['bits'])
/** @type {(key: unknown) => boolean} */
let isKey
/** @type {(key: Key) => any} */
let handleOfKey
/** @type {(set: unknown) => boolean} */
let isKeySet
/** @type {(set: KeySet) => any} */
let handleOfSet
/** @type {(set: unknown) => boolean} */
let isRemoteKeySet
/** @type {(set: RemoteKeySet) => any} */
let handleOfRemote

/** Prepared keys for `KeyObject`s (immutable, so the conversion is done once per object). */
const keyObjects = new WeakMap()

class Key {
  #native

  /** @private Use `Key.fromSecret`, `fromPem`, `fromDer`, `fromJwk` or `generate`. */
  constructor(handle, internal) {
    if (internal !== INTERNAL) {
      throw new TypeError('Keys are made with Key.fromSecret, Key.fromPem, Key.fromDer, Key.fromJwk or Key.generate.')
    }
    this.#native = handle
  }

  static {
    isKey = (key) => typeof key === 'object' && key !== null && #native in key
    handleOfKey = (key) => key.#native
  }

  /** An HMAC secret (string or bytes). PEM, DER, JWK or SSH material is refused. */
  static fromSecret(secret) {
    return wrapKey(native.keyFromSecret(keyMaterial(secret, 'An HMAC secret')))
  }

  /** A key from PEM text: PKCS#8, PKCS#1, SEC1, SPKI or an X.509 certificate. */
  static fromPem(pem) {
    return wrapKey(native.keyFromPem(keyMaterial(pem, 'A PEM key')))
  }

  /** A key from DER bytes. */
  static fromDer(der) {
    const bytes = material(der)
    if (bytes === undefined || typeof bytes === 'string') {
      throw new errors.InvalidKeyError(`A DER key is a Buffer or Uint8Array, not ${describe(der)}.`)
    }
    return wrapKey(native.keyFromDer(bytes))
  }

  /** A key from a JWK, as an object or JSON text. */
  static fromJwk(jwk) {
    return wrapKey(native.keyFromJwk(jwkText(jwk, 'A JWK')))
  }

  /** A new random key for `algorithm`. */
  static generate(algorithm, options = {}) {
    if (typeof algorithm !== 'string') {
      throw new errors.InvalidAlgorithmError(`An algorithm name is a string, not ${describe(algorithm)}.`)
    }
    requireObject(options, 'Key.generate')
    checkNames(options, KEYGEN_OPTIONS, 'Key.generate')
    const { bits } = options
    if (bits !== undefined && !(Number.isInteger(bits) && bits > 0 && bits < 2 ** 31)) {
      throw new TypeError(`bits must be a positive integer such as 3072, not ${describe(bits)}.`)
    }
    return wrapKey(native.keyGenerate(algorithm, bits))
  }

  /** The one algorithm the key is bound to, or `null` (HMAC and RSA keys without a JWK `alg`). */
  get algorithm() {
    return this.#native.algorithm
  }

  /** The key id, or `null`. */
  get kid() {
    return this.#native.kid
  }

  /** Whether the key can sign (a private key or a secret). */
  get isPrivate() {
    return this.#native.isPrivate
  }

  /** The key as a JWK object; with `private`, a private key or secret includes its private members. */
  toJwk(includePrivate = false) {
    if (typeof includePrivate !== 'boolean') {
      throw new TypeError(`toJwk's argument must be a boolean, not ${describe(includePrivate)}.`)
    }
    return JSON.parse(text(this.#native.toJwk(includePrivate)))
  }

  /** The key as PEM: PKCS#8 for a private key, SPKI for a public one. */
  toPem() {
    return text(this.#native.toPem())
  }

  /** The same key with `kid` set; without an argument, to its RFC 7638 thumbprint. */
  withKid(kid) {
    if (kid !== undefined && typeof kid !== 'string') throw new TypeError(`kid must be a string, not ${describe(kid)}.`)
    return wrapKey(this.#native.withKid(kid))
  }

  /** The RFC 7638 SHA-256 thumbprint, base64url. */
  thumbprint() {
    return text(this.#native.thumbprint())
  }

  /** The public half of an asymmetric key (the key itself when public). */
  publicKey() {
    const handle = this.#native.publicKey()
    if (handle === null) throw new errors.InvalidKeyError('An HMAC secret has no public key.')
    return new Key(handle, INTERNAL)
  }

  /** Never the secret: what kind of key this is, its algorithm and kid. */
  [inspect.custom](depth, options) {
    const parts = [this.#native.describe()]
    if (this.algorithm !== null) parts.push(this.algorithm)
    if (this.kid !== null) parts.push(`kid ${inspect(this.kid, options)}`)
    return `Key <${parts.join(', ')}>`
  }

  get [Symbol.toStringTag]() {
    return 'Key'
  }
}

function wrapKey(result) {
  return new Key(made(result, native.NativeKey), INTERNAL)
}

function keyMaterial(value, what) {
  const bytes = material(value)
  if (bytes === undefined) throw new errors.InvalidKeyError(`${what} is a string or bytes, not ${describe(value)}.`)
  return bytes
}

function jwkText(jwk, what) {
  if (typeof jwk === 'string') return jwk
  if (jwk !== null && typeof jwk === 'object' && !Array.isArray(jwk)) {
    try {
      return JSON.stringify(jwk)
    } catch (error) {
      throw new errors.InvalidKeyError(`${what} could not be serialised: ${error.message}`, { cause: error })
    }
  }
  throw new errors.InvalidKeyError(`${what} is an object or JSON text, not ${describe(jwk)}.`)
}

/** The native key for a `KeyObject`, exported once (DER or the secret bytes) and remembered. */
function keyObjectHandle(keyObject) {
  let handle = keyObjects.get(keyObject)
  if (handle !== undefined) return handle
  let result
  if (keyObject.type === 'secret') {
    result = native.keyFromSecret(keyObject.export())
  } else {
    let der
    try {
      der = keyObject.type === 'private'
        ? keyObject.export({ format: 'der', type: 'pkcs8' })
        : keyObject.export({ format: 'der', type: 'spki' })
    } catch (error) {
      throw new errors.InvalidKeyError(`The KeyObject could not be exported: ${error.message}`, { cause: error })
    }
    result = native.keyFromDer(der)
  }
  handle = made(result, native.NativeKey)
  keyObjects.set(keyObject, handle)
  return handle
}

/** The native key for a `Key` or `KeyObject`; `undefined` for material (string/bytes) or anything else. */
function preparedHandle(key) {
  if (isKey(key)) return handleOfKey(key)
  if (key instanceof KeyObject) return keyObjectHandle(key)
  return undefined
}

function badKey(key) {
  return new errors.InvalidKeyError(
    `A key is a Key, a KeyObject, a string or bytes (a PEM, DER or HMAC secret), not ${describe(key)}.`,
  )
}

/** A native key to sign with `algorithm`: material is parsed through core's cache, a secret only for HS*. */
function signingHandle(key, algorithm) {
  const handle = preparedHandle(key)
  if (handle !== undefined) return handle
  const bytes = material(key)
  if (bytes === undefined) throw badKey(key)
  return made(native.keyForAlgorithm(bytes, algorithm), native.NativeKey)
}

class KeySet {
  #native

  /** @private Use `KeySet.fromJwks`. */
  constructor(handle, internal) {
    if (internal !== INTERNAL) throw new TypeError('Key sets are made with KeySet.fromJwks.')
    this.#native = handle
  }

  static {
    isKeySet = (set) => typeof set === 'object' && set !== null && #native in set
    handleOfSet = (set) => set.#native
  }

  /** A JWK set (`{ keys: [...] }`), as an object or JSON text; unusable members are skipped. */
  static fromJwks(jwks) {
    return new KeySet(made(native.keySetFromJwks(jwkText(jwks, 'A JWK set')), native.NativeKeySet), INTERNAL)
  }

  /** The usable keys. */
  get keys() {
    return this.#native.keys().map((handle) => new Key(handle, INTERNAL))
  }

  /** How many members of the JWK set were skipped as unusable. */
  get skipped() {
    return this.#native.skipped
  }

  [inspect.custom]() {
    return `KeySet <${this.keys.length} keys, ${this.skipped} skipped>`
  }

  get [Symbol.toStringTag]() {
    return 'KeySet'
  }
}

// ---------------------------------------------------------------------------------------------------------
// Remote key sets

const REMOTE_OPTIONS = new Set(['cacheTtl', 'cooldown', 'timeout', 'headers', 'maxBytes', 'maxStale'])

class RemoteKeySet {
  #native

  /** @private Use `remoteKeySet(url, options)`. */
  constructor(handle, internal) {
    if (internal !== INTERNAL) throw new TypeError('Remote key sets are made with remoteKeySet(url, options).')
    this.#native = handle
  }

  static {
    isRemoteKeySet = (set) => typeof set === 'object' && set !== null && #native in set
    handleOfRemote = (set) => set.#native
  }

  /** The URL the set is fetched from. */
  get url() {
    return this.#native.url
  }

  /** How many HTTP fetches have been made so far. */
  get fetchCount() {
    return this.#native.fetchCount
  }

  [inspect.custom]() {
    return `RemoteKeySet <${this.url}>`
  }

  get [Symbol.toStringTag]() {
    return 'RemoteKeySet'
  }
}

/** The request headers as the addon takes them: name, value, name, value… */
function headerPairs(headers) {
  if (headers === undefined || headers === null) return undefined
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    throw new TypeError(`options.headers must be an object of header names to strings, not ${describe(headers)}.`)
  }
  const flat = []
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new TypeError(`options.headers["${name}"] must be a string, not ${describe(value)}.`)
    }
    flat.push(name, value)
  }
  return flat
}

function byteCount(value, name) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number') throw new TypeError(`options.${name} must be a number of bytes, not ${describe(value)}.`)
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`options.${name} must be a whole number of bytes, at least 0.`)
  return value
}

/**
 * A JWK set at an http(s) URL, for `verifyAsync` and `Verifier#verifyAsync`: fetched when first needed, cached
 * for `cacheTtl` seconds, refetched (at most once per `cooldown`) when a token names a `kid` it lacks, and kept
 * serving for up to `maxStale` seconds while fetches fail. The policy is core's, the same in every runtime.
 */
function remoteKeySet(url, options) {
  let href = url
  if (url instanceof URL) href = url.href
  else if (typeof url !== 'string') throw new TypeError(`The URL of a JWK set is a string or a URL, not ${describe(url)}.`)
  if (options !== undefined && options !== null) {
    requireObject(options, 'remoteKeySet')
    checkNames(options, REMOTE_OPTIONS, 'remoteKeySet')
  }
  const o = options || {}
  const result = native.remoteKeySet(
    href,
    duration(o.cacheTtl, 'cacheTtl'),
    duration(o.cooldown, 'cooldown'),
    duration(o.timeout, 'timeout'),
    headerPairs(o.headers),
    byteCount(o.maxBytes, 'maxBytes'),
    duration(o.maxStale, 'maxStale'),
  )
  return new RemoteKeySet(made(result, native.NativeRemoteKeySet), INTERNAL)
}

/** The TypeError for a remote set given to a sync verify. */
function remoteNeedsAsync(call) {
  return new TypeError(
    'A RemoteKeySet may have to fetch its keys over the network, which a synchronous verify() would block on; ' +
    `use ${call} instead.`,
  )
}

// ---------------------------------------------------------------------------------------------------------
// encode / Signer

function encodeArgs(options) {
  if (options === undefined || options === null) return { algorithm: 'HS256', header: undefined }
  requireObject(options, 'encode')
  checkNames(options, ENCODE_OPTIONS, 'encode')
  return { algorithm: algorithmOption(options.algorithm, 'HS256'), header: headerJson(options.header) }
}

/**
 * Native signers for `encode(claims, key, { algorithm })` with a prepared key (`Key` or `KeyObject`) and no
 * extra header: made once per key and algorithm, so a call converts neither the key nor the algorithm. A
 * signer without `issuedAt` adds nothing to the claims, so it signs exactly what `encodeWithKey` would.
 * @type {WeakMap<object, Map<string, any>>}
 */
const plainSigners = new WeakMap()

function plainSigner(key, handle, algorithm) {
  let byAlgorithm = plainSigners.get(key)
  if (byAlgorithm === undefined) {
    byAlgorithm = new Map()
    plainSigners.set(key, byAlgorithm)
  }
  let signer = byAlgorithm.get(algorithm)
  if (signer === undefined) {
    signer = native.signerNew(handle, algorithm, undefined, undefined, undefined, undefined, undefined, undefined, false, false)
    // A key that cannot sign with `algorithm` is left to `encodeWithKey`, which says why; only signers are kept.
    if (failed(signer)) return undefined
    byAlgorithm.set(algorithm, signer)
  }
  return signer
}

/** Serialises the claims, signs them and returns the compact token. */
function encode(claims, key, options) {
  const { algorithm, header } = encodeArgs(options)
  const json = claimsJson(claims)
  const handle = preparedHandle(key)
  if (handle !== undefined) {
    const signer = header === undefined ? plainSigner(key, handle, algorithm) : undefined
    if (signer !== undefined) return text(native.signerSign(signer, json, 0))
    return text(native.encodeWithKey(json, handle, algorithm, header))
  }
  const bytes = material(key)
  if (bytes === undefined) throw badKey(key)
  return text(native.encodeWithMaterial(json, bytes, algorithm, header))
}

/** Like `encode`, signing on the libuv thread pool. */
async function encodeAsync(claims, key, options) {
  const { algorithm, header } = encodeArgs(options)
  const json = claimsJson(claims)
  // A prepared key without an extra header signs with its plain signer, as `encode` does.
  const prepared = preparedHandle(key)
  const signer = prepared !== undefined && header === undefined ? plainSigner(key, prepared, algorithm) : undefined
  if (signer !== undefined) return text(await native.signerSignAsync(signer, json, 0))
  return text(await native.encodeAsync(json, prepared ?? signingHandle(key, algorithm), algorithm, header))
}

const SIGNER_OPTIONS = new Set([
  'algorithm', 'header', 'expiresIn', 'notBefore', 'issuer', 'audience', 'subject', 'issuedAt', 'jwtId',
])

class Signer {
  #native
  #algorithm

  /**
   * A prepared signer: the key is checked and the header encoded once; `iat` (by default), `exp`, `nbf`,
   * `iss`, `aud`, `sub` and `jti` are added to claims that lack them.
   */
  constructor(key, options) {
    requireObject(options, 'Signer')
    checkNames(options, SIGNER_OPTIONS, 'Signer')
    const algorithm = algorithmOption(options.algorithm, undefined)
    const header = headerJson(options.header)
    const expiresIn = duration(options.expiresIn, 'expiresIn')
    const notBefore = duration(options.notBefore, 'notBefore')
    const issuer = optionalString(options.issuer, 'issuer')
    const audience = stringOrList(options.audience, 'audience')
    const subject = optionalString(options.subject, 'subject')
    const issuedAt = optionalBoolean(options.issuedAt, 'issuedAt')
    const jwtId = optionalBoolean(options.jwtId, 'jwtId')
    const handle = signingHandle(key, algorithm)
    this.#native = opened(
      native.signerNew(handle, algorithm, header, expiresIn, notBefore, issuer, audience, subject, issuedAt, jwtId),
    )
    this.#algorithm = native.signerAlgorithm(this.#native)
  }

  /** The algorithm tokens are signed with. */
  get algorithm() {
    return this.#algorithm
  }

  /** Signs the claims (with the signer's registered claims added where missing), at `Date.now()`. */
  sign(claims) {
    return text(native.signerSign(this.#native, claimsJson(claims), Date.now() / 1000))
  }

  /** Like `sign`, on the libuv thread pool. */
  async signAsync(claims) {
    return text(await native.signerSignAsync(this.#native, claimsJson(claims), Date.now() / 1000))
  }

  [inspect.custom]() {
    return `Signer <${this.algorithm}>`
  }
}

// ---------------------------------------------------------------------------------------------------------
// decode / verify / Verifier

const DECODE_OPTIONS = new Set(['maxTokenBytes', 'maxDepth'])

/** The limits of `decode` / `decodeHeader` (`what`), from their optional options object. */
function decodeLimits(options, what) {
  if (options === undefined || options === null) return [undefined, undefined]
  requireObject(options, what)
  checkNames(options, DECODE_OPTIONS, what)
  return limits(options)
}

/** Splits and parses a token for inspection, within the size and depth limits. Verifies nothing. */
function decode(token, options) {
  const [maxTokenBytes, maxDepth] = decodeLimits(options, 'decode')
  const result = native.decode(tokenText(token, maxTokenBytes), maxTokenBytes, maxDepth)
  if (typeof result.code === 'string') throw toError(result)
  return { header: JSON.parse(result.header), claims: JSON.parse(result.claims), signature: result.signature }
}

/** The token's header, for inspection (e.g. to read `kid`). Verifies nothing. */
function decodeHeader(token, options) {
  const [maxTokenBytes, maxDepth] = decodeLimits(options, 'decodeHeader')
  return JSON.parse(text(native.decodeHeader(tokenText(token, maxTokenBytes), maxTokenBytes, maxDepth)))
}

/**
 * The token of a one-shot `verify` / `verifyAsync` as text. One over the size limit is refused before it is
 * copied; but options core refuses (an unknown algorithm, say) are reported first, as core and Python do.
 */
function tokenFor(token, o) {
  try {
    return tokenText(token, o.maxTokenBytes)
  } catch (error) {
    if (o.plan === null) {
      const checked = native.plan(o)
      if (!(checked instanceof native.NativePlan)) throw toError(checked)
    }
    throw error
  }
}

/** Checks structure, algorithm, key, signature and claims; returns the claims (or `{ header, claims }`). */
function verify(token, key, options) {
  const o = planFor(options)
  const t = tokenFor(token, o)
  const now = options.now === undefined || options.now === null ? Date.now() / 1000 : seconds(options.now)
  const complete = optionalBoolean(options.complete, 'complete') === true
  const plan = o.plan
  let result
  const handle = preparedHandle(key)
  if (handle !== undefined) {
    result = plan !== null
      ? native.verifierVerify(plannedVerifier(o, key), t, now, complete)
      : native.verifyWithKey(t, handle, o.algorithms, o.audience, o.issuer, o.subject, o.leeway, o.required, o.maxAge, o.typ, o.maxTokenBytes, o.maxDepth, now, complete)
  } else if (isKeySet(key)) {
    const set = handleOfSet(key)
    result = plan !== null
      ? plan.verifyWithSet(t, set, now, complete)
      : native.verifyWithSet(t, set, o.algorithms, o.audience, o.issuer, o.subject, o.leeway, o.required, o.maxAge, o.typ, o.maxTokenBytes, o.maxDepth, now, complete)
  } else {
    const bytes = material(key)
    if (bytes === undefined) {
      throw isRemoteKeySet(key) ? remoteNeedsAsync('verifyAsync(token, remoteKeySet, options)') : badKey(key)
    }
    result = plan !== null
      ? plan.verifyWithMaterial(t, bytes, now, complete)
      : native.verifyWithMaterial(t, bytes, o.algorithms, o.audience, o.issuer, o.subject, o.leeway, o.required, o.maxAge, o.typ, o.maxTokenBytes, o.maxDepth, now, complete)
  }
  return JSON.parse(text(result))
}

/**
 * The verifier of planned options `o` for a key held by an immutable object (a `Key`, a `KeyObject`, a key set or
 * a remote key set): made on first use, then reused. A string or bytes key gets none (bytes can change).
 */
function plannedVerifier(o, key) {
  let verifier = o.verifiers.get(key)
  if (verifier === undefined) {
    verifier = isRemoteKeySet(key) ? remoteVerifier(key, o) : nativeVerifier(key, o)
    o.verifiers.set(key, verifier)
  }
  return verifier
}

/** The native verifier (an opaque handle) for a key or key set and checked options. */
function nativeVerifier(key, o) {
  let result
  if (isKeySet(key)) {
    result = native.verifierWithSet(handleOfSet(key), o)
  } else {
    const handle = preparedHandle(key)
    if (handle !== undefined) {
      result = native.verifierWithKey(handle, o)
    } else {
      const bytes = material(key)
      if (bytes === undefined) throw badKey(key)
      result = native.verifierWithMaterial(bytes, o)
    }
  }
  return opened(result)
}

/** The verifier of a remote key set and checked options (it only verifies on the thread pool). */
function remoteVerifier(remote, o) {
  return made(native.remoteVerifier(handleOfRemote(remote), o), native.NativeRemoteVerifier)
}

/** Like `verify`, with the signature checked on the libuv thread pool. As in `verify`, an unchanged options
 * object met again reuses its checked options, and with a key held by an object its verifier. */
async function verifyAsync(token, key, options) {
  const o = planFor(options)
  const t = tokenFor(token, o)
  const now = options.now === undefined || options.now === null ? Date.now() / 1000 : seconds(options.now)
  const complete = optionalBoolean(options.complete, 'complete') === true
  const remote = isRemoteKeySet(key)
  const verifier = o.plan !== null && (remote || isKeySet(key) || preparedHandle(key) !== undefined)
    ? plannedVerifier(o, key)
    : remote ? remoteVerifier(key, o) : nativeVerifier(key, o)
  const verified = remote ? verifier.verifyAsync(t, now, complete) : native.verifierVerifyAsync(verifier, t, now, complete)
  return JSON.parse(text(await verified))
}

class Verifier {
  #native
  #now
  #complete
  #remote
  #maxTokenBytes

  /** A prepared verifier: the key (or key set, or remote key set) and options are checked once. */
  constructor(keyOrKeySet, options) {
    const o = new VerifyOptions(options)
    this.#remote = isRemoteKeySet(keyOrKeySet)
    this.#native = this.#remote ? remoteVerifier(keyOrKeySet, o) : nativeVerifier(keyOrKeySet, o)
    this.#now = o.now
    this.#complete = o.complete
    this.#maxTokenBytes = o.maxTokenBytes
  }

  /** Verifies the token; returns the claims (or `{ header, claims }` with `complete`). */
  verify(token) {
    if (this.#remote) throw remoteNeedsAsync('verifier.verifyAsync(token)')
    const now = this.#now === undefined ? Date.now() / 1000 : this.#now
    return JSON.parse(text(native.verifierVerify(this.#native, tokenText(token, this.#maxTokenBytes), now, this.#complete)))
  }

  /** Like `verify`, on the libuv thread pool. */
  async verifyAsync(token) {
    const now = this.#now === undefined ? Date.now() / 1000 : this.#now
    const t = tokenText(token, this.#maxTokenBytes)
    const verified = this.#remote
      ? this.#native.verifyAsync(t, now, this.#complete)
      : native.verifierVerifyAsync(this.#native, t, now, this.#complete)
    return JSON.parse(text(await verified))
  }
}

module.exports = {
  encode,
  decode,
  decodeHeader,
  verify,
  encodeAsync,
  verifyAsync,
  Key,
  KeySet,
  RemoteKeySet,
  remoteKeySet,
  Signer,
  Verifier,
  ...errors,
}

// For the tests of the panic guard only: not part of the API, not enumerable, not in index.d.ts.
Object.defineProperty(module.exports, '_panicProbes', {
  value: Object.freeze({ sync: native.panicProbe, async: native.panicProbeAsync, guarded: (input) => text(native.panicProbeGuarded(input)) }),
})
