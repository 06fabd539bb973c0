"""The `venue` every contract module drives (the auction module brings its own)."""

from __future__ import annotations

import httpx
import pytest

from kiosk.venue.service import VenueService
from tests.contract.harness import Venue
from tests.fakes import FakeClock


@pytest.fixture
def venue(
    service: VenueService,
    clock: FakeClock,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    secret_key: str,
) -> Venue:
    return Venue(service, clock, venue_http, publishable_key, secret_key)
