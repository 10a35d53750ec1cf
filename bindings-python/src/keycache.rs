//! A small cache of the JSON text of the `str` objects used as dict keys when encoding (the same objects on
//! every call, as string literals are), so they are neither re-encoded to UTF-8 nor re-escaped: about 15% of
//! an HS256 encode with 7 claims. Values are never cached: they are the caller's data, and often differ on
//! every call.
//!
//! The decoding side has no such cache: building the dict with fresh `str` keys measured the same as with
//! cached ones.
//!
//! A second cache holds the prepared key for the `str` objects passed as keys (a secret or a PEM), by identity:
//! PyJWT-style code passes the same object on every call, and a hit skips its UTF-8 copy, the key-material
//! checks and the HMAC set-up. The slot holds a reference to the `str`, so its address is not reused while it
//! is cached, and the text cannot change (a `str` is immutable). Evicted keys are zeroized on drop.

use std::sync::{Mutex, MutexGuard};

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

use jetwt::{Family, Key};

use crate::json::write_py_str;

/// Key objects longer than this (in bytes of JSON text) are not cached.
const MAX_JSON_LEN: usize = 40;
const JSON_SLOTS: usize = 256;

/// A key object, kept alive by the slot (so its address cannot be reused while cached), and its JSON text.
pub type JsonSlots = Vec<Option<(Py<PyString>, Box<str>)>>;

static JSON_CACHE: Mutex<JsonSlots> = Mutex::new(Vec::new());

/// The encoding cache, if no one else holds it right now (`try_lock`: Python code run during serialisation,
/// or another thread, must never wait on it; a busy cache only means no caching for this call).
pub fn json_keys() -> Option<MutexGuard<'static, JsonSlots>> {
    let mut slots = JSON_CACHE.try_lock().ok()?;
    if slots.is_empty() {
        slots.resize_with(JSON_SLOTS, || None);
    }
    Some(slots)
}

/// Appends the dict key `name` as a JSON string literal, from `cache` when this very object was seen before.
pub fn write_key(
    out: &mut String,
    name: &Bound<'_, PyString>,
    cache: Option<&mut JsonSlots>,
) -> PyResult<()> {
    let Some(slots) = cache else {
        return write_py_str(out, name);
    };
    let address = name.as_ptr() as usize;
    // Objects are 16-byte aligned: drop the low bits before taking the slot.
    let slot = &mut slots[(address >> 4) % JSON_SLOTS];
    if let Some((cached, json)) = slot {
        if cached.as_ptr() as usize == address {
            out.push_str(json);
            return Ok(());
        }
    }
    let start = out.len();
    write_py_str(out, name)?;
    if out.len() - start <= MAX_JSON_LEN {
        *slot = Some((name.clone().unbind(), out[start..].into()));
    }
    Ok(())
}

const KEY_SLOTS: usize = 16;

/// A `str` passed as key material, kept alive by the slot, and the key prepared from it.
type KeySlots = [Option<(Py<PyString>, Key)>; KEY_SLOTS];

static KEY_CACHE: Mutex<KeySlots> = Mutex::new([const { None }; KEY_SLOTS]);

/// The key prepared from the `str` `material`: from the cache when this very object was prepared before, else
/// by `prepare` (whose result is then cached). A cached HMAC key is only handed out when `secret_allowed`.
pub fn str_key(
    material: &Bound<'_, PyString>,
    secret_allowed: bool,
    prepare: impl FnOnce(&str) -> jetwt::Result<Key>,
) -> PyResult<jetwt::Result<Key>> {
    let address = material.as_ptr() as usize;
    let index = (address >> 4) % KEY_SLOTS;
    if let Ok(slots) = KEY_CACHE.try_lock() {
        if let Some((cached, key)) = &slots[index] {
            if cached.as_ptr() as usize == address
                && (secret_allowed || key.family() != Family::Hmac)
            {
                return Ok(Ok(key.clone()));
            }
        }
    }
    let key = with_str(material, prepare)?;
    if let (Ok(key), Ok(mut slots)) = (&key, KEY_CACHE.try_lock()) {
        // The entry replaced is dropped once the lock is released.
        let old = slots[index].replace((material.clone().unbind(), key.clone()));
        drop(slots);
        drop(old);
    }
    Ok(key)
}

/// Calls `f` with the UTF-8 text of `s`. With the stable ABI of Python 3.9 the text is only reachable through a
/// `bytes` copy; `PyBackedStr` borrows from that copy rather than copying it once more into a `String`.
pub fn with_str<R>(s: &Bound<'_, PyString>, f: impl FnOnce(&str) -> R) -> PyResult<R> {
    let text = PyBackedStr::try_from(s.clone())?;
    Ok(f(&text))
}
