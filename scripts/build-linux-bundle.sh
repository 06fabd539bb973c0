#!/bin/sh
# Build the Linux one-folder bundle (dist/fanfare-kiosk/) from packaging/kiosk.spec, print its
# size and start time, then smoke-test the built binary offscreen: `run --self-test` walks the
# embedded demo to `granted`. Exits non-zero if the build or the smoke test fails, or if the
# bundle is not under the issue 14 limit (150 MB, counted in MiB as du shows it).
#   usage: scripts/build-linux-bundle.sh        (FANFARE_BUILD_COMMIT overrides the git commit)
set -eu
cd "$(dirname "$0")/.."
PYINSTALLER_VERSION=6.22.3
BUNDLE=dist/fanfare-kiosk
LIMIT_MB=150

[ -x .venv/bin/python ] || scripts/bootstrap.sh
.venv/bin/python -c 'import kiosk, PySide6' 2>/dev/null || scripts/bootstrap.sh
if [ "$(.venv/bin/python -m PyInstaller --version 2>/dev/null)" != "$PYINSTALLER_VERSION" ]; then
    echo "build: installing pyinstaller==$PYINSTALLER_VERSION into .venv"
    .venv/bin/python -m pip install --quiet "pyinstaller==$PYINSTALLER_VERSION"
fi

# icupkg cuts ICU's 31 MB of data down to the kiosk's languages (packaging/icu_data.py).
if ! command -v icupkg >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build: installing icu-devtools (icupkg)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends icu-devtools \
        >/dev/null 2>&1 ||
        echo "build: could not install icu-devtools; the bundle keeps ICU's full data" >&2
fi

echo "build: pyinstaller packaging/kiosk.spec"
started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/kiosk.spec
echo "build: built in $(( $(date +%s) - started )) s"
size_mb=$(du -sm "$BUNDLE" | cut -f1)
echo "build: bundle size ${size_mb} MiB ($BUNDLE, uncompressed; limit $LIMIT_MB)"
"$BUNDLE/fanfare-kiosk" --version

echo "build: smoke test: $BUNDLE/fanfare-kiosk run --self-test"
status=0
QT_QPA_PLATFORM=offscreen timeout 180 "$BUNDLE/fanfare-kiosk" run --self-test || status=$?
if [ "$status" != "0" ]; then
    echo "build: the bundle's self-test FAILED (exit $status)" >&2
    exit 1
fi
echo "build: the bundle starts and walks a journey to granted"
if [ "$size_mb" -ge "$LIMIT_MB" ]; then
    echo "build: the bundle is ${size_mb} MiB, over the ${LIMIT_MB} MB limit (issue 14)" >&2
    exit 1
fi
