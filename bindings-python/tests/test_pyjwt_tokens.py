"""``jetwt.pyjwt`` writes the tokens PyJWT writes, byte for byte, and each verifies the other's tokens.

Real PyJWT (a dev dependency, ``import jwt``) is the reference; ``jetwt.pyjwt`` is imported as ``ours``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import time
import warnings
from collections.abc import Iterator
from typing import Any

import jwt as pyjwt
import pytest

import jetwt
import jetwt.pyjwt as ours

from support import key_text

S32 = "a-32-byte-secret-for-hs256-tests!"
S48 = "a-48-byte-secret-for-hs384-tests-padded-out-to-48"
S64 = "a-64-byte-secret-for-hs512-interop-tests-padded-out-to-64-bytes!"
PAIRS = {
    "RS256": "rsa2048",
    "RS384": "rsa2048",
    "RS512": "rsa3072",
    "PS256": "rsa2048",
    "PS384": "rsa2048",
    "PS512": "rsa3072",
    "ES256": "ec_p256",
    "ES384": "ec_p384",
    "ES512": "ec_p521",
    "ES256K": "ec_secp256k1",
    "EdDSA": "ed25519",
}
# Signatures that are a function of key and input only: the whole token must be identical.
DETERMINISTIC = ("RS256", "RS384", "RS512", "EdDSA")


class Stringify(json.JSONEncoder):
    def default(self, o: object) -> str:
        return f"<{o}>"


@pytest.fixture(autouse=True)
def no_short_key_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        warnings.simplefilter("ignore", ours.InsecureKeyLengthWarning)
        yield


PAYLOADS: list[dict[str, Any]] = [
    {},
    {"sub": "1234567890", "name": "John Doe", "iat": 1516239022},
    {"z": 1, "a": 2, "m": [3, {"y": 1, "b": 2}]},
    {"name": 'Jöhn ☃ \U0001f600 "quoted" \\ \n\t\u2028', "ctl": "\x00\x1f"},
    {"f": 1.5, "g": 1e16, "h": 1e-7, "i": -0.0, "j": 10**30, "k": True, "l": None},
    {"exp": dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc), "nbf": dt.datetime(2020, 1, 1)},
]
HEADERS: list[dict[str, Any] | None] = [
    None,
    {"kid": "key-1"},
    {"typ": "at+jwt", "zeta": [1, 2], "alpha": {"y": 1, "x": 2}},
    {"typ": None},
    {"typ": ""},
    {"cty": "JWT", "alg": "HS512"},
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("headers", HEADERS)
@pytest.mark.parametrize(
    ("alg", "secret"), [("HS256", S32), ("HS384", S48), ("HS512", S64), ("HS256", "short")]
)
def test_hmac_tokens_are_byte_identical(
    payload: dict[str, Any], headers: dict[str, Any] | None, alg: str, secret: str
) -> None:
    expected = pyjwt.encode(payload, secret, algorithm=alg, headers=headers)
    assert ours.encode(payload, secret, algorithm=alg, headers=headers) == expected


@pytest.mark.parametrize("sort_headers", [True, False])
def test_unsorted_headers_and_custom_encoder_are_byte_identical(sort_headers: bool) -> None:
    payload = {"amount": decimal.Decimal("2.50"), "b": 1}
    headers = {"zz": decimal.Decimal("1"), "aa": "x", "kid": "k"}
    kwargs: dict[str, Any] = {"headers": headers, "json_encoder": Stringify, "sort_headers": sort_headers}
    expected = pyjwt.encode(payload, S32, **kwargs)
    assert ours.encode(payload, S32, **kwargs) == expected
    assert ours.decode(expected, S32, algorithms=["HS256"])["amount"] == "<2.50>"


@pytest.mark.parametrize(
    ("payload", "kwargs"),
    [
        (b"hello world", {}),
        (b"\x00\xff binary", {"headers": {"kid": "k"}}),
        (b"detached payload", {"is_payload_detached": True}),
        (b"via header", {"headers": {"b64": False}}),
        (b"crit kept", {"headers": {"b64": False, "crit": ["b64"]}}),
    ],
)
def test_jws_tokens_are_byte_identical(payload: bytes, kwargs: dict[str, Any]) -> None:
    expected = pyjwt.PyJWS().encode(payload, S32, algorithm="HS256", **kwargs)
    assert ours.PyJWS().encode(payload, S32, algorithm="HS256", **kwargs) == expected
    detached = kwargs.get("is_payload_detached") or "headers" in kwargs and "b64" in kwargs["headers"]
    if detached:
        assert ours.PyJWS().decode(expected, S32, algorithms=["HS256"], detached_payload=payload) == payload
    else:
        assert ours.PyJWS().decode(expected, S32, algorithms=["HS256"]) == payload


@pytest.mark.parametrize("alg", DETERMINISTIC)
def test_deterministic_asymmetric_tokens_are_byte_identical(alg: str) -> None:
    private = key_text(f"{PAIRS[alg]}.pem")
    claims = {"sub": "ada", "n": 1}
    assert ours.encode(claims, private, algorithm=alg, headers={"kid": "k1"}) == pyjwt.encode(
        claims, private, algorithm=alg, headers={"kid": "k1"}
    )


@pytest.mark.parametrize("alg", sorted(PAIRS))
def test_each_verifies_the_others_tokens(alg: str) -> None:
    private, public = key_text(f"{PAIRS[alg]}.pem"), key_text(f"{PAIRS[alg]}.pub.pem")
    claims = {"sub": "ada", "aud": "api", "exp": int(time.time()) + 60}
    theirs = pyjwt.encode(claims, private, algorithm=alg)
    mine = ours.encode(claims, private, algorithm=alg)
    assert ours.decode(theirs, public, algorithms=[alg], audience="api") == claims
    assert pyjwt.decode(mine, public, algorithms=[alg], audience="api") == claims
    assert jetwt.verify(mine, public, algorithms=[alg], audience="api") == claims
    assert ours.decode_complete(theirs, public, algorithms=[alg], audience="api")["header"] == {
        "alg": alg,
        "typ": "JWT",
    }


def test_decode_complete_matches_pyjwt() -> None:
    token = pyjwt.encode({"a": [1, {"b": None}]}, S32, headers={"kid": "x"})
    mine = ours.decode_complete(token, S32, algorithms=["HS256"])
    theirs = pyjwt.decode_complete(token, S32, algorithms=["HS256"])
    assert mine == theirs


def test_a_pem_string_is_parsed_once_not_on_every_signature() -> None:
    # PyJWT loads and checks the PEM text on every call (~50 ms for RSA); jetwt's core caches the parsed key.
    private = key_text("rsa2048.pem")
    claims = {"sub": "ada"}

    def per_call(encode: Any, rounds: int) -> float:
        encode(claims, private, algorithm="RS256")
        start = time.perf_counter()
        for _ in range(rounds):
            encode(claims, private, algorithm="RS256")
        return (time.perf_counter() - start) / rounds

    theirs = per_call(pyjwt.encode, 3)
    mine = per_call(ours.encode, 10)
    assert mine * 5 < theirs, (
        f"jetwt.pyjwt {mine * 1e3:.2f} ms vs PyJWT {theirs * 1e3:.2f} ms per RS256 token"
    )
