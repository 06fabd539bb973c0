"""`kiosk venue status`: a live terminal table of a running venue, one row per distribution
(experience, state, entrants, line, admitted, live grants, admission rate), read from its
operator API (`GET /operator/status`, secret key). `--once` prints one frame and exits.

The key comes from `--secret-key`, else `FANFARE_VENUE_SECRET_KEY`, else the venue database
in `--data-dir` on this machine (as `kiosk venue info` prints it). Exit status 0, or 2 when
the server cannot be reached or refuses the key (`--once`; the live view keeps trying).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from kiosk.venue.backup import BackupError, local_organization
from kiosk.venue.keystore import SecretsError, open_secrets

DEFAULT_URL = "http://127.0.0.1:4802"
TIMEOUT_SECONDS = 5.0
STATE_STYLES = {"open": "green", "paused": "yellow", "scheduled": "cyan", "closed": "dim"}


class StatusError(Exception):
    """The venue's status could not be read; the message says why."""


def add_status(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    status = subparsers.add_parser(
        "status", help="a live view of a running venue server's experiences"
    )
    status.add_argument(
        "--url",
        default=os.environ.get("FANFARE_VENUE_URL", DEFAULT_URL),
        help=f"the venue server (env FANFARE_VENUE_URL; default {DEFAULT_URL})",
    )
    status.add_argument(
        "--secret-key",
        default=os.environ.get("FANFARE_VENUE_SECRET_KEY"),
        help="the venue's secret key (prefer FANFARE_VENUE_SECRET_KEY: arguments are visible; "
        "default: read from --data-dir on this machine)",
    )
    status.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    status.add_argument("--once", action="store_true", help="print one frame and exit")
    status.add_argument(
        "--interval", type=float, default=2.0, help="seconds between frames (default 2)"
    )


def fetch_status(http: httpx.Client, secret_key: str) -> dict[str, Any]:
    try:
        response = http.get("/operator/status", headers={"Authorization": f"Bearer {secret_key}"})
    except httpx.HTTPError as exc:
        raise StatusError(f"cannot reach the venue server at {http.base_url}: {exc}") from exc
    if response.status_code in (401, 403):
        raise StatusError("the venue server refused the secret key")
    if response.status_code != 200:
        raise StatusError(f"the venue server answered {response.status_code}")
    try:
        body = response.json()
        return {"data": list(body["data"]), **body}
    except (ValueError, KeyError, TypeError) as exc:
        raise StatusError("the venue server's answer is not a status (an older server?)") from exc


def _rate(row: dict[str, Any]) -> str:
    observed = f"{row.get('admittedLastMinute', 0)}/min"
    limit = row.get("admitRate")
    return f"{observed} (limit {limit:g})" if isinstance(limit, int | float) else observed


def render(body: dict[str, Any], url: str) -> Table:
    table = Table(
        title=f"Venue {url}  {body.get('now', '')}",
        caption=f"{body.get('eventStreamsOpen', 0)} event streams open",
        expand=False,
    )
    for column, justify in [
        ("Experience", "left"),
        ("Sequence", "left"),
        ("Mechanism", "left"),
        ("State", "left"),
        ("Entrants", "right"),
        ("Waiting", "right"),
        ("Admitted", "right"),
        ("Grants live", "right"),
        ("Rate", "right"),
    ]:
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in body["data"]:
        state = str(row.get("state", "?"))
        waiting = row.get("waiting")
        table.add_row(
            str(row.get("experienceName", "")),
            str(row.get("sequenceName", "")),
            str(row.get("mechanism", "")),
            Text(state, style=STATE_STYLES.get(state, "")),
            str(row.get("entrants", 0)),
            "-" if waiting is None else str(waiting),
            str(row.get("admitted", 0)),
            str(row.get("grantsLive", 0)),
            _rate(row),
        )
    return table


def _secret_key(args: argparse.Namespace, database: Path) -> str:
    if args.secret_key:
        return str(args.secret_key)
    try:
        # Where `serve` keeps it (the OS keyring or a 0600 file beside the database); an
        # older or embedded venue still has it in its database.
        held = open_secrets(database.parent).load() if database.exists() else None
        if held and held.get("secretKey"):
            return str(held["secretKey"])
        return local_organization(database).secret_key
    except (BackupError, SecretsError) as exc:
        raise StatusError(
            f"no secret key given and none on this machine ({exc}); pass --secret-key or "
            "set FANFARE_VENUE_SECRET_KEY"
        ) from exc


def run_status(args: argparse.Namespace, database: Path, console: Console | None = None) -> int:
    """`database`: the local venue database the key is read from when none is given."""
    # Not a terminal (a pipe, a test): wide enough that no column is cut.
    console = console or Console(width=None if sys.stdout.isatty() else 160)
    try:
        key = _secret_key(args, database)
    except StatusError as exc:
        print(f"kiosk venue status: {exc}", file=sys.stderr)
        return 2
    with httpx.Client(base_url=args.url, timeout=TIMEOUT_SECONDS) as http:
        if args.once:
            try:
                console.print(render(fetch_status(http, key), args.url))
            except StatusError as exc:
                print(f"kiosk venue status: {exc}", file=sys.stderr)
                return 2
            return 0
        return _live(http, key, args, console)


def _live(http: httpx.Client, key: str, args: argparse.Namespace, console: Console) -> int:
    """Redraw every `--interval` seconds until Ctrl-C; a failed read shows why and retries
    (a restarting server comes back into view by itself)."""
    interval = max(0.2, float(args.interval))
    with Live(Text("reading the venue's status..."), console=console, auto_refresh=False) as live:
        try:
            while True:
                try:
                    frame: Any = render(fetch_status(http, key), args.url)
                except StatusError as exc:
                    frame = Group(
                        Text(str(exc), style="red"), Text(f"retrying every {interval:g} s")
                    )
                live.update(frame, refresh=True)
                time.sleep(interval)
        except KeyboardInterrupt:
            return 0
