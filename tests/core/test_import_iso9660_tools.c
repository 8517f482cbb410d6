/* import_read_iso9660 on images made by other tools: genisoimage (with and without Joliet, a hidden
 * file, whose existence bit it sets in both trees) and xorriso -as mkisofs (with and without Rock
 * Ridge, which the reader ignores). Names, kinds, sizes, hidden bits, times (the tools run in a time
 * zone 2 hours east of GMT, so their local times carry an offset) and every file's bytes. Returns 77
 * (skipped) when neither tool is installed (scripts/deps.sh installs them).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/time.h>

#include "hresult.h"
#include "import_check.h"
#include "scratch.h"

#define TICKS_PER_SECOND 10000000LL
#define UNIX_EPOCH_AS_FILETIME 116444736000000000LL

typedef struct sample_file {
    const char *path;      /* in the source tree */
    const char *iso_path;  /* as ISO 9660 level 1 records it, without ";1" nor the "." of no extension */
    size_t size;
    long mtime;            /* seconds since 1970 */
} sample_file;

static const sample_file files[] = {
    {"a.txt", "A.TXT", 3000, 1700000000},
    {"noext", "NOEXT", 100, 1600000000},
    {"empty.txt", "EMPTY.TXT", 0, 1650000000},
    {"hid.txt", "HID.TXT", 2048, 1700000123},
    {"sub/b.dat", "SUB/B.DAT", 5000, 1500000000},
    {"sub/deep/c.bin", "SUB/DEEP/C.BIN", 70000, 1710000000},
};
enum { FILE_COUNT = sizeof files / sizeof *files, DIRECTORY_COUNT = 2 };

static uint8_t byte_of(size_t file, uint64_t offset) { return (uint8_t)(offset * 13 + (offset >> 9) + file * 101 + 7); }

static void expect_file(void *ctx, uint64_t offset, uint8_t *out, size_t len)
{
    size_t file = *(size_t *)ctx;
    for (size_t i = 0; i < len; i++)
        out[i] = byte_of(file, offset + i);
}

static void make_tree(void)
{
    make_dir("tree");
    make_dir("tree/sub");
    make_dir("tree/sub/deep");
    for (size_t f = 0; f < FILE_COUNT; f++) {
        char relative[300];
        snprintf(relative, sizeof relative, "tree/%s", files[f].path);
        FILE *out = fopen(at(relative), "wb");
        CHECK_MSG(out != NULL, "create %s", relative);
        if (!out)
            continue;
        for (size_t i = 0; i < files[f].size; i++)
            fputc(byte_of(f, i), out);
        fclose(out);
        struct timeval times[2] = {{files[f].mtime, 0}, {files[f].mtime, 0}};
        CHECK(utimes(at(relative), times) == 0);
    }
}

static int have(const char *tool)
{
    char command[200];
    snprintf(command, sizeof command, "command -v %s >/dev/null 2>&1", tool);
    return system(command) == 0;
}

/* Runs the tool (TZ 2 hours east of GMT) to make base/name from base/tree; 1 on success. */
static int make_iso(const char *tool_and_options, const char *name)
{
    char command[2000];
    snprintf(command, sizeof command, "cd '%s' && TZ=UTC-2 %s -o '%s' tree >tool.log 2>&1 || cat tool.log", base,
             tool_and_options, name);
    int status = system(command);
    CHECK_MSG(status == 0, "%s failed", tool_and_options);
    return status == 0;
}

/* The image's tree (Joliet or ISO 9660) is the sample's. */
static void check_image(const char *name, int joliet, int hidden_recorded)
{
    fsi_disc disc;
    fsi_error err = {0};
    import_tree *tree = NULL;
    fsi_char *path = fsi_utf8_to_utf16(at(name));
    CHECK_HR(import_disc_open_file(path, &disc, &err), 0);
    free(path);
    CHECK_HR(import_read_iso9660(&disc, joliet, NULL, &tree, &err), 0);
    if (!tree) {
        fprintf(stderr, "%s (%s): %s\n", name, joliet ? "Joliet" : "ISO 9660", err.message);
        import_disc_close(&disc);
        return;
    }
    CHECK_MSG(tree->files == FILE_COUNT && tree->directories == DIRECTORY_COUNT, "%s: %llu files, %llu directories",
              name, (unsigned long long)tree->files, (unsigned long long)tree->directories);
    CHECK_MSG(tree->root.child_count == 5, "%s: %u items in the root", name, tree->root.child_count);
    CHECK(tree->last_block == disc.end - 1);
    CHECK(tree->file_system == (joliet ? FSI_FS_JOLIET : FSI_FS_ISO9660));
    const import_entry *dir = find_entry(&tree->root, joliet ? "sub/deep" : "SUB/DEEP");
    CHECK(dir && dir->is_dir && dir->child_count == 1 && !dir->hidden);
    for (size_t f = 0; f < FILE_COUNT; f++) {
        const import_entry *e = find_entry(&tree->root, joliet ? files[f].path : files[f].iso_path);
        if (!e)
            continue;
        fsi_time t = UNIX_EPOCH_AS_FILETIME + (fsi_time)files[f].mtime * TICKS_PER_SECOND;
        int hidden = hidden_recorded && strcmp(files[f].path, "hid.txt") == 0;
        CHECK_MSG(!e->is_dir && e->size == files[f].size, "%s: %s is %llu bytes", name, files[f].path,
                  (unsigned long long)e->size);
        CHECK_MSG(e->hidden == hidden, "%s: %s hidden %d", name, files[f].path, e->hidden);
        CHECK_MSG(e->times[FSI_TIME_MODIFIED] == t, "%s: %s modified %lld, expected %lld", name, files[f].path,
                  (long long)e->times[FSI_TIME_MODIFIED], (long long)t);
        CHECK_MSG(compare_extents(&disc, e, expect_file, &f, 0), "%s: %s bytes", name, files[f].path);
    }
    import_tree_free(tree);
    import_disc_close(&disc);
}

static void expect_no_joliet(const char *name)
{
    fsi_disc disc;
    fsi_error err = {0};
    import_tree *tree = NULL;
    fsi_char *path = fsi_utf8_to_utf16(at(name));
    CHECK_HR(import_disc_open_file(path, &disc, &err), 0);
    free(path);
    CHECK_HR(import_read_iso9660(&disc, 1, NULL, &tree, &err), IMAPI_E_FILE_SYSTEM_NOT_FOUND);
    CHECK(tree == NULL);
    import_disc_close(&disc);
}

int main(void)
{
    int genisoimage = have("genisoimage"), xorriso = have("xorriso");
    if (!genisoimage && !xorriso) {
        printf("skipped: neither genisoimage nor xorriso is installed (scripts/deps.sh installs them)\n");
        return 77;
    }
    scratch_create("/tmp/test_import_iso9660_tools");
    make_tree();
    if (genisoimage) {
        if (make_iso("genisoimage -quiet -hidden hid.txt", "genisoimage.iso")) {
            check_image("genisoimage.iso", 0, 1);
            expect_no_joliet("genisoimage.iso");
        }
        if (make_iso("genisoimage -quiet -J -hidden hid.txt", "genisoimage-joliet.iso")) {
            check_image("genisoimage-joliet.iso", 0, 1);
            check_image("genisoimage-joliet.iso", 1, 1);
        }
    } else {
        printf("genisoimage not installed: its images not checked\n");
    }
    if (xorriso) {
        if (make_iso("xorriso -as mkisofs -quiet -J", "xorriso-joliet.iso")) {
            check_image("xorriso-joliet.iso", 0, 0);
            check_image("xorriso-joliet.iso", 1, 0);
        }
        if (make_iso("xorriso -as mkisofs -quiet -R -J", "xorriso-rr-joliet.iso")) {
            check_image("xorriso-rr-joliet.iso", 0, 0);
            check_image("xorriso-rr-joliet.iso", 1, 0);
        }
        if (make_iso("xorriso -as mkisofs -quiet -R", "xorriso-rr.iso")) {
            check_image("xorriso-rr.iso", 0, 0);
            expect_no_joliet("xorriso-rr.iso");
        }
    } else {
        printf("xorriso not installed: its images not checked\n");
    }
    return check_report();
}
