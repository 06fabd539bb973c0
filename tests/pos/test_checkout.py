"""The Fanfare cloud adapter: Fanfare's checkout API (`POST /checkout`, `admissionToken`)
behind the same redeemer interface, checked against Fanfare's published OpenAPI file."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from kiosk.pos_bridge.app import create_bridge_app
from kiosk.pos_bridge.redeemers import (
    CheckoutProduct,
    FanfareCheckoutRedeemer,
    RedeemRequest,
    RedemptionRefused,
    RedemptionUnavailable,
)
from kiosk.pos_bridge.service import BridgeService
from kiosk.pos_bridge.store import BridgeStore
from tests.pos.conftest import KIOSK_ID, KIOSK_TOKEN, POS_TOKEN
from tests.pos.fakes import FakeSteppingClock

SPEC = json.loads((Path(__file__).with_name("fanfare-checkout-api.json")).read_text())
CHECKOUT = SPEC["paths"]["/checkout"]["post"]
SECRET = "sk_live_checkout_secret_0123456789"
DISTRIBUTION = str(uuid.uuid4())
PRODUCT = CheckoutProduct(str(uuid.uuid4()), str(uuid.uuid4()), "USD", 1)


def schema(part: dict[str, Any]) -> dict[str, Any]:
    return part["content"]["application/json"]["schema"]


class FakeCheckoutApi:
    """Fanfare's checkout API as its OpenAPI file describes it, plus token bookkeeping."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # admissionToken -> "valid" | an error code
        self.orders: dict[str, dict[str, Any]] = {}  # idempotencyKey -> response
        self.bodies: list[dict[str, Any]] = []
        self.fail_with: int | None = None

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/checkout"
        if request.headers.get("authorization") != f"Bearer {SECRET}":
            return httpx.Response(401, json={"error": "Unauthorized"})
        if self.fail_with is not None:
            return httpx.Response(self.fail_with, json={"error": "Internal server error"})
        body = json.loads(request.content)
        jsonschema.validate(body, schema(CHECKOUT["requestBody"]))
        self.bodies.append(body)
        if body["idempotencyKey"] in self.orders:
            return httpx.Response(200, json=self.orders[body["idempotencyKey"]])
        state = self.tokens.get(body["admissionToken"], "ADMISSION_TOKEN_INVALID")
        if state != "valid":
            return httpx.Response(409, json={"code": state, "message": state.lower()})
        self.tokens[body["admissionToken"]] = "ADMISSION_TOKEN_ALREADY_USED"
        order = {
            "orderId": str(uuid.uuid4()),
            "paymentId": str(uuid.uuid4()),
            "checkoutUrl": "https://checkout.fanfare.io/pay/abc",
            "expiresAt": "2026-11-27T12:30:00Z",
            "deadline": "2026-11-27T12:30:00Z",
        }
        jsonschema.validate(order, schema(CHECKOUT["responses"]["200"]))
        self.orders[body["idempotencyKey"]] = order
        return httpx.Response(200, json=order)


@pytest.fixture
def api() -> FakeCheckoutApi:
    return FakeCheckoutApi()


@pytest.fixture
async def redeemer(api: FakeCheckoutApi) -> FanfareCheckoutRedeemer:
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handler)) as http:
        yield FanfareCheckoutRedeemer(
            "https://checkout.fanfare.io/api",
            SECRET,
            products={DISTRIBUTION: PRODUCT},
            success_url="https://shop.example/ok",
            cancel_url="https://shop.example/cancel",
            http_client=http,
        )


def redeem_request(token: str, key: str | None = None, distribution: str = DISTRIBUTION):
    return RedeemRequest(
        token=token,
        experience_id="exp",
        sequence_id="seq",
        distribution_type="queue",
        distribution_id=distribution,
        idempotency_key=key or str(uuid.uuid4()),
    )


async def test_checkout_sends_the_grant_as_admission_token_per_the_spec(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi
) -> None:
    api.tokens["grant-1"] = "valid"
    key = str(uuid.uuid4())

    result = await redeemer.redeem(redeem_request("grant-1", key))

    body = api.bodies[0]
    assert body["admissionToken"] == "grant-1"
    assert body["idempotencyKey"] == key
    assert (body["productId"], body["variantId"], body["currencyCode"], body["quantity"]) == (
        PRODUCT.product_id,
        PRODUCT.variant_id,
        "USD",
        1,
    )
    assert result["source"] == "fanfare-checkout"
    assert result["orderId"] == api.orders[key]["orderId"]
    assert "grant-1" not in json.dumps(result)


async def test_a_repeat_with_the_same_key_is_the_same_checkout(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi
) -> None:
    api.tokens["grant-1"] = "valid"
    request = redeem_request("grant-1")

    first = await redeemer.redeem(request)
    again = await redeemer.redeem(request)

    assert first == again
    assert redeemer.idempotent is True


@pytest.mark.parametrize(
    ("upstream", "code"),
    [
        ("ADMISSION_TOKEN_EXPIRED", "GRANT_EXPIRED"),
        ("ADMISSION_TOKEN_ALREADY_USED", "GRANT_REPLAYED"),
        ("ADMISSION_TOKEN_REVOKED", "GRANT_REVOKED"),
        ("DISTRIBUTION_MISMATCH", "GRANT_WRONG_EXPERIENCE"),
        ("ADMISSION_TOKEN_INVALID", "GRANT_FORGED"),
        ("OUT_OF_STOCK", "CHECKOUT_REJECTED"),
    ],
)
async def test_checkout_refusals_map_to_the_bridges_codes(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi, upstream: str, code: str
) -> None:
    api.tokens["grant-1"] = upstream

    with pytest.raises(RedemptionRefused) as raised:
        await redeemer.redeem(redeem_request("grant-1"))

    assert (raised.value.code, raised.value.upstream_code) == (code, upstream)


async def test_a_distribution_this_pos_does_not_sell_is_refused_without_calling(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi
) -> None:
    with pytest.raises(RedemptionRefused) as raised:
        await redeemer.redeem(redeem_request("grant-1", distribution=str(uuid.uuid4())))

    assert raised.value.code == "GRANT_WRONG_EXPERIENCE"
    assert api.bodies == []


@pytest.mark.parametrize(
    ("status", "code"), [(500, "VENUE_UNAVAILABLE"), (503, "VENUE_UNAVAILABLE")]
)
async def test_checkout_outages_are_retryable(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi, status: int, code: str
) -> None:
    api.fail_with = status

    with pytest.raises(RedemptionUnavailable) as raised:
        await redeemer.redeem(redeem_request("grant-1"))

    assert raised.value.code == code


async def test_a_wrong_secret_key_is_reported_as_the_bridges_problem(api: FakeCheckoutApi) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(api.handler)) as http:
        redeemer = FanfareCheckoutRedeemer(
            "https://checkout.fanfare.io/api",
            "sk_live_wrong",
            products={DISTRIBUTION: PRODUCT},
            success_url="https://shop.example/ok",
            cancel_url="https://shop.example/cancel",
            http_client=http,
        )
        with pytest.raises(RedemptionUnavailable) as raised:
            await redeemer.redeem(redeem_request("grant-1"))

    assert raised.value.code == "BRIDGE_NOT_AUTHORISED"


async def test_the_bridge_redeems_through_fanfare_checkout_when_configured(
    redeemer: FanfareCheckoutRedeemer, api: FakeCheckoutApi, tmp_path, clock: FakeSteppingClock
) -> None:
    api.tokens["grant-1"] = "valid"
    store = BridgeStore(tmp_path / "bridge.sqlite3")
    service = BridgeService(
        store, redeemer, kiosk_tokens={KIOSK_ID: KIOSK_TOKEN}, pos_token=POS_TOKEN, clock=clock
    )
    body = {
        "idempotencyKey": str(uuid.uuid4()),
        "reference": "K7-3F9Q",
        "kioskId": KIOSK_ID,
        "grant": {
            "token": "grant-1",
            "experienceId": "exp",
            "sequenceId": "seq",
            "distributionType": "queue",
            "distributionId": DISTRIBUTION,
        },
    }
    transport = httpx.ASGITransport(app=create_bridge_app(service))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bridge.test") as http:
            kiosk = {"Authorization": f"Bearer {KIOSK_TOKEN}"}
            first = await http.post("/handoffs", json=body, headers=kiosk)
            again = await http.post("/handoffs", json=body, headers=kiosk)
            listed = await http.get(
                "/pos/handoffs", headers={"Authorization": f"Bearer {POS_TOKEN}"}
            )
    finally:
        store.close()

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(api.bodies) == 1
    redemption = listed.json()["data"][0]["redemption"]
    assert redemption["source"] == "fanfare-checkout"
    assert redemption["orderId"] in {order["orderId"] for order in api.orders.values()}
