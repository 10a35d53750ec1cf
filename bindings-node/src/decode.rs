//! Inspection (`decode`, `decodeHeader`) and verification (`verify`, `Verifier`), sync and on the thread pool.
//!
//! Verification returns the verified payload as JSON text: exactly the bytes core parsed strictly and
//! validated, which the JS layer hands to `JSON.parse`.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::sync::Arc;

use jetwt::{Error, ErrorKind, Key, KeySet, Keys, RemoteKeySet, Token, Validation};
use napi::bindgen_prelude::{AsyncTask, Buffer, External};
use napi::{Either, Env, JsString, Task};
use napi_derive::napi;

use crate::error::{guarded, guarded_outcome, outcome, Failure, Outcome};
use crate::key::{material_bytes, NativeKey};
use crate::keyset::NativeKeySet;
use crate::text::{js_str, with_str};
use crate::validation::{limits, secret_allowed, Options};

/// A decoded (not verified) token: header and claims as JSON text, and the signature bytes.
#[napi(object)]
pub struct Decoded {
    pub header: String,
    pub claims: String,
    pub signature: Buffer,
}

fn text(bytes: &[u8]) -> jetwt::Result<&str> {
    // Core has already parsed these bytes as strict JSON, so they are UTF-8; this never fails in practice.
    std::str::from_utf8(bytes)
        .map_err(|_| Error::new(ErrorKind::Malformed, "The token is not valid UTF-8."))
}

/// `decode`: splits and parses within the size and depth limits, verifying nothing.
#[napi(catch_unwind)]
pub fn decode(
    token: String,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
) -> Either<Decoded, Failure> {
    let limits = limits(max_token_bytes, max_depth);
    outcome(jetwt::decode_within(&token, limits).and_then(|parsed| {
        Ok(Decoded {
            header: text(parsed.header_bytes())?.to_owned(),
            claims: text(parsed.payload_bytes())?.to_owned(),
            signature: parsed.signature().to_vec().into(),
        })
    }))
}

/// `decodeHeader`: the header only, as JSON text, verifying nothing. As in Python, the claims are not parsed: a
/// caller reading `kid` before verifying gets the header of a token whose payload is broken.
#[napi(catch_unwind)]
pub fn decode_header(
    token: String,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
) -> Either<String, Failure> {
    let limits = limits(max_token_bytes, max_depth);
    outcome(Token::parse(&token, limits).and_then(|parsed| {
        parsed.header_object()?;
        text(parsed.header_bytes()).map(str::to_owned)
    }))
}

/// Keys owned by a verifier or a thread-pool task.
#[derive(Debug, Clone)]
pub enum OwnedKeys {
    One(Key),
    Set(Arc<KeySet>),
}

impl OwnedKeys {
    fn borrow(&self) -> Keys<'_> {
        match self {
            OwnedKeys::One(key) => Keys::One(key),
            OwnedKeys::Set(set) => Keys::Set(set),
        }
    }
}

/// A `Validation` whose clock is set per call without copying it: the sync paths run on the one JS thread
/// that owns the object, so the validation is updated in place; thread-pool tasks take a copy.
#[derive(Debug)]
struct Clocked(RefCell<Validation>);

impl Clocked {
    fn new(validation: Validation) -> Self {
        Clocked(RefCell::new(validation))
    }

    /// The validation, set to verify at `now`.
    fn at(&self, now: f64) -> Ref<'_, Validation> {
        {
            let mut slot = self.0.borrow_mut();
            // `Validation::new(&[])` allocates nothing; it only holds the place while `now` is set.
            let validation = std::mem::replace(&mut *slot, Validation::new(&[]));
            *slot = validation.now(now);
        }
        self.0.borrow()
    }

    /// A copy for a thread-pool task, set to verify at `now`.
    fn copy_at(&self, now: f64) -> Validation {
        self.0.borrow().clone().now(now)
    }
}

/// Verifies `token` and returns the payload JSON text, or `{"header":…,"claims":…}` when `complete`.
fn verify_token(
    token: &str,
    keys: Keys<'_>,
    validation: &Validation,
    complete: bool,
) -> jetwt::Result<String> {
    verify_token_with(token, keys, validation, complete, str::to_owned)
}

/// Like [`verify_token`], handing the verified text to `made` while the token's decoded bytes are still there
/// (the hot path makes its JavaScript string from them, with no copy in between).
fn verify_token_with<R>(
    token: &str,
    keys: Keys<'_>,
    validation: &Validation,
    complete: bool,
    made: impl FnOnce(&str) -> R,
) -> jetwt::Result<R> {
    let parsed = Token::parse(token, validation.current_limits())?;
    parsed.verify_signature(keys, validation)?;
    verified_text(&parsed, validation, complete).map(|text| made(&text))
}

/// Like [`verify_token`], with the key taken from a remote set (which may fetch it: thread pool only).
fn verify_remote_token(
    token: &str,
    remote: &RemoteKeySet,
    validation: &Validation,
    complete: bool,
) -> jetwt::Result<String> {
    let parsed = Token::parse(token, validation.current_limits())?;
    remote.verify_signature(&parsed, validation)?;
    verified_text(&parsed, validation, complete).map(Cow::into_owned)
}

/// After the signature: the claims validated, then the payload (or header and claims) as JSON text.
fn verified_text<'p>(
    parsed: &'p Token<'_>,
    validation: &Validation,
    complete: bool,
) -> jetwt::Result<Cow<'p, str>> {
    // The claims go back as JSON text: core checks them without building a tree.
    parsed.validate_claims(validation)?;
    let payload = text(parsed.payload_bytes())?;
    if !complete {
        return Ok(Cow::Borrowed(payload));
    }
    let header = text(parsed.header_bytes())?;
    let mut out = String::with_capacity(header.len() + payload.len() + 22);
    out.push_str("{\"header\":");
    out.push_str(header);
    out.push_str(",\"claims\":");
    out.push_str(payload);
    out.push('}');
    Ok(Cow::Owned(out))
}

/// The options a one-shot `verify` takes positionally, gathered.
#[allow(clippy::too_many_arguments)] // the verify options, positionally (see `Options`)
fn options(
    algorithms: Vec<String>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: Option<f64>,
    required: Option<Vec<String>>,
    max_age: Option<f64>,
    typ: Option<String>,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
) -> Options {
    Options {
        algorithms,
        audience,
        issuer,
        subject,
        leeway,
        required,
        max_age,
        typ,
        max_token_bytes,
        max_depth,
    }
}

/// The key a one-shot verify uses: a prepared key, a set, or material parsed here (secret only if HS* is allowed).
enum KeyArg<'a> {
    Prepared(&'a Key),
    Set(&'a KeySet),
    Material(&'a [u8]),
}

fn verify_once(
    token: &str,
    key: KeyArg<'_>,
    options: Options,
    now: f64,
    complete: bool,
) -> napi::Result<Either<String, Failure>> {
    let validation = match options.validation()? {
        Ok(validation) => validation.now(now),
        Err(error) => return Ok(Either::B(error.into())),
    };
    let parsed;
    let keys = match key {
        KeyArg::Prepared(key) => Keys::One(key),
        KeyArg::Set(set) => Keys::Set(set),
        KeyArg::Material(bytes) => {
            match jetwt::key_from_bytes_cached(bytes, secret_allowed(validation.algorithms())) {
                Ok(key) => parsed = key,
                Err(error) => return Ok(Either::B(error.into())),
            }
            Keys::One(&parsed)
        }
    };
    Ok(outcome(verify_token(token, keys, &validation, complete)))
}

/// `verify(token, key, options)` with a `Key`.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // the verify options, positionally (see `Options`)
pub fn verify_with_key(
    token: String,
    key: &NativeKey,
    algorithms: Vec<String>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: Option<f64>,
    required: Option<Vec<String>>,
    max_age: Option<f64>,
    typ: Option<String>,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
    now: f64,
    complete: bool,
) -> napi::Result<Either<String, Failure>> {
    let options = options(
        algorithms,
        audience,
        issuer,
        subject,
        leeway,
        required,
        max_age,
        typ,
        max_token_bytes,
        max_depth,
    );
    verify_once(&token, KeyArg::Prepared(&key.key), options, now, complete)
}

/// `verify(token, keySet, options)`.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // the verify options, positionally (see `Options`)
pub fn verify_with_set(
    token: String,
    set: &NativeKeySet,
    algorithms: Vec<String>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: Option<f64>,
    required: Option<Vec<String>>,
    max_age: Option<f64>,
    typ: Option<String>,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
    now: f64,
    complete: bool,
) -> napi::Result<Either<String, Failure>> {
    let options = options(
        algorithms,
        audience,
        issuer,
        subject,
        leeway,
        required,
        max_age,
        typ,
        max_token_bytes,
        max_depth,
    );
    verify_once(&token, KeyArg::Set(&set.set), options, now, complete)
}

/// `verify(token, pemOrSecret, options)` with a string or bytes key.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)] // the verify options, positionally (see `Options`)
pub fn verify_with_material(
    token: String,
    key: Either<String, &[u8]>,
    algorithms: Vec<String>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: Option<f64>,
    required: Option<Vec<String>>,
    max_age: Option<f64>,
    typ: Option<String>,
    max_token_bytes: Option<u32>,
    max_depth: Option<u32>,
    now: f64,
    complete: bool,
) -> napi::Result<Either<String, Failure>> {
    let options = options(
        algorithms,
        audience,
        issuer,
        subject,
        leeway,
        required,
        max_age,
        typ,
        max_token_bytes,
        max_depth,
    );
    let bytes = material_bytes(&key);
    verify_once(&token, KeyArg::Material(bytes), options, now, complete)
}

/// Checked verify options without a key: what `verify(token, keyOrSet, options)` reuses when it is called again
/// and again with the same, unchanged options object (the JS layer decides; see `planFor` in index.js). A
/// prepared key gets a `NativeVerifier` of its own instead (`plannedVerifier`); a key set or key material uses
/// the plan.
#[napi]
#[derive(Debug)]
pub struct NativePlan {
    validation: Clocked,
}

/// The plan for a set of verify options.
#[napi(catch_unwind)]
pub fn plan(options: Options) -> napi::Result<Either<NativePlan, Failure>> {
    Ok(outcome(options.validation()?.map(|validation| {
        NativePlan {
            validation: Clocked::new(validation),
        }
    })))
}

#[napi]
impl NativePlan {
    /// `verify` with a key set.
    #[napi(catch_unwind)]
    pub fn verify_with_set(
        &self,
        token: String,
        set: &NativeKeySet,
        now: f64,
        complete: bool,
    ) -> Either<String, Failure> {
        let validation = self.validation.at(now);
        outcome(verify_token(
            &token,
            Keys::Set(&set.set),
            &validation,
            complete,
        ))
    }

    /// `verify` with a string or bytes key (PEM/DER through core's cache; a secret only if HS* is allowed).
    #[napi(catch_unwind)]
    pub fn verify_with_material(
        &self,
        token: String,
        key: Either<String, &[u8]>,
        now: f64,
        complete: bool,
    ) -> Either<String, Failure> {
        let validation = self.validation.at(now);
        let allowed = secret_allowed(validation.algorithms());
        outcome(
            jetwt::key_from_bytes_cached(material_bytes(&key), allowed)
                .and_then(|key| verify_token(&token, Keys::One(&key), &validation, complete)),
        )
    }
}

/// A prepared verifier: keys and `Validation` built once; `now` is given per call. JavaScript holds it as an
/// opaque `External` (see [`NativeVerifier`]).
#[derive(Debug)]
pub struct Prepared {
    keys: OwnedKeys,
    validation: Clocked,
}

/// A [`Prepared`] verifier as JavaScript holds it: the hot calls take it as an argument, which N-API converts
/// faster than a class instance's `this`.
pub type NativeVerifier = External<Prepared>;

fn verifier(keys: OwnedKeys, options: Options) -> napi::Result<Either<NativeVerifier, Failure>> {
    Ok(outcome(options.validation()?.map(|validation| {
        External::new(Prepared {
            keys,
            validation: Clocked::new(validation),
        })
    })))
}

/// `new Verifier(key, options)` with a `Key`.
#[napi(
    catch_unwind,
    ts_return_type = "ExternalObject<'NativeVerifier'> | Failure"
)]
pub fn verifier_with_key(
    key: &NativeKey,
    options: Options,
) -> napi::Result<Either<NativeVerifier, Failure>> {
    verifier(OwnedKeys::One(key.key.clone()), options)
}

/// `new Verifier(keySet, options)`.
#[napi(
    catch_unwind,
    ts_return_type = "ExternalObject<'NativeVerifier'> | Failure"
)]
pub fn verifier_with_set(
    set: &NativeKeySet,
    options: Options,
) -> napi::Result<Either<NativeVerifier, Failure>> {
    verifier(OwnedKeys::Set(set.set.clone()), options)
}

/// `new Verifier(pemOrSecret, options)`: the material is parsed once, as a secret only if HS* is allowed.
#[napi(
    catch_unwind,
    ts_return_type = "ExternalObject<'NativeVerifier'> | Failure"
)]
pub fn verifier_with_material(
    key: Either<String, &[u8]>,
    options: Options,
) -> napi::Result<Either<NativeVerifier, Failure>> {
    let validation = match options.validation()? {
        Ok(validation) => validation,
        Err(error) => return Ok(Either::B(error.into())),
    };
    let allowed = secret_allowed(validation.algorithms());
    Ok(outcome(
        jetwt::key_from_bytes_cached(material_bytes(&key), allowed).map(|key| {
            External::new(Prepared {
                keys: OwnedKeys::One(key),
                validation: Clocked::new(validation),
            })
        }),
    ))
}

/// Verifies at `now` (seconds); the payload JSON text, or header and claims when `complete`. A hot path:
/// guarded here (a panic comes back as a `Failure`), so the JS layer calls it without a wrapper.
#[napi(ts_return_type = "string | Failure")]
pub fn verifier_verify<'env>(
    env: &'env Env,
    #[napi(ts_arg_type = "ExternalObject<'NativeVerifier'>")] verifier: &NativeVerifier,
    token: JsString,
    now: f64,
    complete: bool,
) -> napi::Result<Either<JsString<'env>, Failure>> {
    guarded_outcome(|| {
        let validation = verifier.validation.at(now);
        with_str(token, |token| {
            let keys = verifier.keys.borrow();
            match verify_token_with(token, keys, &validation, complete, |text| js_str(env, text)) {
                Ok(made) => made.map(Either::A),
                Err(error) => Ok(Either::B(error.into())),
            }
        })?
    })
}

/// Like `verifierVerify`, on the libuv thread pool.
#[napi(ts_return_type = "Promise<string | Failure>")]
pub fn verifier_verify_async(
    #[napi(ts_arg_type = "ExternalObject<'NativeVerifier'>")] verifier: &NativeVerifier,
    token: String,
    now: f64,
    complete: bool,
) -> AsyncTask<VerifyTask> {
    AsyncTask::new(VerifyTask {
        token,
        keys: TaskKeys::Local(verifier.keys.clone()),
        validation: verifier.validation.copy_at(now),
        complete,
    })
}

/// What a thread-pool verification takes the key from.
#[derive(Debug)]
pub(crate) enum TaskKeys {
    Local(OwnedKeys),
    /// A remote set: selecting the key may fetch the set over HTTP, which only the thread pool may wait for.
    Remote(Arc<RemoteKeySet>),
}

/// A verification run on the libuv thread pool.
#[derive(Debug)]
pub struct VerifyTask {
    token: String,
    keys: TaskKeys,
    validation: Validation,
    complete: bool,
}

impl VerifyTask {
    pub(crate) fn new(
        token: String,
        keys: TaskKeys,
        validation: Validation,
        complete: bool,
    ) -> Self {
        VerifyTask {
            token,
            keys,
            validation,
            complete,
        }
    }
}

impl Task for VerifyTask {
    type Output = Outcome<String>;
    type JsValue = Outcome<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        guarded(|| {
            outcome(match &self.keys {
                TaskKeys::Local(keys) => {
                    verify_token(&self.token, keys.borrow(), &self.validation, self.complete)
                }
                TaskKeys::Remote(remote) => {
                    verify_remote_token(&self.token, remote, &self.validation, self.complete)
                }
            })
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}
