//! A bounded cache of keys parsed from PEM or DER bytes, so that callers passing a PEM string on every call
//! (the PyJWT and jsonwebtoken habit) pay for parsing once. Secrets are never cached: they are cheap to
//! prepare, and a cache would keep copies of them alive.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::der;
use crate::error::Result;
use crate::key::Key;

/// How many parsed keys are kept.
pub const KEY_CACHE_CAPACITY: usize = 64;

struct Cache {
    entries: HashMap<Box<[u8]>, (Key, u64)>,
    tick: u64,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(Cache {
            entries: HashMap::new(),
            tick: 0,
        })
    })
}

/// Like [`Key::from_bytes`], remembering keys parsed from PEM or DER (least recently used evicted first).
/// Errors are not cached.
pub fn key_from_bytes_cached(data: &[u8], secret_allowed: bool) -> Result<Key> {
    let asymmetric = der::looks_like_pem(data) || data.first() == Some(&der::TAG_SEQUENCE);
    if !asymmetric {
        return Key::from_bytes(data, secret_allowed);
    }
    {
        let mut guard = cache().lock().unwrap_or_else(PoisonError::into_inner);
        guard.tick += 1;
        let tick = guard.tick;
        if let Some((key, used)) = guard.entries.get_mut(data) {
            *used = tick;
            return Ok(key.clone());
        }
    }
    let key = Key::from_bytes(data, secret_allowed)?;
    if key.family() != crate::Family::Hmac {
        let mut guard = cache().lock().unwrap_or_else(PoisonError::into_inner);
        if guard.entries.len() >= KEY_CACHE_CAPACITY {
            let oldest = guard
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                guard.entries.remove(&oldest);
            }
        }
        let tick = guard.tick;
        guard.entries.insert(data.into(), (key.clone(), tick));
    }
    Ok(key)
}

/// How many keys the cache holds (for tests).
pub fn key_cache_len() -> usize {
    cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entries
        .len()
}
