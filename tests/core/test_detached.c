/* Detached items: names refused like an added item's, a detached directory filled below it without
 * changing the image's counts, a file's data set only while it is detached, and Add with its whole
 * matrix of bad input (each refusal leaves the tree and the item as they were), then rolled back.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "tree_dump.h"

/* A source of size bytes of zeros that never holds them (too big files for the limits). */
static fsi_hresult zero_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return FSI_S_OK;
}
static fsi_hresult zero_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    (void)src, (void)handle, (void)offset, (void)err;
    memset(buf, 0, len);
    return FSI_S_OK;
}
static void zero_close(fsi_source *src, void *handle)
{
    (void)src, (void)handle;
}
static void zero_destroy(fsi_source *src)
{
    free(src);
}
static const fsi_source_ops zero_ops = {zero_open, zero_read, zero_close, zero_destroy};

static fsi_source *zeros(uint64_t size)
{
    fsi_source *src = malloc(sizeof(*src));
    fsi_source_init(src, &zero_ops, size);
    return src;
}

static void test_names(void)
{
    fsi_image *img = fsi_image_create();
    static const char *bad[] = {"", "a\\b", "a/b", "a:b", "what?", ".", ".."};
    char long_name[300];
    fsi_node *node = NULL;
    fsi_error err = {0};
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_HR(fsi_image_new_directory(img, W(bad[i]), &node, &err), IMAPI_E_INVALID_PARAM);
        CHECK_MSG(strstr(err.message, bad[i]) != NULL, "message '%s' lacks '%s'", err.message, bad[i]);
        CHECK_HR(fsi_image_new_file(img, W(bad[i]), &node, &err), IMAPI_E_INVALID_PARAM);
    }
    memset(long_name, 'n', 256);
    long_name[256] = 0;
    CHECK_HR(fsi_image_new_file(img, W(long_name), &node, &err), IMAPI_E_INVALID_PARAM);
    long_name[255] = 0;
    CHECK_HR(fsi_image_new_file(img, W(long_name), &node, &err), 0);
    CHECK(fsi_node_is_detached_item(node) && fsi_node_file_size(node) == 0 && !fsi_node_in_tree(node));
    CHECK(fsi_node_time(node, FSI_TIME_CREATED) != 0);
    fsi_node_release(node);
    fsi_image_set_restricted_names(img, 1); /* the name rules of the image apply as to added items */
    CHECK_HR(fsi_image_new_file(img, W("caf\xC3\xA9"), &node, &err), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_HR(fsi_image_new_directory(img, W("plain"), &node, &err), 0);
    fsi_node_release(node);
    CHECK(fsi_image_change_point(img) == 0);
    fsi_image_destroy(img);
}

/* Add refused with code and a message containing text; tree, size and item unchanged. */
static void expect_add_refused(fsi_node *dir, fsi_node *item, fsi_hresult code, const char *text)
{
    fsi_image *img = fsi_node_image(dir);
    char *before = dump_image(img), *after;
    int32_t used = fsi_image_used_blocks(img), point = fsi_image_change_point(img);
    int detached = fsi_node_is_detached_item(item);
    fsi_error err = {0};
    CHECK_HR(fsi_dir_add_item(dir, item, &err), code);
    CHECK_MSG(strstr(err.message, text) != NULL, "message '%s' lacks '%s'", err.message, text);
    after = dump_image(img);
    CHECK_MSG(strcmp(before, after) == 0, "tree changed:\n%s---\n%s", before, after);
    CHECK(fsi_image_used_blocks(img) == used && fsi_image_change_point(img) == point);
    CHECK(fsi_node_is_detached_item(item) == detached);
    free(before);
    free(after);
}

static void test_build_and_add(void)
{
    fsi_image *img = fsi_image_create(), *other = fsi_image_create();
    fsi_node *root = fsi_image_root(img), *dir = NULL, *file = NULL, *sub = NULL, *foreign = NULL, *inner;
    fsi_error err = {0};
    fsi_source *src;
    char *before;
    int32_t used = fsi_image_used_blocks(img), cp;

    /* A detached directory takes edits below it; the image does not see them. */
    CHECK_HR(fsi_image_new_directory(img, W("Detached"), &dir, &err), 0);
    CHECK_HR(fsi_dir_add_directory(dir, W("sub"), &err), 0);
    add_text_file(dir, "sub\\inner.txt", "inner bytes");
    CHECK(fsi_dir_count(dir) == 1 && fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    CHECK(fsi_image_used_blocks(img) == used);
    CHECK_HR(fsi_dir_item(dir, W("sub\\inner.txt"), &inner, &err), 0);
    {
        fsi_char *path = NULL;
        CHECK_HR(fsi_node_full_path(inner, &path, NULL), 0);
        CHECK_MSG(strcmp(U8(path), "\\Detached\\sub\\inner.txt") == 0, "path %s", U8(path));
        fsi_free(path);
    }
    /* Data only for a detached file item. */
    src = text_memory("new data");
    CHECK_HR(fsi_node_set_data(inner, src, &err), IMAPI_E_READONLY);
    CHECK_HR(fsi_node_set_data(dir, src, &err), IMAPI_E_NOT_FILE);
    CHECK_HR(fsi_image_new_file(img, W("file.txt"), &file, &err), 0);
    CHECK_HR(fsi_node_set_data(file, src, &err), 0);
    fsi_source_release(src);
    CHECK(fsi_node_file_size(file) == 8);

    /* The matrix of refusals. */
    CHECK_HR(fsi_image_new_directory(other, W("foreign"), &foreign, &err), 0);
    expect_add_refused(root, foreign, IMAPI_E_INVALID_PARAM, "another image");
    expect_add_refused(root, inner, IMAPI_E_INVALID_PARAM, "sub\\inner.txt");
    expect_add_refused(dir, dir, IMAPI_E_INVALID_PARAM, "itself");
    CHECK_HR(fsi_dir_item(dir, W("sub"), &sub, &err), 0);
    expect_add_refused(sub, dir, IMAPI_E_INVALID_PARAM, "below itself");
    expect_add_refused(root, root, IMAPI_E_INVALID_PARAM, "not a detached item");
    CHECK_HR(fsi_dir_add_directory(root, W("file.TXT"), &err), 0);
    fsi_image_count_change(img);
    expect_add_refused(root, file, IMAPI_E_DUP_NAME, "file.txt");
    CHECK_HR(fsi_dir_remove(root, W("file.txt"), &err), 0);
    fsi_image_count_change(img);
    {
        fsi_node *deep = NULL, *cursor;
        char path[64] = "";
        int i;
        CHECK_HR(fsi_image_new_directory(img, W("deep"), &deep, &err), 0);
        for (i = 1; i <= 8; i++) {
            snprintf(path + strlen(path), sizeof(path) - strlen(path), "\\l%d", i);
            CHECK_HR(fsi_dir_add_directory(deep, W(path), &err), 0); /* no limit while detached */
        }
        /* \deep is level 2, so \deep\l1\...\l7 would be level 9. */
        expect_add_refused(root, deep, IMAPI_E_ISO9660_LEVELS, "\\deep\\l1\\l2\\l3\\l4\\l5\\l6\\l7'");
        CHECK_HR(fsi_dir_item(deep, W("l1"), &cursor, &err), 0);
        CHECK_HR(fsi_dir_remove_tree(cursor, W("l2\\l3\\l4\\l5\\l6\\l7"), &err), 0);
        fsi_node_release(cursor);
        CHECK_HR(fsi_dir_add_item(root, deep, &err), 0);
        fsi_image_count_change(img);
        CHECK(fsi_image_directory_count(img) == 7);
        fsi_node_release(deep);
    }
    {
        fsi_node *big = NULL;
        src = zeros(((uint64_t)1 << 31) + 1);
        CHECK_HR(fsi_image_new_file(img, W("big.bin"), &big, &err), 0);
        CHECK_HR(fsi_node_set_data(big, src, &err), 0);
        fsi_image_count_change(img);
        fsi_source_release(src);
        expect_add_refused(root, big, IMAPI_E_DATA_TOO_BIG, "big.bin");
        CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
        CHECK_HR(fsi_image_set_iso_level(img, 3, NULL), 0);
        CHECK_HR(fsi_image_set_free_media_blocks(img, fsi_image_used_blocks(img) + 100, NULL), 0);
        expect_add_refused(root, big, IMAPI_E_IMAGE_SIZE_LIMIT, "big.bin");
        CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
        CHECK_HR(fsi_image_set_iso_level(img, 2, NULL), 0);
        fsi_node_release(big);
    }
    {
        fsi_node *gone = NULL;
        CHECK_HR(fsi_dir_add_directory(root, W("gone"), &err), 0);
        CHECK_HR(fsi_dir_item(root, W("gone"), &gone, &err), 0);
        CHECK_HR(fsi_dir_remove(root, W("gone"), &err), 0);
        fsi_image_count_change(img);
        expect_add_refused(gone, file, IMAPI_E_NOT_IN_FILE_SYSTEM, "gone");
        fsi_node_release(gone);
    }

    /* Add inside the detached directory, then the directory into the tree: one change each. */
    cp = fsi_image_change_point(img);
    before = dump_image(img);
    used = fsi_image_used_blocks(img);
    CHECK_HR(fsi_dir_add_item(sub, file, &err), 0);
    fsi_image_count_change(img);
    CHECK(!fsi_node_is_detached_item(file) && fsi_image_file_count(img) == 0);
    src = text_memory("x");
    CHECK_HR(fsi_node_set_data(file, src, &err), IMAPI_E_READONLY);
    fsi_source_release(src);
    CHECK_HR(fsi_dir_add_item(root, dir, &err), 0);
    fsi_image_count_change(img);
    CHECK(fsi_image_file_count(img) == 2 && fsi_image_directory_count(img) == 7 + 2);
    CHECK(fsi_node_in_tree(file) && fsi_node_in_tree(inner));
    expect_add_refused(root, dir, IMAPI_E_INVALID_PARAM, "\\Detached");
    {
        fsi_node *found = NULL;
        CHECK_HR(fsi_dir_item(root, W("detached\\SUB\\file.txt"), &found, &err), 0);
        CHECK(found == file && fsi_node_file_size(found) == 8);
        fsi_node_release(found);
    }

    /* Rolled back, both items are detached again and can be added again. */
    CHECK_HR(fsi_image_rollback(img, cp, &err), 0);
    {
        char *after = dump_image(img);
        CHECK_MSG(strcmp(before, after) == 0, "rollback of Add:\n%s---\n%s", before, after);
        free(after);
    }
    CHECK(fsi_image_used_blocks(img) == used);
    CHECK(fsi_node_is_detached_item(dir) && fsi_node_is_detached_item(file) && fsi_dir_count(sub) == 1);
    CHECK_HR(fsi_dir_add_item(root, file, &err), 0);
    fsi_image_count_change(img);
    CHECK(fsi_image_file_count(img) == 1);
    free(before);
    fsi_node_release(inner);
    fsi_node_release(sub);
    fsi_node_release(file);
    fsi_node_release(dir);
    fsi_node_release(foreign);
    fsi_image_destroy(other);
    fsi_image_destroy(img);
}

int main(void)
{
    test_names();
    test_build_and_add();
    return check_report();
}
