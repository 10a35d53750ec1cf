#!/usr/bin/env node
'use strict'
// `npx jetwt`: the jetwt command (the Rust crate jetwt-cli, built into the addon), the same program as the
// `jetwt` binary and the Python package's console script. This file only hands over the arguments and the
// exit code; what is printed, and whether in colour (stdout a terminal, NO_COLOR unset), the command decides.
//
// The command reads fd 0 and writes fds 1 and 2 itself, with blocking calls, as the Rust binary does (stderr
// unbuffered, stdout flushed before runCli returns), so nothing is reordered or left in a JS buffer. But libuv
// makes a pipe or terminal non-blocking once Node uses it as process.stdin/stdout/stderr (a module loaded with
// --require, or a parent process sharing the descriptor, may have), and a write to a full non-blocking pipe
// fails with EAGAIN: output would be lost. So the three are put (back) in blocking mode first.

for (const name of ['stdin', 'stdout', 'stderr']) {
  const handle = process[name]._handle
  if (handle && typeof handle.setBlocking === 'function') handle.setBlocking(true)
}

process.exitCode = require('./native.js').runCli(process.argv.slice(2))
