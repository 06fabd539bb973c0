"""`kiosk venue ...`: serve the venue server, show its keys and experiences, verify a shuffle."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.core.clock import Clock, ScaledClock, SystemClock
from kiosk.venue import limits as venue_limits
from kiosk.venue.backup_cli import BACKUP_COMMANDS, add_backup_commands
from kiosk.venue.data_lock import DataDirBusy, DataDirLock
from kiosk.venue.domain.fairness import ShuffleRecord, replay_permutation
from kiosk.venue.draw_cli import add_verify_draw, run_verify_draw
from kiosk.venue.keystore import CHOICES, SecretsError, open_secrets
from kiosk.venue.logging_setup import LOG_FORMATS, configure_logging
from kiosk.venue.paths import database_path, default_data_dir
from kiosk.venue.service import VenueService
from kiosk.venue.status_cli import add_status, run_status
from kiosk.venue.store import SqliteStore, StoreError

log = logging.getLogger(__name__)

DEFAULT_PORT = 4802


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="venue_command", required=True)

    serve = commands.add_parser("serve", help="run the venue server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 4802)")
    serve.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    serve.add_argument("--demo", action="store_true", help="load the demo experiences")
    serve.add_argument(
        "--sync",
        choices=["normal", "full"],
        default="normal",
        help="normal: survives a killed process; full: also survives power loss (slower)",
    )
    serve.add_argument(
        "--time-scale",
        type=float,
        default=1.0,
        help="run venue time this many times faster (demos and tests only)",
    )
    venue_limits.add_arguments(serve)  # connection and rate limits: docs/hardening.md
    add_secret_store(serve)
    serve.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="text lines, or json: one JSON object a line, with each request's id",
    )

    info = commands.add_parser("info", help="print the organization, keys and experiences")
    info.add_argument("--data-dir", type=Path, default=None)
    info.add_argument("--json", action="store_true", help="print JSON")
    add_secret_store(info)

    verify = commands.add_parser(
        "verify-shuffle", help="replay a queue's opening shuffle from its published record"
    )
    verify.add_argument("record", type=Path, help="the JSON from GET /operator/queues/{id}/shuffle")
    add_verify_draw(commands)
    add_status(commands)
    add_backup_commands(commands)


def add_secret_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secret-store",
        choices=CHOICES,
        default="auto",
        help="where the secret key lives: the OS keyring, a 0600 file, or auto (default)",
    )


def run(args: argparse.Namespace) -> int:
    if args.venue_command == "serve":
        return serve(args)
    if args.venue_command == "info":
        return info(args)
    if args.venue_command == "verify-draw":
        return run_verify_draw(args)
    if args.venue_command == "status":
        return run_status(args, database_path(args.data_dir or default_data_dir()))
    if args.venue_command in BACKUP_COMMANDS:
        database = database_path(args.data_dir or default_data_dir())
        return BACKUP_COMMANDS[args.venue_command](args, database)
    return verify_shuffle(args.record)


def open_service(
    data_dir: Path | None,
    clock: Clock,
    *,
    sync: str = "normal",
    limits: venue_limits.Limits | None = None,
    secret_store: str = "auto",
    store: SqliteStore | None = None,
) -> VenueService:
    """The venue in `data_dir`; its secrets in the OS keyring or a 0600 file beside the
    database (`secret_store`: auto, keyring or file; see kiosk/venue/keystore.py). `store`:
    the database already opened (`serve` closes it itself when the server stops)."""
    data_dir = data_dir or default_data_dir()
    per_contact = None
    if limits is not None:
        rate = limits.otp_requests_per_contact
        per_contact = (rate.count, timedelta(seconds=rate.seconds))
    try:
        secrets = open_secrets(data_dir, secret_store)
    except SecretsError as exc:
        raise StoreError(str(exc)) from exc
    store = store or SqliteStore(database_path(data_dir), synchronous=sync.upper())
    try:
        return VenueService(store, clock, otp_per_contact=per_contact, secrets=secrets)
    except BaseException:
        store.close()
        raise


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.venue.demo import DemoCrowd, load_demo
    from kiosk.venue.http.app import create_app
    from kiosk.venue.http.connections import server_options
    from kiosk.venue.server_stack import server_stack

    configure_logging(args.log_format)
    try:
        limits = venue_limits.from_arguments(args)
    except venue_limits.LimitsError as exc:
        print(f"kiosk venue serve: {exc}", file=sys.stderr)
        return 2
    venue_limits.raise_open_file_limit()
    log.info("limits: %s", limits.summary())
    clock: Clock = SystemClock() if args.time_scale == 1.0 else ScaledClock(args.time_scale)
    data_dir = args.data_dir or default_data_dir()
    lock = DataDirLock(data_dir)  # held until the process ends: restore refuses meanwhile
    try:
        lock.acquire("kiosk venue serve")
        store = SqliteStore(database_path(data_dir), synchronous=args.sync.upper())
        service = open_service(
            data_dir, clock, limits=limits, secret_store=args.secret_store, store=store
        )
    except (StoreError, DataDirBusy, OSError) as exc:
        print(f"kiosk venue serve: {exc}", file=sys.stderr)
        return 2
    background = {}
    if args.demo:
        if load_demo(service):
            log.info("loaded the demo experiences")
        crowd = DemoCrowd(service)
        background["demo-crowd"] = lambda: crowd.run(clock)

    async def close_store() -> None:
        # After the in-flight requests: folds the WAL into the database file. (uvicorn
        # re-raises SIGTERM once it has stopped, so nothing after `uvicorn.run` would run.)
        store.close()

    app = create_app(
        service,
        clock=clock,
        background=background,
        limits=limits,
        on_shutdown=[close_store],
        access_log=True,
    )
    log.info(
        "venue server for organization %s on http://%s:%d (data in %s)",
        service.organization.id,
        args.host,
        args.port,
        data_dir,
    )
    # The app writes `Date` on the venue's clock (which may run scaled); not uvicorn's own.
    stack = server_stack()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        log_config=None,  # uvicorn logs through our handler (text or JSON lines)
        access_log=False,
        date_header=False,
        loop=stack["loop"],
        **server_options(limits, http=stack["http"]),  # httptools + uvloop where installed
    )
    return 0


def describe(service: VenueService) -> dict[str, Any]:
    org = service.organization
    experiences = []
    for experience in service.catalog.experiences():
        sequences = []
        mechanisms: list[str] = []
        ordered = sorted(service.catalog.sequences_of(experience.id), key=lambda s: -s.priority)
        for sequence in ordered:
            engine = service.distributions.of_sequence(sequence.id)
            distributions = [{"type": engine.mechanism, "id": engine.id}] if engine else []
            waitlist = service.waitlists.of_sequence(sequence.id)
            mechanisms += [d["type"] for d in distributions if d["type"] not in mechanisms]
            sequences.append(
                {
                    "id": sequence.id,
                    "name": sequence.name,
                    "priority": sequence.priority,
                    "accessCode": sequence.access_code,
                    "accessCodeLists": [
                        {"code": c.code, "maxUses": c.max_uses, "uses": len(c.consumers)}
                        for c in service.catalog.access_codes(sequence.id)
                    ],
                    "authentication": sequence.authentication,
                    "waitlistId": waitlist.id if waitlist else None,
                    "distributions": distributions,
                }
            )
        experiences.append(
            {
                "id": experience.id,
                "name": experience.name,
                "mechanisms": mechanisms,
                "sequences": sequences,
            }
        )
    return {
        "organizationId": org.id,
        "publishableKey": org.publishable_key,
        "secretKey": org.secret_key,
        "experiences": experiences,
    }


def info(args: argparse.Namespace) -> int:
    data_dir = args.data_dir or default_data_dir()
    if not database_path(data_dir).exists():
        print(
            f"kiosk venue info: no venue data in {data_dir}; start one with "
            "'kiosk venue serve --demo' first",
            file=sys.stderr,
        )
        return 2
    try:
        details = describe(open_service(data_dir, SystemClock(), secret_store=args.secret_store))
    except StoreError as exc:
        print(f"kiosk venue info: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(details, indent=2))
        return 0
    print(f"organization   {details['organizationId']}")
    print(f"publishable    {details['publishableKey']}")
    print(f"secret         {details['secretKey']}  (servers only, never on a kiosk)")
    for experience in details["experiences"]:
        mechanisms = ", ".join(experience["mechanisms"]) or "none"
        print(f"experience     {experience['id']}  {experience['name']}  [{mechanisms}]")
    return 0


def verify_shuffle(path: Path) -> int:
    try:
        doc = json.loads(path.read_text())
        record = ShuffleRecord.from_doc(doc)
        replayed = replay_permutation(record, list(doc["entries"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"verify-shuffle: cannot replay {path}: {exc}", file=sys.stderr)
        return 2
    if "order" in doc and replayed != list(doc["order"]):
        print("MISMATCH: the published order is not what the seed produces", file=sys.stderr)
        return 1
    print(f"OK: {record.count} entries, hash {record.entries_hash[:16]}..., order replays exactly")
    return 0
