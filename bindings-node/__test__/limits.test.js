'use strict'
// The size and depth limits: defaults, configured per call or per Verifier, their bounds, and hostile sizes.

const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')

const jetwt = require('..')
const { SECRET } = require('./support')

const b64url = (text) => Buffer.from(text).toString('base64url')

/** Claims nested `depth` levels deep, counting the claims object itself. */
function nested(depth) {
  let value = 1
  for (let i = 1; i < depth; i++) value = [value]
  return { a: value }
}

/** An HS256 token whose claims nest `depth` levels, signed here with node:crypto (the encoder refuses to write
 * deeper than the default limit, as the parser refuses to read it). */
function deepToken(depth) {
  const claims = '{"a":' + '['.repeat(depth - 1) + '1' + ']'.repeat(depth - 1) + '}'
  const signingInput = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(claims)}`
  return `${signingInput}.${crypto.createHmac('sha256', SECRET).update(signingInput).digest('base64url')}`
}

const HS256 = { algorithms: ['HS256'] }

test('the default depth is 64 and can be raised or lowered', () => {
  assert.deepEqual(jetwt.verify(deepToken(64), SECRET, HS256), nested(64))
  assert.throws(() => jetwt.verify(deepToken(65), SECRET, HS256),
    { name: 'DecodeError', code: 'malformed', message: /deeper than the limit of 64/ })
  assert.deepEqual(jetwt.verify(deepToken(65), SECRET, { ...HS256, maxDepth: 65 }), nested(65))
  assert.throws(() => jetwt.verify(deepToken(64), SECRET, { ...HS256, maxDepth: 10 }), { code: 'malformed' })
})

test('the same options object, reused, keeps its limits and notices a change', () => {
  const options = { ...HS256, maxDepth: 65 }
  for (let i = 0; i < 3; i++) assert.deepEqual(jetwt.verify(deepToken(65), SECRET, options), nested(65))
  options.maxDepth = 64
  assert.throws(() => jetwt.verify(deepToken(65), SECRET, options), { code: 'malformed' })
})

test('the depth ceiling is accepted and one level more is not', () => {
  assert.deepEqual(jetwt.verify(deepToken(256), SECRET, { ...HS256, maxDepth: 256 }), nested(256))
  assert.throws(() => jetwt.verify(deepToken(257), SECRET, { ...HS256, maxDepth: 256 }), { code: 'malformed' })
  assert.throws(() => jetwt.verify(deepToken(3), SECRET, { ...HS256, maxDepth: 257 }),
    { name: 'RangeError', message: 'options.maxDepth must be a whole number from 1 to 256, not 257.' })
})

test('the token size limit is configurable, for verify, Verifier and verifyAsync', async () => {
  const token = jetwt.encode({ data: 'x'.repeat(2000) }, SECRET)
  assert.equal(jetwt.verify(token, SECRET, HS256).data.length, 2000)
  const small = { ...HS256, maxTokenBytes: 1000 }
  assert.throws(() => jetwt.verify(token, SECRET, small),
    { name: 'DecodeError', code: 'malformed', message: /over the limit of 1000/ })
  assert.throws(() => new jetwt.Verifier(SECRET, small).verify(token), { code: 'malformed' })
  await assert.rejects(jetwt.verifyAsync(token, SECRET, small), { name: 'DecodeError', code: 'malformed' })
  await assert.rejects(new jetwt.Verifier(jetwt.Key.fromSecret(SECRET), small).verifyAsync(token), { code: 'malformed' })
  // Counted in UTF-8 bytes: 600 two-byte characters (not a token at all) are over a 1000-byte limit.
  const wide = 'é'.repeat(600)
  const message = /^The token is \d+ bytes, over the limit of 1000\.$/
  assert.throws(() => jetwt.verify(wide, SECRET, small), { code: 'malformed', message })
  assert.throws(() => jetwt.verify(wide, SECRET, HS256), { code: 'malformed', message: /three segments/ })
  assert.throws(() => jetwt.verify(token, SECRET, small), { code: 'malformed', message })
  assert.throws(() => jetwt.verify(Buffer.from(token), SECRET, small), { code: 'malformed', message })
  const big = jetwt.encode({ data: 'x'.repeat(300_000) }, SECRET)
  // The same words as the core's (and Python's), with the exact byte count, whichever side refuses it.
  assert.throws(() => jetwt.verify(big, SECRET, HS256), { message: `The token is ${big.length} bytes, over the limit of 262144.` })
  assert.throws(() => jetwt.verify(wide, SECRET, small), { message: 'The token is 1200 bytes, over the limit of 1000.' })
  assert.equal(jetwt.verify(big, SECRET, { ...HS256, maxTokenBytes: 1 << 20 }).data.length, 300_000)
})

test('inspection takes the same limits', () => {
  const token = deepToken(65)
  assert.throws(() => jetwt.decode(token), { code: 'malformed' })
  assert.deepEqual(jetwt.decode(token, { maxDepth: 65 }).claims, nested(65))
  assert.throws(() => jetwt.decode(token, { maxTokenBytes: 50 }), { code: 'malformed' })
  // decodeHeader parses the header only, as in Python: a deep payload does not stop it.
  assert.deepEqual(jetwt.decodeHeader(token), { alg: 'HS256', typ: 'JWT' })
  assert.throws(() => jetwt.decodeHeader(token, { maxTokenBytes: 50 }), { code: 'malformed' })
  const deepHeader = jetwt.encode({}, SECRET, { header: { x: [[[1]]] } })
  assert.deepEqual(jetwt.decodeHeader(deepHeader, { maxDepth: 4 }).x, [[[1]]])
  assert.throws(() => jetwt.decodeHeader(deepHeader, { maxDepth: 3 }), { code: 'malformed' })
})

test('bad limits are programmer errors, in every entry point', () => {
  const token = jetwt.encode({ a: 1 }, SECRET)
  const cases = [
    [{ maxDepth: 0 }, RangeError, 'options.maxDepth must be a whole number from 1 to 256, not 0.'],
    [{ maxDepth: 2.5 }, RangeError, 'options.maxDepth must be a whole number from 1 to 256, not 2.5.'],
    [{ maxDepth: '3' }, TypeError, /options.maxDepth must be a number, not/],
    [{ maxTokenBytes: -1 }, RangeError, /options.maxTokenBytes must be a whole number from 1 to 4294967295/],
    [{ maxTokenBytes: 2 ** 32 }, RangeError, /options.maxTokenBytes must be a whole number/],
    [{ maxTokenBytes: Infinity }, RangeError, /options.maxTokenBytes must be a whole number/],
  ]
  for (const [limits, name, message] of cases) {
    const expected = { name: name.name, message }
    assert.throws(() => jetwt.verify(token, SECRET, { ...HS256, ...limits }), expected)
    assert.throws(() => new jetwt.Verifier(SECRET, { ...HS256, ...limits }), expected)
    assert.throws(() => jetwt.decode(token, limits), expected)
    assert.throws(() => jetwt.decodeHeader(token, limits), expected)
  }
  assert.throws(() => jetwt.decode(token, { maxdepth: 3 }), { name: 'TypeError', message: /decode has no option "maxdepth"/ })
  assert.throws(() => jetwt.decodeHeader(token, { maxdepth: 3 }), { message: /decodeHeader has no option "maxdepth"/ })
  assert.throws(() => jetwt.decode(token, 'maxDepth=3'), { name: 'TypeError' })
  assert.deepEqual(jetwt.decode(token, null).claims, { a: 1 }) // null, like undefined, takes the defaults
})

test('an 8 MiB token or a 100 000-deep nesting is refused in under 10 ms, even with raised limits', () => {
  const eightMiB = 'a'.repeat(8 << 20) + '.b.c'
  const deep = deepToken(100_000)
  for (const [token, options] of [
    [eightMiB, HS256],
    [deep, { ...HS256, maxTokenBytes: 2 ** 32 - 1 }],
    [deep, { ...HS256, maxTokenBytes: 2 ** 32 - 1, maxDepth: 256 }],
  ]) {
    jetwt.verify(jetwt.encode({}, SECRET), SECRET, options) // the options are planned and warm
    // The best of three, so that a busy machine's scheduler is not what is measured.
    let ms = Infinity
    for (let attempt = 0; attempt < 3; attempt++) {
      const start = process.hrtime.bigint()
      assert.throws(() => jetwt.verify(token, SECRET, options), { code: 'malformed' })
      ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6)
    }
    assert.ok(ms < 10, `refused in ${ms.toFixed(2)} ms`)
  }
})
