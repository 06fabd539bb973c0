"""`kiosk venue serve` picks httptools + uvloop where they import, and falls back elsewhere."""

from __future__ import annotations

import importlib.util

import pytest
import uvicorn

from kiosk.venue.server_stack import server_stack


def only(*installed: str):  # type: ignore[no-untyped-def]
    return lambda name: object() if name in installed else None


@pytest.mark.parametrize(
    ("installed", "platform", "expected"),
    [
        (("httptools", "uvloop"), "linux", {"http": "httptools", "loop": "uvloop"}),
        (("httptools", "uvloop"), "darwin", {"http": "httptools", "loop": "uvloop"}),
        (("httptools",), "win32", {"http": "httptools", "loop": "asyncio"}),
        (("httptools", "uvloop"), "win32", {"http": "httptools", "loop": "asyncio"}),
        (("uvloop",), "linux", {"http": "h11", "loop": "uvloop"}),
        ((), "linux", {"http": "h11", "loop": "asyncio"}),
    ],
)
def test_the_stack_follows_what_is_installed(
    installed: tuple[str, ...], platform: str, expected: dict[str, str]
) -> None:
    assert server_stack(only(*installed), platform) == expected


def test_uvicorn_loads_the_stack_chosen_here() -> None:
    """The names are uvicorn's own: its config loads the protocol they name."""
    stack = server_stack()
    config = uvicorn.Config(lambda *_: None, **stack)
    config.load()
    expected = "httptools_impl" if stack["http"] == "httptools" else "h11_impl"
    assert config.http_protocol_class.__module__.endswith(expected)
    if importlib.util.find_spec("httptools") is not None:
        assert stack["http"] == "httptools"
