/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "content.h"

#include <errno.h>
#include <sys/types.h> /* libisofs.h uses these types without including their headers */
#include <time.h>
#include <libisofs/libisofs.h>
#include <stdio.h>
#include <string.h>

#define CHUNK (1024 * 1024)

/* A file's bytes, from disk (source tree) or through libisofs (image tree). */
struct reader {
    const struct node *file;
    FILE *disk;
    IsoStream *stream;
};

static bool reader_open(struct reader *r, const struct node *file)
{
    r->file = file;
    r->disk = NULL;
    r->stream = NULL;
    if (file->disk_path) {
        r->disk = fopen(file->disk_path, "rb");
        if (!r->disk)
            fprintf(stderr, "iso_oracle: cannot open %s: %s\n", file->disk_path, strerror(errno));
        return r->disk != NULL;
    }
    if (!file->image_file) {
        fprintf(stderr, "iso_oracle: %s is not a regular file in the image\n", file->path);
        return false;
    }
    r->stream = iso_file_get_stream(file->image_file);
    if (iso_stream_open(r->stream) < 0) {
        fprintf(stderr, "iso_oracle: libisofs cannot open %s in the image\n", file->path);
        return false;
    }
    return true;
}

/* Fills buf as far as the file goes: returns the bytes read, 0 at the end, -1 on a read error. */
static long reader_read(struct reader *r, unsigned char *buf, size_t size)
{
    size_t done = 0;

    while (done < size) {
        long got;
        if (r->disk) {
            got = (long)fread(buf + done, 1, size - done, r->disk);
            if (got == 0 && ferror(r->disk))
                got = -1;
        } else {
            got = iso_stream_read(r->stream, buf + done, size - done);
        }
        if (got < 0) {
            fprintf(stderr, "iso_oracle: read error in %s\n", r->file->path);
            return -1;
        }
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return (long)done;
}

static void reader_close(struct reader *r)
{
    if (r->disk)
        fclose(r->disk);
    if (r->stream)
        iso_stream_close(r->stream);
}

bool content_hash(struct node *file)
{
    static unsigned char buf[CHUNK];
    struct reader r;
    uint64_t hash = 14695981039346656037u; /* FNV-1a, 64 bits */
    long got;

    if (file->hashed)
        return true;
    if (!reader_open(&r, file))
        return false;
    while ((got = reader_read(&r, buf, sizeof(buf))) > 0) {
        for (long i = 0; i < got; i++)
            hash = (hash ^ buf[i]) * 1099511628211u;
    }
    reader_close(&r);
    if (got < 0)
        return false;
    file->hash = hash;
    file->hashed = true;
    return true;
}

enum content_verdict content_compare(struct node *image_file, struct node *source_file, uint64_t *offset)
{
    static unsigned char image_buf[CHUNK], source_buf[CHUNK];
    struct reader image_r, source_r;
    enum content_verdict verdict = CONTENT_SAME;

    *offset = 0;
    if (!reader_open(&image_r, image_file))
        return CONTENT_UNREADABLE;
    if (!reader_open(&source_r, source_file)) {
        reader_close(&image_r);
        return CONTENT_UNREADABLE;
    }
    for (;;) {
        long image_got = reader_read(&image_r, image_buf, CHUNK);
        long source_got = reader_read(&source_r, source_buf, CHUNK);
        long same = image_got < source_got ? image_got : source_got;

        if (image_got < 0 || source_got < 0) {
            verdict = CONTENT_UNREADABLE;
            break;
        }
        /* memcmp first: a byte loop over gigabytes is slow under ASan; bytes only to find where */
        if (memcmp(image_buf, source_buf, (size_t)same)) {
            same = 0;
            while (image_buf[same] == source_buf[same])
                same++;
        }
        *offset += (uint64_t)same;
        if (same < image_got || same < source_got) {
            verdict = CONTENT_DIFFERENT;
            break;
        }
        if (image_got == 0)
            break;
    }
    reader_close(&source_r);
    reader_close(&image_r);
    return verdict;
}
