//! # jetwt for Python
//!
//! The `jetwt._jetwt` extension module, re-exported by `python/jetwt/__init__.py`. It converts Python arguments,
//! calls `jetwt-core`, and converts results and errors back; every decision lives in the core.
//!
//! - [`encode`] / [`Signer`](encode::PySigner): claims → JSON text in Rust → the core signs.
//! - [`verify`](decode::verify) / [`Verifier`](decode::PyVerifier): the core verifies, the dict is built from
//!   its parsed JSON tree; asymmetric work runs with the GIL released.
//! - [`decode`](decode::decode): inspection only, no key.
//! - [`sign_message`](raw::sign_message) / [`verify_message`](raw::verify_message): the signature over bytes
//!   the caller assembled (for `jetwt.pyjwt`, PyJWT's API).
//! - [`JwksClient`](remote::PyJwksClient): a remote JWK set (core's `RemoteKeySet`), verifying like a `KeySet`.
//! - [`_run_cli`](cli::run_cli): the `jetwt` command, for the console script and `python -m jetwt`.
//! - [`error`]: `JwtError` and one subclass per core `ErrorKind`, each with its stable `code`.

mod algorithm;
mod cli;
mod decode;
mod encode;
mod error;
mod json;
mod key;
mod keycache;
mod keyset;
mod raw;
mod remote;
mod validation;

use pyo3::prelude::*;

#[pymodule]
fn _jetwt(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(encode::encode, m)?)?;
    m.add_function(wrap_pyfunction!(decode::decode, m)?)?;
    m.add_function(wrap_pyfunction!(decode::decode_header, m)?)?;
    m.add_function(wrap_pyfunction!(decode::verify, m)?)?;
    m.add_function(wrap_pyfunction!(raw::sign_message, m)?)?;
    m.add_function(wrap_pyfunction!(raw::verify_message, m)?)?;
    m.add_class::<key::PyKey>()?;
    m.add_class::<keyset::PyKeySet>()?;
    m.add_class::<remote::PyJwksClient>()?;
    m.add_class::<encode::PySigner>()?;
    m.add_class::<decode::PyVerifier>()?;
    m.add_class::<decode::PyDecoded>()?;
    m.add_function(wrap_pyfunction!(cli::run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(error::_panic_probe, m)?)?;
    m.add_function(wrap_pyfunction!(raw::_core_loop, m)?)?;
    error::register(m)?;
    let algorithms: Vec<&str> = jetwt::Algorithm::ALL.iter().map(|a| a.name()).collect();
    m.add("ALGORITHMS", pyo3::types::PyTuple::new(m.py(), algorithms)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
