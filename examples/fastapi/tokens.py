"""What the FastAPI service does with jetwt: its keys, its clock, and the tokens it issues and accepts.

- Access tokens: ES256, `typ: at+jwt` (RFC 9068), 15 minutes, a space-separated `scope`, verified with one
  shared `jetwt.Verifier` over the key set of every service (so the Express service's tokens work here too).
- Refresh tokens: `typ: refresh+jwt`, 14 days, accepted only by the service that issued them (its own public
  key), used once: refreshing denies the old `jti`, and so does logging out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jetwt
from revocation import RevocationStore

EXAMPLES = Path(__file__).resolve().parent.parent
CONFIG = EXAMPLES / "shared" / "config.json"
DEFAULT_KEYS_DIR = EXAMPLES / "shared" / "keys"
ACCESS_TYP = "at+jwt"
REFRESH_TYP = "refresh+jwt"

# error_description texts: fixed words, never the token's content (RFC 6750 allows no `"` or `\` there).
DESCRIPTIONS = {
    "malformed": "the token is malformed",
    "invalid_algorithm": "the token's algorithm is not accepted",
    "invalid_key": "the token's key is not usable",
    "invalid_signature": "the token's signature does not verify",
    "expired": "the token has expired",
    "not_yet_valid": "the token is not valid yet",
    "invalid_audience": "the token is meant for another audience",
    "invalid_issuer": "the token comes from another issuer",
    "invalid_subject": "the token has another subject",
    "invalid_type": "the token is not of the expected type",
    "missing_claim": "the token lacks a required claim",
    "invalid_claim": "the token has a claim of the wrong type",
    "key_not_found": "the token is signed by an unknown key",
}


class TokenError(Exception):
    """A refused token: 401 `invalid_token`, or 403 `insufficient_scope` (then `scope` is the one missing)."""

    def __init__(self, description: str, *, scope: str | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.scope = scope
        self.error = "invalid_token" if scope is None else "insufficient_scope"
        self.status = 401 if scope is None else 403

    def challenge(self) -> str:
        """The `WWW-Authenticate` value (RFC 6750 section 3)."""
        parts = ['Bearer realm="jetwt-examples"', f'error="{self.error}"']
        parts.append(f'error_description="{self.description}"')
        if self.scope is not None:
            parts.append(f'scope="{self.scope}"')
        return ", ".join(parts)


class Clock:
    """Seconds since the epoch. Tests move it: `EXAMPLES_CLOCK_FILE` names a file whose number, while there is
    one, is the time the service signs and verifies at. Unset (as in production), it is the system clock."""

    def __init__(self, override_file: str | os.PathLike[str] | None = None) -> None:
        self._file = Path(override_file) if override_file else None

    def override(self) -> int | None:
        if self._file is None:
            return None
        try:
            text = self._file.read_text().strip()
        except FileNotFoundError:
            return None
        return int(float(text)) if text else None

    def now(self) -> int:
        override = self.override()
        return int(time.time()) if override is None else override


@dataclass(frozen=True)
class Keys:
    signing: jetwt.Key  # this service's private key
    kid: str  # its RFC 7638 thumbprint, the `kid` of the tokens it signs
    trusted: jetwt.KeySet  # the public key of every service: the keys access tokens may be signed with
    jwks: dict[str, Any]  # the same set, as served at /.well-known/jwks.json


def public_jwk(key: jetwt.Key) -> dict[str, Any]:
    return {**key.to_jwk(), "kid": key.thumbprint(), "alg": "ES256", "use": "sig"}


def load_keys(directory: str | os.PathLike[str], service: str) -> Keys:
    """`SERVICE.pem` signs; every `*.pub.pem` beside it (this service's included) verifies access tokens."""
    directory = Path(directory)
    pem = directory / f"{service}.pem"
    if not pem.is_file():
        raise SystemExit(f"{pem} is missing: run `make examples-keys`, or set EXAMPLES_KEYS_DIR")
    signing = jetwt.Key.from_pem(pem.read_bytes())
    public = [jetwt.Key.from_pem(path.read_bytes()) for path in sorted(directory.glob("*.pub.pem"))]
    jwks = {"keys": [public_jwk(key) for key in public]}
    kid = signing.public_key().thumbprint()
    if kid not in {jwk["kid"] for jwk in jwks["keys"]}:
        raise SystemExit(f"{directory} has no {service}.pub.pem matching {pem}")
    return Keys(signing, kid, jetwt.KeySet.from_jwks(jwks), jwks)


def same_secret(a: str, b: str) -> bool:
    # Hashed first, so that the comparison's time reveals not even the length.
    return hmac.compare_digest(hashlib.sha256(a.encode()).digest(), hashlib.sha256(b.encode()).digest())


def load_config() -> dict[str, Any]:
    return json.loads(CONFIG.read_text())


class TokenService:
    def __init__(self, config: Mapping[str, Any], keys: Keys, clock: Clock, store: RevocationStore) -> None:
        self.config = config
        self.keys = keys
        self.clock = clock
        self.store = store
        algorithm = config["algorithm"]
        common = {"issuer": config["issuer"], "audience": config["audience"]}
        # iat and exp come from the clock (not the signer's), so that tests can move time.
        self._access_signer = jetwt.Signer(
            keys.signing,
            algorithm=algorithm,
            headers={"typ": ACCESS_TYP, "kid": keys.kid},
            issued_at=False,
            jwt_id=True,
            **common,
        )
        self._refresh_signer = jetwt.Signer(
            keys.signing,
            algorithm=algorithm,
            headers={"typ": REFRESH_TYP, "kid": keys.kid},
            issued_at=False,
            jwt_id=True,
            **common,
        )
        required = ["sub", "exp", "iat", "jti"]
        rules = {"algorithms": [algorithm], "leeway": config["leeway"], "required": required}
        self._access_rules = {**rules, **common, "typ": ACCESS_TYP, "complete": True}
        self._refresh_rules = {**rules, **common, "typ": REFRESH_TYP}
        self._own_key = keys.signing.public_key()
        # Prepared once, shared by every request (and thread): the key set and the rules are parsed here.
        self._access = jetwt.Verifier(keys.trusted, **self._access_rules)
        self._refresh = jetwt.Verifier(self._own_key, **self._refresh_rules)

    def login(self, username: str, password: str) -> dict[str, Any] | None:
        user = self.config["users"].get(username)
        if user is None or not same_secret(user["password"], password):
            return None
        return self.issue(username)

    def issue(self, subject: str) -> dict[str, Any]:
        now = self.clock.now()
        scope = " ".join(self.config["users"][subject]["scopes"])
        access_ttl, refresh_ttl = self.config["access_token_ttl"], self.config["refresh_token_ttl"]
        access = {"sub": subject, "scope": scope, "iat": now, "exp": now + access_ttl}
        refresh = {"sub": subject, "iat": now, "exp": now + refresh_ttl}
        return {
            "token_type": "Bearer",
            "access_token": self._access_signer.sign(access),
            "expires_in": access_ttl,
            "refresh_token": self._refresh_signer.sign(refresh),
            "scope": scope,
        }

    def verify_access(self, token: str) -> dict[str, Any]:
        """`{"header": …, "claims": …}` of a valid access token, or `TokenError`."""
        return self._verify(self._access, self.keys.trusted, self._access_rules, token)

    def verify_refresh(self, token: str) -> dict[str, Any]:
        claims = self._verify(self._refresh, self._own_key, self._refresh_rules, token)
        if self.store.is_revoked(claims["jti"]):
            raise TokenError("the refresh token has been used or revoked")
        return claims

    def rotate(self, refresh_token: str) -> dict[str, Any]:
        """New tokens for a refresh token, which stops working: of two concurrent rotations, one wins."""
        claims = self.verify_refresh(refresh_token)
        if not self._revoke(claims):
            raise TokenError("the refresh token has been used or revoked")
        if claims["sub"] not in self.config["users"]:
            raise TokenError("the token's subject is no longer a user")
        return self.issue(claims["sub"])

    def logout(self, refresh_token: str) -> None:
        self._revoke(self.verify_refresh(refresh_token))

    def _revoke(self, claims: Mapping[str, Any]) -> bool:
        # Denied while verification could still accept it: until exp, plus the leeway.
        return self.store.revoke(claims["jti"], int(claims["exp"]) + self.config["leeway"])

    def _verify(self, verifier: jetwt.Verifier, key: Any, rules: Mapping[str, Any], token: str) -> Any:
        now = self.clock.override()
        try:
            if now is None:
                return verifier.verify(token)
            return jetwt.verify(token, key, now=now, **rules)  # a moved clock: the same rules, at that time
        except jetwt.JwtError as err:
            raise TokenError(DESCRIPTIONS.get(err.code, "the token is invalid")) from err
