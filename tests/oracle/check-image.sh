#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-image.sh: checks an ISO 9660 / Joliet image against the folder it was made from, with readers
# that share no code with openimapi2fs: iso_oracle (libisofs), isoinfo, 7-Zip and xorriso.
set -u
export LC_ALL=C.UTF-8

usage() {
    cat >&2 <<'EOF'
usage: check-image.sh IMAGE SOURCE_DIR [--no-joliet] [--level 1|2] [--base NAME]
  IMAGE        the image file to check (ISO 9660, with a Joliet tree unless --no-joliet)
  SOURCE_DIR   the folder whose files and folders the image must hold, byte for byte
  --no-joliet  the image has no Joliet tree
  --level N    ISO 9660 interchange level the identifiers must obey: 1 (8.3) or 2 (the default)
  --base NAME  SOURCE_DIR itself is the folder NAME at the image root (AddTree with its base folder)
Runs, in order: iso_oracle (libisofs: both trees, names, every file's bytes); isoinfo -d (block size 2048,
volume space size * 2048 == image size); isoinfo -l and -J -l (every file and folder listed); 7zz x -tiso
(extract everything, cmp every file with its source); xorriso -find (every file listed).
Prints one line "check-image: READER: what" per problem and exits 0 only when there is none
(1: problems found, 2: bad arguments). ISO_ORACLE=path overrides the iso_oracle next to this script.
EOF
    exit 2
}

[ $# -ge 2 ] || usage
image=$1
source_dir=${2%/}
shift 2
oracle_args=()
joliet=1
base=
while [ $# -gt 0 ]; do
    case $1 in
    --no-joliet) joliet=0; oracle_args+=("$1"); shift ;;
    --level) [ $# -ge 2 ] && [[ $2 == [12] ]] || usage; oracle_args+=("$1" "$2"); shift 2 ;;
    --base) [ $# -ge 2 ] && [ -n "$2" ] || usage; base=$2; oracle_args+=("$1" "$2"); shift 2 ;;
    *) usage ;;
    esac
done
[ -f "$image" ] || { echo "check-image: no image file $image" >&2; exit 2; }
[ -d "$source_dir" ] || { echo "check-image: no source folder $source_dir" >&2; exit 2; }
oracle=${ISO_ORACLE:-$(dirname "$(readlink -f "$0")")/iso_oracle}
[ -x "$oracle" ] || { echo "check-image: iso_oracle not found at $oracle (build target iso_oracle)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/check-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
problems=0

fail() {
    echo "check-image: $*"
    problems=$((problems + 1))
}

count() {
    find "$@" -printf . | wc -c
}

# The image holds SOURCE_DIR's entries, plus the base folder itself when --base is given.
source_files=$(count "$source_dir" -mindepth 1 -type f)
source_dirs=$(count "$source_dir" -mindepth 1 -type d)
[ -n "$base" ] && source_dirs=$((source_dirs + 1))

check_oracle() {
    if ! "$oracle" "$image" "$source_dir" "${oracle_args[@]}" >"$work/oracle.txt" 2>&1; then
        sed "\$d; s/^/check-image: iso_oracle: /" "$work/oracle.txt"
        fail "iso_oracle: $(tail -n 1 "$work/oracle.txt")"
    fi
}

check_descriptor() {
    local block volume size
    if ! isoinfo -d -i "$image" >"$work/descriptor.txt" 2>&1; then
        fail "isoinfo -d: cannot read the volume descriptor: $(head -n 1 "$work/descriptor.txt")"
        return
    fi
    block=$(sed -n 's/^Logical block size is: *//p' "$work/descriptor.txt")
    volume=$(sed -n 's/^Volume size is: *//p' "$work/descriptor.txt")
    size=$(stat -c %s "$image")
    [ "$block" = 2048 ] || fail "isoinfo -d: logical block size is '$block', not 2048"
    if [ -z "$volume" ] || [ $((volume * 2048)) -ne "$size" ]; then
        fail "isoinfo -d: volume space size '$volume' * 2048 is not the image size $size"
    fi
}

# listing NAME ISOINFO_ARGS...: counts the files and folders isoinfo lists (without "." and "..").
check_listing() {
    local name=$1 files dirs
    shift
    if ! isoinfo "$@" -l -i "$image" >"$work/$name.txt" 2>"$work/$name.err"; then
        fail "$name: cannot list the image: $(head -n 1 "$work/$name.err")"
        return
    fi
    files=$(grep -c '^-' "$work/$name.txt")
    dirs=$(grep '^d' "$work/$name.txt" | grep -cv '\]  \.\.\? $')
    [ "$files" -eq "$source_files" ] || fail "$name: lists $files files, the source has $source_files"
    [ "$dirs" -eq "$source_dirs" ] || fail "$name: lists $dirs folders, the source has $source_dirs"
}

# Joliet names isoinfo prints unchanged (ASCII, at most 64 characters) must all be listed.
check_joliet_names() {
    local prefix=${base:+/$base}
    awk '/^Directory listing of /{dir=substr($0, 22); next}
         /^[-d]/{i=index($0, "]  "); n=substr($0, i+3); sub(/ $/, "", n);
                 if (n != "." && n != "..") print dir n}' "$work/isoinfo -J -l.txt" | sort >"$work/joliet-paths.txt"
    (cd "$source_dir" && find . -mindepth 1 -printf "$prefix/%P\n") | LC_ALL=C grep -v '[^ -~]' \
        | grep -Ev '[^/]{65}' | sort >"$work/ascii-paths.txt"
    comm -23 "$work/ascii-paths.txt" "$work/joliet-paths.txt" | while IFS= read -r path; do
        echo "check-image: isoinfo -J -l: $path: not listed"
    done >"$work/unlisted.txt"
    if [ -s "$work/unlisted.txt" ]; then
        cat "$work/unlisted.txt"
        fail "isoinfo -J -l: $(wc -l <"$work/unlisted.txt") source paths not listed"
    fi
}

# 7-Zip extracts the Joliet names (ISO 9660 ones with --no-joliet): compare each file by path where the
# names must agree, and the multiset of all files' contents in every case.
check_7zip() {
    local out=$work/7z root path
    if ! 7zz x -tiso -y -o"$out" "$image" >"$work/7z.txt" 2>&1; then
        fail "7zz x: extraction failed: $(grep -m 1 -i 'error' "$work/7z.txt")"
        return
    fi
    local files dirs
    files=$(count "$out" -mindepth 1 -type f)
    dirs=$(count "$out" -mindepth 1 -type d)
    [ "$files" -eq "$source_files" ] || fail "7zz x: extracted $files files, the source has $source_files"
    [ "$dirs" -eq "$source_dirs" ] || fail "7zz x: extracted $dirs folders, the source has $source_dirs"
    if [ "$joliet" = 1 ]; then
        root=$out${base:+/$base}
        while IFS= read -r -d '' path; do
            if [ -f "$root/$path" ]; then
                cmp -s "$source_dir/$path" "$root/$path" || fail "7zz x: $path: bytes differ from the source"
            elif ! LC_ALL=C grep -Eq '[^/]{65}' <<<"$path"; then
                fail "7zz x: $path: not extracted"
            fi
        done < <(cd "$source_dir" && find . -mindepth 1 -type f -printf '%P\0')
    fi
    (cd "$source_dir" && find . -type f -exec sha256sum {} + | cut -c1-64 | sort) >"$work/source.sums"
    (cd "$out" && find . -type f -exec sha256sum {} + | cut -c1-64 | sort) >"$work/7z.sums"
    cmp -s "$work/source.sums" "$work/7z.sums" \
        || fail "7zz x: the extracted files' contents are not the source files' contents (sha256 multisets differ)"
}

check_xorriso() {
    local files
    if ! xorriso -abort_on FAILURE -indev "$image" -find / -type f >"$work/xorriso.txt" 2>"$work/xorriso.err"; then
        fail "xorriso -find: cannot read the image: $(grep -m 1 -E 'FAILURE|SORRY' "$work/xorriso.err")"
        return
    fi
    files=$(grep -c "^'/" "$work/xorriso.txt")
    [ "$files" -eq "$source_files" ] || fail "xorriso -find: lists $files files, the source has $source_files"
}

check_oracle
check_descriptor
check_listing "isoinfo -l"
if [ "$joliet" = 1 ]; then
    check_listing "isoinfo -J -l" -J
    check_joliet_names
fi
check_7zip
check_xorriso

if [ "$problems" -ne 0 ]; then
    echo "check-image: $image: $problems problems"
    exit 1
fi
echo "check-image: $image: ok ($source_files files, $source_dirs folders; iso_oracle, isoinfo, 7zz, xorriso)"
