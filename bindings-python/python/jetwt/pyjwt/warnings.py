"""PyJWT's warnings (``jwt.warnings``)."""

from __future__ import annotations

__all__ = ["InsecureKeyLengthWarning", "RemovedInPyjwt3Warning"]


class RemovedInPyjwt3Warning(DeprecationWarning):
    """A PyJWT 2 feature that PyJWT 3 removes."""


class InsecureKeyLengthWarning(UserWarning):
    """The key is shorter than the algorithm needs (RFC 7518 §3.2 for HMAC)."""
