/* What every fuzz target checks beyond "no crash": the promises of import.h about a tree a reader
 * returns and about the errors it may give. A broken promise aborts, so libFuzzer keeps the input.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#include "hresult.h"
#include "import.h"

#define FUZZ_ASSERT(cond, ...)                                                     \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz: broken promise: " __VA_ARGS__);                 \
            fputc('\n', stderr);                                                   \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* A reader over a memory disc fails only with the codes import.h names for bad input (a read failure
 * would mean it asked for sectors past disc->end, which the header forbids). */
static inline void fuzz_check_failure(fsi_hresult hr, const fsi_error *err)
{
    FUZZ_ASSERT(hr == IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR || hr == IMAPI_E_FILE_SYSTEM_FEATURE_NOT_SUPPORTED ||
                    hr == IMAPI_E_FILE_SYSTEM_NOT_FOUND || hr == FSI_E_OUTOFMEMORY,
                "unexpected error 0x%08X: %s", (unsigned)hr, err->message);
    FUZZ_ASSERT(err->message[0] != 0, "error 0x%08X without a message", (unsigned)hr);
}

typedef struct fuzz_counts {
    uint64_t files, directories;
} fuzz_counts;

static inline void fuzz_check_entry(const import_entry *e, uint32_t depth, const import_limits *limits,
                                    fuzz_counts *counts)
{
    size_t name_len = 0;
    FUZZ_ASSERT(e->name != NULL, "an entry without a name");
    while (e->name[name_len])
        name_len++;
    if (!e->is_dir) {
        FUZZ_ASSERT(e->child_count == 0 && e->children == NULL, "a file with children");
        if (!e->inline_data) {
            uint64_t sum = 0;
            for (uint32_t i = 0; i < e->extent_count; i++) {
                sum += e->extents[i].length;
                FUZZ_ASSERT(i + 1 == e->extent_count || e->extents[i].length % FSI_BLOCK_SIZE == 0,
                            "extent %u of %u not whole sectors (%u bytes)", i, e->extent_count, e->extents[i].length);
            }
            FUZZ_ASSERT(sum == e->size, "extents add up to %llu, size %llu", (unsigned long long)sum,
                        (unsigned long long)e->size);
        }
        return;
    }
    FUZZ_ASSERT(depth <= limits->max_depth, "a directory at depth %u past the limit %u", depth, limits->max_depth);
    for (uint32_t i = 0; i < e->child_count; i++) {
        const import_entry *child = &e->children[i];
        if (child->is_dir)
            counts->directories++;
        else
            counts->files++;
        fuzz_check_entry(child, depth + 1, limits, counts);
    }
}

/* The tree hangs together: its counts are those of its entries, within the limits. */
static inline void fuzz_check_tree(const import_tree *tree, uint32_t file_system, const import_limits *limits)
{
    fuzz_counts counts = {0, 0};
    FUZZ_ASSERT(tree != NULL, "success without a tree");
    FUZZ_ASSERT(tree->file_system == file_system, "file_system %u, read as %u", tree->file_system, file_system);
    FUZZ_ASSERT(tree->root.is_dir, "a root that is not a directory");
    fuzz_check_entry(&tree->root, 0, limits, &counts);
    FUZZ_ASSERT(counts.files == tree->files && counts.directories == tree->directories,
                "counted %llu files and %llu directories, the tree says %llu and %llu",
                (unsigned long long)counts.files, (unsigned long long)counts.directories,
                (unsigned long long)tree->files, (unsigned long long)tree->directories);
    FUZZ_ASSERT(counts.files + counts.directories <= limits->max_entries, "%llu entries past the limit %llu",
                (unsigned long long)(counts.files + counts.directories), (unsigned long long)limits->max_entries);
}

/* The readers are run with the defaults and again with tight limits, so that the paths that refuse a
 * tree too deep or too big are taken too. */
static const import_limits fuzz_default_limits = {IMPORT_DEFAULT_MAX_DEPTH, IMPORT_DEFAULT_MAX_ENTRIES};
static const import_limits fuzz_tight_limits = {3, 24};
#endif
