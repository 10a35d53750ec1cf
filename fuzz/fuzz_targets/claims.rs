//! Any bytes as claims, signed with a known secret so they reach validation: never a panic, and a token
//! that verifies has claims that satisfy the rules it was checked against.
#![no_main]

use std::time::Duration;

use jetwt::{Algorithm, Key, Validation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(claims) = std::str::from_utf8(data) else { return };
    let key = Key::from_secret(b"fuzzing-secret-of-thirty-two-bytes!").expect("secret");
    let Ok(token) = jetwt::encode_json(claims, &key, Algorithm::HS256, None) else { return };
    let now = 1_700_000_000.0;
    let validation = Validation::new(&[Algorithm::HS256])
        .now(now)
        .leeway(Duration::from_secs(5))
        .audience(&["api"])
        .issuer(&["iss"])
        .max_age(Duration::from_secs(3600));
    if let Ok(verified) = jetwt::verify(&token, &key, &validation) {
        let obj = verified.claims_object().expect("verified claims parse");
        let reg = jetwt::Registered::from_claims(&obj).expect("verified claims have the right types");
        assert_eq!(reg.iss, Some("iss"));
        assert!(reg.aud.expect("aud required").matches_any(&["api".to_owned()]));
        let iat = reg.iat.expect("iat required by max_age");
        assert!(iat <= now + 5.0 && now - iat <= 3605.0);
        if let Some(exp) = reg.exp {
            assert!(now < exp + 5.0);
        }
    }
});
