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
from collections import OrderedDict
from typing import Any

import orjson


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
    # A kiosk polls with the same token every few seconds; checking its MAC again each time
    # was a tenth of a status poll. Payloads are immutable facts of a token (its expiry is
    # checked by the caller on every use), so verified ones are remembered, oldest dropped.
    VERIFIED_CACHE = 8192

    def __init__(self, secret: bytes, prefix: str) -> None:
        self._secret = secret
        self._prefix = prefix
        self._verified: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def sign(self, payload: dict[str, Any]) -> str:
        body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
        signed = f"{self._prefix}.{body}"
        mac = hmac.digest(self._secret, signed.encode(), hashlib.sha256)
        return f"{signed}.{_b64(mac)}"

    def verify(self, token: str) -> dict[str, Any]:
        if not isinstance(token, str) or len(token) > self.MAX_TOKEN_LENGTH:
            raise BadSignature("not a token")
        known = self._verified.get(token)
        if known is not None:
            return dict(known)
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != self._prefix:
            raise BadSignature("not a token of this kind")
        signed = f"{parts[0]}.{parts[1]}"
        expected = hmac.digest(self._secret, signed.encode(), hashlib.sha256)
        try:
            given = _unb64(parts[2])
            if not hmac.compare_digest(expected, given):
                raise BadSignature("signature does not match")
            payload = orjson.loads(_unb64(parts[1]))
        except (ValueError, TypeError) as exc:  # orjson.JSONDecodeError is a ValueError
            raise BadSignature("malformed token") from exc
        if not isinstance(payload, dict):
            raise BadSignature("malformed token")
        self._remember(token, payload)
        return dict(payload)

    def _remember(self, token: str, payload: dict[str, Any]) -> None:
        """Only tokens whose signature checked out: nobody else can fill the cache."""
        if len(self._verified) >= self.VERIFIED_CACHE:
            self._verified.popitem(last=False)  # the oldest
        self._verified[token] = payload
