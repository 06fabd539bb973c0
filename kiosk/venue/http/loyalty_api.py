"""Loyalty points over HTTP: Fanfare's consumer paths (`GET /loyalty/balance`,
`/loyalty/expirations?withinDays=`, `/loyalty/history?limit=`) for the signed-in consumer,
and the operator's `/operator/consumers/{id}/loyalty-transactions` (secret key) that
credits and debits them."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field, field_validator
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.catalog import AdminBody
from kiosk.venue.domain.loyalty import MAX_POINTS
from kiosk.venue.http.guards import consumer_session, page, require_secret_key
from kiosk.venue.http.requests import invalid_request, read_json, whole_number
from kiosk.venue.venue import Venue

DEFAULT_WITHIN_DAYS, MAX_WITHIN_DAYS = 30, 3650
DEFAULT_LIMIT, MAX_LIMIT = 50, 500


class LoyaltyAdjustment(AdminBody):
    """A credit (`points` > 0, optionally expiring) or a debit (`points` < 0)."""

    points: int = Field(ge=-MAX_POINTS, le=MAX_POINTS)
    expires_on: date | None = None
    source_type: str | None = Field(default=None, min_length=1, max_length=64)
    source_id: str | None = Field(default=None, min_length=1, max_length=128)

    @field_validator("points")
    @classmethod
    def _not_zero(cls, points: int) -> int:
        if points == 0:
            raise ValueError("points must not be 0: credit with > 0, debit with < 0")
        return points


def _whole_number(request: Request, name: str, default: int, most: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    number = whole_number(text)
    if number is None or not 1 <= number <= most:
        message = f"{name} must be a whole number from 1 to {most}"
        path = [{"type": "object", "origin": "value", "input": None, "key": name}]
        issue = {
            "kind": "schema",
            "type": name,
            "expected": "integer",
            "received": "string",
            "message": message,
            "path": path,
        }
        raise invalid_request([issue])
    return number


class LoyaltyApi:
    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/loyalty/balance", self.balance, methods=["GET"]),
            Route("/loyalty/expirations", self.expirations, methods=["GET"]),
            Route("/loyalty/history", self.history, methods=["GET"]),
            Route(
                "/operator/consumers/{id}/loyalty-transactions",
                self.transactions,
                methods=["GET", "POST"],
            ),
        ]

    async def balance(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        return JSONResponse(self._venue.loyalty.balance(session.consumer_id))

    async def expirations(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        days = _whole_number(request, "withinDays", DEFAULT_WITHIN_DAYS, MAX_WITHIN_DAYS)
        return JSONResponse(self._venue.loyalty.expirations(session.consumer_id, days))

    async def history(self, request: Request) -> Response:
        session = consumer_session(self._venue, request)
        limit = _whole_number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        return JSONResponse(self._venue.loyalty.history(session.consumer_id, limit))

    async def transactions(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        loyalty, consumer_id = self._venue.loyalty, request.path_params["id"]
        if request.method == "POST":
            body = await read_json(request, LoyaltyAdjustment)
            answer: Any = loyalty.adjust(
                consumer_id,
                body.points,
                expires_on=body.expires_on,
                source_type=body.source_type,
                source_id=body.source_id,
            )
            return JSONResponse(answer)
        self._venue.consumers.record(consumer_id)  # 404 for a consumer the venue never saw
        return JSONResponse(page(loyalty.history(consumer_id, MAX_LIMIT)))


def openapi_paths(op: Any) -> dict[str, Any]:
    """The operator path above, for the venue server's OpenAPI document."""
    return {
        "/operator/consumers/{id}/loyalty-transactions": {
            "get": op("The consumer's loyalty history, newest first (up to 500)"),
            "post": op(
                "Credit (points > 0, optional expiresOn: points lapse at the start of that "
                "UTC date) or debit (points < 0, soonest-expiring points first) a consumer; "
                "answers the transaction, the balance and lifetimePoints",
                LoyaltyAdjustment,
                conflict="LOYALTY_INSUFFICIENT_POINTS, LOYALTY_EXPIRY_PAST, LOYALTY_DEBIT_EXPIRY",
            ),
        }
    }
