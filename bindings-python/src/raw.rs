//! `sign_message()` / `verify_message()`: the JWS signature over bytes the caller assembled, for layers that
//! build tokens themselves (the PyJWT compatibility module `jetwt.pyjwt`: PyJWT's exact header bytes,
//! unencoded `b64: false` payloads, payloads that are not JSON). Keys go through the same `key_like` path
//! (and the core's cache of parsed PEM/DER) as `encode`/`verify`; asymmetric work runs without the GIL.

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;

use crate::algorithm::AlgorithmArg;
use crate::encode::maybe_detached;
use crate::error::{shielded, IntoPy};
use crate::key::key_like;

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
