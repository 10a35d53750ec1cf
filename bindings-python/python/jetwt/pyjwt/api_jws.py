"""PyJWT's ``PyJWS`` (``jwt.api_jws``): JWS compact serialisation over any payload bytes.

Tokens are assembled here exactly as PyJWT writes them (header members sorted, compact separators), so the
same input gives the same token; the signature is computed and checked by jetwt's native core.

Reading is jetwt-strict where PyJWT is lenient: segments must be canonical base64url without ``=`` padding,
header JSON must be valid UTF-8 without duplicate member names, ``NaN``/``Infinity`` literals or lone
surrogates, and a token is at most 256 KiB.
"""

from __future__ import annotations

import base64
import json
import re
import warnings
from collections.abc import Sequence
from typing import Any

from . import _native
from .algorithms import Algorithm, get_default_algorithms
from .api_jwk import PyJWK
from .exceptions import DecodeError, InvalidAlgorithmError, InvalidSignatureError, InvalidTokenError
from .types import SigOptions
from .warnings import RemovedInPyjwt3Warning

__all__ = [
    "PyJWS",
    "decode",
    "decode_complete",
    "encode",
    "get_algorithm_by_name",
    "get_unverified_header",
    "register_algorithm",
    "unregister_algorithm",
]

_ALGORITHM_UNSET: Any = object()
_MAX_TOKEN_BYTES = 256 * 1024
_BASE64URL = re.compile(rb"[A-Za-z0-9_-]*\Z")
_BASE64URL_VALUES = {
    c: i for i, c in enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
}


def _b64encode(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


class PyJWS:
    """Signs and verifies JWS compact tokens whose payload is any bytes."""

    header_typ = "JWT"

    def __init__(self, algorithms: Sequence[str] | None = None, options: SigOptions | None = None) -> None:
        self._algorithms = get_default_algorithms()
        self._valid_algs = set(algorithms) if algorithms is not None else set(self._algorithms)
        for name in list(self._algorithms):
            if name not in self._valid_algs:
                del self._algorithms[name]
        self.options: SigOptions = self._get_default_options()
        if options is not None:
            self.options = {**self.options, **options}
        self._header_cache: dict[tuple[str, str, bool], bytes] = {}

    @staticmethod
    def _get_default_options() -> SigOptions:
        return {"verify_signature": True, "enforce_minimum_key_length": False}

    def register_algorithm(self, alg_id: str, alg_obj: Algorithm) -> None:
        """Adds ``alg_obj`` under the name ``alg_id``."""
        if alg_id in self._algorithms:
            raise ValueError("Algorithm already has a handler.")
        if not isinstance(alg_obj, Algorithm):
            raise TypeError("Object is not of type `Algorithm`")
        self._algorithms[alg_id] = alg_obj
        self._valid_algs.add(alg_id)
        self._header_cache.clear()

    def unregister_algorithm(self, alg_id: str) -> None:
        """Removes the algorithm named ``alg_id`` (``KeyError`` if there is none)."""
        if alg_id not in self._algorithms:
            raise KeyError("The specified algorithm could not be removed because it is not registered.")
        del self._algorithms[alg_id]
        self._valid_algs.remove(alg_id)
        self._header_cache.clear()

    def get_algorithms(self) -> list[str]:
        """The names ``alg`` may take."""
        return list(self._valid_algs)

    def get_algorithm_by_name(self, alg_name: str) -> Algorithm:
        """The algorithm object named ``alg_name`` (``NotImplementedError`` if there is none)."""
        try:
            return self._algorithms[alg_name]
        except (KeyError, TypeError):
            raise NotImplementedError("Algorithm not supported") from None

    def encode(
        self,
        payload: bytes,
        key: Any,
        algorithm: str | None = _ALGORITHM_UNSET,
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        is_payload_detached: bool = False,
        sort_headers: bool = True,
    ) -> str:
        """The compact JWS of ``payload`` signed with ``key``."""
        if algorithm is _ALGORITHM_UNSET:
            alg = key.algorithm_name if isinstance(key, PyJWK) else "HS256"
        elif algorithm is None:
            alg = key.algorithm_name if isinstance(key, PyJWK) else "none"
        else:
            alg = algorithm
        if headers:
            if headers.get("alg"):
                alg = headers["alg"]
            if headers.get("b64") is False:
                is_payload_detached = True

        if not headers and json_encoder is None and not is_payload_detached and isinstance(alg, str):
            cache_key = (self.header_typ, alg, sort_headers)
            encoded_header = self._header_cache.get(cache_key)
            if encoded_header is None:
                encoded_header = self._encoded_header({}, alg, None, False, sort_headers)
                self._header_cache[cache_key] = encoded_header
        else:
            encoded_header = self._encoded_header(
                headers or {}, alg, json_encoder, is_payload_detached, sort_headers
            )

        body = payload if is_payload_detached else _b64encode(payload)
        signing_input = encoded_header + b"." + body
        alg_obj = self.get_algorithm_by_name(alg)
        signature = alg_obj._jws_sign(
            signing_input, key, bool(self.options.get("enforce_minimum_key_length", False))
        )
        if is_payload_detached:
            return (encoded_header + b".." + _b64encode(signature)).decode("ascii")
        return (signing_input + b"." + _b64encode(signature)).decode("ascii")

    def _encoded_header(
        self,
        headers: dict[str, Any],
        alg: Any,
        json_encoder: type[json.JSONEncoder] | None,
        detached: bool,
        sort_headers: bool,
    ) -> bytes:
        header: dict[str, Any] = {"typ": self.header_typ, "alg": alg}
        if headers:
            self._validate_headers(headers, encoding=True)
            header.update(headers)
        if not header["typ"]:
            del header["typ"]
        if detached:
            # RFC 7797 §3: "b64" in the protected header must be listed in "crit".
            header["b64"] = False
            crit = header.get("crit", [])
            if not isinstance(crit, list):
                raise InvalidTokenError("Invalid 'crit' header: must be a list")
            if "b64" not in crit:
                header["crit"] = [*crit, "b64"]
        elif "b64" in header:
            del header["b64"]
        text = json.dumps(header, separators=(",", ":"), cls=json_encoder, sort_keys=sort_headers)
        return _b64encode(text.encode("utf-8"))

    def decode_complete(
        self,
        jwt: str | bytes,
        key: Any = "",
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
        detached_payload: bytes | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """``{"payload": bytes, "header": dict, "signature": bytes}`` of a verified token."""
        if kwargs:
            warnings.warn(
                "passing additional kwargs to decode_complete() is deprecated and will be removed in pyjwt "
                f"version 3. Unsupported kwargs: {tuple(kwargs.keys())}",
                RemovedInPyjwt3Warning,
                stacklevel=2,
            )
        merged: SigOptions = self.options if options is None else {**self.options, **options}
        verify_signature = merged["verify_signature"]
        if verify_signature and not algorithms and not isinstance(key, PyJWK):
            raise DecodeError(
                'It is required that you pass in a value for the "algorithms" argument when calling decode().'
            )

        payload, signing_input, header, signature = self._load(jwt)
        self._validate_headers(header)

        unencoded = header.get("b64", True) is False
        if detached_payload is not None and not unencoded:
            raise DecodeError(
                'It is only valid to pass "detached_payload" when the protected header has "b64" set to '
                "false."
            )
        if unencoded:
            crit = header.get("crit") or []
            if not isinstance(crit, list) or "b64" not in crit:
                raise InvalidTokenError("The 'b64' header parameter requires 'b64' to be listed in 'crit'.")
            if detached_payload is None:
                raise DecodeError(
                    'It is required that you pass in a value for the "detached_payload" argument to decode a '
                    "message having the b64 header set to false."
                )
            payload = detached_payload
            signing_input = signing_input.rsplit(b".", 1)[0] + b"." + payload

        if verify_signature:
            self._verify_signature(signing_input, header, signature, key, algorithms, options=merged)

        return {"payload": payload, "header": header, "signature": signature}

    def decode(
        self,
        jwt: str | bytes,
        key: Any = "",
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
        detached_payload: bytes | None = None,
        **kwargs: Any,
    ) -> Any:
        """The payload bytes of a verified token."""
        if kwargs:
            warnings.warn(
                "passing additional kwargs to decode() is deprecated and will be removed in pyjwt version 3. "
                f"Unsupported kwargs: {tuple(kwargs.keys())}",
                RemovedInPyjwt3Warning,
                stacklevel=2,
            )
        return self.decode_complete(jwt, key, algorithms, options, detached_payload=detached_payload)[
            "payload"
        ]

    def get_unverified_header(self, jwt: str | bytes) -> dict[str, Any]:
        """The header, **unverified**: do not trust it before ``decode()`` succeeds."""
        header = self._load(jwt)[2]
        self._validate_headers(header)
        return header

    @staticmethod
    def _decode_base64url_segment(segment: bytes, name: str) -> bytes:
        """Strict base64url: the URL-safe alphabet only, no ``=`` padding, no stray bits in the last digit."""
        size = len(segment)
        rest = size % 4
        if rest == 1 or not _BASE64URL.match(segment):
            raise DecodeError(f"Invalid {name} padding")
        if rest and _BASE64URL_VALUES[segment[-1]] & (0x0F if rest == 2 else 0x03):
            raise DecodeError(f"Invalid {name} padding")
        return base64.urlsafe_b64decode(segment + b"=" * (-size % 4))

    def _load(self, jwt: str | bytes) -> tuple[bytes, bytes, dict[str, Any], bytes]:
        if isinstance(jwt, str):
            jwt = jwt.encode("utf-8")
        if not isinstance(jwt, bytes):
            raise DecodeError(f"Invalid token type. Token must be a {bytes}")
        if len(jwt) > _MAX_TOKEN_BYTES:
            raise DecodeError(f"The token is {len(jwt)} bytes, over the limit of {_MAX_TOKEN_BYTES}.")
        try:
            signing_input, crypto_segment = jwt.rsplit(b".", 1)
            header_segment, payload_segment = signing_input.split(b".", 1)
        except ValueError:
            raise DecodeError("Not enough segments") from None

        header_data = self._decode_base64url_segment(header_segment, "header")
        try:
            header = _native.strict_loads(header_data)
        except (ValueError, RecursionError) as error:
            raise DecodeError(f"Invalid header string: {error}") from error
        if not isinstance(header, dict):
            raise DecodeError("Invalid header string: must be a json object")

        if header.get("b64", True) is False:
            # RFC 7515 Appendix F: the payload travels separately, and its segment stays empty.
            if payload_segment:
                raise DecodeError("Payload segment must be empty when 'b64' is false.")
            payload = b""
        else:
            payload = self._decode_base64url_segment(payload_segment, "payload")
        signature = self._decode_base64url_segment(crypto_segment, "crypto")
        return payload, signing_input, header, signature

    def _verify_signature(
        self,
        signing_input: bytes,
        header: dict[str, Any],
        signature: bytes,
        key: Any = "",
        algorithms: Sequence[str] | None = None,
        options: SigOptions | None = None,
    ) -> None:
        effective = options if options is not None else self.options
        if isinstance(algorithms, str):
            algorithms = [algorithms]  # a bare name, not letters to match against
        if algorithms is None and isinstance(key, PyJWK):
            algorithms = [key.algorithm_name]
        if "alg" not in header:
            raise InvalidAlgorithmError("Algorithm not specified")
        alg = header["alg"]
        if not alg or (algorithms is not None and alg not in algorithms):
            raise InvalidAlgorithmError("The specified alg value is not allowed")

        if isinstance(key, PyJWK):
            # The key's algorithm, fixed when it was loaded, is the one that verifies.
            if alg != key.algorithm_name:
                raise InvalidAlgorithmError(
                    f"Token algorithm {alg!r} does not match the key's algorithm {key.algorithm_name!r}"
                )
            alg_obj = key.Algorithm
        else:
            try:
                alg_obj = self.get_algorithm_by_name(alg)
            except NotImplementedError:
                raise InvalidAlgorithmError("Algorithm not supported") from None

        enforce = bool(effective.get("enforce_minimum_key_length", False))
        if not alg_obj._jws_verify(signing_input, key, signature, enforce):
            raise InvalidSignatureError("Signature verification failed")

    # The critical header extensions understood here (RFC 7797's unencoded payload).
    _supported_crit: set[str] = {"b64"}

    def _validate_headers(self, headers: dict[str, Any], *, encoding: bool = False) -> None:
        if "kid" in headers:
            self._validate_kid(headers["kid"])
        if not encoding and "crit" in headers:
            self._validate_crit(headers)

    def _validate_kid(self, kid: Any) -> None:
        if not isinstance(kid, str):
            raise InvalidTokenError("Key ID header parameter must be a string")

    def _validate_crit(self, headers: dict[str, Any]) -> None:
        crit = headers["crit"]
        if not isinstance(crit, list) or not crit:
            raise InvalidTokenError("Invalid 'crit' header: must be a non-empty list")
        for ext in crit:
            if not isinstance(ext, str):
                raise InvalidTokenError("Invalid 'crit' header: values must be strings")
            if ext not in self._supported_crit:
                raise InvalidTokenError(f"Unsupported critical extension: {ext}")
            if ext not in headers:
                raise InvalidTokenError(f"Critical extension '{ext}' is missing from headers")


_jws_global_obj = PyJWS()
encode = _jws_global_obj.encode
decode_complete = _jws_global_obj.decode_complete
decode = _jws_global_obj.decode
register_algorithm = _jws_global_obj.register_algorithm
unregister_algorithm = _jws_global_obj.unregister_algorithm
get_algorithm_by_name = _jws_global_obj.get_algorithm_by_name
get_unverified_header = _jws_global_obj.get_unverified_header
