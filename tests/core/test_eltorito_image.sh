#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# An El Torito image (BIOS no-emulation + EFI + 1.44 MB floppy) checked by readers that share no code
# with openimapi2fs: xorriso's boot catalog reports and boot image extraction, 7-Zip's [BOOT] images,
# isoinfo's catalog dump, and check-image.sh for the file trees.
#   test_eltorito_image.sh MAKE_IMAGE_OR_- ORACLE_DIR WORK [IMAGE BIOS EFI FLOPPY [ID]]
# With MAKE_IMAGE "-", IMAGE (made elsewhere, e.g. under Wine) and its boot images are checked instead;
# ID is the Manufacturer the catalog must hold (default: the one make_image and test_boot give).
set -u
export LC_ALL=C.UTF-8
make_image=$1 oracle=$2 work=$3
status=0
id=${8-openimapi2fs test}
fail() { echo "test_eltorito_image: $*" >&2; status=1; }

if [ "$make_image" != - ]; then
    rm -rf "$work" && mkdir -p "$work"
    bash "$oracle/gen-tree.sh" "$work/tree" small >/dev/null || exit 1
    head -c 3000 /dev/urandom >"$work/bios.bin"
    head -c 1474560 /dev/urandom >"$work/efi.img"
    head -c 1474560 /dev/urandom >"$work/floppy.img"
    image=$work/image.iso bios=$work/bios.bin efi=$work/efi.img floppy=$work/floppy.img
    "$make_image" -o "$image" -boot "$bios" -id "openimapi2fs test" -boot "$efi" -platform efi \
        -boot "$floppy" -emul 144 "$work/tree" || exit 1
else
    image=$4 bios=$5 efi=$6 floppy=$7
    mkdir -p "$work"
fi

# xorriso's plain report: catalog, then one line per image (number, platform, bootable, emulation,
# load segment, partition type, load size, LBA).
report=$(xorriso -indev "$image" -report_el_torito plain 2>&1)
catalog=$(awk '/^El Torito catalog/ {print $5}' <<<"$report")
lines=$(grep '^El Torito boot img' <<<"$report" | awk '{print $7, $8, $9, $10, $11, $12, $13}')
bios_lba=$(awk 'NR==1 {print $7}' <<<"$lines") efi_lba=$(awk 'NR==2 {print $7}' <<<"$lines")
floppy_lba=$(awk 'NR==3 {print $7}' <<<"$lines")
expected="BIOS y none 0x0000 0x00 6
UEFI y none 0x0000 0x00 2880
BIOS y fd1.4 0x0000 0x00 1"
[ "$(awk '{print $1, $2, $3, $4, $5, $6}' <<<"$lines")" = "$expected" ] || fail "xorriso report:
$report
expected entries:
$expected"
[ -n "$catalog" ] && [ "$bios_lba" = $((catalog + 1)) ] || fail "the first boot image ($bios_lba) does not follow the catalog ($catalog)"
[ "$efi_lba" = $((bios_lba + 2)) ] && [ "$floppy_lba" = $((efi_lba + 720)) ] || fail "boot images at $bios_lba, $efi_lba, $floppy_lba"

# as_mkisofs: the catalog is hidden and the later entries are alternative boot entries, EFI among them.
# The boot images are in no directory, so xorriso says it cannot name them (a SORRY, exit 32).
mkisofs=$(xorriso -indev "$image" -report_el_torito as_mkisofs 2>/dev/null)
grep -qx -- '--boot-catalog-hide' <<<"$mkisofs" || fail "as_mkisofs report lacks --boot-catalog-hide: $mkisofs"
[ "$(grep -cx -- '-eltorito-alt-boot' <<<"$mkisofs")" = 2 ] || fail "as_mkisofs report lacks two -eltorito-alt-boot: $mkisofs"

# The boot images as xorriso and 7-Zip extract them, byte for byte.
rm -rf "$work/boot" "$work/7z" && mkdir -p "$work/boot"
xorriso -osirrox on -indev "$image" -extract_boot_images "$work/boot/" >/dev/null 2>&1 || fail "xorriso -extract_boot_images failed"
# xorriso cannot tell a hidden no-emulation image's size: it extracts whole blocks, so the source is a prefix.
cmp -s -n "$(stat -c %s "$bios")" "$work/boot/eltorito_img1_bios.img" "$bios" || fail "xorriso: boot image 1 differs from its source"
cmp -s "$work/boot/eltorito_img2_uefi.img" "$efi" || fail "xorriso: boot image 2 differs from its source"
cmp -s "$work/boot/eltorito_img3_bios.img" "$floppy" || fail "xorriso: boot image 3 differs from its source"
7zz x -tiso -y -o"$work/7z" "$image" '[BOOT]/*' >/dev/null 2>&1 || fail "7zz could not extract [BOOT]"
cmp -s "$work/7z/[BOOT]/2-Boot-NoEmul.img" "$efi" || fail "7zz: the EFI boot image differs from its source"
cmp -s "$work/7z/[BOOT]/3-Boot-1.44M.img" "$floppy" || fail "7zz: the floppy image differs from its source"

# isoinfo: the validation entry's checksum and key, the default entry.
info=$(isoinfo -d -i "$image")
grep -q "El Torito VD version 1 found, boot catalog is in sector $catalog" <<<"$info" || fail "isoinfo: $info"
grep -qF "ID '$id'" <<<"$info" && grep -q "Key 55 AA" <<<"$info" && grep -q "Nsect 6" <<<"$info" ||
    fail "isoinfo: validation or default entry: $info"

# The file trees: check-image.sh, with 7-Zip's synthetic [BOOT] folder left out of its extraction.
if [ "$make_image" != - ]; then
    mkdir -p "$work/bin"
    printf '#!/bin/sh\nexec %s "$@" %s\n' "$(command -v 7zz)" "'-x![BOOT]'" >"$work/bin/7zz"
    chmod +x "$work/bin/7zz"
    PATH="$work/bin:$PATH" ISO_ORACLE="$oracle/iso_oracle" bash "$oracle/check-image.sh" "$image" "$work/tree" --base tree ||
        fail "check-image.sh"
fi
[ $status = 0 ] && echo "test_eltorito_image: ok"
exit $status
