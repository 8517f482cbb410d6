/* The image tree: paths, adding, looking up, removing, counts, order and attributes.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "platform.h"
#include "tree_dump.h"

static fsi_kind exists(fsi_image *img, const char *path)
{
    fsi_kind kind = (fsi_kind)-1;
    CHECK_HR(fsi_image_exists(img, W(path), &kind, NULL), 0);
    return kind;
}

static void test_add_and_lookup(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img), *item = NULL;
    fsi_error err = {0};
    fsi_time before = platform_now(), after;

    CHECK_HR(fsi_dir_add_directory(root, W("\\docs"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("docs/sub"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("/docs/sub/deeper"), NULL), 0);
    add_text_file(root, "\\docs\\readme.txt", "hello");
    add_text_file(root, "top.bin", "0123456789");
    after = platform_now();
    CHECK(fsi_image_file_count(img) == 2);
    CHECK(fsi_image_directory_count(img) == 3);
    CHECK(fsi_dir_count(root) == 2);

    /* Lookups are case-insensitive and take either separator; the stored name keeps its case. */
    CHECK_HR(fsi_dir_item(root, W("DOCS/README.TXT"), &item, NULL), 0);
    CHECK(item && fsi_node_kind(item) == FSI_KIND_FILE && fsi_node_file_size(item) == 5);
    CHECK(strcmp(U8(fsi_node_name(item)), "readme.txt") == 0);
    {
        fsi_char *path = NULL;
        CHECK_HR(fsi_node_full_path(item, &path, NULL), 0);
        CHECK_MSG(strcmp(U8(path), "\\docs\\readme.txt") == 0, "full path %s", U8(path));
        fsi_free(path);
    }
    CHECK(fsi_node_time(item, FSI_TIME_MODIFIED) >= before && fsi_node_time(item, FSI_TIME_MODIFIED) <= after);
    CHECK(fsi_node_time(item, FSI_TIME_CREATED) == fsi_node_time(item, FSI_TIME_MODIFIED));
    CHECK(fsi_node_image(item) == img && fsi_node_in_tree(item));
    fsi_node_release(item);

    /* A directory's own relative paths. */
    CHECK_HR(fsi_dir_item(root, W("docs"), &item, NULL), 0);
    add_text_file(item, "sub\\in_sub.txt", "in sub");
    CHECK(exists(img, "\\docs\\sub\\in_sub.txt") == FSI_KIND_FILE);
    CHECK_HR(fsi_dir_remove(item, W("sub\\in_sub.txt"), NULL), 0);
    fsi_node_release(item);

    /* Duplicates, whatever the case. */
    CHECK_HR(fsi_dir_add_directory(root, W("DOCS"), &err), IMAPI_E_DUP_NAME);
    CHECK_MSG(strstr(err.message, "DOCS") != NULL, "message: %s", err.message);
    {
        fsi_source *src = text_memory("x");
        CHECK_HR(fsi_dir_add_file(root, W("\\Docs\\README.TXT"), src, NULL), IMAPI_E_DUP_NAME);
        CHECK_HR(fsi_dir_add_file(root, W("\\missing\\a.txt"), src, &err), IMAPI_E_DIR_NOT_FOUND);
        CHECK(strstr(err.message, "\\missing\\a.txt") != NULL);
        CHECK_HR(fsi_dir_add_file(root, W("\\top.bin\\a.txt"), src, NULL), IMAPI_E_NOT_DIR);
        fsi_source_release(src);
    }
    CHECK(fsi_image_file_count(img) == 2 && fsi_image_directory_count(img) == 3);

    CHECK_HR(fsi_dir_item(root, W("\\nothing"), &item, &err), IMAPI_E_ITEM_NOT_FOUND);
    CHECK(strstr(err.message, "\\nothing") != NULL);
    CHECK_HR(fsi_dir_item(root, W("\\top.bin\\x"), &item, NULL), IMAPI_E_ITEM_NOT_FOUND);
    CHECK_HR(fsi_dir_item(root, W("\\"), &item, NULL), 0);
    CHECK(item == root);
    fsi_node_release(item);

    CHECK(exists(img, "\\") == FSI_KIND_DIRECTORY);
    CHECK(exists(img, "\\docs\\SUB") == FSI_KIND_DIRECTORY);
    CHECK(exists(img, "/docs/readme.txt") == FSI_KIND_FILE);
    CHECK(exists(img, "\\docs\\nope") == FSI_KIND_NONE);
    CHECK(exists(img, "\\top.bin\\below") == FSI_KIND_NONE);
    {
        fsi_kind kind;
        CHECK_HR(fsi_image_exists(img, W("docs"), &kind, &err), IMAPI_E_INVALID_PATH);
        CHECK(strstr(err.message, "'docs'") != NULL);
        CHECK_HR(fsi_image_exists(img, W("\\a|b"), &kind, NULL), IMAPI_E_INVALID_PATH);
    }
    fsi_image_destroy(img);
}

static void test_invalid_paths(void)
{
    static const char *const bad[] = {
        "", "\\", "a\\\\b", "\\\\a", "a\\", ".", "..", "a\\.\\b", "a\\..", "a:b", "a*b", "a?b", "a\"b",
        "a<b", "a>b", "a|b", "tab\there", "nl\nx",
    };
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img);
    fsi_error err = {0};
    char long_name[300];
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fsi_hresult hr = fsi_dir_add_directory(root, W(bad[i]), &err);
        CHECK_MSG(hr == IMAPI_E_INVALID_PATH, "'%s' gave 0x%08X", bad[i], (unsigned)hr);
    }
    CHECK_HR(fsi_dir_add_directory(root, W("a<b"), &err), IMAPI_E_INVALID_PATH);
    CHECK_MSG(strstr(err.message, "'a<b'") != NULL, "message: %s", err.message);

    memset(long_name, 'n', 256);
    long_name[256] = 0;
    CHECK_HR(fsi_dir_add_directory(root, W(long_name), NULL), IMAPI_E_INVALID_PATH);
    long_name[255] = 0;
    CHECK_HR(fsi_dir_add_directory(root, W(long_name), NULL), 0);
    /* 255 UTF-16 units, counted as such: 128 pairs are 256 units. */
    {
        fsi_char wide[300];
        for (i = 0; i < 256; i += 2)
            wide[i] = 0xD83D, wide[i + 1] = 0xDE00;
        wide[256] = 0;
        CHECK_HR(fsi_dir_add_directory(root, wide, NULL), IMAPI_E_INVALID_PATH);
        wide[254] = 'x', wide[255] = 0;
        CHECK_HR(fsi_dir_add_directory(root, wide, NULL), 0);
    }
    CHECK_HR(fsi_dir_add_directory(root, W("dots.are.fine"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("...three"), NULL), 0);
    CHECK(fsi_image_directory_count(img) == 4);
    fsi_image_destroy(img);
}

static void test_order(void)
{
    static const char *const names[] = {"b", "A", "c", "\xC3\xA9", "B2", "a1"};
    static const char *const sorted[] = {"A", "a1", "b", "B2", "c", "\xC3\xA9"};
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img);
    fsi_node **children = NULL;
    uint32_t count = 0, i;
    for (i = 0; i < 6; i++)
        add_text_file(root, names[i], names[i]);
    CHECK_HR(fsi_dir_children(root, &children, &count, NULL), 0);
    CHECK(count == 6);
    for (i = 0; i < count; i++) {
        CHECK_MSG(strcmp(U8(fsi_node_name(children[i])), sorted[i]) == 0, "position %u: %s", (unsigned)i,
                  U8(fsi_node_name(children[i])));
        fsi_node_release(children[i]);
    }
    fsi_free(children);
    fsi_image_destroy(img);
}

static void test_remove(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img), *held = NULL, *sub = NULL;
    fsi_error err = {0};
    CHECK_HR(fsi_dir_add_directory(root, W("d"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("d\\e"), NULL), 0);
    add_text_file(root, "d\\e\\f.txt", "abc");
    add_text_file(root, "g.txt", "xyz");

    CHECK_HR(fsi_dir_remove(root, W("D"), &err), IMAPI_E_DIR_NOT_EMPTY);
    CHECK(strstr(err.message, "'D'") != NULL);
    CHECK_HR(fsi_dir_remove(root, W("nothing"), NULL), IMAPI_E_ITEM_NOT_FOUND);
    CHECK_HR(fsi_dir_remove(root, W("nothing\\x"), NULL), IMAPI_E_ITEM_NOT_FOUND);
    CHECK_HR(fsi_dir_remove(root, W("\\"), NULL), IMAPI_E_INVALID_PATH);
    CHECK_HR(fsi_dir_remove_tree(root, W("g.txt"), NULL), IMAPI_E_NOT_DIR);
    CHECK_HR(fsi_dir_remove_tree(root, W("nothing"), NULL), IMAPI_E_DIR_NOT_FOUND);
    CHECK(fsi_image_file_count(img) == 2 && fsi_image_directory_count(img) == 2);

    CHECK_HR(fsi_dir_item(root, W("d\\e\\f.txt"), &held, NULL), 0);
    CHECK_HR(fsi_dir_item(root, W("d"), &sub, NULL), 0);
    CHECK_HR(fsi_dir_remove(sub, W("E\\F.TXT"), NULL), 0);
    CHECK(fsi_image_file_count(img) == 1);
    /* An item object that outlives its removal is detached, not freed. */
    CHECK(!fsi_node_in_tree(held) && fsi_node_file_size(held) == 3);
    CHECK_HR(fsi_dir_remove(sub, W("e"), NULL), 0);
    CHECK(fsi_image_directory_count(img) == 1 && fsi_dir_count(sub) == 0);
    fsi_node_release(held);

    CHECK_HR(fsi_dir_add_directory(sub, W("x\\"), NULL), IMAPI_E_INVALID_PATH);
    CHECK_HR(fsi_dir_add_directory(sub, W("x"), NULL), 0);
    add_text_file(sub, "x\\y.txt", "1");
    CHECK_HR(fsi_dir_remove_tree(root, W("d"), NULL), 0);
    CHECK(!fsi_node_in_tree(sub));
    /* Edits of a detached directory are refused: it is no longer part of the image. */
    CHECK_HR(fsi_dir_add_directory(sub, W("z"), NULL), IMAPI_E_NOT_IN_FILE_SYSTEM);
    CHECK(fsi_image_file_count(img) == 1 && fsi_image_directory_count(img) == 0);
    fsi_node_release(sub);

    CHECK_HR(fsi_dir_add_directory(root, W("a"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("a\\b"), NULL), 0);
    add_text_file(root, "a\\b\\c.txt", "c");
    CHECK_HR(fsi_dir_remove_tree(root, W("\\"), NULL), 0);
    CHECK(fsi_dir_count(root) == 0 && fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    CHECK(exists(img, "\\g.txt") == FSI_KIND_NONE);
    fsi_image_destroy(img);
}

static void test_attributes(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img), *item = NULL;
    fsi_char *path = NULL;
    add_text_file(root, "f", "");
    CHECK_HR(fsi_dir_item(root, W("f"), &item, NULL), 0);
    CHECK(fsi_node_file_size(item) == 0 && !fsi_node_hidden(item));
    fsi_node_set_hidden(item, 5);
    CHECK(fsi_node_hidden(item) == 1);
    fsi_node_set_time(item, FSI_TIME_ACCESSED, 123456789);
    CHECK(fsi_node_time(item, FSI_TIME_ACCESSED) == 123456789);
    fsi_node_release(item);
    CHECK_HR(fsi_node_full_path(root, &path, NULL), 0);
    CHECK(strcmp(U8(path), "\\") == 0 && fsi_node_name(root)[0] == 0);
    fsi_free(path);
    CHECK(fsi_node_kind(root) == FSI_KIND_DIRECTORY && fsi_node_file_source(root) == NULL);
    fsi_image_destroy(img);
}

int main(void)
{
    test_add_and_lookup();
    test_invalid_paths();
    test_order();
    test_remove();
    test_attributes();
    return check_report();
}
