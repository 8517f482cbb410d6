/* AddTreeWithNamedStreams' part of AddTree (add_tree_streams.c). SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_ADD_TREE_STREAMS_H
#define FSI_ADD_TREE_STREAMS_H
#include "fsi_core.h"

/* Attaches the named streams of the file at path on disk to file, a node of a detached tree:
 * IMAPI_E_DATA_STREAM_CREATE_FAILURE when they cannot be listed, a stream name the image cannot take:
 * IMAPI_E_INVALID_PARAM. */
fsi_hresult add_tree_streams_attach(fsi_node *file, const fsi_char *path, fsi_error *err);
/* Before the merge: the streams of the built tree fit the image's FSI_NAMED_STREAMS_MAX with those it
 * has (counting the streams of files the merge would replace as staying). */
fsi_hresult add_tree_streams_check(const fsi_image *img, const fsi_node *built, fsi_error *err);
/* What a successful AddTreeWithNamedStreams returns: IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED unless the
 * image records named streams (UDF 2.00 and later), whether or not the tree had any. */
fsi_hresult add_tree_streams_result(const fsi_image *img, fsi_hresult hr);

#endif
