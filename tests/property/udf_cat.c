/* udf_cat IMAGE PATH: writes the bytes of the file PATH of IMAGE's UDF file system to standard output,
 * read by libudfread (which shares no code with openimapi2fs), so that a file of any size can be compared
 * with its source through a pipe (udf_cat ... | cmp - SOURCE) without being written to disk.
 * Exit status 0 when the whole file (udfread_file_size bytes) was written, 1 otherwise.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <udfread/udfread.h>

enum { CHUNK = 1 << 20 };

int main(int argc, char **argv)
{
    udfread *udf;
    UDFFILE *file;
    int64_t size, done = 0;
    unsigned char *buf = malloc(CHUNK);

    if (argc != 3 || !buf) {
        fprintf(stderr, "usage: udf_cat IMAGE PATH\n");
        return 2;
    }
    udf = udfread_init();
    if (!udf || udfread_open(udf, argv[1]) < 0) {
        fprintf(stderr, "udf_cat: libudfread cannot open %s\n", argv[1]);
        return 1;
    }
    if (!(file = udfread_file_open(udf, argv[2]))) {
        fprintf(stderr, "udf_cat: no file %s in the UDF file system of %s\n", argv[2], argv[1]);
        udfread_close(udf);
        return 1;
    }
    size = udfread_file_size(file);
    for (;;) {
        ssize_t got = udfread_file_read(file, buf, CHUNK);
        if (got <= 0 || fwrite(buf, 1, (size_t)got, stdout) != (size_t)got)
            break;
        done += got;
    }
    udfread_file_close(file);
    udfread_close(udf);
    free(buf);
    if (fflush(stdout) != 0 || done != size) {
        fprintf(stderr, "udf_cat: %s: wrote %" PRId64 " of its %" PRId64 " bytes\n", argv[2], done, size);
        return 1;
    }
    return 0;
}
