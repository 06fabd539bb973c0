"""The Kiosk QML module: its qmldir, the view-models' `.qmltypes`, and the screen map."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from kiosk.app.qml import resources_dir
from kiosk.app.viewmodels import SCREEN_TYPES, JourneyViewModel
from kiosk.session.presenter import SCREENS
from tests.app.fakes import FakeSession

ROOT = Path(__file__).resolve().parents[2]
MODULE = resources_dir() / "qml" / "Kiosk"


def _qmldir() -> dict[str, str]:
    entries = {}
    for line in (MODULE / "qmldir").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(?:singleton )?(\w+) 1\.0 (\S+\.qml)", line)
        if match:
            entries[match.group(1)] = match.group(2)
    return entries


def test_the_qmltypes_file_is_current() -> None:
    spec = importlib.util.spec_from_file_location("qmltypes", ROOT / "scripts" / "qmltypes.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    committed = (MODULE / "viewmodels.qmltypes").read_text(encoding="utf-8")
    assert committed == script.render(), "run `.venv/bin/python scripts/qmltypes.py`"
    assert "typeinfo viewmodels.qmltypes" in (MODULE / "qmldir").read_text(encoding="utf-8")


def test_the_qmldir_lists_every_qml_file_once() -> None:
    files = sorted(path.relative_to(MODULE).as_posix() for path in MODULE.rglob("*.qml"))
    assert sorted(_qmldir().values()) == files
    for name, path in _qmldir().items():
        assert Path(path).stem == name


def test_every_screen_has_its_file_and_every_file_in_screens_is_a_screen() -> None:
    screens = {path.stem for path in (MODULE / "screens").glob("*.qml")}
    assert set(SCREEN_TYPES) == set(SCREENS)
    assert set(SCREEN_TYPES.values()) == screens
    assert {_qmldir()[name] for name in screens} == {f"screens/{name}.qml" for name in screens}


def test_the_screen_type_follows_the_screen(qtbot) -> None:
    session = FakeSession()
    journey = JourneyViewModel(session)
    changed: list[str] = []
    journey.screenChanged.connect(lambda: changed.append(journey.property("screenType")))

    session.set_journey(screen="gated_access_code")
    session.set_journey(screen="no_such_screen")

    assert changed == ["GatedAccessCode", "Error"]
