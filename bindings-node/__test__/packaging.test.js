'use strict'
// The package as a user meets it: `npm pack` at the repository root, the tarball installed offline into a
// fresh temporary project (its only dependency is itself), then required and imported there.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync, spawnSync } = require('node:child_process')

const { ROOT, keyText } = require('./support.js')

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 })
}

test('npm pack → install the tarball offline in a fresh project → require and import it, run `npx jetwt`', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jetwt-pack-'))
  try {
    const [packed] = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', dir], ROOT))
    const files = packed.files.map((f) => f.path).sort()
    assert.deepEqual(files, [
      'README.md',
      'bindings-node/cli.js',
      'bindings-node/index.d.ts',
      'bindings-node/index.js',
      'bindings-node/index.mjs',
      'bindings-node/jetwt.node',
      'bindings-node/jsonwebtoken.d.ts',
      'bindings-node/jsonwebtoken.js',
      'bindings-node/jsonwebtoken.mjs',
      'bindings-node/native.d.ts',
      'bindings-node/native.js',
      'package.json',
    ])
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
    assert.equal(packed.name, 'jetwt')
    assert.equal(packed.version, manifest.version)
    assert.equal(manifest.dependencies, undefined, 'the package has no runtime dependencies')

    const app = path.join(dir, 'app')
    fs.mkdirSync(app)
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, version: '1.0.0' }))
    run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(dir, packed.filename)], app)
    assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((name) => !name.startsWith('.')), ['jetwt'])

    const pem = keyText('ec_p256.pem')
    fs.writeFileSync(path.join(app, 'key.pem'), pem)
    fs.writeFileSync(path.join(app, 'cjs.js'), `
      const assert = require('node:assert/strict')
      const fs = require('node:fs')
      const jetwt = require('jetwt')
      assert.ok(require.resolve('jetwt').startsWith(${JSON.stringify(path.join(app, 'node_modules'))}))
      const pem = fs.readFileSync(__dirname + '/key.pem', 'utf8')
      const token = jetwt.encode({ sub: 'cjs' }, pem, { algorithm: 'ES256' })
      const pub = jetwt.Key.fromPem(pem).publicKey()
      assert.deepEqual(jetwt.verify(token, pub, { algorithms: ['ES256'] }), { sub: 'cjs' })
      assert.throws(() => jetwt.verify(token, pub, { algorithms: ['RS256'] }), jetwt.InvalidAlgorithmError)
      jetwt.verifyAsync(token, pub, { algorithms: ['ES256'] }).then((claims) => console.log('cjs', claims.sub))
      const jwt = require('jetwt/jsonwebtoken')
      const migrated = jwt.sign({ sub: 'migrated' }, 'a-32-byte-secret-for-migrations!', { noTimestamp: true })
      assert.equal(jwt.verify(migrated, 'a-32-byte-secret-for-migrations!').sub, 'migrated')
      assert.throws(() => jwt.verify(migrated, 'another-32-byte-secret-for-tests!'), jwt.JsonWebTokenError)
    `)
    fs.writeFileSync(path.join(app, 'esm.mjs'), `
      import assert from 'node:assert/strict'
      import { readFileSync } from 'node:fs'
      import { encode, verify, Signer, JwtError } from 'jetwt'
      import jetwt from 'jetwt'
      const pem = readFileSync(new URL('./key.pem', import.meta.url), 'utf8')
      const token = new Signer(pem, { algorithm: 'ES256', issuer: 'esm' }).sign({ sub: 'esm' })
      const claims = verify(token, pem, { algorithms: ['ES256'], issuer: 'esm' })
      assert.equal(claims.sub, 'esm')
      assert.equal(jetwt.encode, encode)
      assert.throws(() => verify('nope', pem, { algorithms: ['ES256'] }), JwtError)
      console.log('esm', claims.sub)
    `)
    assert.equal(run(process.execPath, ['cjs.js'], app).trim(), 'cjs cjs')
    assert.equal(run(process.execPath, ['esm.mjs'], app).trim(), 'esm esm')

    // The `jetwt` command from the installed package, as `npx` finds it (node_modules/.bin).
    const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx'
    assert.equal(run(NPX, ['--no-install', 'jetwt', '--version'], app), `jetwt ${manifest.version}\n`)
    const signed = run(NPX, ['--no-install', 'jetwt', 'encode', '--alg', 'ES256', '--key', 'key.pem', '--sub', 'npx'], app).trim()
    const decoded = JSON.parse(execFileSync(NPX, ['--no-install', 'jetwt', 'decode', '--json', '-'], {
      cwd: app, input: signed, encoding: 'utf8', timeout: 180_000,
    }))
    assert.equal(decoded.header.alg, 'ES256')
    assert.equal(decoded.claims.sub, 'npx')
    const refused = spawnSync(NPX, ['--no-install', 'jetwt', 'verify', signed, '--key', 'key.pem', '--alg', 'RS256'], { cwd: app, encoding: 'utf8' })
    assert.equal(refused.status, 1, 'the exit code comes through npx')
    assert.match(refused.stderr, /^invalid: invalid_algorithm: /)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
