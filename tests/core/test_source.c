/* Sources of file data: memory copies and files read by path at read time.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "tree_dump.h"

static char tmpdir[512];

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK_MSG(f != NULL, "cannot create %s", path);
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static void test_memory(void)
{
    char data[100], buf[100];
    fsi_source *src = NULL;
    fsi_error err = {0};
    void *handle = NULL;
    int i;
    for (i = 0; i < 100; i++)
        data[i] = (char)(i * 7);
    CHECK_HR(fsi_source_from_memory(data, sizeof(data), &src, NULL), 0);
    memset(data, 0, sizeof(data)); /* the source keeps its own copy */
    CHECK(src->size == 100 && src->refs == 1);
    CHECK_HR(src->ops->open(src, &handle, NULL), 0);
    CHECK_HR(src->ops->read(src, handle, 90, buf, 10, NULL), 0);
    for (i = 0; i < 10; i++)
        CHECK(buf[i] == (char)((90 + i) * 7));
    CHECK_HR(src->ops->read(src, handle, 95, buf, 10, &err), IMAPI_E_DATA_STREAM_READ_FAILURE);
    CHECK(err.message[0] != 0);
    src->ops->close(src, handle);
    CHECK(fsi_source_retain(src) == src && src->refs == 2);
    fsi_source_release(src);
    fsi_source_release(src);

    CHECK_HR(fsi_source_from_memory(NULL, 0, &src, NULL), 0);
    CHECK(src->size == 0);
    fsi_source_release(src);
}

static void test_file(void)
{
    char path[600], buf[32];
    fsi_source *src = NULL;
    fsi_error err = {0};
    void *handle = NULL;

    snprintf(path, sizeof(path), "%s/data.bin", tmpdir);
    write_file(path, "0123456789abcdef", 16);
    CHECK_HR(fsi_source_from_path(W(path), &src, NULL), 0);
    CHECK(src->size == 16);
    CHECK_HR(src->ops->open(src, &handle, NULL), 0);
    CHECK_HR(src->ops->read(src, handle, 10, buf, 6, NULL), 0);
    CHECK(memcmp(buf, "abcdef", 6) == 0);
    CHECK_HR(src->ops->read(src, handle, 10, buf, 7, &err), IMAPI_E_DATA_STREAM_READ_FAILURE);
    CHECK_MSG(strstr(err.message, "data.bin") != NULL, "message: %s", err.message);
    src->ops->close(src, handle);

    /* Several opens at once (several result streams). */
    {
        void *h1 = NULL, *h2 = NULL;
        CHECK_HR(src->ops->open(src, &h1, NULL), 0);
        CHECK_HR(src->ops->open(src, &h2, NULL), 0);
        CHECK_HR(src->ops->read(src, h2, 0, buf, 4, NULL), 0);
        CHECK_HR(src->ops->read(src, h1, 4, buf + 4, 4, NULL), 0);
        CHECK(memcmp(buf, "01234567", 8) == 0);
        src->ops->close(src, h1);
        src->ops->close(src, h2);
    }

    /* The file shrinks after it was added. */
    write_file(path, "0123", 4);
    CHECK_HR(src->ops->open(src, &handle, NULL), 0);
    CHECK_HR(src->ops->read(src, handle, 0, buf, 16, &err), IMAPI_E_DATA_STREAM_INCONSISTENCY);
    CHECK_MSG(strstr(err.message, "data.bin") != NULL, "message: %s", err.message);
    src->ops->close(src, handle);

    /* Gone at read time. */
    remove(path);
    CHECK_HR(src->ops->open(src, &handle, &err), IMAPI_E_DATA_STREAM_CREATE_FAILURE);
    CHECK(strstr(err.message, "data.bin") != NULL);
    fsi_source_release(src);

    /* Missing at add time: the Win32 error, naming the path. */
    CHECK_HR(fsi_source_from_path(W(path), &src, &err), FSI_HRESULT_FROM_WIN32(FSI_WIN32_FILE_NOT_FOUND));
    CHECK(strstr(err.message, "data.bin") != NULL);
    snprintf(path, sizeof(path), "%s/no/such/file", tmpdir);
    CHECK_HR(fsi_source_from_path(W(path), &src, NULL), (fsi_hresult)0x80070002);
    /* A path through a file. */
    snprintf(path, sizeof(path), "%s/plain", tmpdir);
    write_file(path, "x", 1);
    snprintf(path, sizeof(path), "%s/plain/below", tmpdir);
    CHECK_HR(fsi_source_from_path(W(path), &src, NULL), FSI_HRESULT_FROM_WIN32(FSI_WIN32_PATH_NOT_FOUND));
    /* A folder is not a file. */
    CHECK_HR(fsi_source_from_path(W(tmpdir), &src, &err), IMAPI_E_DATA_STREAM_CREATE_FAILURE);

    /* Backslashes work as separators on POSIX too. */
    snprintf(path, sizeof(path), "%s\\plain", tmpdir);
    CHECK_HR(fsi_source_from_path(W(path), &src, NULL), 0);
    CHECK(src->size == 1);
    fsi_source_release(src);
}

int main(void)
{
    const char *dir = getenv("TEST_TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s", dir ? dir : "/tmp/test_source");
    mkdir(tmpdir, 0755);
    test_memory();
    test_file();
    return check_report();
}
