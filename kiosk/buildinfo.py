"""What build this is: version, git commit and build time, for `kiosk --version` and staff.

A packaged build carries `build_info.json`, written by `packaging/kiosk.spec` at build time
(next to the bundled resources). A source checkout has none: the commit is taken from
`FANFARE_BUILD_COMMIT` if set, else it is "dev". No Qt, no I/O beyond reading that small file.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

__version__ = "0.1.0"  # keep equal to pyproject.toml's version (a test checks)
BUILD_INFO_FILE = "build_info.json"
DEV = "dev"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    commit: str = DEV
    built_at: str = ""
    frozen: bool = False

    def describe(self) -> str:
        """One line, e.g. `kiosk 0.1.0 (commit 1a2b3c4, built 2026-05-01T10:00:00Z)`."""
        details = [f"commit {self.commit}"]
        if self.built_at:
            details.append(f"built {self.built_at}")
        if self.frozen:
            details.append("bundle")
        return f"kiosk {self.version} ({', '.join(details)})"


def _bundled_file() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / BUILD_INFO_FILE if bundle else None


def build_info(path: Path | None = None) -> BuildInfo:
    """This build's information; never raises (a missing or broken file means "dev")."""
    path = path or _bundled_file()
    frozen = getattr(sys, "frozen", False)
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return BuildInfo(
                version=str(data.get("version") or __version__),
                commit=str(data.get("commit") or DEV),
                built_at=str(data.get("built_at") or ""),
                frozen=bool(frozen),
            )
        except (OSError, ValueError, AttributeError):
            pass
    return BuildInfo(
        version=__version__,
        commit=os.environ.get("FANFARE_BUILD_COMMIT") or DEV,
        frozen=bool(frozen),
    )
