/* UDF reader: the logical volume's partition maps (ECMA-167 3/10.7) and where their blocks are on the
 * disc. A type 1 map is a partition descriptor's sectors; the metadata partition map of UDF 2.50
 * (2.2.10) numbers the blocks of the metadata file, whose allocation descriptors say where each run of
 * them lies (the mirror file's when the metadata file cannot be read). Virtual (VAT) and sparable
 * partitions are not read. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"

enum {
    MAP_TABLE = 440,
    TYPE1_LENGTH = 6,
    TYPE2_LENGTH = 64,
};

static const udf_partition_desc *find_partition(const udf_partition_desc *parts, uint32_t count, uint16_t number)
{
    for (uint32_t i = 0; i < count; i++)
        if (parts[i].number == number)
            return &parts[i];
    return NULL;
}

static fsi_hresult physical_map(udf_reader *r, uint32_t index, uint16_t number, const udf_partition_desc *parts,
                                uint32_t part_count)
{
    const udf_partition_desc *p = find_partition(parts, part_count, number);
    if (!p)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: partition map %u names partition %u, which no partition descriptor describes",
                        (unsigned)index, (unsigned)number);
    /* A partition of sequentially recorded media reaches past what is written (the disc's end); only
     * the blocks used must be before it (udf_map_*), but the partition must fit 32-bit sectors. */
    if ((uint64_t)p->start + p->length > UINT32_MAX)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: partition %u (%u blocks from sector %u) ends past the last possible sector",
                        (unsigned)number, (unsigned)p->length, (unsigned)p->start);
    r->maps[index] = (udf_map){.kind = UDF_MAP_PHYSICAL, .number = number, .start = p->start, .length = p->length};
    if (p->start < r->disc->end)
        udf_note_sectors(r, p->start, p->length < r->disc->end - p->start ? p->length : r->disc->end - p->start);
    return FSI_S_OK;
}

/* The runs of the metadata (or mirror) file whose entry is at block location of physical map ref. */
static fsi_hresult load_metadata_file(udf_reader *r, udf_map *map, uint16_t ref, uint32_t location, int mirror)
{
    udf_entry *e = malloc(sizeof(*e));
    udf_piece *pieces = NULL;
    uint32_t count = 0, block = 0;
    fsi_hresult hr;

    if (!e)
        return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    hr = udf_read_entry(r, (udf_address){.block = location, .ref = ref}, e);
    uint8_t expected = mirror ? UDF_FILE_TYPE_METADATA_MIRROR : UDF_FILE_TYPE_METADATA;
    if (hr >= 0 && e->file_type != expected)
        hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                      "UDF: the metadata%s file's entry at block %u of partition %u has file type %u, not %u",
                      mirror ? " mirror" : "", (unsigned)location, (unsigned)ref, (unsigned)e->file_type,
                      (unsigned)expected);
    if (hr >= 0 && (e->ad_type == UDF_AD_EMBEDDED || e->length / FSI_BLOCK_SIZE > UINT32_MAX))
        hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                      "UDF: the metadata%s file at block %u of partition %u is not a run of blocks",
                      mirror ? " mirror" : "", (unsigned)location, (unsigned)ref);
    if (hr >= 0)
        hr = udf_entry_pieces(r, e, &pieces, &count);
    if (hr >= 0) {
        map->runs = malloc((count ? count : 1) * sizeof(*map->runs));
        if (!map->runs)
            hr = fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    }
    for (uint32_t i = 0; hr >= 0 && i < count; i++) {
        uint32_t blocks = (uint32_t)((pieces[i].length + (uint64_t)FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
        if (pieces[i].sector != IMPORT_LBA_ZEROS) /* a hole: blocks nobody may use */
            map->runs[map->run_count++] = (udf_meta_run){.first = block, .count = blocks, .sector = pieces[i].sector};
        block += blocks;
    }
    if (hr >= 0)
        map->length = (uint32_t)((e->length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
    else {
        /* Whatever went wrong, say it was while reading the metadata file. */
        if (hr == IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR && !strstr(r->err->message, "metadata")) {
            char inner[sizeof(r->err->message)];
            const char *text = r->err->message;
            snprintf(inner, sizeof(inner), "%s", strncmp(text, "UDF: ", 5) ? text : text + 5);
            hr = fsi_fail(r->err, hr, "UDF: the metadata%s file (entry at block %u of partition %u): %s",
                          mirror ? " mirror" : "", (unsigned)location, (unsigned)ref, inner);
        }
        free(map->runs);
        map->runs = NULL;
        map->run_count = 0;
    }
    free(pieces);
    free(e);
    return hr;
}

static fsi_hresult metadata_map(udf_reader *r, uint32_t index, const uint8_t *m)
{
    uint16_t number = get_le16(m + 38);
    uint32_t ref;
    udf_map *map = &r->maps[index];

    for (ref = 0; ref < r->map_count; ref++)
        if (r->maps[ref].kind == UDF_MAP_PHYSICAL && r->maps[ref].number == number)
            break;
    if (ref == r->map_count)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the metadata partition map %u names partition %u, which no type 1 map has",
                        (unsigned)index, (unsigned)number);
    fsi_hresult hr = load_metadata_file(r, map, (uint16_t)ref, get_le32(m + 40), 0);
    if (hr < 0 && hr != FSI_E_OUTOFMEMORY) {
        fsi_error first_error = *r->err;
        if (load_metadata_file(r, map, (uint16_t)ref, get_le32(m + 44), 1) >= 0)
            hr = FSI_S_OK; /* the mirror is there for this (UDF 2.2.13.1) */
        else
            *r->err = first_error;
    }
    return hr;
}

/* The map's partition type identifier (an entity identifier, 1/7.4), printable for a message. */
static void map_identifier(const uint8_t *m, char out[24])
{
    size_t n = 0;
    for (size_t i = 0; i < 23 && m[5 + i]; i++)
        out[n++] = m[5 + i] >= 0x20 && m[5 + i] < 0x7F ? (char)m[5 + i] : '?';
    out[n] = 0;
}

fsi_hresult udf_read_partition_maps(udf_reader *r, const uint8_t *lvd, const udf_partition_desc *parts,
                                    uint32_t part_count)
{
    uint32_t table = get_le32(lvd + 264), count = get_le32(lvd + 268), at = 0;
    uint32_t offsets[UDF_READ_MAX_MAPS];
    fsi_hresult hr;

    if (table > FSI_BLOCK_SIZE - MAP_TABLE || count == 0)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the logical volume's partition map table (%u bytes, %u maps) does not fit its block",
                        (unsigned)table, (unsigned)count);
    if (count > UDF_READ_MAX_MAPS)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                        "UDF: a logical volume of %u partition maps (at most %u are read)", (unsigned)count,
                        (unsigned)UDF_READ_MAX_MAPS);
    r->map_count = count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *m = lvd + MAP_TABLE + at;
        if (at + 2 > table || m[1] < 2 || at + m[1] > table)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: partition map %u runs past the %u bytes of the map table", (unsigned)i,
                            (unsigned)table);
        if (m[0] == 1 && m[1] == TYPE1_LENGTH) {
            hr = physical_map(r, i, get_le16(m + 4), parts, part_count);
            if (hr < 0)
                return hr;
        } else if (m[0] == 2 && m[1] == TYPE2_LENGTH) {
            char id[24];
            map_identifier(m, id);
            if (strcmp(id, "*UDF Metadata Partition") != 0)
                return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                                "UDF: partition map %u is a \"%s\" map, which is not read", (unsigned)i, id);
            const udf_partition_desc *p = find_partition(parts, part_count, get_le16(m + 38));
            if (!p)
                return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                                "UDF: partition map %u names partition %u, which no partition descriptor describes",
                                (unsigned)i, (unsigned)get_le16(m + 38));
            /* Its blocks are known once the type 1 maps are (below); until then it has none. */
            r->maps[i] = (udf_map){.kind = UDF_MAP_METADATA, .number = p->number};
        } else
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: partition map %u has type %u and length %u", (unsigned)i, (unsigned)m[0],
                            (unsigned)m[1]);
        offsets[i] = at;
        at += m[1];
    }
    for (uint32_t i = 0; i < count; i++) {
        if (r->maps[i].kind != UDF_MAP_METADATA)
            continue;
        hr = metadata_map(r, i, lvd + MAP_TABLE + offsets[i]);
        if (hr < 0)
            return hr;
    }
    return FSI_S_OK;
}

static const udf_map *map_of(udf_reader *r, udf_address a, const char *what, fsi_hresult *hr)
{
    if (a.ref >= r->map_count) {
        *hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                       "UDF: the %s is in partition %u of a volume of %u partition maps", what, (unsigned)a.ref,
                       (unsigned)r->map_count);
        return NULL;
    }
    return &r->maps[a.ref];
}

/* The run of the metadata file holding block, or NULL (a hole). */
static const udf_meta_run *find_run(const udf_map *map, uint32_t block)
{
    uint32_t lo = 0, hi = map->run_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const udf_meta_run *run = &map->runs[mid];
        if (block < run->first)
            hi = mid;
        else if (block - run->first >= run->count)
            lo = mid + 1;
        else
            return run;
    }
    return NULL;
}

static fsi_hresult outside(udf_reader *r, udf_address a, uint64_t blocks, const udf_map *map, const char *what)
{
    return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                    "UDF: the %s (%llu blocks from block %u of partition %u) lies outside its %u blocks", what,
                    (unsigned long long)blocks, (unsigned)a.block, (unsigned)a.ref, (unsigned)map->length);
}

/* Sectors the disc does not have cannot hold what the volume says is there. */
static fsi_hresult on_disc(udf_reader *r, uint32_t sector, uint32_t count, const char *what)
{
    if ((uint64_t)sector + count > r->disc->end)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the %s (sectors %u to %llu) lies past the last sector %u", what, (unsigned)sector,
                        (unsigned long long)sector + count - 1, (unsigned)(r->disc->end - 1));
    return FSI_S_OK;
}

fsi_hresult udf_map_block(udf_reader *r, udf_address a, uint32_t *sector, const char *what)
{
    fsi_hresult hr = FSI_S_OK;
    const udf_map *map = map_of(r, a, what, &hr);
    if (!map)
        return hr;
    if (a.block >= map->length)
        return outside(r, a, 1, map, what);
    if (map->kind == UDF_MAP_PHYSICAL)
        *sector = map->start + a.block;
    else {
        const udf_meta_run *run = find_run(map, a.block);
        if (!run)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: the %s is at block %u of the metadata partition, which the metadata file does not "
                            "record", what, (unsigned)a.block);
        *sector = run->sector + (a.block - run->first);
    }
    return on_disc(r, *sector, 1, what);
}

fsi_hresult udf_append_piece(udf_reader *r, udf_piece piece, udf_piece **pieces, uint32_t *count,
                                uint32_t *capacity)
{
    if (*count == *capacity) {
        uint32_t grown_capacity = *capacity ? *capacity * 2 : 8;
        udf_piece *grown = grown_capacity > *capacity ? realloc(*pieces, grown_capacity * sizeof(*grown)) : NULL;
        if (!grown)
            return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
        *pieces = grown;
        *capacity = grown_capacity;
    }
    (*pieces)[(*count)++] = piece;
    return FSI_S_OK;
}

fsi_hresult udf_map_extent(udf_reader *r, udf_address a, uint32_t length, udf_piece **pieces, uint32_t *count,
                           uint32_t *capacity, const char *what)
{
    fsi_hresult hr = FSI_S_OK;
    const udf_map *map = map_of(r, a, what, &hr);
    uint32_t blocks = (uint32_t)(((uint64_t)length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);

    if (!map)
        return hr;
    if ((uint64_t)a.block + blocks > map->length)
        return outside(r, a, blocks, map, what);
    if (map->kind == UDF_MAP_PHYSICAL) {
        hr = on_disc(r, map->start + a.block, blocks, what);
        if (hr < 0)
            return hr;
        udf_note_sectors(r, map->start + a.block, blocks);
        return udf_append_piece(r, (udf_piece){.sector = map->start + a.block, .logical = a.block, .length = length},
                            pieces, count, capacity);
    }
    /* Through the metadata file: one piece per run the extent crosses. */
    uint32_t block = a.block, left = length;
    while (left > 0) {
        const udf_meta_run *run = find_run(map, block);
        if (!run)
            return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                            "UDF: the %s reaches block %u of the metadata partition, which the metadata file does not "
                            "record", what, (unsigned)block);
        uint32_t in_run = run->count - (block - run->first);
        uint32_t piece = (uint64_t)in_run * FSI_BLOCK_SIZE < left ? in_run * FSI_BLOCK_SIZE : left;
        uint32_t sector = run->sector + (block - run->first);
        hr = on_disc(r, sector, (piece + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE, what);
        if (hr >= 0)
            udf_note_sectors(r, sector, (piece + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
        if (hr >= 0)
            hr = udf_append_piece(r, (udf_piece){.sector = sector, .logical = block, .length = piece}, pieces, count,
                          capacity);
        if (hr < 0)
            return hr;
        block += in_run;
        left -= piece;
    }
    return FSI_S_OK;
}

void udf_free_maps(udf_reader *r)
{
    for (uint32_t i = 0; i < UDF_READ_MAX_MAPS; i++) {
        free(r->maps[i].runs);
        r->maps[i].runs = NULL;
    }
}
