"""PyJWT's helpers (``jwt.utils``): base64url, integers as base64url, ECDSA signature formats, key sniffing.

``base64url_decode`` here is PyJWT's lenient helper (it restores missing padding); tokens themselves are
decoded strictly by ``jwt.api_jws``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

__all__ = [
    "base64url_decode",
    "base64url_encode",
    "bytes_from_int",
    "bytes_to_number",
    "der_to_raw_signature",
    "force_bytes",
    "from_base64url_uint",
    "is_pem_format",
    "is_ssh_key",
    "number_to_bytes",
    "raw_to_der_signature",
    "to_base64url_uint",
]


def force_bytes(value: bytes | str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise TypeError("Expected a string or bytes value")


def base64url_decode(input: bytes | str) -> bytes:  # noqa: A002 (PyJWT's parameter name)
    data = force_bytes(input)
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


def base64url_encode(input: bytes) -> bytes:  # noqa: A002
    return base64.urlsafe_b64encode(input).rstrip(b"=")


def bytes_from_int(val: int, *, bit_length: int | None = None) -> bytes:
    if bit_length is None:
        bit_length = val.bit_length()
    return val.to_bytes((bit_length + 7) // 8, "big", signed=False)


def to_base64url_uint(val: int, *, bit_length: int | None = None) -> bytes:
    if val < 0:
        raise ValueError("Must be a positive integer")
    return base64url_encode(bytes_from_int(val, bit_length=bit_length) or b"\x00")


def from_base64url_uint(val: bytes | str) -> int:
    return int.from_bytes(base64url_decode(force_bytes(val)), "big")


def number_to_bytes(num: int, num_bytes: int) -> bytes:
    return num.to_bytes(num_bytes, "big")


def bytes_to_number(string: bytes) -> int:
    return int(binascii.b2a_hex(string), 16)


def _curve_bytes(curve: Any) -> int:
    bits = curve if isinstance(curve, int) else curve.key_size
    return (int(bits) + 7) // 8


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _der_integer(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")  # a leading zero keeps it positive
    while len(body) > 1 and body[0] == 0 and body[1] < 0x80:
        body = body[1:]
    return b"\x02" + _der_length(len(body)) + body


def _der_read(data: bytes, pos: int, tag: int) -> tuple[bytes, int]:
    if pos + 2 > len(data) or data[pos] != tag:
        raise ValueError("Invalid DER signature")
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("Invalid DER signature")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("Invalid DER signature")
    return data[pos : pos + length], pos + length


def der_to_raw_signature(der_sig: bytes, curve: Any) -> bytes:
    """An ECDSA signature from DER (``SEQUENCE { r, s }``) to JWS's fixed-width ``r || s``."""
    size = _curve_bytes(curve)
    body, end = _der_read(der_sig, 0, 0x30)
    if end != len(der_sig):
        raise ValueError("Invalid DER signature")
    r, pos = _der_read(body, 0, 0x02)
    s, pos = _der_read(body, pos, 0x02)
    if pos != len(body):
        raise ValueError("Invalid DER signature")
    return number_to_bytes(int.from_bytes(r, "big"), size) + number_to_bytes(int.from_bytes(s, "big"), size)


def raw_to_der_signature(raw_sig: bytes, curve: Any) -> bytes:
    """A JWS ECDSA signature (``r || s``) to DER."""
    size = _curve_bytes(curve)
    if len(raw_sig) != 2 * size:
        raise ValueError("Invalid signature")
    body = _der_integer(bytes_to_number(raw_sig[:size])) + _der_integer(bytes_to_number(raw_sig[size:]))
    return b"\x30" + _der_length(len(body)) + body


_PEM_LABELS = (
    b"CERTIFICATE",
    b"TRUSTED CERTIFICATE",
    b"PRIVATE KEY",
    b"PUBLIC KEY",
    b"ENCRYPTED PRIVATE KEY",
    b"OPENSSH PRIVATE KEY",
    b"DSA PRIVATE KEY",
    b"RSA PRIVATE KEY",
    b"RSA PUBLIC KEY",
    b"EC PRIVATE KEY",
    b"DH PARAMETERS",
    b"NEW CERTIFICATE REQUEST",
    b"CERTIFICATE REQUEST",
    b"SSH2 PUBLIC KEY",
    b"SSH2 ENCRYPTED PRIVATE KEY",
    b"X509 CRL",
)
# A marker is "-----BEGIN <label>-----" (PEM loaders also take a space in place of the outer dashes);
# the lookahead finds markers that overlap each other.
_PEM_MARKER = re.compile(b"(?=(----[- ](BEGIN|END) (" + b"|".join(_PEM_LABELS) + b")[- ]----))")

_SSH_KEY_FORMATS = (
    b"ssh-ed25519",
    b"ssh-rsa",
    b"ssh-dss",
    b"ecdsa-sha2-nistp256",
    b"ecdsa-sha2-nistp384",
    b"ecdsa-sha2-nistp521",
)


def is_pem_format(key: bytes) -> bool:
    """Whether ``key`` holds a PEM block: a BEGIN marker followed, later, by the END marker of its label."""
    begun: dict[bytes, int] = {}
    for marker in _PEM_MARKER.finditer(key):
        kind, label = marker.group(2), marker.group(3)
        if kind == b"BEGIN":
            begun.setdefault(label, marker.end(1))
        elif label in begun and begun[label] <= marker.start(1):
            return True
    return False


def is_ssh_key(key: bytes) -> bool:
    """Whether ``key`` starts like an OpenSSH public key line."""
    return key.startswith(_SSH_KEY_FORMATS)
