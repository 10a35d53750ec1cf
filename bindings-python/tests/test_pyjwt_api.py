"""``jetwt.pyjwt``'s API is PyJWT's: names, modules, exceptions and messages, options, key forms, the JWKS
client, and algorithm objects; and it works without ``cryptography``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization

import jetwt
import jetwt.pyjwt as ours
from jetwt.pyjwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm

from support import key_text

SECRET = "a-32-byte-secret-for-hs256-tests!"
SUBMODULES = [
    "algorithms",
    "api_jwk",
    "api_jws",
    "api_jwt",
    "exceptions",
    "jwk_set_cache",
    "jwks_client",
    "types",
    "utils",
    "warnings",
]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(autouse=True)
def no_short_key_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        warnings.simplefilter("ignore", ours.InsecureKeyLengthWarning)
        yield


# --- names and modules -------------------------------------------------------------------------------------


def test_the_top_level_names_are_pyjwts() -> None:
    assert set(ours.__all__) == set(pyjwt.__all__)
    for name in pyjwt.__all__:
        assert hasattr(ours, name), name
    assert ours.__version__ == pyjwt.__version__ == "2.15.1"


@pytest.mark.parametrize("module", SUBMODULES)
def test_each_submodule_has_pyjwts_public_names(module: str) -> None:
    theirs = importlib.import_module(f"jwt.{module}")
    mine = importlib.import_module(f"jetwt.pyjwt.{module}")
    public = {
        name
        for name, value in vars(theirs).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value) or inspect.ismethod(value))
        and getattr(value, "__module__", None) == theirs.__name__
    }
    if module == "algorithms":
        public |= {"has_crypto", "requires_cryptography", "AllowedPrivateKeys", "AllowedPublicKeys"}
        assert mine.requires_cryptography == theirs.requires_cryptography
    assert public, module
    assert public <= set(dir(mine)), sorted(public - set(dir(mine)))


def test_the_exception_tree_is_pyjwts() -> None:
    for name, theirs in vars(pyjwt.exceptions).items():
        if isinstance(theirs, type) and issubclass(theirs, Exception):
            mine = getattr(ours.exceptions, name)
            assert [c.__name__ for c in mine.__mro__] == [c.__name__ for c in theirs.__mro__], name
    assert issubclass(ours.warnings.InsecureKeyLengthWarning, UserWarning)
    assert issubclass(ours.warnings.RemovedInPyjwt3Warning, DeprecationWarning)
    assert str(ours.MissingRequiredClaimError("abc")) == 'Token is missing the "abc" claim'


def test_signatures_of_the_main_functions_match_pyjwts() -> None:
    for name in ("encode", "decode", "decode_complete", "get_unverified_header"):
        mine = inspect.signature(getattr(ours, name))
        theirs = inspect.signature(getattr(pyjwt, name))
        assert list(mine.parameters) == list(theirs.parameters), name


# --- the same errors and messages as PyJWT ----------------------------------------------------------------

# Read once, at import: the times below keep their meaning however long the suite runs before them.
NOW = int(time.time())
REFUSALS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("expired", {"exp": NOW - 10}, {}),
    ("expired beyond leeway", {"exp": NOW - 10}, {"leeway": 5}),
    ("not yet valid", {"nbf": NOW + 3600}, {}),
    ("issued in the future", {"iat": NOW + 3600}, {}),
    ("audience missing", {"sub": "a"}, {"audience": "api"}),
    ("audience null", {"aud": None}, {"audience": "api"}),
    ("audience unexpected", {"aud": "api"}, {}),
    ("audience other", {"aud": ["web"]}, {"audience": ["api", "cli"]}),
    ("audience malformed", {"aud": 1}, {"audience": "api"}),
    ("audience strict list", {"aud": ["api"]}, {"audience": "api", "options": {"strict_aud": True}}),
    ("issuer missing", {"sub": "a"}, {"issuer": "https://a.example"}),
    ("issuer other", {"iss": "https://b.example"}, {"issuer": ["https://a.example"]}),
    ("subject other", {"sub": "eve"}, {"subject": "ada"}),
    ("subject not a string", {"sub": 7}, {}),
    ("jti not a string", {"jti": 7}, {}),
    ("required claim", {"sub": "a"}, {"options": {"require": ["exp", "iat"]}}),
    ("exp not a number", {"exp": None}, {}),
    ("iat not a number", {"iat": [1]}, {}),
]


@pytest.mark.parametrize(("case", "claims", "kwargs"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_raise_pyjwts_exception_and_message(case: str, claims: dict[str, Any], kwargs: Any) -> None:
    token = pyjwt.encode(claims, SECRET)
    with pytest.raises(pyjwt.PyJWTError) as theirs:
        pyjwt.decode(token, SECRET, algorithms=["HS256"], **kwargs)
    with pytest.raises(ours.PyJWTError) as mine:
        ours.decode(token, SECRET, algorithms=["HS256"], **kwargs)
    assert type(mine.value).__name__ == type(theirs.value).__name__
    assert str(mine.value) == str(theirs.value)
    assert getattr(mine.value, "claim", None) == getattr(theirs.value, "claim", None)


TOKEN_ERRORS = [
    ("two segments", "eyJhbGciOiJIUzI1NiJ9.e30", {}),
    ("header not an object", "MQ.e30.c2ln", {}),
    ("payload not an object", None, {}),
    ("wrong secret", None, {"key": "another-32-byte-secret-for-tests!"}),
    ("algorithm not allowed", None, {"algorithms": ["HS384"]}),
    ("no algorithms", None, {"algorithms": None}),
    ("unknown algorithm", "eyJhbGciOiJIUzEwMjQifQ.e30.c2ln", {"algorithms": ["HS1024"]}),
    ("alg none", "eyJhbGciOiJub25lIn0.e30.", {"algorithms": ["none"]}),
    ("unknown crit", None, {"headers": {"crit": ["exp"], "exp": 1}}),
    ("kid not a string", None, {"headers": {"kid": 5}, "verify_only": True}),
]


@pytest.mark.parametrize(("case", "token", "kwargs"), TOKEN_ERRORS, ids=[t[0] for t in TOKEN_ERRORS])
def test_token_errors_match_pyjwt(case: str, token: str | None, kwargs: dict[str, Any]) -> None:
    kwargs = dict(kwargs)
    key = kwargs.pop("key", SECRET)
    algorithms = kwargs.pop("algorithms", ["HS256"])
    headers = kwargs.pop("headers", None)
    if token is None:
        if case == "payload not an object":
            token = pyjwt.PyJWS().encode(b"[1]", SECRET)
        elif kwargs.pop("verify_only", False):
            head = json.dumps({"alg": "HS256", **(headers or {})}).encode()
            signing_input = f"{b64(head)}.{b64(b'{}')}"
            mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
            token = f"{signing_input}.{b64(mac)}"
        else:
            token = pyjwt.encode({"sub": "a"}, SECRET, headers=headers)
    with pytest.raises(pyjwt.PyJWTError) as theirs:
        pyjwt.decode(token, key, algorithms=algorithms)
    with pytest.raises(ours.PyJWTError) as mine:
        ours.decode(token, key, algorithms=algorithms)
    assert type(mine.value).__name__ == type(theirs.value).__name__
    assert str(mine.value) == str(theirs.value)


def test_get_unverified_header_and_options_off() -> None:
    token = pyjwt.encode({"exp": NOW - 10, "aud": "x"}, SECRET, headers={"kid": "k1"})
    assert ours.get_unverified_header(token) == pyjwt.get_unverified_header(token)
    unverified = ours.decode(token, options={"verify_signature": False})
    assert unverified == {"exp": NOW - 10, "aud": "x"}
    with pytest.raises(ours.ExpiredSignatureError):
        ours.decode(token, options={"verify_signature": False, "verify_exp": True})
    assert ours.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False}, audience="x")


def test_leeway_audience_issuer_subject_accept() -> None:
    # Expired 2 s ago, within the leeway of 30: measured from now, not from when the module was imported.
    claims = {"exp": int(time.time()) - 2, "aud": ["api", "web"], "iss": "https://a.example", "sub": "ada"}
    token = ours.encode(claims, SECRET)
    decoded = ours.decode(
        token,
        SECRET,
        algorithms=["HS256", "RS256"],
        leeway=30,
        audience=["cli", "web"],
        issuer={"https://a.example", "https://b.example"},
        subject="ada",
    )
    assert decoded == claims


def test_the_unsupported_kwarg_warning() -> None:
    token = ours.encode({}, SECRET)
    with pytest.warns(ours.warnings.RemovedInPyjwt3Warning, match="foo"):
        ours.decode(token, SECRET, algorithms=["HS256"], foo=1)


def test_short_hmac_secrets_warn_and_can_be_refused() -> None:
    with pytest.warns(ours.InsecureKeyLengthWarning, match="6 bytes long"):
        token = ours.encode({"a": 1}, "secret")
    strict = ours.PyJWT(options={"enforce_minimum_key_length": True})
    with pytest.raises(ours.InvalidKeyError, match="below the minimum"):
        strict.encode({"a": 1}, "secret")
    with pytest.raises(ours.InvalidKeyError, match="below the minimum"):
        ours.decode(token, "secret", algorithms=["HS256"], options={"enforce_minimum_key_length": True})
    with pytest.raises(ours.InvalidKeyError, match="must not be empty"):
        ours.decode(token, "", algorithms=["HS256"])


# --- keys in every form PyJWT takes ------------------------------------------------------------------------


def ssh_line(name: str) -> str:
    public = serialization.load_pem_public_key(key_text(name).encode())
    return public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


KEY_FORMS = [
    ("RS256", "rsa2048"),
    ("PS384", "rsa2048"),
    ("ES256", "ec_p256"),
    ("ES384", "ec_p384"),
    ("ES512", "ec_p521"),
    ("ES256K", "ec_secp256k1"),
    ("EdDSA", "ed25519"),
]


@pytest.mark.parametrize(("alg", "name"), KEY_FORMS)
def test_keys_as_text_der_ssh_objects_and_jwks(alg: str, name: str) -> None:
    private_pem, public_pem = key_text(f"{name}.pem"), key_text(f"{name}.pub.pem")
    private_obj = serialization.load_pem_private_key(private_pem.encode(), password=None)
    public_obj = serialization.load_pem_public_key(public_pem.encode())
    public_der = public_obj.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    jwk = jetwt.Key.from_pem(public_pem).to_jwk()
    signers: list[Any] = [private_pem, private_pem.encode(), private_obj, jetwt.Key.from_pem(private_pem)]
    verifiers: list[Any] = [
        public_pem,
        public_der,
        public_obj,
        jetwt.Key.from_pem(public_pem),
        ours.PyJWK(dict(jwk, alg=alg)),
    ]
    if name != "ec_secp256k1":  # OpenSSH has no secp256k1 keys
        verifiers.append(ssh_line(f"{name}.pub.pem"))
    for signer in signers:
        token = ours.encode({"sub": "ada"}, signer, algorithm=alg)
        assert pyjwt.decode(token, public_pem, algorithms=[alg]) == {"sub": "ada"}
        for verifier in verifiers:
            assert ours.decode(token, verifier, algorithms=[alg]) == {"sub": "ada"}


def test_a_key_of_another_family_is_an_invalid_key() -> None:
    token = ours.encode({"sub": "ada"}, key_text("ec_p256.pem"), algorithm="ES256")
    for wrong in (key_text("rsa2048.pub.pem"), key_text("ec_p384.pub.pem"), ssh_line("ed25519.pub.pem")):
        with pytest.raises(ours.InvalidKeyError):
            ours.decode(token, wrong, algorithms=["ES256"])
    with pytest.raises(ours.InvalidKeyError):
        ours.encode({"sub": "ada"}, key_text("ec_p384.pem"), algorithm="ES256")


def test_pyjwk_binds_its_algorithm() -> None:
    jwk = ours.PyJWK({"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA", "alg": "HS384"})
    token = ours.encode({"a": 1}, jwk)
    assert ours.get_unverified_header(token)["alg"] == "HS384"
    assert ours.decode(token, jwk) == {"a": 1}
    other = ours.encode({"a": 1}, jwk.key, algorithm="HS256")
    with pytest.raises(ours.InvalidAlgorithmError, match="does not match the key's algorithm"):
        ours.decode(other, jwk, algorithms=["HS256", "HS384"])


def test_pyjwk_set_and_key_objects() -> None:
    rsa = jetwt.Key.from_pem(key_text("rsa2048.pub.pem")).to_jwk()
    jwks = {"keys": [dict(rsa, kid="r1"), {"kty": "EC", "crv": "P-192", "kid": "bad"}, None]}
    keyset = ours.PyJWKSet.from_dict(jwks)
    assert [key.key_id for key in keyset] == ["r1"]
    assert keyset["r1"].algorithm_name == "RS256"
    assert keyset["r1"].key.key_size == 2048  # a cryptography key object, as PyJWT gives it


def test_an_rsa_jwk_with_only_n_e_d_is_completed() -> None:
    full = jetwt.Key.from_pem(key_text("rsa2048.pem")).to_jwk(private=True)
    bare = {name: full[name] for name in ("kty", "n", "e", "d")}
    token = ours.encode({"sub": "ada"}, ours.PyJWK(dict(bare, alg="RS256")))
    assert pyjwt.decode(token, key_text("rsa2048.pub.pem"), algorithms=["RS256"]) == {"sub": "ada"}
    recovered = RSAAlgorithm.to_jwk(RSAAlgorithm.from_jwk(bare), as_dict=True)
    assert {name: recovered[name] for name in ("p", "q", "dp", "dq", "qi")} == {
        name: full[name] for name in ("p", "q", "dp", "dq", "qi")
    }
    with pytest.raises(ours.InvalidKeyError):
        ours.PyJWK(dict(bare, d="AAAA"))
    with pytest.raises(ours.InvalidKeyError, match="all parameters"):
        RSAAlgorithm.from_jwk(dict(bare, p=full["p"]))


def test_algorithm_objects_convert_jwks_like_pyjwt() -> None:
    pairs: list[tuple[Any, Any, str]] = [
        (
            RSAAlgorithm(RSAAlgorithm.SHA256),
            pyjwt.algorithms.RSAAlgorithm(pyjwt.algorithms.RSAAlgorithm.SHA256),
            "rsa2048",
        ),
        (
            ECAlgorithm(ECAlgorithm.SHA256),
            pyjwt.algorithms.ECAlgorithm(pyjwt.algorithms.ECAlgorithm.SHA256),
            "ec_p256",
        ),
        (OKPAlgorithm(), pyjwt.algorithms.OKPAlgorithm(), "ed25519"),
    ]
    for mine, theirs, name in pairs:
        for pem in (key_text(f"{name}.pem"), key_text(f"{name}.pub.pem")):
            jwk = mine.to_jwk(mine.prepare_key(pem), as_dict=True)
            assert jwk == theirs.to_jwk(theirs.prepare_key(pem), as_dict=True)
            assert mine.to_jwk(mine.from_jwk(jwk), as_dict=True) == jwk
            assert json.loads(mine.to_jwk(mine.from_jwk(json.dumps(jwk)))) == jwk
    assert HMACAlgorithm.to_jwk("secret", as_dict=True) == {"k": "c2VjcmV0", "kty": "oct"}


def test_algorithm_objects_sign_and_verify() -> None:
    message = b"header.payload"
    for algorithm, private, public in [
        (RSAAlgorithm(RSAAlgorithm.SHA256), "rsa2048.pem", "rsa2048.pub.pem"),
        (ECAlgorithm(ECAlgorithm.SHA384), "ec_p384.pem", "ec_p384.pub.pem"),
        (OKPAlgorithm(), "ed25519.pem", "ed25519.pub.pem"),
    ]:
        signature = algorithm.sign(message, algorithm.prepare_key(key_text(private)))
        assert algorithm.verify(message, algorithm.prepare_key(key_text(public)), signature)
        assert not algorithm.verify(message + b"!", key_text(public), signature)
    hmac_alg = HMACAlgorithm(HMACAlgorithm.SHA512)
    assert hmac_alg.verify(message, SECRET, hmac_alg.sign(message, SECRET))
    with pytest.raises(ours.InvalidKeyError):
        ECAlgorithm(ECAlgorithm.SHA256).sign(message, key_text("ec_p384.pem"))  # P-384 is used with SHA-384


def test_a_registered_subclass_is_called() -> None:
    calls: list[str] = []

    class Counting(HMACAlgorithm):
        def sign(self, msg: bytes, key: str | bytes) -> bytes:
            calls.append("sign")
            return super().sign(msg, key)

    jws = ours.PyJWS(algorithms=["HS256"])
    jws.unregister_algorithm("HS256")
    jws.register_algorithm("HS256", Counting(Counting.SHA256))
    token = jws.encode(b"payload", SECRET, algorithm="HS256")
    assert calls == ["sign"]
    assert pyjwt.PyJWS().decode(token, SECRET, algorithms=["HS256"]) == b"payload"
    with pytest.raises(ValueError, match="already has a handler"):
        jws.register_algorithm("HS256", Counting(Counting.SHA256))


# --- the JWKS client against a real HTTP server ------------------------------------------------------------


@pytest.fixture
def jwks_url() -> Iterator[str]:
    public = jetwt.Key.from_pem(key_text("ec_p256.pub.pem")).to_jwk()
    body = json.dumps({"keys": [dict(public, kid="ec-1", use="sig")]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_jwks_client_finds_the_signing_key(jwks_url: str) -> None:
    token = ours.encode({"sub": "ada"}, key_text("ec_p256.pem"), algorithm="ES256", headers={"kid": "ec-1"})
    client = ours.PyJWKClient(jwks_url, cache_keys=True)
    signing_key = client.get_signing_key_from_jwt(token)
    assert signing_key.key_id == "ec-1"
    assert ours.decode(token, signing_key, algorithms=["ES256"]) == {"sub": "ada"}
    assert ours.decode(token, signing_key.key, algorithms=["ES256"]) == {"sub": "ada"}
    with pytest.raises(ours.PyJWKClientError, match="Unable to find a signing key"):
        client.get_signing_key("nope")
    with pytest.raises(ours.PyJWKClientError, match="Invalid JWKS URI scheme"):
        ours.PyJWKClient("file:///etc/passwd")


# --- without cryptography -----------------------------------------------------------------------------------

WITHOUT_CRYPTOGRAPHY = """
import json, sys
import jetwt.pyjwt as jwt
from jetwt.pyjwt.algorithms import ECAlgorithm, has_crypto
keys = json.loads(sys.argv[1])
out = {"has_crypto": has_crypto}
for alg, (private, public) in keys.items():
    token = jwt.encode({"sub": "ada"}, private, algorithm=alg)
    out[alg] = jwt.decode(token, public, algorithms=[alg])
jwk = jwt.PyJWK(json.loads(sys.argv[2]))
out["pyjwk_key"] = type(jwk.key).__name__
out["from_jwk"] = type(ECAlgorithm.from_jwk(json.loads(sys.argv[2]))).__name__
out["cryptography_imported"] = any(m.split(".")[0] == "cryptography" for m in sys.modules)
print(json.dumps(out))
"""


def test_every_algorithm_works_without_cryptography() -> None:
    keys = {
        "HS256": [SECRET, SECRET],
        "RS256": [key_text("rsa2048.pem"), ssh_line("rsa2048.pub.pem")],
        "ES256": [key_text("ec_p256.pem"), key_text("ec_p256.pub.pem")],
        "EdDSA": [key_text("ed25519.pem"), ssh_line("ed25519.pub.pem")],
    }
    jwk = json.dumps(jetwt.Key.from_pem(key_text("ec_p256.pub.pem")).to_jwk())
    package = Path(jetwt.__file__).parent
    with tempfile.TemporaryDirectory() as isolated:
        # Only jetwt on the path: no site-packages, so no cryptography.
        os.symlink(package, Path(isolated) / "jetwt")
        result = subprocess.run(
            [
                sys.executable,
                "-S",
                "-I",
                "-c",
                f"import sys; sys.path.insert(0, {isolated!r})\n" + WITHOUT_CRYPTOGRAPHY,
            ]
            + [json.dumps(keys), jwk],
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out == {
        "has_crypto": False,
        "HS256": {"sub": "ada"},
        "RS256": {"sub": "ada"},
        "ES256": {"sub": "ada"},
        "EdDSA": {"sub": "ada"},
        "pyjwk_key": "Key",
        "from_jwk": "Key",
        "cryptography_imported": False,
    }
