//! Verify options, converted into core's `Validation`. The JS layer has checked the option types and turned
//! `Date`s into seconds; every default and every rule stays in core.

use std::time::Duration;

use jetwt::{Algorithm, Family, Limits, Validation};

/// The verify options, as the JS layer checked them: one object for the calls made once per set of options (a
/// plan, a verifier); positionally for a one-shot `verify`, where reading an object property by property
/// through N-API would cost more than the arguments do (see `decode::options`).
#[napi_derive::napi(object, js_name = "NativeVerifyOptions")]
pub struct Options {
    pub algorithms: Vec<String>,
    pub audience: Option<Vec<String>>,
    pub issuer: Option<Vec<String>>,
    pub subject: Option<String>,
    pub leeway: Option<f64>,
    pub required: Option<Vec<String>>,
    pub max_age: Option<f64>,
    pub typ: Option<String>,
    pub max_token_bytes: Option<u32>,
    pub max_depth: Option<u32>,
}

fn duration(seconds: f64, what: &str) -> napi::Result<Duration> {
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        napi::Error::new(
            napi::Status::InvalidArg,
            format!("{what} must be a finite number of seconds, at least 0."),
        )
    })
}

/// Core's default token size and depth limits and its depth ceiling, for the JS layer's checks (read once).
#[napi_derive::napi]
pub fn limit_defaults() -> Vec<u32> {
    let defaults = Limits::default();
    [
        defaults.max_token_bytes,
        defaults.max_depth,
        Limits::MAX_DEPTH,
    ]
    .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    .to_vec()
}

/// The size and depth limits: core's defaults where an option is left out. The JS layer has checked the range.
pub fn limits(max_token_bytes: Option<u32>, max_depth: Option<u32>) -> Limits {
    let defaults = Limits::default();
    Limits {
        max_token_bytes: max_token_bytes.map_or(defaults.max_token_bytes, |n| n as usize),
        max_depth: max_depth.map_or(defaults.max_depth, |n| n as usize),
    }
}

/// The parsed allow-list (an unknown or `none` name is core's `invalid_algorithm`; core refuses an empty list).
pub fn algorithms(names: &[String]) -> jetwt::Result<Vec<Algorithm>> {
    names.iter().map(|name| name.parse()).collect()
}

/// Whether a string or bytes key may be an HMAC secret: when an HMAC algorithm is allowed.
pub fn secret_allowed(algorithms: &[Algorithm]) -> bool {
    algorithms.iter().any(|alg| alg.family() == Family::Hmac)
}

impl Options {
    /// The core `Validation`; the outer error is a programmer error (a bad duration), the inner a core error.
    pub fn validation(self) -> napi::Result<jetwt::Result<Validation>> {
        let leeway = self.leeway.map(|s| duration(s, "leeway")).transpose()?;
        let max_age = self.max_age.map(|s| duration(s, "maxAge")).transpose()?;
        let algorithms = match algorithms(&self.algorithms) {
            Ok(algorithms) => algorithms,
            Err(error) => return Ok(Err(error)),
        };
        let mut validation = match Validation::try_new(&algorithms) {
            Ok(validation) => validation,
            Err(err) => return Ok(Err(err)),
        };
        if let Some(audience) = &self.audience {
            validation = validation.audience(audience);
        }
        if let Some(issuer) = &self.issuer {
            validation = validation.issuer(issuer);
        }
        if let Some(subject) = self.subject {
            validation = validation.subject(subject);
        }
        if let Some(leeway) = leeway {
            validation = validation.leeway(leeway);
        }
        if let Some(required) = &self.required {
            validation = validation.required(required);
        }
        if let Some(max_age) = max_age {
            validation = validation.max_age(max_age);
        }
        if let Some(typ) = self.typ {
            validation = validation.typ(typ);
        }
        Ok(Ok(
            validation.limits(limits(self.max_token_bytes, self.max_depth))
        ))
    }
}
