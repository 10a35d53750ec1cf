'use strict'
// `jetwt/jsonwebtoken` side by side with the real jsonwebtoken 9 on the same inputs: the same token bytes where
// signing is deterministic (HMAC, RSASSA-PKCS1-v1_5), the same payloads, the same error class, name, message,
// own properties and dates, in the same order of checks, the same callback timing. Every case here must come
// out identical; the deliberate differences (where jetwt is stricter) are in jsonwebtoken-differences.test.js.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const theirs = require('jsonwebtoken')
const ours = require('jetwt/jsonwebtoken')
const { ROOT, SECRET, keyText, keyBytes, pair } = require('./support.js')

const NOW = 1_700_000_000
const LIBS = [['jsonwebtoken', theirs], ['jetwt/jsonwebtoken', ours]]

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** Runs `fn` with `Date.now()` fixed at NOW (both libraries read the clock through it). */
function atNow(fn, now = NOW) {
  const real = Date.now
  Date.now = () => now * 1000
  try {
    return fn()
  } finally {
    Date.now = real
  }
}

/** The class names from an error up to Error, e.g. ['TokenExpiredError', 'JsonWebTokenError', 'Error']. */
function lineage(error) {
  const names = []
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    names.push(proto.constructor.name)
  }
  return names
}

/** What a caller can observe of an error: classes, name, message, own enumerable properties, JSON form. */
function describeError(error) {
  if (!(error instanceof Error)) return { thrown: error }
  const own = {}
  for (const key of Object.keys(error)) own[key] = error[key] instanceof Date ? error[key].toISOString() : error[key]
  return { lineage: lineage(error), name: error.name, message: error.message, own, json: JSON.stringify(error) }
}

/** `{ value }` or `{ error }` of a call. */
function outcome(fn) {
  try {
    return { value: fn() }
  } catch (error) {
    return { error: describeError(error) }
  }
}

/** Asserts that `run(lib)` comes out the same for jsonwebtoken and for jetwt/jsonwebtoken, and returns it. */
function same(label, run, expectError) {
  const [a, b] = LIBS.map(([, lib]) => outcome(() => run(lib)))
  assert.deepStrictEqual(b, a, label)
  if (expectError !== undefined) {
    assert.ok(a.error, `${label}: expected an error, got ${JSON.stringify(a.value)}`)
    assert.equal(a.error.message, expectError, label)
  }
  return a
}

const b64 = (text) => Buffer.from(text).toString('base64url')

/** A token over arbitrary header and payload text, HMAC-SHA256 with `secret` (signed outside both libraries). */
function forge(headerText, payloadText, secret = SECRET) {
  const input = `${b64(headerText)}.${b64(payloadText)}`
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`
}

const RSA = keyText('rsa2048.pem')
const RSA_PUB = keyText('rsa2048.pub.pem')
const EC = keyText('ec_p256.pem')
const EC_PUB = keyText('ec_p256.pub.pem')
const ED_PUB = keyText('ed25519.pub.pem')
const PSS = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 })
const PSS_LONG_SALT = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 64 })
const ED_PRIVATE = crypto.createPrivateKey(keyText('ed25519.pem'))

// ---------------------------------------------------------------------------------------------------------
// sign

test('sign: the same token bytes for HMAC and RSASSA-PKCS1-v1_5, with every option', () => {
  const payloads = [
    () => ({ name: 'John Doe', admin: true, roles: ['a', 'b'] }),
    () => ({ sub: '1234567890' }),
    () => ({ nested: { list: [1, 'two', null], when: new Date(0) }, unicode: 'é€😀', empty: {} }),
    () => ({ iat: NOW - 30 }),
    () => ({ iat: 0 }),
    () => ({ iat: NaN }),
    () => ({ exp: NOW + 5, nbf: NOW - 5 }),
    () => ({ exp: new Number(NOW + 5) }),
    () => Object.assign(Object.create(null), { made: 'without a prototype' }),
  ]
  const conflicts = (payload, opts) =>
    opts !== undefined &&
    [['expiresIn', 'exp'], ['notBefore', 'nbf'], ['audience', 'aud'], ['issuer', 'iss'], ['subject', 'sub'], ['jwtid', 'jti']]
      .some(([option, claim]) => opts[option] !== undefined && payload[claim] !== undefined)
  const options = [
    undefined,
    {},
    { expiresIn: 0 },
    { expiresIn: 60 },
    { expiresIn: -60 },
    { expiresIn: '2 days' },
    { expiresIn: '10h' },
    { expiresIn: '7d' },
    { expiresIn: '120' },
    { expiresIn: '1.5h' },
    { expiresIn: '1  Hours' },
    { expiresIn: '.5m' },
    { expiresIn: '-1d' },
    { expiresIn: '1y' },
    { expiresIn: '3 weeks' },
    { expiresIn: '2 msecs' },
    { expiresIn: '1 ' },
    { expiresIn: '1.25 minutes' },
    { expiresIn: '5 SECS' },
    { expiresIn: '2yrs' },
    { notBefore: 0 },
    { notBefore: 120 },
    { notBefore: '-5m' },
    { notBefore: '1 day', expiresIn: '2 days' },
    { noTimestamp: true },
    { noTimestamp: false },
    { noTimestamp: true, expiresIn: '1h' },
    { audience: 'api' },
    { audience: ['api', 'web'] },
    { audience: [] },
    { issuer: 'https://issuer.example' },
    { subject: 'user-1' },
    { jwtid: 'id-1' },
    { keyid: 'key-1' },
    { header: { kid: 'from-header' }, keyid: 'from-option' },
    { header: { x5t: 'thumb', cty: 'custom' } },
    { header: { typ: 'at+jwt' } },
    { header: { typ: undefined } },
    { header: {} },
    { mutatePayload: false },
    { encoding: 'utf8' },
    { encoding: 'UTF-8' },
    { allowInsecureKeySizes: true, allowInvalidAsymmetricKeyTypes: true },
    { expiresIn: 3600, notBefore: 10, audience: 'a', issuer: 'i', subject: 's', jwtid: 'j', keyid: 'k', header: { x: 1 } },
  ]
  for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512']) {
    const { sign: key } = pair(alg)
    // Every payload with every option for HS256; every option with the first payloads for the others.
    for (const makePayload of alg === 'HS256' ? payloads : payloads.slice(0, alg === 'RS256' ? 2 : 1)) {
      const payload = makePayload()
      for (const opts of options) {
        if (conflicts(payload, opts)) continue
        const withAlg = opts === undefined ? (alg === 'HS256' ? undefined : { algorithm: alg }) : { ...opts, algorithm: opts.header && opts.header.alg ? undefined : alg }
        if (withAlg && withAlg.algorithm === undefined) delete withAlg.algorithm
        const result = same(`${alg} ${JSON.stringify(payload)} ${JSON.stringify(withAlg)}`, (lib) =>
          atNow(() => lib.sign(makePayload(), key, withAlg)),
        )
        assert.ok(typeof result.value === 'string', `${alg} ${JSON.stringify(withAlg)}: ${JSON.stringify(result)}`)
      }
    }
  }
  // The header's `alg` overrides the `algorithm` option (and is the one the key is checked against).
  for (const [alg, override] of [['HS256', 'HS512'], ['HS512', 'HS256'], ['RS256', 'RS384'], ['RS512', 'RS256']]) {
    const result = same(`header alg ${override} over ${alg}`, (lib) => atNow(() => lib.sign({ a: 1 }, pair(alg).sign, { algorithm: alg, header: { alg: override } })))
    assert.equal(JSON.parse(Buffer.from(result.value.split('.')[0], 'base64url')).alg, override)
  }
})

test('sign: the same token for every form of key jsonwebtoken takes', () => {
  const encrypted = keyText('rsa2048.encrypted.pem')
  const jwk = crypto.createPrivateKey(RSA).export({ format: 'jwk' })
  const keys = [
    ['HS256', SECRET],
    ['HS256', Buffer.from(SECRET)],
    ['HS256', crypto.createSecretKey(Buffer.from(SECRET))],
    ['HS512', new Uint8Array(Buffer.from(SECRET))],
    ['HS384', new Uint8Array(Buffer.from(SECRET)).buffer],
    ['RS256', RSA],
    ['RS256', Buffer.from(RSA)],
    ['RS256', keyText('rsa2048.pkcs1.pem')],
    ['RS256', crypto.createPrivateKey(RSA)],
    ['RS256', { key: encrypted, passphrase: 'hunter2' }],
    ['RS256', { key: jwk, format: 'jwk' }],
    ['RS384', { key: crypto.createPrivateKey(RSA).export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' }],
  ]
  for (const [algorithm, key] of keys) {
    same(`${algorithm} with ${key && key.constructor.name}`, (lib) => atNow(() => lib.sign({ sub: 'k' }, key, { algorithm })))
  }
})

test('sign: PS* and ES* tokens (randomised) verify across the two libraries, with the same header and payload', () => {
  for (const alg of ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']) {
    const { sign: key, verify: pub } = pair(alg)
    const opts = { algorithm: alg, expiresIn: '1h', audience: 'api', keyid: 'k1' }
    const mine = atNow(() => ours.sign({ sub: alg }, key, opts))
    const theirsToken = atNow(() => theirs.sign({ sub: alg }, key, opts))
    assert.deepEqual(ours.decode(mine, { complete: true }).header, theirs.decode(theirsToken, { complete: true }).header, alg)
    assert.equal(mine.split('.')[1], theirsToken.split('.')[1], alg)
    const verifyOptions = { algorithms: [alg], audience: 'api', clockTimestamp: NOW }
    assert.deepEqual(theirs.verify(mine, pub, verifyOptions), ours.verify(theirsToken, pub, verifyOptions), alg)
    assert.deepEqual(ours.verify(mine, pub, verifyOptions), { sub: alg, iat: NOW, exp: NOW + 3600, aud: 'api' }, alg)
  }
})

test('sign: string and Buffer payloads that are JSON object text sign as they are (no typ, no iat)', () => {
  for (const payload of ['{"a":1}', '{"sub":"x","n":[1,2]}', Buffer.from('{"a":"é"}')]) {
    same(`payload ${payload}`, (lib) => atNow(() => lib.sign(payload, SECRET)))
    same(`payload ${payload} RS256`, (lib) => atNow(() => lib.sign(payload, RSA, { algorithm: 'RS256', keyid: 'k', header: { x: 1 } })))
  }
})

test('sign: mutatePayload writes the added claims onto the caller\'s object, exactly as jsonwebtoken does', () => {
  const cases = [
    [{ a: 1 }, { mutatePayload: true }],
    [{ a: 1 }, { mutatePayload: true, expiresIn: 10, notBefore: 1, audience: 'x', issuer: 'i', subject: 's', jwtid: 'j' }],
    [{ a: 1, iat: 7 }, { mutatePayload: true, noTimestamp: true }],
    [{ a: 1, iat: 7 }, { mutatePayload: false, expiresIn: 10 }],
    [{ a: 1 }, { expiresIn: 10 }],
  ]
  for (const [payload, opts] of cases) {
    same(`mutatePayload ${JSON.stringify(payload)} ${JSON.stringify(opts)}`, (lib) =>
      atNow(() => {
        const mine = { ...payload }
        const token = lib.sign(mine, SECRET, opts)
        return { token, payload: mine }
      }),
    )
  }
  // The mutation happens even when signing then fails on a later option, as in jsonwebtoken.
  same('mutation before a failure', (lib) =>
    atNow(() => {
      const mine = { a: 1, sub: 'taken' }
      const error = outcome(() => lib.sign(mine, SECRET, { mutatePayload: true, expiresIn: 5, subject: 'other' })).error
      return { error, payload: mine }
    }),
  )
})

test('sign: encodings that produce the same bytes (UTF-8; ASCII-compatible names for ASCII text)', () => {
  for (const encoding of ['utf8', 'utf-8', 'UTF8', 'ascii', 'latin1', 'binary']) {
    same(`encoding ${encoding}`, (lib) => atNow(() => lib.sign({ a: 'plain ascii' }, SECRET, { encoding })))
  }
  same('utf8 with non-ASCII text', (lib) => atNow(() => lib.sign({ a: 'é' }, SECRET, { encoding: 'utf8' })))
})

test('sign: every error, with jsonwebtoken\'s class and message', () => {
  const pub = RSA_PUB
  const cases = [
    // The key
    ['secretOrPrivateKey must have a value', { a: 1 }, '', {}],
    ['secretOrPrivateKey must have a value', { a: 1 }, null, {}],
    ['secretOrPrivateKey must have a value', { a: 1 }, undefined, { algorithm: 'HS256' }],
    ['secretOrPrivateKey must have a value', { a: 1 }, 0, {}],
    ['secretOrPrivateKey is not valid key material', { a: 1 }, { foo: 1 }, {}],
    ['secretOrPrivateKey is not valid key material', { a: 1 }, 42, {}],
    ['secretOrPrivateKey is not valid key material', { a: 1 }, true, { algorithm: 'RS256' }],
    ['secretOrPrivateKey is not valid key material', { a: 1 }, { key: keyText('rsa2048.encrypted.pem'), passphrase: 'wrong' }, { algorithm: 'RS256' }],
    ['secretOrPrivateKey must be a symmetric key when using HS256', { a: 1 }, RSA, {}],
    ['secretOrPrivateKey must be a symmetric key when using HS384', { a: 1 }, crypto.createPrivateKey(EC), { algorithm: 'HS384' }],
    ['secretOrPrivateKey must be a symmetric key when using HS256', { a: 1 }, { key: RSA }, {}],
    ['secretOrPrivateKey must be an asymmetric key when using RS256', { a: 1 }, SECRET, { algorithm: 'RS256' }],
    ['secretOrPrivateKey must be an asymmetric key when using RS256', { a: 1 }, pub, { algorithm: 'RS256' }],
    ['secretOrPrivateKey must be an asymmetric key when using ES256', { a: 1 }, crypto.createPublicKey(EC_PUB), { algorithm: 'ES256' }],
    ['secretOrPrivateKey must be an asymmetric key when using PS256', { a: 1 }, crypto.createSecretKey(Buffer.from(SECRET)), { algorithm: 'PS256' }],
    ['secretOrPrivateKey must be an asymmetric key when using ES256', { a: 1 }, keyBytes('ec_p256.der'), { algorithm: 'ES256' }],
    ['secretOrPrivateKey has a minimum key size of 2048 bits for RS256', { a: 1 }, keyText('rsa1024.pem'), { algorithm: 'RS256' }],
    ['secretOrPrivateKey has a minimum key size of 2048 bits for PS384', { a: 1 }, crypto.createPrivateKey(keyText('rsa1024.pem')), { algorithm: 'PS384' }],
    // The key's type against the algorithm (validateAsymmetricKey)
    ['"alg" parameter "ES256" requires curve "prime256v1".', { a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256' }],
    ['"alg" parameter "ES512" requires curve "secp521r1".', { a: 1 }, crypto.createPrivateKey(EC), { algorithm: 'ES512' }],
    ['"alg" parameter for "ec" key type must be one of: ES256, ES384, ES512.', { a: 1 }, EC, { algorithm: 'RS256' }],
    ['"alg" parameter for "rsa" key type must be one of: RS256, PS256, RS384, PS384, RS512, PS512.', { a: 1 }, RSA, { algorithm: 'ES256' }],
    ['"alg" parameter for "rsa-pss" key type must be one of: PS256, PS384, PS512.', { a: 1 }, PSS.privateKey, { algorithm: 'RS256' }],
    ['Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of "alg" PS384.', { a: 1 }, PSS.privateKey, { algorithm: 'PS384' }],
    ['Invalid key for this operation, its RSA-PSS parameter saltLength does not meet the requirements of "alg" PS256.', { a: 1 }, PSS_LONG_SALT.privateKey, { algorithm: 'PS256' }],
    ['Unknown key type "ed25519".', { a: 1 }, ED_PRIVATE, { algorithm: 'RS256' }],
    // The payload
    ['payload is required', undefined, SECRET, {}],
    ['Expected "payload" to be a plain object.', null, SECRET, {}],
    ['Expected "payload" to be a plain object.', [1, 2], SECRET, {}],
    ['Expected "payload" to be a plain object.', new Date(0), SECRET, {}],
    ['Expected "payload" to be a plain object.', new (class Claims {})(), SECRET, {}],
    ['Expected "payload" to be a plain object.', Object.create({ inherited: 1 }), SECRET, {}],
    ['"iat" should be a number of seconds', { iat: '1' }, SECRET, {}],
    ['"exp" should be a number of seconds', { exp: 'tomorrow' }, SECRET, {}],
    ['"nbf" should be a number of seconds', { nbf: null }, SECRET, {}],
    ['"exp" should be a number of seconds', { exp: undefined }, SECRET, {}],
    ['"exp" should be a number of seconds', { a: 1, exp: 'x', iat: 'y' }, SECRET, {}],
    ['"iat" should be a number of seconds', { iat: 'y', exp: 'x' }, SECRET, {}],
    ['invalid expiresIn option for string payload', '{"a":1}', SECRET, { expiresIn: 60 }],
    ['invalid expiresIn,notBefore,noTimestamp,audience,issuer,subject,jwtid option for string payload', '{"a":1}', SECRET,
      { expiresIn: 1, notBefore: 1, noTimestamp: true, audience: 'a', issuer: 'i', subject: 's', jwtid: 'j' }],
    ['invalid subject option for object payload', Buffer.from('{"a":1}'), SECRET, { subject: 's' }],
    ['Bad "options.expiresIn" option the payload already has an "exp" property.', { exp: NOW }, SECRET, { expiresIn: 60 }],
    ['Bad "options.notBefore" option the payload already has an "nbf" property.', { nbf: NOW }, SECRET, { notBefore: 60 }],
    ['Bad "options.audience" option. The payload already has an "aud" property.', { aud: 'x' }, SECRET, { audience: 'y' }],
    ['Bad "options.issuer" option. The payload already has an "iss" property.', { iss: 'x' }, SECRET, { issuer: 'y' }],
    ['Bad "options.subject" option. The payload already has an "sub" property.', { sub: 'x' }, SECRET, { subject: 'y' }],
    ['Bad "options.jwtid" option. The payload already has an "jti" property.', { jti: 'x' }, SECRET, { jwtid: 'y' }],
    // The options
    ['Expected "options" to be a plain object.', { a: 1 }, SECRET, 'HS256'],
    ['Expected "options" to be a plain object.', { a: 1 }, SECRET, [1]],
    ['"foo" is not allowed in "options"', { a: 1 }, SECRET, { foo: 1 }],
    ['"algorithms" is not allowed in "options"', { a: 1 }, SECRET, { algorithms: ['HS256'] }],
    ['"expiresIn" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { expiresIn: 1.5 }],
    ['"expiresIn" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { expiresIn: '' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { expiresIn: undefined }],
    ['"expiresIn" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { expiresIn: null }],
    ['"expiresIn" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { expiresIn: NaN }],
    ['"notBefore" should be a number of seconds or string representing a timespan', { a: 1 }, SECRET, { notBefore: true }],
    ['"audience" must be a string or array', { a: 1 }, SECRET, { audience: 5 }],
    ['"algorithm" must be a valid string enum value', { a: 1 }, SECRET, { algorithm: 'HS1' }],
    ['"algorithm" must be a valid string enum value', { a: 1 }, SECRET, { algorithm: 'EdDSA' }],
    ['"algorithm" must be a valid string enum value', { a: 1 }, SECRET, { algorithm: 'hs256' }],
    ['"header" must be an object', { a: 1 }, SECRET, { header: 'x' }],
    ['"header" must be an object', { a: 1 }, SECRET, { header: [] }],
    ['"encoding" must be a string', { a: 1 }, SECRET, { encoding: 8 }],
    ['"issuer" must be a string', { a: 1 }, SECRET, { issuer: 5 }],
    ['"subject" must be a string', { a: 1 }, SECRET, { subject: {} }],
    ['"jwtid" must be a string', { a: 1 }, SECRET, { jwtid: 5 }],
    ['"noTimestamp" must be a boolean', { a: 1 }, SECRET, { noTimestamp: 'yes' }],
    ['"keyid" must be a string', { a: 1 }, SECRET, { keyid: 1 }],
    ['"mutatePayload" must be a boolean', { a: 1 }, SECRET, { mutatePayload: 1 }],
    ['"allowInsecureKeySizes" must be a boolean', { a: 1 }, SECRET, { allowInsecureKeySizes: 'yes' }],
    ['"allowInvalidAsymmetricKeyTypes" must be a boolean', { a: 1 }, SECRET, { allowInvalidAsymmetricKeyTypes: 0 }],
    ['"issuer" must be a string', { a: 1 }, SECRET, { subject: 's', issuer: 5, jwtid: 7 }],
    // Time spans
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: 'zz' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: '1e3' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: ' 1h' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: '1hh' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: '5.' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: '1 wk' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: '1'.repeat(101) }],
    ['"notBefore" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { notBefore: 'soon' }],
  ]
  for (const [message, payload, key, opts] of cases) {
    same(`${message} (${JSON.stringify(opts)})`, (lib) => atNow(() => lib.sign(payload, key, opts)), message)
  }
})

test('sign: when several things are wrong, the error jsonwebtoken reports first (PEM keys included)', () => {
  const cases = [
    // the key before the payload, the payload before the options, the options before the key's type, ...
    ['secretOrPrivateKey must be an asymmetric key when using RS256', undefined, RSA_PUB, { algorithm: 'RS256', foo: 1 }],
    ['secretOrPrivateKey must be a symmetric key when using HS256', [1], RSA, { foo: 1 }],
    ['secretOrPrivateKey has a minimum key size of 2048 bits for RS256', { exp: 'x' }, keyText('rsa1024.pem'), { algorithm: 'RS256' }],
    ['payload is required', undefined, keyText('ec_p384.pem'), { algorithm: 'ES256', foo: 1 }],
    ['Bad "options.expiresIn" option the payload already has an "exp" property.', { exp: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256', expiresIn: 1, foo: 1 }],
    ['"foo" is not allowed in "options"', { a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256', foo: 1 }],
    ['"alg" parameter "ES256" requires curve "prime256v1".', { a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256', expiresIn: 'zz' }],
    ['"alg" parameter "ES256" requires curve "prime256v1".', { aud: 'x' }, keyText('ec_p384.pem'), { algorithm: 'ES256', audience: 'y' }],
    ['"alg" parameter for "ec" key type must be one of: ES256, ES384, ES512.', { a: 1 }, EC, { algorithm: 'RS256', notBefore: 'later' }],
    ['"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, EC, { algorithm: 'ES256', expiresIn: 'zz' }],
    ['"notBefore" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', { a: 1 }, SECRET, { expiresIn: 'zz', notBefore: 'zz' }],
    ['Bad "options.audience" option. The payload already has an "aud" property.', { aud: 'x', iss: 'y' }, RSA, { algorithm: 'RS256', issuer: 'i', audience: 'a' }],
    ['payload is required', undefined, SECRET, { foo: 1 }],
    ['invalid expiresIn option for string payload', 'not json', SECRET, { expiresIn: 5, foo: 1 }],
  ]
  for (const [message, payload, key, opts] of cases) {
    same(`${message} (${JSON.stringify(opts)})`, (lib) => atNow(() => lib.sign(payload, key, opts)), message)
  }
})

test('sign with a callback: the token on a later tick, errors synchronously; the callback\'s result is returned', async () => {
  /** Calls sign with a callback; resolves with whether the callback came synchronously, and its arguments. */
  const call = (lib, ...args) =>
    new Promise((resolve) => {
      let sync = true
      lib.sign(...args, (...cbArgs) => resolve({ syncCall: sync, cbArgs }))
      sync = false
      setTimeout(() => resolve({ syncCall: 'never called' }), 5000).unref()
    })

  const real = Date.now
  Date.now = () => NOW * 1000
  try {
    for (const [label, args] of [
      ['HS256', [{ a: 1 }, SECRET]],
      ['HS256 with options', [{ a: 1 }, SECRET, { expiresIn: '1h', audience: 'x' }]],
      ['RS256', [{ a: 1 }, RSA, { algorithm: 'RS256' }]],
      ['RS256 KeyObject', [{ a: 1 }, crypto.createPrivateKey(RSA), { algorithm: 'RS256', keyid: 'k' }]],
      ['string payload', ['{"a":1}', SECRET, { algorithm: 'HS384' }]],
    ]) {
      const a = await call(theirs, ...args)
      const b = await call(ours, ...args)
      assert.equal(a.syncCall, false, label)
      assert.equal(b.syncCall, false, label)
      assert.deepStrictEqual(b.cbArgs, a.cbArgs, label)
      assert.equal(b.cbArgs[0], null, label)
      assert.equal(b.cbArgs[1], ours.sign(...args), label)
    }
    for (const [label, args] of [
      ['no key', [{ a: 1 }, '']],
      ['bad option', [{ a: 1 }, SECRET, { foo: 1 }]],
      ['bad time span', [{ a: 1 }, SECRET, { expiresIn: 'zz' }]],
      ['key type', [{ a: 1 }, RSA_PUB, { algorithm: 'RS256' }]],
      ['key size', [{ a: 1 }, keyText('rsa1024.pem'), { algorithm: 'RS256' }]],
      ['curve', [{ a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256' }]],
      ['payload', [undefined, SECRET]],
    ]) {
      const results = []
      for (const [, lib] of LIBS) {
        let sync = true
        let seen
        const returned = lib.sign(...args, (error, token) => {
          seen = { sync, error: describeError(error), token }
          return 'from the callback'
        })
        sync = false
        results.push({ seen, returned })
      }
      assert.deepStrictEqual(results[1], results[0], label)
      assert.equal(results[1].seen.sync, true, label)
      assert.equal(results[1].returned, 'from the callback', label)
    }
  } finally {
    Date.now = real
  }
})

test('sign with a callback given in place of the options', async () => {
  for (const [, lib] of LIBS) {
    const token = await new Promise((resolve, reject) => lib.sign({ a: 1, iat: NOW }, SECRET, (error, t) => (error ? reject(error) : resolve(t))))
    assert.equal(token, theirs.sign({ a: 1, iat: NOW }, SECRET))
  }
})

// ---------------------------------------------------------------------------------------------------------
// verify

const CLAIMS = { sub: 's', aud: ['api', 'web'], iss: 'https://issuer.example', jti: 'id-1', nonce: 'n-1', iat: NOW - 100, nbf: NOW - 50, exp: NOW + 100 }
const HS_TOKEN = theirs.sign(CLAIMS, SECRET)

test('verify: the same payload (or complete result) with every option', () => {
  const at = { clockTimestamp: NOW }
  const cases = [
    [{}],
    [{ clockTimestamp: NOW }],
    [{ ...at, algorithms: ['HS256'] }],
    [{ ...at, algorithms: ['RS256', 'HS256', 'none'] }],
    [{ ...at, complete: true }],
    [{ ...at, complete: 'yes' }],
    [{ ...at, audience: 'api' }],
    [{ ...at, audience: 'web' }],
    [{ ...at, audience: ['x', 'web'] }],
    [{ ...at, audience: /^ap/ }],
    [{ ...at, audience: [/^nope$/, /eb$/] }],
    [{ ...at, audience: ['x', /^w/] }],
    [{ ...at, audience: '' }],
    [{ ...at, issuer: 'https://issuer.example' }],
    [{ ...at, issuer: ['a', 'https://issuer.example'] }],
    [{ ...at, issuer: '' }],
    [{ ...at, subject: 's' }],
    [{ ...at, subject: '' }],
    [{ ...at, jwtid: 'id-1' }],
    [{ ...at, nonce: 'n-1' }],
    [{ ...at, maxAge: 101 }],
    [{ ...at, maxAge: '2m' }],
    [{ ...at, maxAge: '1 day' }],
    [{ ...at, maxAge: 0 }],
    [{ ...at, maxAge: '' }],
    [{ ...at, maxAge: 100, clockTolerance: 1 }],
    [{ clockTimestamp: NOW + 99 }],
    [{ clockTimestamp: NOW + 100, clockTolerance: 1 }],
    [{ clockTimestamp: NOW + 1000, ignoreExpiration: true }],
    [{ clockTimestamp: NOW - 50 }],
    [{ clockTimestamp: NOW - 52, clockTolerance: 2 }],
    [{ clockTimestamp: NOW - 60, ignoreNotBefore: true }],
    [{ clockTimestamp: NOW - 60, ignoreNotBefore: true, ignoreExpiration: true, clockTolerance: 0 }],
    [{ ...at, allowInvalidAsymmetricKeyTypes: false }],
    [{ ...at, allowInvalidAsymmetricKeyTypes: true }],
    [{ ...at, audience: 'api', issuer: 'https://issuer.example', subject: 's', jwtid: 'id-1', nonce: 'n-1', maxAge: '5 minutes', complete: true }],
    [{ ...at, unknownOption: 1 }],
  ]
  for (const [opts] of cases) {
    const result = same(`verify ${JSON.stringify(opts)}`, (lib) => atNow(() => lib.verify(HS_TOKEN, SECRET, opts)))
    assert.ok(result.value, `verify ${JSON.stringify(opts)}: ${JSON.stringify(result.error)}`)
  }
  // Without clockTimestamp, both read Date.now().
  same('Date.now()', (lib) => atNow(() => lib.verify(HS_TOKEN, SECRET)))
  same('options omitted', (lib) => atNow(() => lib.verify(HS_TOKEN, SECRET)))
  same('options null', (lib) => atNow(() => lib.verify(HS_TOKEN, SECRET, null)))
})

test('verify: algorithms default from the key type; every key form jsonwebtoken takes', () => {
  const cases = []
  for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']) {
    const { sign: key, verify: pub } = pair(alg)
    const token = atNow(() => theirs.sign({ sub: alg }, key, { algorithm: alg }))
    cases.push([`${alg} default algorithms`, token, pub, {}])
    cases.push([`${alg} listed`, token, pub, { algorithms: [alg] }])
    cases.push([`${alg} bytes`, token, Buffer.from(pub), {}])
    if (!alg.startsWith('HS')) {
      cases.push([`${alg} KeyObject`, token, crypto.createPublicKey(pub), {}])
      cases.push([`${alg} private PEM`, token, key, {}])
      cases.push([`${alg} JWK`, token, { key: crypto.createPublicKey(pub).export({ format: 'jwk' }), format: 'jwk' }, {}])
      cases.push([`${alg} DER`, token, { key: crypto.createPublicKey(pub).export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' }, {}])
      // A token signed by jetwt/jsonwebtoken verifies with jsonwebtoken and back (PS/ES are randomised).
      const mine = atNow(() => ours.sign({ sub: alg }, key, { algorithm: alg }))
      cases.push([`${alg} our token`, mine, pub, {}])
    } else {
      cases.push([`${alg} KeyObject`, token, crypto.createSecretKey(Buffer.from(pub)), {}])
    }
  }
  cases.push(['RS256 certificate', atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'RS256' })), keyText('rsa2048.cert.pem'), {}])
  cases.push(['ES256 certificate', atNow(() => theirs.sign({ a: 1 }, EC, { algorithm: 'ES256' })), keyText('ec_p256.cert.pem'), {}])
  cases.push(['RS256 PKCS#1 public', atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'RS256' })), keyText('rsa2048.pkcs1.pub.pem'), {}])
  for (const [label, token, key, opts] of cases) {
    const result = same(label, (lib) => lib.verify(token, key, { clockTimestamp: NOW, ...opts }))
    assert.ok(result.value, `${label}: ${JSON.stringify(result.error)}`)
  }
})

test('verify: every error, with jsonwebtoken\'s class, message and date', () => {
  const at = { clockTimestamp: NOW }
  const unsigned = `${b64('{"alg":"none","typ":"JWT"}')}.${b64('{"a":1}')}.`
  const unsignedHs = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"a":1}')}.`
  const rsToken = atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'RS256' }))
  const esToken = atNow(() => theirs.sign({ a: 1 }, EC, { algorithm: 'ES256' }))
  const psToken = atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'PS256' }))
  const edToken = `${b64('{"alg":"EdDSA"}')}.${b64('{"a":1}')}.${'A'.repeat(86)}`
  const noneSigned = `${b64('{"alg":"none"}')}.${b64('{"a":1}')}.${b64('sig')}`
  const bag = `Bag Attributes\n    localKeyID: 01 00 00 00\nsubject=/CN=test\n${keyText('rsa2048.cert.pem')}`
  const cases = [
    // Options checked first
    ['clockTimestamp must be a number', HS_TOKEN, SECRET, { clockTimestamp: '5' }],
    ['nonce must be a non-empty string', HS_TOKEN, SECRET, { nonce: '' }],
    ['nonce must be a non-empty string', HS_TOKEN, SECRET, { nonce: '   ' }],
    ['nonce must be a non-empty string', HS_TOKEN, SECRET, { nonce: 5 }],
    ['allowInvalidAsymmetricKeyTypes must be a boolean', HS_TOKEN, SECRET, { allowInvalidAsymmetricKeyTypes: 'yes' }],
    ['clockTimestamp must be a number', '', SECRET, { clockTimestamp: {}, nonce: '' }],
    // The token
    ['jwt must be provided', '', SECRET, at],
    ['jwt must be provided', undefined, SECRET, at],
    ['jwt must be provided', null, SECRET, at],
    ['jwt must be a string', Buffer.from(HS_TOKEN), SECRET, at],
    ['jwt must be a string', 5, SECRET, at],
    ['jwt must be a string', {}, SECRET, at],
    ['jwt malformed', 'abc', SECRET, at],
    ['jwt malformed', 'a.b', SECRET, at],
    ['jwt malformed', `${HS_TOKEN}.x`, SECRET, at],
    ['invalid token', 'a.b.c', SECRET, at],
    ['invalid token', '..', SECRET, at],
    ['invalid token', ` ${HS_TOKEN}`, SECRET, at],
    ['invalid token', `${HS_TOKEN.split('.')[0]}..${HS_TOKEN.split('.')[2]}`, SECRET, at],
    ['invalid token', `.${HS_TOKEN.split('.')[1]}.${HS_TOKEN.split('.')[2]}`, SECRET, at],
    ['invalid token', `${b64('not json')}.${b64('{}')}.sig`, SECRET, at],
    ['invalid token', 'a.b.c', undefined, at],
    // Signature and key presence
    ['jwt signature is required', unsigned, SECRET, at],
    ['jwt signature is required', unsignedHs, SECRET, { ...at, algorithms: ['HS256'] }],
    ['secret or public key must be provided', HS_TOKEN, '', at],
    ['secret or public key must be provided', HS_TOKEN, null, at],
    ['secret or public key must be provided', HS_TOKEN, undefined, at],
    ['please specify "none" in "algorithms" to verify unsigned tokens', unsigned, null, at],
    ['please specify "none" in "algorithms" to verify unsigned tokens', unsignedHs, undefined, at],
    ['invalid algorithm', unsigned, null, { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey is not valid key material', HS_TOKEN, { foo: 1 }, at],
    ['secretOrPublicKey is not valid key material', HS_TOKEN, 42, at],
    ['secretOrPublicKey is not valid key material', HS_TOKEN, true, at],
    // Algorithms
    ['invalid algorithm', HS_TOKEN, SECRET, { ...at, algorithms: ['HS384'] }],
    ['invalid algorithm', HS_TOKEN, SECRET, { ...at, algorithms: [] }],
    ['invalid algorithm', HS_TOKEN, RSA_PUB, at],
    ['invalid algorithm', HS_TOKEN, crypto.createPublicKey(RSA_PUB), at],
    ['invalid algorithm', HS_TOKEN, EC_PUB, at],
    ['invalid algorithm', rsToken, EC_PUB, at],
    ['invalid algorithm', rsToken, SECRET, at],
    ['invalid algorithm', esToken, RSA_PUB, at],
    ['invalid algorithm', edToken, ED_PUB, at],
    ['invalid algorithm', noneSigned, SECRET, at],
    ['invalid algorithm', `${b64('{"typ":"JWT"}')}.${b64('{"a":1}')}.${b64('sig')}`, SECRET, at],
    ['secretOrPublicKey must be a symmetric key when using HS256', HS_TOKEN, RSA_PUB, { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey must be a symmetric key when using HS256', HS_TOKEN, RSA, { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey must be a symmetric key when using HS256', HS_TOKEN, keyText('rsa2048.cert.pem'), { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey must be a symmetric key when using HS256', forge('{"alg":"HS256"}', '{"a":1}', bag), bag, { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey must be a symmetric key when using HS256', HS_TOKEN, crypto.createPublicKey(EC_PUB), { ...at, algorithms: ['HS256'] }],
    ['secretOrPublicKey must be an asymmetric key when using RS256', rsToken, SECRET, { ...at, algorithms: ['RS256'] }],
    ['secretOrPublicKey must be an asymmetric key when using RS256', rsToken, crypto.createPrivateKey(RSA), at],
    ['secretOrPublicKey must be an asymmetric key when using ES256', esToken, crypto.createSecretKey(Buffer.from(SECRET)), { ...at, algorithms: ['ES256'] }],
    ['secretOrPublicKey must be an asymmetric key when using ES256', esToken, keyBytes('ec_p256.pub.der'), { ...at, algorithms: ['ES256'] }],
    ['"alg" parameter for "ec" key type must be one of: ES256, ES384, ES512.', rsToken, EC_PUB, { ...at, algorithms: ['RS256'] }],
    ['"alg" parameter for "rsa" key type must be one of: RS256, PS256, RS384, PS384, RS512, PS512.', esToken, RSA_PUB, { ...at, algorithms: ['ES256'] }],
    ['"alg" parameter "ES256" requires curve "prime256v1".', esToken, keyText('ec_p384.pub.pem'), { ...at, algorithms: ['ES256'] }],
    ['"alg" parameter for "rsa-pss" key type must be one of: PS256, PS384, PS512.', rsToken, PSS.publicKey, at],
    ['Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of "alg" PS384.', psToken.replace(/^[^.]+/, b64('{"alg":"PS384","typ":"JWT"}')), PSS.publicKey, at],
    ['Unknown key type "ed25519".', edToken, ED_PUB, { ...at, algorithms: ['EdDSA'] }],
    ['"alg" parameter for "rsa" key type must be one of: RS256, PS256, RS384, PS384, RS512, PS512.', noneSigned, RSA_PUB, { ...at, algorithms: ['none'] }],
    // Signature
    ['invalid signature', HS_TOKEN, 'another secret, long enough to be accepted as one', at],
    ['invalid signature', HS_TOKEN.slice(0, -3) + (HS_TOKEN.endsWith('AAA') ? 'BBB' : 'AAA'), SECRET, at],
    ['invalid signature', `${HS_TOKEN.split('.')[0]}.${b64(JSON.stringify({ ...CLAIMS, sub: 'eve' }))}.${HS_TOKEN.split('.')[2]}`, SECRET, at],
    ['invalid signature', `${HS_TOKEN.split('.')[0]}.e30.${HS_TOKEN.split('.')[2]}`, SECRET, at],
    ['invalid signature', rsToken, keyText('rsa3072.pub.pem'), at],
    ['invalid signature', `${esToken.split('.')[0]}.${esToken.split('.')[1]}.${'A'.repeat(86)}`, EC_PUB, at],
    ['invalid signature', psToken.slice(0, -4) + 'AAAA', RSA_PUB, at],
    ['invalid signature', noneSigned, SECRET, { ...at, algorithms: ['none'] }],
    // Claims
    ['invalid nbf value', forge('{"alg":"HS256"}', '{"nbf":"now"}'), SECRET, at],
    ['invalid nbf value', forge('{"alg":"HS256"}', '{"nbf":null}'), SECRET, at],
    ['invalid exp value', forge('{"alg":"HS256"}', '{"exp":"later"}'), SECRET, at],
    ['invalid exp value', forge('{"alg":"HS256"}', '{"exp":[1]}'), SECRET, at],
    ['jwt not active', HS_TOKEN, SECRET, { clockTimestamp: NOW - 51 }],
    ['jwt not active', HS_TOKEN, SECRET, { clockTimestamp: NOW - 53, clockTolerance: 2 }],
    ['jwt not active', HS_TOKEN, SECRET, { clockTimestamp: NOW - 49, clockTolerance: -2 }],
    ['jwt expired', HS_TOKEN, SECRET, { clockTimestamp: NOW + 100 }],
    ['jwt expired', HS_TOKEN, SECRET, { clockTimestamp: NOW + 101, clockTolerance: 1 }],
    ['jwt expired', HS_TOKEN, SECRET, { clockTimestamp: NOW + 99, clockTolerance: -1 }],
    ['jwt expired', HS_TOKEN, SECRET, { clockTimestamp: NOW + 100, ignoreNotBefore: true }],
    ['jwt expired', forge('{"alg":"HS256"}', '{"exp":1}'), SECRET, {}],
    ['jwt audience invalid. expected: other', HS_TOKEN, SECRET, { ...at, audience: 'other' }],
    ['jwt audience invalid. expected: a or b', HS_TOKEN, SECRET, { ...at, audience: ['a', 'b'] }],
    ['jwt audience invalid. expected: /^x/ or b', HS_TOKEN, SECRET, { ...at, audience: [/^x/, 'b'] }],
    ['jwt audience invalid. expected: ', HS_TOKEN, SECRET, { ...at, audience: [] }],
    ['jwt audience invalid. expected: 5', HS_TOKEN, SECRET, { ...at, audience: 5 }],
    ['jwt audience invalid. expected: api', theirs.sign({ iat: NOW }, SECRET), SECRET, { ...at, audience: 'api' }],
    ['jwt audience invalid. expected: API', HS_TOKEN, SECRET, { ...at, audience: 'API' }],
    ['jwt issuer invalid. expected: other', HS_TOKEN, SECRET, { ...at, issuer: 'other' }],
    ['jwt issuer invalid. expected: a,b', HS_TOKEN, SECRET, { ...at, issuer: ['a', 'b'] }],
    ['jwt issuer invalid. expected: ', HS_TOKEN, SECRET, { ...at, issuer: [] }],
    ['jwt issuer invalid. expected: i', theirs.sign({ iat: NOW }, SECRET), SECRET, { ...at, issuer: 'i' }],
    ['jwt subject invalid. expected: other', HS_TOKEN, SECRET, { ...at, subject: 'other' }],
    ['jwt subject invalid. expected: s', theirs.sign({ iat: NOW }, SECRET), SECRET, { ...at, subject: 's' }],
    ['jwt jwtid invalid. expected: other', HS_TOKEN, SECRET, { ...at, jwtid: 'other' }],
    ['jwt nonce invalid. expected: other', HS_TOKEN, SECRET, { ...at, nonce: 'other' }],
    ['iat required when maxAge is specified', theirs.sign({ a: 1 }, SECRET, { noTimestamp: true }), SECRET, { ...at, maxAge: 10 }],
    ['"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', HS_TOKEN, SECRET, { ...at, maxAge: true }],
    ['"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', HS_TOKEN, SECRET, { ...at, maxAge: 'a while' }],
    ['"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60', HS_TOKEN, SECRET, { ...at, maxAge: {} }],
    ['maxAge exceeded', HS_TOKEN, SECRET, { ...at, maxAge: 100 }],
    ['maxAge exceeded', HS_TOKEN, SECRET, { ...at, maxAge: '1m' }],
    ['maxAge exceeded', HS_TOKEN, SECRET, { ...at, maxAge: '100' }],
    ['maxAge exceeded', HS_TOKEN, SECRET, { ...at, maxAge: '100.5s' }],
    ['maxAge exceeded', HS_TOKEN, SECRET, { ...at, maxAge: 101, clockTolerance: -1 }],
  ]
  for (const [message, token, key, opts] of cases) {
    same(`${message} (${typeof token === 'string' ? token.slice(0, 24) : token} ${JSON.stringify(opts)})`, (lib) => lib.verify(token, key, opts), message)
  }
})

test('verify: when several things are wrong, the error jsonwebtoken reports first', () => {
  const expiredAndEarly = theirs.sign({ iat: NOW - 200, nbf: NOW + 10, exp: NOW - 10, aud: 'x', iss: 'y', sub: 'z', jti: 'j', nonce: 'n' }, SECRET)
  const at = { clockTimestamp: NOW }
  const cases = [
    ['jwt must be provided', '', undefined, { nonce: 'n' }],
    ['jwt malformed', 'a.b', undefined, at],
    ['invalid token', 'a.b.c', undefined, { ...at, algorithms: ['HS256'] }],
    ['invalid token', 'a.b.c', (h, cb) => cb(null, SECRET), at],
    ['secret or public key must be provided', HS_TOKEN, null, { ...at, algorithms: ['RS256'] }],
    ['invalid algorithm', HS_TOKEN, SECRET, { ...at, algorithms: ['RS256'], audience: 'nope' }],
    ['invalid signature', expiredAndEarly, SECRET + 'x', { ...at, audience: 'nope' }],
    ['jwt not active', expiredAndEarly, SECRET, { ...at, audience: 'nope', issuer: 'nope' }],
    ['jwt expired', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, audience: 'nope' }],
    ['jwt audience invalid. expected: nope', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, audience: 'nope', issuer: 'nope' }],
    ['jwt issuer invalid. expected: nope', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, issuer: 'nope', subject: 'nope' }],
    ['jwt subject invalid. expected: nope', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, subject: 'nope', jwtid: 'nope' }],
    ['jwt jwtid invalid. expected: nope', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, jwtid: 'nope', nonce: 'nope' }],
    ['jwt nonce invalid. expected: nope', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, nonce: 'nope', maxAge: 1 }],
    ['maxAge exceeded', expiredAndEarly, SECRET, { ...at, ignoreNotBefore: true, ignoreExpiration: true, maxAge: 1 }],
    ['invalid nbf value', forge('{"alg":"HS256"}', '{"nbf":"x","exp":"y"}'), SECRET, at],
    ['invalid exp value', forge('{"alg":"HS256"}', `{"nbf":${NOW - 1},"exp":"y","aud":"q"}`), SECRET, { ...at, audience: 'nope' }],
    ['jwt not active', forge('{"alg":"HS256"}', `{"nbf":${NOW + 1},"exp":"y"}`), SECRET, at],
  ]
  for (const [message, token, key, opts] of cases) {
    same(`${message} (${JSON.stringify(opts)})`, (lib) => lib.verify(token, key, opts), message)
  }
})

test('verify with a callback: called synchronously with the same arguments; its result is returned', () => {
  const at = { clockTimestamp: NOW }
  const cases = [
    [HS_TOKEN, SECRET, at],
    [HS_TOKEN, SECRET, { ...at, complete: true }],
    [HS_TOKEN, SECRET, { clockTimestamp: NOW + 1000 }],
    [HS_TOKEN, SECRET, { clockTimestamp: NOW - 1000 }],
    [HS_TOKEN, 'wrong secret, long enough to be one', at],
    ['a.b', SECRET, at],
    ['', SECRET, at],
    [HS_TOKEN, null, at],
    [HS_TOKEN, SECRET, { ...at, audience: 'nope' }],
    [HS_TOKEN, SECRET, { clockTimestamp: 'x' }],
  ]
  for (const [token, key, opts] of cases) {
    const seen = LIBS.map(([, lib]) => {
      let sync = true
      let args
      const returned = lib.verify(token, key, opts, (error, payload) => {
        args = { sync, error: error && describeError(error), payload }
        return 'from the callback'
      })
      sync = false
      return { args, returned }
    })
    assert.deepStrictEqual(seen[1], seen[0], `${token} ${JSON.stringify(opts)}`)
    assert.equal(seen[1].args.sync, true)
    assert.equal(seen[1].returned, 'from the callback')
  }
  // The callback in place of the options.
  const seen = LIBS.map(([, lib]) => atNow(() => lib.verify(HS_TOKEN, SECRET, (error, payload) => ({ error, payload }))))
  assert.deepStrictEqual(seen[1], seen[0])
  assert.deepEqual(seen[1].payload, CLAIMS)
})

test('verify with a key function: the header it is given, its answer (now or later), its errors', async () => {
  const at = { clockTimestamp: NOW }
  const rsToken = atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'RS256', keyid: 'rsa-1' }))
  /** Runs verify with `getKey`; resolves with what was seen once the callback is called. */
  const run = (lib, token, getKey, opts) =>
    new Promise((resolve) => {
      const headers = []
      let sync = true
      const returned = lib.verify(token, (header, cb) => {
        headers.push(header)
        return getKey(header, cb)
      }, opts, (error, payload) => {
        resolve({ sync, headers, error: error && describeError(error), payload, returned: undefined })
        return 'from the callback'
      })
      sync = false
      setTimeout(() => resolve({ never: true, headers, returned }), 2000).unref()
    })
  const cases = [
    ['immediate answer', rsToken, (header, cb) => cb(null, header.kid === 'rsa-1' ? RSA_PUB : null), at],
    ['later answer', rsToken, (header, cb) => setImmediate(() => cb(null, RSA_PUB)), at],
    ['later answer, complete', rsToken, (header, cb) => setTimeout(() => cb(null, crypto.createPublicKey(RSA_PUB)), 1), { ...at, complete: true }],
    ['answer with the wrong key', rsToken, (header, cb) => cb(null, EC_PUB), at],
    ['answer with no key', rsToken, (header, cb) => cb(null, undefined), at],
    ['answer with an error', rsToken, (header, cb) => cb(new Error('no such key')), at],
    ['answer with an error later', rsToken, (header, cb) => setImmediate(() => cb(new TypeError('JWKS unavailable'))), at],
    ['expired token', rsToken, (header, cb) => cb(null, RSA_PUB), { clockTimestamp: NOW + 1e6, maxAge: 5 }],
    ['unreadable token: the function is not called', 'a.b.c', (header, cb) => cb(null, RSA_PUB), at],
  ]
  for (const [label, token, getKey, opts] of cases) {
    const a = await run(theirs, token, getKey, opts)
    const b = await run(ours, token, getKey, opts)
    assert.deepStrictEqual(b, a, label)
    assert.ok(!b.never, label)
  }
  // Without a callback, a key function is an error (synchronous verify cannot wait for it).
  same('key function without callback', (lib) => lib.verify(rsToken, (header, cb) => cb(null, RSA_PUB), at),
    'verify must be called asynchronous if secret or public key is provided as a callback')
  same('key function, callback as options', (lib) => {
    let result
    lib.verify(forge('{"alg":"HS256"}', `{"iat":${NOW}}`), (header, cb) => cb(null, SECRET), (error, payload) => { result = { error: error && describeError(error), payload } })
    return result
  })
})

// ---------------------------------------------------------------------------------------------------------
// decode

test('decode: the same payload, complete result or null', () => {
  const tokens = [
    HS_TOKEN,
    atNow(() => theirs.sign({ a: 1 }, RSA, { algorithm: 'RS256', keyid: 'k', header: { x5t: 't' } })),
    atNow(() => theirs.sign('{"raw":true}', SECRET)),
    `${b64('{"alg":"none","typ":"JWT"}')}.${b64('{"a":1}')}.`,
    `${b64('{"alg":"HS256"}')}.${b64('{"a":{"b":[1,2,{"c":null}]}}')}.sig`,
    forge('{"alg":"HS256","typ":"JWT"}', '{"sub":"é"}'),
  ]
  for (const token of tokens) {
    for (const opts of [undefined, null, {}, { complete: true }, { complete: false }, { json: true }, { complete: true, json: true }]) {
      const result = same(`decode ${token.slice(0, 20)} ${JSON.stringify(opts)}`, (lib) => lib.decode(token, opts))
      assert.ok(result.value !== null, token)
    }
    same(`decode Buffer ${token.slice(0, 20)}`, (lib) => lib.decode(Buffer.from(token), { complete: true }))
  }
  for (const garbage of ['', 'garbage', 'a.b', 'a.b.c', '..', 'a.b.c.d', `${b64('{"alg":"HS256"}')}.***.x`, undefined, null, 5, {}, [], true]) {
    const result = same(`decode ${JSON.stringify(garbage)}`, (lib) => lib.decode(garbage))
    assert.equal(result.value, null, JSON.stringify(garbage))
    same(`decode complete ${JSON.stringify(garbage)}`, (lib) => lib.decode(garbage, { complete: true }))
  }
})

// ---------------------------------------------------------------------------------------------------------
// Errors and the module

test('the error classes: names, prototype chain, own properties and JSON form as jsonwebtoken\'s', () => {
  const date = new Date(NOW * 1000)
  const inner = new Error('inner')
  for (const [name, args] of [
    ['JsonWebTokenError', ['jwt malformed']],
    ['JsonWebTokenError', ['with inner', inner]],
    ['TokenExpiredError', ['jwt expired', date]],
    ['NotBeforeError', ['jwt not active', date]],
  ]) {
    same(`new ${name}`, (lib) => {
      const error = new lib[name](...args)
      return {
        described: describeError(error),
        instanceOfError: error instanceof Error,
        instanceOfBase: error instanceof lib.JsonWebTokenError,
        instanceOfOther: error instanceof (name === 'NotBeforeError' ? lib.TokenExpiredError : lib.NotBeforeError),
        string: String(error),
        stack: error.stack.split('\n')[0],
        inner: error.inner,
        expiredAt: error.expiredAt,
        date: error.date,
        className: error.constructor.name,
      }
    })
  }
  // Thrown by verify, the classes are the module's own.
  assert.throws(() => ours.verify(HS_TOKEN, SECRET, { clockTimestamp: NOW + 1000 }), (error) =>
    error instanceof ours.TokenExpiredError && error instanceof ours.JsonWebTokenError && error.expiredAt.getTime() === (NOW + 100) * 1000)
  assert.throws(() => ours.verify(HS_TOKEN, SECRET, { clockTimestamp: NOW - 1000 }), (error) =>
    error instanceof ours.NotBeforeError && error.date.getTime() === (NOW - 50) * 1000)
})

test('the module: the same exports as jsonwebtoken, through require and import, and the package exports map', async () => {
  assert.deepEqual(Object.keys(ours), Object.keys(theirs))
  for (const name of Object.keys(theirs)) assert.equal(typeof ours[name], typeof theirs[name], name)
  assert.equal(require.resolve('jetwt/jsonwebtoken'), path.join(ROOT, 'bindings-node', 'jsonwebtoken.js'))
  assert.equal(require('../jsonwebtoken.js'), ours)

  const esm = await import('jetwt/jsonwebtoken')
  assert.equal(esm.default, ours)
  for (const name of Object.keys(ours)) assert.equal(esm[name], ours[name], name)
  assert.deepEqual(Object.keys(esm).sort(), [...Object.keys(ours), 'default'].sort())
  // Every named import jsonwebtoken's ESM face offers (its CommonJS exports, as far as Node detects them).
  const theirsEsm = await import('jsonwebtoken')
  for (const name of Object.keys(theirsEsm)) assert.ok(name in esm, name)

  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.deepEqual(manifest.exports['./jsonwebtoken'], {
    types: './bindings-node/jsonwebtoken.d.ts',
    import: './bindings-node/jsonwebtoken.mjs',
    require: './bindings-node/jsonwebtoken.js',
  })
  for (const file of ['jsonwebtoken.js', 'jsonwebtoken.mjs', 'jsonwebtoken.d.ts']) {
    assert.ok(manifest.files.includes(`bindings-node/${file}`), file)
  }
})

test('jsonwebtoken.d.ts declares the runtime exports, and code typed for jsonwebtoken type-checks against it', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'jsonwebtoken.d.ts'), 'utf8')
  const declared = [...dts.matchAll(/export declare (?:function|class) (\w+)/g)].map((m) => m[1])
  assert.deepEqual([...new Set(declared)].sort(), Object.keys(ours).sort())

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jetwt-jsonwebtoken-dts-'))
  try {
    fs.writeFileSync(path.join(dir, 'example.mts'), `
      import jwt, { sign, verify, decode, JsonWebTokenError, TokenExpiredError, NotBeforeError } from 'jetwt/jsonwebtoken'
      import type { JwtPayload, Jwt, SignOptions, VerifyOptions, GetPublicKeyOrSecret, Algorithm } from 'jetwt/jsonwebtoken'
      const options: SignOptions = { algorithm: 'RS256', expiresIn: '1h', notBefore: 5, audience: ['a'], keyid: 'k', header: { kid: 'k', alg: 'RS256' } }
      const token: string = sign({ sub: 'x' }, 'secret', options)
      sign({ a: 1 }, Buffer.from('secret'), (error, encoded) => { if (error === null) { const t: string | undefined = encoded } })
      sign('{"a":1}', { key: 'pem', passphrase: 'p' }, { algorithm: 'HS256' }, (error: Error | null, encoded?: string) => {})
      const payload: JwtPayload = verify(token, 'secret', { audience: [/api/, 'web'], maxAge: '2d', clockTolerance: 5 })
      const complete: Jwt = verify(token, 'secret', { complete: true })
      const getKey: GetPublicKeyOrSecret = (header, callback) => callback(null, header.kid === 'k' ? 'secret' : undefined)
      verify(token, getKey, { algorithms: ['HS256'] }, (error, decoded) => {
        if (error instanceof TokenExpiredError) { const when: Date = error.expiredAt }
        if (error instanceof NotBeforeError) { const when: Date = error.date }
        if (decoded) { const sub: string | undefined = decoded.sub }
      })
      verify(token, 'secret', (error, decoded) => {})
      const peek = decode(token, { complete: true })
      if (peek !== null) { const alg: string = peek.header.alg; const signature: string = peek.signature }
      const claims = decode(token)
      if (claims !== null) { const exp: number | undefined = claims.exp }
      const failure = new JsonWebTokenError('jwt malformed')
      const inner: unknown = failure.inner
      const algorithms: Algorithm[] = ['HS256', 'ES512']
      const options2: VerifyOptions = { algorithms, clockTimestamp: 1, ignoreExpiration: true, ignoreNotBefore: false, nonce: 'n', jwtid: 'j', subject: 's', issuer: ['i'] }
      jwt.verify(jwt.sign({}, 'secret'), 'secret', options2)
      // @ts-expect-error a payload is never a string
      const notString: string = verify(token, 'secret')
    `)
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], skipLibCheck: false },
      files: ['example.mts'],
    }))
    // The example resolves 'jetwt/jsonwebtoken' through a node_modules link to the repository.
    fs.mkdirSync(path.join(dir, 'node_modules'))
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'jetwt'), 'dir')
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' })
    } catch (error) {
      assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the packed package: require and import jetwt/jsonwebtoken from an installed tarball', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const run = (command, args, cwd) =>
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jetwt-jsonwebtoken-pack-'))
  try {
    const [packed] = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', dir], ROOT))
    const files = packed.files.map((f) => f.path)
    for (const file of ['jsonwebtoken.js', 'jsonwebtoken.mjs', 'jsonwebtoken.d.ts']) assert.ok(files.includes(`bindings-node/${file}`), file)
    const app = path.join(dir, 'app')
    fs.mkdirSync(app)
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, version: '1.0.0' }))
    run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(dir, packed.filename)], app)
    fs.writeFileSync(path.join(app, 'cjs.js'), `
      const assert = require('node:assert/strict')
      const jwt = require('jetwt/jsonwebtoken')
      assert.ok(require.resolve('jetwt/jsonwebtoken').startsWith(${JSON.stringify(path.join(app, 'node_modules'))}))
      const secret = ${JSON.stringify(SECRET)}
      const token = jwt.sign({ sub: 'cjs' }, secret, { expiresIn: '1h' })
      assert.equal(jwt.verify(token, secret).sub, 'cjs')
      assert.throws(() => jwt.verify(token, secret, { audience: 'x' }), jwt.JsonWebTokenError)
      jwt.sign({ sub: 'cjs' }, secret, (error, signed) => console.log('cjs', jwt.decode(signed).sub))
    `)
    fs.writeFileSync(path.join(app, 'esm.mjs'), `
      import assert from 'node:assert/strict'
      import jwt, { sign, verify, TokenExpiredError } from 'jetwt/jsonwebtoken'
      const secret = ${JSON.stringify(SECRET)}
      assert.equal(jwt.sign, sign)
      const token = sign({ sub: 'esm', exp: 1 }, secret)
      assert.throws(() => verify(token, secret), TokenExpiredError)
      console.log('esm', jwt.decode(token).sub)
    `)
    assert.equal(run(process.execPath, ['cjs.js'], app).trim(), 'cjs cjs')
    assert.equal(run(process.execPath, ['esm.mjs'], app).trim(), 'esm esm')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
