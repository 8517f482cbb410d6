/* UseRestrictedCharacterSet and StrictFileSystemCompliance in the core: what AddFile, AddDirectory,
 * AddTree and fsi_image_check_new_name accept and refuse under each, that a refusal changes nothing,
 * that items added before stay, and when strict mode may be turned on.
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

static fsi_source *text_source(void)
{
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_memory("data", 4, &src, NULL), FSI_S_OK);
    return src;
}

static fsi_hresult add_file(fsi_image *img, const char *path, fsi_error *err)
{
    fsi_source *src = text_source();
    fsi_hresult hr = fsi_dir_add_file(fsi_image_root(img), W(path), src, err);
    fsi_source_release(src);
    return hr;
}

static fsi_kind kind_of(fsi_image *img, const char *path)
{
    fsi_kind kind = FSI_KIND_NONE;
    CHECK_HR(fsi_image_exists(img, W(path), &kind, NULL), FSI_S_OK);
    return kind;
}

/* A name of n copies of the UTF-8 character c. */
static const char *repeat(const char *c, int n, const char *suffix)
{
    static char out[1200];
    out[0] = 0;
    for (int i = 0; i < n; i++)
        strcat(out, c);
    strcat(out, suffix);
    return out;
}

static void test_restricted(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};

    CHECK(!fsi_image_restricted_names(img));
    CHECK_HR(add_file(img, "\\caf\xC3\xA9 before.txt", NULL), FSI_S_OK); /* before: any name */
    fsi_image_set_restricted_names(img, 1);
    CHECK(fsi_image_restricted_names(img));

    CHECK_HR(add_file(img, "\\caf\xC3\xA9.txt", &err), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_MSG(strstr(err.message, "caf\xC3\xA9.txt") && strstr(err.message, "U+00E9"), "%s", err.message);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\\xE6\x96\x87"), &err), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_MSG(strstr(err.message, "U+6587"), "%s", err.message);
    /* 127 (DEL) is the last allowed code point, 128 the first refused. */
    CHECK_HR(add_file(img, "\\del\x7F.txt", NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\c128\xC2\x80.txt", NULL), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_HR(add_file(img, "\\ ~!#$%&'()+,-.;=@[]^_`{}.txt", NULL), FSI_S_OK);
    /* The directory of the path may be anything: only the new item's name is judged. */
    fsi_image_set_restricted_names(img, 0);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\\xC3\xBC"), NULL), FSI_S_OK);
    fsi_image_set_restricted_names(img, 1);
    CHECK_HR(add_file(img, "\\\xC3\xBC\\plain.txt", NULL), FSI_S_OK);
    CHECK(kind_of(img, "\\caf\xC3\xA9 before.txt") == FSI_KIND_FILE);
    CHECK(kind_of(img, "\\caf\xC3\xA9.txt") == FSI_KIND_NONE);
    CHECK(fsi_image_file_count(img) == 4 && fsi_image_directory_count(img) == 1);

    CHECK_HR(fsi_image_check_new_name(img, W("plain"), 1, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_check_new_name(img, W("na\xC3\xAFve"), 0, &err), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_HR(fsi_image_check_new_name(img, W("a*b"), 0, &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "'a*b'"), "%s", err.message);
    CHECK_HR(fsi_image_check_new_name(img, W(""), 0, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_image_check_new_name(img, W(".."), 1, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_image_check_new_name(img, W(repeat("a", 256, "")), 0, NULL), IMAPI_E_INVALID_PARAM);
    fsi_image_destroy(img);
}

/* AddTree checks every entry before the tree changes: one bad name deep down, nothing added. */
static void test_add_tree(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};

    make_dir("tree");
    make_dir("tree/sub");
    make_text_file("tree/a.txt", "x");
    make_text_file("tree/sub/b.txt", "x");
    make_text_file("tree/sub/\xC3\xA9t\xC3\xA9.txt", "x");
    make_dir("ascii");
    make_text_file("ascii/one.txt", "x");

    fsi_image_set_restricted_names(img, 1);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("tree")), 1, &err), IMAPI_E_RESTRICTED_NAME_VIOLATION);
    CHECK_MSG(strstr(err.message, "\xC3\xA9t\xC3\xA9.txt"), "%s", err.message);
    CHECK(fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("ascii")), 1, NULL), FSI_S_OK);
    CHECK(kind_of(img, "\\ascii\\one.txt") == FSI_KIND_FILE);
    fsi_image_set_restricted_names(img, 0);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("tree")), 1, NULL), FSI_S_OK);
    CHECK(fsi_image_file_count(img) == 4);
    fsi_image_destroy(img);

    /* Strict mode judges AddTree's entries too. */
    img = fsi_image_create();
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_tree(fsi_image_root(img), W(at("tree")), 1, &err), IMAPI_E_INVALID_PARAM);
    CHECK(fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    fsi_image_destroy(img);
}

static void test_strict_switch(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};

    CHECK(!fsi_image_strict_names(img));
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    CHECK(fsi_image_strict_names(img));
    CHECK_HR(fsi_image_set_strict_names(img, 0, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\d"), NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 1, &err), IMAPI_E_FILE_SYSTEM_NOT_EMPTY);
    CHECK_MSG(strstr(err.message, "0 files and 1 directories"), "%s", err.message);
    CHECK(!fsi_image_strict_names(img));
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W("\\d"), NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    /* Turning it off is allowed at any time. */
    CHECK_HR(add_file(img, "\\x.txt", NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 0, NULL), FSI_S_OK);
    CHECK(!fsi_image_strict_names(img));
    fsi_image_destroy(img);
}

static void test_strict_names(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};

    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    /* ISO 9660 + Joliet (the default): Joliet judges; ISO 9660 is the short fallback. */
    CHECK_HR(add_file(img, "\\my-file name.txt", NULL), FSI_S_OK);
    CHECK_HR(add_file(img, repeat("j", 60, ".txt"), NULL), FSI_S_OK);  /* 64 units: Joliet's limit */
    CHECK_HR(add_file(img, repeat("k", 61, ".txt"), &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "Joliet") && strstr(err.message, repeat("k", 61, ".txt")), "%s", err.message);
    CHECK_HR(add_file(img, "\\semi;colon.txt", &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "'semi_colon.txt'"), "%s", err.message);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W(repeat("d", 65, "")), NULL), IMAPI_E_INVALID_PARAM);
    CHECK(fsi_image_file_count(img) == 2 && fsi_image_directory_count(img) == 0);
    fsi_image_destroy(img);

    /* ISO 9660 alone judges, letter case aside, at the image's level. */
    img = fsi_image_create();
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\ReadMe.txt", NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\my-file.txt", &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "ISO 9660") && strstr(err.message, "'MY_FILE.TXT'"), "%s", err.message);
    CHECK_HR(add_file(img, "\\ABCDEFGHIJKLMNOPQRSTUVWXYZ.TXT", NULL), FSI_S_OK); /* 29 of level 2's 30 */
    CHECK_HR(add_file(img, "\\noext", NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\trailing.", NULL), IMAPI_E_INVALID_PARAM);
    fsi_image_destroy(img);

    img = fsi_image_create();
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_iso_level(img, 1, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\short.txt", NULL), FSI_S_OK);
    CHECK_HR(add_file(img, "\\longname9.txt", &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "'LONGNAME.TXT'"), "%s", err.message);
    CHECK_HR(add_file(img, "\\ext.long", NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\DIRNAME8"), NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_directory(fsi_image_root(img), W("\\DIRNAME89"), NULL), IMAPI_E_INVALID_PARAM);
    CHECK(fsi_image_file_count(img) == 1 && fsi_image_directory_count(img) == 1);
    fsi_image_destroy(img);

    /* UDF alone: a name must fit 255 bytes of CS0 (one byte per unit below 256, else two, after one). */
    img = fsi_image_create();
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_strict_names(img, 1, NULL), FSI_S_OK);
    CHECK_HR(add_file(img, repeat("a", 254, ""), NULL), FSI_S_OK);
    CHECK_HR(add_file(img, repeat("b", 255, ""), &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "UDF would cut"), "%s", err.message);
    CHECK_HR(add_file(img, repeat("\xCE\xA9", 127, ""), NULL), FSI_S_OK);
    CHECK_HR(add_file(img, repeat("\xCE\xA8", 128, ""), NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(add_file(img, "\\semi;colon \xE6\x96\x87.txt", NULL), FSI_S_OK);
    CHECK(fsi_image_file_count(img) == 3);
    fsi_image_destroy(img);
}

int main(void)
{
    scratch_create("/tmp/test_name_rules");
    test_restricted();
    test_add_tree();
    test_strict_switch();
    test_strict_names();
    return check_report();
}
