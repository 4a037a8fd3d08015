"""A device's identity in a team: an Ed25519 signing key and an X25519 key-exchange key.

The private halves live only in this profile's encrypted database (``sync_team``); the
public halves travel in join requests and the membership log. A fingerprint is a short
readable digest of both public keys, for two people to compare by phone or in person.

Content keys are *wrapped* to a device like an HPKE base-mode seal, built from the
``cryptography`` primitives only: an ephemeral X25519 key agreement with the device's
public key, HKDF-SHA256 over the shared secret (bound to the team, the device and what
is wrapped), and ChaCha20-Poly1305.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_WRAP_INFO = b"partnerdesk key wrap v1|"


class TrustError(ValueError):
    """A signature, key or wrapped key that does not verify."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, size: int | None = None) -> bytes:
    """Strict base64 of an expected size; TrustError otherwise."""
    if not isinstance(text, str) or len(text) > 4096:
        raise TrustError("not base64 text")
    try:
        data = base64.b64decode(text, validate=True)
    except ValueError:
        raise TrustError("not base64 text") from None
    if size is not None and len(data) != size:
        raise TrustError("wrong length")
    return data


def _raw(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(sign_pub: str, box_pub: str) -> str:
    """Four groups of four letters and digits, e.g. ``K7QF-2M9D-XR4T-88BW``."""
    digest = hashlib.sha256(b"partnerdesk device|" + unb64(sign_pub) + unb64(box_pub)).digest()
    text = base64.b32encode(digest[:10]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class DeviceKeys:
    """This device's two private keys."""

    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def from_hex(cls, sign_hex: str, box_hex: str) -> DeviceKeys:
        return cls(
            Ed25519PrivateKey.from_private_bytes(bytes.fromhex(sign_hex)),
            X25519PrivateKey.from_private_bytes(bytes.fromhex(box_hex)),
        )

    def to_hex(self) -> tuple[str, str]:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        def raw(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
            return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()

        return raw(self.sign), raw(self.box)

    @property
    def sign_pub(self) -> str:
        return b64(_raw(self.sign.public_key()))

    @property
    def box_pub(self) -> str:
        return b64(_raw(self.box.public_key()))

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.box_pub)

    def signature(self, data: bytes) -> bytes:
        return self.sign.sign(data)

    def unwrap(self, wrapped: dict, context: bytes) -> bytes:
        """Open a key wrapped to this device; TrustError when it does not open."""
        try:
            ephemeral = X25519PublicKey.from_public_bytes(unb64(wrapped.get("e"), 32))
            nonce, sealed = unb64(wrapped.get("n"), 12), unb64(wrapped.get("c"))
            key = _wrap_key(self.box.exchange(ephemeral), context)
            return ChaCha20Poly1305(key).decrypt(nonce, sealed, context)
        except (InvalidTag, ValueError, AttributeError):
            raise TrustError("a key wrapped to this device does not open") from None


def verify(sign_pub: str, signature: bytes, data: bytes) -> None:
    """Raise TrustError unless ``signature`` is ``sign_pub``'s over ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(unb64(sign_pub, 32)).verify(signature, data)
    except (InvalidSignature, ValueError):
        raise TrustError("signature does not verify") from None


def _wrap_key(shared: bytes, context: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=_WRAP_INFO + context).derive(shared)


def wrap(box_pub: str, secret: bytes, context: bytes) -> dict[str, str]:
    """``secret`` sealed so only the holder of ``box_pub``'s private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(unb64(box_pub, 32)))
    nonce = os.urandom(12)
    sealed = ChaCha20Poly1305(_wrap_key(shared, context)).encrypt(nonce, secret, context)
    return {"e": b64(_raw(ephemeral.public_key())), "n": b64(nonce), "c": b64(sealed)}
