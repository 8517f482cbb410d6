/* ISO 9660 interchange level 3: files of any size as several file sections (multi-extent records) in
 * the ISO 9660 and the Joliet trees, and the 2 GiB limit of levels 1 and 2 at every edit and option
 * change. The sources are synthetic (bytes computed from their offset), so nothing big is stored.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "hresult.h"
#include "layout.h"
#include "test_iso_image.h"

#define GIB ((uint64_t)1 << 30)
#define MAX_SECTION ((uint64_t)0xFFFFF800u) /* 4 GiB - 2048: the sections we expect before the last */
#define LIMIT_1_2 ((uint64_t)1 << 31)

static const fsi_time fixed_time = 133444736000000000LL;

/* ---------------------------------------------------------------- a synthetic source ----------- */

static uint8_t pattern_at(uint64_t offset)
{
    return (uint8_t)(offset * 131 + (offset >> 11) * 7 + (offset >> 32) * 13 + 1);
}

typedef struct pattern_source {
    fsi_source base;
} pattern_source;

static fsi_hresult pattern_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)err;
    *handle = src;
    return 0;
}

static fsi_hresult pattern_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                                fsi_error *err)
{
    (void)src, (void)handle, (void)err;
    for (size_t i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = pattern_at(offset + i);
    return 0;
}

static void pattern_close(fsi_source *src, void *handle) { (void)src, (void)handle; }
static void pattern_destroy(fsi_source *src) { free(src); }

static const fsi_source_ops pattern_ops = {pattern_open, pattern_read, pattern_close, pattern_destroy};

static fsi_source *pattern_source_new(uint64_t size)
{
    pattern_source *s = calloc(1, sizeof(*s));
    fsi_source_init(&s->base, &pattern_ops, size);
    return &s->base;
}

static fsi_hresult add_big(fsi_image *img, const char *path, uint64_t size, fsi_error *err)
{
    fsi_source *src = pattern_source_new(size);
    fsi_char *p = fsi_utf8_to_utf16(path);
    fsi_hresult hr = fsi_dir_add_file(fsi_image_root(img), p, src, err);
    fsi_source_release(src);
    free(p);
    return hr;
}

static fsi_kind kind_of(fsi_image *img, const char *path)
{
    fsi_char *p = fsi_utf8_to_utf16(path);
    fsi_kind kind = FSI_KIND_NONE;
    fsi_error err = {0};
    CHECK_HR(fsi_image_exists(img, p, &kind, &err), 0);
    free(p);
    return kind;
}

static fsi_image *new_image(uint32_t file_systems, int32_t level)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, file_systems, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, level, &err), 0);
    return img;
}

/* ---------------------------------------------------------------- reading the records ---------- */

enum { METADATA_BLOCKS = 64, MAX_RECORDS = 256 };

typedef struct record_list {
    found_record r[MAX_RECORDS];
    int count;
} record_list;

static int collect_cb(void *ctx, const found_record *r)
{
    record_list *l = ctx;
    if (l->count < MAX_RECORDS)
        l->r[l->count++] = *r;
    return 0;
}

/* The records of the directory named by r (a record of a directory, or a descriptor's root record). */
static void list_directory(const uint8_t *meta, const found_record *dir, record_list *out)
{
    out->count = 0;
    CHECK_MSG((uint64_t)dir->extent * BLOCK + dir->size <= (uint64_t)METADATA_BLOCKS * BLOCK,
              "directory at %u outside the metadata read", dir->extent);
    if ((uint64_t)dir->extent * BLOCK + dir->size <= (uint64_t)METADATA_BLOCKS * BLOCK)
        walk_directory(meta, (size_t)METADATA_BLOCKS * BLOCK, dir->extent, dir->size, collect_cb, out);
}

static found_record root_of(const uint8_t *meta, int joliet)
{
    found_record root = {0};
    for (uint32_t b = 16; b < 32; b++) {
        const uint8_t *d = meta + (size_t)b * BLOCK;
        if (d[0] == 255)
            break;
        if (d[0] == (joliet ? 2 : 1)) {
            root.extent = le32(d + 156 + 2);
            root.size = le32(d + 156 + 10);
            return root;
        }
    }
    CHECK_MSG(0, "no %s descriptor", joliet ? "Joliet" : "primary");
    return root;
}

/* The sections of the file named name in l: checks that its records are consecutive, carry the
 * multi-extent flag on all but the last, cover whole blocks below 4 GiB but for the last, and
 * describe one run of blocks of total bytes. Returns the first extent. */
static uint32_t check_sections(const record_list *l, int joliet, const char *name, uint64_t total)
{
    char got[300];
    int first = -1, n = 0;
    uint64_t bytes = 0;
    for (int i = 0; i < l->count; i++) {
        record_name(&l->r[i], joliet, got, sizeof(got));
        if (strcmp(got, name) != 0)
            continue;
        if (first < 0)
            first = i;
        CHECK_MSG(i == first + n, "%s: record %d of the file is not next to the others", name, n);
        n++;
    }
    CHECK_MSG(first >= 0, "%s: not found", name);
    if (first < 0)
        return 0;
    uint64_t expected_sections = total <= MAX_SECTION ? 1 : (total + MAX_SECTION - 1) / MAX_SECTION;
    CHECK_MSG((uint64_t)n == expected_sections, "%s: %d records, expected %llu", name, n,
              (unsigned long long)expected_sections);
    for (int k = 0; k < n; k++) {
        const found_record *r = &l->r[first + k];
        int last = k == n - 1;
        CHECK_MSG((r->flags & 0x80) == (last ? 0 : 0x80), "%s: section %d has flags 0x%02X", name, k, r->flags);
        CHECK_MSG(r->flags == (last ? 0 : 0x80), "%s: section %d has other flags 0x%02X", name, k, r->flags);
        if (!last)
            CHECK_MSG(r->size == MAX_SECTION, "%s: section %d is %u bytes", name, k, r->size);
        CHECK_MSG(r->extent == l->r[first].extent + (uint32_t)((uint64_t)k * MAX_SECTION / BLOCK),
                  "%s: section %d starts at %u, not right after the previous one", name, k, r->extent);
        bytes += r->size;
    }
    CHECK_MSG(bytes == total, "%s: sections hold %llu bytes, the file %llu", name, (unsigned long long)bytes,
              (unsigned long long)total);
    return l->r[first].extent;
}

static uint8_t *read_metadata(fsi_reader *reader)
{
    fsi_error err = {0};
    uint8_t *meta = malloc((size_t)METADATA_BLOCKS * BLOCK);
    CHECK_HR(fsi_reader_read(reader, 0, meta, (size_t)METADATA_BLOCKS * BLOCK, &err), 0);
    return meta;
}

/* The file's bytes in the image around offset (where sections meet) equal its source's. */
static void check_bytes_at(fsi_reader *reader, uint32_t extent, uint64_t size, uint64_t offset, size_t len,
                           const char *name)
{
    uint8_t buf[8192];
    fsi_error err = {0};
    int same = 1;
    if (offset > size)
        offset = size;
    if (len > size - offset)
        len = (size_t)(size - offset);
    CHECK_HR(fsi_reader_read(reader, (uint64_t)extent * BLOCK + offset, buf, len, &err), 0);
    for (size_t i = 0; i < len; i++)
        same &= buf[i] == pattern_at(offset + i);
    CHECK_MSG(same, "%s: bytes at offset %llu differ from the source", name, (unsigned long long)offset);
}

/* ---------------------------------------------------------------- the tests -------------------- */

static void test_level_values(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    static const int32_t bad[] = {0, 4, -1, 9};
    CHECK_HR(fsi_image_set_iso_level(img, 3, &err), 0);
    CHECK(fsi_image_iso_level(img) == 3);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char value[16];
        CHECK_HR(fsi_image_set_iso_level(img, bad[i], &err), IMAPI_E_INVALID_PARAM);
        snprintf(value, sizeof(value), "%ld", (long)bad[i]);
        CHECK_MSG(strstr(err.message, value) != NULL, "message names %s: %s", value, err.message);
        CHECK(fsi_image_iso_level(img) == 3);
    }
    CHECK_HR(fsi_image_set_iso_level(img, 1, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, 2, &err), 0);
    fsi_image_destroy(img);
}

struct big_file {
    const char *path, *iso_name, *joliet_name;
    uint64_t size;
};

/* Sizes around the section length, and a folder whose many two-section files make records of one
 * file straddle two directory blocks. */
static const struct big_file files[] = {
    {"a.bin", "A.BIN;1", "a.bin", 4 * GIB + 1},
    {"b.bin", "B.BIN;1", "b.bin", MAX_SECTION},
    {"c.bin", "C.BIN;1", "c.bin", MAX_SECTION + 1},
    {"d.bin", "D.BIN;1", "d.bin", 2 * MAX_SECTION + 5000},
    {"e.bin", "E.BIN;1", "e.bin", 4 * GIB - 1},
    {"small.txt", "SMALL.TXT;1", "small.txt", 10},
    {"two gib.bin", "TWO_GIB.BIN;1", "two gib.bin", LIMIT_1_2 + 1},
};
enum { CROWD = 40 };

static void check_tree(fsi_reader *reader, const uint8_t *meta, int joliet, uint32_t *extents)
{
    record_list root, crowd;
    found_record top = root_of(meta, joliet);
    char name[64];
    list_directory(meta, &top, &root);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        const struct big_file *f = &files[i];
        uint32_t extent = check_sections(&root, joliet, joliet ? f->joliet_name : f->iso_name, f->size);
        if (extents[i])
            CHECK_MSG(extent == extents[i], "%s: the two trees point at different data", f->path);
        extents[i] = extent;
        check_bytes_at(reader, extent, f->size, 0, 100, f->path);
        check_bytes_at(reader, extent, f->size, f->size < 100 ? 0 : f->size - 100, 100, f->path);
        check_bytes_at(reader, extent, f->size, MAX_SECTION - 3000, 6000, f->path);
    }
    for (int i = 0; i < root.count; i++) {
        record_name(&root.r[i], joliet, name, sizeof(name));
        if (strcmp(name, joliet ? "crowd" : "CROWD") == 0)
            list_directory(meta, &root.r[i], &crowd);
    }
    CHECK_MSG(crowd.count == 2 + 2 * CROWD, "%s crowd: %d records", joliet ? "Joliet" : "ISO 9660", crowd.count);
    CHECK_MSG(crowd.r[0].size > BLOCK, "crowd's records fit one block: nothing straddles");
    for (int i = 0; i < CROWD; i++) {
        snprintf(name, sizeof(name), joliet ? "file%02d.bin" : "FILE%02d.BIN;1", i);
        check_sections(&crowd, joliet, name, MAX_SECTION + 1 + (uint64_t)i);
    }
}

static void test_sections(uint32_t file_systems)
{
    fsi_image *img = new_image(file_systems, 3);
    fsi_layout *layout;
    fsi_reader *reader;
    fsi_error err = {0};
    uint32_t extents[sizeof(files) / sizeof(files[0])] = {0};
    char path[64];
    printf("sections, file systems 0x%X\n", (unsigned)file_systems);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        CHECK_HR(add_big(img, files[i].path, files[i].size, &err), 0);
    for (int i = 0; i < CROWD; i++) {
        snprintf(path, sizeof(path), "crowd/file%02d.bin", i);
        if (i == 0) {
            fsi_char *dir = fsi_utf8_to_utf16("crowd");
            CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
            free(dir);
        }
        CHECK_HR(add_big(img, path, MAX_SECTION + 1 + (uint64_t)i, &err), 0);
    }
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK(fsi_image_used_blocks(img) == (int32_t)fsi_layout_total_blocks(layout));
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    uint8_t *meta = read_metadata(reader);
    if (file_systems & FSI_FS_ISO9660)
        check_tree(reader, meta, 0, extents);
    if (file_systems & FSI_FS_JOLIET)
        check_tree(reader, meta, 1, extents);
    free(meta);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* The image as counted and listed, for before/after comparisons. */
struct state {
    int32_t files, dirs, blocks, level;
    uint32_t file_systems;
};

static struct state state_of(fsi_image *img)
{
    return (struct state){fsi_image_file_count(img), fsi_image_directory_count(img), fsi_image_used_blocks(img),
                          fsi_image_iso_level(img), fsi_image_file_systems(img)};
}

static void check_same(fsi_image *img, struct state before, const char *what)
{
    struct state now = state_of(img);
    CHECK_MSG(now.files == before.files && now.dirs == before.dirs && now.blocks == before.blocks &&
                  now.level == before.level && now.file_systems == before.file_systems,
              "%s changed the image: files %d->%d, dirs %d->%d, blocks %d->%d, level %d->%d, fs 0x%X->0x%X", what,
              before.files, now.files, before.dirs, now.dirs, before.blocks, now.blocks, before.level, now.level,
              before.file_systems, now.file_systems);
}

static void check_message(const fsi_error *err, const char *const *needles, const char *what)
{
    for (; *needles; needles++)
        CHECK_MSG(strstr(err->message, *needles) != NULL, "%s: the message does not name '%s': %s", what,
                  *needles, err->message);
}

/* Levels 1 and 2 with ISO 9660, Joliet or both: 2 GiB goes in, a byte more is refused. */
static void test_add_refused(uint32_t file_systems, int32_t level)
{
    fsi_image *img = new_image(file_systems, level);
    fsi_error err = {0};
    fsi_char *dir = fsi_utf8_to_utf16("folder");
    const char *needles[] = {"\\folder\\over.bin", "2147483649", "2147483648", NULL};
    char what[80];
    snprintf(what, sizeof(what), "AddFile of 2 GiB + 1 at level %d, file systems 0x%X", (int)level,
             (unsigned)file_systems);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
    CHECK_HR(add_big(img, "folder/exact.bin", LIMIT_1_2, &err), 0);
    struct state before = state_of(img);
    CHECK_HR(add_big(img, "folder/over.bin", LIMIT_1_2 + 1, &err), IMAPI_E_DATA_TOO_BIG);
    check_message(&err, needles, what);
    check_same(img, before, what);
    CHECK(kind_of(img, "\\folder\\over.bin") == FSI_KIND_NONE);
    CHECK_HR(add_big(img, "huge.bin", 5 * GIB, &err), IMAPI_E_DATA_TOO_BIG);
    check_same(img, before, what);
    free(dir);
    fsi_image_destroy(img);
}

/* Options that would impose the limit on a tree that already breaks it are refused, nothing changed. */
static void test_option_refused(void)
{
    fsi_image *img = new_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 3);
    fsi_error err = {0};
    const char *level2[] = {"ISO9660InterchangeLevel 2", "\\deep\\big.bin", "2147483648", "2147483649", NULL};
    const char *level1[] = {"ISO9660InterchangeLevel 1", "\\deep\\big.bin", NULL};
    fsi_char *dir = fsi_utf8_to_utf16("deep"), *file = fsi_utf8_to_utf16("deep\\big.bin");
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
    CHECK_HR(add_big(img, "deep/big.bin", LIMIT_1_2 + 1, &err), 0);
    CHECK_HR(add_big(img, "fine.bin", LIMIT_1_2, &err), 0);
    struct state before = state_of(img);
    CHECK_HR(fsi_image_set_iso_level(img, 2, &err), IMAPI_E_DATA_TOO_BIG);
    check_message(&err, level2, "ISO9660InterchangeLevel 2");
    check_same(img, before, "ISO9660InterchangeLevel 2");
    CHECK_HR(fsi_image_set_iso_level(img, 1, &err), IMAPI_E_DATA_TOO_BIG);
    check_message(&err, level1, "ISO9660InterchangeLevel 1");
    check_same(img, before, "ISO9660InterchangeLevel 1");
    /* At level 3 any choice of ISO 9660 and Joliet takes the file. */
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_JOLIET, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, 3, &err), 0);

    if (fsi_image_file_systems_supported(img) & FSI_FS_UDF) {
        const char *add_iso[] = {"FileSystemsToCreate 0x5", "\\deep\\big.bin", "2147483648", NULL};
        CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
        CHECK_HR(fsi_image_set_iso_level(img, 2, &err), 0); /* UDF alone: no limit */
        before = state_of(img);
        CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF | FSI_FS_ISO9660, &err), IMAPI_E_DATA_TOO_BIG);
        check_message(&err, add_iso, "FileSystemsToCreate UDF + ISO 9660");
        check_same(img, before, "FileSystemsToCreate UDF + ISO 9660");
        CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF | FSI_FS_JOLIET, &err), IMAPI_E_DATA_TOO_BIG);
        check_same(img, before, "FileSystemsToCreate UDF + Joliet");
        CHECK_HR(add_big(img, "huge.bin", 5 * GIB, &err), 0);
        CHECK_HR(fsi_image_set_iso_level(img, 3, &err), 0);
        CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, &err), 0);
        fsi_char *huge = fsi_utf8_to_utf16("huge.bin");
        CHECK_HR(fsi_dir_remove(fsi_image_root(img), huge, &err), 0);
        free(huge);
    } else {
        printf("UDF not supported yet: FileSystemsToCreate from UDF alone not tested\n");
    }

    /* Once the file is gone, the level can go down. */
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), file, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, 2, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, 1, &err), 0);
    CHECK(kind_of(img, "\\fine.bin") == FSI_KIND_FILE);
    free(dir);
    free(file);
    fsi_image_destroy(img);
}

/* A file of exactly 2 GiB at level 2: one section, not flagged. */
static void test_exact_limit_record(void)
{
    fsi_image *img = new_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 2);
    fsi_layout *layout;
    fsi_reader *reader;
    fsi_error err = {0};
    record_list root;
    CHECK_HR(add_big(img, "exact.bin", LIMIT_1_2, &err), 0);
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    uint8_t *meta = read_metadata(reader);
    for (int joliet = 0; joliet <= 1; joliet++) {
        found_record top = root_of(meta, joliet);
        list_directory(meta, &top, &root);
        uint32_t extent = check_sections(&root, joliet, joliet ? "exact.bin" : "EXACT.BIN;1", LIMIT_1_2);
        check_bytes_at(reader, extent, LIMIT_1_2, LIMIT_1_2 - 4096, 4096, "exact.bin");
    }
    free(meta);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Level 3 changes nothing for files that fit one section: the same tree gives the same bytes. */
static void test_small_files_as_level2(void)
{
    fsi_image *img = new_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 2);
    fsi_layout *layout2, *layout3;
    fsi_error err = {0};
    size_t size2, size3;
    CHECK_HR(add_big(img, "a file with a long name.data", 5000, &err), 0);
    CHECK_HR(add_big(img, "three mib.bin", 3 << 20, &err), 0);
    CHECK_HR(add_big(img, "empty", 0, &err), 0);
    CHECK_HR(layout_create_at(img, fixed_time, &layout2, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, 3, &err), 0);
    CHECK_HR(layout_create_at(img, fixed_time, &layout3, &err), 0);
    CHECK(fsi_layout_total_blocks(layout2) == fsi_layout_total_blocks(layout3));
    uint8_t *image2 = read_image(layout2, 1 << 16, &size2), *image3 = read_image(layout3, 1 << 16, &size3);
    CHECK(size2 == size3 && memcmp(image2, image3, size2) == 0);
    free(image2);
    free(image3);
    fsi_layout_release(layout2);
    fsi_layout_release(layout3);
    fsi_image_destroy(img);
}

int main(void)
{
    test_small_files_as_level2();
    test_level_values();
    test_sections(FSI_FS_ISO9660 | FSI_FS_JOLIET);
    test_sections(FSI_FS_ISO9660);
    test_sections(FSI_FS_JOLIET);
    for (int32_t level = 1; level <= 2; level++) {
        test_add_refused(FSI_FS_ISO9660 | FSI_FS_JOLIET, level);
        test_add_refused(FSI_FS_ISO9660, level);
        test_add_refused(FSI_FS_JOLIET, level);
    }
    test_option_refused();
    test_exact_limit_record();
    return check_report();
}
