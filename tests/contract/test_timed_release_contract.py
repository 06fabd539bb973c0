"""Every timed-release path the venue server implements, in every status it returns,
validated against Fanfare's published OpenAPI file; and the timed release's `/consumers/me`
sequence in every phase and outcome, against the spec's branch for that phase.

The table, the venue and the checks are `harness.py`'s; the draw's contract test is built
the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.contract.harness import (
    ME,
    OVERSIZED,
    WRONG_KEY,
    Case,
    CaseTable,
    Venue,
    assert_response,
    assert_sequence,
)
from tests.venue.test_timed_release_api import ReleaseGuest, ReleaseSetup, make_release

RELEASE = "/timed-releases/{timedReleaseId}"
ENTER = "/timed-releases/{timedReleaseId}/enter"
LEAVE = "/timed-releases/{timedReleaseId}/leave"
STATUS = "/timed-releases/{timedReleaseId}/status"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (RELEASE, "get"): {200, 401, 403, 404},
    (ENTER, "post"): {200, 400, 401, 403, 404, 409, 413, 423},
    (LEAVE, "post"): {200, 401, 403, 404, 413},
    (STATUS, "get"): {200, 401, 403, 404},
}
CASES: CaseTable[Venue] = CaseTable(IMPLEMENTED)


# ---- driving a venue into each state --------------------------------------------------------


async def guest_of(venue: Venue, setup: ReleaseSetup | None = None) -> ReleaseGuest:
    """A new guest, routed into the release's experience if one is given."""
    routed_to = setup.experience_id if setup is not None else None
    return await venue.guest(ReleaseGuest, routed_to=routed_to)


async def granted(venue: Venue, **fields: Any) -> tuple[ReleaseGuest, ReleaseSetup, str]:
    setup = make_release(venue.service, **fields)
    guest = await guest_of(venue, setup)
    body = (await guest.release("enter", setup.release_id)).json()
    assert body["status"] == "ENTERED", body
    return guest, setup, body["admissionGrant"]


def upcoming(venue: Venue) -> ReleaseSetup:
    return make_release(venue.service, open_at=venue.clock.now() + timedelta(hours=1))


# ---- GET /timed-releases/{timedReleaseId} ---------------------------------------------------


@CASES.case(RELEASE, "get", 200)
async def release_details(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(hours=1))
    response = await venue.http.get(f"/timed-releases/{setup.release_id}", headers=venue.key)
    assert (response.json()["inventory"], response.json()["available"]) == (2, 2)
    return response


@CASES.case(RELEASE, "get", 200)
async def release_details_after_close(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(minutes=5))
    venue.clock.advance(300)
    response = await venue.http.get(f"/timed-releases/{setup.release_id}", headers=venue.key)
    assert response.json()["statusOverride"] == "ended"
    return response


@CASES.case(RELEASE, "get", 401)
async def release_details_without_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/timed-releases/{make_release(venue.service).release_id}")


@CASES.case(RELEASE, "get", 403)
async def release_details_with_wrong_key(venue: Venue) -> httpx.Response:
    path = f"/timed-releases/{make_release(venue.service).release_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(RELEASE, "get", 404)
async def release_details_unknown(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/timed-releases/{uuid.uuid4()}", headers=venue.key)


# ---- POST /timed-releases/{timedReleaseId}/enter --------------------------------------------


@CASES.case(ENTER, "post", 200)
async def enter_is_granted_at_once(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    response = await guest.release("enter", setup.release_id, json={"variantId": "size-42"})
    assert response.json()["selectedVariantId"] == "size-42"
    return response


@CASES.case(ENTER, "post", 200)
async def enter_with_no_body(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await (await guest_of(venue, setup)).release("enter", setup.release_id)


@CASES.case(ENTER, "post", 200)
async def enter_twice(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["admissionGrant"] == token
    return response


@CASES.case(ENTER, "post", 200)
async def enter_again_after_the_grant_expired(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    venue.clock.advance(300)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["status"] == "EXPIRED"
    return response


@CASES.case(ENTER, "post", 400)
async def enter_with_a_number_for_the_variant(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    response = await guest.release("enter", setup.release_id, json={"variantId": 7})
    assert response.json()["issues"][0]["path"][0]["key"] == "variantId"
    return response


@CASES.case(ENTER, "post", 400)
async def enter_with_an_unknown_field(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    return await guest.release("enter", setup.release_id, json={"quantity": 3})


@CASES.case(ENTER, "post", 401)
async def enter_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.post(f"/timed-releases/{setup.release_id}/enter", headers=venue.key)


@CASES.case(ENTER, "post", 403)
async def enter_with_wrong_key(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/timed-releases/{setup.release_id}/enter", headers=headers)


@CASES.case(ENTER, "post", 403)
async def enter_members_only_as_a_guest(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, supports_guest=False)
    return await (await guest_of(venue)).release("enter", setup.release_id)


@CASES.case(ENTER, "post", 404)
async def enter_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("enter", str(uuid.uuid4()))


@CASES.case(ENTER, "post", 409)
async def enter_sold_out(venue: Venue) -> httpx.Response:
    _, setup, _ = await granted(venue, inventory=1)
    response = await (await guest_of(venue, setup)).release("enter", setup.release_id)
    assert response.json()["code"] == "SOLD_OUT"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_after_close(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service, close_at=venue.clock.now() + timedelta(minutes=5))
    guest = await guest_of(venue, setup)
    venue.clock.advance(300)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["code"] == "TIMED_RELEASE_ENDED"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_after_leaving(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    await guest.release("leave", setup.release_id)
    response = await guest.release("enter", setup.release_id)
    assert response.json()["code"] == "ALREADY_LEFT"
    return response


@CASES.case(ENTER, "post", 413)
async def enter_with_oversized_body(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    guest = await guest_of(venue, setup)
    return await guest.release("enter", setup.release_id, content=OVERSIZED)


@CASES.case(ENTER, "post", 423)
async def enter_before_opening(venue: Venue) -> httpx.Response:
    setup = upcoming(venue)
    response = await (await guest_of(venue)).release("enter", setup.release_id)
    assert response.headers["Retry-After"] == "3600"
    assert response.json()["code"] == "TIMED_RELEASE_NOT_STARTED"
    return response


# ---- POST /timed-releases/{timedReleaseId}/leave --------------------------------------------


@CASES.case(LEAVE, "post", 200)
async def leave_gives_the_unit_back(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    response = await guest.release("leave", setup.release_id)
    assert response.json() == {"success": True}
    return response


@CASES.case(LEAVE, "post", 200)
async def leave_without_having_entered(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    response = await (await guest_of(venue, setup)).release("leave", setup.release_id)
    assert response.json() == {"success": False}
    return response


@CASES.case(LEAVE, "post", 401)
async def leave_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.post(f"/timed-releases/{setup.release_id}/leave", headers=venue.key)


@CASES.case(LEAVE, "post", 403)
async def leave_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/timed-releases/{setup.release_id}/leave", headers=headers)


@CASES.case(LEAVE, "post", 404)
async def leave_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("leave", str(uuid.uuid4()))


@CASES.case(LEAVE, "post", 413)
async def leave_with_oversized_body(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    response = await guest.release("leave", setup.release_id, content=OVERSIZED)
    assert (await guest.release("status", setup.release_id)).json()["status"] == "ENTERED"
    return response


# ---- GET /timed-releases/{timedReleaseId}/status --------------------------------------------


@CASES.case(STATUS, "get", 200)
async def status_not_entered(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    response = await (await guest_of(venue)).release("status", setup.release_id)
    assert response.json() == {"status": "NOT_ENTERED"}
    return response


@CASES.case(STATUS, "get", 200)
async def status_entered(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    response = await guest.release("status", setup.release_id)
    assert response.json()["admissionGrant"] == token
    assert response.json()["expiresAt"] == "2026-11-27T12:05:00Z"
    return response


@CASES.case(STATUS, "get", 200)
async def status_completed(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    await venue.server.redeem(token)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "COMPLETED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_left(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    await guest.release("leave", setup.release_id)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "LEFT"
    return response


@CASES.case(STATUS, "get", 200)
async def status_revoked(venue: Venue) -> httpx.Response:
    guest, setup, token = await granted(venue)
    await venue.server.revoke(token)
    response = await guest.release("status", setup.release_id)
    assert response.json()["status"] == "DENIED"
    return response


@CASES.case(STATUS, "get", 401)
async def status_without_bearer(venue: Venue) -> httpx.Response:
    setup = make_release(venue.service)
    return await venue.http.get(f"/timed-releases/{setup.release_id}/status", headers=venue.key)


@CASES.case(STATUS, "get", 403)
async def status_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup, _ = await granted(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(f"/timed-releases/{setup.release_id}/status", headers=headers)


@CASES.case(STATUS, "get", 404)
async def status_unknown_release(venue: Venue) -> httpx.Response:
    return await (await guest_of(venue)).release("status", str(uuid.uuid4()))


# ---- the tests ------------------------------------------------------------------------------


@CASES.parametrize
async def test_timed_release_response_matches_the_contract(venue: Venue, case: Case[Venue]) -> None:
    await case.check(venue)


def test_every_implemented_timed_release_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


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
    assert_response(await guest.me(), ME, "get", 200)
    sequence = (await guest.journey(setup.experience_id))["sequence"]
    assert_sequence(sequence, phase, "timed_release", outcome)
    if phase == "granted":
        assert sequence["grant"]["distributionType"] == "timed_release"
        assert sequence["consumer"]["status"] == "entered"
