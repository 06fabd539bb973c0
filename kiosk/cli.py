"""The `kiosk` command: one entry point for the venue server, the journey walker and the app."""

from __future__ import annotations

import argparse
import os
import sys

from kiosk import build_info

COMMANDS = ("venue", "journey", "pos-bridge", "run", "screenshot")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (`command` given) only that command's arguments filled in:
    each command's module is imported to add its arguments, and `kiosk run` should not pay for
    importing the venue server, the SDK and the screenshot tools before its first frame."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Fanfare Kiosk")
    parser.add_argument("--version", action="version", version=build_info().describe())
    commands = parser.add_subparsers(dest="command", required=True)

    def wanted(name: str) -> bool:
        return command is None or command == name

    venue = commands.add_parser("venue", help="the venue server")
    if wanted("venue"):
        from kiosk.venue import cli as venue_cli

        venue_cli.add_arguments(venue)

    journey = commands.add_parser("journey", help="walk one journey headless, printing each view")
    if wanted("journey"):
        from kiosk import journey_cli

        journey_cli.add_arguments(journey)

    bridge = commands.add_parser(
        "pos-bridge", help="the POS bridge: takes handoffs from kiosks, redeems their grants"
    )
    if wanted("pos-bridge"):
        from kiosk.pos_bridge import cli as bridge_cli

        bridge_cli.add_arguments(bridge)

    run = commands.add_parser("run", help="the kiosk UI (embedded venue server by default)")
    if wanted("run"):
        _add_run_arguments(run)

    screenshot = commands.add_parser("screenshot", help="render one kiosk screen to a PNG")
    if wanted("screenshot"):
        from kiosk.devtools import screenshot as screenshot_cli

        screenshot_cli.add_arguments(screenshot)
    return parser


def _add_run_arguments(run: argparse.ArgumentParser) -> None:
    from kiosk.app import config as app_config

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


def command_of(argv: list[str]) -> str | None:
    """The command `argv` names (its first word, after the options before it), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(command_of(words)).parse_args(words)
    if args.command == "venue":
        from kiosk.venue import cli as venue_cli

        return venue_cli.run(args)
    if args.command == "pos-bridge":
        from kiosk.pos_bridge import cli as bridge_cli

        return bridge_cli.run(args)
    if args.command == "journey":
        import asyncio

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
        from kiosk.app.launch import run

        return run(config, log_level=args.log_level, log_dir=args.log_dir)
    if args.command == "screenshot":
        from kiosk.devtools.screenshot import run as run_screenshot

        return run_screenshot(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
