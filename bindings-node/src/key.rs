//! `Key`: the native half. Key material arrives as a string or bytes (the JS layer has already turned
//! `KeyObject`s and JWK objects into bytes or JSON text) and leaves as a prepared core `Key`.

use jetwt::{Algorithm, Family, Key};
use napi::Either;
use napi_derive::napi;

use crate::error::{outcome, Failure};

/// Key material as JavaScript passes it: text, or the bytes of a `Buffer`/`Uint8Array`.
pub(crate) type Material<'a> = Either<String, &'a [u8]>;

pub fn material_bytes<'a>(material: &'a Material<'_>) -> &'a [u8] {
    match material {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    }
}

/// A prepared core key. Holds no JavaScript state, so it can be handed to the thread pool (cloned: an `Arc`).
#[napi]
#[derive(Debug)]
pub struct NativeKey {
    pub(crate) key: Key,
}

impl NativeKey {
    pub(crate) fn new(key: Key) -> Self {
        NativeKey { key }
    }
}

fn wrap(result: jetwt::Result<Key>) -> Either<NativeKey, Failure> {
    outcome(result.map(NativeKey::new))
}

/// `Key.fromSecret`: an HMAC secret (refused when empty or when it looks like PEM, DER, a JWK or SSH key).
#[napi(catch_unwind)]
pub fn key_from_secret(secret: Either<String, &[u8]>) -> Either<NativeKey, Failure> {
    wrap(Key::from_secret(material_bytes(&secret)))
}

/// `Key.fromPem`: PKCS#8, PKCS#1, SEC1, SPKI or an X.509 certificate.
#[napi(catch_unwind)]
pub fn key_from_pem(pem: Either<String, &[u8]>) -> Either<NativeKey, Failure> {
    wrap(Key::from_pem(material_bytes(&pem)))
}

/// `Key.fromDer`.
#[napi(catch_unwind)]
pub fn key_from_der(der: &[u8]) -> Either<NativeKey, Failure> {
    wrap(Key::from_der(der))
}

/// `Key.fromJwk`, given JSON text.
#[napi(catch_unwind)]
pub fn key_from_jwk(jwk: String) -> Either<NativeKey, Failure> {
    wrap(Key::from_jwk(&jwk))
}

/// `Key.generate`.
#[napi(catch_unwind)]
pub fn key_generate(algorithm: String, bits: Option<u32>) -> Either<NativeKey, Failure> {
    wrap(algorithm.parse::<Algorithm>().and_then(|alg| match bits {
        Some(bits) => Key::generate_rsa(alg, bits as usize),
        None => Key::generate(alg),
    }))
}

/// Material passed with the algorithm it will sign or verify with: the algorithm is checked first (so an unknown
/// one is `invalid_algorithm` whatever the key), then PEM or DER material goes through core's bounded cache, and
/// anything else is an HMAC secret only for an HS* algorithm.
#[napi(catch_unwind)]
pub fn key_for_algorithm(
    data: Either<String, &[u8]>,
    algorithm: String,
) -> Either<NativeKey, Failure> {
    wrap(algorithm.parse::<Algorithm>().and_then(|alg| {
        jetwt::key_from_bytes_cached(material_bytes(&data), alg.family() == Family::Hmac)
    }))
}

/// The JWK `kty` of a family.
fn kty(family: Family) -> &'static str {
    match family {
        Family::Hmac => "oct",
        Family::Rsa => "RSA",
        Family::Ec(_) => "EC",
        Family::Ed25519 => "OKP",
    }
}

#[napi]
impl NativeKey {
    /// The one algorithm the key is bound to, if it says (a JWK `alg`, an EC curve, Ed25519).
    #[napi(getter)]
    pub fn algorithm(&self) -> Option<&'static str> {
        self.key.algorithm().map(Algorithm::name)
    }

    #[napi(getter)]
    pub fn kid(&self) -> Option<String> {
        self.key.kid().map(str::to_owned)
    }

    #[napi(getter)]
    pub fn is_private(&self) -> bool {
        self.key.is_private()
    }

    /// What the key is, for `util.inspect`: kind, size or curve, never secret bytes.
    #[napi]
    pub fn describe(&self) -> String {
        let family = self.key.family();
        let mut out = String::from(kty(family));
        out.push(' ');
        out.push_str(match (family, self.key.is_private()) {
            (Family::Hmac, _) => "secret",
            (_, true) => "private",
            (_, false) => "public",
        });
        if let Some(bits) = self.key.rsa_bits() {
            out.push_str(&format!(" {bits} bits"));
        }
        if let Family::Ec(curve) = family {
            out.push(' ');
            out.push_str(curve.name());
        }
        if family == Family::Ed25519 {
            out.push_str(" Ed25519");
        }
        out
    }

    #[napi(catch_unwind)]
    pub fn to_jwk(&self, private: bool) -> Either<String, Failure> {
        outcome(self.key.to_jwk(private))
    }

    #[napi(catch_unwind)]
    pub fn to_pem(&self) -> Either<String, Failure> {
        outcome(self.key.to_pem())
    }

    /// The same key with `kid` set; without one, to its RFC 7638 thumbprint.
    #[napi(catch_unwind)]
    pub fn with_kid(&self, kid: Option<String>) -> Either<NativeKey, Failure> {
        match kid {
            Some(kid) => Either::A(NativeKey {
                key: self.key.with_kid(kid),
            }),
            None => wrap(self.key.with_thumbprint_kid()),
        }
    }

    #[napi(catch_unwind)]
    pub fn thumbprint(&self) -> Either<String, Failure> {
        outcome(self.key.thumbprint())
    }

    /// The public half (itself when public); `null` for a secret.
    #[napi]
    pub fn public_key(&self) -> Option<NativeKey> {
        self.key.public_key().map(NativeKey::new)
    }
}
