"""The kiosk's logging: what a customer did on the console and in a log file of its own.

The file rotates (1 MB x 5) in the platform's log directory (`platformdirs.user_log_dir`;
`--log-dir` or FANFARE_LOG_DIR overrides it), since the Windows build has no console. HTTP
request lines (httpx, httpcore) appear only at DEBUG. No grant or token is ever logged: the
SDK and the POS code keep them out of their records, and httpx logs methods and URLs only.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

APP_NAME = "fanfare-kiosk"
LOG_DIR_ENV = "FANFARE_LOG_DIR"
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# One line per request, about one a second while a journey polls: for debugging only.
REQUEST_LOGGERS = ("httpx", "httpcore")
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def log_dir(override: str | Path | None = None) -> Path:
    """Where the log file goes: the override, else FANFARE_LOG_DIR, else the platform's."""
    chosen = override or os.environ.get(LOG_DIR_ENV) or user_log_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser()


@dataclass
class KioskLogging:
    """What `setup_logging` installed; `close()` takes it out again (tests)."""

    path: Path | None
    handlers: list[logging.Handler] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)

    def close(self) -> None:
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)


def setup_logging(level: str = "INFO", directory: str | Path | None = None) -> KioskLogging:
    """Log at `level` to the console (when there is one) and to the rotating log file."""
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    root = logging.getLogger()
    formatter = logging.Formatter(FORMAT)
    installed = KioskLogging(path=None, levels={"": root.level})
    if sys.stderr is not None:  # a windowed Windows build has none
        console = logging.StreamHandler()
        console.setFormatter(formatter)
        installed.handlers.append(console)
    problem = None
    path = log_dir(directory) / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        problem = exc
    else:
        file.setFormatter(formatter)
        installed.handlers.append(file)
        installed.path = path
    for handler in installed.handlers:
        root.addHandler(handler)
    root.setLevel(numeric)
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        installed.levels[name] = logger.level
        logger.setLevel(logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING)
    if problem is not None:
        logging.getLogger(__name__).warning("no log file in %s: %s", path.parent, problem)
    else:
        logging.getLogger(__name__).info("logging to %s", path)
    return installed
