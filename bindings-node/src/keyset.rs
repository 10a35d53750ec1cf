//! `KeySet`: a JWK set whose key is chosen per token by `kid` and algorithm.

use std::sync::Arc;

use jetwt::KeySet;
use napi::Either;
use napi_derive::napi;

use crate::error::{outcome, Failure};
use crate::key::NativeKey;

/// A parsed JWK set, shared (not copied) with verifiers and thread-pool tasks.
#[napi]
#[derive(Debug)]
pub struct NativeKeySet {
    pub(crate) set: Arc<KeySet>,
}

/// `KeySet.fromJwks`, given JSON text.
#[napi(catch_unwind)]
pub fn key_set_from_jwks(jwks: String) -> Either<NativeKeySet, Failure> {
    outcome(KeySet::from_jwks(&jwks).map(|set| NativeKeySet { set: Arc::new(set) }))
}

#[napi]
impl NativeKeySet {
    /// The usable keys.
    #[napi]
    pub fn keys(&self) -> Vec<NativeKey> {
        self.set
            .keys()
            .iter()
            .cloned()
            .map(NativeKey::new)
            .collect()
    }

    /// How many members of the JWK set were skipped as unusable.
    #[napi(getter)]
    pub fn skipped(&self) -> u32 {
        u32::try_from(self.set.skipped()).unwrap_or(u32::MAX)
    }
}
