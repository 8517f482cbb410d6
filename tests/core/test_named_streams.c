/* Named streams and real-time files in the core: the edits and their errors, the totals, the size
 * limit, and the UDF structures read back raw. With --write DIR REVISION FILE_SYSTEMS it writes
 * DIR/image.iso from DIR/tree (which it creates) plus named streams and a real-time file, and
 * DIR/expect.txt for tests/oracle/udf_streams (check-image.sh --streams).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "endian.h"
#include "estimate.h"
#include "hresult.h"
#include "image.h"
#include "layout.h"

static const fsi_time fixed_time = 133000000000000000LL;

static fsi_char *u16(const char *s) { return fsi_utf8_to_utf16(s); }

static fsi_source *memory(const char *text)
{
    fsi_source *src = NULL;
    fsi_error err = {0};
    CHECK_HR(fsi_source_from_memory(text, strlen(text), &src, &err), 0);
    return src;
}

static fsi_node *item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    fsi_char *p = u16(path);
    fsi_error err = {0};
    CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &node, &err), 0);
    free(p);
    return node;
}

static fsi_hresult add_stream(fsi_node *file, const char *name, const char *text, fsi_error *err)
{
    fsi_char *n = u16(name);
    fsi_source *src = memory(text);
    fsi_hresult hr = fsi_file_add_stream(file, n, src, err);
    fsi_source_release(src);
    free(n);
    return hr;
}

static fsi_hresult remove_stream(fsi_node *file, const char *name, fsi_error *err)
{
    fsi_char *n = u16(name);
    fsi_hresult hr = fsi_file_remove_stream(file, n, err);
    free(n);
    return hr;
}

static void add_file(fsi_image *img, const char *path, const char *text)
{
    fsi_char *p = u16(path);
    fsi_source *src = memory(text);
    fsi_error err = {0};
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), p, src, &err), 0);
    fsi_source_release(src);
    free(p);
}

static int path_is(const fsi_node *node, const char *want)
{
    fsi_char *path = NULL, *w = u16(want);
    int same = fsi_node_full_path(node, &path, NULL) >= 0 && fsi_strlen16(path) == fsi_strlen16(w) &&
               !memcmp(path, w, fsi_strlen16(w) * sizeof(fsi_char));
    free(path);
    free(w);
    return same;
}

static void test_edits(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    add_file(img, "\\a.txt", "main");
    fsi_node *a = item(img, "\\a.txt");

    /* Without UDF 2.00+ the stream is kept, with the documented success code. */
    CHECK_HR(add_stream(a, "one", "first stream", &err), IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    CHECK(fsi_file_stream_count(a) == 1 && fsi_image_file_count(img) == 1);
    fsi_node *one = fsi_node_retain(fsi_file_stream(a, 0)); /* as a COM item holds it */
    CHECK(one && fsi_node_is_named_stream(one) && !fsi_node_is_named_stream(a));
    CHECK(fsi_node_file_size(one) == 12 && path_is(one, "\\a.txt:one"));
    CHECK(fsi_file_stream(a, 1) == NULL);
    CHECK(img->stream_count == 1 && img->stream_data_blocks == 1 && img->stream_udf_blocks == 3);
    /* Names: taken (case ignored), empty, with a separator or ':', too long for UDF. */
    CHECK_HR(add_stream(a, "ONE", "x", &err), IMAPI_E_DUP_NAME);
    CHECK(strstr(err.message, "ONE") != NULL);
    CHECK_HR(add_stream(a, "", "x", &err), IMAPI_E_INVALID_PARAM);
    CHECK_HR(add_stream(a, "a\\b", "x", &err), IMAPI_E_INVALID_PARAM);
    CHECK_HR(add_stream(a, "a:b", "x", &err), IMAPI_E_INVALID_PARAM);
    char long_name[300];
    memset(long_name, 'n', 255);
    long_name[255] = 0;
    CHECK_HR(add_stream(a, long_name, "x", &err), IMAPI_E_INVALID_PARAM);
    long_name[254] = 0; /* 254 bytes + the compression id: exactly UDF's 255 */
    CHECK_HR(add_stream(a, long_name, "x", &err), IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    CHECK_HR(remove_stream(a, long_name, &err), IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    /* A stream has no streams and no real-time attribute. */
    CHECK_HR(add_stream(one, "x", "x", &err), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_node_set_real_time(one, 1, &err), IMAPI_E_PROPERTY_NOT_ACCESSIBLE);
    CHECK(fsi_file_stream_count(a) == 1 && img->stream_count == 1);
    /* Real time: kept below 2.01 with the success code, plain S_OK from 2.01. */
    CHECK(!fsi_node_real_time(a));
    CHECK_HR(fsi_node_set_real_time(a, 1, &err), IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    CHECK(fsi_node_real_time(a));
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, 0x200, &err), 0);
    CHECK_HR(fsi_node_set_real_time(a, 0, &err), IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    CHECK_HR(fsi_image_set_udf_revision(img, 0x201, &err), 0);
    CHECK_HR(fsi_node_set_real_time(a, 1, &err), 0);
    /* With UDF 2.00+ the edits succeed plainly. */
    CHECK_HR(add_stream(a, "two", "second", &err), 0);
    CHECK_HR(remove_stream(a, "nope", &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "nope") != NULL);
    CHECK_HR(remove_stream(a, "ONE", &err), 0);
    CHECK(fsi_file_stream_count(a) == 1 && path_is(fsi_file_stream(a, 0), "\\a.txt:two"));
    /* A stream held after it was removed is detached from the file. */
    CHECK(fsi_node_is_named_stream(one) && path_is(one, ":one") && !fsi_node_in_tree(one));
    fsi_node_release(one);
    /* A file no longer in the image takes no streams; its streams leave the totals with it. */
    fsi_char *p = u16("\\a.txt");
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), p, &err), 0);
    free(p);
    CHECK(img->stream_count == 0 && img->stream_data_blocks == 0 && img->stream_udf_blocks == 0);
    CHECK_HR(add_stream(a, "three", "x", &err), IMAPI_E_NOT_IN_FILE_SYSTEM);
    CHECK_HR(remove_stream(a, "two", &err), IMAPI_E_NOT_IN_FILE_SYSTEM);
    fsi_node_release(a);
    fsi_image_destroy(img);
}

/* At most FSI_NAMED_STREAMS_MAX in an image; FreeMediaBlocks refuses a stream that does not fit and
 * keeps everything as it was. */
static void test_limits(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    char name[16];
    add_file(img, "\\a", "a");
    add_file(img, "\\b", "b");
    fsi_node *a = item(img, "\\a"), *b = item(img, "\\b");
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, 0x250, &err), 0);
    for (int i = 0; i < FSI_NAMED_STREAMS_MAX; i++) {
        snprintf(name, sizeof(name), "s%d", i);
        CHECK_HR(add_stream(i % 2 ? a : b, name, "x", &err), 0);
    }
    CHECK_HR(add_stream(a, "over", "x", &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "1000") != NULL && img->stream_count == FSI_NAMED_STREAMS_MAX);
    fsi_layout *layout;
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK(fsi_estimate_blocks(img) == fsi_layout_total_blocks(layout));
    fsi_layout_release(layout);
    CHECK_HR(remove_stream(a, "s1", &err), 0);
    uint32_t used = fsi_estimate_blocks(img);
    CHECK_HR(fsi_image_set_free_media_blocks(img, (int32_t)used, &err), 0);
    static char big[200000]; /* blocks more than any alignment could absorb */
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    CHECK_HR(add_stream(a, "big", big, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK(fsi_estimate_blocks(img) == used && img->stream_count == FSI_NAMED_STREAMS_MAX - 1);
    fsi_node_release(a);
    fsi_node_release(b);
    fsi_image_destroy(img);
}

static uint8_t *read_image(fsi_layout *layout)
{
    fsi_reader *reader;
    fsi_error err = {0};
    size_t size = (size_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    uint8_t *buf = malloc(size);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    CHECK_HR(fsi_reader_read(reader, 0, buf, size, &err), 0);
    fsi_reader_destroy(reader);
    return buf;
}

/* Every revision and file-system mix: the estimate equals the layout, and a stream's bytes are in the
 * image exactly when UDF 2.00+ records them. */
static void test_layouts(void)
{
    static const uint32_t systems[] = {FSI_FS_ISO9660 | FSI_FS_JOLIET, FSI_FS_UDF,
                                       FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF};
    static const char marker[] = "a stream marker that no other data has";
    for (size_t s = 0; s < sizeof(systems) / sizeof(systems[0]); s++)
        for (int r = 0; r < FSI_UDF_REVISION_COUNT; r++) {
            fsi_image *img = fsi_image_create();
            fsi_error err = {0};
            fsi_layout *layout = NULL;
            fsi_char *d = u16("\\d");
            CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), d, &err), 0);
            free(d);
            add_file(img, "\\d\\f", "file data");
            fsi_node *f = item(img, "\\d\\f");
            CHECK_HR(fsi_image_set_file_systems(img, systems[s], &err), 0);
            CHECK_HR(fsi_image_set_udf_revision(img, fsi_udf_revisions[r], &err), 0);
            int recorded = (systems[s] & FSI_FS_UDF) && fsi_udf_revisions[r] >= 0x200;
            CHECK_HR(add_stream(f, "m", marker, &err), recorded ? 0 : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
            CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
            CHECK_MSG(fsi_estimate_blocks(img) == fsi_layout_total_blocks(layout), "fs 0x%X rev 0x%X: %u != %u",
                      (unsigned)systems[s], (unsigned)fsi_udf_revisions[r], (unsigned)fsi_estimate_blocks(img),
                      (unsigned)fsi_layout_total_blocks(layout));
            uint8_t *bytes = read_image(layout);
            int found = 0;
            for (uint32_t b = 0; b < fsi_layout_total_blocks(layout); b++)
                found |= !memcmp(bytes + (size_t)b * FSI_BLOCK_SIZE, marker, sizeof(marker) - 1);
            CHECK_MSG(found == recorded, "fs 0x%X rev 0x%X: stream data %s", (unsigned)systems[s],
                      (unsigned)fsi_udf_revisions[r], found ? "written" : "missing");
            /* Streams added after the layout leave it as it was. */
            CHECK_HR(add_stream(f, "later", marker, &err), recorded ? 0 : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
            free(bytes);
            fsi_layout_release(layout);
            fsi_node_release(f);
            fsi_image_destroy(img);
        }
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK_MSG(f != NULL, "cannot write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The image check-image.sh --streams reads: files with streams (one empty, one of several blocks, one
 * with a wide name), a file without, a real-time file, in folders. */
static int write_image(const char *dir, const char *revision, const char *file_systems)
{
    char path[4096], big[9000];
    fsi_error err = {0};
    uint32_t mask = 0;
    fsi_image *img = fsi_image_create();

    if (!fsi_parse_file_systems(file_systems, &mask))
        return fprintf(stderr, "bad file systems %s\n", file_systems), 2;
    CHECK_HR(fsi_image_set_file_systems(img, mask, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, (int32_t)strtol(revision, NULL, 16), &err), 0);
    const char *dirs[] = {"", "/tree", "/tree/sub", "/streams"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s%s", dir, dirs[i]);
        mkdir(path, 0777);
    }
    static const char *const files[][2] = {{"a.txt", "main a"}, {"plain.txt", "no streams"},
                                           {"sub/rt.bin", "real-time data"}, {"sub/b", ""}};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/tree/%s", dir, files[i][0]);
        write_file(path, files[i][1]);
    }
    snprintf(path, sizeof(path), "%s/tree", dir);
    fsi_char *source = u16(path);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), source, 1, &err), 0);
    free(source);
    memset(big, 0, sizeof(big));
    for (size_t i = 0; i + 1 < sizeof(big); i++)
        big[i] = (char)('a' + i % 23);
    static const char *const streams[][3] = {
        {"/tree/a.txt", "Zone.Identifier", "[ZoneTransfer]\r\nZoneId=3\r\n"},
        {"/tree/a.txt", "empty", ""},
        {"/tree/a.txt", "big", NULL},
        {"/tree/sub/b", "\xE6\x97\xA5\xE6\x9C\xAC", "wide name"},
    };
    FILE *expect;
    snprintf(path, sizeof(path), "%s/expect.txt", dir);
    expect = fopen(path, "w");
    for (size_t i = 0; i < 4; i++) {
        fsi_node *file = item(img, streams[i][0]);
        const char *text = streams[i][2] ? streams[i][2] : big;
        CHECK_HR(add_stream(file, streams[i][1], text, &err), 0);
        snprintf(path, sizeof(path), "%s/streams/%zu", dir, i);
        write_file(path, text);
        fprintf(expect, "S\t%s\t%s\t%s\n", streams[i][0], streams[i][1], path);
        fsi_node_release(file);
    }
    fsi_node *rt = item(img, "/tree/sub/rt.bin");
    int real_time = fsi_image_udf_revision(img) >= 0x201; /* 2.00 keeps the attribute but cannot record it */
    CHECK_HR(fsi_node_set_real_time(rt, 1, &err), real_time ? 0 : IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED);
    fsi_node_release(rt);
    fprintf(expect, "N\t/tree/plain.txt\n%s\t/tree/sub/rt.bin\nF\t/tree/plain.txt\n", real_time ? "R" : "F");
    fclose(expect);

    fsi_layout *layout;
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK(fsi_estimate_blocks(img) == fsi_layout_total_blocks(layout));
    uint8_t *bytes = read_image(layout);
    snprintf(path, sizeof(path), "%s/image.iso", dir);
    FILE *out = fopen(path, "wb");
    CHECK(out && fwrite(bytes, FSI_BLOCK_SIZE, fsi_layout_total_blocks(layout), out) == fsi_layout_total_blocks(layout));
    if (out)
        fclose(out);
    free(bytes);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    return check_report();
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "--write"))
        return write_image(argv[2], argv[3], argv[4]);
    test_edits();
    test_limits();
    test_layouts();
    return check_report();
}
