'use strict'
// `make bench-node`: jetwt against the Node peers users would pick instead, side by side in one process.
//
// For each algorithm and operation every contender runs in interleaved rounds (the order rotates each round),
// batches sized to ~BENCH_BATCH_MS; the median µs/op is reported with ratios peer/jetwt (> 1: jetwt faster).
// Claims and verify work as benches/../ANCHORS describe: the 7-claim payload; verify = signature + exp + aud + iss
// with the algorithm pinned. Then the thread-pool check: encodeAsync with 32 in flight against sync RS256 signing.
//
//   node benches/node/bench.js [--write]     --write replaces the "## Node" section of benches/README.md
// The core runs in the same rounds ("core (Rust)"), so that what the package adds over it is measured too.
//
//   BENCH_ROUNDS=9 BENCH_BATCH_MS=40 BENCH_ALGS=HS256,ES256 BENCH_CLOCK=cpu|wall
//   BENCH_POOL_OPS=1500 BENCH_POOL_ROUNDS=15   (environment knobs; the defaults shown)

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const crypto = require('node:crypto')

const jetwt = require('../../bindings-node/index.js')
const native = require('../../bindings-node/native.js')
const jsonwebtoken = require('jsonwebtoken')
const fastJwt = require('fast-jwt')
const nodeRs = require('@node-rs/jsonwebtoken')

const ROOT = path.join(__dirname, '..', '..')
const ROUNDS = Number(process.env.BENCH_ROUNDS || 9)
const BATCH_MS = Number(process.env.BENCH_BATCH_MS || 40)
const ALGS = (process.env.BENCH_ALGS || 'HS256,RS256,PS256,ES256,EdDSA').split(',')
const WRITE = process.argv.includes('--write')

const CLAIMS = {
  sub: '1234567890',
  name: 'John Doe',
  iat: 1516239022,
  exp: 4102444800,
  aud: 'api',
  iss: 'https://issuer.example',
  roles: ['admin', 'user'],
}
const AUD = 'api'
const ISS = 'https://issuer.example'
const SECRET = 'a secret of at least thirty-two bytes, for HS256'
const PEMS = {
  RS256: ['rsa2048.pem', 'rsa2048.pub.pem'],
  PS256: ['rsa2048.pem', 'rsa2048.pub.pem'],
  ES256: ['ec_p256.pem', 'ec_p256.pub.pem'],
  EdDSA: ['ed25519.pem', 'ed25519.pub.pem'],
}
const keyFile = (name) => fs.readFileSync(path.join(ROOT, 'tests', 'keys', name), 'utf8')

const JETWT = 'jetwt'
// The core itself, timed in the same rounds: its encode_json / verify looped in Rust (`coreLoop`), CORE_LOOP
// times a call so that one call's overhead is spread thin (the medians are divided accordingly).
const CORE = 'core (Rust)'
const CORE_LOOP = 16
// The core signing RS256 on one and on two Rust threads (`coreSignThreads`): the thread-pool check's ceiling.
const CORE_ONE = 'core (Rust), 1 thread'
const CORE_TWO = 'core (Rust), 2 threads'
/** A native call's outcome: nothing, or a Failure thrown as an Error. */
const succeeded = (result) => {
  if (result !== undefined && result !== null) throw new Error(`core: ${result.message}`)
}
const COLUMNS = [
  JETWT,
  'jetwt (string key)',
  'jetwt Signer/Verifier',
  'jsonwebtoken 9 (KeyObject)',
  'jsonwebtoken 9 (string)',
  'fast-jwt 6 (no cache)',
  'jose 6 (awaited)',
  '@node-rs/jsonwebtoken',
]

/** The contenders for one algorithm: { sign: {name: fn}, verify: {name: fn} }, fns sync or async. */
async function contenders(alg) {
  const jose = await import('jose')
  const hmac = alg.startsWith('HS')
  const [privFile, pubFile] = hmac ? [] : PEMS[alg]
  const signPem = hmac ? SECRET : keyFile(privFile)
  const verifyPem = hmac ? SECRET : keyFile(pubFile)
  const signObject = hmac ? crypto.createSecretKey(Buffer.from(SECRET)) : crypto.createPrivateKey(signPem)
  const verifyObject = hmac ? signObject : crypto.createPublicKey(verifyPem)
  const signKey = hmac ? jetwt.Key.fromSecret(SECRET) : jetwt.Key.fromPem(signPem)
  const verifyKey = hmac ? signKey : jetwt.Key.fromPem(verifyPem)
  const options = { algorithms: [alg], audience: AUD, issuer: ISS }
  const signer = new jetwt.Signer(signKey, { algorithm: alg })
  const verifier = new jetwt.Verifier(verifyKey, options)
  const token = jetwt.encode(CLAIMS, signKey, { algorithm: alg })

  const fastSign = fastJwt.createSigner({ key: signPem, algorithm: alg })
  const fastVerify = fastJwt.createVerifier({ key: verifyPem, algorithms: [alg], allowedAud: AUD, allowedIss: ISS, cache: false })
  const joseSignKey = hmac ? new TextEncoder().encode(SECRET) : signObject
  const joseVerifyKey = hmac ? joseSignKey : verifyObject
  const jwtOptions = { algorithms: [alg], audience: AUD, issuer: ISS }

  const sign = {
    [JETWT]: () => jetwt.encode(CLAIMS, signKey, { algorithm: alg }),
    'jetwt (string key)': () => jetwt.encode(CLAIMS, signPem, { algorithm: alg }),
    'jetwt Signer/Verifier': () => signer.sign(CLAIMS),
    'jsonwebtoken 9 (KeyObject)': () => jsonwebtoken.sign(CLAIMS, signObject, { algorithm: alg }),
    'jsonwebtoken 9 (string)': () => jsonwebtoken.sign(CLAIMS, signPem, { algorithm: alg }),
    'fast-jwt 6 (no cache)': () => fastSign(CLAIMS),
    'jose 6 (awaited)': async () => new jose.SignJWT(CLAIMS).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseSignKey),
    '@node-rs/jsonwebtoken': () => nodeRs.signSync(CLAIMS, signPem, { algorithm: alg }),
  }
  const verify = {
    [JETWT]: () => jetwt.verify(token, verifyKey, options),
    'jetwt (string key)': () => jetwt.verify(token, verifyPem, options),
    'jetwt Signer/Verifier': () => verifier.verify(token),
    'jsonwebtoken 9 (KeyObject)': () => jsonwebtoken.verify(token, verifyObject, jwtOptions),
    'jsonwebtoken 9 (string)': () => jsonwebtoken.verify(token, verifyPem, jwtOptions),
    'fast-jwt 6 (no cache)': () => fastVerify(token),
    'jose 6 (awaited)': async () => (await jose.jwtVerify(token, joseVerifyKey, jwtOptions)).payload,
    '@node-rs/jsonwebtoken': () => nodeRs.verifySync(token, verifyPem, { algorithms: [alg], aud: [AUD], iss: [ISS] }),
  }
  // Every contender must do the work correctly before it is timed; one that cannot is reported as n/a.
  const checked = { sign: {}, verify: {}, skipped: [] }
  for (const [name, fn] of Object.entries(sign)) {
    try {
      const produced = await fn()
      const claims = jetwt.verify(produced, verifyKey, { ...options, complete: true })
      if (claims.header.alg !== alg || claims.claims.sub !== CLAIMS.sub) throw new Error('wrong token')
      checked.sign[name] = fn
    } catch (error) {
      checked.skipped.push(`${name} cannot sign ${alg}: ${String(error.message || error).split('\n')[0]}`)
    }
  }
  for (const [name, fn] of Object.entries(verify)) {
    try {
      const claims = await fn()
      if (claims.sub !== CLAIMS.sub) throw new Error('wrong claims')
      checked.verify[name] = fn
    } catch (error) {
      checked.skipped.push(`${name} cannot verify ${alg}: ${String(error.message || error).split('\n')[0]}`)
    }
  }
  const coreSignKey = hmac ? native.keyFromSecret(SECRET) : native.keyFromPem(signPem)
  const coreVerifyKey = hmac ? coreSignKey : native.keyFromPem(verifyPem)
  const claimsJson = JSON.stringify(CLAIMS)
  checked.sign[CORE] = () => succeeded(native.coreLoop(coreSignKey, CORE_LOOP, alg, claimsJson))
  checked.verify[CORE] = () => succeeded(native.coreLoop(coreVerifyKey, CORE_LOOP, alg, undefined, token, AUD, ISS))
  checked.sign[CORE]()
  checked.verify[CORE]()
  return checked
}

const now = () => Number(process.hrtime.bigint()) / 1000 // µs

// The machine this runs on is shared, so by default an op's cost is the CPU time this process spends on it
// (user + system, all threads: libuv and V8 helpers included), which other processes barely disturb.
// BENCH_CLOCK=wall measures elapsed time instead.
const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu'
const clock = CLOCK === 'wall' ? now : () => {
  const { user, system } = process.cpuUsage()
  return user + system
}

async function timeBatch(fn, n) {
  const isAsync = fn.constructor.name === 'AsyncFunction'
  const start = clock()
  if (isAsync) for (let i = 0; i < n; i++) await fn()
  else for (let i = 0; i < n; i++) fn()
  return (clock() - start) / n
}

async function calibrate(fn) {
  let n = 1
  for (;;) {
    const start = now()
    await timeBatch(fn, n)
    const elapsed = now() - start
    if (elapsed > 15_000 || n >= 1 << 20) return Math.max(1, Math.round((BATCH_MS * 1000 * n) / elapsed))
    n *= 4
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median µs/op of each contender, measured in interleaved rounds. */
async function measure(fns) {
  const names = Object.keys(fns)
  const sizes = {}
  for (const name of names) sizes[name] = await calibrate(fns[name])
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]
      samples[name].push(await timeBatch(fns[name], sizes[name]))
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]))
}

/**
 * Throughput (ops/s) of sync RS256 signing, of encodeAsync / signAsync with 32 in flight, and of the core on one
 * and two Rust threads; the median ratio of two threads to one (the ceiling), and encodeAsync's share of it.
 */
async function threadPool() {
  const pem = keyFile('rsa2048.pem')
  const key = jetwt.Key.fromPem(pem)
  const signer = new jetwt.Signer(key, { algorithm: 'RS256' })
  const coreKey = native.keyFromPem(pem)
  const claimsJson = JSON.stringify(CLAIMS)
  const OPS = Number(process.env.BENCH_POOL_OPS || 1500)
  const IN_FLIGHT = 32
  /** Runs `body`, returning its throughput and how many cores' worth of CPU the process used meanwhile. */
  async function timed(body) {
    const cpu0 = process.cpuUsage()
    const t0 = now()
    await body()
    const elapsed = now() - t0
    const cpu = process.cpuUsage(cpu0)
    return { opsPerSecond: (OPS * 1e6) / elapsed, cores: (cpu.user + cpu.system) / elapsed }
  }
  async function pool(start) {
    let next = 0
    const lane = async () => {
      while (next < OPS) {
        next++
        await start()
      }
    }
    return timed(() => Promise.all(Array.from({ length: IN_FLIGHT }, lane)))
  }
  const runs = {
    'encode, sync (RS256)': () => timed(async () => {
      for (let i = 0; i < OPS; i++) jetwt.encode(CLAIMS, key, { algorithm: 'RS256' })
    }),
    'encodeAsync, 32 in flight': () => pool(() => jetwt.encodeAsync(CLAIMS, key, { algorithm: 'RS256' })),
    'Signer.signAsync, 32 in flight': () => pool(() => signer.signAsync(CLAIMS)),
    // The ceiling, in the same rounds: the core signing on Rust threads that share one counter, as the pool's do.
    [CORE_ONE]: () => timed(async () => succeeded(native.coreSignThreads(coreKey, OPS, 1, 'RS256', claimsJson))),
    [CORE_TWO]: () => timed(async () => succeeded(native.coreSignThreads(coreKey, OPS, 2, 'RS256', claimsJson))),
  }
  const names = Object.keys(runs)
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  const cores = Object.fromEntries(names.map((name) => [name, []]))
  const ratios = Object.fromEntries(names.map((name) => [name, []]))
  const ceilings = []
  const shares = []
  // Single rounds range over ±0.2 here (the second core is shared with the host), so the median needs many.
  const rounds = Number(process.env.BENCH_POOL_ROUNDS || 15)
  for (let round = 0; round < rounds; round++) {
    const measured = {}
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]
      const run = await runs[name]()
      measured[name] = run.opsPerSecond
      samples[name].push(run.opsPerSecond)
      cores[name].push(run.cores)
    }
    // Each round's async runs against that round's sync run, so that load from elsewhere cancels out.
    for (const name of names) ratios[name].push(measured[name] / measured[names[0]])
    const ceiling = measured[CORE_TWO] / measured[CORE_ONE]
    ceilings.push(ceiling)
    shares.push(measured['encodeAsync, 32 in flight'] / measured[names[0]] / ceiling)
  }
  const rows = Object.fromEntries(names.map((name) => [name, {
    opsPerSecond: median(samples[name]), ratio: median(ratios[name]), cores: median(cores[name]),
  }]))
  return { rows, ceiling: median(ceilings), share: median(shares) }
}

const fmt = (us) => (us === undefined ? 'n/a' : us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2))
const ratio = (peer, ours) => (peer === undefined || ours === undefined ? 'n/a' : `${(peer / ours).toFixed(2)}×`)

async function main() {
  const results = {}
  const skipped = []
  for (const alg of ALGS) {
    const c = await contenders(alg)
    skipped.push(...c.skipped)
    results[alg] = { sign: await measure(c.sign), verify: await measure(c.verify) }
    for (const op of ['sign', 'verify']) results[alg][op][CORE] /= CORE_LOOP
    process.stderr.write(`measured ${alg}\n`)
  }
  const pool = await threadPool()

  const lines = []
  const cpu = os.cpus()
  lines.push(
    `Measured by \`make bench-node\` (benches/node/bench.js) on ${cpu.length} × ${cpu[0] ? cpu[0].model.trim() : 'CPU'}, ` +
      `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; one process, ${ROUNDS} interleaved rounds, median µs per op ` +
      `(lower is better) of ${CLOCK === 'cpu' ? 'CPU time (user + system, all threads of the process: the machine is shared, and CPU time is what other processes disturb least)' : 'elapsed time'}. ` +
      'The thread-pool table is elapsed time. The claims are the 7-claim payload of ANCHORS.md; verify = signature + `exp` + `aud` + `iss` with ' +
      'the algorithm pinned. "jetwt" is `encode(claims, key)` / `verify(token, key, options)` with a `Key`; "string key" passes the ' +
      'PEM or secret text on every call; Signer/Verifier are the prepared objects. Absolute numbers move with the machine\'s load; ' +
      'the ratios are what carry over.',
    '',
  )
  for (const op of ['sign', 'verify']) {
    const present = COLUMNS.filter((name) => ALGS.some((alg) => results[alg][op][name] !== undefined))
    lines.push(`### ${op} (µs per op)`, '')
    lines.push(`| alg | ${present.join(' | ')} |`)
    lines.push(`|---|${present.map(() => '---:').join('|')}|`)
    for (const alg of ALGS) lines.push(`| ${alg} | ${present.map((name) => fmt(results[alg][op][name])).join(' | ')} |`)
    lines.push('')
    lines.push(`### ${op}: how many times faster jetwt is (peer µs / jetwt µs)`, '')
    const peers = present.filter((name) => name !== JETWT)
    lines.push(`| alg | ${peers.join(' | ')} |`)
    lines.push(`|---|${peers.map(() => '---:').join('|')}|`)
    for (const alg of ALGS) {
      const ours = results[alg][op][JETWT]
      lines.push(`| ${alg} | ${peers.map((name) => ratio(results[alg][op][name], ours)).join(' | ')} |`)
    }
    lines.push('')
  }
  lines.push('### jetwt against the core\'s Rust time in this process (jetwt µs / core µs)', '')
  lines.push(`"${CORE}" runs the core's \`encode_json\` or \`verify\` in a Rust loop (\`coreLoop\`, ${CORE_LOOP} a call) in the same ` +
    'rounds; the difference is what the package adds: `JSON.stringify`/`JSON.parse` of the claims and the N-API crossing.', '')
  lines.push('| alg | sign | verify |', '|---|---:|---:|')
  const overCore = (alg, op) => results[alg][op][JETWT] / results[alg][op][CORE]
  for (const alg of ALGS) lines.push(`| ${alg} | ${overCore(alg, 'sign').toFixed(2)}× | ${overCore(alg, 'verify').toFixed(2)}× |`)
  lines.push('')
  lines.push('### Thread pool: RS256 signing throughput (elapsed time; ops/s, higher is better)', '')
  lines.push('| mode | ops/s | vs sync (median of per-round ratios) | CPU cores the process got |', '|---|---:|---:|---:|')
  for (const [name, { opsPerSecond, ratio: r, cores: c }] of Object.entries(pool.rows)) {
    lines.push(`| ${name} | ${opsPerSecond.toFixed(0)} | ${r.toFixed(2)}× | ${c.toFixed(2)} of ${os.cpus().length} |`)
  }
  lines.push('', 'The async rows can only beat sync by as many cores as the machine leaves free: when other processes keep ' +
    'the second core busy, "CPU cores the process got" stays near 1 and so does the ratio. The core rows sign on Rust ' +
    `threads taking the next signature from one shared counter: in the same rounds, two threads did ${pool.ceiling.toFixed(2)}× ` +
    `what one did (median of per-round ratios), the most two cores gave here, and encodeAsync's ratio was ` +
    `${pool.share.toFixed(2)} of that.`, '')

  // The targets of the Node package's issue.
  const checks = []
  const target = (label, value, min) => checks.push([label, value, min, value !== undefined && value >= min])
  const targetAtMost = (label, value, max) => checks.push([label, value, max, value !== undefined && value <= max])
  for (const op of ['sign', 'verify']) {
    const hs = results.HS256 && results.HS256[op]
    if (hs) {
      target(`HS256 ${op}: fast-jwt / jetwt ≥ 1.5`, hs['fast-jwt 6 (no cache)'] / hs[JETWT], 1.5)
      target(`HS256 ${op}: jsonwebtoken (KeyObject) / jetwt ≥ 3`, hs['jsonwebtoken 9 (KeyObject)'] / hs[JETWT], 3)
    }
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'].filter((a) => results[a])) {
      const r = results[alg][op]
      const peers = Object.keys(r).filter((name) => !name.startsWith('jetwt') && name !== CORE)
      const slowest = Math.min(...peers.map((name) => r[name] / r[JETWT]))
      target(`${alg} ${op}: every peer / jetwt > 1 (closest peer)`, slowest, 1.0000001)
      targetAtMost(`${alg} ${op}: jetwt / core (Rust) ≤ 1.2`, r[JETWT] / r[CORE], 1.2)
    }
  }
  target('encodeAsync (32 in flight) / sync RS256 sign ≥ 1.8', pool.rows['encodeAsync, 32 in flight'].ratio, 1.8)
  lines.push('### Targets', '')
  lines.push('| target | measured | |', '|---|---:|---|')
  for (const [label, value, , ok] of checks) lines.push(`| ${label} | ${value === undefined ? 'n/a' : value.toFixed(2)} | ${ok ? 'met' : '**missed**'} |`)
  lines.push('')
  if (skipped.length) {
    lines.push('Not measured (the library lacks the algorithm or the key type):', '')
    for (const line of skipped) lines.push(`- ${line}`)
    lines.push('')
  }

  const section = lines.join('\n')
  console.log(section)
  if (WRITE) writeSection(section)
}

/** Replaces (or appends) the "## Node" section of benches/README.md, leaving every other section alone. */
function writeSection(body) {
  const file = path.join(ROOT, 'benches', 'README.md')
  const block = `## Node\n\n${body.trimEnd()}\n`
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n'
  const start = text.search(/^## Node\s*$/m)
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${block}`
  } else {
    const rest = text.slice(start + 1)
    const next = rest.search(/^## /m)
    text = text.slice(0, start) + block + (next === -1 ? '' : `\n${rest.slice(next)}`)
  }
  fs.writeFileSync(file, text)
  console.error(`wrote the "## Node" section of ${path.relative(process.cwd(), file)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
