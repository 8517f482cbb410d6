/* The UDF reader on images of our own writer, every revision, bridge and UDF alone, metadata mirror
 * shared or not: the tree, times, hidden bits and every file's bytes read back through its extents;
 * through a file; files of several extents (4 GiB + 1) and of allocation extent descriptors
 * (120 and 240 GiB, rendered on demand); the limits; timestamps with a time zone. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_udf_test.h"

static const int32_t revisions[] = {0x102, 0x150, 0x200, 0x201, 0x250, 0x260};

static const char *tmp_dir(void)
{
    const char *dir = getenv("TEST_TMPDIR");
    if (!dir)
        dir = "/tmp/test_import_udf";
    mkdir(dir, 0755);
    return dir;
}

static void check_tree(fsi_image *img, const fsi_disc *disc, const import_tree *tree, uint32_t blocks,
                       int32_t revision, const char *what)
{
    uint64_t files = 0, dirs = 0;
    char label[200];

    CHECK_MSG(tree->file_system == FSI_FS_UDF, "%s: file system %u", what, (unsigned)tree->file_system);
    CHECK_MSG(tree->udf_revision == revision, "%s: revision 0x%X", what, (unsigned)tree->udf_revision);
    fsi_utf16_to_utf8(tree->volume_name, label, sizeof(label));
    CHECK_MSG(!strcmp(label, "Imported Label"), "%s: label \"%s\"", what, label);
    CHECK_MSG(tree->last_block == blocks - 1, "%s: last block %u of %u", what, (unsigned)tree->last_block,
              (unsigned)blocks);
    CHECK_MSG(tree->root.is_dir && tree->root.name && tree->root.name[0] == 0, "%s: root", what);
    udf_test_compare_dir(disc, fsi_image_root(img), &tree->root, what, &files, &dirs);
    CHECK_MSG(tree->files == files && tree->directories == dirs, "%s: %llu files and %llu directories counted, %llu "
              "and %llu seen", what, (unsigned long long)tree->files, (unsigned long long)tree->directories,
              (unsigned long long)files, (unsigned long long)dirs);
    CHECK_MSG(files == (uint64_t)fsi_image_file_count(img) && dirs == (uint64_t)fsi_image_directory_count(img),
              "%s: %llu files, %llu directories", what, (unsigned long long)files, (unsigned long long)dirs);
}

static void test_revision(int32_t revision, uint32_t systems, int redundant)
{
    char what[96];
    fsi_image *img = udf_test_sample(systems, revision, redundant);
    uint32_t blocks;
    uint8_t *image = udf_test_render(img, &blocks);
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};

    snprintf(what, sizeof(what), "UDF 0x%X %s%s", (unsigned)revision, systems & FSI_FS_ISO9660 ? "bridge" : "only",
             revision >= 0x250 ? (redundant ? " mirror copy" : " shared mirror") : "");
    import_disc_from_memory(image, (size_t)blocks * FSI_BLOCK_SIZE, &disc);
    fsi_hresult hr = import_read_udf(&disc, NULL, &tree, &err);
    CHECK_MSG(hr == 0, "%s: 0x%08X %s", what, (unsigned)hr, err.message);
    if (tree)
        check_tree(img, &disc, tree, blocks, revision, what);
    import_tree_free(tree);
    import_disc_close(&disc);
    free(image);
    fsi_image_destroy(img);
}

/* The same through an image file and import_disc_open_file. */
static void test_image_file(void)
{
    char path[512];
    fsi_image *img = udf_test_sample(FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, 0x250, 1);
    uint32_t blocks;
    uint8_t *image = udf_test_render(img, &blocks);
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};

    snprintf(path, sizeof(path), "%s/udf250.iso", tmp_dir());
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(image, FSI_BLOCK_SIZE, blocks, f) == blocks);
    if (f)
        fclose(f);
    fsi_char *wpath = udf_test_w(path);
    CHECK_HR(import_disc_open_file(wpath, &disc, &err), 0);
    CHECK_HR(import_read_udf(&disc, NULL, &tree, &err), 0);
    if (tree)
        check_tree(img, &disc, tree, blocks, 0x250, "image file");
    import_tree_free(tree);
    import_disc_close(&disc);
    free(wpath);
    remove(path);
    free(image);
    fsi_image_destroy(img);
}

/* A source of zeros of any size, for files too big for memory. */
static fsi_hresult zeros_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return 0;
}
static fsi_hresult zeros_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    (void)src, (void)handle, (void)err;
    memset(buf, 0, len);
    if (offset == 0 && len)
        ((uint8_t *)buf)[0] = 0xAB; /* a mark where the first extent starts */
    return 0;
}
static void zeros_close(fsi_source *src, void *handle) { (void)src, (void)handle; }
static void zeros_destroy(fsi_source *src) { free(src); }
static const fsi_source_ops zeros_ops = {zeros_open, zeros_read, zeros_close, zeros_destroy};

/* A file of size bytes: ceil(size / UDF_MAX_EXTENT) extents one after the other, in the entry or (past
 * its room) in allocation extent descriptors; read on a disc the layout renders on demand. */
static void test_big_file(int32_t revision, uint64_t size)
{
    fsi_image *img = fsi_image_create();
    fsi_source *src = malloc(sizeof(*src));
    fsi_error err = {0};
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    import_tree *tree = NULL;
    fsi_disc disc = {0};

    fsi_source_init(src, &zeros_ops, size);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    fsi_char *path = udf_test_w("\\big");
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, src, &err), 0);
    free(path);
    fsi_source_release(src);
    CHECK_HR(layout_create_at(img, udf_test_created, &layout, &err), 0);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    disc.read = udf_test_layout_read;
    disc.ctx = reader;
    disc.end = fsi_layout_total_blocks(layout);
    fsi_hresult hr = import_read_udf(&disc, NULL, &tree, &err);
    CHECK_MSG(hr == 0, "big file 0x%X: 0x%08X %s", (unsigned)revision, (unsigned)hr, err.message);
    if (tree && tree->root.child_count == 1) {
        const import_entry *f = &tree->root.children[0];
        uint64_t expected = (size + UDF_MAX_EXTENT - 1) / UDF_MAX_EXTENT, total = 0;
        CHECK_MSG(f->size == size && f->extent_count == expected, "big file 0x%X: %llu bytes in %u extents",
                  (unsigned)revision, (unsigned long long)f->size, (unsigned)f->extent_count);
        for (uint32_t i = 0; i < f->extent_count; i++) {
            total += f->extents[i].length;
            if (i)
                CHECK(f->extents[i].lba == f->extents[i - 1].lba + UDF_MAX_EXTENT / FSI_BLOCK_SIZE);
            CHECK(i + 1 == f->extent_count || f->extents[i].length == UDF_MAX_EXTENT);
        }
        CHECK(total == size);
        uint8_t sector[FSI_BLOCK_SIZE];
        CHECK_HR(disc.read(disc.ctx, f->extents[0].lba, 1, sector, &err), 0);
        CHECK(sector[0] == 0xAB);
        CHECK(f->extents[f->extent_count - 1].lba + (f->extents[f->extent_count - 1].length - 1) / FSI_BLOCK_SIZE <=
              tree->last_block);
    } else
        CHECK_MSG(0, "big file 0x%X: not read as one file", (unsigned)revision);
    import_tree_free(tree);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Depth and entries beyond import_limits are inconsistencies; at the limit they are read. */
static void test_limits(void)
{
    fsi_image *img = udf_test_sample(FSI_FS_UDF, 0x201, 1);
    uint32_t blocks;
    uint8_t *image = udf_test_render(img, &blocks);
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};
    uint64_t entries = (uint64_t)fsi_image_file_count(img) + (uint64_t)fsi_image_directory_count(img);

    import_disc_from_memory(image, (size_t)blocks * FSI_BLOCK_SIZE, &disc);
    import_limits at_limit = {.max_depth = 4, .max_entries = entries};
    CHECK_HR(import_read_udf(&disc, &at_limit, &tree, &err), 0);
    import_tree_free(tree);
    import_limits shallow = {.max_depth = 3, .max_entries = entries};
    CHECK_HR(import_read_udf(&disc, &shallow, &tree, &err), IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR);
    CHECK(tree == NULL && strstr(err.message, "deeper than 3") != NULL);
    import_limits few = {.max_depth = 4, .max_entries = entries - 1};
    CHECK_HR(import_read_udf(&disc, &few, &tree, &err), IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR);
    CHECK(tree == NULL && strstr(err.message, "more than") != NULL);
    import_disc_close(&disc);
    free(image);
    fsi_image_destroy(img);
}

/* The UDF timestamp conversions that our writer never makes: a time zone, and invalid fields. */
static void test_timestamps(void)
{
    fsi_image *img = udf_test_sample(FSI_FS_UDF, 0x102, 1);
    uint32_t blocks;
    uint8_t *image = udf_test_render(img, &blocks);
    uint8_t *fe = udf_test_find_entry(image, blocks, 1000, 5); /* \a.txt */
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};

    CHECK(fe != NULL);
    if (fe) {
        /* Access time: 2000-01-01 01:30:00.000001 at UTC+01:30 = 2000-01-01 00:00:00.000001 UTC. */
        uint8_t *ts = fe + 72;
        put_le16(ts, (uint16_t)(0x1000 | 90));
        put_le16(ts + 2, 2000);
        ts[4] = 1, ts[5] = 1, ts[6] = 1, ts[7] = 30, ts[8] = 0, ts[9] = 0, ts[10] = 0, ts[11] = 1;
        /* Modification time: 1999-02-29 does not exist. */
        ts = fe + 84;
        put_le16(ts + 2, 1999);
        ts[4] = 2, ts[5] = 29;
        udf_test_retag(fe);
    }
    fe = udf_test_find_entry(image, blocks, 5001, 5); /* \dir\b.bin: a year past 9999 (no overflow) */
    CHECK(fe != NULL);
    if (fe) {
        put_le16(fe + 84 + 2, 32767);
        udf_test_retag(fe);
    }
    import_disc_from_memory(image, (size_t)blocks * FSI_BLOCK_SIZE, &disc);
    CHECK_HR(import_read_udf(&disc, NULL, &tree, &err), 0);
    for (uint32_t i = 0; tree && i < tree->root.child_count; i++) {
        const import_entry *e = &tree->root.children[i];
        for (uint32_t k = 0; e->is_dir && k < e->child_count; k++)
            if (e->children[k].size == 5001)
                CHECK(e->children[k].times[FSI_TIME_MODIFIED] == 0 && e->children[k].times[FSI_TIME_ACCESSED] != 0);
        if (e->size != 1000 || e->is_dir)
            continue;
        CHECK_MSG(e->times[FSI_TIME_ACCESSED] == 125911584000000010LL, "accessed %lld",
                  (long long)e->times[FSI_TIME_ACCESSED]);
        CHECK(e->times[FSI_TIME_MODIFIED] == 0 && e->times[FSI_TIME_CREATED] == 0);
    }
    import_tree_free(tree);
    import_disc_close(&disc);
    free(image);
    fsi_image_destroy(img);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(revisions) / sizeof(revisions[0]); i++) {
        test_revision(revisions[i], FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, 1);
        test_revision(revisions[i], FSI_FS_UDF, 1);
        if (revisions[i] >= 0x250) {
            test_revision(revisions[i], FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, 0);
            test_revision(revisions[i], FSI_FS_UDF, 0);
        }
    }
    test_image_file();
    test_big_file(0x102, (4ULL << 30) + 1);
    test_big_file(0x260, (4ULL << 30) + 1);
    test_big_file(0x260, 120ULL << 30); /* 120 extents: past the 114 long descriptors an entry holds */
    test_big_file(0x201, 240ULL << 30); /* 240 extents: past the 229 short descriptors */
    test_limits();
    test_timestamps();
    return check_report();
}
