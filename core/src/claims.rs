//! The registered claims (RFC 7519 §4.1), read from a claims object with their types checked.

use crate::error::{Error, ErrorKind, Result};
use crate::json::{Object, Value};

/// The names of the registered claims whose types jetwt checks.
pub const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The audience claim: one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
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
    pub iss: Option<&'a str>,
    pub sub: Option<&'a str>,
    pub aud: Option<Audience<'a>>,
    pub exp: Option<f64>,
    pub nbf: Option<f64>,
    pub iat: Option<f64>,
    pub jti: Option<&'a str>,
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

fn string<'o>(name: &str, value: &'o Value<'_>) -> Result<&'o str> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(invalid(name, "a string", other)),
    }
}

impl<'a> Registered<'a> {
    /// Reads and type-checks the registered claims, in one pass over the members.
    pub fn from_claims(claims: &'a Object<'a>) -> Result<Registered<'a>> {
        let mut registered = Registered::default();
        for (name, value) in claims.iter() {
            match name {
                "iss" => registered.iss = Some(string(name, value)?),
                "sub" => registered.sub = Some(string(name, value)?),
                "jti" => registered.jti = Some(string(name, value)?),
                "exp" => registered.exp = Some(time(name, value)?),
                "nbf" => registered.nbf = Some(time(name, value)?),
                "iat" => registered.iat = Some(time(name, value)?),
                "aud" => {
                    registered.aud = Some(match value {
                        Value::String(s) => Audience::One(s),
                        Value::Array(items) => Audience::Many(
                            items
                                .iter()
                                .map(Value::as_str)
                                .collect::<Option<Vec<_>>>()
                                .ok_or_else(|| {
                                    Error::for_claim(
                                    ErrorKind::InvalidClaim,
                                    "aud",
                                    "The \"aud\" claim must be a string or an array of strings.",
                                )
                                })?,
                        ),
                        other => {
                            return Err(invalid("aud", "a string or an array of strings", other))
                        }
                    })
                }
                _ => {}
            }
        }
        Ok(registered)
    }

    /// Whether the token names an audience (a non-empty `aud`).
    pub fn has_audience(&self) -> bool {
        self.aud.as_ref().is_some_and(|aud| !aud.is_empty())
    }
}
