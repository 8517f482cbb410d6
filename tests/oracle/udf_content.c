/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "udf_content.h"

#include <stdbool.h>
#include <stdio.h>

#define CHUNK (64 * 1024)

/* Fills buf as far as the image file goes: the bytes read, or -1 on a read error. */
static long read_image(UDFFILE *file, unsigned char *buf, size_t size)
{
    size_t done = 0;

    while (done < size) {
        ssize_t got = udfread_file_read(file, buf + done, size - done);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return (long)done;
}

enum udf_verdict udf_content_compare(UDFFILE *image_file, const char *disk_path, uint64_t *offset)
{
    static unsigned char image_buf[CHUNK], source_buf[CHUNK];
    FILE *source = fopen(disk_path, "rb");
    enum udf_verdict verdict = UDF_CONTENT_SAME;

    *offset = 0;
    if (!source)
        return UDF_SOURCE_UNREADABLE;
    for (;;) {
        long image_got = read_image(image_file, image_buf, CHUNK);
        size_t source_got = fread(source_buf, 1, CHUNK, source);
        long same = 0;

        if (ferror(source)) {
            verdict = UDF_SOURCE_UNREADABLE;
            break;
        }
        if (image_got < 0) {
            verdict = UDF_IMAGE_UNREADABLE;
            break;
        }
        while (same < image_got && (size_t)same < source_got && image_buf[same] == source_buf[same])
            same++;
        *offset += (uint64_t)same;
        if (same < image_got || (size_t)same < source_got) {
            verdict = UDF_CONTENT_DIFFERENT;
            break;
        }
        if (image_got == 0)
            break;
    }
    fclose(source);
    return verdict;
}
