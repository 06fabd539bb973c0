"""The probes and the metrics: /healthz, /readyz (a real storage query), /metrics in
Prometheus text format, and /operator/status, against the real app over ASGITransport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.venue.http.app import create_app
from kiosk.venue.metrics import VenueMetrics
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore
from tests.conftest import BASE_URL, QueueSetup, make_queue
from tests.fakes import FakeClock, FakeFailingStore
from tests.venue.clients import GuestClient, ServerClient

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    """Every sample of a Prometheus text page, by name and sorted labels (parsed, so a
    malformed page fails here)."""
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    matching = [v for (n, ls), v in found.items() if n == name and set(labels.items()) <= set(ls)]
    assert matching, f"no sample {name} {labels}"
    return sum(matching)


@pytest.fixture
def metrics() -> VenueMetrics:
    return VenueMetrics()


@pytest.fixture
async def http(service: VenueService, metrics: VenueMetrics) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service, metrics=metrics))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def test_healthz_says_alive_and_the_old_health_keeps_its_body(
    http: httpx.AsyncClient, service: VenueService
) -> None:
    alive = await http.get("/healthz")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}
    old = await http.get("/health")
    assert old.json() == {"status": "ok", "organizationId": service.organization.id}


async def test_readyz_is_ready_while_the_storage_answers_and_503_when_it_cannot(
    http: httpx.AsyncClient, store: SqliteStore
) -> None:
    ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"storage": "ok"}}

    store.close()  # the database connection is gone: every query now fails

    down = await http.get("/readyz")
    assert down.status_code == 503
    assert down.json() == {"status": "unavailable", "checks": {"storage": "unreachable"}}
    assert down.headers["retry-after"] == "5"
    assert (await http.get("/healthz")).status_code == 200  # alive, just not ready


async def test_readyz_is_not_ready_when_the_database_file_is_no_venue(
    clock: FakeClock,
) -> None:
    """A database that answers but no longer holds this venue (replaced underneath)."""
    store = SqliteStore(":memory:")
    service = VenueService(store, clock)
    transport = httpx.ASGITransport(app=create_app(service))
    with store.transaction() as writer:
        writer.delete("organization", service.organization.id)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        assert (await client.get("/readyz")).status_code == 503
    store.close()


async def _grant_two_and_redeem_one(
    http: httpx.AsyncClient, service: VenueService, clock: FakeClock
) -> tuple[QueueSetup, list[GuestClient]]:
    setup = make_queue(service, admit_rate=60, admission_expiration_seconds=60)
    guests = [
        await GuestClient.sign_in(http, service.organization.publishable_key) for _ in range(5)
    ]
    for guest in guests:
        assert (await guest.enter(setup.queue_id)).status_code == 200
    clock.advance(3)  # the line moves: 60 a minute
    granted = [g for g in guests if (await g.status(setup.queue_id)).json()["status"] == "GRANTED"]
    assert len(granted) >= 2
    server = ServerClient(http, service.organization.secret_key)
    assert (await server.redeem(await granted[0].grant_token(setup.queue_id))).status_code == 200
    return setup, guests


async def test_metrics_count_the_line_admissions_and_grants_as_customers_see_them(
    http: httpx.AsyncClient, service: VenueService, clock: FakeClock
) -> None:
    setup, guests = await _grant_two_and_redeem_one(http, service, clock)
    statuses = [(await g.status(setup.queue_id)).json()["status"] for g in guests]

    page = await http.get("/metrics")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain")
    found = samples(page.text)
    ids = {"distribution_id": setup.queue_id, "experience_id": setup.experience_id}
    admitted = 5 - statuses.count("QUEUED")
    assert value(found, "kiosk_venue_queue_length", **ids) == statuses.count("QUEUED")
    assert value(found, "kiosk_venue_entrants", **ids) == 5
    assert value(found, "kiosk_venue_admissions_total", **ids) == admitted
    assert value(found, "kiosk_venue_grants_issued_total", mechanism="queue") == admitted
    assert value(found, "kiosk_venue_grants_redeemed_total", mechanism="queue") == 1
    assert value(found, "kiosk_venue_grants_live", mechanism="queue") == admitted - 1
    assert value(found, "kiosk_venue_distribution_state", state="open", **ids) == 1
    assert value(found, "kiosk_venue_figures_up") == 1

    clock.advance(120)  # every unused grant's 60 s run out
    found = samples((await http.get("/metrics")).text)
    expired = value(found, "kiosk_venue_grants_expired_total", mechanism="queue")
    assert expired >= admitted - 1
    assert value(found, "kiosk_venue_grants_live", mechanism="queue") == (
        value(found, "kiosk_venue_grants_issued_total", mechanism="queue") - 1 - expired
    )


async def test_latency_is_by_route_template_never_by_raw_path(
    http: httpx.AsyncClient, service: VenueService, clock: FakeClock
) -> None:
    setup, _ = await _grant_two_and_redeem_one(http, service, clock)
    await http.get("/no/such/path/sk_test_typed_into_a_url")

    text = (await http.get("/metrics")).text
    found = samples(text)
    enter = value(
        found,
        "kiosk_venue_http_request_duration_seconds_count",
        route="/queues/{queue_id}/enter",
        method="POST",
        status="200",
    )
    assert enter == 5
    assert value(found, "kiosk_venue_http_request_duration_seconds_count", route="unmatched") == 1
    routes = {
        dict(labels)["route"]
        for (name, labels) in found
        if name.startswith("kiosk_venue_http_request") and "route" in dict(labels)
    }
    assert {"/grants/redeem", "/queues/{queue_id}/status", "unmatched"} <= routes
    assert all(route == "unmatched" or route.startswith("/") for route in routes)
    assert not any(setup.queue_id in route for route in routes)
    assert "sk_test_typed" not in text


async def test_rate_limit_refusals_are_counted_through_the_injected_metrics(
    http: httpx.AsyncClient, metrics: VenueMetrics
) -> None:
    metrics.count_rate_limited("consumer")
    metrics.count_rate_limited("consumer")
    metrics.count_rate_limited("ip")
    found = samples((await http.get("/metrics")).text)
    assert value(found, "kiosk_venue_rate_limited_total", limit="consumer") == 2
    assert value(found, "kiosk_venue_rate_limited_total", limit="ip") == 1


async def test_each_app_has_its_own_registry(service: VenueService) -> None:
    first, second = create_app(service), create_app(service)
    assert first.state.metrics is not second.state.metrics
    transport = httpx.ASGITransport(app=first)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as one:
        for _ in range(3):
            await one.get("/healthz")
    transport = httpx.ASGITransport(app=second)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as two:
        found = samples((await two.get("/metrics")).text)
    healthz = [
        v
        for (n, ls), v in found.items()
        if n.endswith("_count") and dict(ls).get("route") == "/healthz"
    ]
    assert healthz == []  # the first app's requests are not in the second's page


async def test_metrics_say_when_the_figures_cannot_be_read(
    clock: FakeClock, tmp_path: Path
) -> None:
    """The figures move time first; when that cannot be saved (a full disk) the page still
    answers, with the request metrics and `figures_up 0`."""
    store = FakeFailingStore(SqliteStore(tmp_path / "venue.sqlite3"))
    service = VenueService(store, clock)
    setup = make_queue(service, admit_rate=1)
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        for _ in range(3):
            guest = await GuestClient.sign_in(http, service.organization.publishable_key)
            assert (await guest.enter(setup.queue_id)).status_code == 200
        store.failing = True
        clock.advance(120)  # an admission is due: the tick has something to save, and cannot
        page = await http.get("/metrics")
    assert page.status_code == 200
    found = samples(page.text)
    assert value(found, "kiosk_venue_figures_up") == 0
    assert value(found, "kiosk_venue_http_request_duration_seconds_count", route="/auth/guest") == 3
    store.close()


async def test_operator_status_needs_the_secret_key_and_shows_each_distribution(
    http: httpx.AsyncClient, service: VenueService, clock: FakeClock
) -> None:
    setup, _ = await _grant_two_and_redeem_one(http, service, clock)
    assert (await http.get("/operator/status")).status_code == 401
    server = ServerClient(http, service.organization.secret_key)
    control = await server.operator("POST", f"/queues/{setup.queue_id}/pause")
    assert control.status_code == 200, control.text

    body = (await server.operator("GET", "/status")).json()
    (queue,) = body["data"]
    assert queue["distributionId"] == setup.queue_id
    assert queue["experienceName"] == "Drop"
    assert queue["state"] == "paused"
    assert queue["entrants"] == 5
    assert queue["admitted"] == queue["admittedLastMinute"] >= 2
    assert queue["admitRate"] == 60
    assert queue["grants"]["redeemed"] == 1
    assert queue["grantsLive"] == queue["admitted"] - 1
    assert body["eventStreamsOpen"] == 0
    assert service.organization.secret_key not in str(body)
