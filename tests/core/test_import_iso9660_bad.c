/* import_read_iso9660 on malformed images: a good image of our own core with one field corrupted at a
 * time gives the exact HRESULT with a message naming what and where, never a crash, a hang or a leak
 * (ASan / LSan run this test); then every byte of the metadata flipped in turn, which must only ever
 * give a tree or one of the documented errors. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "hresult.h"
#include "import_check.h"

enum { SECTOR = 2048, PVD = 16 * SECTOR, ROOT_RECORD = 156 };

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void set_both32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
        p[7 - i] = (uint8_t)(v >> (8 * i));
    }
}

/* ---------------------------------------------------------------- the good image --------------- */

static void add_text(fsi_image *img, const char *path, size_t size)
{
    fsi_error err = {0};
    uint8_t *bytes = malloc(size ? size : 1);
    for (size_t i = 0; i < size; i++)
        bytes[i] = (uint8_t)(i * 7 + size);
    fsi_source *src = NULL;
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_source_from_memory(bytes, size, &src, &err), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), p, src, &err), 0);
    fsi_source_release(src);
    free(p);
    free(bytes);
}

static void add_folder(fsi_image *img, const char *path)
{
    fsi_error err = {0};
    fsi_char *p = fsi_utf8_to_utf16(path);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), p, &err), 0);
    free(p);
}

/* \A.TXT, \BIG.BIN, \DIR1\B.TXT, \DIR1\DIR2\C.TXT (ISO 9660 level 2 and Joliet), rendered whole. */
static uint8_t *good_image(size_t *size)
{
    fsi_image *img = fsi_image_create();
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    fsi_error err = {0};
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET, &err), 0);
    add_text(img, "a.txt", 100);
    add_text(img, "big.bin", 10000);
    add_folder(img, "dir1");
    add_text(img, "dir1/b.txt", 3000);
    add_folder(img, "dir1/dir2");
    add_text(img, "dir1/dir2/c.txt", 5);
    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    *size = (size_t)fsi_layout_total_blocks(layout) * SECTOR;
    uint8_t *image = malloc(*size);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    CHECK_HR(fsi_reader_read(reader, 0, image, *size, &err), 0);
    fsi_reader_destroy(reader);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    return image;
}

/* The record of name (ISO 9660 identifier without ";1") in the directory whose record is at dir. */
static uint8_t *record_in(uint8_t *image, size_t size, const uint8_t *dir, const char *name)
{
    uint32_t lba = get32(dir + 2), length = get32(dir + 10);
    size_t n = strlen(name);
    if ((uint64_t)lba * SECTOR + length > size)
        return NULL;
    for (uint32_t s = 0; s < (length + SECTOR - 1) / SECTOR; s++) {
        uint8_t *sector = image + ((size_t)lba + s) * SECTOR;
        for (size_t pos = 0; pos < SECTOR && sector[pos] != 0; pos += sector[pos]) {
            uint8_t *r = sector + pos;
            if (r[32] >= n && memcmp(r + 33, name, n) == 0 && (r[32] == n || r[33 + n] == ';'))
                return r;
        }
    }
    CHECK_MSG(0, "no record '%s'", name);
    return NULL;
}

/* The record of "A/B/C" from the primary descriptor's root. */
static uint8_t *record_at(uint8_t *image, size_t size, const char *path)
{
    uint8_t *at = image + PVD + ROOT_RECORD;
    char part[64];
    while (at && *path) {
        size_t n = strcspn(path, "/");
        memcpy(part, path, n);
        part[n] = 0;
        at = record_in(image, size, at, part);
        path += n + (path[n] == '/');
    }
    return at;
}

/* ---------------------------------------------------------------- running the reader ----------- */

/* Reads bytes (size of them) and expects hr; a failure must leave *out NULL and name want in its message. */
static void expect(const uint8_t *bytes, size_t size, int joliet, const import_limits *limits, fsi_hresult hr,
                   const char *want, const char *what)
{
    fsi_disc disc;
    fsi_error err = {0};
    import_tree *tree = (import_tree *)&err;
    import_disc_from_memory(bytes, size, &disc);
    fsi_hresult got = import_read_iso9660(&disc, joliet, limits, &tree, &err);
    CHECK_MSG(got == hr, "%s: 0x%08X, expected 0x%08X (%s)", what, (unsigned)got, (unsigned)hr, err.message);
    if (hr < 0) {
        CHECK_MSG(tree == NULL, "%s: a tree on failure", what);
        CHECK_MSG(err.code == hr, "%s: err.code 0x%08X", what, (unsigned)err.code);
        CHECK_MSG(!want || strstr(err.message, want), "%s: message '%s' lacks '%s'", what, err.message, want);
    } else {
        CHECK_MSG(tree != NULL && tree != (import_tree *)&err, "%s: no tree", what);
        if (tree != (import_tree *)&err)
            import_tree_free(tree);
    }
    import_disc_close(&disc);
}

#define CONSISTENCY IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR

/* One corruption of a fresh copy of the good image: edit changes it, then the reader must give hr. */
typedef void (*corruption)(uint8_t *image, size_t size);
static void corrupted(const uint8_t *good, size_t size, corruption edit, int joliet, const import_limits *limits,
                      fsi_hresult hr, const char *want, const char *what)
{
    uint8_t *copy = malloc(size);
    memcpy(copy, good, size);
    edit(copy, size);
    expect(copy, size, joliet, limits, hr, want, what);
    free(copy);
}

static void root_length_20(uint8_t *image, size_t size) { (void)size, image[PVD + ROOT_RECORD] = 20; }
static void root_length_60(uint8_t *image, size_t size) { (void)size, image[PVD + ROOT_RECORD] = 60; }
static void root_data_100(uint8_t *image, size_t size) { (void)size, set_both32(image + PVD + ROOT_RECORD + 10, 100); }
static void root_not_dir(uint8_t *image, size_t size) { (void)size, image[PVD + ROOT_RECORD + 25] = 0; }

static void file_past_end(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "A.TXT");
    if (r)
        set_both32(r + 2, (uint32_t)(size / SECTOR));
}

static void file_straddles_end(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "BIG.BIN"); /* 10000 bytes: 5 sectors, of which the last is past */
    if (r)
        set_both32(r + 2, (uint32_t)(size / SECTOR) - 4);
}

static void name_past_record(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "A.TXT");
    if (r)
        r[32] = 200;
}

static void record_length_20(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "DIR1/B.TXT");
    if (r)
        r[0] = 20;
}

/* The root's sector filled up with copies of its "." record (which the reader skips), the last one
 * starting less than 34 bytes before the sector's end. */
static void record_past_sector(uint8_t *image, size_t size)
{
    (void)size;
    uint8_t *sector = image + (size_t)get32(image + PVD + ROOT_RECORD + 2) * SECTOR;
    size_t pos = 0;
    while (sector[pos] != 0)
        pos += sector[pos];
    for (; pos + 34 <= SECTOR; pos += 34)
        memcpy(sector + pos, sector, 34);
    sector[pos] = 34;
}

static void dir_to_parent(uint8_t *image, size_t size)
{
    uint8_t *parent = record_at(image, size, "DIR1"), *r = record_at(image, size, "DIR1/DIR2");
    if (parent && r)
        memcpy(r + 2, parent + 2, 16); /* extent and data length of DIR1 */
}

static void dir_to_root(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "DIR1");
    if (r)
        memcpy(r + 2, image + PVD + ROOT_RECORD + 2, 16);
}

static void dir_huge(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "DIR1");
    if (r)
        set_both32(r + 10, 0xFFFFF800u);
}

static void last_file_multi_extent(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "DIR1/DIR2/C.TXT");
    if (r)
        r[25] |= 0x80;
}

static void file_multi_then_other(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "A.TXT");
    if (r)
        r[25] |= 0x80;
}

static void dir_multi_extent(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "DIR1");
    if (r)
        r[25] |= 0x80;
}

static void interleaved(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "BIG.BIN");
    if (r)
        r[26] = 1, r[27] = 2;
}

static void name_with_nul(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "BIG.BIN");
    if (r)
        r[33 + 1] = 0;
}

static void block_size_512(uint8_t *image, size_t size) { (void)size, image[PVD + 128] = 0, image[PVD + 129] = 2; }
static void no_primary(uint8_t *image, size_t size) { (void)size, image[PVD] = 3; }
static void no_joliet_escape(uint8_t *image, size_t size)
{
    (void)size;
    for (uint8_t *d = image + PVD; d[0] != 255 && d < image + 32 * SECTOR; d += SECTOR)
        if (d[0] == 2)
            memset(d + 88, 0, 32);
}

/* A length byte 0 ends the records of a sector: what follows it there is not read. */
static void zero_length_byte(uint8_t *image, size_t size)
{
    uint8_t *r = record_at(image, size, "A.TXT");
    if (r)
        r[0] = 0;
}

static void test_corruptions(const uint8_t *good, size_t size)
{
    import_limits tight_depth = {1, 100}, tight_entries = {100, 5}, exact_entries = {100, 6};

    expect(good, size, 0, NULL, 0, NULL, "the good image");
    expect(good, size, 1, NULL, 0, NULL, "the good image, Joliet");
    corrupted(good, size, root_length_20, 0, NULL, CONSISTENCY, "root directory record of the ISO 9660 volume "
              "descriptor at sector 16 is malformed: its length is below", "root record length 20");
    corrupted(good, size, root_length_60, 0, NULL, CONSISTENCY, "runs past", "root record length 60");
    corrupted(good, size, root_data_100, 0, NULL, CONSISTENCY, "ISO 9660 \\: the record at sector",
              "root data length 100: records cross it");
    corrupted(good, size, root_not_dir, 0, NULL, CONSISTENCY, "not a directory's", "root record not a directory");
    corrupted(good, size, file_past_end, 0, NULL, CONSISTENCY, "ISO 9660 \\A.TXT: its data, sectors", "extent past the end");
    corrupted(good, size, file_straddles_end, 0, NULL, CONSISTENCY, "\\BIG.BIN", "extent straddling the end");
    corrupted(good, size, name_past_record, 0, NULL, CONSISTENCY, "identifier runs past the end of the record",
              "name length past its record");
    corrupted(good, size, record_length_20, 0, NULL, CONSISTENCY, "ISO 9660 \\DIR1: the record at sector",
              "record length 20");
    corrupted(good, size, record_past_sector, 0, NULL, CONSISTENCY, "past the end of its sector",
              "record crossing its sector");
    corrupted(good, size, dir_to_parent, 0, NULL, CONSISTENCY, "ISO 9660 \\DIR1\\DIR2: its sector",
              "directory pointing to its parent");
    corrupted(good, size, dir_to_root, 0, NULL, CONSISTENCY, "read before as part of a directory",
              "directory pointing to the root");
    corrupted(good, size, dir_huge, 0, NULL, CONSISTENCY, "\\DIR1: its records, sectors", "huge directory length");
    corrupted(good, size, last_file_multi_extent, 0, NULL, CONSISTENCY, "\\DIR1\\DIR2\\C.TXT: the directory ends",
              "multi-extent flag on a directory's last record");
    corrupted(good, size, file_multi_then_other, 0, NULL, CONSISTENCY, "\\A.TXT: a section marked",
              "multi-extent section followed by another file");
    corrupted(good, size, dir_multi_extent, 0, NULL, CONSISTENCY, "multi-extent flag", "multi-extent directory");
    corrupted(good, size, interleaved, 0, NULL, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "\\BIG.BIN: recorded in "
              "interleaved mode", "interleaved file");
    corrupted(good, size, name_with_nul, 0, NULL, CONSISTENCY, "character 0", "a NUL in a name");
    corrupted(good, size, block_size_512, 0, NULL, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, "512 bytes",
              "512-byte logical blocks");
    corrupted(good, size, no_primary, 0, NULL, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "primary", "no primary descriptor");
    corrupted(good, size, no_primary, 1, NULL, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "primary",
              "no primary descriptor, Joliet asked");
    corrupted(good, size, no_joliet_escape, 1, NULL, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "Joliet",
              "supplementary descriptor without UCS-2 escape");
    corrupted(good, size, no_joliet_escape, 0, NULL, 0, NULL, "no Joliet: ISO 9660 still read");
    corrupted(good, size, zero_length_byte, 0, NULL, 0, NULL, "zero length byte");
    expect(good, size, 0, &tight_depth, CONSISTENCY, "\\DIR1\\DIR2: the directory lies 2 levels below the root, "
           "deeper than the limit of 1", "depth beyond the limit");
    expect(good, size, 1, &tight_depth, CONSISTENCY, "Joliet \\dir1\\dir2", "depth beyond the limit, Joliet");
    expect(good, size, 0, &tight_entries, CONSISTENCY, "more than 5 files and directories", "entries cap");
    expect(good, size, 0, &exact_entries, 0, NULL, "entries exactly at the cap");

    /* Truncated images: the descriptors gone, the directories gone, a file's last sectors gone. */
    expect(good, 10 * SECTOR, 0, NULL, IMAPI_E_FILE_SYSTEM_NOT_FOUND, "primary", "truncated to 10 sectors");
    expect(good, 19 * SECTOR, 0, NULL, CONSISTENCY, "ISO 9660 \\: its records, sectors", "truncated after the descriptors");
    expect(good, size - 3 * SECTOR, 0, NULL, CONSISTENCY, "lies past the end of the disc", "truncated in the file data");
    expect(good, 0, 0, NULL, IMAPI_E_FILE_SYSTEM_NOT_FOUND, NULL, "empty image");
}

/* The zero length byte hides A.TXT and everything after it in the root's sector. */
static void test_zero_length_byte_skips(const uint8_t *good, size_t size)
{
    uint8_t *copy = malloc(size);
    memcpy(copy, good, size);
    zero_length_byte(copy, size);
    fsi_disc disc;
    fsi_error err = {0};
    import_tree *tree = NULL;
    import_disc_from_memory(copy, size, &disc);
    CHECK_HR(import_read_iso9660(&disc, 0, NULL, &tree, &err), 0);
    CHECK(tree && tree->root.child_count == 0 && tree->files == 0 && tree->directories == 0);
    import_tree_free(tree);
    import_disc_close(&disc);
    free(copy);
}

/* ---------------------------------------------------------------- a failing disc --------------- */

typedef struct failing_disc {
    fsi_disc inner;
    uint32_t bad_lba;
} failing_disc;

static fsi_hresult failing_read(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    failing_disc *f = ctx;
    if (f->bad_lba >= lba && f->bad_lba - lba < count)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sector %u cannot be read (test)", f->bad_lba);
    return f->inner.read(f->inner.ctx, lba, count, buf, err);
}

/* A sector that cannot be read: the disc's error comes through as it is, whichever sector it is. */
static void test_read_failure(const uint8_t *good, size_t size)
{
    failing_disc f;
    import_disc_from_memory(good, size, &f.inner);
    uint32_t dir1 = get32(record_at((uint8_t *)good, size, "DIR1") + 2);
    uint32_t bad[] = {16, 17, get32(good + PVD + ROOT_RECORD + 2), dir1};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        fsi_disc disc = {failing_read, &f, 0, f.inner.end};
        fsi_error err = {0};
        import_tree *tree = NULL;
        char want[64];
        f.bad_lba = bad[i];
        CHECK_HR(import_read_iso9660(&disc, 0, NULL, &tree, &err), IMAPI_E_IMPORT_READ_FAILURE);
        snprintf(want, sizeof want, "sector %u cannot be read (test)", bad[i]);
        CHECK_MSG(tree == NULL && strcmp(err.message, want) == 0, "read failure at %u: %s", bad[i], err.message);
    }
    import_disc_close(&f.inner);
}

/* ---------------------------------------------------------------- every byte ------------------- */

/* Each byte of the descriptors and of the directory sectors set to 0, 0xFF and its complement in turn:
 * a tree or a documented error, and nothing else (ASan would catch a bad access, LSan a leak). */
static void test_every_byte(const uint8_t *good, size_t size)
{
    uint8_t *copy = malloc(size);
    uint32_t metadata_end = get32(record_at((uint8_t *)good, size, "A.TXT") + 2); /* files follow the metadata */
    unsigned runs = 0, ok = 0;
    memcpy(copy, good, size);
    for (size_t at = PVD; at < (size_t)metadata_end * SECTOR; at++) {
        static const int values[] = {0, 0xFF, -1};
        uint8_t keep = copy[at];
        if (at % SECTOR >= 512 && keep == 0 && at % SECTOR != 0)
            continue; /* past the records of a sector, and the descriptors' unused tail: nothing read */
        for (size_t v = 0; v < 3; v++) {
            copy[at] = (uint8_t)(values[v] < 0 ? ~keep : values[v]);
            if (copy[at] == keep)
                continue;
            for (int joliet = 0; joliet <= 1; joliet++) {
                fsi_disc disc;
                fsi_error err = {0};
                import_tree *tree = NULL;
                import_disc_from_memory(copy, size, &disc);
                fsi_hresult hr = import_read_iso9660(&disc, joliet, NULL, &tree, &err);
                runs++;
                ok += hr >= 0;
                CHECK_MSG(hr >= 0 || hr == CONSISTENCY || hr == IMAPI_E_FILE_SYSTEM_NOT_FOUND ||
                              hr == IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED,
                          "byte %zu = 0x%02X: 0x%08X", at, copy[at], (unsigned)hr);
                CHECK_MSG((hr >= 0) == (tree != NULL), "byte %zu: tree %p for 0x%08X", at, (void *)tree, (unsigned)hr);
                import_tree_free(tree);
                import_disc_close(&disc);
            }
        }
        copy[at] = keep;
    }
    printf("every byte: %u runs, %u read a tree\n", runs, ok);
    CHECK(runs > 10000 && ok > 0 && ok < runs);
    free(copy);
}

int main(void)
{
    size_t size = 0;
    uint8_t *good = good_image(&size);
    test_corruptions(good, size);
    test_zero_length_byte_skips(good, size);
    test_read_failure(good, size);
    test_every_byte(good, size);
    free(good);
    return check_report();
}
