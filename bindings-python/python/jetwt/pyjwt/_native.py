"""What ``jetwt.pyjwt`` needs from the native core, and the key conversions around it.

- ``sign``/``verify``: the JWS signature over a signing input this package assembled (PyJWT's exact header
  bytes, ``b64: false`` payloads), through ``jetwt._jetwt.sign_message``/``verify_message``. Keys given as
  PEM/DER ``str``/``bytes`` are parsed once and cached by the core.
- Key material PyJWT accepts and the core does not read directly is converted here: OpenSSH public keys
  (parsed in Python into a JWK), and ``cryptography`` key objects (serialised to DER with ``cryptography``
  itself, imported only when such an object is passed, and remembered per object).
- ``hmac_secret``: PyJWT's refusal of asymmetric material as an HMAC secret, in PyJWT's words; the core
  applies its own (stricter) rule again when it builds the key.
- ``strict_loads``: ``json.loads`` refusing what jetwt's parser refuses (duplicate names, ``NaN`` and
  ``Infinity`` literals, lone surrogates).
"""

from __future__ import annotations

import base64
import importlib
import json
import threading
from collections import OrderedDict
from typing import Any, Callable, Union

import jetwt

from .exceptions import InvalidKeyError
from .utils import is_pem_format, is_ssh_key

__all__ = [
    "KeyLike",
    "NotJson",
    "crypto_curve_name",
    "crypto_family",
    "hmac_secret",
    "is_crypto_key",
    "jwk_members",
    "key_family",
    "native_asymmetric",
    "sign",
    "ssh_key",
    "strict_loads",
    "to_crypto",
    "verify",
]

KeyLike = Union["jetwt.Key", str, bytes]

_extension = importlib.import_module("jetwt._jetwt")
_sign_message: Callable[..., bytes] | None = getattr(_extension, "sign_message", None)
_verify_message: Callable[..., bool] | None = getattr(_extension, "verify_message", None)
_MISSING = (
    "jetwt.pyjwt needs jetwt._jetwt.sign_message and verify_message (the JWS signature over bytes the caller "
    "assembled), which this build of the jetwt extension lacks."
)


def _key_error(error: jetwt.JwtError) -> InvalidKeyError:
    # The core refuses a key of another family than the algorithm as an InvalidAlgorithmError; PyJWT calls
    # every unusable key an InvalidKeyError.
    return InvalidKeyError(str(error))


def sign(message: bytes, key: KeyLike, algorithm: str, *, min_secret_length: bool = True) -> bytes:
    """The signature of ``message`` with ``key`` (``min_secret_length=False``: a short HMAC secret signs)."""
    if _sign_message is None:
        raise RuntimeError(_MISSING)
    try:
        return _sign_message(message, key, algorithm=algorithm, min_secret_length=min_secret_length)
    except jetwt.JwtError as error:
        raise _key_error(error) from None


def verify(message: bytes, signature: bytes, key: KeyLike, algorithm: str) -> bool:
    """Whether ``signature`` verifies over ``message``; an unusable key raises ``InvalidKeyError``."""
    if _verify_message is None:
        raise RuntimeError(_MISSING)
    try:
        return _verify_message(message, signature, key, algorithm=algorithm)
    except jetwt.JwtError as error:
        raise _key_error(error) from None


# --- JSON as strictly as the core reads it ----------------------------------------------------------------


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise ValueError(f"duplicate member {name!r}")
            seen.add(name)
    return obj


class NotJson(ValueError):
    """A ``NaN``, ``Infinity`` or ``-Infinity`` literal: Python's ``json`` reads them, JSON has none."""


def _no_constant(name: str) -> Any:
    raise NotJson(f"{name} is not JSON")


def _check_surrogates(text: str) -> None:
    # json.loads turns an unpaired "\ud800" escape into a lone surrogate; jetwt refuses such text.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a string holds an unpaired surrogate") from None


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_object, parse_constant=_no_constant)
_JSON_LOADS = json.loads


def strict_loads(data: bytes) -> Any:
    """``json.loads`` of UTF-8 ``data`` refusing duplicate names, ``NaN``/``Infinity`` and lone surrogates.

    A prepared decoder does the work, unless ``json.loads`` was replaced (as PyJWT's tests do with
    ``mock.patch``, relying on PyJWT calling it): then the replacement is called, as PyJWT would."""
    text = data.decode("utf-8")
    loads = json.loads
    if loads is _JSON_LOADS:
        value = _DECODER.decode(text)
    else:
        value = loads(text, object_pairs_hook=_unique_object, parse_constant=_no_constant)
    if "\\u" in text:
        _check_surrogates(json.dumps(value, ensure_ascii=False))
    return value


# --- HMAC secrets ------------------------------------------------------------------------------------------

_ASYMMETRIC = (
    "The specified key is an asymmetric key or x509 certificate and should not be used as an HMAC secret."
)
_JWK_TEXT = (
    "The specified key looks like a JWK and should not be used directly as an HMAC secret. "
    "Load it via PyJWK / HMACAlgorithm.from_jwk first."
)


def _texts(data: bytes) -> list[str]:
    """``data`` read as JSON text could be: UTF-8, UTF-16 or UTF-32, with or without a byte order mark."""
    texts = [data.decode("utf-8", errors="surrogatepass" if b"\xed" in data else "replace")]
    try:
        encoding = json.detect_encoding(data)
    except (TypeError, ValueError):  # pragma: no cover - detect_encoding takes any bytes
        encoding = "utf-8"
    if encoding not in ("utf-8", "utf-8-sig"):
        try:
            texts.append(data.decode(encoding, errors="surrogatepass"))
        except UnicodeError:
            pass
    return texts


def _names_kty(text: str) -> bool:
    """Whether some JSON string in ``text`` is followed by ``:`` (a member name) and reads ``kty``.

    A scan rather than a parse: it sees through nesting of any depth, numbers of any size and invalid
    JSON elsewhere in the text."""
    pos = text.find('"')
    size = len(text)
    while pos != -1:
        end = pos + 1
        while end < size and text[end] != '"':
            end += 2 if text[end] == "\\" else 1
        if end >= size:
            return False
        after = end + 1
        while after < size and text[after] in " \t\r\n":
            after += 1
        if after < size and text[after] == ":":
            literal = text[pos : end + 1]
            try:
                if literal == '"kty"' or json.loads(literal) == "kty":
                    return True
            except ValueError:
                pass
        pos = text.find('"', end + 1)
    return False


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _looks_like_jwk(data: bytes) -> bool:
    if (
        data.lstrip(b" \t\r\n")[:1] not in (b"{", b"[")
        and b"\x00" not in data[:4]
        and not data.startswith(_BOMS)
    ):
        return False  # neither JSON text in UTF-8 nor in UTF-16/32
    for text in _texts(data):
        start = text.lstrip("\ufeff \t\r\n")
        if start[:1] in ("{", "[") and _names_kty(start):
            return True
    return False


def hmac_secret(key: Any) -> bytes:
    """``key`` as HMAC secret bytes, refusing what PyJWT refuses (with its messages): empty secrets, PEM,
    OpenSSH, DER keys and certificates, and JWK text. The core refuses more when it builds the key."""
    if isinstance(key, str):
        data = key.encode("utf-8")
    elif isinstance(key, bytes):
        data = key
    else:
        raise TypeError("Expected a string or bytes value")
    if not data:
        raise InvalidKeyError("HMAC key must not be empty.")
    if is_pem_format(data) or is_ssh_key(data):
        raise InvalidKeyError(_ASYMMETRIC)
    if data[:1] == b"\x30":
        try:
            jetwt.Key.from_der(data)
        except jetwt.JwtError:
            pass
        else:
            raise InvalidKeyError(_ASYMMETRIC)
    if _looks_like_jwk(data):
        raise InvalidKeyError(_JWK_TEXT)
    return data


# --- OpenSSH public keys -----------------------------------------------------------------------------------

_SSH_CURVES = {b"nistp256": ("P-256", 32), b"nistp384": ("P-384", 48), b"nistp521": ("P-521", 66)}


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _ssh_fields(blob: bytes) -> list[bytes]:
    fields = []
    pos = 0
    while pos < len(blob):
        if pos + 4 > len(blob):
            raise ValueError("truncated")
        size = int.from_bytes(blob[pos : pos + 4], "big")
        pos += 4
        if pos + size > len(blob):
            raise ValueError("truncated")
        fields.append(blob[pos : pos + size])
        pos += size
    return fields


def _ssh_jwk(data: bytes) -> dict[str, str]:
    parts = data.split()
    if len(parts) < 2:
        raise ValueError("not an OpenSSH public key line")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        raise ValueError("the key is not base64") from None
    fields = _ssh_fields(blob)
    if not fields or fields[0] != parts[0]:
        raise ValueError("the key type does not match its data")
    kind = fields[0]
    if kind == b"ssh-rsa" and len(fields) == 3:
        return {"kty": "RSA", "e": _b64u(fields[1].lstrip(b"\0")), "n": _b64u(fields[2].lstrip(b"\0"))}
    if kind == b"ssh-ed25519" and len(fields) == 2:
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64u(fields[1])}
    if kind.startswith(b"ecdsa-sha2-") and len(fields) == 3 and fields[1] in _SSH_CURVES:
        crv, size = _SSH_CURVES[fields[1]]
        point = fields[2]
        if kind[11:] != fields[1] or len(point) != 1 + 2 * size or point[0] != 4:
            raise ValueError("the EC point is malformed")
        return {"kty": "EC", "crv": crv, "x": _b64u(point[1 : 1 + size]), "y": _b64u(point[1 + size :])}
    raise ValueError(f"{kind.decode('ascii', 'replace')[:30]} keys are not supported")


class _Lru:
    """A small thread-safe LRU map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: Any) -> Any:
        with self._lock:
            value = self._items.get(name)
            if value is not None:
                self._items.move_to_end(name)
            return value

    def put(self, name: Any, value: Any) -> None:
        with self._lock:
            self._items[name] = value
            self._items.move_to_end(name)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_SSH_KEYS = _Lru(64)


def ssh_key(data: bytes) -> jetwt.Key:
    """An OpenSSH public key line (``ssh-rsa``, ``ssh-ed25519``, ``ecdsa-sha2-nistp*``) as a key."""
    key: jetwt.Key | None = _SSH_KEYS.get(data)
    if key is None:
        try:
            key = jetwt.Key.from_jwk(_ssh_jwk(data))
        except (ValueError, jetwt.JwtError) as error:
            raise InvalidKeyError(f"Could not parse the OpenSSH public key: {error}") from None
        _SSH_KEYS.put(data, key)
    return key


# --- cryptography key objects ------------------------------------------------------------------------------


def is_crypto_key(obj: Any) -> bool:
    """Whether ``obj`` is a ``cryptography`` key object (recognised without importing ``cryptography``)."""
    return type(obj).__module__.startswith("cryptography.") and (
        hasattr(obj, "private_bytes") or hasattr(obj, "public_bytes")
    )


def crypto_family(obj: Any) -> str | None:
    """``"rsa"``, ``"ec"``, ``"okp"`` (Ed25519/Ed448) or ``None`` for a ``cryptography`` key object."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(obj, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        return "rsa"
    if isinstance(obj, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        return "ec"
    if isinstance(
        obj,
        (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, ed448.Ed448PrivateKey, ed448.Ed448PublicKey),
    ):
        return "okp"
    return None


def crypto_curve_name(obj: Any) -> str:
    """The ``cryptography`` name of an EC key object's curve (``"secp256r1"``)."""
    return str(obj.curve.name)


_CRYPTO_DER = _Lru(64)


def _crypto_der(obj: Any) -> bytes:
    # Keyed by identity, holding the object, so an id is never reused while its entry lives.
    found = _CRYPTO_DER.get(id(obj))
    if found is not None and found[0] is obj:
        return bytes(found[1])
    from cryptography.hazmat.primitives import serialization

    if hasattr(obj, "private_bytes"):
        der = obj.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    else:
        der = obj.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    _CRYPTO_DER.put(id(obj), (obj, der))
    return bytes(der)


def native_asymmetric(key: Any) -> KeyLike:
    """Asymmetric key material as the core takes it: a ``jetwt.Key``, or PEM/DER ``str``/``bytes`` (which the
    core parses once and caches). OpenSSH lines and ``cryptography`` objects are converted here."""
    if isinstance(key, jetwt.Key):
        return key
    if isinstance(key, str):
        if is_ssh_key(key[:20].encode("utf-8", "replace")):
            return ssh_key(key.encode("utf-8"))
        return key
    if isinstance(key, bytes):
        if is_ssh_key(key):
            return ssh_key(key)
        return key
    if is_crypto_key(key):
        try:
            return _crypto_der(key)
        except Exception as error:  # noqa: BLE001 - any refusal by cryptography means "not usable"
            raise InvalidKeyError(f"The key object could not be serialised: {error}") from None
    raise TypeError("Expecting a PEM-formatted key.")


def parse_asymmetric(key: Any) -> jetwt.Key:
    """Asymmetric key material parsed into a ``jetwt.Key`` (for the low-level algorithm objects)."""
    material = native_asymmetric(key)
    if isinstance(material, jetwt.Key):
        return material
    data = material.encode("utf-8") if isinstance(material, str) else material
    try:
        if data.lstrip()[:1] == b"-":
            return jetwt.Key.from_pem(data)
        return jetwt.Key.from_der(data)
    except jetwt.JwtError as error:
        raise InvalidKeyError(str(error)) from None


def jwk_members(key: jetwt.Key, private: bool) -> dict[str, Any]:
    """The key's JWK members without ``kid``, ``alg``, ``use`` and ``key_ops``."""
    jwk = key.to_jwk(private=private)
    for name in ("kid", "alg", "use", "key_ops"):
        jwk.pop(name, None)
    return jwk


def key_family(key: jetwt.Key) -> tuple[str, str | None]:
    """``("rsa" | "ec" | "okp" | "hmac", curve)`` of a ``jetwt.Key`` (the JWK ``crv`` for EC and OKP)."""
    try:
        jwk = key.to_jwk()
    except jetwt.JwtError:
        return ("hmac", None)
    kty = jwk.get("kty")
    if kty == "RSA":
        return ("rsa", None)
    if kty == "EC":
        return ("ec", jwk.get("crv"))
    return ("okp", jwk.get("crv"))


def to_crypto(key: jetwt.Key) -> Any:
    """A ``cryptography`` key object equal to ``key`` (PyJWT's algorithm objects return those)."""
    from cryptography.hazmat.primitives import serialization

    pem = key.to_pem().encode("ascii")
    if key.is_private:
        return serialization.load_pem_private_key(pem, password=None)
    return serialization.load_pem_public_key(pem)
