#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Staging benchmark (issue 5): the core (bench_core) doing AddTree + a full image read with StageFiles off
# (the probe deciding per file) and on (every file copied into the stash at add time), against the same
# job with the probe given nothing to measure and against plain copies of the same bytes, one run.
#   bash bench/run-staging.sh [small] [large]      (default: both)
#   RUNS=3 timed runs per mode after one warm-up run; the best wall time counts, the largest peak RSS.
#   STASH_DIR: the WorkingDirectory of every run and where the disk copy goes (default $BENCH_DIR/stash,
#   a disk folder as the user's temp folder is; must not be a tmpfs to be a fair stash).
#
# Modes (ISO 9660 + Joliet; the image goes to tmpfs in every mode):
#   no-probe  StageFiles off, image made for DISK media: no rate is needed, so the probe measures
#             nothing (it still asks the drive type once per volume): the job without the probe's cost
#   probe     StageFiles off, no media chosen (CD-R 52x, the default): the probe measures the first files
#             of the volume and judges the rest from them
#   staged    StageFiles on: every file copied into the stash during AddTree, the image read from it
#   copy-disk copy_floor of the corpus into one file in STASH_DIR, then deleted: one sequential copy of
#             the data (open and read every file, write per MiB at 2 KiB boundaries, as the stash is
#             filled; deleted as the stash is when the image is released)
#   copy-shm  the same into tmpfs, where the image goes: the copy an image read cannot beat
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
STASH_DIR=${STASH_DIR:-$BENCH_DIR/stash}
mkdir -p "$STASH_DIR"
build_native
[ $# -gt 0 ] || set -- small large
OUT=$BENCH_OUT/image.iso
COPY=$STASH_DIR/copy
DISK_MEDIA=12 # IMAPI_MEDIA_TYPE_DISK

mode_command() {
    local common="-workdir $STASH_DIR -o $OUT $2"
    case $1 in
    no-probe) echo "$BIN/bench_core -stage off -media $DISK_MEDIA $common" ;;
    probe) echo "$BIN/bench_core -stage off $common" ;;
    staged) echo "$BIN/bench_core -stage on $common" ;;
    copy-disk) echo "sh -c '$BIN/copy_floor $2 $COPY && rm -f $COPY'" ;; # the stash is deleted too, in its time
    copy-shm) echo "$BIN/copy_floor $2 $OUT" ;;
    esac
}

# measure_once MODE SRC: prints "wall_s maxrss_kib"; bench_core's line goes to $BENCH_OUT/line-MODE.
measure_once() {
    local log=$BENCH_OUT/log
    rm -f "$OUT" "$COPY"
    if ! eval "$BIN/measure $(mode_command "$1" "$2")" >"$BENCH_OUT/stdout" 2>"$log"; then
        echo "$1 failed:" >&2
        cat "$log" >&2
        exit 1
    fi
    case $1 in copy-*) ;; *) cp "$BENCH_OUT/stdout" "$BENCH_OUT/line-$1.$3" ;; esac
    sed -n 's/^wall_s=\([0-9.]*\) maxrss_kib=\([0-9]*\)$/\1 \2/p' "$log" | tail -1
    rm -f "$OUT" "$COPY"
}

field() { sed -n "s/.*\\b$2=\\([0-9.]*\\).*/\\1/p" "$1"; }

modes="no-probe probe staged copy-disk copy-shm"
echo "# $(machine_line)"
echo "# page cache warm, image to $BENCH_OUT (tmpfs), stash and disk copy in $STASH_DIR" \
     "($(stat -f -c %T "$STASH_DIR")), best of $RUNS runs"
for name in "$@"; do
    src=$(corpus "$name")
    files=$(find "$src" -type f | wc -l)
    bytes=$(du -sb --apparent-size "$src" | cut -f1)
    declare -A wall rss best_run
    # The modes take turns within each round, so that a slow spell of the machine hits all of them.
    for mode in $modes; do measure_once "$mode" "$src" warm >/dev/null; done
    for run in $(seq "$RUNS"); do
        for mode in $modes; do
            read -r w r < <(measure_once "$mode" "$src" "$run")
            if [ -z "${wall[$mode]:-}" ] || awk -v a="${wall[$mode]}" -v b="$w" 'BEGIN { exit !(b < a) }'; then
                wall[$mode]=$w
                best_run[$mode]=$run
            fi
            [ "$r" -gt "${rss[$mode]:-0}" ] && rss[$mode]=$r
        done
    done
    # One more probe run with the trace on, untimed: how many files were measured, judged, staged.
    OPENIMAPI2FS_TRACE_STAGING=1 $BIN/bench_core -stage off -workdir "$STASH_DIR" -o "$OUT" "$src" \
        >/dev/null 2>"$BENCH_OUT/trace"
    rm -f "$OUT"
    probed=$(grep -c '(probed)' "$BENCH_OUT/trace" || true)
    judged=$(grep -c '(volume)' "$BENCH_OUT/trace" || true)
    staged_by_probe=$(grep -c '^staging: staged' "$BENCH_OUT/trace" || true)

    echo
    echo "## $name: $files files, $((bytes / 1048576)) MiB"
    echo
    echo "| mode | wall s | scan (AddTree) s | layout s | read s | stash MiB | peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for mode in $modes; do
        line=$BENCH_OUT/line-$mode.${best_run[$mode]}
        if [ -e "$line" ]; then
            printf '| %s | %.3f | %s | %s | %s | %.1f | %.1f |\n' "$mode" "${wall[$mode]}" "$(field "$line" scan_s)" \
                "$(field "$line" layout_s)" "$(field "$line" write_s)" \
                "$(awk -v b="$(field "$line" stash_bytes)" 'BEGIN { print b / 1048576 }')" \
                "$(awk -v r="${rss[$mode]}" 'BEGIN { print r / 1024 }')"
        else
            printf '| %s | %.3f | | | | | %.1f |\n' "$mode" "${wall[$mode]}" \
                "$(awk -v r="${rss[$mode]}" 'BEGIN { print r / 1024 }')"
        fi
    done
    echo
    echo "probe trace: $probed files measured, $judged judged from the volume's figures, $staged_by_probe staged"
    np=$BENCH_OUT/line-no-probe.${best_run[no-probe]}
    pr=$BENCH_OUT/line-probe.${best_run[probe]}
    st=$BENCH_OUT/line-staged.${best_run[staged]}
    awk -v a="$(field "$np" scan_s)" -v b="$(field "$pr" scan_s)" -v w="${wall[no-probe]}" -v n="$name" '
        BEGIN {
            d = b - a
            printf "probe cost: AddTree %.3f s with the probe, %.3f s without: %+.3f s = %+.1f%% of AddTree, %+.1f%% of the whole job",
                   b, a, d, (a > 0 ? 100 * d / a : 0), 100 * d / w
            if (n == "small")
                printf " (target <= 10%% of AddTree on this corpus: %s)", (100 * d / a <= 10 ? "met" : "MISSED")
            printf "\n"
        }'
    awk -v s="${wall[staged]}" -v u="${wall[probe]}" -v c="${wall[copy-disk]}" \
        'BEGIN { d = s - u; printf "staging cost: staged %.3f s - unstaged %.3f s = %.3f s; one sequential copy (copy-disk) %.3f s: %.2f copies (target <= 1: %s)\n",
                 s, u, d, c, d / c, d / c <= 1 ? "met" : "MISSED" }'
    awk -v r="$(field "$pr" write_s)" -v c="${wall[copy-shm]}" \
        'BEGIN { printf "unstaged image read: %.3f s; the copy itself (copy-shm) %.3f s: %.2f x (target: no more than the copy, <= 1.1 allowing noise: %s)\n",
                 r, c, r / c, r / c <= 1.1 ? "met" : "MISSED" }'
    awk -v s="$(field "$st" stash_bytes)" -v b="$bytes" \
        'BEGIN { printf "stash bytes written, staged: %.0f (%.4f x the corpus bytes: 2048-byte alignment)\n", s, s / b }'
    unset wall rss best_run
done
rm -rf "$BENCH_OUT" "$COPY"
