//! `remoteKeySet`: a JWK set at a URL, fetched, cached and refreshed by core's `RemoteKeySet` (every HTTP and
//! caching rule is core's). Verifying with it runs only on the libuv thread pool: choosing the key may mean
//! waiting for the network, which the JavaScript thread must never do.

use std::sync::Arc;
use std::time::Duration;

use jetwt::{RemoteKeySet, RemoteOptions, Validation};
use napi::bindgen_prelude::AsyncTask;
use napi::Either;
use napi_derive::napi;

use crate::decode::{TaskKeys, VerifyTask};
use crate::error::{outcome, Failure};
use crate::validation::Options;

/// A remote JWK set, shared (not copied) with verifiers and thread-pool tasks.
#[napi]
#[derive(Debug)]
pub struct NativeRemoteKeySet {
    remote: Arc<RemoteKeySet>,
}

fn invalid_arg(message: String) -> napi::Error {
    napi::Error::new(napi::Status::InvalidArg, message)
}

fn seconds(value: Option<f64>, name: &str, default: Duration) -> napi::Result<Duration> {
    value.map_or(Ok(default), |s| {
        Duration::try_from_secs_f64(s).map_err(|_| {
            invalid_arg(format!(
                "options.{name} must be a finite number of seconds, at least 0."
            ))
        })
    })
}

/// `remoteKeySet(url, options)`. Options left out take core's defaults (`RemoteOptions::default()`); `headers`
/// comes as a flat list, name, value, name, value…; the JS layer has checked the types.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // the options, positionally, as for verify
pub fn remote_key_set(
    url: String,
    cache_ttl: Option<f64>,
    cooldown: Option<f64>,
    timeout: Option<f64>,
    headers: Option<Vec<String>>,
    max_bytes: Option<f64>,
    max_stale: Option<f64>,
) -> napi::Result<Either<NativeRemoteKeySet, Failure>> {
    let defaults = RemoteOptions::default();
    let headers = match headers {
        None => defaults.headers,
        Some(flat) if flat.len() % 2 == 0 => flat
            .chunks_exact(2)
            .map(|pair| (pair[0].clone(), pair[1].clone()))
            .collect(),
        Some(_) => {
            return Err(invalid_arg(
                "headers must come as name, value pairs.".into(),
            ))
        }
    };
    let max_bytes = match max_bytes {
        None => defaults.max_bytes,
        // Exact: the JS layer passes a safe integer, so the conversion below loses nothing.
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => n as u64,
        Some(_) => {
            return Err(invalid_arg(
                "options.maxBytes must be a whole number of bytes, at least 0.".into(),
            ))
        }
    };
    let options = RemoteOptions {
        cache_ttl: seconds(cache_ttl, "cacheTtl", defaults.cache_ttl)?,
        cooldown: seconds(cooldown, "cooldown", defaults.cooldown)?,
        timeout: seconds(timeout, "timeout", defaults.timeout)?,
        headers,
        max_bytes,
        max_stale: seconds(max_stale, "maxStale", defaults.max_stale)?,
    };
    Ok(outcome(RemoteKeySet::new(&url, options).map(|remote| {
        NativeRemoteKeySet {
            remote: Arc::new(remote),
        }
    })))
}

#[napi]
impl NativeRemoteKeySet {
    /// The URL of the set.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.remote.url().to_owned()
    }

    /// How many HTTP fetches have been made.
    #[napi(getter)]
    pub fn fetch_count(&self) -> i64 {
        i64::try_from(self.remote.fetch_count()).unwrap_or(i64::MAX)
    }
}

/// A prepared verifier over a remote set: `Validation` built once, `now` given per call. It has no sync
/// `verify`, on purpose: see the module docs.
#[napi]
#[derive(Debug)]
pub struct NativeRemoteVerifier {
    remote: Arc<RemoteKeySet>,
    validation: Validation,
}

/// `verifyAsync(token, remote, options)` and `new Verifier(remote, options)`.
#[napi(catch_unwind)]
pub fn remote_verifier(
    set: &NativeRemoteKeySet,
    options: Options,
) -> napi::Result<Either<NativeRemoteVerifier, Failure>> {
    Ok(outcome(options.validation()?.map(|validation| {
        NativeRemoteVerifier {
            remote: set.remote.clone(),
            validation,
        }
    })))
}

#[napi]
impl NativeRemoteVerifier {
    /// Verifies at `now` (seconds) on the libuv thread pool, fetching the set if core's policy says to; the
    /// payload JSON text, or header and claims when `complete`.
    #[napi(ts_return_type = "Promise<string | Failure>")]
    pub fn verify_async(&self, token: String, now: f64, complete: bool) -> AsyncTask<VerifyTask> {
        AsyncTask::new(VerifyTask::new(
            token,
            TaskKeys::Remote(self.remote.clone()),
            self.validation.clone().now(now),
            complete,
        ))
    }
}
