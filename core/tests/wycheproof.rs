//! Wycheproof signature vectors run through the core: each group's public key is loaded with `Key::from_der`
//! (SPKI DER; cross-checked against `Key::from_pem` and `Key::from_jwk` where the group offers them), and every
//! case goes through `Key::verify_raw` with the JWA algorithm the group's parameters correspond to.
//!
//! `valid` must verify and `invalid` must not; `acceptable` may go either way and is counted. Groups whose
//! parameters no JWA algorithm uses are skipped and counted. Each family asserts a minimum number of cases
//! actually run, so a data or filter change that silently skips vectors fails the test.
//!
//! Run with `cargo test -p jetwt-core --test wycheproof -- --nocapture` to see the counts.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jetwt::{Algorithm, ErrorKind, Key, MIN_RSA_BITS};
use wycheproof::{ecdsa, eddsa, rsa_pkcs1_verify, rsa_pss_verify};
use wycheproof::{EllipticCurve, HashFunction, Mgf, TestResult};

/// What happened to one family's vectors.
#[derive(Default)]
struct Tally {
    family: &'static str,
    /// Cases run through `verify_raw`.
    run: usize,
    /// Cases whose outcome was the expected one (`valid` verified, `invalid` refused, `acceptable` either way).
    passed: usize,
    acceptable_verified: usize,
    acceptable_refused: usize,
    /// Groups (and their cases) not run because no JWA algorithm has their parameters.
    skipped_groups: usize,
    skipped_cases: usize,
    /// Groups (and their cases) whose key the core refuses by policy, with `invalid_key`.
    refused_groups: usize,
    refused_cases: usize,
    /// Keys that were also loaded from PEM or JWK and found equal to the DER key.
    cross_loaded: usize,
    mismatches: Vec<String>,
}

impl Tally {
    fn new(family: &'static str) -> Self {
        Tally {
            family,
            ..Tally::default()
        }
    }

    /// Records one case: `verified` is what the core said, `expected` what Wycheproof says.
    fn case(&mut self, set: impl fmt::Debug, tc_id: usize, expected: TestResult, verified: bool) {
        self.run += 1;
        let ok = match expected {
            TestResult::Valid => verified,
            TestResult::Invalid => !verified,
            TestResult::Acceptable => {
                if verified {
                    self.acceptable_verified += 1;
                } else {
                    self.acceptable_refused += 1;
                }
                true
            }
        };
        if ok {
            self.passed += 1;
        } else {
            self.mismatches.push(format!(
                "{set:?} tcId {tc_id}: expected {expected:?}, core verified = {verified}"
            ));
        }
    }

    fn skip(&mut self, cases: usize) {
        self.skipped_groups += 1;
        self.skipped_cases += cases;
    }

    /// Prints the counts and asserts no mismatch and at least `min_run` cases run.
    fn finish(self, min_run: usize) {
        println!(
            "{:<7} run {:>5}  passed {:>5}  acceptable verified/refused {}/{}  skipped {} groups ({} cases)  \
             refused by policy {} groups ({} cases)  keys cross-loaded from PEM/JWK {}",
            self.family,
            self.run,
            self.passed,
            self.acceptable_verified,
            self.acceptable_refused,
            self.skipped_groups,
            self.skipped_cases,
            self.refused_groups,
            self.refused_cases,
            self.cross_loaded,
        );
        assert!(
            self.mismatches.is_empty(),
            "{}: {} mismatches:\n{}",
            self.family,
            self.mismatches.len(),
            self.mismatches.join("\n")
        );
        assert_eq!(self.passed, self.run, "{}", self.family);
        assert!(
            self.run >= min_run,
            "{}: only {} cases ran, fewer than the {min_run} expected; vectors were skipped",
            self.family,
            self.run
        );
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Loads a group's key from DER, and checks that the PEM and JWK forms (when given) load to the same key.
fn load(
    tally: &mut Tally,
    der: &[u8],
    pem: &str,
    jwk: Option<String>,
) -> Result<Key, jetwt::Error> {
    let from_der = Key::from_der(der);
    let from_pem = Key::from_pem(pem.as_bytes());
    match (&from_der, &from_pem) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a.thumbprint().unwrap(),
                b.thumbprint().unwrap(),
                "PEM and DER differ"
            );
            assert!(!a.is_private() && !b.is_private());
        }
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "PEM and DER refused differently"),
        _ => panic!("DER gave {from_der:?} but PEM gave {from_pem:?}"),
    }
    if let (Ok(key), Some(jwk)) = (&from_der, jwk) {
        let from_jwk = Key::from_jwk(&jwk).unwrap_or_else(|e| panic!("JWK {jwk} refused: {e}"));
        assert_eq!(key.thumbprint().unwrap(), from_jwk.thumbprint().unwrap());
        tally.cross_loaded += 1;
    }
    from_der
}

fn ecdsa_family(
    family: &'static str,
    set: ecdsa::TestName,
    curve: EllipticCurve,
    crv: &str,
    hash: HashFunction,
    alg: Algorithm,
    min_run: usize,
) {
    let mut tally = Tally::new(family);
    let test_set = ecdsa::TestSet::load(set).unwrap();
    for group in &test_set.test_groups {
        assert_eq!(group.test_type, ecdsa::TestGroupTypeId::EcdsaP1363);
        assert_eq!(group.key.curve, curve);
        assert_eq!(group.hash, hash);
        let jwk = group.jwk.as_ref().map(|jwk| {
            format!(
                r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#,
                b64(&jwk.affine_x),
                b64(&jwk.affine_y)
            )
        });
        let key = load(&mut tally, &group.der, &group.pem, jwk)
            .unwrap_or_else(|e| panic!("{set:?}: the core refused a {crv} key: {e}"));
        key.check(alg, false).unwrap();
        for test in &group.tests {
            let verified = key.verify_raw(alg, &test.msg, &test.sig);
            tally.case(set, test.tc_id, test.result, verified);
        }
    }
    tally.finish(min_run);
}

#[test]
fn es256_p256_sha256_p1363() {
    ecdsa_family(
        "ES256",
        ecdsa::TestName::EcdsaSecp256r1Sha256P1363,
        EllipticCurve::Secp256r1,
        "P-256",
        HashFunction::Sha2_256,
        Algorithm::ES256,
        250,
    );
}

#[test]
fn es384_p384_sha384_p1363() {
    ecdsa_family(
        "ES384",
        ecdsa::TestName::EcdsaSecp384r1Sha384P1363,
        EllipticCurve::Secp384r1,
        "P-384",
        HashFunction::Sha2_384,
        Algorithm::ES384,
        250,
    );
}

#[test]
fn es512_p521_sha512_p1363() {
    ecdsa_family(
        "ES512",
        ecdsa::TestName::EcdsaSecp521r1Sha512P1363,
        EllipticCurve::Secp521r1,
        "P-521",
        HashFunction::Sha2_512,
        Algorithm::ES512,
        300,
    );
}

#[test]
fn es256k_secp256k1_sha256_p1363() {
    ecdsa_family(
        "ES256K",
        ecdsa::TestName::EcdsaSecp256k1Sha256P1363,
        EllipticCurve::Secp256k1,
        "secp256k1",
        HashFunction::Sha2_256,
        Algorithm::ES256K,
        240,
    );
}

/// JWS carries ECDSA signatures as fixed-length `r || s` (RFC 7518 §3.4). The same curves' ASN.1/DER-encoded
/// vectors, and P1363 vectors made with another hash, must never verify under the JWA algorithm, valid or not.
#[test]
fn ecdsa_der_encoded_or_other_hash_never_verifies() {
    let sets = [
        (ecdsa::TestName::EcdsaSecp256r1Sha256, Algorithm::ES256),
        (ecdsa::TestName::EcdsaSecp384r1Sha384, Algorithm::ES384),
        (ecdsa::TestName::EcdsaSecp521r1Sha512, Algorithm::ES512),
        (ecdsa::TestName::EcdsaSecp256k1Sha256, Algorithm::ES256K),
        (ecdsa::TestName::EcdsaSecp256r1Sha512P1363, Algorithm::ES256),
        (ecdsa::TestName::EcdsaSecp384r1Sha512P1363, Algorithm::ES384),
        (
            ecdsa::TestName::EcdsaSecp256k1Sha512P1363,
            Algorithm::ES256K,
        ),
    ];
    let mut checked = 0;
    for (set, alg) in sets {
        for group in ecdsa::TestSet::load(set).unwrap().test_groups {
            let key = Key::from_der(&group.der).unwrap();
            // Only signatures that are good in their own scheme are asserted: an `invalid` case there may be
            // constructed to be a genuine signature under other parameters.
            for test in group
                .tests
                .iter()
                .filter(|t| t.result != TestResult::Invalid)
            {
                checked += 1;
                assert!(
                    !key.verify_raw(alg, &test.msg, &test.sig),
                    "{set:?} tcId {} verified under {alg}",
                    test.tc_id
                );
            }
        }
    }
    println!("ECDSA   {checked} signatures valid as DER or with another hash: all refused under the JWA algorithm");
    assert!(checked >= 1400, "{checked}");
}

#[test]
fn eddsa_ed25519() {
    let mut tally = Tally::new("EdDSA");
    let set = eddsa::TestName::Ed25519;
    let test_set = eddsa::TestSet::load(set).unwrap();
    for group in &test_set.test_groups {
        assert_eq!(group.key.curve, wycheproof::EdwardsCurve::Ed25519);
        let jwk = format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#,
            b64(&group.jwk.x)
        );
        let key = load(&mut tally, &group.der, &group.pem, Some(jwk))
            .unwrap_or_else(|e| panic!("the core refused an Ed25519 key: {e}"));
        key.check(Algorithm::EdDSA, false).unwrap();
        for test in &group.tests {
            let verified = key.verify_raw(Algorithm::EdDSA, &test.msg, &test.sig);
            tally.case(set, test.tc_id, test.result, verified);
        }
    }
    tally.finish(145);
}

/// The JWA algorithm for an RSA group's hash, within a family (`RS` or `PS`).
fn rsa_algorithm(pss: bool, hash: HashFunction) -> Option<Algorithm> {
    Some(match (pss, hash) {
        (false, HashFunction::Sha2_256) => Algorithm::RS256,
        (false, HashFunction::Sha2_384) => Algorithm::RS384,
        (false, HashFunction::Sha2_512) => Algorithm::RS512,
        (true, HashFunction::Sha2_256) => Algorithm::PS256,
        (true, HashFunction::Sha2_384) => Algorithm::PS384,
        (true, HashFunction::Sha2_512) => Algorithm::PS512,
        _ => return None,
    })
}

fn rsa_jwk(jwk: Option<&wycheproof::RsaPublicJwk>) -> Option<String> {
    jwk.map(|jwk| {
        format!(
            r#"{{"kty":"RSA","n":"{}","e":"{}","alg":"{}"}}"#,
            b64(&jwk.n),
            b64(&jwk.e),
            jwk.alg
        )
    })
}

/// Loads an RSA group's key, or checks that the core refuses it by policy (too small) with `invalid_key`.
fn rsa_key(
    tally: &mut Tally,
    key_size: usize,
    key: Result<Key, jetwt::Error>,
    cases: usize,
) -> Option<Key> {
    if key_size < MIN_RSA_BITS {
        let err = key.expect_err("an RSA key under the minimum size was accepted");
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{err}");
        tally.refused_groups += 1;
        tally.refused_cases += cases;
        return None;
    }
    let key = key.unwrap_or_else(|e| panic!("the core refused a {key_size}-bit RSA key: {e}"));
    assert_eq!(key.rsa_bits(), Some(key_size));
    Some(key)
}

#[test]
fn rs_pkcs1_v1_5() {
    let mut tally = Tally::new("RS*");
    let mut per_alg = [0usize; 3];
    for set in rsa_pkcs1_verify::TestName::all() {
        let test_set = rsa_pkcs1_verify::TestSet::load(set).unwrap();
        for group in &test_set.test_groups {
            let Some(alg) = rsa_algorithm(false, group.hash) else {
                tally.skip(group.tests.len());
                continue;
            };
            let loaded = load(
                &mut tally,
                &group.der,
                &group.pem,
                rsa_jwk(group.jwk.as_ref()),
            );
            let Some(key) = rsa_key(&mut tally, group.key_size, loaded, group.tests.len()) else {
                continue;
            };
            key.check(alg, false).unwrap();
            for test in &group.tests {
                let verified = key.verify_raw(alg, &test.msg, &test.sig);
                tally.case(set, test.tc_id, test.result, verified);
                per_alg[alg as usize - Algorithm::RS256 as usize] += 1;
            }
        }
    }
    println!("RS*     per algorithm RS256/RS384/RS512: {per_alg:?}");
    assert!(per_alg.iter().all(|&n| n >= 700), "{per_alg:?}");
    tally.finish(2800);
}

#[test]
fn ps_rsassa_pss() {
    let mut tally = Tally::new("PS*");
    let mut per_alg = [0usize; 3];
    let mut restricted_spki_refused = 0;
    let mut wrong_parameters_refused = 0;
    for set in rsa_pss_verify::TestName::all() {
        let test_set = rsa_pss_verify::TestSet::load(set).unwrap();
        for group in &test_set.test_groups {
            let hash_len = match group.hash {
                HashFunction::Sha2_256 => 32,
                HashFunction::Sha2_384 => 48,
                HashFunction::Sha2_512 => 64,
                _ => 0,
            };
            let alg = rsa_algorithm(true, group.hash);
            // RFC 7518 §3.5: MGF1 with the same hash, and a salt as long as the hash.
            let jwa_parameters = group.mgf == Mgf::Mgf1
                && group.mgf_hash == Some(group.hash)
                && group.salt_size == hash_len;
            // An SPKI restricted to RSASSA-PSS (id-RSASSA-PSS with parameters) is refused by policy; the same
            // key as a PKCS#1 RSAPublicKey is then used, so the vectors still run.
            let mut loaded = Key::from_der(&group.der);
            if group.test_type == rsa_pss_verify::TestGroupTypeId::RsaPssVerifyWithParam {
                let err = loaded.expect_err("an id-RSASSA-PSS SPKI was accepted");
                assert_eq!(err.kind(), ErrorKind::InvalidKey, "{err}");
                restricted_spki_refused += 1;
                loaded = Key::from_der(&group.asn_key);
            } else {
                loaded = load(
                    &mut tally,
                    &group.der,
                    &group.pem,
                    rsa_jwk(group.jwk.as_ref()),
                );
            }
            let Some(alg) = alg else {
                tally.skip(group.tests.len());
                continue;
            };
            if !jwa_parameters {
                // Not a JWA parameter set: skipped, but no signature made with other PSS parameters may pass as
                // the JWA algorithm for its hash.
                tally.skip(group.tests.len());
                // Only the good signatures of that scheme are asserted: its `invalid` cases include genuine JWA
                // signatures ("s_len changed to 32").
                let key = loaded.unwrap();
                for test in group
                    .tests
                    .iter()
                    .filter(|t| t.result != TestResult::Invalid)
                {
                    assert!(
                        !key.verify_raw(alg, &test.msg, &test.sig),
                        "{set:?} tcId {} (mgf {:?}/{:?}, sLen {}) verified as {alg}",
                        test.tc_id,
                        group.mgf,
                        group.mgf_hash,
                        group.salt_size
                    );
                    wrong_parameters_refused += 1;
                }
                continue;
            }
            let Some(key) = rsa_key(&mut tally, group.key_size, loaded, group.tests.len()) else {
                continue;
            };
            key.check(alg, false).unwrap();
            for test in &group.tests {
                let verified = key.verify_raw(alg, &test.msg, &test.sig);
                tally.case(set, test.tc_id, test.result, verified);
                per_alg[alg as usize - Algorithm::PS256 as usize] += 1;
            }
        }
    }
    println!(
        "PS*     per algorithm PS256/PS384/PS512: {per_alg:?}; id-RSASSA-PSS SPKIs refused by policy (run as PKCS#1): \
         {restricted_spki_refused}; other-parameter cases refused as the JWA algorithm: {wrong_parameters_refused}"
    );
    assert!(per_alg.iter().all(|&n| n >= 100), "{per_alg:?}");
    assert!(restricted_spki_refused >= 7 && wrong_parameters_refused >= 250);
    tally.finish(900);
}
