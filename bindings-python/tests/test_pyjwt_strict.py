"""Where PyJWT is more lenient than jetwt, ``jetwt.pyjwt`` keeps jetwt's rules.

Each case shows both sides: real PyJWT (``import jwt``) accepts the input, ``jetwt.pyjwt`` refuses it with a
PyJWT exception. These are the deliberate differences of ``bindings-python/compat/EXPECTED_FAILURES.md``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings
from collections.abc import Iterator
from typing import Any

import jwt as pyjwt
import pytest

import jetwt.pyjwt as ours

from support import key_text

SECRET = "a-32-byte-secret-for-hs256-tests!"


@pytest.fixture(autouse=True)
def no_short_key_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pyjwt.InsecureKeyLengthWarning)
        warnings.simplefilter("ignore", ours.InsecureKeyLengthWarning)
        yield


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header: bytes, payload: bytes, secret: str = SECRET) -> str:
    """An HS256 token over exactly these header and payload bytes."""
    signing_input = f"{b64(header)}.{b64(payload)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


HEADER = b'{"alg":"HS256","typ":"JWT"}'


def both(token: str, **kwargs: Any) -> Any:
    """Decodes with PyJWT (which must accept) and returns what jetwt.pyjwt raises."""
    pyjwt.decode(token, SECRET, algorithms=["HS256"], **kwargs)
    with pytest.raises(ours.PyJWTError) as refused:
        ours.decode(token, SECRET, algorithms=["HS256"], **kwargs)
    return refused.value


@pytest.mark.parametrize("segment", [0, 1, 2])
def test_padded_base64url_is_refused(segment: int) -> None:
    parts = [b64(b'{"alg":"HS256","kid":"k"}'), b64(b'{"sub":"ada"}')]
    mac = b""
    for index in (0, 1, 2):
        if index == 2:
            mac = hmac.new(SECRET.encode(), ".".join(parts).encode(), hashlib.sha256).digest()
            parts.append(b64(mac))
        if index == segment:
            assert len(parts[index]) % 4, "the segment needs padding for the test to mean something"
            parts[index] += "=" * (-len(parts[index]) % 4)
    error = both(".".join(parts))
    assert isinstance(error, ours.DecodeError)
    assert str(error) == f"Invalid {('header', 'payload', 'crypto')[segment]} padding"


def test_non_canonical_base64url_is_refused() -> None:
    token = signed(HEADER, b'{"sub":"ada"}')
    head, body, sig = token.split(".")
    tweaked = sig[:-1] + chr(ord(sig[-1]) + 1)  # same bytes, a stray bit in the last digit
    assert base64.urlsafe_b64decode(tweaked + "=") == base64.urlsafe_b64decode(sig + "=")
    with pytest.raises(ours.DecodeError, match="Invalid crypto padding"):
        ours.decode(f"{head}.{body}.{tweaked}", SECRET, algorithms=["HS256"])


@pytest.mark.parametrize(
    ("header", "payload", "where"),
    [
        (b'{"alg":"HS256","alg":"HS256"}', b'{"sub":"ada"}', "header"),
        (HEADER, b'{"sub":"ada","sub":"eve"}', "payload"),
        (HEADER, b'{"sub":"ada","x":NaN}', "payload"),
        (HEADER, b'{"sub":"ada","x":-Infinity}', "payload"),
        (HEADER, b'{"sub":"\\ud800"}', "payload"),
        (HEADER, b'\xef\xbb\xbf{"sub":"ada"}', "payload"),
    ],
    ids=["duplicate-header-name", "duplicate-claim", "NaN", "-Infinity", "lone-surrogate", "BOM"],
)
def test_json_is_read_strictly(header: bytes, payload: bytes, where: str) -> None:
    error = both(signed(header, payload))
    assert isinstance(error, ours.DecodeError)
    assert str(error).startswith(f"Invalid {where} string")


@pytest.mark.parametrize(
    ("claims", "error", "message"),
    [
        ({"iat": "1638202770"}, ours.InvalidIssuedAtError, "Issued At claim (iat) must be an integer."),
        ({"exp": "4102444800"}, ours.DecodeError, "Expiration Time claim (exp) must be an integer."),
        ({"exp": True, "x": 1}, ours.DecodeError, "Expiration Time claim (exp) must be an integer."),
        ({"nbf": "0"}, ours.DecodeError, "Not Before claim (nbf) must be an integer."),
        ({"iss": ["https://a.example"]}, ours.InvalidIssuerError, "Payload Issuer (iss) must be a string"),
    ],
)
def test_registered_claims_of_the_wrong_type_are_refused(
    claims: dict[str, Any], error: type[Exception], message: str
) -> None:
    token = signed(HEADER, json.dumps(claims).encode())
    if "exp" in claims and claims["exp"] is True:
        # PyJWT reads true as 1 (long expired); jetwt refuses a boolean as a date.
        with pytest.raises(pyjwt.ExpiredSignatureError):
            pyjwt.decode(token, SECRET, algorithms=["HS256"])
        with pytest.raises(error) as refused:
            ours.decode(token, SECRET, algorithms=["HS256"])
        assert str(refused.value) == message
        return
    refused = both(token)
    assert type(refused) is error
    assert str(refused) == message


def test_an_algorithms_string_is_one_name_not_letters_to_match() -> None:
    token = pyjwt.encode({"sub": "ada"}, SECRET)
    pyjwt.decode(token, SECRET, algorithms="HS2560")  # accepted: "HS256" in "HS2560"
    with pytest.raises(ours.InvalidAlgorithmError, match="not allowed"):
        ours.decode(token, SECRET, algorithms="HS2560")
    assert ours.decode(token, SECRET, algorithms="HS256") == {"sub": "ada"}


def test_rsa_keys_under_2048_bits_are_refused() -> None:
    private, public = key_text("rsa1024.pem"), key_text("rsa1024.pub.pem")
    token = pyjwt.encode({"sub": "ada"}, private, algorithm="RS256")
    assert pyjwt.decode(token, public, algorithms=["RS256"]) == {"sub": "ada"}
    with pytest.raises(ours.InvalidKeyError, match="2048"):
        ours.encode({"sub": "ada"}, private, algorithm="RS256")
    with pytest.raises(ours.InvalidKeyError, match="2048"):
        ours.decode(token, public, algorithms=["RS256"])


def test_ed448_is_not_available() -> None:
    private, public = key_text("ed448.pem"), key_text("ed448.pub.pem")
    token = pyjwt.encode({"sub": "ada"}, private, algorithm="EdDSA")
    assert pyjwt.decode(token, public, algorithms=["EdDSA"]) == {"sub": "ada"}
    with pytest.raises(ours.InvalidKeyError):
        ours.encode({"sub": "ada"}, private, algorithm="EdDSA")
    with pytest.raises(ours.InvalidKeyError):
        ours.decode(token, public, algorithms=["EdDSA"])


def test_a_secret_starting_like_pem_is_refused() -> None:
    secret = "-----BEGIN PUBLIC KEY-----" * 4  # no END marker: PyJWT takes it as a secret
    token = pyjwt.encode({"sub": "ada"}, secret)
    assert pyjwt.decode(token, secret, algorithms=["HS256"]) == {"sub": "ada"}
    with pytest.raises(ours.InvalidKeyError):
        ours.encode({"sub": "ada"}, secret)
    with pytest.raises(ours.InvalidKeyError):
        ours.decode(token, secret, algorithms=["HS256"])
    with pytest.raises(ours.InvalidKeyError):
        ours.algorithms.HMACAlgorithm(ours.algorithms.HMACAlgorithm.SHA256).prepare_key(secret)


@pytest.mark.parametrize(
    "name", ["rsa2048.pub.pem", "ec_p256.pub.pem", "ed25519.pub.pem", "rsa2048.cert.pem"]
)
def test_public_key_material_never_serves_as_an_hmac_secret(name: str) -> None:
    # The algorithm-confusion attack: a token signed with HS256 using the verifier's public key as secret.
    public = key_text(name)
    forged = signed(HEADER, b'{"sub":"admin"}', secret=public)
    with pytest.raises(ours.InvalidKeyError):
        ours.decode(forged, public, algorithms=["HS256", "RS256", "ES256", "EdDSA"])


def test_jwk_text_never_serves_as_an_hmac_secret() -> None:
    jwk = json.dumps({"kty": "RSA", "n": "AQAB", "e": "AQAB"})
    for text in (jwk, "  \n" + jwk, json.dumps({"keys": [json.loads(jwk)]})):
        for data in (text, text.encode("utf-16")):
            with pytest.raises(ours.InvalidKeyError, match="looks like a JWK"):
                ours.encode({"sub": "ada"}, data)


def test_expired_and_immature_tokens_fail_as_in_pyjwt() -> None:
    now = int(time.time())
    for claims, error in [
        ({"exp": now - 1}, "ExpiredSignatureError"),
        ({"nbf": now + 60}, "ImmatureSignatureError"),
    ]:
        token = pyjwt.encode(claims, SECRET)
        with pytest.raises(ours.PyJWTError) as mine:
            ours.decode(token, SECRET, algorithms=["HS256"])
        with pytest.raises(pyjwt.PyJWTError) as theirs:
            pyjwt.decode(token, SECRET, algorithms=["HS256"])
        assert type(mine.value).__name__ == type(theirs.value).__name__ == error
        assert str(mine.value) == str(theirs.value)
