"""Which experiences this kiosk offers, with their names in every language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.sdk import ConsumerClient


@dataclass(frozen=True)
class ExperienceChoice:
    id: str
    name: str
    currency_code: str = "USD"
    time_zone: str = "UTC"
    # language -> name
    names: dict[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


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
            names = {
                language: texts["name"]
                for language, texts in (experience.i18n or {}).items()
                if isinstance(texts, dict) and texts.get("name")
            }
            choices.append(
                ExperienceChoice(
                    id=experience.id,
                    name=experience.name,
                    currency_code=experience.currency_code,
                    time_zone=experience.time_zone,
                    names=names,
                )
            )
        return choices
