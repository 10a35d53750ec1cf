//! The JWS algorithms jetwt signs and verifies, and the key family each belongs to.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A JWS signature algorithm (RFC 7518, RFC 8037, RFC 8812).
///
/// `none` is deliberately not a variant: an unsecured token can be inspected with
/// [`decode`](crate::decode) but never passes verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    ES256K,
    EdDSA,
}

/// The elliptic curves of the ECDSA algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
}

impl Curve {
    /// The JWK `crv` name.
    pub const fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
        }
    }

    /// The curve for a JWK `crv` name.
    pub fn from_name(name: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521, Curve::Secp256k1]
            .into_iter()
            .find(|c| c.name() == name)
    }

    /// Bytes of one coordinate or scalar.
    pub const fn field_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Secp256k1 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The one algorithm JWA pairs with this curve.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
            Curve::Secp256k1 => Algorithm::ES256K,
        }
    }
}

/// The kind of key an algorithm needs. A key of one family is never used for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// A shared secret (HS*).
    Hmac,
    /// An RSA key (RS* and PS*).
    Rsa,
    /// An elliptic-curve key on one curve (ES*).
    Ec(Curve),
    /// An Ed25519 key (EdDSA).
    Ed25519,
}

impl Family {
    /// How people call the family, for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA key",
            Family::Ec(Curve::P256) => "an EC key on P-256",
            Family::Ec(Curve::P384) => "an EC key on P-384",
            Family::Ec(Curve::P521) => "an EC key on P-521",
            Family::Ec(Curve::Secp256k1) => "an EC key on secp256k1",
            Family::Ed25519 => "an Ed25519 key",
        }
    }
}

impl Algorithm {
    /// Every algorithm, in a stable order.
    pub const ALL: [Algorithm; 14] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::ES256K,
        Algorithm::EdDSA,
    ];

    /// The `alg` header value.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::ES256K => "ES256K",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// The key family the algorithm needs.
    pub const fn family(self) -> Family {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Family::Hmac,
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => Family::Rsa,
            Algorithm::ES256 => Family::Ec(Curve::P256),
            Algorithm::ES384 => Family::Ec(Curve::P384),
            Algorithm::ES512 => Family::Ec(Curve::P521),
            Algorithm::ES256K => Family::Ec(Curve::Secp256k1),
            Algorithm::EdDSA => Family::Ed25519,
        }
    }

    /// Whether the algorithm uses a public/private key pair.
    pub const fn is_asymmetric(self) -> bool {
        !matches!(self.family(), Family::Hmac)
    }

    /// For HMAC, the hash output length in bytes: the shortest secret accepted for signing.
    pub const fn hmac_min_secret_len(self) -> usize {
        match self {
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
            _ => 32,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses an `alg` value exactly (case-sensitive, as RFC 7515 requires). `none` is refused.
    fn from_str(name: &str) -> Result<Self> {
        if let Some(alg) = Algorithm::ALL.into_iter().find(|alg| alg.name() == name) {
            return Ok(alg);
        }
        let message = if name.eq_ignore_ascii_case("none") {
            "The algorithm \"none\" is never accepted: unsecured tokens cannot be verified."
                .to_owned()
        } else if name == "Ed25519" || name == "Ed448" {
            format!(
                "The algorithm \"{name}\" is not supported; jetwt implements Ed25519 as \"EdDSA\"."
            )
        } else {
            format!(
                "The algorithm \"{}\" is not supported.",
                crate::text::truncate(name, 40)
            )
        };
        Err(Error::invalid_algorithm(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for alg in Algorithm::ALL {
            assert_eq!(alg.name().parse::<Algorithm>().unwrap(), alg);
        }
        assert!("hs256".parse::<Algorithm>().is_err());
        assert!("EDDSA".parse::<Algorithm>().is_err());
    }

    #[test]
    fn none_is_refused_with_invalid_algorithm() {
        for name in ["none", "None", "NONE", ""] {
            let err = name.parse::<Algorithm>().unwrap_err();
            assert_eq!(err.code(), "invalid_algorithm");
        }
    }

    #[test]
    fn families_bind_curves() {
        assert_eq!(Algorithm::ES512.family(), Family::Ec(Curve::P521));
        assert_eq!(Algorithm::PS384.family(), Family::Rsa);
        assert_eq!(Curve::Secp256k1.algorithm(), Algorithm::ES256K);
        assert_eq!(Curve::from_name("P-384"), Some(Curve::P384));
        assert_eq!(Curve::from_name("P-999"), None);
    }
}
