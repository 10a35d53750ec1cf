"""Properties over generated inputs (hypothesis): any JSON claims round-trip exactly through every algorithm,
and no single flipped bit anywhere in a token still verifies."""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jetwt

ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "ES384", "ES512", "ES256K", "EdDSA"]
REGISTERED = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}


@functools.cache
def keys(algorithm: str) -> tuple[jetwt.Key, jetwt.Key]:
    key = jetwt.Key.generate(algorithm)
    return key, (key if algorithm.startswith("HS") else key.public_key())


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
claims_strategy = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k not in REGISTERED), json_values, max_size=6
)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_strategy, algorithm=st.sampled_from(ALGORITHMS))
def test_any_claims_round_trip_through_every_algorithm(claims: dict[str, Any], algorithm: str) -> None:
    private, public = keys(algorithm)
    token = jetwt.encode(claims, private, algorithm=algorithm)
    back = jetwt.verify(token, public, algorithms=[algorithm], now=1_700_000_000)
    assert same(back, claims), (back, claims)
    assert same(jetwt.decode(token).claims, claims)


@settings(max_examples=300, deadline=None)
@given(algorithm=st.sampled_from(ALGORITHMS), position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_a_flipped_bit_never_verifies(algorithm: str, position: int, bit: int) -> None:
    private, public = keys(algorithm)
    token = jetwt.encode({"sub": "ada", "n": 1}, private, algorithm=algorithm).encode()
    at = position % len(token)
    flipped = token[:at] + bytes([token[at] ^ (1 << bit)]) + token[at + 1 :]
    try:
        jetwt.verify(flipped, public, algorithms=[algorithm], now=1_700_000_000)
    except jetwt.JwtError:
        return
    raise AssertionError(f"a token with bit {bit} of byte {at} flipped verified")
