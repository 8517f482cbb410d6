/* ISO 9660's eight directory levels (ECMA-119 6.8.2.1, the root is level 1): with ISO 9660 selected,
 * a directory at level 8 is accepted and one at level 9 refused by every kind of edit, with
 * IMAPI_E_ISO9660_LEVELS, a message naming the path and the limit, and the tree left as it was;
 * Joliet alone has no limit, and selecting ISO 9660 for a deeper tree is refused.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "scratch.h"
#include "tree_dump.h"

/* Makes each folder of a relative path, and a file inside the last one. */
static void make_folders(const char *relative)
{
    char path[700];
    size_t i;
    FILE *f;
    snprintf(path, sizeof(path), "%s", relative);
    for (i = 0; path[i]; i++) {
        if (path[i] == '/') {
            path[i] = 0;
            mkdir(at(path), 0755);
            path[i] = '/';
        }
    }
    CHECK_MSG(mkdir(at(path), 0755) == 0, "mkdir %s", path);
    strcat(path, "/inside.txt");
    f = fopen(at(path), "wb");
    CHECK_MSG(f != NULL, "create %s", path);
    if (f) {
        fputs("x", f);
        fclose(f);
    }
}

static fsi_image *image_with(uint32_t file_systems)
{
    fsi_image *img = fsi_image_create();
    CHECK_HR(fsi_image_set_file_systems(img, file_systems, NULL), 0);
    return img;
}

/* Adds \name1\name2...: one AddDirectory per level. */
static void add_chain(fsi_image *img, const char *prefix, int levels)
{
    char path[400] = "";
    int i;
    for (i = 0; i < levels; i++) {
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "\\%s%d", prefix, i + 2);
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W(path), NULL), 0);
    }
}

static fsi_node *item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W(path), &node, NULL), 0);
    return node;
}

static void check_refusal(fsi_image *img, const char *before, fsi_hresult hr, const fsi_error *err,
                          const char *too_deep, const char *what)
{
    char *after = dump_image(img);
    CHECK_MSG(hr == IMAPI_E_ISO9660_LEVELS, "%s: 0x%08X (%s)", what, (unsigned)hr, err->message);
    CHECK_MSG(strstr(err->message, too_deep) != NULL, "%s: message '%s' lacks '%s'", what, err->message, too_deep);
    CHECK_MSG(strstr(err->message, "at most 8 levels") != NULL, "%s: message '%s' lacks the limit", what,
              err->message);
    CHECK_MSG(strcmp(before, after) == 0, "%s changed the tree", what);
    free(after);
}

static void test_add_directory(void)
{
    fsi_image *img = image_with(FSI_FS_ISO9660 | FSI_FS_JOLIET);
    fsi_source *src = NULL;
    fsi_node *level5;
    fsi_error err = {0};
    char *before;
    add_chain(img, "l", 7); /* \l2...\l8: l8 is at level 8 */
    CHECK(fsi_image_directory_count(img) == 7);
    CHECK_HR(fsi_source_from_memory("leaf", 4, &src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("\\l2\\l3\\l4\\l5\\l6\\l7\\l8\\leaf.txt"), src, NULL), 0);

    before = dump_image(img);
    check_refusal(img, before,
                  fsi_dir_add_directory(fsi_image_root(img), W("\\l2\\l3\\l4\\l5\\l6\\l7\\l8\\l9"), &err), &err,
                  "'\\l2\\l3\\l4\\l5\\l6\\l7\\l8\\l9'", "AddDirectory at level 9");
    /* A relative path from a directory deeper down: the message still gives the full path. */
    if ((level5 = item(img, "\\l2\\l3\\l4\\l5"))) {
        check_refusal(img, before, fsi_dir_add_directory(level5, W("l6/l7/l8/nine"), &err), &err,
                      "'\\l2\\l3\\l4\\l5\\l6\\l7\\l8\\nine'", "AddDirectory below a subdirectory");
        CHECK_HR(fsi_dir_add_directory(level5, W("l6/l7/also8"), NULL), 0);
        fsi_node_release(level5);
    }
    free(before);
    /* A file inside a level-8 directory is fine. */
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("\\l2\\l3\\l4\\l5\\l6\\l7\\also8\\file"), src, NULL), 0);
    fsi_source_release(src);
    fsi_image_destroy(img);

    /* ISO 9660 alone is limited too. */
    img = image_with(FSI_FS_ISO9660);
    add_chain(img, "l", 7);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("l2\\l3\\l4\\l5\\l6\\l7\\l8\\l9"), &err),
             IMAPI_E_ISO9660_LEVELS);
    CHECK(fsi_image_directory_count(img) == 7);
    fsi_image_destroy(img);
}

static void test_add_tree(void)
{
    fsi_image *img = image_with(FSI_FS_ISO9660 | FSI_FS_JOLIET);
    fsi_node *node;
    fsi_error err = {0};
    char *before, expected[800];

    /* Contents only: a/.../g lands with g at level 8. */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("seven")), 0, &err), 0);
    CHECK_MSG(fsi_image_directory_count(img) == 7, "dirs %d (%s)", (int)fsi_image_directory_count(img), err.message);
    /* The folder itself too: "six" at level 2, its f at level 8. */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("six")), 1, NULL), 0);
    CHECK(fsi_image_directory_count(img) == 14);
    /* A single file into a level-8 directory. */
    if ((node = item(img, "\\a\\b\\c\\d\\e\\f\\g"))) {
        CHECK_HR(fsi_dir_add_tree(node, W(at("six/a/b/c/d/e/f/inside.txt")), 0, NULL), 0);
        CHECK(fsi_dir_count(node) == 1);
        fsi_node_release(node);
    }
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("x"), NULL), 0);

    before = dump_image(img);
    if ((node = item(img, "\\x"))) {
        snprintf(expected, sizeof(expected), "'\\x\\a\\b\\c\\d\\e\\f\\g'");
        check_refusal(img, before, fsi_dir_add_tree(node, W(at("seven")), 0, &err), &err, expected,
                      "AddTree without its folder, one level too deep");
        snprintf(expected, sizeof(expected), "'\\x\\six\\a\\b\\c\\d\\e\\f'");
        check_refusal(img, before, fsi_dir_add_tree(node, W(at("six")), 1, &err), &err, expected,
                      "AddTree with its folder, one level too deep");
        fsi_node_release(node);
    }
    /* Merging into existing folders: seven/a/.../g is there; eight adds g/h below it. */
    check_refusal(img, before, fsi_dir_add_tree(fsi_image_root(img), W(at("eight")), 0, &err), &err,
                  "'\\a\\b\\c\\d\\e\\f\\g\\h'", "AddTree merging one level too deep");
    free(before);
    fsi_image_destroy(img);
}

static void test_joliet_alone(void)
{
    fsi_image *img = image_with(FSI_FS_JOLIET);
    fsi_error err = {0};
    char *before, *after;
    add_chain(img, "j", 11); /* \j2...\j12: level 12 */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("seven")), 1, NULL), 0); /* its g at level 9 */
    CHECK(fsi_image_directory_count(img) == 11 + 8);

    before = dump_image(img);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET, &err), IMAPI_E_ISO9660_LEVELS);
    CHECK_MSG(strstr(err.message, "'\\j2\\j3\\j4\\j5\\j6\\j7\\j8\\j9'") != NULL, "message: %s", err.message);
    CHECK_MSG(strstr(err.message, "at most 8 levels") != NULL, "message: %s", err.message);
    CHECK(fsi_image_file_systems(img) == FSI_FS_JOLIET);
    after = dump_image(img);
    CHECK(strcmp(before, after) == 0);
    free(after);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, NULL), IMAPI_E_ISO9660_LEVELS);
    CHECK(fsi_image_file_systems(img) == FSI_FS_JOLIET);

    /* Down to level 9 in the chain: seven's g is now the first too deep. */
    CHECK_HR(fsi_dir_remove_tree(fsi_image_root(img), W("j2\\j3\\j4\\j5\\j6\\j7\\j8\\j9\\j10"), NULL), 0);
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W("j2\\j3\\j4\\j5\\j6\\j7\\j8\\j9"), NULL), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET, &err), IMAPI_E_ISO9660_LEVELS);
    CHECK_MSG(strstr(err.message, "'\\seven\\a\\b\\c\\d\\e\\f\\g'") != NULL, "message: %s", err.message);
    /* Eight levels: accepted, and from now on the limit holds. */
    CHECK_HR(fsi_dir_remove_tree(fsi_image_root(img), W("seven\\a\\b\\c\\d\\e\\f\\g"), NULL), 0);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET, &err), 0);
    CHECK(fsi_image_file_systems(img) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("j2\\j3\\j4\\j5\\j6\\j7\\j8\\j9"), NULL),
             IMAPI_E_ISO9660_LEVELS);
    /* Leaving ISO 9660 out again lifts it. */
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_JOLIET, NULL), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("j2\\j3\\j4\\j5\\j6\\j7\\j8\\j9"), NULL), 0);
    free(before);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_depth_limit");
    make_folders("seven/a/b/c/d/e/f/g");
    make_folders("six/a/b/c/d/e/f");
    make_folders("eight/a/b/c/d/e/f/g/h");
    test_add_directory();
    test_add_tree();
    test_joliet_alone();
    return check_report();
}
