"""Each visit's freed memory goes back to the system when the kiosk is on attract again."""

from __future__ import annotations

from kiosk.app.trim import TrimAfterVisit, pin_mmap_threshold, trim_memory


def test_the_heap_is_trimmed_once_per_return_to_attract() -> None:
    phases = iter(["attract", "attract", "visiting", "visiting", "wiping", "attract", "attract"])
    current = {"phase": next(phases)}
    trims: list[str] = []
    follow = TrimAfterVisit(lambda: current["phase"], trim=lambda: trims.append("trim"))

    for phase in phases:
        current["phase"] = phase
        follow()

    assert trims == ["trim"]


def test_trimming_is_harmless_where_it_is_not_available() -> None:
    assert trim_memory() in (True, False)
    assert pin_mmap_threshold() in (True, False)


def test_a_deferred_trim_waits_and_skips_a_visit_that_started_meanwhile() -> None:
    current = {"phase": "visiting"}
    later: list = []
    trims: list[str] = []
    follow = TrimAfterVisit(
        lambda: current["phase"], trim=lambda: trims.append("trim"), defer=later.append
    )

    current["phase"] = "attract"
    follow()
    assert trims == [] and len(later) == 1  # not at once: the last screen is still there
    later.pop()()
    assert trims == ["trim"]

    current["phase"] = "visiting"
    follow()
    current["phase"] = "attract"
    follow()
    current["phase"] = "visiting"  # the next customer tapped before the trim was due
    follow()
    later.pop()()
    assert trims == ["trim"]
