"""Auctions over HTTP: Fanfare's consumer paths (`/auctions/{auctionId}/...`, exactly as in
`fanfare-consumer-api.json`) and the operator's `/operator/auctions` (secret key). A bidder
withdraws through `DELETE /experiences/{experienceId}/leave` (`experience_api.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.core.instants import format_optional
from kiosk.venue.domain import auction
from kiosk.venue.domain.auction import (
    AuctionCreate,
    AuctionEngine,
    AuctionUpdate,
    fits_currency,
    minor_unit,
    money,
)
from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusalKind, RefusedError, not_found
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.guards import (
    consumer_session,
    page,
    require_publishable_key,
    require_secret_key,
)
from kiosk.venue.http.requests import invalid_request, read_body, read_json, whole_number
from kiosk.venue.venue import Venue
from kiosk.wire.distributions import BidRequest

MECHANISM = "auction"
DEFAULT_LIMIT, MAX_LIMIT = 50, 500


def _issue(key: str, message: str, expected: str, received: str) -> dict[str, Any]:
    path = [{"type": "object", "origin": "value", "input": None, "key": key}]
    return {
        "kind": "schema",
        "type": key,
        "expected": expected,
        "received": received,
        "message": message,
        "path": path,
    }


def _limit(request: Request) -> int:
    text = request.query_params.get("limit")
    if text is None:
        return DEFAULT_LIMIT
    limit = whole_number(text)
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        message = f"limit must be a whole number from 1 to {MAX_LIMIT}"
        raise invalid_request([_issue("limit", message, "integer", "string")])
    return limit


def _checked_amount(engine: AuctionEngine, amount: Decimal) -> Decimal:
    """A well-formed amount may still be zero or finer than the currency's smallest unit."""
    currency = engine.config.currency_code
    if amount <= 0 or not fits_currency(amount, currency):
        message = f"amount must be a positive multiple of {minor_unit(currency)} {currency}"
        raise invalid_request([_issue("amount", message, "decimal string", format(amount, "f"))])
    return amount


def _amount_or_accept(engine: AuctionEngine, amount: Decimal | None, now: datetime) -> Decimal:
    """The bid's amount; none is a Dutch auction's accept at the live price (the spec marks
    `amount` optional). An English auction has no price to accept, so it needs one."""
    if amount is not None:
        return _checked_amount(engine, amount)
    if engine.config.auction_type != "dutch":
        message = "amount is required in an English auction"
        raise invalid_request([_issue("amount", message, "decimal string", "undefined")])
    return engine.min_bid(now)


def public_auction(engine: AuctionEngine) -> dict[str, Any]:
    """`GET /auctions/{auctionId}`: the published rules and the effective times."""
    config, runtime = engine.config, engine.runtime
    body: dict[str, Any] = {
        "id": config.id,
        "auctionType": config.auction_type,
        "timeZone": config.time_zone,
        "currencyCode": config.currency_code,
        "openAt": format_optional(config.opens_at),
        "closeAt": format_optional(engine.closes_at()),
        "settleAt": format_optional(runtime.settle_at),
        "startPrice": money(config.start_price),
        "reservePrice": money(config.reserve_price),
        "floorPrice": money(config.floor_price),
        "minBidIncrement": money(config.min_bid_increment),
        "priceDropAmount": money(config.price_drop_amount),
        "priceDropIntervalSeconds": config.price_drop_interval_seconds,
        "quantity": config.quantity,
        "autoExtendSeconds": config.auto_extend_seconds,
    }
    if runtime.settled_at is not None:
        body["statusOverride"] = "ended"
        body["statusOverrideAt"] = format_optional(runtime.settled_at)
    return {key: value for key, value in body.items() if value is not None}


class AuctionApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        base = "/auctions/{auction_id}"
        return [
            Route(base, self.auction, methods=["GET"]),
            Route(f"{base}/enter", self.enter, methods=["POST"]),
            Route(f"{base}/bid", self.bid, methods=["POST"]),
            Route(f"{base}/status", self.status, methods=["GET"]),
            Route(f"{base}/current-price", self.current_price, methods=["GET"]),
            Route(f"{base}/highest-bid", self.highest_bid, methods=["GET"]),
            Route(f"{base}/bids", self.bids, methods=["GET"]),
            Route(f"{base}/bids/history", self.history, methods=["GET"]),
            Route("/operator/auctions", self.operator_auctions, methods=["GET", "POST"]),
            Route("/operator/auctions/{id}", self.operator_auction, methods=["GET", "PUT"]),
            Route("/operator/auctions/{id}/settle", self.operator_settle, methods=["POST"]),
            Route("/operator/auctions/{id}/bids", self.operator_bids, methods=["GET"]),
        ]

    # ---- consumer paths ------------------------------------------------------------------

    async def auction(self, request: Request) -> Response:
        venue = self._venue
        require_publishable_key(venue, request)
        body = venue.distributions.read(
            request.path_params["auction_id"], MECHANISM, lambda engine, now: public_auction(engine)
        )
        return JSONResponse(body)

    async def enter(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        await read_body(request)  # bounded, and ignored: entering takes no body

        def action(engine: AuctionEngine, now: datetime) -> TickResult:
            return engine.enter(session.consumer_id, now)

        return JSONResponse(self._act(session, request, action, lambda e, n: {"success": True}))

    async def bid(self, request: Request) -> Response:
        venue = self._venue
        session = consumer_session(venue, request)
        body = await read_json(request, BidRequest)

        def action(engine: AuctionEngine, now: datetime) -> TickResult:
            amount = _amount_or_accept(engine, body.amount, now)
            # The bidder is always the signed-in consumer: the body cannot name anyone else.
            return engine.bid(session.consumer_id, amount, now)

        return JSONResponse(self._act(session, request, action, self._status_of(session)))

    async def status(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        return JSONResponse(self._read(session, request, self._status_of(session)))

    async def current_price(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)

        def read(engine: AuctionEngine, now: datetime) -> dict[str, Any]:
            return {
                "currentPrice": money(engine.current_price(now)),
                "remainingQuantity": engine.remaining,
                "auctionEnded": engine.lifecycle(now) in ("settling", "closed"),
            }

        return JSONResponse(self._read(session, request, read))

    async def highest_bid(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)

        def read(engine: AuctionEngine, now: datetime) -> dict[str, Any]:
            highest = engine.highest()
            if highest is None:
                # 404 like an unknown auction, but named: there is no highest bid to give.
                message = "No bids have been placed in this auction yet."
                raise RefusedError("no_bids", message, RefusalKind.NOT_FOUND)
            return {"amount": money(highest.amount)}

        return JSONResponse(self._read(session, request, read))

    async def bids(self, request: Request) -> Response:
        venue = self._venue
        session = consumer_session(venue, request)
        organization_id = request.query_params.get("organizationId")
        if not organization_id:
            raise invalid_request(
                [_issue("organizationId", "organizationId is required", "string", "undefined")]
            )
        limit = _limit(request)
        if organization_id != venue.organization.id:
            raise not_found(f"No auction with id {request.path_params['auction_id']!r}.")

        def read(engine: AuctionEngine, now: datetime) -> list[dict[str, Any]]:
            return auction.bid_rows(engine, engine.bids[-limit:], session.consumer_id)

        return JSONResponse(self._read(session, request, read))

    async def history(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        limit = _limit(request)

        def read(engine: AuctionEngine, now: datetime) -> list[dict[str, Any]]:
            own = [bid for bid in engine.bids if bid.consumer_id == session.consumer_id]
            return auction.bid_rows(engine, own[-limit:], session.consumer_id)

        return JSONResponse(self._read(session, request, read))

    # ---- helpers -------------------------------------------------------------------------

    def _act(self, session: ConsumerSession, request: Request, action: Any, respond: Any) -> Any:
        auction_id = request.path_params["auction_id"]
        distributions = self._venue.distributions
        return distributions.consumer_action(session, auction_id, MECHANISM, action, respond)

    def _read(self, session: ConsumerSession, request: Request, read: Any) -> Any:
        auction_id = request.path_params["auction_id"]
        return self._venue.distributions.read(auction_id, MECHANISM, read)

    def _status_of(self, session: ConsumerSession) -> Any:
        token_for = self._venue.token_for

        def respond(engine: AuctionEngine, now: datetime) -> dict[str, Any]:
            return auction.consumer_state(engine, session.consumer_id, token_for).to_wire()

        return respond

    # ---- operator paths (secret key) -----------------------------------------------------

    async def operator_auctions(self, request: Request) -> Response:
        venue = self._venue
        require_secret_key(venue, request)
        if request.method == "POST":
            body = await read_json(request, AuctionCreate)
            return JSONResponse(venue.distributions.create_view(auction.create, body, _describe))
        return JSONResponse(page(venue.distributions.read_all(MECHANISM, _describe)))

    async def operator_auction(self, request: Request) -> Response:
        venue = self._venue
        require_secret_key(venue, request)
        auction_id = request.path_params["id"]
        distributions = venue.distributions
        if request.method != "PUT":
            return JSONResponse(distributions.read(auction_id, MECHANISM, _describe))
        body = await read_json(request, AuctionUpdate)

        def action(engine: AuctionEngine, now: datetime) -> TickResult:
            return engine.reconfigure(body, now)

        return JSONResponse(distributions.operator_action(auction_id, MECHANISM, action, _describe))

    async def operator_settle(self, request: Request) -> Response:
        venue = self._venue
        require_secret_key(venue, request)
        await read_body(request)

        def action(engine: AuctionEngine, now: datetime) -> TickResult:
            return engine.settle_now(now)

        answer = venue.distributions.operator_action(
            request.path_params["id"], MECHANISM, action, _describe
        )
        return JSONResponse(answer)

    async def operator_bids(self, request: Request) -> Response:
        """Every bid with its consumer id, newest first (the operator's audit view)."""
        venue = self._venue
        require_secret_key(venue, request)
        engine = venue.distributions.get(request.path_params["id"], MECHANISM)
        limit = _limit(request)
        rows = auction.bid_rows(engine, engine.bids[-limit:], None, show_consumers=True)
        return JSONResponse(rows)


def _describe(engine: AuctionEngine, now: datetime) -> dict[str, Any]:
    return engine.describe(now)


def routes(venue: Venue) -> list[BaseRoute]:
    return AuctionApi(venue).routes()


def openapi_paths(op: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The operator paths above, for the venue server's OpenAPI document (`op` builds one
    secret-key operation: summary, optional body model, `schema=`, `conflict=`)."""
    return {
        "/operator/auctions": {
            "get": op("List auctions with their live figures"),
            "post": op(
                "Create an auction (Fanfare's admin `POST /auctions` body: sequenceId, name, "
                "settleAt, auctionType english|dutch, openAt, closeAt, prices as decimal "
                "strings; plus currencyCode (default: the experience's), "
                "admissionExpirationSeconds and supportsGuest)",
                AuctionCreate,
                conflict="SEQUENCE_HAS_DISTRIBUTION",
            ),
        },
        "/operator/auctions/{id}": {
            "get": op(
                "Get an auction: settings, effective close and settlement (after anti-sniping "
                "extensions), bid count, highest bid or current price, winners"
            ),
            "put": op(
                "Update an auction (partial). Once a bid exists, the type, currency, openAt, "
                "prices, quantity and autoExtendSeconds are fixed; nothing changes once settled",
                AuctionUpdate,
                conflict="AUCTION_HAS_BIDS, AUCTION_SETTLED",
            ),
        },
        "/operator/auctions/{id}/settle": {
            "post": op(
                "Close (if still open) and settle now: winners get their grants",
                conflict="AUCTION_SETTLED",
            )
        },
        "/operator/auctions/{id}/bids": {
            "get": {
                **op(
                    "Every bid with its consumer id, newest first (up to `limit`)",
                    schema={"type": "array", "items": {"type": "object"}},
                ),
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                    }
                ],
            }
        },
    }
