'use strict'
// `coreLoop`, which `make bench-node` uses to time the core beside the package: it runs the real calls, so it
// fails as they fail (with a Failure value, as every native call does).

const test = require('node:test')
const assert = require('node:assert/strict')

const jetwt = require('..')
const native = require('../native.js')
const { SECRET } = require('./support')

test('coreLoop signs and verifies as the package does, and fails as the real calls fail', () => {
  const key = native.keyFromSecret(SECRET)
  const token = jetwt.encode({ aud: 'api', iss: 'me' }, jetwt.Key.fromSecret(SECRET))
  assert.equal(native.coreLoop(key, 3, 'HS256', '{"aud":"api"}'), undefined)
  assert.equal(native.coreLoop(key, 3, 'HS256', undefined, token, 'api', 'me'), undefined)
  assert.equal(native.coreLoop(key, 1, 'HS256', undefined, token, 'web').code, 'invalid_audience')
  assert.equal(native.coreLoop(key, 1, 'HS256', undefined, token, undefined, 'other').code, 'invalid_issuer')
  assert.equal(native.coreLoop(key, 1, 'HS256', '[1]').code, 'malformed')
  assert.equal(native.coreLoop(key, 1, 'ES256', '{}').code, 'invalid_algorithm')
  assert.equal(native.coreLoop(key, 1, 'HS999', '{}').code, 'invalid_algorithm')
})

test('coreSignThreads signs on one or more threads and fails as the real call fails', () => {
  const key = native.keyFromSecret(SECRET)
  const pub = native.keyFromPem(jetwt.Key.generate('ES256').publicKey().toPem())
  assert.equal(native.coreSignThreads(key, 20, 1, 'HS256', '{"a":1}'), undefined)
  assert.equal(native.coreSignThreads(key, 20, 3, 'HS256', '{"a":1}'), undefined)
  assert.equal(native.coreSignThreads(key, 0, 0, 'HS256', '{"a":1}'), undefined)
  assert.equal(native.coreSignThreads(key, 5, 2, 'HS256', '[1]').code, 'malformed')
  assert.equal(native.coreSignThreads(key, 5, 2, 'ES256', '{}').code, 'invalid_algorithm')
  assert.equal(native.coreSignThreads(pub, 5, 2, 'ES256', '{}').code, 'invalid_key')
})
