"""The POS bridge: who may hand over, redemption before acceptance, one answer per handoff,
a clear code for every refusal, and the POS's JSON API."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid

import httpx
import pytest

from kiosk.pos_bridge.service import BridgeService
from kiosk.venue.domain.signing import TokenSigner
from kiosk.venue.service import VenueService
from kiosk.wire.projection import AdmissionGrant
from tests.conftest import make_queue
from tests.pos.conftest import KIOSK_ID, KIOSK_TOKEN, OTHER_KIOSK_TOKEN, GrantDesk
from tests.pos.fakes import FakeLink, FakeSteppingClock, drive


def handoff_body(grant: AdmissionGrant, *, key: str | None = None, **grant_fields: str) -> dict:
    return {
        "idempotencyKey": key or str(uuid.uuid4()),
        "reference": "K7-3F9Q",
        "kioskId": KIOSK_ID,
        "grant": {
            "token": grant.token,
            "experienceId": grant.experience_id,
            "sequenceId": grant.sequence_id,
            "distributionType": grant.distribution_type,
            "distributionId": grant.distribution_id,
            "expiresAt": grant.expires_at,
            **grant_fields,
        },
    }


def kiosk(token: str = KIOSK_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def hand_over(http: httpx.AsyncClient, body: dict, token: str = KIOSK_TOKEN):
    return await http.post("/handoffs", json=body, headers=kiosk(token))


def refusal(response: httpx.Response) -> str:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["retryable"] is False and body["message"]
    return body["code"]


async def test_an_accepted_handoff_was_redeemed_at_the_venue_first(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService, venue_link: FakeLink
) -> None:
    grant = await grants.issue()

    response = await hand_over(bridge_http, handoff_body(grant))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "accepted"
    assert body["handoffId"].startswith("ho_")
    assert (body["register"], body["orderNumber"]) == ("1", "0001")
    assert venue_link.count("/grants/redeem") == 1
    with pytest.raises(Exception, match="already been used"):
        service.validate_grant(grant.token)


async def test_the_same_handoff_twice_is_redeemed_once_and_answered_the_same(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, venue_link: FakeLink
) -> None:
    body = handoff_body(await grants.issue())

    first = await hand_over(bridge_http, body)
    again = await hand_over(bridge_http, body)

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len([e for e in venue_link.exchanges if e.path == "/grants/redeem"]) == 1


async def test_concurrent_copies_of_one_handoff_are_redeemed_once(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, venue_link: FakeLink
) -> None:
    body = handoff_body(await grants.issue())

    responses = await asyncio.gather(*(hand_over(bridge_http, body) for _ in range(10)))

    assert {r.status_code for r in responses} == {200}
    assert len({json.dumps(r.json(), sort_keys=True) for r in responses}) == 1
    assert len([e for e in venue_link.exchanges if e.path == "/grants/redeem"]) == 1


async def test_a_refusal_is_also_answered_the_same_way_again(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, venue_link: FakeLink
) -> None:
    grant = await grants.issue()
    assert (await hand_over(bridge_http, handoff_body(grant))).status_code == 200
    replay = handoff_body(grant)

    first = await hand_over(bridge_http, replay)
    again = await hand_over(bridge_http, replay)

    assert refusal(first) == refusal(again) == "GRANT_REPLAYED"
    assert len([e for e in venue_link.exchanges if e.path == "/grants/redeem"]) == 2


def _tamper(token: str, **changes: object) -> str:
    prefix, body, mac = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return f"{prefix}.{base64.urlsafe_b64encode(raw).rstrip(b'=').decode()}.{mac}"


async def test_forged_grants_are_refused_as_forged(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService
) -> None:
    grant = await grants.issue()
    payload = json.loads(base64.urlsafe_b64decode(grant.token.split(".")[1] + "=="))
    signer = TokenSigner(bytes.fromhex(service.organization.signing_secret), "fgr1")
    forgeries = {
        "longer expiry": _tamper(grant.token, e=payload["e"] + 86_400),
        "signed with another key": TokenSigner(b"not ours", "fgr1").sign(payload),
        "never issued": signer.sign({**payload, "g": str(uuid.uuid4())}),
        "garbage": "fgr1.???.!!!",
    }

    for name, token in forgeries.items():
        response = await hand_over(bridge_http, handoff_body(grant, token=token))
        assert refusal(response) == "GRANT_FORGED", name

    assert (await hand_over(bridge_http, handoff_body(grant))).status_code == 200


async def test_an_expired_grant_is_refused_as_expired(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService, clock
) -> None:
    grant = await grants.issue(
        make_queue(service, admit_rate=100_000, admission_expiration_seconds=60)
    )
    clock.advance(61)

    assert refusal(await hand_over(bridge_http, handoff_body(grant))) == "GRANT_EXPIRED"


async def test_a_revoked_grant_is_refused_as_revoked(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService
) -> None:
    grant = await grants.issue()
    service.revoke_grant(grant.token)

    assert refusal(await hand_over(bridge_http, handoff_body(grant))) == "GRANT_REVOKED"


async def test_a_grant_claimed_for_another_experience_is_refused_and_stays_usable(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService
) -> None:
    grant = await grants.issue()
    other = make_queue(service, admit_rate=100_000)

    wrong = handoff_body(grant, experienceId=other.experience_id)
    assert refusal(await hand_over(bridge_http, wrong)) == "GRANT_WRONG_EXPERIENCE"
    assert (await hand_over(bridge_http, handoff_body(grant))).status_code == 200


@pytest.mark.parametrize("bridge_options", [{"experiences": ["exp-sold-here"]}])
async def test_a_bridge_that_sells_other_experiences_refuses_without_redeeming(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, service: VenueService, venue_link: FakeLink
) -> None:
    grant = await grants.issue()

    assert refusal(await hand_over(bridge_http, handoff_body(grant))) == "GRANT_WRONG_EXPERIENCE"
    assert venue_link.exchanges == []
    service.validate_grant(grant.token)  # still usable elsewhere


async def test_unknown_and_missing_kiosk_tokens_are_refused_before_anything_happens(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, venue_link: FakeLink, bridge: BridgeService
) -> None:
    body = handoff_body(await grants.issue())

    unknown = await hand_over(bridge_http, body, token="kiosk-token-nobody-has-0000")
    missing = await bridge_http.post("/handoffs", json=body)
    secretish = await bridge_http.post("/handoffs", json=body, headers={"Authorization": "Basic x"})
    other_kiosk = await hand_over(bridge_http, body, token=OTHER_KIOSK_TOKEN)

    for response in (unknown, missing, secretish):
        assert response.status_code == 401
        assert response.json()["code"] == "KIOSK_UNAUTHORIZED"
    assert (other_kiosk.status_code, other_kiosk.json()["code"]) == (403, "KIOSK_MISMATCH")
    assert venue_link.exchanges == []
    assert bridge.handoffs("all") == []


async def test_one_idempotency_key_cannot_carry_two_grants(
    bridge_http: httpx.AsyncClient, grants: GrantDesk, venue_link: FakeLink
) -> None:
    key = str(uuid.uuid4())
    assert (
        await hand_over(bridge_http, handoff_body(await grants.issue(), key=key))
    ).status_code == 200

    reused = await hand_over(bridge_http, handoff_body(await grants.issue(), key=key))

    assert (reused.status_code, reused.json()["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert venue_link.count("/grants/redeem") == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"idempotencyKey": "k" * 12, "reference": "K7-0000", "kioskId": "K7"},
        {"idempotencyKey": "k" * 12, "reference": "K7-0000", "kioskId": "K7", "grant": {}, "x": 1},
        [1, 2, 3],
    ],
)
async def test_malformed_handoffs_get_a_clear_400_that_echoes_nothing(
    bridge_http: httpx.AsyncClient, body: object
) -> None:
    response = await bridge_http.post("/handoffs", json=body, headers=kiosk())

    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


async def test_an_invalid_grant_field_is_not_echoed_back(bridge_http: httpx.AsyncClient) -> None:
    secretish = "fgr1." + "s" * 5000
    body = {
        "idempotencyKey": "k" * 12,
        "reference": "K7-0000",
        "kioskId": "K7",
        "grant": {
            "token": secretish,
            "experienceId": "e",
            "sequenceId": "s",
            "distributionType": "queue",
            "distributionId": "d",
        },
    }

    response = await bridge_http.post("/handoffs", json=body, headers=kiosk())

    assert response.status_code == 400
    assert "sss" not in response.text


async def test_oversized_bodies_are_refused(bridge_http: httpx.AsyncClient) -> None:
    response = await bridge_http.post(
        "/handoffs", content=b"{" + b" " * 20_000 + b"}", headers=kiosk()
    )

    assert (response.status_code, response.json()["code"]) == (413, "PAYLOAD_TOO_LARGE")


async def test_venue_down_during_redemption_is_retried_then_answered_retryable(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    body = handoff_body(await grants.issue())
    venue_link.down = True

    down = await drive(clock, hand_over(bridge_http, body))

    assert down.status_code == 503
    assert down.json()["code"] == "VENUE_UNAVAILABLE" and down.json()["retryable"] is True
    assert down.headers["retry-after"] == "2"
    assert len(venue_link.exchanges) == 3  # the bridge tried three times
    venue_link.down = False
    up = await hand_over(bridge_http, body)
    assert up.status_code == 200
    assert venue_link.count("/grants/redeem") == 1


async def test_a_lost_venue_answer_is_never_sold_twice(
    bridge_http: httpx.AsyncClient,
    grants: GrantDesk,
    venue_link: FakeLink,
    clock: FakeSteppingClock,
) -> None:
    body = handoff_body(await grants.issue())
    venue_link.drop_answers = 1  # the venue redeems it, the bridge never hears

    answer = await drive(clock, hand_over(bridge_http, body))

    assert refusal(answer) == "GRANT_REDEMPTION_UNCERTAIN"
    assert refusal(await hand_over(bridge_http, body)) == "GRANT_REDEMPTION_UNCERTAIN"


async def test_a_bridge_with_a_wrong_secret_key_says_so_and_stays_retryable(
    bridge_store, venue_client, clock: FakeSteppingClock, grants: GrantDesk
) -> None:
    from kiosk.pos_bridge.app import create_bridge_app
    from kiosk.pos_bridge.redeemers import VenueGrantRedeemer

    service = BridgeService(
        bridge_store,
        VenueGrantRedeemer("http://venue.test", "sk_test_" + "0" * 48, http_client=venue_client),
        kiosk_tokens={KIOSK_ID: KIOSK_TOKEN},
        pos_token="p" * 20,
        clock=clock,
    )
    transport = httpx.ASGITransport(app=create_bridge_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://bridge.test") as http:
        response = await hand_over(http, handoff_body(await grants.issue()))

    assert response.status_code == 503
    assert response.json()["code"] == "BRIDGE_NOT_AUTHORISED"
