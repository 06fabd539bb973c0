"""Request rate limits at the edge: which paths are limited, by what, and the 429 answer.

Each rule names a `Limits` rate and what it counts by: the client address, the publishable
key, or the client address per distribution (first-come entries). A limited request is
answered `429 {"error": "rate_limited"}` with `Retry-After` and `X-RateLimit-Limit`,
`-Remaining` and `-Reset` (seconds until the bucket is full); answers that pass carry the
same `X-RateLimit-*` headers. Trusted clients (`Limits.trusted_clients`) are not limited.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.core.ratelimit import Decision, TokenBuckets
from kiosk.venue.domain.errors import rate_limited
from kiosk.venue.http.errors import error_response
from kiosk.venue.limits import Limits


@dataclass(frozen=True)
class Rule:
    method: str
    path: re.Pattern[str]
    limit: str  # a `Limits` field holding a Rate
    by: str  # "client", "key" or "client+target" (the path's first group)


RULES = (
    Rule("POST", re.compile(r"^/auth/(guest|draw-entry)$"), "guest_sessions_per_client", "client"),
    Rule("POST", re.compile(r"^/auth/(guest|draw-entry)$"), "guest_sessions_per_key", "key"),
    Rule("POST", re.compile(r"^/auth/otp/request$"), "otp_requests_per_client", "client"),
    Rule(
        "POST",
        re.compile(r"^/(?:queues|timed-releases)/([^/]{1,128})/enter$"),
        "entries_per_client",
        "client+target",
    ),
)
MESSAGES = {
    "guest_sessions_per_client": "Too many new sessions from this address; wait and try again.",
    "guest_sessions_per_key": "Too many new sessions for this venue right now; try again soon.",
    "otp_requests_per_client": "Too many codes asked for from this address; wait a while.",
    "entries_per_client": "Too many entries from this address; wait and try again.",
}


def limit_headers(decision: Decision) -> dict[str, str]:
    headers = {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": str(decision.remaining),
        "X-RateLimit-Reset": str(math.ceil(decision.reset_seconds)),
    }
    if decision.retry_after is not None:
        headers["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
    return headers


class Throttle:
    """The buckets of every rule, and the check of one request against them."""

    def __init__(self, limits: Limits, monotonic: Callable[[], float]) -> None:
        self.limits = limits
        self._buckets = {
            rule.limit: TokenBuckets(
                getattr(limits, rule.limit), monotonic, max_keys=limits.tracked_keys
            )
            for rule in RULES
        }

    def check(self, method: str, path: str, client: str, key: str) -> tuple[str, Decision] | None:
        """The tightest decision of the rules matching this request (a refusal first)."""
        if self.limits.trusts_client(client):
            return None
        worst: tuple[str, Decision] | None = None
        for rule in RULES:
            if rule.method != method:
                continue
            match = rule.path.match(path)
            if match is None:
                continue
            who = {"client": client, "key": key}.get(rule.by)
            if who is None:
                who = f"{client} {match.group(1)}"
            decision = self._buckets[rule.limit].take(who)
            if worst is None or _tighter(decision, worst[1]):
                worst = (rule.limit, decision)
            if not decision.allowed:
                return worst
        return worst


def _tighter(a: Decision, b: Decision) -> bool:
    return (not a.allowed and b.allowed) or a.remaining < b.remaining


class ThrottleMiddleware:
    def __init__(
        self, app: ASGIApp, throttle: Throttle, on_refused: Callable[[str], None] | None = None
    ) -> None:
        self.app = app
        self.throttle = throttle
        self.on_refused = on_refused  # counts refusals by limit (/metrics)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        key = next(
            (v.decode("latin-1") for n, v in scope.get("headers", []) if n == b"x-publishable-key"),
            "",
        )
        verdict = self.throttle.check(
            scope["method"], scope["path"], str(client[0]) if client else "", key[:128]
        )
        if verdict is None:
            await self.app(scope, receive, send)
            return
        limit, decision = verdict
        headers = limit_headers(decision)
        if not decision.allowed:
            if self.on_refused is not None:
                self.on_refused(limit)
            refusal = rate_limited(MESSAGES[limit], retry_after=decision.retry_after)
            response = error_response(refusal)
            response.headers.update(headers)
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
