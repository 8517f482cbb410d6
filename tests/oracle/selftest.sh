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
udf_oracle=$ORACLE_BIN/udf_oracle
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
# --- UDF (issue 3): udf_oracle and check-image.sh --udf / --udf-only. genisoimage -udf writes UDF 1.02
# bridged with ISO 9660 (+ Joliet); mkudffs writes an empty UDF file system of any revision (2.50 and 2.60
# only with a virtual allocation table, which libudfread and 7-Zip cannot read).
udf-pass)
    bmp_tree src
    make_image good.iso -udf -J -joliet-long -iso-level 2 -V "UDF selftest" src
    expect_pass "$udf_oracle" good.iso src --revision 0x102 --volume "UDF selftest"
    expect_pass "$check" good.iso src --udf --revision 0x102 --volume "UDF selftest"
    grep -qF "UDF: udf_oracle, udfinfo, 7zz -tudf; ISO 9660: iso_oracle" out.txt || die "bridge not checked both ways"
    expect_fail "udf: the logical volume's domain revision is 0x102, not 0x201" "$udf_oracle" good.iso src --revision 0x201
    expect_fail "udf: the volume identifier is \"UDF selftest\", not \"Other\"" "$udf_oracle" good.iso src --volume Other
    expect_fail "udfinfo: udfwriterev=1.02, not 2.50" "$check" good.iso src --udf --revision 0x250
    ;;
udf-base)
    bmp_tree src
    make_image based.iso -udf -J -joliet-long -iso-level 2 -graft-points "My Files/=src"
    expect_pass "$udf_oracle" based.iso src --base "My Files"
    expect_pass "$check" based.iso src --udf --level 2 --base "My Files"
    expect_fail "udf: /My Files: not in the source" "$udf_oracle" based.iso src
    expect_fail "udf: /Other: missing (a folder of the source)" "$udf_oracle" based.iso src --base Other
    ;;
udf-corrupt)
    bmp_tree src
    make_image good.iso -udf -J -joliet-long -iso-level 2 src
    # the file's first record ("size-2049.bin", padded to 15, then offset 0) is unique in the image
    first=$(LC_ALL=C grep -obUaF "size-2049.bin  0000000000" good.iso | cut -d: -f1)
    [ "$(wc -w <<<"$first")" -eq 1 ] || die "size-2049.bin's first record is not found exactly once"
    cp good.iso bad.iso
    corrupt bad.iso $((first + 2048))
    expect_fail "udf: /sizes/size-2049.bin: bytes differ from the source src/sizes/size-2049.bin at offset 2048" \
        "$udf_oracle" bad.iso src
    expect_fail "7zz x -tudf: sizes/size-2049.bin: bytes differ from the source" "$check" bad.iso src --udf
    grep -qF "check-image: udf_oracle: udf: /sizes/size-2049.bin: bytes differ" out.txt \
        || die "check-image did not report udf_oracle's finding"
    # a name changed in its file identifier descriptor: the descriptor's CRC no longer matches
    cp good.iso renamed.iso
    name=$(LC_ALL=C grep -obUaP '\x08readme\.txt' renamed.iso | head -n 1 | cut -d: -f1)
    [ -n "$name" ] || die "the UDF name readme.txt is not in the image"
    printf R | dd of=renamed.iso bs=1 seek=$((name + 1)) conv=notrunc status=none
    expect_fail "CRC does not match its bytes" "$udf_oracle" renamed.iso src
    expect_fail "udf: /Readme.txt: not in the source" "$udf_oracle" renamed.iso src
    expect_fail "7zz x -tudf: extraction failed" "$check" renamed.iso src --udf
    ;;
udf-source-changed)
    bmp_tree src
    make_image good.iso -udf -J -joliet-long -iso-level 2 src
    cp -a src less
    rm "less/spaces and dots/no extension"
    expect_fail "udf: /spaces and dots/no extension: not in the source" "$udf_oracle" good.iso less
    expect_fail "udf: the integrity descriptor counts 1141 files and 27 folders, the source has 1140 and 27" \
        "$udf_oracle" good.iso less
    expect_fail "udfinfo: numfiles=1141, the source has 1140 files" "$check" good.iso less --udf
    cp -a src more
    echo extra >more/sizes/extra.bin
    expect_fail "udf: /sizes/extra.bin: missing (a file of the source)" "$udf_oracle" good.iso more
    expect_fail "7zz x -tudf: sizes/extra.bin: not extracted" "$check" good.iso more --udf
    cp -a src renamed
    mv renamed/case/one/Report.txt renamed/case/one/report.txt
    expect_fail "udf: /case/one/report.txt: missing" "$udf_oracle" good.iso renamed
    cp -a src changed
    printf x >>changed/readme.txt
    expect_fail "udf: /readme.txt: 32 bytes, the source changed/readme.txt has 33" "$udf_oracle" good.iso changed
    ;;
udf-revisions)
    mkdir empty
    for revision in 0x102 0x150 0x200 0x201; do
        dotted=${revision:2:1}.${revision:3:2}
        mkudffs --media-type=hd --blocksize=2048 --udfrev="$dotted" --new-file "$revision.img" 2000 >/dev/null \
            || die "mkudffs --udfrev=$dotted failed"
        expect_pass "$udf_oracle" "$revision.img" empty --revision "$revision" --volume LinuxUDF
        expect_pass "$check" "$revision.img" empty --udf --revision "$revision"
        grep -qF "no ISO 9660 part" out.txt || die "$revision.img: UDF alone not recognised"
        wrong=$([ "$revision" = 0x201 ] && echo 0x200 || echo 0x201)
        expect_fail "domain revision is $revision, not $wrong" "$udf_oracle" "$revision.img" empty --revision "$wrong"
        expect_fail "udfinfo: udfwriterev=$dotted, not ${wrong:2:1}.${wrong:3:2}" \
            "$check" "$revision.img" empty --udf --revision "$wrong"
    done
    mkdir one
    echo one >one/file.txt
    expect_fail "udfinfo: numfiles=0, the source has 1 files" "$check" 0x201.img one --udf
    expect_fail "udf: /file.txt: missing (a file of the source)" "$udf_oracle" 0x201.img one
    # 2.50 and 2.60: only the revision readers can be proved (the tree lives behind a VAT)
    for revision in 0x250 0x260; do
        dotted=${revision:2:1}.${revision:3:2}
        mkudffs --media-type=bdr --blocksize=2048 --udfrev="$dotted" --new-file "$revision.img" 20000 >/dev/null \
            || die "mkudffs --udfrev=$dotted failed"
        status=0
        "$udf_oracle" "$revision.img" empty --revision 0x201 >out.txt 2>&1 || status=$?
        [ "$status" -eq 2 ] || { cat out.txt; die "$revision.img: libudfread read a VAT image?"; }
        grep -qF "domain revision is $revision, not 0x201" out.txt || { cat out.txt; die "$revision.img: revision not read"; }
        "$udf_oracle" "$revision.img" empty --revision "$revision" >out.txt 2>&1 || true
        ! grep -q "revision" out.txt || { cat out.txt; die "$revision.img: revision $revision refused"; }
        "$check" "$revision.img" empty --udf --revision "$revision" >out.txt 2>&1 || true
        ! grep -q "udfinfo:" out.txt || { cat out.txt; die "$revision.img: udfinfo check refused $revision"; }
        expect_fail "udfinfo: udfwriterev=$dotted, not 2.01" "$check" "$revision.img" empty --udf --revision 0x201
    done
    ;;
udf-only)
    # No peer writer puts less in ISO 9660 than in UDF (genisoimage's -hide hides from UDF too, and leaves
    # 7-Zip a "Headers Error"): a bridge image of a folder holding only the readme passes, a bridge image
    # of a bigger tree fails.
    "$ORACLE_BIN/gen-tree.sh" src small
    LC_ALL=C find src -depth -name "*$(printf '\360')*" -exec rm -rf {} +
    make_image bridge.iso -udf -J -iso-level 2 src
    mkdir readme
    cp -p src/readme.txt readme/
    make_image only.iso -udf -J -iso-level 2 readme
    expect_pass "$check" only.iso readme --udf-only
    grep -qF "ISO 9660 readme: isoinfo" out.txt || die "the readme part was not checked"
    expect_fail "isoinfo -l: --udf-only: the ISO 9660 part lists 11 files and 2 folders, not one readme file" \
        "$check" bridge.iso src --udf-only
    mkudffs --media-type=hd --blocksize=2048 --new-file alone.img 2000 >/dev/null || die "mkudffs failed"
    mkdir empty
    expect_fail "--udf-only: the image has no ISO 9660 volume descriptor" "$check" alone.img empty --udf-only
    ;;
*)
    die "unknown case"
    ;;
esac
cd /
rm -rf "$WORK"
echo "selftest $case_name: ok"
