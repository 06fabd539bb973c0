"""Every mechanism the venue runs, each as one `MechanismSpec`, in one list.

The venue service loads engines with `load`, the operator API creates them with `create`,
the demo builds its experiences with `demo`, the app factory mounts `routes` and the
OpenAPI builder adds `openapi_paths`. Adding a mechanism is its engine module in `domain/`,
its HTTP module in `http/`, its demo builder, and one line in `MECHANISMS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.routing import BaseRoute

from kiosk.venue import demos
from kiosk.venue.domain import appointment, auction, draw, queue, timed_release
from kiosk.venue.http import appointment_api, auction_api, draw_api, queue_api, timed_release_api
from kiosk.venue.services.distributions import Factory
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


MECHANISMS: list[MechanismSpec] = [
    MechanismSpec(
        name="queue",
        load=queue.load,
        create=queue.create,
        demo=demos.queue_demo,
        routes=queue_api.routes,
        openapi_paths=queue_api.openapi_paths,
    ),
    MechanismSpec(
        name="appointment",
        load=appointment.load,
        create=appointment.create,
        demo=demos.appointment_demo,
        routes=appointment_api.routes,
        openapi_paths=appointment_api.openapi_paths,
    ),
    MechanismSpec(
        name="auction",
        load=auction.load,
        create=auction.create,
        demo=demos.auction_demo,
        routes=auction_api.routes,
        openapi_paths=auction_api.openapi_paths,
    ),
    MechanismSpec(
        name="draw",
        load=draw.load,
        create=draw.create,
        demo=demos.draw_demo,
        routes=draw_api.routes,
        openapi_paths=draw_api.openapi_paths,
    ),
    MechanismSpec(
        name="timed_release",
        load=timed_release.load,
        create=timed_release.create,
        demo=demos.timed_release_demo,
        routes=timed_release_api.routes,
        openapi_paths=timed_release_api.openapi_paths,
    ),
]
