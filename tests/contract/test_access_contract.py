"""The sign-in and waitlist paths against Fanfare's OpenAPI file, in every status they
answer with, and `/consumers/me` carrying a waitlist membership."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate, WaitlistCreate
from kiosk.venue.service import VenueService
from tests.contract.harness import ME
from tests.contract.harness import assert_response as check
from tests.fakes import FakeClock

OTP_REQUEST = "/auth/otp/request"
OTP_VERIFY = "/auth/otp/verify"
WL_ENTER = "/waitlists/{waitlistId}/enter"
WL_LEAVE = "/waitlists/{waitlistId}/leave"
WL_STATUS = "/waitlists/{waitlistId}/status"


# Every status the tests below drive each path into (they are plain tests, not a case
# table): tests/contract/test_status_extensions.py compares the ones Fanfare's file does not
# list with the documented extensions.
IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (OTP_REQUEST, "post"): {200, 400, 401, 403, 429},
    (OTP_VERIFY, "post"): {200, 400, 401},
    (WL_ENTER, "post"): {200, 404, 409},
    (WL_LEAVE, "delete"): {200, 404},
    (WL_STATUS, "get"): {200, 401, 404},
}


@pytest.fixture
def waitlist_id(service: VenueService, clock: FakeClock) -> str:
    experience = service.create_experience(ExperienceCreate(name="Soon"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="G"))
    service.create_queue(
        QueueCreate(
            sequence_id=sequence.id,
            name="Q",
            admit_rate=60,
            open_at=clock.now() + timedelta(hours=1),
            early_entry_seconds=0,
        )
    )
    return service.waitlists.create(WaitlistCreate(sequence_id=sequence.id)).id


async def guest_headers(venue_http: httpx.AsyncClient, key: str) -> dict[str, str]:
    guest = (await venue_http.post("/auth/guest", headers={"X-Publishable-Key": key})).json()
    return {"X-Publishable-Key": key, "Authorization": f"Bearer {guest['accessToken']}"}


async def test_one_time_code_paths_match_the_contract(
    venue_http: httpx.AsyncClient, service: VenueService, publishable_key: str, clock: FakeClock
) -> None:
    key = {"X-Publishable-Key": publishable_key}
    check(
        await venue_http.post(OTP_REQUEST, headers=key, json={"email": "a@b.co"}),
        OTP_REQUEST,
        "post",
        200,
    )
    check(
        await venue_http.post(OTP_REQUEST, headers=key, json={"email": 5}), OTP_REQUEST, "post", 400
    )
    check(await venue_http.post(OTP_REQUEST, json={"email": "a@b.co"}), OTP_REQUEST, "post", 401)
    check(
        await venue_http.post(
            OTP_REQUEST, headers={"X-Publishable-Key": "pk_test_x"}, json={"email": "a@b.co"}
        ),
        OTP_REQUEST,
        "post",
        403,
    )
    # A malformed address is the request's fault: the listed 400, never a 409 (fuzzing).
    check(
        await venue_http.post(OTP_REQUEST, headers=key, json={"email": "nope"}),
        OTP_REQUEST,
        "post",
        400,
    )
    for _ in range(2):
        await venue_http.post(OTP_REQUEST, headers=key, json={"email": "a@b.co"})
    check(
        await venue_http.post(OTP_REQUEST, headers=key, json={"email": "a@b.co"}),
        OTP_REQUEST,
        "post",
        429,
    )

    code = service.access.otp_sender.recent(clock.now())[0].code
    check(
        await venue_http.post(OTP_VERIFY, headers=key, json={"email": "a@b.co"}),
        OTP_VERIFY,
        "post",
        400,
    )
    wrong = "000000" if code != "000000" else "111111"
    refused = check(
        await venue_http.post(OTP_VERIFY, headers=key, json={"email": "a@b.co", "code": wrong}),
        OTP_VERIFY,
        "post",
        401,
    )
    assert refused["error"] == "otp_invalid"
    signed_in = check(
        await venue_http.post(OTP_VERIFY, headers=key, json={"email": "a@b.co", "code": code}),
        OTP_VERIFY,
        "post",
        200,
    )
    assert signed_in["session"]["type"] == "authenticated"
    assert signed_in["session"]["email"] == "a@b.co"


async def test_waitlist_paths_match_the_contract(
    venue_http: httpx.AsyncClient, publishable_key: str, waitlist_id: str
) -> None:
    headers = await guest_headers(venue_http, publishable_key)
    enter, leave, status = (
        p.replace("{waitlistId}", waitlist_id) for p in (WL_ENTER, WL_LEAVE, WL_STATUS)
    )
    assert (
        check(await venue_http.get(status, headers=headers), WL_STATUS, "get", 200)["isEntered"]
        is False
    )
    entered = check(await venue_http.post(enter, headers=headers), WL_ENTER, "post", 200)
    again = check(await venue_http.post(enter, headers=headers), WL_ENTER, "post", 200)
    assert again["id"] == entered["id"]  # joining twice keeps the place
    assert (
        check(await venue_http.get(status, headers=headers), WL_STATUS, "get", 200)["isEntered"]
        is True
    )

    me = check(await venue_http.get(ME, headers=headers), ME, "get", 200)
    assert [w["waitlistId"] for w in me["waitlists"]] == [waitlist_id]

    assert check(await venue_http.delete(leave, headers=headers), WL_LEAVE, "delete", 200) == {
        "left": True
    }
    no_bearer = {"X-Publishable-Key": publishable_key}
    check(await venue_http.get(status, headers=no_bearer), WL_STATUS, "get", 401)
    unknown = "/waitlists/00000000-0000-4000-8000-000000000000"
    check(await venue_http.post(f"{unknown}/enter", headers=headers), WL_ENTER, "post", 404)
    check(await venue_http.delete(f"{unknown}/leave", headers=headers), WL_LEAVE, "delete", 404)
    check(await venue_http.get(f"{unknown}/status", headers=headers), WL_STATUS, "get", 404)


async def test_a_waitlist_that_opened_answers_with_the_conflict_shape(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    service: VenueService,
    waitlist_id: str,
    clock: FakeClock,
) -> None:
    clock.advance(3600)
    headers = await guest_headers(venue_http, publishable_key)
    closed = check(
        await venue_http.post(WL_ENTER.replace("{waitlistId}", waitlist_id), headers=headers),
        WL_ENTER,
        "post",
        409,
    )
    assert closed["code"] == "WAITLIST_CLOSED"
