#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check_fs_names.sh IMAGE LISTING SOURCE_DIR: the recorded paths IFsiItem::FileSystemPath gave for every
# item (LISTING, written by test_names: lines "FS|KIND|RECORDED PATH|ITEM PATH", FS iso, joliet or udf,
# KIND F or D) must be exactly the paths independent readers list in IMAGE, and each file read back under
# its recorded path must be its source file (SOURCE_DIR + ITEM PATH) byte for byte:
#   ISO 9660  isoinfo -f (shown without ";1" and the "." of a name without extension), isoinfo -x per file
#   Joliet    7zz l -tiso and 7zz x -tiso (7-Zip reads the Joliet tree; isoinfo -J prints no UTF-8)
#   UDF       7zz l -tudf, 7zz x -tudf
# (check-image.sh's oracles expect the source's own names in Joliet and UDF, which this tree's cut and
# renamed names are not: these readers are compared with the names FileSystemPath reports instead.)
set -u
export LC_ALL=C.UTF-8
image=$1
listing=$2
source_dir=${3%/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

fail() { echo "check_fs_names: $*"; status=1; }

compare() { # NAME EXPECTED ACTUAL
    if ! diff -u "$2" "$3" >"$work/$1.diff"; then
        fail "$1: FileSystemPath and the reader differ:"
        cat "$work/$1.diff"
    fi
}

recorded() { awk -F'|' -v fs="$1" '$1 == fs { print $3 }' "$listing" | sort >"$work/$1.ours"; }
files() { awk -F'|' -v fs="$1" '$1 == fs && $2 == "F" { print $3 "|" $4 }' "$listing"; }

# Every file of one tree extracted to DIR under its recorded path must equal its source.
compare_bytes() { # NAME DIR
    local count=0 path item
    while IFS='|' read -r path item; do
        count=$((count + 1))
        cmp -s "$2$path" "$source_dir$item" || fail "$1: $path is not the bytes of $item"
    done < <(files "$1")
    [ "$count" -gt 0 ] || fail "$1: no files listed"
}

recorded iso
isoinfo -f -i "$image" | sed -e 's/;1$//' -e 's/\.$//' | sort >"$work/iso.reader"
compare iso "$work/iso.ours" "$work/iso.reader"
mkdir -p "$work/iso"
while IFS='|' read -r path item; do
    case ${path##*/} in *.*) id="$path;1" ;; *) id="$path.;1" ;; esac
    mkdir -p "$work/iso${path%/*}"
    isoinfo -i "$image" -x "$id" >"$work/iso$path" 2>/dev/null || fail "iso: isoinfo -x $id failed"
done < <(files iso)
compare_bytes iso "$work/iso"

recorded joliet
7zz l -tiso -slt "$image" | awk '/^----------/ { body = 1 } body && sub(/^Path = /, "/")' | sort >"$work/joliet.reader"
compare joliet "$work/joliet.ours" "$work/joliet.reader"
7zz x -tiso -y -o"$work/joliet" "$image" >/dev/null || fail "joliet: 7zz x -tiso failed"
compare_bytes joliet "$work/joliet"

recorded udf
7zz l -tudf -slt "$image" | awk '/^----------/ { body = 1 } body && sub(/^Path = /, "/")' | sort >"$work/udf.reader"
compare udf "$work/udf.ours" "$work/udf.reader"
7zz x -tudf -y -o"$work/udf" "$image" >/dev/null || fail "udf: 7zz x -tudf failed"
compare_bytes udf "$work/udf"

[ $status = 0 ] && echo "check_fs_names: $(wc -l <"$listing") recorded paths match isoinfo and 7-Zip, every file's bytes too"
exit $status
