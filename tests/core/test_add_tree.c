/* AddTree: a generated folder (unicode names, empty files and folders, 8 levels, 1,200 entries in one
 * folder) added with and without its base, a single file, missing sources, collisions (the source
 * wins, folders merge), and all-or-nothing failures, including a FreeMediaBlocks refusal after the
 * merge. SPDX-License-Identifier: LGPL-2.1-or-later */
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
#include "scratch.h"
#include "tree_dump.h"

enum { MANY = 1200 };
/* 2001-02-03 04:05:06 UTC */
static const time_t known_mtime = 981173106;
static const fsi_time known_filetime = (981173106LL + 11644473600LL) * 10000000;

static void generate_source(void)
{
    char name[64], path[64] = "src";
    struct timespec times[2] = {{known_mtime, 0}, {known_mtime, 0}};
    int i;
    make_dir("src");
    make_text_file("src/a.txt", "alpha");
    CHECK(utimensat(AT_FDCWD, at("src/a.txt"), times, 0) == 0);
    make_text_file("src/empty.bin", "");
    make_text_file("src/\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xE6\x96\x87\xE4\xBB\xB6.txt", "unicode");
    make_text_file("src/.hidden", "h");
    make_dir("src/emptydir");
    for (i = 1; i <= 8; i++) {
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "/d%d", i);
        make_dir(path);
    }
    strcat(path, "/leaf.txt");
    make_text_file(path, "leaf");
    make_dir("src/many");
    for (i = 0; i < MANY; i++) {
        snprintf(name, sizeof(name), "src/many/f%04d.dat", i);
        make_text_file(name, name + 9);
    }
    make_dir("src/Case");
    make_text_file("src/Case/Mixed.TXT", "mixed");

    /* Folders that fail late, after much has been built. */
    make_dir("dup");
    make_dir("dup/aaa");
    for (i = 0; i < 50; i++) {
        snprintf(name, sizeof(name), "dup/aaa/g%02d", i);
        make_text_file(name, "g");
    }
    make_dir("dup/zzz");
    make_text_file("dup/zzz/x.txt", "1");
    make_text_file("dup/zzz/X.TXT", "2");
    make_dir("badname");
    make_dir("badname/ok");
    make_text_file("badname/ok/bad:name", "b");
    make_dir("locked");
    make_dir("locked/open");
    make_text_file("locked/open/f", "f");
    make_dir("locked/shut");
    make_text_file("locked/shut/g", "g");
    chmod(at("locked/shut"), 0);
}

static fsi_node *item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    fsi_error err = {0};
    fsi_hresult hr = fsi_dir_item(fsi_image_root(img), W(path), &node, &err);
    CHECK_MSG(hr == 0, "item %s: 0x%08X %s", path, (unsigned)hr, err.message);
    return node;
}

static void check_content(fsi_image *img, const char *path, const char *text)
{
    fsi_node *node = item(img, path);
    fsi_source *src;
    void *handle = NULL;
    char buf[64] = {0};
    if (!node)
        return;
    src = fsi_node_file_source(node);
    CHECK_MSG(src && src->size == strlen(text), "%s: size %llu", path, src ? (unsigned long long)src->size : 0ull);
    if (src && src->size == strlen(text) && src->size < sizeof(buf)) {
        CHECK_HR(src->ops->open(src, &handle, NULL), 0);
        CHECK_HR(src->ops->read(src, handle, 0, buf, (size_t)src->size, NULL), 0);
        src->ops->close(src, handle);
        CHECK_MSG(strcmp(buf, text) == 0, "%s holds '%s'", path, buf);
    }
    fsi_node_release(node);
}

/* The source's d1/.../d8 goes deeper than ISO 9660's eight levels (test_depth_limit.c checks that
 * refusal): these images hold Joliet alone. */
static fsi_image *joliet_image(void)
{
    fsi_image *img = fsi_image_create();
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_JOLIET, NULL), 0);
    return img;
}

static void test_contents(void)
{
    fsi_image *img = joliet_image();
    fsi_node *node, **children = NULL;
    fsi_error err = {0};
    uint32_t count = 0, i;
    fsi_hresult hr = fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 0, &err);
    CHECK_MSG(hr == 0, "AddTree: 0x%08X %s", (unsigned)hr, err.message);
    CHECK_MSG(fsi_image_file_count(img) == MANY + 6, "files %d", (int)fsi_image_file_count(img));
    CHECK_MSG(fsi_image_directory_count(img) == 11, "dirs %d", (int)fsi_image_directory_count(img));
    CHECK(fsi_dir_count(fsi_image_root(img)) == 8);
    /* The cheap bound that spares the exact estimate really bounds it. */
    CHECK(image_size_upper_bound(img) >= (uint64_t)fsi_image_used_blocks(img));

    check_content(img, "\\a.txt", "alpha");
    check_content(img, "\\empty.bin", "");
    check_content(img, "\\\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xE6\x96\x87\xE4\xBB\xB6.txt", "unicode");
    check_content(img, "\\d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\leaf.txt", "leaf");
    check_content(img, "\\case\\mixed.txt", "mixed");
    check_content(img, "\\many\\f0777.dat", "f0777.dat");

    if ((node = item(img, "\\a.txt"))) {
        CHECK(fsi_node_time(node, FSI_TIME_MODIFIED) == known_filetime);
        CHECK(fsi_node_time(node, FSI_TIME_ACCESSED) == known_filetime);
        CHECK(!fsi_node_hidden(node));
        fsi_node_release(node);
    }
    if ((node = item(img, "\\.hidden"))) {
        CHECK(fsi_node_hidden(node));
        fsi_node_release(node);
    }
    if ((node = item(img, "\\emptydir"))) {
        CHECK(fsi_node_kind(node) == FSI_KIND_DIRECTORY && fsi_dir_count(node) == 0);
        CHECK(fsi_node_time(node, FSI_TIME_MODIFIED) > known_filetime);
        fsi_node_release(node);
    }
    if ((node = item(img, "\\many"))) {
        CHECK_HR(fsi_dir_children(node, &children, &count, NULL), 0);
        CHECK(count == MANY);
        for (i = 0; i < count; i++) {
            char expected[16];
            snprintf(expected, sizeof(expected), "f%04u.dat", (unsigned)i);
            CHECK_MSG(strcmp(U8(fsi_node_name(children[i])), expected) == 0, "many[%u] = %s", (unsigned)i,
                      U8(fsi_node_name(children[i])));
            CHECK(fsi_node_in_tree(children[i]));
            fsi_node_release(children[i]);
        }
        fsi_free(children);
        fsi_node_release(node);
    }

    /* With its base: one new folder named like the source, here below \inc. */
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("inc"), NULL), 0);
    if ((node = item(img, "\\inc"))) {
        CHECK_HR(fsi_dir_add_tree(node, W(at("src")), 1, NULL), 0);
        CHECK(fsi_dir_count(node) == 1);
        fsi_node_release(node);
    }
    check_content(img, "\\inc\\src\\d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\leaf.txt", "leaf");
    CHECK(fsi_image_file_count(img) == 2 * (MANY + 6));
    CHECK(fsi_image_directory_count(img) == 11 + 1 + 12);

    /* A single file, as scripts pass it: include_base makes no difference. */
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("single"), NULL), 0);
    if ((node = item(img, "\\single"))) {
        CHECK_HR(fsi_dir_add_tree(node, W(at("src/a.txt")), 0, NULL), 0);
        CHECK_HR(fsi_dir_add_tree(node, W(at("src/Case/Mixed.TXT")), 1, NULL), 0);
        CHECK(fsi_dir_count(node) == 2);
        fsi_node_release(node);
    }
    check_content(img, "\\single\\a.txt", "alpha");
    check_content(img, "\\single\\mixed.txt", "mixed");

    /* A trailing separator, and backslashes (read as separators on POSIX too). */
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("slashes"), NULL), 0);
    if ((node = item(img, "\\slashes"))) {
        char path[700];
        snprintf(path, sizeof(path), "%s\\src\\Case\\", base);
        CHECK_HR(fsi_dir_add_tree(node, W(path), 1, NULL), 0);
        fsi_node_release(node);
    }
    check_content(img, "\\slashes\\Case\\Mixed.TXT", "mixed");
    CHECK(image_size_upper_bound(img) >= (uint64_t)fsi_image_used_blocks(img));
    fsi_image_destroy(img);
}

static void test_missing_sources(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    char *before = dump_image(img), *after;
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("nope")), 0, &err), (fsi_hresult)0x80070002);
    CHECK_MSG(strstr(err.message, "nope") != NULL, "message: %s", err.message);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src/a.txt/x")), 1, &err), (fsi_hresult)0x80070003);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src\\nope\\deeper")), 1, &err), (fsi_hresult)0x80070002);
    after = dump_image(img);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    fsi_image_destroy(img);
}

/* An image with items that collide with the source in every way. */
static fsi_image *colliding_image(fsi_node **old_a)
{
    fsi_image *img = joliet_image();
    fsi_node *root = fsi_image_root(img);
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_memory("old contents", 12, &src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("A.TXT"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("many"), NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("many\\keep.me"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("many\\F0001.DAT"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("empty.bin"), NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("empty.bin\\inside"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("emptydir"), src, NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("d1"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("d1\\d2"), NULL), 0);
    CHECK_HR(fsi_dir_add_directory(root, W("d1\\d2\\mine"), NULL), 0);
    CHECK_HR(fsi_dir_add_file(root, W("unrelated"), src, NULL), 0);
    fsi_source_release(src);
    if (old_a)
        CHECK_HR(fsi_dir_item(root, W("a.txt"), old_a, NULL), 0);
    return img;
}

static void test_collisions(void)
{
    fsi_node *old_a = NULL, *node;
    fsi_image *img = colliding_image(&old_a);
    fsi_error err = {0};
    fsi_hresult hr = fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 0, &err);
    CHECK_MSG(hr == 0, "AddTree: 0x%08X %s", (unsigned)hr, err.message);
    check_content(img, "\\a.txt", "alpha");
    CHECK(old_a && !fsi_node_in_tree(old_a));
    fsi_node_release(old_a);
    check_content(img, "\\many\\keep.me", "old contents");
    check_content(img, "\\many\\f0001.dat", "f0001.dat");
    check_content(img, "\\empty.bin", "");
    if ((node = item(img, "\\many"))) {
        CHECK(fsi_dir_count(node) == MANY + 1);
        fsi_node_release(node);
    }
    if ((node = item(img, "\\emptydir"))) {
        CHECK(fsi_node_kind(node) == FSI_KIND_DIRECTORY);
        fsi_node_release(node);
    }
    if ((node = item(img, "\\d1\\d2\\mine"))) {
        CHECK(fsi_node_kind(node) == FSI_KIND_DIRECTORY && fsi_node_in_tree(node));
        fsi_node_release(node);
    }
    check_content(img, "\\d1\\d2\\d3\\d4\\d5\\d6\\d7\\d8\\leaf.txt", "leaf");
    check_content(img, "\\unrelated", "old contents");
    /* Source files plus keep.me and unrelated; the replaced folder's file is gone. */
    CHECK_MSG(fsi_image_file_count(img) == MANY + 6 + 2, "files %d", (int)fsi_image_file_count(img));
    CHECK_MSG(fsi_image_directory_count(img) == 11 + 1, "dirs %d", (int)fsi_image_directory_count(img));
    fsi_image_destroy(img);
}

static void expect_unchanged_after(fsi_image *img, const char *source, int include_base, fsi_hresult expected,
                                   const char *in_message)
{
    char *before = dump_image(img), *after;
    fsi_error err = {0};
    fsi_hresult hr = fsi_dir_add_tree(fsi_image_root(img), W(at(source)), include_base, &err);
    CHECK_MSG(hr == expected, "AddTree %s: 0x%08X, expected 0x%08X (%s)", source, (unsigned)hr,
              (unsigned)expected, err.message);
    CHECK_MSG(strstr(err.message, in_message) != NULL, "message '%s' lacks '%s'", err.message, in_message);
    after = dump_image(img);
    CHECK_MSG(strcmp(before, after) == 0, "AddTree %s changed the tree", source);
    free(before);
    free(after);
}

static void test_all_or_nothing(void)
{
    fsi_image *img = colliding_image(NULL);
    char expected[800];
    int32_t limit;
    expect_unchanged_after(img, "dup", 0, IMAPI_E_DUP_NAME, "zzz' differ only in case");
    expect_unchanged_after(img, "dup", 1, IMAPI_E_DUP_NAME, "zzz");
    expect_unchanged_after(img, "badname", 0, IMAPI_E_INVALID_PATH, "bad:name");
    if (geteuid() != 0) /* root reads a folder whatever its mode says */
        expect_unchanged_after(img, "locked", 0, IMAPI_E_DIRECTORY_READ_FAILURE, "shut");

    /* FreeMediaBlocks refuses after the merge has replaced and merged items: all of it is undone. */
    limit = fsi_image_used_blocks(img) + 10;
    CHECK_HR(fsi_image_set_free_media_blocks(img, limit, NULL), 0);
    snprintf(expected, sizeof(expected), "adding '\\' from '%s' would make the image", at("src"));
    expect_unchanged_after(img, "src", 0, IMAPI_E_IMAGE_SIZE_LIMIT, expected);
    snprintf(expected, sizeof(expected), "adding '\\src' from '%s' would make the image", at("src"));
    expect_unchanged_after(img, "src", 1, IMAPI_E_IMAGE_SIZE_LIMIT, expected);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 0, NULL), 0);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_add_tree");
    generate_source();
    test_contents();
    test_missing_sources();
    test_collisions();
    test_all_or_nothing();
    return check_report();
}
