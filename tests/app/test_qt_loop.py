"""The kiosk's event loop: qasync's, with a cancelled timer stopped at once (not kept until
the time it would have fired), so a day of taps leaves no trail of dead timers."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QGuiApplication

from kiosk.app.qt_loop import import_qasync, kiosk_event_loop


def _timers(loop) -> dict:
    return loop._timer._SimpleTimer__callbacks


def test_a_cancelled_sleep_leaves_no_timer_and_others_still_fire(qapp: QGuiApplication) -> None:
    qasync = import_qasync()
    seen: dict[str, object] = {}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        before = len(_timers(loop))
        idle = [asyncio.ensure_future(asyncio.sleep(600)) for _ in range(50)]  # noqa: TID251
        await asyncio.sleep(0)
        seen["armed"] = len(_timers(loop)) - before
        for waiting in idle:
            waiting.cancel()
        await asyncio.gather(*idle, return_exceptions=True)
        seen["left"] = len(_timers(loop)) - before
        seen["slept"] = await asyncio.wait_for(asyncio.sleep(0.01, result="woke"), 5)

    with asyncio.Runner(loop_factory=lambda: kiosk_event_loop(qasync, qapp)) as runner:
        runner.run(main())

    assert seen["armed"] >= 50
    assert seen["left"] <= 1  # at most the loop's own next step
    assert seen["slept"] == "woke"


def test_call_later_refuses_what_asyncio_refuses(qapp: QGuiApplication) -> None:
    qasync = import_qasync()
    loop = kiosk_event_loop(qasync, qapp)
    try:

        async def coroutine() -> None:
            return None

        with pytest.raises(TypeError, match="coroutines"):
            loop.call_later(1, coroutine)
        with pytest.raises(TypeError, match="callable"):
            loop.call_later(1, "not callable")
    finally:
        loop.close()


def test_the_kiosk_leaves_out_httpx_cli_and_pillow_yet_draws_qr_codes() -> None:
    """In a fresh process, as `kiosk run` starts: the QR code still works, Pillow is there
    for whoever asks for it later (a receipt printer), and neither httpx's CLI nor the venue's
    (rich) nor its stream's server (uvicorn) is loaded."""
    script = textwrap.dedent(
        """
        import sys
        from kiosk.app.lean_imports import leave_out_unused_imports
        leave_out_unused_imports()
        import kiosk.app.main
        import kiosk.app.embedded, kiosk.venue.http.app  # the embedded venue: no CLI, no stream
        from kiosk.session.qr import qr_rows
        assert qr_rows("FAN-7K3Q"), "no QR rows"
        print(sorted(m for m in ("rich", "pygments", "PIL", "uvicorn") if m in sys.modules))
        import PIL.Image
        print("pillow", bool(PIL.Image.new))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "pillow True"]
