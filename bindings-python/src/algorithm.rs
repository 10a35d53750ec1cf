//! Algorithm names from Python: `"RS256"` → `jetwt::Algorithm`, unknown names → `InvalidAlgorithmError`.

use jetwt::{Algorithm, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error::{new_error, IntoPy};
use crate::json::{is_sequence, map_items, type_name_of};
use crate::keycache::with_str;

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
    with_str(name, str::parse::<Algorithm>)?.py_err()
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
    let algorithms = map_items(names, parse)?;
    if algorithms.is_empty() {
        return Err(new_error(
            ErrorKind::InvalidAlgorithm,
            "algorithms must name at least one algorithm; no token can verify against an empty list.",
        ));
    }
    Ok(algorithms)
}
