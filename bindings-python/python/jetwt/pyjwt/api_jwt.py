"""PyJWT's ``PyJWT`` and ``encode``/``decode``/``decode_complete`` (``jwt.api_jwt``).

Payloads are serialised as PyJWT does (``json.dumps`` with compact separators, claims in insertion order), so
tokens are byte-identical to PyJWT's for the same input. Claims are checked with PyJWT's options and
messages, plus jetwt's rules where PyJWT is lenient: ``exp``/``nbf``/``iat`` must be finite JSON numbers
(not strings or booleans), ``iss`` must be a string whenever it is present, and the payload must be strict
JSON (no duplicate names, no ``NaN``/``Infinity``).
"""

from __future__ import annotations

import json
import math
import time
import warnings
from calendar import timegm
from collections.abc import Container, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from . import _native
from .api_jws import _ALGORITHM_UNSET, PyJWS, _jws_global_obj
from .exceptions import (
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidJTIError,
    InvalidSubjectError,
    MissingRequiredClaimError,
)
from .types import FullOptions, Options, SigOptions
from .warnings import RemovedInPyjwt3Warning

__all__ = ["PyJWT", "decode", "decode_complete", "encode"]

_TIME_CLAIMS = ("exp", "iat", "nbf")
_TIME_MESSAGES = {
    "exp": "Expiration Time claim (exp) must be an integer.",
    "nbf": "Not Before claim (nbf) must be an integer.",
    "iat": "Issued At claim (iat) must be an integer.",
}


def _numeric_date(value: Any) -> float | None:
    """A claim's NumericDate as a float, or ``None`` when it is not a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _time_claim_error(claim: str) -> DecodeError | InvalidIssuedAtError:
    if claim == "iat":
        return InvalidIssuedAtError(_TIME_MESSAGES["iat"])
    return DecodeError(_TIME_MESSAGES[claim])


class PyJWT:
    """Encodes and decodes JWTs (JWS tokens whose payload is a JSON object of claims)."""

    def __init__(self, options: Options | None = None) -> None:
        self.options: FullOptions = self._get_default_options()
        if options is not None:
            self.options = self._merge_options(options)
        self._jws = PyJWS(options=self._get_sig_options())

    @staticmethod
    def _get_default_options() -> FullOptions:
        return {
            "verify_signature": True,
            "verify_exp": True,
            "verify_nbf": True,
            "verify_iat": True,
            "verify_aud": True,
            "verify_iss": True,
            "verify_sub": True,
            "verify_jti": True,
            "require": [],
            "strict_aud": False,
            "enforce_minimum_key_length": False,
        }

    def _get_sig_options(self) -> SigOptions:
        return {
            "verify_signature": self.options["verify_signature"],
            "enforce_minimum_key_length": self.options.get("enforce_minimum_key_length", False),
        }

    def _merge_options(self, options: Options | None = None) -> FullOptions:
        if options is None:
            return self.options
        merged = cast("dict[str, Any]", dict(options))
        if not merged.get("verify_signature", True):
            # Without the signature, the claims are not checked unless asked for one by one.
            for name in ("exp", "nbf", "iat", "aud", "iss", "sub", "jti"):
                merged.setdefault(f"verify_{name}", False)
        return cast(FullOptions, {**self.options, **merged})

    def encode(
        self,
        payload: dict[str, Any],
        key: Any,
        algorithm: str | None = _ALGORITHM_UNSET,
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
        sort_headers: bool = True,
    ) -> str:
        """The JWT of the claims ``payload`` (a dict), signed with ``key``."""
        if not isinstance(payload, dict):
            raise TypeError("Expecting a dict object, as JWT only supports JSON objects as payloads.")
        if any(isinstance(payload.get(claim), datetime) for claim in _TIME_CLAIMS):
            payload = payload.copy()
            for claim in _TIME_CLAIMS:
                value = payload.get(claim)
                if isinstance(value, datetime):
                    payload[claim] = timegm(value.utctimetuple())
        if "iss" in payload and not isinstance(payload["iss"], str):
            raise TypeError("Issuer (iss) must be a string.")
        json_payload = self._encode_payload(payload, headers=headers, json_encoder=json_encoder)
        return self._jws.encode(
            json_payload, key, algorithm, headers, json_encoder, sort_headers=sort_headers
        )

    def _encode_payload(
        self,
        payload: dict[str, Any],
        headers: dict[str, Any] | None = None,
        json_encoder: type[json.JSONEncoder] | None = None,
    ) -> bytes:
        """The payload bytes to sign (override to compress, for example)."""
        return json.dumps(payload, separators=(",", ":"), cls=json_encoder).encode("utf-8")

    def decode_complete(
        self,
        jwt: str | bytes,
        key: Any = "",
        algorithms: Sequence[str] | None = None,
        options: Options | None = None,
        verify: bool | None = None,
        detached_payload: bytes | None = None,
        audience: str | Iterable[str] | None = None,
        issuer: str | Container[str] | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """``{"header": …, "payload": claims, "signature": …}`` of a verified token."""
        if kwargs:
            warnings.warn(
                "passing additional kwargs to decode_complete() is deprecated and will be removed in pyjwt "
                f"version 3. Unsupported kwargs: {tuple(kwargs.keys())}",
                RemovedInPyjwt3Warning,
                stacklevel=2,
            )
        verify_signature = True if options is None else options.get("verify_signature", True)
        if verify is not None and verify != verify_signature:
            warnings.warn(
                "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. The equivalent is "
                "setting `verify_signature` to False in the `options` dictionary. This invocation has a "
                "mismatch between the kwarg and the option entry.",
                category=DeprecationWarning,
                stacklevel=2,
            )
        merged = self._merge_options(options)
        sig_options: SigOptions = {
            "verify_signature": verify_signature,
            "enforce_minimum_key_length": merged.get("enforce_minimum_key_length", False),
        }
        decoded = self._jws.decode_complete(
            jwt, key=key, algorithms=algorithms, options=sig_options, detached_payload=detached_payload
        )
        payload = self._decode_payload(decoded)
        self._validate_claims(
            payload, merged, audience=audience, issuer=issuer, subject=subject, leeway=leeway
        )
        decoded["payload"] = payload
        return decoded

    def _decode_payload(self, decoded: dict[str, Any]) -> dict[str, Any]:
        """The claims from the payload bytes (override to decompress, for example)."""
        try:
            payload = _native.strict_loads(decoded["payload"])
        except _native.NotJson as error:
            raise _not_json_error(decoded["payload"], error) from error
        except (ValueError, RecursionError) as error:
            raise DecodeError(f"Invalid payload string: {error}") from error
        if not isinstance(payload, dict):
            raise DecodeError("Invalid payload string: must be a json object")
        return payload

    def decode(
        self,
        jwt: str | bytes,
        key: Any = "",
        algorithms: Sequence[str] | None = None,
        options: Options | None = None,
        verify: bool | None = None,
        detached_payload: bytes | None = None,
        audience: str | Iterable[str] | None = None,
        subject: str | None = None,
        issuer: str | Container[str] | None = None,
        leeway: float | timedelta = 0,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The claims of a verified token."""
        if kwargs:
            warnings.warn(
                "passing additional kwargs to decode() is deprecated and will be removed in pyjwt version 3. "
                f"Unsupported kwargs: {tuple(kwargs.keys())}",
                RemovedInPyjwt3Warning,
                stacklevel=2,
            )
        decoded = self.decode_complete(
            jwt,
            key,
            algorithms,
            options,
            verify=verify,
            detached_payload=detached_payload,
            audience=audience,
            subject=subject,
            issuer=issuer,
            leeway=leeway,
        )
        return cast("dict[str, Any]", decoded["payload"])

    def _validate_claims(
        self,
        payload: dict[str, Any],
        options: FullOptions,
        audience: Iterable[str] | str | None = None,
        issuer: Container[str] | str | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
    ) -> None:
        if isinstance(leeway, timedelta):
            leeway = leeway.total_seconds()
        if audience is not None and not isinstance(audience, (str, Iterable)):
            raise TypeError("audience must be a string, iterable or None")
        self._validate_required_claims(payload, options["require"])
        now = time.time()
        if "iat" in payload and options["verify_iat"]:
            self._validate_iat(payload, now, leeway)
        if "nbf" in payload and options["verify_nbf"]:
            self._validate_nbf(payload, now, leeway)
        if "exp" in payload and options["verify_exp"]:
            self._validate_exp(payload, now, leeway)
        if options["verify_iss"]:
            self._validate_iss(payload, issuer)
        if options["verify_aud"]:
            self._validate_aud(payload, audience, strict=options.get("strict_aud", False))
        if options["verify_sub"]:
            self._validate_sub(payload, subject)
        if options["verify_jti"]:
            self._validate_jti(payload)

    def _validate_required_claims(self, payload: dict[str, Any], claims: Iterable[str]) -> None:
        for claim in claims:
            if payload.get(claim) is None:
                raise MissingRequiredClaimError(claim)

    def _validate_sub(self, payload: dict[str, Any], subject: str | None = None) -> None:
        if "sub" not in payload:
            return
        if not isinstance(payload["sub"], str):
            raise InvalidSubjectError("Subject must be a string")
        if subject is not None and payload["sub"] != subject:
            raise InvalidSubjectError("Invalid subject")

    def _validate_jti(self, payload: dict[str, Any]) -> None:
        if "jti" in payload and not isinstance(payload["jti"], str):
            raise InvalidJTIError("JWT ID must be a string")

    def _validate_iat(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        iat = _numeric_date(payload["iat"])
        if iat is None:
            raise InvalidIssuedAtError(_TIME_MESSAGES["iat"])
        if iat > now + leeway:
            raise ImmatureSignatureError("The token is not yet valid (iat)")

    def _validate_nbf(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        nbf = _numeric_date(payload["nbf"])
        if nbf is None:
            raise DecodeError(_TIME_MESSAGES["nbf"])
        if nbf > now + leeway:
            raise ImmatureSignatureError("The token is not yet valid (nbf)")

    def _validate_exp(self, payload: dict[str, Any], now: float, leeway: float) -> None:
        exp = _numeric_date(payload["exp"])
        if exp is None:
            raise DecodeError(_TIME_MESSAGES["exp"])
        if exp <= now - leeway:
            raise ExpiredSignatureError("Signature has expired")

    def _validate_aud(
        self, payload: dict[str, Any], audience: str | Iterable[str] | None, *, strict: bool = False
    ) -> None:
        if audience is None:
            if not payload.get("aud"):
                return
            # RFC 7519 §4.1.3: a token meant for an audience is refused by a recipient that names none.
            raise InvalidAudienceError("Invalid audience")
        if not payload.get("aud"):
            raise MissingRequiredClaimError("aud")
        claims = payload["aud"]
        if strict:
            if not isinstance(audience, str):
                raise InvalidAudienceError("Invalid audience (strict)")
            if not isinstance(claims, str):
                raise InvalidAudienceError("Invalid claim format in token (strict)")
            if audience != claims:
                raise InvalidAudienceError("Audience doesn't match (strict)")
            return
        if isinstance(claims, str):
            claims = [claims]
        if not isinstance(claims, list) or any(not isinstance(c, str) for c in claims):
            raise InvalidAudienceError("Invalid claim format in token")
        expected = [audience] if isinstance(audience, str) else audience
        if all(aud not in claims for aud in expected):
            raise InvalidAudienceError("Audience doesn't match")

    def _validate_iss(self, payload: dict[str, Any], issuer: Container[str] | str | None) -> None:
        if "iss" in payload and not isinstance(payload["iss"], str):
            raise InvalidIssuerError("Payload Issuer (iss) must be a string")
        if issuer is None:
            return
        if "iss" not in payload:
            raise MissingRequiredClaimError("iss")
        iss = payload["iss"]
        if isinstance(issuer, str):
            if iss != issuer:
                raise InvalidIssuerError("Invalid issuer")
            return
        try:
            found = iss in issuer
        except TypeError:
            raise InvalidIssuerError('Issuer param must be "str" or "Container[str]"') from None
        if not found:
            raise InvalidIssuerError("Invalid issuer")


def _not_json_error(data: bytes, error: ValueError) -> DecodeError | InvalidIssuedAtError:
    """The error for a payload holding ``NaN``/``Infinity``: PyJWT's for a bad ``exp``/``nbf``/``iat`` when
    that is where the literal is, else an invalid payload. Either way the token is refused."""
    try:
        lenient = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        lenient = None
    if isinstance(lenient, dict):
        for claim in ("iat", "nbf", "exp"):
            value = lenient.get(claim)
            if isinstance(value, float) and not math.isfinite(value):
                return _time_claim_error(claim)
    return DecodeError(f"Invalid payload string: {error}")


_jwt_global_obj = PyJWT()
_jwt_global_obj._jws = _jws_global_obj
encode = _jwt_global_obj.encode
decode_complete = _jwt_global_obj.decode_complete
decode = _jwt_global_obj.decode
