"""Transports: what the bridge's HTTP answers mean to the kiosk, and the file spool."""

from __future__ import annotations

import json
import os

import httpx
import pytest

from kiosk.pos import DeliveryDeferred, DeliveryRefused, FileSpoolTransport, HttpBridgeTransport
from kiosk.pos.protocol import HandoffGrant, HandoffRequest

TOKEN = "fgr1.payload.signature-of-the-grant"
REQUEST = HandoffRequest(
    idempotency_key="4a0f3c1e-0000-4000-8000-000000000001",
    reference="K7-3F9Q",
    kiosk_id="K7",
    grant=HandoffGrant(
        token=TOKEN,
        experience_id="exp",
        sequence_id="seq",
        distribution_type="queue",
        distribution_id="q",
        expires_at="2026-11-27T12:10:00Z",
    ),
)


def transport_answering(*responses: httpx.Response | Exception) -> tuple[HttpBridgeTransport, list]:
    seen: list[httpx.Request] = []
    script = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return HttpBridgeTransport(
        "http://bridge.test/", "kiosk-token-123456789", http_client=client
    ), seen


async def test_a_200_is_the_pos_answer_and_the_request_is_authenticated_and_keyed() -> None:
    transport, seen = transport_answering(
        httpx.Response(
            200,
            json={
                "status": "accepted",
                "handoffId": "ho_1",
                "reference": "K7-3F9Q",
                "register": "3",
                "orderNumber": "0042",
                "message": "Go to register 3.",
                "somethingNew": True,
            },
        )
    )

    answer = await transport.deliver(REQUEST)

    assert (answer.register, answer.order_number, answer.message) == (
        "3",
        "0042",
        "Go to register 3.",
    )
    assert answer.pos_handoff_id == "ho_1"
    request = seen[0]
    assert str(request.url) == "http://bridge.test/handoffs"
    assert request.headers["authorization"] == "Bearer kiosk-token-123456789"
    assert request.headers["idempotency-key"] == REQUEST.idempotency_key
    assert json.loads(request.content)["grant"]["token"] == TOKEN


@pytest.mark.parametrize(
    ("response", "code", "retry_after", "uncertain"),
    [
        (httpx.ConnectError("refused"), "BRIDGE_UNREACHABLE", None, False),
        (httpx.ReadTimeout("slow"), "BRIDGE_NO_ANSWER", None, True),
        (httpx.RemoteProtocolError("cut"), "BRIDGE_NO_ANSWER", None, True),
        (
            httpx.Response(
                503,
                json={"code": "VENUE_UNAVAILABLE", "message": "x", "retryable": True},
                headers={"Retry-After": "4"},
            ),
            "VENUE_UNAVAILABLE",
            4.0,
            False,
        ),
        (httpx.Response(502, text="<html>bad gateway</html>"), "BRIDGE_ERROR", None, False),
        (
            httpx.Response(401, json={"code": "KIOSK_UNAUTHORIZED"}),
            "KIOSK_NOT_AUTHORISED",
            None,
            False,
        ),
        (httpx.Response(200, text="not json"), "BRIDGE_ERROR", None, False),
    ],
)
async def test_answers_that_mean_try_again(
    response: httpx.Response | Exception, code: str, retry_after: float | None, uncertain: bool
) -> None:
    transport, _ = transport_answering(response)

    with pytest.raises(DeliveryDeferred) as raised:
        await transport.deliver(REQUEST)

    assert raised.value.code == code
    assert raised.value.retry_after == retry_after
    assert raised.value.uncertain is uncertain
    assert TOKEN not in str(raised.value)


@pytest.mark.parametrize(
    ("response", "code"),
    [
        (httpx.Response(409, json={"code": "GRANT_REPLAYED", "message": "used"}), "GRANT_REPLAYED"),
        (httpx.Response(422, json={"code": "IDEMPOTENCY_KEY_REUSED"}), "IDEMPOTENCY_KEY_REUSED"),
        (httpx.Response(400, json={"code": "VALIDATION_ERROR"}), "REJECTED"),
        (httpx.Response(404, text="no such path"), "REJECTED"),
    ],
)
async def test_answers_that_are_final(response: httpx.Response, code: str) -> None:
    transport, _ = transport_answering(response)

    with pytest.raises(DeliveryRefused) as raised:
        await transport.deliver(REQUEST)

    assert raised.value.code == code


def test_the_transport_does_not_show_its_token() -> None:
    transport = HttpBridgeTransport("http://bridge.test", "kiosk-token-123456789")

    assert "kiosk-token" not in repr(transport)
    assert TOKEN not in repr(REQUEST)


async def test_the_spool_writes_one_whole_file_per_handoff(tmp_path) -> None:
    spool = FileSpoolTransport(tmp_path / "spool")

    answer = await spool.deliver(REQUEST)
    again = await spool.deliver(REQUEST)

    files = sorted(p.name for p in (tmp_path / "spool").iterdir())
    assert files == [f"{REQUEST.idempotency_key}.json"]
    doc = json.loads((tmp_path / "spool" / files[0]).read_text())
    assert doc["type"] == "fanfare.handoff"
    assert doc["reference"] == "K7-3F9Q"
    assert doc["grant"]["token"] == TOKEN  # the POS redeems it
    assert answer == again
    assert answer.message == "Show your reference code K7-3F9Q at the till."
    if os.name == "posix":
        assert (tmp_path / "spool" / files[0]).stat().st_mode & 0o777 == 0o640


async def test_a_spool_that_cannot_be_written_is_retried(tmp_path) -> None:
    blocker = tmp_path / "spool"
    blocker.write_text("a file where the folder should be")

    with pytest.raises(DeliveryDeferred) as raised:
        await FileSpoolTransport(blocker).deliver(REQUEST)

    assert raised.value.code == "SPOOL_UNAVAILABLE"
    assert [p.name for p in tmp_path.iterdir()] == ["spool"]


async def test_the_spool_works_with_the_worker(tmp_path, outbox, grants, clock) -> None:
    from kiosk.pos import PosDeliveryWorker
    from tests.pos.fakes import drive

    worker = PosDeliveryWorker(outbox, FileSpoolTransport(tmp_path / "spool"), clock=clock)
    handoff = await outbox.submit(await grants.issue(), kiosk_id="K7")
    worker.start()
    try:
        final = await drive(clock, outbox.wait(handoff.id))
    finally:
        await worker.aclose()

    assert final.status == "acknowledged"
    assert (tmp_path / "spool" / f"{handoff.id}.json").exists()
