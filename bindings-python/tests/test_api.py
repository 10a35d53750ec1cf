"""The Python API of API.md: encode, verify, decode, Key, KeySet, Signer, Verifier, options, conversions."""

from __future__ import annotations

import base64
import datetime as dt
import enum
import gc
import hashlib
import hmac
import json
import types
import weakref
from collections import OrderedDict
from typing import Any

import pytest

import jetwt

from support import KEYS, SECRET, key_text

NOW = 1_700_000_000
CLAIMS = {
    "sub": "1234567890",
    "name": "John Doe",
    "iat": 1516239022,
    "exp": 4102444800,
    "aud": "api",
    "iss": "https://issuer.example",
    "roles": ["admin", "user"],
}
ASYMMETRIC = {
    "RS256": "rsa2048",
    "RS384": "rsa2048",
    "RS512": "rsa3072",
    "PS256": "rsa2048",
    "PS384": "rsa3072",
    "PS512": "rsa2048",
    "ES256": "ec_p256",
    "ES384": "ec_p384",
    "ES512": "ec_p521",
    "ES256K": "ec_secp256k1",
    "EdDSA": "ed25519",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_token(header: dict[str, Any] | str, payload: str, secret: str = SECRET) -> str:
    """A token signed by hand (Python's hmac), for payloads jetwt itself would not write."""
    head = header if isinstance(header, str) else json.dumps(header, separators=(",", ":"))
    signing_input = f"{b64url(head.encode())}.{b64url(payload.encode())}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


# --- encode / verify round trips ------------------------------------------------------------------------


def test_hs256_round_trip_with_str_and_bytes_secrets() -> None:
    token = jetwt.encode(CLAIMS, SECRET)
    assert token.count(".") == 2
    assert jetwt.verify(token, SECRET, algorithms=["HS256"], audience="api", now=NOW) == CLAIMS
    assert jetwt.verify(token.encode(), SECRET.encode(), algorithms=["HS256"], audience="api") == CLAIMS
    assert jetwt.decode_header(token) == {"alg": "HS256", "typ": "JWT"}


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_hmac_algorithms(alg: str) -> None:
    key = jetwt.Key.generate(alg)
    token = jetwt.encode({"n": 1}, key, algorithm=alg)
    assert jetwt.verify(token, key, algorithms=[alg]) == {"n": 1}


@pytest.mark.parametrize("alg", sorted(ASYMMETRIC))
def test_asymmetric_algorithms_with_pem_strings_and_keys(alg: str) -> None:
    name = ASYMMETRIC[alg]
    private_pem, public_pem = key_text(f"{name}.pem"), key_text(f"{name}.pub.pem")
    token = jetwt.encode(CLAIMS, private_pem, algorithm=alg)
    assert jetwt.decode_header(token)["alg"] == alg
    assert jetwt.verify(token, public_pem, algorithms=[alg], audience="api") == CLAIMS
    assert jetwt.verify(token, public_pem.encode(), algorithms=[alg], audience="api") == CLAIMS
    key = jetwt.Key.from_pem(private_pem)
    assert jetwt.verify(token, key.public_key(), algorithms=[alg], audience="api") == CLAIMS
    assert jetwt.verify(jetwt.encode(CLAIMS, key, algorithm=alg), key, algorithms=[alg], audience="api")


def test_generated_keys_sign_and_verify_for_every_algorithm() -> None:
    for alg in jetwt.ALGORITHMS:
        key = jetwt.Key.generate(alg)
        assert key.is_private
        token = jetwt.encode({"alg": alg}, key, algorithm=alg)
        verify_key = key if alg.startswith("HS") else key.public_key()
        assert jetwt.verify(token, verify_key, algorithms=[alg]) == {"alg": alg}


@pytest.mark.parametrize("bits", [2048, 3072, 4096])
def test_generated_rsa_keys_have_the_size_asked_for(bits: int) -> None:
    key = jetwt.Key.generate("PS256", bits=bits)
    assert repr(key) == f"<jetwt.Key RSA-{bits} private key>"
    assert len(base64.urlsafe_b64decode(key.to_jwk()["n"] + "==")) * 8 == bits
    token = jetwt.encode({"bits": bits}, key, algorithm="PS256")
    assert jetwt.verify(token, key.public_key(), algorithms=["PS256"]) == {"bits": bits}


def test_generated_rsa_keys_are_2048_bits_by_default() -> None:
    assert repr(jetwt.Key.generate("RS256")) == "<jetwt.Key RSA-2048 private key>"


@pytest.mark.parametrize("bits", [1024, 2047, 5000, 0, -2048, 2**70])
def test_rsa_sizes_core_does_not_generate_are_invalid_key_errors(bits: int) -> None:
    with pytest.raises(jetwt.InvalidKeyError, match="2048, 3072, 4096 or 8192 bits"):
        jetwt.Key.generate("RS256", bits=bits)


@pytest.mark.parametrize("bits", ["4096", 4096.0, True])
def test_rsa_bits_must_be_an_int(bits: object) -> None:
    with pytest.raises(TypeError, match="bits must be an int"):
        jetwt.Key.generate("RS256", bits=bits)  # type: ignore[arg-type]


def test_mixed_algorithm_families_are_each_checked_against_the_key() -> None:
    pem = key_text("ec_p256.pem")
    token = jetwt.encode({"a": 1}, pem, algorithm="ES256")
    assert jetwt.verify(token, key_text("ec_p256.pub.pem"), algorithms=["RS256", "ES256"]) == {"a": 1}
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(token, key_text("rsa2048.pub.pem"), algorithms=["RS256", "ES256"])


def test_headers_are_written_after_alg_typ_kid() -> None:
    key = jetwt.Key.from_jwk({"kty": "oct", "k": b64url(SECRET.encode()), "kid": "k1"})
    token = jetwt.encode({"a": 1}, key, headers={"cty": "x", "n": [1, 2]})
    assert list(jetwt.decode_header(token)) == ["alg", "typ", "kid", "cty", "n"]
    token = jetwt.encode({"a": 1}, key, headers={"typ": None, "kid": "other"})
    assert jetwt.decode_header(token) == {"alg": "HS256", "kid": "other"}
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.encode({"a": 1}, key, headers={"alg": "HS512"})
    with pytest.raises(TypeError, match="headers"):
        jetwt.encode({"a": 1}, key, headers=["not", "a", "mapping"])  # type: ignore[arg-type]


# --- claims in -------------------------------------------------------------------------------------------


def test_json_types_round_trip() -> None:
    claims = {
        "s": 'ünïcödé \u2028 "quoted" \\ \n \x01 \x1f \x7f \b\f\r\t',
        '"odd" key\n': "plain",
        "i": -42,
        "f": 1.5,
        "whole_float": 2.0,
        "tiny": 1e-7,
        "t": True,
        "n": None,
        "l": [1, "two", [3.0], {"four": 4}],
        "tuple": (1, 2),
        "nested": {"a": {"b": {"c": []}}},
        "empty": {},
    }
    token = jetwt.encode(claims, SECRET)
    out = jetwt.verify(token, SECRET, algorithms=["HS256"])
    assert out == {**claims, "tuple": [1, 2]}
    assert isinstance(out["whole_float"], float)
    assert isinstance(out["i"], int)
    assert list(out) == list(claims)


def test_big_integers_round_trip_exactly() -> None:
    claims = {"big": 2**200 + 1, "neg": -(2**70) - 3, "edge": 2**63, "small": -(2**63)}
    out = jetwt.verify(jetwt.encode(claims, SECRET), SECRET, algorithms=["HS256"])
    assert out == claims
    assert all(type(v) is int for v in out.values())
    # And from a token jetwt did not write.
    token = hs256_token({"alg": "HS256"}, '{"n":123456789012345678901234567890123,"m":-0,"e":1E3}')
    out = jetwt.verify(token, SECRET, algorithms=["HS256"])
    assert out == {"n": 123456789012345678901234567890123, "m": 0, "e": 1000.0}
    assert type(out["e"]) is float


def test_a_number_too_long_for_python_int_is_a_decode_error() -> None:
    token = hs256_token({"alg": "HS256"}, '{"n":' + "9" * 5000 + "}")
    with pytest.raises(jetwt.DecodeError):
        jetwt.verify(token, SECRET, algorithms=["HS256"])


def test_subclasses_and_mappings_serialise_like_json_dumps() -> None:
    class Color(enum.IntEnum):
        RED = 1

    class Name(str):
        pass

    claims = types.MappingProxyType({"c": Color.RED, "n": Name("ada"), "o": OrderedDict(x=1), "b": False})
    out = jetwt.verify(jetwt.encode(claims, SECRET), SECRET, algorithms=["HS256"])
    assert out == {"c": 1, "n": "ada", "o": {"x": 1}, "b": False}
    assert type(out["c"]) is int and type(out["b"]) is bool


def test_datetimes_become_numericdates() -> None:
    aware = dt.datetime(2100, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    naive = dt.datetime(2020, 1, 1, 0, 0, 0, 900000)  # naive means UTC; fractions are dropped
    token = jetwt.encode({"exp": aware, "iat": naive, "nbf": naive}, SECRET)
    out = jetwt.decode(token).claims
    assert out == {"exp": int(aware.timestamp()), "iat": 1577836800, "nbf": 1577836800}
    assert jetwt.verify(token, SECRET, algorithms=["HS256"], now=dt.datetime(2021, 1, 1)) == out


def test_datetimes_elsewhere_are_type_errors_naming_the_key() -> None:
    with pytest.raises(TypeError, match="'when'|\"when\""):
        jetwt.encode({"when": dt.datetime(2020, 1, 1)}, SECRET)
    with pytest.raises(TypeError, match="exp"):
        jetwt.encode({"nested": {"exp": dt.datetime(2020, 1, 1)}}, SECRET)


def test_unserialisable_values_raise_type_error_naming_the_key() -> None:
    with pytest.raises(TypeError, match=r"set.*roles"):
        jetwt.encode({"sub": "a", "roles": {"admin"}}, SECRET)
    with pytest.raises(TypeError, match="blob"):
        jetwt.encode({"blob": b"bytes"}, SECRET)
    with pytest.raises(TypeError, match="Keys must be str"):
        jetwt.encode({1: "one"}, SECRET)  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="mapping"):
        jetwt.encode(["not", "a", "dict"], SECRET)  # type: ignore[arg-type]


def test_non_finite_floats_and_lone_surrogates_are_value_errors() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        jetwt.encode({"x": float("nan")}, SECRET)
    with pytest.raises(ValueError):
        jetwt.encode({"x": float("inf")}, SECRET)
    with pytest.raises(ValueError):
        jetwt.encode({"x": "\ud800"}, SECRET)


def test_deep_and_self_referencing_claims_fail_cleanly() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(200):
        node["d"] = {}
        node = node["d"]
    with pytest.raises(jetwt.DecodeError, match="deeper"):
        jetwt.encode(deep, SECRET)
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(jetwt.DecodeError):
        jetwt.encode({"loop": loop}, SECRET)


# --- claims out ----------------------------------------------------------------------------------------


def test_complete_returns_header_and_claims() -> None:
    token = jetwt.encode({"a": 1}, SECRET, headers={"kid": "k"})
    out = jetwt.verify(token, SECRET, algorithms=["HS256"], complete=True)
    assert out == {"header": {"alg": "HS256", "typ": "JWT", "kid": "k"}, "claims": {"a": 1}}


def test_decode_inspects_without_verifying() -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    decoded = jetwt.decode(token)
    assert decoded.header == {"alg": "HS256", "typ": "JWT"}
    assert decoded.claims == {"a": 1}
    assert isinstance(decoded.signature, bytes) and len(decoded.signature) == 32
    assert "unverified" in repr(decoded)
    # A forged signature still decodes: decode checks nothing.
    forged = token[: token.rindex(".")] + ".AAAA"
    assert jetwt.decode(forged).signature == b"\x00\x00\x00"
    unsecured = b64url(b'{"alg":"none"}') + "." + b64url(b"{}") + "."
    assert jetwt.decode(unsecured).header == {"alg": "none"}


def test_returned_dicts_are_fresh_objects() -> None:
    token = jetwt.encode({"roles": ["a"]}, SECRET)
    first = jetwt.verify(token, SECRET, algorithms=["HS256"])
    first["roles"].append("b")
    assert jetwt.verify(token, SECRET, algorithms=["HS256"]) == {"roles": ["a"]}


# --- options -------------------------------------------------------------------------------------------


def test_audience_and_issuer_accept_a_string_or_a_sequence() -> None:
    token = jetwt.encode(CLAIMS, SECRET)
    for audience in ("api", ["other", "api"], ("api",)):
        jetwt.verify(token, SECRET, algorithms=["HS256"], audience=audience)
    for issuer in ("https://issuer.example", ["x", "https://issuer.example"]):
        jetwt.verify(token, SECRET, algorithms=["HS256"], audience="api", issuer=issuer)


def test_leeway_and_max_age_take_seconds_or_timedelta() -> None:
    token = jetwt.encode({"exp": NOW, "iat": NOW - 100}, SECRET)
    for leeway in (5, 5.0, dt.timedelta(seconds=5)):
        jetwt.verify(token, SECRET, algorithms=["HS256"], now=NOW + 1, leeway=leeway)
    jetwt.verify(token, SECRET, algorithms=["HS256"], now=NOW - 1, max_age=dt.timedelta(minutes=2))
    with pytest.raises(jetwt.ExpiredSignatureError):
        jetwt.verify(token, SECRET, algorithms=["HS256"], now=NOW - 1, max_age=60)


@pytest.mark.parametrize("bad", [-1, -0.5, dt.timedelta(seconds=-1), float("nan"), float("inf")])
def test_negative_or_non_finite_durations_are_value_errors(bad: Any) -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    with pytest.raises(ValueError):
        jetwt.verify(token, SECRET, algorithms=["HS256"], leeway=bad)
    with pytest.raises(ValueError):
        jetwt.Verifier(SECRET, algorithms=["HS256"], max_age=bad)
    with pytest.raises(ValueError):
        jetwt.Signer(SECRET, algorithm="HS256", expires_in=bad)


def test_option_types_are_checked() -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    with pytest.raises(TypeError, match="leeway"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], leeway="5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="audience"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], audience=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="required"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], required="sub")
    with pytest.raises(TypeError, match="now"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], now="today")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="now"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], now=float("nan"))
    with pytest.raises(TypeError, match="subject"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], subject=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="typ"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], typ=b"JWT")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="audience"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], audience=["api", 1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="too large"):
        jetwt.verify(token, SECRET, algorithms=["HS256"], leeway=1e300)
    with pytest.raises(TypeError, match="issuer"):
        jetwt.Signer(SECRET, algorithm="HS256", issuer=5)  # type: ignore[arg-type]


def test_algorithms_is_required_and_checked() -> None:
    token = jetwt.encode({"a": 1}, SECRET)
    with pytest.raises(TypeError):
        jetwt.verify(token, SECRET)  # type: ignore[call-arg]
    with pytest.raises(jetwt.InvalidAlgorithmError, match="list"):
        jetwt.verify(token, SECRET, algorithms="HS256")
    with pytest.raises(jetwt.InvalidAlgorithmError, match="not supported"):
        jetwt.verify(token, SECRET, algorithms=["HS256", "XS999"])
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.verify(token, SECRET, algorithms=[256])  # type: ignore[list-item]
    with pytest.raises(jetwt.InvalidAlgorithmError, match="allowed algorithms is empty"):
        jetwt.verify(token, SECRET, algorithms=[])
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.encode({"a": 1}, SECRET, algorithm="none")


# --- keys ----------------------------------------------------------------------------------------------


def test_key_constructors_and_attributes() -> None:
    der = (KEYS / "ec_p256.der").read_bytes()
    key = jetwt.Key.from_der(der)
    assert (key.algorithm, key.kid, key.is_private) == ("ES256", None, True)
    public = key.public_key()
    assert not public.is_private and public.algorithm == "ES256"
    assert public.thumbprint() == key.thumbprint()
    assert jetwt.Key.from_pem(key_text("ec_p256.pub.pem")).thumbprint() == key.thumbprint()
    jwk = public.to_jwk()
    assert jwk["kty"] == "EC" and "d" not in jwk
    assert "d" in key.to_jwk(private=True)
    assert jetwt.Key.from_jwk(json.dumps(jwk)).thumbprint() == key.thumbprint()
    assert jetwt.Key.from_jwk({**jwk, "kid": "k9"}).kid == "k9"
    rsa = jetwt.Key.from_pem(key_text("rsa2048.pem"))
    assert rsa.algorithm is None
    assert jetwt.Key.from_pem(rsa.to_pem()).thumbprint() == rsa.thumbprint()
    assert rsa.public_key().to_pem().startswith("-----BEGIN PUBLIC KEY-----")
    assert jetwt.Key.from_pem(key_text("rsa2048.pem").encode()).is_private


def test_secret_keys() -> None:
    key = jetwt.Key.from_secret(SECRET)
    assert key.is_private and key.algorithm is None
    assert jetwt.Key.from_jwk(key.to_jwk(private=True)).to_jwk(private=True) == key.to_jwk(private=True)
    with pytest.raises(jetwt.InvalidKeyError):
        key.public_key()
    with pytest.raises(jetwt.InvalidKeyError):
        key.to_pem()
    with pytest.raises(jetwt.InvalidKeyError):
        key.thumbprint()
    with pytest.raises(jetwt.InvalidKeyError):
        key.to_jwk()
    with pytest.raises(jetwt.InvalidKeyError, match="UTF-8"):
        jetwt.Key.from_jwk(b"\xff{}")  # type: ignore[arg-type]
    assert jetwt.Key.from_jwk(json.dumps(key.to_jwk(private=True)).encode()).is_private  # type: ignore[arg-type]


def test_repr_never_shows_secret_material() -> None:
    secret = "do-not-print-this-secret-value-please"
    key = jetwt.Key.from_secret(secret)
    texts = [
        repr(key),
        str(key),
        repr(jetwt.Signer(key, algorithm="HS256")),
        repr(jetwt.Verifier(key, algorithms=["HS256"])),
    ]
    for text in texts:
        assert secret not in text and b64url(secret.encode()) not in text
    assert "HMAC secret" in repr(key)
    private = jetwt.Key.from_pem(key_text("ec_p256.pem"))
    d = private.to_jwk(private=True)["d"]
    assert d not in repr(private) and "private" in repr(private)
    with pytest.raises(jetwt.InvalidKeyError) as info:
        jetwt.encode({"a": 1}, "short-secret-value", algorithm="HS256")
    assert "short-secret-value" not in str(info.value)


def test_keyset_selects_by_kid() -> None:
    ec = jetwt.Key.from_pem(key_text("ec_p256.pem"))
    rsa = jetwt.Key.from_pem(key_text("rsa2048.pem"))
    jwks = {"keys": [{**ec.to_jwk(), "kid": "ec"}, {**rsa.to_jwk(), "kid": "rsa"}, {"kty": "nope"}]}
    for source in (jwks, json.dumps(jwks)):
        keyset = jetwt.KeySet.from_jwks(source)
        assert len(keyset) == 2 and [k.kid for k in keyset.keys] == ["ec", "rsa"]
        assert "2 keys" in repr(keyset) and "1 skipped" in repr(keyset)
        token = jetwt.encode({"a": 1}, rsa, algorithm="RS256", headers={"kid": "rsa"})
        assert jetwt.verify(token, keyset, algorithms=["RS256", "ES256"]) == {"a": 1}
        token = jetwt.encode({"a": 1}, ec, algorithm="ES256", headers={"kid": "ec"})
        assert jetwt.Verifier(keyset, algorithms=["ES256"]).verify(token) == {"a": 1}


def test_pem_key_material_is_never_an_hmac_secret() -> None:
    public_pem = key_text("rsa2048.pub.pem")
    forged = hs256_token({"alg": "HS256"}, '{"admin":true}', secret=public_pem)
    with pytest.raises(jetwt.JwtError) as info:
        jetwt.verify(forged, public_pem, algorithms=["HS256", "RS256"])
    assert info.value.code in {"invalid_algorithm", "invalid_key"}
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Key.from_secret(public_pem)


# --- Signer and Verifier -------------------------------------------------------------------------------


def test_signer_adds_registered_claims() -> None:
    key = jetwt.Key.from_pem(key_text("ed25519.pem"))
    signer = jetwt.Signer(
        key,
        algorithm="EdDSA",
        headers={"kid": "ed"},
        expires_in=dt.timedelta(minutes=15),
        not_before=0,
        issuer="https://auth.example",
        audience=["api", "web"],
        subject="ada",
        jwt_id=True,
    )
    assert signer.algorithm == "EdDSA"
    token = signer.sign({"role": "admin", "sub": "override"})
    claims = jetwt.decode(token).claims
    assert claims["exp"] - claims["iat"] == 900 and claims["nbf"] == claims["iat"]
    assert claims["sub"] == "override" and claims["aud"] == ["api", "web"] and len(claims["jti"]) >= 16
    assert jetwt.decode_header(token)["kid"] == "ed"
    verifier = jetwt.Verifier(
        key.public_key(), algorithms=["EdDSA"], audience="web", issuer="https://auth.example", max_age=60
    )
    assert verifier.verify(token)["role"] == "admin"
    plain = jetwt.Signer(SECRET, algorithm="HS256", issued_at=False).sign({"a": 1})
    assert jetwt.decode(plain).claims == {"a": 1}


def test_signer_and_verifier_refuse_bad_keys_up_front() -> None:
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Signer(key_text("rsa2048.pub.pem"), algorithm="RS256")  # a public key cannot sign
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Signer("short", algorithm="HS256")
    with pytest.raises(jetwt.InvalidAlgorithmError):
        jetwt.Signer(SECRET, algorithm="HS999")
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Verifier(12345, algorithms=["HS256"])  # type: ignore[arg-type]
    with pytest.raises(jetwt.InvalidKeyError, match="KeySet only verifies"):
        jetwt.encode({"a": 1}, jetwt.KeySet.from_jwks({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}))  # type: ignore[arg-type]


def test_verifier_complete_and_now() -> None:
    token = jetwt.encode({"exp": NOW + 10}, SECRET)
    verifier = jetwt.Verifier(SECRET, algorithms=["HS256"], now=NOW, complete=True)
    assert verifier.verify(token) == {"header": {"alg": "HS256", "typ": "JWT"}, "claims": {"exp": NOW + 10}}
    with pytest.raises(jetwt.ExpiredSignatureError):
        jetwt.Verifier(SECRET, algorithms=["HS256"], now=NOW + 10).verify(token)
    assert "HS256" in repr(verifier)


def test_datetime_conversion_cannot_disturb_the_claims_being_written() -> None:
    claims: dict[str, Any] = {"sub": "a"}

    class Meddling(dt.tzinfo):
        def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
            claims["added"] = True  # runs while encode converts the datetime
            return dt.timedelta(0)

        def dst(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

        def tzname(self, when: dt.datetime | None) -> str:
            return "meddling"

    claims["exp"] = dt.datetime(2100, 1, 1, tzinfo=Meddling())
    token = jetwt.encode(claims, SECRET)
    assert jetwt.decode(token).claims == {"sub": "a", "exp": 4102444800}
    assert claims["added"] is True


def test_a_decoded_token_inside_its_own_claims_is_garbage_collected() -> None:
    class Sentinel:
        pass

    decoded = jetwt.decode(jetwt.encode({"a": 1}, SECRET))
    sentinel = Sentinel()
    decoded.claims["me"] = decoded
    decoded.claims["sentinel"] = sentinel
    alive = weakref.ref(sentinel)
    del decoded, sentinel
    gc.collect()
    assert alive() is None


def test_with_kid_sets_a_given_kid_or_the_thumbprint() -> None:
    key = jetwt.Key.generate("ES256")
    assert key.kid is None
    assert key.with_kid("k-1").kid == "k-1"
    named = key.with_kid()
    assert named.kid == key.thumbprint()
    assert named.to_jwk()["kid"] == key.thumbprint()
    token = jetwt.encode({"sub": "x"}, named, algorithm="ES256")
    assert jetwt.decode_header(token)["kid"] == key.thumbprint()
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Key.generate("HS256").with_kid()
    with pytest.raises(jetwt.InvalidKeyError):
        jetwt.Key.generate("ES256", bits=4096)
