"""The `kiosk` command: one entry point for the venue server, the journey walker and the app."""

from __future__ import annotations

import argparse
import asyncio
import sys

from kiosk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Fanfare Kiosk")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    from kiosk.venue import cli as venue_cli

    venue = commands.add_parser("venue", help="the venue server")
    venue_cli.add_arguments(venue)

    from kiosk import journey_cli

    journey = commands.add_parser("journey", help="walk one journey headless, printing each view")
    journey_cli.add_arguments(journey)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "venue":
        from kiosk.venue import cli as venue_cli

        return venue_cli.run(args)
    if args.command == "journey":
        from kiosk import journey_cli

        try:
            return asyncio.run(journey_cli.run_journey(args))
        except KeyboardInterrupt:
            return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
