"""The operator's create / list / get / update of one mechanism's distributions, shared by
the mechanisms whose operator paths are just that (draws, timed releases): the list and the
views come with live counts, an update is checked by the engine and saved in one unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kiosk.venue.domain.engine import TickResult
from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.http.guards import page, require_secret_key
from kiosk.venue.http.requests import invalid_request, read_json
from kiosk.venue.services.distributions import Factory
from kiosk.venue.venue import Venue


def schedule_invalid(message: str, expected: str) -> RefusedError:
    """400 for a body that is well formed but impossible with the stored values."""
    return invalid_request(
        [
            {
                "kind": "validation",
                "type": "schedule",
                "expected": expected,
                "received": "object",
                "message": message,
                "path": [],
            }
        ]
    )


@dataclass(frozen=True)
class OperatorPaths:
    """What differs between mechanisms: the path, the bodies and how the engine checks one."""

    mechanism: str
    path: str  # e.g. "/operator/draws"
    create_body: type[BaseModel]
    update_body: type[BaseModel]
    factory: Factory
    schedule_rule: str  # the schedule an update must keep, for its 400


class DistributionOperatorApi:
    def __init__(self, venue: Venue, paths: OperatorPaths) -> None:
        self._venue = venue
        self._paths = paths

    def routes(self) -> list[BaseRoute]:
        path = self._paths.path
        return [
            Route(path, self.collection, methods=["GET", "POST"]),
            Route(path + "/{id}", self.item, methods=["GET", "PUT"]),
        ]

    def view(self, engine: Any, now: datetime) -> dict[str, Any]:
        return {**engine.describe(now), "organizationId": self._venue.organization.id}

    async def collection(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        distributions, paths = self._venue.distributions, self._paths
        if request.method == "POST":
            body = await read_json(request, paths.create_body)
            return JSONResponse(distributions.create_view(paths.factory, body, self.view))
        return JSONResponse(page(distributions.read_all(paths.mechanism, self.view)))

    async def item(self, request: Request) -> Response:
        require_secret_key(self._venue, request)
        distributions, paths = self._venue.distributions, self._paths
        distribution_id = request.path_params["id"]
        if request.method != "PUT":
            return JSONResponse(distributions.read(distribution_id, paths.mechanism, self.view))
        body = await read_json(request, paths.update_body)
        changes = body.model_dump(exclude_unset=True)

        def update(engine: Any, now: datetime) -> TickResult:
            try:
                config = engine.update(changes, now)
            except ValueError as exc:
                raise schedule_invalid(str(exc), paths.schedule_rule) from exc
            engine.set_config(config)
            return TickResult(dirty=[engine.config_record()])

        return JSONResponse(
            distributions.operator_action(distribution_id, paths.mechanism, update, self.view)
        )

