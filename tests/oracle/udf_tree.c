/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "udf_tree.h"

#include "udf_content.h"
#include "udf_names.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    const char *raw;        /* the name as libudfread spells it, to open the entry again */
    char *name;             /* in UTF-8; NULL when libudfread's spelling does not decode */
    char *path;             /* for messages */
    bool is_dir;
    bool matched;
};

struct listing {
    struct entry *entries;
    size_t count;
};

static char *join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = checked(malloc(size));

    snprintf(path, size, "%s/%s", strcmp(dir, "/") ? dir : "", name);
    return path;
}

static int by_name(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;

    if (!x->name || !y->name)
        return (x->name != NULL) - (y->name != NULL);
    return strcmp(x->name, y->name);
}

static struct listing list(struct udf_check *check, UDFDIR *dir, const char *image_path)
{
    struct listing l = { 0 };
    struct udfread_dirent dirent;

    while (udfread_readdir(dir, &dirent)) {
        struct entry *e;

        l.entries = checked(realloc(l.entries, (l.count + 1) * sizeof(*l.entries)));
        e = &l.entries[l.count++];
        e->raw = dirent.d_name;
        e->name = udf_name_to_utf8(dirent.d_name);
        e->path = join(image_path, e->name ? e->name : dirent.d_name);
        e->is_dir = dirent.d_type == UDF_DT_DIR;
        e->matched = false;
        if (!e->name)
            udf_problem(check, "udf: %s: the name is not valid UTF-16 (a lone surrogate or a NUL)", e->path);
    }
    if (l.count > 1)
        qsort(l.entries, l.count, sizeof(*l.entries), by_name);
    for (size_t i = 1; i < l.count; i++)
        if (l.entries[i].name && l.entries[i - 1].name && !strcmp(l.entries[i].name, l.entries[i - 1].name))
            udf_problem(check, "udf: %s: recorded twice in its folder", l.entries[i].path);
    return l;
}

static void listing_free(struct listing *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->entries[i].name);
        free(l->entries[i].path);
    }
    free(l->entries);
}

/* The image entry holding a source name: the same name, else the longest unmatched cut of it. */
static struct entry *find(struct listing *l, const char *source_name)
{
    struct entry *cut = NULL;

    for (size_t i = 0; i < l->count; i++) {
        struct entry *e = &l->entries[i];

        if (!e->name || e->matched)
            continue;
        switch (udf_name_match(e->name, source_name, UDF_FILE_NAME_CS0_MAX)) {
        case UDF_NAME_SAME:
            return e;
        case UDF_NAME_CUT:
            if (!cut || strlen(e->name) > strlen(cut->name))
                cut = e;
            break;
        case UDF_NAME_DIFFERENT:
            break;
        }
    }
    return cut;
}

static void check_file(struct udf_check *check, UDFDIR *dir, const struct entry *e, const struct node *source)
{
    UDFFILE *file = udfread_file_openat(dir, e->raw);
    int64_t size;
    uint64_t offset;

    if (!file) {
        udf_problem(check, "udf: %s: libudfread cannot open the file", e->path);
        return;
    }
    check->files_checked++;
    size = udfread_file_size(file);
    if (size < 0 || (uint64_t)size != source->size) {
        udf_problem(check, "udf: %s: %" PRId64 " bytes, the source %s has %" PRIu64, e->path, size,
                    source->disk_path, source->size);
    } else {
        switch (udf_content_compare(file, source->disk_path, &offset)) {
        case UDF_CONTENT_SAME:
            break;
        case UDF_CONTENT_DIFFERENT:
            udf_problem(check, "udf: %s: bytes differ from the source %s at offset %" PRIu64, e->path,
                        source->disk_path, offset);
            break;
        case UDF_IMAGE_UNREADABLE:
            udf_problem(check, "udf: %s: read error in the image at offset %" PRIu64, e->path, offset);
            break;
        case UDF_SOURCE_UNREADABLE:
            udf_problem(check, "udf: %s: cannot read the source %s", e->path, source->disk_path);
            break;
        }
    }
    udfread_file_close(file);
}

static void check_entry(struct udf_check *check, UDFDIR *dir, const struct entry *e, const struct node *source)
{
    UDFDIR *subdir;

    if (e->is_dir != source->is_dir) {
        udf_problem(check, "udf: %s: a %s in the image, a %s in the source", e->path, e->is_dir ? "folder" : "file",
                    source->is_dir ? "folder" : "file");
        return;
    }
    if (!e->is_dir) {
        check_file(check, dir, e, source);
        return;
    }
    subdir = udfread_opendir_at(dir, e->raw);
    if (!subdir) {
        udf_problem(check, "udf: %s: libudfread cannot open the folder", e->path);
        return;
    }
    udf_tree_check(check, subdir, e->path, source);
    udfread_closedir(subdir);
}

void udf_tree_check(struct udf_check *check, UDFDIR *dir, const char *image_path, const struct node *source)
{
    struct listing l = list(check, dir, image_path);

    for (size_t i = 0; i < source->child_count; i++) {
        const struct node *child = source->children[i];
        struct entry *e = find(&l, child->name);

        if (!e) {
            char *path = join(image_path, child->name);
            udf_problem(check, "udf: %s: missing (a %s of the source)", path, child->is_dir ? "folder" : "file");
            free(path);
            continue;
        }
        e->matched = true;
        check_entry(check, dir, e, child);
    }
    for (size_t i = 0; i < l.count; i++)
        if (!l.entries[i].matched && l.entries[i].name)
            udf_problem(check, "udf: %s: not in the source", l.entries[i].path);
    listing_free(&l);
}
