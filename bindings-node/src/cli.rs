//! `runCli`: the `jetwt` command (crate `jetwt-cli`) for `npx jetwt` (bindings-node/cli.js).
//!
//! The command reads fd 0 and writes fds 1 and 2 itself, exactly as the Rust binary does: stderr unbuffered,
//! stdout flushed before returning, colour decided by the command (a terminal on stdout, `NO_COLOR` unset).
//! cli.js makes sure Node has not left those descriptors non-blocking.

use std::ffi::OsString;

use napi_derive::napi;

/// Runs the command with `args` (without the program name) and returns its exit code: 0 success, 1 a token
/// that does not verify, 2 a usage or input error, 101 an internal error (a panic, reported on stderr by
/// Rust's panic hook, as the Rust binary would exit).
#[napi]
pub fn run_cli(args: Vec<String>) -> i32 {
    let args: Vec<OsString> = args.into_iter().map(OsString::from).collect();
    std::panic::catch_unwind(move || jetwt_cli::main_with_stdio(args)).unwrap_or(101)
}
