#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-image.sh: checks an ISO 9660 / Joliet image against the folder it was made from, with readers
# that share no code with openimapi2fs: iso_oracle (libisofs), isoinfo, 7-Zip and xorriso; with --udf or
# --udf-only also its UDF file system: udf_oracle (libudfread), udfinfo (udftools) and 7-Zip.
set -u
export LC_ALL=C.UTF-8

usage() {
    cat >&2 <<'EOF'
usage: check-image.sh IMAGE SOURCE_DIR [--no-joliet] [--level 1|2] [--base NAME]
                      [--udf | --udf-only] [--revision 0x102..0x260] [--volume NAME]
  IMAGE        the image file to check (ISO 9660, with a Joliet tree unless --no-joliet)
  SOURCE_DIR   the folder whose files and folders the image must hold, byte for byte
  --no-joliet  the image has no Joliet tree
  --level N    ISO 9660 interchange level the identifiers must obey: 1 (8.3) or 2 (the default)
  --base NAME  SOURCE_DIR itself is the folder NAME at the image root (AddTree with its base folder)
Runs, in order: iso_oracle (libisofs: both trees, names, every file's bytes); isoinfo -d (block size 2048,
volume space size * 2048 == image size); isoinfo -l and -J -l (every file and folder listed); 7zz x -tiso
(extract everything, cmp every file with its source; of a bootable image not the [BOOT] folder 7-Zip
shows its El Torito boot images in); xorriso -find (every file listed).
--udf        the image has a UDF file system holding SOURCE_DIR: udf_oracle (libudfread: names, folders,
             bytes, volume structures), udfinfo (block size, revision, file and folder counts) and
             7zz x -tudf (extract, cmp every file); when the image also has ISO 9660 (a bridge), the
             checks above run on it as well
--udf-only   like --udf, but the ISO 9660 (and Joliet) part holds just one file (a readme)
--revision R UDF revision the image must be (0x102, 0x150, 0x200, 0x201, 0x250, 0x260)
--volume N   UDF volume identifier (passed to udf_oracle)
--streams F  named streams and real-time files the UDF tree must have, as udf_streams reads them
             (expectation file F: see tests/oracle/udf_streams.c); needs --udf or --udf-only
Prints one line "check-image: READER: what" per problem and exits 0 only when there is none
(1: problems found, 2: bad arguments). ISO_ORACLE=path overrides the iso_oracle next to this script,
UDF_ORACLE=path the udf_oracle.
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
udf=none
udf_args=()
revision=
streams=
while [ $# -gt 0 ]; do
    case $1 in
    --no-joliet) joliet=0; oracle_args+=("$1"); shift ;;
    --level) [ $# -ge 2 ] && [[ $2 == [12] ]] || usage; oracle_args+=("$1" "$2"); shift 2 ;;
    --base) [ $# -ge 2 ] && [ -n "$2" ] || usage; base=$2; oracle_args+=("$1" "$2"); shift 2 ;;
    --udf) udf=bridge; shift ;;
    --udf-only) udf=only; shift ;;
    --revision)
        [ $# -ge 2 ] && [[ $2 =~ ^0x(102|150|200|201|250|260)$ ]] || usage
        revision=$2; udf_args+=("$1" "$2"); shift 2 ;;
    --volume) [ $# -ge 2 ] && [ -n "$2" ] || usage; udf_args+=("$1" "$2"); shift 2 ;;
    --streams) [ $# -ge 2 ] && [ -f "$2" ] || usage; streams=$2; shift 2 ;;
    *) usage ;;
    esac
done
[ -n "$base" ] && udf_args+=(--base "$base")
[ -z "$revision" ] || [ "$udf" != none ] || usage
[ -f "$image" ] || { echo "check-image: no image file $image" >&2; exit 2; }
[ -d "$source_dir" ] || { echo "check-image: no source folder $source_dir" >&2; exit 2; }
oracle=${ISO_ORACLE:-$(dirname "$(readlink -f "$0")")/iso_oracle}
[ -x "$oracle" ] || { echo "check-image: iso_oracle not found at $oracle (build target iso_oracle)" >&2; exit 2; }
udf_oracle=${UDF_ORACLE:-$(dirname "$(readlink -f "$0")")/udf_oracle}
if [ "$udf" != none ] && ! [ -x "$udf_oracle" ]; then
    echo "check-image: udf_oracle not found at $udf_oracle (build target udf_oracle)" >&2
    exit 2
fi

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
    files=$(grep -ac '^-' "$work/$name.txt")
    dirs=$(grep -a '^d' "$work/$name.txt" | grep -acv '\]  \.\.\? $')
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

# An El Torito boot record (ECMA-119 volume descriptor type 0) among the volume descriptors from block 16.
has_boot_record() {
    local block type
    for ((block = 16; block < 48; block++)); do
        [ "$(dd if="$image" bs=1 skip=$((block * 2048 + 1)) count=5 status=none)" = CD001 ] || return 1
        type=$(od -An -tu1 -j $((block * 2048)) -N1 "$image" | tr -d ' ')
        [ "$type" = 0 ] && return 0
        [ "$type" = 255 ] && return 1
    done
    return 1
}

# 7-Zip extracts the Joliet names (ISO 9660 ones with --no-joliet): compare each file by path where the
# names must agree, and the multiset of all files' contents in every case.
check_7zip() {
    local out=$work/7z root path exclude=()
    # 7-Zip shows the El Torito boot images of a bootable image as files of a folder [BOOT]: not ours
    has_boot_record && exclude=('-x![BOOT]')
    if ! 7zz x -tiso -y -o"$out" "${exclude[@]}" "$image" >"$work/7z.txt" 2>&1; then
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
    files=$(grep -ac "^'/" "$work/xorriso.txt")
    [ "$files" -eq "$source_files" ] || fail "xorriso -find: lists $files files, the source has $source_files"
}

# --- UDF ---

check_udf_oracle() {
    if ! "$udf_oracle" "$image" "$source_dir" "${udf_args[@]}" >"$work/udf_oracle.txt" 2>&1; then
        sed "\$d; s/^/check-image: udf_oracle: /" "$work/udf_oracle.txt"
        fail "udf_oracle: $(tail -n 1 "$work/udf_oracle.txt")"
    fi
}

# 0x250 -> 2.50, as udfinfo prints revisions
dotted_revision() {
    echo "${1:2:1}.${1:3:2}"
}

check_udfinfo() {
    local block files dirs read_rev write_rev wanted
    if ! udfinfo "$image" >"$work/udfinfo.txt" 2>"$work/udfinfo.err"; then
        fail "udfinfo: cannot read the UDF file system: $(head -n 1 "$work/udfinfo.err")"
        return
    fi
    block=$(sed -n 's/^blocksize=//p' "$work/udfinfo.txt")
    files=$(sed -n 's/^numfiles=//p' "$work/udfinfo.txt")
    dirs=$(sed -n 's/^numdirs=//p' "$work/udfinfo.txt")
    read_rev=$(sed -n 's/^udfrev=//p' "$work/udfinfo.txt")
    write_rev=$(sed -n 's/^udfwriterev=//p' "$work/udfinfo.txt")
    [ "$block" = 2048 ] || fail "udfinfo: block size is '$block', not 2048"
    # udfinfo counts the root among the folders
    [ "$files" = "$source_files" ] || fail "udfinfo: numfiles=$files, the source has $source_files files"
    [ "$dirs" = $((source_dirs + 1)) ] \
        || fail "udfinfo: numdirs=$dirs, the source has $source_dirs folders (+1 for the root)"
    if [ -n "$revision" ]; then
        wanted=$(dotted_revision "$revision")
        [ "$write_rev" = "$wanted" ] || fail "udfinfo: udfwriterev=$write_rev, not $wanted"
        # UDF 2.60 media declare 2.50 as the revision a reader needs
        [ "$read_rev" = "$wanted" ] || { [ "$wanted" = 2.60 ] && [ "$read_rev" = 2.50 ]; } \
            || fail "udfinfo: udfrev=$read_rev, not $wanted"
    fi
}

# Source paths (NUL-separated) whose every name fits in a UDF file identifier (255 bytes of CS0: one byte
# per character when all are <= U+00FF, else two per UTF-16 unit); longer names may be cut in the image.
udf_fitting_paths() {
    perl -CS -0 -ne 'chomp; my $fits = 1;
        for my $name (split m{/}) {
            my $cs0 = $name =~ /[^\x{0}-\x{ff}]/ ? 1 + 2 * (length($name) + (() = $name =~ /[^\x{0}-\x{ffff}]/g))
                                               : 1 + length($name);
            $fits = 0 if $cs0 > 255;
        }
        print "$_\0" if $fits'
}

check_7zip_udf() {
    local out=$work/7z-udf root path files dirs
    if ! 7zz x -tudf -y -o"$out" "$image" >"$work/7z-udf.txt" 2>&1; then
        fail "7zz x -tudf: extraction failed: $(grep -m 1 -iE 'error|unsupported' "$work/7z-udf.txt")"
        return
    fi
    mkdir -p "$out"
    files=$(count "$out" -mindepth 1 -type f)
    dirs=$(count "$out" -mindepth 1 -type d)
    [ "$files" -eq "$source_files" ] || fail "7zz x -tudf: extracted $files files, the source has $source_files"
    [ "$dirs" -eq "$source_dirs" ] || fail "7zz x -tudf: extracted $dirs folders, the source has $source_dirs"
    root=$out${base:+/$base}
    while IFS= read -r -d '' path; do
        if [ -f "$root/$path" ]; then
            cmp -s "$source_dir/$path" "$root/$path" || fail "7zz x -tudf: $path: bytes differ from the source"
        else
            fail "7zz x -tudf: $path: not extracted"
        fi
    done < <(cd "$source_dir" && find . -mindepth 1 -type f -printf '%P\0' | udf_fitting_paths)
    (cd "$source_dir" && find . -type f -exec sha256sum {} + | cut -c1-64 | sort) >"$work/source.sums"
    (cd "$out" && find . -type f -exec sha256sum {} + | cut -c1-64 | sort) >"$work/7z-udf.sums"
    cmp -s "$work/source.sums" "$work/7z-udf.sums" \
        || fail "7zz x -tudf: the extracted files' contents are not the source files' contents (sha256 multisets differ)"
}

# ECMA-119's primary volume descriptor: "CD001" at byte 1 of block 16.
has_iso9660() {
    [ "$(dd if="$image" bs=1 skip=$((16 * 2048 + 1)) count=5 status=none)" = CD001 ]
}

# --udf-only: the ISO 9660 (and Joliet) tree holds exactly one file, at the root.
check_readme_only() {
    local name=$1 files dirs
    shift
    if ! isoinfo "$@" -l -i "$image" >"$work/readme.txt" 2>"$work/readme.err"; then
        fail "$name: cannot list the image: $(head -n 1 "$work/readme.err")"
        return
    fi
    files=$(grep -ac '^-' "$work/readme.txt")
    dirs=$(grep -a '^d' "$work/readme.txt" | grep -acv '\]  \.\.\? $')
    [ "$files" -eq 1 ] && [ "$dirs" -eq 0 ] \
        || fail "$name: --udf-only: the ISO 9660 part lists $files files and $dirs folders, not one readme file"
}

# Prints the verdict and exits.
finish() {
    if [ "$problems" -ne 0 ]; then
        echo "check-image: $image: $problems problems"
        exit 1
    fi
    echo "check-image: $image: ok ($source_files files, $source_dirs folders; $1)"
    exit 0
}

udf_readers="UDF: udf_oracle, udfinfo, 7zz -tudf"
if [ -n "$streams" ]; then
    [ "$udf" != none ] || usage
    udf_streams=${UDF_STREAMS:-$(dirname "$udf_oracle")/udf_streams}
    if ! "$udf_streams" "$image" "$streams" >"$work/udf_streams.txt" 2>&1; then
        fail "udf_streams: $(grep -c . "$work/udf_streams.txt") lines:"
        sed 's/^/    /' "$work/udf_streams.txt"
    fi
    udf_readers="$udf_readers, udf_streams"
fi
if [ "$udf" != none ]; then
    check_udf_oracle
    check_udfinfo
    check_7zip_udf
    if [ "$udf" = only ]; then
        if has_iso9660; then
            check_descriptor
            check_readme_only "isoinfo -l"
            [ "$joliet" = 1 ] && check_readme_only "isoinfo -J -l" -J
        else
            fail "isoinfo: --udf-only: the image has no ISO 9660 volume descriptor (for its readme)"
        fi
        finish "$udf_readers; ISO 9660 readme: isoinfo"
    fi
    has_iso9660 || finish "$udf_readers; no ISO 9660 part"
fi

check_oracle
check_descriptor
check_listing "isoinfo -l"
if [ "$joliet" = 1 ]; then
    check_listing "isoinfo -J -l" -J
    check_joliet_names
fi
check_7zip
check_xorriso

iso_readers="iso_oracle, isoinfo, 7zz, xorriso"
if [ "$udf" = none ]; then
    finish "$iso_readers"
fi
finish "$udf_readers; ISO 9660: $iso_readers"
