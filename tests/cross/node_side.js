// The Node half of the cross-runtime test: verifies the tokens Python signed, signs its own, and reports
// error codes for the shared bad tokens. Reads and writes JSON files given on the command line.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const jetwt = require(path.join(__dirname, '..', '..', 'bindings-node', 'index.js'))

const [input, output] = process.argv.slice(2)
const job = JSON.parse(fs.readFileSync(input, 'utf8'))
const result = { verified: {}, tokens: {}, codes: {} }

for (const [alg, token] of Object.entries(job.python_tokens)) {
  const { public: publicKey } = job.keys[alg]
  result.verified[alg] = jetwt.verify(token, publicKey, { algorithms: [alg], now: job.now, audience: 'cross' })
}
for (const [alg, { private: privateKey }] of Object.entries(job.keys)) {
  result.tokens[alg] = jetwt.encode(job.claims, privateKey, { algorithm: alg })
}
for (const [name, { token, alg, options }] of Object.entries(job.bad)) {
  try {
    jetwt.verify(token, job.keys[alg].public, { algorithms: [alg], now: job.now, ...options })
    result.codes[name] = 'accepted'
  } catch (err) {
    result.codes[name] = err instanceof jetwt.JwtError ? err.code : `not a JwtError: ${err}`
  }
}
fs.writeFileSync(output, JSON.stringify(result))
