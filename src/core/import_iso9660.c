/* import_read_iso9660 (import.h): finds the session's primary or Joliet volume descriptor (ECMA-119
 * §8), then has import_iso9660_walk.c read the directories it leads to.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_iso9660.h"

enum {
    SYSTEM_AREA_SECTORS = 16,
    /* Discs carry a handful of descriptors; a longer set without terminator is garbage, not worth reading. */
    MAX_DESCRIPTORS = 256,
    TYPE_PRIMARY = 1,
    TYPE_SUPPLEMENTARY = 2,
    TYPE_TERMINATOR = 255,
    OFFSET_VOLUME_ID = 40,
    OFFSET_VOLUME_SPACE_SIZE = 80,
    OFFSET_ESCAPES = 88,
    OFFSET_BLOCK_SIZE = 128,
    OFFSET_PATH_TABLE_SIZE = 132,
    OFFSET_L_PATH_TABLE = 140,
    OFFSET_M_PATH_TABLE = 148,
    OFFSET_ROOT_RECORD = 156,
};

/* Joliet's three UCS-2 levels (the escape sequences %/@, %/C and %/E). */
static int is_joliet(const uint8_t *descriptor)
{
    const uint8_t *e = descriptor + OFFSET_ESCAPES;
    return e[0] == '%' && e[1] == '/' && (e[2] == '@' || e[2] == 'C' || e[2] == 'E');
}

typedef struct descriptors {
    uint8_t chosen[FSI_BLOCK_SIZE]; /* the primary, or the Joliet supplementary one */
    uint32_t chosen_lba, last_lba;
    int have_primary, have_chosen;
} descriptors;

/* Reads the descriptor set from session_start + 16 to its terminator (or the first sector that is no
 * descriptor, or the end of the disc). */
static fsi_hresult find_descriptors(const fsi_disc *disc, int joliet, descriptors *d, uint8_t *sector, fsi_error *err)
{
    for (uint32_t i = 0; i < MAX_DESCRIPTORS; i++) {
        uint64_t lba = (uint64_t)disc->session_start + SYSTEM_AREA_SECTORS + i;
        if (lba >= disc->end)
            break;
        fsi_hresult hr = disc->read(disc->ctx, (uint32_t)lba, 1, sector, err);
        if (hr < 0)
            return hr;
        if (memcmp(sector + 1, "CD001", 5) != 0)
            break;
        d->last_lba = (uint32_t)lba;
        if (sector[0] == TYPE_TERMINATOR)
            break;
        int wanted = joliet ? sector[0] == TYPE_SUPPLEMENTARY && is_joliet(sector) : sector[0] == TYPE_PRIMARY;
        if (sector[0] == TYPE_PRIMARY)
            d->have_primary = 1;
        if (wanted && !d->have_chosen) {
            memcpy(d->chosen, sector, FSI_BLOCK_SIZE);
            d->chosen_lba = (uint32_t)lba;
            d->have_chosen = 1;
        }
    }
    if (!d->have_primary)
        return fsi_fail(err, IMAPI_E_FILE_SYSTEM_NOT_FOUND,
                        "no ISO 9660 primary volume descriptor from sector %u on", disc->session_start + 16);
    if (!d->have_chosen)
        return fsi_fail(err, IMAPI_E_FILE_SYSTEM_NOT_FOUND,
                        "no Joliet supplementary volume descriptor from sector %u on", disc->session_start + 16);
    return FSI_S_OK;
}

/* The descriptor's root record; the sizes the reader relies on. */
static fsi_hresult take_volume(const descriptors *d, int joliet, iso_volume *volume, fsi_error *err)
{
    const char *fs = joliet ? "Joliet" : "ISO 9660";
    uint16_t block_size = get_le16(d->chosen + OFFSET_BLOCK_SIZE);
    if (block_size != FSI_BLOCK_SIZE)
        return fsi_fail(err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                        "the %s volume descriptor at sector %u has logical blocks of %u bytes; only 2048 are read", fs,
                        d->chosen_lba, block_size);
    memcpy(volume->root_bytes, d->chosen + OFFSET_ROOT_RECORD, sizeof volume->root_bytes);
    const char *wrong = iso_record_parse(volume->root_bytes, sizeof volume->root_bytes, &volume->root);
    if (wrong)
        return fsi_fail(err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "the root directory record of the %s volume descriptor at sector %u is malformed: %s", fs,
                        d->chosen_lba, wrong);
    volume->joliet = joliet;
    volume->descriptor_lba = d->chosen_lba;
    return FSI_S_OK;
}

/* The session's last sector: the descriptor's volume space size says it, unless it contradicts what the
 * tree uses (or the disc), in which case the highest sector used is all that is known. */
static uint32_t last_block(const fsi_disc *disc, const descriptors *d, uint32_t used)
{
    uint32_t table_bytes = get_le32(d->chosen + OFFSET_PATH_TABLE_SIZE);
    uint32_t tables[2] = {get_le32(d->chosen + OFFSET_L_PATH_TABLE), get_be32(d->chosen + OFFSET_M_PATH_TABLE)};
    uint64_t table_sectors = ((uint64_t)table_bytes + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    if (d->last_lba > used)
        used = d->last_lba;
    for (int i = 0; i < 2; i++) /* the path tables are not read: counted only where they can be */
        if (tables[i] != 0 && table_sectors > 0 && tables[i] + table_sectors <= disc->end &&
            tables[i] + table_sectors - 1 > used)
            used = (uint32_t)(tables[i] + table_sectors - 1);
    uint32_t space = get_le32(d->chosen + OFFSET_VOLUME_SPACE_SIZE);
    return space > 0 && space <= disc->end && space - 1 >= used ? space - 1 : used;
}

fsi_hresult import_read_iso9660(const fsi_disc *disc, int joliet, const import_limits *limits, import_tree **out,
                                fsi_error *err)
{
    descriptors *d = calloc(1, sizeof *d);
    uint8_t *sector = malloc(FSI_BLOCK_SIZE);
    import_tree *tree = calloc(1, sizeof *tree);
    iso_volume volume;
    fsi_hresult hr;

    *out = NULL;
    if (tree)
        tree->root.name = calloc(1, sizeof *tree->root.name);
    if (!d || !sector || !tree || !tree->root.name)
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory reading an ISO 9660 volume");
    else
        hr = find_descriptors(disc, joliet != 0, d, sector, err);
    if (hr >= 0)
        hr = take_volume(d, joliet != 0, &volume, err);
    if (hr >= 0) {
        tree->file_system = joliet ? FSI_FS_JOLIET : FSI_FS_ISO9660;
        tree->root.is_dir = 1;
        tree->root.times[FSI_TIME_MODIFIED] = tree->root.times[FSI_TIME_CREATED] = iso_record_time(volume.root.date);
        iso_volume_name(d->chosen + OFFSET_VOLUME_ID, joliet != 0, tree->volume_name);
        hr = iso_read_directories(disc, &volume, limits, tree, err);
    }
    if (hr >= 0) {
        tree->last_block = last_block(disc, d, tree->last_block);
        *out = tree;
    } else {
        import_tree_free(tree);
    }
    free(sector);
    free(d);
    return hr;
}
