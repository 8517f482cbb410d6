/* rebuild_reread SEED [-fs LIST] [-level N] [-udf-rev R] [-udf-single-metadata] SRC
 * Through the core API alone, builds the image of SRC's contents (as make_image -contents with the same
 * options) twice, as two independent images with the same creation time and label, both added before
 * either is read (reading a source updates its access time, which UDF records): their bytes must be
 * identical. Then reads the first at random offsets and lengths, in random order, with one reader: every
 * read must equal the same bytes of the whole image read in order; a read at the very end works, one
 * byte beyond it fails. Prints "rebuild_reread: ok (N reads)".
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsi_core.h"
#include "hresult.h"
#include "layout.h"
#include "splitmix.h"

enum { READS = 3000, MAX_READ = 300 * 1024, CHUNK = 1 << 20 };

/* 2021-02-03 04:05:06 UTC in 100 ns units since 1601, as FILETIME */
static const fsi_time CREATED = 132568371060000000;

struct options {
    uint32_t file_systems;
    int32_t level;
    int32_t udf_revision;
    int udf_redundant;
    const char *source;
};

static int fail(const char *what, const fsi_error *err)
{
    fprintf(stderr, "rebuild_reread: %s: 0x%08" PRIX32 " %s\n", what, (uint32_t)err->code, err->message);
    return 1;
}

static int parse(int argc, char **argv, struct options *opt)
{
    *opt = (struct options){FSI_FS_ISO9660 | FSI_FS_JOLIET, 2, FSI_UDF_DEFAULT_REVISION, 1, NULL};
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-fs") && i + 1 < argc) {
            if (!fsi_parse_file_systems(argv[++i], &opt->file_systems))
                return 0;
        } else if (!strcmp(argv[i], "-level") && i + 1 < argc)
            opt->level = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-udf-rev") && i + 1 < argc)
            opt->udf_revision = (int32_t)strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-udf-single-metadata"))
            opt->udf_redundant = 0;
        else if (i == argc - 1 && argv[i][0] != '-')
            opt->source = argv[i];
        else
            return 0;
    }
    return opt->source != NULL;
}

/* The whole image, read in order in 1 MiB pieces (as a client copying it to a file). */
static uint8_t *read_whole(fsi_layout *layout, uint64_t *size)
{
    fsi_reader *reader;
    fsi_error err = {0};
    uint64_t total = (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    uint8_t *whole = malloc(total ? total : 1);

    if (!whole || fsi_reader_create(layout, &reader, &err) < 0) {
        free(whole);
        fail("reading the whole image", &err);
        return NULL;
    }
    for (uint64_t pos = 0; pos < total; pos += CHUNK) {
        size_t n = total - pos < CHUNK ? (size_t)(total - pos) : CHUNK;
        if (fsi_reader_read(reader, pos, whole + pos, n, &err) < 0) {
            fail("reading the whole image", &err);
            free(whole);
            whole = NULL;
            break;
        }
    }
    fsi_reader_destroy(reader);
    *size = total;
    return whole;
}

static int build(const struct options *opt, fsi_image **img, fsi_error *err)
{
    fsi_char *path = fsi_utf8_to_utf16(opt->source);
    int rc = 0;

    *img = fsi_image_create();
    if (!*img || !path)
        return fprintf(stderr, "rebuild_reread: out of memory\n"), 1;
    if (fsi_image_set_file_systems(*img, opt->file_systems, err) < 0 || fsi_image_set_iso_level(*img, opt->level, err) < 0 ||
        fsi_image_set_free_media_blocks(*img, 0, err) < 0 || fsi_image_set_udf_revision(*img, opt->udf_revision, err) < 0)
        rc = fail("setting options", err);
    fsi_image_set_udf_redundant_metadata(*img, opt->udf_redundant);
    if (rc == 0 && fsi_image_set_volume_name(*img, u"PROPERTY", err) < 0)
        rc = fail("setting the volume name", err);
    if (rc == 0 && fsi_dir_add_tree(fsi_image_root(*img), path, 0, err) < 0)
        rc = fail(opt->source, err);
    free(path);
    return rc;
}

/* A length: mostly small and around block edges, sometimes up to MAX_READ. */
static size_t pick_length(uint64_t *rng)
{
    switch (rng_below(rng, 4)) {
    case 0:
        return (size_t)rng_below(rng, 16) + 1;
    case 1:
        return FSI_BLOCK_SIZE * (size_t)rng_below(rng, 4) + (size_t)rng_below(rng, 3) + FSI_BLOCK_SIZE - 1;
    case 2:
        return (size_t)rng_below(rng, 8 * FSI_BLOCK_SIZE) + 1;
    default:
        return (size_t)rng_below(rng, MAX_READ) + 1;
    }
}

static int compare(fsi_reader *reader, const uint8_t *whole, uint64_t offset, size_t length, uint8_t *buf)
{
    fsi_error err = {0};

    if (fsi_reader_read(reader, offset, buf, length, &err) < 0)
        return fail("reading", &err);
    if (memcmp(buf, whole + offset, length)) {
        size_t at = 0;
        while (buf[at] == whole[offset + at])
            at++;
        fprintf(stderr, "rebuild_reread: read of %zu bytes at %" PRIu64 " differs from the image at byte %" PRIu64 "\n",
                length, offset, offset + at);
        return 1;
    }
    return 0;
}

static int check_reads(fsi_layout *layout, const uint8_t *whole, uint64_t size, uint64_t seed)
{
    uint64_t rng = seed, total = size;
    uint8_t *buf = malloc(MAX_READ + 4 * FSI_BLOCK_SIZE);
    fsi_reader *reader;
    fsi_error err = {0};
    int rc = 0;

    if (!buf || fsi_reader_create(layout, &reader, &err) < 0) {
        free(buf);
        return fail("creating a reader", &err);
    }
    for (int i = 0; rc == 0 && i < READS; i++) {
        uint64_t offset = rng_below(&rng, total);
        size_t length = pick_length(&rng);
        if (length > total - offset)
            length = (size_t)(total - offset);
        rc = compare(reader, whole, offset, length, buf);
    }
    if (rc == 0)
        rc = compare(reader, whole, total - 1, 1, buf);
    if (rc == 0 && (fsi_reader_read(reader, total - 1, buf, 2, &err) != FSI_E_INVALIDARG)) {
        fprintf(stderr, "rebuild_reread: a read one byte beyond the end did not fail with E_INVALIDARG\n");
        rc = 1;
    }
    fsi_reader_destroy(reader);
    free(buf);
    return rc;
}

/* The first offset where two images differ, or -1. */
static int64_t first_difference(const uint8_t *a, uint64_t a_size, const uint8_t *b, uint64_t b_size)
{
    uint64_t n = a_size < b_size ? a_size : b_size;
    for (uint64_t i = 0; i < n; i += CHUNK) {
        size_t piece = n - i < CHUNK ? (size_t)(n - i) : CHUNK;
        if (memcmp(a + i, b + i, piece))
            for (size_t k = 0;; k++)
                if (a[i + k] != b[i + k])
                    return (int64_t)(i + k);
    }
    return a_size == b_size ? -1 : (int64_t)n;
}

int main(int argc, char **argv)
{
    struct options opt;
    fsi_error err = {0};
    fsi_image *img[2] = {NULL, NULL};
    fsi_layout *layout[2] = {NULL, NULL};
    uint8_t *whole[2] = {NULL, NULL};
    uint64_t size[2] = {0, 0};
    int rc = 0;

    if (argc < 3 || !parse(argc, argv, &opt)) {
        fprintf(stderr, "usage: rebuild_reread SEED [-fs LIST] [-level N] [-udf-rev R] [-udf-single-metadata] SRC\n");
        return 2;
    }
    for (int i = 0; rc == 0 && i < 2; i++) {
        rc = build(&opt, &img[i], &err);
        if (rc == 0 && layout_create_at(img[i], CREATED, &layout[i], &err) < 0)
            rc = fail("laying out the image", &err);
    }
    for (int i = 0; rc == 0 && i < 2; i++)
        if (!(whole[i] = read_whole(layout[i], &size[i])))
            rc = 1;
    if (rc == 0) {
        int64_t at = first_difference(whole[0], size[0], whole[1], size[1]);
        if (at >= 0) {
            fprintf(stderr, "rebuild_reread: two builds of the same tree differ at byte %" PRId64
                    " (block %" PRId64 "; %" PRIu64 " and %" PRIu64 " bytes)\n", at, at / FSI_BLOCK_SIZE, size[0], size[1]);
            rc = 1;
        }
    }
    if (rc == 0)
        rc = check_reads(layout[0], whole[0], size[0], strtoull(argv[1], NULL, 0));
    for (int i = 0; i < 2; i++) {
        free(whole[i]);
        if (layout[i])
            fsi_layout_release(layout[i]);
        if (img[i])
            fsi_image_destroy(img[i]);
    }
    if (rc == 0)
        printf("rebuild_reread: ok (%d reads)\n", READS + 2);
    return rc;
}
