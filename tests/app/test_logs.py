"""The kiosk's log: what a customer did, in a file of its own; request lines only at DEBUG."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.app.logs import KioskLogging, log_dir, setup_logging

TOKEN = "at-secret-token-0123"


@pytest.fixture
def installed() -> Iterator[list[KioskLogging]]:
    done: list[KioskLogging] = []
    yield done
    for setup in done:
        setup.close()


def read(setup: KioskLogging) -> str:
    for handler in setup.handlers:
        handler.flush()
    assert setup.path is not None
    return setup.path.read_text(encoding="utf-8")


def test_the_file_gets_what_the_kiosk_did_but_no_request_lines(
    tmp_path: Path, installed: list[KioskLogging]
) -> None:
    setup = setup_logging("INFO", tmp_path)
    installed.append(setup)

    logging.getLogger("httpx").info('HTTP Request: GET http://venue/v1/journeys "HTTP/1.1 200 OK"')
    logging.getLogger("httpcore.http11").info("receive_response_headers.complete")
    logging.getLogger("kiosk.session").info("customer chose Sneaker drop")

    text = read(setup)
    assert setup.path == tmp_path / "kiosk.log"
    assert "customer chose Sneaker drop" in text
    assert "HTTP Request" not in text and "receive_response_headers" not in text


def test_debug_logs_requests_but_never_the_bearer_token(
    tmp_path: Path, installed: list[KioskLogging]
) -> None:
    setup = setup_logging("DEBUG", tmp_path)
    installed.append(setup)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"grant": {"token": TOKEN}})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        client.get("http://venue.test/v1/journeys", headers={"Authorization": f"Bearer {TOKEN}"})

    text = read(setup)
    assert "HTTP Request: GET http://venue.test/v1/journeys" in text
    assert TOKEN not in text


def test_the_log_directory_is_the_platforms_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FANFARE_LOG_DIR", raising=False)
    assert "fanfare-kiosk" in str(log_dir())
    monkeypatch.setenv("FANFARE_LOG_DIR", str(tmp_path / "env"))
    assert log_dir() == tmp_path / "env"
    assert log_dir(tmp_path / "flag") == tmp_path / "flag"


def test_an_unwritable_directory_still_logs_to_the_console(
    tmp_path: Path, installed: list[KioskLogging]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")

    setup = setup_logging("INFO", blocker / "logs")
    installed.append(setup)

    assert setup.path is None
    assert setup.handlers  # the console


def test_an_unknown_level_logs_at_info(tmp_path: Path, installed: list[KioskLogging]) -> None:
    setup = setup_logging("chatty", tmp_path)  # e.g. a typo in FANFARE_LOG_LEVEL
    installed.append(setup)

    logging.getLogger("kiosk.session").info("customer chose Sneaker drop")
    logging.getLogger("kiosk.session").debug("a detail")

    text = read(setup)
    assert "customer chose Sneaker drop" in text and "a detail" not in text
