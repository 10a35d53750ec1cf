'use strict'
// Secret key material never shows: not in util.inspect, console.log, JSON.stringify, String() or errors.

const test = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { Console } = require('node:console')
const { Writable } = require('node:stream')

const jetwt = require('..')
const { Key, KeySet, Signer, Verifier } = jetwt
const { keyText } = require('./support.js')

const SECRET = 'correct horse battery staple, a secret nobody may see!'
const SECRET_B64 = Buffer.from(SECRET).toString('base64url')

/** Everything `console.log` writes for `values`. */
function logged(...values) {
  let out = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += chunk
      done()
    },
  })
  new Console({ stdout: sink, stderr: sink, colorMode: false }).log(...values)
  return out
}

function renderings(value) {
  return [
    util.inspect(value),
    util.inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    util.format('%o %O %s %j', value, value, value, value),
    logged(value),
    logged({ nested: [value] }),
    String(value),
    JSON.stringify(value) ?? '',
  ]
}

test('a secret Key never shows its bytes', () => {
  for (const key of [Key.fromSecret(SECRET), Key.fromSecret(Buffer.from(SECRET)), Key.fromJwk({ kty: 'oct', k: SECRET_B64 })]) {
    for (const text of renderings(key)) {
      assert.ok(!text.includes(SECRET), text)
      assert.ok(!text.includes(SECRET_B64), text)
      assert.ok(!text.includes('correct horse'), text)
    }
    assert.match(util.inspect(key), /^Key <oct secret>$/)
    assert.deepEqual(Object.keys(key), [])
    assert.equal(JSON.stringify(key), '{}')
  }
})

test('a private Key shows what it is, never its private members', () => {
  const key = Key.fromPem(keyText('ec_p256.pem'))
  const { d } = key.toJwk(true)
  const pem = keyText('ec_p256.pem').split('\n')[1]
  for (const text of renderings(key)) {
    assert.ok(!text.includes(d), text)
    assert.ok(!text.includes(pem), text)
  }
  assert.equal(util.inspect(key), 'Key <EC private P-256, ES256>')
  assert.equal(util.inspect(Key.fromPem(keyText('rsa2048.pub.pem'))), 'Key <RSA public 2048 bits>')
  const withKid = Key.fromJwk({ ...key.publicKey().toJwk(), kid: 'k1' })
  assert.equal(util.inspect(withKid), "Key <EC public P-256, ES256, kid 'k1'>")
})

test('objects holding a secret do not show it either', () => {
  const holders = [
    new Signer(SECRET, { algorithm: 'HS256' }),
    new Verifier(SECRET, { algorithms: ['HS256'] }),
    KeySet.fromJwks({ keys: [{ kty: 'oct', k: SECRET_B64, kid: 's' }] }),
    KeySet.fromJwks({ keys: [{ kty: 'oct', k: SECRET_B64, kid: 's' }] }).keys,
  ]
  for (const holder of holders) {
    for (const text of renderings(holder)) {
      assert.ok(!text.includes(SECRET), text)
      assert.ok(!text.includes(SECRET_B64), text)
    }
  }
})

test('error messages do not echo the key', () => {
  const attempts = [
    () => Key.fromSecret(`-----BEGIN PUBLIC KEY-----\n${SECRET_B64}\n-----END PUBLIC KEY-----`),
    () => jetwt.encode({}, SECRET.slice(0, 20)),
    () => jetwt.verify('a.b.c', SECRET, { algorithms: ['HS256'] }),
    () => jetwt.verify(jetwt.encode({}, SECRET), SECRET + '!', { algorithms: ['HS256'] }),
    () => Key.fromJwk({ kty: 'oct', k: `${SECRET_B64}=` }),
  ]
  for (const attempt of attempts) {
    assert.throws(attempt, (error) => {
      const text = util.inspect(error) + error.message
      assert.ok(!text.includes(SECRET.slice(0, 20)), text)
      assert.ok(!text.includes(SECRET_B64.slice(0, 20)), text)
      return error instanceof jetwt.JwtError
    })
  }
})
