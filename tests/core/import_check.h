/* Test helpers for the readers of import.h: a disc over a layout of our own core, looking items up in
 * an import_tree by path, and reading a file's bytes back through its extents.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef IMPORT_CHECK_H
#define IMPORT_CHECK_H
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "import.h"

/* ---------------------------------------------------------------- a disc over a layout --------- */

static inline fsi_hresult layout_disc_read(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    return fsi_reader_read(ctx, (uint64_t)lba * FSI_BLOCK_SIZE, buf, (size_t)count * FSI_BLOCK_SIZE, err);
}

/* Reads the image the layout describes without rendering it whole (a level 3 image is > 4 GiB). */
static inline fsi_disc layout_disc(fsi_layout *layout, fsi_reader **reader)
{
    fsi_error err = {0};
    fsi_disc disc = {0};
    CHECK_HR(fsi_reader_create(layout, reader, &err), 0);
    disc.read = layout_disc_read;
    disc.ctx = *reader;
    disc.end = fsi_layout_total_blocks(layout);
    return disc;
}

/* ---------------------------------------------------------------- the tree --------------------- */

static inline int name_is(const import_entry *e, const char *utf8)
{
    char got[800];
    fsi_utf16_to_utf8(e->name, got, sizeof got);
    return strcmp(got, utf8) == 0;
}

/* The entry at "a/b/c" below root (NULL: not there, reported). */
static inline const import_entry *find_entry(const import_entry *root, const char *path)
{
    const import_entry *at = root;
    char part[300];
    while (*path) {
        size_t n = strcspn(path, "/");
        if (n >= sizeof part)
            return NULL;
        memcpy(part, path, n);
        part[n] = 0;
        const import_entry *next = NULL;
        for (uint32_t i = 0; i < at->child_count && !next; i++)
            if (name_is(&at->children[i], part))
                next = &at->children[i];
        if (!next) {
            CHECK_MSG(0, "no '%s' in the imported tree", part);
            return NULL;
        }
        at = next;
        path += n + (path[n] == '/');
    }
    return at;
}

/* Bytes expected at offset of a file, for compare_extents. */
typedef void (*expected_bytes)(void *ctx, uint64_t offset, uint8_t *out, size_t len);

/* The file's bytes read from the disc through its extents equal the expected ones, in windows of
 * window bytes at every extent's start and end (window 0: every byte). Returns 1 when all equal. */
static inline int compare_extents(const fsi_disc *disc, const import_entry *file, expected_bytes expect, void *ctx,
                           uint64_t window)
{
    static uint8_t got[64 * 1024], want[64 * 1024];
    fsi_error err = {0};
    uint64_t file_offset = 0, total = 0;
    int same = 1;
    for (uint32_t k = 0; k < file->extent_count; k++) {
        const import_extent *x = &file->extents[k];
        total += x->length;
        if (k + 1 < file->extent_count)
            CHECK_MSG(x->length % FSI_BLOCK_SIZE == 0, "extent %u of %u bytes is not whole sectors", k, x->length);
        uint64_t skip_to = x->length > window ? (x->length - window) / FSI_BLOCK_SIZE * FSI_BLOCK_SIZE : 0;
        for (uint64_t pos = 0; pos < x->length;) {
            if (window && pos >= window && pos < skip_to) {
                pos = skip_to;
                continue;
            }
            uint64_t n = x->length - pos < sizeof got ? x->length - pos : sizeof got;
            uint32_t first = x->lba + (uint32_t)(pos / FSI_BLOCK_SIZE);
            uint32_t count = (uint32_t)((n + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
            CHECK_MSG(first + (uint64_t)count <= disc->end, "extent %u reaches past the disc", k);
            if (first + (uint64_t)count > disc->end)
                return 0;
            CHECK_HR(disc->read(disc->ctx, first, count, got, &err), 0);
            expect(ctx, file_offset + pos, want, (size_t)n);
            if (memcmp(got, want, (size_t)n) != 0) {
                same = 0;
                CHECK_MSG(0, "bytes at file offset %llu differ", (unsigned long long)(file_offset + pos));
                break;
            }
            pos += n;
        }
        file_offset += x->length;
    }
    CHECK_MSG(total == file->size, "extents hold %llu bytes, the file %llu", (unsigned long long)total,
              (unsigned long long)file->size);
    return same && total == file->size;
}

#endif
