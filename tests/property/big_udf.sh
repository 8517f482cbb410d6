#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# big_udf.sh MAKE_IMAGE UDF_CAT ORACLE_DIR WORK: a sparse file of 4 GiB + 1 byte (marked at its start, across
# the end of its first UDF extent (2^30 - 2048 bytes), across the end of its first ISO 9660 section
# (4 GiB - 2048) and at its last byte) and a small file, made into
#   - a UDF 2.60 image (UDF alone: data in the physical partition, its allocation descriptors in the metadata
#     partition): udfinfo counts, the file streamed back whole by libudfread (udf_cat | cmp);
#   - an ISO 9660 level 3 + Joliet + UDF 1.02 bridge: udfinfo counts, the file streamed back whole by 7-Zip
#     (7zz x -tudf -so | cmp), then check-big-file.sh for the ISO 9660 and Joliet trees (multi-extent
#     records by isoinfo and xorriso, the file streamed by 7-Zip).
# Images are written sparse (make_image -sparse) and nothing is extracted: little disk is used.
set -u
export LC_ALL=C.UTF-8
[ $# -eq 4 ] || { echo "usage: big_udf.sh MAKE_IMAGE UDF_CAT ORACLE_DIR WORK" >&2; exit 2; }
make_image=$1
udf_cat=$2
oracle_dir=$3
work=$4
export ISO_ORACLE=$oracle_dir/iso_oracle
BIG=4294967297
failures=0

fail() {
    echo "big_udf: $*"
    failures=$((failures + 1))
}

mark() {
    printf '%s' "$2" | dd of="$1" bs=1 seek="$3" conv=notrunc status=none
}

# check_udf KIND IMAGE REVISION READERS: the UDF file system of IMAGE holds the tree, every file read back
# whole by READERS (udf_cat, 7zz or both: each 4 GiB read takes seconds)
check_udf() {
    local kind=$1 image=$2 revision=$3 readers=$4 info path
    if ! info=$(udfinfo "$image" 2>&1); then
        fail "$kind: udfinfo cannot read the image: $info"
    else
        grep -qx 'blocksize=2048' <<<"$info" || fail "$kind: udfinfo: block size is not 2048"
        grep -qx 'numfiles=2' <<<"$info" || fail "$kind: udfinfo: not 2 files: $(grep numfiles <<<"$info")"
        grep -qx 'numdirs=2' <<<"$info" || fail "$kind: udfinfo: not 2 folders with the root: $(grep numdirs <<<"$info")"
        grep -qx "udfwriterev=$revision" <<<"$info" || fail "$kind: udfinfo: not revision $revision: $(grep udfwriterev <<<"$info")"
    fi
    for path in sub/big.bin small.txt; do
        if [ "$readers" != 7zz ]; then
            "$udf_cat" "$image" "/$path" | cmp - "$work/tree/$path" ||
                fail "$kind: libudfread (udf_cat): /$path differs from its source"
        fi
        if [ "$readers" != udf_cat ]; then
            7zz x -tudf -so "$image" "$path" 2>"$work/7z.err" | cmp - "$work/tree/$path" ||
                fail "$kind: 7zz x -tudf -so: $path differs from its source ($(grep -m 1 -i error "$work/7z.err"))"
        fi
    done
}

rm -rf "$work"
mkdir -p "$work/tree/sub" || exit 2
truncate -s $BIG "$work/tree/sub/big.bin" &&
    mark "$work/tree/sub/big.bin" START 0 &&
    mark "$work/tree/sub/big.bin" EXTENT $((1073739776 - 3)) &&
    mark "$work/tree/sub/big.bin" SECTION $((4294965248 - 3)) &&
    mark "$work/tree/sub/big.bin" E $((BIG - 1)) || exit 2
echo small >"$work/tree/small.txt"

if "$make_image" -o "$work/udf.iso" -fs udf -udf-rev 0x260 -sparse -contents "$work/tree"; then
    check_udf "UDF 2.60 alone" "$work/udf.iso" 2.60 udf_cat
else
    fail "make_image -fs udf -udf-rev 0x260 failed"
fi
rm -f "$work/udf.iso"

if "$make_image" -o "$work/bridge.iso" -fs iso9660,joliet,udf -level 3 -sparse -contents "$work/tree"; then
    check_udf "bridge" "$work/bridge.iso" 1.02 7zz
    # libisofs reading both trees whole (iso_oracle) is left to core.big_file.oracle: the same ISO 9660
    # level 3 writer, and 4 GiB twice more would double this test's time
    bash "$(dirname "$(readlink -f "$0")")/../oracle/check-big-file.sh" "$work/bridge.iso" "$work/tree" --no-oracle ||
        fail "bridge: ISO 9660 and Joliet trees"
else
    fail "make_image -fs iso9660,joliet,udf -level 3 failed"
fi

rm -rf "$work"
if [ $failures -ne 0 ]; then
    echo "big_udf: $failures failures"
    exit 1
fi
echo "big_udf: ok"
