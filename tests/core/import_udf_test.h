/* What the tests of the UDF reader share: sample images made by our own writer, a disc over a layout
 * (for files too big to render), the comparison of an imported tree with the image it came from (names,
 * kinds, sizes, hidden, times and every file's bytes read through its extents), and finders of the
 * descriptors the malformed-image tests damage. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef IMPORT_UDF_TEST_H
#define IMPORT_UDF_TEST_H

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "endian.h"
#include "hresult.h"
#include "image.h"
#include "import.h"
#include "layout.h"
#include "udf_tag.h"

static const fsi_time udf_test_created = 133000000000000000LL; /* 2022-06-18 */

static inline fsi_char *udf_test_w(const char *utf8)
{
    fsi_char *s = fsi_utf8_to_utf16(utf8);
    if (!s)
        abort();
    return s;
}

/* Deterministic bytes of a file of the sample: the same for a given size and seed. */
static inline void udf_test_fill(uint8_t *data, size_t size, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (uint8_t)(x >> 16);
    }
}

static inline void udf_test_add_file(fsi_image *img, const char *path, size_t size, unsigned seed)
{
    fsi_error err = {0};
    fsi_source *src = NULL;
    uint8_t *data = malloc(size ? size : 1);
    udf_test_fill(data, size, seed);
    CHECK_HR(fsi_source_from_memory(data, size, &src, &err), 0);
    fsi_char *p = udf_test_w(path);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), p, src, &err), 0);
    free(p);
    fsi_source_release(src);
    free(data);
}

static inline fsi_node *udf_test_item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    fsi_char *p = udf_test_w(path);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &node, NULL), 0);
    free(p);
    return node;
}

/* Nested folders, an empty folder, an empty file, a hidden file and a hidden folder, sizes around block
 * boundaries, a name of 16-bit CS0 and a long one, times of our own choosing on some items. */
static inline fsi_image *udf_test_sample(uint32_t systems, int32_t revision, int redundant)
{
    static const char *const dirs[] = {"\\dir", "\\dir\\sub", "\\dir\\sub\\deep", "\\dir\\sub\\deep\\deeper",
                                       "\\empty folder", "\\hidden dir"};
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    char long_name[220];

    CHECK_HR(fsi_image_set_file_systems(img, systems, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    fsi_image_set_udf_redundant_metadata(img, redundant);
    fsi_char *label = udf_test_w("Imported Label");
    CHECK_HR(fsi_image_set_volume_name(img, label, &err), 0);
    free(label);
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        fsi_char *d = udf_test_w(dirs[i]);
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), d, &err), 0);
        free(d);
    }
    udf_test_add_file(img, "\\a.txt", 1000, 1);
    udf_test_add_file(img, "\\empty.bin", 0, 2);
    udf_test_add_file(img, "\\dir\\block.bin", 2048, 3);
    udf_test_add_file(img, "\\dir\\b.bin", 5001, 4);
    udf_test_add_file(img, "\\dir\\hidden.txt", 77, 5);
    udf_test_add_file(img, "\\dir\\sub\\c", 3000, 6);
    udf_test_add_file(img, "\\dir\\sub\\deep\\deeper\\bottom.dat", 70000, 7);
    udf_test_add_file(img, "\\\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E.txt", 12, 8); /* 日本語.txt */
    udf_test_add_file(img, "\\caf\xC3\xA9 na\xC3\xAFve.txt", 13, 9);               /* 8-bit CS0 above ASCII */
    udf_test_add_file(img, "\\hidden dir\\in hidden.txt", 4096 * 3 + 1, 10);
    long_name[0] = '\\';
    for (int i = 1; i < 200; i++)
        long_name[i] = (char)('a' + i % 26);
    strcpy(long_name + 200, ".long");
    udf_test_add_file(img, long_name, 2049, 11);

    fsi_node *n = udf_test_item(img, "\\dir\\hidden.txt");
    fsi_node_set_hidden(n, 1);
    fsi_node_release(n);
    n = udf_test_item(img, "\\hidden dir");
    fsi_node_set_hidden(n, 1);
    fsi_node_release(n);
    n = udf_test_item(img, "\\a.txt");
    fsi_node_set_time(n, FSI_TIME_MODIFIED, 125000000000000007LL); /* 7 ticks below a microsecond */
    fsi_node_release(n);
    n = udf_test_item(img, "\\dir\\sub");
    fsi_node_set_time(n, FSI_TIME_MODIFIED, 128000000000000000LL);
    fsi_node_release(n);
    return img;
}

static inline uint8_t *udf_test_render(fsi_image *img, uint32_t *blocks)
{
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    CHECK_HR(layout_create_at(img, udf_test_created, &layout, &err), 0);
    *blocks = fsi_layout_total_blocks(layout);
    uint8_t *buf = malloc((size_t)*blocks * FSI_BLOCK_SIZE);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    CHECK_HR(fsi_reader_read(reader, 0, buf, (size_t)*blocks * FSI_BLOCK_SIZE, &err), 0);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    return buf;
}

/* A disc whose sectors a layout renders on demand: images of hundreds of GiB cost nothing. */
static inline fsi_hresult udf_test_layout_read(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    return fsi_reader_read(ctx, (uint64_t)lba * FSI_BLOCK_SIZE, buf, (size_t)count * FSI_BLOCK_SIZE, err);
}

/* The bytes of a file as its extents (or inline data) give them; NULL when they cannot be read. */
static inline uint8_t *udf_test_file_bytes(const fsi_disc *disc, const import_entry *e)
{
    uint8_t *out = malloc(e->size ? (size_t)e->size : 1), sector[FSI_BLOCK_SIZE];
    fsi_error err = {0};
    uint64_t at = 0;
    if (e->inline_data) {
        memcpy(out, e->inline_data, (size_t)e->size);
        return out;
    }
    for (uint32_t i = 0; i < e->extent_count; i++) {
        const import_extent *x = &e->extents[i];
        if (at + x->length > e->size || (i + 1 < e->extent_count && x->length % FSI_BLOCK_SIZE)) {
            free(out);
            return NULL;
        }
        for (uint32_t done = 0; done < x->length; done += FSI_BLOCK_SIZE) {
            uint32_t n = x->length - done < FSI_BLOCK_SIZE ? x->length - done : FSI_BLOCK_SIZE;
            if (x->lba == IMPORT_LBA_ZEROS)
                memset(sector, 0, sizeof(sector));
            else if (disc->read(disc->ctx, x->lba + done / FSI_BLOCK_SIZE, 1, sector, &err) < 0) {
                free(out);
                return NULL;
            }
            memcpy(out + at + done, sector, n);
        }
        at += x->length;
    }
    if (at != e->size) {
        free(out);
        return NULL;
    }
    return out;
}

static inline fsi_time udf_test_expected_time(const fsi_node *node)
{
    fsi_time t = fsi_node_time(node, FSI_TIME_MODIFIED);
    if (!t)
        t = udf_test_created;
    return t - t % 10; /* UDF records microseconds */
}

/* The imported directory against the image's: same children by UDF name, kinds, sizes, hidden bits,
 * times and bytes. Counts what it saw. */
static inline void udf_test_compare_dir(const fsi_disc *disc, fsi_node *dir, const import_entry *got,
                                        const char *path, uint64_t *files, uint64_t *dirs)
{
    fsi_node **children = NULL;
    uint32_t count = 0;
    fsi_error err = {0};
    char name8[1024];

    CHECK_HR(fsi_dir_children(dir, &children, &count, &err), 0);
    CHECK_MSG(got->child_count == count, "%s: %u children read, %u in the image", path, (unsigned)got->child_count,
              (unsigned)count);
    CHECK_MSG(got->times[FSI_TIME_MODIFIED] == udf_test_expected_time(dir), "%s: modified %lld, expected %lld", path,
              (long long)got->times[FSI_TIME_MODIFIED], (long long)udf_test_expected_time(dir));
    for (uint32_t i = 0; i < count; i++) {
        fsi_char *udf_name = NULL;
        CHECK_HR(fsi_node_file_system_name(children[i], FSI_FS_UDF, &udf_name, &err), 0);
        const import_entry *match = NULL;
        for (uint32_t k = 0; k < got->child_count && udf_name; k++)
            if (got->children[k].name && fsi_strlen16(got->children[k].name) == fsi_strlen16(udf_name) &&
                !memcmp(got->children[k].name, udf_name, fsi_strlen16(udf_name) * sizeof(fsi_char)))
                match = &got->children[k];
        fsi_utf16_to_utf8(udf_name ? udf_name : fsi_node_name(children[i]), name8, sizeof(name8));
        CHECK_MSG(match != NULL, "%s: %s not read", path, name8);
        if (match) {
            const fsi_node *n = children[i];
            int is_dir = fsi_node_kind(n) == FSI_KIND_DIRECTORY;
            CHECK_MSG(match->is_dir == is_dir, "%s\\%s: kind", path, name8);
            CHECK_MSG(match->hidden == (fsi_node_hidden(n) != 0), "%s\\%s: hidden %u", path, name8,
                      (unsigned)match->hidden);
            for (int t = 0; t < 3; t++)
                CHECK_MSG(match->times[t] == udf_test_expected_time(n), "%s\\%s: time %d is %lld, expected %lld", path,
                          name8, t, (long long)match->times[t], (long long)udf_test_expected_time(n));
            if (is_dir) {
                char sub[2048];
                snprintf(sub, sizeof(sub), "%s\\%s", path, name8);
                (*dirs)++;
                udf_test_compare_dir(disc, children[i], match, sub, files, dirs);
            } else {
                uint64_t size = fsi_node_file_size(n);
                (*files)++;
                CHECK_MSG(match->size == size, "%s\\%s: size %llu, expected %llu", path, name8,
                          (unsigned long long)match->size, (unsigned long long)size);
                CHECK_MSG(match->child_count == 0 && !match->children, "%s\\%s: a file with children", path, name8);
                uint8_t *bytes = match->size == size ? udf_test_file_bytes(disc, match) : NULL;
                uint8_t *want = malloc(size ? (size_t)size : 1);
                fsi_source *src = fsi_node_file_source(n);
                void *handle = NULL;
                if (size) {
                    CHECK_HR(src->ops->open(src, &handle, &err), 0);
                    CHECK_HR(src->ops->read(src, handle, 0, want, (size_t)size, &err), 0);
                    src->ops->close(src, handle);
                }
                CHECK_MSG(bytes && !memcmp(bytes, want, (size_t)size), "%s\\%s: bytes differ", path, name8);
                free(bytes);
                free(want);
            }
        }
        fsi_free(udf_name);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
}

/* Recomputes a descriptor's CRC (over its recorded CRC length) and tag checksum after an edit, so
 * that a test damages only the field it means to. */
static inline void udf_test_retag(uint8_t *d)
{
    uint8_t sum = 0;
    put_le16(d + 8, udf_crc(d + 16, get_le16(d + 10)));
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + d[i]);
    d[4] = sum;
}

/* The n-th block (from 0) whose tag has identifier id. */
static inline uint8_t *udf_test_find_tag(uint8_t *image, uint32_t blocks, uint16_t id, int n)
{
    for (uint32_t b = 0; b < blocks; b++) {
        uint8_t *d = image + (size_t)b * FSI_BLOCK_SIZE;
        if (get_le16(d) == id && get_le32(d + 12) <= b && get_le16(d + 2) >= 2 && get_le16(d + 2) <= 3 && n-- == 0)
            return d;
    }
    return NULL;
}

/* The file entry (tag 261 or 266) of information length size and file type type. */
static inline uint8_t *udf_test_find_entry(uint8_t *image, uint32_t blocks, uint64_t size, uint8_t type)
{
    for (uint32_t b = 0; b < blocks; b++) {
        uint8_t *d = image + (size_t)b * FSI_BLOCK_SIZE;
        if ((get_le16(d) == UDF_TAG_FILE_ENTRY || get_le16(d) == UDF_TAG_EXTENDED_FILE_ENTRY) && d[27] == type &&
            ((uint64_t)get_le32(d + 56) | (uint64_t)get_le32(d + 60) << 32) == size)
            return d;
    }
    return NULL;
}

/* The file identifier descriptor whose 8-bit CS0 name is name (ASCII). */
static inline uint8_t *udf_test_find_fid(uint8_t *image, uint32_t blocks, const char *name)
{
    size_t len = strlen(name);
    size_t total = (size_t)blocks * FSI_BLOCK_SIZE;
    for (size_t at = 40; at + len + 1 < total; at += 4) {
        uint8_t *d = image + at;
        if (get_le16(d) == UDF_TAG_FILE_IDENTIFIER && d[19] == len + 1 && get_le16(d + 36) == 0 && d[38] == 8 &&
            !memcmp(d + 39, name, len))
            return d;
    }
    return NULL;
}

#endif
