"""Loyalty points: the consumer's own balance, expirations and history (`/loyalty/...`),
and the operator's credits and debits."""

from __future__ import annotations

from datetime import date
from typing import Any

from kiosk.venue.domain.errors import not_found
from kiosk.venue.domain.loyalty import upcoming_expirations
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork


class LoyaltyService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def balance(self, consumer_id: str) -> dict[str, Any]:
        with self._uow.begin() as work:
            replay = self._state.loyalty.replay(consumer_id, work.now)
            return {"balance": replay.balance, "lifetimePoints": replay.lifetime}

    def expirations(self, consumer_id: str, within_days: int) -> list[dict[str, Any]]:
        with self._uow.begin() as work:
            replay = self._state.loyalty.replay(consumer_id, work.now)
            return upcoming_expirations(replay, work.now, within_days)

    def history(self, consumer_id: str, limit: int) -> list[dict[str, Any]]:
        """Newest first: credits, debits and the lapses of expired points."""
        with self._uow.begin() as work:
            rows = self._state.loyalty.replay(consumer_id, work.now).history
            return list(reversed(rows))[:limit]

    def adjust(
        self,
        consumer_id: str,
        points: int,
        *,
        expires_on: date | None = None,
        source_type: str | None = None,
        source_id: str | None = None,
    ) -> dict[str, Any]:
        """The operator credits (points > 0) or debits (points < 0) a known consumer."""
        state = self._state
        if not state.sessions.of_consumer(consumer_id):
            raise not_found(f"No consumer with id {consumer_id!r}.")
        with self._uow.begin() as work:
            txn = state.loyalty.adjust(
                consumer_id,
                points,
                work.now,
                expires_on=expires_on,
                source_type=source_type,
                source_id=source_id,
            )
            work.add([txn.record()], consumers=())  # /consumers/me does not show points
            state.loyalty.add(txn)
            replay = state.loyalty.replay(consumer_id, work.now)
            row = next(r for r in replay.history if r["id"] == txn.id)
            return {
                "transaction": row,
                "balance": replay.balance,
                "lifetimePoints": replay.lifetime,
            }
