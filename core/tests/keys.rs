//! Key loading, binding and export, over the fixture keys in tests/keys/.

use jetwt::{Algorithm, Family, Key, Validation};

const NOW: f64 = 1_700_000_000.0;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pem(name: &str) -> Key {
    Key::from_pem(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn round_trip(private: &Key, public: &Key, alg: Algorithm) {
    let token = jetwt::encode_json(r#"{"sub":"x"}"#, private, alg, None)
        .unwrap_or_else(|e| panic!("{alg}: {e}"));
    let validation = Validation::new(&[alg]).now(NOW);
    jetwt::verify(&token, public, &validation).unwrap_or_else(|e| panic!("{alg}: {e}"));
    // The same token with its signature's first byte flipped never verifies.
    let (head, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = jetwt::base64url::decode(sig.as_bytes()).unwrap();
    bytes[0] ^= 1;
    let forged = format!("{head}.{}", jetwt::base64url::encode(&bytes));
    assert_eq!(
        jetwt::verify(&forged, public, &validation)
            .unwrap_err()
            .code(),
        "invalid_signature",
        "{alg}"
    );
}

const PAIRS: [(&str, &[Algorithm]); 6] = [
    (
        "rsa2048",
        &[
            Algorithm::RS256,
            Algorithm::RS384,
            Algorithm::RS512,
            Algorithm::PS256,
            Algorithm::PS384,
            Algorithm::PS512,
        ],
    ),
    ("ec_p256", &[Algorithm::ES256]),
    ("ec_p384", &[Algorithm::ES384]),
    ("ec_p521", &[Algorithm::ES512]),
    ("ec_secp256k1", &[Algorithm::ES256K]),
    ("ed25519", &[Algorithm::EdDSA]),
];

#[test]
fn every_fixture_signs_and_verifies_with_its_algorithms() {
    for (name, algs) in PAIRS {
        let private = pem(&format!("{name}.pem"));
        let public = pem(&format!("{name}.pub.pem"));
        assert!(private.is_private() && !public.is_private());
        for &alg in algs {
            round_trip(&private, &public, alg);
            round_trip(&private, &private.public_key().unwrap(), alg);
        }
    }
}

#[test]
fn other_encodings_of_the_same_keys_load() {
    let rsa = pem("rsa2048.pem");
    for name in [
        "rsa2048.pkcs1.pem",
        "rsa2048.pkcs1.pub.pem",
        "rsa2048.cert.pem",
    ] {
        let other = pem(name);
        assert_eq!(
            other.thumbprint().unwrap(),
            rsa.thumbprint().unwrap(),
            "{name}"
        );
    }
    round_trip(
        &pem("rsa2048.pkcs1.pem"),
        &pem("rsa2048.cert.pem"),
        Algorithm::RS256,
    );
    let ec = pem("ec_p256.pem");
    round_trip(
        &pem("ec_p256.sec1.pem"),
        &pem("ec_p256.cert.pem"),
        Algorithm::ES256,
    );
    round_trip(
        &Key::from_der(&fixture("ec_p256.der")).unwrap(),
        &Key::from_der(&fixture("ec_p256.pub.der")).unwrap(),
        Algorithm::ES256,
    );
    assert_eq!(
        Key::from_der(&fixture("ec_p256.pub.der"))
            .unwrap()
            .thumbprint()
            .unwrap(),
        ec.thumbprint().unwrap()
    );
    assert_eq!(pem("rsa3072.pem").rsa_bits(), Some(3072));
}

#[test]
fn exports_round_trip() {
    for (name, algs) in PAIRS {
        let private = pem(&format!("{name}.pem"));
        let alg = algs[0];
        let from_pem = Key::from_pem(private.to_pem().unwrap().as_bytes()).unwrap();
        let from_jwk = Key::from_jwk(&private.to_jwk(true).unwrap()).unwrap();
        let public_jwk = Key::from_jwk(&private.to_jwk(false).unwrap()).unwrap();
        let public_pem =
            Key::from_pem(private.public_key().unwrap().to_pem().unwrap().as_bytes()).unwrap();
        assert!(from_jwk.is_private() && !public_jwk.is_private() && !public_pem.is_private());
        round_trip(&from_pem, &public_jwk, alg);
        round_trip(&from_jwk, &public_pem, alg);
        assert_eq!(
            public_pem.thumbprint().unwrap(),
            private.thumbprint().unwrap()
        );
        assert!(
            !private.to_jwk(false).unwrap().contains("\"d\""),
            "{name}: public JWK leaks d"
        );
    }
    // An Ed25519 public key's SPKI is written by hand (RFC 8410): byte for byte what OpenSSL wrote.
    let ed_public = String::from_utf8(fixture("ed25519.pub.pem")).unwrap();
    assert_eq!(pem("ed25519.pub.pem").to_pem().unwrap(), ed_public);
    assert_eq!(
        pem("ed25519.pem").public_key().unwrap().to_pem().unwrap(),
        ed_public
    );
    let secret = Key::from_secret(&[7u8; 32]).unwrap();
    let again = Key::from_jwk(&secret.to_jwk(true).unwrap()).unwrap();
    round_trip(&secret, &again, Algorithm::HS256);
    assert_eq!(secret.to_pem().unwrap_err().code(), "invalid_key");
    assert_eq!(secret.to_jwk(false).unwrap_err().code(), "invalid_key");
}

#[test]
fn rfc_7638_thumbprint_example() {
    // RFC 7638 §3.1.
    let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    assert_eq!(
        Key::from_jwk(jwk).unwrap().thumbprint().unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

#[test]
fn generated_keys_work_for_every_algorithm() {
    for alg in Algorithm::ALL {
        let key = Key::generate(alg).unwrap();
        round_trip(&key, &key.public_key().unwrap_or_else(|| key.clone()), alg);
    }
    assert_eq!(
        Key::generate_rsa(Algorithm::RS256, 1024)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
}

fn refused(result: Result<Key, jetwt::Error>, what: &str) -> String {
    let err = result.expect_err(what);
    assert_eq!(err.code(), "invalid_key", "{what}: {err}");
    err.to_string()
}

#[test]
fn weak_unsupported_and_encrypted_keys_are_refused() {
    assert!(refused(Key::from_pem(&fixture("rsa1024.pem")), "rsa1024").contains("2048 bits"));
    refused(Key::from_pem(&fixture("rsa1024.pub.pem")), "rsa1024 public");
    assert!(refused(Key::from_pem(&fixture("ed448.pem")), "ed448").contains("Ed448"));
    refused(Key::from_pem(&fixture("ed448.pub.pem")), "ed448 public");
    assert!(refused(
        Key::from_pem(&fixture("rsa2048.encrypted.pem")),
        "encrypted"
    )
    .contains("Encrypted"));
    refused(
        Key::from_pem(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
        "garbage PEM",
    );
    refused(
        Key::from_pem(b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"),
        "unknown label",
    );
    refused(Key::from_der(b"\x30\x03\x02\x01\x00"), "garbage DER");
    refused(
        Key::from_jwk(r#"{"kty":"OKP","crv":"Ed448","x":"AAAA"}"#),
        "Ed448 JWK",
    );
    refused(
        Key::from_jwk(r#"{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}"#),
        "short EC JWK",
    );
    refused(Key::from_jwk(r#"{"kty":"oct","k":""}"#), "empty oct");
    refused(
        Key::from_jwk(r#"{"kty":"oct","k":"AQAB="}"#),
        "padded base64url",
    );
    refused(
        Key::from_jwk(r#"{"kty":"oct","k":"AQAB","alg":"RS256"}"#),
        "alg of another family",
    );
    refused(Key::from_jwk(r#"{"kty":"XYZ"}"#), "unknown kty");
    refused(Key::from_jwk("[1]"), "not an object");
    refused(Key::from_jwk("{"), "not JSON");
}

#[test]
fn asymmetric_material_is_never_an_hmac_secret() {
    let mut material: Vec<(&str, Vec<u8>)> = vec![
        ("PEM public", fixture("rsa2048.pub.pem")),
        ("PEM private", fixture("ec_p256.pem")),
        (
            "PEM with leading whitespace",
            [b"\n  ".to_vec(), fixture("ed25519.pub.pem")].concat(),
        ),
        ("certificate", fixture("rsa2048.cert.pem")),
        ("DER", fixture("ec_p256.pub.der")),
        (
            "SSH",
            b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGLuZ1K user@host".to_vec(),
        ),
        ("JWK", br#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#.to_vec()),
    ];
    let mut bagged = b"Bag Attributes\n    localKeyID: 01 02\nsubject=/CN=jetwt-test\n".to_vec();
    bagged.extend(fixture("rsa2048.cert.pem"));
    material.push(("certificate after OpenSSL bag attributes", bagged.clone()));
    material.push((
        "authorized_keys line with options",
        b"no-pty,command=\"x\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me".to_vec(),
    ));
    material.push((
        "JWK set",
        br#"{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}"#.to_vec(),
    ));
    material.push(("list of JWKs", br#" [{"kty":"oct","k":"AQAB"}]"#.to_vec()));
    material.push(("empty", Vec::new()));
    // The bagged certificate is still a certificate where a PEM is expected, and RS256 verifies with it.
    round_trip(
        &pem("rsa2048.pem"),
        &Key::from_bytes(&bagged, true).unwrap(),
        Algorithm::RS256,
    );
    for (what, bytes) in material {
        refused(Key::from_secret(&bytes), what);
    }
    // A public key given where HMAC is wanted becomes an RSA key, which HS256 then refuses.
    let key = Key::from_bytes(&fixture("rsa2048.pub.pem"), true).unwrap();
    assert_eq!(key.family(), Family::Rsa);
    let forged_with_pem_secret = "eyJhbGciOiJIUzI1NiJ9.e30.AAAA";
    let err = jetwt::verify(
        forged_with_pem_secret,
        &key,
        &Validation::new(&[Algorithm::HS256]).now(NOW),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_algorithm");
    // A plain string where only asymmetric algorithms are allowed is refused.
    refused(Key::from_bytes(b"not a key", false), "string for RS256");
}

#[test]
fn keys_are_bound_to_family_curve_and_use() {
    let p256 = pem("ec_p256.pem");
    for alg in [
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::ES256K,
        Algorithm::RS256,
        Algorithm::HS256,
        Algorithm::EdDSA,
    ] {
        assert_eq!(
            p256.check(alg, true).unwrap_err().code(),
            "invalid_algorithm",
            "{alg}"
        );
    }
    let public = pem("ec_p256.pub.pem");
    assert_eq!(
        public.check(Algorithm::ES256, true).unwrap_err().code(),
        "invalid_key"
    );
    let pinned = Key::from_jwk(&format!(
        "{{\"kty\":\"oct\",\"k\":\"{}\",\"alg\":\"HS512\",\"use\":\"sig\"}}",
        jetwt::base64url::encode(&[1u8; 64])
    ))
    .unwrap();
    assert_eq!(
        pinned.check(Algorithm::HS256, false).unwrap_err().code(),
        "invalid_algorithm"
    );
    pinned.check(Algorithm::HS512, true).unwrap();
    let encryption_only = Key::from_jwk(r#"{"kty":"oct","k":"AQAB","use":"enc"}"#).unwrap();
    assert_eq!(
        encryption_only
            .check(Algorithm::HS256, false)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
    let verify_only = Key::from_jwk(&format!(
        "{{\"kty\":\"oct\",\"k\":\"{}\",\"key_ops\":[\"verify\"]}}",
        jetwt::base64url::encode(&[1u8; 32])
    ))
    .unwrap();
    verify_only.check(Algorithm::HS256, false).unwrap();
    assert_eq!(
        verify_only
            .check(Algorithm::HS256, true)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
}

#[test]
fn hmac_secret_length_is_enforced_for_signing_only() {
    let short = Key::from_secret(b"too short").unwrap();
    let err = jetwt::encode_json("{}", &short, Algorithm::HS256, None).unwrap_err();
    assert_eq!(err.code(), "invalid_key");
    let key48 = Key::from_secret(&[3u8; 48]).unwrap();
    jetwt::encode_json("{}", &key48, Algorithm::HS384, None).unwrap();
    assert_eq!(
        jetwt::encode_json("{}", &key48, Algorithm::HS512, None)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
}

#[test]
fn debug_never_shows_secret_bytes() {
    let key = Key::from_secret(b"super-secret-value-that-must-not-leak").unwrap();
    let shown = format!("{key:?}");
    assert!(!shown.contains("super-secret"), "{shown}");
    assert!(shown.contains("HMAC secret"));
    let ec = pem("ec_p256.pem");
    assert!(format!("{ec:?}").contains("P-256"));
}

#[test]
fn pem_cache_returns_the_same_parsed_key() {
    let data = fixture("ec_p384.pem");
    let a = jetwt::key_from_bytes_cached(&data, false).unwrap();
    let b = jetwt::key_from_bytes_cached(&data, false).unwrap();
    assert_eq!(a.thumbprint().unwrap(), b.thumbprint().unwrap());
    assert!(jetwt::key_cache_len() >= 1 && jetwt::key_cache_len() <= jetwt::KEY_CACHE_CAPACITY);
    for i in 0..(jetwt::KEY_CACHE_CAPACITY + 5) {
        let key = Key::generate(Algorithm::ES256).unwrap().to_pem().unwrap();
        jetwt::key_from_bytes_cached(key.as_bytes(), false).unwrap_or_else(|e| panic!("{i}: {e}"));
    }
    assert_eq!(jetwt::key_cache_len(), jetwt::KEY_CACHE_CAPACITY);
    assert_eq!(
        jetwt::key_from_bytes_cached(b"-----BEGIN PUBLIC KEY-----\n", false)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
}

#[test]
fn sign_message_and_verify_message_work_on_any_bytes_with_the_key_checks() {
    let message = b"eyJhbGciOiJIUzI1NiJ9.not base64url: any bytes";
    let private = pem("rsa2048.pem");
    let public = pem("rsa2048.pub.pem");
    for alg in [Algorithm::RS256, Algorithm::PS384] {
        let sig = private.sign_message(alg, message, true).unwrap();
        assert!(public.verify_message(alg, message, &sig).unwrap());
        assert!(!public.verify_message(alg, b"other", &sig).unwrap());
    }
    // The family check still applies, in both directions, and a public key cannot sign.
    assert_eq!(
        private
            .sign_message(Algorithm::ES256, message, true)
            .unwrap_err()
            .code(),
        "invalid_algorithm"
    );
    assert_eq!(
        public
            .verify_message(Algorithm::HS256, message, b"x")
            .unwrap_err()
            .code(),
        "invalid_algorithm"
    );
    assert_eq!(
        public
            .sign_message(Algorithm::RS256, message, true)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
    // A short HMAC secret signs only when the caller lifts the minimum length; it always verifies.
    let short = Key::from_secret(b"secret").unwrap();
    assert_eq!(
        short
            .sign_message(Algorithm::HS256, message, true)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
    let sig = short
        .sign_message(Algorithm::HS256, message, false)
        .unwrap();
    assert!(short
        .verify_message(Algorithm::HS256, message, &sig)
        .unwrap());
    let long = Key::from_secret(&[7u8; 32]).unwrap();
    assert_eq!(
        long.sign_message(Algorithm::HS256, message, true).unwrap(),
        long.sign_message(Algorithm::HS256, message, false).unwrap()
    );
}
