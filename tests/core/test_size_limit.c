/* FreeMediaBlocks: edits that would outgrow it are undone with IMAPI_E_IMAGE_SIZE_LIMIT, a limit below
 * the current size is refused, and UsedBlocks is what a layout of the image really takes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "image.h"
#include "tree_dump.h"

static char big_path[600];
enum { BIG_BYTES = 64 << 20 }; /* sparse: no disk used */

static fsi_source *big_source(void)
{
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_path(W(big_path), &src, NULL), 0);
    return src;
}

static void populate(fsi_image *img)
{
    fsi_node *root = fsi_image_root(img);
    fsi_source *src = NULL;
    CHECK_HR(fsi_dir_add_directory(root, W("dir"), NULL), 0);
    CHECK_HR(fsi_source_from_memory("small", 5, &src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("dir\\small.txt"), src, NULL), 0);
    fsi_source_release(src);
}

static void test_used_blocks(void)
{
    fsi_image *img = fsi_image_create();
    fsi_layout *layout = NULL;
    int32_t empty = fsi_image_used_blocks(img), used;
    fsi_source *src = big_source();
    CHECK(empty > 16);
    CHECK(image_size_upper_bound(img) >= (uint64_t)empty);
    populate(img);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("big.bin"), src, NULL), 0);
    used = fsi_image_used_blocks(img);
    CHECK_MSG(used >= empty + BIG_BYTES / 2048 + 1, "used %d, empty %d", (int)used, (int)empty);
    CHECK_HR(fsi_layout_create(img, &layout, NULL), 0);
    if (layout) {
        CHECK(fsi_layout_total_blocks(layout) == (uint32_t)used);
        CHECK(image_size_upper_bound(img) >= (uint64_t)used);
        fsi_layout_release(layout);
    }
    fsi_source_release(src);
    fsi_image_destroy(img);
}

static void test_edits_over_the_limit(void)
{
    fsi_image *img = fsi_image_create(), *reference = fsi_image_create();
    fsi_source *src = big_source();
    fsi_error err = {0};
    int32_t needed, before_blocks;
    char *before, *after, expected[200];

    /* The exact size with the big file, measured on a twin image without a limit. */
    populate(reference);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(reference), W("dir\\big.bin"), src, NULL), 0);
    needed = fsi_image_used_blocks(reference);

    populate(img);
    before_blocks = fsi_image_used_blocks(img);
    CHECK_HR(fsi_image_set_free_media_blocks(img, before_blocks - 1, &err), IMAPI_E_IMAGE_TOO_BIG);
    snprintf(expected, sizeof(expected), "%d", (int)before_blocks);
    CHECK_MSG(strstr(err.message, expected) != NULL, "message: %s", err.message);
    CHECK(fsi_image_free_media_blocks(img) == FSI_DEFAULT_FREE_MEDIA_BLOCKS);
    CHECK_HR(fsi_image_set_free_media_blocks(img, needed - 1, NULL), 0);

    before = dump_image(img);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("dir\\big.bin"), src, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    snprintf(expected, sizeof(expected), "adding '\\dir\\big.bin' would make the image %d blocks, but "
             "FreeMediaBlocks allows %d", (int)needed, (int)(needed - 1));
    CHECK_MSG(strcmp(err.message, expected) == 0, "message: %s", err.message);
    after = dump_image(img);
    CHECK(strcmp(before, after) == 0);
    free(after);
    CHECK(fsi_image_used_blocks(img) == before_blocks);

    /* Exactly the size needed fits. */
    CHECK_HR(fsi_image_set_free_media_blocks(img, needed, NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("dir\\big.bin"), src, NULL), 0);
    CHECK(fsi_image_used_blocks(img) == needed);
    CHECK(fsi_image_file_count(img) == 2);

    /* Now full: even a directory does not fit if it needs a block; a removal always works. */
    {
        fsi_hresult hr = fsi_dir_add_directory(fsi_image_root(img), W("another"), &err);
        CHECK_MSG(hr == IMAPI_E_IMAGE_SIZE_LIMIT || (hr == 0 && fsi_image_used_blocks(img) == needed),
                  "AddDirectory on a full image: 0x%08X", (unsigned)hr);
        if (hr == IMAPI_E_IMAGE_SIZE_LIMIT) {
            CHECK(fsi_image_directory_count(img) == 1);
            CHECK_MSG(strstr(err.message, "adding '\\another' would make the image") != NULL, "message: %s",
                      err.message);
        }
    }
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W("dir\\big.bin"), NULL), 0);
    CHECK(fsi_image_used_blocks(img) <= before_blocks + 1);
    free(before);

    /* No limit. */
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("one.bin"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("two.bin"), src, NULL), 0);
    CHECK(fsi_image_used_blocks(img) > 2 * (BIG_BYTES / 2048));
    fsi_source_release(src);
    fsi_image_destroy(img);
    fsi_image_destroy(reference);
}

/* AddTree's refusal names where the item goes and the source it comes from; AddFile below a
 * subdirectory names the item's full image path. */
static void test_messages_name_the_item(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *photos = NULL;
    fsi_source *src = big_source();
    fsi_error err = {0};
    char expected[1400], folder[700];
    char *before, *after;
    snprintf(folder, sizeof(folder), "%s", big_path);
    *strrchr(folder, '/') = 0;
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("photos"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("photos\\2024"), NULL), 0);
    CHECK_HR(fsi_image_set_free_media_blocks(img, fsi_image_used_blocks(img) + 100, NULL), 0);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W("photos"), &photos, NULL), 0);
    before = dump_image(img);

    CHECK_HR(fsi_dir_add_file(photos, W("2024\\big.bin"), src, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK_MSG(strstr(err.message, "adding '\\photos\\2024\\big.bin' would make the image ") == err.message,
              "message: %s", err.message);
    /* The folder with its base, its contents, and the single file. */
    CHECK_HR(fsi_dir_add_tree(photos, W(folder), 1, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    snprintf(expected, sizeof(expected), "adding '\\photos\\%s' from '%s' would make the image ",
             strrchr(folder, '/') + 1, folder);
    CHECK_MSG(strstr(err.message, expected) == err.message, "message: %s\nexpected: %s", err.message, expected);
    CHECK_HR(fsi_dir_add_tree(photos, W(folder), 0, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    snprintf(expected, sizeof(expected), "adding '\\photos' from '%s' would make the image ", folder);
    CHECK_MSG(strstr(err.message, expected) == err.message, "message: %s\nexpected: %s", err.message, expected);
    CHECK_HR(fsi_dir_add_tree(photos, W(big_path), 0, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    snprintf(expected, sizeof(expected), "adding '\\photos\\big.bin' from '%s' would make the image ", big_path);
    CHECK_MSG(strstr(err.message, expected) == err.message, "message: %s\nexpected: %s", err.message, expected);
    snprintf(expected, sizeof(expected), "FreeMediaBlocks allows %d", (int)fsi_image_free_media_blocks(img));
    CHECK_MSG(strstr(err.message, expected) != NULL, "message: %s", err.message);
    after = dump_image(img);
    CHECK(strcmp(before, after) == 0);
    free(after);
    free(before);

    /* Other failures name the item too. */
    CHECK_HR(fsi_dir_add_directory(photos, W("2024"), &err), IMAPI_E_DUP_NAME);
    CHECK_MSG(strstr(err.message, "2024") != NULL, "message: %s", err.message);
    CHECK_HR(fsi_dir_add_file(photos, W("missing\\x.bin"), src, &err), IMAPI_E_DIR_NOT_FOUND);
    CHECK_MSG(strstr(err.message, "missing\\x.bin") != NULL, "message: %s", err.message);
    fsi_node_release(photos);
    fsi_source_release(src);
    fsi_image_destroy(img);
}

/* Long names in many directories: the most metadata per entry the writers can produce. */
static void test_bound_with_long_names(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *src = NULL;
    char name[300];
    int d, f;
    CHECK_HR(fsi_source_from_memory("z", 1, &src, NULL), 0);
    for (d = 0; d < 40; d++) {
        memset(name, 'a' + d % 26, 255);
        snprintf(name + 240, 16, "%015d", d);
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W(name), NULL), 0);
        for (f = 0; f < 30; f++) {
            char path[700];
            snprintf(path, sizeof(path), "%s\\%0250d.x%02d", name, f, f);
            CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W(path), src, NULL), 0);
        }
    }
    CHECK_MSG(image_size_upper_bound(img) >= (uint64_t)fsi_image_used_blocks(img), "bound %llu, used %d",
              (unsigned long long)image_size_upper_bound(img), (int)fsi_image_used_blocks(img));
    CHECK_HR(fsi_image_set_iso_level(img, 1, NULL), 0);
    CHECK(image_size_upper_bound(img) >= (uint64_t)fsi_image_used_blocks(img));
    fsi_source_release(src);
    fsi_image_destroy(img);
}

int main(void)
{
    const char *dir = getenv("TEST_TMPDIR");
    int fd;
    char tmp[512];
    snprintf(tmp, sizeof(tmp), "%s", dir ? dir : "/tmp/test_size_limit");
    mkdir(tmp, 0755);
    snprintf(big_path, sizeof(big_path), "%s/big.bin", tmp);
    fd = open(big_path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    CHECK(fd >= 0 && ftruncate(fd, BIG_BYTES) == 0);
    close(fd);
    test_used_blocks();
    test_edits_over_the_limit();
    test_messages_name_the_item();
    test_bound_with_long_names();
    return check_report();
}
