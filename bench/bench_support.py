"""What the venue benchmarks share: the machine they ran on, a queue to measure, and how
figures are printed (one line each, with its unit)."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from kiosk.venue.domain.catalog import ExperienceCreate, QueueCreate, SequenceCreate
from kiosk.venue.service import VenueService

# Consumers per minute. So small that the token bucket never reaches one admission during a
# run: every entrant stays queued, and admissions never mix into what is measured.
TINY_ADMIT_RATE = 0.001


def machine_lines(data_dir: Path | None = None) -> list[str]:
    """nproc, CPU, OS, Python and SQLite; and where the database files live, if any."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"machine   {cores} cores usable (nproc), {cpu_model()}",
        f"system    {platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if data_dir is not None:
        lines.append(f"data dir  {data_dir} ({filesystem_of(data_dir)})")
    return lines


def machine_cpu_seconds() -> float:
    """CPU time all cores have spent busy so far (not idle, not waiting on I/O), /proc/stat."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def background_load(seconds: float = 1.0) -> str:
    """How busy the machine is before the benchmark starts: other work skews every figure."""
    try:
        before = machine_cpu_seconds()
        time.sleep(seconds)  # sampling the idle machine; nothing of ours is running
        busy = (machine_cpu_seconds() - before) / seconds
    except (OSError, ValueError, IndexError):
        return "load      unknown (no /proc/stat)"
    quiet = "quiet" if busy < 0.1 else "NOT quiet: other processes are running, figures will be low"
    return f"load      {100 * busy:.0f}% of one core busy before the start ({quiet})"


class OtherLoad:
    """CPU that something other than this process used between `__init__` and `line()`:
    a figure taken while the machine was busy with other work is low."""

    def __init__(self) -> None:
        self._start = (time.perf_counter(), time.process_time(), machine_cpu_seconds())

    def line(self) -> str:
        wall, own, machine = self._start
        wall = time.perf_counter() - wall
        own = time.process_time() - own
        others = max(0.0, machine_cpu_seconds() - machine - own) / wall
        quiet = "quiet" if others < 0.1 else "NOT quiet: the figures above are low"
        return f"  other CPU during this part: {100 * others:.0f}% of one core ({quiet})"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def filesystem_of(path: Path) -> str:
    """The type of the filesystem holding `path` (ext4, tmpfs, ...), from /proc/mounts."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "filesystem unknown"
    target, best, kind = str(path.resolve()), "", "filesystem unknown"
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, kind = mount_point, fields[2]
    return kind


def make_queue(service: VenueService, name: str = "Bench") -> str:
    """An experience with one sequence and one open queue that admits (practically) nobody."""
    experience = service.create_experience(ExperienceCreate(name=name))
    sequence = service.create_sequence(SequenceCreate(experience_id=experience.id, name="General"))
    queue = service.create_queue(
        QueueCreate(sequence_id=sequence.id, name="Line", admit_rate=TINY_ADMIT_RATE)
    )
    return queue.id


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (fraction 0.5 is the median)."""
    if not values:
        return float("nan")
    rank = max(0, min(len(values) - 1, math.ceil(fraction * len(values)) - 1))
    return values[rank]


def rss_bytes() -> int | None:
    """Resident set size of this process now (Linux), or None where it cannot be read."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def figure(label: str, value: float, unit: str, note: str = "", *, digits: int = 0) -> None:
    """One measured figure on one line: label, value, unit, then how it was obtained."""
    shown = f"{value:,.{digits}f}"
    tail = f"  ({note})" if note else ""
    print(f"  {label:<46} {shown:>12} {unit}{tail}", flush=True)
