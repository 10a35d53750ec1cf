'use strict'
// Every error class, on the sync and the async path, and the promise that bad input only ever produces a
// JwtError: no TypeError, SyntaxError or crash from a malformed token, key or claims.

const test = require('node:test')
const assert = require('node:assert/strict')

const jetwt = require('..')
const { Key, KeySet, Signer, Verifier, JwtError } = jetwt
const { SECRET, keyText } = require('./support.js')

const NOW = 1_700_000_000
const b64 = (text) => Buffer.from(text).toString('base64url')

/** A token signed with SECRET (HS256) over the given header and payload text, bypassing encode's checks. */
function forge(headerJson, payloadJson) {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`
  const signature = require('node:crypto').createHmac('sha256', SECRET).update(input).digest('base64url')
  return `${input}.${signature}`
}

const hs = (claims, header) => jetwt.encode(claims, SECRET, header ? { header } : undefined)
const base = { algorithms: ['HS256'], now: NOW }
const ec = Key.generate('ES256')
const set = KeySet.fromJwks({ keys: [{ ...ec.publicKey().toJwk(), kid: 'a' }] })

/** One verification per error code: token, key, options, and the class expected. */
const VERIFY_CASES = [
  ['malformed', 'DecodeError', 'not.a.token', SECRET, base],
  ['malformed', 'DecodeError', forge('{"alg":"HS256"}', '[1]'), SECRET, base],
  ['invalid_algorithm', 'InvalidAlgorithmError', hs({}), SECRET, { ...base, algorithms: ['HS384'] }],
  ['invalid_algorithm', 'InvalidAlgorithmError', forge('{"alg":"none"}', '{}'), SECRET, base],
  ['invalid_key', 'InvalidKeyError', hs({}), keyText('rsa1024.pub.pem'), { ...base, algorithms: ['RS256'] }],
  ['invalid_key', 'InvalidKeyError', hs({}), '', base],
  ['invalid_signature', 'InvalidSignatureError', hs({}).slice(0, -2) + 'AA', SECRET, base],
  ['invalid_signature', 'InvalidSignatureError', hs({}), 'another secret, also long enough!!', base],
  ['expired', 'ExpiredSignatureError', hs({ exp: NOW }), SECRET, base],
  ['expired', 'ExpiredSignatureError', hs({ iat: NOW - 61 }), SECRET, { ...base, maxAge: 60 }],
  ['not_yet_valid', 'ImmatureSignatureError', hs({ nbf: NOW + 1 }), SECRET, base],
  ['not_yet_valid', 'ImmatureSignatureError', hs({ iat: NOW + 1 }), SECRET, base],
  ['invalid_audience', 'InvalidAudienceError', hs({ aud: 'web' }), SECRET, { ...base, audience: 'api' }],
  ['invalid_issuer', 'InvalidIssuerError', hs({ iss: 'eve' }), SECRET, { ...base, issuer: 'ada' }],
  ['invalid_subject', 'InvalidSubjectError', hs({ sub: 'eve' }), SECRET, { ...base, subject: 'ada' }],
  ['invalid_type', 'InvalidTypeError', hs({}, { typ: 'JWT' }), SECRET, { ...base, typ: 'at+jwt' }],
  ['missing_claim', 'MissingRequiredClaimError', hs({}), SECRET, { ...base, required: ['scope'] }, 'scope'],
  ['missing_claim', 'MissingRequiredClaimError', hs({}), SECRET, { ...base, audience: 'api' }, 'aud'],
  ['invalid_claim', 'InvalidClaimError', hs({ exp: '4102444800' }), SECRET, base],
  ['invalid_claim', 'InvalidClaimError', forge('{"alg":"HS256"}', '{"exp":1e400}'), SECRET, base],
  ['key_not_found', 'KeyNotFoundError', jetwt.encode({}, ec, { algorithm: 'ES256', header: { kid: 'b' } }), set, { ...base, algorithms: ['ES256'] }],
]

function check(error, code, className, claim) {
  assert.ok(error instanceof JwtError, `${code}: a JwtError, got ${error && error.name}: ${error && error.message}`)
  assert.ok(error instanceof Error)
  assert.equal(error.code, code)
  assert.equal(error.name, className)
  assert.ok(error instanceof jetwt[className], `${code}: an instance of ${className}`)
  assert.equal(error.constructor, jetwt[className])
  assert.equal(jetwt[className].code, code)
  assert.equal(typeof error.message, 'string')
  assert.ok(error.message.length > 10 && !error.message.includes('Error {'), `a sentence: ${error.message}`)
  assert.match(error.stack, /errors\.test\.js|index\.js/)
  if (claim !== undefined) assert.equal(error.claim, claim)
  return true
}

test('the codes of the cases cover every error class', () => {
  const covered = new Set(VERIFY_CASES.map(([code]) => code))
  const classes = Object.keys(jetwt).filter((name) => jetwt[name].prototype instanceof JwtError)
  assert.equal(classes.length, 13)
  for (const name of classes) assert.ok(covered.has(jetwt[name].code), `a case for ${name}`)
})

test('every error class on the sync path: verify and Verifier.verify', () => {
  for (const [code, className, token, key, options, claim] of VERIFY_CASES) {
    assert.throws(() => jetwt.verify(token, key, options), (e) => check(e, code, className, claim))
    let verifier
    try {
      verifier = new Verifier(key, options)
    } catch (error) {
      // A key refused up front is refused with the same class.
      check(error, code, className, claim)
      continue
    }
    assert.throws(() => verifier.verify(token), (e) => check(e, code, className, claim))
  }
})

test('every error class on the async path: verifyAsync and Verifier.verifyAsync reject alike', async () => {
  for (const [code, className, token, key, options, claim] of VERIFY_CASES) {
    await assert.rejects(jetwt.verifyAsync(token, key, options), (e) => check(e, code, className, claim))
    let verifier
    try {
      verifier = new Verifier(key, options)
    } catch (error) {
      check(error, code, className, claim)
      continue
    }
    await assert.rejects(verifier.verifyAsync(token), (e) => check(e, code, className, claim))
  }
})

test('signing errors, sync and async: encode, encodeAsync, Signer.sign, Signer.signAsync', async () => {
  const cases = [
    ['invalid_key', 'InvalidKeyError', {}, 'short', { algorithm: 'HS256' }],
    ['invalid_key', 'InvalidKeyError', {}, ec.publicKey(), { algorithm: 'ES256' }],
    ['invalid_algorithm', 'InvalidAlgorithmError', {}, SECRET, { algorithm: 'none' }],
    ['invalid_algorithm', 'InvalidAlgorithmError', {}, ec, { algorithm: 'ES384' }],
    ['malformed', 'DecodeError', [1, 2], SECRET, { algorithm: 'HS256' }],
    ['malformed', 'DecodeError', 'claims', SECRET, { algorithm: 'HS256' }],
    // JSON.stringify writes a lone surrogate as an escape that no strict parser reads: refused before signing,
    // with a secret, a Key (its plain signer) and an asymmetric key alike.
    ['malformed', 'DecodeError', { s: 'a\ud800' }, SECRET, { algorithm: 'HS256' }],
    ['malformed', 'DecodeError', { s: '\udc00', t: '\ud83d\ude00' }, Key.fromSecret(SECRET), { algorithm: 'HS256' }],
    ['malformed', 'DecodeError', { s: '\ud83d\ud83d' }, ec, { algorithm: 'ES256' }],
  ]
  for (const [code, className, claims, key, options] of cases) {
    assert.throws(() => jetwt.encode(claims, key, options), (e) => check(e, code, className))
    await assert.rejects(jetwt.encodeAsync(claims, key, options), (e) => check(e, code, className))
  }
  const signer = new Signer(SECRET, { algorithm: 'HS256' })
  assert.throws(() => signer.sign('claims'), (e) => check(e, 'malformed', 'DecodeError'))
  await assert.rejects(signer.signAsync([]), (e) => check(e, 'malformed', 'DecodeError'))
  // A Signer that adds `iat` parses the claims strictly, and one that adds nothing checks them for surrogates as
  // encode does: either way a lone surrogate is refused.
  const plain = new Signer(SECRET, { algorithm: 'HS256', issuedAt: false })
  for (const s of [signer, plain]) {
    assert.throws(() => s.sign({ s: '\ud800' }), (e) => check(e, 'malformed', 'DecodeError'))
    await assert.rejects(s.signAsync({ s: '\ud800' }), (e) => check(e, 'malformed', 'DecodeError'))
  }
  // A valid pair (which JSON.stringify writes as the character itself; core's tests cover escaped pairs) and a
  // backslash before "ud800" are fine.
  const fine = { s: '\ud83d\ude00', t: '\\ud800' }
  assert.deepEqual(jetwt.verify(plain.sign(fine), SECRET, { algorithms: ['HS256'] }), fine)
  assert.deepEqual(jetwt.verify(jetwt.encode(fine, SECRET), SECRET, { algorithms: ['HS256'] }), fine)
  assert.throws(() => new Signer('short', { algorithm: 'HS256' }), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
})

test('bad tokens of any type are DecodeErrors', async () => {
  const tokens = [undefined, null, 42, {}, [], () => 1, Symbol('t'), 10n, Buffer.from([0xff, 0xfe]), '', '..', 'a.b', 'a.b.c.d',
    '\u0000.\u0000.\u0000', 'eyJ.eyJ.', `${b64('{"alg":"HS256"}')}=.${b64('{}')}.`, ' ' + hs({}), 'x'.repeat(300 * 1024)]
  for (const token of tokens) {
    assert.throws(() => jetwt.verify(token, SECRET, base), (e) => check(e, 'malformed', 'DecodeError'))
    assert.throws(() => jetwt.decode(token), (e) => check(e, 'malformed', 'DecodeError'))
    assert.throws(() => jetwt.decodeHeader(token), (e) => check(e, 'malformed', 'DecodeError'))
    await assert.rejects(jetwt.verifyAsync(token, SECRET, base), (e) => check(e, 'malformed', 'DecodeError'))
  }
  const deep = forge('{"alg":"HS256"}', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`)
  assert.throws(() => jetwt.verify(deep, SECRET, base), (e) => check(e, 'malformed', 'DecodeError'))
  const bom = forge('{"alg":"HS256"}', '\ufeff{}')
  assert.throws(() => jetwt.verify(bom, SECRET, base), (e) => check(e, 'malformed', 'DecodeError'))
  const duplicate = forge('{"alg":"HS256"}', '{"a":1,"a":2}')
  assert.throws(() => jetwt.verify(duplicate, SECRET, base), (e) => check(e, 'malformed', 'DecodeError'))
})

test('bad keys of any type are InvalidKeyErrors', async () => {
  const token = hs({})
  const keys = [undefined, null, 42, {}, [], true, () => SECRET, Symbol('k'), { kty: 'oct', k: 'c2VjcmV0' }, new Date()]
  for (const key of keys) {
    assert.throws(() => jetwt.verify(token, key, base), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    assert.throws(() => jetwt.encode({}, key), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    assert.throws(() => new Verifier(key, base), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    assert.throws(() => new Signer(key, { algorithm: 'HS256' }), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    await assert.rejects(jetwt.verifyAsync(token, key, base), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    await assert.rejects(jetwt.encodeAsync({}, key), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
  }
  const material = [
    keyText('rsa2048.encrypted.pem'),
    keyText('ed448.pem'),
    '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  ]
  for (const key of material) {
    assert.throws(() => Key.fromPem(key), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    assert.throws(() => Key.fromSecret(key), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
    assert.throws(() => jetwt.verify(token, key, { ...base, algorithms: ['HS256', 'RS256'] }), (e) => check(e, 'invalid_key', 'InvalidKeyError'))
  }
  const factories = [
    () => Key.fromSecret(42),
    () => Key.fromSecret(''),
    () => Key.fromPem(undefined),
    () => Key.fromDer('not bytes'),
    () => Key.fromDer(Buffer.from('garbage')),
    () => Key.fromDer(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])),
    () => Key.fromJwk('{'),
    () => Key.fromJwk(42),
    () => Key.fromJwk({ kty: 'RSA', n: 'AQAB' }),
    () => Key.fromJwk({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }),
    () => KeySet.fromJwks('[]'),
    () => KeySet.fromJwks(null),
    () => KeySet.fromJwks({ keys: 'none' }),
  ]
  for (const factory of factories) assert.throws(factory, (e) => check(e, 'invalid_key', 'InvalidKeyError'))
  assert.throws(() => Key.generate(42), (e) => check(e, 'invalid_algorithm', 'InvalidAlgorithmError'))
  assert.throws(() => Key.generate('HS1'), (e) => check(e, 'invalid_algorithm', 'InvalidAlgorithmError'))
})

test('claims that cannot be JSON are DecodeErrors, not TypeErrors', async () => {
  const circular = {}
  circular.self = circular
  const throwing = { toJSON() { throw new Error('nope') } }
  for (const claims of [undefined, null, 1, 'x', true, () => 1, Symbol('c'), { n: 1n }, circular, throwing]) {
    assert.throws(() => jetwt.encode(claims, SECRET), (e) => check(e, 'malformed', 'DecodeError'))
    await assert.rejects(jetwt.encodeAsync(claims, SECRET), (e) => check(e, 'malformed', 'DecodeError'))
  }
  assert.throws(() => jetwt.encode({}, SECRET, { header: { n: 1n } }), (e) => check(e, 'malformed', 'DecodeError'))
})

test('a JwtError can be made by hand and keeps its code', () => {
  const error = new jetwt.ExpiredSignatureError('custom')
  assert.equal(error.code, 'expired')
  assert.equal(error.message, 'custom')
  const base = new JwtError('base', { code: 'invalid_key' })
  assert.equal(base.code, 'invalid_key')
  assert.equal(base.name, 'JwtError')
  const missing = new jetwt.MissingRequiredClaimError('m', { claim: 'aud', cause: base })
  assert.equal(missing.claim, 'aud')
  assert.equal(missing.cause, base)
})
