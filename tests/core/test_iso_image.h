/* Test helpers: an image read into memory and an independent walk of its ECMA-119 structures.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef TEST_ISO_IMAGE_H
#define TEST_ISO_IMAGE_H

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fsi_core.h"

enum { BLOCK = 2048 };

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* The whole image, read sequentially in pieces of step bytes. */
static uint8_t *read_image(fsi_layout *layout, size_t step, size_t *size)
{
    fsi_reader *reader;
    fsi_error err = {0};
    *size = (size_t)fsi_layout_total_blocks(layout) * BLOCK;
    uint8_t *image = malloc(*size);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    for (size_t pos = 0; pos < *size; pos += step) {
        size_t n = *size - pos < step ? *size - pos : step;
        CHECK_HR(fsi_reader_read(reader, pos, image + pos, n, &err), 0);
    }
    fsi_reader_destroy(reader);
    return image;
}

/* One directory record as found in the image. */
typedef struct found_record {
    uint32_t extent, size;
    uint8_t flags;
    uint8_t date[7];
    uint8_t id[256];
    uint8_t id_len;
} found_record;

/* Calls cb for each record of the directory at extent (size bytes), "." and ".." included, checking
 * that both copies of each both-endian field agree and that no record crosses a block boundary. */
typedef int (*record_cb)(void *ctx, const found_record *r);
static void walk_directory(const uint8_t *image, size_t image_size, uint32_t extent, uint32_t size, record_cb cb,
                           void *ctx)
{
    CHECK(size % BLOCK == 0);
    CHECK((uint64_t)extent * BLOCK + size <= image_size);
    for (uint32_t b = 0; b < size / BLOCK; b++) {
        const uint8_t *block = image + ((size_t)extent + b) * BLOCK;
        size_t pos = 0;
        while (pos < BLOCK && block[pos] != 0) {
            const uint8_t *p = block + pos;
            found_record r;
            CHECK_MSG(pos + p[0] <= BLOCK, "record at block %u offset %zu crosses the block end", extent + b, pos);
            CHECK(le32(p + 2) == be32(p + 6) && le32(p + 10) == be32(p + 14));
            CHECK(le16(p + 28) == 1 && be16(p + 30) == 1);
            r.extent = le32(p + 2);
            r.size = le32(p + 10);
            r.flags = p[25];
            memcpy(r.date, p + 18, 7);
            r.id_len = p[32];
            memcpy(r.id, p + 33, r.id_len);
            CHECK(p[0] == 33 + r.id_len + !(r.id_len & 1));
            cb(ctx, &r);
            pos += p[0];
        }
    }
}

/* The identifier as text: ASCII for ISO 9660, UCS-2 big-endian turned into UTF-8 for Joliet. */
static void record_name(const found_record *r, int joliet, char *out, size_t out_size)
{
    if (!joliet) {
        size_t n = r->id_len < out_size - 1 ? r->id_len : out_size - 1;
        memcpy(out, r->id, n);
        out[n] = 0;
        return;
    }
    fsi_char units[129];
    size_t n = r->id_len / 2;
    for (size_t i = 0; i < n; i++)
        units[i] = be16(r->id + 2 * i);
    units[n] = 0;
    fsi_utf16_to_utf8(units, out, out_size);
}

#endif
