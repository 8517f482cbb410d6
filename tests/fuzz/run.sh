#!/usr/bin/env bash
# Runs one libFuzzer target for ctest (tests/fuzz/CMakeLists.txt).
#   run.sh fuzz FUZZER SEEDS CORPUS CRASHES SECONDS TARGET   fuzz for $FSI_FUZZ_SECONDS (else SECONDS)
#   run.sh replay FUZZER SEEDS REGRESSIONS                   run every seed and every saved input once
# SPDX-License-Identifier: LGPL-2.1-or-later
set -euo pipefail

# The bounds a reader must keep whatever the input: a hang shows as a timeout, an allocation out of
# proportion to an image of a few MiB as a malloc over the limit; both count as crashes.
bounds=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512)

mode=$1 fuzzer=$2 seeds=$3
shopt -s nullglob
seed_files=("$seeds"/*)
if [ ${#seed_files[@]} -eq 0 ]; then
  echo "run.sh: no seeds in $seeds (the main build's make_seeds writes them)" >&2
  exit 1
fi

case $mode in
fuzz)
  corpus=$4 crashes=$5 seconds=${FSI_FUZZ_SECONDS:-$6} target=$7
  mkdir -p "$corpus" "$crashes"
  if ! "$fuzzer" "${bounds[@]}" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/" \
       "$corpus" "$seeds"; then
    echo "run.sh: $target failed; the input is in $crashes/: keep it as tests/fuzz/regressions/$target/<name>" >&2
    exit 1
  fi
  ;;
replay)
  regressions=$4
  saved=("$regressions"/*)
  echo "replaying ${#seed_files[@]} seeds and ${#saved[@]} saved inputs"
  "$fuzzer" "${bounds[@]}" "${seed_files[@]}" "${saved[@]}"
  ;;
*)
  echo "run.sh: unknown mode $mode" >&2
  exit 2
  ;;
esac
