"""PyJWT's ``PyJWK`` and ``PyJWKSet`` (``jwt.api_jwk``): JWKs parsed once by jetwt.

``PyJWK.key`` is what PyJWT's is (the HMAC secret bytes, or a ``cryptography`` key object when
``cryptography`` is installed, else a ``jetwt.Key``); encoding and decoding with a ``PyJWK`` use the key
jetwt parsed, without a round trip through ``cryptography``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import jetwt

from . import _native
from .algorithms import HMACAlgorithm, _rsa_complete, get_default_algorithms, has_crypto
from .exceptions import InvalidKeyError, MissingCryptographyError, PyJWKError, PyJWKSetError, PyJWTError
from .types import JWKDict

__all__ = ["PyJWK", "PyJWKSet", "PyJWTSetWithTimestamp"]

_UNSET: Any = object()


def _default_algorithm(jwk_data: JWKDict, kty: str) -> str:
    crv = jwk_data.get("crv", None)
    if kty == "EC":
        by_curve = {None: "ES256", "": "ES256", "P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
        by_curve["secp256k1"] = "ES256K"
        if crv in by_curve:
            return by_curve[crv]
        raise InvalidKeyError(f"Unsupported crv: {crv}")
    if kty == "RSA":
        return "RS256"
    if kty == "oct":
        return "HS256"
    if kty == "OKP":
        if not crv:
            raise InvalidKeyError(f"crv is not found: {jwk_data}")
        if crv == "Ed25519":
            return "EdDSA"
        raise InvalidKeyError(f"Unsupported crv: {crv}")
    raise InvalidKeyError(f"Unsupported kty: {kty}")


class PyJWK:
    """A JSON Web Key (RFC 7517) bound to one algorithm: its ``alg``, the ``algorithm`` given, or the default
    for its ``kty``/``crv``."""

    def __init__(self, jwk_data: JWKDict, algorithm: str | None = None) -> None:
        self._jwk_data = jwk_data
        kty = jwk_data.get("kty", None) if isinstance(jwk_data, dict) else None
        if not kty:
            raise InvalidKeyError(f"kty is not found: {jwk_data}")
        if not algorithm:
            algorithm = jwk_data.get("alg", None)
        if not algorithm:
            algorithm = _default_algorithm(jwk_data, kty)
        self.algorithm_name: str = algorithm
        try:
            self.Algorithm = get_default_algorithms()[algorithm]
        except (KeyError, TypeError):
            raise PyJWKError(f"Unable to find an algorithm for key: {jwk_data}") from None

        # jetwt parses the key, without the members that would bind it to another algorithm than the one
        # chosen here (PyJWS checks the token's "alg" against algorithm_name).
        self._secret_length = 0
        self._key: Any = _UNSET
        try:
            if isinstance(self.Algorithm, HMACAlgorithm):
                secret = HMACAlgorithm.from_jwk(jwk_data)
                self._secret_length = len(secret)
                self._key = secret
            members = {k: v for k, v in jwk_data.items() if k not in ("alg", "kid")}
            if kty == "RSA":
                members = _rsa_complete(members)
            self._native: jetwt.Key = jetwt.Key.from_jwk(members)
        except jetwt.JwtError as error:
            raise InvalidKeyError(f"Unable to construct key from JWK: {error}") from None
        except (TypeError, ValueError) as error:
            raise InvalidKeyError(f"Unable to construct key from JWK: {error}") from error
        if not isinstance(self.Algorithm, HMACAlgorithm):
            family = _native.key_family(self._native)[0]
            expected = getattr(self.Algorithm, "_family", None)
            if family != expected:
                raise InvalidKeyError(f"Unable to construct key from JWK: {kty} key for {algorithm}")

    @property
    def key(self) -> Any:
        """The key as PyJWT gives it: secret bytes, or a ``cryptography`` key object (``jetwt.Key`` without
        ``cryptography``)."""
        if self._key is _UNSET:
            self._key = _native.to_crypto(self._native) if has_crypto else self._native
        return self._key

    @key.setter
    def key(self, value: Any) -> None:
        self._key = value

    @staticmethod
    def from_dict(obj: JWKDict, algorithm: str | None = None) -> PyJWK:
        return PyJWK(obj, algorithm)

    @staticmethod
    def from_json(data: str, algorithm: str | None = None) -> PyJWK:
        return PyJWK.from_dict(json.loads(data), algorithm)

    @property
    def key_type(self) -> str | None:
        return self._jwk_data.get("kty", None)

    @property
    def key_id(self) -> str | None:
        return self._jwk_data.get("kid", None)

    @property
    def public_key_use(self) -> str | None:
        return self._jwk_data.get("use", None)


class PyJWKSet:
    """The usable keys of a JWK set (keys jetwt cannot use are skipped)."""

    def __init__(self, keys: list[JWKDict]) -> None:
        self.keys: list[PyJWK] = []
        if not keys:
            raise PyJWKSetError("The JWK Set did not contain any keys")
        if not isinstance(keys, list):
            raise PyJWKSetError("Invalid JWK Set value")
        for key in keys:
            if not isinstance(key, dict):
                continue
            try:
                self.keys.append(PyJWK(key))
            except MissingCryptographyError:
                raise
            except PyJWTError:
                continue
        if not self.keys:
            raise PyJWKSetError("The JWK Set did not contain any usable keys.")

    @staticmethod
    def from_dict(obj: dict[str, Any]) -> PyJWKSet:
        return PyJWKSet(obj.get("keys", []))

    @staticmethod
    def from_json(data: str) -> PyJWKSet:
        return PyJWKSet.from_dict(json.loads(data))

    def __getitem__(self, kid: str) -> PyJWK:
        for key in self.keys:
            if key.key_id == kid:
                return key
        raise KeyError(f"keyset has no key for kid: {kid}")

    def __iter__(self) -> Iterator[PyJWK]:
        return iter(self.keys)


class PyJWTSetWithTimestamp:
    """A ``PyJWKSet`` and when it was stored (``time.monotonic()``)."""

    def __init__(self, jwk_set: PyJWKSet) -> None:
        self.jwk_set = jwk_set
        self.timestamp = time.monotonic()

    def get_jwk_set(self) -> PyJWKSet:
        return self.jwk_set

    def get_timestamp(self) -> float:
        return self.timestamp
