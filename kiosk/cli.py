"""The `kiosk` command: one entry point for the venue server, the journey walker and the app."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from kiosk import build_info


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Fanfare Kiosk")
    parser.add_argument("--version", action="version", version=build_info().describe())
    commands = parser.add_subparsers(dest="command", required=True)

    from kiosk.venue import cli as venue_cli

    venue = commands.add_parser("venue", help="the venue server")
    venue_cli.add_arguments(venue)

    from kiosk import journey_cli

    journey = commands.add_parser("journey", help="walk one journey headless, printing each view")
    journey_cli.add_arguments(journey)

    from kiosk.pos_bridge import cli as bridge_cli

    bridge = commands.add_parser(
        "pos-bridge", help="the POS bridge: takes handoffs from kiosks, redeems their grants"
    )
    bridge_cli.add_arguments(bridge)

    from kiosk.app import config as app_config

    run = commands.add_parser("run", help="the kiosk UI (embedded venue server by default)")
    app_config.add_arguments(run)
    run.add_argument(
        "--self-test",
        action="store_true",
        help="run the embedded demo offscreen, walk one journey to granted, exit 0 if it works",
    )
    run.add_argument(
        "--log-level",
        type=str.upper,
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        default=os.environ.get("FANFARE_LOG_LEVEL", "INFO").upper(),
        help="INFO logs what customers did; DEBUG adds every HTTP request (env FANFARE_LOG_LEVEL)",
    )
    run.add_argument(
        "--log-dir",
        default=None,
        help="where kiosk.log goes (env FANFARE_LOG_DIR; default: the platform's log directory)",
    )

    from kiosk.devtools import screenshot as screenshot_cli

    screenshot = commands.add_parser("screenshot", help="render one kiosk screen to a PNG")
    screenshot_cli.add_arguments(screenshot)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "venue":
        from kiosk.venue import cli as venue_cli

        return venue_cli.run(args)
    if args.command == "pos-bridge":
        from kiosk.pos_bridge import cli as bridge_cli

        return bridge_cli.run(args)
    if args.command == "journey":
        from kiosk import journey_cli

        try:
            return asyncio.run(journey_cli.run_journey(args))
        except KeyboardInterrupt:
            return 130
    if args.command == "run":
        if args.self_test:
            from kiosk.devtools.selftest import run_self_test

            return run_self_test()
        from kiosk.app.config import ConfigError, load_config

        try:
            config = load_config(args)
        except ConfigError as exc:
            print(f"kiosk run: {exc}", file=sys.stderr)
            return 2
        from kiosk.app.main import run

        return run(config, log_level=args.log_level, log_dir=args.log_dir)
    if args.command == "screenshot":
        from kiosk.devtools.screenshot import run as run_screenshot

        return run_screenshot(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
