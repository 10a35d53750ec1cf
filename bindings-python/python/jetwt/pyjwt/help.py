"""``python -m jetwt.pyjwt.help``: versions to paste into a bug report (PyJWT's ``jwt.help``)."""

from __future__ import annotations

import json
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jetwt

from . import __version__ as pyjwt_version

__all__ = ["info", "main"]


def info() -> dict[str, Any]:
    """The Python implementation, platform and the versions of jetwt, this API and ``cryptography``."""
    try:
        crypto_version = version("cryptography")
    except PackageNotFoundError:
        crypto_version = ""
    implementation = platform.python_implementation()
    return {
        "platform": {"system": platform.system(), "release": platform.release()},
        "implementation": {"name": implementation, "version": platform.python_version()},
        "cryptography": {"version": crypto_version},
        "pyjwt": {"version": pyjwt_version},
        "jetwt": {"version": jetwt.__version__},
    }


def main() -> None:
    """Prints ``info()`` as JSON."""
    json.dump(info(), sys.stdout, sort_keys=True, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
