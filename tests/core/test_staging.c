/* Staging as the image applies it: StageFiles per file added, staged bytes that outlive their source,
 * the read error of an unstaged source that vanished or grew, a failed stage that leaves nothing, the
 * stash space given back by rollback, and the copy's progress through the observer.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hresult.h"
#include "scratch.h"
#include "stage_policy.h"
#include "stash.h"
#include "tree_dump.h"

enum { MEDIA_DISK = 0x0C, MIB = 1 << 20 }; /* IMAPI_MEDIA_TYPE_DISK: no rate needed, so the probe stages nothing */

/* A file of size bytes, each byte derived from its offset and seed. */
static void make_file(const char *relative, size_t size, unsigned seed)
{
    FILE *f = fopen(at(relative), "wb");
    CHECK_MSG(f != NULL, "cannot create %s", at(relative));
    if (!f)
        return;
    for (size_t i = 0; i < size; i++)
        fputc((int)((i * 7 + seed) & 0xFF), f);
    fclose(f);
}

static int bytes_match(fsi_source *src, size_t size, unsigned seed)
{
    unsigned char *buf = malloc(size ? size : 1);
    void *handle = NULL;
    fsi_error err = {0};
    int same = buf && src->size == size && src->ops->open(src, &handle, &err) >= 0;
    if (same) {
        same = !size || src->ops->read(src, handle, 0, buf, size, &err) >= 0;
        src->ops->close(src, handle);
    }
    for (size_t i = 0; same && i < size; i++)
        same = buf[i] == (unsigned char)((i * 7 + seed) & 0xFF);
    free(buf);
    return same;
}

static fsi_node *item(fsi_image *img, const char *path)
{
    fsi_node *node = NULL;
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W(path), &node, NULL), 0);
    return node;
}

static int is_staged(fsi_image *img, const char *path)
{
    fsi_node *node = item(img, path);
    int staged = node && stash_source_extent(fsi_node_file_source(node), NULL, NULL);
    fsi_node_release(node);
    return staged;
}

static fsi_image *new_image(void)
{
    fsi_image *img = fsi_image_create();
    CHECK_HR(fsi_image_set_working_directory(img, W(at("stash")), NULL), 0);
    fsi_image_set_media_type(img, MEDIA_DISK);
    return img;
}

static void add_path(fsi_image *img, const char *image_path, const char *file)
{
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_path(W(at(file)), &src, NULL), 0);
    if (src)
        CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W(image_path), src, NULL), 0);
    fsi_source_release(src);
}

/* The whole image read: the first failure's code and message. */
static fsi_hresult read_all(fsi_image *img, fsi_error *err)
{
    fsi_layout *layout = NULL;
    fsi_reader *reader = NULL;
    static unsigned char buf[64 * 1024];
    fsi_hresult hr = fsi_layout_create(img, &layout, err);
    if (hr >= 0)
        hr = fsi_reader_create(layout, &reader, err);
    for (uint64_t pos = 0, end = layout ? (uint64_t)fsi_layout_total_blocks(layout) * FSI_BLOCK_SIZE : 0;
         hr >= 0 && pos < end; pos += sizeof(buf))
        hr = fsi_reader_read(reader, pos, buf, end - pos < sizeof(buf) ? (size_t)(end - pos) : sizeof(buf), err);
    if (reader)
        fsi_reader_destroy(reader);
    if (layout)
        fsi_layout_release(layout);
    return hr;
}

/* True, False, True: each file keeps the policy it was added with; turning it off unstages nothing. */
static void test_flag_per_file(void)
{
    fsi_image *img = new_image();
    CHECK(stage_need_for_media(MEDIA_DISK).rate == 0);
    CHECK(!fsi_image_stage_files(img));
    make_file("one", 5000, 1);
    make_file("two", 5000, 2);
    make_file("three", 5000, 3);
    fsi_image_set_stage_files(img, 1);
    CHECK(fsi_image_stage_files(img));
    add_path(img, "one", "one");
    fsi_image_set_stage_files(img, 0);
    add_path(img, "two", "two");
    fsi_image_set_stage_files(img, 1);
    add_path(img, "three", "three");
    CHECK(is_staged(img, "one"));
    CHECK(!is_staged(img, "two"));
    CHECK(is_staged(img, "three"));
    CHECK(fsi_image_stash_bytes(img) == 2 * 3 * FSI_BLOCK_SIZE);
    fsi_image_destroy(img);
}

/* A staged file's bytes come from the stash: the source deleted or rewritten changes nothing. AddTree
 * stages its files too; the unstaged one of a later AddTree fails the read, naming the file. */
static void test_staged_survives(void)
{
    fsi_image *img = new_image();
    fsi_node *node;
    fsi_error err = {0};
    make_dir("tree");
    make_file("tree/a.bin", 3 * MIB + 100, 4);
    make_file("tree/b.bin", 10, 5);
    make_file("single", 7000, 6);
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("tree")), 1, NULL), 0);
    add_path(img, "single", "single");
    remove(at("tree/a.bin"));
    make_file("tree/b.bin", 20, 9);
    make_file("single", 7000, 10);
    node = item(img, "tree/a.bin");
    CHECK(node && bytes_match(fsi_node_file_source(node), 3 * MIB + 100, 4));
    fsi_node_release(node);
    node = item(img, "tree/b.bin");
    CHECK(node && bytes_match(fsi_node_file_source(node), 10, 5));
    fsi_node_release(node);
    node = item(img, "single");
    CHECK(node && bytes_match(fsi_node_file_source(node), 7000, 6));
    fsi_node_release(node);
    CHECK_HR(read_all(img, &err), 0);

    fsi_image_set_stage_files(img, 0);
    make_dir("later");
    make_file("later/gone.bin", 9000, 7);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("later")), 0, NULL), 0);
    CHECK(!is_staged(img, "gone.bin"));
    remove(at("later/gone.bin"));
    CHECK_HR(read_all(img, &err), IMAPI_E_DATA_STREAM_CREATE_FAILURE);
    CHECK_MSG(strstr(err.message, "gone.bin") != NULL, "message: %s", err.message);
    fsi_image_destroy(img);
}

/* AddTree gathers small staged files into 1 MiB writes: many small files around a large one and an
 * empty one, packed in the order they were staged with no gap, every byte right after the sources are
 * gone; a tree whose last file fails leaves no stash bytes (nothing of the batch written). */
static void test_batched(void)
{
    enum { SMALL = 400 };
    fsi_image *img = new_image();
    fsi_error err = {0};
    char name[64];
    uint64_t blocks = 0;
    make_dir("batch");
    for (unsigned i = 0; i < SMALL; i++) {
        snprintf(name, sizeof(name), "batch/f%03u", i);
        make_file(name, 1000 + i * 13, 20 + i);
        blocks += (1000 + i * 13 + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    }
    make_file("batch/f200big", MIB + 1, 11);
    make_file("batch/f201empty", 0, 12);
    blocks += MIB / FSI_BLOCK_SIZE + 1;
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("batch")), 0, NULL), 0);
    CHECK_MSG(fsi_image_stash_bytes(img) == blocks * FSI_BLOCK_SIZE, "stash bytes %llu, expected %llu",
              (unsigned long long)fsi_image_stash_bytes(img), (unsigned long long)(blocks * FSI_BLOCK_SIZE));
    for (unsigned i = 0; i < SMALL; i++) {
        snprintf(name, sizeof(name), "batch/f%03u", i);
        remove(at(name));
    }
    remove(at("batch/f200big"));
    for (unsigned i = 0; i < SMALL; i++) {
        snprintf(name, sizeof(name), "f%03u", i);
        fsi_node *node = item(img, name);
        CHECK_MSG(node && bytes_match(fsi_node_file_source(node), 1000 + i * 13, 20 + i), "%s", name);
        fsi_node_release(node);
    }
    fsi_node *big = item(img, "f200big");
    CHECK(big && bytes_match(fsi_node_file_source(big), MIB + 1, 11));
    fsi_node_release(big);
    CHECK_HR(read_all(img, &err), 0);
    fsi_image_destroy(img);

    /* A tree staged whole, then refused (too big for the media): the stash gives every block back. */
    img = new_image();
    make_dir("batchbig");
    for (unsigned i = 0; i < 50; i++) {
        snprintf(name, sizeof(name), "batchbig/f%02u", i);
        make_file(name, 3000, i);
    }
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 60, NULL), 0);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("batchbig")), 0, &err), IMAPI_E_IMAGE_SIZE_LIMIT);
    CHECK(fsi_image_file_count(img) == 0);
    CHECK_MSG(fsi_image_stash_bytes(img) == 0, "stash bytes %llu", (unsigned long long)fsi_image_stash_bytes(img));
    fsi_image_destroy(img);
}

/* An unstaged file that grew or shrank since it was added fails the read, naming it. */
static void test_unstaged_changed(void)
{
    fsi_image *img = new_image();
    fsi_error err = {0};
    make_file("grows", 6000, 11);
    add_path(img, "grows", "grows");
    CHECK(!is_staged(img, "grows"));
    CHECK_HR(read_all(img, &err), 0);
    make_file("grows", 6001, 11);
    CHECK_HR(read_all(img, &err), IMAPI_E_DATA_STREAM_INCONSISTENCY);
    CHECK_MSG(strstr(err.message, "grows") != NULL, "message: %s", err.message);
    make_file("grows", 5999, 11);
    CHECK_HR(read_all(img, &err), IMAPI_E_DATA_STREAM_INCONSISTENCY);
    CHECK_MSG(strstr(err.message, "grows") != NULL, "message: %s", err.message);
    fsi_image_destroy(img);
}

/* A stage that fails fails the edit: no item, no stash bytes, the change point unchanged. */
static void test_failed_stage(void)
{
    fsi_image *img = fsi_image_create();
    fsi_source *src = NULL;
    fsi_error err = {0};
    int32_t point = fsi_image_change_point(img);
    make_dir("bad");
    make_file("bad/x.bin", 3000, 12);
    CHECK_HR(fsi_image_set_working_directory(img, W(at("no such folder")), NULL), 0);
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("bad")), 1, &err), IMAPI_E_INVALID_WORKING_DIRECTORY);
    CHECK_MSG(strstr(err.message, "x.bin") != NULL, "message: %s", err.message);
    CHECK_HR(fsi_source_from_path(W(at("bad/x.bin")), &src, NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("x.bin"), src, &err), IMAPI_E_INVALID_WORKING_DIRECTORY);
    CHECK(fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    CHECK(fsi_dir_count(fsi_image_root(img)) == 0);
    CHECK(fsi_image_change_point(img) == point);
    CHECK(fsi_image_stash_bytes(img) == 0);
    /* A usable folder: the same adds now work. */
    CHECK_HR(fsi_image_set_working_directory(img, W(at("bad")), NULL), 0);
    CHECK_HR(fsi_dir_add_file(fsi_image_root(img), W("x.bin"), src, &err), 0);
    CHECK(fsi_image_stash_bytes(img) == 2 * FSI_BLOCK_SIZE);
    fsi_source_release(src);
    fsi_image_destroy(img);
}

/* Rolling an added file back gives its stash space back; the stash moves with WorkingDirectory. */
static void test_rollback_and_move(void)
{
    fsi_image *img = new_image();
    fsi_node *node;
    int32_t point;
    make_file("big", 2 * MIB, 13);
    make_file("small", 100, 14);
    fsi_image_set_stage_files(img, 1);
    add_path(img, "small", "small");
    fsi_image_count_change(img);
    point = fsi_image_change_point(img);
    CHECK(fsi_image_stash_bytes(img) == FSI_BLOCK_SIZE);
    add_path(img, "big", "big");
    fsi_image_count_change(img);
    CHECK(fsi_image_stash_bytes(img) == FSI_BLOCK_SIZE + 2 * MIB);
    CHECK_HR(fsi_image_rollback(img, point, NULL), 0);
    fsi_image_lock_change_point(img);
    CHECK(fsi_image_stash_bytes(img) == FSI_BLOCK_SIZE);
    make_dir("moved");
    CHECK_HR(fsi_image_set_working_directory(img, W(at("moved")), NULL), 0);
    node = item(img, "small");
    CHECK(node && bytes_match(fsi_node_file_source(node), 100, 14));
    fsi_node_release(node);
    fsi_image_destroy(img);
}

/* CreateFileItem: Data put while StageFiles is on is staged then; data put while it was off is staged
 * when the item is added while it is on. */
static void test_file_items(void)
{
    fsi_image *img = new_image();
    fsi_node *early = NULL, *late = NULL;
    fsi_source *src = NULL;
    make_file("item", 4000, 16);
    CHECK_HR(fsi_source_from_path(W(at("item")), &src, NULL), 0);
    CHECK_HR(fsi_image_new_file(img, W("early"), &early, NULL), 0);
    CHECK_HR(fsi_image_new_file(img, W("late"), &late, NULL), 0);
    CHECK_HR(fsi_node_set_data(early, src, NULL), 0);
    CHECK(!stash_source_extent(fsi_node_file_source(early), NULL, NULL));
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_node_set_data(late, src, NULL), 0);
    CHECK(stash_source_extent(fsi_node_file_source(late), NULL, NULL));
    CHECK(fsi_image_stash_bytes(img) == 2 * FSI_BLOCK_SIZE);
    CHECK_HR(fsi_dir_add_item(fsi_image_root(img), early, NULL), 0);
    CHECK(stash_source_extent(fsi_node_file_source(early), NULL, NULL));
    CHECK(fsi_image_stash_bytes(img) == 4 * FSI_BLOCK_SIZE);
    remove(at("item"));
    CHECK(bytes_match(fsi_node_file_source(early), 4000, 16));
    CHECK(bytes_match(fsi_node_file_source(late), 4000, 16));
    fsi_source_release(src);
    fsi_node_release(early);
    fsi_node_release(late);
    fsi_image_destroy(img);
}

struct progress {
    int count;
    uint64_t copied[16], total[16];
};

static int always(void *ctx)
{
    (void)ctx;
    return 1;
}

static void on_progress(void *ctx, const fsi_char *path, uint64_t copied, uint64_t total)
{
    struct progress *p = ctx;
    char name[64];
    fsi_utf16_to_utf8(path, name, sizeof(name));
    if (strcmp(name, "\\p\\big.bin") && strcmp(name, "\\d\\copy.bin") && strcmp(name, "\\small"))
        return;
    if (p->count < 16) {
        p->copied[p->count] = copied;
        p->total[p->count] = total;
    }
    p->count++;
}

/* A staged file of AddTree is reported before its first block, once per MiB copied and after its last. */
/* A copy of `blocks` blocks (3 MiB and a bit) reported at 0, each MiB, and the end: five reports. */
static void check_copy_reports(const struct progress *p, uint64_t blocks, const char *edit)
{
    CHECK_MSG(p->count == 5, "%s: %d reports", edit, p->count);
    for (int i = 0; i < p->count && i < 5; i++) {
        uint64_t expected = i == 4 ? blocks : (uint64_t)i * (MIB / FSI_BLOCK_SIZE);
        CHECK_MSG(p->copied[i] == expected && p->total[i] == blocks, "%s report %d: %llu/%llu", edit, i,
                  (unsigned long long)p->copied[i], (unsigned long long)p->total[i]);
    }
}

static void test_progress(void)
{
    fsi_image *img = new_image();
    struct progress p = {0};
    fsi_observer observer = {always, on_progress, &p};
    uint64_t blocks = (3 * MIB + 10 + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    make_dir("p");
    make_file("p/big.bin", 3 * MIB + 10, 15);
    fsi_image_set_observer(img, &observer);
    fsi_image_set_stage_files(img, 1);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("p")), 1, NULL), 0);
    check_copy_reports(&p, blocks, "AddTree");

    /* AddFile reports its copy in the same steps, under the path it is added at, and nothing after the
     * edit; a file not staged reports only after the edit, (0, total) then (total, total). */
    memset(&p, 0, sizeof(p));
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("d"), NULL), 0);
    add_path(img, "d\\copy.bin", "p/big.bin");
    check_copy_reports(&p, blocks, "AddFile");
    memset(&p, 0, sizeof(p));
    fsi_image_set_stage_files(img, 0);
    make_file("small", 5000, 16);
    add_path(img, "small", "small");
    CHECK(!is_staged(img, "small"));
    CHECK_MSG(p.count == 2 && p.copied[0] == 0 && p.copied[1] == 3 && p.total[0] == 3 && p.total[1] == 3,
              "%d reports", p.count);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_staging");
    make_dir("stash");
    test_flag_per_file();
    test_staged_survives();
    test_batched();
    test_unstaged_changed();
    test_failed_stage();
    test_rollback_and_move();
    test_progress();
    test_file_items();
    scratch_remove();
    return check_report();
}
