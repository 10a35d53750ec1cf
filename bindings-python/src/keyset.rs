//! `jetwt.KeySet`: keys to verify with, chosen per token by `kid` and algorithm (the core chooses).

use std::sync::Arc;

use jetwt::KeySet;
use pyo3::prelude::*;

use crate::error::{shielded, IntoPy};
use crate::key::{jwk_text, PyKey};

/// A JWK set. `verify()` picks the key by the token's `kid` and algorithm.
#[pyclass(frozen, module = "jetwt", name = "KeySet")]
#[derive(Debug)]
pub struct PyKeySet {
    pub set: Arc<KeySet>,
}

#[pymethods]
impl PyKeySet {
    /// Reads a JWK set (`{"keys": [...]}`) given as a mapping or as JSON text. Unusable members are skipped.
    #[staticmethod]
    fn from_jwks(jwks: &Bound<'_, PyAny>) -> PyResult<PyKeySet> {
        shielded(|| {
            let text = jwk_text(jwks, "The JWK set")?;
            let set = KeySet::from_jwks(&text).py_err()?;
            Ok(PyKeySet { set: Arc::new(set) })
        })
    }

    /// The usable keys.
    #[getter]
    fn keys(&self) -> Vec<PyKey> {
        self.set.keys().iter().cloned().map(PyKey::wrap).collect()
    }

    fn __len__(&self) -> usize {
        self.set.keys().len()
    }

    fn __repr__(&self) -> String {
        let skipped = self.set.skipped();
        let mut out = format!("<jetwt.KeySet of {} keys", self.set.keys().len());
        if skipped > 0 {
            out.push_str(&format!(", {skipped} skipped"));
        }
        out.push('>');
        out
    }
}
