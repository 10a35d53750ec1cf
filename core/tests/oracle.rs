//! A differential oracle: the `jsonwebtoken` crate (12, aws-lc-rs backend) as a reference implementation.
//!
//! For every algorithm both libraries have, tokens made by jetwt verify with jsonwebtoken and tokens made by
//! jsonwebtoken verify with jetwt, with the same claims decoded on both sides; a token altered in its signature
//! is refused by both. Then the cases where jetwt is deliberately stricter than jsonwebtoken are pinned down:
//! jsonwebtoken's behaviour is asserted too, so the test notices if the reference changes.

use std::time::{SystemTime, UNIX_EPOCH};

use jetwt::{Algorithm, ErrorKind, Key, Signer, Validation};
use jsonwebtoken as jwt;
use serde::Serialize;
use serde_json::{json, Value};

const NOW: f64 = 1_700_000_000.0;
const CLAIMS: &str = r#"{"sub":"1234567890","name":"John Doe","iat":1516239022,"exp":4102444800,"aud":"api","iss":"https://issuer.example","roles":["admin","user"]}"#;
/// 64 bytes: long enough for HS512.
const SECRET: &[u8] = b"oracle-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKL";

/// The same claims as a serde struct, for `jetwt::encode`.
#[derive(Serialize)]
struct Claims<'a> {
    sub: &'a str,
    name: &'a str,
    iat: u64,
    exp: u64,
    aud: &'a str,
    iss: &'a str,
    roles: [&'a str; 2],
}

const STRUCT_CLAIMS: Claims<'static> = Claims {
    sub: "1234567890",
    name: "John Doe",
    iat: 1516239022,
    exp: 4102444800,
    aud: "api",
    iss: "https://issuer.example",
    roles: ["admin", "user"],
};

fn key_file(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn system_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// One algorithm with its keys on both sides.
struct Case {
    alg: Algorithm,
    reference: jwt::Algorithm,
    signing: Key,
    verifying: Key,
    encoding: jwt::EncodingKey,
    decoding: jwt::DecodingKey,
}

/// Every algorithm jsonwebtoken 12 has, with the test keys.
fn cases() -> Vec<Case> {
    let hmac = |alg, reference| Case {
        alg,
        reference,
        signing: Key::from_secret(SECRET).unwrap(),
        verifying: Key::from_secret(SECRET).unwrap(),
        encoding: jwt::EncodingKey::from_secret(SECRET).unwrap(),
        decoding: jwt::DecodingKey::from_secret(SECRET).unwrap(),
    };
    let pem = |alg, reference, name: &str| {
        let private = key_file(&format!("{name}.pem"));
        let public = key_file(&format!("{name}.pub.pem"));
        let (encoding, decoding) = match alg {
            Algorithm::EdDSA => (
                jwt::EncodingKey::from_ed_pem(&private),
                jwt::DecodingKey::from_ed_pem(&public),
            ),
            Algorithm::ES256 | Algorithm::ES384 => (
                jwt::EncodingKey::from_ec_pem(&private),
                jwt::DecodingKey::from_ec_pem(&public),
            ),
            _ => (
                jwt::EncodingKey::from_rsa_pem(&private),
                jwt::DecodingKey::from_rsa_pem(&public),
            ),
        };
        Case {
            alg,
            reference,
            signing: Key::from_pem(&private).unwrap(),
            verifying: Key::from_pem(&public).unwrap(),
            encoding: encoding.unwrap(),
            decoding: decoding.unwrap(),
        }
    };
    use jwt::Algorithm as R;
    vec![
        hmac(Algorithm::HS256, R::HS256),
        hmac(Algorithm::HS384, R::HS384),
        hmac(Algorithm::HS512, R::HS512),
        pem(Algorithm::RS256, R::RS256, "rsa2048"),
        pem(Algorithm::RS384, R::RS384, "rsa2048"),
        pem(Algorithm::RS512, R::RS512, "rsa3072"),
        pem(Algorithm::PS256, R::PS256, "rsa2048"),
        pem(Algorithm::PS384, R::PS384, "rsa3072"),
        pem(Algorithm::PS512, R::PS512, "rsa2048"),
        pem(Algorithm::ES256, R::ES256, "ec_p256"),
        pem(Algorithm::ES384, R::ES384, "ec_p384"),
        pem(Algorithm::EdDSA, R::EdDSA, "ed25519"),
    ]
}

fn jetwt_validation(alg: Algorithm) -> Validation {
    Validation::new(&[alg])
        .audience(&["api"])
        .issuer(&["https://issuer.example"])
        .now(NOW)
}

fn reference_validation(alg: jwt::Algorithm) -> jwt::Validation {
    let mut validation = jwt::Validation::new(alg);
    validation.set_audience(&["api"]);
    validation.set_issuer(&["https://issuer.example"]);
    validation
}

/// jsonwebtoken's verdict and claims for `token`.
fn reference_decode(case: &Case, token: &str) -> jwt::errors::Result<Value> {
    jwt::decode::<Value>(token, &case.decoding, &reference_validation(case.reference))
        .map(|d| d.claims)
}

/// jetwt's verdict and claims for `token` (through the core's own JSON parser, as the bindings see them).
fn jetwt_decode(key: &Key, alg: Algorithm, token: &str) -> jetwt::Result<Value> {
    let verified = jetwt::verify(token, key, &jetwt_validation(alg))?;
    let claims = jetwt::json::Value::Object(verified.claims_object()?).to_serde();
    let via_serde: Value = verified.deserialize_claims()?;
    assert_eq!(
        claims, via_serde,
        "the core's parser and serde_json disagree"
    );
    Ok(claims)
}

/// Flips one bit in the middle of the signature segment (keeping the base64url canonical).
fn tamper(token: &str) -> String {
    let dot = token.rfind('.').unwrap();
    let mut sig = jetwt::base64url::decode(&token.as_bytes()[dot + 1..]).unwrap();
    let mid = sig.len() / 2;
    sig[mid] ^= 0x01;
    format!("{}.{}", &token[..dot], jetwt::base64url::encode(&sig))
}

#[test]
fn jetwt_tokens_verify_with_jsonwebtoken() {
    let expected: Value = serde_json::from_str(CLAIMS).unwrap();
    let mut checked = 0;
    for case in cases() {
        let alg = case.alg;
        let signer = Signer::new(case.signing.clone(), alg, None).unwrap();
        let tokens = [
            jetwt::encode_json(CLAIMS, &case.signing, alg, None).unwrap(),
            jetwt::encode(&STRUCT_CLAIMS, &case.signing, alg).unwrap(),
            signer.sign_json(CLAIMS, Some(NOW)).unwrap(),
        ];
        for token in &tokens {
            let header = jwt::decode_header(token).unwrap();
            assert_eq!(header.alg, case.reference, "{alg}");
            assert_eq!(header.typ.as_deref(), Some("JWT"), "{alg}");
            let claims = reference_decode(&case, token).unwrap_or_else(|e| {
                panic!("{alg}: jsonwebtoken refused jetwt's token {token}: {e}")
            });
            assert_eq!(claims, expected, "{alg}");
            // The round trip through jetwt itself gives the same claims.
            assert_eq!(
                jetwt_decode(&case.verifying, alg, token).unwrap(),
                expected,
                "{alg}"
            );
            // A flipped signature bit is refused by both.
            let forged = tamper(token);
            assert!(
                reference_decode(&case, &forged).is_err(),
                "{alg}: jsonwebtoken accepted a forgery"
            );
            let err = jetwt_decode(&case.verifying, alg, &forged).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidSignature, "{alg}: {err}");
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 3);
}

#[test]
fn jsonwebtoken_tokens_verify_with_jetwt() {
    let expected: Value = serde_json::from_str(CLAIMS).unwrap();
    let mut checked = 0;
    for case in cases() {
        let alg = case.alg;
        let mut headers = vec![jwt::Header::new(case.reference)];
        let mut with_kid = jwt::Header::new(case.reference);
        with_kid.kid = Some("key-1".into());
        headers.push(with_kid);
        for header in &headers {
            let token = jwt::encode(header, &expected, &case.encoding).unwrap();
            // Sanity: the reference accepts its own token.
            assert_eq!(reference_decode(&case, &token).unwrap(), expected, "{alg}");
            for key in [&case.verifying, &case.signing] {
                let claims = jetwt_decode(key, alg, &token).unwrap_or_else(|e| {
                    panic!("{alg}: jetwt refused jsonwebtoken's token {token}: {e}")
                });
                assert_eq!(claims, expected, "{alg}");
            }
            // The algorithm is pinned: the same token under another allow-list of the family is refused.
            let other = match alg {
                Algorithm::HS256 => Algorithm::HS384,
                Algorithm::RS256 => Algorithm::PS256,
                Algorithm::PS256 => Algorithm::RS256,
                _ => Algorithm::HS256,
            };
            let err = jetwt::verify(&token, &case.verifying, &jetwt_validation(other)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{alg}: {err}");
            let forged = tamper(&token);
            let err = jetwt_decode(&case.verifying, alg, &forged).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidSignature, "{alg}: {err}");
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * 2);
}

/// A token signed by jsonwebtoken with HS256 and the oracle secret, carrying `claims`.
fn reference_hs256(claims: &Value) -> String {
    let key = jwt::EncodingKey::from_secret(SECRET).unwrap();
    jwt::encode(&jwt::Header::new(jwt::Algorithm::HS256), claims, &key).unwrap()
}

fn reference_hs256_accepts(token: &str) -> bool {
    let key = jwt::DecodingKey::from_secret(SECRET).unwrap();
    jwt::decode::<Value>(token, &key, &reference_validation(jwt::Algorithm::HS256)).is_ok()
}

/// jetwt with the system clock pinned to `now`, HS256, audience and issuer as above.
fn jetwt_hs256(token: &str, now: u64) -> jetwt::Result<()> {
    let key = Key::from_secret(SECRET).unwrap();
    let validation = Validation::new(&[Algorithm::HS256])
        .audience(&["api"])
        .issuer(&["https://issuer.example"])
        .now(now as f64);
    jetwt::verify(token, &key, &validation).map(|_| ())
}

#[test]
fn stricter_expired_30_seconds_ago() {
    let now = system_now();
    let claims =
        json!({"sub": "a", "aud": "api", "iss": "https://issuer.example", "exp": now - 30});
    let token = reference_hs256(&claims);
    // jsonwebtoken's default 60 s leeway lets it through; jetwt's default leeway is 0.
    assert!(reference_hs256_accepts(&token));
    let err = jetwt_hs256(&token, now).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Expired, "{err}");
    // With the same leeway asked for explicitly, jetwt agrees.
    let key = Key::from_secret(SECRET).unwrap();
    let lenient = Validation::new(&[Algorithm::HS256])
        .audience(&["api"])
        .issuer(&["https://issuer.example"])
        .leeway(std::time::Duration::from_secs(60))
        .now(now as f64);
    jetwt::verify(&token, &key, &lenient).unwrap();
}

#[test]
fn stricter_rsa_1024_is_refused() {
    for name in ["rsa1024.pem", "rsa1024.pub.pem"] {
        let err = Key::from_pem(&key_file(name)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{name}: {err}");
    }
    // jsonwebtoken takes both PEMs (it only stores the DER) and fails later, when asked to sign, with a generic
    // signing error; jetwt refuses at load time with `invalid_key`.
    let encoding = jwt::EncodingKey::from_rsa_pem(&key_file("rsa1024.pem")).unwrap();
    assert!(jwt::DecodingKey::from_rsa_pem(&key_file("rsa1024.pub.pem")).is_ok());
    let header = jwt::Header::new(jwt::Algorithm::RS256);
    let err = jwt::encode(&header, &json!({"exp": 4102444800u64}), &encoding).unwrap_err();
    assert!(
        matches!(err.kind(), jwt::errors::ErrorKind::Signing(_)),
        "{err:?}"
    );
}

#[test]
fn stricter_iss_array_is_not_an_issuer() {
    let claims = json!({"sub": "a", "aud": "api", "exp": 4102444800u64,
        "iss": ["https://issuer.example", "https://attacker.example"]});
    let token = reference_hs256(&claims);
    assert!(
        reference_hs256_accepts(&token),
        "jsonwebtoken accepts an iss array containing the issuer"
    );
    let err = jetwt_hs256(&token, system_now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{err}");
}

#[test]
fn stricter_configured_audience_and_issuer_are_required() {
    for missing in ["aud", "iss"] {
        let mut claims = json!({"sub": "a", "aud": "api", "iss": "https://issuer.example", "exp": 4102444800u64});
        claims.as_object_mut().unwrap().remove(missing);
        let token = reference_hs256(&claims);
        assert!(
            reference_hs256_accepts(&token),
            "jsonwebtoken accepts a token without {missing}"
        );
        let err = jetwt_hs256(&token, system_now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::MissingClaim, "{missing}: {err}");
        assert_eq!(err.claim(), Some(missing));
    }
}

#[test]
fn stricter_nbf_and_iat_in_the_future() {
    let now = system_now();
    for (claim, message) in [
        ("nbf", "nbf is not checked by default"),
        ("iat", "iat is never checked"),
    ] {
        let mut claims = json!({"sub": "a", "aud": "api", "iss": "https://issuer.example", "exp": 4102444800u64});
        claims[claim] = json!(now + 3600);
        let token = reference_hs256(&claims);
        assert!(reference_hs256_accepts(&token), "jsonwebtoken: {message}");
        let err = jetwt_hs256(&token, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotYetValid, "{claim}: {err}");
    }
}

#[test]
fn stricter_secrets() {
    // An empty secret: both refuse it (jsonwebtoken 12 does; older peers did not).
    assert!(jwt::EncodingKey::from_secret(b"").is_err());
    assert_eq!(
        Key::from_secret(b"").unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
    // A public key's PEM as an HMAC secret (the algorithm-confusion attack): jsonwebtoken takes the bytes and
    // verifies an HS256 token made with them; jetwt refuses them as a secret.
    let public_pem = key_file("rsa2048.pub.pem");
    let confused = jwt::encode(
        &jwt::Header::new(jwt::Algorithm::HS256),
        &json!({"exp": 4102444800u64}),
        &jwt::EncodingKey::from_secret(&public_pem).unwrap(),
    )
    .unwrap();
    let mut lax = jwt::Validation::new(jwt::Algorithm::HS256);
    lax.validate_aud = false;
    assert!(jwt::decode::<Value>(
        &confused,
        &jwt::DecodingKey::from_secret(&public_pem).unwrap(),
        &lax
    )
    .is_ok());
    assert_eq!(
        Key::from_secret(&public_pem).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
    // A secret shorter than the hash: jsonwebtoken signs HS256 with 5 bytes, jetwt refuses to sign.
    let short = jwt::EncodingKey::from_secret(b"short").unwrap();
    assert!(jwt::encode(
        &jwt::Header::default(),
        &json!({"exp": 4102444800u64}),
        &short
    )
    .is_ok());
    let key = Key::from_secret(b"short").unwrap();
    let err = jetwt::encode_json(CLAIMS, &key, Algorithm::HS256, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidKey, "{err}");
}
