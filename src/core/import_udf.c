/* UDF reader (import.h): from the volume to the file set descriptor (ECMA-167 4/14.1) and its root,
 * then every directory with an explicit stack, each directory's entry read at most once (a second
 * path to it is a loop or a shared directory: an inconsistency), depth and entries bounded by
 * import_limits. Named streams (an extended file entry's stream directory) are not read.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"
#include "udf_tag.h"

/* The directories' entries seen so far: an open-addressing set of partition reference and block. */
typedef struct seen_set {
    uint64_t *keys; /* 0: empty */
    size_t capacity, count;
} seen_set;

static uint64_t seen_key(udf_address a) { return ((uint64_t)a.ref << 32 | a.block) + 1; }

static size_t seen_slot(const seen_set *s, uint64_t key)
{
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (s->capacity - 1);
    while (s->keys[i] && s->keys[i] != key)
        i = (i + 1) & (s->capacity - 1);
    return i;
}

/* Adds a; *again tells whether it was there already. */
static fsi_hresult seen_add(udf_reader *r, seen_set *s, udf_address a, int *again)
{
    uint64_t key = seen_key(a);
    if ((s->count + 1) * 2 > s->capacity) {
        seen_set grown = {.capacity = s->capacity ? s->capacity * 2 : 64};
        grown.keys = calloc(grown.capacity, sizeof(*grown.keys));
        if (!grown.keys)
            return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
        for (size_t i = 0; i < s->capacity; i++)
            if (s->keys[i])
                grown.keys[seen_slot(&grown, s->keys[i])] = s->keys[i];
        grown.count = s->count;
        free(s->keys);
        *s = grown;
    }
    size_t slot = seen_slot(s, key);
    *again = s->keys[slot] != 0;
    if (!*again) {
        s->keys[slot] = key;
        s->count++;
    }
    return FSI_S_OK;
}

typedef struct pending_dir {
    import_entry *dir;
    udf_address icb;
    uint32_t depth;
} pending_dir;

typedef struct walk {
    udf_reader *r;
    import_tree *tree;
    seen_set seen;
    pending_dir *stack;
    size_t depth, capacity;
    uint64_t entries_left;
    udf_entry entry; /* the entry being read */
} walk;

static fsi_hresult push_dir(walk *w, import_entry *dir, udf_address icb, uint32_t depth)
{
    int again = 0;
    fsi_hresult hr = seen_add(w->r, &w->seen, icb, &again);
    if (hr < 0)
        return hr;
    if (again)
        return fsi_fail(w->r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the directory at block %u of partition %u is reached twice (a loop, or a directory "
                        "with two parents)", (unsigned)icb.block, (unsigned)icb.ref);
    if (w->depth == w->capacity) {
        size_t capacity = w->capacity ? w->capacity * 2 : 64;
        pending_dir *grown = realloc(w->stack, capacity * sizeof(*grown));
        if (!grown)
            return fsi_fail(w->r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
        w->stack = grown;
        w->capacity = capacity;
    }
    w->stack[w->depth++] = (pending_dir){.dir = dir, .icb = icb, .depth = depth};
    return FSI_S_OK;
}

static int is_file_type(uint8_t type)
{
    /* 0 (not specified), plain and real-time files, symbolic links and other non-directory kinds: their
     * bytes are a file's. Directories, stream directories and the metadata files are not files. */
    return type != UDF_FILE_TYPE_DIRECTORY && type != 13 && type != UDF_FILE_TYPE_METADATA &&
           type != UDF_FILE_TYPE_METADATA_MIRROR && type != 252;
}

static fsi_hresult read_file(walk *w, import_entry *file, udf_address icb)
{
    udf_reader *r = w->r;
    udf_entry *e = &w->entry;
    udf_piece *pieces = NULL;
    uint32_t count = 0;
    fsi_hresult hr = udf_read_entry(r, icb, e);

    if (hr < 0)
        return hr;
    if (!is_file_type(e->file_type))
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: a file's identifier points to an entry of file type %u (block %u of partition %u)",
                        (unsigned)e->file_type, (unsigned)icb.block, (unsigned)icb.ref);
    memcpy(file->times, e->times, sizeof(file->times));
    file->size = e->length;
    if (e->ad_type == UDF_AD_EMBEDDED) {
        if (e->length) {
            file->inline_data = malloc((size_t)e->length); /* at most a block: udf_read_entry checked it */
            if (!file->inline_data)
                return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
            memcpy(file->inline_data, e->data + e->ad_offset, (size_t)e->length);
        }
        return FSI_S_OK;
    }
    hr = udf_entry_pieces(r, e, &pieces, &count);
    if (hr < 0)
        return hr;
    if (count) {
        file->extents = malloc(count * sizeof(*file->extents));
        if (!file->extents) {
            free(pieces);
            return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
        }
        for (uint32_t i = 0; i < count; i++)
            file->extents[i] = (import_extent){.lba = pieces[i].sector, .length = pieces[i].length};
        file->extent_count = count;
    }
    free(pieces);
    return FSI_S_OK;
}

/* Reads the directory's entry and identifiers, then each child: files now, directories pushed. */
static fsi_hresult read_dir(walk *w, pending_dir p)
{
    udf_reader *r = w->r;
    udf_address *icbs = NULL;
    fsi_hresult hr = udf_read_entry(r, p.icb, &w->entry);

    if (hr < 0)
        return hr;
    if (w->entry.file_type != UDF_FILE_TYPE_DIRECTORY)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: a directory's identifier points to an entry of file type %u (block %u of partition %u)",
                        (unsigned)w->entry.file_type, (unsigned)p.icb.block, (unsigned)p.icb.ref);
    memcpy(p.dir->times, w->entry.times, sizeof(p.dir->times));
    hr = udf_read_directory(r, &w->entry, p.dir, &icbs, &w->entries_left);
    for (uint32_t i = 0; hr >= 0 && i < p.dir->child_count; i++) {
        import_entry *child = &p.dir->children[i];
        if (!child->is_dir) {
            w->tree->files++;
            hr = read_file(w, child, icbs[i]);
        } else if (p.depth + 1 > r->limits.max_depth)
            hr = fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                          "UDF: directories nest deeper than %u levels (block %u of partition %u)",
                          (unsigned)r->limits.max_depth, (unsigned)icbs[i].block, (unsigned)icbs[i].ref);
        else {
            w->tree->directories++;
            hr = push_dir(w, child, icbs[i], p.depth + 1);
        }
    }
    free(icbs);
    return hr;
}

static fsi_hresult read_tree(udf_reader *r, import_tree *tree, udf_address root)
{
    walk *w = calloc(1, sizeof(*w));
    fsi_hresult hr;

    if (!w)
        return fsi_fail(r->err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    w->r = r;
    w->tree = tree;
    w->entries_left = r->limits.max_entries;
    tree->root.is_dir = 1;
    hr = push_dir(w, &tree->root, root, 0);
    while (hr >= 0 && w->depth > 0)
        hr = read_dir(w, w->stack[--w->depth]);
    free(w->seen.keys);
    free(w->stack);
    free(w);
    return hr;
}

/* The file set descriptor: the root directory's entry, and the domain's revision if the logical volume
 * did not give one. */
static fsi_hresult read_file_set(udf_reader *r, udf_address *root)
{
    uint32_t sector = 0;
    fsi_hresult hr = udf_map_block(r, r->file_set, &sector, "file set descriptor");
    if (hr >= 0)
        hr = udf_read_descriptor(r, sector, UDF_TAG_FILE_SET, r->file_set.block, "file set descriptor", NULL);
    if (hr < 0)
        return hr;
    *root = (udf_address){.block = get_le32(r->block + 404), .ref = get_le16(r->block + 408)};
    if (!r->revision && !memcmp(r->block + 417, "*OSTA UDF Compliant", 19))
        r->revision = get_le16(r->block + 416 + 24);
    return FSI_S_OK;
}

fsi_hresult import_read_udf(const fsi_disc *disc, const import_limits *limits, import_tree **out, fsi_error *err)
{
    fsi_error own_error;
    udf_reader *r = calloc(1, sizeof(*r));
    import_tree *tree = calloc(1, sizeof(*tree));
    udf_address root;
    fsi_hresult hr;

    *out = NULL;
    if (!err)
        err = &own_error; /* the reserve sequence and the mirror keep the first complaint through it */
    if (!r || !tree || !(tree->root.name = calloc(1, sizeof(fsi_char)))) {
        free(r);
        import_tree_free(tree);
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory reading UDF");
    }
    r->disc = disc;
    r->err = err;
    r->limits.max_depth = limits ? limits->max_depth : IMPORT_DEFAULT_MAX_DEPTH;
    r->limits.max_entries = limits ? limits->max_entries : IMPORT_DEFAULT_MAX_ENTRIES;
    r->extent_budget = UDF_READ_MAX_EXTENTS;
    hr = udf_read_volume(r);
    if (hr >= 0)
        hr = read_file_set(r, &root);
    if (hr >= 0)
        hr = read_tree(r, tree, root);
    if (hr >= 0) {
        tree->file_system = FSI_FS_UDF;
        memcpy(tree->volume_name, r->volume_name, sizeof(tree->volume_name));
        tree->last_block = r->last_block;
        tree->udf_revision = r->revision;
        *out = tree;
    } else
        import_tree_free(tree);
    udf_free_maps(r);
    free(r);
    return hr;
}
