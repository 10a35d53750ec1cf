'use strict'
// How much native memory a synchronous loop holds until the event loop turns, per call, for the jetwt calls that
// hand JavaScript a native object (Key, Signer, Verifier, KeySet) or an external Buffer (decode's signature).
//
// Node-API frees those from setImmediate after the GC has collected them (nodejs/node#28082,
// nodejs/node-addon-api#1140), so a loop that never yields keeps all of them alive however often the GC runs.
// Each row runs N calls never yielding, then (in another process) N calls turning the event loop every 1000,
// and prints the RSS growth per call (after gc(), before the loop turns) of each.
//
//   node --expose-gc --max-semi-space-size=1 benches/soak/finalizers.js [N=200000]

const { execFileSync } = require('node:child_process')
const jetwt = require('../../bindings-node/index.js')

const N = Number(process.argv[2] || 200_000)
const ed = jetwt.Key.generate('EdDSA')
const edPub = ed.publicKey()
const pem = ed.toPem()
const SECRET = 'a secret of at least thirty-two bytes, for HS256 soak'
const hs = jetwt.Key.fromSecret(SECRET)
const token = jetwt.encode({ n: 1 }, ed, { algorithm: 'EdDSA' })
const jwks = { keys: [{ ...ed.publicKey().toJwk(), kid: 'k' }] }

const CALLS = {
  'decode(token)': () => jetwt.decode(token),
  'verify(token, key) (control: no native object)': () => jetwt.verify(token, edPub, { algorithms: ['EdDSA'] }),
  'key.publicKey()': () => ed.publicKey(),
  'Key.fromSecret(secret)': () => jetwt.Key.fromSecret(SECRET),
  'Key.fromPem(pem) (cached parse)': () => jetwt.Key.fromPem(pem),
  'new Signer(key, …)': () => new jetwt.Signer(hs, { algorithm: 'HS256' }),
  'new Verifier(key, …)': () => new jetwt.Verifier(hs, { algorithms: ['HS256'] }),
  'KeySet.fromJwks(jwks)': () => jetwt.KeySet.fromJwks(jwks),
}

const turn = () => new Promise(setImmediate)
async function settledRss() {
  global.gc()
  await turn()
  global.gc()
  await turn()
  return process.memoryUsage().rss
}

async function perCall(fn, yieldEvery) {
  for (let i = 0; i < 20_000; i++) fn() // warm-up
  const before = await settledRss()
  for (let i = 0; i < N; i++) {
    fn()
    if (yieldEvery && i % yieldEvery === 0) await turn()
  }
  global.gc()
  const held = process.memoryUsage().rss // before the loop turns: what a never-yielding loop holds
  await settledRss()
  return (held - before) / N
}

// Each cell runs in a fresh process, so that one cell's freed memory does not serve the next one.
function cell(name, yieldEvery) {
  const args = [...process.execArgv, __filename, String(N), '--cell', name, String(yieldEvery)]
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' })
  return Number(out.trim())
}

async function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc')
  const at = process.argv.indexOf('--cell')
  if (at > 0) {
    console.log(await perCall(CALLS[process.argv[at + 1]], Number(process.argv[at + 2])))
    return
  }
  console.log(`Node ${process.version}, ${N.toLocaleString('en')} calls per cell; RSS growth per call, bytes`)
  console.log('| call | loop never yields | loop yields every 1000 calls |')
  console.log('|---|---:|---:|')
  for (const name of Object.keys(CALLS)) {
    console.log(`| \`${name}\` | ${cell(name, 0).toFixed(0)} | ${cell(name, 1000).toFixed(0)} |`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
