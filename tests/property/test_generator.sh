#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test_generator.sh GEN_RANDOM_TREE WORK: the same seed makes the same tree (names, folders, bytes), another
# seed another one; the trees hold what the property tests rely on: all the scripts, names beyond 64
# UTF-16 units but none beyond 120, the edge sizes, empty folders, exactly 8 folder levels (-depth 12 for
# 12), no two names of a folder equal ignoring case.
set -u
export LC_ALL=C.UTF-8
[ $# -eq 2 ] || { echo "usage: test_generator.sh GEN_RANDOM_TREE WORK" >&2; exit 2; }
gen=$1
work=$2
failures=0

fail() {
    echo "test_generator: $*"
    failures=$((failures + 1))
}

# snapshot DIR: every path with its type and the sha256 of each file, sorted
snapshot() {
    (cd "$1" && find . -mindepth 1 -printf '%y %P\n' | sort && find . -type f -exec sha256sum {} + | sort)
}

# levels DIR: folder levels counting DIR itself
levels() {
    (cd "$1" && find . -type d -printf '%d\n' | sort -n | tail -n 1 | awk '{ print $1 + 1 }')
}

rm -rf "$work"
mkdir -p "$work"
"$gen" 7 "$work/a" >/dev/null && "$gen" 7 "$work/b" >/dev/null && "$gen" 8 "$work/c" >/dev/null ||
    { echo "test_generator: gen_random_tree failed"; exit 1; }
"$gen" 9 "$work/deep" -depth 12 -entries 200 >/dev/null || { echo "test_generator: -depth 12 failed"; exit 1; }
snapshot "$work/a" >"$work/a.txt"
snapshot "$work/b" >"$work/b.txt"
snapshot "$work/c" >"$work/c.txt"
cmp -s "$work/a.txt" "$work/b.txt" || fail "seed 7 made two different trees"
cmp -s "$work/a.txt" "$work/c.txt" && fail "seeds 7 and 8 made the same tree"

entries=$(find "$work/a" -mindepth 1 | wc -l)
[ "$entries" -eq 300 ] || fail "seed 7: $entries entries, not 300"
[ "$(levels "$work/a")" -eq 8 ] || fail "seed 7: $(levels "$work/a") folder levels, not 8"
[ "$(levels "$work/deep")" -eq 12 ] || fail "seed 9 -depth 12: $(levels "$work/deep") folder levels, not 12"

# names of the three trees, one per line, with their UTF-16 lengths
names=$work/names.txt
find "$work/a" "$work/c" "$work/deep" -mindepth 1 -printf '%f\n' >"$names"
for script in Latin Greek Cyrillic Hebrew Arabic Han Hiragana Hangul; do
    grep -Pq "\\p{$script}" "$names" || fail "no name in the $script script"
done
grep -Pq '[àáâãäåçèéêëñöøüčšžłő]' "$names" || fail "no Latin letter with a diacritic"
grep -Pq '[\x{10000}-\x{10FFFF}]' "$names" || fail "no character outside the BMP"
grep -q ' ' "$names" || fail "no name with a space"
grep -q '^\.' "$names" || fail "no name starting with a dot"
grep -Eq '[ .]$' "$names" && fail "a name ends in a space or a dot"
grep -q '[\\:*?"<>|;]' "$names" && fail "a name holds a character Windows or Joliet forbids"
units=$(perl -CSD -ne 'chomp; my $u = length($_) + (() = /[^\x{0}-\x{ffff}]/g); print "$u\n"' "$names" | sort -n)
[ "$(tail -n 1 <<<"$units")" -le 120 ] || fail "a name of $(tail -n 1 <<<"$units") UTF-16 units (more than 120)"
[ "$(tail -n 1 <<<"$units")" -gt 64 ] || fail "no name beyond 64 UTF-16 units"
# names equal ignoring case in one folder (perl's lc covers the scripts used)
dups=$(find "$work/a" "$work/c" "$work/deep" -mindepth 1 -printf '%h\t%f\n' | perl -CS -ne 'print lc' | sort | uniq -d)
[ -z "$dups" ] || fail "names equal ignoring case in one folder: $dups"
# the same name in another case in another folder
twins=$(find "$work/a" -mindepth 1 -printf '%f\n' | sort -u | perl -CS -ne 'print lc' | sort | uniq -d | wc -l)
[ "$twins" -gt 0 ] || fail "seed 7: no name in two folders in different case"
for size in 0 1 2047 2048 2049; do
    [ -n "$(find "$work/a" "$work/c" -type f -size "${size}c" -print -quit)" ] || fail "no file of $size bytes"
done
[ -n "$(find "$work/a" -type f -size +16k -print -quit)" ] || fail "seed 7: no file beyond 16 KiB"
[ -z "$(find "$work/a" "$work/c" -type f -size +20k -print -quit)" ] || fail "a file beyond 20 KiB"
[ -n "$(find "$work/a" -mindepth 1 -type d -empty -print -quit)" ] || fail "seed 7: no empty folder"

rm -rf "$work"
if [ "$failures" -ne 0 ]; then
    echo "test_generator: $failures failures"
    exit 1
fi
echo "test_generator: ok"
