/* Change points: rollback after each kind of edit gives back exactly the tree, counts and size of the
 * change point (compared as a whole-tree dump); rollback across several changes, to the current point,
 * refused points (negative, ahead, before a lock-in) with nothing changed; a rollback whose restored
 * items break the options now in force (ISO 9660's eight levels, the file size of levels 1 and 2,
 * FreeMediaBlocks) refused with nothing changed; AddTree logged per insertion point, not per file;
 * nodes held across a rollback; LockInChangePoint freeing the log.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "image.h"
#include "named_streams.h"
#include "node.h"
#include "scratch.h"
#include "tree_dump.h"

/* One successful modification, as the COM layer counts it. */
#define EDIT(expr)                                                                                  \
    do {                                                                                            \
        fsi_error edit_err_ = {0};                                                                  \
        fsi_hresult edit_hr_ = (expr);                                                              \
        (void)edit_err_;                                                                            \
        CHECK_MSG(edit_hr_ >= 0, "%s = 0x%08X", #expr, (unsigned)edit_hr_);                         \
        if (edit_hr_ >= 0)                                                                          \
            fsi_image_count_change(img);                                                            \
    } while (0)

static fsi_node *item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W(path), &node, NULL), 0);
    return node;
}

/* Each file's real-time flag and named streams in their order (name, size, source and node), below node. */
static void dump_streams(struct dump *d, fsi_node *node)
{
    char line[1400];
    fsi_node **children = NULL;
    uint32_t count = 0, i;
    if (fsi_node_kind(node) == FSI_KIND_FILE) {
        snprintf(line, sizeof(line), "%s real_time=%d streams:", U8(fsi_node_name(node)), fsi_node_real_time(node));
        dump_append(d, line);
        for (i = 0; i < fsi_file_stream_count(node); i++) {
            fsi_node *stream = fsi_file_stream(node, i);
            snprintf(line, sizeof(line), " %s(%llu,%p,%p,parent_ok=%d)", U8(fsi_node_name(stream)),
                     (unsigned long long)fsi_node_file_size(stream), (void *)fsi_node_file_source(stream),
                     (void *)stream, stream->parent == node);
            dump_append(d, line);
        }
        dump_append(d, "\n");
        return;
    }
    fsi_dir_children(node, &children, &count, NULL);
    for (i = 0; i < count; i++) {
        dump_streams(d, children[i]);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
}

/* The tree, and the image's stream totals and every file's streams. */
static char *dump_all(fsi_image *img)
{
    struct dump d = {dump_image(img), 0, 0};
    char line[200];
    d.len = strlen(d.text);
    d.cap = d.len + 1;
    snprintf(line, sizeof(line), "stream totals: %d streams, %llu data blocks, %llu UDF blocks\n",
             (int)img->stream_count, (unsigned long long)img->stream_data_blocks,
             (unsigned long long)img->stream_udf_blocks);
    dump_append(&d, line);
    dump_streams(&d, fsi_image_root(img));
    return d.text;
}

/* A snapshot of everything a rollback must give back. */
struct state {
    char *dump;
    int32_t used, point;
};

static struct state take(fsi_image *img)
{
    struct state s = {dump_all(img), fsi_image_used_blocks(img), fsi_image_change_point(img)};
    return s;
}

static void expect_state(fsi_image *img, struct state *s, const char *what)
{
    char *now = dump_all(img);
    CHECK_MSG(strcmp(now, s->dump) == 0, "%s: tree differs:\n--- expected\n%s--- got\n%s", what, s->dump, now);
    CHECK_MSG(fsi_image_used_blocks(img) == s->used, "%s: used blocks %d, expected %d", what,
              (int)fsi_image_used_blocks(img), (int)s->used);
    CHECK_MSG(fsi_image_change_point(img) == s->point, "%s: change point %d, expected %d", what,
              (int)fsi_image_change_point(img), (int)s->point);
    free(now);
}

static void rollback_ok(fsi_image *img, struct state *s, const char *what)
{
    fsi_error err = {0};
    fsi_hresult hr = fsi_image_rollback(img, s->point, &err);
    CHECK_MSG(hr == 0, "%s: rollback = 0x%08X %s", what, (unsigned)hr, err.message);
    expect_state(img, s, what);
    free(s->dump);
}

/* A tree with a bit of everything, as the starting point of each edit. */
static fsi_image *starting_image(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img);
    EDIT(fsi_dir_add_directory(root, W("docs"), &edit_err_));
    EDIT(fsi_dir_add_directory(root, W("docs\\sub"), &edit_err_));
    add_text_file(root, "docs\\readme.txt", "read me");
    fsi_image_count_change(img);
    add_text_file(root, "docs\\sub\\deep.bin", "0123456789");
    fsi_image_count_change(img);
    add_text_file(root, "top.txt", "top");
    fsi_image_count_change(img);
    return img;
}

static void test_each_edit(void)
{
    fsi_image *img = starting_image();
    fsi_node *root = fsi_image_root(img), *node;
    struct state s;
    CHECK(fsi_image_change_point(img) == 5);

    s = take(img);
    EDIT(fsi_dir_add_directory(root, W("docs\\new"), &edit_err_));
    CHECK(fsi_image_directory_count(img) == 3);
    rollback_ok(img, &s, "AddDirectory");

    s = take(img);
    add_text_file(root, "docs\\sub\\more.txt", "more bytes here");
    fsi_image_count_change(img);
    CHECK(fsi_image_file_count(img) == 4);
    rollback_ok(img, &s, "AddFile");

    s = take(img);
    EDIT(fsi_dir_remove(root, W("top.txt"), &edit_err_));
    CHECK(fsi_image_file_count(img) == 2);
    rollback_ok(img, &s, "Remove");

    s = take(img);
    EDIT(fsi_dir_remove_tree(root, W("docs"), &edit_err_));
    CHECK(fsi_image_file_count(img) == 1 && fsi_image_directory_count(img) == 0);
    rollback_ok(img, &s, "RemoveTree");

    s = take(img);
    EDIT(fsi_dir_remove_tree(root, W("\\"), &edit_err_));
    CHECK(fsi_dir_count(root) == 0 && fsi_image_file_count(img) == 0);
    rollback_ok(img, &s, "RemoveTree of the root");

    /* AddTree into the root: "docs" merges (readme.txt replaced by a file, sub replaced by a file of its
     * name, a new folder inside), "top.txt" is replaced by a folder, "fresh" is new. */
    CHECK(mkdir(at("tree"), 0755) == 0 && mkdir(at("tree/docs"), 0755) == 0 &&
          mkdir(at("tree/docs/added"), 0755) == 0 && mkdir(at("tree/top.txt"), 0755) == 0 &&
          mkdir(at("tree/fresh"), 0755) == 0);
    make_text_file("tree/docs/README.TXT", "replaced readme");
    make_text_file("tree/docs/sub", "a file where a folder was");
    make_text_file("tree/docs/added/x.txt", "x");
    make_text_file("tree/top.txt/inside.txt", "inside");
    make_text_file("tree/fresh/f.txt", "f");
    s = take(img);
    EDIT(fsi_dir_add_tree(root, W(at("tree")), 0, &edit_err_));
    CHECK(fsi_image_file_count(img) == 5);
    node = item(img, "docs\\readme.txt");
    CHECK(fsi_node_file_size(node) == strlen("replaced readme"));
    fsi_node_release(node);
    rollback_ok(img, &s, "AddTree with replacements and merges");

    s = take(img);
    node = item(img, "docs");
    EDIT(fsi_dir_add_tree(node, W(at("tree")), 1, &edit_err_));
    fsi_node_release(node);
    CHECK(fsi_image_directory_count(img) == 2 + 5);
    rollback_ok(img, &s, "AddTree with its base folder");

    s = take(img);
    node = item(img, "docs\\readme.txt");
    EDIT(fsi_node_put_time(node, FSI_TIME_CREATED, 1234, &edit_err_));
    EDIT(fsi_node_put_time(node, FSI_TIME_ACCESSED, 5678, &edit_err_));
    EDIT(fsi_node_put_time(node, FSI_TIME_MODIFIED, 9012, &edit_err_));
    EDIT(fsi_node_put_hidden(node, 1, &edit_err_));
    EDIT(fsi_node_put_hidden(root, 1, &edit_err_));
    CHECK(fsi_node_time(node, FSI_TIME_ACCESSED) == 5678 && fsi_node_hidden(node));
    rollback_ok(img, &s, "times and hidden flags");
    fsi_node_release(node);

    /* Several kinds in a row, then back to points in between. */
    {
        struct state s0 = take(img), s1, s2;
        EDIT(fsi_dir_add_directory(root, W("a"), &edit_err_));
        add_text_file(root, "a\\one.txt", "1");
        fsi_image_count_change(img);
        s1 = take(img);
        EDIT(fsi_dir_remove_tree(root, W("docs"), &edit_err_));
        EDIT(fsi_image_set_iso_level(img, 1, &edit_err_)); /* a setting: counted, not rolled back */
        s2 = take(img);
        EDIT(fsi_dir_remove(root, W("a\\one.txt"), &edit_err_));
        EDIT(fsi_dir_add_directory(root, W("a\\two"), &edit_err_));
        rollback_ok(img, &s2, "back to after a setting");
        CHECK(fsi_image_iso_level(img) == 1);
        EDIT(fsi_image_set_iso_level(img, 2, &edit_err_)); /* so that the sizes match s1's again */
        rollback_ok(img, &s1, "back over a setting");
        CHECK(fsi_image_iso_level(img) == 2);
        rollback_ok(img, &s0, "back to the start of the sequence");
    }
    fsi_image_destroy(img);
}

static void expect_refused(fsi_image *img, int32_t point, const char *text)
{
    struct state s = take(img);
    fsi_error err = {0};
    CHECK_HR(fsi_image_rollback(img, point, &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, text) != NULL, "message '%s' lacks '%s'", err.message, text);
    expect_state(img, &s, "refused rollback");
    free(s.dump);
}

static void test_points_and_lock(void)
{
    fsi_image *img = starting_image();
    fsi_node *root = fsi_image_root(img);
    struct state s;
    CHECK(fsi_image_change_point(img) == 5);
    expect_refused(img, -1, "change point -1 ");
    expect_refused(img, 6, "change point 6 ");
    expect_refused(img, 6, "0 to 5");
    s = take(img);
    rollback_ok(img, &s, "to the current point");

    CHECK(img->changes.count == 5);
    fsi_image_lock_change_point(img);
    CHECK(img->changes.count == 0); /* nothing kept for points one can no longer return to */
    CHECK(fsi_image_change_point(img) == 5);
    expect_refused(img, 4, "change point 4 ");
    expect_refused(img, 4, "5 to 5");
    expect_refused(img, 0, "change point 0 ");

    s = take(img);
    EDIT(fsi_dir_remove_tree(root, W("docs"), &edit_err_));
    expect_refused(img, 4, "5 to 6");
    rollback_ok(img, &s, "after a lock-in, to the locked-in point");
    fsi_image_destroy(img);
}

/* Removed items come back, added ones leave; a node someone holds keeps working as such. */
static void test_held_nodes(void)
{
    fsi_image *img = starting_image();
    fsi_node *root = fsi_image_root(img), *docs = item(img, "docs"), *added;
    fsi_error err = {0};
    int32_t cp = fsi_image_change_point(img);
    EDIT(fsi_dir_remove_tree(root, W("docs"), &edit_err_));
    CHECK(!fsi_node_in_tree(docs));
    EDIT(fsi_dir_add_directory(root, W("later"), &edit_err_));
    added = item(img, "later");
    CHECK_HR(fsi_image_rollback(img, cp, &err), 0);
    CHECK(fsi_node_in_tree(docs) && fsi_dir_count(docs) == 2);
    {
        fsi_node *again = item(img, "docs");
        CHECK(again == docs);
        fsi_node_release(again);
    }
    CHECK(!fsi_node_in_tree(added));
    CHECK_HR(fsi_dir_add_directory(added, W("x"), &err), IMAPI_E_NOT_IN_FILE_SYSTEM);
    fsi_node_release(added);
    fsi_node_release(docs);
    fsi_image_destroy(img);
}

/* What comes back must fit the options now in force; else nothing changes. */
static void test_limits(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img);
    fsi_error err = {0};
    struct state s;
    int32_t cp;
    char path[64] = "";
    int i;
    EDIT(fsi_image_set_file_systems(img, FSI_FS_JOLIET, &edit_err_));
    for (i = 1; i <= 9; i++) { /* \d1\...\d9: nine levels below the root, too deep for ISO 9660 */
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "\\d%d", i);
        EDIT(fsi_dir_add_directory(root, W(path), &edit_err_));
    }
    cp = fsi_image_change_point(img);
    EDIT(fsi_dir_remove_tree(root, W("d1"), &edit_err_));
    EDIT(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET, &edit_err_));
    s = take(img);
    CHECK_HR(fsi_image_rollback(img, cp, &err), IMAPI_E_ISO9660_LEVELS);
    CHECK_MSG(strstr(err.message, "change point 10") && strstr(err.message, "\\d1"), "message: %s", err.message);
    expect_state(img, &s, "rollback refused for ISO 9660's levels");
    free(s.dump);
    EDIT(fsi_image_set_file_systems(img, FSI_FS_JOLIET, &edit_err_));
    CHECK_HR(fsi_image_rollback(img, cp, &err), 0);
    CHECK(fsi_image_directory_count(img) == 9);

    /* FreeMediaBlocks lowered after a removal. */
    add_text_file(root, "big.bin", "");
    {
        static char big[400000];
        fsi_source *src = NULL;
        memset(big, 'b', sizeof(big));
        CHECK_HR(fsi_source_from_memory(big, sizeof(big), &src, NULL), 0);
        EDIT(fsi_dir_add_file(root, W("large.bin"), src, &edit_err_));
        fsi_source_release(src);
    }
    cp = fsi_image_change_point(img);
    EDIT(fsi_dir_remove(root, W("large.bin"), &edit_err_));
    EDIT(fsi_image_set_free_media_blocks(img, fsi_image_used_blocks(img) + 10, &edit_err_));
    s = take(img);
    CHECK_HR(fsi_image_rollback(img, cp, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK_MSG(strstr(err.message, "FreeMediaBlocks"), "message: %s", err.message);
    expect_state(img, &s, "rollback refused for FreeMediaBlocks");
    free(s.dump);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK_HR(fsi_image_rollback(img, cp, &err), 0);
    CHECK(fsi_image_file_count(img) == 2);
    fsi_image_destroy(img);
}

/* The log of an AddTree holds its insertion points, not its files. */
static void test_add_tree_log_size(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *root = fsi_image_root(img);
    char name[64];
    struct state s;
    int i;
    CHECK(mkdir(at("many"), 0755) == 0 && mkdir(at("many/inner"), 0755) == 0);
    for (i = 0; i < 2000; i++) {
        snprintf(name, sizeof(name), "many/inner/file%04d.txt", i);
        make_text_file(name, "x");
    }
    make_text_file("many/one.txt", "1");
    s = take(img);
    EDIT(fsi_dir_add_tree(root, W(at("many")), 0, &edit_err_));
    CHECK(fsi_image_file_count(img) == 2001);
    CHECK_MSG(img->changes.count == 2, "%lu entries for an AddTree of two top items",
              (unsigned long)img->changes.count);
    rollback_ok(img, &s, "AddTree of 2,001 files");
    CHECK(img->changes.count == 0);
    s = take(img);
    EDIT(fsi_dir_add_tree(root, W(at("many")), 1, &edit_err_));
    CHECK(img->changes.count == 1);
    /* A layout made after a rollback matches the estimate. */
    rollback_ok(img, &s, "AddTree with its base");
    add_text_file(root, "after.txt", "after");
    fsi_image_count_change(img);
    {
        fsi_layout *layout = NULL;
        CHECK_HR(fsi_layout_create(img, &layout, NULL), 0);
        CHECK(layout && fsi_layout_total_blocks(layout) == (uint32_t)fsi_image_used_blocks(img));
        fsi_layout_release(layout);
    }
    fsi_image_destroy(img);
}

/* ---------------------------------------------------------------- named streams, real time ----- */

static fsi_source *text_source(const char *text, size_t size)
{
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_memory(text, size, &src, NULL), 0);
    return src;
}

static fsi_hresult add_stream(fsi_node *file, const char *name, size_t size)
{
    static char bytes[300000];
    fsi_error err = {0};
    fsi_source *src;
    fsi_hresult hr;
    memset(bytes, 's', sizeof(bytes));
    src = text_source(bytes, size);
    hr = fsi_file_add_stream(file, W(name), src, &err);
    fsi_source_release(src);
    return hr;
}

/* What the layout of the image now takes, which must be UsedBlocks. */
static void expect_layout_total(fsi_image *img, const char *what)
{
    fsi_layout *layout = NULL;
    CHECK_HR(fsi_layout_create(img, &layout, NULL), 0);
    CHECK_MSG(layout && fsi_layout_total_blocks(layout) == (uint32_t)fsi_image_used_blocks(img),
              "%s: the layout takes %lu blocks, UsedBlocks is %ld", what,
              layout ? (unsigned long)fsi_layout_total_blocks(layout) : 0UL, (long)fsi_image_used_blocks(img));
    fsi_layout_release(layout);
}

/* The starting image with UDF 2.01, which records streams and real-time files (so they count in
 * UsedBlocks). */
static fsi_image *streams_image(void)
{
    fsi_image *img = starting_image();
    EDIT(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, &edit_err_));
    EDIT(fsi_image_set_udf_revision(img, 0x201, &edit_err_));
    return img;
}

static void test_stream_edits(void)
{
    fsi_image *img = streams_image();
    fsi_node *readme = item(img, "docs\\readme.txt"), *top = item(img, "top.txt"), *held;
    struct state s, s1, s2;
    fsi_error err = {0};

    s = take(img);
    EDIT(add_stream(readme, "one", 5000));
    CHECK(fsi_file_stream_count(readme) == 1 && img->stream_count == 1);
    CHECK_MSG(fsi_image_used_blocks(img) > s.used, "a stream of 5,000 bytes adds blocks");
    rollback_ok(img, &s, "AddStream");
    CHECK(fsi_file_stream_count(readme) == 0 && img->stream_count == 0);
    expect_layout_total(img, "after AddStream rolled back");

    /* RemoveStream of the middle one: the same node comes back in its place. */
    EDIT(add_stream(readme, "one", 5000));
    EDIT(add_stream(readme, "two", 70000));
    EDIT(add_stream(readme, "three", 0));
    EDIT(add_stream(top, "x", 2048));
    held = fsi_node_retain(fsi_file_stream(readme, 1));
    s = take(img);
    EDIT(fsi_file_remove_stream(readme, W("TWO"), &edit_err_));
    CHECK(fsi_file_stream_count(readme) == 2 && img->stream_count == 3 && !fsi_node_in_tree(held));
    rollback_ok(img, &s, "RemoveStream");
    CHECK(fsi_file_stream(readme, 1) == held);
    expect_layout_total(img, "after RemoveStream rolled back");

    s = take(img);
    EDIT(fsi_file_remove_stream(readme, W("one"), &edit_err_));
    EDIT(fsi_file_remove_stream(readme, W("three"), &edit_err_));
    EDIT(fsi_file_remove_stream(readme, W("two"), &edit_err_));
    CHECK(fsi_file_stream_count(readme) == 0);
    rollback_ok(img, &s, "every stream of a file removed");

    s = take(img);
    EDIT(fsi_node_set_real_time(top, 1, &edit_err_));
    CHECK(fsi_node_real_time(top));
    EDIT(fsi_node_set_real_time(readme, 1, &edit_err_));
    EDIT(fsi_node_set_real_time(readme, 0, &edit_err_));
    EDIT(fsi_node_set_real_time(readme, 1, &edit_err_));
    rollback_ok(img, &s, "IsRealTime");
    CHECK(!fsi_node_real_time(top) && !fsi_node_real_time(readme));

    /* Stream edits among file edits: a file with streams removed and added back by a rollback, a stream
     * of the same name added again, then back to points in between. */
    s = take(img);
    EDIT(fsi_file_remove_stream(top, W("x"), &edit_err_));
    EDIT(add_stream(top, "X", 3000));
    EDIT(fsi_node_set_real_time(top, 1, &edit_err_));
    s1 = take(img);
    EDIT(fsi_dir_remove_tree(fsi_image_root(img), W("docs"), &edit_err_));
    CHECK(img->stream_count == 1 && !fsi_node_in_tree(readme));
    add_text_file(fsi_image_root(img), "docs", "a file where the folder was");
    fsi_image_count_change(img);
    s2 = take(img);
    {
        fsi_node *docs = item(img, "docs");
        EDIT(add_stream(docs, "on the new file", 100000));
        EDIT(fsi_file_remove_stream(top, W("x"), &edit_err_));
        EDIT(fsi_node_set_real_time(docs, 1, &edit_err_));
        fsi_node_release(docs);
    }
    expect_layout_total(img, "after the mixed edits");
    rollback_ok(img, &s2, "stream edits after a file replaced a folder");
    rollback_ok(img, &s1, "a folder whose file has streams back");
    CHECK(fsi_node_in_tree(readme) && fsi_file_stream_count(readme) == 3 && img->stream_count == 4);
    expect_layout_total(img, "a folder whose file has streams back");
    rollback_ok(img, &s, "a stream removed and one of its name added");
    CHECK(fsi_file_stream_count(top) == 1 && !fsi_node_real_time(top));
    expect_layout_total(img, "at the start of the mixed edits");

    /* A refused rollback (a point ahead) leaves the streams alone, and so does a layout alive meanwhile. */
    CHECK_HR(fsi_image_rollback(img, fsi_image_change_point(img) + 1, &err), IMAPI_E_INVALID_PARAM);
    CHECK(fsi_file_stream(readme, 1) == held);
    fsi_node_release(held);
    fsi_node_release(readme);
    fsi_node_release(top);
    fsi_image_destroy(img);
}

/* A removed stream is kept by the log until LockInChangePoint, which lets it go; one added after the
 * lock-in and rolled back goes as well. */
static void test_stream_lock_in(void)
{
    fsi_image *img = streams_image();
    fsi_node *top = item(img, "top.txt"), *held;
    struct state s;
    EDIT(add_stream(top, "kept", 4000));
    held = fsi_node_retain(fsi_file_stream(top, 0));
    CHECK(held->refs == 3); /* the list, the log entry of AddStream, ours */
    EDIT(fsi_file_remove_stream(top, W("kept"), &edit_err_));
    CHECK_MSG(held->refs == 3, "a removed stream: the log holds two references (add, remove), ours: %ld",
              held->refs);
    fsi_image_lock_change_point(img);
    CHECK(img->changes.count == 0);
    CHECK_MSG(held->refs == 1, "after LockInChangePoint only our reference is left: %ld", held->refs);
    fsi_node_release(held);

    s = take(img);
    EDIT(add_stream(top, "later", 10));
    held = fsi_node_retain(fsi_file_stream(top, 0));
    rollback_ok(img, &s, "AddStream after a lock-in");
    CHECK_MSG(held->refs == 1 && !fsi_node_in_tree(held), "a rolled-back stream is ours alone: %ld", held->refs);
    fsi_node_release(held);
    fsi_node_release(top);
    fsi_image_destroy(img); /* LeakSanitizer: no stream node or source left behind */
}

/* What a rollback puts back must fit FreeMediaBlocks and FSI_NAMED_STREAMS_MAX now; else nothing changes. */
static void test_stream_limits(void)
{
    fsi_image *img = streams_image();
    fsi_node *root = fsi_image_root(img), *top = item(img, "top.txt"), *loose = NULL;
    struct state s;
    fsi_error err = {0};
    int32_t cp;
    char name[32];
    int i;

    EDIT(add_stream(top, "big", 300000));
    cp = fsi_image_change_point(img);
    EDIT(fsi_file_remove_stream(top, W("big"), &edit_err_));
    EDIT(fsi_image_set_free_media_blocks(img, fsi_image_used_blocks(img) + 10, &edit_err_));
    s = take(img);
    CHECK_HR(fsi_image_rollback(img, cp, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK_MSG(strstr(err.message, "FreeMediaBlocks") && strstr(err.message, "change point"), "message: %s",
              err.message);
    expect_state(img, &s, "rollback of RemoveStream refused for FreeMediaBlocks");
    free(s.dump);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK_HR(fsi_image_rollback(img, cp, &err), 0);
    CHECK(fsi_file_stream_count(top) == 1 && img->stream_count == 1);
    expect_layout_total(img, "the big stream back");
    EDIT(fsi_file_remove_stream(top, W("big"), &edit_err_));

    /* Streams brought in with a file by Add leave with it. Add counts them against
     * FSI_NAMED_STREAMS_MAX like AddStream does, so a rollback never brings back more than the limit. */
    for (i = 0; i < FSI_NAMED_STREAMS_MAX - 1; i++) {
        snprintf(name, sizeof(name), "s%d", i);
        CHECK_HR(add_stream(top, name, 1), 0);
        fsi_image_count_change(img);
    }
    CHECK_HR(fsi_image_new_file(img, W("loose.txt"), &loose, &err), 0);
    {
        fsi_source *src = text_source("ab", 2);
        CHECK_HR(node_stream_attach(loose, W("a"), src, &err), 0);
        CHECK_HR(node_stream_attach(loose, W("b"), src, &err), 0);
        fsi_source_release(src);
    }
    s = take(img);
    CHECK_HR(fsi_dir_add_item(root, loose, &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "named streams") && strstr(err.message, "1000"), "message: %s", err.message);
    expect_state(img, &s, "Add refused for the streams limit");
    CHECK(fsi_node_is_detached_item(loose));
    free(s.dump);
    EDIT(fsi_file_remove_stream(top, W("s0"), &edit_err_));
    CHECK(img->stream_count == FSI_NAMED_STREAMS_MAX - 2);
    s = take(img);
    EDIT(fsi_dir_add_item(root, loose, &edit_err_));
    CHECK(img->stream_count == FSI_NAMED_STREAMS_MAX);
    expect_layout_total(img, "a file with streams added");
    rollback_ok(img, &s, "Add of a file with streams");
    CHECK(img->stream_count == FSI_NAMED_STREAMS_MAX - 2 && fsi_file_stream_count(loose) == 2);
    CHECK(fsi_node_is_detached_item(loose));
    expect_layout_total(img, "a file with streams rolled back");
    fsi_node_release(loose);
    fsi_node_release(top);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_change_log");
    test_each_edit();
    test_points_and_lock();
    test_held_nodes();
    test_limits();
    test_add_tree_log_size();
    test_stream_edits();
    test_stream_lock_in();
    test_stream_limits();
    return check_report();
}
