/* copy_floor: the least a program must do to copy a tree's bytes into one file — walk the folder, open
 * and read every file, pack the bytes into a page-aligned 1 MiB buffer at 2 KiB boundaries as in an
 * image, write once per MiB — the native twin of windows/floor.c. The staging benchmark's peer for "one
 * sequential copy of the data" (into the stash's folder) and for "the copy itself" (into tmpfs).
 *   copy_floor SRC OUT   ->  "files=N bytes=N total_s=.."
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { CHUNK = 1 << 20, BLOCK = 2048 };

static int out_fd;
static unsigned char *buf;
static size_t used;
static unsigned long long files, bytes;

static int flush_buffer(void)
{
    size_t done = 0;
    while (done < used) {
        ssize_t n = write(out_fd, buf + done, used - done);
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    used = 0;
    return 0;
}

static int copy_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F)
        return 0;
    int in = open(path, O_RDONLY);
    if (in < 0) {
        perror(path);
        return 1;
    }
    posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
    for (off_t left = st->st_size; left > 0;) {
        if (used == CHUNK && flush_buffer() < 0) {
            close(in);
            return 1;
        }
        size_t want = CHUNK - used < (size_t)left ? CHUNK - used : (size_t)left;
        ssize_t n = read(in, buf + used, want);
        if (n <= 0) {
            close(in);
            return 1;
        }
        used += (size_t)n;
        left -= n;
        bytes += (unsigned long long)n;
    }
    close(in);
    /* The next file starts on a 2 KiB boundary, as file data does in an image. */
    size_t pad = (BLOCK - used % BLOCK) % BLOCK;
    memset(buf + used, 0, pad);
    used += pad;
    files++;
    return 0;
}

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    void *aligned;
    if (argc != 3) {
        fprintf(stderr, "usage: copy_floor SRC OUT\n");
        return 2;
    }
    if (posix_memalign(&aligned, 4096, CHUNK) != 0)
        return 1;
    buf = aligned;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    out_fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0) {
        perror(argv[2]);
        return 1;
    }
    if (nftw(argv[1], copy_one, 64, FTW_PHYS) != 0 || flush_buffer() < 0 || close(out_fd) != 0) {
        fprintf(stderr, "copy_floor: copying %s failed\n", argv[1]);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("files=%llu bytes=%llu total_s=%.3f\n", files, bytes,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    free(aligned);
    return 0;
}
