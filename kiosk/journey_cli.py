"""`kiosk journey EXPERIENCE_ID`: walk a journey headless, one line per view change.

Starts the journey, passes an access-code gate when given `--access-code`, enters a queue,
draw or timed release when it is enterable, and waits until granted. It prints the grant's
expiry, never its token. Ctrl-C leaves the queue (or draw, or timed release) cleanly. Before an
experience opens it says when (local time), counts down every 30 s, and offers the waitlist
(`--join-waitlist` joins it).

Exit codes: 0 granted (or ended won/completed), 1 error, 2 bad configuration, 3 the journey
cannot continue headless (gated, ended, unavailable, needs a bid or a booking), 4 gave up
waiting (`--max-wait`), 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import datetime
from typing import TextIO

import httpx

from kiosk.core.clock import Clock, SystemClock
from kiosk.core.instants import format_instant
from kiosk.sdk import (
    DEFAULT_API_URL,
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    Fanfare,
    FanfareError,
    GatedView,
    GrantedSequence,
    Journey,
    JourneyView,
    NotWaitlisted,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    ReadyView,
    RoutedView,
    ScheduledSequence,
    UnavailableSequence,
    Waitlisted,
)

EXIT_GRANTED = 0
EXIT_ERROR = 1
EXIT_CONFIG = 2
EXIT_STUCK = 3
EXIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130

COUNTDOWN_SECONDS = 30.0  # one "opens in" line per this much time while scheduled

# What Ctrl-C gives back: a place the customer holds and can leave.
_LEAVABLE = (
    ParticipatingQueue | ParticipatingDraw | ParticipatingTimedRelease | ParticipatingAuction
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experience_id", metavar="EXPERIENCE_ID", help="the experience to join")
    parser.add_argument(
        "--api-url",
        default=os.environ.get("FANFARE_API_URL", DEFAULT_API_URL),
        help=f"consumer API base URL (default {DEFAULT_API_URL}, env FANFARE_API_URL)",
    )
    parser.add_argument(
        "--organization-id",
        default=os.environ.get("FANFARE_ORGANIZATION_ID", "org_demo"),
        help="organization id (env FANFARE_ORGANIZATION_ID)",
    )
    parser.add_argument(
        "--publishable-key",
        default=os.environ.get("FANFARE_PUBLISHABLE_KEY", "pk_test_demo"),
        help="publishable key, pk_... (env FANFARE_PUBLISHABLE_KEY)",
    )
    parser.add_argument("--access-code", default=None, help="access code for a gated sequence")
    parser.add_argument(
        "--join-waitlist",
        action="store_true",
        help="join the waitlist of an experience that has not opened yet",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=4 * 3600.0,
        help="give up after this many seconds without a grant (default 4 h)",
    )


async def run_journey(
    args: argparse.Namespace,
    *,
    http_client: httpx.AsyncClient | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Walk the journey; returns the process exit code (see the module docstring)."""
    out = out or sys.stdout
    err = err or sys.stderr
    clock = clock or SystemClock()
    try:
        fanfare = Fanfare(
            organization_id=args.organization_id,
            publishable_key=args.publishable_key,
            api_url=args.api_url,
            http_client=http_client,
            clock=clock,
        )
    except FanfareError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_CONFIG
    async with fanfare:
        walker = _Walker(
            fanfare.journeys.get(args.experience_id),
            out,
            err,
            args.access_code,
            join_waitlist=getattr(args, "join_waitlist", False),
        )
        try:
            return await walker.walk(clock, args.max_wait)
        except (asyncio.CancelledError, KeyboardInterrupt):
            # Ctrl-C: give the place back rather than leave a ghost in the queue.
            await walker.leave_if_participating()
            print("interrupted", file=err)
            return EXIT_INTERRUPTED
        except FanfareError as exc:
            print(f"error: {exc}", file=err)
            return EXIT_ERROR
        finally:
            walker.stop()


class _Walker:
    def __init__(
        self,
        journey: Journey,
        out: TextIO,
        err: TextIO,
        access_code: str | None,
        *,
        join_waitlist: bool = False,
    ):
        self._journey = journey
        self._out = out
        self._err = err
        self._access_code = access_code
        self._join_waitlist = join_waitlist
        self._last_line: str | None = None
        self._announced: set[tuple[str | None, str | None]] = set()
        self._next_countdown: float | None = None  # monotonic; set while scheduled
        self._unsubscribe = journey.subscribe(self._print)

    def stop(self) -> None:
        self._unsubscribe()

    async def walk(self, clock: Clock, max_wait: float) -> int:
        deadline = clock.monotonic() + max_wait
        view = self._journey.view
        self._print(view)
        tried_code = False
        # Each pass either acts (which changes the view) or waits for the next view; the
        # deadline bounds the whole walk.
        while True:
            if isinstance(view, ReadyView):
                view = await view.start()
                continue
            if isinstance(view, GatedView):
                kinds = ", ".join(gate.type for gate in view.gates) or "unknown"
                if self._access_code and not tried_code and "access_code" in kinds:
                    tried_code = True
                    view = await view.reroute(access_code=self._access_code)
                    continue
                hint = " (pass --access-code)" if "access_code" in kinds else ""
                print(f"gated: this journey needs {kinds}{hint}", file=self._err)
                return EXIT_STUCK
            if isinstance(view, RoutedView):
                result = await self._on_routed(view, clock)
                if isinstance(result, int):
                    return result
                if result is not None:
                    view = result
                    continue
            remaining = deadline - clock.monotonic()
            if remaining <= 0:
                print(f"gave up after waiting {max_wait:g} s", file=self._err)
                return EXIT_TIMEOUT
            if self._next_countdown is not None:  # wake for the next countdown line
                remaining = min(remaining, max(self._next_countdown - clock.monotonic(), 0.0))
            try:
                view = await self._journey.next_view(timeout=remaining)
            except TimeoutError:
                continue  # the deadline check above ends the walk; _on_routed counts down

    async def _on_routed(self, view: RoutedView, clock: Clock) -> int | JourneyView | None:
        """An exit code, the view after an action, or None to wait for the next view."""
        sequence = view.sequence
        if isinstance(sequence, ScheduledSequence):
            return await self._on_scheduled(sequence, clock)
        self._next_countdown = None
        if isinstance(sequence, GrantedSequence):
            expires = sequence.expires_at
            when = format_instant(expires) if expires else "unknown"
            print(f"granted: the grant expires at {when} (token withheld)", file=self._out)
            return EXIT_GRANTED
        if isinstance(sequence, EndedSequence):
            outcome = sequence.outcome.type
            print(f"ended: {outcome}", file=self._out)
            return EXIT_GRANTED if outcome in ("won", "completed") else EXIT_STUCK
        if isinstance(sequence, UnavailableSequence):
            print(f"unavailable: {sequence.reason or 'no sequence is open'}", file=self._err)
            return EXIT_STUCK
        if isinstance(sequence, EnterableQueue | EnterableDraw | EnterableTimedRelease):
            return await sequence.enter()
        if isinstance(sequence, EnterableAuction | EnterableAppointment):
            print(
                f"this {sequence.mechanism} needs a bid or a booking; use the kiosk UI",
                file=self._err,
            )
            return EXIT_STUCK
        return None  # scheduled, participating or settling: wait

    async def _on_scheduled(self, sequence: ScheduledSequence, clock: Clock) -> JourneyView | None:
        """Say when it opens (once), count down, and offer or join the waitlist."""
        opens_at = sequence.opens_at
        key = (sequence.sequence_id, sequence.distribution.opens_at)
        if key not in self._announced:
            self._announced.add(key)
            if opens_at is None:
                print("not open yet; the venue gives no opening time", file=self._out)
            else:
                when = opens_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
                left = _clock_text(opens_at, clock.now())
                print(f"opens at {when} (local time), in {left}", file=self._out, flush=True)
            self._next_countdown = clock.monotonic() + COUNTDOWN_SECONDS
        elif self._next_countdown is not None and clock.monotonic() >= self._next_countdown:
            if opens_at is not None:
                print(f"opens in {_clock_text(opens_at, clock.now())}", file=self._out, flush=True)
            self._next_countdown = clock.monotonic() + COUNTDOWN_SECONDS
        waitlist = sequence.waitlist
        if isinstance(waitlist, NotWaitlisted):
            if self._join_waitlist:
                return await waitlist.join()
            if ("offer", sequence.sequence_id) not in self._announced:
                self._announced.add(("offer", sequence.sequence_id))
                print(
                    "a waitlist is open: run again with --join-waitlist to be told when it opens",
                    file=self._out,
                    flush=True,
                )
        elif isinstance(waitlist, Waitlisted) and ("on", sequence.sequence_id) not in (
            self._announced
        ):
            self._announced.add(("on", sequence.sequence_id))
            print("on the waitlist", file=self._out, flush=True)
        return None

    async def leave_if_participating(self) -> None:
        view = self._journey.view
        sequence = view.sequence if isinstance(view, RoutedView) else None
        if not isinstance(sequence, _LEAVABLE):
            return
        try:
            await asyncio.wait_for(sequence.leave(), timeout=10)
            print(f"left the {sequence.mechanism.replace('_', ' ')}", file=self._out)
        except (FanfareError, TimeoutError) as exc:
            print(f"could not leave cleanly: {exc}", file=self._err)

    def _print(self, view: JourneyView) -> None:
        line = _describe(view)
        if line != self._last_line:
            self._last_line = line
            print(line, file=self._out, flush=True)


def _clock_text(opens_at: datetime, now: datetime) -> str:
    """Time left as m:ss (h:mm:ss past an hour); 0:00 once it is due."""
    seconds = max(int((opens_at - now).total_seconds() + 0.5), 0)
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _describe(view: JourneyView) -> str:
    parts = [f"stage={view.journey_stage}"]
    if isinstance(view, RoutedView):
        sequence = view.sequence
        parts.append(f"phase={sequence.phase}")
        if sequence.mechanism is not None:
            parts.append(f"mechanism={sequence.mechanism}")
        if isinstance(sequence, ParticipatingQueue):
            display = sequence.display
            if display.position is not None:
                parts.append(f"position={display.position}")
            if display.estimated_wait_seconds is not None:
                parts.append(f"eta={display.estimated_wait_seconds:.0f}s")
        if isinstance(sequence, GrantedSequence) and sequence.expires_at is not None:
            parts.append(f"expires={format_instant(sequence.expires_at)}")
    if view.degraded:
        parts.append("(stale: reconnecting)")
    return " ".join(parts)
