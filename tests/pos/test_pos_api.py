"""What the POS sees: the JSON API (list pending, complete, cancel) and signed webhooks."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import httpx
import pytest

from kiosk.core.tasks import start_task
from kiosk.pos_bridge.store import BridgeStore
from kiosk.pos_bridge.webhooks import RETRY_SCHEDULE, WebhookDispatcher, sign, verify
from tests.pos.conftest import KIOSK_TOKEN, GrantDesk
from tests.pos.fakes import FakeReceiver, FakeSteppingClock
from tests.pos.test_bridge import handoff_body

WEBHOOK_SECRET = "whsec_test_0123456789"


async def accept(http: httpx.AsyncClient, grants: GrantDesk, reference: str = "K7-3F9Q") -> dict:
    body = handoff_body(await grants.issue())
    body["reference"] = reference
    response = await http.post(
        "/handoffs", json=body, headers={"Authorization": f"Bearer {KIOSK_TOKEN}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_pos_lists_pending_handoffs_and_closes_them(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, pos_headers: dict[str, str]
) -> None:
    first = await accept(bridge_http, grants, "K7-AAAA")
    second = await accept(bridge_http, grants, "K7-BBBB")

    async def listed(status: str = "pending") -> list[str]:
        response = await bridge_http.get(f"/pos/handoffs?status={status}", headers=pos_headers)
        assert response.status_code == 200
        return [h["reference"] for h in response.json()["data"]]

    assert await listed() == ["K7-AAAA", "K7-BBBB"]
    done = await bridge_http.post(
        f"/pos/handoffs/{first['handoffId']}/complete", headers=pos_headers, json={"note": "sold"}
    )
    cancelled = await bridge_http.post(
        f"/pos/handoffs/{second['handoffId']}/cancel", headers=pos_headers
    )

    assert (done.status_code, done.json()["status"]) == (200, "completed")
    assert done.json()["closeReason"] == "sold"
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert await listed() == []
    assert await listed("completed") == ["K7-AAAA"]
    assert await listed("cancelled") == ["K7-BBBB"]
    by_reference = await bridge_http.get(
        "/pos/handoffs?status=all&reference=k7-aaaa", headers=pos_headers
    )
    assert [h["id"] for h in by_reference.json()["data"]] == [first["handoffId"]]


async def test_closing_is_idempotent_but_cannot_flip(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, pos_headers: dict[str, str]
) -> None:
    handoff_id = (await accept(bridge_http, grants))["handoffId"]
    path = f"/pos/handoffs/{handoff_id}"

    assert (await bridge_http.post(f"{path}/complete", headers=pos_headers)).status_code == 200
    assert (await bridge_http.post(f"{path}/complete", headers=pos_headers)).status_code == 200
    flip = await bridge_http.post(f"{path}/cancel", headers=pos_headers)
    missing = await bridge_http.post("/pos/handoffs/ho_nope/cancel", headers=pos_headers)
    wrong_action = await bridge_http.post(f"{path}/refund", headers=pos_headers)

    assert (flip.status_code, flip.json()["code"]) == (409, "HANDOFF_CLOSED")
    assert (missing.status_code, missing.json()["code"]) == (404, "HANDOFF_NOT_FOUND")
    assert wrong_action.status_code == 404
    assert (await bridge_http.get(path, headers=pos_headers)).json()["status"] == "completed"


async def test_the_pos_api_needs_the_pos_token(
    bridge_http: httpx.AsyncClient, grants: GrantDesk
) -> None:
    handoff_id = (await accept(bridge_http, grants))["handoffId"]
    kiosk_headers = {"Authorization": f"Bearer {KIOSK_TOKEN}"}

    for headers in ({}, kiosk_headers, {"Authorization": "Bearer not-the-pos-token-at-all"}):
        assert (await bridge_http.get("/pos/handoffs", headers=headers)).status_code == 401
        closed = await bridge_http.post(f"/pos/handoffs/{handoff_id}/complete", headers=headers)
        assert closed.status_code == 401


async def test_a_bad_status_filter_is_a_clear_400(
    bridge_http: httpx.AsyncClient, pos_headers: dict[str, str]
) -> None:
    response = await bridge_http.get("/pos/handoffs?status=weird", headers=pos_headers)

    assert (response.status_code, response.json()["code"]) == (400, "VALIDATION_ERROR")


# ---- webhooks ---------------------------------------------------------------------------


def test_the_signature_is_fanfares_scheme() -> None:
    import hashlib
    import hmac

    body = b'{"id":"whk_1"}'
    expected = hmac.new(WEBHOOK_SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()

    assert sign(WEBHOOK_SECRET, 1_700_000_000, body) == f"sha256={expected}"


def test_verify_checks_the_signature_and_the_timestamp(clock: FakeSteppingClock) -> None:
    body = b'{"id":"whk_1"}'
    now = clock.now()
    stamp = int(now.timestamp())
    good = sign(WEBHOOK_SECRET, stamp, body)

    assert verify(WEBHOOK_SECRET, timestamp=str(stamp), body=body, signature=good, now=now)
    assert not verify("whsec_other", timestamp=str(stamp), body=body, signature=good, now=now)
    assert not verify(
        WEBHOOK_SECRET, timestamp=str(stamp), body=body + b" ", signature=good, now=now
    )
    assert not verify(WEBHOOK_SECRET, timestamp=str(stamp + 1), body=body, signature=good, now=now)
    late = now + timedelta(seconds=301)
    assert not verify(WEBHOOK_SECRET, timestamp=str(stamp), body=body, signature=good, now=late)
    assert not verify(WEBHOOK_SECRET, timestamp=None, body=body, signature=good, now=now)


@pytest.fixture
def bridge_options(dispatcher: WebhookDispatcher) -> dict[str, object]:
    """Every bridge in this module sends webhooks, and wakes the dispatcher for each."""
    return {"webhooks": True, "on_webhook_queued": dispatcher.wake}


@pytest.fixture
def receiver() -> FakeReceiver:
    return FakeReceiver()


@pytest.fixture
async def dispatcher(
    bridge_store: BridgeStore, clock: FakeSteppingClock, receiver: FakeReceiver
) -> WebhookDispatcher:
    async with receiver.client() as http:
        yield WebhookDispatcher(
            bridge_store,
            url="http://pos.test/hook",
            secret=WEBHOOK_SECRET,
            clock=clock,
            http_client=http,
        )


async def test_accepting_completing_and_cancelling_send_signed_webhooks(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    pos_headers: dict[str, str],
    dispatcher: WebhookDispatcher,
    receiver: FakeReceiver,
    clock: FakeSteppingClock,
) -> None:
    first = await accept(bridge_http, grants, "K7-AAAA")
    second = await accept(bridge_http, grants, "K7-BBBB")
    await bridge_http.post(f"/pos/handoffs/{first['handoffId']}/complete", headers=pos_headers)
    await bridge_http.post(f"/pos/handoffs/{second['handoffId']}/cancel", headers=pos_headers)

    assert await dispatcher.deliver_due() == 4

    events = []
    for request in receiver.requests:
        assert verify(
            WEBHOOK_SECRET,
            timestamp=request.headers["x-fanfare-timestamp"],
            body=request.content,
            signature=request.headers["x-fanfare-signature"],
            now=clock.now(),
        )
        envelope = json.loads(request.content)
        assert envelope["id"].startswith("whk_")
        assert request.headers["x-fanfare-webhook-id"] == envelope["id"]
        events.append((envelope["type"], envelope["data"]["reference"], envelope["data"]["status"]))
    assert events == [
        ("handoff.accepted", "K7-AAAA", "pending"),
        ("handoff.accepted", "K7-BBBB", "pending"),
        ("handoff.completed", "K7-AAAA", "completed"),
        ("handoff.cancelled", "K7-BBBB", "cancelled"),
    ]
    assert await dispatcher.deliver_due() == 0


async def test_a_failing_webhook_is_retried_on_fanfares_schedule_then_given_up(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    bridge_store: BridgeStore,
    dispatcher: WebhookDispatcher,
    receiver: FakeReceiver,
    clock: FakeSteppingClock,
) -> None:
    receiver.statuses = [500] * 20
    await accept(bridge_http, grants)

    assert await dispatcher.deliver_due() == 1
    for wait in RETRY_SCHEDULE:
        clock.advance(wait - 1)
        assert await dispatcher.deliver_due() == 0
        clock.advance(1)
        assert await dispatcher.deliver_due() == 1

    assert len(receiver.requests) == 8
    assert [r.headers["x-fanfare-retry-count"] for r in receiver.requests] == [
        str(n) for n in range(8)
    ]
    assert bridge_store.webhooks()[0]["state"] == "failed"
    clock.advance(10 * 86_400)
    assert await dispatcher.deliver_due() == 0


async def test_a_410_stops_a_webhook_and_a_2xx_after_a_failure_delivers_it(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    bridge_store: BridgeStore,
    dispatcher: WebhookDispatcher,
    receiver: FakeReceiver,
    clock: FakeSteppingClock,
) -> None:
    receiver.statuses = [410, 503, 204]
    await accept(bridge_http, grants, "K7-AAAA")
    await accept(bridge_http, grants, "K7-BBBB")

    await dispatcher.deliver_due()
    clock.advance(60)
    await dispatcher.deliver_due()

    states = [w["state"] for w in bridge_store.webhooks()]
    assert states == ["gone", "delivered"]


async def test_the_dispatcher_loop_wakes_for_new_events_and_stops_when_cancelled(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    dispatcher: WebhookDispatcher,
    receiver: FakeReceiver,
) -> None:
    import asyncio

    from tests.pos.fakes import settle

    task = start_task(dispatcher.run(), name="pos-bridge-webhooks")
    try:
        await settle()
        await accept(bridge_http, grants)
        await settle()
        assert len(receiver.requests) == 1
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_bridge_handoff_ids_are_not_guessable(
    bridge_http: httpx.AsyncClient, grants: GrantDesk
) -> None:
    handoff_id = (await accept(bridge_http, grants))["handoffId"]

    assert len(handoff_id) == len("ho_") + len(uuid.uuid4().hex)
