"""Base classes and scalar types for the consumer API's bodies.

Field names are snake_case in Python and camelCase on the wire. Response bodies tolerate
unknown fields (Fanfare adds fields over time); request bodies refuse them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    TypeAdapter,
)
from pydantic.alias_generators import to_camel

_MONEY_PATTERN = re.compile(r"^\d{1,12}(\.\d{1,8})?$")


def _parse_money(value: Any) -> Decimal:
    """Money arrives as a decimal string; floats are refused because they are not exact."""
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, str):
        text = value
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        raise ValueError("money must be a decimal string such as '125.00'")
    if not _MONEY_PATTERN.match(text):
        raise ValueError("money must match ^\\d{1,12}(\\.\\d{1,8})?$")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards this
        raise ValueError("not a decimal amount") from exc


Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(lambda amount: format(amount, "f"), return_type=str),
]


def _format_instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# A timezone-aware instant, written as ISO 8601 in UTC with a `Z`.
Instant = Annotated[AwareDatetime, PlainSerializer(_format_instant, return_type=str)]


# pydantic-core caches up to 16,384 parsed JSON strings process-wide by default, values as
# well as keys. On a kiosk the values are each customer's ids, references and tokens: they
# would outlive the wipe, and fill the cache by a few strings a visit (a slow, steady
# growth of the kiosk's memory). Keys repeat and are worth caching; values are not.
JSON_STRINGS_CACHED = "keys"


def wire_adapter(kind: Any) -> TypeAdapter[Any]:
    """A `TypeAdapter` for a union or a list of wire models (a model brings its own config),
    caching only JSON keys."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return TypeAdapter(kind)
    return TypeAdapter(kind, config=ConfigDict(cache_strings=JSON_STRINGS_CACHED))


class WireResponse(BaseModel):
    """A body the server sends: unknown fields are ignored when parsing."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="ignore",
        frozen=True,
        cache_strings=JSON_STRINGS_CACHED,
    )

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def to_json(self) -> bytes:
        """`to_wire()` as compact UTF-8 JSON, encoded by pydantic without the dict between."""
        return self.__pydantic_serializer__.to_json(self, by_alias=True, exclude_none=True)


class WireRequest(BaseModel):
    """A body a client sends: unknown fields are a validation error."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        frozen=True,
        cache_strings=JSON_STRINGS_CACHED,
    )

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)
