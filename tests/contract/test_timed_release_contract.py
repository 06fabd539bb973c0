"""Every timed-release path the venue server implements, in every status it returns,
validated against Fanfare's published OpenAPI file; and the timed release's `/consumers/me`
sequence in every phase and outcome, against the spec's branch for that phase.

The helpers are the queue's contract test's (see its docstring for the 404/409/413/423
fallbacks); the draw's contract test shows the same table pattern.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from kiosk.venue.service import VenueService
from tests.contract.test_consumer_contract import (
    OVERSIZED,
    SPEC,
    WRONG_KEY,
    Venue,
    _json_schema,
    assert_valid,
    response_schema,
)
from tests.fakes import FakeClock
from tests.venue.test_timed_release_api import ReleaseGuest, ReleaseSetup, make_release

RELEASE = "/timed-releases/{timedReleaseId}"
ENTER = "/timed-releases/{timedReleaseId}/enter"
LEAVE = "/timed-releases/{timedReleaseId}/leave"
STATUS = "/timed-releases/{timedReleaseId}/status"
ME = "/consumers/me"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (RELEASE, "get"): {200, 401, 403, 404},
    (ENTER, "post"): {200, 400, 401, 403, 404, 409, 413, 423},
    (LEAVE, "post"): {200, 401, 403, 404, 413},
    (STATUS, "get"): {200, 401, 403, 404},
}


@pytest.fixture
def venue(
    service: VenueService,
    clock: FakeClock,
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    secret_key: str,
) -> Venue:
    return Venue(service, clock, venue_http, publishable_key, secret_key)


def release_branch(phase: str) -> dict[str, Any]:
    """The spec's schema for a routed journey's `sequence` in one phase of a timed release."""
    me = _json_schema(SPEC["paths"][ME]["get"]["responses"]["200"])
    journey = me["properties"]["active"]["properties"]["journeys"]["items"]["anyOf"]
    routed = next(j for j in journey if j["properties"]["journeyStage"]["const"] == "routed")
    pending = [routed["properties"]["sequence"]]
    while pending:
        node = pending.pop()
        if "anyOf" in node:
            pending.extend(node["anyOf"])
            continue
        properties = node["properties"]
        if properties["phase"]["const"] == phase and (
            properties.get("mechanism", {}).get("const") in (None, "timed_release")
        ):
            return node
    raise AssertionError(f"the spec has no timed-release sequence in phase {phase!r}")


# ---- driving a venue into each state --------------------------------------------------------


async def guest_of(venue: Venue, setup: ReleaseSetup | None = None) -> ReleaseGuest:
    guest = ReleaseGuest(**vars(await venue.guest()))
    if setup is not None:
        assert (await guest.route(setup.experience_id)).json()["outcome"] == "routed"
    return guest


async def granted(venue: Venue, **fields: Any) -> tuple[ReleaseGuest, ReleaseSetup, str]:
    setup = make_release(venue.service, **fields)
    guest = await guest_of(venue, setup)
    body = (await guest.release("enter", setup.release_id)).json()
    assert body["status"] == "ENTERED", body
    return guest, setup, body["admissionGrant"]


def upcoming(venue: Venue) -> ReleaseSetup:
    return make_release(venue.service, open_at=venue.clock.now() + timedelta(hours=1))


# ---- the table ------------------------------------------------------------------------------

Scenario = Callable[[Venue], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    method: str
    status: int
    scenario: Scenario


CASES: list[Case] = []


def case(path: str, method: str, status: int) -> Callable[[Scenario], Scenario]:
    def register(scenario: Scenario) -> Scenario:
        CASES.append(Case(scenario.__name__, path, method, status, scenario))
        return scenario

    return register


# ---- GET /timed-releases/{timedReleaseId} ---------------------------------------------------


@case(RELEASE, "get", 200)
async def release_details(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(hours=1))
    response = await venue.http.get(f"/timed-releases/{setup.release_id}", headers=venue.key)
    assert (response.json()["inventory"], response.json()["available"]) == (2, 2)
    return response


@case(RELEASE, "get", 200)
async def release_details_after_close(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(minutes=5))
    venue.clock.advance(300)
    response = await venue.http.get(f"/timed-releases/{setup.release_id}", headers=venue.key)
    assert response.json()["statusOverride"] == "ended"
    return response


@case(RELEASE, "get", 401)
async def release_details_without_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/timed-releases/{make_release(venue.service).release_id}")


@case(RELEASE, "get", 403)
async def release_details_with_wrong_key(venue: Venue) -> httpx.Response:
    path = f"/timed-releases/{make_release(venue.service).release_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@case(RELEASE, "get", 404)
async def release_details_unknown(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/timed-releases/{uuid.uuid4()}", headers=venue.key)


# ---- POST /timed-releases/{timedReleaseId}/enter --------------------------------------------


@case(ENTER, "post", 200)
async def enter_is_granted_at_once(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    response = await guest.release("enter", setup.release_id, json={"variantId": "size-42"})
    assert response.json()["selectedVariantId"] == "size-42"
    return response


@case(ENTER, "post", 200)
async def enter_with_no_body(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await (await guest_of(venue, setup)).release("enter", setup.release_id)


@case(ENTER, "post", 200)
async def enter_twice(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["admissionGrant"] == token
    return response


@case(ENTER, "post", 200)
async def enter_again_after_the_grant_expired(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    venue.clock.advance(300)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["status"] == "EXPIRED"
    return response


@case(ENTER, "post", 400)
async def enter_with_a_number_for_the_variant(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    response = await guest.release("enter", setup.release_id, json={"variantId": 7})
    assert response.json()["issues"][0]["path"][0]["key"] == "variantId"
    return response


@case(ENTER, "post", 400)
async def enter_with_an_unknown_field(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    return await guest.release("enter", setup.release_id, json={"quantity": 3})


@case(ENTER, "post", 401)
async def enter_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.post(f"/timed-releases/{setup.release_id}/enter", headers=venue.key)


@case(ENTER, "post", 403)
async def enter_with_wrong_key(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/timed-releases/{setup.release_id}/enter", headers=headers)


@case(ENTER, "post", 403)
async def enter_members_only_as_a_guest(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, supports_guest=False)
    return await (await guest_of(venue)).release("enter", setup.release_id)


@case(ENTER, "post", 404)
async def enter_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("enter", str(uuid.uuid4()))


@case(ENTER, "post", 409)
async def enter_sold_out(venue: Venue) -> httpx.Response:
    _, setup, _ = await granted(venue, inventory=1)
    response = await (await guest_of(venue, setup)).release("enter", setup.release_id)
    assert response.json()["code"] == "SOLD_OUT"
    return response


@case(ENTER, "post", 409)
async def enter_after_close(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(minutes=5))
    guest = await guest_of(venue, setup)
    venue.clock.advance(300)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["code"] == "TIMED_RELEASE_ENDED"
    return response


@case(ENTER, "post", 409)
async def enter_after_leaving(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    await guest.release("leave", setup.release_id)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["code"] == "ALREADY_LEFT"
    return response


@case(ENTER, "post", 413)
async def enter_with_oversized_body(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    return await guest.release("enter", setup.release_id, content=OVERSIZED)


@case(ENTER, "post", 423)
async def enter_before_opening(venue: Venue) -> httpx.Response:
    setup = upcoming(venue)
    response = await (await guest_of(venue)).release("enter", setup.release_id)
    assert response.headers["Retry-After"] == "3600"
    assert response.json()["code"] == "TIMED_RELEASE_NOT_STARTED"
    return response


# ---- POST /timed-releases/{timedReleaseId}/leave --------------------------------------------


@case(LEAVE, "post", 200)
async def leave_gives_the_unit_back(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    response = await guest.release("leave", setup.release_id)
    assert response.json() == {"success": True}
    return response


@case(LEAVE, "post", 200)
async def leave_without_having_entered(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    response = await (await guest_of(venue, setup)).release("leave", setup.release_id)
    assert response.json() == {"success": False}
    return response


@case(LEAVE, "post", 401)
async def leave_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.post(f"/timed-releases/{setup.release_id}/leave", headers=venue.key)


@case(LEAVE, "post", 403)
async def leave_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/timed-releases/{setup.release_id}/leave", headers=headers)


@case(LEAVE, "post", 404)
async def leave_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("leave", str(uuid.uuid4()))


@case(LEAVE, "post", 413)
async def leave_with_oversized_body(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    response = await guest.release("leave", setup.release_id, content=OVERSIZED)
    assert (await guest.release("status", setup.release_id)).json()["status"] == "ENTERED"
    return response


# ---- GET /timed-releases/{timedReleaseId}/status --------------------------------------------


@case(STATUS, "get", 200)
async def status_not_entered(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    response = await (await guest_of(venue)).release("status", setup.release_id)
    assert response.json() == {"status": "NOT_ENTERED"}
    return response


@case(STATUS, "get", 200)
async def status_entered(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    response = await guest.release("status", setup.release_id)
    assert response.json()["admissionGrant"] == token
    assert response.json()["expiresAt"] == "2026-11-27T12:05:00Z"
    return response


@case(STATUS, "get", 200)
async def status_completed(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    await venue.server.redeem(token)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "COMPLETED"
    return response


@case(STATUS, "get", 200)
async def status_left(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    await guest.release("leave", setup.release_id)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "LEFT"
    return response


@case(STATUS, "get", 200)
async def status_revoked(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    await venue.server.revoke(token)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "DENIED"
    return response


@case(STATUS, "get", 401)
async def status_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.get(f"/timed-releases/{setup.release_id}/status", headers=venue.key)


@case(STATUS, "get", 403)
async def status_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(f"/timed-releases/{setup.release_id}/status", headers=headers)


@case(STATUS, "get", 404)
async def status_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("status", str(uuid.uuid4()))


# ---- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_timed_release_response_matches_the_contract(venue: Venue, case: Case) -> None:
    response = await case.scenario(venue)
    assert response.status_code == case.status, response.text
    assert response.headers["content-type"].startswith("application/json")
    schema = response_schema(case.path, case.method, case.status)
    assert_valid(response.json(), schema, f"{case.method.upper()} {case.path} {case.status}")


def test_every_implemented_timed_release_path_and_status_is_exercised() -> None:
    exercised = {(c.path, c.method, c.status) for c in CASES}
    expected = {(p, m, s) for (p, m), statuses in IMPLEMENTED.items() for s in statuses}
    assert exercised == expected
    assert len({c.name for c in CASES}) == len(CASES)


# ---- /consumers/me in every phase -----------------------------------------------------------


async def _scheduled(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    setup = upcoming(venue)
    return await guest_of(venue, setup), setup


async def _enterable(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    setup = make_release(venue.service)
    return await guest_of(venue, setup), setup


async def _granted(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    guest, setup, _ = await granted(venue)
    return guest, setup


async def _completed(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    guest, setup, token = await granted(venue)
    await venue.server.redeem(token)
    return guest, setup


async def _left(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    guest, setup, _ = await granted(venue)
    await guest.release("leave", setup.release_id)
    return guest, setup


async def _expired(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    guest, setup, _ = await granted(venue)
    venue.clock.advance(300)
    return guest, setup


async def _revoked(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    guest, setup, token = await granted(venue)
    await venue.server.revoke(token)
    return guest, setup


async def _sold_out(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    _, setup, _ = await granted(venue, inventory=1)
    return await guest_of(venue, setup), setup


async def _ended(venue: Venue) -> tuple[ReleaseGuest, ReleaseSetup]:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(minutes=5))
    guest = await guest_of(venue, setup)
    venue.clock.advance(300)
    return guest, setup


PHASES: list[tuple[str, Callable[[Venue], Awaitable[Any]], str, str | None]] = [
    ("scheduled", _scheduled, "scheduled", None),
    ("enterable", _enterable, "enterable", None),
    ("granted", _granted, "granted", None),
    ("completed", _completed, "ended", "completed"),
    ("left", _left, "ended", "left"),
    ("expired", _expired, "ended", "expired"),
    ("revoked", _revoked, "ended", "denied"),
    ("sold_out", _sold_out, "ended", "closed"),
    ("ended", _ended, "ended", "closed"),
]


@pytest.mark.parametrize(
    ("make", "phase", "outcome"), [p[1:] for p in PHASES], ids=[p[0] for p in PHASES]
)
async def test_the_timed_release_journey_matches_the_contract_in_every_phase(
    venue: Venue,
    make: Callable[[Venue], Awaitable[tuple[ReleaseGuest, ReleaseSetup]]],
    phase: str,
    outcome: str | None,
) -> None:
    guest, setup = await make(venue)
    response = await guest.me()
    assert_valid(response.json(), response_schema(ME, "get", 200), "GET /consumers/me 200")
    sequence = (await guest.journey(setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["mechanism"]) == (phase, "timed_release"), sequence
    assert_valid(sequence, release_branch(phase), f"the timed-release sequence in {phase}")
    if outcome is not None:
        assert sequence["outcome"]["type"] == outcome, sequence
    if phase == "granted":
        assert sequence["grant"]["distributionType"] == "timed_release"
        assert sequence["consumer"]["status"] == "entered"
