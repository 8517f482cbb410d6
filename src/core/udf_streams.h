/* What a file's named streams take in a UDF file set (2.00 and later): a stream directory (an
 * extended file entry of type 13 and its identifier stream) and an extended file entry per stream.
 * The image's totals (named_streams.c) and the writer (udf_streams.c) count them the same way.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_UDF_STREAMS_H
#define FSI_UDF_STREAMS_H
#include "fsi_core.h"

/* The stream directory's identifier stream: the parent's descriptor, then one per stream. */
uint32_t udf_stream_directory_bytes(fsi_node *const *streams, uint32_t count);
/* Blocks of the file set: the directory's entry, its identifier stream, the streams' entries. */
uint64_t udf_stream_set_blocks(fsi_node *const *streams, uint32_t count);

#endif
