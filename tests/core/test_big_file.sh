#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test_big_file.sh MAKE_IMAGE ISO_ORACLE WORK: a sparse 4 GiB + 1 byte file (marked at its start, across the
# end of its first file section and at its last byte) through ISO 9660 level 3 and Joliet, both trees'
# records checked and the file read back whole by 7-Zip and libisofs (check-big-file.sh); a 2 GiB + 1 byte
# file refused at levels 1 and 2 with IMAPI_E_DATA_TOO_BIG. The image is written sparse: little disk is used.
set -u
[ $# -eq 3 ] || { echo "usage: test_big_file.sh MAKE_IMAGE ISO_ORACLE WORK" >&2; exit 2; }
make_image=$1
export ISO_ORACLE=$2
work=$3
check=$(dirname "$(readlink -f "$0")")/../oracle/check-big-file.sh
failures=0

fail() {
    echo "test_big_file: $*"
    failures=$((failures + 1))
}

# sparse FILE SIZE: a file of SIZE bytes, all holes but its marks.
sparse() {
    truncate -s "$2" "$1" &&
        printf START | dd of="$1" conv=notrunc status=none &&
        printf MIDDLE | dd of="$1" bs=1 seek=$((4294965248 - 3)) conv=notrunc status=none &&
        printf E | dd of="$1" bs=1 seek=$(($2 - 1)) conv=notrunc status=none
}

rm -rf "$work"
mkdir -p "$work/tree/sub" "$work/over2g" || exit 2
sparse "$work/tree/sub/big.bin" 4294967297 || exit 2
echo small >"$work/tree/small.txt"
truncate -s 2147483649 "$work/over2g/over.bin" || exit 2

if "$make_image" -o "$work/joliet.iso" -level 3 -sparse -contents "$work/tree"; then
    bash "$check" "$work/joliet.iso" "$work/tree" || fail "ISO 9660 + Joliet image"
else
    fail "make_image -level 3 (ISO 9660 + Joliet) failed"
fi
rm -f "$work/joliet.iso"

for level in 1 2; do
    for fs in iso9660,joliet iso9660 joliet; do
        out=$("$make_image" -o "$work/never.iso" -fs $fs -level $level "$work/over2g" 2>&1)
        status=$?
        [ $status -eq 1 ] || fail "level $level, $fs: make_image exit status $status, expected 1"
        [[ $out == *0xC0AAB132*over.bin*2147483649*2147483648* ]] ||
            fail "level $level, $fs: not IMAPI_E_DATA_TOO_BIG naming the file, its size and the limit: $out"
        [ ! -e "$work/never.iso" ] || fail "level $level, $fs: an image was written"
    done
done

rm -rf "$work"
if [ $failures -ne 0 ]; then
    echo "test_big_file: $failures failures"
    exit 1
fi
echo "test_big_file: ok"
