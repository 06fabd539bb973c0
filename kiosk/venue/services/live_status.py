"""An experience's public live status (our catalogue extension): what an attract screen may
show before anyone has a consumer session ("142 in line", "Opens at", "Sold out").

Read from each engine's operator view (`describe`), so every mechanism is covered without
the catalogue knowing their internals. Only counts and times: never who is in line.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from kiosk.core.instants import parse_instant
from kiosk.venue.domain.catalog import Sequence
from kiosk.venue.domain.engine import DistributionEngine
from kiosk.wire.routing import LiveStatus


def _instant(value: Any) -> datetime | None:
    return parse_instant(value) if isinstance(value, str) and value else None


def _public_first(sequence: Sequence) -> tuple[bool, float]:
    """The line a walk-up customer joins: no code, no sign-in; then the lowest priority."""
    gated = bool(sequence.access_code) or sequence.authentication != "none"
    return gated, sequence.priority


def pick_engine(
    sequences: list[Sequence], engine_of: Any
) -> tuple[Sequence, DistributionEngine] | None:
    for sequence in sorted(sequences, key=_public_first):
        engine = engine_of(sequence.id)
        if engine is not None:
            return sequence, engine
    return None


def live_status(engine: DistributionEngine, now: datetime) -> LiveStatus:
    view = engine.describe(now)
    mechanism = engine.mechanism
    lifecycle = view.get("lifecycle", "open")
    if lifecycle == "scheduled":
        opens = _instant(view.get("openAt"))
        return LiveStatus(mechanism=mechanism, state="scheduled", opens_at=opens)
    if lifecycle in ("closed", "settling"):
        sold_out = mechanism == "timed_release" and view.get("available") == 0
        return LiveStatus(mechanism=mechanism, state="sold_out" if sold_out else "closed")
    status: dict[str, Any] = {"mechanism": mechanism, "state": "open"}
    if mechanism == "queue":
        waiting = int(view.get("queued") or 0)
        per_second = float(view.get("admitRate") or 0) / 60.0
        status["waiting"] = waiting
        status["wait_seconds"] = round(waiting / per_second, 1) if per_second > 0 else None
    elif mechanism == "draw":
        status["closes_at"] = _instant(view.get("closeAt")) or getattr(
            engine.config, "closes_at", None
        )
    elif mechanism == "auction":
        status["closes_at"] = _instant(view.get("effectiveCloseAt") or view.get("closeAt"))
        price = view.get("highestBid") or view.get("currentPrice")
        status["current_price"] = Decimal(price) if price else None
    elif mechanism == "timed_release":
        status["available"] = view.get("available")
    return LiveStatus(**status)
