//! Any token against one key of every family with every algorithm allowed: never a panic, and nothing the
//! fuzzer makes up verifies (it has no private key, and the secret is not in the corpus).
#![no_main]

use std::sync::OnceLock;

use jetwt::{Algorithm, Key, KeySet, Validation};
use libfuzzer_sys::fuzz_target;

fn keys() -> &'static (Vec<Key>, KeySet) {
    static KEYS: OnceLock<(Vec<Key>, KeySet)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let keys: Vec<Key> = Algorithm::ALL
            .iter()
            .filter(|a| !matches!(a, Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 | Algorithm::HS384 | Algorithm::HS512))
            .map(|&alg| Key::generate(alg).expect("generate").with_kid(alg.name()))
            .collect();
        let set = KeySet::new(keys.iter().filter_map(Key::public_key).collect());
        (keys, set)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let validation = Validation::new(&Algorithm::ALL).now(1_700_000_000.0);
    let (keys, set) = keys();
    for key in keys {
        assert!(jetwt::verify(text, key, &validation).is_err(), "a fuzzed token verified");
    }
    assert!(jetwt::verify(text, set, &validation).is_err(), "a fuzzed token verified against the set");
});
