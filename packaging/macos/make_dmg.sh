#!/bin/sh
# Assay.app in a DMG, with the document types and icon in place (macOS only: hdiutil).
#
#   sh packaging/macos/make_dmg.sh [APP] [OUT.dmg]
#
# APP defaults to dist/Assay.app (python packaging/build.py makes it); OUT to
# dist/Assay-VERSION-macos.dmg. The DMG holds the app and a link to /Applications:
# the user drags one onto the other. Unsigned: the first start is right-click > Open.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
APP=${1:-$ROOT/dist/Assay.app}
VERSION=$("$PYTHON" "$HERE/info_plist.py" --print-version)
OUT=${2:-$ROOT/dist/Assay-$VERSION-macos.dmg}
ICNS=$ROOT/build/icons/assay.icns

fail() { printf 'make_dmg.sh: %s\n' "$*" >&2; exit 1; }

[ -d "$APP/Contents" ] || fail "$APP is not an .app (build it first: python packaging/build.py)"
command -v hdiutil >/dev/null 2>&1 || fail "hdiutil not found: DMGs are made on macOS"
[ -f "$ICNS" ] || "$PYTHON" "$ROOT/packaging/make_icons.py" "$ROOT/build/icons"

mkdir -p "$APP/Contents/Resources"
cp "$ICNS" "$APP/Contents/Resources/assay.icns"
"$PYTHON" "$HERE/info_plist.py" "$APP"
# The new Info.plist breaks the build's (ad hoc) signature: sign again, ad hoc, or
# Apple silicon refuses to start the app.
codesign --force --deep --sign - "$APP"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$APP" "$staging/Assay.app"
ln -s /Applications "$staging/Applications"
cp "$ROOT/LICENSE" "$staging/LICENSE.txt"
mkdir -p "$(dirname "$OUT")"
hdiutil create -volname "Assay $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$OUT"
echo "Wrote $OUT"
