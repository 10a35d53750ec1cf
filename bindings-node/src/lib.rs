//! # jetwt-node
//!
//! The native half of the `jetwt` npm package: napi-rs functions that convert arguments, call `jetwt-core`
//! and convert the result. Everything users see (option objects, `Date`s, `JSON.stringify`/`JSON.parse`,
//! the `JwtError` classes) lives in the thin JS layer, `index.js`; every rule and default lives in core.
//!
//! Conventions at the boundary:
//! - claims and headers cross as JSON text, never as objects built property by property;
//! - verify and signer options cross positionally, already type-checked by the JS layer;
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
mod validation;

use napi_derive::napi;

/// Every algorithm name core implements, in a stable order.
#[napi]
pub fn algorithms() -> Vec<&'static str> {
    jetwt::Algorithm::ALL.iter().map(|alg| alg.name()).collect()
}
