"""How a handoff reaches the POS: one small interface, two ways.

`HttpBridgeTransport` (the default) posts it to the POS bridge, which redeems the grant and
answers with where to go. `FileSpoolTransport` writes it into a folder that a POS reads.
A transport either returns the POS's answer or raises `DeliveryRefused` (final) or
`DeliveryDeferred` (try again); it never logs the grant or its own credentials.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

import httpx
from pydantic import ValidationError

from kiosk.pos.errors import DeliveryDeferred, DeliveryRefused
from kiosk.pos.handoff import PosAnswer
from kiosk.pos.protocol import (
    BRIDGE_NOT_AUTHORISED,
    STORAGE_UNAVAILABLE,
    VENUE_UNAVAILABLE,
    BridgeErrorBody,
    HandoffAccepted,
    HandoffRequest,
)

log = logging.getLogger(__name__)

# A spool file is named after the handoff's idempotency key: only these may name a file
# (no path separators, no dots, no leading dash), so a key can never reach another folder.
SPOOL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{7,127}$")
SPOOL_BAD_ID = "SPOOL_BAD_ID"

# Codes a transport gives a deferred delivery (the UI translates by code).
BRIDGE_UNREACHABLE = "BRIDGE_UNREACHABLE"
BRIDGE_NO_ANSWER = "BRIDGE_NO_ANSWER"
BRIDGE_ERROR = "BRIDGE_ERROR"
KIOSK_NOT_AUTHORISED = "KIOSK_NOT_AUTHORISED"
SPOOL_UNAVAILABLE = "SPOOL_UNAVAILABLE"
REJECTED = "REJECTED"

_DEFERRED_MESSAGES = {
    VENUE_UNAVAILABLE: "The POS cannot reach the venue server to check your pass; still trying.",
    BRIDGE_NOT_AUTHORISED: "The POS bridge is not allowed to redeem passes; staff must fix it.",
    STORAGE_UNAVAILABLE: "The POS bridge cannot save right now; still trying.",
}


class PosTransport(Protocol):
    async def deliver(self, request: HandoffRequest) -> PosAnswer:
        """Hand over one handoff. The same request may be delivered again: be idempotent."""
        ...

    async def aclose(self) -> None: ...


class HttpBridgeTransport:
    """POST /handoffs to the POS bridge, authenticated with this kiosk's own token."""

    def __init__(
        self,
        bridge_url: str,
        kiosk_token: str,
        *,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 20.0,  # above the bridge's own retries of the venue (3 x 5 s + backoff)
    ) -> None:
        if not kiosk_token:
            raise ValueError("the kiosk needs its POS bridge token")
        self._url = bridge_url.rstrip("/") + "/handoffs"
        self._token = kiosk_token
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"HttpBridgeTransport({self._url!r})"

    async def deliver(self, request: HandoffRequest) -> PosAnswer:
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Idempotency-Key": request.idempotency_key,
        }
        try:
            response = await self._http.post(
                self._url, json=request.to_wire(), headers=headers, timeout=self._timeout
            )
        except httpx.ConnectError as exc:  # nothing was sent
            raise DeliveryDeferred(
                BRIDGE_UNREACHABLE, "The POS bridge is not reachable; still trying."
            ) from exc
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise DeliveryDeferred(
                BRIDGE_NO_ANSWER,
                "The POS bridge did not answer; asking again.",
                uncertain=True,
            ) from exc
        return self._answer(response)

    def _answer(self, response: httpx.Response) -> PosAnswer:
        status = response.status_code
        if status == 200:
            try:
                accepted = HandoffAccepted.model_validate(response.json())
            except (ValueError, ValidationError) as exc:
                raise DeliveryDeferred(
                    BRIDGE_ERROR, "The POS bridge sent an answer this kiosk cannot read."
                ) from exc
            return PosAnswer(
                message=accepted.message,
                register=accepted.register_name,
                order_number=accepted.order_number,
                pos_handoff_id=accepted.handoff_id,
            )
        body = _error_body(response)
        if status in (401, 403):
            log.error("the POS bridge refused this kiosk's token (HTTP %d)", status)
            raise DeliveryDeferred(
                KIOSK_NOT_AUTHORISED,
                "This kiosk is not authorised at the POS bridge; staff must fix its token.",
            )
        if status in (409, 422) and body is not None:
            raise DeliveryRefused(body.code, body.message or body.code)
        if status == 429 or status >= 500:
            code = body.code if body is not None else BRIDGE_ERROR
            message = _DEFERRED_MESSAGES.get(code, "The POS bridge is busy; still trying.")
            raise DeliveryDeferred(
                code, message, retry_after=_retry_after(response.headers.get("retry-after"))
            )
        # 400, 404, 413 ...: this kiosk sent something the bridge will never take.
        log.error("the POS bridge rejected a handoff (HTTP %d)", status)
        raise DeliveryRefused(REJECTED, f"The POS bridge rejected the handoff (HTTP {status}).")

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()


def _error_body(response: httpx.Response) -> BridgeErrorBody | None:
    try:
        return BridgeErrorBody.model_validate(response.json())
    except (ValueError, ValidationError):
        return None


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


class FileSpoolTransport:
    """Writes each handoff as `<id>.json` into a folder that the POS reads.

    Each file appears whole or not at all (written beside, synced, then renamed). The file
    holds the grant, because the POS must redeem it: keep the folder readable only by the
    kiosk's and the POS's accounts. The POS deletes or moves a file once it has taken it.
    Delivering the same handoff again rewrites the same file, so the POS sees it once.
    """

    def __init__(self, directory: Path | str, *, message: str | None = None) -> None:
        self.directory = Path(directory)
        self._message = message or "Show your reference code {reference} at the till."

    def __repr__(self) -> str:
        return f"FileSpoolTransport({str(self.directory)!r})"

    async def deliver(self, request: HandoffRequest) -> PosAnswer:
        document = {
            "type": "fanfare.handoff",
            "version": 1,
            **request.to_wire(),
        }
        if not SPOOL_NAME.fullmatch(request.idempotency_key):
            raise DeliveryRefused(
                SPOOL_BAD_ID, "This handoff's id cannot name a spool file; it was not written."
            )
        data = json.dumps(document, indent=2).encode()
        try:
            self._write_atomically(f"{request.idempotency_key}.json", data)
        except OSError as exc:
            log.warning("cannot write to the POS spool folder %s: %s", self.directory, exc)
            raise DeliveryDeferred(
                SPOOL_UNAVAILABLE, "The POS folder cannot be written to; still trying."
            ) from exc
        return PosAnswer(message=self._message.format(reference=request.reference))

    def _write_atomically(self, name: str, data: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o750)
        descriptor, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=self.directory)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o640)
            os.replace(temporary, self.directory / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
            directory = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)

    async def aclose(self) -> None:
        return None
