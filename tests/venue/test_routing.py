"""`IndexedRouter` answers every request exactly as Starlette's own `Router` would."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router

from kiosk.venue.http.app import create_app
from kiosk.venue.http.routing import IndexedRouter
from kiosk.venue.service import VenueService
from tests.conftest import BASE_URL

METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD")
VOLATILE = {"x-request-id", "date"}  # differ between any two responses


async def answers(app: Starlette, requests: list[tuple[str, str]]) -> list[tuple[object, ...]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        seen = []
        for method, path in requests:
            response = await client.request(method, path)
            headers = sorted((k, v) for k, v in response.headers.items() if k not in VOLATILE)
            seen.append((method, path, response.status_code, headers, response.content))
        return seen


def with_router(app: Starlette, router: type[Router]) -> Starlette:
    app.router = router(list(app.router.routes), lifespan=app.router.lifespan_context)
    return app


def concrete(path: str) -> str:
    """A route's path with every parameter filled in."""
    return re.sub(r"\{[^}]+\}", "x", path)


async def test_every_venue_route_answers_as_with_starlettes_router(
    service: VenueService,
) -> None:
    """Each route of the real app, each method, with a trailing slash and a near miss: the
    same status, headers and body (here: refusals, since no request carries a key)."""
    app = create_app(service)
    assert isinstance(app.router, IndexedRouter)
    paths = [concrete(r.path) for r in app.router.routes if isinstance(r, Route)]
    paths += [p + "/" for p in paths] + ["/queues", "/nowhere", "/", "/queues/x/status/more"]
    requests = [(method, path) for path in paths for method in METHODS]

    indexed = await answers(app, requests)
    plain = await answers(with_router(create_app(service), Router), requests)

    # /metrics answers with counters of the requests before it: its status is compared, not
    # its body (each app counted its own requests).
    def comparable(answer: tuple) -> tuple:  # type: ignore[type-arg]
        method, path, status, _headers, _body = answer
        return (method, path, status) if path == "/metrics" else answer

    assert [comparable(a) for a in indexed] == [comparable(a) for a in plain]
    statuses = {status for _, _, status, _, _ in indexed}
    assert {401, 404, 405, 307} <= statuses  # refusals, misses, wrong methods, slash redirects


def endpoint(name: str):  # type: ignore[no-untyped-def]
    async def answer(request: Request) -> Response:
        route = request.scope["route"].path  # what Starlette's router records too
        return PlainTextResponse(f"{name} {dict(request.path_params)} {route}")

    return answer


def tricky_routes() -> list[BaseRoute]:
    """Routes whose order matters: a parameter as first segment, a mount, overlaps."""
    return [
        Route("/items/{id}", endpoint("item"), methods=["GET"]),
        Route("/{kind}/{id}/special", endpoint("kind-special"), methods=["GET", "POST"]),
        Route("/items/{id}/{action}", endpoint("item-action"), methods=["POST"]),
        Route("/items/{id}/special", endpoint("item-special"), methods=["GET"]),
        Mount("/static", routes=[Route("/{name}", endpoint("static"))]),
        Route("/", endpoint("root")),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/items/1",
        "/items/1/special",
        "/items/1/open",
        "/other/2/special",
        "/static/logo.png",
        "/",
        "/items/",
        "/items/1/",
        "/unknown",
    ],
)
async def test_order_and_partial_matches_are_kept(path: str) -> None:
    """Earlier routes still win (`/{kind}/{id}/special` before `/items/{id}/special`), a mount
    and a parameter first segment are tried for every path, 405s and redirects unchanged."""
    requests = [(method, path) for method in METHODS]
    plain = await answers(Starlette(routes=tricky_routes()), requests)
    indexed = await answers(with_router(Starlette(routes=tricky_routes()), IndexedRouter), requests)
    assert indexed == plain


async def test_an_earlier_route_with_a_parameter_first_segment_still_wins() -> None:
    app = with_router(Starlette(routes=tricky_routes()), IndexedRouter)
    [(_, _, status, _, body)] = await answers(app, [("GET", "/items/1/special")])
    assert (status, body) == (
        200,
        b"kind-special {'kind': 'items', 'id': '1'} /{kind}/{id}/special",
    )


async def test_routes_added_after_construction_are_found() -> None:
    router = IndexedRouter([Route("/a", endpoint("a"))])
    router.routes.append(Route("/b/{x}", endpoint("b")))
    app = Starlette()
    app.router = router
    [(_, _, status, _, body)] = await answers(app, [("GET", "/b/1")])
    assert (status, body) == (200, b"b {'x': '1'} /b/{x}")
