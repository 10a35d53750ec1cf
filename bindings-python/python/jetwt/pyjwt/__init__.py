"""PyJWT 2.15's API on jetwt's native core: ``import jetwt.pyjwt as jwt``.

The functions, classes, options, exceptions and warnings of PyJWT 2.15.1, with the same names and messages,
and the submodules ``algorithms``, ``api_jwt``, ``api_jws``, ``api_jwk``, ``jwks_client``, ``jwk_set_cache``,
``exceptions``, ``warnings``, ``types`` and ``utils``. Tokens are byte-identical to PyJWT's for the same
input; signatures are made and checked by jetwt (PEM keys are parsed once and cached), and every algorithm
works without ``cryptography`` (its key objects are accepted when it is installed).

Where PyJWT is more lenient than jetwt, jetwt's rules apply (the README's migration section lists them):
padded or non-canonical base64url, duplicate JSON names, ``NaN``/``Infinity``, registered claims of the wrong
type, key-like text as an HMAC secret, RSA keys under 2048 bits; and Ed448 is not available.
"""

from __future__ import annotations

from .api_jwk import PyJWK, PyJWKSet
from .api_jws import (
    PyJWS,
    get_algorithm_by_name,
    get_unverified_header,
    register_algorithm,
    unregister_algorithm,
)
from .api_jwt import PyJWT, decode, decode_complete, encode
from .exceptions import (
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidTokenError,
    MissingRequiredClaimError,
    PyJWKClientConnectionError,
    PyJWKClientError,
    PyJWKError,
    PyJWKSetError,
    PyJWTError,
)
from .jwks_client import PyJWKClient
from .warnings import InsecureKeyLengthWarning

#: The PyJWT release whose API this module provides.
__version__ = "2.15.1"

__all__ = [
    "DecodeError",
    "ExpiredSignatureError",
    "ImmatureSignatureError",
    "InsecureKeyLengthWarning",
    "InvalidAlgorithmError",
    "InvalidAudienceError",
    "InvalidIssuedAtError",
    "InvalidIssuerError",
    "InvalidKeyError",
    "InvalidSignatureError",
    "InvalidTokenError",
    "MissingRequiredClaimError",
    "PyJWKClient",
    "PyJWKClientConnectionError",
    "PyJWKClientError",
    "PyJWKError",
    "PyJWKSetError",
    "PyJWS",
    "PyJWT",
    "PyJWK",
    "PyJWKSet",
    "PyJWTError",
    "decode",
    "decode_complete",
    "encode",
    "get_algorithm_by_name",
    "get_unverified_header",
    "register_algorithm",
    "unregister_algorithm",
]
