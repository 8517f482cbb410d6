#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Maps drive R: of the Wine prefix ($WINEPREFIX) as a removable drive holding DRIVE_DIR, with a small tree
# in DRIVE_DIR/tree and a copy of it in EXPECTED (test_staging_env deletes the tree after adding it).
# Wine's mount manager reads HKLM\Software\Wine\Drives only when it starts, so the wineserver is restarted
# (shared/reference/toolchain-and-wine.md): ctest runs this alone (RUN_SERIAL). wineboot then starts
# Wine's background processes with their output detached, not holding the next test's pipes (ctest would
# wait for them, a minute).
# Usage: staging_env_setup.sh DRIVE_DIR EXPECTED
set -e
drive=$1 expected=$2
rm -rf "$drive" "$expected"
mkdir -p "$drive/tree/sub"
printf 'staged from a removable drive\n' >"$drive/tree/readme.txt"
head -c 150000 /dev/urandom >"$drive/tree/data.bin"
printf 'deep\n' >"$drive/tree/sub/deep.txt"
cp -R "$drive/tree" "$expected"
ln -sfn "$drive" "$WINEPREFIX/dosdevices/r:"
wine reg add 'HKLM\Software\Wine\Drives' /v r: /t REG_SZ /d floppy /f >/dev/null 2>&1 </dev/null
wineserver -k >/dev/null 2>&1 || true
wineserver -w >/dev/null 2>&1 || true
wineserver -p60 >/dev/null 2>&1 </dev/null
wineboot >/dev/null 2>&1 </dev/null
