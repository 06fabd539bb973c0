"""`JourneyView`: the public UI contract. Render only from it; its actions live only on it.

`journey_stage` is `ready` (start), `routing` (no actions), `gated` (gates, reroute, retry) or
`routed` (sequence, offers, reroute, retry, submit_access_code). Every view also says when it
was last refreshed from the server and whether it is stale.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.sdk.actions import BoundModel
from kiosk.sdk.sequences import SequenceView
from kiosk.wire.routing import AccessCodeGate, AuthenticationGate, BotCheckGate, RouteSelection

DEFAULT_STALE_AFTER_SECONDS = 15.0


class Unset(enum.Enum):
    UNSET = "UNSET"


# `reroute()` without `access_code` re-sends the stored code; `access_code=None` clears it.
UNSET = Unset.UNSET


class UnknownGate(BaseModel):
    """A gate type this SDK does not know yet: show generic "requirement" copy."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: str
    status: str | None = None


GateView = AuthenticationGate | AccessCodeGate | BotCheckGate | UnknownGate


class AccessCodeSubmitResult(BaseModel):
    """`advanced` (moved into the offered sequence), `unchanged`, or `gated`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Literal["advanced", "unchanged", "gated"]
    sequence_id: str | None = None


class JourneyViewBase(BoundModel):
    experience_id: str
    # The last time the journey heard from the server successfully (None: not yet).
    refreshed_at: datetime | None = None
    # True when the last refresh failed: this is the last known state, re-emitted.
    degraded: bool = False
    stale_after_seconds: float = DEFAULT_STALE_AFTER_SECONDS

    def is_stale(self, now: datetime) -> bool:
        """True when the last refresh failed or the last success is older than the threshold."""
        if self.degraded:
            return True
        if self.refreshed_at is None:
            return False
        return now - self.refreshed_at > timedelta(seconds=self.stale_after_seconds)

    @property
    def stale(self) -> bool:
        """`is_stale()` at the journey clock's current time."""
        if self._port is None:
            return self.degraded
        return self.is_stale(self._port.now())


class ReadyView(JourneyViewBase):
    journey_stage: Literal["ready"] = "ready"

    async def start(self) -> JourneyView:
        """Route the journey (guest session, route, projection); returns the resulting view."""
        return await self._journey().start(self)


class RoutingView(JourneyViewBase):
    """Fanfare is resolving the public path: show loading; no actions."""

    journey_stage: Literal["routing"] = "routing"


class GatedView(JourneyViewBase):
    journey_stage: Literal["gated"] = "gated"
    gates: list[GateView]
    selected_sequence_id: str | None = None

    async def reroute(self, access_code: str | Unset | None = UNSET) -> JourneyView:
        """Route again: with a new access code, the stored one (omitted), or none (None)."""
        return await self._journey().reroute(self, access_code)

    async def retry(self) -> JourneyView:
        """Route again with the stored access code (after completing a gate elsewhere)."""
        return await self._journey().retry(self)


class RoutedView(JourneyViewBase):
    journey_stage: Literal["routed"] = "routed"
    sequence_id: str | None = None
    sequence: SequenceView
    # Gated, higher-priority sequences the consumer could move into: informational.
    offers: list[RouteSelection] = Field(default_factory=list)

    async def reroute(self) -> JourneyView:
        """Route again with the stored access code."""
        return await self._journey().reroute(self, UNSET)

    async def retry(self) -> JourneyView:
        """Fetch the journey's state again (after an error or while stale)."""
        return await self._journey().retry(self)

    async def submit_access_code(self, access_code: str) -> AccessCodeSubmitResult:
        """Try a code for an offered sequence; only `advanced` keeps the code."""
        return await self._journey().submit_access_code(self, access_code)


JourneyView = ReadyView | RoutingView | GatedView | RoutedView
