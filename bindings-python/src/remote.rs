//! `jetwt.JwksClient`: a JWK set at a URL, fetched, cached and refreshed by core's `RemoteKeySet` (every HTTP and
//! caching rule is core's). It verifies like a `KeySet`: `jetwt.verify(token, client, …)` and
//! `jetwt.Verifier(client, …)`; choosing the key may wait for the network, so that runs with the GIL released.
//! `jetwt.AsyncJwksClient` (python/jetwt/__init__.py) runs the same verification in a worker thread for asyncio.

use std::sync::Arc;

use jetwt::{RemoteKeySet, RemoteOptions};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyMapping, PyString};

use crate::error::IntoPy;
use crate::json::type_name_of;
use crate::validation::{duration, present, string};

/// A JWK set at a URL, fetched on first use, cached, and fetched again when a token names a key it lacks.
#[pyclass(frozen, module = "jetwt", name = "JwksClient")]
#[derive(Debug)]
pub struct PyJwksClient {
    pub remote: Arc<RemoteKeySet>,
}

/// `headers`: a mapping of `str` to `str`, in its iteration order.
fn headers(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mapping = value.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "headers must be a mapping of str to str, not {}.",
            type_name_of(value)
        ))
    })?;
    let mut out = Vec::new();
    for item in mapping.items()?.iter() {
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let name = string(&name, "A header name")?;
        let value = string(&value, &format!("The header {:?}", &*name))?;
        out.push((name.to_string(), value.to_string()));
    }
    Ok(out)
}

/// `max_bytes`: a whole number of bytes, at least 0.
fn byte_count(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "max_bytes must be an int, not {}.",
            type_name_of(value)
        )));
    }
    value.extract::<u64>().map_err(|_| {
        PyValueError::new_err(format!(
            "max_bytes must be a whole number of bytes from 0 to 2**64 - 1, not {}.",
            value.repr().map_or_else(|_| "?".into(), |r| r.to_string())
        ))
    })
}

#[pymethods]
impl PyJwksClient {
    /// Options left out take core's defaults (`RemoteOptions::default()`, shown in the text signature).
    #[new]
    #[pyo3(signature = (url, *, cache_ttl=None, cooldown=None, timeout=None, headers=None, max_bytes=None,
                        max_stale=None))]
    #[pyo3(
        text_signature = "(url, *, cache_ttl=600, cooldown=30, timeout=5, headers=None, max_bytes=524288, \
                             max_stale=86400)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        url: &Bound<'_, PyAny>,
        cache_ttl: Option<&Bound<'_, PyAny>>,
        cooldown: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        headers: Option<&Bound<'_, PyAny>>,
        max_bytes: Option<&Bound<'_, PyAny>>,
        max_stale: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyJwksClient> {
        let url = match url.cast::<PyString>() {
            Ok(s) => s.to_cow()?,
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "The JWK set URL must be a str, not {}.",
                    type_name_of(url)
                )))
            }
        };
        let defaults = RemoteOptions::default();
        let span = |value: Option<&Bound<'_, PyAny>>, name: &str, default| {
            present(value).map_or(Ok(default), |v| duration(v, name))
        };
        let options = RemoteOptions {
            cache_ttl: span(cache_ttl, "cache_ttl", defaults.cache_ttl)?,
            cooldown: span(cooldown, "cooldown", defaults.cooldown)?,
            timeout: span(timeout, "timeout", defaults.timeout)?,
            headers: present(headers).map_or(Ok(defaults.headers), self::headers)?,
            max_bytes: present(max_bytes).map_or(Ok(defaults.max_bytes), byte_count)?,
            max_stale: span(max_stale, "max_stale", defaults.max_stale)?,
        };
        let remote = RemoteKeySet::new(&url, options).py_err()?;
        Ok(PyJwksClient {
            remote: Arc::new(remote),
        })
    }

    /// The URL of the set.
    #[getter]
    fn url(&self) -> &str {
        self.remote.url()
    }

    /// How many HTTP fetches have been made (successful or not).
    #[getter]
    fn fetch_count(&self) -> u64 {
        self.remote.fetch_count()
    }

    /// Shows the URL, never the request headers (they may hold credentials).
    fn __repr__(&self) -> String {
        format!("<jetwt.JwksClient {:?}>", self.remote.url())
    }
}
