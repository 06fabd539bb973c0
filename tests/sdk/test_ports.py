"""Typed ports: each view's action is one typed call on its own mechanism's port, chosen when
the view is built; a read's cadence hint travels with its value."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from kiosk.sdk import Fanfare, RoutedView
from kiosk.sdk.fetched import poll_hint
from kiosk.sdk.ports import MechanismPorts
from kiosk.sdk.views import BoundModel
from tests.sdk.fakes import NOW, FakeConsumerApi, build, sequence


class FakeMechanismPort:
    """Every mechanism's port at once: records each call as (port, method, arguments)."""

    def __init__(self, name: str, calls: list[tuple[str, str, tuple[Any, ...]]]) -> None:
        self._name = name
        self._calls = calls

    def _record(self, method: str, *arguments: Any) -> None:
        self._calls.append((self._name, method, arguments))

    async def enter(self, distribution_id: str, variant_id: str | None = None) -> None:
        self._record("enter", distribution_id, variant_id)

    async def leave(self, distribution_id: str) -> None:
        self._record("leave", distribution_id)

    async def bid(self, auction_id: str, amount: Decimal) -> None:
        self._record("bid", auction_id, amount)

    async def book(self, appointment_id: str, slot_id: str, location_id: str | None = None) -> None:
        self._record("book", appointment_id, slot_id, location_id)

    async def cancel(
        self,
        appointment_id: str,
        slot_id: str,
        location_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        self._record("cancel", appointment_id, slot_id, location_id, reason)

    async def reschedule(
        self, appointment_id: str, new_slot_id: str, new_location_id: str | None = None
    ) -> None:
        self._record("reschedule", appointment_id, new_slot_id, new_location_id)

    async def slots(
        self, appointment_id: str, start_date: date, end_date: date, timezone: str | None = None
    ) -> list[Any]:
        self._record("slots", appointment_id, start_date, end_date, timezone)
        return []

    async def booking(self, appointment_id: str) -> None:
        self._record("booking", appointment_id)

    async def join(self, waitlist_id: str) -> None:
        self._record("join", waitlist_id)


class FakeJourneyPort:
    """Runs every change at once and remembers which action it was asked for."""

    def __init__(self) -> None:
        self.actions: list[str] = []

    def now(self) -> datetime:
        return NOW

    async def change(
        self, owner: BoundModel, action: str, send: Callable[[], Awaitable[object]]
    ) -> Any:
        self.actions.append(action)
        await send()
        return None


def ports(calls: list[tuple[str, str, tuple[Any, ...]]]) -> MechanismPorts:
    names = ("queue", "draw", "timed_release", "auction", "appointment", "waitlist")
    return MechanismPorts(**{name: FakeMechanismPort(name, calls) for name in names})


CASES = [
    ("enterable", "queue", lambda s: s.enter(), ("queue", "enter", ("q_1", None))),
    ("participating", "queue", lambda s: s.leave(), ("queue", "leave", ("q_1",))),
    ("enterable", "draw", lambda s: s.enter(), ("draw", "enter", ("d_1", None))),
    ("participating", "draw", lambda s: s.leave(), ("draw", "leave", ("d_1",))),
    (
        "enterable",
        "timed_release",
        lambda s: s.enter("v_2"),
        ("timed_release", "enter", ("tr_1", "v_2")),
    ),
    ("participating", "timed_release", lambda s: s.leave(), ("timed_release", "leave", ("tr_1",))),
    (
        "enterable",
        "auction",
        lambda s: s.bid(Decimal("125.00")),
        ("auction", "bid", ("a_1", Decimal("125.00"))),
    ),
    ("participating", "auction", lambda s: s.leave(), ("auction", "leave", ("a_1",))),
    (
        "enterable",
        "appointment",
        lambda s: s.book("slot_1", "loc_1"),
        ("appointment", "book", ("ap_1", "slot_1", "loc_1")),
    ),
    (
        "participating",
        "appointment",
        lambda s: s.cancel("sick"),
        ("appointment", "cancel", ("ap_1", "slot_9", "loc_2", "sick")),
    ),
    (
        "participating",
        "appointment",
        lambda s: s.reschedule("slot_3"),
        ("appointment", "reschedule", ("ap_1", "slot_3", None)),
    ),
]

DIST_IDS = {"queue": "q_1", "draw": "d_1", "timed_release": "tr_1", "auction": "a_1"}


@pytest.mark.parametrize(("phase", "mechanism", "act", "expected"), CASES)
async def test_each_action_is_one_call_on_its_mechanisms_port(
    phase: str, mechanism: str, act: Any, expected: tuple[str, str, tuple[Any, ...]]
) -> None:
    calls: list[tuple[str, str, tuple[Any, ...]]] = []
    journey = FakeJourneyPort()
    dist_id = DIST_IDS.get(mechanism, "ap_1")
    view = build(sequence(phase, mechanism, dist={"id": dist_id}), ports=ports(calls))
    assert isinstance(view, RoutedView)
    view.bind(journey)  # type: ignore[arg-type]

    await act(view.sequence)

    assert calls == [expected]
    assert journey.actions == [expected[1]]


async def test_a_waitlist_attachment_acts_through_the_waitlist_port() -> None:
    calls: list[tuple[str, str, tuple[Any, ...]]] = []
    body = sequence("scheduled", "queue", dist={"details": {"waitlistId": "wl_1"}})
    view = build(body, ports=ports(calls))
    assert isinstance(view, RoutedView)
    view.bind(FakeJourneyPort())  # type: ignore[arg-type]

    await view.sequence.waitlist.join()

    assert calls == [("waitlist", "join", ("wl_1",))]


async def test_the_poll_hint_comes_with_the_read_that_carried_it(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    client = fanfare.client
    await client.ensure_session()

    api.poll_interval = 4.5
    hinted = await client.fetch_me()
    api.poll_interval = None
    plain = await client.fetch_me()

    assert hinted.poll_hint == 4.5
    assert plain.poll_hint is None
    assert not hasattr(client, "poll_interval_hint")


@pytest.mark.parametrize("header", ["soon", "-1", "0"])
def test_an_unusable_poll_hint_is_ignored(header: str) -> None:
    assert poll_hint(httpx.Response(200, headers={"X-Poll-Interval": header})) is None
    assert poll_hint(httpx.Response(200, headers={"X-Poll-Interval": "2.5"})) == 2.5


async def test_close_leaves_no_journey_task_running(
    fanfare: Fanfare, api: FakeConsumerApi
) -> None:
    journey = fanfare.journeys.get("exp_1")
    view = await journey.view.start()
    await view.sequence.enter()
    assert any(t.get_name().startswith("fanfare-journey:") for t in asyncio.all_tasks())

    await journey.close()

    assert not any(t.get_name().startswith("fanfare-journey:") for t in asyncio.all_tasks())
