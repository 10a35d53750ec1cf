'use strict'
// A panic in Rust (a bug on some input) must never abort Node or leak a non-JwtError: the addon catches it and
// the JS layer turns it into a `malformed` JwtError, on the sync path and on the thread pool alike.
const test = require('node:test')
const assert = require('node:assert/strict')
const jetwt = require('../index.js')

const probes = jetwt._panicProbes

test('the probe is hidden from the API', () => {
  assert.ok(!Object.keys(jetwt).includes('_panicProbes'))
  assert.equal(probes.sync('fine'), 'fine')
})

test('a panic on the sync path becomes a malformed JwtError and the process lives on', () => {
  assert.throws(() => probes.sync('panic'), (err) => {
    assert.ok(err instanceof jetwt.JwtError, String(err))
    assert.ok(err instanceof jetwt.DecodeError)
    assert.equal(err.code, 'malformed')
    assert.match(err.message, /internal error on this input/)
    assert.match(String(err.cause && err.cause.message), /asked to panic/)
    return true
  })
  assert.equal(probes.sync('still alive'), 'still alive')
})

test('a panic in a hot call, guarded in Rust rather than by the JS wrapper, is the same malformed JwtError', () => {
  assert.throws(() => probes.guarded('panic'), (err) => {
    assert.ok(err instanceof jetwt.DecodeError, String(err))
    assert.equal(err.code, 'malformed')
    assert.match(err.message, /internal error on this input.*asked to panic/)
    return true
  })
  assert.equal(probes.guarded('still alive'), 'still alive')
})

test('a panic on the thread pool becomes a rejected malformed JwtError', async () => {
  await assert.rejects(probes.async('panic'), (err) => err instanceof jetwt.JwtError && err.code === 'malformed')
  assert.equal(await probes.async('ok'), 'ok')
})

test('other errors pass through the shield untouched', () => {
  assert.throws(() => jetwt.verify('x.y.z', 'a-32-byte-secret-for-hs256-tests!', { algorithms: ['HS256'] }), (err) => err.code === 'malformed' && !/internal error/.test(err.message))
  assert.throws(() => jetwt.verify('x.y.z', 'secret', { algorithms: ['HS256'], leeway: 'soon' }), TypeError)
})
