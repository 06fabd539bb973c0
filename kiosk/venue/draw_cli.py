"""`kiosk venue verify-draw RECORD`: replay a draw from its published record.

The record is the JSON from `GET /operator/draws/{id}/record`. Exit status 0 when every
round matches what the seed produces over the committed entry list, 1 when it does not,
2 when the file cannot be read as a draw record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.venue.domain.draw import verify_draw_record


def add_verify_draw(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "verify-draw", help="replay a draw from its published record and say if it matches"
    )
    parser.add_argument("record", type=Path, help="the JSON from GET /operator/draws/{id}/record")


def run_verify_draw(args: argparse.Namespace) -> int:
    path: Path = args.record
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        print(f"verify-draw: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(doc, dict) or "entries" not in doc or "entriesHash" not in doc:
        print(f"verify-draw: {path} is not a draw record", file=sys.stderr)
        return 2
    ok, message = verify_draw_record(doc)
    if not ok:
        print(f"MISMATCH: {message}", file=sys.stderr)
        return 1
    print(message)
    return 0
