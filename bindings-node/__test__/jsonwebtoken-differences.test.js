'use strict'
// The deliberate differences between `jetwt/jsonwebtoken` and jsonwebtoken 9, each asserted on both libraries:
// what jsonwebtoken does (so that a change on its side shows up here) and what jetwt does instead. Every
// behavioural one is a place where jetwt is stricter: it refuses what jsonwebtoken accepts (or signs), or refuses
// with a JsonWebTokenError where jsonwebtoken throws a TypeError/SyntaxError or calls back twice. The last test
// records the one addition: the ES module names every export.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')

const theirs = require('jsonwebtoken')
const ours = require('jetwt/jsonwebtoken')
const { SECRET, keyText, keyBytes } = require('./support.js')

const NOW = 1_700_000_000
const at = { clockTimestamp: NOW }
const b64 = (data) => Buffer.from(data).toString('base64url')

/** A token over arbitrary header and payload bytes, HMAC-SHA256 with `secret` (signed outside both libraries). */
function forge(header, payload, secret = SECRET) {
  const input = `${typeof header === 'string' ? b64(header) : header.toString('base64url')}.${typeof payload === 'string' ? b64(payload) : payload.toString('base64url')}`
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** The same with the segments given as base64url text (for non-canonical encodings). */
function forgeRaw(headerSegment, payloadSegment, secret = SECRET) {
  const input = `${headerSegment}.${payloadSegment}`
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** Asserts an error by class (of our module), name and message. */
function refused(fn, cls, message) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof cls, `expected ${cls.name}, got ${error && error.constructor.name}: ${error && error.message}`)
    assert.equal(error.name, cls.name === 'Error' ? 'Error' : cls.name)
    if (message instanceof RegExp) assert.match(error.message, message)
    else assert.equal(error.message, message)
    return true
  })
}

const EC_PUB = keyText('ec_p256.pub.pem')

test('unsecured tokens (alg "none"): jsonwebtoken signs and, with algorithms ["none"], accepts them; jetwt never', () => {
  const unsigned = theirs.sign({ a: 1, iat: NOW }, null, { algorithm: 'none' })
  assert.equal(unsigned.split('.')[2], '')
  assert.deepEqual(theirs.verify(unsigned, null, { ...at, algorithms: ['none'] }), { a: 1, iat: NOW })
  assert.deepEqual(theirs.verify(unsigned, undefined, { ...at, algorithms: ['none', 'HS256'] }), { a: 1, iat: NOW })

  refused(() => ours.sign({ a: 1 }, null, { algorithm: 'none' }), Error, 'jetwt does not sign unsecured tokens: the algorithm "none" is refused')
  refused(() => ours.sign({ a: 1 }, SECRET, { algorithm: 'none' }), Error, 'jetwt does not sign unsecured tokens: the algorithm "none" is refused')
  refused(() => ours.sign({ a: 1 }, SECRET, { header: { alg: 'none' } }), Error, 'jetwt does not sign unsecured tokens: the algorithm "none" is refused')
  refused(() => ours.verify(unsigned, null, { ...at, algorithms: ['none'] }), ours.JsonWebTokenError, 'jwt signature is required')
  refused(() => ours.verify(unsigned, undefined, { ...at, algorithms: ['none', 'HS256'] }), ours.JsonWebTokenError, 'jwt signature is required')

  // An unsigned token claiming an HMAC algorithm: jsonwebtoken crashes on the missing key, jetwt refuses.
  const unsignedHs = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64('{"a":1}')}.`
  assert.throws(() => theirs.verify(unsignedHs, null, { ...at, algorithms: ['HS256'] }), TypeError)
  refused(() => ours.verify(unsignedHs, null, { ...at, algorithms: ['HS256'] }), ours.JsonWebTokenError, 'jwt signature is required')
})

test('HMAC secrets shorter than the hash (or empty) do not sign; they still verify, as in jsonwebtoken', () => {
  for (const [alg, secret, length] of [['HS256', 'shhhhh', 6], ['HS384', 'x'.repeat(47), 47], ['HS512', Buffer.alloc(63, 1), 63]]) {
    const token = theirs.sign({ a: 1, iat: NOW }, secret, { algorithm: alg })
    const bits = alg.slice(2)
    refused(() => ours.sign({ a: 1, iat: NOW }, secret, { algorithm: alg }), Error,
      `An HMAC secret for ${alg} must be at least ${bits / 8} bytes; this one has ${length}.`)
    assert.deepEqual(ours.verify(token, secret, at), theirs.verify(token, secret, at))
  }
  const empty = Buffer.alloc(0)
  const token = theirs.sign({ a: 1, iat: NOW }, empty)
  assert.deepEqual(theirs.verify(token, empty, at), { a: 1, iat: NOW })
  refused(() => ours.sign({ a: 1 }, empty), Error, 'An HMAC secret must not be empty.')
  refused(() => ours.verify(token, empty, at), ours.JsonWebTokenError, 'An HMAC secret must not be empty.')
  // The refusal keeps jetwt's error, for the curious.
  assert.throws(() => ours.sign({ a: 1 }, 'shhhhh'), (error) => error.cause instanceof require('jetwt').InvalidKeyError)
  assert.throws(() => ours.verify(token, empty, at), (error) => error.inner instanceof require('jetwt').InvalidKeyError && !Object.keys(error).includes('inner'))
})

test('RSA keys under 2048 bits: refused for signing even with allowInsecureKeySizes, and for verifying', () => {
  const weak = keyText('rsa1024.pem')
  const token = theirs.sign({ a: 1, iat: NOW }, weak, { algorithm: 'RS256', allowInsecureKeySizes: true })
  assert.deepEqual(theirs.verify(token, keyText('rsa1024.pub.pem'), at), { a: 1, iat: NOW })
  refused(() => ours.sign({ a: 1 }, weak, { algorithm: 'RS256', allowInsecureKeySizes: true }), Error,
    'The RSA private key was rejected: it is too small (RSA keys need at least 2048 bits).')
  refused(() => ours.verify(token, keyText('rsa1024.pub.pem'), at), ours.JsonWebTokenError, 'The RSA key has 1024 bits; at least 2048 are required.')
})

test('allowInvalidAsymmetricKeyTypes: accepted, but jetwt still binds the key type to the algorithm', () => {
  // jsonwebtoken then signs "RS256" with an EC key (an ECDSA signature under an RSA name), and verifies it.
  const ec = keyText('ec_p256.pem')
  const loose = { allowInvalidAsymmetricKeyTypes: true }
  const token = theirs.sign({ a: 1, iat: NOW }, ec, { algorithm: 'RS256', ...loose, allowInsecureKeySizes: true })
  assert.deepEqual(theirs.verify(token, EC_PUB, { ...at, algorithms: ['RS256'], ...loose }), { a: 1, iat: NOW })
  const message = 'The algorithm RS256 needs an RSA key, but the key is an EC key on P-256.'
  refused(() => ours.sign({ a: 1 }, ec, { algorithm: 'RS256', ...loose, allowInsecureKeySizes: true }), Error, message)
  refused(() => ours.verify(token, EC_PUB, { ...at, algorithms: ['RS256'], ...loose }), ours.JsonWebTokenError, message)
  // A curve that does not match the algorithm: jsonwebtoken fails while signing, jetwt refuses the key.
  assert.throws(() => theirs.sign({ a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256', ...loose }), /specified length/)
  refused(() => ours.sign({ a: 1 }, keyText('ec_p384.pem'), { algorithm: 'ES256', ...loose }), Error,
    'The algorithm ES256 needs an EC key on P-256, but the key is an EC key on P-384.')
})

test('RSASSA-PSS-restricted keys (type "rsa-pss") are refused; jsonwebtoken signs and verifies PS* with them', () => {
  const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 })
  const token = theirs.sign({ a: 1, iat: NOW }, pss.privateKey, { algorithm: 'PS256' })
  assert.deepEqual(theirs.verify(token, pss.publicKey, at), { a: 1, iat: NOW })
  const message = 'RSASSA-PSS-restricted keys (OID 1.2.840.113549.1.1.10) are not supported; use an rsaEncryption key with PS256/384/512.'
  refused(() => ours.sign({ a: 1 }, pss.privateKey, { algorithm: 'PS256' }), Error, message)
  refused(() => ours.verify(token, pss.publicKey, at), ours.JsonWebTokenError, message)
  refused(() => ours.verify(token, pss.publicKey.export({ format: 'pem', type: 'spki' }), at), ours.JsonWebTokenError, message)
})

test('key material never used as an HMAC secret: JWK text, DER bytes, SSH keys, unparseable PEM', () => {
  const jwkText = JSON.stringify(crypto.createPublicKey(EC_PUB).export({ format: 'jwk' }))
  const looksLikeKey = 'The secret looks like a PEM, DER, JWK or SSH key; asymmetric key material is never used as an HMAC secret.'
  const cases = [
    ['JWK text', jwkText, looksLikeKey],
    ['DER bytes', keyBytes('ec_p256.pub.der'), 'The algorithm HS256 needs an HMAC secret, but the key is an EC key on P-256.'],
    ['SSH public key', `ssh-ed25519 ${'A'.repeat(68)} user@host`, looksLikeKey],
    ['a PEM node cannot read', '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n', 'The data is not a DER-encoded key or certificate.'],
  ]
  for (const [label, material, message] of cases) {
    const token = theirs.sign({ a: 1, iat: NOW }, material)
    assert.deepEqual(theirs.verify(token, material, at), { a: 1, iat: NOW }, label)
    refused(() => ours.sign({ a: 1 }, material), Error, message)
    refused(() => ours.verify(token, material, at), ours.JsonWebTokenError, message)
  }
})

test('a PEM after other text (an OpenSSL "Bag Attributes" export): both read the key; as a secret both refuse it', () => {
  const bag = `Bag Attributes\n    localKeyID: 01 00 00 00\nsubject=/CN=test\n${keyText('rsa2048.cert.pem')}`
  const token = theirs.sign({ a: 1, iat: NOW }, keyText('rsa2048.pem'), { algorithm: 'RS256' })
  assert.deepEqual(theirs.verify(token, bag, at), { a: 1, iat: NOW })
  assert.deepEqual(ours.verify(token, bag, at), { a: 1, iat: NOW })
  // jetwt's own API refuses the same text as an HMAC secret (no algorithm confusion through a preamble).
  assert.throws(() => require('../index.js').Key.fromSecret(bag), (e) => e.code === 'invalid_key')
  // As an HMAC secret it is refused by both (node reads a key in it).
  const hmac = forge('{"alg":"HS256"}', '{"a":1}', bag)
  for (const lib of [theirs, ours]) {
    refused(() => lib.verify(hmac, bag, { ...at, algorithms: ['HS256'] }), lib.JsonWebTokenError, 'secretOrPublicKey must be a symmetric key when using HS256')
  }
})

test('non-canonical base64url, invalid UTF-8, duplicate members, non-object JSON: "invalid token", decode null', () => {
  // `{"a":1}` is 7 bytes: its last base64url character carries 4 unused bits, set here.
  const canonical = b64('{"a":1}')
  const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(canonical.at(-1))
  const sloppy = canonical.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last | 0x0f]
  assert.notEqual(sloppy, canonical)
  const cases = [
    ['non-canonical base64url', forgeRaw(b64('{"alg":"HS256","typ":"JWT"}'), sloppy), { a: 1 }],
    ['invalid UTF-8', forge('{"alg":"HS256","typ":"JWT"}', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), { a: '\ufffd' }],
    ['duplicate member names', forge('{"alg":"HS256","typ":"JWT"}', '{"sub":"alice","sub":"mallory"}'), { sub: 'mallory' }],
    ['a payload that is an array', forge('{"alg":"HS256","typ":"JWT"}', '[1,2]'), [1, 2]],
    ['nesting deeper than 64', forge('{"alg":"HS256","typ":"JWT"}', `{"a":${'['.repeat(100)}${']'.repeat(100)}}`), null],
    ['a header that is an array', forge('[1]', '{"a":1}'), null],
  ]
  for (const [label, token, decoded] of cases) {
    if (decoded !== null) {
      assert.deepEqual(theirs.verify(token, SECRET, at), decoded, label)
      assert.deepEqual(theirs.decode(token), decoded, label)
    }
    refused(() => ours.verify(token, SECRET, at), ours.JsonWebTokenError, 'invalid token')
    assert.equal(ours.decode(token), null, label)
  }
  // jsonwebtoken only reads the header of a token with a non-object header; jetwt does not read it at all.
  assert.equal(theirs.decode(cases.at(-1)[1], { complete: true }).header[0], 1)
  assert.throws(() => theirs.verify(cases.at(-1)[1], SECRET, at), { message: 'invalid algorithm' })
})

test('a payload that is not JSON: jsonwebtoken returns the string (or throws a SyntaxError with typ JWT); jetwt refuses', () => {
  const text = theirs.sign('hello', SECRET)
  assert.equal(theirs.verify(text, SECRET, at), 'hello')
  assert.equal(theirs.decode(text), 'hello')
  refused(() => ours.verify(text, SECRET, at), ours.JsonWebTokenError, 'invalid token')
  assert.equal(ours.decode(text), null)

  const typed = forge('{"alg":"HS256","typ":"JWT"}', 'not json')
  assert.throws(() => theirs.decode(typed), SyntaxError)
  assert.throws(() => theirs.verify(typed, SECRET, at), SyntaxError)
  assert.equal(ours.decode(typed), null)
  refused(() => ours.verify(typed, SECRET, at), ours.JsonWebTokenError, 'invalid token')
})

test('sign: only JSON object claims, serialised as JSON.stringify writes them', () => {
  const message = 'jetwt signs JSON object claims only: a string or Buffer payload must be the JSON text of an object, exactly as JSON.stringify writes it'
  for (const payload of ['hello', '{ "a": 1 }', '[1,2]', '1', Buffer.from('not json'), Buffer.from('{"a":1} ')]) {
    assert.equal(typeof theirs.sign(payload, SECRET), 'string', String(payload))
    refused(() => ours.sign(payload, SECRET), Error, message)
  }
  for (const payload of [5, true]) {
    assert.equal(typeof theirs.sign(payload, SECRET), 'string', String(payload))
    refused(() => ours.sign(payload, SECRET), Error, message)
  }
})

test('non-finite NumericDates: jsonwebtoken signs NaN/Infinity as null and accepts 1e400 as never expiring', () => {
  for (const [claim, value] of [['exp', NaN], ['exp', Infinity], ['nbf', -Infinity], ['iat', Infinity]]) {
    const token = theirs.sign({ a: 1, [claim]: value }, SECRET)
    assert.equal(JSON.parse(Buffer.from(token.split('.')[1], 'base64url'))[claim], null, claim)
    refused(() => ours.sign({ a: 1, [claim]: value }, SECRET), Error, `"${claim}" should be a number of seconds`)
  }
  const forever = forge('{"alg":"HS256","typ":"JWT"}', '{"a":1,"exp":1e400}')
  assert.deepEqual(theirs.verify(forever, SECRET, at), { a: 1, exp: Infinity })
  refused(() => ours.verify(forever, SECRET, at), ours.JsonWebTokenError, 'invalid exp value')
})

test('registered claims of the wrong type are refused even when no option asks about them', () => {
  const cases = [
    ['aud', '{"aud":5}', {}],
    ['aud', '{"aud":["a",5]}', {}],
    ['iss', '{"iss":{"name":"x"}}', {}],
    ['sub', '{"sub":42}', {}],
    ['jti', '{"jti":false}', {}],
    ['iat', '{"iat":"yesterday"}', {}],
    ['nbf', '{"nbf":"x"}', { ignoreNotBefore: true }],
    ['exp', '{"exp":"x"}', { ignoreExpiration: true }],
  ]
  for (const [claim, payload, opts] of cases) {
    const token = forge('{"alg":"HS256","typ":"JWT"}', payload)
    assert.deepEqual(theirs.verify(token, SECRET, { ...at, ...opts }), JSON.parse(payload), payload)
    refused(() => ours.verify(token, SECRET, { ...at, ...opts }), ours.JsonWebTokenError, `invalid ${claim} value`)
    assert.deepEqual(ours.decode(token)[claim], JSON.parse(payload)[claim])
  }
})

test('a token issued in the future (iat beyond clockTolerance) is refused, as jetwt refuses it', () => {
  const token = theirs.sign({ a: 1, iat: NOW + 60 }, SECRET)
  assert.deepEqual(theirs.verify(token, SECRET, at), { a: 1, iat: NOW + 60 })
  assert.throws(() => ours.verify(token, SECRET, at), (error) => {
    assert.ok(error instanceof ours.NotBeforeError)
    assert.equal(error.name, 'NotBeforeError')
    assert.equal(error.message, 'jwt issued in the future')
    assert.equal(error.date.getTime(), (NOW + 60) * 1000)
    return true
  })
  refused(() => ours.verify(token, SECRET, { ...at, ignoreNotBefore: true }), ours.NotBeforeError, 'jwt issued in the future')
  assert.deepEqual(ours.verify(token, SECRET, { ...at, clockTolerance: 60 }), { a: 1, iat: NOW + 60 })
  // With a callback, the same error.
  let seen
  ours.verify(token, SECRET, at, (error) => { seen = error })
  assert.equal(seen.message, 'jwt issued in the future')
})

test('maxAge counts from the token\'s iat even when it is 0 (jsonwebtoken then counts from now)', () => {
  const zero = forge('{"alg":"HS256","typ":"JWT"}', '{"a":1,"iat":0}')
  assert.deepEqual(theirs.verify(zero, SECRET, { ...at, maxAge: '1h' }), { a: 1, iat: 0 })
  assert.throws(() => ours.verify(zero, SECRET, { ...at, maxAge: '1h' }), (error) =>
    error instanceof ours.TokenExpiredError && error.message === 'maxAge exceeded' && error.expiredAt.getTime() === 3600 * 1000)
})

test('a RegExp audience is tested only against aud strings (jsonwebtoken tests it against "undefined" too)', () => {
  const none = theirs.sign({ a: 1, iat: NOW }, SECRET)
  assert.deepEqual(theirs.verify(none, SECRET, { ...at, audience: /^und/ }), { a: 1, iat: NOW })
  refused(() => ours.verify(none, SECRET, { ...at, audience: /^und/ }), ours.JsonWebTokenError, 'jwt audience invalid. expected: /^und/')
  const numeric = forge('{"alg":"HS256","typ":"JWT"}', '{"aud":[5]}')
  assert.deepEqual(theirs.verify(numeric, SECRET, { ...at, audience: /5/ }), { aud: [5] })
  refused(() => ours.verify(numeric, SECRET, { ...at, audience: /5/ }), ours.JsonWebTokenError, 'jwt audience invalid. expected: /5/')
})

test('verify options of the wrong type are refused (jsonwebtoken coerces them, or ignores the check)', () => {
  const token = theirs.sign({ a: 1, iat: NOW - 10, exp: NOW - 5, iss: 'https://evil.example' }, SECRET)
  // A string clockTolerance is concatenated by jsonwebtoken, which disables the exp check.
  assert.deepEqual(theirs.verify(token, SECRET, { ...at, clockTolerance: '1' }), { a: 1, iat: NOW - 10, exp: NOW - 5, iss: 'https://evil.example' })
  refused(() => ours.verify(token, SECRET, { ...at, clockTolerance: '1' }), ours.JsonWebTokenError, 'clockTolerance must be a number')
  refused(() => ours.verify(token, SECRET, { ...at, clockTolerance: NaN }), ours.JsonWebTokenError, 'clockTolerance must be a number')
  // An infinite clockTimestamp: jsonwebtoken accepts it as a time; jetwt needs a finite one.
  const fresh = theirs.sign({ a: 1, iat: NOW }, SECRET)
  assert.deepEqual(theirs.verify(fresh, SECRET, { clockTimestamp: Infinity }), { a: 1, iat: NOW })
  refused(() => ours.verify(fresh, SECRET, { clockTimestamp: Infinity }), ours.JsonWebTokenError, 'clockTimestamp must be a finite number')
  // A string for algorithms is searched as a substring by jsonwebtoken.
  assert.deepEqual(theirs.verify(fresh, SECRET, { ...at, algorithms: 'RS256,HS256' }), { a: 1, iat: NOW })
  refused(() => ours.verify(fresh, SECRET, { ...at, algorithms: 'RS256,HS256' }), ours.JsonWebTokenError, 'algorithms must be an array of strings')
  refused(() => ours.verify(fresh, SECRET, { ...at, algorithms: ['HS256', 5] }), ours.JsonWebTokenError, 'algorithms must be an array of strings')
  // An issuer that is neither a string nor an array is not checked at all by jsonwebtoken.
  const evil = theirs.sign({ a: 1, iat: NOW, iss: 'https://evil.example' }, SECRET)
  assert.equal(theirs.verify(evil, SECRET, { ...at, issuer: /^https:\/\/good\.example$/ }).iss, 'https://evil.example')
  refused(() => ours.verify(evil, SECRET, { ...at, issuer: /^https:\/\/good\.example$/ }), ours.JsonWebTokenError, 'issuer must be a string or an array of strings')
  refused(() => ours.verify(evil, SECRET, { ...at, issuer: ['ok', 5] }), ours.JsonWebTokenError, 'issuer must be a string or an array of strings')
})

test('encodings other than UTF-8 (or ASCII-compatible names for ASCII text) are refused', () => {
  for (const [encoding, payload] of [['latin1', { a: 'é' }], ['ascii', { a: 'é' }], ['hex', { a: 1 }], ['base64', { a: 1 }], ['utf16le', { a: 1 }], ['nonsense', { a: 1 }]]) {
    // jsonwebtoken signs bytes that are not the UTF-8 JSON text, or fails inside Buffer.from.
    let signed
    try {
      signed = theirs.sign(payload, SECRET, { encoding, noTimestamp: true })
    } catch (error) {
      signed = error
    }
    if (typeof signed === 'string') {
      assert.notEqual(Buffer.from(signed.split('.')[1], 'base64url').toString('utf8'), JSON.stringify(payload), encoding)
    } else {
      assert.match(signed.message, /Unknown encoding/, encoding)
    }
    refused(() => ours.sign(payload, SECRET, { encoding }), Error,
      `"encoding" ${JSON.stringify(encoding)} is not supported: jetwt signs the UTF-8 bytes of the JSON payload`)
  }
  // For a string payload the text is checked before signing.
  refused(() => ours.sign('{"a":"é"}', SECRET, { encoding: 'latin1' }), Error,
    '"encoding" "latin1" is not supported: jetwt signs the UTF-8 bytes of the JSON payload')
})

test('header members jetwt refuses to write: a non-string kid or typ, a typ of null (dropped)', () => {
  assert.equal(typeof theirs.sign({ a: 1 }, SECRET, { header: { kid: 5 } }), 'string')
  refused(() => ours.sign({ a: 1 }, SECRET, { header: { kid: 5 } }), Error, 'The header\'s "kid" must be a string, not a number.')
  refused(() => ours.sign({ a: 1 }, SECRET, { header: { typ: 1 } }), Error, 'The header\'s "typ" must be a string, not a number.')
  const withNull = theirs.sign({ a: 1, iat: NOW }, SECRET, { header: { typ: null } })
  assert.deepEqual(theirs.decode(withNull, { complete: true }).header, { alg: 'HS256', typ: null })
  assert.deepEqual(ours.decode(ours.sign({ a: 1, iat: NOW }, SECRET, { header: { typ: null } }), { complete: true }).header, { alg: 'HS256' })
})

test('a critical header extension jetwt does not understand is refused (jsonwebtoken ignores crit)', () => {
  const token = forge('{"alg":"HS256","typ":"JWT","crit":["x-policy"],"x-policy":1}', '{"a":1}')
  assert.deepEqual(theirs.verify(token, SECRET, at), { a: 1 })
  refused(() => ours.verify(token, SECRET, at), ours.JsonWebTokenError, 'invalid token')
  assert.deepEqual(ours.decode(token, { complete: true }).header.crit, ['x-policy'])
})

test('non-ASCII header members are read as UTF-8 (jsonwebtoken reads the header as latin1)', () => {
  const token = forge('{"alg":"HS256","typ":"JWT","kid":"clé"}', '{"a":1}')
  assert.equal(theirs.decode(token, { complete: true }).header.kid, 'cl\u00c3\u00a9')
  assert.equal(ours.decode(token, { complete: true }).header.kid, 'clé')
  assert.equal(ours.verify(token, SECRET, { ...at, complete: true }).header.kid, 'clé')
})

test('errors jsonwebtoken lets escape as TypeError become JsonWebTokenErrors', () => {
  // An ES256 signature of the wrong length: a TypeError from ecdsa-sig-formatter in jsonwebtoken.
  const es = theirs.sign({ a: 1, iat: NOW }, keyText('ec_p256.pem'), { algorithm: 'ES256' })
  for (const signature of ['AAAA', 'A'.repeat(90)]) {
    const token = `${es.split('.').slice(0, 2).join('.')}.${signature}`
    assert.throws(() => theirs.verify(token, EC_PUB, at), TypeError)
    refused(() => ours.verify(token, EC_PUB, at), ours.JsonWebTokenError, 'invalid signature')
  }
  // An algorithm neither library implements, listed in algorithms: a TypeError from jwa in jsonwebtoken.
  const odd = forge('{"alg":"HS1024"}', '{"a":1}')
  assert.throws(() => theirs.verify(odd, SECRET, { ...at, algorithms: ['HS1024'] }), TypeError)
  refused(() => ours.verify(odd, SECRET, { ...at, algorithms: ['HS1024'] }), ours.JsonWebTokenError, 'invalid algorithm')
})

test('claims JSON cannot represent (BigInt, cycles): an Error rather than jsonwebtoken\'s TypeError', async () => {
  const cyclic = { a: 1 }
  cyclic.self = cyclic
  for (const [payload, options, reason] of [
    [{ a: 1n }, undefined, 'Do not know how to serialize a BigInt'],
    [{ a: 1n }, { encoding: 'utf8' }, 'Do not know how to serialize a BigInt'],
    [cyclic, undefined, 'Converting circular structure to JSON'],
  ]) {
    assert.throws(() => theirs.sign(payload, SECRET, options), TypeError)
    assert.throws(() => ours.sign(payload, SECRET, options), (error) =>
      error.constructor === Error && error.message.startsWith(`The claims could not be serialised: ${reason}`))
  }
  // With a callback, both call back on a later tick.
  const calls = await Promise.all([theirs, ours].map((lib) => new Promise((resolve) => {
    let sync = true
    lib.sign({ a: 1n }, SECRET, (error, token) => resolve({ sync, error, token }))
    sync = false
  })))
  assert.deepEqual(calls.map((c) => [c.sync, c.error.constructor.name, c.token]), [[false, 'TypeError', undefined], [false, 'Error', undefined]])
  assert.equal(calls[1].error.message, 'The claims could not be serialised: Do not know how to serialize a BigInt')
})

test('a lone surrogate in the claims: jsonwebtoken signs and verifies it as the escape "\\ud800"; jetwt refuses both', () => {
  const claims = { s: 'a\ud800' }
  const token = theirs.sign(claims, SECRET, { noTimestamp: true })
  assert.equal(Buffer.from(token.split('.')[1], 'base64url').toString(), '{"s":"a\\ud800"}')
  assert.deepEqual(theirs.verify(token, SECRET, at), claims)
  assert.throws(() => ours.sign(claims, SECRET), (error) =>
    error.constructor === Error && /lone UTF-16 surrogate \(the escape at byte 7\)/.test(error.message))
  refused(() => ours.verify(token, SECRET, at), ours.JsonWebTokenError, 'invalid token')
})

test('where jetwt\'s core refuses and jsonwebtoken\'s checks see nothing wrong, the token is refused', () => {
  // A clockTolerance under a nanosecond is no tolerance to jetwt's core (it counts time in nanoseconds).
  const token = theirs.sign({ a: 1, exp: 1 }, SECRET, { noTimestamp: true })
  assert.deepEqual(theirs.verify(token, SECRET, { clockTimestamp: 1, clockTolerance: 1e-10 }), { a: 1, exp: 1 })
  assert.throws(() => ours.verify(token, SECRET, { clockTimestamp: 1, clockTolerance: 1e-10 }), (error) =>
    error instanceof ours.JsonWebTokenError && error.message === 'The token has expired.' && error.inner instanceof require('jetwt').ExpiredSignatureError)
  assert.deepEqual(ours.verify(token, SECRET, { clockTimestamp: 1, clockTolerance: 1e-9 }), { a: 1, exp: 1 })
})

test('sign with a callback and a claim given twice: jsonwebtoken calls back twice (error, then a token); jetwt once', async () => {
  const calls = (lib) =>
    new Promise((resolve) => {
      const seen = []
      lib.sign({ a: 1, aud: 'x' }, SECRET, { audience: 'y' }, (error, token) => seen.push(error ? error.message : token))
      setTimeout(() => resolve(seen), 50)
    })
  const theirsCalls = await calls(theirs)
  assert.equal(theirsCalls.length, 2)
  assert.equal(theirsCalls[0], 'Bad "options.audience" option. The payload already has an "aud" property.')
  assert.equal(typeof theirsCalls[1], 'string')
  assert.deepEqual(await calls(ours), ['Bad "options.audience" option. The payload already has an "aud" property.'])
})

test('sign with a callback: jetwt\'s own key refusals come synchronously, like jsonwebtoken\'s key errors', () => {
  let sync = true
  let seen
  ours.sign({ a: 1 }, 'shhhhh', (error, token) => { seen = { sync, error, token } })
  sync = false
  assert.equal(seen.sync, true)
  assert.equal(seen.error.message, 'An HMAC secret for HS256 must be at least 32 bytes; this one has 6.')
  assert.equal(seen.token, undefined)
})

test('the ES module offers every export by name (jsonwebtoken\'s ESM face detects only decode)', async () => {
  const theirsEsm = await import('jsonwebtoken')
  assert.deepEqual(Object.keys(theirsEsm).sort(), ['decode', 'default'])
  const oursEsm = await import('jetwt/jsonwebtoken')
  assert.deepEqual(Object.keys(oursEsm).sort(), ['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError', 'decode', 'default', 'sign', 'verify'])
})
