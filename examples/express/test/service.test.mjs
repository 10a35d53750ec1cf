// The Express example over real HTTP (node:test and fetch), and its tokens against the FastAPI example (and
// the reverse). Both services run on 127.0.0.1 on free ports, sharing a fresh key directory and a clock file.
// The FastAPI service runs on EXAMPLES_PYTHON (default target/examples-venv/bin/python, made by
// `make test-examples`).

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import * as jetwt from 'jetwt'
import { MemoryRevocationStore } from '../revocation.mjs'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const PYTHON = process.env.EXAMPLES_PYTHON || join(ROOT, 'target', 'examples-venv', 'bin', 'python')
const ADA = { username: 'ada', password: 'analytical-engine' } // scopes: profile reports:read
const GRACE = { username: 'grace', password: 'compiler-a0' } // scopes: profile
const ISSUER = 'https://auth.jetwt.example'
const AUDIENCE = 'https://api.jetwt.example'

const work = mkdtempSync(join(tmpdir(), 'jetwt-examples-'))
const keysDir = join(work, 'keys')
const clockFile = join(work, 'now')
const services = {}
const children = []

/** The time both services sign and verify at; empty means the system clock. */
const clock = {
  set: (now) => writeFileSync(clockFile, `${now}\n`),
  reset: () => writeFileSync(clockFile, ''),
}

function start(name, argv) {
  const log = join(work, `${name}.log`)
  const child = spawn(argv[0], argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, EXAMPLES_KEYS_DIR: keysDir, EXAMPLES_CLOCK_FILE: clockFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  child.stderr.pipe(createWriteStream(log))
  return new Promise((resolve, reject) => {
    const failed = (why) => reject(new Error(`${name} did not start (${why}):\n${readLog(log)}`))
    const timer = setTimeout(() => failed('no answer in 30 s'), 30_000)
    child.once('error', (err) => failed(err.message))
    child.once('exit', (code) => failed(`exit ${code}`))
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer)
      const [, url] = line.split(' listening on ')
      if (url) resolve(url.trim())
      else failed(`said ${JSON.stringify(line)}`)
    })
  })
}

function readLog(path) {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

before(async () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run \`make test-examples\`, or set EXAMPLES_PYTHON`)
  writeFileSync(clockFile, '')
  mkdirSync(keysDir)
  for (const name of ['express', 'fastapi']) {
    const key = jetwt.Key.generate('ES256')
    writeFileSync(join(keysDir, `${name}.pem`), key.toPem())
    writeFileSync(join(keysDir, `${name}.pub.pem`), key.publicKey().toPem())
    services[name] = { name, pem: key.toPem(), kid: key.publicKey().thumbprint() }
  }
  const commands = {
    express: [process.execPath, 'examples/express/app.mjs', '--port', '0'],
    fastapi: [PYTHON, 'examples/fastapi/app.py', '--port', '0'],
  }
  const urls = await Promise.all(Object.entries(commands).map(([name, argv]) => start(name, argv)))
  Object.keys(commands).forEach((name, i) => (services[name].url = urls[i]))
})

after(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
          child.once('exit', () => resolve(clearTimeout(timer)))
          child.kill('SIGTERM')
        }),
    ),
  )
  rmSync(work, { recursive: true, force: true })
})

// HTTP

async function request(service, method, path, { token, json, body, headers = {} } = {}) {
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(json)
  } else if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(new URL(path, service.url), { method, headers, body })
  const text = await response.text()
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null }
}

const get = (service, path, token) => request(service, 'GET', path, { token })
const post = (service, path, refreshToken) => request(service, 'POST', path, { json: { refresh_token: refreshToken } })

async function login(service, user = ADA) {
  const response = await request(service, 'POST', '/login', { json: user })
  assert.equal(response.status, 200, JSON.stringify(response.json))
  return response.json
}

/** The parameters of a `WWW-Authenticate: Bearer k="v", …` header. */
function challenge(response) {
  const value = response.headers.get('www-authenticate')
  assert.ok(value?.startsWith('Bearer '), `WWW-Authenticate: ${value}`)
  const params = {}
  for (const part of value.slice('Bearer '.length).split(', ')) {
    const match = /^([a-z_]+)="([^"\\]*)"$/.exec(part)
    assert.ok(match, part)
    params[match[1]] = match[2]
  }
  return params
}

function assertInvalidToken(response, description) {
  assert.equal(response.status, 401, JSON.stringify(response.json))
  const params = challenge(response)
  assert.equal(params.error, 'invalid_token')
  assert.match(params.error_description, new RegExp(description))
  assert.deepEqual(response.json, { error: 'invalid_token', error_description: params.error_description })
}

// Tokens the services would not issue

const b64 = (data) => Buffer.from(data).toString('base64url')
const segment = (value) => b64(JSON.stringify(value))
const nowSeconds = () => Math.floor(Date.now() / 1000)

function accessClaims(overrides = {}) {
  const now = nowSeconds()
  const claims = { sub: 'ada', scope: 'profile reports:read', iat: now, exp: now + 900, jti: 't-1' }
  Object.assign(claims, { iss: ISSUER, aud: AUDIENCE })
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name]
    else claims[name] = value
  }
  return claims
}

const sign = (claims, pem, kid, typ = 'at+jwt') =>
  jetwt.encode(claims, pem, { algorithm: 'ES256', header: { typ, kid } })

describe('login and the protected route', () => {
  test('login issues an ES256 access token for 15 minutes and a refresh token', async () => {
    const { express } = services
    const issued = await login(express)
    assert.equal(issued.token_type, 'Bearer')
    assert.equal(issued.expires_in, 900)
    assert.equal(issued.scope, 'profile reports:read')
    const access = jetwt.decode(issued.access_token)
    assert.deepEqual(access.header, { alg: 'ES256', typ: 'at+jwt', kid: express.kid })
    assert.equal(access.claims.exp - access.claims.iat, 900)
    assert.ok(Math.abs(access.claims.iat - nowSeconds()) < 60)
    assert.deepEqual([access.claims.iss, access.claims.aud, access.claims.sub], [ISSUER, AUDIENCE, 'ada'])
    const refresh = jetwt.decode(issued.refresh_token)
    assert.deepEqual(refresh.header, { alg: 'ES256', typ: 'refresh+jwt', kid: express.kid })
    assert.equal(refresh.claims.exp - refresh.claims.iat, 14 * 24 * 3600)
    assert.notEqual(refresh.claims.jti, access.claims.jti)
  })

  test('login refuses wrong credentials', async () => {
    const wrong = [
      { ...ADA, password: 'wrong' },
      { username: 'nobody', password: 'x' },
      { ...ADA, password: '' },
      { username: 'ada', password: ['analytical-engine'] },
      { username: 'constructor', password: 'x' }, // not a user, though every object has one
      {},
    ]
    for (const body of wrong) {
      const response = await request(services.express, 'POST', '/login', { json: body })
      assert.equal(response.status, 400, JSON.stringify(body))
      assert.equal(response.json.error, 'invalid_grant')
    }
  })

  test('the protected route reads the verified claims', async () => {
    const { express } = services
    const issued = await login(express, GRACE)
    const response = await get(express, '/me', issued.access_token)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    assert.equal(response.json.service, 'express')
    assert.equal(response.json.kid, express.kid)
    assert.deepEqual(response.json.claims, jetwt.decode(issued.access_token).claims)
    assert.equal(response.json.claims.sub, 'grace')
  })

  test('a missing bearer token is 401', async () => {
    for (const authorization of [undefined, '', 'Bearer', 'Basic YWRhOnB3', 'Token abc']) {
      const headers = authorization === undefined ? {} : { authorization }
      assertInvalidToken(await request(services.express, 'GET', '/me', { headers }), 'a bearer token is required')
    }
  })

  test('a malformed token is 401', async () => {
    for (const token of ['x', 'a.b.c', 'eyJhbGciOiJFUzI1NiJ9..', 'eyJhbGciOiJFUzI1NiJ9.e30.e30.e3']) {
      assertInvalidToken(await get(services.express, '/me', token), 'malformed')
    }
  })
})

describe('scopes', () => {
  test('a route needing a scope the token has', async () => {
    const response = await get(services.express, '/reports', (await login(services.express, ADA)).access_token)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    assert.equal(response.json.sub, 'ada')
  })

  test('a route needing a scope the token lacks is 403', async () => {
    const response = await get(services.express, '/reports', (await login(services.express, GRACE)).access_token)
    assert.equal(response.status, 403, JSON.stringify(response.json))
    const params = challenge(response)
    assert.equal(params.error, 'insufficient_scope')
    assert.equal(params.scope, 'reports:read')
    assert.match(params.error_description, /reports:read/)
    assert.equal(response.json.error, 'insufficient_scope')
  })
})

describe('expiry, with the services’ clock moved (EXAMPLES_CLOCK_FILE)', { concurrency: false }, () => {
  after(() => clock.reset())

  test('the access token expires after 15 minutes and a refresh renews it', async () => {
    const { express } = services
    const t0 = nowSeconds()
    clock.set(t0)
    const issued = await login(express)
    clock.set(t0 + 900 + 29) // past exp, within the 30 s leeway
    assert.equal((await get(express, '/me', issued.access_token)).status, 200)
    clock.set(t0 + 16 * 60)
    assertInvalidToken(await get(express, '/me', issued.access_token), 'expired')
    const renewed = await post(express, '/refresh', issued.refresh_token)
    assert.equal(renewed.status, 200, JSON.stringify(renewed.json))
    assert.equal(jetwt.decode(renewed.json.access_token).claims.iat, t0 + 16 * 60)
    assert.equal((await get(express, '/me', renewed.json.access_token)).status, 200)
    clock.reset()
  })

  test('the refresh token expires after 14 days', async () => {
    const t0 = nowSeconds()
    clock.set(t0)
    const issued = await login(services.express)
    clock.set(t0 + 15 * 24 * 3600)
    assertInvalidToken(await post(services.express, '/refresh', issued.refresh_token), 'expired')
    clock.reset()
  })

  test('a token issued in the future is not valid yet', async () => {
    const t0 = nowSeconds()
    clock.set(t0 + 3600)
    const issued = await login(services.express)
    clock.set(t0)
    assertInvalidToken(await get(services.express, '/me', issued.access_token), 'not valid yet')
    clock.reset()
  })

  test('each service expires the other one’s tokens', async () => {
    const { express, fastapi } = services
    const t0 = nowSeconds()
    clock.set(t0)
    const [fromExpress, fromFastapi] = [(await login(express)).access_token, (await login(fastapi)).access_token]
    clock.set(t0 + 16 * 60)
    assertInvalidToken(await get(fastapi, '/me', fromExpress), 'expired')
    assertInvalidToken(await get(express, '/me', fromFastapi), 'expired')
    clock.reset()
  })
})

describe('refresh rotation and logout', () => {
  test('refresh rotates the refresh token', async () => {
    const { express } = services
    const first = await login(express)
    const response = await post(express, '/refresh', first.refresh_token)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    const second = response.json
    assert.notEqual(second.refresh_token, first.refresh_token)
    assert.equal((await get(express, '/me', second.access_token)).status, 200)
    // The old refresh token stopped working; the new one works, once.
    assertInvalidToken(await post(express, '/refresh', first.refresh_token), 'used or revoked')
    assert.equal((await post(express, '/refresh', second.refresh_token)).status, 200)
    assertInvalidToken(await post(express, '/refresh', second.refresh_token), 'used or revoked')
  })

  test('of concurrent refreshes with one token, exactly one wins', async () => {
    const { refresh_token: refreshToken } = await login(services.express)
    const refreshes = Array.from({ length: 8 }, () => post(services.express, '/refresh', refreshToken))
    const responses = await Promise.all(refreshes)
    assert.deepEqual(responses.map((r) => r.status).sort(), [200, 401, 401, 401, 401, 401, 401, 401])
  })

  test('logout revokes the refresh token', async () => {
    const { express } = services
    const issued = await login(express)
    assert.equal((await post(express, '/logout', issued.refresh_token)).status, 204)
    assertInvalidToken(await post(express, '/refresh', issued.refresh_token), 'used or revoked')
    assertInvalidToken(await post(express, '/logout', issued.refresh_token), 'used or revoked')
    // Access tokens stay stateless: the one already issued lives out its 15 minutes.
    assert.equal((await get(express, '/me', issued.access_token)).status, 200)
  })

  test('an access token is not a refresh token, nor the reverse', async () => {
    const { express } = services
    const issued = await login(express)
    assertInvalidToken(await post(express, '/refresh', issued.access_token), 'not of the expected type')
    assertInvalidToken(await post(express, '/logout', issued.access_token), 'not of the expected type')
    assertInvalidToken(await get(express, '/me', issued.refresh_token), 'not of the expected type')
  })

  test('refresh and logout need a token', async () => {
    const { express } = services
    assert.equal((await request(express, 'POST', '/refresh', { json: {} })).status, 400)
    assert.equal((await request(express, 'POST', '/logout', { body: '{bad' })).status, 400)
    assertInvalidToken(await post(express, '/refresh', 'x'), 'malformed')
  })
})

describe('forged tokens', () => {
  test('a token signed by another key is 401', async () => {
    const { express } = services
    const intruder = jetwt.Key.generate('ES256').toPem()
    // Claiming the service's own kid: the signature fails.
    const forged = sign(accessClaims(), intruder, express.kid)
    assertInvalidToken(await get(express, '/me', forged), 'signature does not verify')
    // Under a kid of its own: no such key.
    assertInvalidToken(await get(express, '/me', sign(accessClaims(), intruder, 'intruder')), 'unknown key')
    // Without a kid.
    const token = jetwt.encode(accessClaims(), intruder, { algorithm: 'ES256', header: { typ: 'at+jwt' } })
    assert.equal((await get(express, '/me', token)).status, 401)
  })

  test('the real key signs a valid token, which is accepted (the control for the tests around it)', async () => {
    const { express } = services
    assert.equal((await get(express, '/me', sign(accessClaims(), express.pem, express.kid))).status, 200)
  })

  test('an alg: none token is 401', async () => {
    const { express } = services
    const [, claims, signature] = sign(accessClaims(), express.pem, express.kid).split('.')
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      for (const sig of ['', signature]) {
        const token = `${segment({ alg, typ: 'at+jwt', kid: express.kid })}.${claims}.${sig}`
        assertInvalidToken(await get(express, '/me', token), 'algorithm is not accepted')
      }
    }
  })

  test('HS256 signed with the public key as secret is 401', async () => {
    // The algorithm-confusion attack: the verifier's public key (which anyone may fetch) as an HMAC secret.
    const { express } = services
    const publicPem = jetwt.Key.fromPem(express.pem).publicKey().toPem()
    const signingInput = `${segment({ alg: 'HS256', typ: 'at+jwt', kid: express.kid })}.${segment(accessClaims())}`
    const mac = createHmac('sha256', publicPem).update(signingInput).digest('base64url')
    assertInvalidToken(await get(express, '/me', `${signingInput}.${mac}`), 'algorithm is not accepted')
  })

  test('a token with wrong claims is 401, even from the real key', async () => {
    const { express } = services
    const cases = [
      [{ aud: 'https://other.example' }, 'another audience'],
      [{ iss: 'https://evil.example' }, 'another issuer'],
      [{ exp: undefined }, 'lacks a required claim'],
      [{ jti: undefined }, 'lacks a required claim'],
      [{ exp: 'tomorrow' }, 'wrong type'],
    ]
    for (const [overrides, description] of cases) {
      const token = sign(accessClaims(overrides), express.pem, express.kid)
      assertInvalidToken(await get(express, '/me', token), description)
    }
  })

  test('a tampered token is 401', async () => {
    const [header, , signature] = (await login(services.express, GRACE)).access_token.split('.')
    const claims = segment(accessClaims({ sub: 'grace', scope: 'profile reports:read' }))
    const tampered = `${header}.${claims}.${signature}`
    assertInvalidToken(await get(services.express, '/reports', tampered), 'signature does not verify')
  })
})

describe('the other service (FastAPI): one key set, each accepts the other’s access tokens', () => {
  test('a FastAPI access token works here', async () => {
    const { express, fastapi } = services
    const issued = await login(fastapi)
    assert.equal(jetwt.decode(issued.access_token).header.kid, fastapi.kid)
    assert.notEqual(fastapi.kid, express.kid)
    const response = await get(express, '/me', issued.access_token)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    assert.equal(response.json.kid, fastapi.kid)
    assert.equal((await get(express, '/reports', issued.access_token)).status, 200)
    assert.equal((await get(express, '/reports', (await login(fastapi, GRACE)).access_token)).status, 403)
  })

  test('an Express access token works at FastAPI', async () => {
    const { express, fastapi } = services
    const response = await get(fastapi, '/me', (await login(express)).access_token)
    assert.equal(response.status, 200, JSON.stringify(response.json))
    assert.equal(response.json.service, 'fastapi')
    assert.equal(response.json.kid, express.kid)
    assert.equal(response.json.claims.sub, 'ada')
  })

  test('refresh tokens work only where they were issued', async () => {
    const { express, fastapi } = services
    for (const [issuer, other] of [[express, fastapi], [fastapi, express]]) {
      const { refresh_token: refreshToken } = await login(issuer)
      assertInvalidToken(await post(other, '/refresh', refreshToken), 'signature does not verify')
      assert.equal((await post(issuer, '/refresh', refreshToken)).status, 200)
    }
  })

  test('both services refuse alike', async () => {
    const { express, fastapi } = services
    for (const token of [undefined, 'a.b.c', sign(accessClaims(), jetwt.Key.generate('ES256').toPem(), express.kid)]) {
      const [here, there] = [await get(express, '/me', token), await get(fastapi, '/me', token)]
      assert.deepEqual([here.status, here.json], [there.status, there.json])
      assert.equal(here.headers.get('www-authenticate'), there.headers.get('www-authenticate'))
    }
  })

  test('both services publish the same key set', async () => {
    const { express, fastapi } = services
    const [here, there] = [await get(express, '/.well-known/jwks.json'), await get(fastapi, '/.well-known/jwks.json')]
    assert.deepEqual(here.json, there.json)
    assert.deepEqual(here.json.keys.map((jwk) => jwk.kid).sort(), [express.kid, fastapi.kid].sort())
    assert.ok(here.json.keys.every((jwk) => !('d' in jwk))) // public halves only
  })
})

test('the memory store forgets a jti once its token expired', () => {
  let now = 1000
  const store = new MemoryRevocationStore(() => now)
  assert.equal(store.revoke('a', 1100), true)
  assert.equal(store.revoke('a', 1100), false)
  assert.equal(store.revoke('b', 1050), true)
  assert.deepEqual([store.isRevoked('a'), store.isRevoked('b'), store.isRevoked('c')], [true, true, false])
  now = 1050
  assert.deepEqual([store.isRevoked('a'), store.isRevoked('b'), store.size], [true, false, 1])
  now = 1100
  assert.equal(store.size, 0)
})
