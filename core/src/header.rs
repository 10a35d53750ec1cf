//! The JOSE header: what verification reads from it, and the `crit` rules of RFC 7515 §4.1.11.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::json::{self, Object, Value};

/// Header parameters registered by RFC 7515, 7516 and 7518: a `crit` list must never name them.
const REGISTERED: [&str; 24] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64", "url", "nonce", "ppt",
];

/// An unencoded payload (RFC 7797) changes what is signed; jetwt only verifies the encoded form.
pub(crate) fn unencoded_payload() -> Error {
    Error::malformed("Unencoded payloads (\"b64\": false) are not supported.")
}

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
        Some(other) => Err(not_a_string(name, other)),
    }
}

fn not_a_string(name: &str, value: &Value<'_>) -> Error {
    Error::malformed(format!(
        "The header's \"{name}\" must be a string, not {}.",
        value.type_name()
    ))
}

/// The parameters [`Header`] reads as strings, in the order their types are checked.
const STRING_PARAMETERS: [&str; 4] = ["alg", "kid", "typ", "cty"];

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

    /// Reads the header from its JSON text without building a tree, as [`Header::from_object`] would from the
    /// parsed object, with whether its `b64` (if any) is acceptable. `None` when the tree is needed after all:
    /// the header has `crit` (whose rules look at every member), or a parameter read is a string with escapes
    /// (which a `Header` cannot borrow).
    pub(crate) fn scan(text: &'a [u8], max_depth: usize) -> Result<Option<(Header<'a>, bool)>> {
        let mut found: [Option<Value<'a>>; 4] = Default::default();
        let (mut crit, mut b64_ok) = (false, true);
        json::visit_object(
            text,
            max_depth,
            "header",
            |_| false,
            |name, value| {
                if let Some(i) = STRING_PARAMETERS.iter().position(|p| json::same(p, name)) {
                    found[i] = Some(value);
                } else if name == "crit" {
                    crit = true;
                } else if name == "b64" {
                    b64_ok = value == Value::Bool(true);
                }
                Ok(())
            },
        )?;
        if crit {
            return Ok(None);
        }
        let mut strings = [None; 4];
        for (i, value) in found.iter().enumerate() {
            strings[i] = match value {
                None => None,
                Some(Value::String(Cow::Borrowed(s))) => Some(*s),
                Some(Value::String(Cow::Owned(_))) => return Ok(None),
                Some(other) => return Err(not_a_string(STRING_PARAMETERS[i], other)),
            };
        }
        let [alg, kid, typ, cty] = strings;
        Ok(Some((
            Header {
                alg,
                kid,
                typ,
                cty,
                crit: Vec::new(),
            },
            b64_ok,
        )))
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
        match obj.get("b64") {
            Some(b64) if *b64 != Value::Bool(true) => Err(unencoded_payload()),
            _ => Ok(()),
        }
    }
}
