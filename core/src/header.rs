//! The JOSE header: what verification reads from it, and the `crit` rules of RFC 7515 §4.1.11.

use crate::error::{Error, Result};
use crate::json::{Object, Value};

/// Header parameters registered by RFC 7515, 7516 and 7518: a `crit` list must never name them.
const REGISTERED: [&str; 24] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64", "url", "nonce", "ppt",
];

/// The header parameters verification needs, read with their types checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header<'a> {
    /// `alg` as written (possibly `none` or unknown: [`decode`](crate::decode) does not judge it).
    pub alg: Option<&'a str>,
    pub kid: Option<&'a str>,
    pub typ: Option<&'a str>,
    pub cty: Option<&'a str>,
    /// The `crit` names, checked by [`Header::check_crit`].
    pub crit: Vec<&'a str>,
}

fn optional_str<'o>(obj: &'o Object<'_>, name: &str) -> Result<Option<&'o str>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::malformed(format!(
            "The header's \"{name}\" must be a string, not {}.",
            other.type_name()
        ))),
    }
}

impl<'a> Header<'a> {
    /// Reads the parameters from a parsed header object, checking the types of those it knows.
    pub fn from_object(obj: &'a Object<'a>) -> Result<Header<'a>> {
        let crit = match obj.get("crit") {
            None => Vec::new(),
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(Value::as_str)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Error::malformed("The header's \"crit\" must list strings."))?,
            Some(_) => {
                return Err(Error::malformed(
                    "The header's \"crit\" must be a non-empty array of strings.",
                ))
            }
        };
        Ok(Header {
            alg: optional_str(obj, "alg")?,
            kid: optional_str(obj, "kid")?,
            typ: optional_str(obj, "typ")?,
            cty: optional_str(obj, "cty")?,
            crit,
        })
    }

    /// RFC 7515 §4.1.11: every `crit` name must be an extension the caller understands, present in the header,
    /// listed once, and not a registered parameter. jetwt itself understands none, so any `crit` fails unless
    /// the caller opted in to the extension by name.
    pub fn check_crit(&self, obj: &Object<'_>, understood: &[String]) -> Result<()> {
        for (i, name) in self.crit.iter().enumerate() {
            let shown = crate::text::truncate(name, 40);
            if REGISTERED.contains(name) {
                return Err(Error::malformed(format!(
                    "The header's \"crit\" names \"{shown}\", a registered parameter it must not list."
                )));
            }
            if self.crit[..i].contains(name) {
                return Err(Error::malformed(format!(
                    "The header's \"crit\" lists \"{shown}\" twice."
                )));
            }
            if !obj.contains(name) {
                return Err(Error::malformed(format!(
                    "The header's \"crit\" names \"{shown}\", which the header does not contain."
                )));
            }
            if !understood.iter().any(|u| u == name) {
                return Err(Error::malformed(format!(
                    "The header marks \"{shown}\" as critical, and it is not an extension this verifier understands."
                )));
            }
        }
        // An unencoded payload (RFC 7797) changes what is signed; jetwt only verifies the encoded form.
        if let Some(b64) = obj.get("b64") {
            if *b64 != Value::Bool(true) {
                return Err(Error::malformed(
                    "Unencoded payloads (\"b64\": false) are not supported.",
                ));
            }
        }
        Ok(())
    }
}
