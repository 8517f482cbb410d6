#!/usr/bin/env bash
# The main job on the embedded sample: build, register imapi2fs.dll in a private Wine prefix, run mkiso
# on samples/hello, and list the image with independent readers (isoinfo, 7-Zip).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
bash scripts/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default

export WINEPREFIX="$top/build/demo-wineprefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
dll="$top/build/x86_64/src/com/imapi2fs.dll"
mkiso="$top/build/x86_64/tools/mkiso/mkiso.exe"
out="$top/build/hello.iso"

echo "== registering imapi2fs.dll in $WINEPREFIX"
mkdir -p "$WINEPREFIX"
wineserver -p60 >/dev/null 2>&1 </dev/null
wineboot -i >/dev/null 2>&1 </dev/null
wine regsvr32 /s "$dll"

echo "== mkiso -V HELLO -o hello.iso samples/hello"
rm -f "$out"
wine "$mkiso" -V HELLO -o "$out" "$top/samples/hello"
wineserver -k >/dev/null 2>&1 || true

echo "== the image, as independent readers see it"
isoinfo -d -i "$out" | grep -E "Volume id|Volume size|Joliet"
echo "-- ISO 9660 tree (isoinfo):"
isoinfo -f -i "$out"
echo "-- Joliet tree (7-Zip):"
7zz l -tiso "$out" | sed -n '/^---/,/^---/p'
