//! `sign_message()` / `verify_message()`: the JWS signature over bytes the caller assembled, for layers that
//! build tokens themselves (the PyJWT compatibility module `jetwt.pyjwt`: PyJWT's exact header bytes,
//! unencoded `b64: false` payloads, payloads that are not JSON). Keys go through the same `key_like` path
//! (and the core's cache of parsed PEM/DER) as `encode`/`verify`; asymmetric work runs without the GIL.

use jetwt::Validation;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::PyBytes;

use crate::algorithm::AlgorithmArg;
use crate::encode::maybe_detached;
use crate::error::{shielded, IntoPy};
use crate::key::{key_like, PyKey};

/// Signs `message` with `key` and `algorithm` and returns the raw signature bytes. `min_secret_length=False`
/// lets an HMAC secret shorter than the hash sign (the caller warns instead); every other key check stays.
#[pyfunction]
#[pyo3(signature = (message, key, *, algorithm, min_secret_length=true))]
pub fn sign_message<'py>(
    py: Python<'py>,
    message: PyBackedBytes,
    key: &Bound<'py, PyAny>,
    algorithm: AlgorithmArg,
    min_secret_length: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    shielded(|| {
        let alg = algorithm.0;
        let key = key_like(key, !alg.is_asymmetric())?;
        let signature = maybe_detached(py, alg.is_asymmetric(), || {
            key.sign_message(alg, &message, min_secret_length)
        })
        .py_err()?;
        Ok(PyBytes::new(py, &signature))
    })
}

/// Whether `signature` verifies over `message` with `key` and `algorithm`. A key of another family than the
/// algorithm, or bound to another algorithm, raises rather than returning `False`.
#[pyfunction]
#[pyo3(signature = (message, signature, key, *, algorithm))]
pub fn verify_message(
    py: Python<'_>,
    message: PyBackedBytes,
    signature: PyBackedBytes,
    key: &Bound<'_, PyAny>,
    algorithm: AlgorithmArg,
) -> PyResult<bool> {
    shielded(|| {
        let alg = algorithm.0;
        let key = key_like(key, !alg.is_asymmetric())?;
        maybe_detached(py, alg.is_asymmetric(), || {
            key.verify_message(alg, &message, &signature)
        })
        .py_err()
    })
}

/// For `make bench-python` only, so that the package can be timed beside the core in one process: the core's
/// `encode_json` of `claims` (JSON text), or its `verify` of `token` with `audience` and `issuer` required,
/// `n` times in Rust with the GIL released and the validation built once. Fails as the real call would.
#[pyfunction]
#[pyo3(signature = (key, n, *, algorithm, claims=None, token=None, audience=None, issuer=None))]
#[allow(clippy::too_many_arguments)]
pub fn _core_loop(
    py: Python<'_>,
    key: PyRef<'_, PyKey>,
    n: u32,
    algorithm: AlgorithmArg,
    claims: Option<PyBackedStr>,
    token: Option<PyBackedStr>,
    audience: Option<PyBackedStr>,
    issuer: Option<PyBackedStr>,
) -> PyResult<()> {
    let (alg, key) = (algorithm.0, key.key.clone());
    let mut validation = Validation::new(&[alg]);
    if let Some(audience) = &audience {
        validation = validation.audience(&[&**audience]);
    }
    if let Some(issuer) = &issuer {
        validation = validation.issuer(&[&**issuer]);
    }
    py.detach(|| -> jetwt::Result<()> {
        for _ in 0..n {
            match (&claims, &token) {
                (Some(claims), _) => {
                    std::hint::black_box(jetwt::encode_json(claims, &key, alg, None)?);
                }
                (None, Some(token)) => {
                    std::hint::black_box(jetwt::verify(token, &key, &validation)?);
                }
                (None, None) => {}
            }
        }
        Ok(())
    })
    .py_err()
}
