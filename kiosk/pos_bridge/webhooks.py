"""Signed webhooks to the POS, in the scheme Fanfare uses for its own.

    X-Fanfare-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>
    X-Fanfare-Timestamp: <unix seconds>

Envelope `{id: "whk_...", type, timestamp, data}`; types `handoff.accepted`,
`handoff.completed`, `handoff.cancelled`. Deliveries are queued in the bridge's database in
the same transaction as the change they announce, and retried on Fanfare's schedule
(immediately, 1 m, 5 m, 30 m, 2 h, 6 h, 12 h, 24 h); 2xx is success, 410 stops.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from kiosk.core.clock import Clock, sleep_or_set
from kiosk.core.instants import format_instant
from kiosk.pos_bridge.store import BridgeStorageError, BridgeStore

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Fanfare-Signature"
TIMESTAMP_HEADER = "X-Fanfare-Timestamp"
TOLERANCE_SECONDS = 300
# Seconds to wait before attempt 2, 3, ... 8 (attempt 1 is immediate).
RETRY_SCHEDULE = (60, 300, 1800, 7200, 21600, 43200, 86400)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str,
    *,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    now: datetime,
    tolerance: float = TOLERANCE_SECONDS,
) -> bool:
    """True when the signature is ours and the timestamp is within `tolerance` of `now`.

    For POS integrators (and our tests): check both headers before trusting a webhook.
    """
    if not timestamp or not signature:
        return False
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs(now.timestamp() - stamp) > tolerance:
        return False
    # Bytes, not str: compare_digest raises TypeError on a non-ASCII str, and a header may
    # carry anything; a signature that is not ours is simply False.
    given = signature.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(sign(secret, stamp, body).encode(), given)


def envelope(kind: str, data: dict[str, Any], now: datetime) -> tuple[str, str, dict[str, Any]]:
    webhook_id = "whk_" + uuid.uuid4().hex
    doc = {
        "id": webhook_id,
        "type": kind,
        "timestamp": format_instant(now),
        "data": data,
    }
    return webhook_id, kind, doc


class WebhookDispatcher:
    """Sends the queued webhooks. `run()` is the bridge's named background loop."""

    def __init__(
        self,
        store: BridgeStore,
        *,
        url: str,
        secret: str,
        clock: Clock,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        max_idle: float = 30.0,
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a signing secret")
        self._store = store
        self._url = url
        self._secret = secret
        self._clock = clock
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._max_idle = max_idle
        self._wake = asyncio.Event()

    def __repr__(self) -> str:
        return f"WebhookDispatcher({self._url!r})"

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.deliver_due()
                delay = self._until_next()
            except BridgeStorageError as exc:
                log.error("webhook queue unavailable: %s", exc)
                delay = self._max_idle
            except Exception:  # a bug must not end webhook delivery for good
                log.exception("the webhook pass failed; retrying later")
                delay = self._max_idle
            await self._idle(delay)

    async def deliver_due(self) -> int:
        sent = 0
        for webhook in self._store.due_webhooks(self._clock.now()):
            sent += 1
            await self._send(webhook.id, webhook.type, webhook.body, webhook.attempts)
        return sent

    async def _send(self, webhook_id: str, kind: str, body: bytes, attempts: int) -> None:
        now = self._clock.now()
        stamp = int(now.timestamp())
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self._secret, stamp, body),
            TIMESTAMP_HEADER: str(stamp),
            "X-Fanfare-Webhook-Id": webhook_id,
            "X-Fanfare-Delivery-Id": "dlv_" + uuid.uuid4().hex,
            "X-Fanfare-Retry-Count": str(attempts),
        }
        status: int | None = None
        error: str | None = None
        try:
            response = await self._http.post(self._url, content=body, headers=headers)
            status = response.status_code
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        attempt = attempts + 1
        if status is not None and 200 <= status < 300:
            state, next_at = "delivered", now.timestamp()
        elif status == 410:
            state, next_at = "gone", now.timestamp()
            log.warning("the POS answered 410 to webhook %s: not sending it again", webhook_id)
        elif attempt > len(RETRY_SCHEDULE):
            state, next_at = "failed", now.timestamp()
            log.error("webhook %s (%s) failed %d times; giving up", webhook_id, kind, attempt)
        else:
            state = "pending"
            next_at = (now + timedelta(seconds=RETRY_SCHEDULE[attempt - 1])).timestamp()
            log.info("webhook %s not delivered (%s); retrying later", webhook_id, status or error)
        self._store.webhook_attempted(
            webhook_id, state=state, next_attempt_at=next_at, status=status, error=error, now=now
        )

    def _until_next(self) -> float:
        next_at = self._store.next_webhook_at()
        if next_at is None:
            return self._max_idle
        return min(self._max_idle, max(0.0, next_at - self._clock.now().timestamp()))

    async def _idle(self, seconds: float) -> None:
        await sleep_or_set(self._clock, seconds, self._wake)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()
