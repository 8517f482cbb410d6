/* gen_random_tree SEED OUTDIR [-entries N] [-depth N]: writes a random folder tree, the same for the same
 * seed on every machine (our own PRNG, no locale), into OUTDIR (which must not exist).
 *   Names: Latin with diacritics, Greek, Cyrillic, Hebrew, Arabic, CJK and emoji outside the BMP, spaces,
 *   dots, families that collide once mapped to ISO 9660 identifiers (diacritics dropped, long common
 *   prefixes), names of other folders again in another case, up to 120 UTF-16 units (and 255 UTF-8
 *   bytes, Linux's limit). Within a folder no
 *   two names are equal ignoring case, nor in their first 64 UTF-16 units (a Joliet identifier): a
 *   Windows folder cannot hold the former, and the oracles match Joliet names by that prefix.
 *   No name ends in a space or dot, nor holds a character Windows forbids or ';' (Joliet forbids it).
 *   Files: 0, 1, 2047, 2048, 2049 bytes or up to 20 KiB, random bytes, some equal to another file's.
 *   Folders: nested up to -depth levels counting OUTDIR itself (default 8, ISO 9660's limit when the
 *   tree's contents go to the image root), some left empty.
 * Prints "gen_random_tree: seed S: F files, D folders, depth L".
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "random_names.h"
#include "splitmix.h"

enum { MAX_SIZE = 20 * 1024, MAX_PATH_BYTES = 4096 };

struct folder {
    int parent; /* -1 for the root */
    int depth;  /* the root is 1 */
    int name;   /* its index in its parent's names */
    struct name_set names;
};

struct tree {
    struct folder *folders;
    int folder_count;
    uint64_t rng;
    int files;
    int max_depth_reached;
    uint8_t *last_content;
    size_t last_size;
};

static void *checked(void *p)
{
    if (!p) {
        fprintf(stderr, "gen_random_tree: out of memory\n");
        exit(1);
    }
    return p;
}

static int add_folder(struct tree *t, int parent)
{
    t->folders = checked(realloc(t->folders, (size_t)(t->folder_count + 1) * sizeof(*t->folders)));
    struct folder *f = &t->folders[t->folder_count];
    f->parent = parent;
    f->depth = parent < 0 ? 1 : t->folders[parent].depth + 1;
    f->name = -1;
    name_set_init(&f->names);
    if (f->depth > t->max_depth_reached)
        t->max_depth_reached = f->depth;
    return t->folder_count++;
}

/* OUTDIR/a/b/.../name of entry `index` of folder `folder` */
static void entry_path(const struct tree *t, const char *root, int folder, int index, char *out)
{
    int chain[64], n = 0;
    size_t len = (size_t)snprintf(out, MAX_PATH_BYTES, "%s", root);

    for (int f = folder; t->folders[f].parent >= 0; f = t->folders[f].parent)
        chain[n++] = f;
    while (n-- > 0) {
        const struct folder *f = &t->folders[chain[n]];
        const struct folder *parent = &t->folders[f->parent];
        len += (size_t)snprintf(out + len, MAX_PATH_BYTES - len, "/%s", parent->names.items[f->name].utf8);
    }
    if (index >= 0)
        snprintf(out + len, MAX_PATH_BYTES - len, "/%s", t->folders[folder].names.items[index].utf8);
}

static size_t pick_size(uint64_t *rng)
{
    static const size_t edges[] = {0, 1, 2047, 2048, 2049};
    if (rng_below(rng, 10) < 4)
        return edges[rng_below(rng, 5)];
    return (size_t)rng_below(rng, MAX_SIZE + 1);
}

static void write_file(struct tree *t, const char *path)
{
    size_t size;
    uint8_t *data;

    if (t->last_content && rng_below(&t->rng, 20) == 0) {
        size = t->last_size; /* identical bytes under another name */
        data = checked(malloc(size + 1));
        memcpy(data, t->last_content, size);
    } else {
        size = pick_size(&t->rng);
        data = checked(malloc(size + 1));
        for (size_t i = 0; i < size; i++)
            data[i] = (uint8_t)rng_next(&t->rng);
    }
    FILE *out = fopen(path, "wb");
    if (!out || fwrite(data, 1, size, out) != size || fclose(out) != 0) {
        fprintf(stderr, "gen_random_tree: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    free(t->last_content);
    t->last_content = data;
    t->last_size = size;
    t->files++;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0) {
        fprintf(stderr, "gen_random_tree: cannot create %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

/* A folder to put the next entry in: any folder, deeper ones a little more often so that the deep
 * levels hold more than a single chain. */
static int pick_parent(struct tree *t)
{
    int a = (int)rng_below(&t->rng, (uint64_t)t->folder_count);
    int b = (int)rng_below(&t->rng, (uint64_t)t->folder_count);
    return t->folders[a].depth >= t->folders[b].depth ? a : b;
}

static void add_entry(struct tree *t, const char *root, struct name_pool *pool, int parent, int is_dir)
{
    char path[MAX_PATH_BYTES];
    int index = random_name_add(pool, &t->folders[parent].names, &t->rng);

    entry_path(t, root, parent, index, path);
    if (is_dir) {
        int child = add_folder(t, parent);
        t->folders[child].name = index;
        make_dir(path);
    } else {
        write_file(t, path);
    }
}

int main(int argc, char **argv)
{
    int entries = 300, max_depth = 8;
    struct tree t = {0};
    struct name_pool pool;
    char *end;

    if (argc < 3) {
        fprintf(stderr, "usage: gen_random_tree SEED OUTDIR [-entries N] [-depth N]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[1], &end, 0);
    const char *root = argv[2];
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-entries"))
            entries = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "-depth"))
            max_depth = atoi(argv[i + 1]);
        else
            return fprintf(stderr, "gen_random_tree: unknown option %s\n", argv[i]), 2;
    }
    if (*end || entries < 1 || max_depth < 1 || max_depth > 60 || (argc - 3) % 2)
        return fprintf(stderr, "gen_random_tree: bad arguments\n"), 2;

    t.rng = seed;
    name_pool_init(&pool, &t.rng);
    make_dir(root);
    add_folder(&t, -1);
    /* one chain down to the deepest level allowed, so every tree reaches it */
    int left = entries;
    for (int parent = 0; t.folders[parent].depth < max_depth && left > 0; left--) {
        add_entry(&t, root, &pool, parent, 1);
        parent = t.folder_count - 1;
    }
    for (; left > 0; left--) {
        int parent = pick_parent(&t);
        int is_dir = t.folders[parent].depth < max_depth && rng_below(&t.rng, 100) < 22;
        add_entry(&t, root, &pool, parent, is_dir);
    }
    printf("gen_random_tree: seed %llu: %d files, %d folders, depth %d\n", (unsigned long long)seed, t.files,
           t.folder_count - 1, t.max_depth_reached);
    for (int i = 0; i < t.folder_count; i++)
        name_set_free(&t.folders[i].names);
    free(t.folders);
    free(t.last_content);
    name_pool_free(&pool);
    return 0;
}
