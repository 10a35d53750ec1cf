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
