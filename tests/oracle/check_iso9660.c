/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plain ISO 9660 tree against the source. Its names are the writer's own, so only their validity is
 * checked; files are paired with source files through the Joliet file at the same block (or, without
 * Joliet, by identical bytes), folders with the source folder that makes the fewest problems. */
#include "content.h"
#include "iso_names.h"
#include "oracle.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define KEY_SIZE 256

static unsigned long check_dir(struct oracle *o, struct node *iso, struct node *source);

static void check_names(struct oracle *o, struct node *iso)
{
    char (*keys)[KEY_SIZE] = checked(calloc(iso->child_count + 1, KEY_SIZE));

    for (size_t i = 0; i < iso->child_count; i++) {
        struct node *child = iso->children[i];
        const char *why = iso9660_identifier_problem(child->name, child->is_dir, o->level);

        if (why)
            problem(o, "iso9660: %s: %s", child->path, why);
        iso9660_identifier_key(child->name, keys[i], KEY_SIZE);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(keys[i], keys[j]))
                problem(o, "iso9660: %s: identifier not unique in its folder (same as %s)", child->path,
                        iso->children[j]->name);
    }
    free(keys);
}

static long unused_child(struct node *source, const bool *used, const struct node *wanted)
{
    for (size_t k = 0; k < source->child_count; k++)
        if (!used[k] && source->children[k] == wanted)
            return (long)k;
    return -1;
}

static long pair_by_block(struct oracle *o, struct node *file, struct node *source, const bool *used)
{
    struct block_twin key = { .block = file->block };
    struct block_twin *twin = o->twins;
    size_t count = o->twin_count;

    if (file->block == NO_BLOCK)
        return -1;
    /* lower bound: the first twin at this block */
    while (count > 0) {
        size_t half = count / 2;
        if (twin[half].block < key.block) {
            twin += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    for (; twin < o->twins + o->twin_count && twin->block == file->block; twin++) {
        long k = twin->size == file->size ? unused_child(source, used, twin->source) : -1;
        if (k >= 0)
            return k;
    }
    return -1;
}

static long pair_by_content(struct oracle *o, struct node *file, struct node *source, const bool *used)
{
    (void)o;
    if (!content_hash(file))
        return -1;
    for (size_t k = 0; k < source->child_count; k++) {
        struct node *candidate = source->children[k];
        if (!used[k] && !candidate->is_dir && candidate->size == file->size && content_hash(candidate)
            && candidate->hash == file->hash)
            return (long)k;
    }
    return -1;
}

static void check_files(struct oracle *o, struct node *iso, struct node *source, bool *used)
{
    for (size_t i = 0; i < iso->child_count; i++) {
        struct node *file = iso->children[i];
        long k;

        if (file->is_dir)
            continue;
        k = o->twins ? pair_by_block(o, file, source, used) : -1;
        if (k < 0 && (!o->twins || file->size == 0))
            k = pair_by_content(o, file, source, used);
        if (k < 0) {
            if (o->twins)
                problem(o, "iso9660: %s: no Joliet file of source folder %s at its block %" PRIu32 " (%" PRIu64
                        " bytes)", file->path, source->disk_path, file->block, file->size);
            else
                problem(o, "iso9660: %s: no file of source folder %s has its %" PRIu64 " bytes", file->path,
                        source->disk_path, file->size);
            continue;
        }
        used[k] = true;
        compare_bytes(o, "iso9660", file, source->children[k]);
    }
}

/* Problems the pairing of iso with source would make, printing nothing. */
static unsigned long trial(struct oracle *o, struct node *iso, struct node *source)
{
    unsigned long problems, checked_before = o->files_checked, problems_before = o->problems;

    o->dry_runs++;
    problems = check_dir(o, iso, source);
    o->dry_runs--;
    o->files_checked = checked_before;
    o->problems = problems_before;
    return problems;
}

static bool same_shape(const struct node *a, const struct node *b)
{
    return node_count_files(a) == node_count_files(b) && node_count_dirs(a) == node_count_dirs(b);
}

/* The unused source folder that pairs with dir with the fewest problems, trying folders with as many
 * files and subfolders first (trials recurse, so this keeps them few); -1 when none is left. */
static long best_folder(struct oracle *o, struct node *dir, struct node *source, const bool *used)
{
    long best = -1;
    unsigned long best_problems = 0;

    for (int any_shape = 0; any_shape < 2 && best < 0; any_shape++) {
        for (size_t k = 0; k < source->child_count && !(best >= 0 && best_problems == 0); k++) {
            struct node *candidate = source->children[k];
            unsigned long problems;

            if (used[k] || !candidate->is_dir || (!any_shape && !same_shape(dir, candidate)))
                continue;
            problems = trial(o, dir, candidate);
            if (best < 0 || problems < best_problems) {
                best = (long)k;
                best_problems = problems;
            }
        }
    }
    return best;
}

static void check_subdirs(struct oracle *o, struct node *iso, struct node *source, bool *used)
{
    for (size_t i = 0; i < iso->child_count; i++) {
        struct node *dir = iso->children[i];
        long best;

        if (!dir->is_dir)
            continue;
        best = best_folder(o, dir, source, used);
        if (best < 0) {
            problem(o, "iso9660: %s: folder not in the source folder %s", dir->path, source->disk_path);
            continue;
        }
        used[best] = true;
        check_dir(o, dir, source->children[best]);
    }
}

static unsigned long check_dir(struct oracle *o, struct node *iso, struct node *source)
{
    unsigned long problems_before = o->problems;
    bool *used = checked(calloc(source->child_count + 1, sizeof(*used)));

    check_names(o, iso);
    if (node_count_files(iso) != node_count_files(source) || node_count_dirs(iso) != node_count_dirs(source))
        problem(o, "iso9660: %s: %zu files and %zu folders, the source folder %s has %zu and %zu", iso->path,
                node_count_files(iso), node_count_dirs(iso), source->disk_path, node_count_files(source),
                node_count_dirs(source));
    check_files(o, iso, source, used);
    check_subdirs(o, iso, source, used);
    for (size_t k = 0; k < source->child_count; k++) {
        if (!used[k])
            problem(o, "iso9660: %s: source %s %s has no counterpart", iso->path,
                    source->children[k]->is_dir ? "folder" : "file", source->children[k]->disk_path);
    }
    free(used);
    return o->problems - problems_before;
}

void check_iso9660(struct oracle *o, struct node *iso_root)
{
    struct node *base = NULL;

    if (!o->base) {
        check_dir(o, iso_root, o->source);
        return;
    }
    check_names(o, iso_root);
    for (size_t i = 0; i < iso_root->child_count; i++) {
        if (!base && iso_root->children[i]->is_dir)
            base = iso_root->children[i];
        else
            problem(o, "iso9660: %s: not in the source (only the base folder belongs at the root)",
                    iso_root->children[i]->path);
    }
    if (base)
        check_dir(o, base, o->source);
    else
        problem(o, "iso9660: base folder for \"%s\" missing at the root", o->base);
}
