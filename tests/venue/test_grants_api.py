"""The grant API for servers: validate, redeem (validate and consume atomically), revoke."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from pathlib import Path

import httpx
import pytest

from kiosk.venue.domain.signing import TokenSigner
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL, QueueSetup, make_queue
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient


@pytest.fixture
def server(venue_http: httpx.AsyncClient, secret_key: str) -> ServerClient:
    return ServerClient(venue_http, secret_key)


async def _join(
    venue_http: httpx.AsyncClient, publishable_key: str, setup: QueueSetup
) -> GuestClient:
    guest = await GuestClient.sign_in(venue_http, publishable_key)
    await guest.route(setup.experience_id)
    entered = await guest.enter(setup.queue_id)
    assert entered.status_code == 200, entered.text
    return guest


async def _granted(
    venue_http: httpx.AsyncClient, publishable_key: str, setup: QueueSetup, clock: FakeClock
) -> tuple[GuestClient, str]:
    guest = await _join(venue_http, publishable_key, setup)
    clock.advance(2)
    return guest, await guest.grant_token(setup.queue_id)


def _refusal(response: httpx.Response) -> str:
    assert response.status_code == 409, response.text
    return response.json()["code"]


async def test_redeem_consumes_the_grant_and_a_second_redeem_is_refused(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    guest, token = await _granted(venue_http, publishable_key, queue_setup, clock)

    redeemed = await server.redeem(token, queue_setup.experience_id)

    assert redeemed.status_code == 200
    grant = redeemed.json()["grant"]
    assert grant["status"] == "redeemed"
    assert grant["consumerId"] == guest.consumer_id
    assert grant["experienceId"] == queue_setup.experience_id
    assert grant["distributionId"] == queue_setup.queue_id
    assert "token" not in grant
    assert _refusal(await server.redeem(token)) == "GRANT_ALREADY_REDEEMED"
    assert _refusal(await server.validate(token)) == "GRANT_ALREADY_REDEEMED"
    status = await guest.status(queue_setup.queue_id)
    assert status.json()["status"] == "COMPLETED"
    sequence = (await guest.journey(queue_setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "completed")


async def test_validate_does_not_consume(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    guest, token = await _granted(venue_http, publishable_key, queue_setup, clock)

    for _ in range(3):
        validated = await server.validate(token, queue_setup.experience_id)
        assert validated.status_code == 200
        assert validated.json()["valid"] is True
        assert validated.json()["grant"]["status"] == "active"

    assert (await guest.status(queue_setup.queue_id)).json()["status"] == "GRANTED"
    assert (await server.redeem(token)).status_code == 200


async def test_an_expired_grant_is_refused_and_the_consumer_sees_it_expired(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    service: VenueService,
    clock: FakeClock,
) -> None:
    setup = make_queue(service, admission_expiration_seconds=90)
    guest, token = await _granted(venue_http, publishable_key, setup, clock)

    clock.advance(89)
    assert (await server.validate(token)).status_code == 200
    clock.advance(1)

    assert _refusal(await server.redeem(token)) == "GRANT_EXPIRED"
    assert _refusal(await server.validate(token)) == "GRANT_EXPIRED"
    sequence = (await guest.journey(setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "expired")
    status = (await guest.status(setup.queue_id)).json()
    assert (status["status"], status["reason"]) == ("DENIED", "ADMISSION_EXPIRED")


def _payload(token: str) -> dict[str, object]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _tamper_payload(token: str, **changes: object) -> str:
    prefix, _, mac = token.split(".")
    payload = {**_payload(token), **changes}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return f"{prefix}.{base64.urlsafe_b64encode(raw).rstrip(b'=').decode()}.{mac}"


def _tamper_signature(token: str) -> str:
    prefix, body, mac = token.split(".")
    flipped = ("A" if mac[0] != "A" else "B") + mac[1:]
    return f"{prefix}.{body}.{flipped}"


async def test_forged_grants_are_invalid(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    queue_setup: QueueSetup,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    _, token = await _granted(venue_http, publishable_key, queue_setup, clock)
    other_store = SqliteStore(tmp_path / "other-venue.sqlite3")
    try:
        other = VenueService(other_store, clock)
        transport = httpx.ASGITransport(app=create_app(other))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as other_http:
            other_key = other.organization.publishable_key
            _, foreign = await _granted(other_http, other_key, make_queue(other), clock)
    finally:
        other_store.close()
    payload = _payload(token)
    signed_elsewhere = TokenSigner(b"not our secret", "fgr1").sign(payload)

    forgeries = {
        "longer expiry": _tamper_payload(token, e=int(str(payload["e"])) + 86_400),
        "another grant id": _tamper_payload(token, g=str(uuid.uuid4())),
        "tampered signature": _tamper_signature(token),
        "another venue's grant": foreign,
        "signed with another key": signed_elsewhere,
        "an access token": (await GuestClient.sign_in(venue_http, publishable_key)).access_token,
        "garbage": "fgr1.???.!!!",
        "not a token": "hello",
    }
    for name, forged in forgeries.items():
        for action in ("validate", "redeem", "revoke"):
            response = await server.grant(action, forged)
            assert _refusal(response) == "GRANT_INVALID", (name, action)

    assert (await server.redeem(token)).status_code == 200


async def test_a_validly_signed_grant_that_was_never_issued_is_not_found(
    server: ServerClient, service: VenueService, queue_setup: QueueSetup
) -> None:
    signer = TokenSigner(bytes.fromhex(service.organization.signing_secret), "fgr1")
    unknown = signer.sign({"g": str(uuid.uuid4()), "d": queue_setup.queue_id, "x": "", "e": 0})

    assert _refusal(await server.redeem(unknown)) == "GRANT_NOT_FOUND"


async def test_a_revoked_grant_is_refused_and_its_slot_goes_back_to_the_line(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    service: VenueService,
    clock: FakeClock,
) -> None:
    setup = make_queue(service, max_active_grants=1, admission_expiration_seconds=3600)
    first, token = await _granted(venue_http, publishable_key, setup, clock)
    second = await _join(venue_http, publishable_key, setup)
    clock.advance(10)
    assert (await second.status(setup.queue_id)).json()["status"] == "QUEUED"

    revoked = await server.revoke(token)

    assert revoked.status_code == 200
    assert revoked.json()["grant"]["status"] == "revoked"
    assert _refusal(await server.redeem(token)) == "GRANT_REVOKED"
    assert _refusal(await server.revoke(token)) == "GRANT_REVOKED"
    status = (await first.status(setup.queue_id)).json()
    assert (status["status"], status["reason"]) == ("DENIED", "REVOKED")
    sequence = (await first.journey(setup.experience_id))["sequence"]
    assert (sequence["phase"], sequence["outcome"]["type"]) == ("ended", "denied")
    # The freed slot admits the next in line at once, without waiting for time to pass.
    next_token = await second.grant_token(setup.queue_id)
    assert (await server.redeem(next_token)).status_code == 200


async def test_a_grant_for_another_experience_is_refused_and_stays_usable(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    service: VenueService,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    other = make_queue(service)
    _, token = await _granted(venue_http, publishable_key, queue_setup, clock)

    assert _refusal(await server.redeem(token, other.experience_id)) == "GRANT_WRONG_EXPERIENCE"
    assert _refusal(await server.validate(token, other.experience_id)) == "GRANT_WRONG_EXPERIENCE"
    assert (await server.redeem(token, queue_setup.experience_id)).status_code == 200


@pytest.mark.parametrize("action", ["validate", "redeem", "revoke"])
async def test_the_grant_api_needs_the_secret_key(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    queue_setup: QueueSetup,
    clock: FakeClock,
    action: str,
) -> None:
    guest, token = await _granted(venue_http, publishable_key, queue_setup, clock)
    path, body = f"/grants/{action}", {"token": token}

    without = await venue_http.post(path, json=body)
    with_pk = await venue_http.post(
        path, json=body, headers={"Authorization": f"Bearer {publishable_key}"}
    )
    with_pk_header = await venue_http.post(
        path, json=body, headers={"X-Publishable-Key": publishable_key}
    )
    with_consumer_token = await venue_http.post(path, json=body, headers=guest.headers)
    with_wrong_secret = await venue_http.post(
        path, json=body, headers={"Authorization": "Bearer sk_test_" + "0" * 48}
    )

    assert (without.status_code, without.json()["error"]) == (401, "unauthorized")
    assert (with_pk.status_code, with_pk.json()["error"]) == (403, "forbidden")
    assert with_pk_header.status_code == 401
    assert with_consumer_token.status_code == 403
    assert with_wrong_secret.status_code == 403
    assert (await guest.status(queue_setup.queue_id)).json()["status"] == "GRANTED"


async def test_concurrent_redeems_of_one_grant_succeed_exactly_once(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    _, token = await _granted(venue_http, publishable_key, queue_setup, clock)

    responses = await asyncio.gather(*(server.redeem(token) for _ in range(20)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 19
    refusals = {r.json()["code"] for r in responses if r.status_code == 409}
    assert refusals == {"GRANT_ALREADY_REDEEMED"}


async def test_concurrent_redeem_and_revoke_leave_one_winner(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    server: ServerClient,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    guest, token = await _granted(venue_http, publishable_key, queue_setup, clock)

    responses = await asyncio.gather(
        *(server.redeem(token) if i % 2 else server.revoke(token) for i in range(10))
    )

    assert [r.status_code for r in responses].count(200) == 1
    final = (await guest.status(queue_setup.queue_id)).json()["status"]
    assert final in {"COMPLETED", "DENIED"}
