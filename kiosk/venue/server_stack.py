"""The HTTP stack `kiosk venue serve` runs on: uvicorn's C parser and libuv loop if installed.

On httptools + uvloop a status poll takes about half the server CPU it takes on uvicorn's
pure-Python h11 + asyncio, an enter two thirds (`bench/venue_ratio.py`). They are
dependencies wherever they install; uvloop has no Windows build, so there (or wherever
either is missing) the server falls back to what uvicorn always has, and serves the same API.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from typing import Any

FindSpec = Callable[[str], Any]


def server_stack(
    find_spec: FindSpec = importlib.util.find_spec, platform: str = sys.platform
) -> dict[str, str]:
    """uvicorn's `http` and `loop` settings: the fast ones where they can be imported."""
    http = "httptools" if find_spec("httptools") is not None else "h11"
    fast_loop = platform != "win32" and find_spec("uvloop") is not None
    return {"http": http, "loop": "uvloop" if fast_loop else "asyncio"}
