"""ICU's data cut down to the kiosk's languages, for the Linux bundle (packaging/kiosk.spec).

Qt Core links ICU, and ICU's data library (libicudata.so.NN, 31 MB) holds every locale of
the world, every legacy character set and the break and transliteration rules. Qt asks ICU
for collation, case mapping, time zone and display names; the kiosk speaks en, es and ar.
`reduced_library()` rebuilds the library with only those locales (plus ICU's own tables) and
no converters (*.cnv: the kiosk reads and writes UTF-8 only), break iterators, number
spell-out or transliterators: about 4 MB. It needs `icupkg` (Debian: icu-devtools), `objcopy`
and `ld` (binutils, which PyInstaller's strip needs anyway); without them, or if any step
fails, it returns None and the bundle keeps the full library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

LANGUAGES = ("en", "es", "ar")  # kiosk.core.languages.LANGUAGES (a test checks they agree)
DROPPED_TREES = ("brkitr/", "rbnf/", "translit/")
_LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*\.res")  # af.res, es_419.res, de__PHONEBOOK.res


def dropped_items(items: Iterable[str], languages: Sequence[str] = LANGUAGES) -> list[str]:
    """The items (`icupkg -l` names) to remove: converters, the dropped trees, and every
    locale's file in every tree unless it is root or one of `languages`."""
    dropped = []
    for item in items:
        base = item.rpartition("/")[2]
        other_locale = base != "root.res" and _LOCALE.fullmatch(base) is not None
        if other_locale and base.split(".")[0].split("_")[0] in languages:
            other_locale = False
        if item.endswith(".cnv") or item.startswith(DROPPED_TREES) or other_locale:
            dropped.append(item)
    return dropped


def reduced_library(library: Path, workdir: Path, log=print) -> Path | None:
    """A copy of `library` (libicudata.so.NN) holding only what the kiosk needs, or None."""
    match = re.fullmatch(r"libicudata\.so\.(\d+)", library.name)
    tools = [shutil.which(tool) for tool in ("icupkg", "objcopy", "ld")]
    if match is None or None in tools:
        log(f"icu_data: keeping the full {library.name} (icupkg, objcopy or ld not found)")
        return None
    version = match.group(1)
    name = f"icudt{version}l"  # the data's package name: ICU version, little-endian
    workdir.mkdir(parents=True, exist_ok=True)
    full, small = workdir / f"{name}.dat", workdir / "reduced" / f"{name}.dat"
    small.parent.mkdir(exist_ok=True)
    small.unlink(missing_ok=True)
    output = workdir / library.name
    try:
        # The library's one read-only section is the data file itself (symbol icudtNN_dat).
        _run("objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(full))
        listing = _run("icupkg", "-l", str(full))
        drop = workdir / "drop.txt"
        drop.write_text("\n".join(dropped_items(listing.split())) + "\n")
        _run("icupkg", "-r", str(drop), str(full), str(small))
        # Back into a shared library exporting icudtNN_dat, 16-byte aligned, read-only.
        _run("ld", "-r", "-b", "binary", "-o", "raw.o", f"reduced/{name}.dat", cwd=workdir)
        symbol = f"_binary_reduced_{name}_dat"
        _run(
            "objcopy",
            "--rename-section", ".data=.rodata,alloc,load,readonly,data,contents",
            "--set-section-alignment", ".rodata=16",
            "--redefine-sym", f"{symbol}_start=icudt{version}_dat",
            "--strip-symbol", f"{symbol}_end",
            "--strip-symbol", f"{symbol}_size",
            "raw.o", "data.o",
            cwd=workdir,
        )  # fmt: skip
        _run("ld", "-shared", "-soname", library.name, "-o", str(output), "data.o", cwd=workdir)
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"icu_data: keeping the full {library.name} ({exc})")
        return None
    log(
        f"icu_data: {library.name} {library.stat().st_size / 1e6:.1f} MB -> "
        f"{output.stat().st_size / 1e6:.1f} MB (locales {', '.join(LANGUAGES)} and root)"
    )
    return output


def _run(*command: str, cwd: Path | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=cwd)
    return done.stdout
