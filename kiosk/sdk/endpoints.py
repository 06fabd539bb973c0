"""The consumer API's per-mechanism endpoints, one small typed class each.

They are the SDK's mechanism ports on the wire side: a journey hands the matching one to
the views it builds, so a view's action is one typed call (see `kiosk.sdk.ports`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from pydantic import TypeAdapter

from kiosk.sdk.fetched import Fetched
from kiosk.sdk.transport import ConsumerTransport, TokenSource
from kiosk.wire.base import wire_adapter
from kiosk.wire.distributions import (
    AppointmentBooking,
    AppointmentMe,
    AppointmentSlot,
    AppointmentSlots,
    AuctionConsumerState,
    BidRequest,
    BookRequest,
    CancelRequest,
    DrawConsumerState,
    QueueConsumerState,
    RescheduleRequest,
    TimedReleaseConsumerState,
    TimedReleaseEnterRequest,
    WaitlistEntry,
    WaitlistStatus,
)
from kiosk.wire.loyalty import LoyaltyBalance, LoyaltyExpiration, LoyaltyTransaction

_EXPIRATIONS: TypeAdapter[list[LoyaltyExpiration]] = wire_adapter(list[LoyaltyExpiration])
_HISTORY: TypeAdapter[list[LoyaltyTransaction]] = wire_adapter(list[LoyaltyTransaction])
_QUEUE_STATE: TypeAdapter[QueueConsumerState] = wire_adapter(QueueConsumerState)
_DRAW_STATE: TypeAdapter[DrawConsumerState] = wire_adapter(DrawConsumerState)


class _Endpoints:
    def __init__(self, transport: ConsumerTransport, tokens: TokenSource) -> None:
        self._transport = transport
        self._tokens = tokens


class QueueApi(_Endpoints):
    async def enter(self, queue_id: str) -> QueueConsumerState:
        path = f"/queues/{queue_id}/enter"
        return await self._transport.call(_QUEUE_STATE, "POST", path, tokens=self._tokens)

    async def leave(self, queue_id: str) -> QueueConsumerState:
        path = f"/queues/{queue_id}/leave"
        return await self._transport.call(_QUEUE_STATE, "POST", path, tokens=self._tokens)

    async def status(self, queue_id: str) -> QueueConsumerState:
        return (await self.fetch_status(queue_id)).value

    async def fetch_status(self, queue_id: str) -> Fetched[QueueConsumerState]:
        """The status with the server's cadence hint (`X-Poll-Interval`)."""
        path = f"/queues/{queue_id}/status"
        return await self._transport.fetch(_QUEUE_STATE, path, tokens=self._tokens)


class DrawApi(_Endpoints):
    async def enter(self, draw_id: str) -> DrawConsumerState:
        path = f"/draws/{draw_id}/enter"
        return await self._transport.call(_DRAW_STATE, "POST", path, tokens=self._tokens)

    async def leave(self, draw_id: str) -> DrawConsumerState:
        path = f"/draws/{draw_id}/leave"
        return await self._transport.call(_DRAW_STATE, "POST", path, tokens=self._tokens)


class TimedReleaseApi(_Endpoints):
    async def enter(
        self, timed_release_id: str, variant_id: str | None = None
    ) -> TimedReleaseConsumerState:
        body = TimedReleaseEnterRequest(variant_id=variant_id).to_wire()
        path = f"/timed-releases/{timed_release_id}/enter"
        return await self._transport.call(
            TimedReleaseConsumerState, "POST", path, json=body, tokens=self._tokens
        )

    async def leave(self, timed_release_id: str) -> None:
        path = f"/timed-releases/{timed_release_id}/leave"
        await self._transport.request("POST", path, tokens=self._tokens)


class AuctionApi(_Endpoints):
    async def bid(self, auction_id: str, amount: Decimal | None) -> AuctionConsumerState:
        """A bid; `None` is a Dutch auction's accept at the live price."""
        body = BidRequest(amount=amount).to_wire()
        path = f"/auctions/{auction_id}/bid"
        return await self._transport.call(
            AuctionConsumerState, "POST", path, json=body, tokens=self._tokens
        )


class AppointmentApi(_Endpoints):
    async def book(self, appointment_id: str, slot_id: str, location_id: str | None = None) -> None:
        body = BookRequest(slot_id=slot_id, location_id=location_id).to_wire()
        path = f"/appointments/{appointment_id}/book"
        await self._transport.request("POST", path, json=body, tokens=self._tokens)

    async def slots(
        self,
        appointment_id: str,
        start_date: date,
        end_date: date,
        timezone: str | None = None,
    ) -> list[AppointmentSlot]:
        """Bookable slots between two days (inclusive), for a slot picker."""
        query = {"startDate": start_date.isoformat(), "endDate": end_date.isoformat()}
        if timezone:
            query["timezone"] = timezone
        path = f"/appointments/{appointment_id}/slots?{urlencode(query)}"
        slots = await self._transport.call(AppointmentSlots, "GET", path, tokens=self._tokens)
        return slots.slots

    async def booking(self, appointment_id: str) -> AppointmentBooking | None:
        """The consumer's booking (with its confirmation code), if any."""
        path = f"/appointments/{appointment_id}/me"
        me = await self._transport.call(AppointmentMe, "GET", path, tokens=self._tokens)
        return me.booking

    async def cancel(
        self,
        appointment_id: str,
        slot_id: str,
        location_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        body = CancelRequest(slot_id=slot_id, location_id=location_id, reason=reason).to_wire()
        path = f"/appointments/{appointment_id}/cancel"
        await self._transport.request("POST", path, json=body, tokens=self._tokens)

    async def reschedule(
        self, appointment_id: str, new_slot_id: str, new_location_id: str | None = None
    ) -> None:
        body = RescheduleRequest(new_slot_id=new_slot_id, new_location_id=new_location_id)
        path = f"/appointments/{appointment_id}/reschedule"
        await self._transport.request("POST", path, json=body.to_wire(), tokens=self._tokens)


class WaitlistApi(_Endpoints):
    async def join(self, waitlist_id: str) -> WaitlistEntry:
        path = f"/waitlists/{waitlist_id}/enter"
        return await self._transport.call(WaitlistEntry, "POST", path, tokens=self._tokens)

    async def leave(self, waitlist_id: str) -> None:
        path = f"/waitlists/{waitlist_id}/leave"
        await self._transport.request("DELETE", path, tokens=self._tokens)

    async def status(self, waitlist_id: str) -> WaitlistStatus:
        path = f"/waitlists/{waitlist_id}/status"
        return await self._transport.call(WaitlistStatus, "GET", path, tokens=self._tokens)


class LoyaltyApi(_Endpoints):
    """The signed-in consumer's points (`GET /loyalty/...`)."""

    async def balance(self) -> LoyaltyBalance:
        return await self._transport.call(
            LoyaltyBalance, "GET", "/loyalty/balance", tokens=self._tokens
        )

    async def expirations(self, within_days: int | None = None) -> list[LoyaltyExpiration]:
        query = f"?{urlencode({'withinDays': within_days})}" if within_days is not None else ""
        path = f"/loyalty/expirations{query}"
        return await self._transport.call(_EXPIRATIONS, "GET", path, tokens=self._tokens)

    async def history(self, limit: int | None = None) -> list[LoyaltyTransaction]:
        query = f"?{urlencode({'limit': limit})}" if limit is not None else ""
        path = f"/loyalty/history{query}"
        return await self._transport.call(_HISTORY, "GET", path, tokens=self._tokens)
