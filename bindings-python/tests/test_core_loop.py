"""`jetwt._jetwt._core_loop`, which `make bench-python` uses to time the core beside the package: it runs the
real calls, so it fails as they fail."""

from __future__ import annotations

import pytest

import jetwt
from jetwt._jetwt import _core_loop  # type: ignore[import-not-found]  # the native module has no stub

from support import SECRET


def test_it_signs_and_verifies_as_the_package_does() -> None:
    key = jetwt.Key.from_secret(SECRET)
    token = jetwt.encode({"aud": "api", "iss": "me"}, key)
    assert _core_loop(key, 3, algorithm="HS256", claims='{"aud":"api"}') is None
    assert _core_loop(key, 3, algorithm="HS256", token=token, audience="api", issuer="me") is None


def test_it_fails_as_the_real_calls_fail() -> None:
    key = jetwt.Key.from_secret(SECRET)
    token = jetwt.encode({"aud": "api"}, key)
    with pytest.raises(jetwt.InvalidAudienceError):
        _core_loop(key, 1, algorithm="HS256", token=token, audience="web")
    with pytest.raises(jetwt.MissingRequiredClaimError):
        _core_loop(key, 1, algorithm="HS256", token=token, issuer="me")
    with pytest.raises(jetwt.DecodeError):
        _core_loop(key, 1, algorithm="HS256", claims="[1]")
    with pytest.raises(jetwt.InvalidAlgorithmError):
        _core_loop(key, 1, algorithm="ES256", claims="{}")
