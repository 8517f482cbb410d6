/* bench_scale: how the core grows with the number of files, without a disk. Builds an image of N
 * synthetic files (each its own source that generates its bytes, 512 B - 4 KiB), 100 files per folder,
 * 100 folders per parent (\pNNN\dNN\fileNN.bin), then CreateResultImage and reads the whole image
 * in 1 MiB pieces (discarded).
 *   bench_scale N [-fs iso9660,joliet,udf]
 * Output, one line on stdout:
 *   n=N add_s=.. layout_s=.. read_s=.. bytes=.. rss_add_kib=.. rss_layout_kib=.. rss_read_kib=..
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fsi_core.h"

enum { CHUNK = 1 << 20, FILES_PER_FOLDER = 100, FOLDERS_PER_PARENT = 100 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/* A source whose bytes are a function of their offset: nothing stored, nothing opened. */
static fsi_hresult generated_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)err;
    *handle = src;
    return 0;
}

static fsi_hresult generated_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                                  fsi_error *err)
{
    (void)src;
    (void)handle;
    (void)err;
    memset(buf, (int)(offset / 512 % 251), len);
    return 0;
}

static void generated_close(fsi_source *src, void *handle)
{
    (void)src;
    (void)handle;
}

static void generated_destroy(fsi_source *src)
{
    free(src);
}

static const fsi_source_ops generated_ops = {generated_open, generated_read, generated_close, generated_destroy};

static int fail(const char *what, const fsi_error *err)
{
    fprintf(stderr, "bench_scale: %s: 0x%08lX %s\n", what, (unsigned long)(uint32_t)err->code, err->message);
    return 1;
}

static fsi_char *utf16(const char *s)
{
    fsi_char *out = fsi_utf8_to_utf16(s);
    if (!out) {
        fprintf(stderr, "bench_scale: out of memory\n");
        exit(1);
    }
    return out;
}

static int add_files(fsi_image *img, long n)
{
    fsi_error err = {0};
    fsi_node *folder = NULL;
    char name[64];
    int rc = 0;

    for (long i = 0; rc == 0 && i < n; i++) {
        if (i % FILES_PER_FOLDER == 0) {
            long folder_index = i / FILES_PER_FOLDER;
            fsi_char *path;
            if (folder_index % FOLDERS_PER_PARENT == 0) {
                snprintf(name, sizeof(name), "p%03ld", folder_index / FOLDERS_PER_PARENT);
                path = utf16(name);
                if (fsi_dir_add_directory(fsi_image_root(img), path, &err) < 0)
                    rc = fail(name, &err);
                free(path);
                if (rc)
                    break;
            }
            snprintf(name, sizeof(name), "p%03ld\\d%02ld", folder_index / FOLDERS_PER_PARENT,
                     folder_index % FOLDERS_PER_PARENT);
            path = utf16(name);
            if (folder)
                fsi_node_release(folder);
            folder = NULL;
            if (fsi_dir_add_directory(fsi_image_root(img), path, &err) < 0 ||
                fsi_dir_item(fsi_image_root(img), path, &folder, &err) < 0)
                rc = fail(name, &err);
            free(path);
            if (rc)
                break;
        }
        fsi_source *src = malloc(sizeof(*src));
        if (!src)
            return 1;
        fsi_source_init(src, &generated_ops, 512 * (1 + (uint64_t)(i % 8)));
        snprintf(name, sizeof(name), "file%02ld.bin", i % FILES_PER_FOLDER);
        fsi_char *file_name = utf16(name);
        if (fsi_dir_add_file(folder, file_name, src, &err) < 0)
            rc = fail(name, &err);
        fsi_source_release(src);
        free(file_name);
    }
    if (folder)
        fsi_node_release(folder);
    return rc;
}

static int read_all(fsi_layout *layout, uint64_t *bytes)
{
    fsi_error err = {0};
    fsi_reader *reader;
    void *buf;
    int rc = 0;

    *bytes = (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    if (fsi_reader_create(layout, &reader, &err) < 0)
        return fail("creating a reader", &err);
    if (posix_memalign(&buf, 4096, CHUNK) != 0) {
        fsi_reader_destroy(reader);
        return 1;
    }
    for (uint64_t pos = 0; rc == 0 && pos < *bytes; pos += CHUNK) {
        size_t len = *bytes - pos < CHUNK ? (size_t)(*bytes - pos) : CHUNK;
        if (fsi_reader_read(reader, pos, buf, len, &err) < 0)
            rc = fail("reading the image", &err);
    }
    free(buf);
    fsi_reader_destroy(reader);
    return rc;
}

int main(int argc, char **argv)
{
    uint32_t file_systems = FSI_FS_ISO9660 | FSI_FS_JOLIET;
    fsi_error err = {0};
    fsi_layout *layout = NULL;
    uint64_t bytes = 0;
    long n, rss_add, rss_layout;
    double t0, t1, t2, t3;
    int rc = 0;

    if ((argc != 2 && argc != 4) || (n = atol(argv[1])) <= 0 ||
        (argc == 4 && (strcmp(argv[2], "-fs") || !fsi_parse_file_systems(argv[3], &file_systems)))) {
        fprintf(stderr, "usage: bench_scale N [-fs iso9660,joliet,udf]\n");
        return 2;
    }
    fsi_image *img = fsi_image_create();
    if (!img)
        return 1;
    if (fsi_image_set_file_systems(img, file_systems, &err) < 0 || fsi_image_set_free_media_blocks(img, 0, &err) < 0) {
        fsi_image_destroy(img);
        return fail("setting options", &err);
    }
    t0 = now();
    rc = add_files(img, n);
    t1 = now();
    rss_add = peak_rss_kib();
    if (rc == 0 && fsi_layout_create(img, &layout, &err) < 0)
        rc = fail("laying out the image", &err);
    t2 = now();
    rss_layout = peak_rss_kib();
    if (rc == 0)
        rc = read_all(layout, &bytes);
    t3 = now();
    if (rc == 0)
        printf("n=%ld add_s=%.3f layout_s=%.3f read_s=%.3f bytes=%llu rss_add_kib=%ld rss_layout_kib=%ld "
               "rss_read_kib=%ld\n",
               n, t1 - t0, t2 - t1, t3 - t2, (unsigned long long)bytes, rss_add, rss_layout, peak_rss_kib());
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    return rc;
}
