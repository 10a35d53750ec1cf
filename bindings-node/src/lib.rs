//! # jetwt-node
//!
//! The native half of the `jetwt` npm package: napi-rs functions that convert arguments, call `jetwt-core`
//! and convert the result. Everything users see (option objects, `Date`s, `JSON.stringify`/`JSON.parse`,
//! the `JwtError` classes) lives in the thin JS layer, `index.js`; every rule and default lives in core.
//!
//! Conventions at the boundary:
//! - claims and headers cross as JSON text, never as objects built property by property;
//! - options arrive already type-checked by the JS layer: positionally for the per-call functions (a one-shot
//!   verify, a signer), as one object for a plan or a verifier, made once;
//! - prepared signers and verifiers cross as opaque `External` handles taken by free functions (`signerSign`,
//!   `verifierVerify`): napi-rs converts such an argument in a fraction of the time a class instance's `this`
//!   takes, and those two calls read and make their strings without napi-rs's copies (`text.rs`);
//! - a core error comes back as a `Failure` value (`{ code, message, claim }`), which the JS layer turns
//!   into the `JwtError` subclass of its code, on the sync and async paths alike;
//! - the `*Async` functions return promises whose crypto runs on the libuv thread pool;
//! - a remote key set (`remote.rs`) is only ever used there, since choosing its key may wait for the network;
//! - `runCli` (`cli.rs`) is the `jetwt` command, for `npx jetwt`.
//!
//! The module is context-aware (napi-rs registers it per environment), so it loads in `worker_threads`.

// napi-derive leaves the exported items unregistered under cfg(test), so a test build sees them as unused.
#![cfg_attr(test, allow(dead_code))]

mod cli;
mod decode;
mod encode;
mod error;
mod key;
mod keyset;
mod remote;
mod text;
mod validation;

use napi::Either;
use napi_derive::napi;

use crate::error::{outcome, Failure};
use crate::key::NativeKey;

/// Every algorithm name core implements, in a stable order.
#[napi]
pub fn algorithms() -> Vec<&'static str> {
    jetwt::Algorithm::ALL.iter().map(|alg| alg.name()).collect()
}

/// For `make bench-node` only, so that the package can be timed beside the core in one process: the core's
/// `encode_json` of `claims` (JSON text), or its `verify` of `token` with `audience` and `issuer` required, `n`
/// times, the validation built once. Fails as the real call would.
#[napi(catch_unwind)]
pub fn core_loop(
    key: &NativeKey,
    n: u32,
    algorithm: String,
    claims: Option<String>,
    token: Option<String>,
    audience: Option<String>,
    issuer: Option<String>,
) -> Either<(), Failure> {
    outcome(algorithm.parse::<jetwt::Algorithm>().and_then(|alg| {
        let mut validation = jetwt::Validation::new(&[alg]);
        if let Some(audience) = &audience {
            validation = validation.audience(&[audience]);
        }
        if let Some(issuer) = &issuer {
            validation = validation.issuer(&[issuer]);
        }
        for _ in 0..n {
            match (&claims, &token) {
                (Some(claims), _) => {
                    std::hint::black_box(jetwt::encode_json(claims, &key.key, alg, None)?);
                }
                (None, Some(token)) => {
                    std::hint::black_box(jetwt::verify(token, &key.key, &validation)?);
                }
                (None, None) => {}
            }
        }
        Ok(())
    }))
}

/// For `make bench-node` only: the core's `encode_json` of `claims`, `n` times in all, by `threads` Rust threads
/// that each take the next signature from one shared counter, as libuv's pool threads take the next task. Two
/// threads against one is what two cores give on this machine, the ceiling for `encodeAsync`. Fails as the real
/// call would.
#[napi(catch_unwind)]
pub fn core_sign_threads(
    key: &NativeKey,
    n: u32,
    threads: u32,
    algorithm: String,
    claims: String,
) -> Either<(), Failure> {
    use std::sync::atomic::{AtomicU32, Ordering};
    outcome(algorithm.parse::<jetwt::Algorithm>().and_then(|alg| {
        let key = &key.key;
        let next = AtomicU32::new(0);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.max(1))
                .map(|_| {
                    scope.spawn(|| {
                        while next.fetch_add(1, Ordering::Relaxed) < n {
                            std::hint::black_box(jetwt::encode_json(&claims, key, alg, None)?);
                        }
                        Ok(())
                    })
                })
                .collect();
            workers.into_iter().try_for_each(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        })
    }))
}
