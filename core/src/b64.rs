//! Strict base64url (RFC 7515 §2): no padding, no whitespace, canonical trailing bits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Decodes strict base64url, or says why not (`None`).
pub fn decode(input: &[u8]) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(input).ok()
}

/// Decodes strict base64url, appending to `out`; `None` (with `out` unchanged in length) if it is not.
pub(crate) fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let len = out.len();
    URL_SAFE_NO_PAD.decode_vec(input, out).ok().or_else(|| {
        out.truncate(len);
        None
    })
}

/// An upper bound of the decoded length of `input` bytes of base64url.
pub(crate) fn decoded_len_estimate(input: usize) -> usize {
    base64::decoded_len_estimate(input)
}

/// Encodes as unpadded base64url, appending to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_string(input, out);
}

/// Encodes as unpadded base64url.
pub fn encode(input: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict() {
        assert_eq!(decode(b"AQAB").unwrap(), [1, 0, 1]);
        assert_eq!(decode(b"-_8").unwrap(), [0xfb, 0xff]);
        for bad in [
            &b"AQAB="[..],
            b"AQ==",
            b"AQ B",
            b"AQ\nB",
            b"+/8",
            b"AR",
            b"A",
        ] {
            assert!(decode(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        let mut out = b"x".to_vec();
        assert!(decode_into(b"AQ==", &mut out).is_none());
        assert_eq!(out, b"x");
        decode_into(b"AQAB", &mut out).unwrap();
        assert_eq!(out, b"x\x01\x00\x01");
        assert!(decoded_len_estimate(4) >= 3 && decoded_len_estimate(3) >= 2);
    }
}
