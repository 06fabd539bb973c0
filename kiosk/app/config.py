"""`kiosk run` configuration: command line, then environment (FANFARE_*), then a TOML file.

With no venue configured the kiosk runs the venue server embedded, with the demo data. A
kiosk holds only a publishable key: a secret key is refused.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from platformdirs import user_config_dir, user_data_dir

from kiosk.app import config_fields as check
from kiosk.core.languages import LANGUAGES

if TYPE_CHECKING:  # the session (and the SDK under it) loads after the first frame
    from kiosk.session.settings import SessionSettings

APP_NAME = "fanfare-kiosk"
ENV_PREFIX = "FANFARE_"


class ConfigError(Exception):
    """The configuration cannot be used; the message says what to fix."""


def default_config_file() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def default_data_root() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class KioskConfig:
    """What `kiosk run` was told; checked (and text coerced) when it is made.

    A plain dataclass, not a pydantic model: it is read before the first frame, and pydantic
    is too slow to import for that (issue 14). The checks are in `_CHECKS` below.
    """

    api_url: str | None = None
    organization_id: str | None = None
    publishable_key: str | None = field(default=None, repr=False)
    experiences: list[str] = field(default_factory=list)
    data_dir: Path = field(default_factory=default_data_root)
    mode: Literal["kiosk", "staff"] = "kiosk"
    windowed: bool = False
    size: tuple[int, int] = (1080, 1920)
    language: str = "en"
    staff_pin: str = field(default="2468", repr=False)
    idle_seconds: float = 45.0
    idle_prompt_seconds: float = 15.0
    presence_seconds: float = 600.0
    presence_prompt_seconds: float = 60.0
    presence_expiry: Literal["leave", "keep"] = "leave"
    time_scale: float = 1.0
    demo: bool = True
    # The POS handoff: a bridge (with this kiosk's own token, never the secret key) or a
    # spool folder a POS reads. With neither, granted customers show a reference to staff.
    kiosk_id: str = "K1"
    pos_bridge_url: str | None = None
    pos_kiosk_token: str | None = field(default=None, repr=False)
    pos_spool_dir: Path | None = None
    # The store's look (kiosk/app/brand.py); none: the demo's brand.
    brand_file: Path | None = None
    reduced_motion: bool = False

    def __post_init__(self) -> None:
        for name, value in _checked(vars(self)).items():
            object.__setattr__(self, name, value)  # frozen: the checked value, once

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> KioskConfig:
        """From the file, environment and command line's values; an unknown key is refused."""
        return cls(**_checked(values))

    @property
    def embedded(self) -> bool:
        """True when no venue is configured: run the venue server in this process."""
        return self.api_url is None

    @property
    def venue_dir(self) -> Path:
        return self.data_dir / "venue"

    @property
    def session_file(self) -> Path:
        return self.data_dir / "kiosk" / "session.json"

    @property
    def pos_outbox_file(self) -> Path:
        return self.data_dir / "kiosk" / "pos-outbox.sqlite3"

    def session_settings(self) -> SessionSettings:
        from kiosk.session.settings import SessionSettings

        return SessionSettings(
            mode=self.mode,
            idle_seconds=self.idle_seconds,
            idle_prompt_seconds=self.idle_prompt_seconds,
            presence_seconds=self.presence_seconds,
            presence_prompt_seconds=self.presence_prompt_seconds,
            presence_expiry=self.presence_expiry,
            default_language=self.language,
            staff_pin=self.staff_pin,
        )


def _publishable_only(value: Any) -> str | None:
    value = check.optional(check.text)(value)
    if value is not None and value.startswith("sk_"):
        raise check.Invalid(
            "a secret key (sk_...) must never be put on a kiosk; use the publishable key"
        )
    return value


def _known_language(value: Any) -> str:
    if value not in LANGUAGES:
        raise check.Invalid(f"choose one of {', '.join(LANGUAGES)}")
    return value


# One check per field, in the fields' order (problems are listed in it). A field left out
# here is refused as unknown, so every KioskConfig made fails until it has its check.
_CHECKS: dict[str, check.Check] = {
    "api_url": check.optional(check.text),
    "organization_id": check.optional(check.text),
    "publishable_key": _publishable_only,
    "experiences": check.texts,
    "data_dir": check.path,
    "mode": check.one_of("kiosk", "staff"),
    "windowed": check.boolean,
    "size": check.size,
    "language": _known_language,
    "staff_pin": check.text_matching(r"^\d{4,12}$"),
    "idle_seconds": check.positive,
    "idle_prompt_seconds": check.positive,
    "presence_seconds": check.positive,
    "presence_prompt_seconds": check.positive,
    "presence_expiry": check.one_of("leave", "keep"),
    "time_scale": check.positive,
    "demo": check.boolean,
    "kiosk_id": check.text_between(1, 32),
    "pos_bridge_url": check.optional(check.text),
    "pos_kiosk_token": check.optional(check.text),
    "pos_spool_dir": check.optional(check.path),
    "brand_file": check.optional(check.path),
    "reduced_motion": check.boolean,
}


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    result, problems = check.checked(values, _CHECKS)
    if problems:
        raise ConfigError(f"the kiosk configuration is not valid: {'; '.join(problems)}")
    return result


_ENV_FIELDS = {
    "API_URL": "api_url",
    "ORGANIZATION_ID": "organization_id",
    "PUBLISHABLE_KEY": "publishable_key",
    "EXPERIENCE": "experiences",
    "DATA_DIR": "data_dir",
    "KIOSK_MODE": "mode",
    "STAFF_PIN": "staff_pin",
    "LANGUAGE": "language",
    "KIOSK_ID": "kiosk_id",
    "POS_BRIDGE_URL": "pos_bridge_url",
    "POS_KIOSK_TOKEN": "pos_kiosk_token",
    "POS_SPOOL_DIR": "pos_spool_dir",
    "BRAND": "brand_file",
    "REDUCED_MOTION": "reduced_motion",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="TOML configuration file")
    parser.add_argument("--api-url", default=None, help="a venue server or the Fanfare cloud")
    parser.add_argument("--organization-id", default=None)
    parser.add_argument("--publishable-key", default=None, help="pk_... (never a secret key)")
    parser.add_argument(
        "--experience",
        action="append",
        default=None,
        dest="experiences",
        help="an experience id to offer (repeat for several)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="where kiosk data lives")
    parser.add_argument("--kiosk-id", default=None, help="this kiosk's name at the POS (K1)")
    parser.add_argument("--pos-bridge-url", default=None, help="the store's POS bridge")
    parser.add_argument(
        "--pos-kiosk-token", default=None, help="this kiosk's token at the bridge (prefer env)"
    )
    parser.add_argument(
        "--pos-spool-dir", type=Path, default=None, help="or: a folder the POS reads"
    )
    parser.add_argument(
        "--brand", dest="brand_file", type=Path, default=None, help="the store's brand (TOML)"
    )
    parser.add_argument(
        "--reduced-motion", action="store_true", default=None, help="no screen animations"
    )
    parser.add_argument("--mode", choices=["kiosk", "staff"], default=None)
    parser.add_argument("--windowed", action="store_true", default=None, help="not fullscreen")
    parser.add_argument("--size", default=None, help="window size WxH when windowed")
    parser.add_argument("--lang", dest="language", default=None, choices=list(LANGUAGES))
    parser.add_argument("--staff-pin", default=None)
    parser.add_argument("--idle-seconds", type=float, default=None)
    parser.add_argument("--presence-seconds", type=float, default=None)
    parser.add_argument("--presence-expiry", choices=["leave", "keep"], default=None)
    parser.add_argument(
        "--time-scale",
        type=float,
        default=None,
        help="embedded venue only: faster venue time (demos); kiosk timers stay real time",
    )
    parser.add_argument(
        "--no-demo", dest="demo", action="store_false", default=None, help="embedded: no demo data"
    )


def load_config(args: argparse.Namespace, environ: dict[str, str] | None = None) -> KioskConfig:
    """Merge the file, the environment and the command line (later ones win)."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    path = args.config or (
        Path(environ[ENV_PREFIX + "CONFIG"]) if ENV_PREFIX + "CONFIG" in environ else None
    )
    if path is None and default_config_file().is_file():
        path = default_config_file()
    if path is not None:
        try:
            with path.open("rb") as handle:
                document = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the configuration file {path}: {exc}") from exc
        values.update(document.get("kiosk", document))
        if "experience" in values:
            values["experiences"] = values.pop("experience")
    for variable, name in _ENV_FIELDS.items():
        value = environ.get(ENV_PREFIX + variable)
        if value:
            values[name] = value.split(",") if name == "experiences" else value
    for name in _CHECKS:
        value = getattr(args, name, None)
        if value is not None:
            values[name] = value
    if isinstance(values.get("size"), str):
        values["size"] = _size(values["size"])
    if isinstance(values.get("experiences"), str):
        values["experiences"] = [values["experiences"]]
    config = KioskConfig.from_values(values)
    if config.pos_bridge_url and not config.pos_kiosk_token:
        raise ConfigError(
            "with --pos-bridge-url the kiosk also needs its own token: --pos-kiosk-token "
            "or FANFARE_POS_KIOSK_TOKEN (never the venue's secret key)"
        )
    if not config.embedded:
        missing = [
            name
            for name, value in (
                ("--organization-id", config.organization_id),
                ("--publishable-key", config.publishable_key),
            )
            if not value
        ]
        if not config.experiences:
            missing.append("--experience")
        if missing:
            raise ConfigError(
                f"with --api-url the kiosk also needs {', '.join(missing)} "
                "(or FANFARE_* variables, or the config file)"
            )
    return config


def _size(value: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in value.lower().split("x"))
    except ValueError:
        raise ConfigError(f"the size must look like 1080x1920, not {value!r}") from None
    return width, height
