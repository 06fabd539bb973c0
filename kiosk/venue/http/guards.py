"""Who may call: the publishable key and consumer bearer on consumer paths, the secret key on
operator and grant paths."""

from __future__ import annotations

from starlette.requests import Request

from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.http.requests import bearer_token
from kiosk.venue.service import VenueService


def require_publishable_key(service: VenueService, request: Request) -> None:
    service.check_publishable_key(request.headers.get("x-publishable-key"))


def consumer_session(service: VenueService, request: Request) -> ConsumerSession:
    require_publishable_key(service, request)
    return service.authenticate(bearer_token(request))


def require_secret_key(service: VenueService, request: Request) -> None:
    service.check_secret_key(bearer_token(request))
