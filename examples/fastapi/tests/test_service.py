"""The FastAPI example over real HTTP, and its tokens against the Express example (and the reverse)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from conftest import ClockFile, Service

import jetwt

ADA = {"username": "ada", "password": "analytical-engine"}  # scopes: profile reports:read
GRACE = {"username": "grace", "password": "compiler-a0"}  # scopes: profile
ISSUER = "https://auth.jetwt.example"
AUDIENCE = "https://api.jetwt.example"


@pytest.fixture(scope="module")
def fastapi(services: dict[str, Service]) -> Service:
    return services["fastapi"]


@pytest.fixture(scope="module")
def express(services: dict[str, Service]) -> Service:
    return services["express"]


def login(service: Service, user: dict[str, str] = ADA) -> dict[str, Any]:
    response = service.http.post("/login", json=user)
    assert response.status_code == 200, response.text
    return response.json()


def get(service: Service, path: str, token: str | None) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return service.http.get(path, headers=headers)


def post(service: Service, path: str, refresh_token: str) -> httpx.Response:
    return service.http.post(path, json={"refresh_token": refresh_token})


def challenge(response: httpx.Response) -> dict[str, str]:
    """The parameters of a `WWW-Authenticate: Bearer k="v", …` header."""
    scheme, _, rest = response.headers["www-authenticate"].partition(" ")
    assert scheme == "Bearer"
    params = {}
    for part in rest.split(", "):
        name, _, value = part.partition("=")
        assert value.startswith('"') and value.endswith('"'), part
        params[name] = value[1:-1]
    return params


def assert_invalid_token(response: httpx.Response, description: str) -> None:
    assert response.status_code == 401, response.text
    params = challenge(response)
    assert params["error"] == "invalid_token"
    assert description in params["error_description"]
    assert response.json() == {"error": "invalid_token", "error_description": params["error_description"]}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: dict[str, Any]) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def access_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"sub": "ada", "scope": "profile reports:read", "iat": now, "exp": now + 900, "jti": "t-1"}
    claims.update(iss=ISSUER, aud=AUDIENCE)
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def sign(claims: dict[str, Any], pem: str, kid: str, typ: str = "at+jwt") -> str:
    return jetwt.encode(claims, pem, algorithm="ES256", headers={"typ": typ, "kid": kid})


# Login and the protected route


def test_login_issues_an_es256_access_token_for_15_minutes_and_a_refresh_token(fastapi: Service) -> None:
    issued = login(fastapi)
    assert issued["token_type"] == "Bearer"
    assert issued["expires_in"] == 900
    assert issued["scope"] == "profile reports:read"
    access = jetwt.decode(issued["access_token"])
    assert access.header == {"alg": "ES256", "typ": "at+jwt", "kid": fastapi.kid}
    assert access.claims["exp"] - access.claims["iat"] == 900
    assert abs(access.claims["iat"] - time.time()) < 60
    assert (access.claims["iss"], access.claims["aud"], access.claims["sub"]) == (ISSUER, AUDIENCE, "ada")
    refresh = jetwt.decode(issued["refresh_token"])
    assert refresh.header == {"alg": "ES256", "typ": "refresh+jwt", "kid": fastapi.kid}
    assert refresh.claims["exp"] - refresh.claims["iat"] == 14 * 24 * 3600
    assert refresh.claims["jti"] != access.claims["jti"]


WRONG = [{**ADA, "password": "wrong"}, {"username": "nobody", "password": "x"}, {**ADA, "password": ""}]


@pytest.mark.parametrize("body", WRONG)
def test_login_refuses_wrong_credentials(fastapi: Service, body: dict[str, str]) -> None:
    response = fastapi.http.post("/login", json=body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_the_protected_route_reads_the_verified_claims(fastapi: Service) -> None:
    issued = login(fastapi, GRACE)
    response = get(fastapi, "/me", issued["access_token"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["service"] == "fastapi"
    assert body["kid"] == fastapi.kid
    assert body["claims"] == jetwt.decode(issued["access_token"]).claims
    assert body["claims"]["sub"] == "grace"


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Basic YWRhOnB3", "Token abc"])
def test_a_missing_bearer_token_is_401(fastapi: Service, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = fastapi.http.get("/me", headers=headers)
    assert_invalid_token(response, "a bearer token is required")


@pytest.mark.parametrize("token", ["x", "a.b.c", "eyJhbGciOiJFUzI1NiJ9..", "eyJhbGciOiJFUzI1NiJ9.e30.e30.e3"])
def test_a_malformed_token_is_401(fastapi: Service, token: str) -> None:
    assert_invalid_token(get(fastapi, "/me", token), "malformed")


# Scopes


def test_a_route_needing_a_scope_the_token_has(fastapi: Service) -> None:
    response = get(fastapi, "/reports", login(fastapi, ADA)["access_token"])
    assert response.status_code == 200, response.text
    assert response.json()["sub"] == "ada"


def test_a_route_needing_a_scope_the_token_lacks_is_403(fastapi: Service) -> None:
    response = get(fastapi, "/reports", login(fastapi, GRACE)["access_token"])
    assert response.status_code == 403, response.text
    params = challenge(response)
    assert params["error"] == "insufficient_scope"
    assert params["scope"] == "reports:read"
    assert "reports:read" in params["error_description"]
    assert response.json()["error"] == "insufficient_scope"


# Expiry, with the services' clock moved (EXAMPLES_CLOCK_FILE)


def test_the_access_token_expires_after_15_minutes_and_a_refresh_renews_it(
    fastapi: Service, clock: ClockFile
) -> None:
    t0 = int(time.time())
    clock.set(t0)
    issued = login(fastapi)
    clock.set(t0 + 900 + 29)  # past exp, within the 30 s leeway
    assert get(fastapi, "/me", issued["access_token"]).status_code == 200
    clock.set(t0 + 16 * 60)
    assert_invalid_token(get(fastapi, "/me", issued["access_token"]), "expired")
    renewed = post(fastapi, "/refresh", issued["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    access = renewed.json()["access_token"]
    assert jetwt.decode(access).claims["iat"] == t0 + 16 * 60
    assert get(fastapi, "/me", access).status_code == 200


def test_the_refresh_token_expires_after_14_days(fastapi: Service, clock: ClockFile) -> None:
    t0 = int(time.time())
    clock.set(t0)
    issued = login(fastapi)
    clock.set(t0 + 15 * 24 * 3600)
    assert_invalid_token(post(fastapi, "/refresh", issued["refresh_token"]), "expired")


def test_a_token_issued_in_the_future_is_not_valid_yet(fastapi: Service, clock: ClockFile) -> None:
    t0 = int(time.time())
    clock.set(t0 + 3600)
    issued = login(fastapi)
    clock.set(t0)
    assert_invalid_token(get(fastapi, "/me", issued["access_token"]), "not valid yet")


# Refresh rotation and logout


def test_refresh_rotates_the_refresh_token(fastapi: Service) -> None:
    first = login(fastapi)
    response = post(fastapi, "/refresh", first["refresh_token"])
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert get(fastapi, "/me", second["access_token"]).status_code == 200
    # The old refresh token stopped working; the new one works, once.
    assert_invalid_token(post(fastapi, "/refresh", first["refresh_token"]), "used or revoked")
    third = post(fastapi, "/refresh", second["refresh_token"])
    assert third.status_code == 200, third.text
    assert_invalid_token(post(fastapi, "/refresh", second["refresh_token"]), "used or revoked")


def test_of_concurrent_refreshes_with_one_token_exactly_one_wins(fastapi: Service) -> None:
    refresh_token = login(fastapi)["refresh_token"]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: post(fastapi, "/refresh", refresh_token).status_code, range(8)))
    assert sorted(codes) == [200] + [401] * 7


def test_logout_revokes_the_refresh_token(fastapi: Service) -> None:
    issued = login(fastapi)
    response = post(fastapi, "/logout", issued["refresh_token"])
    assert response.status_code == 204, response.text
    assert_invalid_token(post(fastapi, "/refresh", issued["refresh_token"]), "used or revoked")
    assert_invalid_token(post(fastapi, "/logout", issued["refresh_token"]), "used or revoked")
    # Access tokens stay stateless: the one already issued lives out its 15 minutes.
    assert get(fastapi, "/me", issued["access_token"]).status_code == 200


def test_an_access_token_is_not_a_refresh_token_nor_the_reverse(fastapi: Service) -> None:
    issued = login(fastapi)
    assert_invalid_token(post(fastapi, "/refresh", issued["access_token"]), "not of the expected type")
    assert_invalid_token(post(fastapi, "/logout", issued["access_token"]), "not of the expected type")
    assert_invalid_token(get(fastapi, "/me", issued["refresh_token"]), "not of the expected type")


def test_refresh_and_logout_need_a_token(fastapi: Service) -> None:
    assert fastapi.http.post("/refresh", json={}).status_code == 422
    bad_json = fastapi.http.post("/logout", content=b"{bad", headers={"content-type": "application/json"})
    assert bad_json.status_code == 422
    assert_invalid_token(post(fastapi, "/refresh", "x"), "malformed")


# Forged tokens


def test_a_token_signed_by_another_key_is_401(fastapi: Service) -> None:
    intruder = jetwt.Key.generate("ES256").to_pem()
    # Claiming the service's own kid: the signature fails.
    forged = sign(access_claims(), intruder, fastapi.kid)
    assert_invalid_token(get(fastapi, "/me", forged), "signature does not verify")
    # Under a kid of its own: no such key.
    forged = sign(access_claims(), intruder, "intruder")
    assert_invalid_token(get(fastapi, "/me", forged), "unknown key")
    # Without a kid.
    token = jetwt.encode(access_claims(), intruder, algorithm="ES256", headers={"typ": "at+jwt"})
    assert get(fastapi, "/me", token).status_code == 401


def test_the_real_key_signs_a_valid_token_which_is_accepted(fastapi: Service) -> None:
    # The control for the tests around it: what they change is what makes them fail.
    assert get(fastapi, "/me", sign(access_claims(), fastapi.private_pem, fastapi.kid)).status_code == 200


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
@pytest.mark.parametrize("signature", ["", "valid"])
def test_an_alg_none_token_is_401(fastapi: Service, alg: str, signature: str) -> None:
    real = sign(access_claims(), fastapi.private_pem, fastapi.kid)
    header = segment({"alg": alg, "typ": "at+jwt", "kid": fastapi.kid})
    token = f"{header}.{real.split('.')[1]}.{real.split('.')[2] if signature else ''}"
    assert_invalid_token(get(fastapi, "/me", token), "algorithm is not accepted")


def test_hs256_signed_with_the_public_key_as_secret_is_401(fastapi: Service) -> None:
    # The algorithm-confusion attack: the verifier's public key (which anyone may fetch) as an HMAC secret.
    public_pem = jetwt.Key.from_pem(fastapi.private_pem).public_key().to_pem().encode()
    header = {"alg": "HS256", "typ": "at+jwt", "kid": fastapi.kid}
    signing_input = f"{segment(header)}.{segment(access_claims())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert_invalid_token(get(fastapi, "/me", f"{signing_input}.{b64(mac)}"), "algorithm is not accepted")


@pytest.mark.parametrize(
    ("overrides", "description"),
    [
        ({"aud": "https://other.example"}, "another audience"),
        ({"iss": "https://evil.example"}, "another issuer"),
        ({"exp": None}, "lacks a required claim"),
        ({"jti": None}, "lacks a required claim"),
        ({"exp": "tomorrow"}, "wrong type"),
    ],
)
def test_a_token_with_wrong_claims_is_401_even_from_the_real_key(
    fastapi: Service, overrides: dict[str, Any], description: str
) -> None:
    token = sign(access_claims(**overrides), fastapi.private_pem, fastapi.kid)
    assert_invalid_token(get(fastapi, "/me", token), description)


def test_a_tampered_token_is_401(fastapi: Service) -> None:
    header, _, signature = login(fastapi, GRACE)["access_token"].split(".")
    claims = segment(access_claims(sub="grace", scope="profile reports:read"))
    tampered = f"{header}.{claims}.{signature}"
    assert_invalid_token(get(fastapi, "/reports", tampered), "signature does not verify")


# The other service (Express): one key set, each accepts the other's access tokens


def test_an_express_access_token_works_here(fastapi: Service, express: Service) -> None:
    issued = login(express)
    assert jetwt.decode(issued["access_token"]).header["kid"] == express.kid != fastapi.kid
    response = get(fastapi, "/me", issued["access_token"])
    assert response.status_code == 200, response.text
    assert response.json()["kid"] == express.kid
    assert get(fastapi, "/reports", issued["access_token"]).status_code == 200
    assert get(fastapi, "/reports", login(express, GRACE)["access_token"]).status_code == 403


def test_a_fastapi_access_token_works_at_express(fastapi: Service, express: Service) -> None:
    issued = login(fastapi)
    response = get(express, "/me", issued["access_token"])
    assert response.status_code == 200, response.text
    assert response.json() == {"service": "express", "kid": fastapi.kid, "claims": response.json()["claims"]}
    assert response.json()["claims"]["sub"] == "ada"


def test_refresh_tokens_work_only_where_they_were_issued(fastapi: Service, express: Service) -> None:
    for issuer, other in [(express, fastapi), (fastapi, express)]:
        refresh_token = login(issuer)["refresh_token"]
        assert_invalid_token(post(other, "/refresh", refresh_token), "signature does not verify")
        assert post(issuer, "/refresh", refresh_token).status_code == 200


def test_each_service_expires_the_other_ones_tokens(
    fastapi: Service, express: Service, clock: ClockFile
) -> None:
    t0 = int(time.time())
    clock.set(t0)
    from_express, from_fastapi = login(express)["access_token"], login(fastapi)["access_token"]
    clock.set(t0 + 16 * 60)
    assert_invalid_token(get(fastapi, "/me", from_express), "expired")
    assert_invalid_token(get(express, "/me", from_fastapi), "expired")


def test_both_services_refuse_alike(fastapi: Service, express: Service) -> None:
    for token in [None, "a.b.c", sign(access_claims(), jetwt.Key.generate("ES256").to_pem(), fastapi.kid)]:
        here, there = get(fastapi, "/me", token), get(express, "/me", token)
        assert (here.status_code, here.json()) == (there.status_code, there.json())
        assert here.headers["www-authenticate"] == there.headers["www-authenticate"]


def test_both_services_publish_the_same_key_set(fastapi: Service, express: Service) -> None:
    here, there = get(fastapi, "/.well-known/jwks.json", None), get(express, "/.well-known/jwks.json", None)
    assert here.json() == there.json()
    assert sorted(jwk["kid"] for jwk in here.json()["keys"]) == sorted([fastapi.kid, express.kid])
    assert all("d" not in jwk for jwk in here.json()["keys"])  # public halves only


# The deny-list on its own


def test_the_memory_store_forgets_a_jti_once_its_token_expired() -> None:
    from revocation import MemoryRevocationStore

    now = [1000]
    store = MemoryRevocationStore(lambda: now[0])
    assert store.revoke("a", 1100) is True
    assert store.revoke("a", 1100) is False
    assert store.revoke("b", 1050) is True
    assert store.is_revoked("a") and store.is_revoked("b") and not store.is_revoked("c")
    now[0] = 1050
    assert (store.is_revoked("a"), store.is_revoked("b"), len(store)) == (True, False, 1)
    now[0] = 1100
    assert len(store) == 0
