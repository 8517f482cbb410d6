#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# property.sh MAKE_IMAGE BIN ORACLE_DIR WORK COMBINATION: for each seed, a random tree (gen_random_tree) made into an
# image by make_image in one combination of file systems, checked by every reader (check-image.sh: all
# files' bytes); built twice byte-identical and read at random offsets and lengths equal to the whole
# image (rebuild_reread: in one process, with a fixed creation time, as the clock goes into the image).
#   COMBINATION  iso9660.levelN | joliet.levelN | bridge.REV[.single].levelN | udf.REV[.single]
#                (N: ISO 9660 interchange level 1-3; REV: UDF revision 0x102..0x260; single: UDF 2.50+
#                metadata partition without its mirror copy; udf: UDF alone, with deeper trees)
#   MAKE_IMAGE   tests/core's make_image
#   BIN          folder of gen_random_tree and rebuild_reread
#   ORACLE_DIR   folder of check-image.sh, iso_oracle and udf_oracle
# PROPERTY_SEEDS (default 1) seeds from PROPERTY_SEED (default 1); PROPERTY_ENTRIES entries per tree
# (default 300). Prints "property COMBINATION: ok (...)" or, per failure, the commands that reproduce it.
set -u
export LC_ALL=C.UTF-8
[ $# -eq 5 ] || { echo "usage: property.sh MAKE_IMAGE BIN ORACLE_DIR WORK COMBINATION" >&2; exit 2; }
make_image=$1
bin=$2
oracle_dir=$3
work=$4
combination=$5
seeds=${PROPERTY_SEEDS:-1}
first_seed=${PROPERTY_SEED:-1}
entries=${PROPERTY_ENTRIES:-300}
export ISO_ORACLE=$oracle_dir/iso_oracle UDF_ORACLE=$oracle_dir/udf_oracle

bad_combination() {
    echo "property.sh: bad combination '$combination'" >&2
    exit 2
}

IFS=. read -r -a parts <<<"$combination"
depth=8
image_args=()
check_args=()
level=
case ${parts[0]} in
iso9660) fs=iso9660; check_args+=(--no-joliet) ;;
joliet) fs=iso9660,joliet ;;
bridge) fs=iso9660,joliet,udf; check_args+=(--udf) ;;
udf) fs=udf; check_args+=(--udf-only --no-joliet); depth=12 ;;
*) bad_combination ;;
esac
for part in "${parts[@]:1}"; do
    case $part in
    level[123]) level=${part#level} ;;
    0x102|0x150|0x200|0x201|0x250|0x260) [[ $fs == *udf ]] || bad_combination
        image_args+=(-udf-rev "$part"); check_args+=(--revision "$part") ;;
    single) image_args+=(-udf-single-metadata) ;;
    *) bad_combination ;;
    esac
done
if [ "$fs" = udf ]; then
    [ -z "$level" ] || bad_combination
else
    [ -n "$level" ] || bad_combination
    image_args+=(-level "$level")
    # level 3 only lifts the file size limit: its identifiers are level 2's
    check_args+=(--level $((level == 3 ? 2 : level)))
fi
image_args=(-fs "$fs" "${image_args[@]}")

failures=0
checked=

# report SEED STEP: what failed, and the commands that reproduce it
report() {
    local seed=$1
    shift
    failures=$((failures + 1))
    echo "property $combination: seed $seed: FAILED: $*"
    echo "  reproduce: $bin/gen_random_tree $seed /tmp/tree -entries $entries -depth $depth &&"
    echo "             $make_image -o /tmp/p.iso ${image_args[*]} -contents /tmp/tree &&"
    echo "             bash $oracle_dir/check-image.sh /tmp/p.iso /tmp/tree ${check_args[*]}"
    echo "             $bin/rebuild_reread $seed ${image_args[*]} /tmp/tree"
}

for ((seed = first_seed; seed < first_seed + seeds; seed++)); do
    dir=$work/seed-$seed
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! summary=$("$bin/gen_random_tree" "$seed" "$dir/tree" -entries "$entries" -depth "$depth"); then
        report "$seed" "gen_random_tree"
        continue
    fi
    echo "$summary"
    if ! "$make_image" -o "$dir/a.iso" "${image_args[@]}" -contents "$dir/tree"; then
        report "$seed" "make_image"
        continue
    fi
    bash "$oracle_dir/check-image.sh" "$dir/a.iso" "$dir/tree" "${check_args[@]}" || report "$seed" "check-image.sh"
    "$bin/rebuild_reread" "$seed" "${image_args[@]}" "$dir/tree" || report "$seed" "rebuild_reread"
    checked+=" $seed"
    [ "$failures" -eq 0 ] && rm -rf "$dir"
done

if [ "$failures" -ne 0 ]; then
    echo "property $combination: $failures failures"
    exit 1
fi
echo "property $combination: ok (seeds$checked)"
