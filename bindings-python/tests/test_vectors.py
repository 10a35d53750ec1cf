"""The shared vectors (tests/vectors, schema in its README), run through the Python API and counted."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

import jetwt

from support import VECTORS

MANIFEST = json.loads((VECTORS / "manifest.json").read_text())
KEYSPECS: dict[str, Any] = json.loads((VECTORS / "keys.json").read_text())["keys"]

# What a key's JWK says about its family, in the vectors' words.
FAMILIES = {"oct": "hmac", "RSA": "rsa", "EC": "ec", "OKP": "ed25519"}


def _cases() -> list[Any]:
    cases = []
    for name in MANIFEST["files"]:
        topic = json.loads((VECTORS / name).read_text())
        for group in topic["groups"]:
            for case in group["cases"]:
                cases.append(pytest.param(case, id=f"{name}:{case['id']}:{case.get('comment', '')}"))
    return cases


CASES = _cases()
RAN: list[str] = []


def b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load(spec: dict[str, Any]) -> jetwt.Key | jetwt.KeySet:
    kind, value = spec["kind"], spec["value"]
    if kind == "secret":
        return jetwt.Key.from_secret(value)
    if kind == "secret_b64":
        return jetwt.Key.from_secret(b64url(value))
    if kind == "pem":
        return jetwt.Key.from_pem(value)
    if kind == "der_b64":
        return jetwt.Key.from_der(b64url(value))
    if kind == "jwk":
        return jetwt.Key.from_jwk(value)
    if kind == "jwks":
        return jetwt.KeySet.from_jwks(value)
    raise AssertionError(f"unknown key kind {kind!r}")


def named_key(name: str) -> jetwt.Key | jetwt.KeySet:
    return load(KEYSPECS[name])


def verify_options(case: dict[str, Any]) -> dict[str, Any]:
    options = dict(case.get("options") or {})
    options["now"] = case["now"]
    return options


def run(case: dict[str, Any]) -> dict[str, Any]:
    """Runs one case and returns what it produced, in the shape of a success `expect`."""
    op = case.get("op", "verify")
    if op == "verify":
        key = load(case["key_spec"]) if "key_spec" in case else named_key(case["key"])
        result = jetwt.verify(case["token"], key, **verify_options(case))
        if case.get("options", {}).get("complete"):
            return {"header": result["header"], "claims": result["claims"]}
        return {"claims": result}
    if op == "decode":
        decoded = jetwt.decode(case["token"])
        return {
            "header": decoded.header,
            "claims": decoded.claims,
            "signature_len": len(decoded.signature),
        }
    if op == "encode":
        key = named_key(case["key"])
        assert isinstance(key, jetwt.Key)
        token = jetwt.encode(case["claims"], key, algorithm=case["algorithm"], headers=case.get("headers"))
        options = verify_options(case)
        options["complete"] = True
        result = jetwt.verify(token, named_key(case["verify_key"]), **options)
        return {"claims": result["claims"], "header": result["header"]}
    if op == "key":
        key = load(case["key_spec"])
        assert isinstance(key, jetwt.Key)
        family = FAMILIES[key.to_jwk(private=True)["kty"]]
        return {"ok": True, "family": family, "is_private": key.is_private}
    raise AssertionError(f"unknown op {op!r}")


@pytest.mark.parametrize("case", CASES)
def test_vector(case: dict[str, Any]) -> None:
    RAN.append(f"{case['id']}")
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(jetwt.JwtError) as info:
            run(case)
        assert info.value.code == expect["error"], str(info.value)
        assert type(info.value).code == expect["error"]
        if "claim" in expect:
            assert info.value.claim == expect["claim"]
    else:
        assert run(case) == expect


def test_manifest_counts_every_case() -> None:
    assert len(CASES) == MANIFEST["total"]
    assert sum(MANIFEST["counts"].values()) == MANIFEST["total"]
    for name, count in MANIFEST["counts"].items():
        assert sum(1 for c in CASES if c.id.startswith(f"{name}:")) == count, name


def test_every_case_ran() -> None:
    # Runs after the parametrised cases (pytest keeps file order): a skipped or lost case shows here.
    assert len(RAN) == MANIFEST["total"]
