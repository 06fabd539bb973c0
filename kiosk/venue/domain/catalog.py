"""What an operator configures: the organization, experiences, sequences and distributions.

These are the venue server's own records (snake_case, stored as JSON). The operator API's
request bodies use Fanfare's admin API names (camelCase) and map onto them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class Record(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True
    )

    def to_doc(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class RetiredKey(Record):
    """A secret key replaced by a newer one, still accepted until `until` (the overlap)."""

    key: str = Field(repr=False)
    until: AwareDatetime


class Organization(Record):
    id: str
    name: str
    publishable_key: str
    secret_key: str = Field(repr=False)
    signing_secret: str = Field(repr=False)
    # `GET /organizations/{id}/settings`: the origins allowed to frame the consumer pages.
    frame_ancestors: list[str] = Field(default_factory=list)
    retired_secret_keys: list[RetiredKey] = Field(default_factory=list, repr=False)


class ExperienceMedia(Record):
    """Our extension: an experience's images, as URLs relative to the venue (`/media/...`)
    or absolute; both public (a kiosk loads them with no key or token)."""

    model_config = ConfigDict(**Record.model_config, extra="forbid")

    hero: str | None = Field(default=None, max_length=500)
    thumbnail: str | None = Field(default=None, max_length=500)


class Experience(Record):
    id: str
    name: str
    time_zone: str = "UTC"
    currency_code: str = "USD"
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    i18n: dict[str, dict[str, str]] | None = Field(default=None, alias="i18n")
    # Our extensions (the i18n object carries "description" per language):
    description: str | None = None
    media: ExperienceMedia | None = None
    archived: bool = False  # the admin API's audit field: hidden, enters nothing
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None


class Sequence(Record):
    id: str
    experience_id: str
    name: str
    priority: float = 0
    color: str | None = None
    access_code: str | None = Field(default=None, repr=False)
    # "otp": guests meet an authentication gate and sign in with a one-time code first.
    authentication: Literal["none", "otp"] = "none"
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None


class QueueConfig(Record):
    id: str
    sequence_id: str
    name: str
    admit_rate: float  # consumers per minute
    time_zone: str = "UTC"
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = None  # most consumers waiting at once
    max_admissions: int | None = None  # most grants ever used (expired ones give theirs back)
    admission_expiration_seconds: int = 600
    loyalty_bias_enabled: bool = False
    supports_guest: bool = True
    # Our extensions:
    max_active_grants: int | None = None  # cap on live (unused, unexpired) grants
    early_entry_seconds: int | None = None  # pre-queue window before open_at; None = any time
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None


# ---- operator API request bodies (Fanfare admin API shapes) --------------------------------


class AdminBody(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True, extra="forbid"
    )


def _not_null(value: Any) -> Any:
    """Updates clear a field with an explicit null, but only a field that may be empty."""
    if value is None:
        raise ValueError("this field cannot be cleared; leave it out to keep its value")
    return value


class ExperienceCreate(AdminBody):
    name: str = Field(min_length=1, max_length=200)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    currency_code: str = Field(default="USD", min_length=3, max_length=3)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    i18n: dict[str, dict[str, str]] | None = Field(default=None, alias="i18n")
    description: str | None = Field(default=None, max_length=1000)
    media: ExperienceMedia | None = None


class ExperienceUpdate(AdminBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    currency_code: str | None = Field(default=None, min_length=3, max_length=3)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    i18n: dict[str, dict[str, str]] | None = Field(default=None, alias="i18n")
    description: str | None = Field(default=None, max_length=1000)
    media: ExperienceMedia | None = None
    archived: bool | None = None

    _required = field_validator("name", "time_zone", "currency_code", "archived")(_not_null)


class SequenceCreate(AdminBody):
    experience_id: str
    name: str = Field(min_length=1, max_length=200)
    priority: float = 0
    color: str | None = Field(default=None, max_length=32)
    access_code: str | None = Field(default=None, min_length=1, max_length=128)
    authentication: Literal["none", "otp"] = "none"


class SequenceUpdate(AdminBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    priority: float | None = None
    color: str | None = Field(default=None, max_length=32)
    access_code: str | None = Field(default=None, min_length=1, max_length=128)
    authentication: Literal["none", "otp"] | None = None

    _required = field_validator("name", "priority", "authentication")(_not_null)


class AccessCodesCreate(AdminBody):
    """A list of codes for one sequence; `max_uses` 1 makes them single-use."""

    codes: list[str] = Field(min_length=1, max_length=10_000)
    max_uses: int | None = Field(default=None, ge=1)

    @field_validator("codes")
    @classmethod
    def _codes_are_sane(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not 1 <= len(code.strip()) <= 128:
                raise ValueError("each code must be 1 to 128 characters")
        return codes


class WaitlistCreate(AdminBody):
    sequence_id: str


class QueueCreate(AdminBody):
    sequence_id: str
    name: str = Field(min_length=1, max_length=200)
    admit_rate: float = Field(gt=0, le=1_000_000)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = Field(default=None, ge=1)
    max_admissions: int | None = Field(default=None, ge=1)
    admission_expiration_seconds: int = Field(default=600, ge=1, le=86_400)
    loyalty_bias_enabled: bool = False
    supports_guest: bool = True
    max_active_grants: int | None = Field(default=None, ge=1)
    early_entry_seconds: int | None = Field(default=None, ge=0)


class QueueUpdate(AdminBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    admit_rate: float | None = Field(default=None, gt=0, le=1_000_000)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    capacity: int | None = Field(default=None, ge=1)
    max_admissions: int | None = Field(default=None, ge=1)
    admission_expiration_seconds: int | None = Field(default=None, ge=1, le=86_400)
    loyalty_bias_enabled: bool | None = None
    supports_guest: bool | None = None
    max_active_grants: int | None = Field(default=None, ge=1)
    early_entry_seconds: int | None = Field(default=None, ge=0)

    _required = field_validator(
        "name",
        "admit_rate",
        "time_zone",
        "admission_expiration_seconds",
        "loyalty_bias_enabled",
        "supports_guest",
    )(_not_null)


QueueAction = Literal["open", "pause", "resume", "close"]


def apply_update(record: Record, update: AdminBody, now: datetime) -> Record:
    """A copy of `record` with the fields the update sets (explicit nulls clear them)."""
    changes = update.model_dump(exclude_unset=True)
    merged = {**record.model_dump(), **changes, "updated_at": now}
    return type(record).model_validate(merged)
