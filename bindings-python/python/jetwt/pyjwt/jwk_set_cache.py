"""PyJWT's ``JWKSetCache`` (``jwt.jwk_set_cache``): one parsed JWK set and when it expires."""

from __future__ import annotations

import time
from typing import Any

from .api_jwk import PyJWKSet, PyJWTSetWithTimestamp
from .exceptions import PyJWKSetError

__all__ = ["JWKSetCache"]


class JWKSetCache:
    """Holds a ``PyJWKSet`` for ``lifespan`` seconds (``-1``: forever)."""

    def __init__(self, lifespan: float) -> None:
        self.jwk_set_with_timestamp: PyJWTSetWithTimestamp | None = None
        self.lifespan = lifespan

    def put(self, jwk_set: PyJWKSet | dict[str, Any] | None) -> None:
        """Stores ``jwk_set`` (a ``PyJWKSet``, or the JWKS dict to parse); ``None`` clears the cache."""
        if jwk_set is None:
            self.jwk_set_with_timestamp = None
            return
        if not isinstance(jwk_set, PyJWKSet):
            if not isinstance(jwk_set, dict):
                raise PyJWKSetError("Invalid JWK Set value")
            jwk_set = PyJWKSet.from_dict(jwk_set)
        self.jwk_set_with_timestamp = PyJWTSetWithTimestamp(jwk_set)

    def get(self) -> PyJWKSet | None:
        """The stored set, or ``None`` when there is none or it expired."""
        if self.jwk_set_with_timestamp is None or self.is_expired():
            return None
        return self.jwk_set_with_timestamp.get_jwk_set()

    def is_expired(self) -> bool:
        stored = self.jwk_set_with_timestamp
        return (
            stored is not None
            and self.lifespan > -1
            and time.monotonic() > stored.get_timestamp() + self.lifespan
        )
