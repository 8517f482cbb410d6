/* A file system writer: one file system of the image (ISO 9660, Joliet; later UDF, El Torito).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The layout asks every writer, phase after phase, to reserve the blocks it needs; the blocks of
 * file data in between are shared by all writers (each file's bytes are stored once). Afterwards the
 * reader asks the owner of a block to render it, in any order, any number of times: a writer keeps
 * what it needs to render a block, never rendered blocks. */
#ifndef FSI_WRITER_H
#define FSI_WRITER_H

#include "fsi_core.h"

typedef struct fsi_writer fsi_writer;

/* The parts of an image in the order they are laid out. */
typedef enum layout_phase {
    PHASE_VOLUME_DESCRIPTORS, /* from block 16 on, one writer after the other */
    PHASE_DESCRIPTOR_END,     /* the set terminator, then any recognition sequence that follows it */
    PHASE_PATH_TABLES,
    PHASE_DIRECTORIES,
    PHASE_FILE_DATA,          /* writers' own data first (El Torito's catalog), then the boot images and the
                               * files, placed by the layout in the order of the first writer offering one */
    PHASE_AFTER_DATA,
    PHASE_COUNT
} layout_phase;

typedef struct writer_ops {
    /* Reserves this writer's blocks of one phase with layout_reserve. */
    fsi_hresult (*reserve)(fsi_writer *w, layout_phase phase, fsi_layout *layout, fsi_error *err);
    /* Fills the 2048-byte block number index of the extent reserved with tag. The layout is complete. */
    void (*render)(const fsi_writer *w, const fsi_layout *layout, uint32_t tag, uint32_t index,
                   uint8_t *block);
    /* Optional: the order in which file data is laid out, as file indices of the layout's tree. */
    void (*order_files)(const fsi_writer *w, uint32_t *order);
    void (*destroy)(fsi_writer *w);
} writer_ops;

struct fsi_writer {
    const writer_ops *ops;
};

/* Appends an extent of blocks owned by w at the end of the image; returns its first block through
 * *start. Fails with IMAPI_E_IMAGE_TOO_BIG beyond 2^32 blocks. */
fsi_hresult layout_reserve(fsi_layout *layout, fsi_writer *w, uint32_t tag, uint32_t blocks, uint32_t *start,
                           fsi_error *err);

#endif
