"""The shortest path through the consumer API: guest, route, enter, granted, redeem."""

from __future__ import annotations

import httpx

from tests.conftest import QueueSetup
from tests.fakes import FakeClock


async def test_guest_routes_enters_and_is_granted(
    venue_http: httpx.AsyncClient,
    publishable_key: str,
    secret_key: str,
    queue_setup: QueueSetup,
    clock: FakeClock,
) -> None:
    key = {"X-Publishable-Key": publishable_key}
    guest = (await venue_http.post("/auth/guest", headers=key)).json()
    consumer = {**key, "Authorization": f"Bearer {guest['accessToken']}"}

    routed = await venue_http.post(
        f"/experiences/{queue_setup.experience_id}/route", headers=consumer, json={}
    )
    assert routed.json()["outcome"] == "routed"
    entered = await venue_http.post(f"/queues/{queue_setup.queue_id}/enter", headers=consumer)
    assert entered.json()["status"] in {"QUEUED", "GRANTED"}

    clock.advance(2)
    status = await venue_http.get(f"/queues/{queue_setup.queue_id}/status", headers=consumer)
    assert status.json()["status"] == "GRANTED"
    token = status.json()["admissionGrant"]

    server = {"Authorization": f"Bearer {secret_key}"}
    redeemed = await venue_http.post("/grants/redeem", headers=server, json={"token": token})
    assert redeemed.status_code == 200
    replay = await venue_http.post("/grants/redeem", headers=server, json={"token": token})
    assert replay.status_code == 409
    assert replay.json()["code"] == "GRANT_ALREADY_REDEEMED"
