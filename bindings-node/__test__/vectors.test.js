'use strict'
// The shared vectors (tests/vectors/, schema in its README), run through the public Node API. The number of
// cases run must equal manifest.json's `total`, so a skipped file or case fails the suite.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const jetwt = require('..')
const { Key, KeySet, JwtError } = jetwt

const DIR = path.join(__dirname, '..', '..', 'tests', 'vectors')
const read = (name) => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8'))

// Python option names (the vectors') to the Node ones.
const OPTION_NAMES = {
  algorithms: 'algorithms',
  audience: 'audience',
  issuer: 'issuer',
  subject: 'subject',
  leeway: 'leeway',
  required: 'required',
  max_age: 'maxAge',
  typ: 'typ',
  complete: 'complete',
  max_token_bytes: 'maxTokenBytes',
  max_depth: 'maxDepth',
}

// What a key's JWK `kty` says about its family, in the vectors' words.
const FAMILIES = { oct: 'hmac', RSA: 'rsa', EC: 'ec', OKP: 'ed25519' }

function b64url(text) {
  return Buffer.from(text, 'base64url')
}

function load(spec) {
  const { kind, value } = spec
  switch (kind) {
    case 'secret':
      return Key.fromSecret(value)
    case 'secret_b64':
      return Key.fromSecret(b64url(value))
    case 'pem':
      return Key.fromPem(value)
    case 'der_b64':
      return Key.fromDer(b64url(value))
    case 'jwk':
      return Key.fromJwk(value)
    case 'jwks':
      return KeySet.fromJwks(value)
    default:
      throw new Error(`unknown key kind ${kind}`)
  }
}

function options(vectorOptions, now) {
  const out = { now }
  for (const [name, value] of Object.entries(vectorOptions)) {
    const mapped = OPTION_NAMES[name]
    if (mapped === undefined) throw new Error(`unknown vector option ${name}`)
    out[mapped] = value
  }
  return out
}

/** What happened, in the shape of `expect`. */
function outcome(run) {
  try {
    return run()
  } catch (error) {
    if (!(error instanceof JwtError)) throw error
    const out = { error: error.code }
    if (error.code === 'missing_claim') out.claim = error.claim
    return out
  }
}

function keyFor(keys, loaded, c, member) {
  if (c.key_spec !== undefined && member === 'key') return load(c.key_spec)
  const name = c[member]
  if (!loaded.has(name)) {
    const spec = keys[name]
    if (spec === undefined) throw new Error(`no key ${name} in keys.json`)
    let result
    try {
      result = { key: load(spec) }
    } catch (error) {
      if (!(error instanceof JwtError)) throw error
      result = { error }
    }
    loaded.set(name, result)
  }
  const { key, error } = loaded.get(name)
  if (error !== undefined) throw error
  return key
}

function run(keys, loaded, c) {
  const op = c.op === undefined ? 'verify' : c.op
  switch (op) {
    case 'verify':
      return outcome(() => {
        const opts = options(c.options, c.now)
        const key = keyFor(keys, loaded, c, 'key')
        const result = jetwt.verify(c.token, key, opts)
        return opts.complete ? { claims: result.claims, header: result.header } : { claims: result }
      })
    case 'decode':
      return outcome(() => {
        const { header, claims, signature } = jetwt.decode(c.token)
        assert.ok(Buffer.isBuffer(signature))
        return { header, claims, signature_len: signature.length }
      })
    case 'encode':
      return outcome(() => {
        const key = keyFor(keys, loaded, c, 'key')
        const encodeOptions = { algorithm: c.algorithm }
        if (c.headers !== null && c.headers !== undefined) encodeOptions.header = c.headers
        const token = jetwt.encode(c.claims, key, encodeOptions)
        const verifyKey = keyFor(keys, loaded, c, 'verify_key')
        const { header, claims } = jetwt.verify(token, verifyKey, { ...options(c.options, c.now), complete: true })
        return { claims, header }
      })
    case 'key':
      return outcome(() => {
        const key = load(c.key_spec)
        if (key instanceof KeySet) return { ok: true }
        const family = FAMILIES[key.toJwk(true).kty]
        return { ok: true, family, is_private: key.isPrivate }
      })
    default:
      throw new Error(`unknown op ${op}`)
  }
}

test('every shared vector passes, and all of them ran', () => {
  const manifest = read('manifest.json')
  const { keys } = read('keys.json')
  const loaded = new Map()
  assert.ok(manifest.total > 0, 'the manifest announces cases')
  let ran = 0
  const failures = []
  for (const file of manifest.files) {
    const suite = read(file)
    for (const group of suite.groups) {
      for (const c of group.cases) {
        ran += 1
        const got = run(keys, loaded, c)
        try {
          assert.deepStrictEqual(got, c.expect)
        } catch {
          failures.push(`${file} #${c.id} (${c.comment}): expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(got)}`)
        }
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${ran} cases failed:\n${failures.join('\n')}`)
  assert.equal(ran, manifest.total, 'every case of the manifest ran')
})
