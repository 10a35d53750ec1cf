//! Python objects to JSON text (for encoding) and the core's parsed JSON tree to Python objects (for decoding),
//! both directly: no `json` module, no `serde_json::Value` in between.

use std::fmt::Write as _;
use std::sync::MutexGuard;

use jetwt::json::{write_string, Object, Value};
use jetwt::{ErrorKind, Limits};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString, PyTuple, PyType,
};

use crate::error::new_error;
use crate::keycache::{self, with_str};

/// The deepest nesting written, the same limit the core's parser applies when it reads a token.
fn max_depth() -> usize {
    Limits::default().max_depth
}

/// `datetime.datetime`, `datetime.timedelta` and `datetime.timezone.utc`, imported once.
pub struct DateTypes {
    pub datetime: Py<PyType>,
    pub timedelta: Py<PyType>,
    pub utc: Py<PyAny>,
}

pub fn date_types(py: Python<'_>) -> PyResult<&DateTypes> {
    static TYPES: PyOnceLock<DateTypes> = PyOnceLock::new();
    TYPES.get_or_try_init(py, || {
        let module = py.import("datetime")?;
        Ok(DateTypes {
            datetime: module.getattr("datetime")?.cast_into::<PyType>()?.unbind(),
            timedelta: module.getattr("timedelta")?.cast_into::<PyType>()?.unbind(),
            utc: module.getattr("timezone")?.getattr("utc")?.unbind(),
        })
    })
}

/// Seconds since the epoch of a `datetime`; a naive one is taken as UTC (as PyJWT does).
pub fn timestamp(py: Python<'_>, dt: &Bound<'_, PyAny>) -> PyResult<f64> {
    let aware = if dt.getattr("tzinfo")?.is_none() {
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", date_types(py)?.utc.bind(py))?;
        dt.call_method("replace", (), Some(&kwargs))?
    } else {
        dt.clone()
    };
    aware.call_method0("timestamp")?.extract::<f64>()
}

/// Serialises claims (a mapping) to compact JSON object text. `datetime` values of the top-level `exp`, `nbf`
/// and `iat` become NumericDate integers; any other value that JSON cannot hold raises `TypeError` naming its key.
pub fn claims_to_json(claims: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut out = String::with_capacity(256);
    Writer::new(claims.py(), &mut out, true)?.mapping(claims, 1, "claims")?;
    Ok(out)
}

/// Serialises a mapping (a header, a JWK) to compact JSON object text, without the claims' date conversion.
pub fn mapping_to_json(value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let mut out = String::with_capacity(128);
    Writer::new(value.py(), &mut out, false)?.mapping(value, 1, what)?;
    Ok(out)
}

struct Writer<'o> {
    out: &'o mut String,
    /// `datetime.datetime` when `datetime` values of the top-level `exp`, `nbf`, `iat` are to become
    /// NumericDates; fetched (imported the first time) before any iteration starts.
    datetime: Option<Py<PyType>>,
    /// The JSON text of dict keys seen before, held for the whole call (one lock, not one per key).
    keys: Option<MutexGuard<'static, keycache::JsonSlots>>,
}

/// The Python type name of `value`, for messages.
pub fn type_name_of(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// The `TypeError` json.dumps raises, naming the dict key the value was found under.
fn not_serialisable(value: &Bound<'_, PyAny>, key: &Bound<'_, PyString>) -> PyErr {
    PyTypeError::new_err(format!(
        "Object of type {} is not JSON serializable (key {:?}).",
        type_name_of(value),
        key.to_string_lossy()
    ))
}

impl<'o> Writer<'o> {
    fn new(py: Python<'_>, out: &'o mut String, dates: bool) -> PyResult<Self> {
        let datetime = if dates {
            Some(date_types(py)?.datetime.clone_ref(py))
        } else {
            None
        };
        Ok(Writer {
            out,
            datetime,
            keys: keycache::json_keys(),
        })
    }

    fn mapping(&mut self, value: &Bound<'_, PyAny>, depth: usize, what: &str) -> PyResult<()> {
        if let Ok(dict) = value.cast::<PyDict>() {
            return self.dict(dict.iter(), depth, what);
        }
        if let Ok(mapping) = value.cast::<PyMapping>() {
            let items = mapping.items()?;
            let pairs = items.iter().map(|item| {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                Ok((k, v))
            });
            let pairs: PyResult<Vec<_>> = pairs.collect();
            return self.dict(pairs?.into_iter(), depth, what);
        }
        Err(PyTypeError::new_err(format!(
            "The {what} must be a mapping (a dict), not {}.",
            type_name_of(value)
        )))
    }

    fn dict<'py>(
        &mut self,
        items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
        depth: usize,
        path: &str,
    ) -> PyResult<()> {
        self.check_depth(depth)?;
        self.out.push('{');
        let mut first = true;
        let mut dates: Vec<(usize, Bound<'py, PyAny>)> = Vec::new();
        for (key, value) in items {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "Keys must be str, not {} (in {path}).",
                    type_name_of(&key)
                )));
            };
            if !first {
                self.out.push(',');
            }
            first = false;
            let start = self.out.len() + 1;
            keycache::write_key(self.out, key, self.keys.as_deref_mut())?;
            // The name as written, without its quotes: escapes only ever make it longer, so a name that needed
            // one cannot equal a plain name such as "exp".
            let is_date_claim = self.datetime.is_some()
                && depth == 1
                && matches!(&self.out[start..self.out.len() - 1], "exp" | "nbf" | "iat");
            self.out.push(':');
            if is_date_claim && !value.is_exact_instance_of::<PyInt>() {
                if let Some(datetime) = &self.datetime {
                    // A type check only: no Python code may run while the dict is being iterated.
                    if value.get_type().is_subclass(datetime.bind(value.py()))? {
                        dates.push((self.out.len(), value));
                        continue;
                    }
                }
            }
            self.value(&value, depth, key)?;
        }
        // `datetime` values become NumericDates now that the iteration is over: converting one runs Python code
        // (its `tzinfo`, a subclass's methods) that could otherwise change the dict under the iterator.
        for (at, value) in dates.into_iter().rev() {
            let seconds = timestamp(value.py(), &value)?.floor();
            self.out.insert_str(at, &format!("{seconds:.0}"));
        }
        self.out.push('}');
        Ok(())
    }

    fn check_depth(&self, depth: usize) -> PyResult<()> {
        if depth > max_depth() {
            return Err(new_error(
                ErrorKind::Malformed,
                format!(
                    "The value nests deeper than the limit of {} levels (or contains itself).",
                    max_depth()
                ),
            ));
        }
        Ok(())
    }

    /// Writes one value found under `key` (named in errors) at nesting `depth` (of its container).
    fn value(
        &mut self,
        value: &Bound<'_, PyAny>,
        depth: usize,
        key: &Bound<'_, PyString>,
    ) -> PyResult<()> {
        // Exact types first (the common case), then subclasses as json.dumps accepts them.
        if let Ok(s) = value.cast_exact::<PyString>() {
            write_py_str(self.out, s)?;
        } else if value.is_exact_instance_of::<PyInt>() {
            self.int(value)?;
        } else if value.is_none() {
            self.out.push_str("null");
        } else if let Ok(b) = value.cast::<PyBool>() {
            self.out
                .push_str(if b.is_true() { "true" } else { "false" });
        } else if let Ok(f) = value.cast::<PyFloat>() {
            let f = f.value();
            if !f.is_finite() {
                return Err(PyValueError::new_err(format!(
                    "Out of range float values are not JSON compliant: {f} (key {:?}).",
                    key.to_string_lossy()
                )));
            }
            // Debug formatting is the shortest text that reads back as the same float, and keeps a `.0`
            // on whole numbers, so a float stays a float.
            write!(self.out, "{f:?}").expect("writing to a String");
        } else if let Ok(list) = value.cast::<PyList>() {
            self.array(list.iter(), depth + 1, key)?;
        } else if let Ok(tuple) = value.cast::<PyTuple>() {
            self.array(tuple.iter(), depth + 1, key)?;
        } else if let Ok(dict) = value.cast::<PyDict>() {
            self.dict(dict.iter(), depth + 1, &key.to_string_lossy())?;
        } else if let Ok(s) = value.cast::<PyString>() {
            write_py_str(self.out, s)?;
        } else if value.is_instance_of::<PyInt>() {
            self.int(value)?;
        } else {
            return Err(not_serialisable(value, key));
        }
        Ok(())
    }

    fn int(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        if let Ok(i) = value.extract::<i64>() {
            push_i64(self.out, i);
        } else {
            // Any size: Python's own decimal text (int.__repr__, as json.dumps uses for int subclasses too).
            let py = value.py();
            let text = py.get_type::<PyInt>().call_method1("__repr__", (value,))?;
            self.out.push_str(&text.cast::<PyString>()?.to_cow()?);
        }
        Ok(())
    }

    fn array<'py>(
        &mut self,
        items: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
        key: &Bound<'_, PyString>,
    ) -> PyResult<()> {
        self.check_depth(depth)?;
        self.out.push('[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.value(&item, depth, key)?;
        }
        self.out.push(']');
        Ok(())
    }
}

/// Appends `text` as a JSON string literal: as is between quotes when nothing in it needs escaping (the common
/// case, checked a byte at a time), else through the core's `write_string` (escapes as `JSON.stringify` does).
pub fn write_str(out: &mut String, text: &str) {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        write_string(out, text);
    } else {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// Appends the `str` `s` as a JSON string literal (a lone surrogate, which JSON text cannot hold, is the
/// `UnicodeEncodeError` of `str.encode`).
pub fn write_py_str(out: &mut String, s: &Bound<'_, PyString>) -> PyResult<()> {
    with_str(s, |text| write_str(out, text))
}

/// Appends the decimal text of `i` (what `write!` does, without the formatting machinery).
fn push_i64(out: &mut String, i: i64) {
    let mut digits = [0u8; 21];
    let mut n = i.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        digits[at] = b'-';
    }
    out.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

/// Whether `value` is a non-string sequence (a list or tuple of names, say).
pub fn is_sequence(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || (!value.is_instance_of::<PyString>() && value.cast::<PySequence>().is_ok())
}

/// Converts each item of a sequence with `f`: lists and tuples directly, other sequences through iteration
/// (without asking for a length hint, which costs a Python call).
pub fn map_items<T>(
    value: &Bound<'_, PyAny>,
    mut f: impl FnMut(&Bound<'_, PyAny>) -> PyResult<T>,
) -> PyResult<Vec<T>> {
    if let Ok(list) = value.cast::<PyList>() {
        return list.iter().map(|item| f(&item)).collect();
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return tuple.iter().map(|item| f(&item)).collect();
    }
    let mut out = Vec::new();
    for item in value.try_iter()? {
        out.push(f(&item?)?);
    }
    Ok(out)
}

/// Builds a Python object from the core's parsed JSON tree. Integers of any size round-trip exactly: the
/// core keeps each number's text.
pub fn to_python<'py>(py: Python<'py>, value: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if n.is_integer() {
                match n.as_i64() {
                    Some(i) => i.into_pyobject(py)?.into_any(),
                    None => big_int(py, n.as_str())?,
                }
            } else {
                PyFloat::new(py, n.as_f64()).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(obj) => object_to_dict(py, obj)?.into_any(),
    })
}

fn big_int<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.get_type::<PyInt>().call1((text,)).map_err(|_| {
        // Python limits int/str conversion to 4300 digits by default; such a number is refused as malformed.
        new_error(
            ErrorKind::Malformed,
            format!(
                "A number of {} digits is too long to convert to a Python int.",
                text.len()
            ),
        )
    })
}

/// A JSON object as a `dict`.
pub fn object_to_dict<'py>(py: Python<'py>, obj: &Object<'_>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in obj.iter() {
        dict.set_item(PyString::new(py, name), to_python(py, value)?)?;
    }
    Ok(dict)
}
