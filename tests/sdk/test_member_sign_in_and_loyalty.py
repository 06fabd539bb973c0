"""`fanfare.auth.exchange_external` and `client.loyalty`, against the real venue app over
ASGITransport: a member card's code becomes a signed-in session (once), and the member
reads the points the operator credited. The code never reaches the log."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from kiosk.sdk import ConsumerClient, ExchangeCodeRejectedError
from kiosk.sdk.auth import Auth
from kiosk.venue.service import VenueService
from tests.conftest import BASE_URL
from tests.fakes import FakeClock

MEMBER = {"provider": "shopify", "issuer": "https://shop.example", "subject": "member-7"}


@pytest.fixture
def client(venue_http: httpx.AsyncClient, publishable_key: str, clock: FakeClock) -> ConsumerClient:
    return ConsumerClient(
        publishable_key=publishable_key,
        api_url=BASE_URL,
        http_client=venue_http,
        clock=clock,
        random=lambda: 0.5,
    )


async def _code(venue_http: httpx.AsyncClient, secret_key: str) -> str:
    body = {**MEMBER, "claims": {"email": "m7@shop.example"}}
    headers = {"Authorization": f"Bearer {secret_key}"}
    response = await venue_http.post("/auth/external/authorize", headers=headers, json=body)
    return response.json()["exchangeCode"]


async def test_a_member_code_signs_in_once_and_is_never_logged(
    client: ConsumerClient,
    venue_http: httpx.AsyncClient,
    secret_key: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    code = await _code(venue_http, secret_key)
    guest = await client.ensure_session()

    session = await Auth(client).exchange_external(code)

    assert session.session_type == "authenticated"
    assert session.consumer_id == guest.consumer_id  # a new member keeps the guest's place
    with pytest.raises(ExchangeCodeRejectedError) as spent:
        await Auth(client).exchange_external(code)
    assert spent.value.reason == "exchange_code_used"
    assert code not in caplog.text
    assert client.session is not None and client.session.consumer_id == guest.consumer_id


async def test_the_member_reads_the_points_the_operator_credited(
    client: ConsumerClient,
    venue_http: httpx.AsyncClient,
    secret_key: str,
    service: VenueService,
    clock: FakeClock,
) -> None:
    session = await Auth(client).exchange_external(await _code(venue_http, secret_key))
    path = f"/operator/consumers/{session.consumer_id}/loyalty-transactions"
    expires = (clock.now() + timedelta(days=5)).date()
    headers = {"Authorization": f"Bearer {secret_key}"}
    body = {"points": 40, "expiresOn": expires.isoformat()}
    assert (await venue_http.post(path, headers=headers, json=body)).status_code == 200

    balance = await client.loyalty.balance()
    expirations = await client.loyalty.expirations(within_days=7)
    history = await client.loyalty.history(limit=5)

    assert (balance.balance, balance.lifetime_points) == (40, 40)
    assert [(e.expires_on, e.points) for e in expirations] == [(expires.isoformat(), 40)]
    assert [(h.txn_type, Decimal(str(h.points_delta))) for h in history] == [
        ("credit", Decimal(40))
    ]


async def test_a_made_up_code_is_a_typed_refusal(client: ConsumerClient) -> None:
    with pytest.raises(ExchangeCodeRejectedError) as refused:
        await Auth(client).exchange_external("exc_" + "x" * 43)
    assert refused.value.reason == "exchange_code_invalid"
    assert client.session is None
