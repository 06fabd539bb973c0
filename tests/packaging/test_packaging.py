"""The packaging files agree with the code and with each other (fast: no build).

The real build and its smoke test are `scripts/build-linux-bundle.sh` (a step of `.ci/run`).
"""

from __future__ import annotations

import ast
import configparser
import contextlib
import json
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk import __version__, build_info
from kiosk.buildinfo import BuildInfo
from kiosk.buildinfo import build_info as read_build_info
from kiosk.cli import build_parser
from kiosk.session.settings import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "kiosk.spec"


def spec_constants() -> dict[str, Any]:
    """The spec's top-level literal assignments (NAME, RESOURCE_PATTERNS, QML_KEEP, ...)."""
    constants: dict[str, Any] = {}
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            with contextlib.suppress(ValueError):  # not a literal: computed in the spec
                constants[node.targets[0].id] = ast.literal_eval(node.value)
    return constants


SPEC_VALUES = spec_constants()
NAME = SPEC_VALUES["NAME"]


def test_every_data_pattern_of_the_spec_finds_files() -> None:
    for pattern in SPEC_VALUES["RESOURCE_PATTERNS"]:
        if pattern == "images/*":
            continue  # may be empty: the icon is added to it separately
        assert list((ROOT / "resources").glob(pattern)), f"the spec ships nothing for {pattern}"
    assert (ROOT / "main.py").is_file()
    assert (ROOT / "resources/qml/Kiosk/qmldir").is_file()
    assert (ROOT / "resources/qml/Kiosk/Main.qml").is_file()
    for icon in ("fanfare-kiosk.png", "fanfare-kiosk.ico", "fanfare-kiosk.icns"):
        assert (PACKAGING / "icons" / icon).is_file()
        assert icon in SPEC.read_text()


def test_the_spec_ships_a_translation_for_every_language_but_english() -> None:
    assert set(SPEC_VALUES["LANGUAGES"]) == set(LANGUAGES) - {"en"}
    for language in SPEC_VALUES["LANGUAGES"]:
        assert (ROOT / f"resources/translations/kiosk_{language}.qm").is_file()


def test_every_qml_import_of_the_kiosk_is_kept_by_the_spec() -> None:
    from kiosk.app.qml import STYLE

    keep = SPEC_VALUES["QML_KEEP"]
    assert f"QtQuick/Controls/{STYLE}/" in keep, "the pinned Controls style is not bundled"
    imports = set()
    for path in (ROOT / "resources/qml/Kiosk").rglob("*.qml"):
        imports |= set(re.findall(r"^import\s+(Qt[\w.]+)", path.read_text(), re.MULTILINE))
    for module in sorted(imports):
        directory = module.replace(".", "/")
        assert any(
            prefix.rstrip("/") == directory or prefix.startswith(directory + "/") for prefix in keep
        ), f"the QML imports {module}, which the spec filters out (add it to QML_KEEP)"


def test_the_systemd_unit_restarts_the_bundle_always() -> None:
    unit = configparser.ConfigParser(strict=True, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(PACKAGING / "linux/fanfare-kiosk.service")
    assert unit["Service"]["Restart"] == "always"
    command = unit["Service"]["ExecStart"].split()
    assert Path(command[0]).name == NAME and command[1:] == ["run"]
    assert unit["Install"]["WantedBy"] == "default.target"


def test_the_launch_agent_keeps_the_app_alive() -> None:
    with (PACKAGING / "macos/io.fanfare.kiosk.plist").open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent["KeepAlive"] is True and agent["RunAtLoad"] is True
    assert agent["ProgramArguments"][0].endswith(f"Fanfare Kiosk.app/Contents/MacOS/{NAME}")
    assert "Fanfare Kiosk.app" in SPEC.read_text()


def test_the_windows_installer_installs_the_bundle_with_autostart_and_uninstall() -> None:
    script = (PACKAGING / "windows/fanfare-kiosk.iss").read_text()
    assert rf"dist\{NAME}\*" in script
    assert f'#define AppExe "{NAME}.exe"' in script
    for section in ("[Tasks]", "[Icons]", "[UninstallRun]"):
        assert section in script
    assert 'Name: "autostart"' in script
    assert (PACKAGING / "windows/kiosk-watchdog.ps1").is_file()
    assert r"SetupIconFile=..\icons\fanfare-kiosk.ico" in script


def test_the_release_workflow_builds_all_three_from_the_spec() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    assert set(workflow["jobs"]) >= {"linux", "windows", "macos"}
    text = (ROOT / ".github/workflows/release.yml").read_text()
    assert "scripts/build-linux-bundle.sh" in text
    assert r"packaging\kiosk.spec" in text and "packaging/macos/build-dmg.sh" in text
    build_script = (ROOT / "scripts/build-linux-bundle.sh").read_text()
    pinned = re.search(r"PYINSTALLER_VERSION=(\S+)", build_script)
    assert pinned and f'PYINSTALLER_VERSION: "{pinned.group(1)}"' in text


@pytest.mark.parametrize(
    "script", ["scripts/build-linux-bundle.sh", "packaging/macos/build-dmg.sh"]
)
def test_the_shell_scripts_parse_and_are_executable(script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(path)], check=True)


def test_build_info_reads_the_file_the_spec_writes(tmp_path: Path) -> None:
    path = tmp_path / "build_info.json"
    path.write_text(json.dumps({"version": "1.2.3", "commit": "abc1234", "built_at": "T"}))
    info = read_build_info(path)
    assert (info.version, info.commit, info.built_at) == ("1.2.3", "abc1234", "T")
    assert info.describe().startswith("kiosk 1.2.3 (commit abc1234, built T")
    path.write_text("not json")
    assert read_build_info(path).commit in ("dev", build_info().commit)


def test_kiosk_version_shows_the_build() -> None:
    info = build_info()
    assert isinstance(info, BuildInfo) and info.version == __version__
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--version"])
    assert build_parser().parse_args(["run", "--self-test"]).self_test is True


def test_the_self_test_walks_the_embedded_demo_to_granted(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run", "--self-test"],
        capture_output=True,
        text=True,
        timeout=150,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "granted" in result.stdout and "PASSED" in result.stdout


def test_the_package_version_is_the_one_in_pyproject() -> None:
    import tomllib

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == __version__


def _icu_data() -> Any:
    sys.path.insert(0, str(PACKAGING))
    try:
        import icu_data
    finally:
        sys.path.remove(str(PACKAGING))
    return icu_data


def test_the_bundles_icu_data_keeps_the_kiosks_languages_and_icus_own_tables() -> None:
    from kiosk.core.languages import LANGUAGES as KIOSK_LANGUAGES

    icu_data = _icu_data()
    assert set(icu_data.LANGUAGES) == set(KIOSK_LANGUAGES)
    items = [
        "root.res", "en.res", "en_GB.res", "es_419.res", "ar_SA.res", "fr.res", "zh_Hant.res",
        "coll/root.res", "coll/es__TRADITIONAL.res", "coll/de__PHONEBOOK.res", "coll/de.res",
        "coll/ucadata.icu", "zone/es.res", "zone/ja.res", "curr/pool.res", "curr/fr_CA.res",
        "brkitr/root.res", "brkitr/cjdict.dict", "translit/root.res", "rbnf/en.res",
        "ibm-943_P15A-2003.cnv", "cnvalias.icu", "uts46.nrm", "pool.res", "supplementalData.res",
        "metaZones.res", "zoneinfo64.res", "plurals.res", "unames.icu", "nfkc.nrm",
    ]  # fmt: skip
    dropped = set(icu_data.dropped_items(items))
    assert dropped == {
        "fr.res", "zh_Hant.res", "coll/de__PHONEBOOK.res", "coll/de.res", "zone/ja.res",
        "curr/fr_CA.res", "brkitr/root.res", "brkitr/cjdict.dict", "translit/root.res",
        "rbnf/en.res", "ibm-943_P15A-2003.cnv",
    }  # fmt: skip


def test_the_reduced_icu_library_still_serves_qt(tmp_path: Path) -> None:
    import PySide6

    icu_data = _icu_data()
    libraries = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libraries:
        pytest.skip("this PySide6 has no ICU library of its own (not Linux)")
    library = next(lib for lib in libraries if re.fullmatch(r"libicudata\.so\.\d+", lib.name))
    said: list[str] = []
    reduced = icu_data.reduced_library(library, tmp_path, log=said.append)
    if reduced is None:
        assert "keeping the full" in said[0]
        pytest.skip(said[0])
    assert reduced.stat().st_size < library.stat().st_size / 4
    script = (
        "from PySide6.QtCore import QCollator, QLocale\n"
        "words = ['nube', 'ñu', 'zeta']\n"
        "print(sorted(words, key=QCollator(QLocale('es')).sortKey))\n"
        "print(QLocale('tr').toUpper('i'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"LD_PRELOAD": str(reduced), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['nube', 'ñu', 'zeta']", "İ"]
    assert result.stderr == ""


def test_a_missing_tool_keeps_the_full_icu_library(tmp_path: Path, monkeypatch: Any) -> None:
    icu_data = _icu_data()
    monkeypatch.setattr(icu_data.shutil, "which", lambda tool: None)
    said: list[str] = []
    assert icu_data.reduced_library(tmp_path / "libicudata.so.73", tmp_path, said.append) is None
    assert said and "keeping the full libicudata.so.73" in said[0]


def test_a_failed_step_keeps_the_full_icu_library(tmp_path: Path) -> None:
    icu_data = _icu_data()
    if None in [shutil.which(tool) for tool in ("icupkg", "objcopy", "ld")]:
        pytest.skip("icupkg, objcopy or ld is not installed")
    library = tmp_path / "libicudata.so.73"
    library.write_bytes(b"not a shared library")
    said: list[str] = []
    assert icu_data.reduced_library(library, tmp_path / "work", said.append) is None
    assert said and "keeping the full libicudata.so.73" in said[0]
