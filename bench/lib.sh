# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the bench/run-*.sh scripts (sourced): where things go, building the native drivers, corpora.
#   BENCH_DIR   cache of corpora and builds (default /tmp/openimapi2fs-bench)
#   BENCH_OUT   where images are written, then deleted (default a folder in /dev/shm: no disk writeback
#               in the timings, the same for every tool)
#   BENCH_BUILD_TYPE (default Release), BENCH_CFLAGS (extra C flags for the bench build)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/openimapi2fs-bench}
BENCH_OUT=${BENCH_OUT:-/dev/shm/openimapi2fs-bench-out}
NATIVE_BUILD=$BENCH_DIR/build-native
mkdir -p "$BENCH_DIR/corpus" "$BENCH_OUT"

# The native drivers, optimised and without sanitizers, in a build folder of the bench's own.
build_native() {
    cmake -S "$ROOT" -B "$NATIVE_BUILD" -DCMAKE_BUILD_TYPE="${BENCH_BUILD_TYPE:-Release}" \
        -DOPENIMAPI2FS_SANITIZE=OFF -DOPENIMAPI2FS_WINDOWS=OFF -DCMAKE_C_FLAGS="${BENCH_CFLAGS:-}" >/dev/null
    cmake --build "$NATIVE_BUILD" -j2 --target make_corpus measure bench_core bench_scale \
        >"$BENCH_DIR/build-native.log" 2>&1 || { cat "$BENCH_DIR/build-native.log" >&2; return 1; }
    BIN=$NATIVE_BUILD/bench
}

# corpus NAME: prints the corpus folder, writing it first if this cache has not got it yet.
corpus() {
    local dir=$BENCH_DIR/corpus/$1
    if [ ! -e "$dir.done" ]; then
        rm -rf "$dir"
        echo "writing corpus $1 into $dir (once)" >&2
        "$BIN/make_corpus" "$1" "$dir" && touch "$dir.done"
    fi
    echo "$dir"
}

machine_line() {
    echo "$(date -u +%Y-%m-%d) · $(nproc) vCPUs · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
         "· commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src include || echo '+local changes')"
}
