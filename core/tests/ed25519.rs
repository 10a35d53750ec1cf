//! The core verifies Ed25519 with ed25519-dalek, and aws-lc makes and signs with the keys. These tests hold
//! the two libraries to one answer: a signature verifies with the core exactly when aws-lc's own
//! `ED25519_verify` accepts it, over valid, mutated and hand-made signatures, except that the core refuses to
//! load a public key of small order or one not canonically encoded.

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair as _, UnparsedPublicKey, ED25519};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use jetwt::{Algorithm, ErrorKind, Key};
use proptest::prelude::*;

/// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const ORDER: [u8; 32] = [
    0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

fn jwk(x: &[u8]) -> String {
    format!(
        r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(x)
    )
}

/// Whether `x` is the canonical encoding of a point of small order.
fn small_order(x: &[u8; 32]) -> bool {
    let compressed = CompressedEdwardsY(*x);
    compressed
        .decompress()
        .is_some_and(|p| p.is_small_order() && p.compress() == compressed)
}

/// Verifies with both libraries, asserts they agree, and returns (core, aws-lc).
fn both(x: &[u8; 32], msg: &[u8], sig: &[u8]) -> (bool, bool) {
    let aws_lc = UnparsedPublicKey::new(&ED25519, x).verify(msg, sig).is_ok();
    let core = match Key::from_jwk(&jwk(x)) {
        Ok(key) => key.verify_raw(Algorithm::EdDSA, msg, sig),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::InvalidKey);
            // Refusing the key is the one disagreement allowed, and only for a point of small order, under
            // which a signature proves nothing.
            let weak = CompressedEdwardsY(*x)
                .decompress()
                .is_some_and(|p| p.is_small_order());
            assert!(
                weak || !aws_lc,
                "the core refused key {x:02x?}, under which aws-lc verified {sig:02x?}"
            );
            return (false, aws_lc);
        }
    };
    assert_eq!(
        core, aws_lc,
        "key {x:02x?}, signature {sig:02x?}: the core says {core}, aws-lc {aws_lc}"
    );
    (core, aws_lc)
}

fn agree(x: &[u8; 32], msg: &[u8], sig: &[u8]) -> bool {
    both(x, msg, sig).0
}

/// `s` + L as a 256-bit number: the same scalar mod L, but not its canonical encoding.
fn plus_order(s: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(s[i]) + u16::from(ORDER[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    out
}

/// Every encoding that is not plainly a point of large order: the 8 points of small order, each encoding
/// with y ≥ p (y = p + 0 ..= p + 18), and x = 0 written with its sign bit set.
fn awkward_encodings() -> Vec<[u8; 32]> {
    let mut found = Vec::new();
    // The small-order points, as the torsion parts of points made from a counter.
    let eighth = Scalar::from(8u8).invert();
    let mut seed = [0u8; 32];
    while found.len() < 8 {
        seed[0] = seed[0].wrapping_add(1);
        seed[1] += u8::from(seed[0] == 0);
        let Some(point) = CompressedEdwardsY(seed).decompress() else {
            continue;
        };
        let torsion: EdwardsPoint = point - eighth * point.mul_by_cofactor();
        let encoded = torsion.compress().to_bytes();
        assert!(torsion.is_small_order());
        if !found.contains(&encoded) {
            found.push(encoded);
        }
    }
    for y in 0..=18u8 {
        for sign in [0, 0x80] {
            let mut x = [0xFF; 32];
            x[0] = 0xED + y;
            x[31] = 0x7F | sign;
            found.push(x);
        }
    }
    // x = 0 (the identity and the point of order 2) with the sign bit set; for the other six points,
    // flipping the sign bit gives the negated point, already listed.
    let torsion = found.clone();
    for small in &torsion {
        let mut flipped = *small;
        flipped[31] ^= 0x80;
        if !found.contains(&flipped) {
            found.push(flipped);
        }
    }
    found
}

#[test]
fn the_order_constant_is_the_group_order() {
    assert_eq!(Scalar::from_bytes_mod_order(ORDER), Scalar::ZERO);
    let mut below = ORDER;
    below[0] -= 1;
    assert!(bool::from(Scalar::from_canonical_bytes(below).is_some()));
    assert!(bool::from(Scalar::from_canonical_bytes(ORDER).is_none()));
}

#[test]
fn keys_of_small_order_or_not_canonical_are_refused_and_others_load() {
    let awkward = awkward_encodings();
    let small: Vec<_> = awkward.iter().filter(|x| small_order(x)).collect();
    assert_eq!(
        small.len(),
        8,
        "the eight points of small order, canonically encoded"
    );
    for x in &awkward {
        let refused = Key::from_jwk(&jwk(x)).expect_err("an awkward encoding loaded");
        assert_eq!(refused.kind(), ErrorKind::InvalidKey);
        let expected = if small_order(x) {
            "small order"
        } else {
            "canonical"
        };
        let decodes = CompressedEdwardsY(*x).decompress().is_some();
        assert!(
            refused.to_string().contains(expected) || !decodes,
            "{x:02x?}: {refused}"
        );
    }
    let pair = Ed25519KeyPair::generate().unwrap();
    let x: [u8; 32] = pair.public_key().as_ref().try_into().unwrap();
    Key::from_jwk(&jwk(&x)).expect("a generated key loads");
    // A y that is no point's: the x² it asks for has no square root.
    let off_curve = (2u8..)
        .map(|y| {
            let mut x = [0u8; 32];
            x[0] = y;
            x
        })
        .find(|x| CompressedEdwardsY(*x).decompress().is_none())
        .unwrap();
    let refused = Key::from_jwk(&jwk(&off_curve)).unwrap_err();
    assert!(refused.to_string().contains("not a point"), "{refused}");
}

#[test]
fn hand_made_signatures_get_the_same_answer_from_both() {
    let pair = Ed25519KeyPair::from_seed_unchecked(&[7u8; 32]).unwrap();
    let real: [u8; 32] = pair.public_key().as_ref().try_into().unwrap();
    let mut keys = awkward_encodings();
    keys.push(real);
    let mut rs = awkward_encodings();
    let (mut core_verified, mut aws_lc_verified) = (0, 0);
    for s in [0u64, 1, 2, 3, 7, 8, 1 << 40] {
        let s = Scalar::from(s);
        // With the identity as the key, R = [s]B verifies for every message; aws-lc accepts that.
        rs.push(EdwardsPoint::mul_base(&s).compress().to_bytes());
        for x in &keys {
            for r in &rs {
                for msg in [&b""[..], b"eyJhbGciOiJFZERTQSJ9.e30", b"\x00\x01"] {
                    let mut sig = [0u8; 64];
                    sig[..32].copy_from_slice(r);
                    sig[32..].copy_from_slice(s.as_bytes());
                    let (core, aws_lc) = both(x, msg, &sig);
                    core_verified += usize::from(core);
                    aws_lc_verified += usize::from(aws_lc);
                    sig[32..].copy_from_slice(&plus_order(s.as_bytes()));
                    assert_eq!(both(x, msg, &sig), (false, false), "S + L verified");
                }
            }
        }
    }
    // aws-lc verifies forgeries under keys of small order; the core refuses those keys, so none verifies.
    assert!(aws_lc_verified > 0);
    assert_eq!(core_verified, 0);
    let sig = pair.sign(b"m");
    assert!(agree(&real, b"m", sig.as_ref()));
}

#[derive(Debug, Clone)]
enum Change {
    None,
    FlipSignatureBit(usize),
    FlipMessageBit(usize),
    AddOrderToS,
    SmallOrderR(usize),
    Length(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::None),
        (0..512usize).prop_map(Change::FlipSignatureBit),
        (0..2048usize).prop_map(Change::FlipMessageBit),
        Just(Change::AddOrderToS),
        (0..8usize).prop_map(Change::SmallOrderR),
        (0..96usize).prop_map(Change::Length),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn real_signatures_changed_or_not_get_the_same_answer(
        seed in any::<[u8; 32]>(),
        mut msg in prop::collection::vec(any::<u8>(), 1..256),
        change in change(),
    ) {
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
        let x: [u8; 32] = pair.public_key().as_ref().try_into().unwrap();
        let mut sig = pair.sign(&msg).as_ref().to_vec();
        let valid = matches!(change, Change::None);
        match change {
            Change::None => {}
            Change::FlipSignatureBit(i) => sig[i / 8] ^= 1 << (i % 8),
            Change::FlipMessageBit(i) => {
                let i = i % (msg.len() * 8);
                msg[i / 8] ^= 1 << (i % 8);
            }
            Change::AddOrderToS => {
                let s = plus_order(&sig[32..]);
                sig[32..].copy_from_slice(&s);
            }
            Change::SmallOrderR(i) => {
                let small: Vec<_> = awkward_encodings().into_iter().filter(small_order).collect();
                sig[..32].copy_from_slice(&small[i]);
            }
            Change::Length(n) => sig.resize(if n == 64 { 65 } else { n }, 0),
        }
        prop_assert_eq!(agree(&x, &msg, &sig), valid);
    }
}
