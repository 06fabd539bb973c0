"""The bridge's rules: who may hand over, redeem before accepting, answer repeats the same.

    kiosk ── POST /handoffs ──▶ BridgeService.receive()
                                  1. the kiosk's own token names the kiosk
                                  2. a repeat of a known handoff gets the stored answer
                                  3. otherwise the handoff is recorded, then the grant is
                                     redeemed (venue server or Fanfare checkout)
                                  4. accepted: order number, register, webhook, all stored
                                     in one transaction before the kiosk hears "accepted"

Refusals and retryable answers are listed in `kiosk.pos.protocol`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import Clock
from kiosk.pos.protocol import (
    BRIDGE_NOT_AUTHORISED,
    GRANT_REDEMPTION_UNCERTAIN,
    GRANT_REPLAYED,
    GRANT_WRONG_EXPERIENCE,
    IDEMPOTENCY_KEY_REUSED,
    KIOSK_MISMATCH,
    KIOSK_UNAUTHORIZED,
    STORAGE_UNAVAILABLE,
    HandoffRequest,
)
from kiosk.pos_bridge.redeemers import (
    GrantRedeemer,
    RedeemRequest,
    RedemptionRefused,
    RedemptionUnavailable,
)
from kiosk.pos_bridge.store import BridgeStorageError, BridgeStore, HandoffRecord
from kiosk.pos_bridge.webhooks import envelope

log = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 16
POS_STATES = {
    "pending": ("accepted",),
    "completed": ("completed",),
    "cancelled": ("cancelled",),
    "refused": ("refused",),
    "all": ("accepted", "completed", "cancelled", "refused"),
}


class BridgeError(Exception):
    """An answer other than 200: `status`, a stable `code`, a message for people."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        issues: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.issues = issues

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "retryable": self.status in (429, 503),
        }
        if self.issues is not None:
            body["issues"] = self.issues
        return body


@dataclass(frozen=True)
class BridgeReply:
    status: int
    body: dict[str, Any]
    retry_after: float | None = None


@dataclass(frozen=True)
class PosDesk:
    """How the POS answers an accepted handoff: registers in turn, and a message."""

    registers: tuple[str, ...] = ("1",)
    message: str = "Go to register {register} and show reference {reference}."


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


class _KeyedLocks:
    """One asyncio lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    async def run(self, key: tuple[str, str], action: Callable[[], Any]) -> Any:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                return await action()
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class BridgeService:
    def __init__(
        self,
        store: BridgeStore,
        redeemer: GrantRedeemer,
        *,
        kiosk_tokens: Mapping[str, str],
        pos_token: str,
        clock: Clock,
        desk: PosDesk | None = None,
        experiences: Collection[str] | None = None,
        webhooks: bool = False,
        on_webhook_queued: Callable[[], None] | None = None,
        redeem_attempts: int = 3,
        redeem_backoff: float = 0.5,
    ) -> None:
        for name, token in kiosk_tokens.items():
            if len(token) < MIN_TOKEN_LENGTH:
                raise ValueError(f"the token of kiosk {name!r} is shorter than {MIN_TOKEN_LENGTH}")
        if len(pos_token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"the POS API token is shorter than {MIN_TOKEN_LENGTH} characters")
        if redeem_attempts < 1:
            raise ValueError("redeem_attempts must be at least 1")
        self._store = store
        self._redeemer = redeemer
        self._kiosks = {_digest(token): name for name, token in kiosk_tokens.items()}
        self._pos_digest = _digest(pos_token)
        self._clock = clock
        self._desk = desk or PosDesk()
        self._experiences = frozenset(experiences) if experiences else None
        self._webhooks = webhooks
        self._on_webhook_queued = on_webhook_queued
        self._redeem_attempts = redeem_attempts
        self._redeem_backoff = redeem_backoff
        self._locks = _KeyedLocks()

    # ---- authentication ----------------------------------------------------------------

    def kiosk_for(self, token: str | None) -> str:
        name = self._kiosks.get(_digest(token)) if token else None
        if name is None:
            raise BridgeError(401, KIOSK_UNAUTHORIZED, "Unknown kiosk token.")
        return name

    def check_pos(self, token: str | None) -> None:
        if not token or not secrets.compare_digest(_digest(token), self._pos_digest):
            raise BridgeError(401, "POS_UNAUTHORIZED", "Send the POS API token as a bearer token.")

    # ---- kiosks ------------------------------------------------------------------------

    async def receive(self, kiosk_id: str, request: HandoffRequest) -> BridgeReply:
        if request.kiosk_id != kiosk_id:
            raise BridgeError(
                403, KIOSK_MISMATCH, "This kiosk's token belongs to a different kiosk id."
            )
        key = (kiosk_id, request.idempotency_key)
        return await self._locks.run(key, lambda: self._receive(kiosk_id, request))

    async def _receive(self, kiosk_id: str, request: HandoffRequest) -> BridgeReply:
        grant = request.grant
        digest = hashlib.sha256(grant.token.encode()).hexdigest()
        try:
            record = self._store.handoff(kiosk_id, request.idempotency_key)
            if record is not None and record.grant_digest != digest:
                raise BridgeError(
                    422,
                    IDEMPOTENCY_KEY_REUSED,
                    "This idempotency key was used for a different grant.",
                )
            if record is not None and record.state != "redeeming":
                log.info("repeat of handoff %s (%s): same answer", record.id, record.reference)
                assert record.response_status is not None and record.response_body is not None
                return BridgeReply(record.response_status, record.response_body)
            fresh = record is None
            if record is None:
                record = self._record(kiosk_id, request, digest)
        except BridgeStorageError as exc:
            log.error("cannot record a handoff from kiosk %s: %s", kiosk_id, exc)
            raise BridgeError(
                503, STORAGE_UNAVAILABLE, "The POS bridge cannot save right now.", retry_after=5
            ) from exc
        if self._experiences is not None and grant.experience_id not in self._experiences:
            return self._refuse(
                record,
                GRANT_WRONG_EXPERIENCE,
                "This POS does not sell for this release.",
                upstream=None,
            )
        return await self._redeem(record, request, fresh=fresh)

    def _record(self, kiosk_id: str, request: HandoffRequest, digest: str) -> HandoffRecord:
        grant = request.grant
        handoff_id = "ho_" + uuid.uuid4().hex
        self._store.insert_redeeming(
            {
                "id": handoff_id,
                "kiosk_id": kiosk_id,
                "idempotency_key": request.idempotency_key,
                "grant_digest": digest,
                "reference": request.reference,
                "experience_id": grant.experience_id,
                "sequence_id": grant.sequence_id,
                "distribution_type": grant.distribution_type,
                "distribution_id": grant.distribution_id,
                "grant_expires_at": grant.expires_at,
            },
            self._clock.now(),
        )
        log.info("handoff %s (%s) received from kiosk %s", handoff_id, request.reference, kiosk_id)
        record = self._store.handoff_by_id(handoff_id)
        assert record is not None
        return record

    async def _redeem(
        self, record: HandoffRecord, request: HandoffRequest, *, fresh: bool
    ) -> BridgeReply:
        """Redeem, retrying a few times. `fresh`: the record was just written already marked
        in flight for its first attempt."""
        grant = request.grant
        redeem = RedeemRequest(
            token=grant.token,
            experience_id=grant.experience_id,
            sequence_id=grant.sequence_id,
            distribution_type=grant.distribution_type,
            distribution_id=grant.distribution_id,
            idempotency_key=request.idempotency_key,
        )
        uncertain = not fresh and record.redeem_in_flight and not self._redeemer.idempotent
        failure: RedemptionUnavailable | None = None
        for attempt in range(1, self._redeem_attempts + 1):
            if attempt > 1:
                await self._clock.sleep(self._redeem_backoff * 2 ** (attempt - 2))
            try:
                if attempt > 1 or not fresh:
                    now = self._clock.now()
                    self._store.set_in_flight(record.id, True, now, new_attempt=True)
                redemption = await self._redeemer.redeem(redeem)
            except RedemptionRefused as refused:
                code = refused.code
                if code == GRANT_REPLAYED and uncertain:
                    code = GRANT_REDEMPTION_UNCERTAIN
                    log.error(
                        "handoff %s: grant already redeemed after an unanswered attempt of "
                        "this bridge; staff must check it",
                        record.id,
                    )
                message = (
                    "An earlier attempt may have redeemed this pass; staff must check it."
                    if code == GRANT_REDEMPTION_UNCERTAIN
                    else refused.message
                )
                return self._refuse(record, code, message, upstream=refused.upstream_code)
            except RedemptionUnavailable as unavailable:
                failure = unavailable
                if unavailable.sent and not self._redeemer.idempotent:
                    uncertain = True
                else:
                    self._in_flight(record, uncertain)
                log.warning(
                    "handoff %s: redemption attempt %d failed: %s",
                    record.id,
                    attempt,
                    unavailable.code,
                )
                if unavailable.code == BRIDGE_NOT_AUTHORISED:
                    break
                continue
            except BridgeStorageError as exc:
                log.error("handoff %s: cannot record a redemption attempt: %s", record.id, exc)
                raise BridgeError(
                    503, STORAGE_UNAVAILABLE, "The POS bridge cannot save right now.", retry_after=5
                ) from exc
            return self._accept(record, redemption)
        assert failure is not None
        retry_after = failure.retry_after if failure.retry_after is not None else 2.0
        raise BridgeError(503, failure.code, failure.message, retry_after=retry_after)

    def _in_flight(self, record: HandoffRecord, uncertain: bool) -> None:
        try:
            self._store.set_in_flight(record.id, uncertain, self._clock.now(), new_attempt=False)
        except BridgeStorageError as exc:  # the flag stays set: only more cautious
            log.error("handoff %s: cannot clear the in-flight mark: %s", record.id, exc)

    def _accept(self, record: HandoffRecord, redemption: dict[str, Any]) -> BridgeReply:
        answer: dict[str, Any] = {
            "status": "accepted",
            "handoffId": record.id,
            "reference": record.reference,
        }
        try:
            accepted = self._store.accept(
                record.id,
                answer=answer,
                redemption=redemption,
                now=self._clock.now(),
                registers=self._desk.registers,
                message_template=self._desk.message,
                webhook=self._webhook("handoff.accepted") if self._webhooks else None,
            )
        except BridgeStorageError as exc:
            # Redeemed, but not recorded: the in-flight mark stays, so a repeat is refused as
            # GRANT_REDEMPTION_UNCERTAIN rather than sold twice or silently lost.
            log.error("handoff %s redeemed but not saved: %s", record.id, exc)
            raise BridgeError(
                503, STORAGE_UNAVAILABLE, "The POS bridge cannot save right now.", retry_after=5
            ) from exc
        log.info(
            "handoff %s (%s) accepted: order %s, register %s",
            accepted.id,
            accepted.reference,
            accepted.order_number,
            accepted.register,
        )
        self._webhook_queued()
        return BridgeReply(200, accepted.response_body or answer)

    def _refuse(
        self, record: HandoffRecord, code: str, message: str, *, upstream: str | None
    ) -> BridgeReply:
        body = {"code": code, "message": message, "retryable": False}
        try:
            self._store.refuse(record.id, 409, body, self._clock.now())
        except BridgeStorageError as exc:
            log.error("handoff %s refused (%s) but not saved: %s", record.id, code, exc)
        log.warning(
            "handoff %s (%s) refused: %s%s",
            record.id,
            record.reference,
            code,
            f" (upstream {upstream})" if upstream else "",
        )
        return BridgeReply(409, body)

    # ---- the POS -----------------------------------------------------------------------

    def handoffs(self, status: str = "pending", reference: str | None = None) -> list[dict]:
        states = POS_STATES.get(status)
        if states is None:
            raise BridgeError(
                400, "VALIDATION_ERROR", f"status must be one of {', '.join(POS_STATES)}"
            )
        return [
            record.to_pos_doc()
            for record in self._store.handoffs(states=states, reference=reference)
        ]

    def handoff(self, handoff_id: str) -> dict[str, Any]:
        record = self._store.handoff_by_id(handoff_id)
        if record is None or record.state == "redeeming":
            raise BridgeError(404, "HANDOFF_NOT_FOUND", f"No handoff {handoff_id}.")
        return record.to_pos_doc()

    def close(self, handoff_id: str, state: str, reason: str | None) -> dict[str, Any]:
        """Mark an accepted handoff completed or cancelled. Repeating the same is a no-op."""
        record = self._store.handoff_by_id(handoff_id)
        if record is None or record.state == "redeeming":
            raise BridgeError(404, "HANDOFF_NOT_FOUND", f"No handoff {handoff_id}.")
        if record.state == state:
            return record.to_pos_doc()
        webhook = self._webhook(f"handoff.{state}") if self._webhooks else None
        if not self._store.close_handoff(handoff_id, state, reason, self._clock.now(), webhook):
            raise BridgeError(409, "HANDOFF_CLOSED", f"This handoff is {record.state} already.")
        log.info("handoff %s (%s) %s by the POS", handoff_id, record.reference, state)
        self._webhook_queued()
        return self.handoff(handoff_id)

    def _webhook(self, kind: str) -> Callable[[HandoffRecord], tuple[str, str, dict[str, Any]]]:
        now = self._clock.now()
        return lambda record: envelope(kind, record.to_pos_doc(), now)

    def _webhook_queued(self) -> None:
        if self._webhooks and self._on_webhook_queued is not None:
            self._on_webhook_queued()
