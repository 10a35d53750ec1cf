'use strict'
// The README's Node examples run: every ```js / ```javascript block of the top-level README.md, each in a
// fresh node process at the repository root, where `require('jetwt')` / `import 'jetwt'` resolve to this package.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const { ROOT } = require('./support.js')

/** The fenced js/javascript blocks of a Markdown text, with the line each starts on. */
function jsBlocks(markdown) {
  const blocks = []
  const lines = markdown.split('\n')
  let current = null
  lines.forEach((line, index) => {
    const fence = line.match(/^\s*(```+|~~~+)\s*([\w+-]*)/)
    if (current === null) {
      if (fence && /^(js|javascript|mjs|cjs)$/i.test(fence[2])) current = { line: index + 1, lang: fence[2].toLowerCase(), fence: fence[1], body: [] }
      else if (fence) current = { skip: true, fence: fence[1] }
      return
    }
    if (line.trim().startsWith(current.fence) && line.trim().replace(/[`~]/g, '') === '') {
      if (!current.skip) blocks.push({ line: current.line, lang: current.lang, code: current.body.join('\n') })
      current = null
      return
    }
    if (!current.skip) current.body.push(line)
  })
  return blocks
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const blocks = jsBlocks(readme)

test('the README has Node examples', () => {
  assert.ok(blocks.length >= 1, 'at least one ```js block in README.md')
})

for (const block of blocks) {
  test(`README.md line ${block.line} runs`, () => {
    const esm = block.lang === 'mjs' || /^\s*(import\s|export\s)/m.test(block.code)
    const result = spawnSync(process.execPath, [`--input-type=${esm ? 'module' : 'commonjs'}`, '-e', block.code], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(result.status, 0, `exit ${result.status}\n${result.stdout}\n${result.stderr}`)
  })
}

test('the block extractor finds what it should, and only that', () => {
  const sample = ['```js', 'a()', '```', '```python', 'b()', '```', '~~~javascript', 'c()', '~~~', '```', 'd()', '```'].join('\n')
  assert.deepEqual(jsBlocks(sample).map((b) => b.code), ['a()', 'c()'])
})
