"""Grants and tokens never reach a log: a whole run, faults included, at DEBUG, scanned."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from kiosk.pos import PosDeliveryWorker, PosOutbox, ReceiptPrinter
from kiosk.pos_bridge.store import BridgeStore
from kiosk.pos_bridge.webhooks import WebhookDispatcher
from kiosk.venue.service import VenueService
from tests.pos.conftest import KIOSK_ID, KIOSK_TOKEN, OTHER_KIOSK_TOKEN, POS_TOKEN, GrantDesk
from tests.pos.fakes import FakeEscposPrinter, FakeLink, FakeReceiver, FakeSteppingClock, drive
from tests.pos.test_bridge import handoff_body

WEBHOOK_SECRET = "whsec_log_scan_0123456789"
LOGGERS = ("", "kiosk", "kiosk.pos", "kiosk.venue", "httpx", "httpcore", "escpos", "uvicorn")


@pytest.fixture
def receiver() -> FakeReceiver:
    return FakeReceiver(500)


@pytest.fixture
async def dispatcher(bridge_store: BridgeStore, clock: FakeSteppingClock, receiver: FakeReceiver):
    async with receiver.client() as http:
        yield WebhookDispatcher(
            bridge_store,
            url="http://pos.test/hook",
            secret=WEBHOOK_SECRET,
            clock=clock,
            http_client=http,
        )


@pytest.fixture
def bridge_options(dispatcher: WebhookDispatcher) -> dict[str, object]:
    return {"webhooks": True, "on_webhook_queued": dispatcher.wake}


def _texts(record: logging.LogRecord) -> list[str]:
    texts = [record.getMessage(), repr(record.args), str(record.msg)]
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        texts.append(record.exc_text)
    texts.append(repr({k: v for k, v in vars(record).items() if k not in ("args", "msg")}))
    return texts


async def test_a_whole_run_with_faults_logs_no_grant_and_no_token(
    caplog: pytest.LogCaptureFixture,
    outbox: PosOutbox,
    worker: PosDeliveryWorker,
    grants: GrantDesk,
    service: VenueService,
    bridge_http: httpx.AsyncClient,
    bridge_link: FakeLink,
    venue_link: FakeLink,
    dispatcher: WebhookDispatcher,
    pos_headers: dict[str, str],
    clock: FakeSteppingClock,
    secret_key: str,
) -> None:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    issued = []
    worker.start()

    # A normal handoff, with a receipt and a webhook that fails once then succeeds.
    grant = await grants.issue()
    issued.append(grant)
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    final = await drive(clock, outbox.wait(handoff.id))
    assert final.status == "acknowledged"
    await ReceiptPrinter(outbox, FakeEscposPrinter, clock=clock).print_handoff(handoff.id)
    await dispatcher.deliver_due()
    clock.advance(60)
    await dispatcher.deliver_due()

    # The bridge down, then the venue down, then both back.
    grant = await grants.issue()
    issued.append(grant)
    bridge_link.down = True
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    for _ in range(3):
        clock.advance(clock.next_deadline() or 0)
        await drive(clock, _noop())
    bridge_link.down, venue_link.down = False, True
    for _ in range(3):
        clock.advance(clock.next_deadline() or 0)
        await drive(clock, _noop())
    venue_link.down = False
    assert (await drive(clock, outbox.wait(handoff.id))).status == "acknowledged"

    # A lost answer, then refusals: replayed, forged, revoked, expired-in-outbox.
    grant = await grants.issue()
    issued.append(grant)
    bridge_link.drop_answers = 1
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    await drive(clock, outbox.wait(handoff.id))
    kiosk = {"Authorization": f"Bearer {KIOSK_TOKEN}"}
    await bridge_http.post("/handoffs", json=handoff_body(grant), headers=kiosk)
    forged = handoff_body(grant, token=grant.token[:-4] + "AAAA")
    await bridge_http.post("/handoffs", json=forged, headers=kiosk)
    revoked = await grants.issue()
    issued.append(revoked)
    service.revoke_grant(revoked.token)
    handoff = await outbox.submit(revoked, kiosk_id=KIOSK_ID)
    assert (await drive(clock, outbox.wait(handoff.id))).failure.code == "GRANT_REVOKED"

    # Hostile and unauthorised requests.
    bad = handoff_body(grant, key="short")
    await bridge_http.post("/handoffs", json=bad, headers=kiosk)
    await bridge_http.post(
        "/handoffs",
        json=handoff_body(grant),
        headers={"Authorization": "Bearer " + OTHER_KIOSK_TOKEN},
    )
    await bridge_http.post(
        "/handoffs",
        json=handoff_body(grant),
        headers={"Authorization": "Bearer guess-" + str(uuid.uuid4())},
    )
    await bridge_http.get("/pos/handoffs", headers={"Authorization": "Bearer " + KIOSK_TOKEN})
    listed = (await bridge_http.get("/pos/handoffs", headers=pos_headers)).json()["data"]
    await bridge_http.post(f"/pos/handoffs/{listed[0]['id']}/complete", headers=pos_headers)

    secrets = [KIOSK_TOKEN, OTHER_KIOSK_TOKEN, POS_TOKEN, secret_key, WEBHOOK_SECRET]
    for grant in issued:
        payload, mac = grant.token.split(".")[1:]
        secrets += [grant.token, payload, mac]
    records = caplog.records
    assert len(records) > 30, "the run should have logged plenty"
    assert any("refused" in r.getMessage() for r in records)
    for record in records:
        for text in _texts(record):
            for secret in secrets:
                assert secret not in text, f"a secret leaked in {record.name}: {record.msg!r}"


async def _noop() -> None:
    return None
