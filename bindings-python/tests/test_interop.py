"""Interop with PyJWT (+cryptography): jetwt's tokens verify with PyJWT, and PyJWT's verify with jetwt, for
every algorithm both implement."""

from __future__ import annotations

import jwt as pyjwt
import pytest

import jetwt

from support import key_text

CLAIMS = {
    "sub": "1234567890",
    "name": "John Doe",
    "iat": 1516239022,
    "exp": 4102444800,
    "aud": "api",
    "iss": "https://issuer.example",
    "roles": ["admin", "user"],
}
SECRETS = {
    "HS256": "a-32-byte-secret-for-hs256-tests!",
    "HS384": "a-48-byte-secret-for-hs384-tests-padded-out-to-48",
    "HS512": "a-64-byte-secret-for-hs512-interop-tests-padded-out-to-64-bytes!",
}
PAIRS = {
    "RS256": "rsa2048",
    "RS384": "rsa2048",
    "RS512": "rsa3072",
    "PS256": "rsa2048",
    "PS384": "rsa2048",
    "PS512": "rsa3072",
    "ES256": "ec_p256",
    "ES384": "ec_p384",
    "ES512": "ec_p521",
    "ES256K": "ec_secp256k1",
    "EdDSA": "ed25519",
}
ALGORITHMS = sorted(SECRETS) + sorted(PAIRS)


def keys(alg: str) -> tuple[str, str]:
    if alg in SECRETS:
        return SECRETS[alg], SECRETS[alg]
    return key_text(f"{PAIRS[alg]}.pem"), key_text(f"{PAIRS[alg]}.pub.pem")


def test_pyjwt_has_every_algorithm_tested() -> None:
    assert set(ALGORITHMS) <= set(pyjwt.algorithms.get_default_algorithms())


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_jetwt_tokens_verify_with_pyjwt(alg: str) -> None:
    signing, verifying = keys(alg)
    token = jetwt.encode(CLAIMS, signing, algorithm=alg)
    assert pyjwt.decode(token, verifying, algorithms=[alg], audience="api") == CLAIMS
    signer = jetwt.Signer(jetwt.Key.from_pem(signing) if alg in PAIRS else signing, algorithm=alg)
    assert pyjwt.decode(signer.sign(CLAIMS), verifying, algorithms=[alg], audience="api") == CLAIMS


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_pyjwt_tokens_verify_with_jetwt(alg: str) -> None:
    signing, verifying = keys(alg)
    token = pyjwt.encode(CLAIMS, signing, algorithm=alg, headers={"kid": "k1"})
    assert jetwt.verify(token, verifying, algorithms=[alg], audience="api") == CLAIMS
    header = jetwt.verify(token, verifying, algorithms=[alg], audience="api", complete=True)["header"]
    assert header == {"alg": alg, "typ": "JWT", "kid": "k1"}


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_a_tampered_pyjwt_token_is_refused(alg: str) -> None:
    signing, verifying = keys(alg)
    token = pyjwt.encode(CLAIMS, signing, algorithm=alg)
    other = pyjwt.encode({**CLAIMS, "sub": "mallory"}, signing, algorithm=alg)
    forged = ".".join([*other.split(".")[:2], token.split(".")[2]])
    with pytest.raises(jetwt.InvalidSignatureError):
        jetwt.verify(forged, verifying, algorithms=[alg], audience="api")


def test_jwk_exports_load_in_pyjwt() -> None:
    for alg in ("RS256", "ES256", "EdDSA"):
        signing, _ = keys(alg)
        key = jetwt.Key.from_pem(signing)
        pyjwt_key = pyjwt.PyJWK(key.public_key().to_jwk(), algorithm=alg)
        token = jetwt.encode({"a": 1}, key, algorithm=alg)
        assert pyjwt.decode(token, pyjwt_key.key, algorithms=[alg]) == {"a": 1}
