"""PyJWT's algorithm objects (``jwt.algorithms``), signing and verifying through jetwt's native core.

Every algorithm PyJWT offers with ``cryptography`` is available here without it: jetwt does the work.
``has_crypto`` still tells whether ``cryptography`` is installed, because that decides what the low-level
``prepare_key``/``from_jwk`` return: ``cryptography`` key objects as PyJWT returns them when it is installed,
``jetwt.Key`` objects otherwise. ``sign``/``verify`` accept either, and PEM, DER or OpenSSH text.

Differences from PyJWT, all on jetwt's side of strictness: RSA keys under 2048 bits, EC curves other than
P-256/P-384/P-521/secp256k1, Ed448, and ECDSA with a hash other than its curve's are refused.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from abc import ABC, abstractmethod
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, Union

import jetwt

from . import _native
from .exceptions import InvalidKeyError
from .types import HashlibHash, JWKDict
from .utils import base64url_decode, base64url_encode, force_bytes
from .warnings import InsecureKeyLengthWarning

if TYPE_CHECKING:  # pragma: no cover
    from .api_jwk import PyJWK

__all__ = [
    "Algorithm",
    "AllowedECKeys",
    "AllowedKeys",
    "AllowedOKPKeys",
    "AllowedPrivateKeys",
    "AllowedPublicKeys",
    "AllowedRSAKeys",
    "ECAlgorithm",
    "HMACAlgorithm",
    "NoneAlgorithm",
    "OKPAlgorithm",
    "RSAAlgorithm",
    "RSAPSSAlgorithm",
    "get_default_algorithms",
    "has_crypto",
    "requires_cryptography",
]

#: Whether ``cryptography`` is installed (found, not imported: only a key object needing it imports it).
has_crypto: bool = find_spec("cryptography") is not None

#: The algorithms PyJWT needs ``cryptography`` for (jetwt does not).
requires_cryptography = {
    "RS256",
    "RS384",
    "RS512",
    "ES256",
    "ES256K",
    "ES384",
    "ES521",
    "ES512",
    "PS256",
    "PS384",
    "PS512",
    "EdDSA",
}

# Key types: ``cryptography`` key objects, ``jetwt.Key``, or PEM/DER/OpenSSH text.
AllowedRSAKeys = Any
AllowedECKeys = Any
AllowedOKPKeys = Any
AllowedKeys = Any
AllowedPrivateKeys = Any
AllowedPublicKeys = Any

_KeyMaterial = Union[jetwt.Key, str, bytes]

# cryptography's curve name -> (JWK "crv", jetwt algorithm, hash)
_CURVES = {
    "secp256r1": ("P-256", "ES256", "sha256"),
    "secp384r1": ("P-384", "ES384", "sha384"),
    "secp521r1": ("P-521", "ES512", "sha512"),
    "secp256k1": ("secp256k1", "ES256K", "sha256"),
}
_CRV_NAMES = {crv: name for name, (crv, _, _) in _CURVES.items()}
# DER object identifiers of curves jetwt does not take, to name them in errors.
_OTHER_CURVE_OIDS = {
    bytes.fromhex("06082a8648ce3d030101"): "secp192r1",
    bytes.fromhex("06052b81040021"): "secp224r1",
}


def get_default_algorithms() -> dict[str, Algorithm]:
    """The algorithms this module implements, by ``alg`` name (a new set of objects on every call)."""
    return {
        "none": NoneAlgorithm(),
        "HS256": HMACAlgorithm(HMACAlgorithm.SHA256),
        "HS384": HMACAlgorithm(HMACAlgorithm.SHA384),
        "HS512": HMACAlgorithm(HMACAlgorithm.SHA512),
        "RS256": RSAAlgorithm(RSAAlgorithm.SHA256),
        "RS384": RSAAlgorithm(RSAAlgorithm.SHA384),
        "RS512": RSAAlgorithm(RSAAlgorithm.SHA512),
        "ES256": ECAlgorithm(ECAlgorithm.SHA256, "secp256r1"),
        "ES256K": ECAlgorithm(ECAlgorithm.SHA256, "secp256k1"),
        "ES384": ECAlgorithm(ECAlgorithm.SHA384, "secp384r1"),
        "ES521": ECAlgorithm(ECAlgorithm.SHA512, "secp521r1"),
        "ES512": ECAlgorithm(ECAlgorithm.SHA512, "secp521r1"),
        "PS256": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA256),
        "PS384": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA384),
        "PS512": RSAPSSAlgorithm(RSAPSSAlgorithm.SHA512),
        "EdDSA": OKPAlgorithm(),
    }


def _hash_name(hash_alg: Any) -> str:
    """``"sha256"`` for ``hashlib.sha256``, ``cryptography``'s ``hashes.SHA256`` (class, instance) or text."""
    name: Any = hash_alg
    if not isinstance(name, str):
        name = getattr(hash_alg, "name", None)
        if not isinstance(name, str):
            name = hash_alg().name
    return str(name).lower().replace("-", "")


def _hash_bits(hash_alg: Any) -> str:
    name = _hash_name(hash_alg)
    if name not in ("sha256", "sha384", "sha512"):
        raise NotImplementedError(f"The hash {name} is not one JWS uses.")
    return name[3:]


def _load_jwk(jwk: Any) -> dict[str, Any]:
    try:
        if isinstance(jwk, str):
            obj = json.loads(jwk)
        elif isinstance(jwk, dict):
            obj = jwk
        else:
            raise ValueError
    except ValueError:
        raise InvalidKeyError("Key is not valid JSON") from None
    if not isinstance(obj, dict):
        raise InvalidKeyError("Key is not valid JSON")
    return obj


def _jwk_key(obj: dict[str, Any]) -> jetwt.Key:
    """A key from JWK members, without the members that would bind it (``alg``, ``kid``, ``use``,
    ``key_ops``): an algorithm object's ``from_jwk`` returns a plain key, as PyJWT's does."""
    members = {k: v for k, v in obj.items() if k not in ("alg", "kid", "use", "key_ops")}
    try:
        return jetwt.Key.from_jwk(members)
    except jetwt.JwtError as error:
        raise InvalidKeyError(str(error)) from None


def _shaped(key: jetwt.Key) -> Any:
    """What PyJWT's ``prepare_key``/``from_jwk`` return: a ``cryptography`` object when it is installed."""
    return _native.to_crypto(key) if has_crypto else key


def _warn_or_raise(message: str | None, enforce: bool) -> None:
    if message:
        if enforce:
            raise InvalidKeyError(message)
        warnings.warn(message, InsecureKeyLengthWarning, stacklevel=5)


class Algorithm(ABC):
    """The interface of an algorithm that signs and verifies tokens (subclass it to register your own)."""

    # PyJWT's attribute; here a family name ("rsa", "ec", "okp") marks the cryptography-key algorithms.
    _crypto_key_types: ClassVar[Any] = None

    def compute_hash_digest(self, bytestr: bytes) -> bytes:
        """The digest of ``bytestr`` with this algorithm's hash."""
        hash_alg = getattr(self, "hash_alg", None)
        if hash_alg is None:
            raise NotImplementedError
        return hashlib.new(_hash_name(hash_alg), bytestr).digest()

    def check_crypto_key_type(self, key: Any) -> None:
        """Check that ``key`` is a ``cryptography`` key object of this algorithm's family."""
        if not has_crypto or self._crypto_key_types is None:
            raise ValueError(
                "This method requires the cryptography library, and should only be used by "
                "cryptography-based algorithms."
            )
        if not _native.is_crypto_key(key) or _native.crypto_family(key) != self._crypto_key_types:
            raise InvalidKeyError(
                f"Expected a {self._crypto_key_types.upper()} key, got: {type(key).__name__}. "
                f"Invalid Key type for {type(self).__name__}"
            )

    @abstractmethod
    def prepare_key(self, key: Any) -> Any:
        """Validate ``key`` and return it in the form ``sign()`` and ``verify()`` take."""

    @abstractmethod
    def sign(self, msg: bytes, key: Any) -> bytes:
        """The signature of ``msg`` with ``key``."""

    @abstractmethod
    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        """Whether ``sig`` is a valid signature of ``msg`` with ``key``."""

    @staticmethod
    @abstractmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        """The key as a JWK (a dict with ``as_dict=True``, else JSON text)."""

    @staticmethod
    @abstractmethod
    def from_jwk(jwk: str | JWKDict) -> Any:
        """A key from a JWK (JSON text or dict)."""

    def check_key_length(self, key: Any) -> str | None:
        """A warning message when ``key`` is shorter than this algorithm needs, else ``None``."""
        return None

    # How PyJWS signs and verifies: PyJWT's prepare_key / check_key_length / sign (custom algorithms keep it).
    # The built-in algorithms override these to hand key material straight to the native core.
    def _jws_sign(self, msg: bytes, key: Any, enforce: bool) -> bytes:
        key = _plain(key)
        prepared = self.prepare_key(key)
        _warn_or_raise(self.check_key_length(prepared), enforce)
        return self.sign(msg, prepared)

    def _jws_verify(self, msg: bytes, key: Any, sig: bytes, enforce: bool) -> bool:
        key = _plain(key)
        prepared = self.prepare_key(key)
        _warn_or_raise(self.check_key_length(prepared), enforce)
        return self.verify(msg, prepared, sig)


_JWS_METHODS = ("prepare_key", "sign", "verify", "check_key_length")
_BUILTIN: set[type] = set()


def _customised(algorithm: Algorithm, family_base: type) -> bool:
    """Whether ``algorithm`` is a user's subclass overriding ``prepare_key``/``sign``/``verify``/
    ``check_key_length``: then PyJWS goes through those methods, as PyJWT does."""
    cls = type(algorithm)
    if cls in _BUILTIN:
        return False
    builtin = next(base for base in cls.__mro__ if base in _BUILTIN or base is family_base)
    return any(getattr(cls, name) is not getattr(builtin, name) for name in _JWS_METHODS)


def _plain(key: Any) -> Any:
    from .api_jwk import PyJWK

    return key.key if isinstance(key, PyJWK) else key


def _jwk_native(key: Any) -> PyJWK | None:
    from .api_jwk import PyJWK

    return key if isinstance(key, PyJWK) else None


class NoneAlgorithm(Algorithm):
    """``alg: none``: signs with nothing and verifies nothing (``verify`` is always ``False``)."""

    def prepare_key(self, key: str | None) -> None:
        if key == "":
            key = None
        if key is not None:
            raise InvalidKeyError('When alg = "none", key value must be None.')
        return key

    def sign(self, msg: bytes, key: None) -> bytes:
        return b""

    def verify(self, msg: bytes, key: None, sig: bytes) -> bool:
        return False

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError()

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> NoReturn:
        raise NotImplementedError()


class HMACAlgorithm(Algorithm):
    """HS256/HS384/HS512. Secrets that look like asymmetric keys or JWKs are refused."""

    SHA256: ClassVar[HashlibHash] = hashlib.sha256
    SHA384: ClassVar[HashlibHash] = hashlib.sha384
    SHA512: ClassVar[HashlibHash] = hashlib.sha512

    def __init__(self, hash_alg: HashlibHash) -> None:
        self.hash_alg = hash_alg
        self._alg = "HS" + _hash_bits(hash_alg)

    def prepare_key(self, key: str | bytes) -> bytes:
        data = _native.hmac_secret(key)
        try:
            jetwt.Key.from_secret(data)
        except jetwt.JwtError as error:
            raise InvalidKeyError(str(error)) from None
        return data

    @staticmethod
    def to_jwk(key_obj: str | bytes, as_dict: bool = False) -> Any:
        jwk = {"k": base64url_encode(force_bytes(key_obj)).decode(), "kty": "oct"}
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> bytes:
        obj = _load_jwk(jwk)
        if obj.get("kty") != "oct":
            raise InvalidKeyError("Not an HMAC key")
        k = obj.get("k")
        if not isinstance(k, str):
            raise InvalidKeyError('The "oct" JWK has no "k".')
        try:
            secret = base64url_decode(k)
        except ValueError:
            raise InvalidKeyError('The JWK\'s "k" is not base64url.') from None
        if not secret:
            raise InvalidKeyError("HMAC key must not be empty.")
        return secret

    def _min_length(self) -> int:
        return int(self._alg[2:]) // 8

    def _length_message(self, length: int) -> str | None:
        need = self._min_length()
        if length < need:
            return (
                f"The HMAC key is {length} bytes long, which is below the minimum recommended length of "
                f"{need} bytes for {self._alg.replace('HS', 'SHA')}. See RFC 7518 Section 3.2."
            )
        return None

    def check_key_length(self, key: bytes) -> str | None:
        return self._length_message(len(key))

    def sign(self, msg: bytes, key: str | bytes) -> bytes:
        return _native.sign(msg, _native.hmac_secret(key), self._alg, min_secret_length=False)

    def verify(self, msg: bytes, key: str | bytes, sig: bytes) -> bool:
        return _native.verify(msg, sig, _native.hmac_secret(key), self._alg)

    def _material(self, key: Any, enforce: bool) -> tuple[_KeyMaterial, bool]:
        """The secret for the core, and whether the core applies its own minimum length (a ``jetwt.Key``)."""
        if isinstance(key, jetwt.Key):
            return key, True
        jwk = _jwk_native(key)
        if jwk is not None:
            material: _KeyMaterial = jwk._native
            length = jwk._secret_length
        else:
            material = _native.hmac_secret(key)
            length = len(material)
        _warn_or_raise(self._length_message(length), enforce)
        return material, False

    def _jws_sign(self, msg: bytes, key: Any, enforce: bool) -> bytes:
        if _customised(self, HMACAlgorithm):
            return super()._jws_sign(msg, key, enforce)
        material, min_length = self._material(key, enforce)
        return _native.sign(msg, material, self._alg, min_secret_length=min_length)

    def _jws_verify(self, msg: bytes, key: Any, sig: bytes, enforce: bool) -> bool:
        if _customised(self, HMACAlgorithm):
            return super()._jws_verify(msg, key, sig, enforce)
        return _native.verify(msg, sig, self._material(key, enforce)[0], self._alg)


class _AsymmetricAlgorithm(Algorithm):
    """What RSA, ECDSA and EdDSA share: key material resolution and JWK conversion through jetwt."""

    _family: ClassVar[str]

    def _native_alg(self, key: Any) -> str:
        raise NotImplementedError

    def _parse(self, key: Any) -> jetwt.Key:
        """``key`` (text, ``cryptography`` object, ``jetwt.Key``) parsed and checked to be of this family."""
        if isinstance(key, jetwt.Key):
            parsed = key
        elif _native.is_crypto_key(key):
            if _native.crypto_family(key) != self._family:
                self.check_crypto_key_type(key)
            parsed = _native.parse_asymmetric(key)
        elif isinstance(key, (str, bytes)):
            parsed = self._parse_text(force_bytes(key))
        else:
            raise TypeError("Expecting a PEM-formatted key.")
        family, _ = _native.key_family(parsed)
        if family != self._family:
            raise InvalidKeyError(f"Expected a {self._family.upper()} key, got an {family.upper()} key.")
        return parsed

    def _parse_text(self, data: bytes) -> jetwt.Key:
        return _native.parse_asymmetric(data)

    def _checked(self, key: Any) -> Any:
        """``prepare_key``: a ``cryptography`` object or ``jetwt.Key`` passes as it is once checked."""
        parsed = self._parse(key)
        if isinstance(key, jetwt.Key) or _native.is_crypto_key(key):
            return key
        return _shaped(parsed)

    def prepare_key(self, key: Any) -> Any:
        return self._checked(key)

    def _material(self, key: Any) -> _KeyMaterial:
        jwk = _jwk_native(key)
        if jwk is not None:
            return jwk._native
        if _native.is_crypto_key(key) and _native.crypto_family(key) != self._family:
            self.check_crypto_key_type(key)
        return _native.native_asymmetric(key)

    def sign(self, msg: bytes, key: Any) -> bytes:
        return _native.sign(msg, self._material(key), self._native_alg(key))

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        return _native.verify(msg, sig, self._material(key), self._native_alg(key))

    def _jws_sign(self, msg: bytes, key: Any, enforce: bool) -> bytes:
        if _customised(self, _AsymmetricAlgorithm):
            return super()._jws_sign(msg, key, enforce)
        return self.sign(msg, key)

    def _jws_verify(self, msg: bytes, key: Any, sig: bytes, enforce: bool) -> bool:
        if _customised(self, _AsymmetricAlgorithm):
            return super()._jws_verify(msg, key, sig, enforce)
        return self.verify(msg, key, sig)

    @classmethod
    def _key_for_jwk(cls, key_obj: Any) -> jetwt.Key:
        if isinstance(key_obj, jetwt.Key):
            key = key_obj
        elif _native.is_crypto_key(key_obj):
            key = _native.parse_asymmetric(key_obj)
        else:
            raise InvalidKeyError("Not a public or private key")
        if _native.key_family(key)[0] != cls._family:
            raise InvalidKeyError("Not a public or private key")
        return key


class RSAAlgorithm(_AsymmetricAlgorithm):
    """RS256/RS384/RS512 (RSASSA-PKCS1-v1_5). Keys under 2048 bits are refused."""

    SHA256: ClassVar[HashlibHash] = hashlib.sha256
    SHA384: ClassVar[HashlibHash] = hashlib.sha384
    SHA512: ClassVar[HashlibHash] = hashlib.sha512

    _crypto_key_types = "rsa"
    _family = "rsa"
    _prefix = "RS"
    _MIN_KEY_SIZE: ClassVar[int] = 2048

    def __init__(self, hash_alg: Any) -> None:
        self.hash_alg = hash_alg
        self._alg = self._prefix + _hash_bits(hash_alg)

    def _native_alg(self, key: Any) -> str:
        return self._alg

    def _parse_text(self, data: bytes) -> jetwt.Key:
        try:
            return _native.parse_asymmetric(data)
        except InvalidKeyError as error:
            raise InvalidKeyError(f"Could not parse the provided public key. {error}") from None

    def check_key_length(self, key: Any) -> str | None:
        if _native.is_crypto_key(key):
            bits = int(key.key_size)
        else:
            n = self._parse(key).to_jwk()["n"]
            bits = int.from_bytes(base64url_decode(n), "big").bit_length()
        if bits < self._MIN_KEY_SIZE:
            return (
                f"The RSA key is {bits} bits long, which is below the minimum recommended size of "
                f"{self._MIN_KEY_SIZE} bits. See NIST SP 800-131A."
            )
        return None

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        key = RSAAlgorithm._key_for_jwk(key_obj)
        members = _native.jwk_members(key, private=key.is_private)
        jwk: dict[str, Any] = {"kty": "RSA", "key_ops": ["sign" if key.is_private else "verify"]}
        for name in ("n", "e", "d", "p", "q", "dp", "dq", "qi"):
            if name in members:
                jwk[name] = members[name]
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> Any:
        obj = _load_jwk(jwk)
        if obj.get("kty") != "RSA":
            raise InvalidKeyError("Not an RSA key")
        if "n" not in obj or "e" not in obj:
            raise InvalidKeyError("Not a public or private key")
        return _shaped(_jwk_key(_rsa_complete(obj)))


def _rsa_complete(obj: dict[str, Any]) -> dict[str, Any]:
    """An RSA JWK as the core reads it: a private key given by ``n``, ``e``, ``d`` alone gets its primes and
    CRT members; more than two primes (``oth``) and a partial set of CRT members are refused."""
    if "d" not in obj or "e" not in obj or "n" not in obj:
        return obj
    if "oth" in obj:
        raise InvalidKeyError("Unsupported RSA private key: > 2 primes not supported")
    present = [name in obj for name in ("p", "q", "dp", "dq", "qi")]
    if any(present) and not all(present):
        raise InvalidKeyError("RSA key must include all parameters if any are present besides d")
    return obj if all(present) else {**obj, **_rsa_crt(obj)}


def _rsa_crt(obj: dict[str, Any]) -> dict[str, str]:
    """``p``, ``q``, ``dp``, ``dq``, ``qi`` of an RSA JWK that has only ``n``, ``e``, ``d``: the primes are
    found from ``d·e − 1`` (a multiple of λ(n)) by the usual randomised square-root-of-one search."""
    try:
        n, e, d = (int.from_bytes(base64url_decode(obj[name]), "big") for name in ("n", "e", "d"))
    except (TypeError, ValueError, AttributeError):
        raise InvalidKeyError("The RSA JWK's n, e or d is not base64url.") from None
    k = d * e - 1
    if n < 3 or d < 2 or k <= 0 or k % 2:
        raise InvalidKeyError("The RSA private key is inconsistent: its primes cannot be recovered.")
    t = (k & -k).bit_length() - 1
    r = k >> t
    for g in range(2, 1000):
        y = pow(g, r, n)
        if y in (1, n - 1):
            continue
        for _ in range(t):
            x = pow(y, 2, n)
            if x == 1:
                p = _gcd(y - 1, n)
                q = n // p
                if p * q == n and 1 < p < n:
                    p, q = max(p, q), min(p, q)
                    return {
                        name: base64url_encode(
                            value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
                        ).decode()
                        for name, value in (
                            ("p", p),
                            ("q", q),
                            ("dp", d % (p - 1)),
                            ("dq", d % (q - 1)),
                            ("qi", pow(q, -1, p)),
                        )
                    }
                break
            if x == n - 1:
                break
            y = x
    raise InvalidKeyError("The RSA private key is inconsistent: its primes cannot be recovered.")


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return abs(a)


class RSAPSSAlgorithm(RSAAlgorithm):
    """PS256/PS384/PS512 (RSASSA-PSS, MGF1 with the same hash, salt of the hash's length)."""

    _prefix = "PS"


def _curve_name(curve: Any) -> str | None:
    if curve is None:
        return None
    name = curve if isinstance(curve, str) else getattr(curve, "name", None)
    if not isinstance(name, str):
        raise TypeError("expected_curve must be a cryptography curve or a curve name")
    return _CRV_NAMES.get(name, name)


def _crypto_curve(name: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec

    classes = {"secp256r1": ec.SECP256R1, "secp384r1": ec.SECP384R1, "secp521r1": ec.SECP521R1}
    return classes.get(name, getattr(ec, name.upper(), name))


class ECAlgorithm(_AsymmetricAlgorithm):
    """ES256/ES384/ES512/ES256K (ECDSA, JWS's fixed-width ``r || s`` signatures)."""

    SHA256: ClassVar[HashlibHash] = hashlib.sha256
    SHA384: ClassVar[HashlibHash] = hashlib.sha384
    SHA512: ClassVar[HashlibHash] = hashlib.sha512

    _crypto_key_types = "ec"
    _family = "ec"

    def __init__(self, hash_alg: Any, expected_curve: Any = None) -> None:
        self.hash_alg = hash_alg
        self._hash = _hash_name(hash_alg)
        self.expected_curve = expected_curve

    @property
    def expected_curve(self) -> Any:
        """The curve keys must be on (``cryptography``'s class when it is installed, else its name)."""
        if self._curve is None:
            return None
        return _crypto_curve(self._curve) if has_crypto else self._curve

    @expected_curve.setter
    def expected_curve(self, curve: Any) -> None:
        self._curve = _curve_name(curve)

    def _validate_curve(self, name: str) -> None:
        if self._curve is not None and name != self._curve:
            raise InvalidKeyError(
                f"The key's curve '{name}' does not match the expected curve '{self._curve}' "
                "for this algorithm"
            )

    def _parse_text(self, data: bytes) -> jetwt.Key:
        try:
            return _native.parse_asymmetric(data)
        except InvalidKeyError as error:
            other = _unsupported_curve(data)
            if other is not None:
                self._validate_curve(other)
                raise InvalidKeyError(f"Keys on the curve '{other}' are not supported.") from None
            raise error from None

    def _parse(self, key: Any) -> jetwt.Key:
        if _native.is_crypto_key(key) and _native.crypto_family(key) == "ec":
            self._validate_curve(_native.crypto_curve_name(key))
        parsed = super()._parse(key)
        self._validate_curve(_CRV_NAMES.get(str(_native.key_family(parsed)[1]), ""))
        return parsed

    def _native_alg(self, key: Any) -> str:
        if self._curve is not None and self._curve in _CURVES:
            name = self._curve
        elif _native.is_crypto_key(key) and _native.crypto_family(key) == "ec":
            name = _native.crypto_curve_name(key)
        else:
            jwk = _jwk_native(key)
            parsed = jwk._native if jwk is not None else self._parse(key)
            if not isinstance(parsed, jetwt.Key):
                raise InvalidKeyError("Not an Elliptic curve key")
            name = _CRV_NAMES.get(str(_native.key_family(parsed)[1]), "")
        if name not in _CURVES:
            raise InvalidKeyError(f"Keys on the curve '{name}' are not supported.")
        _, alg, hash_name = _CURVES[name]
        if hash_name != self._hash:
            raise InvalidKeyError(
                f"ECDSA on {name} is used with {hash_name.upper()}, not {self._hash.upper()}."
            )
        return alg

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        if _native.is_crypto_key(key_obj) and _native.crypto_family(key_obj) == "ec":
            name = _native.crypto_curve_name(key_obj)
            if name not in _CURVES:
                raise InvalidKeyError(f"Invalid curve: {name}")
        key = ECAlgorithm._key_for_jwk(key_obj)
        members = _native.jwk_members(key, private=key.is_private)
        jwk = {name: members[name] for name in ("kty", "crv", "x", "y", "d") if name in members}
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> Any:
        obj = _load_jwk(jwk)
        if obj.get("kty") != "EC" or "x" not in obj or "y" not in obj:
            raise InvalidKeyError("Not an Elliptic curve key")
        if obj.get("crv") not in _CRV_NAMES:
            raise InvalidKeyError(f"Invalid curve: {obj.get('crv')}")
        return _shaped(_jwk_key(obj))


def _unsupported_curve(data: bytes) -> str | None:
    """The name of a curve jetwt does not take, found by its object identifier in a PEM or DER key."""
    try:
        text = data.decode("ascii")
        if "-----BEGIN" in text:
            body = "".join(line for line in text.splitlines() if line and not line.startswith("-----"))
            import base64

            data = base64.b64decode(body)
    except ValueError:
        return None
    for oid, name in _OTHER_CURVE_OIDS.items():
        if oid in data:
            return name
    return None


class OKPAlgorithm(_AsymmetricAlgorithm):
    """EdDSA with Ed25519 (jetwt does not take Ed448 keys)."""

    _crypto_key_types = "okp"
    _family = "okp"

    def __init__(self, **kwargs: Any) -> None:
        pass

    def _native_alg(self, key: Any) -> str:
        if _native.is_crypto_key(key) and "448" in type(key).__name__:
            raise InvalidKeyError("Ed448 keys are not supported.")
        return "EdDSA"

    def prepare_key(self, key: Any) -> Any:
        if isinstance(key, (str, bytes)):
            text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
            if "-----BEGIN PUBLIC" not in text and "-----BEGIN PRIVATE" not in text and text[:4] != "ssh-":
                raise InvalidKeyError("Not a public or private key")
        elif not isinstance(key, jetwt.Key):
            self.check_crypto_key_type(key)
            if "448" in type(key).__name__:
                return key
        return self._checked(key)

    @staticmethod
    def to_jwk(key: Any, as_dict: bool = False) -> Any:
        jkey = OKPAlgorithm._key_for_jwk(key)
        members = _native.jwk_members(jkey, private=jkey.is_private)
        jwk = {name: members[name] for name in ("x", "d", "kty", "crv") if name in members}
        return jwk if as_dict else json.dumps(jwk)

    @staticmethod
    def from_jwk(jwk: str | JWKDict) -> Any:
        obj = _load_jwk(jwk)
        if obj.get("kty") != "OKP":
            raise InvalidKeyError("Not an Octet Key Pair")
        curve = obj.get("crv")
        if curve != "Ed25519":
            raise InvalidKeyError(
                f"Invalid curve: {curve}" + (" (Ed448 is not supported)" if curve == "Ed448" else "")
            )
        if "x" not in obj:
            raise InvalidKeyError('OKP should have "x" parameter')
        key = _jwk_key(obj)
        if "d" in obj and _native.jwk_members(key, private=False).get("x") != obj["x"]:
            raise InvalidKeyError("Public key does not match private key")
        return _shaped(key)


_BUILTIN.update({HMACAlgorithm, RSAAlgorithm, RSAPSSAlgorithm, ECAlgorithm, OKPAlgorithm})
