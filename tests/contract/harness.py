"""What every contract test shares: Fanfare's published OpenAPI file and the checks against
it, the venue under test, and the table of cases each test module fills.

A contract module lists what the venue server implements of one part of the consumer API,
`IMPLEMENTED = {(path, method): {status, ...}}`, and makes its `CASES = CaseTable(IMPLEMENTED)`.
Each `@CASES.case(path, method, status)` scenario drives the server into that status with
real requests over ASGITransport, checks what the customer would see and returns the
response. A test marked `@CASES.parametrize` runs each one with `await case.check(venue)`,
which checks the response's status and validates its body against the spec's schema for
that path, method and status; `CASES.assert_every_status_is_exercised()` proves the cases
cover every implemented status.

The file declares no 404/409/413/423/429 on most paths: for those, `response_schema` checks
404/413/429 against the path's declared 401 shape (`{error: string}`) and 409/423 against the
409 schema declared on `POST /auctions/{auctionId}/enter` (`{code, message, ...}`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient, ServerClient

SPEC = json.loads((Path(__file__).parent / "fanfare-consumer-api.json").read_text())

ME = "/consumers/me"

OVERSIZED = b"x" * (64 * 1024 + 1)
WRONG_KEY = "pk_test_" + "0" * 32


# ---- the spec ------------------------------------------------------------------------------

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    moment = datetime.fromisoformat(value)
    return "T" in value and moment.tzinfo is not None


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


def _json_schema(response: dict[str, Any]) -> dict[str, Any]:
    return response["content"]["application/json"]["schema"]


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    responses = SPEC["paths"][path][method]["responses"]
    if str(status) in responses:
        return _json_schema(responses[str(status)])
    if status in (404, 413, 429):
        return _json_schema(responses["401"])
    if status in (409, 423):
        auction_enter = SPEC["paths"]["/auctions/{auctionId}/enter"]["post"]["responses"]
        return _json_schema(auction_enter["409"])
    raise AssertionError(f"no schema to check {method.upper()} {path} {status} against")


def assert_valid(instance: Any, schema: dict[str, Any], what: str) -> None:
    error = best_match(Draft202012Validator(schema, format_checker=FORMATS).iter_errors(instance))
    assert error is None, f"{what} does not match the spec: {error.message} at {error.json_path}"


def assert_response(response: httpx.Response, path: str, method: str, status: int) -> Any:
    """The response has `status` and a body the spec allows there; returns the parsed body."""
    assert response.status_code == status, response.text
    if status == 204:
        assert response.content == b""
        return None
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert_valid(body, response_schema(path, method, status), f"{method.upper()} {path} {status}")
    return body


def sequence_branch(phase: str, mechanism: str) -> dict[str, Any]:
    """The spec's schema for a routed journey's `sequence` in one phase of one mechanism.

    A branch that names no mechanism (the `unavailable` phase, before any distribution
    exists) stands for every mechanism.
    """
    me = _json_schema(SPEC["paths"][ME]["get"]["responses"]["200"])
    journey = me["properties"]["active"]["properties"]["journeys"]["items"]["anyOf"]
    routed = next(j for j in journey if j["properties"]["journeyStage"]["const"] == "routed")
    pending = [routed["properties"]["sequence"]]
    while pending:
        node = pending.pop()
        if "anyOf" in node:
            pending.extend(node["anyOf"])
            continue
        properties = node["properties"]
        named = properties.get("mechanism", {}).get("const")
        if properties["phase"]["const"] == phase and named in (None, mechanism):
            return node
    raise AssertionError(f"the spec has no {mechanism} sequence in phase {phase!r}")


def assert_sequence(
    sequence: dict[str, Any], phase: str, mechanism: str, outcome: str | None = None
) -> None:
    """A journey's `sequence` is in `phase` of `mechanism`, matches the spec's branch for
    that phase and, if `outcome` is given, ended that way."""
    assert sequence["phase"] == phase, sequence
    branch = sequence_branch(phase, mechanism)
    if "mechanism" in branch["properties"]:
        assert sequence.get("mechanism") == mechanism, sequence
    assert_valid(sequence, branch, f"the {mechanism} sequence in {phase}")
    if outcome is not None:
        assert sequence["outcome"]["type"] == outcome, sequence


# ---- the venue under test ------------------------------------------------------------------

Guest = TypeVar("Guest", bound=GuestClient)


@dataclass
class Venue:
    """The venue app over ASGITransport, on a fake clock, with its organization's keys."""

    service: VenueService
    clock: FakeClock
    http: httpx.AsyncClient
    publishable_key: str
    secret_key: str

    @property
    def key(self) -> dict[str, str]:
        return {"X-Publishable-Key": self.publishable_key}

    @property
    def server(self) -> ServerClient:
        return ServerClient(self.http, self.secret_key)

    async def guest(
        self, kind: type[Guest] = GuestClient, *, routed_to: str | None = None
    ) -> Guest:
        """A new guest session (as a `kind` client), routed into an experience if asked."""
        guest = await kind.sign_in(self.http, self.publishable_key)
        assert isinstance(guest, kind)
        if routed_to is not None:
            assert (await guest.route(routed_to)).json()["outcome"] == "routed"
        return guest


# ---- the table -----------------------------------------------------------------------------

AnyVenue = TypeVar("AnyVenue")
Scenario = Callable[[AnyVenue], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Case(Generic[AnyVenue]):
    name: str
    path: str
    method: str
    status: int
    scenario: Scenario[AnyVenue]

    async def check(self, venue: AnyVenue) -> None:
        """Run the scenario; its response has the case's status and a body the spec allows."""
        response = await self.scenario(venue)
        assert_response(response, self.path, self.method, self.status)


class CaseTable(Generic[AnyVenue]):
    """One contract module's cases, and every status they must cover between them."""

    def __init__(self, implemented: dict[tuple[str, str], set[int]]) -> None:
        self.implemented = implemented
        self.cases: list[Case[AnyVenue]] = []

    def case(
        self, path: str, method: str, status: int
    ) -> Callable[[Scenario[AnyVenue]], Scenario[AnyVenue]]:
        """Register the decorated scenario as a case of `path`, `method` and `status`."""

        def register(scenario: Scenario[AnyVenue]) -> Scenario[AnyVenue]:
            self.cases.append(Case(scenario.__name__, path, method, status, scenario))
            return scenario

        return register

    @property
    def parametrize(self) -> pytest.MarkDecorator:
        """Parametrize a test with `case`: every registered case, named after its scenario."""
        return pytest.mark.parametrize("case", self.cases, ids=[c.name for c in self.cases])

    def assert_every_status_is_exercised(self) -> None:
        exercised = {(c.path, c.method, c.status) for c in self.cases}
        expected = {(p, m, s) for (p, m), statuses in self.implemented.items() for s in statuses}
        assert exercised == expected
        assert len({c.name for c in self.cases}) == len(self.cases)

    def assert_schemas_are_valid(self, *, skip: Collection[tuple[str, int]] = ()) -> None:
        """Every schema the cases are checked against is a valid draft 2020-12 schema, but
        those of the (path, status) pairs in `skip` (and 204, which has no body)."""
        for (path, method), statuses in self.implemented.items():
            for status in statuses - {204}:
                if (path, status) not in skip:
                    Draft202012Validator.check_schema(response_schema(path, method, status))
