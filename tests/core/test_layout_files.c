/* The layout's files as block ranges (what ProgressItems lists): one range per file with data, in
 * block order, none overlapping, each holding exactly the file's bytes (read back through a reader),
 * each file's image path as the layout saw it (later edits do not change it), lookups by block, and
 * no range for empty files or boot images. Every file system combination.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "tree_dump.h"

static const struct {
    const char *path;
    size_t size;
} files[] = {
    {"\\a.txt", 5},          {"\\empty.bin", 0},        {"\\dir\\two.bin", 2048},
    {"\\dir\\three.bin", 4097}, {"\\dir\\sub\\deep.bin", 100000}, {"\\dir\\sub\\zero", 0},
    {"\\z\\last.dat", 1},
};
enum { FILE_COUNT = sizeof(files) / sizeof(files[0]), WITH_DATA = 5 };

static uint8_t *content(size_t index, size_t size)
{
    uint8_t *data = malloc(size ? size : 1);
    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)(index * 31 + i * 13 + i / 2048);
    return data;
}

static int file_index(const char *path)
{
    for (int i = 0; i < FILE_COUNT; i++)
        if (!strcmp(files[i].path, path))
            return i;
    return -1;
}

static void check_layout(fsi_layout *layout)
{
    uint32_t count = fsi_layout_file_count(layout), total = fsi_layout_total_blocks(layout), previous_end = 0;
    int seen[FILE_COUNT] = {0};
    fsi_reader *reader = NULL;
    fsi_error err = {0};

    CHECK_MSG(count == WITH_DATA, "%u files with data", (unsigned)count);
    CHECK_HR(fsi_reader_create(layout, &reader, &err), 0);
    for (uint32_t i = 0; i < count && reader; i++) {
        uint32_t first, blocks, found = 99;
        fsi_char *path = NULL;
        int index;
        CHECK_HR(fsi_layout_file_path(layout, i, &path, &err), 0);
        index = path ? file_index(U8(path)) : -1;
        fsi_layout_file_blocks(layout, i, &first, &blocks);
        CHECK_MSG(index >= 0, "item %u: unknown path %s", (unsigned)i, path ? U8(path) : "(none)");
        if (index >= 0) {
            size_t size = files[index].size;
            uint8_t *expected = content((size_t)index, size), *got = malloc((size_t)blocks * FSI_BLOCK_SIZE + 1);
            seen[index]++;
            CHECK_MSG(blocks == (size + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE, "%s: %u blocks", files[index].path,
                      (unsigned)blocks);
            CHECK_MSG(first >= previous_end && (uint64_t)first + blocks <= total, "%s: blocks %u+%u after %u of %u",
                      files[index].path, (unsigned)first, (unsigned)blocks, (unsigned)previous_end, (unsigned)total);
            CHECK_HR(fsi_reader_read(reader, (uint64_t)first * FSI_BLOCK_SIZE, got, (size_t)blocks * FSI_BLOCK_SIZE, &err), 0);
            CHECK_MSG(!memcmp(got, expected, size), "%s: the range does not hold the file's bytes", files[index].path);
            for (size_t k = size; k < (size_t)blocks * FSI_BLOCK_SIZE; k++)
                if (got[k]) {
                    CHECK_MSG(0, "%s: padding byte %zu is not zero", files[index].path, k);
                    break;
                }
            free(expected);
            free(got);
        }
        /* Every block of the range finds it; the blocks around it do not. */
        for (uint32_t b = first; b < first + blocks; b++) {
            CHECK_MSG(fsi_layout_file_find(layout, b, &found) && found == i, "block %u: found %u, expected %u",
                      (unsigned)b, (unsigned)found, (unsigned)i);
            if (found != i)
                break;
        }
        if (first > previous_end)
            CHECK_MSG(!fsi_layout_file_find(layout, first - 1, &found), "block %u before %u is no file's",
                      (unsigned)(first - 1), (unsigned)first);
        previous_end = first + blocks;
        fsi_free(path);
    }
    CHECK(!fsi_layout_file_find(layout, 0, &(uint32_t){0}));
    CHECK(!fsi_layout_file_find(layout, total, &(uint32_t){0}));
    CHECK(!fsi_layout_file_find(layout, UINT32_MAX, &(uint32_t){0}));
    for (int i = 0; i < FILE_COUNT; i++)
        CHECK_MSG(seen[i] == (files[i].size ? 1 : 0), "%s listed %d times", files[i].path, seen[i]);
    fsi_reader_destroy(reader);
}

static void test_file_systems(uint32_t systems)
{
    fsi_image *img = fsi_image_create();
    fsi_layout *layout = NULL;
    fsi_error err = {0};
    fsi_source *boot = NULL;
    uint8_t boot_data[FSI_BLOCK_SIZE * 2];
    fsi_boot_entry entry = {.source = NULL, .platform = FSI_BOOT_PLATFORM_X86, .emulation = FSI_BOOT_EMULATION_NONE};

    CHECK_HR(fsi_image_set_file_systems(img, systems, &err), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\dir"), &err), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\dir\\sub"), &err), 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\z"), &err), 0);
    for (int i = 0; i < FILE_COUNT; i++) {
        uint8_t *data = content((size_t)i, files[i].size);
        fsi_source *src = NULL;
        CHECK_HR(fsi_source_from_memory(data, files[i].size, &src, &err), 0);
        CHECK_MSG(fsi_dir_add_file(fsi_image_root(img), W(files[i].path), src, &err) == 0, "add %s: %s",
                  files[i].path, err.message);
        fsi_source_release(src);
        free(data);
    }
    /* A boot image has blocks of its own but is no file of the tree. */
    memset(boot_data, 0xB0, sizeof(boot_data));
    CHECK_HR(fsi_source_from_memory(boot_data, sizeof(boot_data), &boot, &err), 0);
    entry.source = boot;
    CHECK_HR(fsi_image_set_boot_entries(img, &entry, 1, &err), 0);
    fsi_source_release(boot);

    CHECK_HR(fsi_layout_create(img, &layout, &err), 0);
    if (layout) {
        check_layout(layout);
        /* The layout keeps the paths it was made with. */
        CHECK_HR(fsi_dir_remove_tree(fsi_image_root(img), W("\\dir"), &err), 0);
        CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\dir"), &err), 0);
        check_layout(layout);
        fsi_layout_release(layout);
    }
    fsi_image_destroy(img);
}

int main(void)
{
    static const uint32_t combinations[] = {
        FSI_FS_ISO9660, FSI_FS_ISO9660 | FSI_FS_JOLIET, FSI_FS_UDF, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF,
    };
    for (size_t i = 0; i < sizeof(combinations) / sizeof(combinations[0]); i++)
        test_file_systems(combinations[i]);
    return check_report();
}
