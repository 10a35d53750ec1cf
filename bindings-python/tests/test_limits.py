"""The size and depth limits: defaults, configured per call or per Verifier, and their bounds."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import pytest

import jetwt

from support import SECRET

NOW = 1_700_000_000


def nested(depth: int) -> dict[str, Any]:
    """Claims nested `depth` levels deep, counting the claims object itself."""
    value: Any = 1
    for _ in range(depth - 1):
        value = [value]
    return {"a": value}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def deep_token(depth: int) -> str:
    """An HS256 token whose claims nest `depth` levels, signed here with `hmac`: the encoder refuses to write
    deeper than the default limit, as the parser refuses to read it."""
    claims = '{"a":' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"
    signing_input = b64url(b'{"alg":"HS256","typ":"JWT"}') + "." + b64url(claims.encode())
    mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def test_the_default_depth_is_64_and_can_be_raised_or_lowered() -> None:
    at_default = deep_token(64)
    beyond = deep_token(65)
    assert jetwt.verify(at_default, SECRET, algorithms=["HS256"]) == nested(64)
    with pytest.raises(jetwt.DecodeError, match="deeper than the limit of 64"):
        jetwt.verify(beyond, SECRET, algorithms=["HS256"])
    assert jetwt.verify(beyond, SECRET, algorithms=["HS256"], max_depth=65) == nested(65)
    with pytest.raises(jetwt.DecodeError) as raised:
        jetwt.verify(at_default, SECRET, algorithms=["HS256"], max_depth=10)
    assert raised.value.code == "malformed"


def test_the_depth_ceiling_is_accepted_and_one_level_more_is_not() -> None:
    ceiling = 256
    at_ceiling = jetwt.verify(deep_token(ceiling), SECRET, algorithms=["HS256"], max_depth=ceiling)
    assert at_ceiling == nested(ceiling)
    with pytest.raises(jetwt.DecodeError):
        jetwt.verify(deep_token(ceiling + 1), SECRET, algorithms=["HS256"], max_depth=ceiling)
    with pytest.raises(ValueError, match="max_depth must be from 1 to 256"):
        jetwt.verify(deep_token(3), SECRET, algorithms=["HS256"], max_depth=ceiling + 1)


def test_the_token_size_limit_is_configurable() -> None:
    token = jetwt.encode({"data": "x" * 2000}, SECRET)
    assert jetwt.verify(token, SECRET, algorithms=["HS256"])["data"] == "x" * 2000
    with pytest.raises(jetwt.DecodeError, match="over the limit of 1000") as raised:
        jetwt.verify(token, SECRET, algorithms=["HS256"], max_token_bytes=1000)
    assert raised.value.code == "malformed"
    verifier = jetwt.Verifier(SECRET, algorithms=["HS256"], max_token_bytes=1000)
    with pytest.raises(jetwt.DecodeError):
        verifier.verify(token)
    big = jetwt.encode({"data": "x" * 300_000}, SECRET)
    with pytest.raises(jetwt.DecodeError, match="over the limit of 262144"):
        jetwt.verify(big, SECRET, algorithms=["HS256"])
    assert len(jetwt.verify(big, SECRET, algorithms=["HS256"], max_token_bytes=1 << 20)["data"]) == 300_000


def test_inspection_takes_the_same_limits() -> None:
    token = deep_token(65)
    with pytest.raises(jetwt.DecodeError):
        jetwt.decode(token)
    assert jetwt.decode(token, max_depth=65).claims == nested(65)
    with pytest.raises(jetwt.DecodeError):
        jetwt.decode(token, max_token_bytes=50)
    assert jetwt.decode_header(token) == {"alg": "HS256", "typ": "JWT"}
    with pytest.raises(jetwt.DecodeError):
        jetwt.decode_header(token, max_token_bytes=50)
    header_deep = jetwt.encode({}, SECRET, headers={"x": [[[1]]]})
    assert jetwt.decode_header(header_deep, max_depth=4)["x"] == [[[1]]]
    with pytest.raises(jetwt.DecodeError):
        jetwt.decode_header(header_deep, max_depth=3)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"max_depth": 0}, ValueError, "max_depth must be from 1 to 256, not 0"),
        ({"max_depth": -1}, ValueError, "max_depth must be from 1"),
        ({"max_depth": 2**70}, ValueError, "max_depth must be from 1"),
        ({"max_depth": 3.0}, TypeError, "max_depth must be an int, not float"),
        ({"max_depth": True}, TypeError, "max_depth must be an int, not bool"),
        ({"max_token_bytes": 0}, ValueError, "max_token_bytes must be from 1"),
        ({"max_token_bytes": "1000"}, TypeError, "max_token_bytes must be an int, not str"),
    ],
)
def test_bad_limits_are_programmer_errors(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    with pytest.raises(error, match=message):
        jetwt.verify(token, SECRET, algorithms=["HS256"], **options)
    with pytest.raises(error, match=message):
        jetwt.Verifier(SECRET, algorithms=["HS256"], **options)
    with pytest.raises(error, match=message):
        jetwt.decode(token, **options)
    with pytest.raises(error, match=message):
        jetwt.decode_header(token, **options)


def test_hostile_sizes_are_refused_in_under_10_ms_even_with_raised_limits() -> None:
    eight_mib = "a" * (8 << 20) + ".b.c"
    deep = deep_token(100_000)
    for token, max_token_bytes, max_depth in (
        (eight_mib, 256 * 1024, 64),  # the defaults
        (deep, 1 << 30, 64),
        (deep, 1 << 30, 256),
    ):
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine's scheduler is not what is measured
            start = time.perf_counter()
            with pytest.raises(jetwt.DecodeError):
                jetwt.verify(
                    token, SECRET, algorithms=["HS256"], max_token_bytes=max_token_bytes, max_depth=max_depth
                )
            best = min(best, time.perf_counter() - start)
        assert best < 0.010
