#!/bin/sh
# Build the Linux one-folder bundle (dist/fanfare-kiosk/) from packaging/kiosk.spec, print its
# size and start time, then smoke-test the built binary offscreen: `run --self-test` walks the
# embedded demo to `granted`. Exits non-zero if the build or the smoke test fails.
#   usage: scripts/build-linux-bundle.sh        (FANFARE_BUILD_COMMIT overrides the git commit)
set -eu
cd "$(dirname "$0")/.."
PYINSTALLER_VERSION=6.22.3
BUNDLE=dist/fanfare-kiosk

[ -x .venv/bin/python ] || scripts/bootstrap.sh
.venv/bin/python -c 'import kiosk, PySide6' 2>/dev/null || scripts/bootstrap.sh
if [ "$(.venv/bin/python -m PyInstaller --version 2>/dev/null)" != "$PYINSTALLER_VERSION" ]; then
    echo "build: installing pyinstaller==$PYINSTALLER_VERSION into .venv"
    .venv/bin/python -m pip install --quiet "pyinstaller==$PYINSTALLER_VERSION"
fi

echo "build: pyinstaller packaging/kiosk.spec"
started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/kiosk.spec
echo "build: built in $(( $(date +%s) - started )) s"
echo "build: bundle size $(du -sh "$BUNDLE" | cut -f1) ($BUNDLE, uncompressed)"
"$BUNDLE/fanfare-kiosk" --version

echo "build: smoke test: $BUNDLE/fanfare-kiosk run --self-test"
status=0
QT_QPA_PLATFORM=offscreen timeout 180 "$BUNDLE/fanfare-kiosk" run --self-test || status=$?
if [ "$status" != "0" ]; then
    echo "build: the bundle's self-test FAILED (exit $status)" >&2
    exit 1
fi
echo "build: the bundle starts and walks a journey to granted"
