//! Algorithm names from Python: `"RS256"` → `jetwt::Algorithm`, unknown names → `InvalidAlgorithmError`.

use jetwt::{Algorithm, ErrorKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

use crate::error::{new_error, IntoPy};
use crate::json::{is_sequence, map_items, type_name_of};
use crate::keycache::with_str;

/// The interned `str` of every algorithm name. Names written as literals in Python code are interned too, so
/// most lookups are a pointer comparison; anything else is compared by text.
fn interned(py: Python<'_>) -> &[(Py<PyString>, Algorithm)] {
    static NAMES: PyOnceLock<Vec<(Py<PyString>, Algorithm)>> = PyOnceLock::new();
    NAMES.get_or_init(py, || {
        Algorithm::ALL
            .iter()
            .map(|alg| (PyString::intern(py, alg.name()).unbind(), *alg))
            .collect()
    })
}

/// One algorithm name.
pub fn parse(name: &Bound<'_, PyAny>) -> PyResult<Algorithm> {
    let Ok(name) = name.cast::<PyString>() else {
        return Err(new_error(
            ErrorKind::InvalidAlgorithm,
            format!(
                "An algorithm is named by a string such as \"RS256\", not {}.",
                type_name_of(name)
            ),
        ));
    };
    for (known, alg) in interned(name.py()) {
        if known.as_ptr() == name.as_ptr() {
            return Ok(*alg);
        }
    }
    with_str(name, str::parse::<Algorithm>)?.py_err()
}

/// An `algorithm=` argument: extracted with [`parse`], so a wrong name or type is an `InvalidAlgorithmError`.
#[derive(Debug, Clone, Copy)]
pub struct AlgorithmArg(pub Algorithm);

impl<'a, 'py> FromPyObject<'a, 'py> for AlgorithmArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        parse(&obj).map(AlgorithmArg)
    }
}

/// The `algorithms` allow-list: a sequence of names (a bare string is refused, since it would read as letters).
pub fn parse_list(names: &Bound<'_, PyAny>) -> PyResult<Vec<Algorithm>> {
    if !is_sequence(names) {
        return Err(new_error(
            ErrorKind::InvalidAlgorithm,
            format!(
                "algorithms must be a list of names such as [\"RS256\"], not {}.",
                type_name_of(names)
            ),
        ));
    }
    map_items(names, parse)
}
