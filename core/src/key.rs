//! Keys: parsed once into prepared, thread-safe objects bound to one algorithm family.

use std::fmt;
use std::sync::{Arc, OnceLock};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _, ParsedPublicKey, RsaKeyPair,
};
use aws_lc_rs::{hmac, rsa};
use zeroize::Zeroizing;

use crate::algorithm::{Algorithm, Curve, Family};
use crate::b64;
use crate::der::{self, DerKey};
use crate::error::{Error, Result};
use crate::json::{self, Value};

/// The smallest RSA modulus accepted, for signing and verifying alike.
pub const MIN_RSA_BITS: usize = 2048;

/// What a JWK says the key may be used for (`use`, `key_ops`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Usage {
    public_use: Option<String>,
    key_ops: Option<Vec<String>>,
}

impl Usage {
    fn allows(&self, op: &str) -> bool {
        self.public_use.as_deref().is_none_or(|u| u == "sig")
            && self
                .key_ops
                .as_ref()
                .is_none_or(|ops| ops.iter().any(|o| o == op))
    }
}

/// A key, parsed once. Cloning is cheap (shared), and a `Key` is `Send + Sync`.
///
/// Every key belongs to one [`Family`] and, where the format says so (a JWK's `alg`, an EC curve),
/// to one algorithm; [`Key::check`] refuses any other.
#[derive(Clone)]
pub struct Key {
    material: Arc<Material>,
    kid: Option<Arc<str>>,
    alg: Option<Algorithm>,
    usage: Arc<Usage>,
}

enum Material {
    Secret {
        bytes: Zeroizing<Vec<u8>>,
        prepared: Box<[OnceLock<hmac::Key>; 3]>,
    },
    RsaPrivate {
        pair: RsaKeyPair,
        public: Arc<RsaPublic>,
    },
    RsaPublic(Arc<RsaPublic>),
    EcPrivate {
        pair: EcdsaKeyPair,
        public: Arc<EcPublic>,
    },
    EcPublic(Arc<EcPublic>),
    Ed25519Private {
        pair: Ed25519KeyPair,
        public: Arc<EdPublic>,
    },
    Ed25519Public(Arc<EdPublic>),
}

struct RsaPublic {
    /// PKCS#1 `RSAPublicKey` DER.
    der: Vec<u8>,
    bits: usize,
    n: Vec<u8>,
    e: Vec<u8>,
    /// One parsed key per RSA algorithm (RS256..PS512), made on first use.
    parsed: [OnceLock<Option<ParsedPublicKey>>; 6],
}

struct EcPublic {
    curve: Curve,
    /// The uncompressed SEC1 point.
    point: Vec<u8>,
    parsed: ParsedPublicKey,
}

/// An Ed25519 public key, verified with ed25519-dalek rather than aws-lc: its point is decompressed once, here,
/// where aws-lc's `ED25519_verify` decompresses it on every call, and dalek's AVX2 arithmetic is faster (jetwt's
/// EdDSA verify takes 0.73–0.77× raw aws-lc's time in `make bench-core`). aws-lc still makes and signs with the
/// private keys. `core/tests/ed25519.rs` holds the two to the same answers.
struct EdPublic {
    raw: [u8; 32],
    key: ed25519_dalek::VerifyingKey,
}

fn rsa_index(alg: Algorithm) -> usize {
    match alg {
        Algorithm::RS256 => 0,
        Algorithm::RS384 => 1,
        Algorithm::RS512 => 2,
        Algorithm::PS256 => 3,
        Algorithm::PS384 => 4,
        _ => 5,
    }
}

fn rsa_verification(alg: Algorithm) -> &'static signature::RsaParameters {
    match alg {
        Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        _ => &signature::RSA_PSS_2048_8192_SHA512,
    }
}

fn rsa_signing(alg: Algorithm) -> &'static dyn signature::RsaEncoding {
    match alg {
        Algorithm::RS256 => &signature::RSA_PKCS1_SHA256,
        Algorithm::RS384 => &signature::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_SHA384,
        _ => &signature::RSA_PSS_SHA512,
    }
}

fn hmac_algorithm(alg: Algorithm) -> (usize, hmac::Algorithm) {
    match alg {
        Algorithm::HS384 => (1, hmac::HMAC_SHA384),
        Algorithm::HS512 => (2, hmac::HMAC_SHA512),
        _ => (0, hmac::HMAC_SHA256),
    }
}

fn ec_signing(curve: Curve) -> &'static signature::EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        Curve::Secp256k1 => &signature::ECDSA_P256K1_SHA256_FIXED_SIGNING,
    }
}

fn ec_verification(curve: Curve) -> &'static signature::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
        Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
        Curve::Secp256k1 => &signature::ECDSA_P256K1_SHA256_FIXED,
    }
}

fn rejected(what: &str) -> impl Fn(aws_lc_rs::error::KeyRejected) -> Error + '_ {
    move |e| {
        let reason = match e.description_() {
            "TooSmall" => format!("it is too small (RSA keys need at least {MIN_RSA_BITS} bits)"),
            "TooLarge" => "it is too large".to_owned(),
            "InconsistentComponents" => "its components do not belong together".to_owned(),
            "WrongAlgorithm" => "it is for another algorithm or curve".to_owned(),
            "InvalidEncoding" => "its encoding is invalid".to_owned(),
            "PublicKeyIsMissing" => "its public key is missing".to_owned(),
            other => format!("aws-lc says {other}"),
        };
        Error::invalid_key(format!("The {what} was rejected: {reason}."))
    }
}

fn bit_length(be: &[u8]) -> usize {
    let trimmed: &[u8] = match be.iter().position(|&b| b != 0) {
        Some(i) => &be[i..],
        None => &[],
    };
    match trimmed.first() {
        Some(&top) => trimmed.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    }
}

impl RsaPublic {
    fn new(public: &rsa::PublicKey) -> Result<Self> {
        let n = public.modulus().big_endian_without_leading_zero().to_vec();
        let e = public.exponent().big_endian_without_leading_zero().to_vec();
        let bits = bit_length(&n);
        if bits < MIN_RSA_BITS {
            return Err(Error::invalid_key(format!(
                "The RSA key has {bits} bits; at least {MIN_RSA_BITS} are required."
            )));
        }
        Ok(RsaPublic {
            der: public.as_ref().to_vec(),
            bits,
            n,
            e,
            parsed: Default::default(),
        })
    }

    fn from_der(der: &[u8]) -> Result<Self> {
        let public = rsa::PublicKey::from_der(der).map_err(rejected("RSA public key"))?;
        RsaPublic::new(&public)
    }

    fn verify(&self, alg: Algorithm, message: &[u8], sig: &[u8]) -> bool {
        let parsed = self.parsed[rsa_index(alg)]
            .get_or_init(|| ParsedPublicKey::new(rsa_verification(alg), &self.der).ok());
        parsed
            .as_ref()
            .is_some_and(|key| key.verify_sig(message, sig).is_ok())
    }
}

impl EcPublic {
    fn new(curve: Curve, point: &[u8]) -> Result<Self> {
        if point.len() != 1 + 2 * curve.field_len() || point[0] != 4 {
            return Err(Error::invalid_key(format!(
                "The {} public key must be an uncompressed point of {} bytes.",
                curve.name(),
                1 + 2 * curve.field_len()
            )));
        }
        let parsed = ParsedPublicKey::new(ec_verification(curve), point)
            .map_err(rejected("EC public key"))?;
        Ok(EcPublic {
            curve,
            point: point.to_vec(),
            parsed,
        })
    }
}

impl EdPublic {
    fn new(raw: &[u8]) -> Result<Self> {
        let raw: [u8; 32] = raw
            .try_into()
            .map_err(|_| Error::invalid_key("An Ed25519 public key is 32 bytes."))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&raw).map_err(|_| {
            Error::invalid_key("The Ed25519 public key is not a point on the curve.")
        })?;
        // RFC 8032 §5.1.3: decoding fails for y ≥ p, and for x = 0 with the sign bit set. dalek reads such an
        // encoding as another point's; jetwt refuses it when the key is loaded.
        if key.to_edwards().compress().to_bytes() != raw {
            return Err(Error::invalid_key(
                "The Ed25519 public key is not the canonical encoding of its point.",
            ));
        }
        // No private key has a public point of small order, and under one a signature can be made for most
        // messages without any secret. aws-lc's verify accepts such keys (a test shows it); jetwt refuses them.
        if key.is_weak() {
            return Err(Error::invalid_key(
                "The Ed25519 public key is a point of small order, under which anyone can forge signatures.",
            ));
        }
        Ok(EdPublic { raw, key })
    }

    /// The SubjectPublicKeyInfo DER (RFC 8410 §4): a fixed 12-byte prefix, then the 32 key bytes.
    fn spki(&self) -> Vec<u8> {
        const PREFIX: [u8; 12] = [
            0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
        ];
        [&PREFIX[..], &self.raw].concat()
    }

    /// RFC 8032 §5.1.7 without the cofactor, as aws-lc verifies: the signature is 64 bytes, its S is below the
    /// group order, and [S]B − [k]A encodes to exactly its R bytes (so a non-canonical R never verifies).
    fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        use ed25519_dalek::Verifier as _;
        // dalek checks S too, unless a crate anywhere in the build turns on its `legacy_compatibility` feature,
        // which lets S + L through (a second valid signature for the same message); so jetwt checks it here.
        if sig.len() != 64 || !below_group_order(&sig[32..]) {
            return false;
        }
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key.verify(message, &sig).is_ok()
    }
}

/// Whether the 32-byte little-endian scalar `s` is below the Ed25519 group order
/// L = 2^252 + 27742317777372353535851937790883648493.
fn below_group_order(s: &[u8]) -> bool {
    const ORDER: [u8; 32] = [
        0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    // Compared from the most significant byte down; a signature's S is public, so time may depend on it.
    s.iter().rev().cmp(ORDER.iter().rev()) == std::cmp::Ordering::Less
}

/// Whether `data` is key material that must never serve as an HMAC secret: PEM, OpenSSH, a JWK, or DER
/// that parses as a key or certificate.
fn looks_asymmetric(data: &[u8]) -> bool {
    if der::looks_like_pem(data) || der::looks_like_ssh(data) {
        return true;
    }
    // JSON naming a key type: a JWK, a JWK set, or a list of JWKs.
    let trimmed = data.trim_ascii();
    if matches!(trimmed.first(), Some(b'{' | b'[')) && json::parse(trimmed, 16).is_ok() {
        let text = String::from_utf8_lossy(trimmed);
        if text.contains("\"kty\"") {
            return true;
        }
    }
    data.first() == Some(&der::TAG_SEQUENCE) && der::classify(data).is_ok()
}

impl Key {
    fn from_material(material: Material) -> Key {
        Key {
            material: Arc::new(material),
            kid: None,
            alg: None,
            usage: Arc::default(),
        }
    }

    /// An HMAC secret. Empty secrets, and anything that looks like PEM, DER, a JWK or an SSH key, are refused:
    /// using public key material as a shared secret is the classic algorithm-confusion attack.
    pub fn from_secret(secret: &[u8]) -> Result<Key> {
        if secret.is_empty() {
            return Err(Error::invalid_key("An HMAC secret must not be empty."));
        }
        if looks_asymmetric(secret) {
            return Err(Error::invalid_key(
                "The secret looks like a PEM, DER, JWK or SSH key; asymmetric key material is never used as an HMAC secret.",
            ));
        }
        Ok(Key::from_material(Material::Secret {
            bytes: Zeroizing::new(secret.to_vec()),
            prepared: Default::default(),
        }))
    }

    /// A key from PEM text: PKCS#8, PKCS#1, SEC1, SPKI, or an X.509 certificate (its public key).
    pub fn from_pem(pem: &[u8]) -> Result<Key> {
        let block = der::parse_pem(pem)?;
        let der = Zeroizing::new(block.der);
        match block.label.as_str() {
            "PRIVATE KEY" | "PUBLIC KEY" | "RSA PRIVATE KEY" | "RSA PUBLIC KEY"
            | "EC PRIVATE KEY" | "CERTIFICATE" => Key::from_der(&der),
            "OPENSSH PRIVATE KEY" => Err(Error::invalid_key(
                "OpenSSH private keys are not supported; convert with `ssh-keygen -p -m PKCS8`.",
            )),
            other => Err(Error::invalid_key(format!(
                "A PEM block labelled \"{}\" is not a key jetwt reads.",
                crate::text::truncate(other, 40)
            ))),
        }
    }

    /// A key from DER: PKCS#8, PKCS#1, SEC1, SPKI, or an X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Key> {
        let (kind, body) = der::classify(der)?;
        let material = match kind {
            DerKey::RsaPrivate { pkcs8 } => {
                let pair = if pkcs8 {
                    RsaKeyPair::from_pkcs8(body)
                } else {
                    RsaKeyPair::from_der(body)
                };
                let pair = pair.map_err(rejected("RSA private key"))?;
                let public = Arc::new(RsaPublic::new(pair.public_key())?);
                Material::RsaPrivate { pair, public }
            }
            DerKey::RsaPublic => Material::RsaPublic(Arc::new(RsaPublic::from_der(body)?)),
            DerKey::EcPrivate(curve) => {
                let pair = EcdsaKeyPair::from_private_key_der(ec_signing(curve), body)
                    .map_err(rejected("EC private key"))?;
                let public = Arc::new(EcPublic::new(curve, pair.public_key().as_ref())?);
                Material::EcPrivate { pair, public }
            }
            DerKey::EcPublic(curve) => {
                let point = der::spki_public_key(body)
                    .ok_or_else(|| Error::invalid_key("The EC public key is malformed."))?;
                Material::EcPublic(Arc::new(EcPublic::new(curve, point)?))
            }
            DerKey::Ed25519Private => {
                let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(body)
                    .map_err(rejected("Ed25519 private key"))?;
                let public = Arc::new(EdPublic::new(pair.public_key().as_ref())?);
                Material::Ed25519Private { pair, public }
            }
            DerKey::Ed25519Public => {
                let raw = der::spki_public_key(body)
                    .ok_or_else(|| Error::invalid_key("The Ed25519 public key is malformed."))?;
                Material::Ed25519Public(Arc::new(EdPublic::new(raw)?))
            }
        };
        Ok(Key::from_material(material))
    }

    /// Key material as users pass it (a `str`/`bytes`/`Buffer`): PEM or DER becomes an asymmetric key; anything
    /// else is an HMAC secret, but only when `secret_allowed` (an HMAC algorithm is in play).
    pub fn from_bytes(data: &[u8], secret_allowed: bool) -> Result<Key> {
        if der::looks_like_pem(data) {
            return Key::from_pem(data);
        }
        if data.first() == Some(&der::TAG_SEQUENCE) && der::classify(data).is_ok() {
            return Key::from_der(data);
        }
        if secret_allowed {
            return Key::from_secret(data);
        }
        if looks_asymmetric(data) {
            return Err(Error::invalid_key(
                "This key format is not read from bytes; pass a JWK to Key.from_jwk, or convert the key to PEM.",
            ));
        }
        Err(Error::invalid_key(
            "An asymmetric algorithm needs a PEM or DER key, not a plain string.",
        ))
    }

    /// A key from a JWK (RFC 7517/7518/8037), given as JSON text.
    pub fn from_jwk(jwk: &str) -> Result<Key> {
        match json::parse(jwk.as_bytes(), 16) {
            Ok(Value::Object(obj)) => Key::from_jwk_object(&obj),
            Ok(other) => Err(Error::invalid_key(format!(
                "A JWK must be a JSON object, not {}.",
                other.type_name()
            ))),
            Err(e) => Err(Error::invalid_key(format!(
                "The JWK is not valid JSON: {e}"
            ))),
        }
    }

    pub(crate) fn from_jwk_object(jwk: &json::Object<'_>) -> Result<Key> {
        let kty =
            jwk_str(jwk, "kty")?.ok_or_else(|| Error::invalid_key("The JWK has no \"kty\"."))?;
        let alg =
            match jwk_str(jwk, "alg")? {
                Some(name) => Some(name.parse::<Algorithm>().map_err(|e| {
                    Error::invalid_key(format!("The JWK's \"alg\" is unusable: {e}"))
                })?),
                None => None,
            };
        let material = match kty {
            "oct" => {
                let k = jwk_bytes(jwk, "k")?
                    .ok_or_else(|| Error::invalid_key("The \"oct\" JWK has no \"k\"."))?;
                if k.is_empty() {
                    return Err(Error::invalid_key("An HMAC secret must not be empty."));
                }
                Material::Secret {
                    bytes: Zeroizing::new(k),
                    prepared: Default::default(),
                }
            }
            "RSA" => rsa_from_jwk(jwk)?,
            "EC" => ec_from_jwk(jwk)?,
            "OKP" => okp_from_jwk(jwk)?,
            other => {
                return Err(Error::invalid_key(format!(
                    "The JWK key type \"{}\" is not supported.",
                    crate::text::truncate(other, 20)
                )))
            }
        };
        let key_ops = match jwk.get("key_ops") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        Error::invalid_key("The JWK's \"key_ops\" must be an array of strings.")
                    })?,
            ),
            Some(_) => {
                return Err(Error::invalid_key(
                    "The JWK's \"key_ops\" must be an array of strings.",
                ))
            }
        };
        if let Some(alg) = alg {
            if alg.family() != material.family() {
                return Err(Error::invalid_key(format!(
                    "The JWK says \"alg\": \"{alg}\" but holds {}.",
                    material.family().describe()
                )));
            }
        }
        Ok(Key {
            material: Arc::new(material),
            kid: jwk_str(jwk, "kid")?.map(Arc::from),
            alg,
            usage: Arc::new(Usage {
                public_use: jwk_str(jwk, "use")?.map(str::to_owned),
                key_ops,
            }),
        })
    }

    /// A new random key for `alg`: RSA 2048 bits, the algorithm's curve, or an HMAC secret of the hash length.
    pub fn generate(alg: Algorithm) -> Result<Key> {
        Key::generate_with(alg, 2048)
    }

    /// Like [`Key::generate`], choosing the RSA modulus size (2048, 3072, 4096 or 8192); other algorithms
    /// have no size to choose, and asking for one is refused rather than ignored.
    pub fn generate_rsa(alg: Algorithm, bits: usize) -> Result<Key> {
        if alg.family() != Family::Rsa {
            return Err(Error::invalid_key(format!(
                "A key size applies to RSA keys only; {alg} keys have a fixed size."
            )));
        }
        Key::generate_with(alg, bits)
    }

    /// The same key with its RFC 7638 thumbprint as `kid` (asymmetric keys only).
    pub fn with_thumbprint_kid(&self) -> Result<Key> {
        Ok(self.with_kid(self.thumbprint()?))
    }

    fn generate_with(alg: Algorithm, bits: usize) -> Result<Key> {
        let failed = |_| Error::invalid_key("The key could not be generated.");
        let material = match alg.family() {
            Family::Hmac => {
                let mut bytes = Zeroizing::new(vec![0u8; alg.hmac_min_secret_len()]);
                aws_lc_rs::rand::fill(&mut bytes).map_err(failed)?;
                Material::Secret {
                    bytes,
                    prepared: Default::default(),
                }
            }
            Family::Rsa => {
                let size = match bits {
                    2048 => rsa::KeySize::Rsa2048,
                    3072 => rsa::KeySize::Rsa3072,
                    4096 => rsa::KeySize::Rsa4096,
                    8192 => rsa::KeySize::Rsa8192,
                    _ => {
                        return Err(Error::invalid_key(
                            "RSA keys are generated with 2048, 3072, 4096 or 8192 bits.",
                        ))
                    }
                };
                let pair = RsaKeyPair::generate(size).map_err(failed)?;
                let public = Arc::new(RsaPublic::new(pair.public_key())?);
                Material::RsaPrivate { pair, public }
            }
            Family::Ec(curve) => {
                let pair = EcdsaKeyPair::generate(ec_signing(curve)).map_err(failed)?;
                let public = Arc::new(EcPublic::new(curve, pair.public_key().as_ref())?);
                Material::EcPrivate { pair, public }
            }
            Family::Ed25519 => {
                let pair = Ed25519KeyPair::generate().map_err(failed)?;
                let public = Arc::new(EdPublic::new(pair.public_key().as_ref())?);
                Material::Ed25519Private { pair, public }
            }
        };
        Ok(Key::from_material(material))
    }

    /// The same key with `kid` set.
    pub fn with_kid(&self, kid: impl Into<String>) -> Key {
        Key {
            kid: Some(Arc::from(kid.into())),
            ..self.clone()
        }
    }

    /// The family the key belongs to.
    pub fn family(&self) -> Family {
        self.material.family()
    }

    /// The one algorithm the key is bound to, if the key says (a JWK `alg`, an EC curve, Ed25519).
    pub fn algorithm(&self) -> Option<Algorithm> {
        self.alg.or(match self.family() {
            Family::Ec(curve) => Some(curve.algorithm()),
            Family::Ed25519 => Some(Algorithm::EdDSA),
            Family::Hmac | Family::Rsa => None,
        })
    }

    /// The key id, if the key has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Whether the key can sign (a private key or a secret).
    pub fn is_private(&self) -> bool {
        !matches!(
            *self.material,
            Material::RsaPublic(_) | Material::EcPublic(_) | Material::Ed25519Public(_)
        )
    }

    /// The RSA modulus size in bits.
    pub fn rsa_bits(&self) -> Option<usize> {
        match &*self.material {
            Material::RsaPrivate { public, .. } | Material::RsaPublic(public) => Some(public.bits),
            _ => None,
        }
    }

    /// The public half of an asymmetric key (itself if already public); `None` for a secret.
    pub fn public_key(&self) -> Option<Key> {
        let material = match &*self.material {
            Material::Secret { .. } => return None,
            Material::RsaPublic(_) | Material::EcPublic(_) | Material::Ed25519Public(_) => {
                return Some(self.clone())
            }
            Material::RsaPrivate { public, .. } => Material::RsaPublic(public.clone()),
            Material::EcPrivate { public, .. } => Material::EcPublic(public.clone()),
            Material::Ed25519Private { public, .. } => Material::Ed25519Public(public.clone()),
        };
        Some(Key {
            material: Arc::new(material),
            ..self.clone()
        })
    }

    /// Whether this key may be used with `alg` for `op` ("sign" or "verify"): family, curve, JWK `alg`,
    /// `use` and `key_ops`, HMAC secret length for signing, and a private key for signing.
    pub fn check(&self, alg: Algorithm, signing: bool) -> Result<()> {
        self.check_with(alg, signing, true)
    }

    /// [`Key::check`], with the minimum HMAC secret length for signing applied only when `min_secret`.
    fn check_with(&self, alg: Algorithm, signing: bool, min_secret: bool) -> Result<()> {
        let family = self.family();
        if alg.family() != family {
            return Err(Error::invalid_algorithm(format!(
                "The algorithm {alg} needs {}, but the key is {}.",
                alg.family().describe(),
                family.describe()
            )));
        }
        if let Some(bound) = self.alg {
            if bound != alg {
                return Err(Error::invalid_algorithm(format!(
                    "The key is bound to {bound}, not {alg}."
                )));
            }
        }
        let op = if signing { "sign" } else { "verify" };
        if !self.usage.allows(op) {
            return Err(Error::invalid_key(format!(
                "The key's \"use\" or \"key_ops\" do not allow it to {op}."
            )));
        }
        if signing {
            if !self.is_private() {
                return Err(Error::invalid_key(
                    "A public key cannot sign; pass the private key.",
                ));
            }
            if let (true, Material::Secret { bytes, .. }) = (min_secret, &*self.material) {
                let min = alg.hmac_min_secret_len();
                if bytes.len() < min {
                    return Err(Error::invalid_key(format!(
                        "An HMAC secret for {alg} must be at least {min} bytes; this one has {}.",
                        bytes.len()
                    )));
                }
            }
        }
        Ok(())
    }

    /// Signs any `message` (a JWS signing input assembled by the caller) with `alg`, after the checks of
    /// [`Key::check`]. `min_secret: false` lets an HMAC secret shorter than the hash sign: for compatibility
    /// layers whose API only warns about short secrets (PyJWT); everything else still applies.
    pub fn sign_message(
        &self,
        alg: Algorithm,
        message: &[u8],
        min_secret: bool,
    ) -> Result<Vec<u8>> {
        self.check_with(alg, true, min_secret)?;
        self.sign(alg, message)
    }

    /// Verifies `sig` over any `message` with `alg`, after [`Key::check`] (family, curve, JWK `alg`, `use`,
    /// `key_ops`): `Ok(false)` when the signature does not verify.
    pub fn verify_message(&self, alg: Algorithm, message: &[u8], sig: &[u8]) -> Result<bool> {
        self.check(alg, false)?;
        Ok(self.verify_raw(alg, message, sig))
    }

    /// Signs `message` with `alg`. Call [`Key::check`] first; this only refuses a mismatched family.
    pub(crate) fn sign(&self, alg: Algorithm, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| Error::invalid_key("The signature could not be computed with this key.");
        match (&*self.material, alg.family()) {
            (Material::Secret { bytes, prepared }, Family::Hmac) => {
                let (i, algorithm) = hmac_algorithm(alg);
                let key = prepared[i].get_or_init(|| hmac::Key::new(algorithm, bytes));
                Ok(hmac::sign(key, message).as_ref().to_vec())
            }
            (Material::RsaPrivate { pair, .. }, Family::Rsa) => {
                let mut sig = vec![0u8; pair.public_modulus_len()];
                pair.sign(rsa_signing(alg), &SystemRandom::new(), message, &mut sig)
                    .map_err(failed)?;
                Ok(sig)
            }
            (Material::EcPrivate { pair, .. }, Family::Ec(_)) => Ok(pair
                .sign(&SystemRandom::new(), message)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            (Material::Ed25519Private { pair, .. }, Family::Ed25519) => {
                Ok(pair.sign(message).as_ref().to_vec())
            }
            _ => Err(Error::invalid_key(format!(
                "This key cannot sign with {alg}."
            ))),
        }
    }

    /// Verifies `sig` over `message` with `alg` (`true` when it verifies). This is the raw signature check
    /// under [`Token::verify`](crate::Token::verify), exposed for signature test suites such as Wycheproof;
    /// it does not call [`Key::check`].
    pub fn verify_raw(&self, alg: Algorithm, message: &[u8], sig: &[u8]) -> bool {
        match (&*self.material, alg.family()) {
            (Material::Secret { bytes, prepared }, Family::Hmac) => {
                let (i, algorithm) = hmac_algorithm(alg);
                let key = prepared[i].get_or_init(|| hmac::Key::new(algorithm, bytes));
                hmac::verify(key, message, sig).is_ok()
            }
            (Material::RsaPrivate { public, .. } | Material::RsaPublic(public), Family::Rsa) => {
                public.verify(alg, message, sig)
            }
            (
                Material::EcPrivate { public, .. } | Material::EcPublic(public),
                Family::Ec(curve),
            ) => public.curve == curve && public.parsed.verify_sig(message, sig).is_ok(),
            (
                Material::Ed25519Private { public, .. } | Material::Ed25519Public(public),
                Family::Ed25519,
            ) => public.verify(message, sig),
            _ => false,
        }
    }

    /// The public JWK members (without `kid`, `alg`, `use`), as RFC 7638 orders them for thumbprints.
    fn public_jwk_members(&self) -> Option<Vec<(&'static str, String)>> {
        Some(match &*self.material {
            Material::Secret { .. } => return None,
            Material::RsaPrivate { public, .. } | Material::RsaPublic(public) => {
                vec![
                    ("e", b64::encode(&public.e)),
                    ("kty", "RSA".into()),
                    ("n", b64::encode(&public.n)),
                ]
            }
            Material::EcPrivate { public, .. } | Material::EcPublic(public) => {
                let len = public.curve.field_len();
                vec![
                    ("crv", public.curve.name().into()),
                    ("kty", "EC".into()),
                    ("x", b64::encode(&public.point[1..1 + len])),
                    ("y", b64::encode(&public.point[1 + len..])),
                ]
            }
            Material::Ed25519Private { public, .. } | Material::Ed25519Public(public) => {
                vec![
                    ("crv", "Ed25519".into()),
                    ("kty", "OKP".into()),
                    ("x", b64::encode(&public.raw)),
                ]
            }
        })
    }

    /// The public key as a JWK (JSON text), with `kid` and `alg` when the key has them.
    /// Secrets are exported only through [`Key::dangerous_secret_jwk`].
    pub fn to_public_jwk(&self) -> Result<String> {
        let members = self
            .public_jwk_members()
            .ok_or_else(|| Error::invalid_key("An HMAC secret has no public JWK."))?;
        let mut out = String::from("{");
        for (i, (name, value)) in members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(&mut out, name);
            out.push(':');
            json::write_string(&mut out, value);
        }
        if let Some(kid) = self.kid() {
            out.push_str(",\"kid\":");
            json::write_string(&mut out, kid);
        }
        if let Some(alg) = self.alg {
            out.push_str(",\"alg\":");
            json::write_string(&mut out, alg.name());
        }
        out.push('}');
        Ok(out)
    }

    /// The key as PEM: PKCS#8 (`PRIVATE KEY`) for a private key, SPKI (`PUBLIC KEY`) for a public one.
    pub fn to_pem(&self) -> Result<String> {
        use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
        let failed = |_| Error::invalid_key("The key could not be exported.");
        let (label, der): (&str, Zeroizing<Vec<u8>>) = match &*self.material {
            Material::Secret { .. } => {
                return Err(Error::invalid_key(
                    "An HMAC secret has no PEM form; export it with to_jwk(private=True).",
                ))
            }
            Material::RsaPrivate { pair, .. } => (
                "PRIVATE KEY",
                Zeroizing::new(
                    AsDer::<Pkcs8V1Der>::as_der(pair)
                        .map_err(failed)?
                        .as_ref()
                        .to_vec(),
                ),
            ),
            Material::EcPrivate { pair, .. } => (
                "PRIVATE KEY",
                Zeroizing::new(pair.to_pkcs8v1().map_err(failed)?.as_ref().to_vec()),
            ),
            Material::Ed25519Private { pair, .. } => (
                "PRIVATE KEY",
                Zeroizing::new(pair.to_pkcs8v1().map_err(failed)?.as_ref().to_vec()),
            ),
            Material::RsaPublic(public) => {
                let key =
                    rsa::PublicKey::from_der(&public.der).map_err(rejected("RSA public key"))?;
                (
                    "PUBLIC KEY",
                    Zeroizing::new(
                        AsDer::<PublicKeyX509Der>::as_der(&key)
                            .map_err(failed)?
                            .as_ref()
                            .to_vec(),
                    ),
                )
            }
            Material::EcPublic(public) => ("PUBLIC KEY", spki(&public.parsed).map_err(failed)?),
            Material::Ed25519Public(public) => ("PUBLIC KEY", Zeroizing::new(public.spki())),
        };
        Ok(der::to_pem(label, &der))
    }

    /// The key as a JWK (JSON text). With `private`, a private key or secret includes its private members;
    /// without, a private key gives its public JWK and a secret is refused.
    pub fn to_jwk(&self, private: bool) -> Result<String> {
        if !private || !self.is_private() {
            return self.to_public_jwk();
        }
        use aws_lc_rs::encoding::{AsBigEndian, AsDer, Pkcs8V1Der};
        let failed = |_| Error::invalid_key("The key could not be exported.");
        let mut members: Vec<(&str, Zeroizing<String>)> = match &*self.material {
            Material::Secret { bytes, .. } => vec![
                ("kty", Zeroizing::new("oct".into())),
                ("k", Zeroizing::new(b64::encode(bytes))),
            ],
            Material::EcPrivate { pair, public } => {
                let d = pair.private_key().as_be_bytes().map_err(failed)?;
                let len = public.curve.field_len();
                vec![
                    ("kty", Zeroizing::new("EC".into())),
                    ("crv", Zeroizing::new(public.curve.name().into())),
                    ("x", Zeroizing::new(b64::encode(&public.point[1..1 + len]))),
                    ("y", Zeroizing::new(b64::encode(&public.point[1 + len..]))),
                    ("d", Zeroizing::new(b64::encode(d.as_ref()))),
                ]
            }
            Material::Ed25519Private { pair, public } => {
                let seed = pair.seed().map_err(failed)?;
                let d = seed.as_be_bytes().map_err(failed)?;
                vec![
                    ("kty", Zeroizing::new("OKP".into())),
                    ("crv", Zeroizing::new("Ed25519".into())),
                    ("x", Zeroizing::new(b64::encode(&public.raw))),
                    ("d", Zeroizing::new(b64::encode(d.as_ref()))),
                ]
            }
            Material::RsaPrivate { pair, .. } => {
                let pkcs8 = Zeroizing::new(
                    AsDer::<Pkcs8V1Der>::as_der(pair)
                        .map_err(failed)?
                        .as_ref()
                        .to_vec(),
                );
                let ints = der::rsa_private_integers(&pkcs8)
                    .ok_or_else(|| Error::invalid_key("The RSA key could not be exported."))?;
                let names = ["n", "e", "d", "p", "q", "dp", "dq", "qi"];
                std::iter::once(("kty", Zeroizing::new("RSA".to_owned())))
                    .chain(
                        names
                            .into_iter()
                            .zip(ints.iter().map(|i| Zeroizing::new(b64::encode(i)))),
                    )
                    .collect()
            }
            _ => return self.to_public_jwk(),
        };
        if let Some(kid) = self.kid() {
            members.push(("kid", Zeroizing::new(kid.to_owned())));
        }
        if let Some(alg) = self.alg {
            members.push(("alg", Zeroizing::new(alg.name().to_owned())));
        }
        let mut out = String::from("{");
        for (i, (name, value)) in members.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(&mut out, name);
            out.push(':');
            json::write_string(&mut out, value);
        }
        out.push('}');
        Ok(out)
    }

    /// The secret as an `oct` JWK. Named so because it puts the secret in a string.
    pub fn dangerous_secret_jwk(&self) -> Option<String> {
        match &*self.material {
            Material::Secret { bytes, .. } => {
                let mut out = String::from("{\"kty\":\"oct\",\"k\":");
                json::write_string(&mut out, &b64::encode(bytes));
                out.push('}');
                Some(out)
            }
            _ => None,
        }
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url (asymmetric keys only).
    pub fn thumbprint(&self) -> Result<String> {
        let members = self.public_jwk_members().ok_or_else(|| {
            Error::invalid_key("Thumbprints are computed for public keys, not HMAC secrets.")
        })?;
        let mut canonical = String::from("{");
        for (i, (name, value)) in members.iter().enumerate() {
            if i > 0 {
                canonical.push(',');
            }
            json::write_string(&mut canonical, name);
            canonical.push(':');
            json::write_string(&mut canonical, value);
        }
        canonical.push('}');
        Ok(b64::encode(
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes()).as_ref(),
        ))
    }
}

impl Material {
    fn family(&self) -> Family {
        match self {
            Material::Secret { .. } => Family::Hmac,
            Material::RsaPrivate { .. } | Material::RsaPublic(_) => Family::Rsa,
            Material::EcPrivate { public, .. } | Material::EcPublic(public) => {
                Family::Ec(public.curve)
            }
            Material::Ed25519Private { .. } | Material::Ed25519Public(_) => Family::Ed25519,
        }
    }
}

/// The SPKI DER of a parsed public key.
fn spki(
    parsed: &ParsedPublicKey,
) -> std::result::Result<Zeroizing<Vec<u8>>, aws_lc_rs::error::Unspecified> {
    use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
    Ok(Zeroizing::new(
        AsDer::<PublicKeyX509Der>::as_der(parsed)?.as_ref().to_vec(),
    ))
}

fn jwk_str<'o>(jwk: &'o json::Object<'_>, name: &str) -> Result<Option<&'o str>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::invalid_key(format!(
            "The JWK's \"{name}\" must be a string, not {}.",
            other.type_name()
        ))),
    }
}

fn jwk_bytes(jwk: &json::Object<'_>, name: &str) -> Result<Option<Vec<u8>>> {
    match jwk_str(jwk, name)? {
        None => Ok(None),
        Some(s) => b64::decode(s.as_bytes()).map(Some).ok_or_else(|| {
            Error::invalid_key(format!("The JWK's \"{name}\" is not strict base64url."))
        }),
    }
}

fn required_bytes(jwk: &json::Object<'_>, name: &str) -> Result<Vec<u8>> {
    jwk_bytes(jwk, name)?.ok_or_else(|| Error::invalid_key(format!("The JWK has no \"{name}\".")))
}

fn rsa_from_jwk(jwk: &json::Object<'_>) -> Result<Material> {
    let n = required_bytes(jwk, "n")?;
    let e = required_bytes(jwk, "e")?;
    if !jwk.contains("d") {
        let public = rsa::PublicKeyComponents {
            n: n.as_slice(),
            e: e.as_slice(),
        };
        let der = aws_lc_rs::encoding::AsDer::as_der(&public).map_err(|_| {
            Error::invalid_key("The RSA JWK's \"n\" and \"e\" do not form a valid key.")
        })?;
        return Ok(Material::RsaPublic(Arc::new(RsaPublic::from_der(
            der.as_ref(),
        )?)));
    }
    if jwk.contains("oth") {
        return Err(Error::invalid_key(
            "Multi-prime RSA keys (\"oth\") are not supported.",
        ));
    }
    let private = |name| {
        required_bytes(jwk, name).map(Zeroizing::new).map_err(|_| {
            Error::invalid_key(
                "An RSA private JWK needs \"d\", \"p\", \"q\", \"dp\", \"dq\" and \"qi\".",
            )
        })
    };
    let (d, p, q, dp, dq, qi) = (
        private("d")?,
        private("p")?,
        private("q")?,
        private("dp")?,
        private("dq")?,
        private("qi")?,
    );
    let components = rsa::KeyPairComponents {
        public_key: rsa::PublicKeyComponents {
            n: n.as_slice(),
            e: e.as_slice(),
        },
        d: d.as_slice(),
        p: p.as_slice(),
        q: q.as_slice(),
        dP: dp.as_slice(),
        dQ: dq.as_slice(),
        qInv: qi.as_slice(),
    };
    let pair = RsaKeyPair::from_components(&components).map_err(rejected("RSA private JWK"))?;
    let public = Arc::new(RsaPublic::new(pair.public_key())?);
    Ok(Material::RsaPrivate { pair, public })
}

fn ec_from_jwk(jwk: &json::Object<'_>) -> Result<Material> {
    let crv =
        jwk_str(jwk, "crv")?.ok_or_else(|| Error::invalid_key("The EC JWK has no \"crv\"."))?;
    let curve = Curve::from_name(crv).ok_or_else(|| {
        Error::invalid_key(format!(
            "The EC curve \"{}\" is not supported.",
            crate::text::truncate(crv, 20)
        ))
    })?;
    let len = curve.field_len();
    let (x, y) = (required_bytes(jwk, "x")?, required_bytes(jwk, "y")?);
    if x.len() != len || y.len() != len {
        return Err(Error::invalid_key(format!(
            "The {crv} JWK's \"x\" and \"y\" must be {len} bytes each."
        )));
    }
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(4);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let public = Arc::new(EcPublic::new(curve, &point)?);
    match jwk_bytes(jwk, "d")? {
        None => Ok(Material::EcPublic(public)),
        Some(d) => {
            let d = Zeroizing::new(d);
            if d.len() != len {
                return Err(Error::invalid_key(format!(
                    "The {crv} JWK's \"d\" must be {len} bytes."
                )));
            }
            let pair = EcdsaKeyPair::from_private_key_and_public_key(ec_signing(curve), &d, &point)
                .map_err(rejected("EC private JWK"))?;
            Ok(Material::EcPrivate { pair, public })
        }
    }
}

fn okp_from_jwk(jwk: &json::Object<'_>) -> Result<Material> {
    let crv =
        jwk_str(jwk, "crv")?.ok_or_else(|| Error::invalid_key("The OKP JWK has no \"crv\"."))?;
    if crv != "Ed25519" {
        return Err(Error::invalid_key(format!(
            "The OKP curve \"{}\" is not supported for signatures (Ed25519 is).",
            crate::text::truncate(crv, 20)
        )));
    }
    let x = required_bytes(jwk, "x")?;
    let public = Arc::new(EdPublic::new(&x)?);
    match jwk_bytes(jwk, "d")? {
        None => Ok(Material::Ed25519Public(public)),
        Some(d) => {
            let d = Zeroizing::new(d);
            let pair = Ed25519KeyPair::from_seed_and_public_key(&d, &x)
                .map_err(rejected("Ed25519 private JWK"))?;
            Ok(Material::Ed25519Private { pair, public })
        }
    }
}

impl fmt::Debug for Key {
    /// Shows what the key is, never its secret bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &*self.material {
            Material::Secret { .. } => "HMAC secret",
            Material::RsaPrivate { .. } => "RSA private key",
            Material::RsaPublic(_) => "RSA public key",
            Material::EcPrivate { .. } => "EC private key",
            Material::EcPublic(_) => "EC public key",
            Material::Ed25519Private { .. } => "Ed25519 private key",
            Material::Ed25519Public(_) => "Ed25519 public key",
        };
        let mut s = f.debug_struct("Key");
        s.field("kind", &kind);
        if let Some(bits) = self.rsa_bits() {
            s.field("bits", &bits);
        }
        if let Family::Ec(curve) = self.family() {
            s.field("curve", &curve.name());
        }
        s.field("kid", &self.kid).field("alg", &self.alg).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The S check jetwt makes itself, whatever features ed25519-dalek is built with.
    #[test]
    fn ed25519_s_must_be_below_the_group_order() {
        let order = |low: u8, top: u8| {
            let mut s = [0u8; 32];
            s[..16].copy_from_slice(&[
                low, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9,
                0xDE, 0x14,
            ]);
            s[31] = top;
            s
        };
        assert!(below_group_order(&[0u8; 32]));
        assert!(below_group_order(&order(0xEC, 0x10))); // L − 1
        assert!(!below_group_order(&order(0xED, 0x10))); // L
        assert!(!below_group_order(&order(0xEE, 0x10))); // L + 1
        assert!(below_group_order(&order(0xFF, 0x0F))); // below L in its top byte
        assert!(!below_group_order(&[0xFF; 32]));
        let mut small = [0u8; 32];
        small[31] = 0x10; // 2^252 < L
        assert!(below_group_order(&small));
        small[16] = 1; // 2^252 + 2^128 > L
        assert!(!below_group_order(&small));
    }

    #[test]
    fn keys_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Key>();
    }
}
