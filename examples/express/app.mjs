// The jetwt Express example: login, a protected route, scopes, refresh rotation and logout.
//
//   node examples/express/app.mjs [--port 3000]
//
// Environment: EXAMPLES_KEYS_DIR (default examples/shared/keys); EXAMPLES_CLOCK_FILE (tests: see tokens.mjs).

import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import express from 'express'
import { MemoryRevocationStore } from './revocation.mjs'
import { Clock, DEFAULT_KEYS_DIR, TokenError, TokenService, loadConfig, loadKeys } from './tokens.mjs'

const SERVICE = 'express'

function bearerToken(req) {
  const [scheme, ...rest] = (req.get('authorization') ?? '').split(' ')
  const token = rest.join(' ').trim()
  if (scheme.toLowerCase() !== 'bearer' || !token) throw new TokenError('a bearer token is required')
  return token
}

/** The middleware: sets `req.token` to `{ header, claims }` of the request's valid access token, or a 401. */
export function requireAuth(tokens) {
  return (req, res, next) => {
    let token
    try {
      token = bearerToken(req)
    } catch (err) {
      return next(err)
    }
    // Express 4 does not catch rejected promises: hand the error to next() ourselves.
    tokens.verifyAccess(token).then((verified) => {
      req.token = verified
      next()
    }, next)
  }
}

/** After `requireAuth`: the token must carry `scope` (else 403 insufficient_scope). */
export function requireScope(scope) {
  return (req, res, next) => {
    const scopes = String(req.token.claims.scope ?? '').split(' ')
    next(scopes.includes(scope) ? undefined : new TokenError(`the token lacks the ${scope} scope`, { scope }))
  }
}

// Routes are async: their errors go to next() too.
const handle = (route) => (req, res, next) => Promise.resolve(route(req, res)).catch(next)

function refreshToken(req) {
  const token = req.body?.refresh_token
  if (typeof token !== 'string') throw Object.assign(new Error('refresh_token is required'), { status: 400 })
  return token
}

export function createApp({ keysDir, clock, store } = {}) {
  clock ??= new Clock(process.env.EXAMPLES_CLOCK_FILE)
  const keys = loadKeys(keysDir || process.env.EXAMPLES_KEYS_DIR || DEFAULT_KEYS_DIR, SERVICE)
  const tokens = new TokenService(loadConfig(), keys, clock, store ?? new MemoryRevocationStore(() => clock.now()))
  const auth = requireAuth(tokens)

  const app = express()
  app.disable('x-powered-by')
  app.locals.tokens = tokens
  app.use(express.json())

  app.post(
    '/login',
    handle(async (req, res) => {
      const { username, password } = req.body ?? {}
      const issued =
        typeof username === 'string' && typeof password === 'string' ? await tokens.login(username, password) : null
      if (issued === null) {
        return res.status(400).json({ error: 'invalid_grant', error_description: 'unknown user or wrong password' })
      }
      res.json(issued)
    }),
  )

  app.post(
    '/refresh',
    handle(async (req, res) => res.json(await tokens.rotate(refreshToken(req)))),
  )

  app.post(
    '/logout',
    handle(async (req, res) => {
      await tokens.logout(refreshToken(req))
      res.status(204).end()
    }),
  )

  app.get('/me', auth, (req, res) => {
    res.json({ service: SERVICE, kid: req.token.header.kid ?? null, claims: req.token.claims })
  })

  app.get('/reports', auth, requireScope('reports:read'), (req, res) => {
    res.json({ service: SERVICE, sub: req.token.claims.sub, reports: ['q1.pdf', 'q2.pdf'] })
  })

  app.get('/.well-known/jwks.json', (req, res) => res.json(keys.jwks))

  // eslint-disable-next-line no-unused-vars -- Express tells error handlers by their four parameters
  app.use((err, req, res, next) => {
    if (err instanceof TokenError) {
      res.set('WWW-Authenticate', err.challenge())
      return res.status(err.status).json({ error: err.error, error_description: err.description })
    }
    if (err.status >= 400 && err.status < 500) {
      // Bad JSON or a missing field (express.json() sets `status` on its errors).
      const description = err.expose === false ? 'bad request' : err.message
      return res.status(err.status).json({ error: 'invalid_request', error_description: description })
    }
    console.error(err)
    res.status(500).json({ error: 'server_error' })
  })

  return app
}

function main() {
  const options = { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '3000' } }
  const { values } = parseArgs({ options })
  const app = createApp()
  const server = app.listen(Number(values.port), values.host, () => {
    console.log(`${SERVICE} listening on http://${values.host}:${server.address().port}`)
  })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main()
