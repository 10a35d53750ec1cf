//! How core errors cross into JavaScript: as a plain `Failure` value, never a thrown native error.
//!
//! Every fallible native function returns `T | Failure`. The JS layer (`index.js`) turns a `Failure` into the
//! `JwtError` subclass of its `code`, on the sync path by throwing and on the async path by rejecting, so both
//! paths build the same class with a JavaScript stack trace.

use jetwt::ErrorKind;
use napi::Either;
use napi_derive::napi;

/// A core error as data: the stable code, the sentence, and the claim it concerns.
#[napi(object)]
#[derive(Debug)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub claim: Option<String>,
}

impl From<jetwt::Error> for Failure {
    fn from(error: jetwt::Error) -> Self {
        Failure {
            code: error.code().to_owned(),
            message: error.message().to_owned(),
            claim: error.claim().map(str::to_owned),
        }
    }
}

/// What a fallible native function returns: the value, or a `Failure`.
pub type Outcome<T> = Either<T, Failure>;

/// Turns a core result into an [`Outcome`].
pub fn outcome<T>(result: jetwt::Result<T>) -> Outcome<T> {
    match result {
        Ok(value) => Either::A(value),
        Err(error) => Either::B(error.into()),
    }
}

/// Runs thread-pool work, turning a panic (a bug: core does not panic on any input) into a rejected promise
/// instead of an aborted process. The sync entry points get the same guard from `#[napi(catch_unwind)]`.
pub fn guarded<T>(work: impl FnOnce() -> T) -> napi::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|_| {
        napi::Error::new(
            napi::Status::GenericFailure,
            "jetwt: internal error (a panic) on the thread pool; please report it.",
        )
    })
}

/// Runs a hot sync call (`signerSign`, `verifierVerify`), turning a panic into a `malformed` `Failure` worded
/// like the error the JS layer makes of a panic elsewhere (with the panic's message, and no `cause`). Those two are called without the JS wrapper that translates
/// napi-rs's `#[napi(catch_unwind)]` error (see `shieldAll` in index.js), which costs about 0.1 µs a call.
pub fn guarded_outcome<T>(
    work: impl FnOnce() -> napi::Result<Outcome<T>>,
) -> napi::Result<Outcome<T>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let said = panic
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        Ok(Either::B(Failure {
            code: ErrorKind::Malformed.code().to_owned(),
            message: format!(
                "jetwt hit an internal error on this input; please report it (a panic: {said})."
            ),
            claim: None,
        }))
    })
}

/// Every stable error code, in `API.md`'s order, straight from `jetwt::ErrorKind::ALL` (for the drift test).
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    ErrorKind::ALL.iter().map(|kind| kind.code()).collect()
}

/// A test probe for the panic guards: panics when `input` is `"panic"`, as a core bug on some input would.
/// The guard turns the panic into an error instead of aborting the process; the JS layer makes it a
/// `malformed` `JwtError` (tested on the sync and thread-pool paths).
#[napi(catch_unwind)]
pub fn panic_probe(input: String) -> Outcome<String> {
    panic_probe_body(input)
}

/// The panic probe behind the guard of the hot calls (`guarded_outcome`), which the JS layer calls unwrapped.
#[napi(ts_return_type = "string | Failure")]
pub fn panic_probe_guarded(input: String) -> napi::Result<Outcome<String>> {
    guarded_outcome(|| Ok(panic_probe_body(input)))
}

/// The panic probe on the libuv thread pool.
#[napi]
pub fn panic_probe_async(input: String) -> napi::bindgen_prelude::AsyncTask<PanicProbeTask> {
    napi::bindgen_prelude::AsyncTask::new(PanicProbeTask { input })
}

/// The thread-pool half of [`panic_probe_async`].
#[derive(Debug)]
pub struct PanicProbeTask {
    input: String,
}

impl napi::Task for PanicProbeTask {
    type Output = Outcome<String>;
    type JsValue = Outcome<String>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let input = std::mem::take(&mut self.input);
        guarded(move || panic_probe_body(input))
    }

    fn resolve(&mut self, _env: napi::Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}

fn panic_probe_body(input: String) -> Outcome<String> {
    if input == "panic" {
        panic!("the panic probe was asked to panic");
    }
    Either::A(input)
}
