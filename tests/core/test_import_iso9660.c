/* import_read_iso9660 on images of our own core: levels 1, 2 and 3 (a multi-extent file over 4 GiB),
 * ISO 9660 and Joliet trees, hidden items, nested folders and times, every file's bytes read back
 * through its extents. Malformed images: test_import_iso9660_bad.c; other tools' images:
 * test_import_iso9660_tools.c. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "hresult.h"
#include "import_check.h"

#define GIB ((uint64_t)1 << 30)
#define TICKS_PER_SECOND 10000000LL

static const fsi_time base_time = 133444736000000000LL; /* 2023-11-14, whole seconds */

/* ---------------------------------------------------------------- synthetic sources ------------ */

static uint8_t pattern_at(uint32_t seed, uint64_t offset)
{
    return (uint8_t)(offset * 131 + (offset >> 11) * 7 + (offset >> 32) * 13 + seed * 29 + 1);
}

typedef struct pattern_source {
    fsi_source base;
    uint32_t seed;
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
    (void)handle, (void)err;
    for (size_t i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = pattern_at(((pattern_source *)src)->seed, offset + i);
    return 0;
}

static void pattern_close(fsi_source *src, void *handle) { (void)src, (void)handle; }
static void pattern_destroy(fsi_source *src) { free(src); }
static const fsi_source_ops pattern_ops = {pattern_open, pattern_read, pattern_close, pattern_destroy};

static void expect_pattern(void *ctx, uint64_t offset, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = pattern_at(*(uint32_t *)ctx, offset + i);
}

/* ---------------------------------------------------------------- building images ------------- */

static fsi_node *add_file(fsi_image *img, const char *path, uint64_t size, uint32_t seed, fsi_time t, int hidden)
{
    fsi_error err = {0};
    pattern_source *s = calloc(1, sizeof *s);
    fsi_source_init(&s->base, &pattern_ops, size);
    s->seed = seed;
    fsi_char *p = fsi_utf8_to_utf16(path);
    fsi_node *node = NULL;
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), p, &s->base, &err), 0);
    fsi_source_release(&s->base);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &node, &err), 0);
    free(p);
    if (node) {
        fsi_node_set_time(node, FSI_TIME_MODIFIED, t);
        fsi_node_set_hidden(node, hidden);
        fsi_node_release(node);
    }
    return node;
}

static void add_dir(fsi_image *img, const char *path, fsi_time t, int hidden)
{
    fsi_error err = {0};
    fsi_char *p = fsi_utf8_to_utf16(path);
    fsi_node *node = NULL;
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), p, &err), 0);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &node, &err), 0);
    free(p);
    if (node) {
        fsi_node_set_time(node, FSI_TIME_MODIFIED, t);
        fsi_node_set_hidden(node, hidden);
        fsi_node_release(node);
    }
}

static fsi_image *new_image(uint32_t file_systems, int32_t level)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    fsi_char *label = fsi_utf8_to_utf16("Import Test");
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, file_systems, &err), 0);
    CHECK_HR(fsi_image_set_iso_level(img, level, &err), 0);
    CHECK_HR(fsi_image_set_volume_name(img, label, &err), 0);
    free(label);
    return img;
}

/* Nested folders, hidden items, an empty file, a file of whole sectors, names of every kind. Seeds are
 * the files' order of creation, so that a file's bytes tell which file they belong to. */
static fsi_image *sample_image(uint32_t file_systems, int32_t level)
{
    fsi_image *img = new_image(file_systems, level);
    add_file(img, "readme.txt", 1000, 1, base_time, 0);
    add_file(img, "noext", 0, 2, base_time + 3600 * TICKS_PER_SECOND, 0);
    add_file(img, "secret.dat", 5000, 3, base_time + 7 * TICKS_PER_SECOND, 1);
    add_dir(img, "dir1", base_time - 86400 * TICKS_PER_SECOND, 0);
    add_file(img, "dir1/inner.bin", 3 * 2048, 4, base_time + 59 * TICKS_PER_SECOND, 0);
    add_dir(img, "dir1/dir2", base_time + 1, 0);
    add_dir(img, "dir1/dir2/dir3", base_time + 2 * TICKS_PER_SECOND, 0);
    add_file(img, "dir1/dir2/dir3/deep.txt", 10, 5, base_time + 120 * TICKS_PER_SECOND, 0);
    add_dir(img, "Hidden Folder", base_time + 366LL * 86400 * TICKS_PER_SECOND, 1);
    add_file(img, "Hidden Folder/a long name of a file.text", 70000, 6, 0, 0);
    return img;
}

/* ---------------------------------------------------------------- checking a tree -------------- */

typedef struct compare_ctx {
    const fsi_disc *disc;
    uint32_t file_system;
    uint64_t window; /* compare_extents' */
    uint64_t files, directories;
} compare_ctx;

/* What the writers record of a time: whole seconds; nothing before 1900 (0 means "not set"). */
static fsi_time recorded_time(fsi_time t)
{
    fsi_time seconds = t / TICKS_PER_SECOND * TICKS_PER_SECOND;
    return seconds;
}

/* The imported directory matches the image's: the same children under the names the writers gave them,
 * in any order, with their kinds, sizes, hidden bits, times and bytes. Recursion is fine: our trees are
 * shallow. */
static void compare_dir(compare_ctx *c, fsi_node *dir, const import_entry *imported, const char *where)
{
    fsi_node **children = NULL;
    uint32_t count = 0;
    fsi_error err = {0};
    CHECK_HR(fsi_dir_children(dir, &children, &count, &err), 0);
    CHECK_MSG(imported->is_dir, "%s: not a directory", where);
    CHECK_MSG(imported->child_count == count, "%s: %u children imported, %u in the image", where,
              imported->child_count, count);
    for (uint32_t i = 0; i < count; i++) {
        fsi_char *name = NULL;
        char utf8[600], path[1200];
        CHECK_HR(fsi_node_file_system_name(children[i], c->file_system, &name, &err), 0);
        fsi_utf16_to_utf8(name, utf8, sizeof utf8);
        fsi_free(name);
        snprintf(path, sizeof path, "%s/%s", where, utf8);
        const import_entry *e = NULL;
        for (uint32_t k = 0; k < imported->child_count && !e; k++)
            if (name_is(&imported->children[k], utf8))
                e = &imported->children[k];
        CHECK_MSG(e != NULL, "%s: not imported", path);
        if (!e)
            continue;
        int is_dir = fsi_node_kind(children[i]) == FSI_KIND_DIRECTORY;
        fsi_time t = recorded_time(fsi_node_time(children[i], FSI_TIME_MODIFIED));
        CHECK_MSG(e->is_dir == is_dir, "%s: is_dir %d", path, e->is_dir);
        CHECK_MSG(e->hidden == (fsi_node_hidden(children[i]) != 0), "%s: hidden %d", path, e->hidden);
        if (t != 0) /* an unset time is recorded as the image's creation: not known here */
            CHECK_MSG(e->times[FSI_TIME_MODIFIED] == t, "%s: modified %lld, expected %lld", path,
                      (long long)e->times[FSI_TIME_MODIFIED], (long long)t);
        CHECK_MSG(e->times[FSI_TIME_CREATED] == e->times[FSI_TIME_MODIFIED], "%s: created differs", path);
        CHECK_MSG(e->times[FSI_TIME_ACCESSED] == 0, "%s: an access time nobody recorded", path);
        if (is_dir) {
            c->directories++;
            compare_dir(c, children[i], e, path);
        } else {
            c->files++;
            CHECK_MSG(e->size == fsi_node_file_size(children[i]), "%s: size %llu", path,
                      (unsigned long long)e->size);
            CHECK_MSG(e->inline_data == NULL && e->children == NULL, "%s: a file with children or inline data", path);
            CHECK_MSG((e->size == 0) == (e->extent_count == 0), "%s: %u extents for %llu bytes", path,
                      e->extent_count, (unsigned long long)e->size);
            pattern_source *src = (pattern_source *)fsi_node_file_source(children[i]);
            CHECK_MSG(compare_extents(c->disc, e, expect_pattern, &src->seed, c->window), "%s: bytes differ", path);
        }
    }
    for (uint32_t i = 0; i < count; i++)
        fsi_node_release(children[i]);
    fsi_free(children);
}

/* Imports the layout's file_system tree and compares it with img's. */
static void check_import(fsi_image *img, fsi_layout *layout, uint32_t file_system, uint64_t window)
{
    fsi_reader *reader = NULL;
    fsi_disc disc = layout_disc(layout, &reader);
    import_tree *tree = NULL;
    fsi_error err = {0};
    const char *fs = file_system == FSI_FS_JOLIET ? "Joliet" : "ISO 9660";

    CHECK_HR(import_read_iso9660(&disc, file_system == FSI_FS_JOLIET, NULL, &tree, &err), 0);
    if (err.code < 0)
        fprintf(stderr, "%s: %s\n", fs, err.message);
    if (tree) {
        compare_ctx c = {.disc = &disc, .file_system = file_system, .window = window};
        fsi_char *label = NULL;
        CHECK(tree->file_system == file_system);
        CHECK_HR(fsi_image_volume_name_for(img, file_system, &label, &err), 0);
        CHECK_MSG(label && fsi_strlen16(label) == fsi_strlen16(tree->volume_name) &&
                      memcmp(label, tree->volume_name, fsi_strlen16(label) * sizeof *label) == 0,
                  "%s: volume name", fs);
        fsi_free(label);
        CHECK(tree->root.name && tree->root.name[0] == 0 && tree->root.is_dir && tree->root.times[FSI_TIME_MODIFIED] != 0);
        compare_dir(&c, fsi_image_root(img), &tree->root, fs);
        CHECK_MSG(tree->files == c.files && tree->files == (uint64_t)fsi_image_file_count(img), "%s: %llu files", fs,
                  (unsigned long long)tree->files);
        CHECK_MSG(tree->directories == c.directories && tree->directories == (uint64_t)fsi_image_directory_count(img),
                  "%s: %llu directories", fs, (unsigned long long)tree->directories);
        CHECK_MSG(tree->last_block == fsi_layout_total_blocks(layout) - 1, "%s: last block %u of %u", fs,
                  tree->last_block, fsi_layout_total_blocks(layout));
        CHECK(tree->udf_revision == 0);
    }
    import_tree_free(tree);
    fsi_reader_destroy(reader);
}

static void test_levels(void)
{
    for (int32_t level = 1; level <= 3; level++) {
        fsi_image *img = sample_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, level);
        fsi_layout *layout = NULL;
        fsi_error err = {0};
        CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
        printf("level %d: %u blocks\n", level, fsi_layout_total_blocks(layout));
        check_import(img, layout, FSI_FS_ISO9660, 0);
        check_import(img, layout, FSI_FS_JOLIET, 0);
        fsi_layout_release(layout);
        fsi_image_destroy(img);
    }
}

/* Exact values for one item, so that a mistake shared by the writer and fsi_node_file_system_name
 * (both ours) is caught too: ISO 9660 names lose ";1" and the "." of "NOEXT.", Joliet keeps case. */
static void test_exact_names_and_times(void)
{
    fsi_image *img = sample_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 2);
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    import_tree *iso = NULL, *joliet = NULL;
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    fsi_disc disc = layout_disc(layout, &reader);
    CHECK_HR(import_read_iso9660(&disc, 0, NULL, &iso, &err), 0);
    CHECK_HR(import_read_iso9660(&disc, 1, NULL, &joliet, &err), 0);
    if (iso && joliet) {
        const import_entry *e = find_entry(&iso->root, "NOEXT");
        CHECK(e && !e->is_dir && e->size == 0 && e->extent_count == 0 && e->extents == NULL);
        CHECK(e && e->times[FSI_TIME_MODIFIED] == base_time + 3600 * TICKS_PER_SECOND);
        e = find_entry(&iso->root, "README.TXT");
        CHECK(e && e->size == 1000 && e->extent_count == 1 && e->times[FSI_TIME_MODIFIED] == base_time);
        e = find_entry(&iso->root, "SECRET.DAT");
        CHECK(e && e->hidden);
        e = find_entry(&iso->root, "DIR1/DIR2/DIR3/DEEP.TXT");
        CHECK(e && e->size == 10);
        e = find_entry(&joliet->root, "dir1/dir2/dir3/deep.txt");
        CHECK(e && e->size == 10 && e->times[FSI_TIME_MODIFIED] == base_time + 120 * TICKS_PER_SECOND);
        e = find_entry(&joliet->root, "Hidden Folder");
        CHECK(e && e->is_dir && e->hidden && e->child_count == 1);
        e = find_entry(&joliet->root, "Hidden Folder/a long name of a file.text");
        CHECK(e && !e->hidden && e->size == 70000);
        e = find_entry(&joliet->root, "noext");
        CHECK(e && e->size == 0);
        e = find_entry(&joliet->root, "dir1");
        CHECK(e && e->times[FSI_TIME_MODIFIED] == base_time - 86400 * TICKS_PER_SECOND);
        char label[64];
        fsi_utf16_to_utf8(iso->volume_name, label, sizeof label);
        CHECK_MSG(strcmp(label, "IMPORT_TEST") == 0, "ISO 9660 label '%s'", label);
        fsi_utf16_to_utf8(joliet->volume_name, label, sizeof label);
        CHECK_MSG(strcmp(label, "Import Test") == 0, "Joliet label '%s'", label);
        CHECK(iso->files == 6 && iso->directories == 4 && joliet->files == 6 && joliet->directories == 4);
    }
    import_tree_free(iso);
    import_tree_free(joliet);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

static void test_no_joliet(void)
{
    fsi_image *img = sample_image(FSI_FS_ISO9660, 1);
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    import_tree *tree = (import_tree *)&err; /* must come back NULL */
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    fsi_disc disc = layout_disc(layout, &reader);
    CHECK_HR(import_read_iso9660(&disc, 1, NULL, &tree, &err), IMAPI_E_FILE_SYSTEM_NOT_FOUND);
    CHECK(tree == NULL);
    check_import(img, layout, FSI_FS_ISO9660, 0);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* A session that does not start at sector 0 (a later session of a multisession disc): the descriptors
 * are looked for at session_start + 16 and nowhere else. */
static void test_session_start(void)
{
    fsi_image *img = sample_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 2);
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    import_tree *tree = NULL;
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    fsi_disc disc = layout_disc(layout, &reader);
    disc.session_start = 1; /* sector 17 holds the Joliet descriptor, not a primary one */
    CHECK_HR(import_read_iso9660(&disc, 0, NULL, &tree, &err), IMAPI_E_FILE_SYSTEM_NOT_FOUND);
    CHECK(tree == NULL);
    disc.session_start = disc.end - 10; /* the set would lie past the end */
    CHECK_HR(import_read_iso9660(&disc, 0, NULL, &tree, &err), IMAPI_E_FILE_SYSTEM_NOT_FOUND);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Level 3: a file of 4 GiB + 5000 bytes is two sections (multi-extent records) in both trees; its
 * bytes are compared where the sections start and end, and the file next to it whole. */
static void test_level3_multi_extent(void)
{
    fsi_image *img = new_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 3);
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    import_tree *tree = NULL;
    const uint64_t big = 4 * GIB + 5000;
    add_dir(img, "big", base_time, 0);
    add_file(img, "big/huge.bin", big, 11, base_time, 0);
    add_file(img, "big/after.txt", 3000, 12, base_time, 1);
    add_file(img, "before.txt", 100, 13, base_time, 0);
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    check_import(img, layout, FSI_FS_ISO9660, 256 * 1024);
    check_import(img, layout, FSI_FS_JOLIET, 256 * 1024);
    fsi_disc disc = layout_disc(layout, &reader);
    for (int joliet = 0; joliet <= 1; joliet++) {
        CHECK_HR(import_read_iso9660(&disc, joliet, NULL, &tree, &err), 0);
        const import_entry *e = tree ? find_entry(&tree->root, joliet ? "big/huge.bin" : "BIG/HUGE.BIN") : NULL;
        CHECK(e && e->size == big && e->extent_count == 2);
        if (e && e->extent_count == 2) {
            CHECK(e->extents[0].length == 0xFFFFF800u && e->extents[1].length == big - 0xFFFFF800u);
            CHECK(e->extents[1].lba == e->extents[0].lba + 0xFFFFF800u / 2048);
        }
        CHECK(tree && tree->files == 3 && tree->directories == 1);
        import_tree_free(tree);
        tree = NULL;
    }
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* A tree as deep as the limit reads; one level deeper does not (Joliet: ISO 9660 stops at 8 levels). */
static void test_depth_limit(void)
{
    fsi_image *img = new_image(FSI_FS_JOLIET, 2);
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    import_tree *tree = NULL;
    char path[400] = "d1";
    for (int i = 1; i <= 12; i++) {
        add_dir(img, path, base_time, 0);
        snprintf(path + strlen(path), sizeof path - strlen(path), "/d%d", i + 1);
    }
    add_file(img, "d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/leaf", 1, 1, base_time, 0);
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    fsi_disc disc = layout_disc(layout, &reader);
    import_limits limits = {12, 100};
    CHECK_HR(import_read_iso9660(&disc, 1, &limits, &tree, &err), 0);
    CHECK(tree && tree->directories == 12 && tree->files == 1);
    CHECK(tree && find_entry(&tree->root, "d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/leaf") != NULL);
    import_tree_free(tree);
    tree = NULL;
    limits.max_depth = 11;
    CHECK_HR(import_read_iso9660(&disc, 1, &limits, &tree, &err), IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR);
    CHECK_MSG(tree == NULL && strstr(err.message, "\\d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\d9\\d10\\d11\\d12") &&
                  strstr(err.message, "limit of 11"),
              "message: %s", err.message);
    limits = (import_limits){12, 13}; /* 12 directories + 1 file: exactly the cap */
    CHECK_HR(import_read_iso9660(&disc, 1, &limits, &tree, &err), 0);
    import_tree_free(tree);
    tree = NULL;
    limits.max_entries = 12;
    CHECK_HR(import_read_iso9660(&disc, 1, &limits, &tree, &err), IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR);
    CHECK_MSG(strstr(err.message, "more than 12 files and directories") != NULL, "message: %s", err.message);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

int main(void)
{
    test_levels();
    test_exact_names_and_times();
    test_no_joliet();
    test_session_start();
    test_level3_multi_extent();
    test_depth_limit();
    return check_report();
}
