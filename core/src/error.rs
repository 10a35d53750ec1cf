//! One error type with stable codes, shared by every binding.

use std::fmt;

/// What went wrong, as a stable machine-readable code (see `API.md`).
///
/// The codes are the contract between the core and both bindings: Python and Node map each one to an
/// exception class of their own, and a drift test checks that the lists stay equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a well-formed token: segments, base64url, UTF-8, JSON, object shape, `crit`, size or depth.
    Malformed,
    /// `alg` missing, `none`, unknown, not allowed, or of another family than the key.
    InvalidAlgorithm,
    /// Unusable key material, too weak for its algorithm, or asymmetric material offered as a secret.
    InvalidKey,
    /// The signature does not verify.
    InvalidSignature,
    /// `exp` has passed, or the token is older than `max_age`.
    Expired,
    /// `nbf` or `iat` lies in the future.
    NotYetValid,
    /// `aud` does not match the expected audience.
    InvalidAudience,
    /// `iss` does not match the expected issuer.
    InvalidIssuer,
    /// `sub` does not match the expected subject.
    InvalidSubject,
    /// The header's `typ` does not match the expected type.
    InvalidType,
    /// A required claim is absent.
    MissingClaim,
    /// A registered claim has the wrong type.
    InvalidClaim,
    /// No key of a key set fits the token's `kid` and algorithm.
    KeyNotFound,
}

impl ErrorKind {
    /// Every kind, in the order of `API.md`; the bindings' drift tests compare against this list.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::Malformed,
        ErrorKind::InvalidAlgorithm,
        ErrorKind::InvalidKey,
        ErrorKind::InvalidSignature,
        ErrorKind::Expired,
        ErrorKind::NotYetValid,
        ErrorKind::InvalidAudience,
        ErrorKind::InvalidIssuer,
        ErrorKind::InvalidSubject,
        ErrorKind::InvalidType,
        ErrorKind::MissingClaim,
        ErrorKind::InvalidClaim,
        ErrorKind::KeyNotFound,
    ];

    /// The stable code, the same string in every runtime.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed",
            ErrorKind::InvalidAlgorithm => "invalid_algorithm",
            ErrorKind::InvalidKey => "invalid_key",
            ErrorKind::InvalidSignature => "invalid_signature",
            ErrorKind::Expired => "expired",
            ErrorKind::NotYetValid => "not_yet_valid",
            ErrorKind::InvalidAudience => "invalid_audience",
            ErrorKind::InvalidIssuer => "invalid_issuer",
            ErrorKind::InvalidSubject => "invalid_subject",
            ErrorKind::InvalidType => "invalid_type",
            ErrorKind::MissingClaim => "missing_claim",
            ErrorKind::InvalidClaim => "invalid_claim",
            ErrorKind::KeyNotFound => "key_not_found",
        }
    }

    /// The kind for a stable code, if it is one.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A jetwt error: a stable [`ErrorKind`], a sentence for people, and the claim it concerns, if any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct Error(Box<Inner>);

/// Boxed so that `Result<T, Error>` stays small on the hot paths (one pointer for the error).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    claim: Option<String>,
}

impl Error {
    /// A new error of `kind` with a message written for people.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            claim: None,
        }))
    }

    /// An error about one named claim (`missing_claim`, `invalid_claim`).
    pub fn for_claim(kind: ErrorKind, claim: &str, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            claim: Some(claim.to_owned()),
        }))
    }

    pub(crate) fn malformed(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Malformed, message)
    }

    pub(crate) fn invalid_key(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidKey, message)
    }

    pub(crate) fn invalid_algorithm(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidAlgorithm, message)
    }

    /// The stable kind.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The stable code of the kind.
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// The sentence describing the error.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The claim the error concerns, for `missing_claim` and `invalid_claim`.
    pub fn claim(&self) -> Option<&str> {
        self.0.claim.as_deref()
    }
}

/// The result type of the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            assert!(seen.insert(kind.code()), "duplicate code {}", kind.code());
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErrorKind::from_code("nope"), None);
    }

    #[test]
    fn display_is_the_message_not_debug() {
        let err = Error::for_claim(
            ErrorKind::MissingClaim,
            "aud",
            "The token has no \"aud\" claim.",
        );
        assert_eq!(err.to_string(), "The token has no \"aud\" claim.");
        assert_eq!(err.claim(), Some("aud"));
        assert_eq!(err.code(), "missing_claim");
    }
}
