/* UDF reader: file entries (ECMA-167 4/14.9) and extended file entries (4/14.17), and the allocation
 * descriptors that say where their bytes are (4/14.14: short, long and extended, or the bytes
 * embedded in the entry), continued through allocation extent descriptors (4/14.5) as far as a
 * bounded chain allows. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"
#include "udf_tag.h"

enum {
    STRATEGY_DIRECT = 4,
    FE_HEADER = 176,
    EFE_HEADER = 216,
    AED_HEADER = 24,
    EXTENT_RECORDED = 0,
    EXTENT_NEXT = 3,
};

fsi_hresult udf_read_entry(udf_reader *r, udf_address a, udf_entry *e)
{
    uint32_t sector = 0;
    fsi_hresult hr = udf_map_block(r, a, &sector, "file entry");
    uint64_t header, ea_length, ad_length;

    if (hr < 0)
        return hr;
    memset(e, 0, offsetof(udf_entry, data));
    e->where = a;
    hr = r->disc->read(r->disc->ctx, sector, 1, e->data, r->err);
    if (hr < 0)
        return hr;
    uint16_t id = get_le16(e->data);
    if (id != UDF_TAG_FILE_ENTRY && id != UDF_TAG_EXTENDED_FILE_ENTRY)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: block %u of partition %u (sector %u) holds tag %u where a file entry should be",
                        (unsigned)a.block, (unsigned)a.ref, (unsigned)sector, (unsigned)id);
    hr = udf_check_tag(r, e->data, FSI_BLOCK_SIZE, id, a.block, "file entry", sector);
    if (hr < 0)
        return hr;
    udf_note_sectors(r, sector, 1);
    uint16_t strategy = get_le16(e->data + 20);
    if (strategy != STRATEGY_DIRECT)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                        "UDF: the file entry at sector %u uses ICB strategy %u (only 4 is read)", (unsigned)sector,
                        (unsigned)strategy);
    e->file_type = e->data[27];
    e->ad_type = (uint8_t)(get_le16(e->data + 34) & 7);
    e->length = (uint64_t)get_le32(e->data + 56) | (uint64_t)get_le32(e->data + 60) << 32;
    if (id == UDF_TAG_EXTENDED_FILE_ENTRY) {
        e->times[FSI_TIME_ACCESSED] = udf_timestamp_to_fsi(e->data + 80);
        e->times[FSI_TIME_MODIFIED] = udf_timestamp_to_fsi(e->data + 92);
        e->times[FSI_TIME_CREATED] = udf_timestamp_to_fsi(e->data + 104);
        header = EFE_HEADER;
        ea_length = get_le32(e->data + 208);
        ad_length = get_le32(e->data + 212);
    } else {
        /* A file entry has no creation time: the modification time stands for it. */
        e->times[FSI_TIME_ACCESSED] = udf_timestamp_to_fsi(e->data + 72);
        e->times[FSI_TIME_MODIFIED] = udf_timestamp_to_fsi(e->data + 84);
        e->times[FSI_TIME_CREATED] = e->times[FSI_TIME_MODIFIED];
        header = FE_HEADER;
        ea_length = get_le32(e->data + 168);
        ad_length = get_le32(e->data + 172);
    }
    if (e->ad_type > UDF_AD_EMBEDDED || header + ea_length + ad_length > FSI_BLOCK_SIZE)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the file entry at sector %u has %llu bytes of extended attributes and %llu of allocation "
                        "descriptors of type %u, more than its block holds",
                        (unsigned)sector, (unsigned long long)ea_length, (unsigned long long)ad_length,
                        (unsigned)e->ad_type);
    e->ad_offset = (uint32_t)(header + ea_length);
    e->ad_length = (uint32_t)ad_length;
    if (e->ad_type == UDF_AD_EMBEDDED && e->length > ad_length)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the file entry at sector %u embeds %u bytes of a file of %llu", (unsigned)sector,
                        (unsigned)ad_length, (unsigned long long)e->length);
    return FSI_S_OK;
}

/* One allocation descriptor, whatever its form. */
typedef struct udf_ad {
    uint32_t type, length;
    udf_address at;
} udf_ad;

static udf_ad parse_ad(const uint8_t *d, uint8_t ad_type, uint16_t own_ref)
{
    udf_ad ad = {.type = get_le32(d) >> 30, .length = get_le32(d) & 0x3FFFFFFF};
    if (ad_type == 0)
        ad.at = (udf_address){.block = get_le32(d + 4), .ref = own_ref}; /* short: the entry's partition */
    else if (ad_type == 1)
        ad.at = (udf_address){.block = get_le32(d + 4), .ref = get_le16(d + 8)};
    else
        ad.at = (udf_address){.block = get_le32(d + 12), .ref = get_le16(d + 16)};
    return ad;
}

/* The next list of descriptors: the allocation extent descriptor ad points to, read into r->block. */
static fsi_hresult next_ad_block(udf_reader *r, const udf_ad *ad, const uint8_t **list, uint32_t *list_length,
                                 uint32_t sector_of_entry)
{
    uint32_t sector = 0;
    fsi_hresult hr;

    if (ad->length < AED_HEADER)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the file entry at sector %u continues its allocation descriptors in an extent of %u bytes",
                        (unsigned)sector_of_entry, (unsigned)ad->length);
    hr = udf_map_block(r, ad->at, &sector, "allocation extent descriptor");
    if (hr >= 0)
        hr = udf_read_descriptor(r, sector, UDF_TAG_ALLOCATION_EXTENT, ad->at.block, "allocation extent descriptor",
                                 NULL);
    if (hr < 0)
        return hr;
    uint32_t room = ad->length < FSI_BLOCK_SIZE ? ad->length : FSI_BLOCK_SIZE;
    uint32_t length = get_le32(r->block + 20);
    if (length > room - AED_HEADER)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the allocation extent descriptor at sector %u holds %u bytes of descriptors in %u",
                        (unsigned)sector, (unsigned)length, (unsigned)(room - AED_HEADER));
    *list = r->block + AED_HEADER;
    *list_length = length;
    return FSI_S_OK;
}

/* The pieces appended for the last extent, cut to take bytes. */
static void cut_pieces(udf_piece *pieces, uint32_t first, uint32_t *count, uint32_t take)
{
    uint32_t i = first;
    while (i < *count && take > 0) {
        if (pieces[i].length > take)
            pieces[i].length = take;
        take -= pieces[i].length;
        i++;
    }
    *count = i;
}

fsi_hresult udf_entry_pieces(udf_reader *r, const udf_entry *e, udf_piece **pieces, uint32_t *count)
{
    static const uint32_t ad_sizes[3] = {8, 16, 20};
    const uint8_t *list = e->data + e->ad_offset;
    uint32_t list_length = e->ad_length, capacity = 0, chained = 0, sector = 0;
    uint64_t left = e->length;
    fsi_hresult hr = udf_map_block(r, e->where, &sector, "file entry");

    *pieces = NULL;
    *count = 0;
    if (hr < 0 || e->ad_type == UDF_AD_EMBEDDED)
        return hr;
    uint32_t size = ad_sizes[e->ad_type];
    char what[48];
    snprintf(what, sizeof(what), "extent of the entry at sector %u", (unsigned)sector);
    while (left > 0) {
        if (list_length % size)
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: the file entry at sector %u has %u bytes of allocation descriptors of %u bytes each",
                          (unsigned)sector, (unsigned)list_length, (unsigned)size);
        int continued = 0;
        for (uint32_t at = 0; hr >= 0 && at < list_length && left > 0; at += size) {
            udf_ad ad = parse_ad(list + at, e->ad_type, e->where.ref);
            if (ad.length == 0)
                break; /* a zero length ends the list (4/12) */
            if (ad.type == EXTENT_NEXT) {
                if (++chained > UDF_READ_MAX_AD_BLOCKS)
                    hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                                  "UDF: the allocation descriptors of the file entry at sector %u chain more than %u "
                                  "extents", (unsigned)sector, (unsigned)UDF_READ_MAX_AD_BLOCKS);
                else
                    hr = next_ad_block(r, &ad, &list, &list_length, sector);
                continued = 1;
                break;
            }
            uint32_t take = left < ad.length ? (uint32_t)left : ad.length;
            if (take < left && ad.length % FSI_BLOCK_SIZE)
                hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                              "UDF: the file entry at sector %u has an extent of %u bytes, not whole blocks, before "
                              "its last", (unsigned)sector, (unsigned)ad.length);
            else if (ad.type == EXTENT_RECORDED) {
                uint32_t first = *count;
                hr = udf_map_extent(r, ad.at, ad.length, pieces, count, &capacity, what);
                if (hr >= 0)
                    cut_pieces(*pieces, first, count, take);
            } else { /* allocated or not, never recorded: reads as zeros */
                udf_piece zeros = {.sector = IMPORT_LBA_ZEROS, .length = take};
                hr = udf_append_piece(r, zeros, pieces, count, &capacity);
            }
            left -= take;
            if (hr >= 0 && (uint64_t)*count > r->extent_budget)
                hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                              "UDF: the files have more than %u extents in all (the file entry at sector %u)",
                              (unsigned)UDF_READ_MAX_EXTENTS, (unsigned)sector);
        }
        if (hr < 0)
            break;
        if (!continued && left > 0)
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: the file entry at sector %u records %llu bytes, %llu more than its allocation "
                          "descriptors describe", (unsigned)sector, (unsigned long long)e->length,
                          (unsigned long long)left);
        if (hr < 0)
            break;
    }
    if (hr < 0) {
        free(*pieces);
        *pieces = NULL;
        *count = 0;
        return hr;
    }
    r->extent_budget -= *count;
    return FSI_S_OK;
}
