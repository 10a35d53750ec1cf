//! Just enough DER and PEM to recognise key formats: which structure, which algorithm, which curve.
//! aws-lc does the real parsing and validation; this module only routes bytes to the right parser.

use base64::Engine as _;

use crate::algorithm::Curve;
use crate::error::{Error, Result};

pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;

const OID_RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const OID_RSA_PSS: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];
const OID_SECP256K1: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x0A];
const OID_ED25519: &[u8] = &[0x2B, 0x65, 0x70];
const OID_ED448: &[u8] = &[0x2B, 0x65, 0x71];
const OID_X25519: &[u8] = &[0x2B, 0x65, 0x6E];

/// A cursor over DER TLVs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// Reads one TLV: its tag and contents. Definite, minimal lengths only.
    pub(crate) fn read_any(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.data.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (first as usize, rest)
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | b as usize);
            if len < 0x80 {
                return None;
            }
            (len, &rest[n..])
        };
        if rest.len() < len {
            return None;
        }
        let (contents, rest) = rest.split_at(len);
        self.data = rest;
        Some((tag, contents))
    }

    pub(crate) fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.read_any()? {
            (t, contents) if t == tag => Some(contents),
            _ => None,
        }
    }

    /// Reads a SEQUENCE and returns a reader over its contents.
    pub(crate) fn sequence(&mut self) -> Option<Reader<'a>> {
        self.read(TAG_SEQUENCE).map(Reader::new)
    }
}

/// The kinds of key DER can hold, with where the key's bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DerKey {
    /// PKCS#8 or PKCS#1 RSA private key (the whole DER is handed to aws-lc).
    RsaPrivate { pkcs8: bool },
    /// SPKI or PKCS#1 RSA public key.
    RsaPublic,
    /// PKCS#8 or SEC1 EC private key on a curve.
    EcPrivate(Curve),
    /// SPKI EC public key: the SEC1 point.
    EcPublic(Curve),
    /// PKCS#8 Ed25519 private key.
    Ed25519Private,
    /// SPKI Ed25519 public key.
    Ed25519Public,
}

fn curve_for(oid: &[u8]) -> Option<Curve> {
    match oid {
        OID_P256 => Some(Curve::P256),
        OID_P384 => Some(Curve::P384),
        OID_P521 => Some(Curve::P521),
        OID_SECP256K1 => Some(Curve::Secp256k1),
        _ => None,
    }
}

fn unsupported(oid: &[u8]) -> Error {
    let what = match oid {
        OID_ED448 => "Ed448 keys are not supported (no maintained Rust implementation meets jetwt's bar yet).",
        OID_X25519 => "X25519 keys are for key agreement, not signatures.",
        OID_RSA_PSS => "RSASSA-PSS-restricted keys (OID 1.2.840.113549.1.1.10) are not supported; use an rsaEncryption key with PS256/384/512.",
        _ => "The key's algorithm is not one jetwt signs or verifies with.",
    };
    Error::invalid_key(what)
}

/// Reads an AlgorithmIdentifier into the key kind it names (private or public variant chosen by caller).
fn algorithm_identifier(seq: &mut Reader<'_>, private: bool) -> Result<DerKey> {
    let bad = || Error::invalid_key("The key's algorithm identifier is malformed.");
    let mut alg = seq.sequence().ok_or_else(bad)?;
    let oid = alg.read(TAG_OID).ok_or_else(bad)?;
    match oid {
        OID_RSA => Ok(if private {
            DerKey::RsaPrivate { pkcs8: true }
        } else {
            DerKey::RsaPublic
        }),
        OID_EC_PUBLIC_KEY => {
            let curve_oid = alg.read(TAG_OID).ok_or_else(|| {
                Error::invalid_key("The EC key does not name its curve (explicit curve parameters are not supported).")
            })?;
            let curve = curve_for(curve_oid)
                .ok_or_else(|| Error::invalid_key("The EC key's curve is not supported."))?;
            Ok(if private {
                DerKey::EcPrivate(curve)
            } else {
                DerKey::EcPublic(curve)
            })
        }
        OID_ED25519 => Ok(if private {
            DerKey::Ed25519Private
        } else {
            DerKey::Ed25519Public
        }),
        other => Err(unsupported(other)),
    }
}

/// Recognises a DER key structure. Certificates yield the offset range of their SPKI.
pub(crate) fn classify(der: &[u8]) -> Result<(DerKey, &[u8])> {
    let bad = || Error::invalid_key("The data is not a DER-encoded key or certificate.");
    let mut outer = Reader::new(der);
    let mut seq = outer.sequence().ok_or_else(bad)?;
    if !outer.is_empty() {
        return Err(bad());
    }
    match seq.peek_tag() {
        // PKCS#8 (version INTEGER, AlgorithmIdentifier, OCTET STRING), PKCS#1 private (9+ INTEGERs),
        // PKCS#1 public (two INTEGERs), SEC1 (INTEGER 1, OCTET STRING, ...).
        Some(TAG_INTEGER) => {
            let version = seq.read(TAG_INTEGER).ok_or_else(bad)?;
            match seq.peek_tag() {
                Some(TAG_SEQUENCE) => Ok((algorithm_identifier(&mut seq, true)?, der)),
                Some(TAG_OCTET_STRING) if version == [1] => {
                    seq.read(TAG_OCTET_STRING);
                    let mut curve = None;
                    while let Some((tag, contents)) = seq.read_any() {
                        if tag == 0xA0 {
                            curve = Reader::new(contents).read(TAG_OID).and_then(curve_for);
                        }
                    }
                    let curve = curve.ok_or_else(|| {
                        Error::invalid_key(
                            "The SEC1 EC private key does not name a supported curve.",
                        )
                    })?;
                    Ok((DerKey::EcPrivate(curve), der))
                }
                Some(TAG_INTEGER) => {
                    let mut count = 1;
                    while seq.read(TAG_INTEGER).is_some() {
                        count += 1;
                    }
                    if !seq.is_empty() {
                        return Err(bad());
                    }
                    match count {
                        2 => Ok((DerKey::RsaPublic, der)),
                        n if n >= 9 => Ok((DerKey::RsaPrivate { pkcs8: false }, der)),
                        _ => Err(bad()),
                    }
                }
                _ => Err(bad()),
            }
        }
        // SPKI (AlgorithmIdentifier, BIT STRING) or a certificate (tbsCertificate, ...).
        Some(TAG_SEQUENCE) => {
            let mut probe = seq;
            let mut first = probe.sequence().ok_or_else(bad)?;
            if first.peek_tag() == Some(TAG_OID) {
                let kind = algorithm_identifier(&mut seq, false)?;
                seq.read(TAG_BIT_STRING).ok_or_else(bad)?;
                return Ok((kind, der));
            }
            // tbsCertificate: [0] version?, serial, signature, issuer, validity, subject, spki
            if first.peek_tag() == Some(0xA0) {
                first.read_any();
            }
            for _ in 0..5 {
                first.read_any().ok_or_else(bad)?;
            }
            let before = first;
            let mut spki_reader = first;
            spki_reader.sequence().ok_or_else(bad)?;
            let consumed = before.data.len() - spki_reader.data.len();
            let spki = &before.data[..consumed];
            let (kind, _) = classify(spki)?;
            Ok((kind, spki))
        }
        _ => Err(bad()),
    }
}

/// The subjectPublicKey bytes of an SPKI (the BIT STRING without its unused-bits byte).
pub(crate) fn spki_public_key(spki: &[u8]) -> Option<&[u8]> {
    let mut seq = Reader::new(spki).sequence()?;
    seq.sequence()?;
    match seq.read(TAG_BIT_STRING)?.split_first()? {
        (0, bits) => Some(bits),
        _ => None,
    }
}

/// The eight integers of an RSA private key (n, e, d, p, q, dp, dq, qi), big-endian without leading zeros,
/// from its PKCS#8 form.
pub(crate) fn rsa_private_integers(pkcs8: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut info = Reader::new(pkcs8).sequence()?;
    info.read(TAG_INTEGER)?;
    info.sequence()?;
    let mut key = Reader::new(info.read(TAG_OCTET_STRING)?).sequence()?;
    key.read(TAG_INTEGER)?; // version
    (0..8)
        .map(|_| {
            let int = key.read(TAG_INTEGER)?;
            let start = int.iter().position(|&b| b != 0).unwrap_or(int.len());
            Some(int[start..].to_vec())
        })
        .collect()
}

/// PEM text for `der` under `label`, with 64-character lines.
pub(crate) fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// One PEM block: its label and DER contents.
#[derive(Debug)]
pub(crate) struct Pem {
    pub(crate) label: String,
    pub(crate) der: Vec<u8>,
}

/// Whether `data` contains a PEM block anywhere: OpenSSL exports put "Bag Attributes" and other text before
/// the `-----BEGIN` line, and a key file must never pass for an HMAC secret because of a preamble.
pub(crate) fn looks_like_pem(data: &[u8]) -> bool {
    marker_positions(data, b"-").any(|at| data[at..].starts_with(b"-----BEGIN "))
}

/// Positions in `data` holding one of `firsts`: one pass, so screening a secret stays cheap on hot paths.
fn marker_positions<'d>(data: &'d [u8], firsts: &'d [u8]) -> impl Iterator<Item = usize> + 'd {
    data.iter()
        .enumerate()
        .filter(|(_, b)| firsts.contains(b))
        .map(|(i, _)| i)
}

/// Decodes the first PEM block of `data`.
pub(crate) fn parse_pem(data: &[u8]) -> Result<Pem> {
    let bad = |what: &str| Error::invalid_key(format!("The PEM text is malformed: {what}."));
    let text = std::str::from_utf8(data).map_err(|_| bad("it is not UTF-8"))?;
    let begin = text
        .find("-----BEGIN ")
        .ok_or_else(|| bad("no BEGIN line"))?;
    let rest = &text[begin + 11..];
    let label_end = rest
        .find("-----")
        .ok_or_else(|| bad("an unterminated BEGIN line"))?;
    let label = &rest[..label_end];
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_end
        .find(&end_marker)
        .ok_or_else(|| bad("no matching END line"))?;
    let body = &body_and_end[..end];
    if body.contains("Proc-Type:") || label == "ENCRYPTED PRIVATE KEY" {
        return Err(Error::invalid_key(
            "Encrypted private keys are not supported; decrypt the key first.",
        ));
    }
    let b64: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| bad("its base64 is invalid"))?;
    Ok(Pem {
        label: label.to_owned(),
        der,
    })
}

/// Whether `data` contains an OpenSSH key (a public key line, possibly after `authorized_keys` options, or a
/// private key block), which must never be an HMAC secret.
pub(crate) fn looks_like_ssh(data: &[u8]) -> bool {
    const MARKERS: [&[u8]; 7] = [
        b"ssh-rsa AAAA",
        b"ssh-ed25519 AAAA",
        b"ssh-dss AAAA",
        b"ecdsa-sha2-nistp",
        b"sk-ecdsa-sha2-nistp",
        b"sk-ssh-ed25519",
        b"-----BEGIN OPENSSH PRIVATE KEY-----",
    ];
    marker_positions(data, b"se-").any(|at| MARKERS.iter().any(|m| data[at..].starts_with(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_minimal_and_truncated_lengths() {
        assert!(Reader::new(&[0x30, 0x81, 0x05, 1, 2, 3, 4, 5])
            .read_any()
            .is_none());
        assert!(Reader::new(&[0x30, 0x80]).read_any().is_none());
        assert!(Reader::new(&[0x30, 0x05, 1]).read_any().is_none());
        assert!(Reader::new(&[0x30, 0x00]).read_any().is_some());
    }

    #[test]
    fn classify_rejects_garbage() {
        for data in [
            &b""[..],
            b"\x30",
            b"\x30\x00",
            b"\x02\x01\x00",
            b"\x30\x03\x02\x01\x00\x00",
        ] {
            assert_eq!(classify(data).unwrap_err().code(), "invalid_key");
        }
    }

    #[test]
    fn pem_detection() {
        assert!(looks_like_pem(b"\n  -----BEGIN PUBLIC KEY-----\n"));
        assert!(looks_like_pem(
            b"Bag Attributes\n    friendlyName: x\n-----BEGIN CERTIFICATE-----\n"
        ));
        assert!(!looks_like_pem(b"a secret with -----BEGINNING but no PEM"));
        assert!(looks_like_ssh(b"ssh-ed25519 AAAAC3Nz user@host"));
        assert!(looks_like_ssh(
            b"command=\"x\",no-pty ssh-rsa AAAAB3Nza user@host"
        ));
        assert!(!looks_like_ssh(b"ssh"));
        assert_eq!(
            parse_pem(b"-----BEGIN X-----\nAAAA\n").unwrap_err().code(),
            "invalid_key"
        );
        let pem = parse_pem(b"-----BEGIN X-----\nAAEC\n-----END X-----\n").unwrap();
        assert_eq!(
            (pem.label.as_str(), pem.der.as_slice()),
            ("X", &[0u8, 1, 2][..])
        );
    }
}
