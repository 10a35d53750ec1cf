//! What `verify` checks after the signature: the claims and the header's `typ`, against an injectable clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::algorithm::Algorithm;
use crate::claims::Registered;
use crate::error::{Error, ErrorKind, Result};
use crate::header::Header;
use crate::json::{self, Object, Value};

/// Size and depth limits for tokens, applied before anything is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest token accepted, in bytes (default 256 KiB).
    pub max_token_bytes: usize,
    /// The deepest JSON nesting accepted in header and claims (default 64, at most [`Limits::MAX_DEPTH`]).
    pub max_depth: usize,
}

impl Limits {
    /// The deepest nesting that can be configured. Parsing, and building host objects from the parsed tree,
    /// take one stack frame per level, so this ceiling keeps a configured limit from exhausting a thread's
    /// stack; a larger `max_depth` acts as this one.
    pub const MAX_DEPTH: usize = 256;

    /// The depth limit in force: `max_depth`, capped at [`Limits::MAX_DEPTH`].
    pub fn depth(&self) -> usize {
        self.max_depth.min(Limits::MAX_DEPTH)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_token_bytes: 256 * 1024,
            max_depth: 64,
        }
    }
}

/// What a token must satisfy to verify. Built once, shared across calls and threads.
///
/// Defaults: no leeway, the system clock, no required claims. Asking for an audience, issuer or subject makes
/// that claim required; `max_age` makes `iat` required.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub(crate) algorithms: Vec<Algorithm>,
    audience: Option<Vec<String>>,
    issuer: Option<Vec<String>>,
    subject: Option<String>,
    leeway: f64,
    required: Vec<String>,
    max_age: Option<f64>,
    typ: Option<String>,
    now: Option<f64>,
    pub(crate) critical: Vec<String>,
    pub(crate) limits: Limits,
}

impl Validation {
    /// Accepts tokens signed with one of `algorithms` (families may be mixed; each is checked against the key).
    pub fn new(algorithms: &[Algorithm]) -> Self {
        Validation {
            algorithms: algorithms.to_vec(),
            audience: None,
            issuer: None,
            subject: None,
            leeway: 0.0,
            required: Vec::new(),
            max_age: None,
            typ: None,
            now: None,
            critical: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// Like [`Validation::new`], refusing an empty allow-list (which could verify nothing) with
    /// `invalid_algorithm`. The bindings build their validations with this.
    pub fn try_new(algorithms: &[Algorithm]) -> Result<Self> {
        if algorithms.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidAlgorithm,
                "The list of allowed algorithms is empty; name at least one, such as \"ES256\".",
            ));
        }
        Ok(Validation::new(algorithms))
    }

    /// Whether validation reads the header (only to compare `typ`).
    pub fn checks_header(&self) -> bool {
        self.typ.is_some()
    }

    /// The allowed algorithms.
    pub fn algorithms(&self) -> &[Algorithm] {
        &self.algorithms
    }

    /// Requires `aud` to contain one of `audiences`.
    pub fn audience<S: AsRef<str>>(mut self, audiences: &[S]) -> Self {
        self.audience = Some(audiences.iter().map(|s| s.as_ref().to_owned()).collect());
        self
    }

    /// Requires `iss` to equal one of `issuers` exactly.
    pub fn issuer<S: AsRef<str>>(mut self, issuers: &[S]) -> Self {
        self.issuer = Some(issuers.iter().map(|s| s.as_ref().to_owned()).collect());
        self
    }

    /// Requires `sub` to equal `subject`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Tolerance for clock skew on `exp`, `nbf`, `iat` and `max_age`.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway.as_secs_f64();
        self
    }

    /// Claims that must be present (and not `null`).
    pub fn required<S: AsRef<str>>(mut self, claims: &[S]) -> Self {
        self.required = claims.iter().map(|s| s.as_ref().to_owned()).collect();
        self
    }

    /// Rejects tokens whose `iat` is older than `max_age` (and requires `iat`).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age.as_secs_f64());
        self
    }

    /// Requires the header's `typ` to be `typ` (compared as RFC 7515 §4.1.9 says: case-insensitively, with
    /// an omitted `application/` prefix restored).
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Validates at `now` (seconds since the epoch) instead of the system clock.
    pub fn now(mut self, now: f64) -> Self {
        self.now = Some(now);
        self
    }

    /// Critical header extensions (`crit`) the caller handles itself.
    pub fn understood_critical<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.critical = names.iter().map(|s| s.as_ref().to_owned()).collect();
        self
    }

    /// Size and depth limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits in force.
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    fn clock(&self) -> f64 {
        self.now.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64())
        })
    }

    /// Checks the claims (after the signature was verified) and the header's `typ`.
    pub fn validate(&self, header: &Header<'_>, claims: &Object<'_>) -> Result<()> {
        self.check_required(|_, name| !matches!(claims.get(name), None | Some(Value::Null)))?;
        let registered = Registered::from_claims(claims)?;
        self.check(header, &registered)
    }

    /// Like [`Validation::validate`], with the claims given as JSON text (the token's payload), which is checked
    /// as strictly as [`json::parse_object`] does, without building a tree.
    pub fn validate_json(
        &self,
        header: &Header<'_>,
        claims: &[u8],
        max_depth: usize,
    ) -> Result<()> {
        let count = self.required_names().count();
        if count > 64 {
            let claims = json::parse_object(claims, max_depth, "claims")?;
            return self.validate(header, &claims);
        }
        // The required names, listed once rather than per member: on the stack for the usual few.
        let mut few = [""; 8];
        let many: Vec<&str>;
        let required: &[&str] = if count <= few.len() {
            for (slot, name) in few.iter_mut().zip(self.required_names()) {
                *slot = name;
            }
            &few[..count]
        } else {
            many = self.required_names().collect();
            &many
        };
        let mut present = 0u64; // bit i: the i-th required name is present and not null
        let mut registered = Registered::default();
        let mut wrong_type = None;
        json::visit_object(
            claims,
            max_depth,
            "claims",
            Registered::wants,
            |name, value| {
                if !matches!(value, Value::Null) {
                    for (i, required) in required.iter().enumerate() {
                        if json::same(required, name) {
                            present |= 1 << i;
                        }
                    }
                }
                if wrong_type.is_none() {
                    wrong_type = registered.read(name, &value).err();
                }
                Ok(())
            },
        )?;
        // The order of the tree path: missing claims first, then wrongly typed ones, then the checks.
        self.check_required(|i, _| present & (1 << i) != 0)?;
        wrong_type.map_or(Ok(()), Err)?;
        self.check(header, &registered)
    }

    /// The checks on the registered claims and the header, once read.
    fn check(&self, header: &Header<'_>, registered: &Registered<'_>) -> Result<()> {
        let now = self.clock();
        let leeway = self.leeway;

        if let Some(exp) = registered.exp {
            if now >= exp + leeway {
                return Err(Error::new(ErrorKind::Expired, "The token has expired."));
            }
        }
        if let Some(nbf) = registered.nbf {
            if nbf > now + leeway {
                return Err(Error::new(
                    ErrorKind::NotYetValid,
                    "The token is not valid yet (\"nbf\" is in the future).",
                ));
            }
        }
        if let Some(iat) = registered.iat {
            if iat > now + leeway {
                return Err(Error::new(
                    ErrorKind::NotYetValid,
                    "The token was issued in the future (\"iat\").",
                ));
            }
            if let Some(max_age) = self.max_age {
                if now - iat > max_age + leeway {
                    return Err(Error::new(
                        ErrorKind::Expired,
                        "The token is older than the maximum age allowed.",
                    ));
                }
            }
        }
        if let Some(issuers) = &self.issuer {
            if !registered
                .iss
                .as_deref()
                .is_some_and(|iss| issuers.iter().any(|e| e == iss))
            {
                return Err(Error::new(
                    ErrorKind::InvalidIssuer,
                    "The token's issuer is not accepted.",
                ));
            }
        }
        match (&self.audience, &registered.aud) {
            (Some(expected), Some(aud)) if aud.matches_any(expected) => {}
            (Some(_), _) => {
                return Err(Error::new(
                    ErrorKind::InvalidAudience,
                    "The token is not meant for this audience.",
                ));
            }
            // RFC 7519 §4.1.3: a recipient that does not identify itself with the audience must reject.
            (None, _) if registered.has_audience() => {
                return Err(Error::new(
                    ErrorKind::InvalidAudience,
                    "The token names an audience, and no audience was configured to accept it.",
                ));
            }
            (None, _) => {}
        }
        if let Some(subject) = &self.subject {
            if registered.sub.as_deref() != Some(subject.as_str()) {
                return Err(Error::new(
                    ErrorKind::InvalidSubject,
                    "The token's subject is not the one expected.",
                ));
            }
        }
        if let Some(expected) = &self.typ {
            if !header.typ.is_some_and(|typ| same_media_type(typ, expected)) {
                return Err(Error::new(
                    ErrorKind::InvalidType,
                    "The token's header \"typ\" is not the one expected.",
                ));
            }
        }
        Ok(())
    }

    /// The claims that must be present: those the options imply, then those asked for by name.
    fn required_names(&self) -> impl Iterator<Item = &str> {
        let implied = [
            ("iss", self.issuer.is_some()),
            ("aud", self.audience.is_some()),
            ("sub", self.subject.is_some()),
            ("iat", self.max_age.is_some()),
        ];
        implied
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| name)
            .chain(self.required.iter().map(String::as_str))
    }

    /// Fails on the first required claim that `present(index, name)` says is absent or null.
    fn check_required(&self, present: impl Fn(usize, &str) -> bool) -> Result<()> {
        for (i, name) in self.required_names().enumerate() {
            if !present(i, name) {
                return Err(Error::for_claim(
                    ErrorKind::MissingClaim,
                    name,
                    format!(
                        "The token has no \"{}\" claim, which is required.",
                        crate::text::truncate(name, 40)
                    ),
                ));
            }
        }
        Ok(())
    }
}

fn same_media_type(found: &str, expected: &str) -> bool {
    fn normal(t: &str) -> String {
        let lower = t.to_ascii_lowercase();
        if lower.contains('/') {
            lower
        } else {
            format!("application/{lower}")
        }
    }
    normal(found) == normal(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_as_rfc_7515_says() {
        assert!(same_media_type("JWT", "jwt"));
        assert!(same_media_type("application/at+jwt", "at+JWT"));
        assert!(!same_media_type("JWT", "at+jwt"));
    }
}
