"""Checks for the kiosk configuration's fields: each coerces one value or says what is wrong.

The configuration is read before the kiosk's first frame, and pydantic alone takes longer to
import than that frame to draw (issue 14), so the few checks it needs are written out here.
Values arrive as text from the environment and the command line, or typed from TOML, so a
check takes text where it can be read ("true", "45", "/srv/kiosk") and refuses the rest. The
messages follow pydantic's, which the kiosk used before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

Check = Callable[[Any], Any]

_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


class Invalid(ValueError):
    """One value cannot be used; `where` is the index of the bad item inside it, if any."""

    def __init__(self, message: str, *where: int) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("Input should be a valid string")
    return value


def text_between(shortest: int, longest: int) -> Check:
    def check(value: Any) -> str:
        value = text(value)
        if len(value) < shortest:
            raise Invalid(f"String should have at least {_characters(shortest)}")
        if len(value) > longest:
            raise Invalid(f"String should have at most {_characters(longest)}")
        return value

    return check


def text_matching(pattern: str) -> Check:
    """The whole value matches `pattern` (a newline at the end is not let through by `$`)."""
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not compiled.fullmatch(text(value)):
            raise Invalid(f"String should match pattern '{pattern}'")
        return value

    return check


def one_of(*choices: str) -> Check:
    quoted = [f"'{choice}'" for choice in choices]
    message = f"Input should be {', '.join(quoted[:-1])} or {quoted[-1]}"

    def check(value: Any) -> str:
        if value not in choices:
            raise Invalid(message)
        return value

    return check


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise Invalid("Input should be a valid boolean, unable to interpret input")


def number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise Invalid(
                "Input should be a valid number, unable to parse string as a number"
            ) from None
    raise Invalid("Input should be a valid number")


def positive(value: Any) -> float:
    value = number(value)
    if not value > 0:  # written so that NaN is refused too
        raise Invalid("Input should be greater than 0")
    return value


def whole_number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    raise Invalid("Input should be a valid integer")


def path(value: Any) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise Invalid("Input is not a valid path")
    return Path(value)


def texts(value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise Invalid("Input should be a valid list")
    return [_item(text, item, index) for index, item in enumerate(value)]


def size(value: Any) -> tuple[int, int]:
    """A window size, (width, height)."""
    if not isinstance(value, (list, tuple)):
        raise Invalid("Input should be a valid tuple")
    if len(value) != 2:
        raise Invalid(f"Tuple should have 2 items (width, height), not {len(value)}")
    width, height = (_item(whole_number, item, index) for index, item in enumerate(value))
    return width, height


def optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def checked(values: Mapping[str, Any], checks: Mapping[str, Check]) -> tuple[dict, list[str]]:
    """Each value through its field's check, in the checks' order: the coerced values, and
    the problems as "field: message" (an unknown field is one)."""
    result: dict[str, Any] = {}
    problems: list[str] = []
    for name, check in checks.items():
        if name not in values:
            continue
        try:
            result[name] = check(values[name])
        except Invalid as exc:
            where = ".".join(str(part) for part in (name, *exc.where))
            problems.append(f"{where}: {exc.message}")
    problems += [f"{name}: Extra inputs are not permitted" for name in values if name not in checks]
    return result, problems


def _item(check: Check, value: Any, index: int) -> Any:
    try:
        return check(value)
    except Invalid as exc:
        raise Invalid(exc.message, index, *exc.where) from None


def _characters(count: int) -> str:
    return f"{count} character" if count == 1 else f"{count} characters"
