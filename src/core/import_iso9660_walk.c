/* The directory hierarchy of an ISO 9660 / Joliet volume (ECMA-119 §6.8) read into an import_tree,
 * breadth first with a queue of our own rather than recursion, so that a deep (hostile) disc costs
 * heap bounded by import_limits, not C stack. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "import_iso9660.h"

/* A directory met: the queue of directories still to read and, through parent, the paths of messages. */
typedef struct walk_dir {
    import_entry *entry;  /* NULL until its parent's children array stops moving */
    uint32_t child_index; /* its place in the parent's children */
    uint32_t parent;      /* index in walk.dirs; NO_PARENT for the root */
    uint32_t lba, length, depth;
} walk_dir;
#define NO_PARENT UINT32_MAX

typedef struct walk {
    const fsi_disc *disc;
    int joliet;
    uint32_t max_depth;
    uint64_t max_entries;
    import_tree *tree;
    walk_dir *dirs;
    size_t dir_count, dir_capacity;
    iso_sector_set sectors;
    /* The file whose sections (multi-extent records) are being read: its index among the children. */
    int open_file;
    uint32_t open_index;
    uint8_t open_id[255], open_id_len;
    fsi_error *err;
    uint8_t sector[FSI_BLOCK_SIZE];
} walk;

enum { PATH_ROOM = 300 };

/* Puts "\" and name in front of out + *start; 0 (with "..." put there instead) when it does not fit. */
static int prepend(char *out, size_t *start, const fsi_char *name)
{
    char part[PATH_ROOM];
    fsi_utf16_to_utf8(name, part, sizeof part);
    size_t n = strlen(part);
    if (n + 1 + 3 > *start) {
        *start -= 3;
        memcpy(out + *start, "...", 3);
        return 0;
    }
    *start -= n;
    memcpy(out + *start, part, n);
    out[--*start] = '\\';
    return 1;
}

/* "\a\b" of dirs[index] (then "\" and child when not NULL), cut at the front when long. */
static const char *path_of(const walk *w, uint32_t index, const fsi_char *child, char out[PATH_ROOM])
{
    size_t start = PATH_ROOM - 1;
    out[start] = 0;
    if (child && !prepend(out, &start, child))
        return out + start;
    for (uint32_t i = index; w->dirs[i].parent != NO_PARENT; i = w->dirs[i].parent)
        if (!prepend(out, &start, w->dirs[i].entry->name))
            return out + start;
    if (start == PATH_ROOM - 1)
        out[--start] = '\\';
    return out + start;
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static fsi_hresult
fail_at(walk *w, fsi_hresult code, uint32_t dir, const fsi_char *child, const char *fmt, ...)
{
    char where[PATH_ROOM], what[400];
    va_list args;
    va_start(args, fmt);
    vsnprintf(what, sizeof what, fmt, args);
    va_end(args);
    return fsi_fail(w->err, code, "%s %s: %s", w->joliet ? "Joliet" : "ISO 9660", path_of(w, dir, child, where),
                    what);
}

static fsi_hresult out_of_memory(walk *w) { return fsi_fail(w->err, FSI_E_OUTOFMEMORY, "out of memory reading the directories"); }

/* Makes room for element count of *array, which holds count elements: the capacity is the next power
 * of two (at least 4), so that it need not be stored. */
static int make_room(void **array, uint32_t count, size_t item)
{
    if (count == UINT32_MAX)
        return -1;
    if (count != 0 && (count < 4 || (count & (count - 1)) != 0))
        return 0;
    size_t capacity = count == 0 ? 4 : (size_t)count * 2;
    void *grown = realloc(*array, capacity * item);
    if (!grown)
        return -1;
    *array = grown;
    return 0;
}

static void raise_last_block(walk *w, uint32_t lba)
{
    if (lba > w->tree->last_block)
        w->tree->last_block = lba;
}

/* One section of a file: its data must lie on the disc, and only a whole number of sectors may come
 * before another section (import.h promises it; §6.5.1 keeps sections block-aligned). */
static fsi_hresult add_section(walk *w, uint32_t dir, import_entry *file, const iso_record *r)
{
    if (file->size % FSI_BLOCK_SIZE != 0)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, dir, file->name,
                       "a section of %llu bytes, not a whole number of sectors, is followed by another section",
                       (unsigned long long)file->extents[file->extent_count - 1].length);
    if (r->length == 0)
        return FSI_S_OK; /* an empty file, or an empty section: no sector of the disc holds it */
    uint64_t sectors = ((uint64_t)r->length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    if (r->lba + sectors > w->disc->end)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, dir, file->name,
                       "its data, sectors %u to %llu, lies past the end of the disc (%u sectors)", r->lba,
                       (unsigned long long)(r->lba + sectors - 1), w->disc->end);
    if (make_room((void **)&file->extents, file->extent_count, sizeof *file->extents) < 0)
        return out_of_memory(w);
    file->extents[file->extent_count++] = (import_extent){r->lba, r->length};
    file->size += r->length;
    raise_last_block(w, (uint32_t)(r->lba + sectors - 1));
    return FSI_S_OK;
}

/* A directory found in dirs[parent]: queued; its entry pointer is set once the parent is read whole. */
static fsi_hresult queue_directory(walk *w, uint32_t parent, uint32_t child_index, const iso_record *r)
{
    uint32_t depth = w->dirs[parent].depth + 1;
    import_entry *dir = w->dirs[parent].entry;
    if (depth > w->max_depth)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, parent, dir->children[child_index].name,
                       "the directory lies %u levels below the root, deeper than the limit of %u", depth,
                       w->max_depth);
    if (w->dir_count == w->dir_capacity) {
        size_t capacity = w->dir_capacity ? w->dir_capacity * 2 : 64;
        walk_dir *grown = capacity >= NO_PARENT ? NULL : realloc(w->dirs, capacity * sizeof *grown);
        if (!grown)
            return out_of_memory(w);
        w->dirs = grown;
        w->dir_capacity = capacity;
    }
    w->dirs[w->dir_count++] = (walk_dir){NULL, child_index, parent, r->lba, r->length, depth};
    return FSI_S_OK;
}

/* One record of dirs[d] (not a continuation section): a new child. */
static fsi_hresult add_child(walk *w, uint32_t d, const iso_record *r)
{
    import_entry *dir = w->dirs[d].entry;
    import_tree *tree = w->tree;
    if (tree->files + tree->directories >= w->max_entries)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, NULL,
                       "the volume holds more than %llu files and directories, the limit",
                       (unsigned long long)w->max_entries);
    if (iso_record_name_has_nul(r, w->joliet))
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, NULL,
                       "a record's identifier holds a character 0 (record %u of the directory)", dir->child_count);
    if (make_room((void **)&dir->children, dir->child_count, sizeof *dir->children) < 0)
        return out_of_memory(w);
    uint32_t index = dir->child_count;
    import_entry *child = &dir->children[index];
    memset(child, 0, sizeof *child);
    child->name = iso_record_name(r, w->joliet);
    if (!child->name)
        return out_of_memory(w);
    dir->child_count++;
    child->hidden = (r->flags & ISO_FLAG_HIDDEN) != 0;
    /* Our writers record the modification time; a disc has no other, so it stands for the creation too. */
    child->times[FSI_TIME_MODIFIED] = child->times[FSI_TIME_CREATED] = iso_record_time(r->date);
    if (r->interleaved)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, d, child->name,
                       "recorded in interleaved mode (file unit size or interleave gap set)");
    if (r->flags & ISO_FLAG_DIRECTORY) {
        child->is_dir = 1;
        tree->directories++;
        if (r->flags & ISO_FLAG_MULTI_EXTENT)
            return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, child->name,
                           "a directory's record carries the multi-extent flag");
        return queue_directory(w, d, index, r);
    }
    tree->files++;
    if (r->flags & ISO_FLAG_MULTI_EXTENT) {
        w->open_file = 1;
        w->open_index = index;
        w->open_id_len = r->id_len;
        memcpy(w->open_id, r->id, r->id_len);
    }
    return add_section(w, d, child, r);
}

static fsi_hresult take_record(walk *w, uint32_t d, const iso_record *r)
{
    if (w->open_file) {
        /* §9.1.6: the sections of a file are consecutive records of the same identifier. */
        import_entry *file = &w->dirs[d].entry->children[w->open_index];
        if (r->id_len != w->open_id_len || memcmp(r->id, w->open_id, r->id_len) != 0 ||
            (r->flags & (ISO_FLAG_DIRECTORY | ISO_FLAG_ASSOCIATED)))
            return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, file->name,
                           "a section marked as not the file's last is followed by a record of another item");
        w->open_file = (r->flags & ISO_FLAG_MULTI_EXTENT) != 0;
        return add_section(w, d, file, r);
    }
    /* "." and ".." are the tree's own links; associated files (§6.5.4) are not items of their own. */
    if (iso_record_is_dot(r) || (r->flags & ISO_FLAG_ASSOCIATED))
        return FSI_S_OK;
    return add_child(w, d, r);
}

static fsi_hresult read_directory(walk *w, uint32_t d)
{
    const walk_dir dir = w->dirs[d];
    const size_t first_queued = w->dir_count;
    uint64_t sectors = ((uint64_t)dir.length + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
    fsi_hresult hr;

    if (sectors > 0 && dir.lba + sectors > w->disc->end)
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, NULL,
                       "its records, sectors %u to %llu (%u bytes), lie past the end of the disc (%u sectors)",
                       dir.lba, (unsigned long long)(dir.lba + sectors - 1), dir.length, w->disc->end);
    for (uint32_t s = 0; s < sectors; s++) {
        uint32_t lba = dir.lba + s;
        int added = iso_sector_set_add(&w->sectors, lba);
        if (added < 0)
            return out_of_memory(w);
        if (added == 0)
            return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, NULL,
                           "its sector %u was read before as part of a directory (a loop, or a directory "
                           "reached twice)",
                           lba);
        hr = w->disc->read(w->disc->ctx, lba, 1, w->sector, w->err);
        if (hr < 0)
            return hr;
        raise_last_block(w, lba);
        size_t avail = dir.length - (size_t)s * FSI_BLOCK_SIZE;
        if (avail > FSI_BLOCK_SIZE)
            avail = FSI_BLOCK_SIZE;
        /* §6.8.1.1: records never cross a sector; a length byte 0 ends the sector's records. */
        for (size_t pos = 0; pos < avail && w->sector[pos] != 0; pos += w->sector[pos]) {
            iso_record r;
            const char *wrong = iso_record_parse(w->sector + pos, avail - pos, &r);
            if (wrong)
                return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, NULL,
                               "the record at sector %u, offset %u is malformed: %s", lba, (unsigned)pos, wrong);
            hr = take_record(w, d, &r);
            if (hr < 0)
                return hr;
        }
    }
    if (w->open_file) {
        const import_entry *file = &w->dirs[d].entry->children[w->open_index];
        return fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, d, file->name,
                       "the directory ends before the file's last section");
    }
    for (size_t i = first_queued; i < w->dir_count; i++)
        w->dirs[i].entry = &w->dirs[d].entry->children[w->dirs[i].child_index];
    return FSI_S_OK;
}

fsi_hresult iso_read_directories(const fsi_disc *disc, const iso_volume *volume, const import_limits *limits,
                                 import_tree *tree, fsi_error *err)
{
    walk *w = calloc(1, sizeof *w);
    fsi_hresult hr = FSI_S_OK;
    if (!w)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory reading the directories");
    w->disc = disc;
    w->joliet = volume->joliet;
    w->max_depth = limits ? limits->max_depth : IMPORT_DEFAULT_MAX_DEPTH;
    w->max_entries = limits ? limits->max_entries : IMPORT_DEFAULT_MAX_ENTRIES;
    w->tree = tree;
    w->err = err;
    w->dirs = malloc(64 * sizeof *w->dirs);
    if (!w->dirs)
        hr = out_of_memory(w);
    else {
        w->dir_capacity = 64;
        w->dirs[w->dir_count++] = (walk_dir){&tree->root, 0, NO_PARENT, volume->root.lba, volume->root.length, 0};
        if (!(volume->root.flags & ISO_FLAG_DIRECTORY))
            hr = fail_at(w, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, 0, NULL,
                         "the descriptor's root record (sector %u) is not a directory's", volume->descriptor_lba);
        else if (volume->root.interleaved)
            hr = fail_at(w, IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED, 0, NULL,
                         "the root directory is recorded in interleaved mode");
    }
    for (size_t i = 0; hr >= 0 && i < w->dir_count; i++)
        hr = read_directory(w, (uint32_t)i);
    free(w->dirs);
    iso_sector_set_free(&w->sectors);
    free(w);
    return hr;
}
