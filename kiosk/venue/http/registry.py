"""HTTP routes of every mechanism besides the queue. Add one line per mechanism; the imports
are inside the function so route modules may import the service freely."""

from __future__ import annotations

from starlette.routing import Route

from kiosk.venue.service import VenueService


def mechanism_routes(service: VenueService) -> list[Route]:
    routes: list[Route] = []
    return routes
