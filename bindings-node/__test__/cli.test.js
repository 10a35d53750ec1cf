'use strict'
// `npx jetwt` (issue 7): bindings-node/cli.js run as a user runs it, as a subprocess. Every case of the shared
// tests/cli/cases.json (which the Rust binary and the Python door run too; semantics as in cli/tests/cli.rs),
// then what is particular to running the command inside Node: descriptors Node made non-blocking, colour.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync, execFileSync } = require('node:child_process')

const jetwt = require('..')
const { ROOT, KEYS } = require('./support.js')

const CLI = path.join(__dirname, '..', 'cli.js')
const SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'cli', 'cases.json'), 'utf8'))

/** Runs `node [nodeArgs] cli.js args` with `input` on stdin; `{ status, stdout, stderr }` as text. */
function jetwtCli(args, { input = '', env = {}, nodeArgs = [] } = {}) {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    input,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  })
  if (result.error) throw result.error
  return result
}

test('every case of tests/cli/cases.json, in order', async (t) => {
  const keys = fs.realpathSync(KEYS)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jetwt-cli-node-'))
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }))
  const sub = (text) => text.replaceAll('{keys}', keys).replaceAll('{tmp}', tmp)

  let previous = ''
  let ran = 0
  for (const c of SPEC.cases) {
    const input = c.stdin_from_previous === true ? previous : (c.stdin ?? '')
    const out = jetwtCli(c.args.map(sub), { input })
    ran++
    previous = out.stdout
    await t.test(c.name, () => {
      assert.equal(out.status, c.exit, `exit code; stderr: ${out.stderr}`)
      if (c.stdout !== undefined) assert.equal(out.stdout, sub(c.stdout))
      if (c.stdout_regex !== undefined) assert.match(out.stdout, new RegExp(c.stdout_regex))
      if (c.stdout_contains !== undefined) assert.ok(out.stdout.includes(c.stdout_contains), `stdout lacks ${c.stdout_contains}`)
      assert.equal(out.stderr, sub(c.stderr))
      assert.doesNotMatch(out.stderr, /panicked/)
    })
  }
  assert.equal(ran, SPEC.cases.length)
  assert.ok(ran >= 39, `ran ${ran} cases`)
})

test('the exit code, stdout and stderr are the command\'s: a token that does not verify', () => {
  const out = jetwtCli(['verify', 'a.b', '--key', path.join(KEYS, 'hs256.secret'), '--alg', 'HS256'])
  assert.equal(out.status, 1)
  assert.equal(out.stdout, '')
  assert.equal(out.stderr, 'invalid: malformed: A token has exactly three segments separated by dots.\n')
})

/** A token whose decoded output is several times a pipe's 64 KiB buffer (but under core's 256 KiB token limit). */
const BIG = jetwt.encode({ big: 'x'.repeat(180_000) }, 'a secret of at least thirty-two bytes, for HS256', { algorithm: 'HS256' })

/**
 * Runs `node --require hook cli.js args` where the hook uses process.stdin/stdout/stderr, which makes libuv
 * set O_NONBLOCK on the pipes (as any module loaded through NODE_OPTIONS may); a read of an empty or a write
 * to a full non-blocking pipe fails with EAGAIN. The peers are slow (a shell pipeline): stdout is read only
 * after a pause, and `input` comes from a file or, `late`, through a pipe after another pause.
 */
function withNonBlockingStdio(t, args, input, late) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jetwt-cli-fds-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const file = (name) => path.join(dir, name)
  fs.writeFileSync(file('hook.js'), 'process.stdin; process.stdout; process.stderr\n')
  fs.writeFileSync(file('input'), input)
  const command = '{ "$NODE" --require "$DIR/hook.js" "$CLI" "$@" 2>"$DIR/stderr"; echo $? >"$DIR/status"; }'
  const script = late
    ? `(sleep 0.3; cat "$DIR/input") | ${command} | (sleep 0.5; cat)`
    : `${command} <"$DIR/input" | (sleep 0.5; cat)`
  const stdout = execFileSync('sh', ['-c', script, 'sh', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', DIR: dir, NODE: process.execPath, CLI },
  })
  const status = Number(fs.readFileSync(file('status'), 'utf8'))
  return { status, stdout, stderr: fs.readFileSync(file('stderr'), 'utf8') }
}

test('input and output survive pipes Node made non-blocking (e.g. a --require hook) and slow peers', (t) => {
  const expected = jetwtCli(['decode', '-'], { input: BIG }).stdout
  assert.ok(expected.length > 2 * 65536, `${expected.length} bytes`)
  assert.ok(expected.includes('x'.repeat(180_000)))
  for (const late of [false, true]) {
    const out = withNonBlockingStdio(t, ['decode', '-'], BIG, late)
    assert.equal(out.stderr, '', `late input: ${late}`)
    assert.equal(out.status, 0)
    assert.equal(out.stdout, expected)
  }
})

test('stdout and stderr sharing one pipe (2>&1): each run has written everything before it exits', () => {
  // A verify that passes writes only to stdout, one that fails only to stderr; run one after the other in one
  // shell, the combined stream must hold each whole, in order (nothing left in a buffer flushed later).
  const key = path.join(KEYS, 'hs256.secret')
  const token = jetwtCli(['encode', '--alg', 'HS256', '--key', key, '--sub', 'order']).stdout.trim()
  const node = JSON.stringify(process.execPath)
  const cli = JSON.stringify(CLI)
  const script = `${node} ${cli} verify ${token} --key ${JSON.stringify(key)} --alg HS256 --json; ` +
    `${node} ${cli} verify bad --key ${JSON.stringify(key)} --alg HS256; ` +
    `${node} ${cli} decode --json ${token}`
  const combined = execFileSync('sh', ['-c', `(${script}) 2>&1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const lines = combined.split('\n')
  assert.match(lines[0], /^\{"valid":true,/)
  assert.equal(lines[1], 'invalid: malformed: A token has exactly three segments separated by dots.')
  assert.match(lines[2], /^\{/)
  assert.equal(JSON.parse(lines.slice(2).join('\n')).claims.sub, 'order')
})

/** Runs the command under a pseudo-terminal (script(1)); its output, or `null` when script(1) is missing. */
function inTerminal(args, env) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env, timeout: 60_000 })
  if (result.error && result.error.code === 'ENOENT') return null
  assert.equal(result.status, 0, result.stderr)
  return result.stdout
}

test('colour: the command decides (stdout a terminal and NO_COLOR unset or empty), as the Rust binary does', (t) => {
  const token = 'eyJhbGciOiJub25lIn0.e30.'
  const env = { ...process.env }
  delete env.NO_COLOR
  // Not a terminal: no colour, whatever NO_COLOR says.
  const piped = spawnSync(process.execPath, [CLI, 'decode', token], { encoding: 'utf8', env })
  assert.equal(piped.status, 0)
  assert.ok(!piped.stdout.includes('\x1b['), 'no escape codes into a pipe')

  const coloured = inTerminal(['decode', token], env)
  if (coloured === null) return t.skip('script(1) is not installed: no pseudo-terminal to test colour in')
  assert.ok(coloured.includes('\x1b['), `escape codes on a terminal: ${JSON.stringify(coloured.slice(0, 80))}`)
  assert.ok(inTerminal(['decode', token], { ...env, NO_COLOR: '' }).includes('\x1b['), 'an empty NO_COLOR is unset')
  const plain = inTerminal(['decode', token], { ...env, NO_COLOR: '1' })
  assert.ok(!plain.includes('\x1b['), 'NO_COLOR=1 turns colour off')
  assert.match(plain, /Header/)
})

test('package.json: the `jetwt` bin is cli.js, shipped, with a node shebang', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  assert.deepEqual(manifest.bin, { jetwt: 'bindings-node/cli.js' })
  assert.ok(manifest.files.includes('bindings-node/cli.js'))
  assert.match(fs.readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/)
  assert.equal(execFileSync(CLI, ['--version'], { encoding: 'utf8' }), `jetwt ${manifest.version}\n`)
})
