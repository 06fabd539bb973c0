"""Fifty customers, fifty SDK journeys, one real `kiosk venue serve` over loopback sockets:
all reach `granted`, in the order they joined, at the queue's admission rate.

Venue time runs 30 times faster than the wall clock (`--time-scale 30`), so a queue admitting
30 a minute admits 15 a second of real time and the whole run takes a few seconds.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import httpx

from kiosk.sdk import EnterableQueue, Fanfare, GrantedSequence, RoutedView
from tests.processes import HTTP_TIMEOUT, running_venue, venue_info

JOURNEYS = 50
ADMIT_RATE = 30  # per minute of venue time
TIME_SCALE = 30
REAL_SECONDS_LIMIT = 90


def create_queue(url: str, secret_key: str) -> tuple[str, str]:
    auth = {"Authorization": f"Bearer {secret_key}"}
    with httpx.Client(base_url=url, headers=auth, timeout=HTTP_TIMEOUT) as operator:
        experience = operator.post("/operator/experiences", json={"name": "E2E drop"}).json()
        sequence = operator.post(
            "/operator/sequences", json={"experienceId": experience["id"], "name": "General"}
        ).json()
        queue = operator.post(
            "/operator/queues",
            json={"sequenceId": sequence["id"], "name": "E2E line", "admitRate": ADMIT_RATE},
        ).json()
        # Paused while everyone joins, so the admission order is decided by the line alone.
        operator.post(f"/operator/queues/{queue['id']}/pause").raise_for_status()
    return experience["id"], queue["id"]


async def join(fanfare: Fanfare, experience_id: str) -> int:
    view = await fanfare.journeys.get(experience_id).view.start()
    assert isinstance(view, RoutedView) and isinstance(view.sequence, EnterableQueue)
    entered = await view.sequence.enter()
    return entered.sequence.display.position


async def wait_for_grant(fanfare: Fanfare, experience_id: str) -> datetime:
    journey = fanfare.journeys.get(experience_id)
    while not isinstance(journey.view.sequence, GrantedSequence):
        await journey.next_view()
    issued = journey.view.sequence.grant.issued_at
    assert issued is not None
    return datetime.fromisoformat(issued)


async def test_fifty_journeys_are_granted_in_fifo_order_at_the_admit_rate(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "venue"
    with running_venue(data_dir, "--time-scale", str(TIME_SCALE), demo=False) as venue:
        info = venue_info(data_dir)
        experience_id, queue_id = create_queue(venue.url, info["secretKey"])
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
            kiosks = [
                Fanfare(
                    organization_id=info["organizationId"],
                    publishable_key=info["publishableKey"],
                    api_url=venue.url,
                    http_client=http,
                )
                for _ in range(JOURNEYS)
            ]
            try:
                positions = await asyncio.gather(*(join(k, experience_id) for k in kiosks))
                assert sorted(positions) == list(range(1, JOURNEYS + 1))  # no duplicates

                auth = {"Authorization": f"Bearer {info['secretKey']}"}
                resumed = await http.post(
                    f"{venue.url}/operator/queues/{queue_id}/resume", headers=auth
                )
                resumed.raise_for_status()
                granted_at = await asyncio.wait_for(
                    asyncio.gather(*(wait_for_grant(k, experience_id) for k in kiosks)),
                    timeout=REAL_SECONDS_LIMIT,
                )
            finally:
                for kiosk in kiosks:
                    await kiosk.aclose()

    by_position = [at for _, at in sorted(zip(positions, granted_at, strict=True))]
    assert by_position == sorted(by_position), "grants were not issued in the order of the line"
    span = (by_position[-1] - by_position[0]).total_seconds()
    burst = 2  # the admission bucket holds two seconds' worth
    expected = (JOURNEYS - burst) / (ADMIT_RATE / 60)
    # At the configured rate: never faster; slower only by the ticker's granularity.
    assert expected * 0.95 <= span <= expected * 1.25, f"admitted over {span:.1f} s of venue time"
