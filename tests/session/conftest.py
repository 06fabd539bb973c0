"""Session tests: a `KioskSession` against the real venue app (demo data) on a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.session.fakes import FakeHandoff, Kiosk, open_kiosk


@pytest.fixture
def demo(service: VenueService) -> VenueService:
    load_demo(service)
    return service


@pytest.fixture
def handoff() -> FakeHandoff:
    return FakeHandoff()


@pytest.fixture
async def kiosk(demo: VenueService, clock: FakeClock, tmp_path, handoff) -> AsyncIterator[Kiosk]:
    instance = await open_kiosk(demo, clock, tmp_path / "kiosk", handoff=handoff)
    yield instance
    await instance.close()
