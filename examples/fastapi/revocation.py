"""The deny-list of refresh tokens: a `jti` stays denied until the token's own `exp`, then it is forgotten.

`RevocationStore` is the whole interface the service needs. A Redis store implements it in two commands:

    revoke(jti, until)  ->  SET denied:{jti} 1 EXAT {until} NX   (True when Redis answers OK)
    is_revoked(jti)     ->  EXISTS denied:{jti}

`revoke` must be atomic ("deny it unless it already was"): refresh rotation relies on exactly one of two
concurrent requests with the same refresh token winning.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable
from typing import Protocol


class RevocationStore(Protocol):
    def revoke(self, jti: str, until: int) -> bool:
        """Denies `jti` until `until` (seconds since the epoch); False when it was already denied."""
        ...

    def is_revoked(self, jti: str) -> bool: ...


class MemoryRevocationStore:
    """A process's own deny-list: right for one worker; several workers or services need a shared store."""

    def __init__(self, now: Callable[[], int]) -> None:
        self._now = now
        self._lock = threading.Lock()
        self._until: dict[str, int] = {}
        self._expiry: list[tuple[int, str]] = []  # a heap, soonest first: what the purge drops

    def revoke(self, jti: str, until: int) -> bool:
        with self._lock:
            self._purge()
            if jti in self._until:
                return False
            self._until[jti] = until
            heapq.heappush(self._expiry, (until, jti))
            return True

    def is_revoked(self, jti: str) -> bool:
        with self._lock:
            self._purge()
            return jti in self._until

    def __len__(self) -> int:
        with self._lock:
            self._purge()
            return len(self._until)

    def _purge(self) -> None:
        # Once its token has expired, a jti needs no entry: verification refuses the token anyway.
        now = self._now()
        while self._expiry and self._expiry[0][0] <= now:
            _, jti = heapq.heappop(self._expiry)
            del self._until[jti]
