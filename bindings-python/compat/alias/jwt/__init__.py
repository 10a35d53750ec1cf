"""``import jwt`` as ``jetwt.pyjwt``, for running PyJWT's own test suite against it (``make test-compat``).

Not shipped: this directory is put first on ``sys.path`` only by the compat run. The package replaces itself
in ``sys.modules`` with ``jetwt.pyjwt``, and every submodule is registered under ``jwt.<name>`` too, so
``jwt.api_jwt`` is ``jetwt.pyjwt.api_jwt`` (one set of classes, and ``mock.patch("jwt.api_jwt....")`` works).
"""

import importlib
import sys

import jetwt.pyjwt as _impl

_SUBMODULES = (
    "algorithms",
    "api_jwk",
    "api_jws",
    "api_jwt",
    "exceptions",
    "help",
    "jwk_set_cache",
    "jwks_client",
    "types",
    "utils",
    "warnings",
)

for _name in _SUBMODULES:
    sys.modules[f"jwt.{_name}"] = importlib.import_module(f"jetwt.pyjwt.{_name}")
sys.modules[__name__] = _impl
