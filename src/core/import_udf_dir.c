/* UDF reader: a directory's stream of file identifier descriptors (ECMA-167 4/14.4), read in order
 * across the blocks and extents that hold it (a descriptor may straddle them), each descriptor's tag
 * judged, its name read from OSTA Compressed Unicode. Deleted identifiers and the parent's are skipped.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"
#include "udf_tag.h"

enum {
    FID_HEADER = 38,
    FID_MAX = FID_HEADER + 0xFFFF + 0xFF + 3, /* implementation use and identifier at their largest */
    FID_HIDDEN = 0x01,
    FID_DIRECTORY = 0x02,
    FID_DELETED = 0x04,
    FID_PARENT = 0x08,
};

/* The directory's bytes, read forwards: embedded in its entry, or through its pieces one sector at a time. */
typedef struct dir_stream {
    udf_reader *r;
    const udf_entry *e;
    const udf_piece *pieces;
    uint32_t piece_count;
    uint32_t piece;         /* the piece holding the last offset asked for */
    uint64_t piece_start;   /* its first byte in the stream */
    uint32_t cached_sector; /* what cache holds; IMPORT_LBA_ZEROS for nothing */
    uint8_t cache[FSI_BLOCK_SIZE];
} dir_stream;

/* Where the byte at offset is: the sector and the logical block a tag there records. */
static void locate(dir_stream *s, uint64_t offset, uint32_t *sector, uint32_t *logical, uint32_t *in_sector,
                   uint32_t *in_piece_left)
{
    while (offset >= s->piece_start + s->pieces[s->piece].length) {
        s->piece_start += s->pieces[s->piece].length;
        s->piece++;
    }
    uint64_t within = offset - s->piece_start;
    const udf_piece *p = &s->pieces[s->piece];
    *sector = p->sector + (uint32_t)(within / FSI_BLOCK_SIZE);
    *logical = p->logical + (uint32_t)(within / FSI_BLOCK_SIZE);
    *in_sector = (uint32_t)(within % FSI_BLOCK_SIZE);
    *in_piece_left = (uint32_t)(p->length - within);
}

/* Copies len bytes at offset (offset + len within the stream, offsets never going back). */
static fsi_hresult stream_copy(dir_stream *s, uint64_t offset, uint32_t len, uint8_t *out)
{
    if (s->e->ad_type == UDF_AD_EMBEDDED) {
        memcpy(out, s->e->data + s->e->ad_offset + offset, len);
        return FSI_S_OK;
    }
    while (len > 0) {
        uint32_t sector, logical, in_sector, in_piece_left;
        locate(s, offset, &sector, &logical, &in_sector, &in_piece_left);
        if (sector != s->cached_sector) {
            fsi_hresult hr = s->r->disc->read(s->r->disc->ctx, sector, 1, s->cache, s->r->err);
            if (hr < 0)
                return hr;
            s->cached_sector = sector;
        }
        uint32_t n = FSI_BLOCK_SIZE - in_sector;
        if (n > in_piece_left)
            n = in_piece_left;
        if (n > len)
            n = len;
        memcpy(out, s->cache + in_sector, n);
        out += n;
        offset += n;
        len -= n;
    }
    return FSI_S_OK;
}

typedef struct child_list {
    import_entry *entries;
    udf_address *icbs;
    uint32_t count, capacity;
} child_list;

static void free_children(child_list *c)
{
    for (uint32_t i = 0; i < c->count; i++)
        free(c->entries[i].name);
    free(c->entries);
    free(c->icbs);
}

static fsi_hresult add_child(udf_reader *r, child_list *c, const fsi_char *name, int units, uint8_t characteristics,
                             udf_address icb)
{
    if (c->count == c->capacity) {
        uint32_t capacity = c->capacity ? c->capacity * 2 : 16;
        import_entry *entries = capacity > c->capacity ? realloc(c->entries, capacity * sizeof(*entries)) : NULL;
        if (entries)
            c->entries = entries;
        udf_address *icbs = entries ? realloc(c->icbs, capacity * sizeof(*icbs)) : NULL;
        if (!icbs)
            return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
        c->icbs = icbs;
        c->capacity = capacity;
    }
    import_entry *child = &c->entries[c->count];
    memset(child, 0, sizeof(*child));
    child->name = malloc(((size_t)units + 1) * sizeof(fsi_char));
    if (!child->name)
        return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    memcpy(child->name, name, ((size_t)units + 1) * sizeof(fsi_char));
    child->is_dir = (characteristics & FID_DIRECTORY) != 0;
    child->hidden = (characteristics & FID_HIDDEN) != 0;
    c->icbs[c->count++] = icb;
    return FSI_S_OK;
}

/* The descriptor at offset into fid (its size in *size) with its tag judged. */
static fsi_hresult read_fid(dir_stream *s, uint64_t offset, uint64_t length, uint8_t *fid, uint32_t *size)
{
    udf_reader *r = s->r;
    uint32_t sector = 0, logical = s->e->where.block, in_sector, left;
    fsi_hresult hr;

    if (s->e->ad_type != UDF_AD_EMBEDDED)
        locate(s, offset, &sector, &logical, &in_sector, &left);
    else
        (void)udf_map_block(r, s->e->where, &sector, "directory"); /* its entry was read from there */
    if (length - offset < FID_HEADER)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the directory at sector %u ends with %llu bytes, too few for an identifier descriptor",
                        (unsigned)sector, (unsigned long long)(length - offset));
    hr = stream_copy(s, offset, FID_HEADER, fid);
    if (hr < 0)
        return hr;
    if (get_le16(fid) != UDF_TAG_FILE_IDENTIFIER)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: byte %llu of the directory at sector %u holds tag %u, not a file identifier descriptor",
                        (unsigned long long)offset, (unsigned)sector, (unsigned)get_le16(fid));
    *size = (FID_HEADER + get_le16(fid + 36) + fid[19] + 3u) & ~3u;
    if (*size > length - offset)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the identifier descriptor of %u bytes at sector %u runs past its directory's end",
                        (unsigned)*size, (unsigned)sector);
    hr = stream_copy(s, offset + FID_HEADER, *size - FID_HEADER, fid + FID_HEADER);
    if (hr < 0)
        return hr;
    return udf_check_tag(r, fid, *size, UDF_TAG_FILE_IDENTIFIER, logical, "file identifier descriptor", sector);
}

static fsi_hresult read_fids(dir_stream *s, child_list *c, uint64_t *entries_left)
{
    udf_reader *r = s->r;
    uint64_t length = s->e->length;
    uint8_t *fid = malloc(FID_MAX);
    fsi_char name[256];
    fsi_hresult hr = fid ? FSI_S_OK : fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");

    for (uint64_t offset = 0; hr >= 0 && offset < length;) {
        uint32_t size = 0;
        hr = read_fid(s, offset, length, fid, &size);
        if (hr < 0)
            break;
        offset += size;
        uint8_t characteristics = fid[18];
        if (characteristics & (FID_DELETED | FID_PARENT))
            continue;
        int units = udf_cs0_decode(fid + FID_HEADER + get_le16(fid + 36), fid[19], name, 255);
        if (units <= 0) {
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: the identifier descriptor at byte %llu of the directory at block %u of partition %u "
                          "has a name that is not OSTA compressed Unicode", (unsigned long long)(offset - size),
                          (unsigned)s->e->where.block, (unsigned)s->e->where.ref);
            break;
        }
        if (*entries_left == 0) {
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: more than %llu files and directories (the directory at block %u of partition %u)",
                          (unsigned long long)r->limits.max_entries, (unsigned)s->e->where.block,
                          (unsigned)s->e->where.ref);
            break;
        }
        (*entries_left)--;
        udf_address icb = {.block = get_le32(fid + 24), .ref = get_le16(fid + 28)};
        hr = add_child(r, c, name, units, characteristics, icb);
    }
    free(fid);
    return hr;
}

fsi_hresult udf_read_directory(udf_reader *r, const udf_entry *e, import_entry *dir, udf_address **icbs,
                               uint64_t *entries_left)
{
    dir_stream *s = malloc(sizeof(*s));
    child_list c = {0};
    udf_piece *pieces = NULL;
    uint32_t count = 0;
    fsi_hresult hr;

    *icbs = NULL;
    if (!s)
        return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    hr = udf_entry_pieces(r, e, &pieces, &count);
    for (uint32_t i = 0; hr >= 0 && i < count; i++)
        if (pieces[i].sector == IMPORT_LBA_ZEROS)
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: the directory at block %u of partition %u has an extent that is not recorded",
                          (unsigned)e->where.block, (unsigned)e->where.ref);
    if (hr >= 0) {
        *s = (dir_stream){.r = r, .e = e, .pieces = pieces, .piece_count = count,
                          .cached_sector = IMPORT_LBA_ZEROS};
        hr = read_fids(s, &c, entries_left);
    }
    free(pieces);
    free(s);
    if (hr < 0) {
        free_children(&c);
        return hr;
    }
    if (c.count == 0) {
        free_children(&c);
        return FSI_S_OK;
    }
    dir->children = c.entries;
    dir->child_count = c.count;
    *icbs = c.icbs;
    return FSI_S_OK;
}
