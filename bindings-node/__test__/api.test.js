'use strict'
// The public Node API of API.md: encode/decode/verify, their async twins, Key, KeySet, Signer and Verifier.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')

const jetwt = require('..')
const { Key, KeySet, Signer, Verifier } = jetwt
const { ALGORITHMS, CLAIMS, HMAC, SECRET, keyBytes, keyText, pair, payloadText, headerText } = require('./support.js')

const NOW = 1_700_000_000

/** Runs `body` with `Date.now()` (and so jetwt's clock) fixed at `seconds`. */
function atTime(seconds, body) {
  const real = Date.now
  Date.now = () => seconds * 1000
  try {
    return body()
  } finally {
    Date.now = real
  }
}

test('every algorithm round-trips with string keys, sync and async', async () => {
  for (const alg of ALGORITHMS) {
    const { sign, verify } = pair(alg)
    const token = jetwt.encode(CLAIMS, sign, { algorithm: alg })
    assert.deepEqual(JSON.parse(headerText(token)), { alg, typ: 'JWT' })
    assert.deepEqual(jetwt.verify(token, verify, { algorithms: [alg], audience: 'api', issuer: CLAIMS.iss }), CLAIMS)
    const asyncToken = await jetwt.encodeAsync(CLAIMS, sign, { algorithm: alg })
    assert.deepEqual(await jetwt.verifyAsync(asyncToken, verify, { algorithms: [alg], audience: 'api' }), CLAIMS)
  }
})

test('keys may be Buffers, Uint8Arrays, ArrayBuffers, Keys and KeyObjects', () => {
  const pem = keyBytes('ec_p256.pem')
  const pub = keyBytes('ec_p256.pub.pem')
  const forms = [
    [pem, pub],
    [new Uint8Array(pem), new Uint8Array(pub)],
    [Key.fromPem(pem), Key.fromPem(pub)],
    [crypto.createPrivateKey(pem), crypto.createPublicKey(pub)],
    [keyBytes('ec_p256.der'), keyBytes('ec_p256.pub.der')],
  ]
  for (const [signing, verifying] of forms) {
    const token = jetwt.encode({ n: 1 }, signing, { algorithm: 'ES256' })
    assert.deepEqual(jetwt.verify(token, verifying, { algorithms: ['ES256'] }), { n: 1 })
  }
  const secretObject = crypto.createSecretKey(Buffer.from(SECRET))
  const token = jetwt.encode({ n: 2 }, secretObject)
  assert.deepEqual(jetwt.verify(token, Buffer.from(SECRET), { algorithms: ['HS256'] }), { n: 2 })
  assert.deepEqual(jetwt.verify(token, secretObject, { algorithms: ['HS256'] }), { n: 2 })
  assert.deepEqual(jetwt.verify(token, SECRET, { algorithms: ['HS256'] }), { n: 2 })
  const view = new DataView(new Uint8Array(Buffer.from(SECRET)).buffer)
  assert.deepEqual(jetwt.verify(token, view, { algorithms: ['HS256'] }), { n: 2 })
})

test('encode defaults to HS256 and takes extra header members', () => {
  const token = jetwt.encode({ a: 1 }, SECRET)
  assert.deepEqual(jetwt.decodeHeader(token), { alg: 'HS256', typ: 'JWT' })
  const withHeader = jetwt.encode({ a: 1 }, SECRET, { algorithm: 'HS384', header: { kid: 'k1', cty: 'x', typ: null } })
  assert.equal(headerText(withHeader), '{"alg":"HS384","kid":"k1","cty":"x"}')
  assert.throws(() => jetwt.encode({}, SECRET, { header: { alg: 'HS512' } }), jetwt.InvalidAlgorithmError)
})

test('claims serialise exactly as JSON.stringify would', () => {
  const claims = { z: 1, a: 'é\u2028', nested: { b: [1, 'two', null], skip: undefined }, fn: () => 1, u: undefined }
  assert.equal(payloadText(jetwt.encode(claims, SECRET)), JSON.stringify(claims))
  class Custom {
    constructor() {
      this.secret = 'hidden'
    }
    toJSON() {
      return { sub: 'from toJSON', exp: new Date(4102444800000) }
    }
  }
  assert.equal(payloadText(jetwt.encode(new Custom(), SECRET)), '{"sub":"from toJSON","exp":4102444800}')
  const withDate = { when: new Date(0), sub: 'x' }
  assert.equal(payloadText(jetwt.encode(withDate, SECRET)), JSON.stringify(withDate))
  const big = { n: 12345678901234567890, f: 0.1, neg: -0 }
  assert.equal(payloadText(jetwt.encode(big, SECRET)), JSON.stringify(big))
})

test('Date values of exp, nbf and iat become NumericDate seconds, in place', () => {
  const claims = { iat: new Date(1_699_999_999_900), sub: 'ada', nbf: new Date(1_700_000_000_000), exp: new Date(1_700_000_060_999), other: new Date(0) }
  const token = jetwt.encode(claims, SECRET)
  assert.equal(payloadText(token), '{"iat":1699999999,"sub":"ada","nbf":1700000000,"exp":1700000060,"other":"1970-01-01T00:00:00.000Z"}')
  assert.deepEqual(jetwt.verify(token, SECRET, { algorithms: ['HS256'], now: new Date(NOW * 1000 + 30_000) }).exp, 1700000060)
  assert.throws(() => jetwt.encode({ exp: new Date(NaN) }, SECRET), (error) => {
    assert.ok(error instanceof jetwt.InvalidClaimError)
    assert.equal(error.claim, 'exp')
    return true
  })
})

test('without `now`, the clock is Date.now(), so fake timers work', async () => {
  const token = jetwt.encode({ exp: NOW + 10, nbf: NOW - 10 }, SECRET)
  const opts = { algorithms: ['HS256'] }
  atTime(NOW, () => assert.deepEqual(jetwt.verify(token, SECRET, opts), { exp: NOW + 10, nbf: NOW - 10 }))
  atTime(NOW + 10, () => assert.throws(() => jetwt.verify(token, SECRET, opts), jetwt.ExpiredSignatureError))
  atTime(NOW - 11, () => assert.throws(() => jetwt.verify(token, SECRET, opts), jetwt.ImmatureSignatureError))
  const verifier = new Verifier(SECRET, opts)
  atTime(NOW + 10, () => assert.throws(() => verifier.verify(token), jetwt.ExpiredSignatureError))
  const signer = new Signer(SECRET, { algorithm: 'HS256', expiresIn: 60, notBefore: 5 })
  const signed = atTime(NOW + 0.75, () => signer.sign({}))
  assert.equal(payloadText(signed), `{"iat":${NOW},"exp":${NOW + 60},"nbf":${NOW + 5}}`)
  const real = Date.now
  Date.now = () => NOW * 1000
  try {
    const pending = signer.signAsync({ sub: 'a' })
    const verifying = verifier.verifyAsync(token)
    assert.equal(payloadText(await pending), `{"sub":"a","iat":${NOW},"exp":${NOW + 60},"nbf":${NOW + 5}}`)
    assert.deepEqual(await verifying, { exp: NOW + 10, nbf: NOW - 10 })
  } finally {
    Date.now = real
  }
})

test('verify options: audience, issuer, subject, leeway, required, maxAge, typ, now, complete', () => {
  const token = jetwt.encode({ ...CLAIMS, iat: NOW - 100, exp: NOW + 100, nbf: NOW - 100 }, SECRET, {
    header: { typ: 'at+jwt' },
  })
  const base = { algorithms: ['HS256'], now: NOW, audience: 'api' }
  assert.equal(jetwt.verify(token, SECRET, { ...base, audience: ['other', 'api'] }).sub, CLAIMS.sub)
  assert.equal(jetwt.verify(token, SECRET, { ...base, issuer: ['x', CLAIMS.iss], subject: CLAIMS.sub }).sub, CLAIMS.sub)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, issuer: 'x' }), jetwt.InvalidIssuerError)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, subject: 'x' }), jetwt.InvalidSubjectError)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, now: NOW + 100 }), jetwt.ExpiredSignatureError)
  assert.equal(jetwt.verify(token, SECRET, { ...base, now: NOW + 100, leeway: 1 }).sub, CLAIMS.sub)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, maxAge: 99 }), jetwt.ExpiredSignatureError)
  assert.equal(jetwt.verify(token, SECRET, { ...base, maxAge: 100 }).sub, CLAIMS.sub)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, required: ['jti'] }), jetwt.MissingRequiredClaimError)
  assert.equal(jetwt.verify(token, SECRET, { ...base, required: ['roles'], typ: 'AT+JWT' }).sub, CLAIMS.sub)
  assert.throws(() => jetwt.verify(token, SECRET, { ...base, typ: 'JWT' }), jetwt.InvalidTypeError)
  assert.equal(jetwt.verify(token, SECRET, { ...base, now: new Date(NOW * 1000) }).sub, CLAIMS.sub)
  const complete = jetwt.verify(token, SECRET, { ...base, complete: true })
  assert.deepEqual(complete.header, { alg: 'HS256', typ: 'at+jwt' })
  assert.equal(complete.claims.sub, CLAIMS.sub)
  assert.deepEqual(Object.keys(complete), ['header', 'claims'])
})

test('mixed algorithm families are allowed, each checked against the key', () => {
  const rsa = jetwt.encode({ a: 1 }, keyText('rsa2048.pem'), { algorithm: 'RS256' })
  const opts = { algorithms: ['ES256', 'RS256', 'HS256'] }
  assert.deepEqual(jetwt.verify(rsa, keyText('rsa2048.pub.pem'), opts), { a: 1 })
  // A public key is never an HMAC secret, whatever the allow-list says.
  const forged = jetwt.encode({ a: 1 }, 'x'.repeat(40), { algorithm: 'HS256' })
  assert.throws(() => jetwt.verify(forged, keyText('rsa2048.pub.pem'), opts), jetwt.InvalidAlgorithmError)
  assert.throws(() => jetwt.encode({}, keyText('rsa2048.pub.pem'), { algorithm: 'HS256' }), jetwt.InvalidAlgorithmError)
  assert.throws(() => Key.fromSecret(keyText('rsa2048.pub.pem')), jetwt.InvalidKeyError)
})

test('decode and decodeHeader inspect without verifying', () => {
  const token = jetwt.encode(CLAIMS, keyText('ed25519.pem'), { algorithm: 'EdDSA', header: { kid: 'ed' } })
  const decoded = jetwt.decode(token)
  assert.deepEqual(decoded.header, { alg: 'EdDSA', typ: 'JWT', kid: 'ed' })
  assert.deepEqual(decoded.claims, CLAIMS)
  assert.ok(Buffer.isBuffer(decoded.signature))
  assert.equal(decoded.signature.length, 64)
  assert.deepEqual(jetwt.decodeHeader(token), decoded.header)
  assert.deepEqual(jetwt.decode(Buffer.from(token)).claims, CLAIMS)
  // An unsecured token decodes (inspection) but never verifies.
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.`
  assert.deepEqual(jetwt.decode(none).claims, { a: 1 })
  assert.equal(jetwt.decode(none).signature.length, 0)
  assert.throws(() => jetwt.verify(none, SECRET, { algorithms: ['HS256'] }), jetwt.InvalidAlgorithmError)
})

test('Key factories, properties and exports', () => {
  const rsa = Key.fromPem(keyText('rsa2048.pem'))
  assert.equal(rsa.algorithm, null)
  assert.equal(rsa.kid, null)
  assert.equal(rsa.isPrivate, true)
  const pub = rsa.publicKey()
  assert.equal(pub.isPrivate, false)
  assert.equal(pub.toPem(), keyText('rsa2048.pub.pem'))
  assert.equal(pub.thumbprint(), rsa.thumbprint())
  const jwk = pub.toJwk()
  assert.deepEqual(Object.keys(jwk).sort(), ['e', 'kty', 'n'])
  const nodeThumbprint = crypto.createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url')
  assert.equal(rsa.thumbprint(), nodeThumbprint)
  assert.deepEqual(rsa.toJwk(), jwk, 'without `private`, a private key exports its public JWK')
  const privateJwk = rsa.toJwk(true)
  assert.ok(typeof privateJwk.d === 'string' && typeof privateJwk.qi === 'string')
  assert.deepEqual(crypto.createPrivateKey({ key: privateJwk, format: 'jwk' }).export({ format: 'jwk' }).n, jwk.n)
  assert.equal(Key.fromJwk(privateJwk).thumbprint(), rsa.thumbprint())
  assert.equal(Key.fromJwk(JSON.stringify(jwk)).isPrivate, false)

  const ec = Key.fromDer(keyBytes('ec_p256.der'))
  assert.equal(ec.algorithm, 'ES256')
  assert.equal(Key.fromPem(ec.toPem()).thumbprint(), ec.thumbprint())
  assert.equal(Key.fromDer(new Uint8Array(keyBytes('ec_p256.pub.der')).buffer).isPrivate, false)

  const withKid = Key.fromJwk({ ...ec.publicKey().toJwk(), kid: 'k1', alg: 'ES256' })
  assert.equal(withKid.kid, 'k1')
  assert.equal(withKid.algorithm, 'ES256')
  assert.equal(withKid.toJwk().kid, 'k1')

  for (const alg of ALGORITHMS) {
    const generated = Key.generate(alg)
    assert.equal(generated.isPrivate, true)
    const token = jetwt.encode({ alg }, generated, { algorithm: alg })
    const verifying = HMAC.includes(alg) ? generated : generated.publicKey()
    assert.deepEqual(jetwt.verify(token, verifying, { algorithms: [alg] }), { alg })
  }
  const secret = Key.fromSecret(SECRET)
  assert.equal(secret.isPrivate, true)
  assert.equal(secret.algorithm, null)
  assert.deepEqual(secret.toJwk(true), { kty: 'oct', k: Buffer.from(SECRET).toString('base64url') })
  assert.throws(() => secret.toJwk(), jetwt.InvalidKeyError)
  assert.throws(() => secret.toPem(), jetwt.InvalidKeyError)
  assert.throws(() => secret.thumbprint(), jetwt.InvalidKeyError)
  assert.throws(() => secret.publicKey(), jetwt.InvalidKeyError)
  assert.throws(() => new Key(), TypeError)
  assert.throws(() => Key.generate('none'), jetwt.InvalidAlgorithmError)
  assert.throws(() => Key.fromSecret(keyText('rsa2048.pub.pem')), jetwt.InvalidKeyError)
})

test('KeySet picks the key by kid and algorithm', () => {
  const a = Key.generate('ES256')
  const b = Key.generate('EdDSA')
  const jwks = { keys: [{ ...a.publicKey().toJwk(), kid: 'a' }, { ...b.publicKey().toJwk(), kid: 'b' }, { kty: 'nope' }] }
  const set = KeySet.fromJwks(jwks)
  assert.equal(set.keys.length, 2)
  assert.equal(set.skipped, 1)
  assert.deepEqual(set.keys.map((key) => key.kid), ['a', 'b'])
  const tokenA = jetwt.encode({ k: 'a' }, a, { algorithm: 'ES256', header: { kid: 'a' } })
  const tokenB = jetwt.encode({ k: 'b' }, b, { algorithm: 'EdDSA', header: { kid: 'b' } })
  const opts = { algorithms: ['ES256', 'EdDSA'] }
  assert.deepEqual(jetwt.verify(tokenA, set, opts), { k: 'a' })
  assert.deepEqual(jetwt.verify(tokenB, KeySet.fromJwks(JSON.stringify(jwks)), opts), { k: 'b' })
  const verifier = new Verifier(set, opts)
  assert.deepEqual(verifier.verify(tokenB), { k: 'b' })
  const wrongKid = jetwt.encode({}, a, { algorithm: 'ES256', header: { kid: 'b' } })
  assert.throws(() => jetwt.verify(wrongKid, set, opts), jetwt.KeyNotFoundError)
  assert.throws(() => KeySet.fromJwks({ keys: [] }), jetwt.InvalidKeyError)
  assert.throws(() => new KeySet(), TypeError)
})

test('Signer adds registered claims where missing and keeps the caller\'s', async () => {
  const key = Key.generate('ES256')
  const signer = new Signer(key, {
    algorithm: 'ES256',
    header: { kid: 'k1' },
    expiresIn: 900,
    notBefore: 0,
    issuer: 'https://auth.example',
    audience: ['api', 'web'],
    subject: 'ada',
    jwtId: true,
  })
  assert.equal(signer.algorithm, 'ES256')
  const token = atTime(NOW, () => signer.sign({ sub: 'grace', role: 'admin' }))
  const claims = jetwt.decode(token).claims
  assert.deepEqual({ ...claims, jti: 'random' }, {
    sub: 'grace', role: 'admin', iat: NOW, exp: NOW + 900, nbf: NOW, iss: 'https://auth.example', aud: ['api', 'web'], jti: 'random',
  })
  assert.match(claims.jti, /^[A-Za-z0-9_-]{22}$/)
  assert.deepEqual(jetwt.decodeHeader(token), { alg: 'ES256', typ: 'JWT', kid: 'k1' })
  const noIat = new Signer(SECRET, { algorithm: 'HS256', issuedAt: false, audience: 'api' })
  assert.equal(payloadText(noIat.sign({ a: 1 })), '{"a":1,"aud":"api"}')
  const signed = await signer.signAsync({})
  const verifier = new Verifier(key.publicKey(), { algorithms: ['ES256'], audience: 'web', issuer: 'https://auth.example', subject: 'ada', required: ['jti'] })
  assert.equal((await verifier.verifyAsync(signed)).sub, 'ada')
  assert.equal(verifier.verify(signed).sub, 'ada')
  assert.throws(() => new Signer(key.publicKey(), { algorithm: 'ES256' }), jetwt.InvalidKeyError)
  assert.throws(() => new Signer(key, { algorithm: 'RS256' }), jetwt.InvalidAlgorithmError)
})

test('Verifier with fixed `now` and `complete`', async () => {
  const token = jetwt.encode({ exp: NOW + 1 }, SECRET, { algorithm: 'HS512' })
  const verifier = new Verifier(Buffer.from(SECRET), { algorithms: ['HS512'], now: NOW, complete: true })
  const expected = { header: { alg: 'HS512', typ: 'JWT' }, claims: { exp: NOW + 1 } }
  assert.deepEqual(verifier.verify(token), expected)
  assert.deepEqual(await verifier.verifyAsync(token), expected)
  assert.deepEqual(await jetwt.verifyAsync(token, SECRET, { algorithms: ['HS512'], now: NOW, complete: true }), expected)
  const later = new Verifier(Key.fromSecret(SECRET), { algorithms: ['HS512'], now: new Date((NOW + 1) * 1000) })
  assert.throws(() => later.verify(token), jetwt.ExpiredSignatureError)
})

test('programmer errors in options are TypeErrors (or RangeErrors), never silent', () => {
  const token = jetwt.encode({}, SECRET)
  const bad = [
    undefined,
    null,
    {},
    { algorithm: ['HS256'] },
    { algorithms: ['HS256'], audience: 5 },
    { algorithms: ['HS256'], audiences: 'api' },
    { algorithms: ['HS256'], leeway: '5' },
    { algorithms: ['HS256'], now: 'tomorrow' },
    { algorithms: ['HS256'], now: new Date(NaN) },
    { algorithms: ['HS256'], complete: 1 },
    { algorithms: ['HS256'], required: 'exp' },
  ]
  for (const options of bad) {
    assert.throws(() => jetwt.verify(token, SECRET, options), TypeError, JSON.stringify(options))
    assert.throws(() => new Verifier(SECRET, options), TypeError, JSON.stringify(options))
  }
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: ['HS256'], leeway: -1 }), RangeError)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: ['HS256'], maxAge: Infinity }), RangeError)
  assert.throws(() => jetwt.encode({}, SECRET, { algorithm: 256 }), TypeError)
  assert.throws(() => jetwt.encode({}, SECRET, { alg: 'HS256' }), TypeError)
  assert.throws(() => jetwt.encode({}, SECRET, { header: 'kid' }), TypeError)
  assert.throws(() => new Signer(SECRET, {}), TypeError)
  assert.throws(() => new Signer(SECRET), TypeError)
  assert.throws(() => new Signer(SECRET, { algorithm: 'HS256', expiresIn: '1h' }), TypeError)
  assert.throws(() => new Signer(SECRET, { algorithm: 'HS256', expiresIn: -1 }), RangeError)
  assert.throws(() => new Signer(SECRET, { algorithm: 'HS256', jwtId: 'yes' }), TypeError)
})

test('an unknown algorithm in the allow-list is invalid_algorithm, not a TypeError', () => {
  const token = jetwt.encode({}, SECRET)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: ['HS256', 'XX999'] }), jetwt.InvalidAlgorithmError)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: [] }), /allowed algorithms is empty/)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: [] }), jetwt.InvalidAlgorithmError)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: 'HS256' }), jetwt.InvalidAlgorithmError)
  assert.throws(() => jetwt.verify(token, SECRET, { algorithms: [256] }), jetwt.InvalidAlgorithmError)
  assert.throws(() => new Verifier(SECRET, { algorithms: [] }), jetwt.InvalidAlgorithmError)
  assert.throws(() => jetwt.encode({}, SECRET, { algorithm: 'none' }), jetwt.InvalidAlgorithmError)
})

test('reused options objects are re-read on every call: changes, even in place, take effect', () => {
  const token = jetwt.encode({ aud: 'api', iss: 'ada', exp: NOW + 10 }, SECRET)
  const options = { algorithms: ['HS256'], audience: 'api', now: NOW }
  for (let i = 0; i < 3; i++) assert.equal(jetwt.verify(token, SECRET, options).aud, 'api')
  options.audience = 'web'
  assert.throws(() => jetwt.verify(token, SECRET, options), jetwt.InvalidAudienceError)
  options.audience = ['web', 'api']
  assert.equal(jetwt.verify(token, SECRET, options).aud, 'api')
  assert.equal(jetwt.verify(token, SECRET, options).aud, 'api')
  options.audience.pop()
  assert.throws(() => jetwt.verify(token, SECRET, options), jetwt.InvalidAudienceError)
  options.audience.push('api')
  options.algorithms[0] = 'HS384'
  assert.throws(() => jetwt.verify(token, SECRET, options), jetwt.InvalidAlgorithmError)
  options.algorithms[0] = 'HS256'
  options.issuer = 'eve'
  assert.throws(() => jetwt.verify(token, SECRET, options), jetwt.InvalidIssuerError)
  delete options.issuer
  options.now = NOW + 10
  assert.throws(() => jetwt.verify(token, SECRET, options), jetwt.ExpiredSignatureError)
  options.now = new Date(NOW * 1000)
  assert.equal(jetwt.verify(token, SECRET, options).aud, 'api')
  options.complete = true
  assert.deepEqual(Object.keys(jetwt.verify(token, SECRET, options)), ['header', 'claims'])
  options.complete = 'yes'
  assert.throws(() => jetwt.verify(token, SECRET, options), TypeError)
  options.complete = false
  options.audiences = 'api'
  assert.throws(() => jetwt.verify(token, SECRET, options), TypeError)
  delete options.audiences
  options.leeway = 10
  assert.equal(jetwt.verify(token, SECRET, { ...options, now: NOW + 10 }).aud, 'api')
  // Many option objects in turn, each reused: every one is still checked as it is.
  const many = Array.from({ length: 12 }, (_, i) => ({ algorithms: ['HS256'], audience: i % 2 ? 'api' : 'web', now: NOW }))
  for (let round = 0; round < 3; round++) {
    for (const [i, opts] of many.entries()) {
      if (i % 2) assert.equal(jetwt.verify(token, SECRET, opts).aud, 'api')
      else assert.throws(() => jetwt.verify(token, SECRET, opts), jetwt.InvalidAudienceError)
    }
  }
  // Key sets and string keys take the same path.
  const set = KeySet.fromJwks({ keys: [{ kty: 'oct', k: Buffer.from(SECRET).toString('base64url') }] })
  const setOptions = { algorithms: ['HS256'], audience: 'api', now: NOW }
  for (let i = 0; i < 3; i++) assert.equal(jetwt.verify(token, set, setOptions).aud, 'api')
  for (let i = 0; i < 3; i++) assert.throws(() => jetwt.verify(token, 'wrong secret, but long enough!!!', setOptions), jetwt.InvalidSignatureError)
})

test('options core refuses are reported before a token over the size limit, on every call, as in Python', async () => {
  const key = Key.fromSecret(SECRET)
  const long = jetwt.encode({ sub: 'x'.repeat(100) }, key)
  for (const options of [{ algorithms: ['XX999'], maxTokenBytes: 10 }, { algorithms: ['XX999'] }]) {
    for (let i = 0; i < 3; i++) {
      assert.throws(() => jetwt.verify(long, key, options), jetwt.InvalidAlgorithmError)
      await assert.rejects(jetwt.verifyAsync(long, key, options), jetwt.InvalidAlgorithmError)
    }
  }
  // Good options and a token over the limit: the token is refused, before it is copied.
  const small = { algorithms: ['HS256'], maxTokenBytes: 10 }
  for (let i = 0; i < 3; i++) {
    assert.throws(() => jetwt.verify(long, key, small), /over the limit of 10/)
    await assert.rejects(jetwt.verifyAsync(long, key, small), /over the limit of 10/)
  }
})

test('verifyAsync re-reads a reused options object on every call too, with a prepared key as with any', async () => {
  const key = Key.fromSecret(SECRET)
  const token = jetwt.encode({ aud: 'api', iss: 'ada', exp: NOW + 10 }, key)
  const options = { algorithms: ['HS256'], audience: 'api', now: NOW }
  // From the second call on, the checked options and the key's native verifier are reused.
  for (let i = 0; i < 3; i++) assert.equal((await jetwt.verifyAsync(token, key, options)).aud, 'api')
  options.audience = 'web'
  await assert.rejects(jetwt.verifyAsync(token, key, options), jetwt.InvalidAudienceError)
  options.audience = ['web', 'api']
  assert.equal((await jetwt.verifyAsync(token, key, options)).aud, 'api')
  options.audience.pop()
  await assert.rejects(jetwt.verifyAsync(token, key, options), jetwt.InvalidAudienceError)
  options.audience.push('api')
  options.algorithms[0] = 'HS384'
  await assert.rejects(jetwt.verifyAsync(token, key, options), jetwt.InvalidAlgorithmError)
  options.algorithms[0] = 'HS256'
  options.now = NOW + 10
  await assert.rejects(jetwt.verifyAsync(token, key, options), jetwt.ExpiredSignatureError)
  options.now = NOW
  options.complete = true
  assert.deepEqual(Object.keys(await jetwt.verifyAsync(token, key, options)), ['header', 'claims'])
  options.complete = 'yes'
  await assert.rejects(jetwt.verifyAsync(token, key, options), TypeError)
  options.complete = false
  options.audiences = 'api'
  await assert.rejects(jetwt.verifyAsync(token, key, options), TypeError)
  delete options.audiences
  // Another key with the same options gets a verifier of its own.
  await assert.rejects(jetwt.verifyAsync(token, Key.fromSecret('another secret, long enough for HS256'), options), jetwt.InvalidSignatureError)
  assert.equal((await jetwt.verifyAsync(token, key, options)).aud, 'api')
  // Key sets too: each set gets a verifier of its own, and changed options still take effect.
  const jwks = (secret) => KeySet.fromJwks({ keys: [{ kty: 'oct', k: Buffer.from(secret).toString('base64url') }] })
  const set = jwks(SECRET)
  for (let i = 0; i < 3; i++) assert.equal((await jetwt.verifyAsync(token, set, options)).aud, 'api')
  await assert.rejects(jetwt.verifyAsync(token, jwks('another secret, long enough for HS256'), options), jetwt.InvalidSignatureError)
  options.audience = 'web'
  await assert.rejects(jetwt.verifyAsync(token, set, options), jetwt.InvalidAudienceError)
})

test('Key.generate chooses the RSA size; withKid sets a kid or the thumbprint', () => {
  const rsa = jetwt.Key.generate('PS256', { bits: 3072 })
  assert.equal(rsa.toJwk().n.length, Math.ceil(3072 / 6))
  assert.throws(() => jetwt.Key.generate('ES256', { bits: 4096 }), jetwt.InvalidKeyError)
  assert.throws(() => jetwt.Key.generate('RS256', { bits: 1024 }), jetwt.InvalidKeyError)
  assert.throws(() => jetwt.Key.generate('RS256', { bits: '2048' }), TypeError)
  assert.throws(() => jetwt.Key.generate('RS256', { size: 2048 }), TypeError)
  const key = jetwt.Key.generate('ES256')
  assert.equal(key.kid, null)
  assert.equal(key.withKid('k-1').kid, 'k-1')
  const named = key.withKid()
  assert.equal(named.kid, key.thumbprint())
  const token = jetwt.encode({ sub: 'x' }, named, { algorithm: 'ES256' })
  assert.equal(jetwt.decodeHeader(token).kid, key.thumbprint())
  assert.throws(() => jetwt.Key.generate('HS256').withKid(), jetwt.InvalidKeyError)
  assert.throws(() => key.withKid(5), TypeError)
})

test('signers and verifiers read and return text of any length and script intact', () => {
  // The prepared sign and verify calls read a string into a fixed buffer when it fits and into the heap when
  // it does not: these claims put the JSON and the token on both sides of that edge (8 KiB), ending on a
  // character of 2, 3 or 4 UTF-8 bytes, so that a character cut at the edge would show.
  const key = Key.fromSecret(SECRET)
  const signer = new Signer(key, { algorithm: 'HS256', issuedAt: false })
  const verifier = new Verifier(key, { algorithms: ['HS256'] })
  const options = { algorithms: ['HS256'] }
  for (const last of ['é', '€', '😀']) {
    for (let size = 8150; size <= 8200; size++) {
      const claims = { sub: 'x', note: 'a'.repeat(size - 22) + last }
      const token = signer.sign(claims)
      assert.deepEqual(JSON.parse(payloadText(token)), claims)
      assert.deepEqual(verifier.verify(token), claims)
      assert.deepEqual(jetwt.verify(token, key, options), claims)
      assert.deepEqual(jetwt.verify(token, key, options), claims) // the planned path, from the second call
      assert.equal(jetwt.encode(claims, key, { algorithm: 'HS256' }), token)
    }
  }
  // Tokens (ASCII) on both sides of the edge, for the verify calls: from about 8,130 to 8,210 characters
  // (8,186 is the longest read on the stack).
  const lengths = new Set()
  for (let size = 6040; size <= 6100; size++) {
    const claims = { sub: 'x', note: 'a'.repeat(size - 22) }
    const token = signer.sign(claims)
    lengths.add(token.length)
    assert.deepEqual(verifier.verify(token), claims)
    assert.deepEqual(jetwt.verify(token, key, options), claims)
  }
  for (const edge of [8185, 8187, 8188, 8192]) assert.ok(lengths.has(edge), `a token of ${edge} characters`)
  // Nothing short of the whole text verifies: one character less (at the edge or not) is another token.
  const token = signer.sign({ sub: 'y', note: 'b'.repeat(8170) })
  for (const cut of [token.slice(0, -1), token.slice(0, 8190) + token.slice(8191)]) {
    assert.throws(() => verifier.verify(cut), (err) => err.code === 'invalid_signature' || err.code === 'malformed')
  }
})
