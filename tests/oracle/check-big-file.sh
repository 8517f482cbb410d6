#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-big-file.sh: checks an ISO 9660 level 3 image holding files larger than one file section (4 GiB - 2048
# bytes) against the folder it was made from, streaming every file (nothing is extracted to disk).
set -u
export LC_ALL=C.UTF-8

usage() {
    cat >&2 <<'EOF'
usage: check-big-file.sh IMAGE SOURCE_DIR [--no-joliet] [--base NAME] [--no-oracle]
  IMAGE        the image (ISO 9660 level 3, with a Joliet tree unless --no-joliet)
  SOURCE_DIR   the folder the image was made from; names in plain lowercase ASCII (their ISO 9660 names
               are then the same in upper case)
  --no-joliet  the image has no Joliet tree
  --base NAME  SOURCE_DIR itself is the folder NAME at the image root
  --no-oracle  skip iso_oracle (without Joliet it pairs files by hashing them: slow for big files)
For every file of SOURCE_DIR, in each tree (isoinfo -l and -J -l): its records are consecutive, all but
the last flagged multi-extent and 4294965248 bytes long, their extents one run of blocks, their sizes
adding up to the file's; xorriso reports the same sections; 7-Zip streams the file (7zz x -so) equal
to its source (cmp). Then iso_oracle (libisofs) compares both trees with the source byte for byte.
Prints one line "check-big-file: READER: what" per problem; exits 0 only when there is none.
ISO_ORACLE=path overrides the iso_oracle next to this script.
EOF
    exit 2
}

[ $# -ge 2 ] || usage
image=$1
source_dir=${2%/}
shift 2
joliet=1
base=
run_oracle=1
oracle_args=(--level 2) # level 3 names are level 2 names
while [ $# -gt 0 ]; do
    case $1 in
    --no-joliet) joliet=0; oracle_args+=("$1"); shift ;;
    --no-oracle) run_oracle=0; shift ;;
    --base) [ $# -ge 2 ] && [ -n "$2" ] || usage; base=$2; oracle_args+=("$1" "$2"); shift 2 ;;
    *) usage ;;
    esac
done
[ -f "$image" ] || { echo "check-big-file: no image file $image" >&2; exit 2; }
[ -d "$source_dir" ] || { echo "check-big-file: no source folder $source_dir" >&2; exit 2; }
oracle=${ISO_ORACLE:-$(dirname "$(readlink -f "$0")")/iso_oracle}
[ -x "$oracle" ] || { echo "check-big-file: iso_oracle not found at $oracle" >&2; exit 2; }

SECTION=4294965248 # 4 GiB - 2048: every section but the last
SECTION_BLOCKS=$((SECTION / 2048))
work=$(mktemp -d "${TMPDIR:-/tmp}/check-big-file.XXXXXX")
trap 'rm -rf "$work"' EXIT
problems=0

fail() {
    echo "check-big-file: $*"
    problems=$((problems + 1))
}

# records LISTING DIR NAME: "extent size flags" of each record named NAME in DIR of an isoinfo listing
# (lines like "----------   0    0    0  2049 Nov 25 2026 [2097179 00]  NAME").
records() {
    awk -v dir="$2" -v name="$3" '
        /^Directory listing of /{ here = substr($0, 22) == dir; next }
        here && /^-/ {
            i = index($0, "["); rest = substr($0, i + 1)
            match(rest, /^ *[0-9]+ [0-9A-F]+\]? +/)
            head = substr(rest, 1, RLENGTH); n = substr(rest, RLENGTH + 1); sub(/ $/, "", n)
            gsub(/\]/, " ", head); split(head, f, " ")
            split(substr($0, 1, i - 1), left, " ")
            if (n == name) print f[1], left[length(left) - 3], f[2]
        }' "$1"
}

# check_records TREE LISTING PATH SIZE: the sections of one file in one tree's listing.
check_records() {
    local tree=$1 listing=$2 path=$3 size=$4 dir name total=0 count=0 first= extent bytes flags expected
    dir=/${path%/*}/
    [ "$dir" = "/$path/" ] && dir=/
    name=${path##*/}
    [ "$tree" = iso9660 ] && dir=${dir^^} && name="${name^^};1"
    expected=$(((size + SECTION - 1) / SECTION))
    [ "$size" -eq 0 ] && expected=1
    while read -r extent bytes flags; do
        count=$((count + 1))
        [ -z "$first" ] && first=$extent
        [ "$extent" -eq $((first + (count - 1) * SECTION_BLOCKS)) ] ||
            fail "isoinfo $tree: $path: section $count starts at block $extent, not right after the previous one"
        if [ "$count" -lt "$expected" ]; then
            [ "$bytes" -eq "$SECTION" ] || fail "isoinfo $tree: $path: section $count has $bytes bytes, not $SECTION"
            # isoinfo prints the flag byte 0x80 sign-extended and cut to "FFFF"
            [[ $flags == *80 || $flags == FFFF* ]] || fail "isoinfo $tree: $path: section $count has flags $flags, not multi-extent"
        else
            [[ $flags == 00 ]] || fail "isoinfo $tree: $path: last section has flags $flags"
        fi
        total=$((total + bytes))
    done < <(records "$listing" "$dir" "$name")
    [ "$count" -eq "$expected" ] || fail "isoinfo $tree: $path: $count records, expected $expected"
    [ "$total" -eq "$size" ] || fail "isoinfo $tree: $path: the records hold $total bytes, the file has $size"
}

# xorriso's view of a file's sections: "count size".
check_xorriso() {
    local image_path=$1 size=$2 sections expected
    expected=$(((size + SECTION - 1) / SECTION))
    [ "$size" -eq 0 ] && return
    sections=$(grep -F ", '$image_path'" "$work/xorriso.txt" | awk -F, -v size="$size" '$4 + 0 == size' | wc -l)
    [ "$sections" -eq "$expected" ] || fail "xorriso: $image_path: $sections sections of $size bytes, expected $expected"
}

prefix=${base:+$base/}
isoinfo -l -i "$image" >"$work/iso9660.txt" 2>"$work/isoinfo.err" || fail "isoinfo -l: $(head -n 1 "$work/isoinfo.err")"
[ "$joliet" = 1 ] && { isoinfo -J -l -i "$image" >"$work/joliet.txt" 2>>"$work/isoinfo.err" ||
    fail "isoinfo -J -l: $(head -n 1 "$work/isoinfo.err")"; }
xorriso -abort_on FAILURE -indev "$image" -find / -type f -exec report_lba -- >"$work/xorriso.txt" 2>&1 ||
    fail "xorriso report_lba: $(grep -m 1 -E 'FAILURE|SORRY' "$work/xorriso.txt")"

files=0
while IFS= read -r -d '' rel; do
    files=$((files + 1))
    path=$prefix$rel
    size=$(stat -c %s "$source_dir/$rel")
    check_records iso9660 "$work/iso9660.txt" "$path" "$size"
    if [ "$joliet" = 1 ]; then
        check_records joliet "$work/joliet.txt" "$path" "$size"
        check_xorriso "/$path" "$size"
        seven_path=$path
    else
        check_xorriso "/${path^^}" "$size"
        seven_path=${path^^}
    fi
    if ! 7zz x -tiso -so "$image" "$seven_path" 2>"$work/7z.err" | cmp -s - "$source_dir/$rel"; then
        fail "7zz x -so: $seven_path: bytes differ from the source ($(grep -m 1 -i error "$work/7z.err"))"
    fi
done < <(cd "$source_dir" && find . -type f -printf '%P\0')
[ "$files" -gt 0 ] || fail "the source has no file"

if [ "$run_oracle" = 1 ] && ! "$oracle" "$image" "$source_dir" "${oracle_args[@]}" >"$work/oracle.txt" 2>&1; then
    sed "\$d; s/^/check-big-file: iso_oracle: /" "$work/oracle.txt"
    fail "iso_oracle: $(tail -n 1 "$work/oracle.txt")"
fi

if [ "$problems" -ne 0 ]; then
    echo "check-big-file: $image: $problems problems"
    exit 1
fi
echo "check-big-file: $image: ok ($files files; isoinfo, xorriso, 7zz$([ "$run_oracle" = 1 ] && echo ", iso_oracle"))"
