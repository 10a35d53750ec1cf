"""jetwt: JSON Web Tokens done strictly and fast, on one Rust core shared with the Node package.

- ``encode(claims, key, algorithm=...)`` signs;
  ``verify(token, key, algorithms=[...])`` checks and returns the claims.
- ``decode(token)`` only inspects: it takes no key and verifies nothing.
- ``Key``/``KeySet`` are parsed once; ``Signer``/``Verifier`` prepare everything once for many tokens.
- ``JwksClient(url)`` is a remote JWK set (fetched, cached, refreshed by the core) that verifies like a
  ``KeySet``; ``AsyncJwksClient(url)`` verifies with ``await client.verify(token, ...)`` for asyncio.
- Every error is a ``JwtError`` (a ``ValueError``) with a stable ``code``.
- ``python -m jetwt`` (and the ``jetwt`` console script) is the ``jetwt`` command.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from ._jetwt import (
    ALGORITHMS,
    ERROR_CODES,
    Decoded,
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidClaimError,
    InvalidIssuerError,
    InvalidKeyError,
    InvalidSignatureError,
    InvalidSubjectError,
    InvalidTypeError,
    JwksClient,
    JwtError,
    Key,
    KeyNotFoundError,
    KeySet,
    MissingRequiredClaimError,
    Signer,
    Verifier,
    __version__,
    decode,
    decode_header,
    encode,
    verify,
)
from ._jetwt import (
    _run_cli as _run_cli,  # for __main__ (the jetwt command)
)

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


class AsyncJwksClient:
    """A remote JWK set for asyncio: ``await client.verify(token, algorithms=[...])``.

    The same set, cache and options as ``JwksClient`` (it holds one); a verification that has to fetch runs in
    a worker thread (``asyncio.to_thread``), so the event loop never waits for the network.
    """

    __slots__ = ("_client",)

    def __init__(
        self,
        url: str,
        *,
        cache_ttl: float | timedelta = 600,
        cooldown: float | timedelta = 30,
        timeout: float | timedelta = 5,
        headers: Mapping[str, str] | None = None,
        max_bytes: int = 524288,
        max_stale: float | timedelta = 86400,
    ) -> None:
        self._client = JwksClient(
            url,
            cache_ttl=cache_ttl,
            cooldown=cooldown,
            timeout=timeout,
            headers=headers,
            max_bytes=max_bytes,
            max_stale=max_stale,
        )

    @property
    def url(self) -> str:
        """The URL of the set."""
        return self._client.url

    @property
    def fetch_count(self) -> int:
        """How many HTTP fetches have been made (successful or not)."""
        return self._client.fetch_count

    async def verify(
        self,
        token: str | bytes,
        *,
        algorithms: Sequence[str],
        audience: str | Sequence[str] | None = None,
        issuer: str | Sequence[str] | None = None,
        subject: str | None = None,
        leeway: float | timedelta = 0,
        required: Sequence[str] = (),
        max_age: float | timedelta | None = None,
        typ: str | None = None,
        now: float | datetime | None = None,
        complete: bool = False,
        max_token_bytes: int = 262144,
        max_depth: int = 64,
    ) -> dict[str, Any]:
        """Verifies ``token`` with the set's key for its ``kid`` and returns the claims, as ``jetwt.verify``.

        The options are checked here, on the event loop; choosing the key (which may fetch the set) and
        checking the signature and claims run in a worker thread.
        """
        verifier = Verifier(
            self._client,
            algorithms=algorithms,
            audience=audience,
            issuer=issuer,
            subject=subject,
            leeway=leeway,
            required=required,
            max_age=max_age,
            typ=typ,
            now=now,
            complete=complete,
            max_token_bytes=max_token_bytes,
            max_depth=max_depth,
        )
        return await asyncio.to_thread(verifier.verify, token)

    def __repr__(self) -> str:
        # The JwksClient's repr (the URL, never the headers), under this class's name.
        return "<jetwt.AsyncJwksClient " + repr(self._client).split(" ", 1)[1]
