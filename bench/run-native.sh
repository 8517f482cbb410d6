#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Native benchmark: the core (bench_core) against genisoimage, xorriso and a plain copy of the same bytes
# (tar, cat), side by side in one run, page cache warm. Prints a table of ratios per corpus.
#   bash bench/run-native.sh [small] [medium] [large]      (default: all three)
#   RUNS=3 timed runs per tool after one warm-up run; the best wall time counts, the largest peak RSS.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
build_native
[ $# -gt 0 ] || set -- small medium large
OUT=$BENCH_OUT/image.iso
UDF=no
"$BIN/bench_core" -supports udf && UDF=yes

# tool_command NAME SRC: the command line of one tool, writing $OUT.
tool_command() {
    case $1 in
    ours) echo "$BIN/bench_core -o $OUT $2" ;;
    ours-udf) echo "$BIN/bench_core -fs iso9660,joliet,udf -o $OUT $2" ;;
    genisoimage) echo "genisoimage -quiet -J -o $OUT $2" ;;
    genisoimage-udf) echo "genisoimage -quiet -J -udf -o $OUT $2" ;;
    xorriso) echo "xorriso -as mkisofs -quiet -J -o $OUT $2" ;;
    tar) echo "sh -c 'tar cf - -C $2 . | cat > $OUT'" ;;
    cat) echo "sh -c 'cd $2 && find . -type f -print0 | xargs -0 cat > $OUT'" ;;
    esac
}

# measure_once NAME SRC: prints "wall_s maxrss_kib" (and keeps bench_core's phase line).
measure_once() {
    local log=$BENCH_OUT/log
    rm -f "$OUT"
    if ! eval "$BIN/measure $(tool_command "$1" "$2")" >"$BENCH_OUT/stdout" 2>"$log"; then
        echo "$1 failed:" >&2
        cat "$log" >&2
        exit 1
    fi
    case $1 in ours*) cp "$BENCH_OUT/stdout" "$BENCH_OUT/phases-$1" ;; esac
    sed -n 's/^wall_s=\([0-9.]*\) maxrss_kib=\([0-9]*\)$/\1 \2/p' "$log" | tail -1
    rm -f "$OUT"
}

tools="ours genisoimage xorriso tar cat"
[ $UDF = yes ] && tools="ours ours-udf genisoimage genisoimage-udf xorriso tar cat"
echo "# $(machine_line)"
echo "# page cache warm, images written to $BENCH_OUT (tmpfs), best of $RUNS runs; UDF in the core: $UDF"
for name in "$@"; do
    src=$(corpus "$name")
    files=$(find "$src" -type f | wc -l)
    bytes=$(du -sb "$src" | cut -f1)
    declare -A wall rss
    for tool in $tools; do
        measure_once "$tool" "$src" >/dev/null
        best=; peak=0
        for _ in $(seq "$RUNS"); do
            read -r w r < <(measure_once "$tool" "$src")
            best=$(awk -v a="${best:-$w}" -v b="$w" 'BEGIN { print (b < a ? b : a) }')
            [ "$r" -gt "$peak" ] && peak=$r
        done
        wall[$tool]=$best
        rss[$tool]=$peak
    done
    echo
    echo "## $name: $files files, $((bytes / 1048576)) MiB"
    echo
    echo "| tool | wall s | x genisoimage | x cat | peak RSS MiB | RSS bytes/file |"
    echo "|---|---:|---:|---:|---:|---:|"
    for tool in $tools; do
        awk -v t="$tool" -v w="${wall[$tool]}" -v g="${wall[genisoimage]}" -v c="${wall[cat]}" \
            -v r="${rss[$tool]}" -v f="$files" \
            'BEGIN { printf "| %s | %.3f | %.2f | %.2f | %.1f | %.0f |\n", t, w, w / g, w / c, r / 1024, r * 1024 / f }'
    done
    for tool in ours ours-udf; do
        [ -e "$BENCH_OUT/phases-$tool" ] && echo "$tool phases: $(cat "$BENCH_OUT/phases-$tool")"
        rm -f "$BENCH_OUT/phases-$tool"
    done
    case $name in
    small) awk -v o="${wall[ours]}" -v g="${wall[genisoimage]}" \
           'BEGIN { printf "target small: ours <= 0.8 x genisoimage: %.2f %s\n", o / g, o / g <= 0.8 ? "met" : "MISSED" }' ;;
    medium) awk -v r="${rss[ours]}" -v f="$files" -v o="${wall[ours]}" -v g="${wall[genisoimage]}" \
            'BEGIN { printf "target medium: <= 300 RSS bytes/file: %.0f %s; ours/genisoimage %.2f\n", r * 1024 / f,
                     r * 1024 / f <= 300 ? "met" : "MISSED", o / g }' ;;
    large) awk -v o="${wall[ours]}" -v c="${wall[cat]}" \
           'BEGIN { printf "target large: ours <= 1.1 x cat: %.2f %s\n", o / c, o / c <= 1.1 ? "met" : "MISSED" }' ;;
    esac
    unset wall rss
done
rm -rf "$BENCH_OUT"
