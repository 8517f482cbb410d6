#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Under Wine: imapi2fs.dll through COM (bench_com.exe) against the floor (floor.exe: walk, open, read and
# write every file into one output file), same corpus, same output place, both timed inside the program.
# wineserver and the programs run pinned to vCPU 0 (taskset -c 0): unpinned, Wine's per-file costs are
# 2-3x higher and erratic on this machine.
#   bash bench/run-wine.sh [small] [medium] [large]      (default: small medium large)
#   RUNS=3 timed runs each after one warm-up; the best wall time counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
build_native
[ $# -gt 0 ] || set -- small medium large
WIN_BUILD=$BENCH_DIR/build-win-$COMMIT
CC=x86_64-w64-mingw32-gcc

# The project's x64 DLL, optimised, and the two programs (compiled here directly with mingw-w64).
cmake -S "$ROOT" -B "$WIN_BUILD" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/x86_64-w64-mingw32.cmake" \
    -DCMAKE_BUILD_TYPE="${BENCH_BUILD_TYPE:-Release}" -DOPENIMAPI2FS_RUN_TESTS=OFF \
    -DCMAKE_C_FLAGS="${BENCH_CFLAGS:-}" >/dev/null
cmake --build "$WIN_BUILD" -j2 --target imapi2fs imapi2fs_guids >"$BENCH_DIR/build-win.log" 2>&1 ||
    { cat "$BENCH_DIR/build-win.log" >&2; exit 1; }
flags=(-std=c11 -O2 -Wall -Wextra -Werror -municode -DUNICODE -D_UNICODE -DCOBJMACROS -D__USE_MINGW_ANSI_STDIO=1)
$CC "${flags[@]}" -o "$WIN_BUILD/floor.exe" "$ROOT/bench/windows/floor.c" -lpsapi
$CC "${flags[@]}" -I "$WIN_BUILD/idl" -o "$WIN_BUILD/bench_com.exe" "$ROOT/bench/windows/bench_com.c" \
    "$WIN_BUILD/idl/libimapi2fs_guids.a" -lole32 -loleaut32 -luuid -lpsapi

export WINEPREFIX=$BENCH_DIR/wineprefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineserver -k >/dev/null 2>&1 || true
mkdir -p "$WINEPREFIX"
# Wine's helpers inherit the server: started pinned and persistent, with no pipes of ours held open.
taskset -c 0 wineserver -p60 >/dev/null 2>&1 </dev/null
taskset -c 0 wineboot -i >/dev/null 2>&1 </dev/null
taskset -c 0 wine regsvr32 /s "$WIN_BUILD/src/com/imapi2fs.dll" >/dev/null 2>&1 </dev/null
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$BENCH_OUT"' EXIT

windows_path() { echo "Z:${1//\//\\}"; }
OUT=$(windows_path "$BENCH_OUT/image.out")

# best_of PROGRAM SRC: runs it RUNS times after a warm-up; prints the line of the fastest run.
best_of() {
    local best= line
    taskset -c 0 wine "$WIN_BUILD/$1" "$(windows_path "$2")" "$OUT" </dev/null >/dev/null
    for _ in $(seq "$RUNS"); do
        line=$(taskset -c 0 wine "$WIN_BUILD/$1" "$(windows_path "$2")" "$OUT" </dev/null | tr -d '\r')
        rm -f "$BENCH_OUT/image.out"
        if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN {
                match(a, /total_s=[0-9.]+/); x = substr(a, RSTART + 8, RLENGTH - 8)
                match(b, /total_s=[0-9.]+/); y = substr(b, RSTART + 8, RLENGTH - 8)
                exit !(x + 0 < y + 0) }'; then
            best=$line
        fi
    done
    echo "$best"
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "# $(machine_line)"
echo "# Wine $(wine --version), wineserver and programs pinned to vCPU 0 (taskset -c 0), best of $RUNS runs"
echo
echo "| corpus | files | floor s | COM s | x floor | AddTree s | CreateResultImage s | read s | COM peak MiB | floor peak MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in "$@"; do
    src=$(corpus "$name")
    floor=$(best_of floor.exe "$src")
    com=$(best_of bench_com.exe "$src")
    awk -v n="$name" -v f="$(field files "$com")" -v fl="$(field total_s "$floor")" -v c="$(field total_s "$com")" \
        -v a="$(field add_s "$com")" -v cr="$(field create_s "$com")" -v r="$(field read_s "$com")" \
        -v cm="$(field peak_working_set_kib "$com")" -v fm="$(field peak_working_set_kib "$floor")" \
        'BEGIN { printf "| %s | %d | %.3f | %.3f | %.2f%s | %.3f | %.3f | %.3f | %.1f | %.1f |\n",
                 n, f, fl, c, c / fl, c / fl <= 1.15 ? "" : " (target 1.15 MISSED)", a, cr, r, cm / 1024, fm / 1024 }'
done
