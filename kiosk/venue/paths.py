"""Where a venue keeps its data: light to import (the kiosk's embedded venue needs these,
not the whole `kiosk venue` command line with its terminal table)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir


def default_data_dir() -> Path:
    return Path(user_data_dir("fanfare-kiosk", appauthor=False)) / "venue"


def database_path(data_dir: Path) -> Path:
    return data_dir / "venue.sqlite3"
