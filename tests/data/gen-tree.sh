#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# gen-tree.sh OUTDIR [PROFILE]: writes a deterministic test tree (the same names, bytes and times on every
# run) into OUTDIR, which must not exist or be empty. Pure bash + coreutils, so any test can call it.
#
# Every name is valid on Windows too (no \ / : * ? " < > |, no trailing dot or space, no reserved device
# names), so the same tree can be fed to the DLL under Wine. Every file and folder gets the mtime
# 2020-01-02 03:04:05 UTC. Sized files hold "pattern" content: records of a 15-character tag, the record's
# byte offset as 10 digits and a newline, then all 256 byte values (NUL, CR, LF included, so text-mode
# translation is caught); each record is 282 bytes, so a misplaced, shifted or swapped 2 KiB block differs.
#
# Profile "standard" (default), 1,143 files and 27 folders:
#   sizes/        size-0.bin size-1.bin size-2047.bin size-2048.bin size-2049.bin size-4096.bin
#                 size-300007.bin (pattern content of exactly that many bytes)
#   unicode/      café crème.txt, naïve résumé.txt, Ångström.txt (accented Latin); Ελληνικά.txt (Greek);
#                 Русский текст.txt (Cyrillic); 日本語のファイル.txt, 中文目录/说明.txt, 한국어.txt (CJK);
#                 שלום.txt, مرحبا بالعالم.txt (right-to-left); 😀 smile.txt and 📁 emoji folder/🎵 note.txt
#                 (outside the BMP: UTF-16 surrogate pairs in Joliet)
#   case/one/     Report.txt and folder Data/ ; case/two/ REPORT.TXT and folder data/ ; case/three/ report.txt
#                 (names differing only in case, each in its own folder; contents differ)
#   spaces and dots/  "name with spaces.txt", "two  spaces  inside.txt", "multiple.dots.in.name.tar.gz",
#                 "..starts with two dots", "no extension", "a.b.c.d.e"
#   long/         a 40-character name (> 31, the ISO 9660 level 2 limit), a 70-character name and a
#                 100-character name (> 64, the Joliet limit; <= 103, genisoimage -joliet-long's limit),
#                 a 70-character Cyrillic name (> 64 UTF-16 units), a 45-character folder name with a file
#   empty/        empty-file (0 bytes), empty folder/ (no entries), nested/also empty/ (no entries)
#   hidden/       .hidden, .config/settings.ini, _underscore, ~tilde~, #hash#
#   many/         1,100 files entry-0001.txt .. entry-1100.txt, each one short distinct line
#   level2/level3/level4/level5/level6/level7/level8/bottom.txt: the image root is ISO 9660 level 1, so
#                 level8 is at depth 8, the ECMA-119 maximum; adding this tree WITH its base folder puts
#                 level8 at depth 9, which an ISO 9660 writer must refuse (IMAPI_E_ISO9660_LEVELS)
#   readme.txt    one line at the root
#
# Profile "small", 12 files and 2 folders, for quick demos:
#   readme.txt, notes.txt, data.bin (5000 bytes pattern), block.bin (2049 bytes pattern), empty.txt (0 bytes),
#   café.txt, 日本語.txt, 😀.txt, a name longer than 31 characters.txt,
#   docs/guide.txt, docs/Guide copy.txt, docs/deeper/leaf.txt
set -eu
export LC_ALL=C.UTF-8

usage() {
    echo "usage: gen-tree.sh OUTDIR [standard|small]  (OUTDIR must not exist or be empty)" >&2
    exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
out=$1
profile=${2:-standard}
case $profile in standard|small) ;; *) usage ;; esac
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    echo "gen-tree.sh: $out exists and is not empty" >&2
    exit 1
fi
mkdir -p "$out"

byte_table=
for ((i = 0; i < 256; i++)); do
    byte_table+=$(printf '\\%03o' "$i")
done

# pattern FILE SIZE: pattern content (see above) whose tag is the file's base name, cut to SIZE bytes.
pattern() {
    local file=$1 size=$2 tag offset
    tag=$(basename "$file")
    {
        for ((offset = 0; offset < size; offset += 282)); do
            printf "%-15.15s%010d\n$byte_table" "$tag" "$offset"
        done
    } | head -c "$size" >"$file"
}

# line FILE TEXT: a small text file holding TEXT and a newline.
line() {
    printf '%s\n' "$2" >"$1"
}

standard() {
    local d i
    line readme.txt "openimapi2fs standard test tree"

    mkdir sizes
    for i in 0 1 2047 2048 2049 4096 300007; do
        pattern "sizes/size-$i.bin" "$i"
    done

    mkdir unicode unicode/中文目录 "unicode/📁 emoji folder"
    for f in "café crème.txt" "naïve résumé.txt" "Ångström.txt" "Ελληνικά.txt" "Русский текст.txt" \
             "日本語のファイル.txt" "中文目录/说明.txt" "한국어.txt" "שלום.txt" "مرحبا بالعالم.txt" \
             "😀 smile.txt" "📁 emoji folder/🎵 note.txt"; do
        line "unicode/$f" "file named $f"
    done

    mkdir -p case/one/Data case/two/data case/three
    line case/one/Report.txt "report, mixed case"
    line case/two/REPORT.TXT "REPORT, UPPER CASE"
    line case/three/report.txt "report, lower case"
    line case/one/Data/values.txt "values of Data"
    line case/two/data/values.txt "values of data, lower case"

    d="spaces and dots"
    mkdir "$d"
    for f in "name with spaces.txt" "two  spaces  inside.txt" "multiple.dots.in.name.tar.gz" \
             "..starts with two dots" "no extension" "a.b.c.d.e"; do
        line "$d/$f" "$f"
    done

    mkdir long
    local n40 n70 n100 cyr70 dir45
    n40=$(printf 'forty-character-name-%015d' 0).txt
    n70=$(printf 'seventy-character-name-exceeds-the-joliet-limit-%022d' 0)
    n100=$(printf 'one-hundred-character-name-%069d' 0).txt
    cyr70=$(printf 'Длинное имя файла на кириллице, длиннее шестидесяти четырёх знаков.txt')
    dir45=$(printf 'a-folder-name-of-forty-five-characters-%06d' 0)
    line "long/$n40" "40"
    line "long/$n70" "70"
    line "long/$n100" "100"
    line "long/$cyr70" "cyrillic 70"
    mkdir "long/$dir45"
    line "long/$dir45/inside.txt" "inside the long folder"

    mkdir -p empty "empty/empty folder" "empty/nested/also empty"
    : >empty/empty-file

    mkdir -p hidden/.config
    line hidden/.hidden "hidden"
    line hidden/.config/settings.ini "[settings]"
    line hidden/_underscore "underscore"
    line hidden/~tilde~ "tilde"
    line "hidden/#hash#" "hash"

    mkdir many
    for ((i = 1; i <= 1100; i++)); do
        printf -v f 'many/entry-%04d.txt' "$i"
        printf 'entry %04d of 1100\n' "$i" >"$f"
    done

    mkdir -p level2/level3/level4/level5/level6/level7/level8
    line level2/level3/level4/level5/level6/level7/level8/bottom.txt "at the bottom"
}

small() {
    line readme.txt "openimapi2fs small test tree"
    line notes.txt "some notes"
    pattern data.bin 5000
    pattern block.bin 2049
    : >empty.txt
    line café.txt "café"
    line 日本語.txt "日本語"
    line 😀.txt "emoji"
    line "a name longer than 31 characters.txt" "long"
    mkdir -p docs/deeper
    line docs/guide.txt "guide"
    line "docs/Guide copy.txt" "guide copy"
    line docs/deeper/leaf.txt "leaf"
}

(cd "$out" && "$profile")
find "$out" -mindepth 1 -exec touch -h -d '2020-01-02 03:04:05 UTC' {} +
