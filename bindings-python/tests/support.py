"""Shared helpers for the jetwt tests (imported as `support`; pytest puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
VECTORS = ROOT / "tests" / "vectors"

SECRET = "a-32-byte-secret-for-hs256-tests!"


def key_text(name: str) -> str:
    return (KEYS / name).read_text()
