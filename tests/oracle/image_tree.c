/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "image_tree.h"

#include <sys/types.h> /* libisofs.h uses these types without including their headers */
#include <time.h>
#include <libisofs/libisofs.h>
#include <stdio.h>
#include <stdlib.h>

struct image {
    IsoImage *iso;
    struct node *root;
};

void image_library_init(void)
{
    if (iso_init() < 0) {
        fprintf(stderr, "iso_oracle: libisofs does not initialise\n");
        exit(2);
    }
    iso_set_local_charset("UTF-8", 0);
    iso_set_msgs_severities("NEVER", "SORRY", "iso_oracle: libisofs");
}

void image_library_finish(void)
{
    iso_finish();
}

static uint32_t first_block(IsoFile *file)
{
    struct iso_file_section *sections = NULL;
    int count = 0;
    uint32_t block = NO_BLOCK;

    if (iso_file_get_old_image_sections(file, &count, &sections, 0) == 1 && count > 0)
        block = sections[0].block;
    free(sections);
    return block;
}

static void add_children(struct node *folder, IsoDir *dir)
{
    IsoDirIter *iter;
    IsoNode *child_iso;

    if (iso_dir_get_children(dir, &iter) < 0) {
        fprintf(stderr, "iso_oracle: libisofs cannot list %s\n", folder->path);
        exit(2);
    }
    while (iso_dir_iter_next(iter, &child_iso) == 1) {
        bool is_dir = ISO_NODE_IS_DIR(child_iso);
        struct node *child = node_new(folder, iso_node_get_name(child_iso), is_dir);

        node_add_child(folder, child);
        if (is_dir) {
            add_children(child, (IsoDir *)child_iso);
        } else if (ISO_NODE_IS_FILE(child_iso)) {
            child->image_file = child_iso;
            child->size = (uint64_t)iso_file_get_size((IsoFile *)child_iso);
            child->block = first_block((IsoFile *)child_iso);
        }
    }
    iso_dir_iter_free(iter);
}

struct image *image_load(const char *path, enum image_view view, bool *has_joliet)
{
    struct image *image = checked(calloc(1, sizeof(*image)));
    IsoDataSource *source = NULL;
    IsoReadOpts *opts = NULL;
    IsoReadImageFeatures *features = NULL;
    int ret;

    if ((ret = iso_data_source_new_from_file(path, &source)) < 0
        || (ret = iso_image_new("oracle", &image->iso)) < 0
        || (ret = iso_read_opts_new(&opts, 0)) < 0) {
        fprintf(stderr, "iso_oracle: %s: %s\n", path, iso_error_to_msg(ret));
        exit(2);
    }
    iso_read_opts_set_no_rockridge(opts, 1);
    iso_read_opts_set_no_iso1999(opts, 1);
    iso_read_opts_set_no_aaip(opts, 1);
    iso_read_opts_set_no_md5(opts, 1);
    iso_read_opts_set_no_joliet(opts, view == VIEW_ISO9660);
    iso_read_opts_set_preferjoliet(opts, view == VIEW_JOLIET);
    iso_read_opts_set_ecma119_map(opts, 0);
    iso_read_opts_set_joliet_map(opts, 0);
    ret = iso_image_import(image->iso, source, opts, &features);
    iso_read_opts_free(opts);
    iso_data_source_unref(source);
    if (ret < 0) {
        fprintf(stderr, "iso_oracle: libisofs cannot read %s: %s\n", path, iso_error_to_msg(ret));
        iso_image_unref(image->iso);
        free(image);
        return NULL;
    }
    *has_joliet = iso_read_image_features_has_joliet(features);
    iso_read_image_features_destroy(features);

    image->root = node_new(NULL, "", true);
    add_children(image->root, iso_image_get_root(image->iso));
    return image;
}

struct node *image_root(struct image *image)
{
    return image->root;
}

void image_free(struct image *image)
{
    node_free(image->root);
    iso_image_unref(image->iso);
    free(image);
}
