"""jetwt: JSON Web Tokens done strictly and fast, on one Rust core shared with the Node package.

- ``encode(claims, key, algorithm=...)`` signs;
  ``verify(token, key, algorithms=[...])`` checks and returns the claims.
- ``decode(token)`` only inspects: it takes no key and verifies nothing.
- ``Key``/``KeySet`` are parsed once; ``Signer``/``Verifier`` prepare everything once for many tokens.
- Every error is a ``JwtError`` (a ``ValueError``) with a stable ``code``.
"""

from ._jetwt import (
    ALGORITHMS,
    ERROR_CODES,
    Decoded,
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidClaimError,
    InvalidIssuerError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidSubjectError,
    InvalidTypeError,
    JwtError,
    Key,
    KeyNotFoundError,
    KeySet,
    MissingRequiredClaimError,
    Signer,
    Verifier,
    __version__,
    decode,
    decode_header,
    encode,
    verify,
)

__all__ = [
    "ALGORITHMS",
    "ERROR_CODES",
    "DecodeError",
    "Decoded",
    "ExpiredSignatureError",
    "ImmatureSignatureError",
    "InvalidAlgorithmError",
    "InvalidAudienceError",
    "InvalidClaimError",
    "InvalidIssuerError",
    "InvalidKeyError",
    "InvalidSignatureError",
    "InvalidSubjectError",
    "InvalidTypeError",
    "JwtError",
    "Key",
    "KeyNotFoundError",
    "KeySet",
    "MissingRequiredClaimError",
    "Signer",
    "Verifier",
    "__version__",
    "decode",
    "decode_header",
    "encode",
    "verify",
]
