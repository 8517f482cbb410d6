/* The reader and file sources: one open per file read in pieces, close on switch and on destroy,
 * read failures returned with the file named. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "layout.h"

enum { FILE_SIZE = 10000 };

typedef struct counting_source {
    fsi_source base;
    uint8_t fill;
    int fail_reads;
    int opens, closes;
} counting_source;

static fsi_hresult counting_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)err;
    ((counting_source *)src)->opens++;
    *handle = src;
    return 0;
}

static fsi_hresult counting_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                                 fsi_error *err)
{
    counting_source *s = (counting_source *)src;
    (void)offset;
    CHECK(handle == src);
    if (s->fail_reads)
        return fsi_fail(err, (fsi_hresult)0xC0AAB129, "the disk went away");
    memset(buf, s->fill, len);
    return 0;
}

static void counting_close(fsi_source *src, void *handle)
{
    (void)handle;
    ((counting_source *)src)->closes++;
}

static void counting_destroy(fsi_source *src) { (void)src; }

static const fsi_source_ops counting_ops = {counting_open, counting_read, counting_close, counting_destroy};

static void add(fsi_image *img, const char *name, counting_source *s)
{
    fsi_error err = {0};
    fsi_char *path = fsi_utf8_to_utf16(name);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, &s->base, &err), 0);
    fsi_free(path);
}

int main(void)
{
    static counting_source a, b;
    fsi_image *img = fsi_image_create();
    fsi_layout *layout;
    fsi_reader *reader;
    fsi_error err = {0};
    static uint8_t image[1 << 20];

    fsi_source_init(&a.base, &counting_ops, FILE_SIZE);
    fsi_source_init(&b.base, &counting_ops, FILE_SIZE);
    a.fill = 0xAA;
    b.fill = 0xBB;
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    add(img, "a.bin", &a);
    fsi_char *dir = fsi_utf8_to_utf16("dir");
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
    fsi_free(dir);
    add(img, "dir/b.bin", &b);
    CHECK_HR(layout_create_at(img, 0, &layout, &err), 0);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);

    size_t size = (size_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    CHECK(size <= sizeof(image));
    for (size_t pos = 0; pos < size; pos += 100) /* many small reads per file */
        CHECK_HR(fsi_reader_read(reader, pos, image + pos, size - pos < 100 ? size - pos : 100, &err), 0);
    CHECK_MSG(a.opens == 1 && b.opens == 1, "opens %d %d", a.opens, b.opens);
    CHECK_MSG(a.closes == 1 && b.closes == 0, "closes %d %d (the last file stays open)", a.closes, b.closes);
    size_t count_a = 0, count_b = 0;
    for (size_t i = 0; i < size; i++) {
        count_a += image[i] == 0xAA;
        count_b += image[i] == 0xBB;
    }
    CHECK(count_a == FILE_SIZE && count_b == FILE_SIZE);
    fsi_reader_destroy(reader);
    CHECK(b.closes == 1);

    /* A failing source: its HRESULT comes back, and the message names the file. */
    b.fail_reads = 1;
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    fsi_hresult hr = 0;
    for (size_t pos = 0; pos < size && hr >= 0; pos += FSI_BLOCK_SIZE)
        hr = fsi_reader_read(reader, pos, image, FSI_BLOCK_SIZE, &err);
    CHECK_HR(hr, 0xC0AAB129);
    CHECK_MSG(strstr(err.message, "\\dir\\b.bin") && strstr(err.message, "the disk went away"), "message: %s",
              err.message);
    fsi_reader_destroy(reader);
    CHECK(a.opens == a.closes && b.opens == b.closes);

    fsi_layout_release(layout);
    fsi_image_destroy(img);
    return check_report();
}
