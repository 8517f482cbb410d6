/* An item's name and path as one file system records them: the writer of that file system names the
 * item's directory (a snapshot of it and its children alone, as dir_sizes.c sizes one), and the item's
 * identifier is read back from it, so the answer is the writers' own (uniqueness suffixes included).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "image.h"
#include "iso9660_writer.h"
#include "iso9660_writer_common.h"
#include "joliet_writer.h"
#include "layout_snapshot.h"
#include "message.h"
#include "node.h"
#include "udf_private.h"

enum { MAX_RECORDED = 255 }; /* units of one recorded name, in every file system */

static fsi_hresult check_request(const fsi_node *node, uint32_t file_system, fsi_error *err)
{
    message_text text;
    if (file_system != FSI_FS_ISO9660 && file_system != FSI_FS_JOLIET && file_system != FSI_FS_UDF)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "file system 0x%X is not one of 1 (ISO 9660), 2 (Joliet) or 4 (UDF)",
                        (unsigned)file_system);
    if (node->parent && node->parent->kind != FSI_KIND_DIRECTORY)
        return fsi_fail(err, IMAPI_E_PROPERTY_NOT_ACCESSIBLE,
                        "'%s' is a named stream: file systems record it inside its file, not in a directory",
                        message_utf8(node->name, &text));
    if (!fsi_node_in_tree(node))
        return fsi_fail(err, IMAPI_E_NOT_IN_FILE_SYSTEM,
                        "'%s' is not in the image: its names per file system are made when it is added",
                        message_utf8(node->name, &text));
    return FSI_S_OK;
}

/* The identifier bytes as UTF-16 units; ISO 9660 loses its ";1" and the "." of a name without extension. */
static size_t decode(uint32_t file_system, int is_dir, const uint8_t *id, size_t len, fsi_char *out)
{
    size_t n = 0;
    if (file_system == FSI_FS_ISO9660) {
        if (!is_dir && len >= 2 && id[len - 2] == ';')
            len -= 2;
        if (!is_dir && len > 0 && id[len - 1] == '.')
            len--;
        for (size_t i = 0; i < len; i++)
            out[n++] = id[i];
    } else if (file_system == FSI_FS_JOLIET) {
        for (size_t i = 0; i + 1 < len; i += 2)
            out[n++] = get_be16(id + i);
    } else if (len > 0 && id[0] == 16) {
        for (size_t i = 1; i + 1 < len; i += 2)
            out[n++] = get_be16(id + i);
    } else {
        for (size_t i = 1; i < len; i++)
            out[n++] = id[i];
    }
    return n;
}

/* The recorded name of node, a child of a directory, into out (at most MAX_RECORDED units). */
static fsi_hresult recorded_name(fsi_node *node, uint32_t file_system, fsi_char *out, size_t *out_len, fsi_error *err)
{
    fsi_node *parent = node->parent;
    fsi_image *img = parent->image;
    uint8_t id[256];
    size_t len = 0;
    uint32_t entry = 0;
    layout_tree mini;
    fsi_writer *w;
    fsi_hresult hr;

    while (parent->u.dir.items[entry] != node)
        entry++;
    hr = layout_snapshot_directory(parent, &mini, err);
    if (hr < 0)
        return hr;
    if (file_system == FSI_FS_UDF) {
        hr = udf_writer_create(img, &mini, 0, &w, err);
        if (hr >= 0)
            len = udf_entry_identifier((const udf_writer *)w, entry, id);
    } else {
        hr = file_system == FSI_FS_ISO9660 ? iso9660_writer_create(img, &mini, &w, err)
                                           : joliet_writer_create(img, &mini, &w, err);
        if (hr >= 0)
            len = dirrec_tree_entry_identifier(((const hierarchy_writer *)w)->tree, entry, id);
    }
    if (hr >= 0) {
        *out_len = decode(file_system, node->kind == FSI_KIND_DIRECTORY, id, len, out);
        w->ops->destroy(w);
    }
    layout_snapshot_free(&mini);
    return hr;
}

fsi_hresult fsi_node_file_system_name(fsi_node *node, uint32_t file_system, fsi_char **out, fsi_error *err)
{
    fsi_char name[MAX_RECORDED + 1];
    size_t len = 0;
    fsi_hresult hr = check_request(node, file_system, err);
    if (hr >= 0 && node->parent)
        hr = recorded_name(node, file_system, name, &len, err);
    if (hr < 0)
        return hr;
    name[len] = 0;
    if (!(*out = fsi_strdup16(name)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a name");
    return FSI_S_OK;
}

fsi_hresult fsi_node_file_system_path(fsi_node *node, uint32_t file_system, fsi_char **out, fsi_error *err)
{
    fsi_char name[MAX_RECORDED + 1], *path = NULL;
    size_t path_len = 0;
    fsi_hresult hr = check_request(node, file_system, err);
    /* From the item up: each name goes in front of what is there. */
    for (fsi_node *n = node; hr >= 0 && n->parent; n = n->parent) {
        size_t len = 0;
        fsi_char *longer;
        hr = recorded_name(n, file_system, name, &len, err);
        if (hr < 0)
            break;
        if (!(longer = malloc((1 + len + path_len + 1) * sizeof(fsi_char)))) {
            hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a path");
            break;
        }
        longer[0] = '\\';
        memcpy(longer + 1, name, len * sizeof(fsi_char));
        if (path_len)
            memcpy(longer + 1 + len, path, path_len * sizeof(fsi_char));
        path_len += 1 + len;
        free(path);
        path = longer;
    }
    if (hr >= 0 && !path && !(path = malloc(2 * sizeof(fsi_char))))
        hr = fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a path");
    if (hr < 0) {
        free(path);
        return hr;
    }
    if (!path_len)
        path[path_len++] = '\\';
    path[path_len] = 0;
    *out = path;
    return FSI_S_OK;
}
