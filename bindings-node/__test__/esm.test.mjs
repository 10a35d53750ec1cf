// The ES module entry: named and default imports, the same objects as the CommonJS entry.
import test from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

import * as jetwt from 'jetwt'
import jetwtDefault, { encode, verify, Key, JwtError, DecodeError } from 'jetwt'

const require = createRequire(import.meta.url)
const cjs = require('jetwt')

test('import and require give the same API', () => {
  assert.deepEqual(Object.keys(jetwt).filter((name) => name !== 'default').sort(), Object.keys(cjs).sort())
  for (const name of Object.keys(cjs)) assert.equal(jetwt[name], cjs[name], name)
  assert.equal(jetwtDefault, cjs)
})

test('an ES module user signs and verifies', async () => {
  const key = Key.generate('EdDSA')
  const token = encode({ sub: 'esm' }, key, { algorithm: 'EdDSA' })
  assert.deepEqual(verify(token, key.publicKey(), { algorithms: ['EdDSA'] }), { sub: 'esm' })
  assert.deepEqual(await jetwt.verifyAsync(token, key.publicKey(), { algorithms: ['EdDSA'] }), { sub: 'esm' })
  assert.throws(() => verify('x', key, { algorithms: ['EdDSA'] }), (e) => e instanceof DecodeError && e instanceof JwtError && e instanceof cjs.JwtError)
})
