"""Every consumer path the venue server implements, in every status and 200 variant it
returns, validated against Fanfare's published OpenAPI file.

The table below is the test: each `@CASES.case(path, method, status)` drives the server into
that status with real requests over ASGITransport, checks what the customer would see, and
the body is then validated with jsonschema against the spec's schema for that path, method
and status (`harness.py` says how statuses the file does not declare are checked).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from kiosk.venue.domain.catalog import (
    ExperienceCreate,
    QueueCreate,
    SequenceCreate,
    WaitlistCreate,
)
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.conftest import QueueSetup, make_queue
from tests.contract.harness import (
    ME,
    OVERSIZED,
    SPEC,
    WRONG_KEY,
    Case,
    CaseTable,
    Venue,
    assert_sequence,
    assert_valid,
    response_schema,
)
from tests.venue.clients import GuestClient

GUEST = "/auth/guest"
REFRESH = "/auth/refresh"
LOGOUT = "/auth/logout"
EXPERIENCE = "/experiences/{experienceId}"
ROUTE = "/experiences/{experienceId}/route"
QUEUE = "/queues/{queueId}"
ENTER = "/queues/{queueId}/enter"
LEAVE = "/queues/{queueId}/leave"
STATUS = "/queues/{queueId}/status"

# What the venue server implements of the consumer API, and every status it answers with.
IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (GUEST, "post"): {200, 401, 403, 413},
    (REFRESH, "post"): {200, 400, 401, 403, 413},
    (LOGOUT, "post"): {204, 401, 403},
    (EXPERIENCE, "get"): {200, 401, 403, 404},
    (ROUTE, "post"): {200, 400, 401, 403, 404, 413},
    (ME, "get"): {200, 401, 403},
    (QUEUE, "get"): {200, 401, 403, 404},
    (ENTER, "post"): {200, 401, 403, 404, 409, 413, 423, 429},
    (LEAVE, "post"): {200, 401, 403, 404, 413},
    (STATUS, "get"): {200, 401, 403, 404},
}


def assert_phase(journey: dict[str, Any], phase: str, outcome: str | None = None) -> None:
    assert journey["journeyStage"] == "routed", journey
    assert_sequence(journey["sequence"], phase, "queue", outcome)


# ---- the venue under test ------------------------------------------------------------------


@dataclass
class Protected:
    experience_id: str
    vip_sequence_id: str
    vip_queue_id: str
    general: QueueSetup | None


@dataclass
class QueueVenue(Venue):
    """The shared venue, with the queues, and guests in them, that these cases start from."""

    def queue(self, **fields: object) -> QueueSetup:
        return make_queue(self.service, **fields)

    def upcoming_queue(self) -> QueueSetup:
        """Opens in an hour; early arrivals are taken from ten minutes before."""
        return self.queue(open_at=self.clock.now() + timedelta(hours=1), early_entry_seconds=600)

    def early_window_queue(self) -> QueueSetup:
        """Opens in five minutes; early arrivals are taken now."""
        return self.queue(open_at=self.clock.now() + timedelta(minutes=5), early_entry_seconds=600)

    def protected(self, *, general: bool) -> Protected:
        """An experience whose top sequence needs the access code VIP."""
        service = self.service
        experience = service.create_experience(ExperienceCreate(name="Members drop"))
        vip = service.create_sequence(
            SequenceCreate(
                experience_id=experience.id, name="Members", priority=10, access_code="VIP"
            )
        )
        vip_queue = service.create_queue(
            QueueCreate(sequence_id=vip.id, name="Members line", admit_rate=60)
        )
        general_setup = None
        if general:
            sequence = service.create_sequence(
                SequenceCreate(experience_id=experience.id, name="General", color="#1f6feb")
            )
            queue = service.create_queue(
                QueueCreate(sequence_id=sequence.id, name="General line", admit_rate=60)
            )
            general_setup = QueueSetup(experience.id, sequence.id, queue.id)
        return Protected(experience.id, vip.id, vip_queue.id, general_setup)

    async def routed(self, setup: QueueSetup) -> GuestClient:
        return await self.guest(routed_to=setup.experience_id)

    async def queued(self, **fields: object) -> tuple[GuestClient, QueueSetup]:
        setup = self.queue(**fields)
        guest = await self.routed(setup)
        assert (await guest.enter(setup.queue_id)).json()["status"] == "QUEUED"
        return guest, setup

    async def granted(self, **fields: object) -> tuple[GuestClient, QueueSetup, str]:
        guest, setup = await self.queued(**fields)
        self.clock.advance(2)
        return guest, setup, await guest.grant_token(setup.queue_id)


@pytest.fixture
def venue(venue: Venue) -> QueueVenue:
    """The shared `venue` fixture (conftest.py), as a `QueueVenue`."""
    return QueueVenue(**vars(venue))


CASES: CaseTable[QueueVenue] = CaseTable(IMPLEMENTED)


# ---- POST /auth/guest ----------------------------------------------------------------------


@CASES.case(GUEST, "post", 200)
async def guest_session_is_created(venue: QueueVenue) -> httpx.Response:
    response = await venue.http.post(GUEST, headers=venue.key)
    assert response.json()["session"]["type"] == "guest"
    return response


@CASES.case(GUEST, "post", 401)
async def guest_without_key(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(GUEST)


@CASES.case(GUEST, "post", 403)
async def guest_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(GUEST, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(GUEST, "post", 413)
async def guest_with_oversized_body(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(GUEST, headers=venue.key, content=OVERSIZED)


# ---- POST /auth/refresh --------------------------------------------------------------------


@CASES.case(REFRESH, "post", 200)
async def refresh_rotates_the_tokens(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    body = {"refreshToken": guest.refresh_token}
    response = await venue.http.post(REFRESH, headers=venue.key, json=body)
    renewed = response.json()
    assert renewed["refreshToken"] != guest.refresh_token
    me = await venue.http.get(
        ME, headers={**venue.key, "Authorization": f"Bearer {renewed['accessToken']}"}
    )
    assert me.status_code == 200
    return response


@CASES.case(REFRESH, "post", 400)
async def refresh_with_malformed_json(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(REFRESH, headers=venue.key, content=b'{"refreshToken": ')


@CASES.case(REFRESH, "post", 400)
async def refresh_with_a_number_for_the_token(venue: QueueVenue) -> httpx.Response:
    response = await venue.http.post(REFRESH, headers=venue.key, json={"refreshToken": 42})
    assert response.json()["issues"][0]["path"][0]["key"] == "refreshToken"
    return response


@CASES.case(REFRESH, "post", 400)
async def refresh_without_a_token(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(REFRESH, headers=venue.key, json={})


@CASES.case(REFRESH, "post", 401)
async def refresh_with_an_unknown_token(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(REFRESH, headers=venue.key, json={"refreshToken": "nope"})


@CASES.case(REFRESH, "post", 401)
async def refresh_with_a_rotated_token(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    body = {"refreshToken": guest.refresh_token}
    assert (await venue.http.post(REFRESH, headers=venue.key, json=body)).status_code == 200
    return await venue.http.post(REFRESH, headers=venue.key, json=body)


@CASES.case(REFRESH, "post", 401)
async def refresh_without_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(REFRESH, json={"refreshToken": guest.refresh_token})


@CASES.case(REFRESH, "post", 403)
async def refresh_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(
        REFRESH,
        headers={"X-Publishable-Key": WRONG_KEY},
        json={"refreshToken": guest.refresh_token},
    )


@CASES.case(REFRESH, "post", 413)
async def refresh_with_oversized_body(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(REFRESH, headers=venue.key, content=OVERSIZED)


# ---- POST /auth/logout ---------------------------------------------------------------------


@CASES.case(LOGOUT, "post", 204)
async def logout_ends_the_session(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    response = await venue.http.post(LOGOUT, headers=guest.headers)
    assert (await guest.me()).status_code == 401
    refresh = await venue.http.post(
        REFRESH, headers=venue.key, json={"refreshToken": guest.refresh_token}
    )
    assert refresh.status_code == 401
    return response


@CASES.case(LOGOUT, "post", 401)
async def logout_without_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(LOGOUT, headers=venue.key)


@CASES.case(LOGOUT, "post", 401)
async def logout_with_garbage_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(LOGOUT, headers={**venue.key, "Authorization": "Bearer x.y.z"})


@CASES.case(LOGOUT, "post", 401)
async def logout_twice(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    assert (await venue.http.post(LOGOUT, headers=guest.headers)).status_code == 204
    return await venue.http.post(LOGOUT, headers=guest.headers)


@CASES.case(LOGOUT, "post", 401)
async def logout_without_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(LOGOUT, headers={"Authorization": f"Bearer {guest.access_token}"})


@CASES.case(LOGOUT, "post", 403)
async def logout_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(LOGOUT, headers={**guest.headers, "X-Publishable-Key": WRONG_KEY})


# ---- GET /experiences/{experienceId} -------------------------------------------------------


@CASES.case(EXPERIENCE, "get", 200)
async def experience_is_described(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    response = await venue.http.get(f"/experiences/{setup.experience_id}", headers=venue.key)
    assert response.json()["hasProtectedSequences"] is False
    return response


@CASES.case(EXPERIENCE, "get", 200)
async def experience_with_protected_sequences(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=True)
    path = f"/experiences/{protected.experience_id}"
    response = await venue.http.get(path, headers=venue.key)
    assert response.json()["hasProtectedSequences"] is True
    assert "VIP" not in response.text
    return response


@CASES.case(EXPERIENCE, "get", 200)
async def experience_named_in_every_language(venue: QueueVenue) -> httpx.Response:
    # The names the kiosk shows in es/ar (locations too) travel in the spec's own `i18n` object.
    names = {"es": {"name": "Lanzamiento"}, "ar": {"name": "إطلاق", "location:VIP lounge": "صالة"}}
    experience = venue.service.create_experience(ExperienceCreate(name="Drop", i18n=names))
    response = await venue.http.get(f"/experiences/{experience.id}", headers=venue.key)
    assert response.json()["i18n"] == names
    return response


@CASES.case(EXPERIENCE, "get", 401)
async def experience_without_key(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(f"/experiences/{venue.queue().experience_id}")


@CASES.case(EXPERIENCE, "get", 403)
async def experience_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    path = f"/experiences/{venue.queue().experience_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(EXPERIENCE, "get", 404)
async def experience_unknown(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(f"/experiences/{uuid.uuid4()}", headers=venue.key)


# ---- POST /experiences/{experienceId}/route ------------------------------------------------


@CASES.case(ROUTE, "post", 200)
async def route_routed_into_the_general_sequence(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    response = await (await venue.guest()).route(setup.experience_id)
    body = response.json()
    assert body["outcome"] == "routed"
    assert body["selected"]["sequence"]["id"] == setup.sequence_id
    assert body["selected"]["sequence"]["availability"] == "open"
    assert body["offers"] == []
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_with_a_gated_offer(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=True)
    assert protected.general is not None
    response = await (await venue.guest()).route(protected.experience_id)
    body = response.json()
    assert body["outcome"] == "routed"
    assert body["selected"]["sequence"]["id"] == protected.general.sequence_id
    [offer] = body["offers"]
    assert offer["sequence"]["id"] == protected.vip_sequence_id
    assert offer["gates"][0]["type"] == "access_code"
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_with_the_access_code(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=True)
    response = await (await venue.guest()).route(protected.experience_id, " vip ")
    body = response.json()
    assert body["outcome"] == "routed"
    assert body["selected"]["sequence"]["id"] == protected.vip_sequence_id
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_into_an_upcoming_queue(venue: QueueVenue) -> httpx.Response:
    setup = venue.upcoming_queue()
    response = await (await venue.guest()).route(setup.experience_id)
    assert response.json()["selected"]["sequence"]["availability"] == "upcoming"
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_into_a_queue_whose_waitlist_is_open(venue: QueueVenue) -> httpx.Response:
    """Not open yet, with a waitlist: availability `waitlist`, and the waitlist to join."""
    setup = venue.upcoming_queue()
    waitlist = venue.service.waitlists.create(WaitlistCreate(sequence_id=setup.sequence_id))
    guest = await venue.guest()
    response = await guest.route(setup.experience_id)
    sequence = response.json()["selected"]["sequence"]
    assert (sequence["availability"], sequence["waitlistId"]) == ("waitlist", waitlist.id)
    joined = await venue.http.post(f"/waitlists/{waitlist.id}/enter", headers=guest.headers)
    assert joined.json()["waitlistId"] == waitlist.id
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_into_a_closed_queue(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    venue.service.control_queue(setup.queue_id, "close")
    response = await (await venue.guest()).route(setup.experience_id)
    assert response.json()["selected"]["sequence"]["availability"] == "closed"
    return response


@CASES.case(ROUTE, "post", 200)
async def route_routed_without_a_body(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.guest()
    path = f"/experiences/{setup.experience_id}/route"
    response = await venue.http.post(path, headers=guest.headers)
    assert response.json()["outcome"] == "routed"
    return response


@CASES.case(ROUTE, "post", 200)
async def route_gated_without_the_access_code(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=False)
    response = await (await venue.guest()).route(protected.experience_id)
    body = response.json()
    assert body["outcome"] == "gated"
    assert body["selected"]["status"] == "gated"
    assert body["selected"]["gates"][0]["status"] == "missing"
    assert body["outcomeReasons"] == [{"code": "ACCESS_CODE_REQUIRED"}]
    assert body["offers"] == []
    return response


@CASES.case(ROUTE, "post", 200)
async def route_gated_with_a_wrong_access_code(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=False)
    response = await (await venue.guest()).route(protected.experience_id, "GUESS")
    body = response.json()
    assert body["outcome"] == "gated"
    assert body["selected"]["gates"][0]["status"] == "invalid"
    assert body["outcomeReasons"] == [{"code": "ACCESS_CODE_INVALID"}]
    return response


@CASES.case(ROUTE, "post", 200)
async def route_no_access_without_sequences(venue: QueueVenue) -> httpx.Response:
    experience = venue.service.create_experience(ExperienceCreate(name="Nothing yet"))
    response = await (await venue.guest()).route(experience.id)
    body = response.json()
    assert body["outcome"] == "no_access"
    assert body["outcomeReasons"] == [{"code": "NO_SEQUENCES"}]
    assert body["offers"] == []
    assert "selected" not in body
    return response


async def _route_raw(venue: QueueVenue, content: bytes) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.guest()
    headers = {**guest.headers, "Content-Type": "application/json"}
    path = f"/experiences/{setup.experience_id}/route"
    return await venue.http.post(path, headers=headers, content=content)


@CASES.case(ROUTE, "post", 400)
async def route_with_malformed_json(venue: QueueVenue) -> httpx.Response:
    return await _route_raw(venue, b'{"accessCode": "VIP"')


@CASES.case(ROUTE, "post", 400)
async def route_with_a_number_for_the_code(venue: QueueVenue) -> httpx.Response:
    return await _route_raw(venue, b'{"accessCode": 1234}')


@CASES.case(ROUTE, "post", 400)
async def route_with_an_unknown_field(venue: QueueVenue) -> httpx.Response:
    response = await _route_raw(venue, b'{"accessCode": "VIP", "admin": true}')
    assert response.json()["issues"][0]["path"][0]["key"] == "admin"
    return response


@CASES.case(ROUTE, "post", 400)
async def route_with_a_list_body(venue: QueueVenue) -> httpx.Response:
    return await _route_raw(venue, b'["VIP"]')


@CASES.case(ROUTE, "post", 401)
async def route_without_bearer(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    return await venue.http.post(
        f"/experiences/{setup.experience_id}/route", headers=venue.key, json={}
    )


@CASES.case(ROUTE, "post", 401)
async def route_with_garbage_bearer(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    headers = {**venue.key, "Authorization": "Bearer fat1.e30.AAAA"}
    return await venue.http.post(
        f"/experiences/{setup.experience_id}/route", headers=headers, json={}
    )


@CASES.case(ROUTE, "post", 401)
async def route_with_an_expired_access_token(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.guest()
    venue.clock.advance(3601)
    return await guest.route(setup.experience_id)


@CASES.case(ROUTE, "post", 401)
async def route_without_key(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.guest()
    headers = {"Authorization": f"Bearer {guest.access_token}"}
    return await venue.http.post(
        f"/experiences/{setup.experience_id}/route", headers=headers, json={}
    )


@CASES.case(ROUTE, "post", 403)
async def route_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.guest()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(
        f"/experiences/{setup.experience_id}/route", headers=headers, json={}
    )


@CASES.case(ROUTE, "post", 404)
async def route_unknown_experience(venue: QueueVenue) -> httpx.Response:
    return await (await venue.guest()).route(str(uuid.uuid4()))


@CASES.case(ROUTE, "post", 413)
async def route_with_oversized_body(venue: QueueVenue) -> httpx.Response:
    return await _route_raw(venue, b'{"accessCode": "' + OVERSIZED + b'"}')


# ---- GET /consumers/me ---------------------------------------------------------------------


@CASES.case(ME, "get", 200)
async def me_without_journeys(venue: QueueVenue) -> httpx.Response:
    response = await (await venue.guest()).me()
    assert response.json() == {"active": {"journeys": []}}
    return response


@CASES.case(ME, "get", 200)
async def me_gated(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=False)
    guest = await venue.guest()
    await guest.route(protected.experience_id, "GUESS")
    journey = await guest.journey(protected.experience_id)
    assert journey["journeyStage"] == "gated"
    assert journey["selected"] == {"sequenceId": protected.vip_sequence_id}
    assert journey["gates"][0]["reason"]["code"] == "ACCESS_CODE_INVALID"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_unavailable_without_a_distribution(venue: QueueVenue) -> httpx.Response:
    service = venue.service
    experience = service.create_experience(ExperienceCreate(name="Soon"))
    service.create_sequence(SequenceCreate(experience_id=experience.id, name="General"))
    guest = await venue.guest()
    await guest.route(experience.id)
    assert_phase(await guest.journey(experience.id), "unavailable")
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_scheduled(venue: QueueVenue) -> httpx.Response:
    setup = venue.upcoming_queue()
    guest = await venue.routed(setup)
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "scheduled")
    assert journey["sequence"]["distribution"]["lifecycle"] == "scheduled"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_enterable(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "enterable")
    assert journey["sequence"]["consumer"]["status"] == "not_queued"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_enterable_before_opening(venue: QueueVenue) -> httpx.Response:
    setup = venue.early_window_queue()
    guest = await venue.routed(setup)
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "enterable")
    assert journey["sequence"]["distribution"]["lifecycle"] == "scheduled"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_participating(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "participating")
    assert journey["sequence"]["consumer"]["position"] == 1
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_participating_before_opening(venue: QueueVenue) -> httpx.Response:
    setup = venue.early_window_queue()
    guest = await venue.routed(setup)
    await guest.enter(setup.queue_id)
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "participating")
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_with_a_gated_offer(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=True)
    guest = await venue.guest()
    await guest.route(protected.experience_id)
    journey = await guest.journey(protected.experience_id)
    assert_phase(journey, "enterable")
    assert journey["offers"][0]["sequence"]["id"] == protected.vip_sequence_id
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_granted(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "granted")
    grant = journey["sequence"]["grant"]
    assert grant["token"] == token
    assert grant["experienceId"] == setup.experience_id
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_completed(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    assert (await venue.server.redeem(token)).status_code == 200
    assert_phase(await guest.journey(setup.experience_id), "ended", "completed")
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_left(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    await guest.leave(setup.queue_id)
    assert_phase(await guest.journey(setup.experience_id), "ended", "left")
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_expired(venue: QueueVenue) -> httpx.Response:
    guest, setup, _ = await venue.granted(admission_expiration_seconds=30)
    venue.clock.advance(30)
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "ended", "expired")
    assert journey["sequence"]["outcome"]["reason"] == "ADMISSION_EXPIRED"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_denied(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    assert (await venue.server.revoke(token)).status_code == 200
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "ended", "denied")
    assert journey["sequence"]["consumer"]["deniedReason"] == "REVOKED"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_closed_while_waiting(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    venue.service.control_queue(setup.queue_id, "close")
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "ended", "closed")
    assert journey["sequence"]["outcome"]["reason"] == "QUEUE_CLOSED"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_closed_before_entering(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    venue.service.control_queue(setup.queue_id, "close")
    journey = await guest.journey(setup.experience_id)
    assert_phase(journey, "ended", "closed")
    assert journey["sequence"]["consumer"]["status"] == "not_queued"
    return await guest.me()


@CASES.case(ME, "get", 200)
async def me_routed_ended_sold_out(venue: QueueVenue) -> httpx.Response:
    first, setup, token = await venue.granted(max_admissions=1)
    second = await venue.routed(setup)
    await second.enter(setup.queue_id)
    assert (await venue.server.redeem(token)).status_code == 200
    venue.clock.advance(2)
    journey = await second.journey(setup.experience_id)
    assert_phase(journey, "ended", "closed")
    assert journey["sequence"]["outcome"]["reason"] == "SOLD_OUT"
    assert_phase(await first.journey(setup.experience_id), "ended", "completed")
    return await second.me()


@CASES.case(ME, "get", 200)
async def me_gated_and_routed_together(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    protected = venue.protected(general=False)
    await guest.route(protected.experience_id)
    response = await guest.me()
    stages = {j["experienceId"]: j["journeyStage"] for j in response.json()["active"]["journeys"]}
    assert stages == {setup.experience_id: "routed", protected.experience_id: "gated"}
    return response


@CASES.case(ME, "get", 401)
async def me_without_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(ME, headers=venue.key)


@CASES.case(ME, "get", 401)
async def me_with_a_tampered_bearer(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    forged = guest.access_token[:-4] + ("AAAA" if guest.access_token[-4:] != "AAAA" else "BBBB")
    return await venue.http.get(ME, headers={**venue.key, "Authorization": f"Bearer {forged}"})


@CASES.case(ME, "get", 401)
async def me_without_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(ME, headers={"Authorization": f"Bearer {guest.access_token}"})


@CASES.case(ME, "get", 403)
async def me_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(ME, headers={**guest.headers, "X-Publishable-Key": WRONG_KEY})


# ---- GET /queues/{queueId} -----------------------------------------------------------------


@CASES.case(QUEUE, "get", 200)
async def queue_is_described(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue(capacity=100)
    response = await venue.http.get(f"/queues/{setup.queue_id}", headers=venue.key)
    body = response.json()
    assert body["organizationId"] == venue.service.organization.id
    assert body["admitRate"] == 60
    assert "statusOverride" not in body
    return response


@CASES.case(QUEUE, "get", 200)
async def queue_closed_is_ended(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    venue.service.control_queue(setup.queue_id, "close")
    response = await venue.http.get(f"/queues/{setup.queue_id}", headers=venue.key)
    assert response.json()["statusOverride"] == "ended"
    return response


@CASES.case(QUEUE, "get", 401)
async def queue_without_key(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(f"/queues/{venue.queue().queue_id}")


@CASES.case(QUEUE, "get", 403)
async def queue_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    path = f"/queues/{venue.queue().queue_id}"
    return await venue.http.get(path, headers={"X-Publishable-Key": WRONG_KEY})


@CASES.case(QUEUE, "get", 404)
async def queue_unknown(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(f"/queues/{uuid.uuid4()}", headers=venue.key)


# ---- POST /queues/{queueId}/enter ----------------------------------------------------------


@CASES.case(ENTER, "post", 200)
async def enter_queued(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    await (await venue.routed(setup)).enter(setup.queue_id)
    guest = await venue.routed(setup)
    response = await guest.enter(setup.queue_id)
    body = response.json()
    assert body["status"] == "QUEUED"
    assert body["position"] == 2
    assert body["positionDisplayMode"] == "precise"
    assert body["estimatedWaitTimeInSeconds"] == 2.0
    return response


@CASES.case(ENTER, "post", 200)
async def enter_granted_at_once(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    venue.clock.advance(5)
    response = await guest.enter(setup.queue_id)
    assert response.json()["status"] == "GRANTED"
    return response


@CASES.case(ENTER, "post", 200)
async def enter_twice_keeps_the_place(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    await (await venue.routed(setup)).enter(setup.queue_id)
    guest = await venue.routed(setup)
    first = (await guest.enter(setup.queue_id)).json()
    response = await guest.enter(setup.queue_id)
    assert response.json() == first
    return response


@CASES.case(ENTER, "post", 200)
async def enter_before_opening(venue: QueueVenue) -> httpx.Response:
    setup = venue.early_window_queue()
    guest = await venue.routed(setup)
    response = await guest.enter(setup.queue_id)
    body = response.json()
    assert body["status"] == "QUEUED"
    assert body["positionDisplayMode"] == "qualitative"
    assert body["estimatedWaitTimeInSeconds"] >= 300
    return response


@CASES.case(ENTER, "post", 200)
async def enter_protected_after_routing_with_the_code(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=False)
    guest = await venue.guest()
    await guest.route(protected.experience_id, "VIP")
    response = await guest.enter(protected.vip_queue_id)
    assert response.json()["status"] == "QUEUED"
    return response


@CASES.case(ENTER, "post", 200)
async def enter_again_after_the_queue_closed(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    venue.service.control_queue(setup.queue_id, "close")
    response = await guest.enter(setup.queue_id)
    assert response.json() == {
        "status": "DENIED",
        "reason": "QUEUE_CLOSED",
        "dequeuedAt": response.json()["dequeuedAt"],
    }
    return response


@CASES.case(ENTER, "post", 401)
async def enter_without_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(f"/queues/{venue.queue().queue_id}/enter", headers=venue.key)


@CASES.case(ENTER, "post", 403)
async def enter_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/queues/{setup.queue_id}/enter", headers=headers)


@CASES.case(ENTER, "post", 403)
async def enter_protected_without_the_code(venue: QueueVenue) -> httpx.Response:
    protected = venue.protected(general=False)
    guest = await venue.guest()
    await guest.route(protected.experience_id, "GUESS")
    return await guest.enter(protected.vip_queue_id)


@CASES.case(ENTER, "post", 403)
async def enter_members_only_as_a_guest(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue(supports_guest=False)
    guest = await venue.guest()
    routed = await guest.route(setup.experience_id)
    assert routed.json()["selected"]["gates"][0]["type"] == "authentication"
    return await guest.enter(setup.queue_id)


@CASES.case(ENTER, "post", 404)
async def enter_unknown_queue(venue: QueueVenue) -> httpx.Response:
    return await (await venue.guest()).enter(str(uuid.uuid4()))


@CASES.case(ENTER, "post", 409)
async def enter_after_leaving(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    await guest.leave(setup.queue_id)
    response = await guest.enter(setup.queue_id)
    assert response.json()["code"] == "ALREADY_LEFT"
    return response


@CASES.case(ENTER, "post", 409)
async def enter_closed_queue(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    venue.service.control_queue(setup.queue_id, "close")
    response = await guest.enter(setup.queue_id)
    assert response.json()["code"] == "QUEUE_CLOSED"
    return response


@CASES.case(ENTER, "post", 413)
async def enter_with_oversized_body(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    guest = await venue.routed(setup)
    return await venue.http.post(
        f"/queues/{setup.queue_id}/enter", headers=guest.headers, content=OVERSIZED
    )


@CASES.case(ENTER, "post", 423)
async def enter_before_the_early_window(venue: QueueVenue) -> httpx.Response:
    setup = venue.upcoming_queue()
    response = await (await venue.routed(setup)).enter(setup.queue_id)
    assert response.json()["code"] == "QUEUE_NOT_OPEN"
    assert response.headers["Retry-After"] == str(50 * 60)
    return response


@CASES.case(ENTER, "post", 429)
async def enter_full_queue(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue(capacity=1)
    await (await venue.routed(setup)).enter(setup.queue_id)
    response = await (await venue.routed(setup)).enter(setup.queue_id)
    assert response.json()["error"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0
    return response


# ---- POST /queues/{queueId}/leave ----------------------------------------------------------


@CASES.case(LEAVE, "post", 200)
async def leave_the_line(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    response = await guest.leave(setup.queue_id)
    assert response.json()["status"] == "LEFT"
    return response


@CASES.case(LEAVE, "post", 200)
async def leave_twice(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    first = (await guest.leave(setup.queue_id)).json()
    response = await guest.leave(setup.queue_id)
    assert response.json() == first
    return response


@CASES.case(LEAVE, "post", 200)
async def leave_without_having_entered(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    response = await (await venue.routed(setup)).leave(setup.queue_id)
    assert response.json() == {"status": "NOT_QUEUED"}
    return response


@CASES.case(LEAVE, "post", 200)
async def leave_keeps_a_grant(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    response = await guest.leave(setup.queue_id)
    assert response.json()["status"] == "GRANTED"
    assert response.json()["admissionGrant"] == token
    return response


@CASES.case(LEAVE, "post", 401)
async def leave_without_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.post(f"/queues/{venue.queue().queue_id}/leave", headers=venue.key)


@CASES.case(LEAVE, "post", 403)
async def leave_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/queues/{setup.queue_id}/leave", headers=headers)


@CASES.case(LEAVE, "post", 404)
async def leave_unknown_queue(venue: QueueVenue) -> httpx.Response:
    return await (await venue.guest()).leave(str(uuid.uuid4()))


@CASES.case(LEAVE, "post", 413)
async def leave_with_oversized_body(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/leave", headers=guest.headers, content=OVERSIZED
    )
    assert (await guest.status(setup.queue_id)).json()["status"] == "QUEUED"
    return response


# ---- GET /queues/{queueId}/status ----------------------------------------------------------


@CASES.case(STATUS, "get", 200)
async def status_queued(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    response = await guest.status(setup.queue_id)
    assert response.json()["position"] == 1
    assert response.headers["X-Poll-Interval"] == "1"
    return response


@CASES.case(STATUS, "get", 200)
async def status_queued_before_opening(venue: QueueVenue) -> httpx.Response:
    setup = venue.early_window_queue()
    guest = await venue.routed(setup)
    await guest.enter(setup.queue_id)
    response = await guest.status(setup.queue_id)
    assert response.json()["positionDisplayMode"] == "qualitative"
    return response


@CASES.case(STATUS, "get", 200)
async def status_granted(venue: QueueVenue) -> httpx.Response:
    guest, setup, _ = await venue.granted(admission_expiration_seconds=120)
    response = await guest.status(setup.queue_id)
    body = response.json()
    assert body["status"] == "GRANTED"
    assert datetime.fromisoformat(body["expiresAt"]) == venue.clock.now() + timedelta(seconds=120)
    return response


@CASES.case(STATUS, "get", 200)
async def status_left(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    await guest.leave(setup.queue_id)
    response = await guest.status(setup.queue_id)
    assert response.json()["status"] == "LEFT"
    return response


@CASES.case(STATUS, "get", 200)
async def status_not_queued(venue: QueueVenue) -> httpx.Response:
    setup = venue.queue()
    response = await (await venue.routed(setup)).status(setup.queue_id)
    assert response.json() == {"status": "NOT_QUEUED"}
    return response


@CASES.case(STATUS, "get", 200)
async def status_completed(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    await venue.server.redeem(token)
    response = await guest.status(setup.queue_id)
    assert response.json()["status"] == "COMPLETED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_denied_after_expiry(venue: QueueVenue) -> httpx.Response:
    guest, setup, _ = await venue.granted(admission_expiration_seconds=30)
    venue.clock.advance(31)
    response = await guest.status(setup.queue_id)
    assert response.json()["reason"] == "ADMISSION_EXPIRED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_denied_after_revocation(venue: QueueVenue) -> httpx.Response:
    guest, setup, token = await venue.granted()
    await venue.server.revoke(token)
    response = await guest.status(setup.queue_id)
    assert response.json()["reason"] == "REVOKED"
    return response


@CASES.case(STATUS, "get", 200)
async def status_denied_when_closed(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    venue.service.control_queue(setup.queue_id, "close")
    response = await guest.status(setup.queue_id)
    assert response.json()["status"] == "DENIED"
    assert response.json()["reason"] == "QUEUE_CLOSED"
    return response


@CASES.case(STATUS, "get", 401)
async def status_without_bearer(venue: QueueVenue) -> httpx.Response:
    return await venue.http.get(f"/queues/{venue.queue().queue_id}/status", headers=venue.key)


@CASES.case(STATUS, "get", 403)
async def status_with_wrong_key(venue: QueueVenue) -> httpx.Response:
    guest, setup = await venue.queued()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(f"/queues/{setup.queue_id}/status", headers=headers)


@CASES.case(STATUS, "get", 404)
async def status_unknown_queue(venue: QueueVenue) -> httpx.Response:
    return await (await venue.guest()).status(str(uuid.uuid4()))


# ---- the tests -----------------------------------------------------------------------------


@CASES.parametrize
async def test_response_matches_the_contract(venue: QueueVenue, case: Case[QueueVenue]) -> None:
    await case.check(venue)


def test_every_implemented_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


@pytest.mark.parametrize(("path", "method"), list(IMPLEMENTED), ids=lambda v: str(v))
def test_implemented_paths_are_in_the_spec(path: str, method: str) -> None:
    assert method in SPEC["paths"][path]


def test_every_schema_used_is_a_valid_draft_2020_12_schema_where_the_file_allows() -> None:
    # The route result's gated/no_access variants declare `offers: {items: []}`, which is not
    # a valid 2020-12 schema; every other schema we validate against must be.
    CASES.assert_schemas_are_valid(skip={(ROUTE, 200)})


@pytest.mark.parametrize(
    ("path", "method", "status", "body"),
    [
        (STATUS, "get", 200, {"status": "QUEUED", "estimatedWaitTimeInSeconds": 3}),
        (STATUS, "get", 200, {"status": "GRANTED"}),
        (ENTER, "post", 409, {"code": "queue closed"}),
        (ENTER, "post", 429, {"message": "full"}),
        (GUEST, "post", 200, {"accessToken": "a", "refreshToken": "r"}),
        (ME, "get", 200, {"active": {"journeys": [{"experienceId": "e", "journeyStage": "x"}]}}),
        (QUEUE, "get", 200, {"id": "not-a-uuid"}),
    ],
)
def test_the_checks_reject_what_the_spec_forbids(
    path: str, method: str, status: int, body: dict[str, Any]
) -> None:
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_valid(body, response_schema(path, method, status), "a forbidden body")


def test_a_queue_sequence_with_an_unknown_key_is_rejected() -> None:
    journey = {
        "experienceId": "e",
        "journeyStage": "routed",
        "sequenceId": "s",
        "sequence": {"phase": "unavailable", "position": 3},
    }
    with pytest.raises(AssertionError, match="does not match the spec"):
        assert_phase(journey, "unavailable")


@pytest.mark.parametrize(("path", "method"), list(IMPLEMENTED), ids=lambda v: str(v))
def test_implemented_paths_are_served(service: VenueService, path: str, method: str) -> None:
    served = {
        (re.sub(r"\{[^}]+\}", "{}", route.path), m.lower())
        for route in create_app(service).routes
        for m in getattr(route, "methods", None) or ()
    }
    assert (re.sub(r"\{[^}]+\}", "{}", path), method) in served


async def test_experience_translations_use_the_spec_name(venue: QueueVenue) -> None:
    experience = venue.service.create_experience(
        ExperienceCreate(name="Drop", i18n={"es": {"name": "Lanzamiento"}})
    )

    response = await venue.http.get(f"/experiences/{experience.id}", headers=venue.key)

    assert response.json().get("i18n") == {"es": {"name": "Lanzamiento"}}
