/* The UDF reader on empty images of mkudffs (udftools) of several revisions and forms (file entries or
 * extended ones, descriptors in the entry or short): the root alone, the label, the revision; the
 * write-once forms with a virtual allocation table are refused as a feature. Exit 77 (skipped) when
 * mkudffs is not installed. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_udf_test.h"

static const char *tmp_dir(void)
{
    const char *dir = getenv("TEST_TMPDIR");
    if (!dir)
        dir = "/tmp/test_import_udf_mkudffs";
    mkdir(dir, 0755);
    return dir;
}

int main(void)
{
    static const struct {
        const char *args;
        int32_t revision;
        fsi_hresult hr;
    } cases[] = {
        {"--media-type=hd --udfrev=1.02", 0x102, 0},
        {"--media-type=hd --udfrev=2.01", 0x201, 0},
        {"--media-type=hd --udfrev=2.01 --noefe --ad=short", 0x201, 0},
        {"--media-type=hd --udfrev=1.50 --ad=long", 0x150, 0},
        {"--media-type=hd --udfrev=2.01 --strategy=4096", 0x201, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED},
        /* mkudffs 2.3 makes 2.50 only for write-once media, with a virtual allocation table. */
        {"--media-type=bdr --udfrev=2.50", 0x250, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED},
        {"--media-type=cdr --udfrev=2.01", 0x201, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED},
    };
    const char *tool = access("/usr/sbin/mkudffs", X_OK) == 0 ? "/usr/sbin/mkudffs" : "mkudffs";
    char cmd[1024], path[512];

    if (system("command -v mkudffs >/dev/null 2>&1 || test -x /usr/sbin/mkudffs") != 0) {
        printf("test_import_udf_mkudffs: skipped, mkudffs (Debian package udftools) not found\n");
        return 77;
    }
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fsi_disc disc;
        import_tree *tree = NULL;
        fsi_error err = {0};
        snprintf(path, sizeof(path), "%s/mkudffs%zu.img", tmp_dir(), i);
        remove(path);
        snprintf(cmd, sizeof(cmd), "%s %s --blocksize=2048 --label=MkLabel --new-file '%s' 8192 >/dev/null 2>&1",
                 tool, cases[i].args, path);
        CHECK_MSG(system(cmd) == 0, "%s failed", cmd);
        fsi_char *wpath = udf_test_w(path);
        CHECK_HR(import_disc_open_file(wpath, &disc, &err), 0);
        fsi_hresult hr = import_read_udf(&disc, NULL, &tree, &err);
        CHECK_MSG(hr == cases[i].hr, "mkudffs %s: 0x%08X %s", cases[i].args, (unsigned)hr, err.message);
        if (hr == 0 && tree) {
            char label[200];
            fsi_utf16_to_utf8(tree->volume_name, label, sizeof(label));
            CHECK_MSG(!strcmp(label, "MkLabel"), "mkudffs %s: label \"%s\"", cases[i].args, label);
            CHECK_MSG(tree->udf_revision == cases[i].revision, "mkudffs %s: revision 0x%X", cases[i].args,
                      (unsigned)tree->udf_revision);
            CHECK(tree->root.is_dir && tree->root.child_count == 0 && tree->files == 0 && tree->directories == 0);
            CHECK(tree->root.times[FSI_TIME_MODIFIED] > 130000000000000000LL); /* made after 2012 */
            CHECK(tree->last_block > 256 && tree->last_block < 8192);
        } else if (hr < 0)
            CHECK_MSG(tree == NULL && (strstr(err.message, "Virtual") || strstr(err.message, "strategy 4096")),
                      "mkudffs %s: %s", cases[i].args, err.message);
        import_tree_free(tree);
        import_disc_close(&disc);
        free(wpath);
        remove(path);
    }
    return check_report();
}
