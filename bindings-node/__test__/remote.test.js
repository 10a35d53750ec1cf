'use strict'
// Remote key sets (issue 6) against real HTTP servers the tests start on 127.0.0.1 (node:http): caching,
// rotation, unknown kid, the cooldown, concurrent misses, stale serving, server down, slow server, oversized
// response, redirects, malformed bodies, request headers, and the JS surface (options, sync refusal, errors).
// The policy is core's (core/src/remote.rs, tested in core/tests/remote.rs); these tests check that the binding
// passes every option through, runs the fetch off the JavaScript thread, and maps every failure to JwtError.

const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { inspect } = require('node:util')

const jetwt = require('..')
const native = require('../native.js')

const ALGS = { algorithms: ['ES256'] }

/** A signing key with `kid`, and its public JWK. */
function signingKey(kid) {
  const key = jetwt.Key.fromJwk({ ...jetwt.Key.generate('ES256').toJwk(true), kid })
  return { key, jwk: key.publicKey().toJwk(), token: (claims = {}) => jetwt.encode(claims, key, { algorithm: 'ES256' }) }
}

const K1 = signingKey('k1')
const K2 = signingKey('k2')
const jwks = (...keys) => JSON.stringify({ keys: keys.map((k) => k.jwk) })

/**
 * A scripted HTTP server: `routes` maps a path to `{ status, headers, body, delay }` (a missing path is a 404);
 * every request is recorded in `requests` as `{ path, headers }`.
 */
async function startServer(t) {
  const routes = new Map()
  const requests = []
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url, headers: req.headers })
    const route = routes.get(req.url) || { status: 404, body: 'not found' }
    const respond = () => {
      res.writeHead(route.status || 200, { 'content-type': 'application/json', ...route.headers })
      res.end(route.body === undefined ? '' : route.body)
    }
    if (route.delay) setTimeout(respond, route.delay)
    else respond()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  t.after(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  return {
    origin,
    routes,
    requests,
    url: (path) => origin + path,
    hits: (path) => requests.filter((r) => r.path === path).length,
  }
}

/** Asserts that `promise` rejects with the `KeyNotFoundError` a failed fetch gives, its message matching `pattern`. */
async function fetchFails(promise, pattern) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof jetwt.KeyNotFoundError, `${error.name}: ${error.message}`)
    assert.ok(error instanceof jetwt.JwtError)
    assert.equal(error.code, 'key_not_found')
    assert.match(error.message, /could not be fetched/)
    assert.match(error.message, pattern)
    return true
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

test('fetched on first use, then cached: one request for many verifications; claims are validated', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'))
  assert.equal(remote.fetchCount, 0, 'nothing is fetched before it is needed')
  assert.equal(server.requests.length, 0)

  assert.deepEqual(await jetwt.verifyAsync(K1.token({ sub: 'ada' }), remote, ALGS), { sub: 'ada' })
  const verifier = new jetwt.Verifier(remote, { algorithms: ['ES256'], complete: true })
  const complete = await verifier.verifyAsync(K1.token({ sub: 'bob' }))
  assert.deepEqual(complete, { header: { alg: 'ES256', typ: 'JWT', kid: 'k1' }, claims: { sub: 'bob' } })
  for (let i = 0; i < 5; i++) await jetwt.verifyAsync(K1.token({ n: i }), remote, ALGS)
  assert.equal(server.hits('/jwks'), 1)
  assert.equal(remote.fetchCount, 1)
  assert.match(server.requests[0].headers.accept, /application\/jwk-set\+json/)

  // After the signature, the claims are checked as with a local key.
  await assert.rejects(
    jetwt.verifyAsync(K1.token({ exp: 1000 }), remote, ALGS),
    (e) => e instanceof jetwt.ExpiredSignatureError && e.code === 'expired',
  )
  await assert.rejects(
    jetwt.verifyAsync(K1.token({ aud: 'web' }), remote, { algorithms: ['ES256'], audience: 'api' }),
    jetwt.InvalidAudienceError,
  )
  // A token signed by another key under a kid the set has: a bad signature, not a reason to refetch.
  const impostor = signingKey('k1')
  await assert.rejects(jetwt.verifyAsync(impostor.token(), remote, ALGS), (e) => e.code === 'invalid_signature')
  assert.equal(server.hits('/jwks'), 1)
})

test('tokens refused before any key is needed cause no fetch', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'))
  await assert.rejects(jetwt.verifyAsync('not.a token', remote, ALGS), jetwt.DecodeError)
  await assert.rejects(jetwt.verifyAsync(K1.token(), remote, { algorithms: ['RS256'] }), jetwt.InvalidAlgorithmError)
  await assert.rejects(jetwt.verifyAsync(K1.token(), remote, { algorithms: ['XX999'] }), jetwt.InvalidAlgorithmError)
  await assert.rejects(jetwt.verifyAsync(K1.token(), remote, { algorithms: [] }), jetwt.InvalidAlgorithmError)
  assert.equal(server.requests.length, 0)
  assert.equal(remote.fetchCount, 0)
})

test('key rotation: a token with a new kid fetches the set again and verifies', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'), { cooldown: 0 })
  await jetwt.verifyAsync(K1.token({ v: 1 }), remote, ALGS)
  assert.equal(server.hits('/jwks'), 1)

  server.routes.set('/jwks', { body: jwks(K2) }) // k1 retired, k2 introduced
  assert.deepEqual(await jetwt.verifyAsync(K2.token({ v: 2 }), remote, ALGS), { v: 2 })
  assert.equal(server.hits('/jwks'), 2)
  await jetwt.verifyAsync(K2.token({ v: 3 }), remote, ALGS)
  assert.equal(server.hits('/jwks'), 2, 'the rotated set is cached')

  // The retired key is gone for good: asking again fetches (no cooldown here) and still does not find it.
  await assert.rejects(
    jetwt.verifyAsync(K1.token(), remote, ALGS),
    (e) => e instanceof jetwt.KeyNotFoundError && e.code === 'key_not_found' && /kid "k1"/.test(e.message),
  )
  assert.equal(server.hits('/jwks'), 3)
})

test('an unknown kid is KeyNotFoundError, and refetches at most once per cooldown', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'), { cooldown: 0.5 })
  const stranger = signingKey('k9')
  for (let i = 0; i < 5; i++) {
    await assert.rejects(jetwt.verifyAsync(stranger.token(), remote, ALGS), (e) => {
      assert.ok(e instanceof jetwt.KeyNotFoundError)
      assert.ok(e instanceof jetwt.JwtError)
      assert.equal(e.code, 'key_not_found')
      assert.equal(e.message, 'No key with kid "k9" can verify ES256.')
      return true
    })
  }
  assert.equal(server.hits('/jwks'), 1, 'misses within the cooldown ask the server nothing')

  // The key appears on the server; within the cooldown the cached set still answers.
  server.routes.set('/jwks', { body: jwks(K1, stranger) })
  await assert.rejects(jetwt.verifyAsync(stranger.token(), remote, ALGS), jetwt.KeyNotFoundError)
  assert.equal(server.hits('/jwks'), 1)

  await sleep(600)
  assert.deepEqual(await jetwt.verifyAsync(stranger.token({ late: true }), remote, ALGS), { late: true })
  assert.equal(server.hits('/jwks'), 2)
})

/** Verifies a k1 token `times` times, then waits `wait` ms and verifies once more; the requests seen. */
async function refreshes(t, options, wait) {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'), options)
  await jetwt.verifyAsync(K1.token(), remote, ALGS)
  await jetwt.verifyAsync(K1.token(), remote, ALGS)
  assert.equal(server.hits('/jwks'), 1)
  await sleep(wait)
  await jetwt.verifyAsync(K1.token(), remote, ALGS)
  return server.hits('/jwks')
}

test('cacheTtl: a set older than cacheTtl is fetched again, even for a kid it has', async (t) => {
  assert.equal(await refreshes(t, { cacheTtl: 0.3, cooldown: 0 }, 400), 2)
  assert.equal(await refreshes(t, { cacheTtl: 5, cooldown: 0 }, 400), 1, 'not before')
})

test('cacheTtl shorter than the cooldown still refreshes after cacheTtl (only a failed fetch holds a stale set)', async (t) => {
  assert.equal(await refreshes(t, { cacheTtl: 0.3 }, 400), 2)
})

test('32 verifyAsync calls at once with an empty cache: the server sees one request', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1, K2), delay: 300 })
  const remote = jetwt.remoteKeySet(server.url('/jwks'))
  const tokens = Array.from({ length: 32 }, (_, i) => (i % 2 ? K1 : K2).token({ i }))
  const claims = await Promise.all(tokens.map((token) => jetwt.verifyAsync(token, remote, ALGS)))
  assert.deepEqual(claims.map((c) => c.i), tokens.map((_, i) => i))
  assert.equal(server.hits('/jwks'), 1)
  assert.equal(remote.fetchCount, 1)
})

test('the JavaScript thread keeps running while a fetch waits (it runs on the thread pool)', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1), delay: 400 })
  const remote = jetwt.remoteKeySet(server.url('/jwks'))
  let ticks = 0
  const timer = setInterval(() => ticks++, 20)
  try {
    await jetwt.verifyAsync(K1.token(), remote, ALGS)
  } finally {
    clearInterval(timer)
  }
  // The server answering at all proves the loop ran (it is on this thread); the ticks show it was not starved.
  assert.ok(ticks >= 5, `${ticks} timer ticks during a 400 ms fetch`)
})

test('maxStale: the last good set serves while fetches fail, until it is older than maxStale', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const lenient = jetwt.remoteKeySet(server.url('/jwks'), { cacheTtl: 0.2, cooldown: 0 })
  const strict = jetwt.remoteKeySet(server.url('/jwks'), { cacheTtl: 0.2, cooldown: 0, maxStale: 0.3 })
  await jetwt.verifyAsync(K1.token(), lenient, ALGS)
  await jetwt.verifyAsync(K1.token(), strict, ALGS)
  assert.equal(server.hits('/jwks'), 2)

  server.routes.set('/jwks', { status: 500, body: 'down for maintenance' })
  await sleep(400)
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ stale: true }), lenient, ALGS), { stale: true })
  await fetchFails(jetwt.verifyAsync(K1.token(), strict, ALGS), /HTTP 500/)
  assert.equal(server.hits('/jwks'), 4, 'both sets tried to refresh')
})

test('server down (connection refused): KeyNotFoundError, and no retry within the cooldown', async (t) => {
  const closed = http.createServer()
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = closed.address().port
  await new Promise((resolve) => closed.close(resolve))

  const remote = jetwt.remoteKeySet(`http://127.0.0.1:${port}/jwks`)
  const started = Date.now()
  await fetchFails(jetwt.verifyAsync(K1.token(), remote, ALGS), /refused/i)
  assert.ok(Date.now() - started < 4000, 'refused at once, not after the timeout')
  assert.equal(remote.fetchCount, 1)
  await fetchFails(jetwt.verifyAsync(K1.token(), remote, ALGS), /refused/i)
  assert.equal(remote.fetchCount, 1, 'the failure is remembered for the cooldown')
})

test('HTTP errors: a 404 or 500 is a failed fetch, remembered for the cooldown', async (t) => {
  const server = await startServer(t)
  server.routes.set('/broken', { status: 500, body: '{}' })
  await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/missing')), ALGS), /HTTP 404/)
  const broken = jetwt.remoteKeySet(server.url('/broken'))
  await fetchFails(jetwt.verifyAsync(K1.token(), broken, ALGS), /HTTP 500/)
  await fetchFails(jetwt.verifyAsync(K1.token(), broken, ALGS), /HTTP 500/)
  assert.equal(server.hits('/broken'), 1)
})

test('slow server: the request gives up after `timeout` seconds', async (t) => {
  const server = await startServer(t)
  server.routes.set('/slow', { body: jwks(K1), delay: 3000 })
  server.routes.set('/sluggish', { body: jwks(K1), delay: 300 })
  const started = Date.now()
  await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/slow'), { timeout: 0.5 }), ALGS), /no answer within 500ms/)
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 400 && elapsed < 2500, `gave up after ${elapsed} ms`)
  // Within its timeout, a slow answer is fine.
  const patient = jetwt.remoteKeySet(server.url('/sluggish'), { timeout: 5 })
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ ok: 1 }), patient, ALGS), { ok: 1 })
})

test('oversized response: a body larger than maxBytes is refused', async (t) => {
  const server = await startServer(t)
  const body = JSON.stringify({ keys: [K1.jwk], padding: 'x'.repeat(8000) })
  server.routes.set('/big', { body })
  await fetchFails(
    jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/big'), { maxBytes: 4096 }), ALGS),
    /larger than 4096 bytes/,
  )
  // The same body within the default limit (512 KiB) verifies.
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ big: 1 }), jetwt.remoteKeySet(server.url('/big')), ALGS), { big: 1 })
  const exact = jetwt.remoteKeySet(server.url('/big'), { maxBytes: Buffer.byteLength(body) })
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ big: 2 }), exact, ALGS), { big: 2 })
})

test('redirects: followed within the same origin, refused to another origin', async (t) => {
  const server = await startServer(t)
  const elsewhere = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  server.routes.set('/moved', { status: 302, headers: { location: '/jwks' } })
  server.routes.set('/absolute', { status: 301, headers: { location: server.url('/moved') } })
  server.routes.set('/away', { status: 302, headers: { location: elsewhere.url('/jwks') } })
  server.routes.set('/loop', { status: 307, headers: { location: '/loop' } })
  server.routes.set('/nowhere', { status: 302 })
  elsewhere.routes.set('/jwks', { body: jwks(K1) })

  assert.deepEqual(await jetwt.verifyAsync(K1.token({ r: 1 }), jetwt.remoteKeySet(server.url('/moved')), ALGS), { r: 1 })
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ r: 2 }), jetwt.remoteKeySet(server.url('/absolute')), ALGS), { r: 2 })
  assert.deepEqual(server.requests.map((r) => r.path), ['/moved', '/jwks', '/absolute', '/moved', '/jwks'])

  await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/away')), ALGS), /another origin/)
  assert.equal(elsewhere.requests.length, 0, 'the other origin is never asked')
  await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/loop')), ALGS), /too many redirects/)
  await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url('/nowhere')), ALGS), /without a Location/)
})

test('malformed bodies: not JSON, not a JWK set', async (t) => {
  const server = await startServer(t)
  server.routes.set('/truncated', { body: jwks(K1).slice(0, 40) })
  server.routes.set('/html', { body: '<html>login</html>', headers: { 'content-type': 'text/html' } })
  server.routes.set('/array', { body: '[]' })
  server.routes.set('/nokeys', { body: '{"keys":"k1"}' })
  for (const path of ['/truncated', '/html', '/array', '/nokeys']) {
    await fetchFails(jetwt.verifyAsync(K1.token(), jetwt.remoteKeySet(server.url(path)), ALGS), /The JWK set is unusable/)
  }
  assert.equal(server.requests.length, 4)
})

test('options.headers are sent with every request', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(server.url('/jwks'), {
    headers: { authorization: 'Bearer s3cret', 'X-Tenant': 'acme' },
    cacheTtl: 0,
    cooldown: 0,
  })
  await jetwt.verifyAsync(K1.token(), remote, ALGS)
  await jetwt.verifyAsync(K1.token(), remote, ALGS)
  assert.equal(server.requests.length, 2)
  for (const { headers } of server.requests) {
    assert.equal(headers.authorization, 'Bearer s3cret')
    assert.equal(headers['x-tenant'], 'acme')
  }
})

test('a header that is not valid HTTP is refused when the set is made; nothing reaches the server', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks', { body: jwks(K1) })
  for (const headers of [{ 'bad name': 'x' }, { 'x-ok': 'line\r\nx-injected: 1' }, { 'x:colon': 'x' }]) {
    assert.throws(
      () => jetwt.remoteKeySet(server.url('/jwks'), { headers }),
      (e) => e instanceof jetwt.InvalidKeyError && /not a valid HTTP header/.test(e.message),
    )
  }
  assert.equal(server.requests.length, 0)
})

test('a URL object is taken as its href; URLs core refuses are InvalidKeyError', async (t) => {
  const server = await startServer(t)
  server.routes.set('/jwks?tenant=a', { body: jwks(K1) })
  const remote = jetwt.remoteKeySet(new URL(server.url('/jwks?tenant=a')))
  assert.equal(remote.url, server.url('/jwks?tenant=a'))
  assert.deepEqual(await jetwt.verifyAsync(K1.token({ u: 1 }), remote, ALGS), { u: 1 })
  for (const url of ['file:///etc/passwd', 'ftp://example.com/jwks', 'https://user:pw@example.com/jwks', '/jwks', '']) {
    assert.throws(() => jetwt.remoteKeySet(url), (e) => e instanceof jetwt.InvalidKeyError && e.code === 'invalid_key', url)
  }
})

test('a remote set only verifies asynchronously: sync verify throws a TypeError saying what to use', () => {
  const remote = jetwt.remoteKeySet('http://127.0.0.1:9/jwks')
  assert.throws(() => jetwt.verify(K1.token(), remote, ALGS), (e) => {
    assert.ok(e instanceof TypeError)
    assert.ok(!(e instanceof jetwt.JwtError))
    assert.match(e.message, /verifyAsync\(token, remoteKeySet, options\)/)
    return true
  })
  const verifier = new jetwt.Verifier(remote, ALGS)
  assert.throws(() => verifier.verify(K1.token()), { name: 'TypeError', message: /verifier\.verifyAsync\(token\)/ })
  assert.equal(remote.fetchCount, 0)
  // The native verifier over a remote set has no synchronous verify to call by mistake.
  assert.equal(typeof native.NativeRemoteVerifier.prototype.verifyAsync, 'function')
  assert.equal(native.NativeRemoteVerifier.prototype.verify, undefined)
  // It cannot sign either.
  assert.throws(() => jetwt.encode({}, remote, { algorithm: 'ES256' }), jetwt.InvalidKeyError)
  assert.throws(() => new jetwt.Signer(remote, { algorithm: 'ES256' }), jetwt.InvalidKeyError)
  // Verifier options are checked when it is made, as for a local key.
  assert.throws(() => new jetwt.Verifier(remote, { algorithms: ['XX999'] }), jetwt.InvalidAlgorithmError)
  assert.throws(() => new jetwt.Verifier(remote, {}), TypeError)
})

test('remoteKeySet options: wrong types are TypeErrors, bad values RangeErrors, unknown names refused', () => {
  const url = 'http://127.0.0.1:9/jwks'
  for (const bad of [undefined, null, 42, {}, ['http://x']]) {
    assert.throws(() => jetwt.remoteKeySet(bad), TypeError, inspect(bad))
  }
  assert.throws(() => jetwt.remoteKeySet(url, 'fast'), TypeError)
  assert.throws(() => jetwt.remoteKeySet(url, { cacheTTL: 5 }), { name: 'TypeError', message: /no option "cacheTTL"/ })
  for (const name of ['cacheTtl', 'cooldown', 'timeout', 'maxStale']) {
    assert.throws(() => jetwt.remoteKeySet(url, { [name]: '5' }), { name: 'TypeError', message: new RegExp(name) })
    assert.throws(() => jetwt.remoteKeySet(url, { [name]: -1 }), { name: 'RangeError', message: new RegExp(name) })
    assert.throws(() => jetwt.remoteKeySet(url, { [name]: Infinity }), RangeError)
    assert.throws(() => jetwt.remoteKeySet(url, { [name]: NaN }), RangeError)
  }
  assert.throws(() => jetwt.remoteKeySet(url, { maxBytes: '1kb' }), { name: 'TypeError', message: /maxBytes/ })
  for (const bad of [-1, 1.5, 2 ** 53, Infinity]) {
    assert.throws(() => jetwt.remoteKeySet(url, { maxBytes: bad }), { name: 'RangeError', message: /maxBytes/ }, String(bad))
  }
  assert.throws(() => jetwt.remoteKeySet(url, { headers: 'authorization: x' }), { name: 'TypeError', message: /headers/ })
  assert.throws(() => jetwt.remoteKeySet(url, { headers: [['a', 'b']] }), TypeError)
  assert.throws(() => jetwt.remoteKeySet(url, { headers: { 'x-n': 1 } }), { name: 'TypeError', message: /x-n/ })
  // Everything given, and nothing: both fine (defaults are core's).
  const full = jetwt.remoteKeySet(url, { cacheTtl: 60, cooldown: 1, timeout: 2, headers: { a: 'b' }, maxBytes: 1024, maxStale: 0 })
  assert.equal(full.url, url)
  assert.equal(jetwt.remoteKeySet(url, null).url, url)
  assert.equal(jetwt.remoteKeySet(url).fetchCount, 0)
  // The native layer checks what the JS layer checks, so no bad value reaches core's Duration conversion.
  assert.throws(() => native.remoteKeySet(url, -1), /cacheTtl/)
  assert.throws(() => native.remoteKeySet(url, undefined, undefined, undefined, ['odd']), /pairs/)
  assert.throws(() => native.remoteKeySet(url, undefined, undefined, undefined, undefined, 0.5), /maxBytes/)
})

test('RemoteKeySet is made only by remoteKeySet; inspect shows the URL', () => {
  assert.throws(() => new jetwt.RemoteKeySet(), { name: 'TypeError', message: /remoteKeySet\(url, options\)/ })
  const remote = jetwt.remoteKeySet('https://auth.example/.well-known/jwks.json', { headers: { authorization: 'Bearer s3cret' } })
  assert.ok(remote instanceof jetwt.RemoteKeySet)
  assert.equal(inspect(remote), 'RemoteKeySet <https://auth.example/.well-known/jwks.json>')
  assert.doesNotMatch(inspect(remote, { showHidden: true, depth: 5 }), /s3cret/)
  assert.equal(Object.prototype.toString.call(remote), '[object RemoteKeySet]')
})
