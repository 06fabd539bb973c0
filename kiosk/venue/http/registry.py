"""HTTP routes of every mechanism besides the queue. Add one line per mechanism; the imports
are inside the function so route modules may import the service freely."""

from __future__ import annotations

from starlette.routing import Route

from kiosk.venue.service import VenueService


def mechanism_routes(service: VenueService) -> list[Route]:
    from kiosk.venue.http import appointment_api, auction_api, draw_api, timed_release_api

    routes: list[Route] = []
    routes += appointment_api.routes(service)
    routes += auction_api.routes(service)
    routes += draw_api.routes(service)
    routes += timed_release_api.routes(service)
    return routes
