//! The one place where core errors become Python exceptions: `jetwt.JwtError` (a `ValueError`) and one
//! subclass per `jetwt::ErrorKind`, each with the kind's stable `code` as a class attribute.

use jetwt::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

create_exception!(
    jetwt,
    JwtError,
    PyValueError,
    "Base class of every jetwt error; `code` is the stable code shared with the Node package."
);
create_exception!(jetwt, DecodeError, JwtError, "The token is malformed.");
create_exception!(
    jetwt,
    InvalidAlgorithmError,
    JwtError,
    "The algorithm is missing, unknown, not allowed, or does not fit the key."
);
create_exception!(
    jetwt,
    InvalidKeyError,
    JwtError,
    "The key material is unusable, too weak, or of the wrong kind."
);
create_exception!(
    jetwt,
    InvalidSignatureError,
    JwtError,
    "The signature does not verify."
);
create_exception!(
    jetwt,
    ExpiredSignatureError,
    JwtError,
    "The token has expired, or is older than max_age."
);
create_exception!(
    jetwt,
    ImmatureSignatureError,
    JwtError,
    "The token is not valid yet (nbf or iat in the future)."
);
create_exception!(
    jetwt,
    InvalidAudienceError,
    JwtError,
    "The token's audience is not accepted."
);
create_exception!(
    jetwt,
    InvalidIssuerError,
    JwtError,
    "The token's issuer is not accepted."
);
create_exception!(
    jetwt,
    InvalidSubjectError,
    JwtError,
    "The token's subject is not the one expected."
);
create_exception!(
    jetwt,
    InvalidTypeError,
    JwtError,
    "The token's header typ is not the one expected."
);
create_exception!(
    jetwt,
    MissingRequiredClaimError,
    JwtError,
    "A required claim is absent; `claim` names it."
);
create_exception!(
    jetwt,
    InvalidClaimError,
    JwtError,
    "A registered claim has the wrong type; `claim` names it."
);
create_exception!(
    jetwt,
    KeyNotFoundError,
    JwtError,
    "No key of the key set fits the token's kid and algorithm."
);

/// The Python class of each kind. `ErrorKind` is non-exhaustive: a kind added to the core without a class here
/// surfaces as the base class, and the drift test (`ERROR_CODES` against the classes) fails.
fn class_of(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
    match kind {
        ErrorKind::Malformed => py.get_type::<DecodeError>(),
        ErrorKind::InvalidAlgorithm => py.get_type::<InvalidAlgorithmError>(),
        ErrorKind::InvalidKey => py.get_type::<InvalidKeyError>(),
        ErrorKind::InvalidSignature => py.get_type::<InvalidSignatureError>(),
        ErrorKind::Expired => py.get_type::<ExpiredSignatureError>(),
        ErrorKind::NotYetValid => py.get_type::<ImmatureSignatureError>(),
        ErrorKind::InvalidAudience => py.get_type::<InvalidAudienceError>(),
        ErrorKind::InvalidIssuer => py.get_type::<InvalidIssuerError>(),
        ErrorKind::InvalidSubject => py.get_type::<InvalidSubjectError>(),
        ErrorKind::InvalidType => py.get_type::<InvalidTypeError>(),
        ErrorKind::MissingClaim => py.get_type::<MissingRequiredClaimError>(),
        ErrorKind::InvalidClaim => py.get_type::<InvalidClaimError>(),
        ErrorKind::KeyNotFound => py.get_type::<KeyNotFoundError>(),
        _ => py.get_type::<JwtError>(),
    }
}

/// Converts a core error into its Python exception, with `.claim` set for claim errors.
pub fn to_py(err: Error) -> PyErr {
    Python::attach(|py| {
        let class = class_of(py, err.kind());
        let instance = match class.call1((err.message(),)) {
            Ok(instance) => instance,
            Err(e) => return e,
        };
        if let Err(e) = instance.setattr("claim", err.claim()) {
            return e;
        }
        PyErr::from_value(instance)
    })
}

/// An error of `kind` with a message, raised by the binding itself (bad option types and the like).
pub fn new_error(kind: ErrorKind, message: impl Into<String>) -> PyErr {
    to_py(Error::new(kind, message))
}

/// Shorthand for `result.map_err(to_py)`.
pub trait IntoPy<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// Adds the classes to the module, sets each class's `code`, and exposes `ERROR_CODES` (the core's list, in the
/// core's order) for the drift test.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let base = py.get_type::<JwtError>();
    base.setattr("claim", py.None())?;
    m.add("JwtError", base)?;
    for kind in ErrorKind::ALL {
        let class = class_of(py, kind);
        class.setattr("code", kind.code())?;
        m.add(class.name()?, class)?;
    }
    let codes: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    m.add("ERROR_CODES", pyo3::types::PyTuple::new(py, codes)?)?;
    Ok(())
}

/// Runs an entry point that handles untrusted input, turning a Rust panic (a bug: core never panics on any
/// input) into a `malformed` `JwtError`. Unguarded, PyO3 would raise `PanicException`, a `BaseException` that
/// `except Exception` does not catch.
pub fn shielded<T>(work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Err(new_error(
            ErrorKind::Malformed,
            format!("jetwt hit an internal error on this input; please report it ({detail})."),
        ))
    })
}

/// A test probe for [`shielded`]: panics when `input` is `"panic"` (with the GIL released when `detached`), as
/// a core bug on some input would. Not part of the API.
#[pyfunction]
#[pyo3(signature = (input, detached=false))]
pub fn _panic_probe(py: Python<'_>, input: &str, detached: bool) -> PyResult<String> {
    shielded(|| {
        let body = |input: String| {
            if input == "panic" {
                panic!("the panic probe was asked to panic");
            }
            input
        };
        let input = input.to_owned();
        Ok(if detached {
            py.detach(move || body(input))
        } else {
            body(input)
        })
    })
}
