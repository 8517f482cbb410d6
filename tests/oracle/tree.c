/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *checked(void *p)
{
    if (!p) {
        fprintf(stderr, "iso_oracle: out of memory\n");
        exit(2);
    }
    return p;
}

struct node *node_new(const struct node *parent, const char *name, bool is_dir)
{
    struct node *node = checked(calloc(1, sizeof(*node)));
    const char *parent_path = parent && strcmp(parent->path, "/") ? parent->path : "";
    size_t path_size = strlen(parent_path) + strlen(name) + 2;

    node->name = checked(strdup(name));
    node->path = checked(malloc(path_size));
    snprintf(node->path, path_size, "%s/%s", parent_path, parent ? name : "");
    node->is_dir = is_dir;
    node->block = NO_BLOCK;
    return node;
}

void node_add_child(struct node *dir, struct node *child)
{
    dir->children = checked(realloc(dir->children, (dir->child_count + 1) * sizeof(*dir->children)));
    dir->children[dir->child_count++] = child;
}

void node_free(struct node *node)
{
    for (size_t i = 0; i < node->child_count; i++)
        node_free(node->children[i]);
    free(node->children);
    free(node->name);
    free(node->path);
    free(node->disk_path);
    free(node);
}

size_t node_count_files(const struct node *dir)
{
    size_t count = 0;
    for (size_t i = 0; i < dir->child_count; i++)
        count += !dir->children[i]->is_dir;
    return count;
}

size_t node_count_dirs(const struct node *dir)
{
    return dir->child_count - node_count_files(dir);
}

size_t utf16_length(const char *utf8)
{
    size_t units = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        units += *p >= 0xF0 ? 2 : 1;
    }
    return units;
}
