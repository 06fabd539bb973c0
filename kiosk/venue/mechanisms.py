"""Every mechanism the venue runs, each as one `MechanismSpec`, in one list.

The venue service loads engines with `load`, the operator API creates them with `create`,
the demo builds its experiences with `demo`, the app factory mounts `routes`, the OpenAPI
builder adds `openapi_paths`, and leaving an experience withdraws through `leave`. Adding a
mechanism is its engine module in `domain/`, its HTTP module in `http/`, its demo builder,
and one line in `MECHANISMS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from starlette.routing import BaseRoute

from kiosk.venue import demos
from kiosk.venue.domain import appointment, auction, draw, queue, timed_release
from kiosk.venue.http import appointment_api, auction_api, draw_api, queue_api, timed_release_api
from kiosk.venue.services.distributions import Factory, Leave
from kiosk.venue.state import Loader
from kiosk.venue.venue import Venue

# Builds one secret-key operation of the OpenAPI document (summary, body, schema, conflict).
OperationBuilder = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class MechanismSpec:
    name: str  # `sequence.mechanism` on the wire
    load: Loader  # every engine of this mechanism, rebuilt from the store
    create: Factory  # the operator's create body -> a new engine and its records
    demo: Callable[[Venue], None]  # the demo experience(s)
    routes: Callable[[Venue], list[BaseRoute]]  # consumer and operator paths
    openapi_paths: Callable[[OperationBuilder], dict[str, Any]]  # our operator paths
    leave: Leave  # `DELETE /experiences/{id}/leave` on this mechanism


def _spec(
    name: str, engine: ModuleType, api: ModuleType, demo: Callable[[Venue], None]
) -> MechanismSpec:
    """A mechanism from its engine module (`load`, `create`) and its HTTP module (`routes`,
    `openapi_paths`)."""
    return MechanismSpec(
        name=name,
        load=engine.load,
        create=engine.create,
        demo=demo,
        routes=api.routes,
        openapi_paths=api.openapi_paths,
        leave=engine.leave_experience,
    )


MECHANISMS: list[MechanismSpec] = [
    _spec("queue", queue, queue_api, demos.queue_demo),
    _spec("appointment", appointment, appointment_api, demos.appointment_demo),
    _spec("auction", auction, auction_api, demos.auction_demo),
    _spec("draw", draw, draw_api, demos.draw_demo),
    _spec("timed_release", timed_release, timed_release_api, demos.timed_release_demo),
]
