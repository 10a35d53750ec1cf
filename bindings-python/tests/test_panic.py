"""A Rust panic (a bug on some input) must surface as a `malformed` JwtError, never as PyO3's PanicException
(a BaseException that `except Exception` misses) and never as a crash, with or without the GIL held."""

import importlib
from typing import Any

import pytest

import jetwt

# The native module is private (no stub); the probe is not part of the API.
native: Any = importlib.import_module("jetwt._jetwt")


@pytest.mark.parametrize("detached", [False, True])
def test_a_panic_becomes_a_malformed_jwt_error(detached: bool) -> None:
    with pytest.raises(jetwt.DecodeError) as caught:
        native._panic_probe("panic", detached=detached)
    assert caught.value.code == "malformed"
    assert isinstance(caught.value, jetwt.JwtError) and isinstance(caught.value, ValueError)
    assert "internal error on this input" in str(caught.value)
    assert "asked to panic" in str(caught.value)
    assert native._panic_probe("still alive", detached=detached) == "still alive"


def test_ordinary_errors_are_untouched_by_the_guard() -> None:
    with pytest.raises(jetwt.DecodeError) as caught:
        jetwt.decode("x.y.z")
    assert "internal error" not in str(caught.value)
    with pytest.raises(TypeError):
        jetwt.encode({"a": object()}, "a-32-byte-secret-for-hs256-tests!")
