/* The UDF reader on damaged images of our own writer, one field at a time (the tags made valid again
 * around it, so that the field itself is judged): the exact HRESULT and a message naming what, no tree,
 * nothing leaked (LeakSanitizer), and where the volume has a copy (the end anchor, the reserve
 * sequence, the metadata mirror) the copy read instead. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "import_udf_private.h"
#include "import_udf_test.h"

typedef struct sample {
    fsi_image *img;
    uint8_t *image;
    uint32_t blocks;
} sample;

static sample make(int32_t revision, int redundant)
{
    sample s;
    s.img = udf_test_sample(FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, revision, redundant);
    s.image = udf_test_render(s.img, &s.blocks);
    return s;
}

static void drop(sample *s)
{
    free(s->image);
    fsi_image_destroy(s->img);
}

static uint8_t *block(sample *s, uint32_t b) { return s->image + (size_t)b * FSI_BLOCK_SIZE; }

/* Reads the first len bytes of the sample; expected 0 also compares the whole tree. */
static void expect_len(sample *s, size_t len, fsi_hresult expected, const char *needle, const char *what)
{
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};
    import_disc_from_memory(s->image, len, &disc);
    fsi_hresult hr = import_read_udf(&disc, NULL, &tree, &err);
    CHECK_MSG(hr == expected, "%s: 0x%08X, expected 0x%08X (%s)", what, (unsigned)hr, (unsigned)expected,
              err.message);
    if (expected < 0) {
        CHECK_MSG(tree == NULL, "%s: a tree with a failure", what);
        CHECK_MSG(!needle || strstr(err.message, needle), "%s: message \"%s\" does not say \"%s\"", what, err.message,
                  needle);
    } else if (tree) {
        uint64_t files = 0, dirs = 0;
        udf_test_compare_dir(&disc, fsi_image_root(s->img), &tree->root, what, &files, &dirs);
    }
    import_tree_free(tree);
    import_disc_close(&disc);
}

static void expect(sample *s, fsi_hresult expected, const char *needle, const char *what)
{
    expect_len(s, (size_t)s->blocks * FSI_BLOCK_SIZE, expected, needle, what);
}

static uint8_t *entry_of_type(sample *s, uint8_t type)
{
    for (uint32_t b = 0; b < s->blocks; b++) {
        uint8_t *d = block(s, b);
        if ((get_le16(d) == UDF_TAG_FILE_ENTRY || get_le16(d) == UDF_TAG_EXTENDED_FILE_ENTRY) && d[27] == type)
            return d;
    }
    return NULL;
}

static uint8_t *fid(sample *s, const char *name)
{
    uint8_t *d = udf_test_find_fid(s->image, s->blocks, name);
    CHECK_MSG(d != NULL, "no identifier descriptor named %s", name);
    return d;
}

static void test_anchors(void)
{
    sample s = make(0x201, 1);
    block(&s, 256)[4] ^= 0x55; /* the checksum */
    expect(&s, 0, NULL, "anchor at 256 damaged: the one at the end");
    block(&s, s.blocks - 1)[4] ^= 0x55;
    expect(&s, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "no anchor", "both anchors damaged");
    drop(&s);

    s = make(0x102, 1);
    expect_len(&s, 200 * FSI_BLOCK_SIZE, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "no anchor", "cut before the anchor");
    /* The anchor at 256 is there, the file data at the end is not. */
    expect_len(&s, (size_t)(s.blocks - 40) * FSI_BLOCK_SIZE, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
               "past the last sector", "cut short");
    put_le32(block(&s, 256) + 20, s.blocks + 100); /* main sequence past the end */
    udf_test_retag(block(&s, 256));
    block(&s, s.blocks - 1)[4] ^= 0x55;
    expect(&s, 0, NULL, "main sequence past the end: the reserve one");
    drop(&s);
}

static void test_sequences(void)
{
    sample s = make(0x260, 1);
    uint8_t *lvd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_LOGICAL_VOLUME, 0);
    uint8_t *reserve = udf_test_find_tag(s.image, s.blocks, UDF_TAG_LOGICAL_VOLUME, 1);
    CHECK(lvd && reserve && lvd != reserve);
    lvd[100] ^= 1; /* in the label: the CRC no longer matches */
    expect(&s, 0, NULL, "main logical volume descriptor damaged: the reserve one");
    reserve[100] ^= 1;
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "its CRC", "both logical volume descriptors damaged");
    lvd[100] ^= 1;
    reserve[100] ^= 1;

    /* The metadata map renamed: a partition kind that is not read. */
    memcpy(lvd + 440 + 6 + 5, "*UDF Virtual Partition\0", 23);
    udf_test_retag(lvd);
    expect(&s, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "*UDF Virtual Partition", "virtual partition map");
    memcpy(lvd + 440 + 6 + 5, "*UDF Sparable Partition", 23);
    udf_test_retag(lvd);
    expect(&s, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "*UDF Sparable Partition", "sparable partition map");
    memcpy(lvd + 440 + 6 + 5, "*UDF Metadata Partition", 23);
    put_le32(lvd + 212, 4096);
    udf_test_retag(lvd);
    expect(&s, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "4096", "logical blocks of 4096 bytes");
    put_le32(lvd + 212, 2048);
    put_le32(lvd + 264, 2000); /* map table longer than the block */
    udf_test_retag(lvd);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "map table", "map table too long");
    drop(&s);
}

static void test_partition(void)
{
    sample s = make(0x102, 1);
    uint8_t *pd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_PARTITION, 0);
    CHECK(pd != NULL);
    put_le32(pd + 192, 1); /* length: one block, before the file set */
    udf_test_retag(pd);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "outside", "partition of one block");
    put_le32(pd + 192, 0xFFFFFF00u); /* past 2^32 sectors */
    udf_test_retag(pd);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "last possible sector", "partition past 2^32");
    put_le32(pd + 192, 0x00FFFFFFu); /* past the image but within 2^32: what is used must be there */
    udf_test_retag(pd);
    expect(&s, 0, NULL, "partition past the image's end");
    put_le16(pd + 22, 7); /* the map's partition 0 has no descriptor now */
    udf_test_retag(pd);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "no partition descriptor", "partition number");
    drop(&s);

    s = make(0x102, 1);
    uint8_t *fsd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_FILE_SET, 0);
    put_le32(fsd + 12, get_le32(fsd + 12) + 1);
    udf_test_retag(fsd);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "tag location", "file set descriptor's location");
    drop(&s);
}

static void test_metadata_partition(int redundant)
{
    char what[64];
    sample s = make(0x250, redundant);
    uint8_t *meta = entry_of_type(&s, 250), *mirror = entry_of_type(&s, 251);
    uint8_t *pd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_PARTITION, 0);
    CHECK(meta && mirror && pd);
    uint32_t length = get_le32(pd + 192);
    /* The metadata file's (only, long) descriptor past the partition: the mirror is read. */
    put_le32(meta + 216 + 4, length + 5);
    udf_test_retag(meta);
    snprintf(what, sizeof(what), "metadata file past the partition (mirror %s)", redundant ? "copy" : "shared");
    expect(&s, 0, NULL, what);
    put_le32(mirror + 216 + 4, length - 1);
    udf_test_retag(mirror);
    snprintf(what, sizeof(what), "metadata and mirror past the partition (mirror %s)", redundant ? "copy" : "shared");
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "the metadata file", what);
    drop(&s);

    /* A directory's identifiers at a metadata block the metadata file does not reach. */
    s = make(0x250, redundant);
    uint8_t *root = entry_of_type(&s, UDF_FILE_TYPE_DIRECTORY);
    put_le32(root + 216 + 4, 100000);
    udf_test_retag(root);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "outside", "directory past the metadata partition");
    drop(&s);
}

static void test_directories(void)
{
    sample s = make(0x102, 1);
    uint8_t *sub = fid(&s, "sub"), *dir = fid(&s, "dir");
    memcpy(sub + 24, dir + 24, 4); /* \dir\sub is \dir: a loop */
    udf_test_retag(sub);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "reached twice", "directory pointing at its parent");
    drop(&s);

    s = make(0x201, 1);
    uint8_t *empty = fid(&s, "empty folder"), *hidden = fid(&s, "hidden dir");
    memcpy(empty + 24, hidden + 24, 6); /* one directory, two parents */
    udf_test_retag(empty);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "reached twice", "directory with two parents");
    drop(&s);

    s = make(0x201, 1);
    uint8_t *bottom = fid(&s, "bottom.dat"); /* the last identifier of its directory */
    bottom[19] = 255;
    udf_test_retag(bottom);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "runs past", "name length past the directory");
    drop(&s);

    s = make(0x201, 1);
    uint8_t *a = fid(&s, "a.txt");
    a[38] = 9; /* no such compression */
    udf_test_retag(a);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "not OSTA", "name not CS0");
    a[38] = 8;
    a[18] |= 0x04; /* deleted: skipped, and so missing from the tree */
    udf_test_retag(a);
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};
    import_disc_from_memory(s.image, (size_t)s.blocks * FSI_BLOCK_SIZE, &disc);
    CHECK_HR(import_read_udf(&disc, NULL, &tree, &err), 0);
    CHECK(tree && tree->root.child_count == fsi_dir_count(fsi_image_root(s.img)) - 1 &&
          tree->files == (uint64_t)fsi_image_file_count(s.img) - 1);
    import_tree_free(tree);
    import_disc_close(&disc);
    a[18] &= (uint8_t)~0x04;
    a[22] ^= 1; /* the CRC of the identifier no longer matches */
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "its CRC", "identifier CRC");
    a[22] ^= 1;
    put_le32(a + 24, get_le32(fid(&s, "dir") + 24)); /* a file's identifier pointing to a directory */
    udf_test_retag(a);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "file type 4", "file pointing to a directory");
    drop(&s);
}

static void test_allocation(void)
{
    sample s = make(0x102, 1);
    uint8_t *fe = udf_test_find_entry(s.image, s.blocks, 1000, UDF_FILE_TYPE_FILE); /* \a.txt */
    CHECK(fe != NULL);
    put_le32(fe + 176, 0x3FFFF800); /* its extent: 1 GiB */
    udf_test_retag(fe);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "extent of the entry", "extent of 1 GiB");
    put_le32(fe + 176, 1000);
    put_le32(fe + 172, 2000); /* allocation descriptors past the block */
    udf_test_retag(fe);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "more than its block holds", "descriptors past the block");
    put_le32(fe + 172, 8);
    put_le32(fe + 176, 2048);
    put_le32(fe + 56, 3000); /* more bytes than its one extent */
    udf_test_retag(fe);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "more than its allocation", "length past the extents");
    put_le32(fe + 56, 1000);
    put_le32(fe + 176, 1000);
    fe[20] = 9; /* ICB strategy */
    udf_test_retag(fe);
    expect(&s, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "strategy 9", "ICB strategy");
    fe[20] = 4;
    put_le32(fe + 176, 1000 | 1u << 30); /* allocated, not recorded: zeros */
    udf_test_retag(fe);
    fsi_disc disc;
    import_tree *tree = NULL;
    fsi_error err = {0};
    import_disc_from_memory(s.image, (size_t)s.blocks * FSI_BLOCK_SIZE, &disc);
    CHECK_HR(import_read_udf(&disc, NULL, &tree, &err), 0);
    for (uint32_t i = 0; tree && i < tree->root.child_count; i++)
        if (tree->root.children[i].size == 1000 && !tree->root.children[i].is_dir)
            CHECK(tree->root.children[i].extent_count == 1 && tree->root.children[i].extents[0].lba == IMPORT_LBA_ZEROS &&
                  tree->root.children[i].extents[0].length == 1000);
    import_tree_free(tree);
    import_disc_close(&disc);
    drop(&s);

    /* A continuation that continues itself, forever: the chain is bounded. */
    s = make(0x102, 1);
    fe = udf_test_find_entry(s.image, s.blocks, 5001, UDF_FILE_TYPE_FILE); /* \dir\b.bin */
    uint8_t *fsd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_FILE_SET, 0);
    CHECK(fe && fsd);
    uint32_t data = get_le32(fe + 176 + 4); /* its data's block, where the descriptors now go */
    uint8_t *aed = fsd + ((int64_t)data - get_le32(fsd + 12)) * FSI_BLOCK_SIZE;
    put_le32(fe + 176, 3u << 30 | FSI_BLOCK_SIZE);
    udf_test_retag(fe);
    memset(aed, 0, FSI_BLOCK_SIZE);
    put_le16(aed, UDF_TAG_ALLOCATION_EXTENT);
    put_le16(aed + 2, 2);
    put_le16(aed + 10, 16);
    put_le32(aed + 12, data);
    put_le32(aed + 20, 8);
    put_le32(aed + 24, 3u << 30 | FSI_BLOCK_SIZE);
    put_le32(aed + 28, data);
    udf_test_retag(aed);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "chain more than", "continuation loop");
    put_le32(aed + 20, 0); /* a chain that ends before the file's bytes do */
    udf_test_retag(aed);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "more than its allocation", "chain ending early");
    put_le32(aed + 20, 8); /* the file's extent, in the allocation extent: read */
    put_le32(aed + 24, 5001);
    put_le32(aed + 28, data);
    udf_test_retag(aed);
    fsi_disc d2;
    tree = NULL;
    import_disc_from_memory(s.image, (size_t)s.blocks * FSI_BLOCK_SIZE, &d2);
    CHECK_HR(import_read_udf(&d2, NULL, &tree, &err), 0);
    import_tree_free(tree);
    import_disc_close(&d2);
    put_le32(aed + 12, data + 1); /* its tag in the wrong place */
    udf_test_retag(aed);
    expect(&s, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "tag location", "allocation extent's location");
    drop(&s);
}

/* A read that fails passes its error through. */
typedef struct failing_disc {
    fsi_disc inner;
    uint32_t bad;
} failing_disc;

static fsi_hresult failing_read(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    failing_disc *f = ctx;
    if (lba <= f->bad && f->bad < lba + count)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sector %u cannot be read", (unsigned)f->bad);
    return f->inner.read(f->inner.ctx, lba, count, buf, err);
}

static void test_read_failure(void)
{
    sample s = make(0x250, 1);
    uint8_t *fsd = udf_test_find_tag(s.image, s.blocks, UDF_TAG_FILE_SET, 0);
    failing_disc f = {.bad = (uint32_t)((fsd - s.image) / FSI_BLOCK_SIZE)};
    fsi_disc disc = {.read = failing_read, .ctx = &f};
    import_tree *tree = NULL;
    fsi_error err = {0};
    import_disc_from_memory(s.image, (size_t)s.blocks * FSI_BLOCK_SIZE, &f.inner);
    disc.end = f.inner.end;
    CHECK_HR(import_read_udf(&disc, NULL, &tree, &err), IMAPI_E_IMPORT_READ_FAILURE);
    CHECK(tree == NULL && strstr(err.message, "cannot be read"));
    CHECK_HR(import_read_udf(&disc, NULL, &tree, NULL), IMAPI_E_IMPORT_READ_FAILURE); /* no error to fill */
    import_disc_close(&f.inner);
    drop(&s);
}

int main(void)
{
    test_anchors();
    test_sequences();
    test_partition();
    test_metadata_partition(1);
    test_metadata_partition(0);
    test_directories();
    test_allocation();
    test_read_failure();
    return check_report();
}
