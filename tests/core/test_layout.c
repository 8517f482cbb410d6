/* The virtual image end to end: descriptors, path tables, directories spanning blocks, file data of
 * edge sizes, 8 levels, hidden items, determinism, snapshot isolation, estimate and random reads.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "estimate.h"
#include "layout.h"
#include "test_iso_image.h"

enum { BIG_FOLDER_FILES = 1100, DEEP_LEVELS = 7 };
static const fsi_time fixed_time = 133444736000000000LL; /* 2023-11-14 22:13:20 UTC */

static uint8_t pattern_byte(size_t size, size_t i) { return (uint8_t)(i * 7 + size); }

static void add_file(fsi_image *img, const char *path, size_t size, int hidden)
{
    fsi_error err = {0};
    uint8_t *data = malloc(size + 1);
    for (size_t i = 0; i < size; i++)
        data[i] = pattern_byte(size, i);
    fsi_source *src;
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_source_from_memory(data, size, &src, &err), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), p, src, &err), 0);
    fsi_source_release(src);
    if (hidden) {
        fsi_node *node;
        CHECK_HR(fsi_dir_item(fsi_image_root(img), p, &node, &err), 0);
        fsi_node_set_hidden(node, 1);
        fsi_node_set_time(node, FSI_TIME_MODIFIED, fixed_time);
        fsi_node_release(node);
    }
    free(p);
    free(data);
}

static void add_dir(fsi_image *img, const char *path)
{
    fsi_error err = {0};
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), p, &err), 0);
    free(p);
}

static fsi_image *make_tree(void)
{
    fsi_image *img = fsi_image_create();
    char path[256];
    fsi_error err = {0};
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, &err), 0);
    add_file(img, "empty.bin", 0, 0);
    add_file(img, "f2047.bin", 2047, 0);
    add_file(img, "f2048.bin", 2048, 0);
    add_file(img, "f2049.bin", 2049, 0);
    add_file(img, "secret.txt", 5, 1);
    add_dir(img, "big folder");
    for (int i = 0; i < BIG_FOLDER_FILES; i++) {
        snprintf(path, sizeof(path), "big folder/file with long name %04d.data", i);
        add_file(img, path, (size_t)(i % 5), 0);
    }
    strcpy(path, "");
    for (int level = 1; level <= DEEP_LEVELS; level++) {
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "%slevel%d", level > 1 ? "/" : "", level);
        add_dir(img, path);
    }
    strcat(path, "/deep.txt");
    add_file(img, path, 3000, 0);
    return img;
}

typedef struct lookup {
    const char *name;
    int joliet;
    found_record found;
    int hits, records;
} lookup;

static int find_cb(void *ctx, const found_record *r)
{
    lookup *l = ctx;
    char name[300];
    record_name(r, l->joliet, name, sizeof(name));
    l->records++;
    if (r->id_len > 1 && !strcmp(name, l->name)) {
        l->found = *r;
        l->hits++;
    }
    return 0;
}

/* Follows a "/"-separated path of identifiers from the root record of a descriptor. */
static int find(const uint8_t *image, size_t size, const uint8_t *descriptor, int joliet, const char *path,
                found_record *out)
{
    char copy[512];
    uint32_t extent = le32(descriptor + 156 + 2), bytes = le32(descriptor + 156 + 10);
    snprintf(copy, sizeof(copy), "%s", path);
    for (char *part = strtok(copy, "/"); part; part = strtok(NULL, "/")) {
        lookup l = {.name = part, .joliet = joliet};
        walk_directory(image, size, extent, bytes, find_cb, &l);
        if (l.hits != 1)
            return 0;
        *out = l.found;
        extent = l.found.extent;
        bytes = l.found.size;
    }
    return 1;
}

static void check_file(const uint8_t *image, size_t size, const uint8_t *descriptor, int joliet, const char *path,
                       uint32_t expected_size)
{
    found_record r;
    int found = find(image, size, descriptor, joliet, path, &r);
    CHECK_MSG(found, "%s not found (%s)", path, joliet ? "Joliet" : "ISO 9660");
    if (!found)
        return;
    CHECK_MSG(r.size == expected_size, "%s: size %u", path, r.size);
    CHECK(!(r.flags & 2));
    if (expected_size == 0)
        return;
    CHECK((uint64_t)r.extent * BLOCK + r.size <= size);
    int same = 1;
    for (uint32_t i = 0; i < r.size; i++)
        same &= image[(size_t)r.extent * BLOCK + i] == pattern_byte(expected_size, i);
    CHECK_MSG(same, "%s: content differs", path);
    for (uint32_t i = r.size; i % BLOCK; i++)
        CHECK(image[(size_t)r.extent * BLOCK + i] == 0);
}

static void check_descriptors(const uint8_t *image, uint32_t total)
{
    for (size_t i = 0; i < 16 * BLOCK; i++)
        if (image[i]) {
            CHECK_MSG(0, "system area byte %zu is not zero", i);
            break;
        }
    const uint8_t *pvd = image + 16 * BLOCK, *svd = image + 17 * BLOCK, *term = image + 18 * BLOCK;
    CHECK(pvd[0] == 1 && !memcmp(pvd + 1, "CD001", 5) && pvd[6] == 1);
    CHECK(svd[0] == 2 && !memcmp(svd + 1, "CD001", 5) && !memcmp(svd + 88, "%/E", 3));
    CHECK(term[0] == 255 && !memcmp(term + 1, "CD001", 5));
    CHECK(le32(pvd + 80) == total && be32(pvd + 84) == total);
    CHECK(le32(svd + 80) == total);
    CHECK(le16(pvd + 128) == 2048 && be16(pvd + 130) == 2048);
    CHECK(le16(pvd + 120) == 1 && le16(pvd + 124) == 1);
    CHECK(!memcmp(pvd + 574, "OPENIMAPI2FS ", 13));
    CHECK(!memcmp(pvd + 813, "2023111422132000", 16) && pvd[829] == 0);
    CHECK(!memcmp(svd + 574, "\0o\0p\0e\0n", 8) || !memcmp(svd + 574, "\0O\0P\0E\0N", 8));
    CHECK(pvd[881] == 1);
}

/* Path table records: both tables agree, levels and parents ascend, names ascend per parent. */
static void check_path_table(const uint8_t *image, const uint8_t *descriptor, uint32_t expected_dirs)
{
    uint32_t size = le32(descriptor + 132);
    const uint8_t *l = image + (size_t)le32(descriptor + 140) * BLOCK;
    const uint8_t *m = image + (size_t)be32(descriptor + 148) * BLOCK;
    uint32_t count = 0, pos = 0;
    uint16_t last_parent = 1;
    const uint8_t *last_id = NULL;
    uint8_t last_len = 0;
    uint16_t parents[70000];
    uint16_t levels[70000];

    while (pos < size) {
        uint8_t len = l[pos];
        CHECK(m[pos] == len);
        CHECK(le32(l + pos + 2) == be32(m + pos + 2));
        uint16_t parent = le16(l + pos + 6);
        CHECK(be16(m + pos + 6) == parent);
        CHECK(!memcmp(l + pos + 8, m + pos + 8, len));
        CHECK(parent >= 1 && parent <= count + 1);
        parents[count] = parent;
        levels[count] = count == 0 ? 1 : (uint16_t)(levels[parent - 1] + 1);
        if (count > 0) {
            CHECK(levels[count] >= levels[count - 1]);
            CHECK(parent >= last_parent);
            if (parent == last_parent && last_id) {
                size_t n = len < last_len ? len : last_len;
                int c = memcmp(last_id, l + pos + 8, n);
                CHECK_MSG(c < 0 || (c == 0 && last_len < len), "path table record %u out of order", count + 1);
            }
        }
        last_parent = parent;
        last_id = l + pos + 8;
        last_len = len;
        count++;
        pos += 8 + len + (len & 1);
    }
    CHECK(pos == size);
    CHECK_MSG(count == expected_dirs, "path table has %u directories, expected %u", count, expected_dirs);
    (void)parents;
}

static int dir_order_cb(void *ctx, const found_record *r)
{
    lookup *l = ctx;
    l->records++;
    return 0;
    (void)r;
}

static void check_big_folder(const uint8_t *image, size_t size, const uint8_t *descriptor, int joliet)
{
    found_record dir;
    CHECK(find(image, size, descriptor, joliet, joliet ? "big folder" : "BIG_FOLDER", &dir));
    CHECK(dir.flags & 2);
    CHECK_MSG(dir.size > 10 * BLOCK, "the big folder takes %u bytes", dir.size);
    lookup l = {0};
    walk_directory(image, size, dir.extent, dir.size, dir_order_cb, &l);
    CHECK_MSG(l.records == BIG_FOLDER_FILES + 2, "big folder has %d records", l.records);
}

static void check_names(const uint8_t *image, size_t size)
{
    const uint8_t *pvd = image + 16 * BLOCK, *svd = image + 17 * BLOCK;
    found_record r;
    CHECK(find(image, size, pvd, 0, "BIG_FOLDER/FILE_WITH_LONG_NAME_0000.DATA;1", &r));
    CHECK(find(image, size, pvd, 0, "BIG_FOLDER/FILE_WITH_LONG_NAME_0001.DATA;1", &r));
    CHECK(find(image, size, svd, 1, "big folder/file with long name 1099.data", &r));
    CHECK(find(image, size, pvd, 0, "SECRET.TXT;1", &r) && (r.flags & 1));
    CHECK(r.date[0] == 123 && r.date[1] == 11 && r.date[2] == 14 && r.date[3] == 22 && r.date[4] == 13 &&
          r.date[5] == 20 && r.date[6] == 0);
    CHECK(find(image, size, svd, 1, "secret.txt", &r) && (r.flags & 1));
    CHECK(find(image, size, pvd, 0, "EMPTY.BIN;1", &r) && r.size == 0 && r.extent == 0);
}

static void check_image(const uint8_t *image, size_t size, uint32_t total)
{
    const uint8_t *pvd = image + 16 * BLOCK, *svd = image + 17 * BLOCK;
    char path[256] = "", jpath[256] = "";
    check_descriptors(image, total);
    check_path_table(image, pvd, 2 + DEEP_LEVELS);
    check_path_table(image, svd, 2 + DEEP_LEVELS);
    for (int joliet = 0; joliet < 2; joliet++) {
        const uint8_t *d = joliet ? svd : pvd;
        check_file(image, size, d, joliet, joliet ? "empty.bin" : "EMPTY.BIN;1", 0);
        check_file(image, size, d, joliet, joliet ? "f2047.bin" : "F2047.BIN;1", 2047);
        check_file(image, size, d, joliet, joliet ? "f2048.bin" : "F2048.BIN;1", 2048);
        check_file(image, size, d, joliet, joliet ? "f2049.bin" : "F2049.BIN;1", 2049);
        check_file(image, size, d, joliet, joliet ? "big folder/file with long name 0003.data"
                                                  : "BIG_FOLDER/FILE_WITH_LONG_NAME_0003.DATA;1", 3);
        check_big_folder(image, size, d, joliet);
    }
    for (int level = 1; level <= DEEP_LEVELS; level++) {
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "LEVEL%d/", level);
        snprintf(jpath + strlen(jpath), sizeof(jpath) - strlen(jpath), "level%d/", level);
    }
    strcat(path, "DEEP.TXT;1");
    strcat(jpath, "deep.txt");
    check_file(image, size, pvd, 0, path, 3000);
    check_file(image, size, svd, 1, jpath, 3000);
    check_names(image, size);
}

static void check_random_reads(fsi_layout *layout, const uint8_t *image, size_t size)
{
    fsi_reader *reader;
    fsi_error err = {0};
    uint8_t *buf = malloc(70000);
    uint32_t seed = 12345;
    int mismatches = 0;
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    for (int i = 0; i < 3000; i++) {
        seed = seed * 1103515245 + 12345;
        size_t offset = (seed >> 3) % size;
        seed = seed * 1103515245 + 12345;
        size_t len = (seed >> 5) % 70000;
        if (i % 3 == 0)
            len %= 17;
        if (len > size - offset)
            len = size - offset;
        CHECK_HR(fsi_reader_read(reader, offset, buf, len, &err), 0);
        mismatches += memcmp(buf, image + offset, len) != 0;
    }
    CHECK_MSG(mismatches == 0, "%d random reads differ from the sequential read", mismatches);
    CHECK(fsi_reader_read(reader, size - 1, buf, 2, &err) < 0);
    CHECK_HR(fsi_reader_read(reader, size, buf, 0, &err), 0);
    fsi_reader_destroy(reader);
    free(buf);
}

/* Names made unique are rendered as made (records keep no identifiers: a file's is mapped again
 * when its block is read, a renamed one's kept), in ISO 9660 at level 1 and in Joliet. */
typedef struct names_seen {
    int joliet;
    char names[8][80];
    int count;
} names_seen;

static int note_name(void *ctx, const found_record *r)
{
    names_seen *seen = ctx;
    if (r->id_len == 1 && r->id[0] <= 1)
        return 0; /* "." and ".." */
    if (seen->count < 8)
        record_name(r, seen->joliet, seen->names[seen->count++], sizeof(seen->names[0]));
    return 0;
}

static void test_rendered_unique_names(void)
{
    static const char *const iso_expected[] = {"B_.C;1", "B__1.C;1", "LONGFILE.TXT;1", "LONGFI_1.TXT;1", "LONGFI_2.TXT;1"};
    static const char *const joliet_expected[] = {"LONGFILE.TXT", "b+.c", "b_.c", "longfilename1.txt", "longfilename2.txt"};
    fsi_image *img = fsi_image_create();
    fsi_layout *layout;
    fsi_error err = {0};
    size_t size;
    CHECK_HR(fsi_image_set_iso_level(img, 1, &err), 0);
    add_file(img, "longfilename1.txt", 1, 0);
    add_file(img, "LONGFILE.TXT", 2, 0);
    add_file(img, "longfilename2.txt", 3, 0);
    add_file(img, "b+.c", 4, 0);
    add_file(img, "b_.c", 5, 0);
    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    uint8_t *image = read_image(layout, 4096, &size);
    for (int joliet = 0; joliet < 2; joliet++) {
        const uint8_t *vd = image + (size_t)(16 + joliet) * BLOCK;
        names_seen seen = {.joliet = joliet};
        CHECK(vd[0] == (joliet ? 2 : 1));
        walk_directory(image, size, le32(vd + 156 + 2), le32(vd + 156 + 10), note_name, &seen);
        CHECK(seen.count == 5);
        for (int i = 0; i < 5; i++)
            CHECK_MSG(!strcmp(seen.names[i], joliet ? joliet_expected[i] : iso_expected[i]), "record %d: \"%s\"", i,
                      seen.names[i]);
    }
    free(image);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
}

int main(void)
{
    fsi_image *img = make_tree();
    fsi_layout *layout, *again;
    fsi_error err = {0};
    size_t size, size2, size3;

    CHECK_HR(layout_create_at(img, fixed_time, &layout, &err), 0);
    uint32_t total = fsi_layout_total_blocks(layout);
    CHECK_MSG(fsi_estimate_blocks(img) == total, "estimate %u, layout %u", fsi_estimate_blocks(img), total);
    CHECK(fsi_image_used_blocks(img) == (int32_t)total);

    uint8_t *image = read_image(layout, 65536, &size);
    check_image(image, size, total);
    check_random_reads(layout, image, size);

    /* Determinism: the same tree at the same time gives the same bytes, whatever the read size. */
    CHECK_HR(layout_create_at(img, fixed_time, &again, &err), 0);
    uint8_t *image2 = read_image(again, 777, &size2);
    CHECK(size2 == size && !memcmp(image, image2, size));
    fsi_layout_release(again);

    /* The layout is a snapshot: later edits leave it alone. */
    add_file(img, "added later.txt", 100, 0);
    CHECK(fsi_estimate_blocks(img) == total + 1);
    uint8_t *image3 = read_image(layout, 1 << 20, &size3);
    CHECK(size3 == size && !memcmp(image, image3, size));

    free(image);
    free(image2);
    free(image3);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    test_rendered_unique_names();
    return check_report();
}
