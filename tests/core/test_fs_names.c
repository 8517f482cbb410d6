/* File-system names: fsi_parse_file_systems (the names the native tools take after -fs), and an item's
 * name and path as each file system records it (fsi_node_file_system_name/_path), compared with the
 * records the image's own bytes hold for a tree of colliding, long and odd names.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "test_iso_image.h"
#include "tree_dump.h"

static void test_parse(void)
{
    uint32_t mask = 99;

    CHECK(fsi_parse_file_systems("iso9660", &mask) && mask == FSI_FS_ISO9660);
    CHECK(fsi_parse_file_systems("joliet,iso9660", &mask) && mask == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK(fsi_parse_file_systems("iso9660,joliet,udf", &mask) && mask == 7);
    CHECK(fsi_parse_file_systems("udf,udf", &mask) && mask == FSI_FS_UDF);
    CHECK(!fsi_parse_file_systems("", &mask) && mask == 0);
    CHECK(!fsi_parse_file_systems("iso", &mask));
    CHECK(!fsi_parse_file_systems("iso9660x", &mask));
    CHECK(!fsi_parse_file_systems("iso9660,,udf", &mask));
    CHECK(!fsi_parse_file_systems("ISO9660", &mask));
}

static const char *repeat(const char *c, int n, const char *suffix)
{
    static char ring[4][1200];
    static unsigned next;
    char *out = ring[next++ % 4];
    out[0] = 0;
    for (int i = 0; i < n; i++)
        strcat(out, c);
    strcat(out, suffix);
    return out;
}

/* The UTF-8 of an item's recorded name or path. */
static const char *recorded(fsi_image *img, const char *path, uint32_t fs, int whole_path)
{
    static char ring[4][1200];
    static unsigned next;
    char *out = ring[next++ % 4];
    fsi_node *node = NULL;
    fsi_char *name = NULL;
    fsi_error err = {0};
    out[0] = 0;
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W(path), &node, NULL), FSI_S_OK);
    if (!node)
        return out;
    CHECK_HR(whole_path ? fsi_node_file_system_path(node, fs, &name, &err) : fsi_node_file_system_name(node, fs, &name, &err),
             FSI_S_OK);
    if (name)
        fsi_utf16_to_utf8(name, out, 1200);
    fsi_free(name);
    fsi_node_release(node);
    return out;
}

static const char *const names[] = {
    "readme.txt", "a+b.txt", "a=b.txt", "a_b.txt", "noext", "semi;colon.txt", "dir-one",
    "\xE6\x97\xA5\xE6\x9C\xAC.txt", /* 日本.txt */
};

static void add_tree(fsi_image *img)
{
    fsi_source *src = NULL;
    fsi_node *root = fsi_image_root(img);
    CHECK_HR(fsi_source_from_memory("x", 1, &src, NULL), FSI_S_OK);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i], "dir-one"))
            CHECK_HR(fsi_dir_add_file(root, W(names[i]), src, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_directory(root, W("dir-one"), NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_file(root, W("dir-one\\x.txt"), src, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_file(root, W(repeat("L", 66, "1.txt")), src, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_file(root, W(repeat("L", 66, "2.txt")), src, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_file(root, W(repeat("\xCE\xA9", 130, "1")), src, NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_add_file(root, W(repeat("\xCE\xA9", 130, "2")), src, NULL), FSI_S_OK);
    fsi_source_release(src);
}

/* The names the root directory of one hierarchy records, as the readers show them. */
typedef struct listing {
    int joliet;
    char names[32][300];
    int count;
} listing;

static int collect(void *ctx, const found_record *r)
{
    listing *l = ctx;
    char *out;
    if (r->id_len == 1 && r->id[0] <= 1)
        return 0; /* "." and ".." */
    out = l->names[l->count++];
    record_name(r, l->joliet, out, 300);
    if (!l->joliet && !(r->flags & 2)) { /* ISO 9660 files: without ";1" and a bare "." */
        size_t n = strlen(out);
        if (n >= 2 && out[n - 2] == ';')
            out[n -= 2] = 0;
        if (n && out[n - 1] == '.')
            out[n - 1] = 0;
    }
    return 0;
}

static void root_listing(const uint8_t *image, size_t size, int joliet, listing *l)
{
    memset(l, 0, sizeof(*l));
    l->joliet = joliet;
    for (uint32_t b = 16; b < 32; b++) {
        const uint8_t *d = image + (size_t)b * BLOCK;
        if ((d[0] == 1 && !joliet) || (d[0] == 2 && joliet && d[88] == 0x25 && d[89] == 0x2F)) {
            walk_directory(image, size, le32(d + 156 + 2), le32(d + 156 + 10), collect, l);
            return;
        }
    }
    CHECK_MSG(0, "no %s descriptor", joliet ? "Joliet" : "primary");
}

static int listed(const listing *l, const char *name)
{
    for (int i = 0; i < l->count; i++)
        if (!strcmp(l->names[i], name))
            return 1;
    return 0;
}

/* Every root item's recorded name is one of the records, and all differ: the writers' names. */
static void compare_with_image(fsi_image *img, uint32_t fs)
{
    fsi_layout *layout = NULL;
    size_t size;
    listing l;
    int joliet = fs == FSI_FS_JOLIET;
    fsi_node **children = NULL;
    uint32_t count = 0;

    CHECK_HR(fsi_layout_create(img, &layout, NULL), FSI_S_OK);
    uint8_t *image = read_image(layout, 65536, &size);
    root_listing(image, size, joliet, &l);
    CHECK_HR(fsi_dir_children(fsi_image_root(img), &children, &count, NULL), FSI_S_OK);
    CHECK_MSG((int)count == l.count, "%u items, %d records", count, l.count);
    for (uint32_t i = 0; i < count; i++) {
        fsi_char *name = NULL;
        char utf8[300];
        CHECK_HR(fsi_node_file_system_name(children[i], fs, &name, NULL), FSI_S_OK);
        fsi_utf16_to_utf8(name, utf8, sizeof(utf8));
        CHECK_MSG(listed(&l, utf8), "%s name '%s' is not recorded", joliet ? "Joliet" : "ISO 9660", utf8);
        for (uint32_t j = 0; j < i; j++) {
            fsi_char *other = NULL;
            char other_utf8[300];
            CHECK_HR(fsi_node_file_system_name(children[j], fs, &other, NULL), FSI_S_OK);
            fsi_utf16_to_utf8(other, other_utf8, sizeof(other_utf8));
            CHECK_MSG(strcmp(utf8, other_utf8), "two items named '%s'", utf8);
            fsi_free(other);
        }
        fsi_free(name);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
    free(image);
    fsi_layout_release(layout);
}

static void test_item_names(void)
{
    fsi_image *img = fsi_image_create();
    fsi_node *node = NULL;
    fsi_char *name = NULL;
    fsi_error err = {0};

    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF, NULL), FSI_S_OK);
    add_tree(img);

    /* ISO 9660 (level 2): upper case, d-characters, "_N" for names taken, a name without extension bare. */
    CHECK(!strcmp(recorded(img, "readme.txt", FSI_FS_ISO9660, 0), "README.TXT"));
    CHECK(!strcmp(recorded(img, "a_b.txt", FSI_FS_ISO9660, 0), "A_B.TXT"));
    CHECK(!strcmp(recorded(img, "a+b.txt", FSI_FS_ISO9660, 0), "A_B_1.TXT"));
    CHECK(!strcmp(recorded(img, "a=b.txt", FSI_FS_ISO9660, 0), "A_B_2.TXT"));
    CHECK(!strcmp(recorded(img, "noext", FSI_FS_ISO9660, 0), "NOEXT"));
    CHECK(!strcmp(recorded(img, "dir-one", FSI_FS_ISO9660, 0), "DIR_ONE"));
    CHECK(!strcmp(recorded(img, "dir-one\\x.txt", FSI_FS_ISO9660, 1), "\\DIR_ONE\\X.TXT"));
    /* Joliet: names kept, ';' replaced, cut at 64 units with "~N" when the cut ones collide. */
    CHECK(!strcmp(recorded(img, "a+b.txt", FSI_FS_JOLIET, 0), "a+b.txt"));
    CHECK(!strcmp(recorded(img, "semi;colon.txt", FSI_FS_JOLIET, 0), "semi_colon.txt"));
    CHECK(!strcmp(recorded(img, "\xE6\x97\xA5\xE6\x9C\xAC.txt", FSI_FS_JOLIET, 0), "\xE6\x97\xA5\xE6\x9C\xAC.txt"));
    CHECK(!strcmp(recorded(img, repeat("L", 66, "1.txt"), FSI_FS_JOLIET, 0), repeat("L", 64, "")));
    CHECK(!strcmp(recorded(img, repeat("L", 66, "2.txt"), FSI_FS_JOLIET, 0), repeat("L", 62, "~1")));
    CHECK(!strcmp(recorded(img, "dir-one\\x.txt", FSI_FS_JOLIET, 1), "\\dir-one\\x.txt"));
    /* UDF: names kept whole up to 255 bytes of CS0; longer ones cut with "~N". */
    CHECK(!strcmp(recorded(img, "semi;colon.txt", FSI_FS_UDF, 0), "semi;colon.txt"));
    CHECK(!strcmp(recorded(img, repeat("L", 66, "2.txt"), FSI_FS_UDF, 0), repeat("L", 66, "2.txt")));
    CHECK(!strcmp(recorded(img, repeat("\xCE\xA9", 130, "1"), FSI_FS_UDF, 0), repeat("\xCE\xA9", 125, "~1")));
    CHECK(!strcmp(recorded(img, repeat("\xCE\xA9", 130, "2"), FSI_FS_UDF, 0), repeat("\xCE\xA9", 125, "~2")));
    CHECK(!strcmp(recorded(img, "dir-one\\x.txt", FSI_FS_UDF, 1), "\\dir-one\\x.txt"));
    /* The root: no name, path "\". */
    CHECK(!strcmp(recorded(img, "\\", FSI_FS_ISO9660, 0), ""));
    CHECK(!strcmp(recorded(img, "\\", FSI_FS_UDF, 1), "\\"));

    compare_with_image(img, FSI_FS_ISO9660);
    compare_with_image(img, FSI_FS_JOLIET);

    /* Level 1 renames again: 8.3. */
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W(repeat("L", 66, "1.txt")), NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W(repeat("L", 66, "2.txt")), NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W(repeat("\xCE\xA9", 130, "1")), NULL), FSI_S_OK);
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W(repeat("\xCE\xA9", 130, "2")), NULL), FSI_S_OK);
    CHECK_HR(fsi_image_set_iso_level(img, 1, NULL), FSI_S_OK);
    CHECK(!strcmp(recorded(img, "semi;colon.txt", FSI_FS_ISO9660, 0), "SEMI_COL.TXT"));
    compare_with_image(img, FSI_FS_ISO9660);

    /* Bad requests. */
    CHECK_HR(fsi_dir_item(fsi_image_root(img), W("readme.txt"), &node, NULL), FSI_S_OK);
    CHECK_HR(fsi_node_file_system_name(node, 0, &name, &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "0x0"), "%s", err.message);
    CHECK_HR(fsi_node_file_system_name(node, FSI_FS_ISO9660 | FSI_FS_JOLIET, &name, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_node_file_system_path(node, 8, &name, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_dir_remove(fsi_image_root(img), W("readme.txt"), NULL), FSI_S_OK);
    CHECK_HR(fsi_node_file_system_name(node, FSI_FS_JOLIET, &name, &err), IMAPI_E_NOT_IN_FILE_SYSTEM);
    CHECK_MSG(strstr(err.message, "readme.txt"), "%s", err.message);
    CHECK_HR(fsi_node_file_system_path(node, FSI_FS_UDF, &name, NULL), IMAPI_E_NOT_IN_FILE_SYSTEM);
    fsi_node_release(node);
    fsi_image_destroy(img);
}

int main(void)
{
    test_parse();
    test_item_names();
    return check_report();
}
