//! Splitting and checking a compact token: inspection (`decode`) and verification (`verify`).

use crate::algorithm::Algorithm;
use crate::b64;
use crate::error::{Error, ErrorKind, Result};
use crate::header::{self, Header};
use crate::json::{self, Object};
use crate::key::Key;
use crate::keyset::Keys;
use crate::validation::{Limits, Validation};

/// A compact JWS split into its parts and base64url-decoded. Nothing in it is trusted until
/// [`Token::verify`] (or [`Token::verify_signature`] and [`Token::validate`]) succeeds.
#[derive(Debug, Clone)]
pub struct Token<'t> {
    text: &'t str,
    signing_input_len: usize,
    /// The three segments decoded, one after another (one allocation): header, payload, signature.
    decoded: Vec<u8>,
    payload_at: usize,
    signature_at: usize,
    max_depth: usize,
}

/// Decodes one segment onto the end of `out`, returning where it ends.
fn segment(part: &str, what: &str, out: &mut Vec<u8>) -> Result<usize> {
    b64::decode_into(part.as_bytes(), out).ok_or_else(|| {
        Error::malformed(format!(
            "The {what} segment is not strict base64url (no padding, whitespace or stray bits allowed)."
        ))
    })?;
    Ok(out.len())
}

/// `header.payload.signature`: the text split at its two dots, if it has exactly two.
fn three_segments(text: &str) -> Option<(&str, &str, &str)> {
    let (h, rest) = text.split_once('.')?;
    let (p, s) = rest.split_once('.')?;
    if s.contains('.') {
        return None;
    }
    Some((h, p, s))
}

impl<'t> Token<'t> {
    /// Splits `text` into three strict-base64url segments within `limits`. Does not parse the JSON yet.
    pub fn parse(text: &'t str, limits: Limits) -> Result<Token<'t>> {
        if text.len() > limits.max_token_bytes {
            return Err(Error::malformed(format!(
                "The token is {} bytes, over the limit of {}.",
                text.len(),
                limits.max_token_bytes
            )));
        }
        let Some((h, p, s)) = three_segments(text) else {
            return Err(Error::malformed(
                "A token has exactly three segments separated by dots.",
            ));
        };
        if h.is_empty() || p.is_empty() {
            return Err(Error::malformed(
                "The token's header and payload segments must not be empty.",
            ));
        }
        let mut decoded =
            Vec::with_capacity(b64::decoded_len_estimate(h.len() + p.len() + s.len() + 8));
        let payload_at = segment(h, "header", &mut decoded)?;
        let signature_at = segment(p, "payload", &mut decoded)?;
        segment(s, "signature", &mut decoded)?;
        Ok(Token {
            text,
            signing_input_len: h.len() + 1 + p.len(),
            decoded,
            payload_at,
            signature_at,
            max_depth: limits.depth(),
        })
    }

    /// The token text.
    pub fn as_str(&self) -> &'t str {
        self.text
    }

    /// The signed part: `header.payload` as written.
    pub fn signing_input(&self) -> &'t str {
        &self.text[..self.signing_input_len]
    }

    /// The decoded header bytes (JSON text).
    pub fn header_bytes(&self) -> &[u8] {
        &self.decoded[..self.payload_at]
    }

    /// The decoded payload bytes (the claims' JSON text).
    pub fn payload_bytes(&self) -> &[u8] {
        &self.decoded[self.payload_at..self.signature_at]
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.decoded[self.signature_at..]
    }

    /// The header parsed strictly; it must be a JSON object.
    pub fn header_object(&self) -> Result<Object<'_>> {
        json::parse_object(self.header_bytes(), self.max_depth, "header")
    }

    /// The claims parsed strictly; they must be a JSON object.
    pub fn claims_object(&self) -> Result<Object<'_>> {
        json::parse_object(self.payload_bytes(), self.max_depth, "claims")
    }

    /// The claims deserialised into `T` (after verification, to be meaningful).
    pub fn deserialize_claims<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(self.payload_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::InvalidClaim,
                format!("The claims do not fit the requested type: {e}."),
            )
        })
    }

    /// Checks the header (`alg` allowed and known, `crit`), chooses the key, binds it to the algorithm and
    /// verifies the signature. This is the part worth running without a host language's lock held.
    pub fn verify_signature<'k>(
        &self,
        keys: Keys<'k>,
        validation: &Validation,
    ) -> Result<(Algorithm, &'k Key)> {
        let (alg, kid) = self.checked_header(validation)?;
        let key = match keys {
            Keys::One(key) => key,
            Keys::Set(set) => set.select(kid.as_deref(), alg)?,
        };
        self.check_signature(key, alg)?;
        Ok((alg, key))
    }

    /// The header checks every verification starts with: `alg` present, known, not `none` and allowed; `crit`
    /// understood. Returns the algorithm and the `kid`.
    pub fn checked_header(&self, validation: &Validation) -> Result<(Algorithm, Option<String>)> {
        // Most headers are read without a tree; one with `crit` (or escapes) takes the tree.
        if let Some((header, b64_ok)) = Header::scan(self.header_bytes(), self.max_depth)? {
            let alg = allowed(&header, validation)?;
            if !b64_ok {
                return Err(header::unencoded_payload());
            }
            return Ok((alg, header.kid.map(str::to_owned)));
        }
        let header_obj = self.header_object()?;
        let header = Header::from_object(&header_obj)?;
        let alg = allowed(&header, validation)?;
        header.check_crit(&header_obj, &validation.critical)?;
        Ok((alg, header.kid.map(str::to_owned)))
    }

    /// Binds `key` to `alg` and verifies the signature.
    pub fn check_signature(&self, key: &Key, alg: Algorithm) -> Result<()> {
        key.check(alg, false)?;
        if !key.verify_raw(alg, self.signing_input().as_bytes(), self.signature()) {
            return Err(Error::new(
                ErrorKind::InvalidSignature,
                "The signature does not verify.",
            ));
        }
        Ok(())
    }

    /// Checks the verified token's claims (and header `typ`) against `validation`.
    pub fn validate(&self, claims: &Object<'_>, validation: &Validation) -> Result<()> {
        self.with_header(validation, |header| validation.validate(header, claims))
    }

    /// Like [`Token::validate`], reading the claims from the payload without building a tree: for callers that
    /// want the claims as the token's JSON text, or as their own type ([`Token::deserialize_claims`]).
    pub fn validate_claims(&self, validation: &Validation) -> Result<()> {
        self.with_header(validation, |header| {
            validation.validate_json(header, self.payload_bytes(), self.max_depth)
        })
    }

    /// Runs `check` with the header, parsed only if `validation` looks at it (`typ`).
    fn with_header(
        &self,
        validation: &Validation,
        check: impl FnOnce(&Header<'_>) -> Result<()>,
    ) -> Result<()> {
        if !validation.checks_header() {
            return check(&Header::default());
        }
        if let Some((header, _)) = Header::scan(self.header_bytes(), self.max_depth)? {
            return check(&header);
        }
        let header_obj = self.header_object()?;
        check(&Header::from_object(&header_obj)?)
    }

    /// Verifies the signature, then the claims. On success the token's claims can be trusted.
    pub fn verify<'k>(
        &self,
        keys: impl Into<Keys<'k>>,
        validation: &Validation,
    ) -> Result<Algorithm> {
        let (alg, _) = self.verify_signature(keys.into(), validation)?;
        self.validate_claims(validation)?;
        Ok(alg)
    }
}

/// The header's `alg`: present, known, not `none`, and allowed by `validation`.
fn allowed(header: &Header<'_>, validation: &Validation) -> Result<Algorithm> {
    let name = header
        .alg
        .ok_or_else(|| Error::invalid_algorithm("The token's header has no \"alg\"."))?;
    let alg: Algorithm = name.parse()?;
    if !validation.algorithms.contains(&alg) {
        return Err(Error::invalid_algorithm(format!(
            "The algorithm {alg} is not among those allowed."
        )));
    }
    Ok(alg)
}

/// Splits and parses a token for inspection, **verifying nothing**: no key is involved. The header and the
/// claims must still be strict JSON objects.
pub fn decode(token: &str) -> Result<Token<'_>> {
    decode_within(token, Limits::default())
}

/// [`decode`] within the given size and depth limits.
pub fn decode_within(token: &str, limits: Limits) -> Result<Token<'_>> {
    let token = Token::parse(token, limits)?;
    token.header_object()?;
    token.claims_object()?;
    Ok(token)
}

/// Verifies `token` with `keys` against `validation`, returning the token, whose claims are then trusted.
pub fn verify<'t, 'k>(
    token: &'t str,
    keys: impl Into<Keys<'k>>,
    validation: &Validation,
) -> Result<Token<'t>> {
    let parsed = Token::parse(token, validation.limits)?;
    parsed.verify(keys, validation)?;
    Ok(parsed)
}
