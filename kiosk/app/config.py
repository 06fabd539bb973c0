"""`kiosk run` configuration: command line, then environment (FANFARE_*), then a TOML file.

With no venue configured the kiosk runs the venue server embedded, with the demo data. A
kiosk holds only a publishable key: a secret key is refused.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from platformdirs import user_config_dir, user_data_dir
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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


class KioskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_url: str | None = None
    organization_id: str | None = None
    publishable_key: str | None = Field(default=None, repr=False)
    experiences: list[str] = Field(default_factory=list)
    data_dir: Path = Field(default_factory=default_data_root)
    mode: Literal["kiosk", "staff"] = "kiosk"
    windowed: bool = False
    size: tuple[int, int] = (1080, 1920)
    language: str = "en"
    staff_pin: str = Field(default="2468", repr=False, pattern=r"^\d{4,12}$")
    idle_seconds: float = Field(default=45.0, gt=0)
    idle_prompt_seconds: float = Field(default=15.0, gt=0)
    presence_seconds: float = Field(default=600.0, gt=0)
    presence_prompt_seconds: float = Field(default=60.0, gt=0)
    presence_expiry: Literal["leave", "keep"] = "leave"
    time_scale: float = Field(default=1.0, gt=0)
    demo: bool = True
    # The POS handoff: a bridge (with this kiosk's own token, never the secret key) or a
    # spool folder a POS reads. With neither, granted customers show a reference to staff.
    kiosk_id: str = Field(default="K1", min_length=1, max_length=32)
    pos_bridge_url: str | None = None
    pos_kiosk_token: str | None = Field(default=None, repr=False)
    pos_spool_dir: Path | None = None
    # The store's look (kiosk/app/brand.py); none: the demo's brand.
    brand_file: Path | None = None
    reduced_motion: bool = False

    @field_validator("publishable_key")
    @classmethod
    def _publishable_only(cls, value: str | None) -> str | None:
        if value is not None and value.startswith("sk_"):
            raise ValueError(
                "a secret key (sk_...) must never be put on a kiosk; use the publishable key"
            )
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"choose one of {', '.join(LANGUAGES)}")
        return value

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
    for name, field in _ENV_FIELDS.items():
        value = environ.get(ENV_PREFIX + name)
        if value:
            values[field] = value.split(",") if field == "experiences" else value
    for field in KioskConfig.model_fields:
        value = getattr(args, field, None)
        if value is not None:
            values[field] = value
    if isinstance(values.get("size"), str):
        values["size"] = _size(values["size"])
    if isinstance(values.get("experiences"), str):
        values["experiences"] = [values["experiences"]]
    try:
        config = KioskConfig.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'config'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigError(f"the kiosk configuration is not valid: {problems}") from None
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


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ConfigError(f"the size must look like 1080x1920, not {text!r}") from None
    return width, height
