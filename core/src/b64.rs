//! Strict base64url (RFC 7515 §2): no padding, no whitespace, canonical trailing bits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Decodes strict base64url, or says why not (`None`).
pub fn decode(input: &[u8]) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(input).ok()
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
    }
}
