//! `jetwt.Key`: a parsed key bound to its family, immutable and shareable across threads; and how `str`/`bytes`
//! key material given to `encode`/`verify` becomes a key (through the core's bounded cache of parsed PEM/DER).

use jetwt::{ErrorKind, Family, Key};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyString};

use crate::error::{new_error, shielded, IntoPy};
use crate::json::{mapping_to_json, object_to_dict, type_name_of};
use crate::remote::PyJwksClient;
use crate::{algorithm, keycache, keyset::PyKeySet};

/// A key parsed once: an HMAC secret, or an RSA, EC or Ed25519 public or private key.
#[pyclass(frozen, module = "jetwt", name = "Key")]
#[derive(Debug)]
pub struct PyKey {
    pub key: Key,
}

/// The bytes of a `str` (UTF-8) or `bytes` argument, or `None` for any other type.
fn material<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Material<'py>>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(Material::Str(s.clone().try_into()?)));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Some(Material::Bytes(b.clone())));
    }
    Ok(None)
}

enum Material<'py> {
    Str(PyBackedStr),
    Bytes(Bound<'py, PyBytes>),
}

impl Material<'_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Material::Str(s) => s.as_bytes(),
            Material::Bytes(b) => b.as_bytes(),
        }
    }
}

fn require_material<'py>(value: &Bound<'py, PyAny>, what: &str) -> PyResult<Material<'py>> {
    material(value)?.ok_or_else(|| {
        new_error(
            ErrorKind::InvalidKey,
            format!("{what} must be str or bytes, not {}.", type_name_of(value)),
        )
    })
}

/// A `KeyLike` (`Key`, `str`, `bytes`) as a core key. `secret_allowed`: whether plain bytes may be an HMAC
/// secret (an HS* algorithm is in play); PEM/DER are parsed once and cached by the core.
pub fn key_like(value: &Bound<'_, PyAny>, secret_allowed: bool) -> PyResult<Key> {
    if let Ok(key) = value.cast::<PyKey>() {
        return Ok(key.get().key.clone());
    }
    if let Ok(text) = value.cast::<PyString>() {
        return keycache::str_key(text, secret_allowed, |data| {
            jetwt::key_from_bytes_cached(data.as_bytes(), secret_allowed)
        })?
        .py_err();
    }
    match material(value)? {
        Some(data) => jetwt::key_from_bytes_cached(data.as_bytes(), secret_allowed).py_err(),
        None => Err(new_error(
            ErrorKind::InvalidKey,
            format!(
                "The key must be a jetwt.Key, str or bytes{}, not {}.",
                if value.is_instance_of::<PyKeySet>() {
                    " (a KeySet only verifies)"
                } else if value.is_instance_of::<PyJwksClient>() {
                    " (a JwksClient only verifies)"
                } else if is_async_client(value) {
                    " (an AsyncJwksClient verifies with `await client.verify(token, ...)`)"
                } else {
                    ""
                },
                type_name_of(value)
            ),
        )),
    }
}

/// Whether `value` is a `jetwt.AsyncJwksClient` (a Python class; asked only to explain an error).
fn is_async_client(value: &Bound<'_, PyAny>) -> bool {
    let kind = value.get_type();
    kind.name().is_ok_and(|n| n == "AsyncJwksClient") && kind.module().is_ok_and(|m| m == "jetwt")
}

/// `bits`: an `int`; one core does not generate (negative, huge) is passed on as 0 for core's message.
fn rsa_bits(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "bits must be an int, not {}.",
            type_name_of(value)
        )));
    }
    Ok(value.extract::<usize>().unwrap_or(0))
}

fn kind(key: &Key) -> String {
    let family = match key.family() {
        Family::Hmac => return "HMAC secret".to_owned(),
        Family::Rsa => format!("RSA-{}", key.rsa_bits().unwrap_or(0)),
        Family::Ec(curve) => format!("EC {}", curve.name()),
        Family::Ed25519 => "Ed25519".to_owned(),
    };
    let half = if key.is_private() {
        "private"
    } else {
        "public"
    };
    format!("{family} {half} key")
}

impl PyKey {
    pub fn wrap(key: Key) -> PyKey {
        PyKey { key }
    }
}

#[pymethods]
impl PyKey {
    /// An HMAC secret. PEM, DER, JWK or SSH key material is refused: it must never serve as a secret.
    #[staticmethod]
    fn from_secret(secret: &Bound<'_, PyAny>) -> PyResult<PyKey> {
        shielded(|| {
            let data = require_material(secret, "The secret")?;
            Key::from_secret(data.as_bytes()).py_err().map(PyKey::wrap)
        })
    }

    /// A key from PEM: PKCS#8, PKCS#1, SEC1, SPKI or an X.509 certificate.
    #[staticmethod]
    #[pyo3(signature = (data, *, password=None))]
    fn from_pem(data: &Bound<'_, PyAny>, password: Option<&Bound<'_, PyAny>>) -> PyResult<PyKey> {
        shielded(|| {
            if password.is_some_and(|p| !p.is_none()) {
                return Err(new_error(
                    ErrorKind::InvalidKey,
                    "Encrypted PEM keys are not supported yet; decrypt the key first \
                     (for example `openssl pkcs8 -in key.pem -out plain.pem`) and pass it without a password.",
                ));
            }
            let data = require_material(data, "The PEM")?;
            Key::from_pem(data.as_bytes()).py_err().map(PyKey::wrap)
        })
    }

    /// A key from DER: PKCS#8, PKCS#1, SEC1, SPKI or an X.509 certificate.
    #[staticmethod]
    fn from_der(data: &Bound<'_, PyAny>) -> PyResult<PyKey> {
        shielded(|| {
            let data = require_material(data, "The DER")?;
            Key::from_der(data.as_bytes()).py_err().map(PyKey::wrap)
        })
    }

    /// A key from a JWK, given as a mapping or as JSON text.
    #[staticmethod]
    fn from_jwk(jwk: &Bound<'_, PyAny>) -> PyResult<PyKey> {
        shielded(|| {
            let text = jwk_text(jwk, "The JWK")?;
            Key::from_jwk(&text).py_err().map(PyKey::wrap)
        })
    }

    /// A new random key for `algorithm`: RSA of `bits` (2048, 3072, 4096 or 8192), the algorithm's curve, or a
    /// secret of the hash length.
    #[staticmethod]
    #[pyo3(signature = (algorithm, *, bits=None))]
    #[pyo3(text_signature = "(algorithm, *, bits=2048)")]
    fn generate(
        py: Python<'_>,
        algorithm: &Bound<'_, PyAny>,
        bits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyKey> {
        let alg = algorithm::parse(algorithm)?;
        let key = match bits {
            Some(bits) => {
                let bits = rsa_bits(bits)?;
                py.detach(|| Key::generate_rsa(alg, bits))
            }
            None => py.detach(|| Key::generate(alg)),
        };
        key.py_err().map(PyKey::wrap)
    }

    /// The one algorithm the key is bound to (a JWK's `alg`, an EC curve, Ed25519), or `None`.
    #[getter]
    fn algorithm(&self) -> Option<&'static str> {
        self.key.algorithm().map(|alg| alg.name())
    }

    /// The key id, or `None`.
    #[getter]
    fn kid(&self) -> Option<&str> {
        self.key.kid()
    }

    /// Whether the key can sign (a private key or a secret).
    #[getter]
    fn is_private(&self) -> bool {
        self.key.is_private()
    }

    /// The public half of an asymmetric key (the key itself if already public).
    fn public_key(&self) -> PyResult<PyKey> {
        self.key
            .public_key()
            .map(PyKey::wrap)
            .ok_or_else(|| new_error(ErrorKind::InvalidKey, "An HMAC secret has no public key."))
    }

    /// The key as a JWK dict: the public members, or with `private=True` the private ones too.
    #[pyo3(signature = (private=false))]
    fn to_jwk<'py>(&self, py: Python<'py>, private: bool) -> PyResult<Bound<'py, PyDict>> {
        shielded(|| {
            let text = self.key.to_jwk(private).py_err()?;
            let obj = jetwt::json::parse_object(text.as_bytes(), 4, "JWK").py_err()?;
            object_to_dict(py, &obj)
        })
    }

    /// The key as PEM text: PKCS#8 for a private key, SPKI for a public one.
    fn to_pem(&self) -> PyResult<String> {
        shielded(|| self.key.to_pem().py_err())
    }

    /// The same key with `kid` set; without an argument, to its RFC 7638 thumbprint.
    #[pyo3(signature = (kid=None))]
    fn with_kid(&self, kid: Option<String>) -> PyResult<PyKey> {
        match kid {
            Some(kid) => Ok(PyKey::wrap(self.key.with_kid(kid))),
            None => self.key.with_thumbprint_kid().py_err().map(PyKey::wrap),
        }
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url.
    fn thumbprint(&self) -> PyResult<String> {
        self.key.thumbprint().py_err()
    }

    /// Shows what the key is, never its secret bytes.
    fn __repr__(&self) -> String {
        let mut out = format!("<jetwt.Key {}", kind(&self.key));
        if let Some(alg) = self.key.algorithm() {
            out.push_str(&format!(" algorithm={:?}", alg.name()));
        }
        if let Some(kid) = self.key.kid() {
            let shown: String = kid.chars().take(60).collect();
            out.push_str(&format!(" kid={shown:?}"));
        }
        out.push('>');
        out
    }
}

/// JSON text from a JWK or JWK set given as a mapping or a `str`.
pub fn jwk_text(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec())
            .map_err(|_| new_error(ErrorKind::InvalidKey, format!("{what} is not valid UTF-8.")));
    }
    mapping_to_json(value, what).map_err(|e| {
        let reason = Python::attach(|py| e.value(py).to_string());
        new_error(
            ErrorKind::InvalidKey,
            format!("{what} is unusable: {reason}"),
        )
    })
}
