"""PyJWT's exception tree (``jwt.exceptions``): the same class names, bases and messages.

These are plain Python exceptions, separate from ``jetwt.JwtError``: code written for PyJWT catches
``jwt.InvalidTokenError`` and friends, and this module raises exactly those.
"""

from __future__ import annotations

__all__ = [
    "DecodeError",
    "ExpiredSignatureError",
    "ImmatureSignatureError",
    "InvalidAlgorithmError",
    "InvalidAudienceError",
    "InvalidIssuedAtError",
    "InvalidIssuerError",
    "InvalidJTIError",
    "InvalidKeyError",
    "InvalidSignatureError",
    "InvalidSubjectError",
    "InvalidTokenError",
    "MissingCryptographyError",
    "MissingRequiredClaimError",
    "PyJWKClientConnectionError",
    "PyJWKClientError",
    "PyJWKError",
    "PyJWKSetError",
    "PyJWTError",
]


class PyJWTError(Exception):
    """Base class of every error this module raises."""


class InvalidTokenError(PyJWTError):
    """A token was refused by ``decode()``."""


class DecodeError(InvalidTokenError):
    """The token could not be decoded: structure, base64url, JSON, or a claim of the wrong type."""


class InvalidSignatureError(DecodeError):
    """The signature does not verify."""


class ExpiredSignatureError(InvalidTokenError):
    """``exp`` is in the past."""


class InvalidAudienceError(InvalidTokenError):
    """``aud`` does not name the expected audience."""


class InvalidIssuerError(InvalidTokenError):
    """``iss`` is not the expected issuer."""


class InvalidIssuedAtError(InvalidTokenError):
    """``iat`` is not a number."""


class ImmatureSignatureError(InvalidTokenError):
    """``nbf`` or ``iat`` is in the future."""


class InvalidKeyError(PyJWTError):
    """The key is unusable for the algorithm."""


class InvalidAlgorithmError(InvalidTokenError):
    """The algorithm is unknown or not allowed."""


class MissingRequiredClaimError(InvalidTokenError):
    """A required claim is absent (``.claim`` names it)."""

    def __init__(self, claim: str) -> None:
        self.claim = claim

    def __str__(self) -> str:
        return f'Token is missing the "{self.claim}" claim'


class PyJWKError(PyJWTError):
    """A JWK could not be used."""


class MissingCryptographyError(PyJWKError):
    """Kept for compatibility: jetwt needs no ``cryptography`` for any algorithm, so this is never raised."""


class PyJWKSetError(PyJWTError):
    """A JWK set could not be used."""


class PyJWKClientError(PyJWTError):
    """The JWKS endpoint gave no usable key."""


class PyJWKClientConnectionError(PyJWKClientError):
    """The JWKS endpoint could not be reached."""


class InvalidSubjectError(InvalidTokenError):
    """``sub`` is not a string, or not the expected subject."""


class InvalidJTIError(InvalidTokenError):
    """``jti`` is not a string."""
