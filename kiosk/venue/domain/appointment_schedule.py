"""An appointment's schedule: the stored config, the operator's create and update bodies,
and the slots generated from the schedule (deterministic ids, the same after a restart)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, Field, field_validator, model_validator

from kiosk.venue.domain.catalog import AdminBody, Record
from kiosk.venue.domain.errors import RefusedError

MAX_SLOTS = 20_000
# Location ids that the operator leaves out are derived from the appointment id and the
# location's name, so sending the same schedule again keeps the same ids (and slot ids).
LOCATION_NAMESPACE = uuid.UUID("5d0c1f9e-7a43-4f59-9a8e-2b6f3f2d8a11")


def zone_of(name: str) -> tzinfo:
    """The IANA time zone `name`, or ValueError with a message for the operator.

    UTC needs no time zone database (Windows has none unless the `tzdata` package is there).
    """
    if name == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name[:64]!r}; use an IANA name") from exc


# ---- configuration -------------------------------------------------------------------------


class Location(Record):
    id: str
    name: str


class OpeningHours(Record):
    start: time
    end: time


class Schedule(Record):
    days: list[date]
    hours: list[OpeningHours]
    locations: list[Location]


class AppointmentConfig(Record):
    id: str
    sequence_id: str
    name: str
    time_zone: str = "UTC"
    open_at: AwareDatetime | None = None  # bookings open (None: at once)
    close_at: AwareDatetime | None = None  # bookings close (None: when the last slot starts)
    slot_duration_minutes: int
    buffer_minutes: int = 0
    max_capacity_per_slot: int = 1
    supports_guest: bool = True
    schedule: Schedule
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None


# ---- operator request bodies (Fanfare admin API names, plus `schedule`) --------------------


class LocationBody(AdminBody):
    id: uuid.UUID | None = None
    name: str = Field(min_length=1, max_length=100)


class OpeningHoursBody(AdminBody):
    start: time
    end: time

    @model_validator(mode="after")
    def _ordered(self) -> OpeningHoursBody:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("opening hours are wall-clock times in the appointment's time zone")
        if self.end <= self.start:
            raise ValueError("opening hours must end after they start (on the same day)")
        return self


class ScheduleBody(AdminBody):
    days: list[date] = Field(min_length=1, max_length=366)
    hours: list[OpeningHoursBody] = Field(min_length=1, max_length=24)
    locations: list[LocationBody] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _consistent(self) -> ScheduleBody:
        if len(set(self.days)) != len(self.days):
            raise ValueError("each day may be listed once")
        hours = sorted(self.hours, key=lambda h: h.start)
        if any(later.start < earlier.end for earlier, later in pairwise(hours)):
            raise ValueError("opening hours must not overlap")
        names = [location.name.casefold() for location in self.locations]
        ids = [location.id for location in self.locations if location.id is not None]
        if len(set(names)) != len(names) or len(set(ids)) != len(ids):
            raise ValueError("location names and ids must be unique")
        return self


def _slot_count_problem(
    schedule: ScheduleBody | Schedule, duration: int, buffer: int
) -> str | None:
    """Why this schedule cannot be offered (no slot fits, or far too many), or None."""
    per_day = 0
    for hours in schedule.hours:
        minutes = (hours.end.hour * 60 + hours.end.minute) - (
            hours.start.hour * 60 + hours.start.minute
        )
        if minutes >= duration:
            per_day += (minutes - duration) // (duration + buffer) + 1
    total = per_day * len(schedule.days) * len(schedule.locations)
    if total == 0:
        return "no slot of this duration fits in the opening hours"
    if total > MAX_SLOTS:
        return f"this schedule makes {total} slots; at most {MAX_SLOTS} are allowed"
    return None


class AppointmentCreate(AdminBody):
    sequence_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    slot_duration_minutes: int = Field(ge=1, le=1440)
    buffer_minutes: int = Field(default=0, ge=0, le=1440)
    max_capacity_per_slot: int = Field(default=1, ge=1, le=10_000)
    supports_guest: bool = True
    schedule: ScheduleBody

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_of(value)
        return value

    @model_validator(mode="after")
    def _offerable(self) -> AppointmentCreate:
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValueError("closeAt must be after openAt")
        problem = _slot_count_problem(
            self.schedule, self.slot_duration_minutes, self.buffer_minutes
        )
        if problem:
            raise ValueError(problem)
        return self


class AppointmentUpdate(AdminBody):
    """`PUT /operator/appointments/{id}`: the create fields but the sequence, all optional."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    slot_duration_minutes: int | None = Field(default=None, ge=1, le=1440)
    buffer_minutes: int | None = Field(default=None, ge=0, le=1440)
    max_capacity_per_slot: int | None = Field(default=None, ge=1, le=10_000)
    supports_guest: bool | None = None
    schedule: ScheduleBody | None = None

    @field_validator(
        "name",
        "time_zone",
        "slot_duration_minutes",
        "buffer_minutes",
        "max_capacity_per_slot",
        "supports_guest",
        "schedule",
    )
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # An explicit null clears openAt / closeAt; these fields always have a value.
        if value is None:
            raise ValueError("this field cannot be cleared; leave it out to keep its value")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            zone_of(value)
        return value


def _schedule(appointment_id: str, body: ScheduleBody) -> Schedule:
    return Schedule(
        days=sorted(body.days),
        hours=[OpeningHours(start=h.start, end=h.end) for h in sorted(body.hours, key=_start)],
        locations=[
            Location(
                id=str(
                    location.id
                    or uuid.uuid5(LOCATION_NAMESPACE, f"{appointment_id}:{location.name}")
                ),
                name=location.name,
            )
            for location in body.locations
        ],
    )


def _start(hours: OpeningHoursBody) -> time:
    return hours.start


def new_config(body: AppointmentCreate, now: datetime) -> AppointmentConfig:
    appointment_id = str(uuid.uuid4())
    fields = body.model_dump(exclude={"schedule"})
    return AppointmentConfig(
        id=appointment_id,
        created_at=now,
        schedule=_schedule(appointment_id, body.schedule),
        **fields,
    )


def updated_config(
    config: AppointmentConfig, body: AppointmentUpdate, now: datetime
) -> AppointmentConfig:
    """`config` with the fields the update sets (explicit nulls clear openAt / closeAt)."""
    changes = body.model_dump(exclude_unset=True, exclude={"schedule"})
    merged = {**config.model_dump(), **changes, "updated_at": now}
    if body.schedule is not None:
        merged["schedule"] = _schedule(config.id, body.schedule)
    result = AppointmentConfig.model_validate(merged)
    if result.open_at and result.close_at and result.close_at <= result.open_at:
        raise RefusedError("INVALID_SCHEDULE", "closeAt must be after openAt.")
    problem = _slot_count_problem(
        result.schedule, result.slot_duration_minutes, result.buffer_minutes
    )
    if problem:
        raise RefusedError("INVALID_SCHEDULE", problem[0].upper() + problem[1:] + ".")
    return result


# ---- slots ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    location: Location
    start: datetime  # UTC
    end: datetime


def slot_id(location_id: str, start: datetime) -> str:
    return f"{location_id}@{start.astimezone(UTC):%Y%m%dT%H%MZ}"


def local_instant(day: date, wall_clock: time, zone: tzinfo) -> datetime:
    """A wall-clock time on a day in `zone`, as a UTC instant. When the clocks go back the
    earlier instant is meant; a time the clocks skip is read with the offset before the jump."""
    return datetime.combine(day, wall_clock, tzinfo=zone).astimezone(UTC)


def build_slots(config: AppointmentConfig) -> list[Slot]:
    """Every slot, ordered by start time, then by the schedule's location order.

    Within each day's opening hours, slots start at opening and every duration + buffer
    minutes after (real minutes, so a slot lasts its duration even across a DST change), as
    long as the slot ends by closing time.
    """
    zone = zone_of(config.time_zone)
    length = timedelta(minutes=config.slot_duration_minutes)
    step = length + timedelta(minutes=config.buffer_minutes)
    schedule = config.schedule
    slots: dict[str, Slot] = {}
    for day in schedule.days:
        for hours in schedule.hours:
            start = local_instant(day, hours.start, zone)
            closes = local_instant(day, hours.end, zone)
            while start + length <= closes:
                for location in schedule.locations:
                    slot = Slot(slot_id(location.id, start), location, start, start + length)
                    slots.setdefault(slot.id, slot)
                start += step
    return sorted(slots.values(), key=lambda s: s.start)  # stable: location order kept
