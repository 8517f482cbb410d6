/* make_corpus: writes one deterministic benchmark corpus (the same bytes on every machine and run).
 *   make_corpus small|medium|large DIR
 * small:  20,000 files of 1-16 KiB in 1,000 folders (40 x 25);
 * medium: 100,000 files of 1-16 KiB in the same 1,000 folders;
 * large:  4 files of 256 MiB and 8 small files.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { KIB = 1024, MIB = 1024 * 1024, OUTER_FOLDERS = 40, INNER_FOLDERS = 25 };

/* xorshift64*: cheap, and its sequence is fixed by the seed alone. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

static void fill(uint8_t *buf, size_t len, uint64_t *state)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t r = next_random(state);
        memcpy(buf + i, &r, 8);
    }
    for (; i < len; i++)
        buf[i] = (uint8_t)next_random(state);
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    perror(path);
    return -1;
}

static int write_file(const char *path, size_t size, uint8_t *buf, size_t buf_size, uint64_t *state)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    while (size > 0) {
        size_t n = size < buf_size ? size : buf_size;
        fill(buf, n, state);
        if (fwrite(buf, 1, n, f) != n)
            break;
        size -= n;
    }
    if (fclose(f) != 0 || size > 0) {
        perror(path);
        return -1;
    }
    return 0;
}

/* files_total small files spread evenly over the 1,000 folders DIR/dNN/sNN. */
static int make_small_files(const char *dir, int files_total, uint8_t *buf, uint64_t *state)
{
    int per_folder = files_total / (OUTER_FOLDERS * INNER_FOLDERS);
    char path[4096];
    for (int outer = 0; outer < OUTER_FOLDERS; outer++) {
        snprintf(path, sizeof(path), "%s/d%02d", dir, outer);
        if (make_dir(path) < 0)
            return -1;
        for (int inner = 0; inner < INNER_FOLDERS; inner++) {
            snprintf(path, sizeof(path), "%s/d%02d/s%02d", dir, outer, inner);
            if (make_dir(path) < 0)
                return -1;
            for (int i = 0; i < per_folder; i++) {
                size_t size = KIB + (size_t)(next_random(state) % (15 * KIB + 1));
                snprintf(path, sizeof(path), "%s/d%02d/s%02d/file%03d.dat", dir, outer, inner, i);
                if (write_file(path, size, buf, 16 * KIB, state) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

static int make_large_files(const char *dir, uint8_t *buf, uint64_t *state)
{
    char path[4096];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/big%d.bin", dir, i);
        if (write_file(path, 256 * (size_t)MIB, buf, MIB, state) < 0)
            return -1;
    }
    for (int i = 0; i < 8; i++) {
        snprintf(path, sizeof(path), "%s/note%d.txt", dir, i);
        if (write_file(path, 100 + (size_t)i * 1000, buf, MIB, state) < 0)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t state = 0x6F70656E696D6170ULL;
    uint8_t *buf;
    int rc;

    if (argc != 3 || (strcmp(argv[1], "small") && strcmp(argv[1], "medium") && strcmp(argv[1], "large"))) {
        fprintf(stderr, "usage: make_corpus small|medium|large DIR\n");
        return 2;
    }
    if (make_dir(argv[2]) < 0)
        return 1;
    buf = malloc(MIB);
    if (!buf)
        return 1;
    if (!strcmp(argv[1], "small"))
        rc = make_small_files(argv[2], 20000, buf, &state);
    else if (!strcmp(argv[1], "medium"))
        rc = make_small_files(argv[2], 100000, buf, &state);
    else
        rc = make_large_files(argv[2], buf, &state);
    free(buf);
    return rc < 0 ? 1 : 0;
}
