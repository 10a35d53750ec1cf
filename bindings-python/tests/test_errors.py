"""Every error class of API.md, each triggered through the public API, and the drift test against the core."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import jetwt

from support import SECRET, key_text

NOW = 1_700_000_000

# The table of API.md: code -> class name.
API_TABLE = {
    "malformed": "DecodeError",
    "invalid_algorithm": "InvalidAlgorithmError",
    "invalid_key": "InvalidKeyError",
    "invalid_signature": "InvalidSignatureError",
    "expired": "ExpiredSignatureError",
    "not_yet_valid": "ImmatureSignatureError",
    "invalid_audience": "InvalidAudienceError",
    "invalid_issuer": "InvalidIssuerError",
    "invalid_subject": "InvalidSubjectError",
    "invalid_type": "InvalidTypeError",
    "missing_claim": "MissingRequiredClaimError",
    "invalid_claim": "InvalidClaimError",
    "key_not_found": "KeyNotFoundError",
}


def token(claims: dict[str, object], **kwargs: object) -> str:
    return jetwt.encode(claims, SECRET, **kwargs)  # type: ignore[arg-type]


def verify(tok: str | bytes, **options: object) -> dict[str, object]:
    options.setdefault("algorithms", ["HS256"])
    options.setdefault("now", NOW)
    return jetwt.verify(tok, SECRET, **options)  # type: ignore[arg-type]


def test_core_codes_equal_the_python_classes_and_api_md() -> None:
    assert list(jetwt.ERROR_CODES) == list(API_TABLE)
    subclasses = {cls.code: cls.__name__ for cls in jetwt.JwtError.__subclasses__()}
    assert subclasses == API_TABLE
    for code, name in API_TABLE.items():
        cls = getattr(jetwt, name)
        assert issubclass(cls, jetwt.JwtError) and issubclass(cls, ValueError)
        assert cls.code == code and cls.__module__ == "jetwt"
        assert name in jetwt.__all__


TRIGGERS: dict[str, list[Callable[[], object]]] = {
    "malformed": [
        lambda: verify("not-a-token"),
        lambda: verify("a.b.c.d"),
        lambda: verify(token({"a": 1}) + "="),
        lambda: verify(b"\xff\xfe.abc.def"),
        lambda: verify(12345),  # type: ignore[arg-type]
        lambda: jetwt.decode("eyJhbGciOiJIUzI1NiJ9.WzFd.c2ln"),  # claims are an array
        lambda: jetwt.decode_header("x"),
        lambda: jetwt.decode(None),  # type: ignore[arg-type]
    ],
    "invalid_algorithm": [
        lambda: verify(token({"a": 1}), algorithms=["HS384"]),
        lambda: verify(token({"a": 1}), algorithms=["none"]),
        lambda: jetwt.encode({"a": 1}, SECRET, algorithm="XS256"),
        lambda: jetwt.Key.generate("Ed448"),
        lambda: jetwt.encode({"a": 1}, SECRET, algorithm=None),  # type: ignore[arg-type]
        lambda: jetwt.Signer(SECRET, algorithm=256),  # type: ignore[arg-type]
    ],
    "invalid_key": [
        lambda: jetwt.Key.from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
        lambda: jetwt.Key.from_pem(key_text("rsa2048.encrypted.pem"), password="hunter2"),
        lambda: jetwt.Key.from_pem(key_text("rsa1024.pem")),
        lambda: jetwt.Key.from_der(b"\x30\x03\x02\x01\x00"),
        lambda: jetwt.Key.from_jwk({"kty": "RSA"}),
        lambda: jetwt.Key.from_jwk("{not json"),
        lambda: jetwt.Key.from_jwk({"kty": "oct", "k": {1, 2}}),
        lambda: jetwt.Key.from_secret(""),
        lambda: jetwt.Key.from_secret(42),  # type: ignore[arg-type]
        lambda: jetwt.KeySet.from_jwks({"keys": []}),
        lambda: jetwt.encode({"a": 1}, "too short"),
        lambda: jetwt.encode({"a": 1}, "not a pem", algorithm="RS256"),
        lambda: jetwt.verify(token({"a": 1}), None, algorithms=["HS256"]),  # type: ignore[arg-type]
    ],
    "invalid_signature": [
        lambda: verify(token({"a": 1})[:-2] + "AA"),
        lambda: jetwt.verify(token({"a": 1}), "another-32-byte-secret-for-hs256!", algorithms=["HS256"]),
        lambda: jetwt.verify(
            jetwt.encode({"a": 1}, key_text("ec_p256.pem"), algorithm="ES256"),
            jetwt.Key.generate("ES256").public_key(),
            algorithms=["ES256"],
        ),
        lambda: verify(token({"a": 1}).rsplit(".", 1)[0] + ".AAAA"),
    ],
    "expired": [
        lambda: verify(token({"exp": NOW})),
        lambda: verify(token({"iat": NOW - 100}), max_age=10),
    ],
    "not_yet_valid": [
        lambda: verify(token({"nbf": NOW + 60})),
        lambda: verify(token({"iat": NOW + 60})),
    ],
    "invalid_audience": [
        lambda: verify(token({"aud": "api"}), audience="other"),
        lambda: verify(token({"aud": "api"})),
    ],
    "invalid_issuer": [lambda: verify(token({"iss": "a"}), issuer="b")],
    "invalid_subject": [lambda: verify(token({"sub": "a"}), subject="b")],
    "invalid_type": [lambda: verify(token({"a": 1}), typ="at+jwt")],
    "missing_claim": [
        lambda: verify(token({"a": 1}), required=["sub"]),
        lambda: verify(token({"a": 1}), audience="api"),
    ],
    "invalid_claim": [
        lambda: verify(token({"exp": "tomorrow"})),
        lambda: verify(token({"iss": 7})),
    ],
    "key_not_found": [
        lambda: jetwt.verify(
            token({"a": 1}, headers={"kid": "missing"}),
            jetwt.KeySet.from_jwks(
                {"keys": [{"kty": "oct", "k": "YS0zMi1ieXRlLXNlY3JldC1mb3ItaHMyNTYtdGVzdHMh"}]}
            ),
            algorithms=["HS256"],
        ),
    ],
}


def test_every_code_has_triggers() -> None:
    assert set(TRIGGERS) == set(API_TABLE)


@pytest.mark.parametrize(
    ("code", "trigger"),
    [(code, trigger) for code, triggers in TRIGGERS.items() for trigger in triggers],
)
def test_each_error_is_raised_with_its_class_and_code(code: str, trigger: Callable[[], object]) -> None:
    with pytest.raises(jetwt.JwtError) as info:
        trigger()
    assert info.value.code == code, str(info.value)
    assert type(info.value) is getattr(jetwt, API_TABLE[code])
    assert str(info.value) and "Error {" not in str(info.value)  # a sentence, not a Debug dump


def test_claim_errors_name_the_claim() -> None:
    with pytest.raises(jetwt.MissingRequiredClaimError) as missing:
        verify(token({"a": 1}), required=["jti"])
    assert missing.value.claim == "jti"
    with pytest.raises(jetwt.InvalidClaimError) as invalid:
        verify(token({"nbf": [1]}))
    assert invalid.value.claim == "nbf"
    with pytest.raises(jetwt.ExpiredSignatureError) as other:
        verify(token({"exp": 1}))
    assert other.value.claim is None


def test_errors_are_value_errors_and_catchable_by_base() -> None:
    with pytest.raises(ValueError):
        verify("garbage")
    with pytest.raises(jetwt.JwtError):
        verify("garbage")
