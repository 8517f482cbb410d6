/* UDF reader: the anchor volume descriptor pointer (ECMA-167 3/10.2, found at sector 256 of the
 * session, else at the last sector or 256 before it: UDF 2.2.3) and the volume descriptor sequence it
 * points to (3/8.4), the reserve copy read when the main one is bad. What is kept of it: the logical
 * volume descriptor (3/10.6) and the partition descriptors (3/10.5) its maps refer to.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"
#include "udf_tag.h"

enum {
    TAG_VOLUME_POINTER = 3,
    ANCHOR_OFFSET = 256,
    MAX_POINTER_HOPS = 16,
};

typedef struct vds_found {
    uint8_t lvd[FSI_BLOCK_SIZE];
    uint32_t lvd_sequence;
    int have_lvd;
    udf_partition_desc parts[UDF_READ_MAX_PARTITIONS];
    uint32_t part_sequence[UDF_READ_MAX_PARTITIONS];
    uint32_t part_count;
} vds_found;

/* A later descriptor of the same kind (higher volume descriptor sequence number) replaces an earlier. */
static fsi_hresult keep_partition(udf_reader *r, vds_found *v, const uint8_t *pd, uint32_t sector)
{
    uint16_t number = get_le16(pd + 22);
    uint32_t sequence = get_le32(pd + 16), i;

    if (memcmp(pd + 25, "+NSR0", 5) != 0)
        return FSI_S_OK; /* not a UDF partition (ECMA-167 3/10.5.5): nothing of ours is in it */
    for (i = 0; i < v->part_count && v->parts[i].number != number; i++)
        ;
    if (i == UDF_READ_MAX_PARTITIONS)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                        "UDF: more than %u partition descriptors (the one at sector %u)",
                        (unsigned)UDF_READ_MAX_PARTITIONS, (unsigned)sector);
    if (i < v->part_count && v->part_sequence[i] > sequence)
        return FSI_S_OK;
    if (i == v->part_count)
        v->part_count++;
    v->parts[i] = (udf_partition_desc){.number = number, .start = get_le32(pd + 188), .length = get_le32(pd + 192)};
    v->part_sequence[i] = sequence;
    return FSI_S_OK;
}

/* The sequence in [first, first + bytes), following volume descriptor pointers. */
static fsi_hresult read_sequence(udf_reader *r, uint32_t first, uint32_t bytes, vds_found *v, const char *which)
{
    uint32_t blocks = bytes / FSI_BLOCK_SIZE, read = 0, hops = 0;
    fsi_hresult hr;

    memset(v, 0, sizeof(*v));
    for (uint32_t i = 0;; i++) {
        if (i == blocks)
            break; /* the extent's end also ends the sequence */
        uint32_t sector = first + i;
        if (sector < first || sector >= r->disc->end)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: the %s volume descriptor sequence runs past the last sector (sector %u)", which,
                            (unsigned)sector);
        if (++read > UDF_READ_MAX_VDS_BLOCKS)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: the %s volume descriptor sequence is longer than %u descriptors", which,
                            (unsigned)UDF_READ_MAX_VDS_BLOCKS);
        hr = r->disc->read(r->disc->ctx, sector, 1, r->block, r->err);
        if (hr < 0)
            return hr;
        uint16_t id = get_le16(r->block);
        if (id == 0 && i == 0 && hops == 0)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_NOT_FOUND,
                            "UDF: no volume descriptor at sector %u, where the %s sequence starts", (unsigned)sector,
                            which);
        hr = udf_check_tag(r, r->block, FSI_BLOCK_SIZE, id, sector, "volume descriptor", sector);
        if (hr < 0)
            return hr;
        udf_note_sectors(r, sector, 1);
        if (id == UDF_TAG_TERMINATING)
            break;
        switch (id) {
        case UDF_TAG_PRIMARY_VOLUME:
        case UDF_TAG_IMPLEMENTATION_USE:
        case UDF_TAG_UNALLOCATED_SPACE:
            break;
        case TAG_VOLUME_POINTER:
            if (++hops > MAX_POINTER_HOPS)
                return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                                "UDF: the %s volume descriptor sequence goes through more than %u pointers", which,
                                (unsigned)MAX_POINTER_HOPS);
            blocks = get_le32(r->block + 20) / FSI_BLOCK_SIZE;
            first = get_le32(r->block + 24);
            i = UINT32_MAX; /* the loop's increment starts the next extent at its first block */
            continue;
        case UDF_TAG_PARTITION:
            hr = keep_partition(r, v, r->block, sector);
            if (hr < 0)
                return hr;
            break;
        case UDF_TAG_LOGICAL_VOLUME:
            if (!v->have_lvd || get_le32(r->block + 16) >= v->lvd_sequence) {
                memcpy(v->lvd, r->block, FSI_BLOCK_SIZE);
                v->lvd_sequence = get_le32(r->block + 16);
                v->have_lvd = 1;
            }
            break;
        default:
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: sector %u of the %s volume descriptor sequence holds a descriptor of tag %u",
                            (unsigned)sector, which, (unsigned)id);
        }
    }
    if (!v->have_lvd || !v->part_count)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the %s volume descriptor sequence at sector %u has no %s descriptor", which,
                        (unsigned)first, v->have_lvd ? "partition" : "logical volume");
    return FSI_S_OK;
}

/* The volume label: a dstring (1/7.2.12) of CS0; one that cannot be read leaves the label empty
 * rather than the volume unreadable. */
static void read_label(udf_reader *r, const uint8_t *field, size_t size)
{
    size_t len = field[size - 1];
    int n = len < size ? udf_cs0_decode(field, len, r->volume_name, 128) : -1;
    if (n < 0)
        n = 0;
    while (n > 0 && r->volume_name[n - 1] == ' ')
        n--;
    r->volume_name[n] = 0;
}

static fsi_hresult use_logical_volume(udf_reader *r, const vds_found *v)
{
    const uint8_t *lvd = v->lvd;
    uint32_t block_size = get_le32(lvd + 212);

    if (block_size != FSI_BLOCK_SIZE)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                        "UDF: logical blocks of %u bytes (only %u are read)", (unsigned)block_size,
                        (unsigned)FSI_BLOCK_SIZE);
    if (!memcmp(lvd + 217, "*OSTA UDF Compliant", 19))
        r->revision = get_le16(lvd + 216 + 24);
    read_label(r, lvd + 84, 128);
    r->file_set = (udf_address){.block = get_le32(lvd + 252), .ref = get_le16(lvd + 256)};
    return udf_read_partition_maps(r, lvd, v->parts, v->part_count);
}

/* The anchor's two sequence extents, from the first place that holds a valid anchor. */
static fsi_hresult find_anchor(udf_reader *r, uint32_t extents[4])
{
    const fsi_disc *d = r->disc;
    uint32_t candidates[3] = {d->session_start + ANCHOR_OFFSET, d->end - 1, d->end - 1 - ANCHOR_OFFSET};
    int count = d->end > ANCHOR_OFFSET + 1 ? 3 : 1;

    for (int i = 0; i < count; i++) {
        uint32_t sector = candidates[i];
        int absent;
        if (sector < d->session_start || sector >= d->end || (i && sector == candidates[0]))
            continue;
        fsi_hresult hr = udf_read_descriptor(r, sector, UDF_TAG_ANCHOR, sector, "anchor", &absent);
        if (hr < 0)
            return hr;
        if (absent)
            continue;
        for (int k = 0; k < 4; k++)
            extents[k] = get_le32(r->block + 16 + 4 * k);
        return FSI_S_OK;
    }
    return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_NOT_FOUND,
                    "UDF: no anchor volume descriptor pointer at sector %u, at the last sector nor 256 before it",
                    (unsigned)candidates[0]);
}

/* What the session holds beyond what is read: both sequences' extents and the anchors at its end, so
 * that last_block covers them. A failure to read those anchors only leaves them out. */
static void note_session_end(udf_reader *r, const uint32_t extents[4])
{
    const fsi_disc *d = r->disc;
    fsi_error saved = *r->err;
    for (int k = 0; k < 4; k += 2) {
        uint32_t blocks = extents[k] / FSI_BLOCK_SIZE;
        if (blocks && extents[k + 1] < d->end && blocks <= d->end - extents[k + 1])
            udf_note_sectors(r, extents[k + 1], blocks);
    }
    for (uint32_t back = 0; back <= ANCHOR_OFFSET && back < d->end; back += ANCHOR_OFFSET) {
        uint32_t sector = d->end - 1 - back;
        int absent;
        if (sector > r->last_block && sector >= d->session_start)
            (void)udf_read_descriptor(r, sector, UDF_TAG_ANCHOR, sector, "anchor", &absent);
    }
    *r->err = saved;
}

fsi_hresult udf_read_volume(udf_reader *r)
{
    uint32_t extents[4];
    vds_found *v = malloc(sizeof(*v));
    fsi_hresult hr;

    if (!v)
        return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    hr = find_anchor(r, extents);
    if (hr < 0) {
        free(v);
        return hr;
    }
    hr = read_sequence(r, extents[1], extents[0], v, "main");
    if (hr == IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR || hr == IMAPI_E_FILE_SYSTEM_NOT_FOUND) {
        /* The reserve sequence is there for this (3/10.2); the main one's complaint stays if both fail. */
        fsi_error first_error = *r->err;
        fsi_hresult again = read_sequence(r, extents[3], extents[2], v, "reserve");
        if (again >= 0 || (again != IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR && again != IMAPI_E_FILE_SYSTEM_NOT_FOUND))
            hr = again;
        else
            *r->err = first_error;
    }
    if (hr >= 0)
        hr = use_logical_volume(r, v);
    free(v);
    if (hr >= 0)
        note_session_end(r, extents);
    return hr;
}
