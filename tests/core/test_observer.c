/* The image's observer (DFileSystemImageEvents::Update in the core): what AddTree and AddFile report
 * for each file (image path, 0 then all blocks, one call for an empty file), nothing when nobody
 * listens or the edit fails, and observers that edit the tree from inside a report (the target
 * removed while AddTree scans, a file added meanwhile, the file just added removed again).
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

static void make_file(const char *relative, size_t size)
{
    FILE *f = fopen(at(relative), "wb");
    CHECK_MSG(f != NULL, "create %s", relative);
    for (size_t i = 0; f && i < size; i++)
        fputc((int)(i * 7 % 251), f);
    if (f)
        fclose(f);
}

/* ---------------------------------------------------------------- a recording observer --------- */

enum { MAX_EVENTS = 64 };
struct event {
    char path[256];
    uint64_t copied, total;
    int in_tree; /* the path named a file of the image when reported */
};

struct recorder {
    fsi_image *img;
    int listening;
    struct event events[MAX_EVENTS];
    int count;
    /* Run once, at the first report, to edit the tree from inside. */
    void (*edit)(struct recorder *r);
    fsi_hresult edit_hr;
};

static int rec_listening(void *ctx)
{
    return ((struct recorder *)ctx)->listening;
}

static void rec_progress(void *ctx, const fsi_char *path, uint64_t copied, uint64_t total)
{
    struct recorder *r = ctx;
    fsi_kind kind = FSI_KIND_NONE;
    CHECK_MSG(r->listening, "a report while not listening: %s", U8(path));
    if (r->count < MAX_EVENTS) {
        struct event *e = &r->events[r->count];
        snprintf(e->path, sizeof(e->path), "%s", U8(path));
        e->copied = copied;
        e->total = total;
        e->in_tree = fsi_image_exists(r->img, path, &kind, NULL) >= 0 && kind == FSI_KIND_FILE;
    }
    r->count++;
    if (r->edit) {
        void (*edit)(struct recorder *) = r->edit;
        r->edit = NULL;
        edit(r);
    }
}

static fsi_image *observed_image(struct recorder *r)
{
    fsi_observer observer = {rec_listening, rec_progress, r};
    memset(r, 0, sizeof(*r));
    r->img = fsi_image_create();
    r->listening = 1;
    fsi_image_set_observer(r->img, &observer);
    return r->img;
}

/* The reports of one file: (0, blocks) then (blocks, blocks), or one (0, 0) for an empty file. */
static void check_file_reported(const struct recorder *r, const char *path, uint64_t blocks, int in_tree)
{
    int found = 0;
    for (int i = 0; i < r->count && i < MAX_EVENTS; i++) {
        const struct event *e = &r->events[i];
        if (strcmp(e->path, path))
            continue;
        found++;
        CHECK_MSG(e->copied == 0 && e->total == blocks, "%s: first report %llu/%llu, expected 0/%llu", path,
                  (unsigned long long)e->copied, (unsigned long long)e->total, (unsigned long long)blocks);
        CHECK_MSG(e->in_tree == in_tree, "%s: in the tree when reported: %d", path, e->in_tree);
        if (blocks) {
            const struct event *last = &r->events[i + 1];
            CHECK_MSG(i + 1 < r->count && !strcmp(last->path, path) && last->copied == blocks && last->total == blocks,
                      "%s: second report %s %llu/%llu", path, last->path, (unsigned long long)last->copied,
                      (unsigned long long)last->total);
            i++;
        }
    }
    CHECK_MSG(found == 1, "%s reported %d times", path, found);
}

static void generate_source(void)
{
    CHECK(mkdir(at("src"), 0755) == 0);
    CHECK(mkdir(at("src/sub"), 0755) == 0);
    CHECK(mkdir(at("src/sub/deeper"), 0755) == 0);
    make_file("src/a.txt", 5);
    make_file("src/empty.bin", 0);
    make_file("src/sub/big.bin", 5000);
    make_file("src/sub/deeper/c.txt", 2049);
    make_file("single.dat", 4096);
}

static void check_source_reported(const struct recorder *r, const char *prefix, int in_tree)
{
    char path[256];
    static const struct {
        const char *name;
        uint64_t blocks;
    } files[] = {{"a.txt", 1}, {"empty.bin", 0}, {"sub\\big.bin", 3}, {"sub\\deeper\\c.txt", 2}};
    CHECK_MSG(r->count == 7, "%d reports for 4 files (one empty)", r->count);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s\\%s", prefix, files[i].name);
        check_file_reported(r, path, files[i].blocks, in_tree);
    }
}

static void test_add_tree(void)
{
    struct recorder r;
    fsi_image *img = observed_image(&r);
    fsi_error err = {0};
    fsi_node *t = NULL;

    /* Contents into the root: image paths below "\", reported while scanning (not in the tree yet). */
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 0, &err), 0);
    check_source_reported(&r, "", 0);

    /* With its base folder, into a directory. */
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\t"), &err), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\t\\u"), &err), 0);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W("\\t\\u"), &t, &err), 0);
    r.count = 0;
    CHECK_HR(fsi_dir_add_tree(t, W(at("src")), 1, &err), 0);
    check_source_reported(&r, "\\t\\u\\src", 0);
    /* A single file. */
    r.count = 0;
    CHECK_HR(fsi_dir_add_tree(t, W(at("single.dat")), 0, &err), 0);
    CHECK_MSG(r.count == 2, "single file: %d reports", r.count);
    check_file_reported(&r, "\\t\\u\\single.dat", 2, 0);
    fsi_node_release(t);
    CHECK_MSG(fsi_image_file_count(img) == 9, "files %d", (int)fsi_image_file_count(img));

    /* Nobody listening: no report at all (rec_progress checks). */
    r.listening = 0;
    r.count = 0;
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 1, &err), 0);
    CHECK(r.count == 0);

    /* A source that does not exist reports nothing. */
    r.listening = 1;
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("missing")), 1, &err), (fsi_hresult)0x80070002);
    CHECK(r.count == 0);
    fsi_image_destroy(img);
}

static void test_add_file(void)
{
    struct recorder r;
    fsi_image *img = observed_image(&r);
    fsi_error err = {0};
    fsi_source *src = NULL, *empty = NULL;
    static char data[10000];

    CHECK_HR(fsi_source_from_memory(data, sizeof(data), &src, &err), 0);
    CHECK_HR(fsi_source_from_memory(data, 0, &empty, &err), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\d"), &err), 0);
    CHECK(r.count == 0); /* directories are not reported */
    /* Reported when the edit is complete: the file is in the tree. */
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("\\d\\m.bin"), src, &err), 0);
    CHECK_MSG(r.count == 2, "%d reports", r.count);
    check_file_reported(&r, "\\d\\m.bin", 5, 1);
    r.count = 0;
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("/d/zero"), empty, &err), 0);
    CHECK_MSG(r.count == 1, "%d reports", r.count);
    check_file_reported(&r, "\\d\\zero", 0, 1);
    /* A failed edit reports nothing. */
    r.count = 0;
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("\\d\\m.bin"), src, &err), IMAPI_E_DUP_NAME);
    CHECK(fsi_image_set_free_media_blocks(img, fsi_image_used_blocks(img), &err) == 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("\\d\\more.bin"), src, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK(r.count == 0);
    fsi_source_release(src);
    fsi_source_release(empty);
    fsi_image_destroy(img);
}

/* IFsiDirectoryItem::Add: every file of the detached item, once it is in the tree; nothing for a
 * detached directory being filled, nor for a refused Add. */
static void test_add_item(void)
{
    struct recorder r;
    fsi_image *img = observed_image(&r);
    fsi_error err = {0};
    fsi_node *folder = NULL, *file = NULL, *other = NULL;
    fsi_source *src = NULL;
    static char data[5000];

    CHECK_HR(fsi_source_from_memory(data, sizeof(data), &src, &err), 0);
    CHECK_HR(fsi_image_new_directory(img, W("loose"), &folder, &err), 0);
    CHECK_HR(fsi_dir_add_directory(folder, W("in"), &err), 0);
    CHECK_HR(fsi_dir_add_file(folder, W("in\\x.bin"), src, &err), 0);
    CHECK_HR(fsi_dir_add_directory(folder, W("empty"), &err), 0);
    CHECK_HR(fsi_dir_add_tree(folder, W(at("single.dat")), 0, &err), 0);
    CHECK_MSG(r.count == 0, "%d reports while filling a detached folder", r.count);
    CHECK_HR(fsi_dir_add_item(fsi_image_root(img), folder, &err), 0);
    CHECK_MSG(r.count == 4, "%d reports", r.count);
    check_file_reported(&r, "\\loose\\in\\x.bin", 3, 1);
    check_file_reported(&r, "\\loose\\single.dat", 2, 1);

    r.count = 0;
    CHECK_HR(fsi_image_new_file(img, W("y.bin"), &file, &err), 0);
    CHECK_HR(fsi_node_set_data(file, src, &err), 0);
    CHECK_HR(fsi_dir_add_item(fsi_image_root(img), file, &err), 0);
    check_file_reported(&r, "\\y.bin", 3, 1);
    r.count = 0;
    CHECK_HR(fsi_image_new_file(img, W("y.bin"), &other, &err), 0);
    CHECK_HR(fsi_dir_add_item(fsi_image_root(img), other, &err), IMAPI_E_DUP_NAME);
    CHECK(r.count == 0);
    fsi_node_release(other);
    fsi_node_release(file);
    fsi_node_release(folder);
    fsi_source_release(src);
    fsi_image_destroy(img);
}

/* ---------------------------------------------------------------- observers that edit --------- */

static void remove_target(struct recorder *r)
{
    r->edit_hr = fsi_dir_remove_tree(fsi_image_root(r->img), W("\\t"), NULL);
}

static void add_beside(struct recorder *r)
{
    fsi_source *src = NULL;
    fsi_source_from_memory("x", 1, &src, NULL);
    r->edit_hr = fsi_dir_add_file(fsi_image_root(r->img), W("\\t\\beside.txt"), src, NULL);
    fsi_source_release(src);
}

static void remove_added(struct recorder *r)
{
    r->edit_hr = fsi_dir_remove(fsi_image_root(r->img), W("\\t\\m.bin"), NULL);
}

static void test_editing_observers(void)
{
    struct recorder r;
    fsi_image *img = observed_image(&r);
    fsi_error err = {0};
    fsi_node *t = NULL;
    fsi_source *src = NULL;

    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\t"), &err), 0);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W("\\t"), &t, &err), 0);

    /* The target goes while AddTree scans: the merge finds it gone and adds nothing. */
    r.edit = remove_target;
    CHECK_HR(fsi_dir_add_tree(t, W(at("src")), 0, &err), IMAPI_E_NOT_IN_FILE_SYSTEM);
    CHECK_HR(r.edit_hr, 0);
    CHECK(fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    fsi_node_release(t);

    /* A file added to the target meanwhile is merged with the rest. */
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\t"), &err), 0);
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W("\\t"), &t, &err), 0);
    r.count = 0;
    r.edit = add_beside;
    CHECK_HR(fsi_dir_add_tree(t, W(at("src")), 0, &err), 0);
    CHECK_HR(r.edit_hr, 0);
    CHECK_MSG(r.count == 9, "%d reports (7 of the tree, 2 of the file added meanwhile)", r.count);
    check_file_reported(&r, "\\t\\beside.txt", 1, 1);
    CHECK_MSG(fsi_image_file_count(img) == 5, "files %d", (int)fsi_image_file_count(img));
    CHECK_HR(fsi_image_exists(img, W("\\t\\sub\\deeper\\c.txt"), &(fsi_kind){0}, &err), 0);

    /* The file AddFile just added is removed at its first report: the second still comes, safely. */
    CHECK_HR(fsi_source_from_memory("0123456789", 10, &src, &err), 0);
    r.count = 0;
    r.edit = remove_added;
    CHECK_HR(fsi_dir_add_file(t, W("m.bin"), src, &err), 0);
    CHECK_HR(r.edit_hr, 0);
    CHECK_MSG(r.count == 2, "%d reports", r.count);
    CHECK_MSG(fsi_image_file_count(img) == 5, "files %d", (int)fsi_image_file_count(img));
    fsi_source_release(src);
    fsi_node_release(t);

    /* No observer any more: no reports. */
    fsi_image_set_observer(img, NULL);
    r.count = 0;
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("src")), 1, &err), 0);
    CHECK(r.count == 0);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_observer");
    generate_source();
    test_add_tree();
    test_add_file();
    test_add_item();
    test_editing_observers();
    return check_report();
}
