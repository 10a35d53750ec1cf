"""Keys given as `str` are prepared once per object and reused: the reuse must never change a result."""

from __future__ import annotations

import base64
import gc
import hashlib
import hmac

import pytest

import jetwt

from support import SECRET, key_text


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fresh(text: str) -> str:
    """An equal `str` that is a different object (as text read from a file or the environment would be)."""
    return "".join(list(text))


def test_every_secret_keeps_its_own_key_beyond_the_cache_size() -> None:
    secrets = [f"secret number {i:02d} -- long enough for HS256!" for i in range(40)]
    tokens = [jetwt.encode({"i": i}, s) for i, s in enumerate(secrets)]
    for _ in range(2):  # the second pass meets evicted and cached entries alike
        for i, (token, secret) in enumerate(zip(tokens, secrets)):
            assert jetwt.verify(token, secret, algorithms=["HS256"]) == {"i": i}
            other = secrets[(i + 1) % len(secrets)]
            with pytest.raises(jetwt.InvalidSignatureError):
                jetwt.verify(token, other, algorithms=["HS256"])


def test_an_equal_string_that_is_another_object_gives_the_same_key() -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    assert jetwt.verify(token, fresh(SECRET), algorithms=["HS256"]) == {"a": 1}
    assert jetwt.encode({"a": 1}, fresh(SECRET)) == token


def test_a_cached_secret_is_still_refused_where_no_hmac_algorithm_is_allowed() -> None:
    token = jetwt.encode({"a": 1}, SECRET)  # SECRET is now cached as an HMAC key
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.verify(token, SECRET, algorithms=["RS256"])
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Verifier(SECRET, algorithms=["ES256"])
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.encode({"a": 1}, SECRET, algorithm="RS256")


def test_a_cached_pem_string_serves_every_call_and_stays_bound_to_its_family() -> None:
    private, public = key_text("rsa2048.pem"), key_text("rsa2048.pub.pem")
    tokens = [jetwt.encode({"n": n}, private, algorithm="RS256") for n in range(3)]
    for n, token in enumerate(tokens):
        assert jetwt.verify(token, public, algorithms=["RS256"]) == {"n": n}
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(tokens[0], public, algorithms=["ES256"])
    # A PEM is never a secret, cached or not: the algorithm-confusion forgery fails.
    signing_input = (
        tokens[0].rsplit(".", 1)[0].replace(tokens[0].split(".")[0], b64url(b'{"alg":"HS256","typ":"JWT"}'))
    )
    mac = hmac.new(public.encode(), signing_input.encode(), hashlib.sha256).digest()
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(f"{signing_input}.{b64url(mac)}", public, algorithms=["HS256", "RS256"])


def test_a_string_freed_and_its_address_reused_does_not_find_the_old_key() -> None:
    # The cache holds a reference to each str it keys on, so no other object can take its address; churn many
    # short-lived secrets and check that each is judged by its own text.
    for i in range(200):
        secret = fresh(f"churned secret {i:03d} -- long enough for HS256!!")
        token = jetwt.encode({"i": i}, secret)
        del secret
        gc.collect(0)
        assert jetwt.verify(
            token, f"churned secret {i:03d} -- long enough for HS256!!", algorithms=["HS256"]
        ) == {"i": i}
        with pytest.raises(jetwt.InvalidSignatureError):
            jetwt.verify(
                token, f"churned secret {i + 1:03d} -- long enough for HS256!!", algorithms=["HS256"]
            )
