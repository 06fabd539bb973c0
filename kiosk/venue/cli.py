"""`kiosk venue ...`: serve the venue server, show its keys and experiences, verify a shuffle."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from kiosk.core.clock import Clock, ScaledClock, SystemClock
from kiosk.venue.domain.fairness import ShuffleRecord, replay_permutation
from kiosk.venue.draw_cli import add_verify_draw, run_verify_draw
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore, StoreError

log = logging.getLogger(__name__)

DEFAULT_PORT = 4802


def default_data_dir() -> Path:
    return Path(user_data_dir("fanfare-kiosk", appauthor=False)) / "venue"


def database_path(data_dir: Path) -> Path:
    return data_dir / "venue.sqlite3"


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

    info = commands.add_parser("info", help="print the organization, keys and experiences")
    info.add_argument("--data-dir", type=Path, default=None)
    info.add_argument("--json", action="store_true", help="print JSON")

    verify = commands.add_parser(
        "verify-shuffle", help="replay a queue's opening shuffle from its published record"
    )
    verify.add_argument("record", type=Path, help="the JSON from GET /operator/queues/{id}/shuffle")
    add_verify_draw(commands)


def run(args: argparse.Namespace) -> int:
    if args.venue_command == "serve":
        return serve(args)
    if args.venue_command == "info":
        return info(args)
    if args.venue_command == "verify-draw":
        return run_verify_draw(args)
    return verify_shuffle(args.record)


def open_service(data_dir: Path | None, clock: Clock, *, sync: str = "normal") -> VenueService:
    path = database_path(data_dir or default_data_dir())
    return VenueService(SqliteStore(path, synchronous=sync.upper()), clock)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.venue.demo import DemoCrowd, load_demo
    from kiosk.venue.http.app import create_app
    from kiosk.venue.server_stack import server_stack

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    clock: Clock = SystemClock() if args.time_scale == 1.0 else ScaledClock(args.time_scale)
    data_dir = args.data_dir or default_data_dir()
    try:
        service = open_service(data_dir, clock, sync=args.sync)
    except StoreError as exc:
        print(f"kiosk venue serve: {exc}", file=sys.stderr)
        return 2
    background = {}
    if args.demo:
        if load_demo(service):
            log.info("loaded the demo experiences")
        crowd = DemoCrowd(service)
        background["demo-crowd"] = lambda: crowd.run(clock)
    app = create_app(service, clock=clock, background=background)
    log.info(
        "venue server for organization %s on http://%s:%d (data in %s)",
        service.organization.id,
        args.host,
        args.port,
        data_dir,
    )
    # The app writes `Date` on the venue's clock (which may run scaled); not uvicorn's own.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        access_log=False,
        date_header=False,
        **server_stack(),  # httptools + uvloop where installed
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
        details = describe(open_service(data_dir, SystemClock()))
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
