'use strict'
// The addon is context-aware: it loads in worker_threads, and four workers verify at once while the main
// thread does too, each with its own instance of the module and its own JwtError classes.

const test = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const path = require('node:path')

const jetwt = require('..')
const { pair } = require('./support.js')

const ROUNDS = 150
const ALGS = ['RS256', 'ES256', 'EdDSA', 'HS256']

// Runs in each worker: load jetwt, sign and verify ROUNDS tokens sync and async, check an error's class.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const jetwt = require(workerData.entry)
const { alg, sign, verify, rounds } = workerData
async function main() {
  const verifier = new jetwt.Verifier(verify, { algorithms: [alg], audience: 'api' })
  let ok = 0
  for (let i = 0; i < rounds; i++) {
    const token = jetwt.encode({ i, aud: 'api' }, sign, { algorithm: alg })
    if (verifier.verify(token).i === i) ok++
    const claims = await jetwt.verifyAsync(await jetwt.encodeAsync({ i, aud: 'api' }, sign, { algorithm: alg }), verify, { algorithms: [alg], audience: 'api' })
    if (claims.i === i) ok++
  }
  let error
  try { verifier.verify('x.y.z') } catch (e) { error = { name: e.name, code: e.code, isJwtError: e instanceof jetwt.JwtError } }
  parentPort.postMessage({ ok, error })
}
main().catch((e) => parentPort.postMessage({ failed: String(e && e.stack || e) }))
`

function runWorker(alg) {
  const { sign, verify } = pair(alg)
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { entry: path.join(__dirname, '..', 'index.js'), alg, sign, verify, rounds: ROUNDS },
    })
    let message
    worker.once('message', (m) => {
      message = m
    })
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 && message ? resolve(message) : reject(new Error(`worker ${alg} exited ${code}: ${JSON.stringify(message)}`))))
  })
}

test('four workers and the main thread verify at once', async () => {
  const workers = ALGS.map(runWorker)
  const { sign, verify } = pair('ES256')
  let mainOk = 0
  for (let i = 0; i < ROUNDS; i++) {
    const token = jetwt.encode({ i }, sign, { algorithm: 'ES256' })
    if (jetwt.verify(token, verify, { algorithms: ['ES256'] }).i === i) mainOk++
    if ((await jetwt.verifyAsync(token, verify, { algorithms: ['ES256'] })).i === i) mainOk++
  }
  assert.equal(mainOk, 2 * ROUNDS)
  const results = await Promise.all(workers)
  for (const result of results) {
    assert.equal(result.failed, undefined, result.failed)
    assert.equal(result.ok, 2 * ROUNDS)
    assert.deepEqual(result.error, { name: 'DecodeError', code: 'malformed', isJwtError: true })
  }
})

test('a worker can load, exit, and the addon loads again in a new one', async () => {
  for (let i = 0; i < 3; i++) {
    const result = await runWorker('HS256')
    assert.equal(result.ok, 2 * ROUNDS)
  }
})
