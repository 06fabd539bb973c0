"""`kiosk venue status`: one frame (`--once`) of a real running venue's figures, read from
its operator API; a wrong key or an unreachable server is a clear error, exit status 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
from rich.console import Console

from kiosk.venue.status_cli import render
from tests.processes import HTTP_TIMEOUT, free_port, running_venue, venue_command, venue_info

BOUND_SECONDS = 60


def status(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        venue_command("status", "--once", *args),
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=False,
        env=env,
    )


def test_once_prints_every_experience_of_a_running_venue(tmp_path: Path) -> None:
    data = tmp_path / "venue"
    with running_venue(data) as venue:
        info = venue_info(data)
        operator = {"Authorization": f"Bearer {info['secretKey']}"}
        figures = httpx.get(f"{venue.url}/operator/status", headers=operator, timeout=HTTP_TIMEOUT)
        sneakers = next(
            row
            for row in figures.json()["data"]
            if row["experienceName"] == "Sneaker drop: Aurora 1"
        )
        httpx.post(
            f"{venue.url}/operator/queues/{sneakers['distributionId']}/pause",
            headers=operator,
            timeout=HTTP_TIMEOUT,
        ).raise_for_status()

        shown = status("--url", venue.url, "--data-dir", str(data))  # the key from the data dir

    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    for column in ("Experience", "State", "Entrants", "Waiting", "Admitted", "Grants live", "Rate"):
        assert column in out
    for experience in info["experiences"]:
        assert experience["name"] in out
    line = next(line for line in out.splitlines() if "Sneaker drop: Aurora 1" in line)
    assert "paused" in line
    assert "(limit 30)" in line  # the demo line admits 30 a minute
    assert "event streams open" in out
    assert info["secretKey"] not in out + shown.stderr


def test_a_wrong_key_or_no_server_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "venue"
    with running_venue(data, demo=False) as venue:
        refused = status("--url", venue.url, "--secret-key", "sk_test_not_this_venue")
    assert refused.returncode == 2
    assert "refused the secret key" in refused.stderr

    nobody = status("--url", f"http://127.0.0.1:{free_port()}", "--secret-key", "sk_test_x")
    assert nobody.returncode == 2
    assert "cannot reach the venue server" in nobody.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    no_key = status("--url", venue.url, "--data-dir", str(empty))
    assert no_key.returncode == 2
    assert "pass --secret-key" in no_key.stderr


def test_a_frame_shows_state_line_and_rate_per_distribution() -> None:
    body = {
        "now": "2026-05-01T10:00:00Z",
        "eventStreamsOpen": 3,
        "data": [
            {
                "experienceName": "Drop",
                "sequenceName": "General",
                "mechanism": "queue",
                "state": "open",
                "entrants": 140,
                "waiting": 120,
                "admitted": 20,
                "admittedLastMinute": 12,
                "admitRate": 30,
                "grantsLive": 8,
            },
            {
                "experienceName": "Gold draw",
                "sequenceName": "Entry",
                "mechanism": "draw",
                "state": "closed",
                "entrants": 50,
                "waiting": None,
                "admitted": 3,
                "admittedLastMinute": 0,
                "admitRate": None,
                "grantsLive": 1,
            },
        ],
    }
    console = Console(record=True, width=200)
    console.print(render(body, "http://venue.local:4802"))
    text = console.export_text()
    drop = [
        cell.strip() for cell in next(ln for ln in text.splitlines() if "Drop" in ln).split("│")
    ]
    expected = ["Drop", "General", "queue", "open", "140", "120", "20", "8", "12/min (limit 30)"]
    assert drop[1:-1] == expected
    assert "12/min (limit 30)" in text
    draw = next(line for line in text.splitlines() if "Gold draw" in line)
    assert "closed" in draw and " - " in draw and "0/min" in draw and "limit" not in draw
    assert "3 event streams open" in text
