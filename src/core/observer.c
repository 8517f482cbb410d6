/* Reporting added files to the image's observer (DFileSystemImageEvents::Update).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "node.h"
#include "observer.h"

void fsi_image_set_observer(fsi_image *img, const fsi_observer *observer)
{
    static const fsi_observer none = {NULL, NULL, NULL};
    img->observer = observer ? *observer : none;
}

static uint64_t file_blocks(const fsi_node *file)
{
    return (fsi_node_file_size(file) + FSI_BLOCK_SIZE - 1) / FSI_BLOCK_SIZE;
}

/* dir's path (none for the root or no dir) followed by file's; NULL when out of memory. */
static fsi_char *image_path(const fsi_node *dir, const fsi_node *file)
{
    fsi_char *dir_path = NULL, *file_path = NULL, *joined = NULL;
    size_t dir_len = 0, file_len;
    if (fsi_node_full_path(file, &file_path, NULL) < 0)
        return NULL;
    if (dir && dir->name[0] && fsi_node_full_path(dir, &dir_path, NULL) < 0) {
        free(file_path);
        return NULL;
    }
    if (!dir_path)
        return file_path;
    dir_len = fsi_strlen16(dir_path);
    file_len = fsi_strlen16(file_path);
    joined = malloc((dir_len + file_len + 1) * sizeof(fsi_char));
    if (joined) {
        memcpy(joined, dir_path, dir_len * sizeof(fsi_char));
        memcpy(joined + dir_len, file_path, (file_len + 1) * sizeof(fsi_char));
    }
    free(dir_path);
    free(file_path);
    return joined;
}

/* A report that cannot be made (out of memory for its path) is dropped: progress is advisory and
 * must not fail the edit. */
void observer_report(fsi_image *img, const fsi_node *dir, const fsi_node *file, uint64_t copied_blocks)
{
    fsi_observer observer = img->observer;
    fsi_char *path;
    if (!observer.file_progress || (observer.listening && !observer.listening(observer.ctx)))
        return;
    path = image_path(dir, file);
    if (!path)
        return;
    observer.file_progress(observer.ctx, path, copied_blocks, file_blocks(file));
    free(path);
}

void observer_report_copy(fsi_image *img, const fsi_node *dir, const fsi_char *relative_path,
                          uint64_t copied_blocks, uint64_t total_blocks)
{
    fsi_observer observer = img->observer;
    fsi_char *dir_path = NULL, *path;
    size_t dir_len = 0, rel_len;
    if (!observer.file_progress || (observer.listening && !observer.listening(observer.ctx)))
        return;
    if (dir->name[0] && fsi_node_full_path(dir, &dir_path, NULL) < 0)
        return;
    while (*relative_path == '\\' || *relative_path == '/')
        relative_path++;
    dir_len = dir_path ? fsi_strlen16(dir_path) : 0;
    rel_len = fsi_strlen16(relative_path);
    path = malloc((dir_len + 1 + rel_len + 1) * sizeof(fsi_char));
    if (path) {
        if (dir_len)
            memcpy(path, dir_path, dir_len * sizeof(fsi_char));
        path[dir_len] = '\\';
        memcpy(path + dir_len + 1, relative_path, (rel_len + 1) * sizeof(fsi_char));
        observer.file_progress(observer.ctx, path, copied_blocks, total_blocks);
    }
    free(path);
    free(dir_path);
}

/* Both nodes are held across the first report: the observer may remove them from the tree. */
void observer_file_added(fsi_image *img, fsi_node *dir, fsi_node *file)
{
    uint64_t total = file_blocks(file);
    if (!img->observer.file_progress)
        return;
    if (dir)
        fsi_node_retain(dir);
    fsi_node_retain(file);
    observer_report(img, dir, file, 0);
    if (total)
        observer_report(img, dir, file, total);
    fsi_node_release(file);
    if (dir)
        fsi_node_release(dir);
}

static void count_files(const fsi_node *node, size_t *count)
{
    if (node->kind == FSI_KIND_FILE) {
        ++*count;
        return;
    }
    for (uint32_t i = 0; i < node->u.dir.count; i++)
        count_files(node->u.dir.items[i], count);
}

static void collect_files(fsi_node *node, fsi_node **files, size_t *count)
{
    if (node->kind == FSI_KIND_FILE) {
        files[(*count)++] = fsi_node_retain(node);
        return;
    }
    for (uint32_t i = 0; i < node->u.dir.count; i++)
        collect_files(node->u.dir.items[i], files, count);
}

/* The files are gathered (and held) before the first report, since the observer may edit the subtree. */
void observer_subtree_added(fsi_image *img, fsi_node *subtree)
{
    fsi_observer observer = img->observer;
    fsi_node **files;
    size_t count = 0, gathered = 0;
    if (!observer.file_progress || (observer.listening && !observer.listening(observer.ctx)))
        return;
    count_files(subtree, &count);
    if (!count || !(files = malloc(count * sizeof(*files))))
        return;
    collect_files(subtree, files, &gathered);
    for (size_t i = 0; i < gathered; i++) {
        observer_file_added(img, NULL, files[i]);
        fsi_node_release(files[i]);
    }
    free(files);
}
