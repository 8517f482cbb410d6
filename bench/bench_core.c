/* bench_core: the core alone (no COM) doing the whole job: scan a folder, lay out the image, read the
 * virtual image in 1 MiB pieces into a file; prints the wall time of each phase and the peak RSS.
 *   bench_core [-fs iso9660,joliet,udf] [-stage on|off] [-media TYPE] [-workdir DIR] -o OUT SRC
 *       (SRC's contents at the image root; -stage: StageFiles, default off; -media: the
 *       IMAPI_MEDIA_PHYSICAL_TYPE the image is made for, whose rate the staging probe judges against,
 *       default none chosen (CD-R 52x); -workdir: where stash files go)
 *   bench_core -supports udf                          exit 0 when the core writes that file system
 * Output, one line on stdout:
 *   files=N dirs=N bytes=N scan_s=.. layout_s=.. write_s=.. total_s=.. maxrss_kib=.. rss_bytes_per_file=..
 *   stash_bytes=N   (bytes the image's stash files held after the scan)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "fsi_core.h"

enum { CHUNK = 1 << 20 };

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

static int fail(const char *what, const fsi_error *err)
{
    fprintf(stderr, "bench_core: %s: 0x%08lX %s\n", what, (unsigned long)(uint32_t)err->code, err->message);
    return 1;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads the whole virtual image into fd; *bytes is the image size. */
static int copy_image(fsi_layout *layout, int fd, uint64_t *bytes)
{
    fsi_error err = {0};
    fsi_reader *reader;
    void *buf;
    int rc = 0;

    *bytes = (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    if (fsi_reader_create(layout, &reader, &err) < 0)
        return fail("creating a reader", &err);
    /* Page-aligned: unaligned buffers copy from the page cache several times slower on this host. */
    if (posix_memalign(&buf, 4096, CHUNK) != 0) {
        fsi_reader_destroy(reader);
        return 1;
    }
    for (uint64_t pos = 0; rc == 0 && pos < *bytes; pos += CHUNK) {
        size_t n = *bytes - pos < CHUNK ? (size_t)(*bytes - pos) : CHUNK;
        if (fsi_reader_read(reader, pos, buf, n, &err) < 0)
            rc = fail("reading the image", &err);
        else if (write_all(fd, buf, n) < 0) {
            perror("writing the image");
            rc = 1;
        }
    }
    free(buf);
    fsi_reader_destroy(reader);
    return rc;
}

typedef struct bench_options {
    uint32_t file_systems;
    int stage_files;
    int32_t media; /* -1: none chosen */
    const char *workdir;
} bench_options;

static int apply_staging(fsi_image *img, const bench_options *opt, fsi_error *err)
{
    fsi_image_set_stage_files(img, opt->stage_files);
    if (opt->media >= 0)
        fsi_image_set_media_type(img, opt->media);
    if (opt->workdir) {
        fsi_char *dir = fsi_utf8_to_utf16(opt->workdir);
        fsi_hresult hr = dir ? fsi_image_set_working_directory(img, dir, err) : -1;
        free(dir);
        if (hr < 0)
            return -1;
    }
    return 0;
}

static int run(const bench_options *opt, const char *source, const char *output)
{
    fsi_error err = {0};
    fsi_image *img = fsi_image_create();
    fsi_layout *layout = NULL;
    fsi_char *path = fsi_utf8_to_utf16(source);
    uint64_t bytes = 0, stash_bytes = 0;
    int rc = 0, fd = -1;
    double t0, t1, t2, t3;

    if (!img || !path)
        return 1;
    t0 = now();
    if (fsi_image_set_file_systems(img, opt->file_systems, &err) < 0 ||
        fsi_image_set_free_media_blocks(img, 0, &err) < 0 || apply_staging(img, opt, &err) < 0)
        rc = fail("setting options", &err);
    else if (fsi_dir_add_tree(fsi_image_root(img), path, 0, &err) < 0)
        rc = fail(source, &err);
    t1 = now();
    stash_bytes = fsi_image_stash_bytes(img);
    if (rc == 0 && fsi_layout_create(img, &layout, &err) < 0)
        rc = fail("laying out the image", &err);
    t2 = now();
    if (rc == 0) {
        fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            perror(output);
            rc = 1;
        } else {
            rc = copy_image(layout, fd, &bytes);
            if (close(fd) != 0 && rc == 0) {
                perror(output);
                rc = 1;
            }
        }
    }
    t3 = now();
    if (rc == 0) {
        long files = fsi_image_file_count(img), rss = peak_rss_kib();
        printf("files=%ld dirs=%ld bytes=%llu scan_s=%.3f layout_s=%.3f write_s=%.3f total_s=%.3f maxrss_kib=%ld "
               "rss_bytes_per_file=%.0f stash_bytes=%llu\n",
               files, (long)fsi_image_directory_count(img), (unsigned long long)bytes, t1 - t0, t2 - t1, t3 - t2,
               t3 - t0, rss, files ? rss * 1024.0 / files : 0.0, (unsigned long long)stash_bytes);
    }
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    free(path);
    return rc;
}

int main(int argc, char **argv)
{
    bench_options opt = {FSI_FS_ISO9660 | FSI_FS_JOLIET, 0, -1, NULL};
    const char *output = NULL;

    if (argc == 3 && !strcmp(argv[1], "-supports")) {
        fsi_image *img = fsi_image_create();
        uint32_t wanted;
        int supported = img && fsi_parse_file_systems(argv[2], &wanted) &&
                        (fsi_image_file_systems_supported(img) & wanted) == wanted;
        fsi_image_destroy(img);
        return supported ? 0 : 1;
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-fs") && i + 1 < argc) {
            if (!fsi_parse_file_systems(argv[++i], &opt.file_systems))
                break;
        } else if (!strcmp(argv[i], "-stage") && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "on") && strcmp(v, "off"))
                break;
            opt.stage_files = !strcmp(v, "on");
        } else if (!strcmp(argv[i], "-media") && i + 1 < argc)
            opt.media = (int32_t)strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "-workdir") && i + 1 < argc)
            opt.workdir = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else
            break;
    }
    if (!output || i != argc - 1) {
        fprintf(stderr, "usage: bench_core [-fs iso9660,joliet,udf] [-stage on|off] [-media TYPE] [-workdir DIR] "
                        "-o OUT SRC | bench_core -supports udf\n");
        return 2;
    }
    return run(&opt, argv[i], output);
}
