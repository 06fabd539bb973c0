"""Fakes for the SDK tests: a consumer API behind `httpx.MockTransport`, and a clock that
records how long each caller asked to sleep."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from kiosk.core.tasks import start_task
from kiosk.sdk import GatedView, RoutedView
from kiosk.sdk.builder import ViewContext, view_from_projection
from kiosk.sdk.ports import MechanismPorts
from kiosk.wire.projection import ConsumerMe
from tests.fakes import FakeClock

T = TypeVar("T")

API_URL = "http://127.0.0.1:4802"
PUBLISHABLE_KEY = "pk_test_kiosk"
EXPERIENCE_ID = "exp_1"
GRANT_TOKEN = "grant-secret-token-123"


class RecordingClock(FakeClock):
    """A `FakeClock` that remembers every sleep it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await super().sleep(seconds)

    def next_deadline(self) -> float | None:
        pending = [due for due, future in self._sleepers if not future.done()]
        return min(pending) - self.monotonic() if pending else None


async def settle(rounds: int = 30) -> None:
    """Let ready tasks run (no time passes: this only yields to the event loop)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


async def drive(
    clock: RecordingClock,
    awaitable: Coroutine[Any, Any, T] | asyncio.Future[T],
    max_steps: int = 200,
) -> T:
    """Run `awaitable`, moving the fake clock to each sleeper's deadline until it finishes."""
    task = (
        awaitable if isinstance(awaitable, asyncio.Future) else start_task(awaitable, name="drive")
    )
    for _ in range(max_steps):
        await settle()
        if task.done():
            return task.result()
        delay = clock.next_deadline()
        if delay is not None:
            clock.advance(max(delay, 0.0))
    task.cancel()
    raise AssertionError("drive(): the awaitable did not finish")


class FakeEventStream:
    """One `GET /consumers/me/events` answer whose body the test writes as it goes:
    `send()` SSE text, `fail()` breaks the connection, `end()` closes it cleanly."""

    def __init__(self) -> None:
        self._chunks: asyncio.Queue[bytes | Exception | None] = asyncio.Queue()

    def send(self, text: str) -> None:
        self._chunks.put_nowait(text.encode())

    def me(self, api: FakeConsumerApi, event_id: str) -> None:
        """The fake API's current `/consumers/me` body as one `me` event."""
        self.send(f"id: {event_id}\nevent: me\ndata: {json.dumps(api.me_body())}\n\n")

    def fail(self) -> None:
        self._chunks.put_nowait(httpx.ReadError("connection reset"))

    def end(self) -> None:
        self._chunks.put_nowait(None)

    async def body(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self._chunks.get()
            if chunk is None:
                return
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk


@dataclass
class Scripted:
    """A canned answer for the next request to one (method, path)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    error: Exception | None = None


def distribution(mechanism: str, dist_id: str, lifecycle: str = "open", **extra: Any) -> dict:
    return {
        "type": mechanism,
        "id": dist_id,
        "sequenceId": "seq_general",
        "lifecycle": lifecycle,
        **extra,
    }


def selection(sequence_id: str, priority: float, status: str = "admissible", gates=None) -> dict:
    return {
        "sequence": {
            "id": sequence_id,
            "name": sequence_id,
            "experienceId": EXPERIENCE_ID,
            "priority": priority,
            "color": None,
        },
        "status": status,
        "gates": gates or [],
        "reasons": [],
    }


ACCESS_CODE_GATE = {
    "type": "access_code",
    "status": "missing",
    "reason": {"code": "ACCESS_CODE_REQUIRED"},
}


class FakeConsumerApi:
    """Enough of the consumer API to walk every phase and mechanism, with failure injection.

    One experience (`exp_1`); its routed sequence and distribution are configurable. Tokens
    look like `at-secret-N` / `rt-secret-N` so tests can check they never leak.
    """

    def __init__(self, clock: FakeClock, mechanism: str = "queue", dist_id: str = "q_1") -> None:
        self.clock = clock
        self.requests: list[httpx.Request] = []
        self.scripted: dict[tuple[str, str], list[Scripted]] = {}
        self.offline = False
        self.poll_interval: float | None = None
        self.access_ttl = 3600.0
        self.valid_access: set[str] = set()
        self.valid_refresh: set[str] = set()
        self._tokens = 0
        self.consumer_id = "cons_1"
        self.mechanism = mechanism
        self.dist_id = dist_id
        self.sequence_id = "seq_general"
        # Experience id -> `/consumers/me` journey item (camelCase, as on the wire).
        self.journeys: dict[str, dict] = {}
        self.waitlists: list[dict] = []
        self.queue_state: dict[str, Any] = {"status": "NOT_QUEUED"}
        self.next_position = 5
        self.initial_phase = "enterable"
        self.details: dict[str, Any] | None = None
        # Route behaviour: gated unless the right code, and codes that unlock a VIP sequence.
        self.required_code: str | None = None
        self.vip_code: str | None = None
        self.no_access = False
        self.route_calls: list[dict] = []
        # Like Fanfare's harness: each status poll moves the queue forward, granting at zero.
        self.auto_progress = False
        # Answers to `GET /consumers/me/events`, in order (none: 404, as Fanfare's cloud).
        self.event_streams: list[FakeEventStream] = []

    # -- plumbing ----------------------------------------------------------------------------

    def http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))

    def script(self, method: str, path: str, *answers: Scripted) -> None:
        self.scripted.setdefault((method, path), []).extend(answers)

    def me_body(self) -> dict[str, Any]:
        return {"active": {"journeys": list(self.journeys.values())}, "waitlists": self.waitlists}

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def issue_tokens(self) -> tuple[str, str]:
        self._tokens += 1
        access, refresh = f"at-secret-{self._tokens}", f"rt-secret-{self._tokens}"
        self.valid_access.add(access)
        self.valid_refresh.add(refresh)
        return access, refresh

    def expires_at(self) -> str:
        return _iso(self.clock.now() + timedelta(seconds=self.access_ttl))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.offline:
            raise httpx.ConnectError("connection refused", request=request)
        queue = self.scripted.get((request.method, request.url.path))
        if queue:
            answer = queue.pop(0)
            if answer.error is not None:
                raise answer.error
            return httpx.Response(answer.status, json=answer.body, headers=answer.headers)
        if request.headers.get("X-Publishable-Key") != PUBLISHABLE_KEY:
            return _json(401, {"error": "unauthorized", "message": "bad publishable key"})
        path = request.url.path
        body = json.loads(request.content) if request.content else {}
        if path == "/auth/guest":
            return self._guest()
        if path == "/auth/refresh":
            return self._refresh(body)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.valid_access:
            return _json(401, {"error": "unauthorized"})
        response = self._route_request(request.method, path, body)
        if self.poll_interval is not None:
            response.headers["X-Poll-Interval"] = str(self.poll_interval)
        return response

    def _route_request(self, method: str, path: str, body: dict) -> httpx.Response:
        if path == "/auth/logout":
            self.valid_access.clear()
            return httpx.Response(204)
        if path == f"/experiences/{EXPERIENCE_ID}/route":
            return _json(200, self._route(body.get("accessCode")))
        if path == "/consumers/me":
            return _json(200, self.me_body())
        if path == "/consumers/me/events" and self.event_streams:
            stream = self.event_streams.pop(0)
            headers = {"content-type": "text/event-stream"}
            return httpx.Response(200, headers=headers, content=stream.body())
        if path == f"/experiences/{EXPERIENCE_ID}/leave":
            self.set_phase("ended", outcome={"type": "left"})
            return _json(200, {"left": True})
        parts = path.strip("/").split("/")
        if len(parts) == 3:
            return self._distribution(method, parts[0], parts[1], parts[2], body)
        return _json(404, {"error": "not_found"})

    # -- auth --------------------------------------------------------------------------------

    def _guest(self) -> httpx.Response:
        access, refresh = self.issue_tokens()
        return _json(
            200,
            {
                "session": {
                    "type": "guest",
                    "consumerId": self.consumer_id,
                    "expiresAt": self.expires_at(),
                },
                "accessToken": access,
                "refreshToken": refresh,
                "refreshTokenTtlSeconds": 2592000,
                "beaconToken": "beacon-secret",
            },
        )

    def _refresh(self, body: dict) -> httpx.Response:
        old = body.get("refreshToken")
        if old not in self.valid_refresh:
            return _json(401, {"error": "invalid_refresh_token"})
        self.valid_refresh.discard(old)
        access, refresh = self.issue_tokens()
        return _json(
            200,
            {
                "accessToken": access,
                "accessTokenExpiresAt": self.expires_at(),
                "refreshToken": refresh,
                "refreshTokenTtlSeconds": 2592000,
                "beaconToken": "beacon-secret",
            },
        )

    # -- routing -----------------------------------------------------------------------------

    def _route(self, access_code: str | None) -> dict:
        self.route_calls.append({"accessCode": access_code})
        base = {"schemaVersion": 1, "experienceId": EXPERIENCE_ID, "outcomeReasons": []}
        if self.no_access:
            return {
                **base,
                "outcome": "no_access",
                "offers": [],
                "outcomeReasons": [{"code": "NO_ACCESS"}],
            }
        if self.required_code is not None and access_code != self.required_code:
            gate = dict(ACCESS_CODE_GATE)
            if access_code is not None:
                gate = {
                    "type": "access_code",
                    "status": "invalid",
                    "reason": {"code": "ACCESS_CODE_INVALID"},
                }
            self.journeys[EXPERIENCE_ID] = {
                "experienceId": EXPERIENCE_ID,
                "journeyStage": "gated",
                "gates": [gate],
                "selected": {"sequenceId": self.sequence_id},
            }
            selected = selection(self.sequence_id, 10, status="gated", gates=[gate])
            return {**base, "outcome": "gated", "selected": selected, "offers": []}
        offers = []
        if self.vip_code is not None:
            if access_code == self.vip_code and self.sequence_id != "seq_vip":
                self.sequence_id = "seq_vip"
                self.journeys.pop(EXPERIENCE_ID, None)
            elif self.sequence_id != "seq_vip":
                offers = [selection("seq_vip", 20, status="gated", gates=[ACCESS_CODE_GATE])]
        priority = 20 if self.sequence_id == "seq_vip" else 10
        current = self.journeys.get(EXPERIENCE_ID)
        if current is None or current["journeyStage"] != "routed":
            self.set_phase(self.initial_phase)
        return {
            **base,
            "outcome": "routed",
            "selected": selection(self.sequence_id, priority),
            "offers": offers,
        }

    # -- the routed sequence -----------------------------------------------------------------

    def set_phase(self, phase: str, **fields: Any) -> None:
        """Put the experience's journey in `phase` (fields: consumer, grant, outcome, ...)."""
        if phase == "unavailable":
            sequence: dict[str, Any] = {"phase": "unavailable", **fields}
        else:
            lifecycle = {"scheduled": "scheduled", "settling": "settling"}.get(phase, "open")
            extra = {"details": self.details} if self.details else {}
            extra.update(fields.pop("distribution_extra", {}))
            dist = distribution(self.mechanism, self.dist_id, lifecycle, **extra)
            dist["sequenceId"] = self.sequence_id
            sequence = {"phase": phase, "mechanism": self.mechanism, "distribution": dist, **fields}
        self.journeys[EXPERIENCE_ID] = {
            "experienceId": EXPERIENCE_ID,
            "journeyStage": "routed",
            "sequenceId": self.sequence_id,
            "sequence": sequence,
        }

    def sequence(self) -> dict:
        return self.journeys[EXPERIENCE_ID]["sequence"]

    def set_queue_position(self, position: int, eta: float | None = None) -> None:
        eta = position * 10.0 if eta is None else eta
        self.set_phase("participating", consumer={"status": "queued", "position": position})
        self.queue_state = {
            "status": "QUEUED",
            "position": position,
            "estimatedWaitTimeInSeconds": eta,
            "positionDisplayMode": "precise",
        }

    def grant(self, expires_in: float = 300.0) -> None:
        expires = _iso(self.clock.now() + timedelta(seconds=expires_in))
        grant = {
            "token": GRANT_TOKEN,
            "distributionType": self.mechanism,
            "distributionId": self.dist_id,
            "sequenceId": self.sequence_id,
            "experienceId": EXPERIENCE_ID,
            "issuedAt": _iso(self.clock.now()),
            "expiresAt": expires,
        }
        consumer_status = {"queue": "granted", "draw": "won", "auction": "won"}.get(
            self.mechanism, "entered"
        )
        self.set_phase(
            "granted",
            consumer={"status": consumer_status, "admissionGrant": GRANT_TOKEN},
            grant=grant,
        )
        self.queue_state = {
            "status": "GRANTED",
            "admissionGrant": GRANT_TOKEN,
            "expiresAt": expires,
        }

    def _distribution(
        self, method: str, kind: str, dist_id: str, verb: str, body: dict
    ) -> httpx.Response:
        if kind == "waitlists":
            return self._waitlist(verb, dist_id)
        if dist_id != self.dist_id:
            return _json(404, {"error": "not_found"})
        if kind == "queues":
            if verb == "enter":
                if self.queue_state["status"] != "QUEUED":
                    self.set_queue_position(self.next_position)
            elif verb == "leave":
                self.set_phase("ended", consumer={"status": "left"}, outcome={"type": "left"})
                self.queue_state = {"status": "LEFT"}
            elif verb == "status" and self.auto_progress and self.queue_state["status"] == "QUEUED":
                position = self.queue_state["position"] - 1
                if position > 0:
                    self.set_queue_position(position)
                else:
                    self.grant()
            return _json(200, self.queue_state)
        if kind == "draws":
            if verb == "enter":
                self.set_phase("participating", consumer={"status": "entered"})
                return _json(200, {"status": "ENTERED"})
            self.set_phase("ended", consumer={"status": "not_entered"}, outcome={"type": "left"})
            return _json(200, {"status": "NOT_ENTERED"})
        if kind == "timed-releases":
            if verb == "enter":
                self.set_phase("participating", consumer={"status": "entered"})
                return _json(200, {"status": "ENTERED"})
            self.set_phase("ended", consumer={"status": "left"}, outcome={"type": "left"})
            return _json(200, {"success": True})
        if kind == "auctions" and verb == "bid":
            amount = body["amount"]
            self.set_phase(
                "participating",
                consumer={"status": "winning", "currentBid": amount, "highestBid": amount},
            )
            return _json(200, {"status": "WINNING", "bidCount": 1, "lastBidAmount": amount})
        if kind == "appointments":
            if verb == "book":
                self.set_phase(
                    "participating",
                    consumer={
                        "status": "booked",
                        "slotId": body["slotId"],
                        "locationId": body.get("locationId"),
                    },
                )
                return _json(200, {"bookingId": "b_1"})
            if verb == "cancel":
                self.set_phase(
                    "ended", consumer={"status": "cancelled"}, outcome={"type": "cancelled"}
                )
                return _json(200, {"bookingId": "b_1", "message": "cancelled"})
            if verb == "reschedule":
                self.set_phase(
                    "participating",
                    consumer={"status": "booked", "slotId": body["newSlotId"]},
                )
                return _json(200, {"bookingId": "b_1"})
        return _json(404, {"error": "not_found"})

    def _waitlist(self, verb: str, waitlist_id: str) -> httpx.Response:
        if verb == "enter":
            if not any(w["waitlistId"] == waitlist_id for w in self.waitlists):
                self.waitlists.append(
                    {
                        "waitlistId": waitlist_id,
                        "sequenceId": self.sequence_id,
                        "experienceId": EXPERIENCE_ID,
                        "position": len(self.waitlists) + 1,
                    }
                )
            return _json(
                200,
                {
                    "id": "wle_1",
                    "waitlistId": waitlist_id,
                    "sequenceId": self.sequence_id,
                    "consumerId": self.consumer_id,
                    "enteredAt": _iso(self.clock.now()),
                },
            )
        self.waitlists = [w for w in self.waitlists if w["waitlistId"] != waitlist_id]
        return _json(200, {"left": True})


def _json(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


def _iso(moment: Any) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# -- projections built directly, for tests of the pure view builder -------------------------

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
MECHANISMS = ["queue", "draw", "auction", "timed_release", "appointment"]

CONSUMERS: dict[str, dict[str, Any]] = {
    "queue": {"status": "queued", "position": 4},
    "draw": {"status": "entered", "enteredAt": "2026-11-27T11:00:00Z"},
    "auction": {"status": "winning", "currentBid": "125.50", "highestBid": "125.50"},
    "timed_release": {"status": "entered"},
    "appointment": {"status": "booked", "slotId": "slot_9", "locationId": "loc_2"},
}


def grant_body(mechanism: str) -> dict[str, Any]:
    return {
        "token": GRANT_TOKEN,
        "distributionType": mechanism,
        "distributionId": "d_1",
        "sequenceId": "seq_general",
        "experienceId": EXPERIENCE_ID,
        "expiresAt": "2026-11-27T12:05:00Z",
    }


def sequence(phase: str, mechanism: str, **fields: Any) -> dict[str, Any]:
    lifecycle = {"scheduled": "scheduled", "settling": "settling"}.get(phase, "open")
    body: dict[str, Any] = {
        "phase": phase,
        "mechanism": mechanism,
        "distribution": distribution(mechanism, "d_1", lifecycle, **fields.pop("dist", {})),
    }
    if phase in ("participating", "settling"):
        body["consumer"] = CONSUMERS[mechanism]
    if phase == "granted":
        body["grant"] = grant_body(mechanism)
    if phase == "ended":
        body["outcome"] = {"type": "lost"}
    return {**body, **fields}


def build(
    sequence_body: dict[str, Any],
    waitlists: list[dict] | None = None,
    ports: MechanismPorts | None = None,
    **journey: Any,
) -> RoutedView | GatedView:
    me = ConsumerMe.model_validate(
        {
            "active": {
                "journeys": [
                    {
                        "experienceId": EXPERIENCE_ID,
                        "journeyStage": "routed",
                        "sequenceId": "seq_general",
                        "sequence": sequence_body,
                        **journey,
                    }
                ]
            },
            "waitlists": waitlists or [],
        }
    )
    context = ViewContext(
        experience_id=EXPERIENCE_ID,
        refreshed_at=NOW,
        stale_after_seconds=15.0,
        waitlists=tuple(me.waitlists or ()),
        ports=ports,
    )
    projection = me.journey_for(EXPERIENCE_ID)
    assert projection is not None
    return view_from_projection(context, projection)
