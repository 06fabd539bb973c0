"""A Starlette router that tries only the routes a path can match.

Starlette's `Router` tries every route in order until one matches: the venue has ~70, and
`/queues/{id}/status` came 32nd, so a status poll spent more time finding its handler
than answering. Every venue route starts with a literal segment (`queues`, `operator`,
...), and a path can only match routes whose first segment is its own. `IndexedRouter`
groups the routes by that segment, keeping their order, and tries the path's group first;
anything it does not fully match (a wrong method, a trailing slash, an unknown path) goes
to Starlette's own routing, which answers exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send


def _first_segment(path: str) -> str:
    return path[1:].partition("/")[0]


def _literal_first_segment(route: BaseRoute) -> str | None:
    """The first path segment every path this route matches starts with, if it is fixed."""
    if not isinstance(route, Route):
        return None  # a Mount, Host or websocket route: tried for every path
    segment = _first_segment(route.path)
    return None if "{" in segment else segment


class IndexedRouter(Router):
    """`Router`, with the routes grouped by their first path segment (order kept)."""

    def __init__(self, routes: Sequence[BaseRoute], **kwargs: object) -> None:
        super().__init__(routes, **kwargs)  # type: ignore[arg-type]
        self._groups: dict[str, list[BaseRoute]] = {}
        self._indexed = -1  # len(self.routes) when the groups were built

    def _group(self, segment: str) -> list[BaseRoute]:
        if self._indexed != len(self.routes):  # routes added after construction
            self._groups = _grouped(self.routes)
            self._indexed = len(self.routes)
        return self._groups.get(segment) or self._groups.get("", [])

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            for route in self._group(_first_segment(scope["path"])):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", self)
                    scope["route"] = route
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
        # No full match in the group means none anywhere: Starlette decides (405, a slash
        # redirect, 404), trying every route as it always did.
        await super().app(scope, receive, send)


def _grouped(routes: Sequence[BaseRoute]) -> dict[str, list[BaseRoute]]:
    """Each first segment's candidate routes in their original order: its own routes and
    those that could match any path. Key "" holds those alone, for every other segment."""
    segments = {_literal_first_segment(route) for route in routes} - {None}
    groups: dict[str, list[BaseRoute]] = {segment: [] for segment in segments if segment}
    groups[""] = []
    for route in routes:
        segment = _literal_first_segment(route)
        for key, group in groups.items():
            if segment is None or segment == key:
                group.append(route)
    return groups
