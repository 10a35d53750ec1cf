//! The core's Rust API beyond the shared vectors: Signer defaults, unsecured tokens, limits, crit opt-in.

use std::time::Duration;

use jetwt::{Algorithm, Key, KeySet, Limits, Signer, Validation};
use serde::Deserialize;

const NOW: f64 = 1_700_000_000.0;

fn secret() -> Key {
    Key::from_secret(b"0123456789abcdef0123456789abcdef").unwrap()
}

fn claims_of(token: &str) -> serde_json::Value {
    serde_json::from_slice(jetwt::decode(token).unwrap().payload_bytes()).unwrap()
}

#[test]
fn signer_adds_registered_claims_and_the_callers_win() {
    let signer = Signer::new(secret(), Algorithm::HS256, Some(r#"{"kid":"k1"}"#))
        .unwrap()
        .expires_in(Duration::from_secs(900))
        .not_before(Duration::from_secs(5))
        .issuer("https://issuer.example")
        .audience(&["api", "web"])
        .subject("ada")
        .jwt_id(true);
    let token = signer
        .sign_json(r#"{"scope":"read"}"#, Some(NOW + 0.7))
        .unwrap();
    let claims = claims_of(&token);
    assert_eq!(claims["iat"], 1_700_000_000);
    assert_eq!(claims["exp"], 1_700_000_900);
    assert_eq!(claims["nbf"], 1_700_000_005);
    assert_eq!(claims["aud"], serde_json::json!(["api", "web"]));
    assert_eq!(claims["scope"], "read");
    assert_eq!(claims["jti"].as_str().unwrap().len(), 22);
    let second = claims_of(&signer.sign_json("{}", Some(NOW)).unwrap());
    assert_ne!(claims["jti"], second["jti"], "jti must be random per token");
    assert_eq!(
        jetwt::decode(&token)
            .unwrap()
            .header_object()
            .unwrap()
            .get("kid")
            .unwrap()
            .as_str(),
        Some("k1")
    );

    let own = claims_of(
        &signer
            .sign_json(r#"{"exp":42,"sub":"bob"}"#, Some(NOW))
            .unwrap(),
    );
    assert_eq!(
        (own["exp"].as_i64(), own["sub"].as_str()),
        (Some(42), Some("bob"))
    );

    let plain = Signer::new(secret(), Algorithm::HS256, None)
        .unwrap()
        .issued_at(false)
        .audience(&["one"]);
    assert_eq!(
        claims_of(&plain.sign_json(" {} ", None).unwrap()),
        serde_json::json!({"aud": "one"})
    );

    // A signer that adds nothing signs exactly what encode_json signs, and refuses what it refuses.
    let bare = Signer::new(secret(), Algorithm::HS256, None)
        .unwrap()
        .issued_at(false);
    let claims = r#"{"scope":"read","n":1}"#;
    assert_eq!(
        bare.sign_json(claims, None).unwrap(),
        jetwt::encode_json(claims, &secret(), Algorithm::HS256, None).unwrap()
    );
    for bad in ["[1]", "", "null"] {
        assert_eq!(
            bare.sign_json(bad, None).unwrap_err().code(),
            "malformed",
            "{bad}"
        );
    }

    let v = Validation::new(&[Algorithm::HS256])
        .audience(&["web"])
        .issuer(&["https://issuer.example"])
        .now(NOW + 10.0);
    jetwt::verify(&token, &secret(), &v).unwrap();
}

#[test]
fn signer_refuses_bad_keys_and_claims_up_front() {
    let public = Key::generate(Algorithm::ES256)
        .unwrap()
        .public_key()
        .unwrap();
    assert_eq!(
        Signer::new(public, Algorithm::ES256, None)
            .unwrap_err()
            .code(),
        "invalid_key"
    );
    assert_eq!(
        Signer::new(secret(), Algorithm::RS256, None)
            .unwrap_err()
            .code(),
        "invalid_algorithm"
    );
    let signer = Signer::new(secret(), Algorithm::HS256, None).unwrap();
    for bad in ["[1]", "not json", r#"{"a":1,"a":2}"#, ""] {
        assert_eq!(
            signer.sign_json(bad, None).unwrap_err().code(),
            "malformed",
            "{bad}"
        );
    }
    assert_eq!(
        jetwt::encode_json("[1]", &secret(), Algorithm::HS256, None)
            .unwrap_err()
            .code(),
        "malformed"
    );
    assert_eq!(
        jetwt::encode(&[1, 2], &secret(), Algorithm::HS256)
            .unwrap_err()
            .code(),
        "malformed"
    );
}

/// Claims text is signed without being parsed, but a lone surrogate escape (what `JSON.stringify` writes for
/// one) is refused, because the token it made would never verify; pairs and escaped backslashes are fine.
#[test]
fn claims_text_with_a_lone_surrogate_is_refused_before_signing() {
    let key = secret();
    // A signer that adds no claim signs the text unparsed, as encode_json does; one that adds `exp` parses it.
    let plain = Signer::new(secret(), Algorithm::HS256, None)
        .unwrap()
        .issued_at(false);
    let adding = Signer::new(secret(), Algorithm::HS256, None)
        .unwrap()
        .expires_in(Duration::from_secs(60));
    let sign = |claims: &str| -> [jetwt::Result<String>; 4] {
        [
            jetwt::encode_json(claims, &key, Algorithm::HS256, None),
            plain.sign_json(claims, Some(NOW)),
            adding.sign_json(claims, Some(NOW)),
            jetwt::dangerous_encode_unsecured(claims).map(|t| format!("{t}x")),
        ]
    };
    for (lone, at) in [
        (r#"{"x":"a\ud800"}"#, 7),
        (r#"{"x":"\uDC00b"}"#, 6),
        (r#"{"x":"\ud83d\ud83d\ude00"}"#, 6),
        (r#"{"x":"\\\ud800"}"#, 8),
        (r#"{"x":"\ud800\u0041"}"#, 6),
        (r#"{"x":"\ud800\u"}"#, 6),
    ] {
        for (path, result) in sign(lone).into_iter().enumerate() {
            let error = result.expect_err(lone);
            assert_eq!(error.code(), "malformed", "{lone} (path {path})");
            // The unparsed paths report where; the parser of the adding signer says it its own way.
            let expected = if path != 2 {
                format!("lone UTF-16 surrogate (the escape at byte {at})")
            } else {
                "escape".to_owned()
            };
            assert!(error.to_string().contains(&expected), "{lone}: {error}");
        }
    }
    for fine in [
        r#"{"x":"\ud83d\ude00"}"#,
        r#"{"x":"\\ud800"}"#,
        r#"{"x":"\\\\ud800","y":"\u00e9\n"}"#,
        r#"{"x":"\uD7FF\uE000"}"#,
    ] {
        for result in sign(fine) {
            let token = result.unwrap_or_else(|e| panic!("{fine}: {e}"));
            assert!(jetwt::decode(token.trim_end_matches('x')).is_ok(), "{fine}");
        }
        let token = jetwt::encode_json(fine, &key, Algorithm::HS256, None).unwrap();
        jetwt::verify(&token, &key, &Validation::new(&[Algorithm::HS256])).unwrap();
    }
}

#[test]
fn unsecured_tokens_decode_but_never_verify() {
    let token = jetwt::dangerous_encode_unsecured(r#"{"sub":"x"}"#).unwrap();
    assert!(token.ends_with('.'));
    let decoded = jetwt::decode(&token).unwrap();
    assert_eq!(
        decoded
            .header_object()
            .unwrap()
            .get("alg")
            .unwrap()
            .as_str(),
        Some("none")
    );
    for algs in [&[Algorithm::HS256][..], &Algorithm::ALL[..]] {
        let err = jetwt::verify(&token, &secret(), &Validation::new(algs).now(NOW)).unwrap_err();
        assert_eq!(err.code(), "invalid_algorithm");
    }
}

#[test]
fn serde_round_trip_and_typed_claims() {
    #[derive(serde::Serialize, Deserialize, PartialEq, Debug)]
    struct Claims {
        sub: String,
        exp: u64,
        roles: Vec<String>,
    }
    let claims = Claims {
        sub: "ada".into(),
        exp: 4_102_444_800,
        roles: vec!["admin".into()],
    };
    let key = Key::generate(Algorithm::EdDSA).unwrap();
    let token = jetwt::encode(&claims, &key, Algorithm::EdDSA).unwrap();
    let verified = jetwt::verify(
        &token,
        &key.public_key().unwrap(),
        &Validation::new(&[Algorithm::EdDSA]).now(NOW),
    )
    .unwrap();
    assert_eq!(verified.deserialize_claims::<Claims>().unwrap(), claims);
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Wrong {
        missing: String,
    }
    assert_eq!(
        verified.deserialize_claims::<Wrong>().unwrap_err().code(),
        "invalid_claim"
    );
}

#[test]
fn limits_are_configurable() {
    let key = secret();
    let token = jetwt::encode_json(
        &format!(r#"{{"data":"{}"}}"#, "x".repeat(2000)),
        &key,
        Algorithm::HS256,
        None,
    )
    .unwrap();
    let small = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .limits(Limits {
            max_token_bytes: 1000,
            max_depth: 64,
        });
    assert_eq!(
        jetwt::verify(&token, &key, &small).unwrap_err().code(),
        "malformed"
    );
    jetwt::verify(&token, &key, &Validation::new(&[Algorithm::HS256]).now(NOW)).unwrap();

    let nested = jetwt::encode_json(r#"{"a":[[[[1]]]]}"#, &key, Algorithm::HS256, None).unwrap();
    let shallow = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .limits(Limits {
            max_token_bytes: 4096,
            max_depth: 3,
        });
    assert_eq!(
        jetwt::verify(&nested, &key, &shallow).unwrap_err().code(),
        "malformed"
    );
    assert_eq!(Validation::new(&[]).current_limits(), Limits::default());
}

#[test]
fn depth_limit_is_capped_at_its_ceiling() {
    let key = secret();
    let nested = |depth: usize| {
        let claims = format!(
            "{{\"a\":{}{}}}",
            "[".repeat(depth - 1),
            "]".repeat(depth - 1)
        );
        jetwt::encode_json(&claims, &key, Algorithm::HS256, None).unwrap()
    };
    let unlimited = Limits {
        max_token_bytes: 1 << 20,
        max_depth: usize::MAX,
    };
    assert_eq!(unlimited.depth(), Limits::MAX_DEPTH);
    let validation = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .limits(unlimited);
    // The ceiling itself is accepted, one level more is not, however large the configured limit.
    jetwt::verify(&nested(Limits::MAX_DEPTH), &key, &validation).unwrap();
    let deeper = nested(Limits::MAX_DEPTH + 1);
    assert_eq!(
        jetwt::verify(&deeper, &key, &validation)
            .unwrap_err()
            .code(),
        "malformed"
    );
    assert_eq!(
        jetwt::decode_within(&deeper, unlimited).unwrap_err().code(),
        "malformed"
    );
    // decode() keeps the default limits; decode_within() takes others.
    let five = nested(5);
    assert_eq!(
        jetwt::decode(&five).unwrap().claims_object().unwrap().len(),
        1
    );
    let four = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    assert_eq!(
        jetwt::decode_within(&five, four).unwrap_err().code(),
        "malformed"
    );
    let short = Limits {
        max_token_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        jetwt::decode_within(&five, short).unwrap_err().code(),
        "malformed"
    );
}

#[test]
fn the_deepest_objects_allowed_fit_a_small_thread_stack() {
    // Every nesting level takes stack frames (and a small table of member names, for objects). At the depth
    // ceiling, in both the tree (`claims_object`) and the scan (`verify`), a release build needs under 192 KiB
    // of stack and this debug build under 512 KiB (measured); threads get 2 MiB (Rust), 4 MiB (Node workers)
    // or 8 MiB (glibc) by default.
    let key = secret();
    let depth = Limits::MAX_DEPTH;
    let claims = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let token = jetwt::encode_json(&claims, &key, Algorithm::HS256, None).unwrap();
    let validation = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .limits(Limits {
            max_token_bytes: 1 << 20,
            max_depth: depth,
        });
    let run = move || {
        let verified = jetwt::verify(&token, &key, &validation).unwrap();
        assert_eq!(verified.claims_object().unwrap().len(), 1);
        jetwt::decode_within(&token, validation.current_limits()).unwrap();
    };
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn hostile_sizes_are_refused_quickly() {
    let key = secret();
    let eight_mib = format!("{}.{}.{}", "a".repeat(8 << 20), "b", "c");
    let deep = jetwt::encode_json(
        &format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
        &key,
        Algorithm::HS256,
        None,
    )
    .unwrap();
    let big_limits = Validation::new(&[Algorithm::HS256])
        .now(NOW)
        .limits(Limits {
            max_token_bytes: 1 << 30,
            max_depth: 64,
        });
    for (what, token, validation) in [
        (
            "8 MiB",
            eight_mib.as_str(),
            Validation::new(&[Algorithm::HS256]).now(NOW),
        ),
        ("100 000 deep", deep.as_str(), big_limits),
    ] {
        let start = std::time::Instant::now();
        assert_eq!(
            jetwt::verify(token, &key, &validation).unwrap_err().code(),
            "malformed",
            "{what}"
        );
        assert!(
            start.elapsed() < Duration::from_millis(200),
            "{what}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn critical_extensions_need_an_explicit_opt_in() {
    let key = secret();
    let token = jetwt::encode_json(
        "{}",
        &key,
        Algorithm::HS256,
        Some(r#"{"crit":["urn:example:ext"],"urn:example:ext":true}"#),
    )
    .unwrap();
    let plain = Validation::new(&[Algorithm::HS256]).now(NOW);
    assert_eq!(
        jetwt::verify(&token, &key, &plain).unwrap_err().code(),
        "malformed"
    );
    jetwt::verify(
        &token,
        &key,
        &plain.clone().understood_critical(&["urn:example:ext"]),
    )
    .unwrap();
}

#[test]
fn header_json_orders_and_checks_members() {
    let key = secret().with_kid("from-key");
    assert_eq!(
        jetwt::header_json(Algorithm::HS256, Some(&key), None).unwrap(),
        r#"{"alg":"HS256","typ":"JWT","kid":"from-key"}"#
    );
    assert_eq!(
        jetwt::header_json(
            Algorithm::HS256,
            Some(&key),
            Some(r#"{"x5t":"t","kid":"mine","typ":null}"#)
        )
        .unwrap(),
        r#"{"alg":"HS256","kid":"mine","x5t":"t"}"#
    );
    assert_eq!(
        jetwt::header_json(Algorithm::HS256, None, Some("[]"))
            .unwrap_err()
            .code(),
        "malformed"
    );
    assert_eq!(
        jetwt::header_json(Algorithm::HS256, None, Some(r#"{"alg":"HS512"}"#))
            .unwrap_err()
            .code(),
        "invalid_algorithm"
    );
}

#[test]
fn a_key_set_signs_nothing_but_verifies_by_kid() {
    let a = Key::generate(Algorithm::ES256).unwrap().with_kid("a");
    let b = Key::generate(Algorithm::ES256).unwrap().with_kid("b");
    let set = KeySet::new(vec![a.public_key().unwrap(), b.public_key().unwrap()]);
    let v = Validation::new(&[Algorithm::ES256]).now(NOW);
    for key in [&a, &b] {
        let token = jetwt::encode_json("{}", key, Algorithm::ES256, None).unwrap();
        jetwt::verify(&token, &set, &v).unwrap();
    }
    let anonymous = Key::generate(Algorithm::ES256).unwrap();
    let token = jetwt::encode_json("{}", &anonymous, Algorithm::ES256, None).unwrap();
    assert_eq!(
        jetwt::verify(&token, &set, &v).unwrap_err().code(),
        "key_not_found"
    );
    assert_eq!(set.skipped(), 0);
    assert_eq!(
        KeySet::from_jwks(r#"{"keys":[{"kty":"nope"},5,{"kty":"oct","k":"AQAB"}]}"#)
            .unwrap()
            .skipped(),
        2
    );
}

#[test]
fn keys_and_verifiers_work_across_threads() {
    let key = Key::generate(Algorithm::ES256).unwrap();
    let public = key.public_key().unwrap();
    let v = Validation::new(&[Algorithm::ES256]).now(NOW);
    let tokens: Vec<String> = (0..8)
        .map(|i| {
            jetwt::encode_json(&format!(r#"{{"i":{i}}}"#), &key, Algorithm::ES256, None).unwrap()
        })
        .collect();
    std::thread::scope(|scope| {
        for token in &tokens {
            let (public, v) = (&public, &v);
            scope.spawn(move || {
                for _ in 0..50 {
                    jetwt::verify(token, public, v).unwrap();
                }
            });
        }
    });
}

#[test]
fn an_empty_allow_list_is_refused_up_front() {
    assert_eq!(
        Validation::try_new(&[]).unwrap_err().code(),
        "invalid_algorithm"
    );
    assert_eq!(
        Validation::try_new(&[Algorithm::ES256])
            .unwrap()
            .algorithms(),
        &[Algorithm::ES256]
    );
    // Built without the check, an empty list still verifies nothing.
    let token = jetwt::encode_json("{}", &secret(), Algorithm::HS256, None).unwrap();
    assert_eq!(
        jetwt::verify(&token, &secret(), &Validation::new(&[]))
            .unwrap_err()
            .code(),
        "invalid_algorithm"
    );
}

#[test]
fn typ_is_checked_only_when_asked_and_then_strictly() {
    let key = secret();
    let token =
        jetwt::encode_json("{}", &key, Algorithm::HS256, Some(r#"{"typ":"at+jwt"}"#)).unwrap();
    let v = Validation::new(&[Algorithm::HS256]).now(NOW);
    assert!(!v.checks_header());
    jetwt::verify(&token, &key, &v).unwrap();
    assert_eq!(
        jetwt::verify(&token, &key, &v.clone().typ("JWT"))
            .unwrap_err()
            .code(),
        "invalid_type"
    );
    jetwt::verify(&token, &key, &v.typ("application/AT+JWT")).unwrap();
}
