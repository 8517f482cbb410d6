/* UDF writer: tags and CRC, CS0 names, descriptors read back from whole images of every revision,
 * long names, big files' allocation descriptors. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "endian.h"
#include "estimate.h"
#include "hresult.h"
#include "image.h"
#include "layout.h"
#include "layout_snapshot.h"
#include "udf_cs0.h"
#include "udf_private.h"
#include "udf_tag.h"

static const fsi_time fixed_time = 133000000000000000LL; /* 2022-06-18 */

/* The CRC as ECMA-167 1/7.2.6 defines it, one bit at a time: what the table-driven udf_crc must equal. */
static uint16_t bitwise_crc(const uint8_t *data, size_t len)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

static void test_crc_table(void)
{
    uint8_t data[2048];
    uint32_t seed = 12345;
    int mismatches = 0;
    for (int b = 0; b < 256; b++) { /* every table entry, as a one-byte message */
        uint8_t one = (uint8_t)b;
        mismatches += udf_crc(&one, 1) != bitwise_crc(&one, 1);
    }
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t)(round * 37 % 2049);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            data[i] = (uint8_t)(seed >> 16);
        }
        mismatches += udf_crc(data, len) != bitwise_crc(data, len);
    }
    CHECK_MSG(mismatches == 0, "%d CRCs differ from the bitwise CRC", mismatches);
    CHECK(udf_crc(data, 0) == 0);
}

static void test_crc_and_tag(void)
{
    static const uint8_t ecma_example[] = {0x70, 0x6A, 0x77}; /* ECMA-167 1/7.2.6 */
    uint8_t d[512] = {0};
    uint8_t sum = 0;

    CHECK(udf_crc(ecma_example, 3) == 0x3299);
    memcpy(d + 16, "payload", 7);
    udf_tag_finish(d, UDF_TAG_ANCHOR, 3, 256, 512);
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + d[i]);
    CHECK(d[4] == sum);
    CHECK(get_le16(d) == 2 && get_le16(d + 2) == 3);
    CHECK(get_le16(d + 8) == udf_crc(d + 16, 496) && get_le16(d + 10) == 496);
    CHECK(get_le32(d + 12) == 256);
}

static void test_cs0(void)
{
    static const fsi_char abc[] = {'a', 'b', 'c', 0};
    static const fsi_char wide[] = {0x65E5, 'x', 0};
    fsi_char long_name[300];
    uint8_t out[UDF_CS0_MAX_NAME], field[32];
    int cut = -1;

    CHECK(udf_cs0_encode(abc, 3, NULL, out, UDF_CS0_MAX_NAME, &cut) == 4 && !cut);
    CHECK(out[0] == 8 && !memcmp(out + 1, "abc", 3));
    CHECK(udf_cs0_encode(wide, 2, NULL, out, UDF_CS0_MAX_NAME, &cut) == 5 && !cut);
    CHECK(out[0] == 16 && out[1] == 0x65 && out[2] == 0xE5 && out[3] == 0 && out[4] == 'x');

    for (int i = 0; i < 300; i++)
        long_name[i] = 'n';
    CHECK(udf_cs0_encode(long_name, 300, NULL, out, UDF_CS0_MAX_NAME, &cut) == 255 && cut);
    CHECK(udf_cs0_encode(long_name, 300, "~12", out, UDF_CS0_MAX_NAME, &cut) == 255 && cut);
    CHECK(!memcmp(out + 252, "~12", 3));
    /* 16-bit form: 127 units fit; a surrogate pair at the cut is dropped whole. */
    for (int i = 0; i < 126; i++)
        long_name[i] = 0x65E5;
    long_name[126] = 0xD83D;
    long_name[127] = 0xDE00;
    CHECK(udf_cs0_encode(long_name, 128, NULL, out, UDF_CS0_MAX_NAME, &cut) == 253 && cut);
    CHECK(get_be16(out + 251) == 0x65E5);

    udf_put_dstring(field, 32, abc);
    CHECK(field[0] == 8 && field[31] == 4 && field[4] == 0);
    CHECK(udf_cs0_same((const uint8_t *)"\x08" "ABC", 4, (const uint8_t *)"\x08" "abc", 4));
    CHECK(!udf_cs0_same((const uint8_t *)"\x08" "ABD", 4, (const uint8_t *)"\x08" "abc", 4));
}

static void test_options(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};

    CHECK(fsi_image_udf_revision(img) == 0x102);
    CHECK(fsi_image_udf_redundant_metadata(img) == 1);
    CHECK_HR(fsi_image_set_udf_revision(img, 0x101, &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "0x101") != NULL);
    CHECK(fsi_image_udf_revision(img) == 0x102);
    for (int i = 0; i < FSI_UDF_REVISION_COUNT; i++) {
        CHECK_HR(fsi_image_set_udf_revision(img, fsi_udf_revisions[i], &err), 0);
        CHECK(fsi_image_udf_revision(img) == fsi_udf_revisions[i]);
    }
    CHECK(fsi_image_file_systems_supported(img) == (FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF));
    fsi_image_destroy(img);
}

static fsi_image *sample_image(uint32_t systems, int32_t revision)
{
    static const char *const names[] = {"\\a.txt", "\\dir\\b.bin", "\\dir\\sub\\c", "\\\xE6\x97\xA5.txt"};
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    uint8_t data[5000];

    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7);
    CHECK_HR(fsi_image_set_file_systems(img, systems, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    for (size_t i = 0; i < 2; i++) {
        fsi_char *dir = fsi_utf8_to_utf16(i ? "\\dir\\sub" : "\\dir");
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
        free(dir);
    }
    for (size_t i = 0; i < 4; i++) {
        fsi_source *src;
        fsi_char *path = fsi_utf8_to_utf16(names[i]);
        CHECK_HR(fsi_source_from_memory(data, 1000 * i, &src, &err), 0);
        CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, src, &err), 0);
        fsi_source_release(src);
        free(path);
    }
    return img;
}

static uint8_t *read_all(fsi_layout *layout, uint32_t *blocks)
{
    fsi_reader *reader;
    fsi_error err = {0};
    *blocks = fsi_layout_total_blocks(layout);
    uint8_t *buf = malloc((size_t)*blocks * FSI_BLOCK_SIZE);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    CHECK_HR(fsi_reader_read(reader, 0, buf, (size_t)*blocks * FSI_BLOCK_SIZE, &err), 0);
    fsi_reader_destroy(reader);
    return buf;
}

static int tag_ok(const uint8_t *d, uint16_t id, uint32_t location)
{
    uint8_t sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + d[i]);
    return get_le16(d) == id && d[4] == sum && get_le32(d + 12) == location &&
           get_le16(d + 8) == udf_crc(d + 16, get_le16(d + 10));
}

/* Volume structures of one revision, alone or in a bridge: where the spec puts them, tags intact. */
static void test_image(uint32_t systems, int32_t revision, int redundant)
{
    fsi_image *img = sample_image(systems, revision);
    fsi_layout *layout, *again;
    fsi_error err = {0};
    uint32_t blocks, blocks2;

    fsi_image_set_udf_redundant_metadata(img, redundant);
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK(fsi_estimate_blocks(img) == fsi_layout_total_blocks(layout));
    uint8_t *image = read_all(layout, &blocks);
    const uint8_t *anchor = image + 256 * FSI_BLOCK_SIZE, *last = image + (size_t)(blocks - 1) * FSI_BLOCK_SIZE;
    CHECK_MSG(tag_ok(anchor, UDF_TAG_ANCHOR, 256), "anchor at 256, revision 0x%X", (unsigned)revision);
    CHECK_MSG(tag_ok(last, UDF_TAG_ANCHOR, blocks - 1), "anchor at the end, revision 0x%X", (unsigned)revision);
    uint32_t main_vds = get_le32(anchor + 20);
    const uint8_t *vds = image + (size_t)main_vds * FSI_BLOCK_SIZE;
    uint16_t version = revision >= 0x200 ? 3 : 2;
    CHECK(tag_ok(vds, UDF_TAG_PRIMARY_VOLUME, main_vds) && get_le16(vds + 2) == version);
    CHECK(tag_ok(vds + 3 * FSI_BLOCK_SIZE, UDF_TAG_LOGICAL_VOLUME, main_vds + 3));
    CHECK(get_le32(vds + 3 * FSI_BLOCK_SIZE + 268) == (revision >= 0x250 ? 2u : 1u)); /* partition maps */
    CHECK(get_le16(vds + 3 * FSI_BLOCK_SIZE + 216 + 24) == revision);                /* domain revision */
    CHECK(tag_ok(vds + 5 * FSI_BLOCK_SIZE, UDF_TAG_TERMINATING, main_vds + 5));
    /* The recognition sequence right after the ISO 9660 set terminator. */
    uint32_t b = 16;
    while (image[(size_t)b * FSI_BLOCK_SIZE] != 255)
        b++;
    CHECK(!memcmp(image + (size_t)(b + 1) * FSI_BLOCK_SIZE + 1, "BEA01", 5));
    CHECK(!memcmp(image + (size_t)(b + 2) * FSI_BLOCK_SIZE + 1, revision >= 0x200 ? "NSR03" : "NSR02", 5));
    CHECK(!memcmp(image + (size_t)(b + 3) * FSI_BLOCK_SIZE + 1, "TEA01", 5));
    /* Deterministic. */
    CHECK_HR(layout_create_at(img, fixed_time, &again, &err), 0);
    uint8_t *image2 = read_all(again, &blocks2);
    CHECK(blocks == blocks2 && !memcmp(image, image2, (size_t)blocks * FSI_BLOCK_SIZE));
    free(image);
    free(image2);
    fsi_layout_release(again);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Reads of any size at any offset give the bytes of a whole read (blocks rendered alone, in any order). */
static void test_random_reads(int32_t revision)
{
    fsi_image *img = sample_image(FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, revision);
    fsi_layout *layout;
    fsi_reader *reader;
    fsi_error err = {0};
    uint32_t blocks;
    uint8_t piece[3 * FSI_BLOCK_SIZE + 7];
    uint32_t seed = 12345;

    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    uint8_t *whole = read_all(layout, &blocks);
    uint64_t size = (uint64_t)blocks * FSI_BLOCK_SIZE;
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        uint64_t offset = (seed >> 4) % size;
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 4) % sizeof(piece);
        if (len > size - offset)
            len = (size_t)(size - offset);
        CHECK_HR(fsi_reader_read(reader, offset, piece, len, &err), 0);
        CHECK_MSG(!memcmp(piece, whole + offset, len), "%zu bytes at %" PRIu64, len, offset);
    }
    fsi_reader_destroy(reader);
    free(whole);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* The cheap bound on the image size still bounds it with UDF's metadata, mirror copy included. */
static void test_size_bound(int32_t revision)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    fsi_layout *layout;
    char path[64];

    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    for (int d = 0; d < 40; d++) {
        snprintf(path, sizeof(path), "\\d%d", d);
        fsi_char *dir = fsi_utf8_to_utf16(path);
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), dir, &err), 0);
        free(dir);
        for (int f = 0; f < 100; f++) {
            fsi_source *src;
            snprintf(path, sizeof(path), "\\d%d\\a file name of some length %d.txt", d, f);
            fsi_char *file = fsi_utf8_to_utf16(path);
            CHECK_HR(fsi_source_from_memory("x", 1, &src, &err), 0);
            CHECK_HR(fsi_dir_add_file(fsi_image_root(img), file, src, &err), 0);
            fsi_source_release(src);
            free(file);
        }
    }
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK_MSG(image_size_upper_bound(img) >= fsi_layout_total_blocks(layout), "bound %" PRIu64 " < %u blocks",
              image_size_upper_bound(img), (unsigned)fsi_layout_total_blocks(layout));
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Names beyond 255 bytes of CS0 are cut and numbered so that no two children share one. */
static void test_long_names(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    layout_tree tree;
    fsi_writer *w;
    char name[260];
    uint8_t id[2][UDF_CS0_MAX_NAME];
    size_t len[2];

    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    for (int i = 0; i < 2; i++) {
        fsi_source *src;
        name[0] = '\\';
        memset(name + 1, 'x', 255);
        name[255] = (char)('a' + i);
        name[256] = 0;
        fsi_char *path = fsi_utf8_to_utf16(name);
        CHECK_HR(fsi_source_from_memory("x", 1, &src, &err), 0);
        CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, src, &err), 0);
        fsi_source_release(src);
        free(path);
    }
    CHECK_HR(layout_snapshot(img, fixed_time, &tree, &err), 0);
    CHECK_HR(udf_writer_create(img, &tree, 0, &w, &err), 0);
    for (int i = 0; i < 2; i++)
        len[i] = udf_entry_identifier((const udf_writer *)w, (uint32_t)i, id[i]);
    CHECK(len[0] == 255 && len[1] == 255);
    CHECK(!udf_cs0_same(id[0], len[0], id[1], len[1]));
    CHECK(!memcmp(id[0] + 253, "~1", 2) && !memcmp(id[1] + 253, "~2", 2));
    w->ops->destroy(w);
    layout_snapshot_free(&tree);
    fsi_image_destroy(img);
}

/* A source of zeros of any size, for files too big for memory. */
static fsi_hresult zeros_open(fsi_source *src, void **handle, fsi_error *err) { (void)src, (void)err; *handle = NULL; return 0; }
static fsi_hresult zeros_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    (void)src, (void)handle, (void)offset, (void)err;
    memset(buf, 0, len);
    return 0;
}
static void zeros_close(fsi_source *src, void *handle) { (void)src, (void)handle; }
static void zeros_destroy(fsi_source *src) { free(src); }
static const fsi_source_ops zeros_ops = {zeros_open, zeros_read, zeros_close, zeros_destroy};

/* 4 GiB + 1 byte: five short extents of at most 2^30 - 2048 bytes, one after the other. */
static void test_big_file(int32_t revision)
{
    const uint64_t size = (4ULL << 30) + 1;
    fsi_image *img = fsi_image_create();
    fsi_source *src = malloc(sizeof(*src));
    fsi_error err = {0};
    fsi_layout *layout;
    fsi_reader *reader;
    uint8_t fe[FSI_BLOCK_SIZE];

    fsi_source_init(src, &zeros_ops, size);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    fsi_char *path = fsi_utf8_to_utf16("\\big");
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, src, &err), 0);
    free(path);
    fsi_source_release(src);
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    /* The file's entry follows the file set, its terminator and the root's entry. */
    uint32_t anchor_part = 0;
    for (uint32_t block = 257; block < 400 && !anchor_part; block++) {
        CHECK_HR(fsi_reader_read(reader, (uint64_t)block * FSI_BLOCK_SIZE, fe, sizeof(fe), &err), 0);
        if (get_le16(fe) == UDF_TAG_FILE_SET)
            anchor_part = block;
    }
    CHECK_HR(fsi_reader_read(reader, (uint64_t)(anchor_part + 3) * FSI_BLOCK_SIZE, fe, sizeof(fe), &err), 0);
    int extended = revision >= 0x200;
    CHECK(get_le16(fe) == (extended ? UDF_TAG_EXTENDED_FILE_ENTRY : UDF_TAG_FILE_ENTRY));
    CHECK(get_le32(fe + 56) == 1 && get_le32(fe + 60) == 1); /* information length 2^32 + 1 */
    size_t header = extended ? 216 : 176;
    uint32_t ad_length = get_le32(fe + (extended ? 212 : 172));
    CHECK_MSG(ad_length == 5 * 8, "allocation descriptors: %u bytes", (unsigned)ad_length);
    uint64_t total = 0;
    uint32_t first = get_le32(fe + header + 4);
    for (uint32_t i = 0; i < ad_length / 8; i++) {
        total += get_le32(fe + header + 8 * i);
        CHECK(get_le32(fe + header + 8 * i + 4) == first + i * (UDF_MAX_EXTENT / FSI_BLOCK_SIZE));
    }
    CHECK(total == size);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

/* Walks a list of allocation descriptors of ad_size bytes from the entry on through allocation extent
 * descriptors: every data extent follows the previous one, and they add up to size. */
static void check_spilled(fsi_reader *reader, uint32_t fsd_block, const uint8_t *fe, size_t header, uint32_t ad_bytes,
                          size_t ad_size, uint64_t size)
{
    uint8_t aed[FSI_BLOCK_SIZE];
    const uint8_t *ads = fe + header;
    uint32_t fsd_logical = 0, extents = 0, next_block = 0;
    uint64_t total = 0, pieces = 0;
    fsi_error err = {0};

    CHECK_HR(fsi_reader_read(reader, (uint64_t)fsd_block * FSI_BLOCK_SIZE, aed, sizeof(aed), &err), 0);
    fsd_logical = get_le32(aed + 12);
    for (;;) {
        uint32_t continuation = 0;
        for (uint32_t at = 0; at < ad_bytes; at += (uint32_t)ad_size) {
            uint32_t length = get_le32(ads + at), block = get_le32(ads + at + 4);
            if (length >> 30 == 3) {
                continuation = block;
                CHECK(at + ad_size == ad_bytes); /* the last of its list */
                break;
            }
            CHECK(pieces == 0 || block == next_block);
            next_block = block + (length & 0x3FFFFFFF) / FSI_BLOCK_SIZE;
            total += length & 0x3FFFFFFF;
            pieces++;
        }
        if (!continuation)
            break;
        CHECK_HR(fsi_reader_read(reader, (uint64_t)(fsd_block + continuation - fsd_logical) * FSI_BLOCK_SIZE, aed,
                                 sizeof(aed), &err), 0);
        CHECK(tag_ok(aed, 258, continuation));
        ads = aed + 24;
        ad_bytes = get_le32(aed + 20);
        extents++;
    }
    CHECK_MSG(total == size, "descriptors add up to %" PRIu64 " of %" PRIu64 " bytes", total, size);
    CHECK(pieces == (size + UDF_MAX_EXTENT - 1) / UDF_MAX_EXTENT);
    CHECK_MSG(extents >= 1, "%u allocation extents", (unsigned)extents);
}

/* A file of more descriptors than its entry holds (300 GiB; 2,000 GiB with long descriptors). */
static void test_spilled(int32_t revision, uint64_t size)
{
    fsi_image *img = fsi_image_create();
    fsi_source *src = malloc(sizeof(*src));
    fsi_error err = {0};
    fsi_layout *layout = NULL;
    fsi_reader *reader;
    uint8_t fe[FSI_BLOCK_SIZE];
    uint32_t fsd = 0;

    fsi_source_init(src, &zeros_ops, size);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, &err), 0);
    CHECK_HR(fsi_image_set_udf_revision(img, revision, &err), 0);
    fsi_char *path = fsi_utf8_to_utf16("\\huge.bin");
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), path, src, &err), 0);
    free(path);
    fsi_source_release(src);
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    for (uint32_t block = 257; block < 400 && !fsd; block++) {
        CHECK_HR(fsi_reader_read(reader, (uint64_t)block * FSI_BLOCK_SIZE, fe, sizeof(fe), &err), 0);
        if (get_le16(fe) == UDF_TAG_FILE_SET)
            fsd = block;
    }
    CHECK_HR(fsi_reader_read(reader, (uint64_t)(fsd + 3) * FSI_BLOCK_SIZE, fe, sizeof(fe), &err), 0);
    int extended = revision >= 0x200;
    size_t ad_size = (get_le16(fe + 34) & 7) == 1 ? 16 : 8;
    CHECK(ad_size == (revision >= 0x250 ? 16u : 8u));
    check_spilled(reader, fsd, fe, extended ? 216 : 176, get_le32(fe + (extended ? 212 : 172)), ad_size, size);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

int main(void)
{
    test_crc_table();
    test_crc_and_tag();
    test_cs0();
    test_options();
    for (int i = 0; i < FSI_UDF_REVISION_COUNT; i++) {
        test_image(FSI_FS_UDF, fsi_udf_revisions[i], 1);
        test_image(FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, fsi_udf_revisions[i], 1);
        test_image(FSI_FS_ISO9660 | FSI_FS_UDF, fsi_udf_revisions[i], 0);
    }
    test_random_reads(0x102);
    test_size_bound(0x102);
    test_size_bound(0x260);
    test_random_reads(0x260);
    test_long_names();
    test_big_file(0x102);
    test_big_file(0x201);
    test_spilled(0x102, 300ULL << 30);
    test_spilled(0x250, 2000ULL << 30);
    return check_report();
}
