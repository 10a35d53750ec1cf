//! The registered claims (RFC 7519 §4.1), read from a claims object with their types checked.

use std::borrow::Cow;

use crate::error::{Error, ErrorKind, Result};
use crate::json::{Object, Value};

/// The names of the registered claims whose types jetwt checks.
pub const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The audience claim: one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience<'a> {
    One(Cow<'a, str>),
    Many(Vec<Cow<'a, str>>),
}

impl Audience<'_> {
    /// Whether any audience equals one of `expected`.
    pub fn matches_any(&self, expected: &[String]) -> bool {
        match self {
            Audience::One(aud) => expected.iter().any(|e| e == aud),
            Audience::Many(auds) => auds.iter().any(|aud| expected.iter().any(|e| e == aud)),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Audience::Many(auds) if auds.is_empty())
    }
}

/// The registered claims of a token, type-checked: present means present and of the right type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registered<'a> {
    pub iss: Option<Cow<'a, str>>,
    pub sub: Option<Cow<'a, str>>,
    pub aud: Option<Audience<'a>>,
    pub exp: Option<f64>,
    pub nbf: Option<f64>,
    pub iat: Option<f64>,
    pub jti: Option<Cow<'a, str>>,
}

fn invalid(claim: &str, expected: &str, found: &Value<'_>) -> Error {
    Error::for_claim(
        ErrorKind::InvalidClaim,
        claim,
        format!(
            "The \"{claim}\" claim must be {expected}, not {}.",
            found.type_name()
        ),
    )
}

fn time(name: &str, value: &Value<'_>) -> Result<f64> {
    match value {
        Value::Number(n) => {
            let value = n.as_f64();
            if value.is_finite() {
                Ok(value)
            } else {
                Err(Error::for_claim(
                    ErrorKind::InvalidClaim,
                    name,
                    format!(
                        "The \"{name}\" claim is out of range ({}).",
                        crate::text::truncate(n.as_str(), 24)
                    ),
                ))
            }
        }
        other => Err(invalid(name, "a NumericDate (a number of seconds)", other)),
    }
}

fn string<'a>(name: &str, value: &Value<'a>) -> Result<Cow<'a, str>> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(invalid(name, "a string", other)),
    }
}

fn audience<'a>(value: &Value<'a>) -> Result<Audience<'a>> {
    match value {
        Value::String(s) => Ok(Audience::One(s.clone())),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Audience::Many)
            .ok_or_else(|| {
                Error::for_claim(
                    ErrorKind::InvalidClaim,
                    "aud",
                    "The \"aud\" claim must be a string or an array of strings.",
                )
            }),
        other => Err(invalid("aud", "a string or an array of strings", other)),
    }
}

impl<'a> Registered<'a> {
    /// Reads and type-checks the registered claims, in one pass over the members.
    pub fn from_claims(claims: &Object<'a>) -> Result<Registered<'a>> {
        let mut registered = Registered::default();
        for (name, value) in claims.iter() {
            registered.read(name, value)?;
        }
        Ok(registered)
    }

    /// Whether a member of this name is read in full (an array `aud`); other arrays and objects may be skipped.
    pub(crate) fn wants(name: &str) -> bool {
        name == "aud"
    }

    /// Takes in one member of the claims if it is a registered claim, checking its type.
    pub(crate) fn read(&mut self, name: &str, value: &Value<'a>) -> Result<()> {
        // Every registered name has three letters: matching them as arrays compiles to integer compares.
        let Ok(three) = <[u8; 3]>::try_from(name.as_bytes()) else {
            return Ok(());
        };
        match &three {
            b"iss" => self.iss = Some(string(name, value)?),
            b"sub" => self.sub = Some(string(name, value)?),
            b"jti" => self.jti = Some(string(name, value)?),
            b"exp" => self.exp = Some(time(name, value)?),
            b"nbf" => self.nbf = Some(time(name, value)?),
            b"iat" => self.iat = Some(time(name, value)?),
            b"aud" => self.aud = Some(audience(value)?),
            _ => {}
        }
        Ok(())
    }

    /// Whether the token names an audience (a non-empty `aud`).
    pub fn has_audience(&self) -> bool {
        self.aud.as_ref().is_some_and(|aud| !aud.is_empty())
    }
}
