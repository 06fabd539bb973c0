"""Which experiences this kiosk offers, with their names in every language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from kiosk.sdk import ConsumerClient
from kiosk.wire.routing import Experience, LiveStatus

# Fanfare's `i18n` object holds an experience's texts per language: its `name`, and (our use
# of its free-form keys) each appointment location as "location:<the location's name>".
LOCATION_KEY = "location:"
DESCRIPTION_KEY = "description"  # our extension's description, per language


@dataclass(frozen=True)
class ExperienceChoice:
    id: str
    name: str
    currency_code: str = "USD"
    time_zone: str = "UTC"
    # language -> name
    names: dict[str, str] = field(default_factory=dict)
    # language -> location name as the venue gives it -> that location's name in the language
    locations: dict[str, dict[str, str]] = field(default_factory=dict)
    # Our catalogue extension: a short description (default, and language -> text), the
    # venue's public images, and the live status an attract screen shows.
    description: str = ""
    descriptions: dict[str, str] = field(default_factory=dict)
    hero: str = ""
    thumbnail: str = ""
    status: LiveStatus | None = None
    # The experience has a draw whose entries a customer may come back to by reference.
    resumes_draw_entries: bool = False

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name

    def description_in(self, language: str) -> str:
        return self.descriptions.get(language) or self.description

    def location_in(self, location: str, language: str) -> str:
        return self.locations.get(language, {}).get(location) or location

    @classmethod
    def translated(
        cls,
        id: str,
        name: str,
        i18n: Mapping[str, Any] | None,
        *,
        currency_code: str = "USD",
        time_zone: str = "UTC",
        resumes_draw_entries: bool = False,
    ) -> ExperienceChoice:
        """A choice whose names and location names come from Fanfare's `i18n` object."""
        names: dict[str, str] = {}
        locations: dict[str, dict[str, str]] = {}
        for language, texts in (i18n or {}).items():
            if not isinstance(texts, Mapping):
                continue
            if isinstance(texts.get("name"), str) and texts["name"]:
                names[language] = texts["name"]
            located = {
                key.removeprefix(LOCATION_KEY): text
                for key, text in texts.items()
                if key.startswith(LOCATION_KEY) and isinstance(text, str) and text
            }
            if located:
                locations[language] = located
        return cls(
            id,
            name,
            currency_code,
            time_zone,
            names,
            locations,
            resumes_draw_entries=resumes_draw_entries,
        )

    @classmethod
    def from_wire(cls, experience: Experience) -> ExperienceChoice:
        """A choice from `GET /experiences/{id}`, with our extension where the venue has it."""
        choice = cls.translated(
            experience.id,
            experience.name,
            experience.i18n,
            currency_code=experience.currency_code,
            time_zone=experience.time_zone,
            resumes_draw_entries=bool(experience.draw_entry_references),
        )
        media = experience.media
        descriptions = {
            language: texts[DESCRIPTION_KEY]
            for language, texts in (experience.i18n or {}).items()
            if isinstance(texts, Mapping) and isinstance(texts.get(DESCRIPTION_KEY), str)
        }
        return replace(
            choice,
            description=experience.description or "",
            descriptions=descriptions,
            hero=(media.hero or "") if media else "",
            thumbnail=(media.thumbnail or "") if media else "",
            status=experience.live_status,
        )


class ExperienceCatalog(Protocol):
    async def load(self) -> list[ExperienceChoice]:
        """The experiences, in display order; raises `FanfareError` when unreachable."""
        ...


class StaticCatalog:
    def __init__(self, experiences: Sequence[ExperienceChoice]) -> None:
        self._experiences = list(experiences)

    async def load(self) -> list[ExperienceChoice]:
        return list(self._experiences)


class ApiCatalog:
    """Names from `GET /experiences/{id}` (publishable key only; no consumer session)."""

    def __init__(self, experience_ids: Sequence[str], client: ConsumerClient) -> None:
        self._ids = list(experience_ids)
        self._client = client

    async def load(self) -> list[ExperienceChoice]:
        client = self._client
        choices = []
        for experience_id in self._ids:
            experience = await client.get_experience(experience_id)
            choices.append(ExperienceChoice.from_wire(experience))
        return choices


class StatusRefresher:
    """Keeps the attract screen's live statuses fresh at a bounded rate: one experience per
    request, round robin, at most one request every `every_seconds` for the whole screen
    (so with n experiences each is at most n x every_seconds old)."""

    def __init__(self, client: ConsumerClient, every_seconds: float = 3.0) -> None:
        self._client = client
        self._every = every_seconds
        self._next_at: float | None = None
        self._turn = 0

    def due(self, monotonic: float) -> bool:
        """True (and the next turn booked) when a request may go now."""
        if self._next_at is not None and monotonic < self._next_at:
            return False
        self._next_at = monotonic + self._every
        return True

    async def refresh(self, choices: tuple[ExperienceChoice, ...]) -> tuple[ExperienceChoice, ...]:
        """The choices with the next one's status (and texts) as the venue gives them now;
        raises `FanfareError` when the venue cannot be reached."""
        if not choices:
            return choices
        index = self._turn % len(choices)
        self._turn = index + 1
        fresh = ExperienceChoice.from_wire(await self._client.get_experience(choices[index].id))
        return (*choices[:index], fresh, *choices[index + 1 :])
