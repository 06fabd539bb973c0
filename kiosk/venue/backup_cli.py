"""`kiosk venue backup FILE` and `kiosk venue restore FILE` (see `kiosk.venue.backup`).

Exit status 0 when done, 2 when refused or failed (with the reason on stderr; nothing
changed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.venue.backup import BackupError, backup, restore


def add_backup_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
) -> None:
    save = subparsers.add_parser(
        "backup", help="copy the venue database to FILE (safe while the server runs)"
    )
    save.add_argument("file", type=Path, metavar="FILE", help="the backup to write (must be new)")
    save.add_argument("--data-dir", type=Path, default=None, help="where the database lives")
    load = subparsers.add_parser(
        "restore", help="replace the venue database with a backup (the server must be stopped)"
    )
    load.add_argument("file", type=Path, metavar="FILE", help="a file from `kiosk venue backup`")
    load.add_argument("--data-dir", type=Path, default=None, help="where the database lives")


def run_backup(args: argparse.Namespace, database: Path) -> int:
    try:
        summary = backup(database, args.file)
    except BackupError as exc:
        print(f"kiosk venue backup: {exc}", file=sys.stderr)
        return 2
    print(
        f"backed up {summary.records} records of organization {summary.organization_id} "
        f"to {summary.path}"
    )
    return 0


def run_restore(args: argparse.Namespace, database: Path) -> int:
    try:
        summary = restore(args.file, database)
    except BackupError as exc:
        print(f"kiosk venue restore: {exc}", file=sys.stderr)
        return 2
    print(
        f"restored {summary.records} records of organization {summary.organization_id} "
        f"into {summary.path}"
    )
    if summary.kept is not None:
        print(f"the database it replaced is kept at {summary.kept}")
    return 0


BACKUP_COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "backup": run_backup,
    "restore": run_restore,
}
