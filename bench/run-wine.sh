#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Under Wine: imapi2fs.dll through COM (bench_com.exe) against the floor (floor.exe: walk, open, read and
# write every file into one output file), same corpus, same output place, both timed inside the program.
# wineserver and the programs run pinned to vCPU 0 (taskset -c 0): unpinned, Wine's per-file costs are
# 2-3x higher and erratic on this machine.
#   bash bench/run-wine.sh [small] [medium] [large]      (default: small medium large)
#   STAGING=1 bash bench/run-wine.sh small large   the staging benchmark (issue 5) through COM instead:
#       StageFiles False with the probe given nothing to measure (media DISK), False with the probe
#       measuring (no media chosen: CD-R 52x), and True, against the floor
#   One warm-up each, then RUNS=3 rounds of floor and COM in turn; the best wall time and the least CPU
#   time (program + wineserver) count.
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

# CPU time in clock ticks: of this shell's finished children (the programs), and of the prefix's wineserver
# (found by its working folder, server-<device>-<inode> of the prefix). Both are charged to a run: the
# server's share of a file open is most of Wine's per-file cost, and CPU time drifts far less than wall
# time when the machine is shared.
TICKS_PER_S=$(getconf CLK_TCK)
server_pid() {
    local p want
    want=$(printf 'server-%x-%x' "$(stat -c %d "$WINEPREFIX")" "$(stat -c %i "$WINEPREFIX")")
    for p in $(pgrep wineserver); do
        if [[ $(readlink "/proc/$p/cwd") == */"$want" ]]; then
            echo "$p"
            return 0
        fi
    done
    echo "run-wine.sh: no wineserver serves $WINEPREFIX" >&2
    return 1
}
SERVER=$(server_pid)
# stat_ticks VAR PID FIELD...: VAR = the sum of those fields (1-based, as in proc(5)) of /proc/PID/stat, read
# without a subshell (a subshell would read its own, empty, child times).
stat_ticks() {
    local -a st
    local var=$1 pid=$2 sum=0 f
    shift 2
    read -r -a st <"/proc/$pid/stat"
    for f in "$@"; do sum=$((sum + st[f - 1])); done
    printf -v "$var" '%d' "$sum"
}

# run_once PROGRAM[@disk][:ARG...] SRC: the program's line plus cpu_s= (program and wineserver); the
# arguments after the colons follow SRC and OUT; @disk: OUT is in the prefix's temporary folder, where
# the stash goes, instead of tmpfs.
DISK_OUT_DIR=$WINEPREFIX/drive_c/users/$(id -un)/Temp
run_once() {
    local line s0 s1 c0 c1 program args out=$OUT
    IFS=: read -r program args <<<"$1"
    if [[ $program == *@disk ]]; then
        program=${program%@disk}
        mkdir -p "$DISK_OUT_DIR"
        out='C:\users\'"$(id -un)"'\Temp\copy.out'
    fi
    stat_ticks s0 "$SERVER" 14 15
    stat_ticks c0 "$BASHPID" 16 17
    line=$(taskset -c 0 wine "$WIN_BUILD/$program" "$(windows_path "$2")" "$out" ${args//:/ } </dev/null | tr -d '\r')
    stat_ticks s1 "$SERVER" 14 15
    stat_ticks c1 "$BASHPID" 16 17
    rm -f "$BENCH_OUT/image.out" "$DISK_OUT_DIR/copy.out"
    echo "$line cpu_s=$(awk -v t=$((s1 - s0 + c1 - c0)) -v hz="$TICKS_PER_S" 'BEGIN { printf "%.2f", t / hz }')"
}

# best_of SRC PROGRAM...: one warm-up each, then RUNS rounds running the programs in turn (a change of
# load hits both alike); prints per program the line of its fastest run, its least cpu_s appended as
# best_cpu_s=.
best_of() {
    local src=$1 p i line
    shift
    declare -A best cpu
    for p in "$@"; do run_once "$p" "$src" >/dev/null; done
    for i in $(seq "$RUNS"); do
        for p in "$@"; do
            line=$(run_once "$p" "$src")
            if [ -z "${best[$p]:-}" ] || awk -v a="$(field total_s "$line")" -v b="$(field total_s "${best[$p]}")" \
                'BEGIN { exit !(a + 0 < b + 0) }'; then
                best[$p]=$line
            fi
            if [ -z "${cpu[$p]:-}" ] || awk -v a="$(field cpu_s "$line")" -v b="${cpu[$p]}" 'BEGIN { exit !(a + 0 < b + 0) }'; then
                cpu[$p]=$(field cpu_s "$line")
            fi
        done
    done
    for p in "$@"; do echo "${best[$p]} best_cpu_s=${cpu[$p]}"; done
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

if [ "${STAGING:-0}" = 1 ]; then
    echo "# $(machine_line)"
    echo "# Wine $(wine --version), pinned to vCPU 0, the five programs in turn, best of $RUNS rounds; stash in the prefix's temp folder (disk)"
    for name in "$@"; do
        src=$(corpus "$name")
        { read -r floor; read -r floordisk; read -r noprobe; read -r probe; read -r staged; } < \
            <(best_of "$src" floor.exe floor.exe@disk bench_com.exe:3:0:12 bench_com.exe:3:0 bench_com.exe:3:1)
        echo
        echo "## $name ($(field files "$probe") files)"
        echo
        echo "| run | wall s | AddTree s | CreateResultImage s | read s | CPU s | peak MiB |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
        for pair in "floor:$floor" "floor into the stash's folder (disk):$floordisk" "no-probe (False, DISK):$noprobe" "probe (False, CD-R 52x):$probe" "staged (True):$staged"; do
            line=${pair#*:}
            printf '| %s | %s | %s | %s | %s | %s | %.1f |\n' "${pair%%:*}" "$(field total_s "$line")" \
                "$(field add_s "$line")" "$(field create_s "$line")" "$(field read_s "$line")" \
                "$(field best_cpu_s "$line")" "$(awk -v k="$(field peak_working_set_kib "$line")" 'BEGIN { print k / 1024 }')"
        done
        awk -v a="$(field add_s "$noprobe")" -v b="$(field add_s "$probe")" -v n="$name" '
            BEGIN {
                printf "probe cost: AddTree %.3f s with the probe, %.3f s without: %+.1f%%", b, a, 100 * (b - a) / a
                if (n == "small")
                    printf " (target <= 10%%: %s)", (100 * (b - a) / a <= 10 ? "met" : "MISSED")
                printf "\n"
            }'
        awk -v s="$(field total_s "$staged")" -v u="$(field total_s "$probe")" -v f="$(field total_s "$floordisk")" '
            BEGIN { printf "staging cost: %.3f s - %.3f s = %.3f s = %.2f x the floor into the stash folder (one sequential copy of the data; target <= 1: %s)\n",
                    s, u, s - u, (s - u) / f, ((s - u) / f <= 1 ? "met" : "MISSED") }'
        awk -v r="$(field read_s "$probe")" -v f="$(field total_s "$floor")" '
            BEGIN { printf "unstaged image read %.3f s = %.2f x the floor\n", r, r / f }'
    done
    exit 0
fi

echo "# $(machine_line)"
echo "# Wine $(wine --version), wineserver and programs pinned to vCPU 0 (taskset -c 0), floor and COM in turn, best of $RUNS rounds"
echo "# CPU s = the program's user + system time plus the wineserver's during the run (least of the rounds)"
echo
echo "| corpus | files | floor s | COM s | x floor | floor CPU s | COM CPU s | CPU x floor | AddTree s | CreateResultImage s | read s | COM peak MiB | floor peak MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in "$@"; do
    src=$(corpus "$name")
    { read -r floor; read -r com; } < <(best_of "$src" floor.exe bench_com.exe)
    awk -v n="$name" -v f="$(field files "$com")" -v fl="$(field total_s "$floor")" -v c="$(field total_s "$com")" \
        -v flc="$(field best_cpu_s "$floor")" -v cc="$(field best_cpu_s "$com")" \
        -v a="$(field add_s "$com")" -v cr="$(field create_s "$com")" -v r="$(field read_s "$com")" \
        -v cm="$(field peak_working_set_kib "$com")" -v fm="$(field peak_working_set_kib "$floor")" \
        'BEGIN { printf "| %s | %d | %.3f | %.3f | %.2f%s | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.1f | %.1f |\n",
                 n, f, fl, c, c / fl, c / fl <= 1.15 ? "" : " (target 1.15 MISSED)", flc, cc, cc / flc, a, cr, r,
                 cm / 1024, fm / 1024 }'
done
