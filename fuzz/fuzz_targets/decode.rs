//! Any bytes as a token: decode and every accessor must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(token) = jetwt::decode(text) {
        let header = token.header_object().expect("decode checked the header");
        let claims = token.claims_object().expect("decode checked the claims");
        let _ = jetwt::Header::from_object(&header);
        let _ = jetwt::Registered::from_claims(&claims);
        let mut out = String::new();
        jetwt::json::Value::Object(claims).write_json(&mut out);
        // What we write back is strict JSON again.
        jetwt::json::parse(out.as_bytes(), 1000).expect("re-serialised claims parse");
    }
});
