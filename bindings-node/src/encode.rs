//! Producing tokens: `encode` (one call) and `Signer` (prepared), sync and on the thread pool.
//!
//! Claims arrive as JSON text made by `JSON.stringify` in the JS layer; core signs those bytes as they are.

use std::sync::Arc;
use std::time::Duration;

use jetwt::{Algorithm, Family, Key, Signer};
use napi::bindgen_prelude::{AsyncTask, External};
use napi::{Either, Env, JsString, Task};
use napi_derive::napi;

use crate::error::{guarded, guarded_outcome, outcome, Failure, Outcome};
use crate::key::{material_bytes, NativeKey};
use crate::text::{js_str, with_str};

fn encode_with(
    claims: &str,
    key: &Key,
    algorithm: &str,
    header: Option<&str>,
) -> jetwt::Result<String> {
    let alg: Algorithm = algorithm.parse()?;
    jetwt::encode_json(claims, key, alg, header)
}

/// `encode(claims, key, { algorithm, header })` with a `Key`.
#[napi(catch_unwind)]
pub fn encode_with_key(
    claims: String,
    key: &NativeKey,
    algorithm: String,
    header: Option<String>,
) -> Either<String, Failure> {
    outcome(encode_with(
        &claims,
        &key.key,
        &algorithm,
        header.as_deref(),
    ))
}

/// `encode` with a string or bytes key: PEM/DER through core's cache, a secret only for an HS* algorithm.
#[napi(catch_unwind)]
pub fn encode_with_material(
    claims: String,
    key: Either<String, &[u8]>,
    algorithm: String,
    header: Option<String>,
) -> Either<String, Failure> {
    outcome(algorithm.parse::<Algorithm>().and_then(|alg| {
        let key = jetwt::key_from_bytes_cached(material_bytes(&key), alg.family() == Family::Hmac)?;
        jetwt::encode_json(&claims, &key, alg, header.as_deref())
    }))
}

/// `encodeAsync` with a `Key` (the JS layer prepares string and bytes keys first): signs on the thread pool.
#[napi(ts_return_type = "Promise<string | Failure>")]
pub fn encode_async(
    claims: String,
    key: &NativeKey,
    algorithm: String,
    header: Option<String>,
) -> AsyncTask<EncodeTask> {
    AsyncTask::new(EncodeTask {
        claims,
        key: key.key.clone(),
        algorithm,
        header,
    })
}

/// An `encode` run on the libuv thread pool.
#[derive(Debug)]
pub struct EncodeTask {
    claims: String,
    key: Key,
    algorithm: String,
    header: Option<String>,
}

impl Task for EncodeTask {
    type Output = Outcome<String>;
    type JsValue = Outcome<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        guarded(|| {
            outcome(encode_with(
                &self.claims,
                &self.key,
                &self.algorithm,
                self.header.as_deref(),
            ))
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

/// A prepared core `Signer` (key checked, header encoded once), handed to JavaScript as an opaque `External`:
/// the hot calls take it as an argument, which N-API converts faster than a class instance's `this`.
pub type NativeSigner = External<Arc<Signer>>;

fn seconds(value: f64, what: &str) -> napi::Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        napi::Error::new(
            napi::Status::InvalidArg,
            format!("{what} must be a finite number of seconds, at least 0."),
        )
    })
}

/// `new Signer(key, options)`. Unset options keep core's defaults (`iat` added, no `jti`).
#[napi(
    catch_unwind,
    ts_return_type = "ExternalObject<'NativeSigner'> | Failure"
)]
#[allow(clippy::too_many_arguments)] // the signer options, positionally (cheaper than an object through N-API)
pub fn signer_new(
    key: &NativeKey,
    algorithm: String,
    header: Option<String>,
    expires_in: Option<f64>,
    not_before: Option<f64>,
    issuer: Option<String>,
    audience: Option<Vec<String>>,
    subject: Option<String>,
    issued_at: Option<bool>,
    jwt_id: Option<bool>,
) -> napi::Result<Either<NativeSigner, Failure>> {
    let expires_in = expires_in.map(|s| seconds(s, "expiresIn")).transpose()?;
    let not_before = not_before.map(|s| seconds(s, "notBefore")).transpose()?;
    let signer = algorithm
        .parse::<Algorithm>()
        .and_then(|alg| Signer::new(key.key.clone(), alg, header.as_deref()));
    let mut signer = match signer {
        Ok(signer) => signer,
        Err(error) => return Ok(Either::B(error.into())),
    };
    if let Some(lifetime) = expires_in {
        signer = signer.expires_in(lifetime);
    }
    if let Some(delay) = not_before {
        signer = signer.not_before(delay);
    }
    if let Some(issuer) = issuer {
        signer = signer.issuer(issuer);
    }
    if let Some(audience) = &audience {
        signer = signer.audience(audience);
    }
    if let Some(subject) = subject {
        signer = signer.subject(subject);
    }
    if let Some(on) = issued_at {
        signer = signer.issued_at(on);
    }
    if let Some(on) = jwt_id {
        signer = signer.jwt_id(on);
    }
    Ok(Either::A(External::new(Arc::new(signer))))
}

/// The signer's algorithm.
#[napi(catch_unwind)]
pub fn signer_algorithm(
    #[napi(ts_arg_type = "ExternalObject<'NativeSigner'>")] signer: &NativeSigner,
) -> &'static str {
    signer.algorithm().name()
}

/// Signs claims JSON text at `now` (seconds since the epoch, read by the JS layer from `Date.now()`). A hot
/// path: guarded here (a panic comes back as a `Failure`), so the JS layer calls it without a wrapper.
#[napi(ts_return_type = "string | Failure")]
pub fn signer_sign<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "ExternalObject<'NativeSigner'>")] signer: &NativeSigner,
    claims: JsString,
    now: f64,
) -> napi::Result<Either<JsString<'env>, Failure>> {
    guarded_outcome(|| {
        with_str(claims, |claims| match signer.sign_json(claims, Some(now)) {
            Ok(token) => js_str(env, &token).map(Either::A),
            Err(error) => Ok(Either::B(error.into())),
        })?
    })
}

/// Like `signerSign`, on the libuv thread pool.
#[napi(ts_return_type = "Promise<string | Failure>")]
pub fn signer_sign_async(
    #[napi(ts_arg_type = "ExternalObject<'NativeSigner'>")] signer: &NativeSigner,
    claims: String,
    now: f64,
) -> AsyncTask<SignTask> {
    AsyncTask::new(SignTask {
        signer: Arc::clone(signer),
        claims,
        now,
    })
}

/// A `Signer.sign` run on the libuv thread pool.
#[derive(Debug)]
pub struct SignTask {
    signer: Arc<Signer>,
    claims: String,
    now: f64,
}

impl Task for SignTask {
    type Output = Outcome<String>;
    type JsValue = Outcome<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        guarded(|| outcome(self.signer.sign_json(&self.claims, Some(self.now))))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}
