//! `jetwt.encode()` and `jetwt.Signer`: claims serialised in Rust, signed by the core; asymmetric signing runs
//! with the GIL released.

use jetwt::{Algorithm, Key, Signer};
use pyo3::prelude::*;

use crate::algorithm::AlgorithmArg;
use crate::error::{shielded, IntoPy};
use crate::json::{claims_to_json, mapping_to_json};
use crate::key::key_like;
use crate::validation::{duration, strings};

/// Runs `f` without the GIL when the algorithm is asymmetric (worth it at tens of microseconds and more).
pub fn maybe_detached<T: Send>(
    py: Python<'_>,
    alg_is_asymmetric: bool,
    f: impl FnOnce() -> T + Send,
) -> T {
    if alg_is_asymmetric {
        py.detach(f)
    } else {
        f()
    }
}

fn extra_header(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match headers.filter(|h| !h.is_none()) {
        Some(h) => Ok(Some(mapping_to_json(h, "headers")?)),
        None => Ok(None),
    }
}

/// Serialises `claims`, signs them with `key` and `algorithm`, and returns the compact token.
#[pyfunction]
#[pyo3(signature = (claims, key, *, algorithm=AlgorithmArg(Algorithm::HS256), headers=None))]
#[pyo3(text_signature = "(claims, key, *, algorithm='HS256', headers=None)")]
pub fn encode(
    py: Python<'_>,
    claims: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    algorithm: AlgorithmArg,
    headers: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    shielded(|| {
        let alg = algorithm.0;
        let key: Key = key_like(key, !alg.is_asymmetric())?;
        let payload = claims_to_json(claims)?;
        let header = extra_header(headers)?;
        maybe_detached(py, alg.is_asymmetric(), || {
            jetwt::encode_json(&payload, &key, alg, header.as_deref())
        })
        .py_err()
    })
}

/// A prepared signer: the key checked and the header encoded once, registered claims added to every token.
#[pyclass(frozen, module = "jetwt", name = "Signer")]
#[derive(Debug)]
pub struct PySigner {
    signer: Signer,
}

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (key, *, algorithm, headers=None, expires_in=None, not_before=None, issuer=None,
                        audience=None, subject=None, issued_at=true, jwt_id=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        key: &Bound<'_, PyAny>,
        algorithm: AlgorithmArg,
        headers: Option<&Bound<'_, PyAny>>,
        expires_in: Option<&Bound<'_, PyAny>>,
        not_before: Option<&Bound<'_, PyAny>>,
        issuer: Option<String>,
        audience: Option<&Bound<'_, PyAny>>,
        subject: Option<String>,
        issued_at: bool,
        jwt_id: bool,
    ) -> PyResult<PySigner> {
        let alg = algorithm.0;
        let key = key_like(key, !alg.is_asymmetric())?;
        let header = extra_header(headers)?;
        let mut signer = Signer::new(key, alg, header.as_deref()).py_err()?;
        if let Some(lifetime) = expires_in.filter(|v| !v.is_none()) {
            signer = signer.expires_in(duration(lifetime, "expires_in")?);
        }
        if let Some(delay) = not_before.filter(|v| !v.is_none()) {
            signer = signer.not_before(duration(delay, "not_before")?);
        }
        if let Some(issuer) = issuer {
            signer = signer.issuer(issuer);
        }
        if let Some(audience) = audience.filter(|v| !v.is_none()) {
            signer = signer.audience(&strings(audience, "audience")?);
        }
        if let Some(subject) = subject {
            signer = signer.subject(subject);
        }
        signer = signer.issued_at(issued_at).jwt_id(jwt_id);
        Ok(PySigner { signer })
    }

    /// The algorithm every token is signed with.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.signer.algorithm().name()
    }

    /// Signs `claims` (a mapping), adding the signer's registered claims where the claims lack them.
    fn sign(&self, py: Python<'_>, claims: &Bound<'_, PyAny>) -> PyResult<String> {
        shielded(|| {
            let payload = claims_to_json(claims)?;
            let alg = self.signer.algorithm();
            maybe_detached(py, alg.is_asymmetric(), || {
                self.signer.sign_json(&payload, None)
            })
            .py_err()
        })
    }

    fn __repr__(&self) -> String {
        format!("<jetwt.Signer {}>", self.signer.algorithm().name())
    }
}
