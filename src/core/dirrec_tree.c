/* An ECMA-119 directory hierarchy rendered on demand. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "dirrec.h"
#include "dirrec_tree.h"
#include "hresult.h"
#include "path_table.h"

enum {
    MAX_DIRECTORIES = 65535, /* path table records number their parent in 16 bits */
    DOTS_LENGTH = 2 * DIRREC_DOT_LENGTH,
};

/* A record's identifier is not kept: a file's is mapped again from its name when its block is
 * rendered (per file, identifiers would cost more than the rest of the layout), unless names_make_unique
 * renamed it (renamed_file); a directory's is in its hier_dir. */
typedef struct hier_record {
    uint32_t index : 31; /* directory or file of the layout's tree */
    uint32_t is_dir : 1;
    uint8_t id_len;
} hier_record;

/* The identifier of a renamed file, by its record. */
typedef struct renamed_file {
    uint32_t record;
    uint32_t id; /* offset in ids */
} renamed_file;

typedef struct hier_dir {
    uint32_t id;          /* its own identifier, as its parent records it */
    uint32_t first_block; /* its first block, counted from the first directory block */
    uint32_t blocks;
    uint32_t number;      /* 1-based position in the path table */
    uint8_t id_len;
} hier_dir;

/* Where each directory block starts: its directory and the first record it holds (a file of several
 * sections has one record per section, and its records may straddle two blocks). */
typedef struct block_start {
    uint32_t dir;
    uint32_t first_record;
    uint32_t first_section;
} block_start;

/* Where each path table block starts: the first path table record reaching into it. */
typedef struct table_start {
    uint32_t order; /* position in the path table */
    uint32_t pos;   /* byte offset of that record in the table */
} table_start;

struct dirrec_tree {
    const layout_tree *tree;
    dirrec_naming naming;
    hier_dir *dirs;         /* by directory of the tree */
    hier_record *records;   /* by entry of the tree, each directory's records sorted */
    uint8_t *ids;           /* directories' and renamed files' identifiers */
    size_t ids_len, ids_cap;
    renamed_file *renamed;  /* ascending by record */
    uint32_t renamed_count, renamed_cap;
    uint32_t *order;        /* the directories in path table order */
    block_start *blocks;
    uint32_t block_count, block_cap;
    table_start *table_blocks;
    uint32_t table_block_count, table_block_cap;
    uint32_t table_size;
    uint32_t dirs_start, l_table, m_table;
};

typedef struct sort_item {
    const mapped_name *name;
    uint32_t child;
} sort_item;

static int compare_items(const void *a, const void *b)
{
    const mapped_name *x = ((const sort_item *)a)->name, *y = ((const sort_item *)b)->name;
    return mapped_name_compare(x->units, x->len, y->units, y->len);
}

static int append_id(dirrec_tree *t, const uint8_t *id, size_t len, uint32_t *offset)
{
    if (t->ids_len + len > t->ids_cap) {
        size_t cap = t->ids_cap ? t->ids_cap * 2 : 4096;
        while (cap < t->ids_len + len)
            cap *= 2;
        uint8_t *grown = realloc(t->ids, cap);
        if (!grown)
            return 0;
        t->ids = grown;
        t->ids_cap = cap;
    }
    memcpy(t->ids + t->ids_len, id, len);
    *offset = (uint32_t)t->ids_len;
    t->ids_len += len;
    return 1;
}

static int note_renamed(dirrec_tree *t, uint32_t record, uint32_t id)
{
    if (t->renamed_count == t->renamed_cap) {
        uint32_t cap = t->renamed_cap ? t->renamed_cap * 2 : 16;
        renamed_file *grown = realloc(t->renamed, cap * sizeof(*grown));
        if (!grown)
            return 0;
        t->renamed = grown;
        t->renamed_cap = cap;
    }
    t->renamed[t->renamed_count++] = (renamed_file){record, id};
    return 1;
}

static fsi_hresult out_of_memory(fsi_error *err)
{
    return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory laying out the image");
}

/* Maps, makes unique and sorts the names of directory d into its records. */
static fsi_hresult name_directory(dirrec_tree *t, const dirrec_naming *naming, uint32_t d, mapped_name *names,
                                  sort_item *items, fsi_error *err)
{
    const layout_tree *tree = t->tree;
    uint32_t base = tree->dirs[d].first_entry, n = tree->dirs[d].entry_count;
    uint8_t id[256];

    for (uint32_t i = 0; i < n; i++) {
        const layout_entry *e = &tree->entries[base + i];
        naming->map(layout_entry_name(tree, e), e->is_dir, naming->level, &names[i]);
    }
    long bad = names_make_unique(names, n, naming->unique_marker);
    if (bad == -2)
        return out_of_memory(err);
    if (bad >= 0) {
        const layout_entry *e = &tree->entries[base + (uint32_t)bad];
        char path[400];
        layout_tree_path(tree, e->index, e->is_dir, path, sizeof(path));
        return fsi_fail(err, IMAPI_E_NO_UNIQUE_NAME, "no unique %s name can be made for %s", naming->file_system,
                        path);
    }
    for (uint32_t i = 0; i < n; i++)
        items[i] = (sort_item){&names[i], i};
    qsort(items, n, sizeof(*items), compare_items);
    for (uint32_t k = 0; k < n; k++) {
        const layout_entry *e = &tree->entries[base + items[k].child];
        hier_record *r = &t->records[base + k];
        size_t len = naming->encode(items[k].name, e->is_dir, id);
        uint32_t offset = 0;
        if ((e->is_dir || items[k].name->renamed) && !append_id(t, id, len, &offset))
            return out_of_memory(err);
        if (!e->is_dir && items[k].name->renamed && !note_renamed(t, base + k, offset))
            return out_of_memory(err);
        r->id_len = (uint8_t)len;
        r->index = e->index;
        r->is_dir = e->is_dir;
        if (e->is_dir) {
            t->dirs[e->index].id = offset;
            t->dirs[e->index].id_len = r->id_len;
        }
    }
    return FSI_S_OK;
}

static fsi_hresult name_all(dirrec_tree *t, const dirrec_naming *naming, fsi_error *err)
{
    uint32_t widest = 0;
    fsi_hresult hr = FSI_S_OK;
    for (uint32_t d = 0; d < t->tree->dir_count; d++)
        if (t->tree->dirs[d].entry_count > widest)
            widest = t->tree->dirs[d].entry_count;
    mapped_name *names = malloc((widest + 1) * sizeof(*names));
    sort_item *items = malloc((widest + 1) * sizeof(*items));
    if (!names || !items)
        hr = out_of_memory(err);
    for (uint32_t d = 0; d < t->tree->dir_count && hr >= 0; d++)
        hr = name_directory(t, naming, d, names, items, err);
    free(names);
    free(items);
    return hr;
}

/* Breadth-first along the sorted records: by level, then parent number, then identifier (§9.4). */
static void number_directories(dirrec_tree *t)
{
    uint32_t count = 1;
    t->order[0] = 0;
    for (uint32_t q = 0; q < count; q++) {
        const layout_dir *ld = &t->tree->dirs[t->order[q]];
        t->dirs[t->order[q]].number = q + 1;
        for (uint32_t r = ld->first_entry; r < ld->first_entry + ld->entry_count; r++)
            if (t->records[r].is_dir)
                t->order[count++] = t->records[r].index;
    }
}

static int push_block(dirrec_tree *t, uint32_t dir, uint32_t first_record, uint32_t first_section)
{
    if (t->block_count == t->block_cap) {
        uint32_t cap = t->block_cap ? t->block_cap * 2 : 64;
        block_start *grown = realloc(t->blocks, cap * sizeof(*grown));
        if (!grown)
            return 0;
        t->blocks = grown;
        t->block_cap = cap;
    }
    t->blocks[t->block_count++] = (block_start){dir, first_record, first_section};
    return 1;
}

static uint32_t record_sections(const dirrec_tree *t, const hier_record *r)
{
    return r->is_dir ? 1 : dirrec_sections(t->tree->files[r->index].size);
}

/* Records never cross a block boundary (§6.8.1.1): a record that does not fit starts the next block. */
static int size_directories(dirrec_tree *t)
{
    for (uint32_t q = 0; q < t->tree->dir_count; q++) {
        uint32_t d = t->order[q];
        const layout_dir *ld = &t->tree->dirs[d];
        size_t used = DOTS_LENGTH;
        t->dirs[d].first_block = t->block_count;
        if (!push_block(t, d, ld->first_entry, 0))
            return 0;
        for (uint32_t r = ld->first_entry; r < ld->first_entry + ld->entry_count; r++) {
            size_t len = dirrec_length(t->records[r].id_len);
            uint32_t sections = record_sections(t, &t->records[r]);
            for (uint32_t section = 0; section < sections; section++) {
                if (used + len > FSI_BLOCK_SIZE) {
                    if (!push_block(t, d, r, section))
                        return 0;
                    used = 0;
                }
                used += len;
            }
        }
        t->dirs[d].blocks = t->block_count - t->dirs[d].first_block;
    }
    return 1;
}

static size_t table_record_length(const dirrec_tree *t, uint32_t d)
{
    return path_table_record_length(d == 0 ? 1 : t->dirs[d].id_len);
}

static int size_path_table(dirrec_tree *t)
{
    uint64_t pos = 0;
    for (uint32_t q = 0; q < t->tree->dir_count; q++) {
        uint64_t end = pos + table_record_length(t, t->order[q]);
        while ((uint64_t)t->table_block_count * FSI_BLOCK_SIZE < end) {
            if (t->table_block_count == t->table_block_cap) {
                uint32_t cap = t->table_block_cap ? t->table_block_cap * 2 : 16;
                table_start *grown = realloc(t->table_blocks, cap * sizeof(*grown));
                if (!grown)
                    return 0;
                t->table_blocks = grown;
                t->table_block_cap = cap;
            }
            t->table_blocks[t->table_block_count++] = (table_start){q, (uint32_t)pos};
        }
        pos = end;
    }
    t->table_size = (uint32_t)pos;
    return 1;
}

fsi_hresult dirrec_tree_create(const layout_tree *tree, const dirrec_naming *naming, dirrec_tree **out,
                               fsi_error *err)
{
    dirrec_tree *t = calloc(1, sizeof(*t));
    fsi_hresult hr;

    *out = NULL;
    if (!t)
        return out_of_memory(err);
    t->tree = tree;
    t->naming = *naming;
    if (tree->dir_count > MAX_DIRECTORIES) {
        dirrec_tree_destroy(t);
        return fsi_fail(err, IMAPI_E_TOO_MANY_DIRS, "%s holds at most %u directories, the image has %lu",
                        naming->file_system, (unsigned)MAX_DIRECTORIES, (unsigned long)tree->dir_count);
    }
    if (tree->sizes) {
        uint64_t table = naming->fs == FSI_FS_JOLIET ? tree->sizes->joliet_table_bytes : tree->sizes->iso_table_bytes;
        t->table_size = (uint32_t)table;
        t->table_block_count = (uint32_t)((table + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE);
        t->block_count =
            (uint32_t)(naming->fs == FSI_FS_JOLIET ? tree->sizes->joliet_dir_blocks : tree->sizes->iso_dir_blocks);
        *out = t;
        return FSI_S_OK;
    }
    t->dirs = calloc(tree->dir_count, sizeof(*t->dirs));
    t->records = calloc(tree->entry_count + 1, sizeof(*t->records));
    t->order = calloc(tree->dir_count, sizeof(*t->order));
    if (!t->dirs || !t->records || !t->order) {
        dirrec_tree_destroy(t);
        return out_of_memory(err);
    }
    hr = name_all(t, naming, err);
    if (hr >= 0) {
        number_directories(t);
        if (!size_directories(t) || !size_path_table(t))
            hr = out_of_memory(err);
    }
    if (hr < 0) {
        dirrec_tree_destroy(t);
        return hr;
    }
    *out = t;
    return FSI_S_OK;
}

void dirrec_tree_destroy(dirrec_tree *t)
{
    if (!t)
        return;
    free(t->dirs);
    free(t->records);
    free(t->ids);
    free(t->renamed);
    free(t->order);
    free(t->blocks);
    free(t->table_blocks);
    free(t);
}

uint32_t dirrec_tree_path_table_blocks(const dirrec_tree *t) { return 2 * t->table_block_count; }
uint32_t dirrec_tree_directory_blocks(const dirrec_tree *t) { return t->block_count; }
uint32_t dirrec_tree_blocks_of(const dirrec_tree *t, uint32_t dir) { return t->dirs[dir].blocks; }
uint32_t dirrec_tree_path_table_size(const dirrec_tree *t) { return t->table_size; }
uint32_t dirrec_tree_l_path_table(const dirrec_tree *t) { return t->l_table; }
uint32_t dirrec_tree_m_path_table(const dirrec_tree *t) { return t->m_table; }

fsi_hresult dirrec_tree_reserve_path_tables(dirrec_tree *t, fsi_layout *layout, fsi_writer *w, uint32_t tag_l,
                                            uint32_t tag_m, fsi_error *err)
{
    fsi_hresult hr = layout_reserve(layout, w, tag_l, t->table_block_count, &t->l_table, err);
    return hr < 0 ? hr : layout_reserve(layout, w, tag_m, t->table_block_count, &t->m_table, err);
}

fsi_hresult dirrec_tree_reserve_directories(dirrec_tree *t, fsi_layout *layout, fsi_writer *w, uint32_t tag,
                                            fsi_error *err)
{
    return layout_reserve(layout, w, tag, t->block_count, &t->dirs_start, err);
}

static uint32_t dir_extent(const dirrec_tree *t, uint32_t d) { return t->dirs_start + t->dirs[d].first_block; }
static uint32_t dir_bytes(const dirrec_tree *t, uint32_t d) { return t->dirs[d].blocks * FSI_BLOCK_SIZE; }

void dirrec_tree_render_path_table(const dirrec_tree *t, int big_endian, uint32_t index, uint8_t *block)
{
    static const uint8_t root_id[1] = {0};
    const uint64_t block_start = (uint64_t)index * FSI_BLOCK_SIZE, block_end = block_start + FSI_BLOCK_SIZE;
    uint8_t record[8 + 256];

    memset(block, 0, FSI_BLOCK_SIZE);
    if (index >= t->table_block_count)
        return;
    uint64_t pos = t->table_blocks[index].pos;
    for (uint32_t q = t->table_blocks[index].order; q < t->tree->dir_count && pos < block_end; q++) {
        uint32_t d = t->order[q];
        const hier_dir *hd = &t->dirs[d];
        uint16_t parent = (uint16_t)t->dirs[t->tree->dirs[d].parent].number;
        size_t len = d == 0 ? path_table_record_write(record, root_id, 1, dir_extent(t, d), parent, big_endian)
                            : path_table_record_write(record, t->ids + hd->id, hd->id_len, dir_extent(t, d),
                                                      parent, big_endian);
        uint64_t from = pos > block_start ? pos : block_start;
        uint64_t to = pos + len < block_end ? pos + len : block_end;
        memcpy(block + (from - block_start), record + (from - pos), (size_t)(to - from));
        pos += len;
    }
}

/* The identifier of record number record (r), in out when it has to be made again. */
static const uint8_t *record_id(const dirrec_tree *t, uint32_t record, const hier_record *r, uint8_t out[256])
{
    uint32_t lo = 0, hi = t->renamed_count;
    mapped_name name;
    if (r->is_dir)
        return t->ids + t->dirs[r->index].id;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (t->renamed[mid].record < record)
            lo = mid + 1;
        else if (t->renamed[mid].record > record)
            hi = mid;
        else
            return t->ids + t->renamed[mid].id;
    }
    t->naming.map(fsi_node_name(t->tree->files[r->index].node), 0, t->naming.level, &name);
    t->naming.encode(&name, 0, out);
    return out;
}

size_t dirrec_tree_entry_identifier(const dirrec_tree *t, uint32_t entry, uint8_t out[256])
{
    const layout_tree *tree = t->tree;
    const layout_entry *e = &tree->entries[entry];
    const layout_dir *d = &tree->dirs[e->is_dir ? tree->dirs[e->index].parent : tree->files[e->index].parent];
    for (uint32_t r = d->first_entry; r < d->first_entry + d->entry_count; r++) {
        const hier_record *record = &t->records[r];
        if (record->index == e->index && record->is_dir == e->is_dir) {
            const uint8_t *id = record_id(t, r, record, out);
            memmove(out, id, record->id_len);
            return record->id_len;
        }
    }
    return 0;
}

/* The record of one section of record number record, r (always 0 for a directory). */
static size_t write_record(const dirrec_tree *t, uint32_t record, uint32_t section, uint8_t *out)
{
    const hier_record *r = &t->records[record];
    uint8_t id[256];
    dirrec rec = {.id = record_id(t, record, r, id), .id_len = r->id_len};
    if (r->is_dir) {
        const layout_dir *ld = &t->tree->dirs[r->index];
        rec.extent = dir_extent(t, r->index);
        rec.size = dir_bytes(t, r->index);
        rec.recorded = ld->modified;
        rec.flags = DIRREC_DIRECTORY | (ld->hidden ? DIRREC_HIDDEN : 0);
    } else {
        const layout_file *f = &t->tree->files[r->index];
        uint32_t last = dirrec_sections(f->size) - 1;
        rec.extent = f->block + section * (uint32_t)(DIRREC_MAX_SECTION / FSI_BLOCK_SIZE);
        rec.size = (uint32_t)(section < last ? DIRREC_MAX_SECTION : f->size - last * DIRREC_MAX_SECTION);
        rec.recorded = f->modified;
        rec.flags = (f->hidden ? DIRREC_HIDDEN : 0) | (section < last ? DIRREC_MULTI_EXTENT : 0);
    }
    return dirrec_write(out, &rec);
}

static size_t write_dot(const dirrec_tree *t, uint32_t d, uint8_t id, uint8_t *out)
{
    dirrec rec = {.extent = dir_extent(t, d), .size = dir_bytes(t, d), .recorded = t->tree->dirs[d].modified,
                  .flags = DIRREC_DIRECTORY, .id = &id, .id_len = 1};
    return dirrec_write(out, &rec);
}

void dirrec_tree_render_directory(const dirrec_tree *t, uint32_t index, uint8_t *block)
{
    memset(block, 0, FSI_BLOCK_SIZE);
    if (index >= t->block_count)
        return;
    uint32_t d = t->blocks[index].dir;
    const layout_dir *ld = &t->tree->dirs[d];
    uint32_t end = ld->first_entry + ld->entry_count, end_section = 0;
    uint32_t section = t->blocks[index].first_section;
    size_t used = 0;

    if (index + 1 < t->block_count && t->blocks[index + 1].dir == d) {
        end = t->blocks[index + 1].first_record;
        end_section = t->blocks[index + 1].first_section;
    }
    if (index == t->dirs[d].first_block) {
        used += write_dot(t, d, 0, block);
        used += write_dot(t, ld->parent, 1, block + used);
    }
    /* Every section from this block's first one up to (end, end_section), where the next block starts. */
    for (uint32_t r = t->blocks[index].first_record; r < end || (r == end && section < end_section); r++) {
        uint32_t sections = r < end ? record_sections(t, &t->records[r]) : end_section;
        for (; section < sections; section++)
            used += write_record(t, r, section, block + used);
        section = 0;
    }
}

void dirrec_tree_root_record(const dirrec_tree *t, uint8_t out[34])
{
    write_dot(t, 0, 0, out);
}

void dirrec_tree_file_order(const dirrec_tree *t, uint32_t *order)
{
    uint32_t n = 0;
    for (uint32_t q = 0; q < t->tree->dir_count; q++) {
        const layout_dir *ld = &t->tree->dirs[t->order[q]];
        for (uint32_t r = ld->first_entry; r < ld->first_entry + ld->entry_count; r++)
            if (!t->records[r].is_dir)
                order[n++] = t->records[r].index;
    }
}
