"""Redeeming a grant server-side, behind one interface: the venue server or Fanfare's cloud.

`VenueGrantRedeemer` calls our venue server's `POST /grants/redeem` (validate and consume,
atomically, single use). `FanfareCheckoutRedeemer` calls Fanfare's checkout API,
`POST /checkout` with the grant as `admissionToken`, which validates it and opens the order.
Both send the secret key as `Authorization: Bearer sk_...` and raise `RedemptionRefused`
(final, with one of the bridge's refusal codes) or `RedemptionUnavailable` (try again).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from kiosk.pos.protocol import (
    BRIDGE_NOT_AUTHORISED,
    CHECKOUT_REJECTED,
    GRANT_EXPIRED,
    GRANT_FORGED,
    GRANT_REPLAYED,
    GRANT_REVOKED,
    GRANT_WRONG_EXPERIENCE,
    VENUE_UNAVAILABLE,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RedeemRequest:
    token: str
    experience_id: str
    sequence_id: str
    distribution_type: str
    distribution_id: str
    idempotency_key: str  # the kiosk's: the same handoff is the same checkout

    def __repr__(self) -> str:
        return f"RedeemRequest(experience_id={self.experience_id!r}, token=<hidden>)"


class RedemptionRefused(Exception):
    def __init__(self, code: str, message: str, *, upstream_code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.upstream_code = upstream_code


class RedemptionUnavailable(Exception):
    """The redeemer could not answer now. `sent` is False when no request left the bridge."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        sent: bool,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.sent = sent
        self.retry_after = retry_after


class GrantRedeemer(Protocol):
    # True when repeating a redemption is safe and answers the same (the redeemer itself is
    # idempotent on `idempotency_key`); then an uncertain earlier attempt is no concern.
    idempotent: bool

    async def redeem(self, request: RedeemRequest) -> dict[str, Any]:
        """Redeem; returns what the redeemer said about it (never the token)."""
        ...

    async def aclose(self) -> None: ...


VENUE_REFUSALS = {
    "GRANT_INVALID": GRANT_FORGED,
    "GRANT_NOT_FOUND": GRANT_FORGED,
    "GRANT_EXPIRED": GRANT_EXPIRED,
    "GRANT_ALREADY_REDEEMED": GRANT_REPLAYED,
    "GRANT_REVOKED": GRANT_REVOKED,
    "GRANT_WRONG_EXPERIENCE": GRANT_WRONG_EXPERIENCE,
}

REFUSAL_MESSAGES = {
    GRANT_FORGED: "This pass was not issued by this venue.",
    GRANT_EXPIRED: "This pass has expired.",
    GRANT_REPLAYED: "This pass has already been used.",
    GRANT_REVOKED: "This pass was cancelled by staff.",
    GRANT_WRONG_EXPERIENCE: "This pass is for a different release.",
    CHECKOUT_REJECTED: "The checkout did not accept this pass.",
}


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _unavailable_for(response: httpx.Response, what: str) -> RedemptionUnavailable:
    if response.status_code in (401, 403):
        log.error("%s refused the bridge's secret key (HTTP %d)", what, response.status_code)
        return RedemptionUnavailable(
            BRIDGE_NOT_AUTHORISED,
            f"{what} refused the bridge's secret key; staff must fix the bridge's settings.",
            sent=True,
        )
    return RedemptionUnavailable(
        VENUE_UNAVAILABLE,
        f"{what} answered HTTP {response.status_code}; try again shortly.",
        sent=True,
        retry_after=_retry_after(response),
    )


async def _post(
    http: httpx.AsyncClient, url: str, secret_key: str, body: dict[str, Any], what: str
) -> httpx.Response:
    try:
        return await http.post(url, json=body, headers={"Authorization": f"Bearer {secret_key}"})
    except httpx.ConnectError as exc:
        raise RedemptionUnavailable(
            VENUE_UNAVAILABLE, f"{what} is not reachable.", sent=False
        ) from exc
    except httpx.HTTPError as exc:  # timeouts, dropped connections: it may have happened
        raise RedemptionUnavailable(
            VENUE_UNAVAILABLE, f"{what} did not answer ({type(exc).__name__}).", sent=True
        ) from exc


# The grant's facts a venue redemption answer carries, as the venue API names them.
VERIFIED_FIELDS = ("experienceId", "sequenceId", "distributionType", "distributionId", "expiresAt")


class VenueGrantRedeemer:
    """`POST {venue_url}/grants/redeem` with the venue's secret key."""

    idempotent = False  # a repeat of a redeem that went through is GRANT_ALREADY_REDEEMED

    def __init__(
        self,
        venue_url: str,
        secret_key: str,
        *,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 5.0,
    ) -> None:
        if not secret_key.startswith("sk_"):
            raise ValueError("the bridge needs the venue's secret key (sk_...)")
        self._url = venue_url.rstrip("/") + "/grants/redeem"
        self._secret_key = secret_key
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)

    def __repr__(self) -> str:
        return f"VenueGrantRedeemer({self._url!r})"

    async def redeem(self, request: RedeemRequest) -> dict[str, Any]:
        body = {"token": request.token, "experienceId": request.experience_id}
        response = await _post(self._http, self._url, self._secret_key, body, "The venue server")
        doc = _json(response)
        if response.status_code == 200 and doc.get("redeemed") is True:
            grant = doc.get("grant") if isinstance(doc.get("grant"), dict) else {}
            # What the venue says the grant is for, not what the kiosk claimed: the bridge
            # stores and shows these (`VERIFIED_FIELDS`).
            keep = ("grantId", "consumerId", "usedAt", *VERIFIED_FIELDS)
            answer = {key: grant[key] for key in keep if isinstance(grant.get(key), str)}
            if "expiresAt" in answer:
                answer["grantExpiresAt"] = answer.pop("expiresAt")
            return {"source": "venue", **answer}
        if response.status_code == 409:
            upstream = str(doc.get("code", ""))
            code = VENUE_REFUSALS.get(upstream, GRANT_FORGED)
            raise RedemptionRefused(code, REFUSAL_MESSAGES[code], upstream_code=upstream)
        raise _unavailable_for(response, "The venue server")

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()


@dataclass(frozen=True, slots=True)
class CheckoutProduct:
    """What a grant buys at Fanfare's checkout: one product variant, in one currency."""

    product_id: str
    variant_id: str
    currency_code: str
    quantity: int = 1


def _checkout_refusal(status: int, doc: dict[str, Any]) -> str:
    """Fanfare's checkout errors are `{error}` or `{code, message}`; map them by their words."""
    text = f"{doc.get('code', '')} {doc.get('error', '')} {doc.get('message', '')}".upper()
    for words, code in (
        (("EXPIRED",), GRANT_EXPIRED),
        (("REVOKED",), GRANT_REVOKED),
        (("ALREADY", "USED", "REDEEMED", "COMPLETED", "DUPLICATE"), GRANT_REPLAYED),
        (("WRONG", "MISMATCH", "DISTRIBUTION"), GRANT_WRONG_EXPERIENCE),
        (("ADMISSION", "TOKEN", "GRANT", "INVALID", "NOT_FOUND"), GRANT_FORGED),
    ):
        if any(word in text for word in words):
            return code
    return CHECKOUT_REJECTED


class FanfareCheckoutRedeemer:
    """`POST {checkout_url}/checkout` with `admissionToken`, per Fanfare's checkout API.

    `products` maps a distribution id (or, failing that, an experience id) to what its grant
    buys. The kiosk's idempotency key is the checkout's `idempotencyKey`, so a repeat of the
    same handoff is the same checkout (Fanfare deduplicates it).
    """

    idempotent = True

    def __init__(
        self,
        checkout_url: str,
        secret_key: str,
        *,
        products: Mapping[str, CheckoutProduct],
        success_url: str,
        cancel_url: str,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not secret_key.startswith("sk_"):
            raise ValueError("the bridge needs the Fanfare secret key (sk_...)")
        self._url = checkout_url.rstrip("/") + "/checkout"
        self._secret_key = secret_key
        self._products = dict(products)
        self._success_url = success_url
        self._cancel_url = cancel_url
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout)

    def __repr__(self) -> str:
        return f"FanfareCheckoutRedeemer({self._url!r})"

    async def redeem(self, request: RedeemRequest) -> dict[str, Any]:
        product = self._products.get(request.distribution_id) or self._products.get(
            request.experience_id
        )
        if product is None:
            raise RedemptionRefused(
                GRANT_WRONG_EXPERIENCE,
                "This POS sells nothing for this release.",
                upstream_code="NO_PRODUCT",
            )
        body = {
            "admissionToken": request.token,
            "distributionId": request.distribution_id,
            "productId": product.product_id,
            "variantId": product.variant_id,
            "quantity": product.quantity,
            "currencyCode": product.currency_code,
            "successUrl": self._success_url,
            "cancelUrl": self._cancel_url,
            "idempotencyKey": request.idempotency_key,
        }
        response = await _post(self._http, self._url, self._secret_key, body, "Fanfare checkout")
        doc = _json(response)
        if response.status_code in (200, 201) and doc.get("orderId"):
            keep = ("orderId", "paymentId", "checkoutUrl", "expiresAt", "deadline")
            return {"source": "fanfare-checkout", **{k: doc[k] for k in keep if k in doc}}
        if response.status_code in (400, 404, 409, 410, 422):
            code = _checkout_refusal(response.status_code, doc)
            upstream = str(doc.get("code") or doc.get("error") or response.status_code)
            raise RedemptionRefused(code, REFUSAL_MESSAGES[code], upstream_code=upstream)
        raise _unavailable_for(response, "Fanfare checkout")

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()
