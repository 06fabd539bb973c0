"""A graceful stop of a real `kiosk venue serve` on 127.0.0.1: on SIGTERM a request already
in flight still completes, an open event stream says goodbye with its retry hint and ends,
the database is whole on disk (its WAL folded in), and after a restart the request's effect
is there."""

from __future__ import annotations

import json
import signal
import socket
import time
from pathlib import Path

import httpx

from tests.processes import HTTP_TIMEOUT, STARTUP_SECONDS, running_venue, venue_info

SOCKET_TIMEOUT = 15.0


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=SOCKET_TIMEOUT)
    connection.settimeout(SOCKET_TIMEOUT)
    return connection


def _head(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_until(connection: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise AssertionError(f"closed before {marker!r}: {data!r}")
        data += chunk
    return data


def _read_to_end(connection: socket.socket) -> bytes:
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return data


def _response(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode().split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def _wait_for_line(log: list[str], text: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while not any(text in line for line in log):
        assert time.monotonic() < deadline, f"never logged {text!r}:\n" + "\n".join(log)
        time.sleep(0.05)


def test_sigterm_lets_the_request_in_flight_finish_and_the_state_survives(
    tmp_path: Path,
) -> None:
    data = tmp_path / "venue"
    with running_venue(data, demo=False) as venue:
        info = venue_info(data)
        operator = {"Authorization": f"Bearer {info['secretKey']}"}
        with httpx.Client(base_url=venue.url, timeout=HTTP_TIMEOUT) as http:
            experience = http.post("/operator/experiences", headers=operator, json={"name": "Drop"})
            sequence = http.post(
                "/operator/sequences",
                headers=operator,
                json={"experienceId": experience.json()["id"], "name": "General"},
            )
            queue = http.post(
                "/operator/queues",
                headers=operator,
                json={"sequenceId": sequence.json()["id"], "name": "Line", "admitRate": 1},
            )
            assert queue.status_code == 200, queue.text
            queue_id = queue.json()["id"]
            guest = http.post("/auth/guest", headers={"X-Publishable-Key": info["publishableKey"]})
            consumer = {
                "X-Publishable-Key": info["publishableKey"],
                "Authorization": f"Bearer {guest.json()['accessToken']}",
            }

            stream = _connect(venue.url)
            stream.sendall(_head("GET", "/consumers/me/events", consumer))
            _read_until(stream, b"event: me")
            metrics = http.get("/metrics").text
            assert "kiosk_venue_event_streams_open 1.0" in metrics

            # A request whose body is still on its way when the stop comes.
            enter = _connect(venue.url)
            enter.sendall(
                _head(
                    "POST",
                    f"/queues/{queue_id}/enter",
                    {**consumer, "Content-Type": "application/json", "Content-Length": "2"},
                )
            )
            # Answered after the enter's head arrived: the server has read it by now.
            assert http.get("/healthz").status_code == 200

            venue.process.send_signal(signal.SIGTERM)
            _wait_for_line(venue.log, "Shutting down")

            goodbye = _read_to_end(stream).decode()
            assert ": venue server stopping" in goodbye
            assert "retry: 2000" in goodbye

            enter.sendall(b"{}")
            status, headers, body = _response(_read_to_end(enter))
            assert status == 200, body
            assert headers["connection"] == "close"
            entered = json.loads(body)
            assert entered["status"] in {"QUEUED", "GRANTED"}

        venue.process.wait(timeout=STARTUP_SECONDS)
        _wait_for_line(venue.log, "Application shutdown complete")
        stream.close()
        enter.close()
    assert not (data / "venue.sqlite3-wal").exists()  # closed cleanly: all in the file

    with (
        running_venue(data, demo=False) as again,
        httpx.Client(base_url=again.url, timeout=HTTP_TIMEOUT) as http,
    ):
        after = http.get(f"/queues/{queue_id}/status", headers=consumer)
        assert after.status_code == 200, after.text
        assert after.json()["status"] == entered["status"]
        assert after.json().get("position") == entered.get("position")
