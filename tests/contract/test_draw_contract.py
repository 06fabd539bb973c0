"""Every draw path the venue server implements, in every status and 200 variant it returns,
validated against Fanfare's published OpenAPI file; and the draw's `/consumers/me` sequence
in every phase and outcome, against the spec's draw branch for that phase.

The table, the venue and the checks are `harness.py`'s, as in the queue's contract test.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
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
from tests.venue.test_draw_api import DrawGuest, DrawSetup, make_draw

DRAW = "/draws/{drawId}"
ENTER = "/draws/{drawId}/enter"
LEAVE = "/draws/{drawId}/leave"
STATUS = "/draws/{drawId}/status"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (DRAW, "get"): {200, 401, 403, 404},
    (ENTER, "post"): {200, 401, 403, 404, 409, 413, 423},
    (LEAVE, "post"): {200, 401, 403, 404, 409, 413},
    (STATUS, "get"): {200, 401, 403, 404},
}
CASES: CaseTable[Venue] = CaseTable(IMPLEMENTED)


# ---- driving a venue into each state --------------------------------------------------------


async def entered(venue: Venue, **fields: Any) -> tuple[DrawGuest, DrawSetup]:
    setup = make_draw(venue.service, **fields)
    guest = await venue.guest(DrawGuest, routed_to=setup.experience_id)
    assert (await guest.draw("enter", setup.draw_id)).json()["status"] == "ENTERED"
    return guest, setup


async def won(venue: Venue, **fields: Any) -> tuple[DrawGuest, DrawSetup, str]:
    guest, setup = await entered(venue, **fields)
    venue.clock.advance(660)
    body = (await guest.draw("status", setup.draw_id)).json()
    assert body["status"] == "WON", body
    return guest, setup, body["admissionGrant"]


async def lost(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    """Two entrants, one winner, no replacements: return the one who lost."""
    first, setup = await entered(venue)
    second = await venue.guest(DrawGuest)
    await second.route(setup.experience_id)
    await second.draw("enter", setup.draw_id)
    venue.clock.advance(660)
    for guest in (first, second):
        if (await guest.draw("status", setup.draw_id)).json()["status"] == "DENIED":
            return guest, setup
    raise AssertionError("nobody lost")


# ---- GET /draws/{drawId} --------------------------------------------------------------------


@CASES.case(DRAW, "get", 200)
async def draw_details_open(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service, capacity=100)
    response = await venue.http.get(f"/draws/{setup.draw_id}", headers=venue.key)
    assert response.json()["capacity"] == 100
    return response


@CASES.case(DRAW, "get", 200)
async def draw_details_drawn(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    venue.clock.advance(660)
    response = await venue.http.get(f"/draws/{setup.draw_id}", headers=venue.key)
    assert response.json()["statusOverride"] == "ended"
    return response


@CASES.case(DRAW, "get", 401)
async def draw_details_without_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/draws/{make_draw(venue.service).draw_id}")


@CASES.case(DRAW, "get", 403)
async def draw_details_with_wrong_key(venue: Venue) -> httpx.Response:
    path = f"/draws/{make_draw(venue.service).draw_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(DRAW, "get", 404)
async def draw_details_unknown(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/draws/{uuid.uuid4()}", headers=venue.key)


# ---- POST /draws/{drawId}/enter -------------------------------------------------------------


@CASES.case(ENTER, "post", 200)
async def enter_the_draw(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    return await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id)


@CASES.case(ENTER, "post", 200)
async def enter_twice(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    response = await guest.draw("enter", setup.draw_id)
    assert response.json() == {"status": "ENTERED"}
    return response


@CASES.case(ENTER, "post", 200)
async def enter_again_after_winning(venue: Venue) -> httpx.Response:
    guest, setup, token = await won(venue)
    response = await guest.draw("enter", setup.draw_id)
    assert response.json()["admissionGrant"] == token
    return response


@CASES.case(ENTER, "post", 200)
async def enter_again_after_losing(venue: Venue) -> httpx.Response:
    guest, setup = await lost(venue)
    response = await guest.draw("enter", setup.draw_id)
    assert response.json()["reason"] == "NOT_SELECTED"
    return response


@CASES.case(ENTER, "post", 401)
async def enter_without_bearer(venue: Venue) -> httpx.Response:
    return await venue.http.post(f"/draws/{make_draw(venue.service).draw_id}/enter")


@CASES.case(ENTER, "post", 403)
async def enter_with_wrong_key(venue: Venue) -> httpx.Response:
    guest = await venue.guest(DrawGuest)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(
        f"/draws/{make_draw(venue.service).draw_id}/enter", headers=headers
    )


@CASES.case(ENTER, "post", 403)
async def enter_members_only_as_a_guest(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service, supports_guest=False)
    return await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id)


@CASES.case(ENTER, "post", 404)
async def enter_unknown_draw(venue: Venue) -> httpx.Response:
    return await (await venue.guest(DrawGuest)).draw("enter", str(uuid.uuid4()))


@CASES.case(ENTER, "post", 409)
async def enter_after_close(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    venue.clock.advance(600)
    response = await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id)
    assert response.json()["code"] == "DRAW_CLOSED"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_after_leaving(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    await guest.draw("leave", setup.draw_id)
    response = await guest.draw("enter", setup.draw_id)
    assert response.json()["code"] == "ALREADY_LEFT"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_a_full_draw(venue: Venue) -> httpx.Response:
    _, setup = await entered(venue, capacity=1)
    response = await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id)
    assert response.json()["code"] == "DRAW_FULL"
    return response


@CASES.case(ENTER, "post", 413)
async def enter_with_oversized_body(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    return await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id, content=OVERSIZED)


@CASES.case(ENTER, "post", 423)
async def enter_before_opening(venue: Venue) -> httpx.Response:
    now = venue.clock.now()
    setup = make_draw(
        venue.service,
        open_at=now.replace(hour=13),
        close_at=now.replace(hour=14),
        draw_at=now.replace(hour=15),
    )
    response = await (await venue.guest(DrawGuest)).draw("enter", setup.draw_id)
    assert response.headers["Retry-After"] == "3600"
    assert response.json()["code"] == "DRAW_NOT_STARTED"
    return response


# ---- POST /draws/{drawId}/leave -------------------------------------------------------------


@CASES.case(LEAVE, "post", 200)
async def leave_the_draw(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    response = await guest.draw("leave", setup.draw_id)
    assert response.json() == {"status": "NOT_ENTERED"}
    return response


@CASES.case(LEAVE, "post", 200)
async def leave_without_having_entered(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    return await (await venue.guest(DrawGuest)).draw("leave", setup.draw_id)


@CASES.case(LEAVE, "post", 200)
async def leave_keeps_a_win(venue: Venue) -> httpx.Response:
    guest, setup, token = await won(venue)
    response = await guest.draw("leave", setup.draw_id)
    assert response.json()["admissionGrant"] == token
    return response


@CASES.case(LEAVE, "post", 401)
async def leave_without_bearer(venue: Venue) -> httpx.Response:
    return await venue.http.post(f"/draws/{make_draw(venue.service).draw_id}/leave")


@CASES.case(LEAVE, "post", 403)
async def leave_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/draws/{setup.draw_id}/leave", headers=headers)


@CASES.case(LEAVE, "post", 404)
async def leave_unknown_draw(venue: Venue) -> httpx.Response:
    return await (await venue.guest(DrawGuest)).draw("leave", str(uuid.uuid4()))


@CASES.case(LEAVE, "post", 409)
async def leave_after_close(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    venue.clock.advance(600)
    response = await guest.draw("leave", setup.draw_id)
    assert response.json()["code"] == "DRAW_CLOSED"
    return response


@CASES.case(LEAVE, "post", 413)
async def leave_with_oversized_body(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    return await guest.draw("leave", setup.draw_id, content=OVERSIZED)


# ---- GET /draws/{drawId}/status -------------------------------------------------------------


@CASES.case(STATUS, "get", 200)
async def status_entered(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    response = await guest.draw("status", setup.draw_id)
    assert response.headers["X-Poll-Interval"] == "10"
    return response


@CASES.case(STATUS, "get", 200)
async def status_not_entered(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    response = await (await venue.guest(DrawGuest)).draw("status", setup.draw_id)
    assert response.json() == {"status": "NOT_ENTERED"}
    return response


@CASES.case(STATUS, "get", 200)
async def status_won(venue: Venue) -> httpx.Response:
    guest, setup, _ = await won(venue)
    response = await guest.draw("status", setup.draw_id)
    assert response.json()["expiresAt"] == "2026-11-27T12:16:00.000Z"
    return response


@CASES.case(STATUS, "get", 200)
async def status_completed(venue: Venue) -> httpx.Response:
    guest, setup, token = await won(venue)
    await venue.server.redeem(token)
    response = await guest.draw("status", setup.draw_id)
    assert response.json()["status"] == "COMPLETED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_lost(venue: Venue) -> httpx.Response:
    guest, setup = await lost(venue)
    return await guest.draw("status", setup.draw_id)


@CASES.case(STATUS, "get", 200)
async def status_expired(venue: Venue) -> httpx.Response:
    guest, setup, _ = await won(venue)
    venue.clock.advance(300)
    response = await guest.draw("status", setup.draw_id)
    assert response.json()["reason"] == "ADMISSION_EXPIRED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_revoked(venue: Venue) -> httpx.Response:
    guest, setup, token = await won(venue)
    await venue.server.revoke(token)
    response = await guest.draw("status", setup.draw_id)
    assert response.json()["reason"] == "REVOKED"
    return response


@CASES.case(STATUS, "get", 401)
async def status_without_bearer(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/draws/{make_draw(venue.service).draw_id}/status")


@CASES.case(STATUS, "get", 403)
async def status_with_wrong_key(venue: Venue) -> httpx.Response:
    guest, setup = await entered(venue)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(f"/draws/{setup.draw_id}/status", headers=headers)


@CASES.case(STATUS, "get", 404)
async def status_unknown_draw(venue: Venue) -> httpx.Response:
    return await (await venue.guest(DrawGuest)).draw("status", str(uuid.uuid4()))


# ---- the tests ------------------------------------------------------------------------------


@CASES.parametrize
async def test_draw_response_matches_the_contract(venue: Venue, case: Case[Venue]) -> None:
    await case.check(venue)


def test_every_implemented_draw_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


# ---- /consumers/me in every phase -----------------------------------------------------------


async def _scheduled(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    now = venue.clock.now()
    setup = make_draw(
        venue.service,
        open_at=now.replace(hour=13),
        close_at=now.replace(hour=14),
        draw_at=now.replace(hour=15),
    )
    return await venue.guest(DrawGuest), setup


async def _enterable(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    return await venue.guest(DrawGuest), make_draw(venue.service)


async def _settling(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup = await entered(venue)
    venue.clock.advance(600)
    return guest, setup


async def _standby(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    """Drawn, not picked, but the draw may still pick them: settling too."""
    setup = make_draw(venue.service, continue_selecting_until_completed=True)
    guests = [await venue.guest(DrawGuest) for _ in range(2)]
    for guest in guests:
        await guest.route(setup.experience_id)
        await guest.draw("enter", setup.draw_id)
    venue.clock.advance(660)
    for guest in guests:
        if (await guest.draw("status", setup.draw_id)).json()["status"] == "ENTERED":
            return guest, setup
    raise AssertionError("nobody is on standby")


async def _granted(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup, _ = await won(venue)
    return guest, setup


async def _completed(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup, token = await won(venue)
    await venue.server.redeem(token)
    return guest, setup


async def _left(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup = await entered(venue)
    await guest.draw("leave", setup.draw_id)
    return guest, setup


async def _expired(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup, _ = await won(venue)
    venue.clock.advance(300)
    return guest, setup


async def _revoked(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    guest, setup, token = await won(venue)
    await venue.server.revoke(token)
    return guest, setup


async def _closed(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    setup = make_draw(venue.service)
    venue.clock.advance(660)
    return await venue.guest(DrawGuest), setup


async def _participating(venue: Venue) -> tuple[DrawGuest, DrawSetup]:
    return await entered(venue)


PHASES: list[tuple[str, Callable[[Venue], Awaitable[Any]], str, str | None]] = [
    ("scheduled", _scheduled, "scheduled", None),
    ("enterable", _enterable, "enterable", None),
    ("participating", _participating, "participating", None),
    ("settling", _settling, "settling", None),
    ("standby", _standby, "settling", None),
    ("granted", _granted, "granted", None),
    ("completed", _completed, "ended", "completed"),
    ("lost", lost, "ended", "lost"),
    ("left", _left, "ended", "left"),
    ("expired", _expired, "ended", "expired"),
    ("revoked", _revoked, "ended", "denied"),
    ("closed", _closed, "ended", "closed"),
]


@pytest.mark.parametrize(
    ("make", "phase", "outcome"), [p[1:] for p in PHASES], ids=[p[0] for p in PHASES]
)
async def test_the_draw_journey_matches_the_contract_in_every_phase(
    venue: Venue,
    make: Callable[[Venue], Awaitable[tuple[DrawGuest, DrawSetup]]],
    phase: str,
    outcome: str | None,
) -> None:
    guest, setup = await make(venue)
    journeys = (await guest.me()).json()["active"]["journeys"]
    if not any(j["experienceId"] == setup.experience_id for j in journeys):
        routed = await guest.route(setup.experience_id)  # a kiosk that starts now
        assert routed.status_code == 200, routed.text
    assert_response(await guest.me(), ME, "get", 200)
    sequence = (await guest.journey(setup.experience_id))["sequence"]
    assert_sequence(sequence, phase, "draw", outcome)
    if phase == "granted":
        assert sequence["grant"]["distributionType"] == "draw"
