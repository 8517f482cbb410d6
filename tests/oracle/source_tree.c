/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "source_tree.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int by_name(const void *a, const void *b)
{
    return strcmp((*(struct node *const *)a)->name, (*(struct node *const *)b)->name);
}

static char *join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = checked(malloc(size));
    snprintf(path, size, "%s/%s", dir, name);
    return path;
}

static bool read_folder(struct node *folder, const char *disk_path)
{
    DIR *dir = opendir(disk_path);
    struct dirent *entry;
    bool ok = true;

    if (!dir) {
        fprintf(stderr, "iso_oracle: cannot read folder %s: %s\n", disk_path, strerror(errno));
        return false;
    }
    while (ok && (entry = readdir(dir))) {
        struct stat st;
        char *child_path;
        struct node *child;

        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        child_path = join(disk_path, entry->d_name);
        if (stat(child_path, &st) || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
            fprintf(stderr, "iso_oracle: %s is neither a file nor a folder\n", child_path);
            free(child_path);
            ok = false;
            break;
        }
        child = node_new(folder, entry->d_name, S_ISDIR(st.st_mode));
        node_add_child(folder, child);
        child->disk_path = child_path;
        if (child->is_dir)
            ok = read_folder(child, child_path);
        else
            child->size = (uint64_t)st.st_size;
    }
    closedir(dir);
    if (folder->child_count > 1)
        qsort(folder->children, folder->child_count, sizeof(*folder->children), by_name);
    return ok;
}

struct node *source_tree_load(const char *dir)
{
    struct node *root = node_new(NULL, "", true);

    root->disk_path = checked(strdup(dir));
    if (!read_folder(root, dir)) {
        node_free(root);
        return NULL;
    }
    return root;
}
