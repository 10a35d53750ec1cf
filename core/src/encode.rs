//! Producing tokens: `encode` for a single call, [`Signer`] for a prepared key, header and defaults.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::{Error, Result};
use crate::json::{self, Value};
use crate::key::Key;

/// Builds the header JSON: `alg`, then `typ` (default `"JWT"`), then `kid` (the key's, unless `extra` sets one),
/// then the members of `extra` in order. `extra` may repeat `alg` only with the same value; a `null` `typ` or
/// `kid` in `extra` leaves that member out.
pub fn header_json(alg: Algorithm, key: Option<&Key>, extra: Option<&str>) -> Result<String> {
    let mut out = String::with_capacity(48);
    out.push_str("{\"alg\":\"");
    out.push_str(alg.name());
    out.push('"');
    let Some(extra) = extra else {
        out.push_str(",\"typ\":\"JWT\"");
        if let Some(kid) = key.and_then(Key::kid) {
            out.push_str(",\"kid\":");
            json::write_string(&mut out, kid);
        }
        out.push('}');
        return Ok(out);
    };
    let extra = json::parse_object(extra.as_bytes(), 16, "extra header")?;
    if let Some(given) = extra.get("alg") {
        if given.as_str() != Some(alg.name()) {
            return Err(Error::invalid_algorithm(format!(
                "The header's \"alg\" contradicts the algorithm {alg} the token is signed with."
            )));
        }
    }
    for (name, default) in [("typ", Some("JWT")), ("kid", key.and_then(Key::kid))] {
        let value = match extra.get(name) {
            None => default,
            Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_ref()),
            Some(other) => {
                return Err(Error::malformed(format!(
                    "The header's \"{name}\" must be a string, not {}.",
                    other.type_name()
                )))
            }
        };
        if let Some(value) = value {
            out.push_str(",\"");
            out.push_str(name);
            out.push_str("\":");
            json::write_string(&mut out, value);
        }
    }
    for (name, value) in extra
        .iter()
        .filter(|(name, _)| !matches!(*name, "alg" | "typ" | "kid"))
    {
        out.push(',');
        json::write_string(&mut out, name);
        out.push(':');
        value.write_json(&mut out);
    }
    out.push('}');
    Ok(out)
}

/// Claims text is signed as given, not parsed, so only what a verifier would refuse outright is checked: that it
/// is an object, and that it has no lone UTF-16 surrogate. `JSON.stringify` writes one as an escape (`"\ud800"`),
/// which no strict parser (jetwt's included) reads, so such claims would make a token nothing verifies.
fn check_object_text(payload: &str) -> Result<()> {
    let trimmed = payload.trim_matches([' ', '\t', '\n', '\r']);
    if !(trimmed.starts_with('{') && trimmed.ends_with('}')) {
        return Err(Error::malformed("The claims must be a JSON object."));
    }
    match json::lone_surrogate_escape(payload.as_bytes()) {
        None => Ok(()),
        Some(at) => Err(Error::malformed(format!(
            "The claims hold a lone UTF-16 surrogate (the escape at byte {at}), which JSON text cannot carry."
        ))),
    }
}

/// The base64url header: for the default header (no `kid`, no extra members) a string made once per algorithm.
fn encoded_header(
    alg: Algorithm,
    key: &Key,
    extra: Option<&str>,
) -> Result<std::borrow::Cow<'static, str>> {
    if extra.is_none() && key.kid().is_none() {
        static DEFAULT: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let all = DEFAULT.get_or_init(|| {
            Algorithm::ALL
                .iter()
                .map(|&a| {
                    b64::encode(format!("{{\"alg\":\"{}\",\"typ\":\"JWT\"}}", a.name()).as_bytes())
                })
                .collect()
        });
        return Ok(std::borrow::Cow::Borrowed(&all[alg as usize]));
    }
    Ok(std::borrow::Cow::Owned(b64::encode(
        header_json(alg, Some(key), extra)?.as_bytes(),
    )))
}

fn assemble(encoded_header: &str, payload: &[u8], key: &Key, alg: Algorithm) -> Result<String> {
    let mut token = String::with_capacity(encoded_header.len() + payload.len() * 4 / 3 + 400);
    token.push_str(encoded_header);
    token.push('.');
    b64::encode_into(payload, &mut token);
    let signature = key.sign(alg, token.as_bytes())?;
    token.push('.');
    b64::encode_into(&signature, &mut token);
    Ok(token)
}

/// Signs claims given as JSON object text (as the bindings produce it). `extra_header` is JSON object text.
pub fn encode_json(
    claims_json: &str,
    key: &Key,
    alg: Algorithm,
    extra_header: Option<&str>,
) -> Result<String> {
    key.check(alg, true)?;
    check_object_text(claims_json)?;
    let header = encoded_header(alg, key, extra_header)?;
    assemble(&header, claims_json.as_bytes(), key, alg)
}

/// Serialises `claims` with serde and signs them.
pub fn encode<T: Serialize + ?Sized>(claims: &T, key: &Key, alg: Algorithm) -> Result<String> {
    key.check(alg, true)?;
    let payload = serde_json::to_vec(claims)
        .map_err(|e| Error::malformed(format!("The claims could not be serialised: {e}.")))?;
    if payload.first() != Some(&b'{') {
        return Err(Error::malformed(
            "The claims must serialise to a JSON object.",
        ));
    }
    let header = encoded_header(alg, key, None)?;
    assemble(&header, &payload, key, alg)
}

/// Produces an unsecured (`alg: none`) token. No verifier in jetwt accepts one; this exists for tests and
/// interoperability, and is named so that it stands out in review.
pub fn dangerous_encode_unsecured(claims_json: &str) -> Result<String> {
    check_object_text(claims_json)?;
    let mut token = b64::encode(b"{\"alg\":\"none\"}");
    token.push('.');
    b64::encode_into(claims_json.as_bytes(), &mut token);
    token.push('.');
    Ok(token)
}

/// A prepared signer: key checked, header encoded once, registered claims added to every token.
///
/// Claims passed to [`Signer::sign_json`] win over the signer's defaults: a token's own `exp` is kept.
#[derive(Debug, Clone)]
pub struct Signer {
    key: Key,
    alg: Algorithm,
    encoded_header: String,
    expires_in: Option<Duration>,
    not_before: Option<Duration>,
    issuer: Option<String>,
    audience: Option<Vec<String>>,
    subject: Option<String>,
    issued_at: bool,
    jwt_id: bool,
}

impl Signer {
    /// A signer for `alg` with `key` and an optional extra header (JSON object text). Adds `iat` by default.
    pub fn new(key: Key, alg: Algorithm, extra_header: Option<&str>) -> Result<Signer> {
        key.check(alg, true)?;
        let encoded_header = b64::encode(header_json(alg, Some(&key), extra_header)?.as_bytes());
        Ok(Signer {
            key,
            alg,
            encoded_header,
            expires_in: None,
            not_before: None,
            issuer: None,
            audience: None,
            subject: None,
            issued_at: true,
            jwt_id: false,
        })
    }

    /// Sets `exp` to the issue time plus `lifetime` (whole seconds).
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }

    /// Sets `nbf` to the issue time plus `delay` (whole seconds).
    pub fn not_before(mut self, delay: Duration) -> Self {
        self.not_before = Some(delay);
        self
    }

    /// Sets `iss`.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Sets `aud`: a string for one audience, an array for several.
    pub fn audience<S: AsRef<str>>(mut self, audience: &[S]) -> Self {
        self.audience = Some(audience.iter().map(|s| s.as_ref().to_owned()).collect());
        self
    }

    /// Sets `sub`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Whether to add `iat` (default true).
    pub fn issued_at(mut self, on: bool) -> Self {
        self.issued_at = on;
        self
    }

    /// Whether to add a random `jti` (128 bits, base64url; default false).
    pub fn jwt_id(mut self, on: bool) -> Self {
        self.jwt_id = on;
        self
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// Signs claims given as JSON object text, adding the signer's registered claims where the claims lack them
    /// (the text is then parsed strictly, to see which it has). A signer that adds nothing signs the text as
    /// [`encode_json`] does. `now` (seconds since the epoch) defaults to the system clock.
    pub fn sign_json(&self, claims_json: &str, now: Option<f64>) -> Result<String> {
        if !self.adds_claims() {
            // Nothing to merge: signed as `encode_json` signs, without parsing the claims.
            check_object_text(claims_json)?;
            return assemble(
                &self.encoded_header,
                claims_json.as_bytes(),
                &self.key,
                self.alg,
            );
        }
        let claims = json::parse_object(claims_json.as_bytes(), 64, "claims")?;
        let now = now
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0.0, |d| d.as_secs_f64())
            })
            .floor() as i64;
        let mut added = String::new();
        let mut add = |name: &str, write: &dyn Fn(&mut String)| {
            if !claims.contains(name) {
                added.push(',');
                json::write_string(&mut added, name);
                added.push(':');
                write(&mut added);
            }
        };
        let add_secs = |delay: Duration| {
            move |out: &mut String| out.push_str(&(now + delay.as_secs() as i64).to_string())
        };
        if self.issued_at {
            add("iat", &|out| out.push_str(&now.to_string()));
        }
        if let Some(lifetime) = self.expires_in {
            add("exp", &add_secs(lifetime));
        }
        if let Some(delay) = self.not_before {
            add("nbf", &add_secs(delay));
        }
        if let Some(iss) = &self.issuer {
            add("iss", &|out| json::write_string(out, iss));
        }
        if let Some(sub) = &self.subject {
            add("sub", &|out| json::write_string(out, sub));
        }
        if let Some(aud) = &self.audience {
            add("aud", &|out| match aud.as_slice() {
                [one] => json::write_string(out, one),
                many => {
                    out.push('[');
                    for (i, a) in many.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        json::write_string(out, a);
                    }
                    out.push(']');
                }
            });
        }
        if self.jwt_id {
            let mut id = [0u8; 16];
            aws_lc_rs::rand::fill(&mut id)
                .map_err(|_| Error::invalid_key("No randomness for a jti."))?;
            add("jti", &|out| json::write_string(out, &b64::encode(&id)));
        }
        let payload = if added.is_empty() {
            std::borrow::Cow::Borrowed(claims_json)
        } else {
            let body = claims_json.trim_end_matches([' ', '\t', '\n', '\r']);
            let body = &body[..body.len() - 1]; // drop the closing brace
            let separator_needed = !claims.is_empty();
            let mut payload = String::with_capacity(body.len() + added.len() + 1);
            payload.push_str(body);
            payload.push_str(if separator_needed {
                &added
            } else {
                &added[1..]
            });
            payload.push('}');
            std::borrow::Cow::Owned(payload)
        };
        assemble(
            &self.encoded_header,
            payload.as_bytes(),
            &self.key,
            self.alg,
        )
    }

    /// Whether signing adds any claim (`iat`, `exp`, `nbf`, `iss`, `sub`, `aud`, `jti`) to the caller's.
    fn adds_claims(&self) -> bool {
        self.issued_at
            || self.jwt_id
            || self.expires_in.is_some()
            || self.not_before.is_some()
            || self.issuer.is_some()
            || self.subject.is_some()
            || self.audience.is_some()
    }

    /// Serialises `claims` with serde and signs them as [`Signer::sign_json`] does.
    pub fn sign<T: Serialize + ?Sized>(&self, claims: &T, now: Option<f64>) -> Result<String> {
        let json = serde_json::to_string(claims)
            .map_err(|e| Error::malformed(format!("The claims could not be serialised: {e}.")))?;
        self.sign_json(&json, now)
    }
}
