"""Hostile input never escapes as anything but a JwtError: no panic, RecursionError, TypeError or crash."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from typing import Any

import pytest

import jetwt

from support import SECRET, key_text


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(header: bytes, payload: bytes, signature: bytes = b"sig") -> str:
    return f"{b64url(header)}.{b64url(payload)}.{b64url(signature)}"


HOSTILE = [
    "",
    ".",
    "..",
    "...",
    "a.b.c",
    "\x00.\x00.\x00",
    "é.é.é",
    forged(b'{"alg":"HS256"}', b"[" * 100_000 + b"]" * 100_000),
    forged(b'{"alg":"HS256"}', b'{"a":' * 5000 + b"1" + b"}" * 5000),
    forged(b"[" * 10_000, b"{}"),
    forged(b'{"alg":"HS256"}', b'{"exp":1e400}'),
    forged(b'{"alg":"HS256"}', b'{"exp":NaN}'),
    forged(b'{"alg":"HS256"}', b'\xef\xbb\xbf{"a":1}'),
    forged(b'{"alg":"HS256"}', b'{"a":"\\ud800"}'),
    forged(b'{"alg":"HS256"}', b'{"a":1,"a":2}'),
    forged(b'{"alg":"HS256"}', b"\xff\xfe"),
    forged(b'{"alg":"none"}', b'{"a":1}', b""),
    forged(b'{"alg":"HS256","crit":["exp"]}', b'{"a":1}'),
    forged(b'{"alg":["HS256"]}', b'{"a":1}'),
    forged(b'{"alg":"HS256","kid":{"$ne":1}}', b'{"a":1}'),
    "x" * 300_000,
    "a." * 1000,
]


@pytest.mark.parametrize("token", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_tokens_never_verify_and_fail_only_with_jwt_errors(token: str) -> None:
    for keys, algorithms in ((SECRET, ["HS256"]), (key_text("rsa2048.pub.pem"), ["RS256", "HS256"])):
        with pytest.raises(jetwt.JwtError):
            jetwt.verify(token, keys, algorithms=algorithms)
        with pytest.raises(jetwt.JwtError):
            jetwt.verify(token.encode("utf-8", "surrogatepass"), keys, algorithms=algorithms)
    # Inspection may succeed (an unsecured or unverifiable token can still be looked at), or fail cleanly.
    for inspect in (jetwt.decode, jetwt.decode_header):
        try:
            inspect(token)
        except jetwt.JwtError:
            pass


def test_random_mutations_of_a_valid_token_only_raise_jwt_errors() -> None:
    rng = random.Random(20261128)
    token = jetwt.encode({"sub": "ada", "roles": ["a", "b"], "n": 2**70}, SECRET, headers={"kid": "k"})
    alphabet = "ABCXYZabcxyz0189-_.=+/ \x00é"
    for _ in range(3000):
        chars = list(token)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.5:
                chars[at] = rng.choice(alphabet)
            elif action < 0.75:
                del chars[at]
            else:
                chars.insert(at, rng.choice(alphabet))
        mutated = "".join(chars)
        if mutated == token:
            continue
        with pytest.raises(jetwt.JwtError):
            jetwt.verify(mutated, SECRET, algorithms=["HS256"])
        try:
            jetwt.decode(mutated)
        except jetwt.JwtError:
            pass


@pytest.mark.parametrize("key", [None, 1, 1.5, [], {}, object(), bytearray(b"x" * 40), memoryview(b"x" * 40)])
def test_unusable_key_types_are_invalid_key_errors(key: object) -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.verify(token, key, algorithms=["HS256"])  # type: ignore[arg-type]
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.encode({"a": 1}, key)  # type: ignore[arg-type]


@pytest.mark.parametrize("material", ["", "-----BEGIN PRIVATE KEY-----\n", "\x00" * 10, "{", "ssh-rsa AAAA"])
def test_malformed_key_material_is_an_invalid_key_error(material: str) -> None:
    loaders: list[Callable[[Any], object]] = [
        jetwt.Key.from_pem,
        jetwt.Key.from_der,
        jetwt.Key.from_jwk,
        jetwt.KeySet.from_jwks,
    ]
    for load in loaders:
        with pytest.raises(jetwt.InvalidKeyError):
            load(material)
