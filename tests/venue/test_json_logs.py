"""Structured logs: with `--log-format json` every line is one JSON object, each request's
line has its id (the `X-Request-Id` the client got), method, route template, status and
duration, and no grant, token, one-time code or key appears anywhere in the log."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.http.app import create_app
from kiosk.venue.logging_setup import LogFormat, configure_logging
from kiosk.venue.service import VenueService
from tests.conftest import BASE_URL
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient

ACCESS_CODE = "VIPSECRET-7731"


@pytest.fixture
def captured() -> Iterator[tuple[io.StringIO, Any]]:
    """The root logger writing to a buffer in the format a test picks; restored after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    buffer = io.StringIO()

    def use(log_format: LogFormat) -> None:
        configure_logging(log_format, level=logging.DEBUG, stream=buffer)

    yield buffer, use
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def _gated_queue(service: VenueService) -> tuple[str, str]:
    experience = service.create_experience(ExperienceCreate(name="Members"))
    sequence = service.create_sequence(
        SequenceCreate(
            experience_id=experience.id, name="VIP", access_code=ACCESS_CODE, authentication="otp"
        )
    )
    queue = service.create_queue(QueueCreate(sequence_id=sequence.id, name="Q", admit_rate=60))
    return experience.id, queue.id


async def _journey(service: VenueService, clock: FakeClock) -> tuple[list[str], list[str]]:
    """A member's whole journey: guest, one-time code, gated route, queue, grant, redeem.
    Returns every secret it saw and every request id the server answered with."""
    experience_id, queue_id = _gated_queue(service)
    org = service.organization
    secrets = [org.secret_key, org.publishable_key, org.signing_secret, ACCESS_CODE]
    ids: list[str] = []
    transport = httpx.ASGITransport(app=create_app(service, access_log=True))

    async def noted(response: httpx.Response) -> None:
        ids.append(response.headers["x-request-id"])

    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, event_hooks={"response": [noted]}
    ) as http:
        guest = await GuestClient.sign_in(http, org.publishable_key)
        secrets += [guest.access_token, guest.refresh_token]
        key = {"X-Publishable-Key": org.publishable_key}
        sent = await http.post("/auth/otp/request", headers=key, json={"email": "m@example.com"})
        assert sent.status_code == 200, sent.text
        server = ServerClient(http, org.secret_key)
        (code,) = [c["code"] for c in (await server.operator("GET", "/otp")).json()["data"]]
        secrets.append(code)
        wrong = await http.post(
            "/auth/otp/verify", headers=key, json={"email": "m@example.com", "code": "000000"}
        )
        assert wrong.status_code != 200
        verified = await http.post(
            "/auth/otp/verify", headers=key, json={"email": "m@example.com", "code": code}
        )
        assert verified.status_code == 200, verified.text
        member = GuestClient(
            http,
            org.publishable_key,
            verified.json()["accessToken"],
            verified.json()["refreshToken"],
            verified.json()["session"]["consumerId"],
        )
        secrets += [member.access_token, member.refresh_token]
        routed = await member.route(experience_id, access_code=ACCESS_CODE)
        assert routed.status_code == 200, routed.text
        assert (await member.enter(queue_id)).status_code == 200
        clock.advance(5)
        grant = await member.grant_token(queue_id)
        secrets.append(grant)
        assert (await server.redeem(grant)).status_code == 200
        assert (await server.redeem(grant)).status_code == 409  # a refusal is logged too
        # A token typed into a URL and a forged bearer: neither may echo into the log.
        await http.get(f"/grants/{grant}")
        await http.get("/consumers/me", headers={**key, "Authorization": f"Bearer {grant}"})
    return secrets, ids


async def test_json_logs_carry_request_fields_and_never_a_secret(
    captured: tuple[io.StringIO, Any], service: VenueService, clock: FakeClock
) -> None:
    buffer, use = captured
    use("json")
    secrets, ids = await _journey(service, clock)

    text = buffer.getvalue()
    lines = [json.loads(line) for line in text.splitlines()]  # every line is JSON
    requests = [line for line in lines if line["logger"] == "kiosk.venue.access"]
    assert [r["request_id"] for r in requests] == ids
    enter = next(r for r in requests if r["route"] == "/queues/{queue_id}/enter")
    assert enter["method"] == "POST"
    assert enter["status"] == 200
    assert isinstance(enter["duration_ms"], float)
    assert {r["route"] for r in requests} >= {"/auth/otp/verify", "/grants/redeem"}
    assert any(r["route"] is None and r["status"] == 404 for r in requests)
    assert any(line["logger"] == "kiosk.venue.domain.otp" for line in lines)
    for secret in secrets:
        assert secret not in text, f"a secret reached the log: {secret[:6]}..."


async def test_text_logs_have_the_same_fields_and_no_secret(
    captured: tuple[io.StringIO, Any], service: VenueService, clock: FakeClock
) -> None:
    buffer, use = captured
    use("text")
    secrets, ids = await _journey(service, clock)
    text = buffer.getvalue()
    assert "route=/queues/{queue_id}/enter status=200" in text
    assert all(f"request_id={rid}" in text for rid in ids)
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_a_secret_in_a_message_is_redacted(
    captured: tuple[io.StringIO, Any], log_format: LogFormat
) -> None:
    buffer, use = captured
    use(log_format)
    token = "fgr1.eyJnIjoiZ3JhbnQtaWQifQ.c2lnbmF0dXJlLWJ5dGVz"
    logging.getLogger("somewhere").warning("could not use %s with sk_test_abcdef0123456789", token)
    text = buffer.getvalue()
    assert token not in text
    assert "sk_test_abcdef0123456789" not in text
    assert "could not use [redacted] with [redacted]" in text


async def test_the_embedded_venue_writes_no_access_lines_into_the_kiosks_log(
    captured: tuple[io.StringIO, Any], service: VenueService
) -> None:
    """`kiosk run`'s embedded venue builds the app without `access_log`: its polls would
    otherwise fill the kiosk's own log. Latency is still measured."""
    buffer, use = captured
    use("json")
    app = create_app(service)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        assert (await http.get("/healthz")).status_code == 200
        page = (await http.get("/metrics")).text
    assert 'route="/healthz"' in page
    assert "kiosk.venue.access" not in buffer.getvalue()
