#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# selftest.sh CASE: proves the oracles pass good images and fail bad ones. Images come from peer writers
# (genisoimage; xorriso only where noted). Run by ctest with ORACLE_BIN (the folder holding iso_oracle,
# check-image.sh and gen-tree.sh) and WORK (a scratch folder of this case) in the environment.
#
# Neither peer writer can record a character outside the BMP in Joliet (genisoimage aborts, libisofs
# writes "_"), so their images are made from the standard tree without those names; the "surrogate"
# case proves the oracle reads a surrogate pair by patching one into an image.
set -eu
export LC_ALL=C.UTF-8
case_name=${1:?usage: selftest.sh CASE}
oracle=$ORACLE_BIN/iso_oracle
check=$ORACLE_BIN/check-image.sh
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

die() {
    echo "selftest $case_name: FAIL: $*"
    exit 1
}

# expect_pass CMD...: CMD must exit 0.
expect_pass() {
    "$@" >out.txt 2>&1 || { cat out.txt; die "expected to pass: $*"; }
    tail -n 1 out.txt
}

# expect_fail TEXT CMD...: CMD must exit 1 (found problems, not "cannot read") and print TEXT.
expect_fail() {
    local text=$1 status=0
    shift
    "$@" >out.txt 2>&1 || status=$?
    [ "$status" -eq 1 ] || { cat out.txt; die "expected exit status 1, got $status: $*"; }
    grep -qF -- "$text" out.txt || { cat out.txt; die "expected \"$text\" in the output of: $*"; }
    echo "failed as expected: $(grep -F -m 1 -- "$text" out.txt)"
}

# A standard tree without names outside the BMP, which no peer writer records correctly in Joliet.
bmp_tree() {
    "$ORACLE_BIN/gen-tree.sh" "$1" standard
    LC_ALL=C find "$1" -depth -name "*$(printf '\360')*" -exec rm -rf {} +
}

# genisoimage IMAGE OPTIONS... SOURCE: -D keeps the 8-level chain in place (it would drop it otherwise).
make_image() {
    local image=$1
    shift
    genisoimage -quiet -D -input-charset utf-8 -o "$image" "$@" || die "genisoimage failed"
}

# The first block of the file PATH (ISO 9660 names, e.g. /SIZES/SIZE_2049.BIN;1) in IMAGE.
block_of() {
    local dir=${2%/*}/ file=${2##*/}
    isoinfo -l -i "$1" | awk -v dir="Directory listing of $dir" -v file="$file" '
        index($0, "Directory listing of ") == 1 { inside = ($0 == dir) }
        inside && $NF == file { sub(/.*\[ */, ""); print $1; exit }'
}

# corrupt IMAGE BYTE: inverts one byte of IMAGE.
corrupt() {
    local old
    old=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((255 - old)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

case $case_name in
tree)
    # deterministic, and the documented shape
    "$ORACLE_BIN/gen-tree.sh" a standard
    "$ORACLE_BIN/gen-tree.sh" b standard
    diff -r a b || die "two runs differ"
    [ "$(find a -mindepth 1 -type f | wc -l)" -eq 1143 ] || die "standard: not 1143 files"
    [ "$(find a -mindepth 1 -type d | wc -l)" -eq 27 ] || die "standard: not 27 folders"
    [ "$(find a/many -type f | wc -l)" -eq 1100 ] || die "many/: not 1100 files"
    [ "$(stat -c %s a/sizes/size-300007.bin)" -eq 300007 ] || die "size-300007.bin has the wrong size"
    [ "$(od -An -tx1 -j 26 -N 4 a/sizes/size-2049.bin | tr -d ' ')" = 00010203 ] || die "pattern not as documented"
    [ "$(find a -mindepth 1 -newermt '2020-01-03' | wc -l)" -eq 0 ] || die "times are not fixed"
    "$ORACLE_BIN/gen-tree.sh" s small
    [ "$(find s -mindepth 1 -type f | wc -l)" -eq 12 ] || die "small: not 12 files"
    expect_fail "not empty" "$ORACLE_BIN/gen-tree.sh" a standard
    ;;
pass)
    bmp_tree src
    make_image good.iso -J -joliet-long -iso-level 2 src
    expect_pass "$oracle" good.iso src
    expect_pass "$check" good.iso src --level 2
    # the same image holds level-2 identifiers, which level 1 forbids
    expect_fail "not 8.3 (level 1)" "$oracle" good.iso src --level 1
    ;;
pass-level1)
    # level 1 identifiers, Joliet names cut to 64 UTF-16 units
    bmp_tree src
    make_image good.iso -J src
    expect_pass "$oracle" good.iso src --level 1
    expect_pass "$check" good.iso src --level 1
    ;;
no-joliet)
    bmp_tree src
    make_image plain.iso -iso-level 2 src
    expect_pass "$oracle" plain.iso src --no-joliet --level 2
    expect_pass "$check" plain.iso src --no-joliet --level 2
    expect_fail "the image has no Joliet tree" "$oracle" plain.iso src --level 2
    corrupt plain.iso $(($(block_of plain.iso /SIZES/SIZE_4096.BIN\;1) * 2048 + 3000))
    expect_fail "/SIZES/SIZE_4096.BIN;1: no file of source folder" "$oracle" plain.iso src --no-joliet --level 2
    expect_fail "sha256 multisets differ" "$check" plain.iso src --no-joliet --level 2
    ;;
base)
    bmp_tree src
    make_image based.iso -J -joliet-long -iso-level 2 -graft-points "My Files/=src"
    expect_pass "$oracle" based.iso src --level 2 --base "My Files"
    expect_pass "$check" based.iso src --level 2 --base "My Files"
    expect_fail "joliet: /My Files: not in the source" "$oracle" based.iso src --level 2
    expect_fail "base folder missing" "$oracle" based.iso src --level 2 --base "Other"
    ;;
corrupt)
    bmp_tree src
    make_image good.iso -J -joliet-long -iso-level 2 src
    cp good.iso bad.iso
    corrupt bad.iso $(($(block_of bad.iso /SIZES/SIZE_2049.BIN\;1) * 2048 + 2048))
    expect_fail "joliet: /sizes/size-2049.bin: bytes differ from the source" "$oracle" bad.iso src --level 2
    expect_fail "iso9660: /SIZES/SIZE_2049.BIN;1: bytes differ from the source" "$oracle" bad.iso src --level 2
    expect_fail "7zz x: sizes/size-2049.bin: bytes differ from the source" "$check" bad.iso src --level 2
    grep -qF "check-image: iso_oracle:" out.txt || die "check-image did not report iso_oracle's finding"
    ;;
source-changed)
    bmp_tree src
    make_image good.iso -J -joliet-long -iso-level 2 src
    cp -a src less
    rm "less/spaces and dots/no extension"
    expect_fail "joliet: /spaces and dots/no extension: not in the source" "$oracle" good.iso less --level 2
    expect_fail "NO_EXTENSION.;1: no file of source folder" "$oracle" good.iso less --level 2 --no-joliet
    expect_fail "isoinfo -l: lists 1141 files, the source has 1140" "$check" good.iso less --level 2
    cp -a src more
    echo extra >more/sizes/extra.bin
    expect_fail "joliet: /sizes/extra.bin: missing" "$oracle" good.iso more --level 2
    expect_fail "7zz x: sizes/extra.bin: not extracted" "$check" good.iso more --level 2
    cp -a src renamed
    mv renamed/case/one/Report.txt renamed/case/one/report.txt
    expect_fail "joliet: /case/one/report.txt: missing" "$oracle" good.iso renamed --level 2
    expect_fail "isoinfo -J -l: /case/one/report.txt: not listed" "$check" good.iso renamed --level 2
    ;;
surrogate)
    # libisofs writes "_" for a character outside the BMP: the oracle must notice ...
    mkdir src
    echo smile >"src/😀.txt"
    echo other >src/other.txt
    xorriso -as mkisofs -quiet -J -iso-level 2 -o lossy.iso src 2>/dev/null || die "xorriso failed"
    expect_fail "joliet: /😀.txt: missing" "$oracle" lossy.iso src --level 2
    # ... and accept the name once its surrogate pair (D83D DE00) is patched over a same-length name.
    mkdir plain
    echo smile >plain/ab.txt
    echo other >plain/other.txt
    xorriso -as mkisofs -quiet -J -iso-level 2 -o good.iso plain 2>/dev/null || die "xorriso failed"
    offset=$(LC_ALL=C grep -obUaP '\x00a\x00b\x00\.\x00t\x00x\x00t' good.iso | head -n 1 | cut -d: -f1)
    [ -n "$offset" ] || die "Joliet name ab.txt not found in the image"
    printf '\330\075\336\000' | dd of=good.iso bs=1 seek="$offset" conv=notrunc status=none
    expect_pass "$oracle" good.iso src --level 2
    expect_fail "joliet: /ab.txt: missing" "$oracle" good.iso plain --level 2
    ;;
*)
    die "unknown case"
    ;;
esac
cd /
rm -rf "$WORK"
echo "selftest $case_name: ok"
