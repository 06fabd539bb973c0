"""Appointment bookings and reschedules per second, in process, each one durable.

    .venv/bin/python bench/appointment_bookings.py            # full run, a few seconds
    .venv/bin/python bench/appointment_bookings.py --quick    # a smaller run

A `VenueService` over `SqliteStore` on a real file in a temporary directory (synchronous
NORMAL, the default), on the system clock. One appointment with a week of slots (10:00-18:00
in its time zone, two locations, 20-minute slots every 30 minutes) and enough capacity per
slot for everyone. Guest sessions are made first; then every guest books a slot (each
booking a committed transaction), then every guest moves to another slot, then cancels.
The figures include the service's tick before and after each action. Also measured:
building the slots of a year-long schedule (the engine does it on every load).
Nothing is checked against a target: this prints, no more.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_support import background_load, figure, heading, machine_lines

from kiosk.core.clock import SystemClock
from kiosk.venue.domain import appointment
from kiosk.venue.domain.appointment import (
    AppointmentCreate,
    AppointmentEngine,
    new_config,
)
from kiosk.venue.domain.catalog import ExperienceCreate, SequenceCreate
from kiosk.venue.domain.engine import Dirty, TickResult
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore

# (engine, consumer id, consumer number, now) -> the records the action changed
Action = Callable[[AppointmentEngine, str, int, datetime], Dirty]


def appointment_body(sequence_id: str, days: int, capacity: int) -> AppointmentCreate:
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    return AppointmentCreate.model_validate(
        {
            "sequenceId": sequence_id,
            "name": "Bench fitting",
            "timeZone": "Europe/London",
            "slotDurationMinutes": 20,
            "bufferMinutes": 10,
            "maxCapacityPerSlot": capacity,
            "schedule": {
                "days": [(tomorrow + timedelta(days=n)).isoformat() for n in range(days)],
                "hours": [{"start": "10:00", "end": "18:00"}],
                "locations": [{"name": "Store floor"}, {"name": "VIP lounge"}],
            },
        }
    )


def run(guests: int, data_dir: Path) -> None:
    store = SqliteStore(data_dir / "venue.sqlite3")
    service = VenueService(store, SystemClock())
    experience = service.create_experience(ExperienceCreate(name="Bench"))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="All"))
    body = appointment_body(sequence.id, 7, capacity=guests)
    engine = service.distributions.create(appointment.create, body)
    sessions = []
    for _ in range(guests):
        tokens = service.access.start_guest_session()
        sessions.append(service.authenticate(tokens.access_token))
    slots = engine.slots

    def timed(label: str, act: Action) -> None:
        started = time.perf_counter()
        for n, session in enumerate(sessions):

            def action(
                e: AppointmentEngine, now: datetime, c: str = session.consumer_id, n: int = n
            ) -> TickResult:
                return TickResult(dirty=act(e, c, n, now))

            service.distributions.consumer_action(
                session, engine.id, "appointment", action, lambda e, now: None
            )
        elapsed = time.perf_counter() - started
        figure(label, guests / elapsed, "per s", f"{guests} consumers, {elapsed:.2f} s")

    heading(f"{guests} consumers, {len(slots)} slots, SQLite synchronous NORMAL")
    timed("book", lambda e, c, n, now: e.book(c, slots[n % len(slots)].id, None, now))
    timed(
        "reschedule",
        lambda e, c, n, now: e.reschedule(c, slots[(n + 1) % len(slots)].id, None, now),
    )
    timed(
        "cancel", lambda e, c, n, now: e.cancel(c, slots[(n + 1) % len(slots)].id, None, None, now)
    )
    statuses = Counter(booking.status for booking in appointment.bookings(engine))
    assert statuses == {"cancelled": guests}, statuses  # every action really happened
    store.close()


def slot_generation() -> None:
    heading("slot generation")
    started = time.perf_counter()
    config = new_config(appointment_body("s", 366, capacity=1), datetime.now(UTC))
    engine = AppointmentEngine(config)
    elapsed = time.perf_counter() - started
    figure(
        "a year of slots (2 locations)",
        elapsed * 1000,
        "ms",
        f"{len(engine.slots)} slots",
        digits=1,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for line in [*machine_lines(Path(directory)), background_load()]:
            print(line)
        run(500 if args.quick else 3000, Path(directory))
    slot_generation()


if __name__ == "__main__":
    main()
