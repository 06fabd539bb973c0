"""Sign-in vouched for by a store's member system, a consumer as a server reads it, loyalty
points and the organization's settings, against Fanfare's OpenAPI file in every status they
answer with. The table, the venue and the checks are `harness.py`'s."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx

from tests.conftest import make_queue
from tests.contract.harness import OVERSIZED, WRONG_KEY, Case, CaseTable, Venue
from tests.venue.clients import GuestClient

AUTHORIZE = "/auth/external/authorize"
EXCHANGE = "/auth/external/exchange"
CONSUMER = "/consumers/{id}"
BALANCE = "/loyalty/balance"
EXPIRATIONS = "/loyalty/expirations"
HISTORY = "/loyalty/history"
SETTINGS = "/organizations/{organizationId}/settings"

IMPLEMENTED: dict[tuple[str, str], set[int]] = {
    (AUTHORIZE, "post"): {200, 400, 401, 403, 413},
    (EXCHANGE, "post"): {200, 400, 401, 403},
    (CONSUMER, "get"): {200, 400, 401, 403, 404},
    (BALANCE, "get"): {200, 401, 403},
    (EXPIRATIONS, "get"): {200, 400, 401},
    (HISTORY, "get"): {200, 400, 401},
    (SETTINGS, "get"): {200, 401, 403},
}
CASES: CaseTable[Venue] = CaseTable(IMPLEMENTED)

MEMBER = {"provider": "shopify", "issuer": "https://shop.example", "subject": "member-42"}


def _secret(venue: Venue) -> dict[str, str]:
    return {"Authorization": f"Bearer {venue.secret_key}"}


async def _code(venue: Venue, **extra: object) -> str:
    response = await venue.http.post(AUTHORIZE, headers=_secret(venue), json={**MEMBER, **extra})
    assert response.status_code == 200, response.text
    return response.json()["exchangeCode"]


async def _credit(venue: Venue, consumer_id: str, points: int, **extra: object) -> None:
    path = f"/consumers/{consumer_id}/loyalty-transactions"
    answer = await venue.server.operator("POST", path, {"points": points, **extra})
    assert answer.status_code == 200, answer.text


# ---- POST /auth/external/authorize ---------------------------------------------------------


@CASES.case(AUTHORIZE, "post", 200)
async def authorize_a_new_member(venue: Venue) -> httpx.Response:
    response = await venue.http.post(AUTHORIZE, headers=_secret(venue), json=MEMBER)
    body = response.json()
    assert body["resolution"] == "created" and body["exchangeCode"].startswith("exc_")
    return response


@CASES.case(AUTHORIZE, "post", 200)
async def authorize_a_member_seen_before(venue: Venue) -> httpx.Response:
    code = await _code(venue)
    await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    response = await venue.http.post(AUTHORIZE, headers=_secret(venue), json=MEMBER)
    assert response.json()["resolution"] == "existing"
    return response


@CASES.case(AUTHORIZE, "post", 200)
async def authorize_links_a_member_by_their_email(venue: Venue) -> httpx.Response:
    """The email claim is someone who signed in with a one-time code: the same consumer."""
    await venue.http.post("/auth/otp/request", headers=venue.key, json={"email": "ann@x.co"})
    sent = (await venue.server.operator("GET", "/otp")).json()["data"][0]["code"]
    verified = await venue.http.post(
        "/auth/otp/verify", headers=venue.key, json={"email": "ann@x.co", "code": sent}
    )
    consumer_id = verified.json()["session"]["consumerId"]
    claims = {"email": "Ann@X.co", "fullName": "Ann Member"}
    response = await venue.http.post(
        AUTHORIZE, headers=_secret(venue), json={**MEMBER, "claims": claims}
    )
    assert response.json()["resolution"] == "linked"
    body = {"exchangeCode": response.json()["exchangeCode"]}
    session = (await venue.http.post(EXCHANGE, headers=venue.key, json=body)).json()
    assert session["session"]["consumerId"] == consumer_id
    return response


@CASES.case(AUTHORIZE, "post", 400)
async def authorize_without_a_subject(venue: Venue) -> httpx.Response:
    body = {"provider": "shopify", "issuer": "https://shop.example"}
    return await venue.http.post(AUTHORIZE, headers=_secret(venue), json=body)


@CASES.case(AUTHORIZE, "post", 400)
async def authorize_with_an_email_claim_that_is_not_one(venue: Venue) -> httpx.Response:
    body = {**MEMBER, "claims": {"email": "not an email"}}
    return await venue.http.post(AUTHORIZE, headers=_secret(venue), json=body)


@CASES.case(AUTHORIZE, "post", 401)
async def authorize_without_a_key(venue: Venue) -> httpx.Response:
    return await venue.http.post(AUTHORIZE, json=MEMBER)


@CASES.case(AUTHORIZE, "post", 403)
async def authorize_from_a_kiosk_with_the_publishable_key(venue: Venue) -> httpx.Response:
    """A kiosk cannot vouch for a member: only the store's server, with the secret key."""
    headers = {**venue.key, "Authorization": f"Bearer {venue.publishable_key}"}
    return await venue.http.post(AUTHORIZE, headers=headers, json=MEMBER)


@CASES.case(AUTHORIZE, "post", 413)
async def authorize_with_an_oversized_body(venue: Venue) -> httpx.Response:
    return await venue.http.post(AUTHORIZE, headers=_secret(venue), content=OVERSIZED)


# ---- POST /auth/external/exchange ----------------------------------------------------------


@CASES.case(EXCHANGE, "post", 200)
async def exchange_a_code_for_an_authenticated_session(venue: Venue) -> httpx.Response:
    code = await _code(venue, claims={"email": "m@shop.example", "fullName": "Mo"})
    response = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    body = response.json()
    assert body["session"]["type"] == "authenticated"
    assert body["session"]["email"] == "m@shop.example"
    headers = {**venue.key, "Authorization": f"Bearer {body['accessToken']}"}
    assert (await venue.http.get("/consumers/me", headers=headers)).status_code == 200
    return response


@CASES.case(EXCHANGE, "post", 200)
async def exchange_as_a_guest_keeps_the_guests_place(venue: Venue) -> httpx.Response:
    setup = make_queue(venue.service, admit_rate=0.001)
    guest = await venue.guest(routed_to=setup.experience_id)
    await guest.enter(setup.queue_id)
    code = await _code(venue)
    response = await venue.http.post(EXCHANGE, headers=guest.headers, json={"exchangeCode": code})
    assert response.json()["session"]["consumerId"] == guest.consumer_id
    return response


@CASES.case(EXCHANGE, "post", 400)
async def exchange_without_a_code(venue: Venue) -> httpx.Response:
    return await venue.http.post(EXCHANGE, headers=venue.key, json={"code": "exc_x"})


@CASES.case(EXCHANGE, "post", 401)
async def exchange_a_code_twice(venue: Venue) -> httpx.Response:
    code = await _code(venue)
    first = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    assert first.status_code == 200
    response = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    assert response.json()["error"] == "exchange_code_used"
    return response


@CASES.case(EXCHANGE, "post", 401)
async def exchange_an_expired_code(venue: Venue) -> httpx.Response:
    code = await _code(venue)
    venue.clock.advance(61)
    response = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    assert response.json()["error"] == "exchange_code_expired"
    return response


@CASES.case(EXCHANGE, "post", 401)
async def exchange_a_made_up_code(venue: Venue) -> httpx.Response:
    body = {"exchangeCode": "exc_" + "A" * 43}
    response = await venue.http.post(EXCHANGE, headers=venue.key, json=body)
    assert response.json()["error"] == "exchange_code_invalid"
    return response


@CASES.case(EXCHANGE, "post", 403)
async def exchange_with_the_wrong_key(venue: Venue) -> httpx.Response:
    code = await _code(venue)
    headers = {"X-Publishable-Key": WRONG_KEY}
    response = await venue.http.post(EXCHANGE, headers=headers, json={"exchangeCode": code})
    retry = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    assert retry.status_code == 200  # a refused request did not spend the code
    return response


# ---- GET /consumers/{id} -------------------------------------------------------------------


@CASES.case(CONSUMER, "get", 200)
async def consumer_record_with_member_claims_and_points(venue: Venue) -> httpx.Response:
    code = await _code(venue, claims={"email": "m@shop.example", "fullName": "Mo Member"})
    session = await venue.http.post(EXCHANGE, headers=venue.key, json={"exchangeCode": code})
    consumer_id = session.json()["session"]["consumerId"]
    await _credit(venue, consumer_id, 120)
    response = await venue.http.get(f"/consumers/{consumer_id}", headers=_secret(venue))
    body = response.json()
    assert (body["fullName"], body["email"], body["loyaltyBalance"]) == (
        "Mo Member",
        "m@shop.example",
        120,
    )
    return response


@CASES.case(CONSUMER, "get", 200)
async def consumer_record_of_a_guest_who_joined_a_queue(venue: Venue) -> httpx.Response:
    setup = make_queue(venue.service)
    guest = await venue.guest(routed_to=setup.experience_id)
    response = await venue.http.get(f"/consumers/{guest.consumer_id}", headers=_secret(venue))
    assert response.json()["engagedCount"] == 1
    return response


@CASES.case(CONSUMER, "get", 400)
async def consumer_record_for_an_id_that_is_not_a_uuid(venue: Venue) -> httpx.Response:
    return await venue.http.get("/consumers/not-a-uuid", headers=_secret(venue))


@CASES.case(CONSUMER, "get", 401)
async def consumer_record_without_a_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/consumers/{uuid.uuid4()}")


@CASES.case(CONSUMER, "get", 403)
async def consumer_record_with_a_consumers_own_token(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(f"/consumers/{guest.consumer_id}", headers=guest.headers)


@CASES.case(CONSUMER, "get", 404)
async def consumer_record_for_an_unknown_consumer(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/consumers/{uuid.uuid4()}", headers=_secret(venue))


# ---- GET /loyalty/balance, /loyalty/expirations, /loyalty/history --------------------------


async def _member_with_points(venue: Venue) -> GuestClient:
    guest = await venue.guest()
    soon = (venue.clock.now() + timedelta(days=10)).date().isoformat()
    later = (venue.clock.now() + timedelta(days=90)).date().isoformat()
    await _credit(venue, guest.consumer_id, 100, expiresOn=soon, sourceType="order")
    await _credit(venue, guest.consumer_id, 50, expiresOn=later)
    venue.clock.advance(60)
    await _credit(venue, guest.consumer_id, -30)  # spends the soonest-expiring points first
    return guest


async def _days_later(venue: Venue, guest: GuestClient, days: int) -> dict[str, str]:
    """Move time on, and the guest's headers with a refreshed access token (1 h lifetime)."""
    venue.clock.advance(timedelta(days=days).total_seconds())
    body = {"refreshToken": guest.refresh_token}
    renewed = (await venue.http.post("/auth/refresh", headers=venue.key, json=body)).json()
    return {**venue.key, "Authorization": f"Bearer {renewed['accessToken']}"}


@CASES.case(BALANCE, "get", 200)
async def balance_after_credits_and_a_debit(venue: Venue) -> httpx.Response:
    guest = await _member_with_points(venue)
    response = await venue.http.get(BALANCE, headers=guest.headers)
    assert response.json() == {"balance": 120, "lifetimePoints": 150}
    return response


@CASES.case(BALANCE, "get", 200)
async def balance_after_points_lapsed(venue: Venue) -> httpx.Response:
    guest = await _member_with_points(venue)
    headers = await _days_later(venue, guest, 11)
    response = await venue.http.get(BALANCE, headers=headers)
    assert response.json() == {"balance": 50, "lifetimePoints": 150}  # 70 lapsed
    return response


@CASES.case(BALANCE, "get", 401)
async def balance_without_a_session(venue: Venue) -> httpx.Response:
    return await venue.http.get(BALANCE, headers=venue.key)


@CASES.case(BALANCE, "get", 403)
async def balance_with_the_wrong_key(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    headers = {**guest.headers, "X-Publishable-Key": WRONG_KEY}
    return await venue.http.get(BALANCE, headers=headers)


@CASES.case(EXPIRATIONS, "get", 200)
async def expirations_within_a_window(venue: Venue) -> httpx.Response:
    guest = await _member_with_points(venue)
    soon = (venue.clock.now() + timedelta(days=10)).date().isoformat()
    response = await venue.http.get(EXPIRATIONS, headers=guest.headers, params={"withinDays": 30})
    assert response.json() == [{"expiresOn": soon, "points": 70}]
    everything = await venue.http.get(
        EXPIRATIONS, headers=guest.headers, params={"withinDays": 365}
    )
    assert [row["points"] for row in everything.json()] == [70, 50]
    return response


@CASES.case(EXPIRATIONS, "get", 400)
async def expirations_with_a_window_that_is_not_a_number(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(EXPIRATIONS, headers=guest.headers, params={"withinDays": "-1"})


@CASES.case(EXPIRATIONS, "get", 401)
async def expirations_without_a_session(venue: Venue) -> httpx.Response:
    return await venue.http.get(EXPIRATIONS, headers=venue.key)


@CASES.case(HISTORY, "get", 200)
async def history_newest_first_with_the_lapse(venue: Venue) -> httpx.Response:
    guest = await _member_with_points(venue)
    headers = await _days_later(venue, guest, 11)
    response = await venue.http.get(HISTORY, headers=headers)
    rows = response.json()
    assert [(r["txnType"], r["pointsDelta"]) for r in rows] == [
        ("expire", -70),
        ("debit", -30),
        ("credit", 50),
        ("credit", 100),
    ]
    assert rows[0]["actorType"] == "system" and rows[-1]["sourceType"] == "order"
    limited = await venue.http.get(HISTORY, headers=headers, params={"limit": 1})
    assert len(limited.json()) == 1
    return response


@CASES.case(HISTORY, "get", 400)
async def history_with_a_limit_too_large(venue: Venue) -> httpx.Response:
    guest = await venue.guest()
    return await venue.http.get(HISTORY, headers=guest.headers, params={"limit": "100000"})


@CASES.case(HISTORY, "get", 401)
async def history_with_a_bad_token(venue: Venue) -> httpx.Response:
    headers = {**venue.key, "Authorization": "Bearer forged"}
    return await venue.http.get(HISTORY, headers=headers)


# ---- GET /organizations/{organizationId}/settings ------------------------------------------


@CASES.case(SETTINGS, "get", 200)
async def settings_with_the_frame_ancestors_the_operator_set(venue: Venue) -> httpx.Response:
    origins = ["'self'", "https://shop.example", "https://*.shop.example"]
    put = await venue.server.operator("PUT", "/organization/settings", {"frameAncestors": origins})
    assert put.status_code == 200
    path = f"/organizations/{venue.service.organization.id}/settings"
    response = await venue.http.get(path, headers=venue.key)
    assert response.json() == {"frameAncestors": origins}
    return response


@CASES.case(SETTINGS, "get", 401)
async def settings_without_a_key(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/organizations/{venue.service.organization.id}/settings")


@CASES.case(SETTINGS, "get", 403)
async def settings_of_another_organization(venue: Venue) -> httpx.Response:
    return await venue.http.get(f"/organizations/{uuid.uuid4()}/settings", headers=venue.key)


# ---- the tests -----------------------------------------------------------------------------


@CASES.parametrize
async def test_response_matches_the_contract(venue: Venue, case: Case[Venue]) -> None:
    await case.check(venue)


def test_every_implemented_path_and_status_is_exercised() -> None:
    CASES.assert_every_status_is_exercised()


def test_every_schema_used_is_a_valid_draft_2020_12_schema() -> None:
    CASES.assert_schemas_are_valid()


async def test_the_operator_cannot_overdraw_or_set_a_bad_origin(venue: Venue) -> None:
    guest = await venue.guest()
    path = f"/consumers/{guest.consumer_id}/loyalty-transactions"
    await _credit(venue, guest.consumer_id, 10)
    overdraw = await venue.server.operator("POST", path, {"points": -11})
    assert (overdraw.status_code, overdraw.json()["code"]) == (409, "LOYALTY_INSUFFICIENT_POINTS")
    zero = await venue.server.operator("POST", path, {"points": 0})
    assert zero.status_code == 400
    unknown = await venue.server.operator(
        "POST", f"/consumers/{uuid.uuid4()}/loyalty-transactions", {"points": 5}
    )
    assert unknown.status_code == 404
    assert (await venue.http.get(BALANCE, headers=guest.headers)).json()["balance"] == 10
    bad = {"frameAncestors": ["https://shop.example; script-src *"]}
    assert (await venue.server.operator("PUT", "/organization/settings", bad)).status_code == 400
