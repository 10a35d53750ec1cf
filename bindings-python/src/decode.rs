//! `jetwt.decode()` / `decode_header()` (inspection, no key), `jetwt.verify()` and `jetwt.Verifier`.
//!
//! Verification runs as the core lays it out: `Token::parse`, then `verify_signature` (with the GIL released
//! for asymmetric keys, and always for a `JwksClient`, which may wait for the network), then `claims_object` and
//! `validate`, then the dict is built from the parsed tree.

use std::sync::Arc;

use jetwt::{ErrorKind, Family, Key, KeySet, Keys, RemoteKeySet, Token, Validation};
use pyo3::gc::PyVisit;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyDict, PyString};
use pyo3::PyTraverseError;

use crate::error::{new_error, shielded, IntoPy};
use crate::json::{object_to_dict, type_name_of};
use crate::key::key_like;
use crate::keyset::PyKeySet;
use crate::remote::PyJwksClient;
use crate::validation::{limits, Options};

/// A token given as `str` or `bytes`, held without copying where the interpreter allows.
#[derive(Debug)]
enum TokenText {
    Str(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl TokenText {
    fn new(token: &Bound<'_, PyAny>) -> PyResult<TokenText> {
        if let Ok(s) = token.cast::<PyString>() {
            return Ok(TokenText::Str(s.clone().try_into()?));
        }
        if let Ok(b) = token.cast::<PyBytes>() {
            return Ok(TokenText::Bytes(b.clone().into()));
        }
        Err(new_error(
            ErrorKind::Malformed,
            format!("A token is a str or bytes, not {}.", type_name_of(token)),
        ))
    }

    fn as_str(&self) -> PyResult<&str> {
        match self {
            TokenText::Str(s) => Ok(s),
            TokenText::Bytes(b) => std::str::from_utf8(b)
                .map_err(|_| new_error(ErrorKind::Malformed, "The token is not valid UTF-8.")),
        }
    }
}

/// What a token is verified with: one key, a key set, or a remote key set (a `JwksClient`).
#[derive(Debug)]
pub enum KeySource {
    One(Key),
    Set(Arc<KeySet>),
    Remote(Arc<RemoteKeySet>),
}

impl KeySource {
    /// From a `Key`, `str`, `bytes`, `KeySet` or `JwksClient`; `str`/`bytes` may be an HMAC secret only when an
    /// HS* algorithm is allowed.
    pub fn new(value: &Bound<'_, PyAny>, validation: &Validation) -> PyResult<KeySource> {
        if let Ok(set) = value.cast::<PyKeySet>() {
            return Ok(KeySource::Set(set.get().set.clone()));
        }
        if let Ok(client) = value.cast::<PyJwksClient>() {
            return Ok(KeySource::Remote(client.get().remote.clone()));
        }
        let secret_allowed = validation.algorithms().iter().any(|a| !a.is_asymmetric());
        key_like(value, secret_allowed).map(KeySource::One)
    }

    /// Checks the header and the signature: the key chosen (for a remote set, perhaps fetched) by the core.
    fn verify_signature(&self, parsed: &Token<'_>, validation: &Validation) -> jetwt::Result<()> {
        match self {
            KeySource::One(key) => parsed
                .verify_signature(Keys::One(key), validation)
                .map(|_| ()),
            KeySource::Set(set) => parsed
                .verify_signature(Keys::Set(set), validation)
                .map(|_| ()),
            KeySource::Remote(remote) => remote.verify_signature(parsed, validation).map(|_| ()),
        }
    }

    /// Whether verifying may take long enough to be worth releasing the GIL (asymmetric crypto, the network).
    fn is_slow(&self, validation: &Validation) -> bool {
        match self {
            KeySource::One(key) => key.family() != Family::Hmac,
            KeySource::Set(_) => validation.algorithms().iter().any(|a| a.is_asymmetric()),
            KeySource::Remote(_) => true,
        }
    }
}

/// Verifies `token` and returns its claims (or `{"header": …, "claims": …}` with `complete`).
pub fn verify_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    keys: &KeySource,
    validation: &Validation,
    complete: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let text = TokenText::new(token)?;
    let parsed = Token::parse(text.as_str()?, validation.current_limits()).py_err()?;
    let signature = if keys.is_slow(validation) {
        py.detach(|| keys.verify_signature(&parsed, validation))
    } else {
        keys.verify_signature(&parsed, validation)
    };
    signature.py_err()?;
    let claims = parsed.claims_object().py_err()?;
    parsed.validate(&claims, validation).py_err()?;
    let claims = object_to_dict(py, &claims)?;
    if !complete {
        return Ok(claims);
    }
    let header = object_to_dict(py, &parsed.header_object().py_err()?)?;
    let out = PyDict::new(py);
    out.set_item(pyo3::intern!(py, "header"), header)?;
    out.set_item(pyo3::intern!(py, "claims"), claims)?;
    Ok(out)
}

/// Verifies `token` with `key` (a `Key`, `str`, `bytes`, `KeySet` or `JwksClient`) and returns the claims.
#[pyfunction]
#[pyo3(signature = (token, key, *, algorithms, audience=None, issuer=None, subject=None, leeway=None,
                    required=None, max_age=None, typ=None, now=None, complete=false,
                    max_token_bytes=None, max_depth=None))]
#[pyo3(
    text_signature = "(token, key, *, algorithms, audience=None, issuer=None, subject=None, leeway=0, \
                         required=(), max_age=None, typ=None, now=None, complete=False, \
                         max_token_bytes=262144, max_depth=64)"
)]
#[allow(clippy::too_many_arguments)]
pub fn verify<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    algorithms: &Bound<'py, PyAny>,
    audience: Option<&Bound<'py, PyAny>>,
    issuer: Option<&Bound<'py, PyAny>>,
    subject: Option<&Bound<'py, PyAny>>,
    leeway: Option<&Bound<'py, PyAny>>,
    required: Option<&Bound<'py, PyAny>>,
    max_age: Option<&Bound<'py, PyAny>>,
    typ: Option<&Bound<'py, PyAny>>,
    now: Option<&Bound<'py, PyAny>>,
    complete: bool,
    max_token_bytes: Option<&Bound<'py, PyAny>>,
    max_depth: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    shielded(|| {
        let options = Options {
            algorithms,
            audience,
            issuer,
            subject,
            leeway,
            required,
            max_age,
            typ,
            now,
            max_token_bytes,
            max_depth,
        };
        let validation = options.validation()?;
        let keys = KeySource::new(key, &validation)?;
        verify_token(py, token, &keys, &validation, complete)
    })
}

/// A prepared verifier: the key (or key set) and the options converted once; `verify(token)` for each token.
#[pyclass(frozen, module = "jetwt", name = "Verifier")]
#[derive(Debug)]
pub struct PyVerifier {
    keys: KeySource,
    validation: Validation,
    complete: bool,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (key, *, algorithms, audience=None, issuer=None, subject=None, leeway=None,
                        required=None, max_age=None, typ=None, now=None, complete=false,
                    max_token_bytes=None, max_depth=None))]
    #[pyo3(
        text_signature = "(key, *, algorithms, audience=None, issuer=None, subject=None, leeway=0, \
                             required=(), max_age=None, typ=None, now=None, complete=False, \
                         max_token_bytes=262144, max_depth=64)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        key: &Bound<'_, PyAny>,
        algorithms: &Bound<'_, PyAny>,
        audience: Option<&Bound<'_, PyAny>>,
        issuer: Option<&Bound<'_, PyAny>>,
        subject: Option<&Bound<'_, PyAny>>,
        leeway: Option<&Bound<'_, PyAny>>,
        required: Option<&Bound<'_, PyAny>>,
        max_age: Option<&Bound<'_, PyAny>>,
        typ: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        complete: bool,
        max_token_bytes: Option<&Bound<'_, PyAny>>,
        max_depth: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyVerifier> {
        let options = Options {
            algorithms,
            audience,
            issuer,
            subject,
            leeway,
            required,
            max_age,
            typ,
            now,
            max_token_bytes,
            max_depth,
        };
        let validation = options.validation()?;
        let keys = KeySource::new(key, &validation)?;
        Ok(PyVerifier {
            keys,
            validation,
            complete,
        })
    }

    /// Verifies `token` and returns its claims.
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        shielded(|| verify_token(py, token, &self.keys, &self.validation, self.complete))
    }

    fn __repr__(&self) -> String {
        let names: Vec<&str> = self
            .validation
            .algorithms()
            .iter()
            .map(|a| a.name())
            .collect();
        format!("<jetwt.Verifier {}>", names.join(", "))
    }
}

/// A token split and parsed for inspection: nothing in it is verified.
#[pyclass(frozen, module = "jetwt", name = "Decoded")]
#[derive(Debug)]
pub struct PyDecoded {
    /// The header, as a dict.
    #[pyo3(get)]
    header: Py<PyDict>,
    /// The claims, as a dict (unverified).
    #[pyo3(get)]
    claims: Py<PyDict>,
    /// The signature bytes.
    #[pyo3(get)]
    signature: Py<PyBytes>,
}

#[pymethods]
impl PyDecoded {
    /// The dicts may come to hold the `Decoded` itself (`d.claims["me"] = d`): the collector must see them.
    /// Breaking such a cycle needs no `__clear__` here: clearing the dict breaks it.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.header)?;
        visit.call(&self.claims)?;
        Ok(())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<jetwt.Decoded header={} (unverified)>",
            self.header.bind(py).repr()?
        ))
    }
}

/// Splits and parses `token` for inspection, within the size and depth limits. **Verifies nothing**: it takes
/// no key.
#[pyfunction]
#[pyo3(signature = (token, *, max_token_bytes=None, max_depth=None))]
#[pyo3(text_signature = "(token, *, max_token_bytes=262144, max_depth=64)")]
pub fn decode(
    py: Python<'_>,
    token: &Bound<'_, PyAny>,
    max_token_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDecoded> {
    shielded(|| {
        let limits = limits(max_token_bytes, max_depth)?;
        let text = TokenText::new(token)?;
        let parsed = jetwt::decode_within(text.as_str()?, limits).py_err()?;
        Ok(PyDecoded {
            header: object_to_dict(py, &parsed.header_object().py_err()?)?.unbind(),
            claims: object_to_dict(py, &parsed.claims_object().py_err()?)?.unbind(),
            signature: PyBytes::new(py, parsed.signature()).unbind(),
        })
    })
}

/// The token's header, parsed for inspection within the size and depth limits (nothing is verified).
#[pyfunction]
#[pyo3(signature = (token, *, max_token_bytes=None, max_depth=None))]
#[pyo3(text_signature = "(token, *, max_token_bytes=262144, max_depth=64)")]
pub fn decode_header<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    max_token_bytes: Option<&Bound<'py, PyAny>>,
    max_depth: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    shielded(|| {
        let limits = limits(max_token_bytes, max_depth)?;
        let text = TokenText::new(token)?;
        let parsed = Token::parse(text.as_str()?, limits).py_err()?;
        object_to_dict(py, &parsed.header_object().py_err()?)
    })
}
