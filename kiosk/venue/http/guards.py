"""Who may call: the publishable key and consumer bearer on consumer paths, the secret key on
operator and grant paths."""

from __future__ import annotations

from starlette.requests import Request

from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.requests import bearer_token
from kiosk.venue.venue import Venue


def require_publishable_key(venue: Venue, request: Request) -> None:
    venue.access.check_publishable_key(request.headers.get("x-publishable-key"))


def consumer_session(venue: Venue, request: Request) -> ConsumerSession:
    require_publishable_key(venue, request)
    return venue.access.authenticate(bearer_token(request))


def require_secret_key(venue: Venue, request: Request) -> None:
    venue.access.check_secret_key(bearer_token(request))


def page(items: list[dict[str, object]]) -> dict[str, object]:
    """The operator API's list shape."""
    return {"data": items, "pageInfo": {"startCursor": None, "endCursor": None}}
