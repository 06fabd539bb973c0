"""Compact HMAC-signed tokens: `<prefix>.<base64url payload>.<base64url mac>`.

Used for consumer access tokens and admission grants. The payload is readable by anyone (it
holds ids and an expiry, nothing secret); the MAC proves the venue server issued it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any


class BadSignature(Exception):
    """The token is malformed or was not signed with our key."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def _unb64(text: str) -> bytes:
    """Canonical unpadded base64url only: padding, other characters, or spare bits set
    in the last character are refused (each token has exactly one spelling)."""
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not canonical base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise ValueError("not canonical base64url")
    return data


class TokenSigner:
    MAX_TOKEN_LENGTH = 2048

    def __init__(self, secret: bytes, prefix: str) -> None:
        self._secret = secret
        self._prefix = prefix

    def sign(self, payload: dict[str, Any]) -> str:
        body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
        signed = f"{self._prefix}.{body}"
        mac = hmac.new(self._secret, signed.encode(), hashlib.sha256).digest()
        return f"{signed}.{_b64(mac)}"

    def verify(self, token: str) -> dict[str, Any]:
        if not isinstance(token, str) or len(token) > self.MAX_TOKEN_LENGTH:
            raise BadSignature("not a token")
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != self._prefix:
            raise BadSignature("not a token of this kind")
        signed = f"{parts[0]}.{parts[1]}"
        expected = hmac.new(self._secret, signed.encode(), hashlib.sha256).digest()
        try:
            given = _unb64(parts[2])
            if not hmac.compare_digest(expected, given):
                raise BadSignature("signature does not match")
            payload = json.loads(_unb64(parts[1]))
        except (ValueError, TypeError) as exc:
            raise BadSignature("malformed token") from exc
        if not isinstance(payload, dict):
            raise BadSignature("malformed token")
        return payload
