# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the bench/run-*.sh scripts (sourced): where things go, building the native drivers, corpora.
#   BENCH_DIR   cache of corpora and builds (default /tmp/openimapi2fs-bench)
#   BENCH_OUT   where images are written, then deleted (default a folder of this run in /dev/shm: no disk writeback
#               in the timings, the same for every tool)
#   BENCH_COMMIT (default HEAD), BENCH_BUILD_TYPE (default Release), BENCH_CFLAGS (extra C flags for the bench build)
BENCH_DIR=${BENCH_DIR:-/tmp/openimapi2fs-bench}
BENCH_OUT=${BENCH_OUT:-/dev/shm/openimapi2fs-bench-$$}
mkdir -p "$BENCH_DIR/corpus" "$BENCH_OUT"

# What gets measured is a commit (HEAD by default, BENCH_COMMIT=...), not the checkout: others' work in
# progress neither breaks the build nor blurs the figures. bench/ itself comes from the checkout.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMIT=$(git -C "$REPO" rev-parse --short "${BENCH_COMMIT:-HEAD}")
ROOT=$BENCH_DIR/src-$COMMIT
if [ ! -e "$ROOT.done" ]; then
    rm -rf "$ROOT" && mkdir -p "$ROOT"
    git -C "$REPO" archive "$COMMIT" | tar -x -C "$ROOT" && touch "$ROOT.done"
fi
rm -rf "$ROOT/bench" && cp -r "$REPO/bench" "$ROOT/bench"
NATIVE_BUILD=$BENCH_DIR/build-native-$COMMIT

# The native drivers, optimised and without sanitizers, in a build folder of the bench's own.
build_native() {
    cmake -S "$ROOT" -B "$NATIVE_BUILD" -DCMAKE_BUILD_TYPE="${BENCH_BUILD_TYPE:-Release}" \
        -DOPENIMAPI2FS_SANITIZE=OFF -DOPENIMAPI2FS_WINDOWS=OFF -DCMAKE_C_FLAGS="${BENCH_CFLAGS:-}" >/dev/null
    cmake --build "$NATIVE_BUILD" -j2 --target make_corpus measure copy_floor bench_core bench_scale \
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
         "· commit $COMMIT"
}
