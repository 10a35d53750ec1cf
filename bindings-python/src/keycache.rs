//! A small cache of the `str` objects used as dict keys when building claims, so the common member names
//! (`sub`, `exp`, `aud`, …) are allocated and hashed once instead of on every token.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyString;

/// Names longer than this are not cached.
const MAX_LEN: usize = 24;
const SLOTS: usize = 512;

type Slots = Vec<Option<(Box<str>, Py<PyString>)>>;

static CACHE: Mutex<Slots> = Mutex::new(Vec::new());

fn slot_of(name: &str) -> usize {
    // FNV-1a: short keys, no need for anything stronger (a collision only costs a cache miss).
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash as usize % SLOTS
}

/// The `str` for a member name, from the cache when it is short.
pub fn key<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyString> {
    if name.len() > MAX_LEN {
        return PyString::new(py, name);
    }
    // `try_lock`, never `lock`: Python code (a finalizer run by the allocator, another thread holding the GIL)
    // must never wait on this lock. A busy cache only means a fresh string.
    let Ok(mut slots) = CACHE.try_lock() else {
        return PyString::new(py, name);
    };
    if slots.is_empty() {
        slots.resize_with(SLOTS, || None);
    }
    let slot = &mut slots[slot_of(name)];
    if let Some((cached, string)) = slot {
        if **cached == *name {
            return string.bind(py).clone();
        }
    }
    let string = PyString::new(py, name);
    *slot = Some((name.into(), string.clone().unbind()));
    string
}
