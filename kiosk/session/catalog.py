"""Which experiences this kiosk offers, with their names in every language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.sdk import ConsumerClient

# Fanfare's `i18n` object holds an experience's texts per language: its `name`, and (our use
# of its free-form keys) each appointment location as "location:<the location's name>".
LOCATION_KEY = "location:"


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
    # The experience has a draw whose entries a customer may come back to by reference.
    resumes_draw_entries: bool = False

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name

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
            id, name, currency_code, time_zone, names, locations, resumes_draw_entries
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
            choices.append(
                ExperienceChoice.translated(
                    experience.id,
                    experience.name,
                    experience.i18n,
                    currency_code=experience.currency_code,
                    time_zone=experience.time_zone,
                    resumes_draw_entries=bool(experience.draw_entry_references),
                )
            )
        return choices
