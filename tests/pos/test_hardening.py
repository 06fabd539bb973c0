"""Hostile inputs on the POS side: a kiosk that lies about its grant, a handoff id that
would name a file elsewhere, a webhook signature in non-ASCII characters."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from kiosk.pos.errors import DeliveryRefused
from kiosk.pos.protocol import HandoffGrant, HandoffRequest
from kiosk.pos.transports import SPOOL_BAD_ID, FileSpoolTransport
from kiosk.pos_bridge.webhooks import sign, verify
from kiosk.venue.service import VenueService
from tests.pos.conftest import GrantDesk
from tests.pos.test_bridge import hand_over, handoff_body


async def test_the_bridge_keeps_what_the_venue_says_the_grant_is_for(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    service: VenueService,
    pos_headers: dict[str, str],
) -> None:
    grant = await grants.issue()
    lies = {
        "sequenceId": "seq-the-kiosk-made-up",
        "distributionType": "auction",
        "distributionId": "dist-the-kiosk-made-up",
        "expiresAt": "2099-01-01T00:00:00Z",
    }
    accepted = await hand_over(bridge_http, handoff_body(grant, **lies))
    assert accepted.status_code == 200, accepted.text
    shown = (
        await bridge_http.get(f"/pos/handoffs/{accepted.json()['handoffId']}", headers=pos_headers)
    ).json()
    assert shown["sequenceId"] == grant.sequence_id
    assert shown["distributionType"] == grant.distribution_type
    assert shown["distributionId"] == grant.distribution_id
    assert shown["grantExpiresAt"] == grant.expires_at
    assert "made-up" not in str(shown) and "2099" not in str(shown)


def spool_request(key: str) -> HandoffRequest:
    return HandoffRequest.model_construct(
        idempotency_key=key,
        reference="K7-3F9Q",
        kiosk_id="K7",
        grant=HandoffGrant(
            token="fgr1.payload.mac",
            experience_id="exp",
            sequence_id="seq",
            distribution_type="queue",
            distribution_id="q",
            expires_at="2026-11-27T12:10:00Z",
        ),
    )


@pytest.mark.parametrize(
    "key", ["../../outside-x", "..hidden-key", "-rf-option-x", "a/b/c/d/e/f", "a.b.c.d.json"]
)
async def test_a_spool_file_is_named_only_by_a_valid_id(tmp_path, key: str) -> None:
    spool = FileSpoolTransport(tmp_path / "spool")
    with pytest.raises(DeliveryRefused) as refused:
        await spool.deliver(spool_request(key))
    assert refused.value.code == SPOOL_BAD_ID
    assert not list(tmp_path.rglob("*.json"))


async def test_a_valid_id_still_names_its_spool_file(tmp_path) -> None:
    spool = FileSpoolTransport(tmp_path / "spool")
    await spool.deliver(spool_request("4a0f3c1e-0000-4000-8000-000000000001"))
    assert [p.name for p in (tmp_path / "spool").iterdir()] == [
        "4a0f3c1e-0000-4000-8000-000000000001.json"
    ]


@pytest.mark.parametrize("signature", ["sha256=é", "ünïcödé", "sha256=\ud800", "\x00"])
def test_webhook_verification_is_false_for_non_ascii_signatures(signature: str) -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    stamp = str(int(now.timestamp()))
    assert verify("whsec", timestamp=stamp, body=b"{}", signature=signature, now=now) is False
    good = sign("whsec", int(stamp), b"{}")
    assert verify("whsec", timestamp=stamp, body=b"{}", signature=good, now=now) is True
