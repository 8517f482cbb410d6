/* Constructors and shared helpers of the COM classes behind MsftFileSystemImage: the image, its items,
 * the enumerators, the result and its streams.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef OBJECTS_H
#define OBJECTS_H

#include <stdlib.h>
#include <string.h>

#include "com_private.h"

/* ------------------------------------------------------------------ the image (fsimage.c) */

/* Items, enumerators and results hold a reference on their image object (fs_image_retain) and call
 * into the core only between fs_image_enter and fs_image_leave: one lock per image guards the core's
 * tree, its nodes and their reference counts. */
struct fs_image;
void fs_image_retain(struct fs_image *image);
void fs_image_release(struct fs_image *image);
void fs_image_enter(struct fs_image *image);
void fs_image_leave(struct fs_image *image);
fsi_image *fs_image_core(struct fs_image *image); /* only between enter and leave */
/* Counts one successful modification for ChangePoint (inside enter/leave). */
void fs_image_changed(struct fs_image *image);

/* ------------------------------------------------------------------ items (item.c, diritem.c, fileitem.c) */

/* A directory or file item over a node of the image: retains the node (call inside enter/leave) and
 * the image object. The object answers IFsiItem and the interfaces of its kind. */
HRESULT fsi_item_create(struct fs_image *image, fsi_node *node, REFIID riid, void **out);

/* ------------------------------------------------------------------ enumerators (enum_list.c) */

/* What an enumerator walks: a fixed list of automation objects, each handed out as a new reference
 * (a directory's children, a result's progress items). Shared by an enumerator and its clones. */
struct enum_source;
struct enum_source_ops {
    void (*retain)(struct enum_source *source);
    void (*release)(struct enum_source *source);
    ULONG (*count)(struct enum_source *source);
    HRESULT (*item)(struct enum_source *source, ULONG index, IDispatch **out);
};
struct enum_source {
    const struct enum_source_ops *ops;
};

/* Each takes its own reference on the source and starts at the given position (Clone). */
HRESULT enum_variant_create(struct enum_source *source, ULONG position, IEnumVARIANT **out);
HRESULT enum_fsi_items_create(struct enum_source *source, ULONG position, IEnumFsiItems **out);
HRESULT enum_progress_items_create(struct enum_source *source, ULONG position, IEnumProgressItems **out);

/* The children of a directory at one moment, as item objects (enum_snapshot.c). */
struct item_snapshot;
/* Call inside enter/leave: makes an item object per child. */
HRESULT item_snapshot_create(struct fs_image *image, fsi_node *dir, struct item_snapshot **out);
/* The same over a file's named streams (call inside enter/leave). */
HRESULT stream_snapshot_create(struct fs_image *image, fsi_node *file, struct item_snapshot **out);
void item_snapshot_release(struct item_snapshot *snapshot);
struct enum_source *item_snapshot_source(struct item_snapshot *snapshot);

/* FsiNamedStreams (named_streams.c): the named streams of a file at the time of the call, as items. */
HRESULT named_streams_create(struct fs_image *image, fsi_node *file, IFsiNamedStreams **out);

/* ------------------------------------------------------------------ the result (result.c) */

/* Takes its own reference on layout. volume_name names the result (DiscId, the stream's Stat name). */
HRESULT fs_result_create(fsi_layout *layout, const WCHAR *volume_name, IFileSystemImageResult **out);

/* ProgressItems (progress_items.c): one item per file with data, in block order. */
HRESULT progress_items_create(fsi_layout *layout, IProgressItems **out);
/* A ProgressItem (progress_item.c) for the layout's file at index (fsi_layout_file_*). */
HRESULT progress_item_create(fsi_layout *layout, uint32_t index, IProgressItem **out);

/* ModifiedBlocks (block_range.c): the blocks of a layout a burner must write. With outer (a stream
 * of the layout), a tear-off that leaves every other interface to outer. */
HRESULT block_range_list_create(fsi_layout *layout, IUnknown *outer, IBlockRangeList **out);

/* ------------------------------------------------------------------ read-only streams (fsistream*.c) */

/* Where a read-only stream's bytes come from. read fills exactly len bytes at offset (offset + len never
 * exceeds the size) and on failure returns the HRESULT with IErrorInfo already set. clone makes an
 * independent backend over the same bytes. */
struct stream_backend_ops {
    HRESULT (*read)(void *backend, uint64_t offset, void *buf, size_t len);
    HRESULT (*clone)(void *backend, void **out);
    void (*destroy)(void *backend);
    /* Optional: interfaces beyond IStream the stream answers, as tear-offs of stream (E_NOINTERFACE). */
    HRESULT (*query)(void *backend, IUnknown *stream, REFIID riid, void **out);
};

/* A read-only IStream over a backend (which it owns, also on failure). name is what Stat reports. */
HRESULT read_only_stream_create(const struct stream_backend_ops *ops, void *backend, uint64_t size,
                                const WCHAR *name, const CLSID *clsid, IStream **out);

/* The image of a layout (fsistream_layout.c): one fsi_reader per stream. */
HRESULT fsi_stream_create(fsi_layout *layout, const WCHAR *name, IStream **out);
/* The bytes of a file's source (fsistream_source.c), read through its ops; name is the file's path. */
HRESULT source_stream_create(fsi_source *source, const WCHAR *name, IStream **out);

/* ------------------------------------------------------------------ helpers (fsimage_util.c) */

/* fsi_char and WCHAR are both UTF-16 code units; these keep the casts in one place. */
static inline const fsi_char *fsi_str(const WCHAR *s) { return (const fsi_char *)s; }
static inline const WCHAR *wide_str(const fsi_char *s) { return (const WCHAR *)s; }

/* A BSTR argument as a core string: a NULL BSTR is the empty string, as automation treats it. */
static inline const fsi_char *bstr_arg(BSTR s) { return s ? fsi_str(s) : fsi_str(L""); }

/* A new BSTR copy of s (NULL s gives an empty string); E_OUTOFMEMORY with IErrorInfo on failure. */
HRESULT bstr_from_fsi(const fsi_char *s, BSTR *out, REFIID iid);

/* Core times (FILETIME ticks, UTC) and automation DATEs. */
HRESULT date_from_fsi_time(fsi_time t, DATE *out);
HRESULT fsi_time_from_date(DATE d, fsi_time *out);

/* The E_POINTER every getter gives for a NULL out-pointer, naming the parameter. */
HRESULT null_pointer_error(REFIID iid, const WCHAR *member);
/* E_NOTIMPL for members later issues implement, naming the member. */
HRESULT not_implemented_error(REFIID iid, const WCHAR *member);
HRESULT out_of_memory_error(REFIID iid, const WCHAR *member);

#endif
