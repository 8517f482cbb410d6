/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Joliet tree against the source: the same names (or their 64-unit truncation), folders and bytes. */
#include "content.h"
#include "iso_names.h"
#include "oracle.h"

#include <stdlib.h>
#include <string.h>

static struct node *find_unmatched(struct node *dir, const bool *matched, const struct node *wanted)
{
    for (size_t i = 0; i < dir->child_count; i++)
        if (!matched[i] && !strcmp(dir->children[i]->name, wanted->name))
            return dir->children[i];
    for (size_t i = 0; i < dir->child_count; i++)
        if (!matched[i] && joliet_is_truncation(dir->children[i]->name, wanted->name))
            return dir->children[i];
    return NULL;
}

static void mark(struct node *dir, bool *matched, const struct node *child)
{
    for (size_t i = 0; i < dir->child_count; i++)
        if (dir->children[i] == child)
            matched[i] = true;
}

static void record_twin(struct oracle *o, struct node *joliet_file, struct node *source_file)
{
    if (joliet_file->block == NO_BLOCK)
        return;
    o->twins = checked(realloc(o->twins, (o->twin_count + 1) * sizeof(*o->twins)));
    o->twins[o->twin_count++] = (struct block_twin){ joliet_file->block, joliet_file->size, source_file };
}

static void check_dir(struct oracle *o, struct node *joliet, struct node *source);

static void check_pair(struct oracle *o, struct node *joliet, struct node *source)
{
    if (joliet->is_dir != source->is_dir) {
        problem(o, "joliet: %s: is a %s, the source %s is a %s", joliet->path, joliet->is_dir ? "folder" : "file",
                source->disk_path, source->is_dir ? "folder" : "file");
    } else if (joliet->is_dir) {
        check_dir(o, joliet, source);
    } else {
        compare_bytes(o, "joliet", joliet, source);
        record_twin(o, joliet, source);
    }
}

static void check_dir(struct oracle *o, struct node *joliet, struct node *source)
{
    bool *matched = checked(calloc(joliet->child_count + 1, sizeof(*matched)));

    for (size_t i = 0; i < joliet->child_count; i++) {
        if (!joliet->children[i]->is_dir)
            joliet_strip_version(joliet->children[i]->name);
    }
    for (size_t i = 0; i < joliet->child_count; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcmp(joliet->children[i]->name, joliet->children[j]->name))
                problem(o, "joliet: %s: name recorded twice in its folder", joliet->children[i]->path);
    }
    for (size_t i = 0; i < source->child_count; i++) {
        struct node *wanted = source->children[i];
        struct node *found = find_unmatched(joliet, matched, wanted);

        if (!found) {
            problem(o, "joliet: %s: missing (source %s)", wanted->path, wanted->disk_path);
            continue;
        }
        mark(joliet, matched, found);
        check_pair(o, found, wanted);
    }
    for (size_t i = 0; i < joliet->child_count; i++) {
        if (!matched[i])
            problem(o, "joliet: %s: not in the source folder %s", joliet->children[i]->path, source->disk_path);
    }
    free(matched);
}

static int by_block(const void *a, const void *b)
{
    const struct block_twin *x = a, *y = b;
    return (x->block > y->block) - (x->block < y->block);
}

void check_joliet(struct oracle *o, struct node *joliet_root)
{
    if (!o->base) {
        check_dir(o, joliet_root, o->source);
    } else {
        struct node *base = NULL;
        for (size_t i = 0; i < joliet_root->child_count; i++) {
            struct node *child = joliet_root->children[i];
            if (!base && child->is_dir
                && (!strcmp(child->name, o->base) || joliet_is_truncation(child->name, o->base)))
                base = child;
            else
                problem(o, "joliet: %s: not in the source (only folder \"%s\" belongs at the root)", child->path,
                        o->base);
        }
        if (base)
            check_dir(o, base, o->source);
        else
            problem(o, "joliet: /%s: base folder missing", o->base);
    }
    if (o->twin_count > 1)
        qsort(o->twins, o->twin_count, sizeof(*o->twins), by_block);
}
