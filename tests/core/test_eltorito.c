/* El Torito through the core: the boot entries' checks, the boot record's place among the volume
 * descriptors, the catalog's bytes, the boot images' bytes and the size estimate.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "layout.h"

enum { BLOCK = FSI_BLOCK_SIZE, FLOPPY_144 = 1474560 };

static fsi_source *memory_source(size_t size, uint8_t seed)
{
    uint8_t *data = malloc(size ? size : 1);
    fsi_source *src = NULL;
    fsi_error err = {0};
    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)(seed + i * 7 + (i >> 11));
    CHECK_HR(fsi_source_from_memory(data, size, &src, &err), 0);
    free(data);
    return src;
}

/* A source whose reads fail, as a boot stream that cannot be read. */
static fsi_hresult failing_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return FSI_S_OK;
}
static fsi_hresult failing_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    (void)src, (void)handle, (void)offset, (void)buf, (void)len;
    return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE, "the test source refuses to be read");
}
static void failing_close(fsi_source *src, void *handle) { (void)src, (void)handle; }
static void failing_destroy(fsi_source *src) { free(src); }
static const fsi_source_ops failing_ops = {failing_open, failing_read, failing_close, failing_destroy};

static fsi_boot_entry entry(fsi_source *src, uint8_t platform, uint8_t emulation, const char *id)
{
    fsi_boot_entry e = {.source = src, .platform = platform, .emulation = emulation};
    memcpy(e.id, id, strlen(id));
    return e;
}

static uint8_t *read_image(fsi_image *img, uint32_t *blocks)
{
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    uint8_t *bytes = NULL;

    CHECK_HR(layout_create_at(img, 132000000000000000LL, &layout, &err), 0);
    if (!layout)
        return NULL;
    *blocks = fsi_layout_total_blocks(layout);
    CHECK(*blocks == (uint32_t)fsi_image_used_blocks(img));
    bytes = malloc((size_t)*blocks * BLOCK);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    CHECK_HR(fsi_reader_read(reader, 0, bytes, (size_t)*blocks * BLOCK, &err), 0);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    return bytes;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void check_source_bytes(const uint8_t *image, uint32_t lba, fsi_source *src)
{
    uint8_t *expected = malloc(src->size);
    void *handle;
    fsi_error err = {0};
    src->ops->open(src, &handle, &err);
    src->ops->read(src, handle, 0, expected, src->size, &err);
    src->ops->close(src, handle);
    CHECK_MSG(memcmp(image + (size_t)lba * BLOCK, expected, src->size) == 0, "boot image bytes at LBA %u",
              (unsigned)lba);
    free(expected);
}

/* BIOS + EFI + BIOS: the default entry, then two sections (EFI, then x86, the last marked 0x91). */
static void test_bios_efi_catalog(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *bios = memory_source(3000, 1), *efi = memory_source(FLOPPY_144, 2), *bios2 = memory_source(BLOCK, 3);
    fsi_boot_entry entries[] = {
        entry(bios, FSI_BOOT_PLATFORM_X86, FSI_BOOT_EMULATION_NONE, "Acme Boot Works"),
        entry(efi, FSI_BOOT_PLATFORM_EFI, FSI_BOOT_EMULATION_NONE, "UEFI"),
        entry(bios2, FSI_BOOT_PLATFORM_X86, FSI_BOOT_EMULATION_FLOPPY_144, ""),
    };
    fsi_error err = {0};
    uint32_t blocks = 0;

    entries[2].source = memory_source(FLOPPY_144, 4);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), (const fsi_char *)u"\\a.txt", bios2, &err), 0);
    CHECK_HR(fsi_image_set_boot_entries(img, entries, 3, &err), 0);
    CHECK(fsi_image_boot_entry_count(img) == 3);
    uint8_t *image = read_image(img, &blocks);

    /* Descriptors: primary, boot record, Joliet's supplementary, terminator. */
    CHECK(image[16 * BLOCK] == 1 && image[17 * BLOCK] == 0 && image[18 * BLOCK] == 2 && image[19 * BLOCK] == 255);
    CHECK(memcmp(image + 17 * BLOCK + 1, "CD001\001EL TORITO SPECIFICATION", 29) == 0);
    for (int i = 7 + 23; i < 71; i++)
        CHECK_MSG(image[17 * BLOCK + i] == 0, "boot record byte %d", i);
    uint32_t catalog = le32(image + 17 * BLOCK + 71);
    CHECK(catalog > 19 && catalog < blocks);
    const uint8_t *c = image + (size_t)catalog * BLOCK;

    /* Validation entry: header 1, platform x86, ID string, words summing to 0, 55 AA. */
    uint16_t sum = 0;
    for (int i = 0; i < 32; i += 2)
        sum = (uint16_t)(sum + le16(c + i));
    CHECK(c[0] == 1 && c[1] == 0 && sum == 0 && c[30] == 0x55 && c[31] == 0xAA);
    CHECK(memcmp(c + 4, "Acme Boot Works\0\0\0\0\0\0\0\0\0", 24) == 0);
    /* Default entry: bootable, no emulation, default segment, the whole image in 512-byte sectors. */
    CHECK(c[32] == 0x88 && c[33] == 0 && le16(c + 34) == 0 && c[36] == 0 && le16(c + 38) == 6);
    uint32_t bios_lba = le32(c + 40);
    CHECK_MSG(bios_lba == catalog + 1, "the first boot image follows the catalog (%u, %u)", (unsigned)bios_lba,
              (unsigned)catalog);
    /* Section EFI (more follow), one entry of 2880 sectors. */
    CHECK(c[64] == 0x90 && c[65] == 0xEF && le16(c + 66) == 1 && memcmp(c + 68, "UEFI", 5) == 0);
    CHECK(c[96] == 0x88 && c[97] == 0 && le16(c + 102) == 2880 && c[108] == 0);
    uint32_t efi_lba = le32(c + 104);
    CHECK(efi_lba == bios_lba + 2);
    /* Final section x86: the 1.44 MB floppy, which loads one sector. */
    CHECK(c[128] == 0x91 && c[129] == 0 && le16(c + 130) == 1);
    CHECK(c[160] == 0x88 && c[161] == 2 && le16(c + 166) == 1);
    uint32_t floppy_lba = le32(c + 168);
    CHECK(floppy_lba == efi_lba + FLOPPY_144 / BLOCK);
    for (int i = 192; i < BLOCK; i++)
        CHECK_MSG(c[i] == 0, "catalog byte %d", i);

    check_source_bytes(image, bios_lba, bios);
    check_source_bytes(image, efi_lba, efi);
    check_source_bytes(image, floppy_lba, entries[2].source);
    CHECK(blocks > floppy_lba + FLOPPY_144 / BLOCK); /* the tree's file follows the boot images */

    /* The same image twice gives the same bytes. */
    uint32_t again_blocks = 0;
    uint8_t *again = read_image(img, &again_blocks);
    CHECK(again_blocks == blocks && again && memcmp(again, image, (size_t)blocks * BLOCK) == 0);
    free(again);

    /* Not bootable again: the boot record and catalog go, Joliet's descriptor moves back to 17. */
    CHECK_HR(fsi_image_set_boot_entries(img, NULL, 0, &err), 0);
    free(image);
    image = read_image(img, &blocks);
    CHECK(image[17 * BLOCK] == 2 && image[18 * BLOCK] == 255);
    free(image);
    fsi_source_release(bios);
    fsi_source_release(efi);
    fsi_source_release(bios2);
    fsi_source_release(entries[2].source);
    fsi_image_destroy(img);
}

/* A hard disk image: an MBR with one partition; the catalog records its type. */
static fsi_source *hard_disk_source(uint32_t sectors, int partitions, uint8_t type)
{
    size_t size = (size_t)sectors * 512;
    uint8_t *data = calloc(1, size);
    fsi_source *src = NULL;
    fsi_error err = {0};
    for (int i = 0; i < partitions; i++) {
        uint8_t *p = data + 446 + 16 * i;
        p[4] = type;
        p[8] = 1;                        /* starts at sector 1 */
        p[12] = (uint8_t)(sectors - 1);  /* to the end of the image */
    }
    data[510] = 0x55;
    data[511] = 0xAA;
    CHECK_HR(fsi_source_from_memory(data, size, &src, &err), 0);
    free(data);
    return src;
}

static void test_hard_disk(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *good = hard_disk_source(64, 1, 0x06), *two = hard_disk_source(64, 2, 0x06);
    fsi_boot_entry e = entry(good, FSI_BOOT_PLATFORM_X86, FSI_BOOT_EMULATION_HARD_DISK, "HD");
    fsi_error err = {0};
    uint32_t blocks;

    CHECK_HR(fsi_image_set_boot_entries(img, &e, 1, &err), 0);
    uint8_t *image = read_image(img, &blocks);
    const uint8_t *c = image + (size_t)le32(image + 17 * BLOCK + 71) * BLOCK;
    CHECK(c[33] == 4 && c[36] == 0x06 && le16(c + 38) == 1);
    free(image);

    e.source = two;
    CHECK_HR(fsi_image_set_boot_entries(img, &e, 1, &err), IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH);
    CHECK(strstr(err.message, "exactly one partition") && strstr(err.message, "has 2"));
    CHECK(fsi_image_boot_entry_count(img) == 1);

    uint8_t mbr[512] = {0};
    uint8_t type = 0;
    mbr[446 + 4] = 0x0C;
    mbr[446 + 8] = 1;
    mbr[446 + 12] = 200; /* beyond a 100-sector image */
    mbr[510] = 0x55;
    mbr[511] = 0xAA;
    CHECK_HR(fsi_boot_check_hard_disk(mbr, 100 * 512, &type, &err), IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH);
    CHECK(strstr(err.message, "does not fit") != NULL);
    CHECK_HR(fsi_boot_check_hard_disk(mbr, 201 * 512, &type, &err), 0);
    CHECK(type == 0x0C);
    mbr[511] = 0;
    CHECK_HR(fsi_boot_check_hard_disk(mbr, 201 * 512, &type, &err), IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH);

    fsi_source_release(good);
    fsi_source_release(two);
    fsi_image_destroy(img);
}

static void test_bad_entries(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *small = memory_source(1000, 5), *empty = memory_source(0, 0);
    fsi_source *failing = malloc(sizeof(*failing));
    fsi_boot_entry many[FSI_BOOT_ENTRIES_MAX + 1];
    fsi_boot_entry e = entry(small, FSI_BOOT_PLATFORM_X86, FSI_BOOT_EMULATION_NONE, "");
    fsi_error err = {0};
    int32_t before;

    fsi_source_init(failing, &failing_ops, 64 * 512);
    CHECK_HR(fsi_image_set_boot_entries(img, &e, 1, &err), 0);
    before = fsi_image_used_blocks(img);
    for (int i = 0; i <= FSI_BOOT_ENTRIES_MAX; i++)
        many[i] = e;
    CHECK_HR(fsi_image_set_boot_entries(img, many, FSI_BOOT_ENTRIES_MAX + 1, &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "33 boot entries") != NULL);
    CHECK_HR(fsi_image_set_boot_entries(img, many, FSI_BOOT_ENTRIES_MAX, &err), 0);
    CHECK(fsi_image_boot_entry_count(img) == FSI_BOOT_ENTRIES_MAX);
    CHECK(fsi_image_used_blocks(img) == before + FSI_BOOT_ENTRIES_MAX - 1);
    CHECK_HR(fsi_image_set_boot_entries(img, &e, 1, &err), 0);

    fsi_boot_entry bad = e;
    bad.emulation = FSI_BOOT_EMULATION_FLOPPY_12;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH);
    CHECK(strstr(err.message, "1228800") && strstr(err.message, "1000"));
    bad = e;
    bad.platform = 7;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "0x07") != NULL);
    bad = e;
    bad.emulation = 5;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_INVALID_PARAM);
    bad.emulation = 0;
    bad.source = NULL;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_BOOT_IMAGE_DATA);
    bad.source = empty;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_BOOT_IMAGE_DATA);
    bad.source = failing;
    bad.emulation = FSI_BOOT_EMULATION_HARD_DISK;
    fsi_boot_entry pair[2] = {e, bad};
    CHECK_HR(fsi_image_set_boot_entries(img, pair, 2, &err), IMAPI_E_BOOT_IMAGE_DATA);
    CHECK(strstr(err.message, "boot entry 2") && strstr(err.message, "refuses"));
    CHECK(fsi_image_boot_entry_count(img) == 1 && fsi_image_used_blocks(img) == before);

    /* FreeMediaBlocks: a boot image that does not fit changes nothing. */
    CHECK_HR(fsi_image_set_free_media_blocks(img, before, &err), 0);
    fsi_source *big = memory_source(10 * BLOCK, 9);
    bad = e;
    bad.source = big;
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK(fsi_image_boot_entry_count(img) == 1 && fsi_image_used_blocks(img) == before);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_boot_entries(img, &bad, 1, &err), 0);
    CHECK(fsi_image_used_blocks(img) == before + 9);

    fsi_source_release(big);
    fsi_source_release(small);
    fsi_source_release(empty);
    fsi_source_release(failing);
    fsi_image_destroy(img);
}

/* An EFI image too big to count in 16 bits records 0: "to the end of the medium". */
static void test_sector_counts(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *huge = memory_source(70000 * 512, 1);
    fsi_boot_entry e[2] = {entry(huge, FSI_BOOT_PLATFORM_X86, 0, ""), entry(huge, FSI_BOOT_PLATFORM_EFI, 0, "")};
    fsi_error err = {0};
    uint32_t blocks;

    fsi_image_set_free_media_blocks(img, 0, &err);
    CHECK_HR(fsi_image_set_boot_entries(img, e, 2, &err), 0);
    uint8_t *image = read_image(img, &blocks);
    const uint8_t *c = image + (size_t)le32(image + 17 * BLOCK + 71) * BLOCK;
    CHECK(le16(c + 38) == 0xFFFF && le16(c + 102) == 0);
    free(image);
    fsi_source_release(huge);
    fsi_image_destroy(img);
}

int main(void)
{
    test_bios_efi_catalog();
    test_hard_disk();
    test_bad_entries();
    test_sector_counts();
    return check_report();
}
