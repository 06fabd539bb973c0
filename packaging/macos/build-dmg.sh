#!/bin/sh
# Build "Fanfare Kiosk.app" (the spec's BUNDLE step) and a .dmg from it, on macOS.
# Signing and notarisation run only when their variables are set (the store's certificates):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Store Name (TEAMID)" in the keychain
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (xcrun notarytool store-credentials),
#   or MACOS_NOTARY_APPLE_ID + MACOS_NOTARY_TEAM_ID + MACOS_NOTARY_PASSWORD (app-specific)
# Output: dist/fanfare-kiosk-<version>.dmg
set -eu
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-.venv/bin/python}
APP="dist/Fanfare Kiosk.app"
VERSION=$("$PYTHON" -c 'import kiosk; print(kiosk.__version__)')
DMG="dist/fanfare-kiosk-$VERSION.dmg"

"$PYTHON" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/kiosk.spec
test -d "$APP"

# Smoke test the app's own binary before shipping it.
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/fanfare-kiosk" run --self-test

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    echo "build-dmg: signing with $MACOS_SIGN_IDENTITY"
    codesign --force --deep --options runtime --timestamp \
        --sign "$MACOS_SIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    echo "build-dmg: MACOS_SIGN_IDENTITY not set: the app is not signed (Gatekeeper will warn)"
fi

rm -f "$DMG"
staging=$(mktemp -d)
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Fanfare Kiosk" -srcfolder "$staging" -ov -format UDZO "$DMG"
rm -rf "$staging"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
fi
if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_PROFILE:-}${MACOS_NOTARY_APPLE_ID:-}" ]; then
    echo "build-dmg: notarising $DMG"
    if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
    else
        xcrun notarytool submit "$DMG" --apple-id "$MACOS_NOTARY_APPLE_ID" \
            --team-id "$MACOS_NOTARY_TEAM_ID" --password "$MACOS_NOTARY_PASSWORD" --wait
    fi
    xcrun stapler staple "$DMG"
else
    echo "build-dmg: not notarised (needs MACOS_SIGN_IDENTITY and a notary profile or Apple ID)"
fi
echo "build-dmg: $DMG ($(du -sh "$DMG" | cut -f1))"
