#!/bin/sh
# Shared set-up for ./run and ./test: system packages (when root on Debian/Ubuntu), a
# virtual environment in .venv, and the project installed into it. Safe to run repeatedly:
# it only reinstalls when pyproject.toml changed.
#   usage: scripts/bootstrap.sh [test]
set -eu
cd "$(dirname "$0")/.."
extras="${1:-}"
# apt and pip are quiet on the terminal; what they said goes here (build/ is git-ignored).
mkdir -p build
log="build/bootstrap.log"

# Run a set-up step with its output in the log; on failure show the end of it and stop.
logged() {
    if ! "$@" >>"$log" 2>&1; then
        echo "bootstrap: this step failed: $*" >&2
        tail -n 20 "$log" >&2
        echo "bootstrap: the whole output is in $log" >&2
        exit 1
    fi
}

# Qt needs these shared libraries even offscreen; a fresh Debian machine has none of them.
# The xcb ones are for the kiosk's real window (`./run` on a machine with a display).
SYSTEM_PACKAGES="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
libxcb-xkb1 libxkbcommon-x11-0"
# Tests only: the screen-reader walk (tests/app/test_atspi_walk.py) runs the kiosk on a
# private X server with a session bus and the AT-SPI accessibility bus.
if [ "$extras" = "test" ]; then
    SYSTEM_PACKAGES="$SYSTEM_PACKAGES xvfb dbus-daemon at-spi2-core"
fi

missing_packages() {
    for package in $SYSTEM_PACKAGES; do
        dpkg -s "$package" >/dev/null 2>&1 || printf '%s ' "$package"
    done
}

if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then
    missing=$(missing_packages)
    if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        missing="$missing python3-venv"
    fi
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = "0" ]; then
            echo "bootstrap: installing system packages (details in $log): $missing"
            logged apt-get update -qq
            logged env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends $missing
        else
            echo "bootstrap: Qt needs a few system packages that are not installed. Run:" >&2
            echo "    sudo apt-get install -y --no-install-recommends $missing" >&2
            echo "then run this command again." >&2
            exit 1
        fi
    fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "bootstrap: Python 3.11 or newer is needed (found $(python3 --version 2>&1))" >&2
    exit 1
}

[ -x .venv/bin/python ] || logged python3 -m venv .venv
spec="."
[ "$extras" = "test" ] && spec=".[test]"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${extras:-run}"
if [ ! -f "$stamp" ]; then
    echo "bootstrap: installing the project into .venv (first run takes a minute; details in $log)"
    logged .venv/bin/python -m pip install --quiet --upgrade pip
    logged .venv/bin/python -m pip install --quiet -e "$spec"
    touch "$stamp"
fi
