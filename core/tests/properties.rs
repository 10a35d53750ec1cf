//! Properties over generated inputs: every algorithm round-trips any claims exactly, and no single flipped
//! bit anywhere in a token still verifies.

use std::sync::OnceLock;

use jetwt::{Algorithm, Key, Validation};
use proptest::prelude::*;
use serde_json::Value;

fn keys() -> &'static Vec<(Algorithm, Key)> {
    static KEYS: OnceLock<Vec<(Algorithm, Key)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Algorithm::ALL
            .iter()
            .map(|&alg| (alg, Key::generate(alg).unwrap()))
            .collect()
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn claims() -> impl Strategy<Value = serde_json::Map<String, Value>> {
    // Registered claim names are left out: their rules are the vectors' business, not round-tripping's.
    prop::collection::btree_map("[a-z_]{1,6}|\\PC{1,6}", json_value(), 0..6).prop_map(|m| {
        m.into_iter()
            .filter(|(k, _)| !jetwt::REGISTERED_CLAIMS.contains(&k.as_str()))
            .collect()
    })
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_algorithm_round_trips_any_claims(claims in claims(), which in 0usize..14) {
        let (alg, key) = &keys()[which];
        let text = serde_json::to_string(&claims).unwrap();
        let token = jetwt::encode_json(&text, key, *alg, None).unwrap();
        let verifier = key.public_key().unwrap_or_else(|| key.clone());
        let verified = jetwt::verify(&token, &verifier, &Validation::new(&[*alg]).now(1.7e9)).unwrap();
        let back = jetwt::json::parse(verified.payload_bytes(), 64).unwrap().to_serde();
        prop_assert!(same(&back, &Value::Object(claims)), "{back}");
    }

    #[test]
    fn a_flipped_bit_never_verifies(which in 0usize..14, position in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (alg, key) = &keys()[which];
        let token = jetwt::encode_json(r#"{"sub":"ada","n":1}"#, key, *alg, None).unwrap();
        let mut bytes = token.into_bytes();
        let at = position.index(bytes.len());
        bytes[at] ^= 1 << bit;
        let verifier = key.public_key().unwrap_or_else(|| key.clone());
        if let Ok(text) = String::from_utf8(bytes) {
            prop_assert!(jetwt::verify(&text, &verifier, &Validation::new(&[*alg]).now(1.7e9)).is_err());
        }
    }
}

/// With probability `p`, one byte to overwrite (where, and with what).
fn edit(p: f64) -> impl Strategy<Value = Option<(prop::sample::Index, u8)>> {
    prop::option::weighted(p, (any::<prop::sample::Index>(), any::<u8>()))
}

/// `text` as bytes, with the `edit` applied.
fn edited(text: String, edit: Option<(prop::sample::Index, u8)>) -> Vec<u8> {
    let mut text = text.into_bytes();
    if let Some((at, byte)) = edit {
        let at = at.index(text.len());
        text[at] = byte;
    }
    text
}

/// Claims text that exercises the validator: registered names with values of any type (null included), other
/// members, and now and then a byte changed, so that duplicates, bad grammar and wrong types all come up.
fn claims_text() -> impl Strategy<Value = Vec<u8>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "role"
        ])
        .prop_map(str::to_owned),
        "[a-z]{1,4}",
    ];
    let members = prop::collection::vec((name, json_value()), 0..8);
    (members, edit(0.3)).prop_map(|(members, edit)| {
        // Written by hand so that a name may repeat, which serde_json's maps would not allow.
        let body: Vec<String> = members
            .iter()
            .map(|(name, value)| format!("{}:{value}", Value::String(name.clone())))
            .collect();
        edited(format!("{{{}}}", body.join(",")), edit)
    })
}

/// What a validation said: the error code and claim, or `None` for success.
fn outcome(result: jetwt::Result<()>) -> Option<(&'static str, Option<String>)> {
    result
        .err()
        .map(|e| (e.code(), e.claim().map(str::to_owned)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn claims_read_without_a_tree_judge_as_the_tree_does(
        text in claims_text(),
        audience in any::<bool>(),
        issuer in any::<bool>(),
        // Up to 13 required names with those `audience` and `issuer` imply: past the 8 the scan keeps on the stack.
        required in prop::sample::subsequence(
            vec!["sub", "role", "jti", "x", "a", "b", "iat", "nbf", "exp", "iss", "aud"],
            0..12,
        ),
    ) {
        let mut validation = Validation::new(&[Algorithm::HS256]).now(1.7e9).required(&required);
        if audience {
            validation = validation.audience(&["api"]);
        }
        if issuer {
            validation = validation.issuer(&["https://issuer.example"]);
        }
        let header = jetwt::Header::default();
        let tree = jetwt::json::parse_object(&text, 64, "claims")
            .and_then(|claims| validation.validate(&header, &claims));
        let scan = validation.validate_json(&header, &text, 64);
        prop_assert_eq!(outcome(scan), outcome(tree), "{}", String::from_utf8_lossy(&text));
    }
}

/// Header text: the parameters verification reads, with values of any type (escaped strings included), `crit`
/// and `b64`, and now and then a byte changed.
fn header_text() -> impl Strategy<Value = Vec<u8>> {
    let name = prop::sample::select(vec!["alg", "kid", "typ", "cty", "crit", "b64", "x", "ext"]);
    let value = prop_oneof![
        prop::sample::select(vec![
            r#""HS256""#,
            r#""HS\u0032\u0035\u0036""#,
            r#""ES256""#,
            r#""none""#,
            r#""JWT""#,
            r#"["ext"]"#,
            r#"["alg"]"#,
            r#"["b64"]"#,
            "[]",
            "true",
            "false",
            "null",
            "7",
            r#"{"a":1}"#,
        ])
        .prop_map(str::to_owned),
        json_value().prop_map(|v| v.to_string()),
    ];
    let members = prop::collection::vec((name, value), 0..6);
    (members, edit(0.2)).prop_map(|(members, edit)| {
        let body: Vec<String> = members
            .iter()
            .map(|(n, v)| format!("\"{n}\":{v}"))
            .collect();
        edited(format!("{{{}}}", body.join(",")), edit)
    })
}

/// The header check done the long way, on the parsed tree.
fn header_by_tree(
    text: &[u8],
    validation: &Validation,
    critical: &[String],
) -> jetwt::Result<(Algorithm, Option<String>)> {
    let obj = jetwt::json::parse_object(text, 64, "header")?;
    let header = jetwt::Header::from_object(&obj)?;
    let name = header.alg.ok_or_else(|| {
        jetwt::Error::new(
            jetwt::ErrorKind::InvalidAlgorithm,
            "The token's header has no \"alg\".",
        )
    })?;
    let alg: Algorithm = name.parse()?;
    if !validation.algorithms().contains(&alg) {
        return Err(jetwt::Error::new(
            jetwt::ErrorKind::InvalidAlgorithm,
            format!("The algorithm {alg} is not among those allowed."),
        ));
    }
    header.check_crit(&obj, critical)?;
    Ok((alg, header.kid.map(str::to_owned)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn headers_read_without_a_tree_judge_as_the_tree_does(text in header_text(), understood in any::<bool>()) {
        let critical: Vec<String> = if understood { vec!["ext".into()] } else { Vec::new() };
        let validation = Validation::new(&[Algorithm::HS256, Algorithm::ES256]).understood_critical(&critical);
        let token = format!("{}.e30.c2ln", jetwt::base64url::encode(&text));
        let parsed = jetwt::Token::parse(&token, jetwt::Limits::default()).unwrap();
        let by = |r: jetwt::Result<(Algorithm, Option<String>)>| r.map_err(|e| (e.code(), e.to_string()));
        prop_assert_eq!(
            by(parsed.checked_header(&validation)),
            by(header_by_tree(&text, &validation, &critical)),
            "{}",
            String::from_utf8_lossy(&text)
        );
    }
}
