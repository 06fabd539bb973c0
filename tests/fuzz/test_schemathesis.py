"""Bounded fuzzing of the venue server with schemathesis, in process (its ASGI transport),
against both documents: Fanfare's consumer file (with the venue's documented extra
statuses) and the venue's own /openapi.json.

Every generated request, valid or not, must get: no 5xx; a status the document lists and a
body that matches its schema; and, when refused (4xx), no change to any durable record.
Each operation gets its own demo venue (30 ms), so a failure replays from the same start;
hypothesis is derandomized (the same examples on every run) and each operation is bounded
(`EXAMPLES`), so the run stays within a few minutes on two cores.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.fakes import FakeClock
from tests.fuzz.documents import credentials, fanfare_with_extensions, venue_extensions
from tests.fuzz.venue import FuzzVenue, Records

EXAMPLES = 25  # per operation and generation mode (valid and invalid requests)

SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# Not fuzzed: GET /consumers/me/events, an endless Server-Sent Events stream (off over
# ASGI: push=False answers 404); tests/venue/test_events_api.py drives it over sockets.

# Refusals that do record something, on purpose: (path, method) -> the record kinds they
# may change, and why. None today: the wrong-guess counters (access codes, one-time codes,
# draw-entry references) are in memory by design (kiosk/venue/domain/attempts.py), so every
# refused request must leave every record as it was.
RECORDED_REFUSALS: dict[tuple[str, str], set[str]] = {}


def config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "deterministic": True},
            "phases": {"coverage": {"enabled": True}, "stateful": {"enabled": False}},
        }
    )


def served_document() -> dict[str, Any]:
    """The venue's /openapi.json as it serves it (a venue in memory, no demo needed)."""
    app = create_app(VenueService(SqliteStore(":memory:"), FakeClock()), push=False)
    document = schemathesis.openapi.from_asgi("/openapi.json", app).raw_schema
    shutdown_lifespans()
    return document


SERVED = served_document()
FANFARE = schemathesis.openapi.from_dict(fanfare_with_extensions(SERVED), config=config())
OURS = schemathesis.openapi.from_dict(venue_extensions(SERVED), config=config())


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[FuzzVenue]:
    """A fresh demo venue for each operation: a failure replays from the same start."""
    venue = FuzzVenue.open(tmp_path, FakeClock())
    yield venue
    shutdown_lifespans()  # schemathesis keeps each app it called alive until told
    venue.close()


def fill_path(case: schemathesis.Case, venue: FuzzVenue) -> None:
    """Mostly real ids, so requests reach the engines; one in four keeps the generated one.
    The choice is a digest of the generated values, so it replays with them (a hypothesis
    `given` would do, but switches off schemathesis's coverage phase)."""
    if not case.path_parameters:
        return
    pick = zlib.crc32(repr(sorted(case.path_parameters.items())).encode()) % 4
    if pick == 0:
        return
    for name in list(case.path_parameters):
        real = venue.real_id(case.operation.path, name, pick - 1)
        if real is not None:
            case.path_parameters[name] = real


def headers_for(case: schemathesis.Case, venue: FuzzVenue) -> dict[str, str]:
    operation = case.operation
    needs = credentials(operation.definition.raw, operation.path, operation.method.lower())
    headers: dict[str, str] = {}
    if "publishable" in needs:
        headers["X-Publishable-Key"] = venue.publishable_key
    if "secret" in needs:
        headers["Authorization"] = f"Bearer {venue.secret_key}"
    elif "consumer" in needs:
        token, _ = venue.guest()
        headers["Authorization"] = f"Bearer {token}"
    return headers


def run(case: schemathesis.Case, venue: FuzzVenue) -> None:
    fill_path(case, venue)
    headers = headers_for(case, venue)  # a new guest is a change: made before the snapshot
    before = venue.records()
    # The venue serves at its root, not under the /api of Fanfare's production server.
    response = case.call(base_url="http://testserver", app=venue.app, headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    if 400 <= response.status_code < 500:
        operation = (case.operation.path, case.operation.method.lower())
        changed = changed_kinds(operation, before, venue.records())
        assert not changed, (
            f"{case.operation.label} answered {response.status_code} but changed "
            f"{changed} records:\n{case.as_curl_command()}"
        )


def changed_kinds(operation: tuple[str, str], before: Records, after: Records) -> list[str]:
    """The record kinds that differ, less those the operation may record when refusing."""
    allowed = RECORDED_REFUSALS.get(operation, set())
    return sorted({kind for kind, *_ in set(before) ^ set(after)} - allowed)


@FANFARE.parametrize()
@SETTINGS
def test_fanfare_consumer_api(case: schemathesis.Case, venue: FuzzVenue) -> None:
    run(case, venue)


@OURS.exclude(path_regex="^/consumers/me/events$").parametrize()
@SETTINGS
def test_venue_openapi(case: schemathesis.Case, venue: FuzzVenue) -> None:
    run(case, venue)


def test_the_state_check_sees_a_change(tmp_path: Path) -> None:
    """A refused request that wrote something would be caught: a write shows as a kind."""
    venue = FuzzVenue.open(tmp_path, FakeClock())
    before = venue.records()
    assert changed_kinds(("/auth/guest", "post"), before, venue.records()) == []
    venue.guest()  # a write, as a refusal that recorded a session would be
    assert changed_kinds(("/auth/guest", "post"), before, venue.records()) == ["session"]
    venue.close()
