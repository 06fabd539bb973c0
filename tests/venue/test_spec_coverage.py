"""Every operation of Fanfare's consumer API file is routed by the venue app: a path and
method the spec has and the app does not would answer 404/405 to a client that follows the
spec. (What each route answers is the contract tests' business, in tests/contract.)"""

from __future__ import annotations

import re

from starlette.routing import BaseRoute, Match

from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.contract.harness import SPEC

METHODS = {"get", "post", "put", "patch", "delete"}


def spec_operations() -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        for method in item
        if method in METHODS
    ]


def _concrete(path: str) -> str:
    # A parameter value no literal segment of the spec equals (`me`, `archived-status`).
    return re.sub(r"\{[^}]+\}", "p-123e4567", path)


def route_for(routes: list[BaseRoute], method: str, path: str) -> BaseRoute | None:
    """The first route that fully matches, as Starlette would pick it."""
    scope = {"type": "http", "path": _concrete(path), "method": method}
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    return None


def test_the_spec_has_fifty_operations() -> None:
    # A refreshed spec file with new operations should fail here first, loudly.
    assert len(spec_operations()) == 50


def test_every_spec_operation_is_routed(service: VenueService) -> None:
    routes = create_app(service).routes
    missing = [f"{m} {p}" for m, p in spec_operations() if route_for(routes, m, p) is None]
    assert missing == []


def test_literal_paths_are_not_swallowed_by_parameters(service: VenueService) -> None:
    """`/consumers/me` and `/experiences/archived-status` reach their own handlers, not the
    `{id}` route next to them."""
    routes = create_app(service).routes
    for method, path in [("GET", "/consumers/me"), ("POST", "/experiences/archived-status")]:
        scope = {"type": "http", "path": path, "method": method}
        matched = next(r for r in routes if r.matches(scope)[0] is Match.FULL)
        assert getattr(matched, "path", None) == path
