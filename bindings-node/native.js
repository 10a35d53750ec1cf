'use strict'
// Loads the native addon that `napi build` puts beside this file (see bindings-node/node.mk).
// The addon is context-aware: every main thread or worker that requires this file gets its own instance.

const path = require('node:path')

const file = path.join(__dirname, 'jetwt.node')
try {
  module.exports = require(file)
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    throw new Error(
      `jetwt: the native addon ${file} is missing; in a jetwt checkout, build it with \`make node-addon\`.`,
      { cause: error },
    )
  }
  throw error
}
