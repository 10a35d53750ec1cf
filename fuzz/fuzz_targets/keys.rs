//! Any bytes as key material in every form: PEM, DER, JWK, JWK set, secret, cached bytes. Never a panic;
//! whatever loads can be exported and re-imported.
#![no_main]

use jetwt::{Key, KeySet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut loaded = Vec::new();
    loaded.extend(Key::from_pem(data).ok());
    loaded.extend(Key::from_der(data).ok());
    loaded.extend(Key::from_secret(data).ok());
    loaded.extend(Key::from_bytes(data, false).ok());
    if let Ok(text) = std::str::from_utf8(data) {
        loaded.extend(Key::from_jwk(text).ok());
        if let Ok(set) = KeySet::from_jwks(text) {
            loaded.extend(set.keys().iter().cloned());
        }
    }
    for key in loaded {
        let _ = format!("{key:?}");
        if let Ok(jwk) = key.to_jwk(true) {
            Key::from_jwk(&jwk).expect("an exported JWK loads again");
        }
        if let Ok(pem) = key.to_pem() {
            Key::from_pem(pem.as_bytes()).expect("an exported PEM loads again");
        }
        let _ = key.thumbprint();
    }
});
