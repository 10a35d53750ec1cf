//! A set of keys (a JWKS), and choosing the one key that may verify a given token.

use crate::algorithm::Algorithm;
use crate::error::{Error, ErrorKind, Result};
use crate::json::{self, Value};
use crate::key::Key;

/// Keys to verify with, chosen per token by `kid` and algorithm.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<Key>,
    skipped: usize,
}

impl KeySet {
    /// A set of the given keys.
    pub fn new(keys: Vec<Key>) -> Self {
        KeySet { keys, skipped: 0 }
    }

    /// Reads a JWK set (`{"keys": [...]}`). Members that are malformed or of an unsupported type are skipped,
    /// as RFC 7517 §5 asks; a set with no usable key is an error.
    pub fn from_jwks(jwks: &str) -> Result<KeySet> {
        let bad = |what: String| Error::invalid_key(format!("The JWK set is unusable: {what}"));
        let parsed = json::parse(jwks.as_bytes(), 16).map_err(|e| bad(e.to_string()))?;
        let Value::Object(obj) = parsed else {
            return Err(bad("it is not a JSON object.".into()));
        };
        let Some(Value::Array(members)) = obj.get("keys") else {
            return Err(bad("it has no \"keys\" array.".into()));
        };
        let mut set = KeySet::default();
        for member in members {
            match member {
                Value::Object(jwk) => match Key::from_jwk_object(jwk) {
                    Ok(key) => set.keys.push(key),
                    Err(_) => set.skipped += 1,
                },
                _ => set.skipped += 1,
            }
        }
        if set.keys.is_empty() {
            return Err(bad("it has no usable key.".into()));
        }
        Ok(set)
    }

    /// The usable keys.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// How many members of the JWK set were skipped as unusable.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The key for a token with this `kid` and algorithm: the key with that `kid` that may verify `alg`; without
    /// a `kid`, the only key that may verify `alg`. Anything else is `key_not_found`.
    pub fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&Key> {
        let mut usable = self.keys.iter().filter(|key| key.check(alg, false).is_ok());
        match kid {
            Some(kid) => usable.find(|key| key.kid() == Some(kid)).ok_or_else(|| {
                Error::new(
                    ErrorKind::KeyNotFound,
                    format!(
                        "No key with kid \"{}\" can verify {alg}.",
                        crate::text::truncate(kid, 60)
                    ),
                )
            }),
            None => match (usable.next(), usable.next()) {
                (Some(key), None) => Ok(key),
                (None, _) => Err(Error::new(
                    ErrorKind::KeyNotFound,
                    format!("No key in the set can verify {alg}."),
                )),
                (Some(_), Some(_)) => Err(Error::new(
                    ErrorKind::KeyNotFound,
                    format!(
                        "The token has no \"kid\", and several keys in the set can verify {alg}."
                    ),
                )),
            },
        }
    }
}

/// What `verify` may use: one key or a key set.
#[derive(Debug, Clone, Copy)]
pub enum Keys<'k> {
    One(&'k Key),
    Set(&'k KeySet),
}

impl<'k> From<&'k Key> for Keys<'k> {
    fn from(key: &'k Key) -> Self {
        Keys::One(key)
    }
}

impl<'k> From<&'k KeySet> for Keys<'k> {
    fn from(set: &'k KeySet) -> Self {
        Keys::Set(set)
    }
}
