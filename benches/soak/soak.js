'use strict'
// `make soak-node`: a million encode+verify cycles through the jetwt npm package, watching resident memory.
//
// Each block of 20 cycles runs the same mix as benches/soak/soak.py (see buildMix): HS256 with a Key and with a
// string secret, EdDSA and ES256 with a Key, EdDSA with PEM strings (a fixed pair, served by the core's key
// cache, and a pool of 80 pairs, more than the cache's 64 entries, so every use misses and evicts),
// Signer/Verifier, a KeySet, decode, and the error paths (bad signature, expired, wrong algorithm, wrong
// audience, malformed, a broken PEM, an unknown kid); in Node the KeySet slot alternates with
// encodeAsync/verifyAsync and signAsync/verifyAsync on the thread pool. Every outcome is checked.
//
// RSS is process.memoryUsage().rss after gc() (run with --expose-gc): after the warm-up (the baseline), every
// --every cycles and at the end. The run fails (exit 1) if the end is --max-growth percent or more above it.
//
// The loop lets the event loop turn (await setImmediate) every --yield-every cycles (100), as a server does
// between requests: Node-API frees the native memory of collected objects and external buffers (a Key, a
// Signer, decode()'s signature Buffer) from setImmediate, so a loop that never yields holds all of it until it
// does. --yield-every 0 shows that (see benches/README.md). `make soak-node` also caps V8's semi-spaces
// (--max-semi-space-size=1): otherwise V8 grows its young generation by ~30 MiB during the run, which is
// V8's sizing, not the addon's memory. --only REGEX keeps the kinds of cycle whose name matches (to find a leak).
//
//   node --expose-gc --max-semi-space-size=1 benches/soak/soak.js [--cycles 1000000] [--warmup 100000]
//        [--every 100000] [--max-growth 5] [--yield-every 100] [--only REGEX]

const jetwt = require('../../bindings-node/index.js')

const SECRET = 'a secret of at least thirty-two bytes, for HS256 soak'
const AUD = 'api'
const ISS = 'https://issuer.example'
const POOL = 80 // distinct PEM pairs, more than the core's key cache holds (64)
// A PEM whose body is not a key: the core's cache must not keep failures.
const BROKEN_PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n'

function parseArgs(argv) {
  const opts = { cycles: 1_000_000, warmup: 100_000, every: 100_000, maxGrowth: 5, yieldEvery: 100 }
  const names = {
    '--cycles': 'cycles',
    '--warmup': 'warmup',
    '--every': 'every',
    '--max-growth': 'maxGrowth',
    '--yield-every': 'yieldEvery',
  }
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--only') {
      opts.only = argv[i + 1] // a regular expression: keep only the kinds of cycle whose name matches (to find a leak)
      continue
    }
    const name = names[argv[i]]
    const value = Number(argv[i + 1])
    if (!name || !Number.isFinite(value)) throw new Error(`usage: ${USAGE}`)
    opts[name] = value
  }
  if (!(opts.warmup > 0 && opts.warmup < opts.cycles)) throw new Error('need 0 < --warmup < --cycles')
  return opts
}

const USAGE =
  'node --expose-gc soak.js [--cycles N] [--warmup N] [--every N] [--max-growth PCT] [--yield-every N] [--only REGEX]'
const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`
const signed = (text) => (text.startsWith('-') ? text : `+${text}`)

function expect(code, fn) {
  try {
    fn()
  } catch (err) {
    if (!(err instanceof jetwt.JwtError) || err.code !== code) {
      throw new Error(`expected ${code}, got ${err && err.code}: ${err}`)
    }
    return
  }
  throw new Error(`expected ${code}, nothing was thrown`)
}

function buildMix() {
  const hs = jetwt.Key.fromSecret(SECRET)
  const ed = jetwt.Key.generate('EdDSA')
  const edPub = ed.publicKey()
  const es = jetwt.Key.generate('ES256')
  const esPub = es.publicKey()
  const edPem = ed.toPem()
  const edPubPem = edPub.toPem()
  const pool = []
  for (let i = 0; i < POOL; i++) {
    const k = jetwt.Key.generate('EdDSA')
    pool.push([k.toPem(), k.publicKey().toPem()])
  }
  const hsSigner = new jetwt.Signer(hs, { algorithm: 'HS256', expiresIn: 900, issuer: ISS, audience: AUD })
  const hsVerifier = new jetwt.Verifier(hs, { algorithms: ['HS256'], issuer: ISS, audience: AUD })
  const edSigner = new jetwt.Signer(ed, { algorithm: 'EdDSA', expiresIn: 900, issuer: ISS, audience: AUD, jwtId: true })
  const edVerifier = new jetwt.Verifier(edPub, { algorithms: ['EdDSA'], issuer: ISS, audience: AUD, required: ['jti'] })
  const keyset = jetwt.KeySet.fromJwks({
    keys: [{ ...edPub.toJwk(), kid: 'soak-1' }, { ...esPub.toJwk(), kid: 'soak-2' }],
  })
  const far = Math.floor(Date.now() / 1000) + 10 * 365 * 86400
  const opts = (algorithms) => ({ algorithms, audience: AUD, issuer: ISS })

  const claims = (i) => ({ sub: `user-${i}`, exp: far, aud: AUD, iss: ISS, n: i, roles: ['a', 'b'] })
  const check = (out, i) => {
    if (out.n !== i) throw new Error(`cycle ${i}: got ${JSON.stringify(out)}`)
  }

  const hsKey = (i) => check(jetwt.verify(jetwt.encode(claims(i), hs), hs, opts(['HS256'])), i)
  const hsStr = (i) =>
    check(jetwt.verify(jetwt.encode(claims(i), SECRET, { algorithm: 'HS256' }), SECRET, opts(['HS256'])), i)
  const edKey = (i) =>
    check(jetwt.verify(jetwt.encode(claims(i), ed, { algorithm: 'EdDSA', header: { kid: 'soak-1' } }), edPub, opts(['EdDSA'])), i)
  const esKey = (i) =>
    check(jetwt.verify(jetwt.encode(claims(i), es, { algorithm: 'ES256' }), esPub, opts(['ES256', 'EdDSA'])), i)
  const pemCached = (i) =>
    check(jetwt.verify(jetwt.encode(claims(i), edPem, { algorithm: 'EdDSA' }), edPubPem, opts(['EdDSA'])), i)
  const pemEvicting = (i) => {
    const [priv, pub] = pool[Math.floor(i / 20) % POOL]
    check(jetwt.verify(jetwt.encode(claims(i), priv, { algorithm: 'EdDSA' }), pub, opts(['EdDSA'])), i)
  }
  const hsPrepared = (i) => check(hsVerifier.verify(hsSigner.sign({ sub: 'ada', n: i })), i)
  const edPrepared = (i) => check(edVerifier.verify(edSigner.sign({ sub: 'ada', n: i })), i)
  const badSignature = (i) => {
    const [t, key, alg] =
      Math.floor(i / 20) % 2
        ? [jetwt.encode(claims(i), hs), hs, 'HS256']
        : [jetwt.encode(claims(i), ed, { algorithm: 'EdDSA' }), edPub, 'EdDSA']
    const dot = t.lastIndexOf('.')
    const forged = t.slice(0, dot + 1) + (t[dot + 1] === 'A' ? 'B' : 'A') + t.slice(dot + 2)
    expect('invalid_signature', () => jetwt.verify(forged, key, { algorithms: [alg] }))
  }
  const expired = (i) => {
    const t1 = hsSigner.sign({ n: i, exp: 1_000_000_000 })
    expect('expired', () => hsVerifier.verify(t1))
    const t2 = jetwt.encode({ n: i, exp: Math.floor(Date.now() / 1000) - 3600 }, ed, { algorithm: 'EdDSA' })
    expect('expired', () => jetwt.verify(t2, edPub, { algorithms: ['EdDSA'], leeway: 60 }))
  }
  const otherErrors = (i) => {
    const t = jetwt.encode(claims(i), hs)
    switch (Math.floor(i / 20) % 4) {
      case 0:
        return expect('invalid_algorithm', () => jetwt.verify(t, hs, { algorithms: ['HS384'] }))
      case 1:
        return expect('invalid_audience', () => jetwt.verify(t, hs, { algorithms: ['HS256'], audience: 'web' }))
      case 2:
        return expect('malformed', () => jetwt.verify(t.slice(0, t.length >> 1), hs, { algorithms: ['HS256'] }))
      default: {
        const te = jetwt.encode(claims(i), ed, { algorithm: 'EdDSA' })
        return expect('invalid_key', () => jetwt.verify(te, BROKEN_PEM, { algorithms: ['EdDSA'] }))
      }
    }
  }
  const keysetDecode = (i) => {
    const t = jetwt.encode(claims(i), ed, { algorithm: 'EdDSA', header: { kid: 'soak-1' } })
    const out = jetwt.verify(t, keyset, { ...opts(['EdDSA', 'ES256']), complete: true })
    check(out.claims, i)
    if (jetwt.decode(t).header.kid !== 'soak-1' || jetwt.decodeHeader(t).alg !== 'EdDSA') throw new Error('decode')
    const other = jetwt.encode(claims(i), es, { algorithm: 'ES256', header: { kid: 'nope' } })
    expect('key_not_found', () => jetwt.verify(other, keyset, { algorithms: ['EdDSA', 'ES256'] }))
  }
  const asyncPaths = async (i) => {
    const t = await jetwt.encodeAsync(claims(i), ed, { algorithm: 'EdDSA' })
    check(await jetwt.verifyAsync(t, edPub, opts(['EdDSA'])), i)
    check(await hsVerifier.verifyAsync(await hsSigner.signAsync({ n: i })), i)
    try {
      await jetwt.verifyAsync(t, edPub, { algorithms: ['EdDSA'], audience: 'web' })
    } catch (err) {
      if (err.code !== 'invalid_audience') throw err
      return
    }
    throw new Error('expected invalid_audience')
  }
  const block = [
    ['HS256 Key', hsKey], ['HS256 Key', hsKey], ['HS256 Key', hsKey],
    ['HS256 Key', hsKey], ['HS256 Key', hsKey], ['HS256 Key', hsKey],
    ['HS256 string secret', hsStr],
    ['EdDSA Key', edKey], ['EdDSA Key', edKey],
    ['ES256 Key', esKey],
    ['EdDSA PEM string (cache hit)', pemCached], ['EdDSA PEM string (cache hit)', pemCached],
    ['EdDSA PEM string (80-key pool, evicting)', pemEvicting],
    ['HS256 Signer/Verifier', hsPrepared], ['HS256 Signer/Verifier', hsPrepared],
    ['EdDSA Signer/Verifier', edPrepared],
    ['error: bad signature', badSignature],
    ['error: expired', expired],
    ['error: algorithm/audience/malformed/broken PEM', otherErrors],
    ['KeySet + decode + key_not_found', keysetDecode],
  ]
  // Two blocks of 20: in the second, the last slot runs the async paths (awaited) instead of the KeySet.
  return [...block, ...block.slice(0, -1), ['encodeAsync/verifyAsync/signAsync/verifyAsync', asyncPaths]]
}

async function main() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc')
  const args = parseArgs(process.argv.slice(2))
  const only = new RegExp(args.only || '')
  const mix = buildMix().filter(([name]) => only.test(name))
  if (!mix.length) throw new Error(`--only ${args.only}: no such kind of cycle`)
  const counts = new Map()
  const turn = () => new Promise(setImmediate)
  // Node-API runs the finalizers of collected native objects and external buffers from setImmediate after
  // the GC, so a measurement lets the event loop turn twice around two full collections.
  const measure = async () => {
    global.gc()
    await turn()
    global.gc()
    await turn()
    return process.memoryUsage().rss
  }
  const startRss = await measure()
  console.log(
    `soak-node: ${args.cycles.toLocaleString('en')} cycles, Node ${process.version}, ${process.execArgv.join(' ')}, ` +
      `event loop turned every ${args.yieldEvery || 'never (only at the measurements)'} cycles` +
      `${args.only ? `, only ${args.only}` : ''}; RSS before the first cycle ${mib(startRss)}`,
  )
  let baseline = 0
  let end = 0
  let peak = 0
  const t0 = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  const n = mix.length
  for (let i = 0; i < args.cycles; i++) {
    const [name, fn] = mix[i % n]
    const r = fn(i)
    if (r !== undefined && typeof r.then === 'function') await r
    counts.set(name, (counts.get(name) || 0) + 1)
    const done = i + 1
    if (args.yieldEvery && done % args.yieldEvery === 0) await turn()
    if (done === args.warmup || done % args.every === 0 || done === args.cycles) {
      const rss = await measure()
      peak = Math.max(peak, process.resourceUsage().maxRSS * 1024)
      const secs = Number(process.hrtime.bigint() - t0) / 1e9
      let note = ''
      if (done === args.warmup) {
        baseline = rss
        note = ' (baseline: end of warm-up)'
      } else if (baseline) {
        note = ` (${signed((((rss - baseline) / baseline) * 100).toFixed(2))}% vs baseline)`
      }
      const heap = process.memoryUsage()
      console.log(
        `  ${done.toLocaleString('en').padStart(9)} cycles  ${secs.toFixed(1).padStart(7)} s  RSS ${mib(rss)}${note}` +
          `  [V8 heap ${mib(heap.heapUsed)} used of ${mib(heap.heapTotal)}, external ${mib(heap.external)}]`,
      )
      end = rss
    }
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9
  const cpuUsage = process.cpuUsage(cpu0)
  const cpu = (cpuUsage.user + cpuUsage.system) / 1e6
  const growth = ((end - baseline) / baseline) * 100
  console.log('  mix (cycles per kind):')
  for (const [name, c] of counts) console.log(`    ${c.toLocaleString('en').padStart(8)}  ${name}`)
  console.log(
    `soak-node: ${args.cycles.toLocaleString('en')} cycles in ${wall.toFixed(1)} s wall / ${cpu.toFixed(1)} s CPU ` +
      `(${((wall / args.cycles) * 1e6).toFixed(1)} µs per cycle); RSS at start ${mib(startRss)}, after ` +
      `${args.warmup.toLocaleString('en')}-cycle warm-up ${mib(baseline)}, at end ${mib(end)}, peak ${mib(peak)}; ` +
      `growth after warm-up ${signed((end - baseline).toLocaleString('en'))} bytes = ` +
      `${signed(growth.toFixed(2))}% (limit < ${args.maxGrowth}%)`,
  )
  const floor = (baseline * args.maxGrowth) / 100 / (args.cycles - args.warmup)
  console.log(`soak-node: the limit catches a leak of ${floor.toFixed(1)} bytes per cycle or more (averaged over the mix)`)
  if (growth >= args.maxGrowth) {
    console.error(`soak-node: FAILED, RSS grew ${growth.toFixed(2)}% after the warm-up`)
    process.exitCode = 1
    return
  }
  console.log('soak-node: ok')
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
