/* Helpers for the core's tree tests: UTF-16 literals from UTF-8, files of text added from memory, and a
 * text dump of a whole tree (paths, kinds, sizes, sources, attributes) to compare trees before and after
 * an edit.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef TREE_DUMP_H
#define TREE_DUMP_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fsi_core.h"

/* A UTF-16 copy of s kept in a small ring, so a call can take several without freeing. */
static inline const fsi_char *W(const char *s)
{
    static fsi_char *ring[64];
    static unsigned next;
    unsigned slot = next++ % 64;
    free(ring[slot]);
    ring[slot] = fsi_utf8_to_utf16(s);
    return ring[slot];
}

static inline const char *U8(const fsi_char *s)
{
    static char ring[8][1024];
    static unsigned next;
    char *out = ring[next++ % 8];
    fsi_utf16_to_utf8(s, out, sizeof(ring[0]));
    return out;
}

/* A memory source holding text (one reference: release it). */
static inline fsi_source *text_memory(const char *text)
{
    fsi_source *src = NULL;
    CHECK_HR(fsi_source_from_memory(text, strlen(text), &src, NULL), 0);
    return src;
}

/* Adds a file holding text at path below dir; a refusal fails the check with its message. */
static inline void add_text_file(fsi_node *dir, const char *path, const char *text)
{
    fsi_source *src = text_memory(text);
    fsi_error err = {0};
    fsi_hresult hr = fsi_dir_add_file(dir, W(path), src, &err);
    CHECK_MSG(hr == 0, "add file '%s': 0x%08X %s", path, (unsigned)hr, err.message);
    fsi_source_release(src);
}

struct dump {
    char *text;
    size_t len, cap;
};

static inline void dump_append(struct dump *d, const char *s)
{
    size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->text = realloc(d->text, d->cap);
    }
    memcpy(d->text + d->len, s, n + 1);
    d->len += n;
}

static inline void dump_node(struct dump *d, fsi_node *node)
{
    char line[1400];
    fsi_char *path = NULL;
    fsi_node **children = NULL;
    uint32_t count = 0, i;
    fsi_node_full_path(node, &path, NULL);
    snprintf(line, sizeof(line), "%s kind=%d size=%llu src=%p hidden=%d t=%lld,%lld,%lld parent_ok=%d\n",
             U8(path), (int)fsi_node_kind(node), (unsigned long long)fsi_node_file_size(node),
             (void *)fsi_node_file_source(node), fsi_node_hidden(node),
             (long long)fsi_node_time(node, FSI_TIME_CREATED), (long long)fsi_node_time(node, FSI_TIME_ACCESSED),
             (long long)fsi_node_time(node, FSI_TIME_MODIFIED), fsi_node_in_tree(node));
    fsi_free(path);
    dump_append(d, line);
    if (fsi_node_kind(node) != FSI_KIND_DIRECTORY)
        return;
    fsi_dir_children(node, &children, &count, NULL);
    for (i = 0; i < count; i++) {
        dump_node(d, children[i]);
        fsi_node_release(children[i]);
    }
    fsi_free(children);
}

/* The whole image as text, with its counts; free() the result. */
static inline char *dump_image(fsi_image *img)
{
    struct dump d = {NULL, 0, 0};
    char line[100];
    snprintf(line, sizeof(line), "files=%d dirs=%d\n", (int)fsi_image_file_count(img),
             (int)fsi_image_directory_count(img));
    dump_append(&d, line);
    dump_node(&d, fsi_image_root(img));
    return d.text;
}

#endif
