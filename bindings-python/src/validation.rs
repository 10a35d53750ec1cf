//! The verify options (`algorithms`, `audience`, `leeway`, …) converted into a core `Validation`. Defaults and
//! the checks themselves live in the core; this only converts types.

use std::time::Duration;

use jetwt::{Limits, Validation};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyInt, PyString};

use crate::algorithm;
use crate::error::IntoPy;
use crate::json::{date_types, is_sequence, map_items, timestamp, type_name_of};

/// The keyword options shared by `verify()` and `Verifier`.
pub struct Options<'a, 'py> {
    pub algorithms: &'a Bound<'py, PyAny>,
    pub audience: Option<&'a Bound<'py, PyAny>>,
    pub issuer: Option<&'a Bound<'py, PyAny>>,
    pub subject: Option<&'a Bound<'py, PyAny>>,
    pub leeway: Option<&'a Bound<'py, PyAny>>,
    pub required: Option<&'a Bound<'py, PyAny>>,
    pub max_age: Option<&'a Bound<'py, PyAny>>,
    pub typ: Option<&'a Bound<'py, PyAny>>,
    pub now: Option<&'a Bound<'py, PyAny>>,
    pub max_token_bytes: Option<&'a Bound<'py, PyAny>>,
    pub max_depth: Option<&'a Bound<'py, PyAny>>,
}

impl Options<'_, '_> {
    /// The core `Validation` these options describe.
    pub fn validation(&self) -> PyResult<Validation> {
        let algorithms = algorithm::parse_list(self.algorithms)?;
        let mut validation = Validation::try_new(&algorithms).py_err()?;
        if let Some(audience) = present(self.audience) {
            validation = validation.audience(&strings(audience, "audience")?);
        }
        if let Some(issuer) = present(self.issuer) {
            validation = validation.issuer(&strings(issuer, "issuer")?);
        }
        if let Some(subject) = present(self.subject) {
            validation = validation.subject(&*string(subject, "subject")?);
        }
        if let Some(leeway) = present(self.leeway) {
            validation = validation.leeway(duration(leeway, "leeway")?);
        }
        if let Some(required) = present(self.required) {
            validation = validation.required(&names(required, "required")?);
        }
        if let Some(max_age) = present(self.max_age) {
            validation = validation.max_age(duration(max_age, "max_age")?);
        }
        if let Some(typ) = present(self.typ) {
            validation = validation.typ(&*string(typ, "typ")?);
        }
        if let Some(now) = present(self.now) {
            validation = validation.now(instant(now)?);
        }
        Ok(validation.limits(limits(self.max_token_bytes, self.max_depth)?))
    }
}

/// The size and depth limits: the core's defaults, or the `max_token_bytes` / `max_depth` given.
pub fn limits(
    max_token_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
) -> PyResult<Limits> {
    let defaults = Limits::default();
    Ok(Limits {
        max_token_bytes: present(max_token_bytes).map_or(Ok(defaults.max_token_bytes), |v| {
            count(v, "max_token_bytes", usize::MAX)
        })?,
        max_depth: present(max_depth).map_or(Ok(defaults.max_depth), |v| {
            count(v, "max_depth", Limits::MAX_DEPTH)
        })?,
    })
}

/// A whole number from 1 to `most`.
fn count(value: &Bound<'_, PyAny>, what: &str, most: usize) -> PyResult<usize> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int, not {}.",
            type_name_of(value)
        )));
    }
    match value.extract::<usize>() {
        Ok(n) if (1..=most).contains(&n) => Ok(n),
        _ => Err(PyValueError::new_err(format!(
            "{what} must be from 1 to {most}, not {}.",
            value.repr().map_or_else(|_| "?".into(), |r| r.to_string())
        ))),
    }
}

/// An option that was given (not left out, not `None`).
pub fn present<'a, 'py>(value: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.filter(|v| !v.is_none())
}

/// A `str` option (its text, borrowed from Python where the stable ABI allows).
pub fn string(value: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedStr> {
    match value.cast::<PyString>() {
        Ok(s) => s.clone().try_into(),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be a str, not {}.",
            type_name_of(value)
        ))),
    }
}

/// A sequence of `str` (never a bare `str`).
pub fn names(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<PyBackedStr>> {
    if !is_sequence(value) {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of str, not {}.",
            type_name_of(value)
        )));
    }
    map_items(value, |item| string(item, what))
}

/// A `str` or a sequence of `str` (`audience`, `issuer`).
pub fn strings(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<PyBackedStr>> {
    if value.is_instance_of::<PyString>() {
        Ok(vec![string(value, what)?])
    } else if is_sequence(value) {
        names(value, what)
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be a str or a list of str, not {}.",
            type_name_of(value)
        )))
    }
}

/// Seconds from a number or a `timedelta`; negative or not finite is a `ValueError`.
pub fn seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    let py = value.py();
    let secs = if value.is_instance(date_types(py)?.timedelta.bind(py))? {
        value.call_method0("total_seconds")?.extract::<f64>()?
    } else {
        value.extract::<f64>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what} must be a number of seconds or a timedelta, not {}.",
                type_name_of(value)
            ))
        })?
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(PyValueError::new_err(format!(
            "{what} must be a finite, non-negative duration, not {secs}."
        )));
    }
    Ok(secs)
}

/// A duration from a number of seconds or a `timedelta`.
pub fn duration(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds(value, what)?)
        .map_err(|_| PyValueError::new_err(format!("{what} is too large.")))
}

/// A point in time: seconds since the epoch, or a `datetime` (naive means UTC).
pub fn instant(value: &Bound<'_, PyAny>) -> PyResult<f64> {
    let py = value.py();
    let secs = if value.is_instance(date_types(py)?.datetime.bind(py))? {
        timestamp(py, value)?
    } else {
        value.extract::<f64>().map_err(|_| {
            PyTypeError::new_err(format!(
                "now must be seconds since the epoch or a datetime, not {}.",
                type_name_of(value)
            ))
        })?
    };
    if !secs.is_finite() {
        return Err(PyValueError::new_err("now must be a finite number."));
    }
    Ok(secs)
}
