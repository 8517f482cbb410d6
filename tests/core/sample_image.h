/* A small image made by our own writer, whole in memory: what the import tests identify and read and
 * what the fuzzers start from. A few files and folders (so each image stays tens of KiB), the file
 * systems and UDF revision chosen by the caller.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef SAMPLE_IMAGE_H
#define SAMPLE_IMAGE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsi_core.h"

/* Reports what failed and gives NULL, so a caller can tell a writer refusal from a wrong result. */
static inline uint8_t *sample_image_failed(const char *what, const fsi_error *err, fsi_image *img)
{
    fprintf(stderr, "sample image: %s: 0x%08X %s\n", what, (unsigned)err->code, err->message);
    fsi_image_destroy(img);
    return NULL;
}

static inline int sample_image_add(fsi_node *root, const char *path, const char *text, fsi_error *err)
{
    fsi_source *src = NULL;
    fsi_char *wide = fsi_utf8_to_utf16(path);
    fsi_hresult hr = wide ? fsi_source_from_memory(text, strlen(text), &src, err) : -1;
    if (hr >= 0)
        hr = fsi_dir_add_file(root, wide, src, err);
    fsi_source_release(src);
    free(wide);
    return hr >= 0;
}

/* The image's bytes (malloc'd, *size of them), or NULL with the reason on stderr. Names mix lengths,
 * case and a non-ASCII letter so that ISO 9660, Joliet and UDF each record them their own way; one file
 * is empty and one spans several sectors. */
static inline uint8_t *sample_image(uint32_t file_systems, int32_t udf_revision, size_t *size)
{
    static const fsi_char label[] = {'S', 'a', 'm', 'p', 'l', 'e', 0};
    static char big[5000];
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    uint8_t *bytes = NULL;

    if (!img)
        return NULL;
    for (size_t i = 0; i + 1 < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    if (fsi_image_set_file_systems(img, file_systems, &err) < 0 ||
        fsi_image_set_udf_revision(img, udf_revision, &err) < 0 || fsi_image_set_volume_name(img, label, &err) < 0)
        return sample_image_failed("options", &err, img);
    fsi_node *root = fsi_image_root(img);
    static const char *const folders[] = {"Docs", "Docs/deeper", "Nothing here"};
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        fsi_char *wide = fsi_utf8_to_utf16(folders[i]);
        fsi_hresult hr = wide ? fsi_dir_add_directory(root, wide, &err) : -1;
        free(wide);
        if (hr < 0)
            return sample_image_failed("adding folders", &err, img);
    }
    if (!sample_image_add(root, "readme.txt", "hello\n", &err) || !sample_image_add(root, "empty", "", &err) ||
        !sample_image_add(root, "Docs/A long file name.text", big, &err) ||
        !sample_image_add(root, "Docs/deeper/caf\xC3\xA9.txt", "caf\xC3\xA9\n", &err))
        return sample_image_failed("adding files", &err, img);
    if (fsi_layout_create(img, &layout, &err) < 0)
        return sample_image_failed("layout", &err, img);
    *size = (size_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE;
    bytes = malloc(*size);
    if (bytes && fsi_reader_create(layout, &reader, &err) >= 0) {
        if (fsi_reader_read(reader, 0, bytes, *size, &err) < 0) {
            free(bytes);
            bytes = NULL;
        }
        fsi_reader_destroy(reader);
    } else {
        free(bytes);
        bytes = NULL;
    }
    if (!bytes)
        fprintf(stderr, "sample image: reading: 0x%08X %s\n", (unsigned)err.code, err.message);
    fsi_layout_release(layout);
    fsi_image_destroy(img);
    return bytes;
}
#endif
