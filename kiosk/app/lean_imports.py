"""Two imports the kiosk process leaves out: code it never runs that costs ~14 MiB resident.

- httpx imports its command-line tool (`httpx._main`) whenever click, rich and pygments are
  installed, and `kiosk venue status` installs rich: ~11 MiB in every process that imports
  httpx. The kiosk never runs `httpx` from the command line, so it is left out (`httpx.main`
  then raises ImportError if anything called it).
- qrcode imports Pillow for its optional drawing styles (guarded by qrcode itself); the
  kiosk only reads the module matrix (`kiosk/session/qr.py`): ~3 MiB. Pillow is blocked only
  while qrcode imports, so a receipt printer that draws with Pillow later still gets it.

`leave_out_unused_imports()` runs in `kiosk run` before the SDK is imported (`launch.py`);
the benchmarks call it too, as the kiosk does. Tests do not: they import everything.
"""

from __future__ import annotations

import sys

HTTPX_CLI = "httpx._main"
PILLOW = "PIL"


def leave_out_unused_imports() -> None:
    """Before anything imports httpx or qrcode; a no-op for what is already imported."""
    if "httpx" not in sys.modules:
        sys.modules.setdefault(HTTPX_CLI, None)  # type: ignore[arg-type]  # None: ImportError
    if "qrcode" not in sys.modules and PILLOW not in sys.modules:
        sys.modules[PILLOW] = None  # type: ignore[assignment]
        try:
            import qrcode  # noqa: F401
        finally:
            del sys.modules[PILLOW]
