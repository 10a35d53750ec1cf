from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, ClassVar, Final, final

from typing_extensions import Self, TypeAlias

__all__ = [
    "ALGORITHMS",
    "ERROR_CODES",
    "AsyncJwksClient",
    "DecodeError",
    "Decoded",
    "ExpiredSignatureError",
    "ImmatureSignatureError",
    "InvalidAlgorithmError",
    "InvalidAudienceError",
    "InvalidClaimError",
    "InvalidIssuerError",
    "InvalidKeyError",
    "InvalidSignatureError",
    "InvalidSubjectError",
    "InvalidTypeError",
    "JwksClient",
    "JwtError",
    "Key",
    "KeyNotFoundError",
    "KeySet",
    "MissingRequiredClaimError",
    "Signer",
    "Verifier",
    "__version__",
    "decode",
    "decode_header",
    "encode",
    "verify",
]

_KeyLike: TypeAlias = Key | str | bytes
_Seconds: TypeAlias = float | timedelta

__version__: Final[str]
ALGORITHMS: Final[tuple[str, ...]]
ERROR_CODES: Final[tuple[str, ...]]

class JwtError(ValueError):
    """Base class of every jetwt error; ``code`` is the stable code shared with the Node package."""

    code: ClassVar[str]
    claim: str | None

class DecodeError(JwtError): ...
class InvalidAlgorithmError(JwtError): ...
class InvalidKeyError(JwtError): ...
class InvalidSignatureError(JwtError): ...
class ExpiredSignatureError(JwtError): ...
class ImmatureSignatureError(JwtError): ...
class InvalidAudienceError(JwtError): ...
class InvalidIssuerError(JwtError): ...
class InvalidSubjectError(JwtError): ...
class InvalidTypeError(JwtError): ...
class MissingRequiredClaimError(JwtError): ...
class InvalidClaimError(JwtError): ...
class KeyNotFoundError(JwtError): ...

@final
class Key:
    """A key parsed once: an HMAC secret, or an RSA, EC or Ed25519 public or private key."""

    @staticmethod
    def from_secret(secret: str | bytes) -> Key: ...
    @staticmethod
    def from_pem(data: str | bytes, *, password: str | bytes | None = None) -> Key: ...
    @staticmethod
    def from_der(data: bytes) -> Key: ...
    @staticmethod
    def from_jwk(jwk: Mapping[str, Any] | str) -> Key: ...
    @staticmethod
    def generate(algorithm: str, *, bits: int = 2048) -> Key:
        """A new random key: RSA of ``bits`` (2048, 3072, 4096 or 8192), the curve, or a secret."""
    @property
    def algorithm(self) -> str | None: ...
    @property
    def kid(self) -> str | None: ...
    @property
    def is_private(self) -> bool: ...
    def public_key(self) -> Key: ...
    def to_jwk(self, private: bool = False) -> dict[str, Any]: ...
    def to_pem(self) -> str: ...
    def with_kid(self, kid: str | None = None) -> Key:
        """The same key with ``kid`` set; without an argument, to its RFC 7638 thumbprint."""
    def thumbprint(self) -> str: ...

@final
class KeySet:
    """A JWK set; ``verify`` picks the key by the token's ``kid`` and algorithm."""

    @staticmethod
    def from_jwks(jwks: Mapping[str, Any] | str) -> KeySet: ...
    @property
    def keys(self) -> list[Key]: ...
    def __len__(self) -> int: ...

@final
class JwksClient:
    """A JWK set at a URL, fetched on first use, cached, and fetched again when a token names a key it lacks.

    Use it as the key of ``verify`` or ``Verifier``; durations are seconds or a ``timedelta``. Fetch failures
    are ``KeyNotFoundError``; the last good set keeps serving for ``max_stale``.
    """

    def __new__(
        cls,
        url: str,
        *,
        cache_ttl: _Seconds = 600,
        cooldown: _Seconds = 30,
        timeout: _Seconds = 5,
        headers: Mapping[str, str] | None = None,
        max_bytes: int = 524288,
        max_stale: _Seconds = 86400,
    ) -> Self: ...
    @property
    def url(self) -> str: ...
    @property
    def fetch_count(self) -> int: ...

class AsyncJwksClient:
    """A remote JWK set for asyncio: ``await client.verify(token, algorithms=[...])``; fetches never block the
    event loop (they run in a worker thread)."""

    def __init__(
        self,
        url: str,
        *,
        cache_ttl: _Seconds = 600,
        cooldown: _Seconds = 30,
        timeout: _Seconds = 5,
        headers: Mapping[str, str] | None = None,
        max_bytes: int = 524288,
        max_stale: _Seconds = 86400,
    ) -> None: ...
    @property
    def url(self) -> str: ...
    @property
    def fetch_count(self) -> int: ...
    async def verify(
        self,
        token: str | bytes,
        *,
        algorithms: Sequence[str],
        audience: str | Sequence[str] | None = None,
        issuer: str | Sequence[str] | None = None,
        subject: str | None = None,
        leeway: _Seconds = 0,
        required: Sequence[str] = (),
        max_age: _Seconds | None = None,
        typ: str | None = None,
        now: float | datetime | None = None,
        complete: bool = False,
        max_token_bytes: int = 262144,
        max_depth: int = 64,
    ) -> dict[str, Any]: ...

@final
class Decoded:
    """A token split and parsed for inspection: nothing in it is verified."""

    @property
    def header(self) -> dict[str, Any]: ...
    @property
    def claims(self) -> dict[str, Any]: ...
    @property
    def signature(self) -> bytes: ...

@final
class Signer:
    """A prepared signer: key checked and header encoded once, registered claims added to every token."""

    def __new__(
        cls,
        key: _KeyLike,
        *,
        algorithm: str,
        headers: Mapping[str, Any] | None = None,
        expires_in: _Seconds | None = None,
        not_before: _Seconds | None = None,
        issuer: str | None = None,
        audience: str | Sequence[str] | None = None,
        subject: str | None = None,
        issued_at: bool = True,
        jwt_id: bool = False,
    ) -> Self: ...
    @property
    def algorithm(self) -> str: ...
    def sign(self, claims: Mapping[str, Any]) -> str: ...

@final
class Verifier:
    """A prepared verifier: key (or key set) and options converted once."""

    def __new__(
        cls,
        key: _KeyLike | KeySet | JwksClient,
        *,
        algorithms: Sequence[str],
        audience: str | Sequence[str] | None = None,
        issuer: str | Sequence[str] | None = None,
        subject: str | None = None,
        leeway: _Seconds = 0,
        required: Sequence[str] = (),
        max_age: _Seconds | None = None,
        typ: str | None = None,
        now: float | datetime | None = None,
        complete: bool = False,
        max_token_bytes: int = 262144,
        max_depth: int = 64,
    ) -> Self: ...
    def verify(self, token: str | bytes) -> dict[str, Any]: ...

def encode(
    claims: Mapping[str, Any],
    key: _KeyLike,
    *,
    algorithm: str = "HS256",
    headers: Mapping[str, Any] | None = None,
) -> str: ...
def verify(
    token: str | bytes,
    key: _KeyLike | KeySet | JwksClient,
    *,
    algorithms: Sequence[str],
    audience: str | Sequence[str] | None = None,
    issuer: str | Sequence[str] | None = None,
    subject: str | None = None,
    leeway: _Seconds = 0,
    required: Sequence[str] = (),
    max_age: _Seconds | None = None,
    typ: str | None = None,
    now: float | datetime | None = None,
    complete: bool = False,
    max_token_bytes: int = 262144,
    max_depth: int = 64,
) -> dict[str, Any]: ...
def decode(token: str | bytes, *, max_token_bytes: int = 262144, max_depth: int = 64) -> Decoded: ...
def decode_header(
    token: str | bytes, *, max_token_bytes: int = 262144, max_depth: int = 64
) -> dict[str, Any]: ...
def _run_cli(args: Sequence[str]) -> int:
    """Runs the ``jetwt`` command with ``args`` on the process's stdin, stdout and stderr; the exit code."""
