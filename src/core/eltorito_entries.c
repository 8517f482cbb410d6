/* The El Torito boot entries of an image: checks, the sector count chosen, replacement with undo.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "eltorito_entries.h"
#include "hresult.h"
#include "image.h"

enum {
    MBR_PARTITION_TABLE = 446,
    MBR_PARTITION_ENTRY = 16,
    MBR_PARTITIONS = 4,
    MBR_SIGNATURE = 510,
    SECTOR_COUNT_MAX = 0xFFFF,
};

static const uint32_t floppy_bytes[] = {
    [FSI_BOOT_EMULATION_FLOPPY_12] = 1228800,
    [FSI_BOOT_EMULATION_FLOPPY_144] = 1474560,
    [FSI_BOOT_EMULATION_FLOPPY_288] = 2949120,
};

static const char *const emulation_names[] = {
    "no emulation", "1.2 MB floppy emulation", "1.44 MB floppy emulation", "2.88 MB floppy emulation",
    "hard disk emulation",
};

static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

fsi_hresult fsi_boot_check_hard_disk(const uint8_t mbr[FSI_BOOT_SECTOR_SIZE], uint64_t image_size,
                                     uint8_t *system_type, fsi_error *err)
{
    const uint8_t *used = NULL;
    int partitions = 0;

    if (mbr[MBR_SIGNATURE] != 0x55 || mbr[MBR_SIGNATURE + 1] != 0xAA)
        return fsi_fail(err, IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH,
                        "hard disk emulation needs a master boot record, but the image's first sector ends "
                        "with %02X %02X instead of 55 AA", mbr[MBR_SIGNATURE], mbr[MBR_SIGNATURE + 1]);
    for (int i = 0; i < MBR_PARTITIONS; i++) {
        const uint8_t *p = mbr + MBR_PARTITION_TABLE + i * MBR_PARTITION_ENTRY;
        if (p[4] != 0) {
            partitions++;
            used = p;
        }
    }
    if (partitions != 1)
        return fsi_fail(err, IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH,
                        "hard disk emulation needs exactly one partition in the image's master boot record; "
                        "it has %d", partitions);
    uint64_t end = ((uint64_t)read_le32(used + 8) + read_le32(used + 12)) * FSI_BOOT_SECTOR_SIZE;
    if (end > image_size || read_le32(used + 12) == 0)
        return fsi_fail(err, IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH,
                        "the hard disk image's partition (sectors %lu to %lu) does not fit in its %llu bytes",
                        (unsigned long)read_le32(used + 8),
                        (unsigned long)(read_le32(used + 8) + read_le32(used + 12)), (unsigned long long)image_size);
    *system_type = used[4];
    return FSI_S_OK;
}

/* A BIOS loads a no-emulation image whole, as Microsoft's and the common mastering tools record it;
 * EFI reads the count as the size of its system partition, and 0 means "to the end of the medium"
 * when the image is too big to count. An emulated disk boots from its first sector. */
static uint16_t chosen_sector_count(const fsi_boot_entry *e)
{
    uint64_t sectors = (e->source->size + FSI_BOOT_SECTOR_SIZE - 1) / FSI_BOOT_SECTOR_SIZE;

    if (e->sector_count)
        return e->sector_count;
    if (e->emulation != FSI_BOOT_EMULATION_NONE)
        return 1;
    if (sectors <= SECTOR_COUNT_MAX)
        return (uint16_t)sectors;
    return e->platform == FSI_BOOT_PLATFORM_EFI ? 0 : SECTOR_COUNT_MAX;
}

static fsi_hresult read_first_sector(fsi_source *src, uint8_t *sector, uint32_t number, fsi_error *err)
{
    fsi_error inner = {0};
    void *handle;
    fsi_hresult hr = src->ops->open(src, &handle, &inner);

    if (hr >= 0) {
        hr = src->ops->read(src, handle, 0, sector, FSI_BOOT_SECTOR_SIZE, &inner);
        src->ops->close(src, handle);
    }
    if (hr < 0)
        return fsi_fail(err, IMAPI_E_BOOT_IMAGE_DATA, "boot entry %lu: the boot image cannot be read: %s",
                        (unsigned long)number, inner.message);
    return FSI_S_OK;
}

static fsi_hresult check_entry(const fsi_boot_entry *e, uint32_t number, eltorito_entry *out, fsi_error *err)
{
    uint8_t sector[FSI_BOOT_SECTOR_SIZE];
    fsi_error inner = {0};
    fsi_hresult hr;

    memset(out, 0, sizeof(*out));
    if (e->platform != FSI_BOOT_PLATFORM_X86 && e->platform != FSI_BOOT_PLATFORM_PPC &&
        e->platform != FSI_BOOT_PLATFORM_MAC && e->platform != FSI_BOOT_PLATFORM_EFI)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "boot entry %lu: platform 0x%02X is not one of 0 (x86), 1 (PowerPC), 2 (Mac) or 0xEF (EFI)",
                        (unsigned long)number, e->platform);
    if (e->emulation > FSI_BOOT_EMULATION_HARD_DISK)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "boot entry %lu: emulation %u is not one of 0 to 4",
                        (unsigned long)number, e->emulation);
    if (!e->source || e->source->size == 0)
        return fsi_fail(err, IMAPI_E_BOOT_IMAGE_DATA, "boot entry %lu has %s", (unsigned long)number,
                        e->source ? "an empty boot image" : "no boot image");
    if (e->source->size > UINT32_MAX)
        return fsi_fail(err, IMAPI_E_BOOT_IMAGE_DATA, "boot entry %lu: the boot image has %llu bytes; at most %lu are supported",
                        (unsigned long)number, (unsigned long long)e->source->size, (unsigned long)UINT32_MAX);
    if (e->emulation >= FSI_BOOT_EMULATION_FLOPPY_12 && e->emulation <= FSI_BOOT_EMULATION_FLOPPY_288 &&
        e->source->size != floppy_bytes[e->emulation])
        return fsi_fail(err, IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH,
                        "boot entry %lu: %s needs a boot image of %lu bytes; it has %llu", (unsigned long)number,
                        emulation_names[e->emulation], (unsigned long)floppy_bytes[e->emulation],
                        (unsigned long long)e->source->size);
    if (e->emulation == FSI_BOOT_EMULATION_HARD_DISK) {
        if (e->source->size < FSI_BOOT_SECTOR_SIZE)
            return fsi_fail(err, IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH,
                            "boot entry %lu: hard disk emulation needs at least a %d-byte master boot record; "
                            "the boot image has %llu bytes", (unsigned long)number, FSI_BOOT_SECTOR_SIZE,
                            (unsigned long long)e->source->size);
        if ((hr = read_first_sector(e->source, sector, number, err)) < 0)
            return hr;
        if ((hr = fsi_boot_check_hard_disk(sector, e->source->size, &out->system_type, &inner)) < 0)
            return fsi_fail(err, hr, "boot entry %lu: %s", (unsigned long)number, inner.message);
    }
    out->e = *e;
    out->e.sector_count = chosen_sector_count(e);
    return FSI_S_OK;
}

void eltorito_entries_free(eltorito_entry *entries, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        fsi_source_release(entries[i].e.source);
    free(entries);
}

uint64_t eltorito_entries_blocks(const eltorito_entry *entries, uint32_t count)
{
    uint64_t blocks = count ? 2 : 0;
    for (uint32_t i = 0; i < count; i++)
        blocks += (entries[i].e.source->size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    return blocks;
}

fsi_hresult fsi_image_set_boot_entries(fsi_image *img, const fsi_boot_entry *entries, uint32_t count,
                                       fsi_error *err)
{
    eltorito_entry *checked = NULL, *previous = img->boot_entries;
    uint32_t previous_count = img->boot_count, needed;
    fsi_hresult hr = FSI_S_OK;

    if (count > FSI_BOOT_ENTRIES_MAX)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "%lu boot entries were given; at most %d are allowed",
                        (unsigned long)count, FSI_BOOT_ENTRIES_MAX);
    if (count && !(checked = calloc(count, sizeof(*checked))))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory storing the boot entries");
    for (uint32_t i = 0; i < count && hr >= 0; i++)
        hr = check_entry(&entries[i], i + 1, &checked[i], err);
    if (hr < 0) {
        free(checked);
        return hr;
    }
    for (uint32_t i = 0; i < count; i++)
        fsi_source_retain(checked[i].e.source);
    img->boot_entries = checked;
    img->boot_count = count;
    if ((needed = image_blocks_over_limit(img)) != 0) {
        hr = image_size_error(img, needed, "the boot images", err);
        img->boot_entries = previous;
        img->boot_count = previous_count;
        eltorito_entries_free(checked, count);
        return hr;
    }
    eltorito_entries_free(previous, previous_count);
    return FSI_S_OK;
}

uint32_t fsi_image_boot_entry_count(const fsi_image *img)
{
    return img->boot_count;
}
