"""Fakes for the session tests: a network that can go down, a recording grant handoff, a
harness that runs a `KioskSession` against the real venue app on a fake clock, and a visit,
an event log and a slot source for testing the session's parts one at a time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kiosk.sdk import AdmissionGrant, Fanfare, FileSessionStore, JourneyEvent
from kiosk.session import (
    ExperienceChoice,
    HandoffContext,
    HandoffReceipt,
    KioskSession,
    SessionSettings,
    StaticCatalog,
)
from kiosk.session.slots import Slot
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock

API_URL = "http://venue.test"


class FakeNetwork(httpx.AsyncBaseTransport):
    """The venue app over ASGITransport, with a switch that takes the venue off the network."""

    def __init__(self, service: VenueService, *, date_clock: FakeClock | None = None) -> None:
        # With `date_clock`, every answer carries a `Date` header on that (the venue's) clock.
        self._inner = httpx.ASGITransport(app=create_app(service, clock=date_clock))
        self.down = False
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if self.down:
            raise httpx.ConnectError("the venue server is unreachable", request=request)
        return await self._inner.handle_async_request(request)


@dataclass
class FakeHandoff:
    """Records what a handoff was given; answers like the POS would."""

    grants: list[AdmissionGrant] = field(default_factory=list)
    contexts: list[HandoffContext] = field(default_factory=list)
    receipt: HandoffReceipt = field(
        default_factory=lambda: HandoffReceipt(kind="go_to", reference="A-1042", location="Till 3")
    )

    async def hand_off(self, grant: AdmissionGrant, context: HandoffContext) -> HandoffReceipt:
        self.grants.append(grant)
        self.contexts.append(context)
        return self.receipt


async def settle(rounds: int = 60) -> None:
    """Let ready tasks run; no time passes."""
    for _ in range(rounds):
        await asyncio.sleep(0)


def experiences_of(service: VenueService) -> list[ExperienceChoice]:
    ordered = sorted(service.experiences.values(), key=lambda e: e.created_at)
    return [
        ExperienceChoice(
            id=e.id,
            name=e.name,
            # a draw's entries resume by reference, as the venue's experience says
            resumes_draw_entries=bool(service.catalog.wire_experience(e.id).draw_entry_references),
        )
        for e in ordered
    ]


@dataclass
class Kiosk:
    """A `KioskSession` wired to the venue app, as the composition root wires it."""

    session: KioskSession
    clock: FakeClock
    service: VenueService
    network: FakeNetwork
    store: FileSessionStore
    http: httpx.AsyncClient
    exits: list[bool]

    @property
    def screen(self) -> str:
        return self.session.journey_state.screen

    async def settle(self) -> None:
        """Run everything that can run without the clock moving (bounded, never sleeps)."""
        for _ in range(20):
            await settle()
            if not self.session.pending_tasks():
                return

    async def advance(self, seconds: float, step: float = 1.0) -> None:
        """Move the fake clock forward in steps, letting everything due run at each step."""
        moved = 0.0
        while moved < seconds:
            delta = min(step, seconds - moved)
            self.clock.advance(delta)
            moved += delta
            await self.settle()

    async def until(self, screen: str, *, limit: float = 600.0) -> None:
        waited = 0.0
        while self.screen != screen:
            if waited >= limit:
                raise AssertionError(f"still on {self.screen!r} after {limit:g} s, not {screen!r}")
            await self.advance(1.0)
            waited += 1.0

    def experience(self, name_part: str) -> str:
        return next(e.id for e in self.service.experiences.values() if name_part in e.name)

    async def choose(self, name_part: str) -> None:
        self.session.choose_experience(self.experience(name_part))
        await self.settle()

    def queue_of_current_visit(self) -> Any:
        experience_id = self.session.journey_state.experience_id
        for sequence in self.service.sequences_of(experience_id):
            engine = self.service.queues.get(
                getattr(self.service.distribution_of(sequence.id), "id", "")
            )
            if engine is not None:
                return engine
        raise AssertionError("the visit's experience has no queue")

    async def close(self) -> None:
        await self.session.close()
        await self.http.aclose()


async def open_kiosk(
    service: VenueService,
    clock: FakeClock,
    data_dir: Path,
    *,
    network: FakeNetwork | None = None,
    handoff: Any = None,
    **settings: Any,
) -> Kiosk:
    network = network or FakeNetwork(service)
    http = httpx.AsyncClient(transport=network, base_url=API_URL)
    store = FileSessionStore(data_dir / "session.json")

    def new_fanfare() -> Fanfare:
        return Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url=API_URL,
            http_client=http,
            clock=clock,
            session_store=store,
            random=lambda: 0.5,
        )

    exits: list[bool] = []
    session = KioskSession(
        settings=SessionSettings(**settings),
        clock=clock,
        fanfare_factory=new_fanfare,
        session_store=store,
        catalog=StaticCatalog(experiences_of(service)),
        handoff=handoff,
        request_exit=lambda: exits.append(True),
    )
    await session.open()
    kiosk = Kiosk(session, clock, service, network, store, http, exits)
    await kiosk.settle()
    return kiosk


# -- fakes for the session's parts, one at a time ----------------------------------------------


@dataclass
class FakeAction:
    name: str
    kind: Any
    call: Any
    clear: bool


class FakeVisit:
    """A `VisitPort` that records the actions its parts start; the test runs them."""

    def __init__(self, view: Any = None) -> None:
        self.view = view
        self.error = ""
        self.actions: list[FakeAction] = []
        self.spawned: list[str] = []
        self.changes = 0
        self._work: list[Any] = []

    def act(self, name: str, kind: Any, call: Any, *, clear: bool = False) -> None:
        self.actions.append(FakeAction(name, kind, call, clear))

    def spawn(self, name: str, work: Any) -> None:
        self.spawned.append(name)
        self._work.append(work)

    def changed(self) -> None:
        self.changes += 1

    async def run(self, view: Any = None) -> None:
        """Run the last action on `view` (default: the current view)."""
        action = self.actions[-1]
        await action.call(self.view if view is None else view)

    async def run_spawned(self) -> None:
        work, self._work = self._work, []
        for item in work:
            await item


class FakeEvents:
    """A journey's event log as `Toasts` reads it."""

    def __init__(self, *events: JourneyEvent) -> None:
        self.events = tuple(events)
        self.acked: list[str] = []

    @property
    def latest_event(self) -> JourneyEvent | None:
        return self.events[-1] if self.events else None

    def ack_event(self, event_id: str) -> bool:
        self.acked.append(event_id)
        return True


class FakeSlotSource:
    def __init__(self, slots: list[Slot]) -> None:
        self.slots_list = slots
        self.asked = 0

    async def slots(self, sequence: Any) -> list[Slot]:
        self.asked += 1
        return list(self.slots_list)
