"""Cross-runtime: tokens signed by the Python package verify in the Node package and the reverse, for every
algorithm, and both runtimes give the same error code for the same bad token."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import jetwt
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
NOW = 1_700_000_000
CLAIMS = {"sub": "cross", "aud": "cross", "exp": NOW + 600, "n": 12345678901234567890, "s": "é😀", "nested": {"a": [1, 2.5, None]}}

PAIRS = {
    "HS256": ("hs256.secret", None), "HS384": (None, None), "HS512": (None, None),
    "RS256": ("rsa2048.pem", "rsa2048.pub.pem"), "RS384": ("rsa2048.pem", "rsa2048.pub.pem"),
    "RS512": ("rsa3072.pem", "rsa3072.pub.pem"), "PS256": ("rsa2048.pem", "rsa2048.pub.pem"),
    "PS384": ("rsa2048.pem", "rsa2048.pub.pem"), "PS512": ("rsa3072.pem", "rsa3072.pub.pem"),
    "ES256": ("ec_p256.pem", "ec_p256.pub.pem"), "ES384": ("ec_p384.pem", "ec_p384.pub.pem"),
    "ES512": ("ec_p521.pem", "ec_p521.pub.pem"), "ES256K": ("ec_secp256k1.pem", "ec_secp256k1.pub.pem"),
    "EdDSA": ("ed25519.pem", "ed25519.pub.pem"),
}
SECRETS = {"HS256": "a-32-byte-secret-for-hs256-tests!", "HS384": "h" * 48, "HS512": "s" * 64}


def keys() -> dict[str, dict[str, str]]:
    out = {}
    for alg, (private, public) in PAIRS.items():
        if alg in SECRETS:
            out[alg] = {"private": SECRETS[alg], "public": SECRETS[alg]}
        else:
            out[alg] = {"private": (KEYS / private).read_text(), "public": (KEYS / public).read_text()}
    return out


def bad_tokens(k: dict[str, dict[str, str]]) -> dict[str, dict]:
    good = jetwt.encode(CLAIMS, k["ES256"]["private"], algorithm="ES256")
    head, payload, sig = good.split(".")
    return {
        "expired": {"token": jetwt.encode({**CLAIMS, "exp": NOW - 1}, k["ES256"]["private"], algorithm="ES256"), "alg": "ES256", "options": {"audience": "cross"}},
        "wrong audience": {"token": good, "alg": "ES256", "options": {"audience": "other"}},
        "audience not configured": {"token": good, "alg": "ES256", "options": {}},
        "tampered": {"token": f"{head}.{payload[:-2]}AA.{sig}", "alg": "ES256", "options": {"audience": "cross"}},
        "padded": {"token": good + "=", "alg": "ES256", "options": {"audience": "cross"}},
        "none": {"token": f"{head}.{payload}.", "alg": "HS256", "options": {}},
        "missing issuer": {"token": good, "alg": "ES256", "options": {"audience": "cross", "issuer": "https://auth.example"}},
        "wrong family": {"token": jetwt.encode(CLAIMS, k["EdDSA"]["private"], algorithm="EdDSA"), "alg": "ES256", "options": {}},
    }


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    node = shutil.which("node")
    assert node, "node is needed for the cross-runtime test"
    k = keys()
    python_tokens = {alg: jetwt.encode(CLAIMS, k[alg]["private"], algorithm=alg) for alg in PAIRS}
    bad = bad_tokens(k)
    job = {"keys": k, "claims": CLAIMS, "now": NOW, "python_tokens": python_tokens, "bad": bad}
    tmp = tmp_path_factory.mktemp("cross")
    (tmp / "in.json").write_text(json.dumps(job))
    subprocess.run([node, str(ROOT / "tests" / "cross" / "node_side.js"), str(tmp / "in.json"), str(tmp / "out.json")], check=True, timeout=120)
    return k, bad, json.loads((tmp / "out.json").read_text())


@pytest.mark.parametrize("alg", list(PAIRS))
def test_python_tokens_verify_in_node(exchange, alg):
    _, _, result = exchange
    claims = result["verified"][alg]
    # JSON numbers beyond 2^53 lose precision in JavaScript; everything else arrives intact.
    assert {key: value for key, value in claims.items() if key != "n"} == {key: value for key, value in CLAIMS.items() if key != "n"}
    assert claims["n"] == pytest.approx(CLAIMS["n"], rel=1e-15)


@pytest.mark.parametrize("alg", list(PAIRS))
def test_node_tokens_verify_in_python(exchange, alg):
    k, _, result = exchange
    claims = jetwt.verify(result["tokens"][alg], k[alg]["public"], algorithms=[alg], audience="cross", now=NOW)
    assert claims["sub"] == "cross" and claims["s"] == "é😀" and claims["nested"] == {"a": [1, 2.5, None]}
    assert jetwt.decode_header(result["tokens"][alg])["alg"] == alg


def test_both_runtimes_reject_the_same_tokens_with_the_same_codes(exchange):
    k, bad, result = exchange
    python_codes = {}
    for name, case in bad.items():
        try:
            jetwt.verify(case["token"], k[case["alg"]]["public"], algorithms=[case["alg"]], now=NOW, **case["options"])
            python_codes[name] = "accepted"
        except jetwt.JwtError as err:
            python_codes[name] = err.code
    assert python_codes == result["codes"]
    assert "accepted" not in python_codes.values()
    assert python_codes["expired"] == "expired" and python_codes["none"] == "invalid_algorithm"
