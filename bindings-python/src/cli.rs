//! `_run_cli`: the `jetwt` command (crate `jetwt-cli`) for the `jetwt` console script and `python -m jetwt`
//! (python/jetwt/__main__.py).
//!
//! The command reads fd 0 and writes fds 1 and 2 itself, exactly as the Rust binary does: stderr unbuffered,
//! stdout flushed before returning, colour decided by the command (a terminal on stdout, `NO_COLOR` unset).
//! `__main__.main` flushes Python's own `sys.stdout`/`sys.stderr` first, so nothing is reordered.

use std::ffi::OsString;

use pyo3::prelude::*;

/// Runs the command with `args` (without the program name) and returns its exit code: 0 success, 1 a token
/// that does not verify, 2 a usage or input error, 101 an internal error (a panic, reported on stderr by
/// Rust's panic hook, as the Rust binary would exit). The GIL is released meanwhile: the command may wait for
/// stdin or the network.
#[pyfunction]
#[pyo3(name = "_run_cli")]
pub fn run_cli(py: Python<'_>, args: Vec<OsString>) -> i32 {
    py.detach(move || {
        std::panic::catch_unwind(move || jetwt_cli::main_with_stdio(args)).unwrap_or(101)
    })
}
