"""Entering and leaving an experience, which experiences are live, and the servers' admit and
deny (secret key), against Fanfare's OpenAPI file in every status they answer with.

The table, the venue and the checks are `harness.py`'s, as in the queue's contract test.
Each case also checks what changed behind the answer (the consumer's status, the grant).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from kiosk.venue.domain.catalog import ExperienceUpdate
from kiosk.venue.domain.draw import verify_draw_record
from tests.conftest import QueueSetup, make_queue
from tests.contract.harness import OVERSIZED, WRONG_KEY, Case, CaseTable, Venue
from tests.venue.clients import GuestClient
from tests.venue.test_draw_api import DrawGuest, make_draw

ENTER = "/experiences/{experienceId}/enter"
LEAVE = "/experiences/{experienceId}/leave"
ARCHIVED = "/experiences/archived-status"
ADMIT = "/queues/{queueId}/admit"
DENY = "/queues/{queueId}/deny"
DRAW_DENY = "/draws/{drawId}/deny"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (ENTER, "post"): {200, 401, 403, 404, 409, 413},
    (LEAVE, "delete"): {200, 401, 404, 409},
    (ARCHIVED, "post"): {200, 400, 401, 403, 413},
    (ADMIT, "post"): {200, 400, 401, 403, 404, 409},
    (DENY, "post"): {200, 400, 401, 403, 404, 409},
    (DRAW_DENY, "post"): {200, 400, 401, 403, 404, 409},
}
CASES: CaseTable[Venue] = CaseTable(IMPLEMENTED)


def _secret(venue: Venue) -> dict[str, str]:
    return {"Authorization": f"Bearer {venue.secret_key}"}


async def _queued(venue: Venue, **fields: Any) -> tuple[GuestClient, QueueSetup]:
    setup = make_queue(venue.service, admit_rate=0.001, **fields)  # nobody admitted by rate
    guest = await venue.guest(routed_to=setup.experience_id)
    assert (await guest.enter(setup.queue_id)).json()["status"] == "QUEUED"
    return guest, setup


# ---- POST /experiences/{experienceId}/enter -------------------------------------------------


@CASES.case(ENTER, "post", 200)
async def enter_an_experience_twice_keeps_the_first_time(venue: Venue) -> httpx.Response:
    setup = make_queue(venue.service)
    guest = await venue.guest()
    path = f"/experiences/{setup.experience_id}/enter"
    first = (await venue.http.post(path, headers=guest.headers)).json()
    venue.clock.advance(30)
    response = await venue.http.post(path, headers=guest.headers)
    body = response.json()
    assert body["enteredAt"] == first["enteredAt"]
    assert (body["experienceId"], body["experience"]["id"]) == (setup.experience_id,) * 2
    return response


@CASES.case(ENTER, "post", 401)
async def enter_an_experience_without_a_session(venue: Venue) -> httpx.Response:
    setup = make_queue(venue.service)
    return await venue.http.post(f"/experiences/{setup.experience_id}/enter", headers=venue.key)


@CASES.case(ENTER, "post", 403)
async def enter_an_experience_with_the_wrong_key(venue: Venue) -> httpx.Response:
    setup, guest = make_queue(venue.service), await venue.guest()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.post(f"/experiences/{setup.experience_id}/enter", headers=headers)


@CASES.case(ENTER, "post", 404)
async def enter_an_unknown_experience(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.post(f"/experiences/{uuid.uuid4()}/enter", headers=guest.headers)


@CASES.case(ENTER, "post", 409)
async def enter_an_archived_experience(venue: Venue) -> httpx.Response:
    setup, guest = make_queue(venue.service), await venue.guest()
    venue.service.catalog.update_experience(setup.experience_id, ExperienceUpdate(archived=True))
    response = await venue.http.post(
        f"/experiences/{setup.experience_id}/enter", headers=guest.headers
    )
    assert response.json()["code"] == "EXPERIENCE_ARCHIVED"
    return response


@CASES.case(ENTER, "post", 413)
async def enter_an_experience_with_an_oversized_body(venue: Venue) -> httpx.Response:
    setup, guest = make_queue(venue.service), await venue.guest()
    path = f"/experiences/{setup.experience_id}/enter"
    return await venue.http.post(path, headers=guest.headers, content=OVERSIZED)


# ---- DELETE /experiences/{experienceId}/leave (the queue; the auction's own module has more)


@CASES.case(LEAVE, "delete", 200)
async def leave_the_queue_through_the_experience(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    response = await venue.http.delete(
        f"/experiences/{setup.experience_id}/leave", headers=guest.headers
    )
    assert response.json() == {"left": True}
    assert (await guest.status(setup.queue_id)).json()["status"] == "LEFT"
    return response


@CASES.case(LEAVE, "delete", 200)
async def leave_an_experience_entered_but_not_routed(venue: Venue) -> httpx.Response:
    setup, guest = make_queue(venue.service), await venue.guest()
    await venue.http.post(f"/experiences/{setup.experience_id}/enter", headers=guest.headers)
    response = await venue.http.delete(
        f"/experiences/{setup.experience_id}/leave", headers=guest.headers
    )
    assert response.json() == {"left": True}
    return response


@CASES.case(LEAVE, "delete", 401)
async def leave_an_experience_with_a_bad_token(venue: Venue) -> httpx.Response:
    setup = make_queue(venue.service)
    headers = {**venue.key, "Authorization": "Bearer nope"}
    return await venue.http.delete(f"/experiences/{setup.experience_id}/leave", headers=headers)


@CASES.case(LEAVE, "delete", 404)
async def leave_an_unknown_experience(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.delete(f"/experiences/{uuid.uuid4()}/leave", headers=guest.headers)


@CASES.case(LEAVE, "delete", 409)
async def leave_a_closed_draw_through_the_experience(venue: Venue) -> httpx.Response:
    setup = make_draw(venue.service)
    guest = await venue.guest(DrawGuest, routed_to=setup.experience_id)
    await guest.draw("enter", setup.draw_id)
    venue.clock.advance(601)  # entries closed: the entry is final
    response = await venue.http.delete(
        f"/experiences/{setup.experience_id}/leave", headers=guest.headers
    )
    assert response.json()["code"] == "DRAW_CLOSED"
    assert (await guest.draw("status", setup.draw_id)).json()["status"] == "ENTERED"
    return response


# ---- POST /experiences/archived-status -----------------------------------------------------


@CASES.case(ARCHIVED, "post", 200)
async def live_experiences_leave_out_archived_and_unknown(venue: Venue) -> httpx.Response:
    live, archived = make_queue(venue.service), make_queue(venue.service)
    venue.service.catalog.update_experience(archived.experience_id, ExperienceUpdate(archived=True))
    ids = [archived.experience_id, str(uuid.uuid4()), live.experience_id, live.experience_id]
    response = await venue.http.post(ARCHIVED, headers=venue.key, json={"experienceIds": ids})
    assert response.json() == {"liveExperienceIds": [live.experience_id]}
    return response


@CASES.case(ARCHIVED, "post", 400)
async def archived_status_with_an_id_that_is_not_a_uuid(venue: Venue) -> httpx.Response:
    body = {"experienceIds": [str(uuid.uuid4()), "../etc"]}
    response = await venue.http.post(ARCHIVED, headers=venue.key, json=body)
    assert [p["key"] for p in response.json()["issues"][0]["path"]] == ["experienceIds", 1]
    return response


@CASES.case(ARCHIVED, "post", 400)
async def archived_status_without_the_list(venue: Venue) -> httpx.Response:
    return await venue.http.post(ARCHIVED, headers=venue.key, json={"ids": []})


@CASES.case(ARCHIVED, "post", 400)
async def archived_status_with_malformed_json(venue: Venue) -> httpx.Response:
    return await venue.http.post(ARCHIVED, headers=venue.key, content=b'{"experienceIds": [')


@CASES.case(ARCHIVED, "post", 401)
async def archived_status_without_a_key(venue: Venue) -> httpx.Response:
    return await venue.http.post(ARCHIVED, json={"experienceIds": []})


@CASES.case(ARCHIVED, "post", 403)
async def archived_status_with_the_secret_key_as_publishable(venue: Venue) -> httpx.Response:
    headers = {"X-Publishable-Key": venue.secret_key}
    return await venue.http.post(ARCHIVED, headers=headers, json={"experienceIds": []})


@CASES.case(ARCHIVED, "post", 413)
async def archived_status_with_an_oversized_body(venue: Venue) -> httpx.Response:
    return await venue.http.post(ARCHIVED, headers=venue.key, content=OVERSIZED)


# ---- POST /queues/{queueId}/admit ----------------------------------------------------------


@CASES.case(ADMIT, "post", 200)
async def admit_a_waiting_consumer_ahead_of_the_rate(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/admit", headers=_secret(venue), json=body
    )
    grant = response.json()["admissionGrant"]
    assert (await guest.status(setup.queue_id)).json()["admissionGrant"] == grant
    assert (await venue.server.validate(grant)).status_code == 200  # the POS would take it
    return response


@CASES.case(ADMIT, "post", 400)
async def admit_without_a_consumer(venue: Venue) -> httpx.Response:
    _, setup = await _queued(venue)
    return await venue.http.post(f"/queues/{setup.queue_id}/admit", headers=_secret(venue), json={})


@CASES.case(ADMIT, "post", 401)
async def admit_without_a_key(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id}
    return await venue.http.post(f"/queues/{setup.queue_id}/admit", json=body)


@CASES.case(ADMIT, "post", 403)
async def admit_with_a_consumer_token(venue: Venue) -> httpx.Response:
    """A consumer cannot admit themself: the bearer must be the secret key."""
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/admit", headers=guest.headers, json=body
    )
    assert (await guest.status(setup.queue_id)).json()["status"] == "QUEUED"
    return response


@CASES.case(ADMIT, "post", 404)
async def admit_into_an_unknown_queue(venue: Venue) -> httpx.Response:
    body = {"consumerId": str(uuid.uuid4())}
    return await venue.http.post(f"/queues/{uuid.uuid4()}/admit", headers=_secret(venue), json=body)


@CASES.case(ADMIT, "post", 409)
async def admit_someone_not_in_the_queue(venue: Venue) -> httpx.Response:
    _, setup = await _queued(venue)
    body = {"consumerId": str(uuid.uuid4())}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/admit", headers=_secret(venue), json=body
    )
    assert response.json()["code"] == "NOT_IN_QUEUE"
    return response


# ---- POST /queues/{queueId}/deny -----------------------------------------------------------


@CASES.case(DENY, "post", 200)
async def deny_a_waiting_consumer(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id, "reason": "BOT_DETECTED"}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/deny", headers=_secret(venue), json=body
    )
    assert response.json()["reason"] == "BOT_DETECTED"
    assert (await guest.status(setup.queue_id)).json()["status"] == "DENIED"
    return response


@CASES.case(DENY, "post", 200)
async def deny_a_granted_consumer_revokes_the_grant(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    path, secret = f"/queues/{setup.queue_id}", _secret(venue)
    admitted = await venue.http.post(
        f"{path}/admit", headers=secret, json={"consumerId": guest.consumer_id}
    )
    grant = admitted.json()["admissionGrant"]
    body = {"consumerId": guest.consumer_id, "reason": "ORDER_LIMIT_EXCEEDED"}
    response = await venue.http.post(f"{path}/deny", headers=secret, json=body)
    assert response.json()["status"] == "DENIED"
    refused = await venue.server.redeem(grant)
    assert (refused.status_code, refused.json()["code"]) == (409, "GRANT_REVOKED")
    return response


@CASES.case(DENY, "post", 400)
async def deny_with_a_reason_the_spec_does_not_list(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id, "reason": "I_SAID_SO"}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/deny", headers=_secret(venue), json=body
    )
    assert (await guest.status(setup.queue_id)).json()["status"] == "QUEUED"
    return response


@CASES.case(DENY, "post", 401)
async def deny_with_an_empty_bearer(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id, "reason": "BOT_DETECTED"}
    headers = {"Authorization": "Bearer "}
    return await venue.http.post(f"/queues/{setup.queue_id}/deny", headers=headers, json=body)


@CASES.case(DENY, "post", 403)
async def deny_with_the_publishable_key_as_bearer(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    body = {"consumerId": guest.consumer_id, "reason": "BOT_DETECTED"}
    headers = {"Authorization": f"Bearer {venue.publishable_key}"}
    return await venue.http.post(f"/queues/{setup.queue_id}/deny", headers=headers, json=body)


@CASES.case(DENY, "post", 404)
async def deny_in_an_unknown_queue(venue: Venue) -> httpx.Response:
    body = {"consumerId": str(uuid.uuid4()), "reason": "BOT_DETECTED"}
    return await venue.http.post(f"/queues/{uuid.uuid4()}/deny", headers=_secret(venue), json=body)


@CASES.case(DENY, "post", 409)
async def deny_someone_who_left(venue: Venue) -> httpx.Response:
    guest, setup = await _queued(venue)
    await guest.leave(setup.queue_id)
    body = {"consumerId": guest.consumer_id, "reason": "BOT_DETECTED"}
    response = await venue.http.post(
        f"/queues/{setup.queue_id}/deny", headers=_secret(venue), json=body
    )
    assert response.json()["code"] == "NOT_IN_QUEUE"
    return response


# ---- POST /draws/{drawId}/deny --------------------------------------------------------------


async def _entrant(venue: Venue, **fields: Any) -> tuple[DrawGuest, Any]:
    setup = make_draw(venue.service, **fields)
    guest = await venue.guest(DrawGuest, routed_to=setup.experience_id)
    assert (await guest.draw("enter", setup.draw_id)).json()["status"] == "ENTERED"
    return guest, setup


@CASES.case(DRAW_DENY, "post", 200)
async def deny_a_draw_entry_before_the_draw(venue: Venue) -> httpx.Response:
    guest, setup = await _entrant(venue)
    body = {"consumerId": guest.consumer_id, "reason": "FRAUD_DETECTED"}
    response = await venue.http.post(
        f"/draws/{setup.draw_id}/deny", headers=_secret(venue), json=body
    )
    assert response.json()["reason"] == "FRAUD_DETECTED"
    venue.clock.advance(660)  # drawn: the denied entry was not in the list, so nobody won
    assert (await guest.draw("status", setup.draw_id)).json()["status"] == "DENIED"
    record = await venue.server.operator("GET", f"/draws/{setup.draw_id}/record")
    assert record.json()["entries"] == []
    return response


@CASES.case(DRAW_DENY, "post", 200)
async def deny_a_draw_winner_revokes_the_grant(venue: Venue) -> httpx.Response:
    guest, setup = await _entrant(venue)
    venue.clock.advance(660)
    grant = (await guest.draw("status", setup.draw_id)).json()["admissionGrant"]
    body = {"consumerId": guest.consumer_id, "reason": "ORDER_LIMIT_EXCEEDED"}
    response = await venue.http.post(
        f"/draws/{setup.draw_id}/deny", headers=_secret(venue), json=body
    )
    assert response.json()["status"] == "DENIED"
    assert (await venue.server.redeem(grant)).json()["code"] == "GRANT_REVOKED"
    return response


@CASES.case(DRAW_DENY, "post", 400)
async def deny_a_draw_entry_with_a_reason_that_is_not_a_code(venue: Venue) -> httpx.Response:
    guest, setup = await _entrant(venue)
    body = {"consumerId": guest.consumer_id, "reason": "<script>"}
    return await venue.http.post(f"/draws/{setup.draw_id}/deny", headers=_secret(venue), json=body)


@CASES.case(DRAW_DENY, "post", 401)
async def deny_a_draw_entry_without_a_key(venue: Venue) -> httpx.Response:
    guest, setup = await _entrant(venue)
    body = {"consumerId": guest.consumer_id, "reason": "FRAUD_DETECTED"}
    return await venue.http.post(f"/draws/{setup.draw_id}/deny", json=body)


@CASES.case(DRAW_DENY, "post", 403)
async def deny_a_draw_entry_with_a_wrong_secret_key(venue: Venue) -> httpx.Response:
    guest, setup = await _entrant(venue)
    body = {"consumerId": guest.consumer_id, "reason": "FRAUD_DETECTED"}
    headers = {"Authorization": "Bearer sk_test_" + "0" * 48}
    return await venue.http.post(f"/draws/{setup.draw_id}/deny", headers=headers, json=body)


@CASES.case(DRAW_DENY, "post", 404)
async def deny_in_an_unknown_draw(venue: Venue) -> httpx.Response:
    body = {"consumerId": str(uuid.uuid4()), "reason": "FRAUD_DETECTED"}
    return await venue.http.post(f"/draws/{uuid.uuid4()}/deny", headers=_secret(venue), json=body)


@CASES.case(DRAW_DENY, "post", 409)
async def deny_someone_with_no_entry(venue: Venue) -> httpx.Response:
    _, setup = await _entrant(venue)
    body = {"consumerId": str(uuid.uuid4()), "reason": "FRAUD_DETECTED"}
    response = await venue.http.post(
        f"/draws/{setup.draw_id}/deny", headers=_secret(venue), json=body
    )
    assert response.json()["code"] == "NOT_IN_DRAW"
    return response


# ---- the tests -----------------------------------------------------------------------------


@CASES.parametrize
async def test_response_matches_the_contract(venue: Venue, case: Case[Venue]) -> None:
    await case.check(venue)


def test_every_implemented_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


def test_every_schema_used_is_a_valid_draft_2020_12_schema() -> None:
    CASES.assert_schemas_are_valid()


async def test_a_denial_after_the_commit_keeps_the_draw_replayable(venue: Venue) -> None:
    """Denied once the list is committed, an entry stays in it (the hash cannot change);
    when the permutation picks it the pick is void and the next entrant replaces it."""
    setup = make_draw(venue.service, winner_count=1, continue_selecting_until_completed=True)
    guests = [await venue.guest(DrawGuest, routed_to=setup.experience_id) for _ in range(3)]
    for guest in guests:
        await guest.draw("enter", setup.draw_id)
    venue.clock.advance(601)  # committed, not drawn
    for guest in guests:  # two of three denied: the seed picks a denied one first, or not
        if guest is not guests[-1]:
            body = {"consumerId": guest.consumer_id, "reason": "FRAUD_DETECTED"}
            answer = await venue.http.post(
                f"/draws/{setup.draw_id}/deny", headers=_secret(venue), json=body
            )
            assert answer.json()["status"] == "DENIED"
    venue.clock.advance(timedelta(minutes=2).total_seconds())
    for _ in range(3):  # each tick may add a replacement round
        venue.clock.advance(1)
        await guests[-1].draw("status", setup.draw_id)
    assert (await guests[-1].draw("status", setup.draw_id)).json()["status"] == "WON"
    record = (await venue.server.operator("GET", f"/draws/{setup.draw_id}/record")).json()
    assert len(record["entries"]) == 3
    ok, summary = verify_draw_record(record)
    assert ok, summary
