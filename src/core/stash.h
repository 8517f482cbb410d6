/* The stash of an image: the few files under its working directory that staged files are copied into.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every staged file's bytes lie in one run of 2048-byte blocks of the stash, a space of blocks cut into
 * stash files of config.file_bytes each (1 GiB: within FAT32's 4 GiB file limit, and few files for a
 * large image), made when staging first reaches them. A staged file is a new fsi_source reading its
 * run, so its image bytes come only from the stash. The stash lives while the image or any staged
 * source holds it; a staged source's run is free for later staging once the source is gone, and stash
 * files past the last run in use are cut off or closed. Closing deletes a stash file (platform.h).
 *
 * Threading: the image's lock covers staging and moving; staged sources are read and released from
 * any thread (result readers, a layout released last by a stream), so the stash guards its files and
 * runs with a lock of its own: shared by reads and writes (positional I/O), exclusive for the list of
 * runs and files.
 */
#ifndef FSI_STASH_H
#define FSI_STASH_H
#include "fsi_core.h"
#include "platform.h"

typedef struct stash stash;

/* The OS calls a stash makes, as a table so that tests can make them fail (a full disk, a write
 * error) without the hardware. */
typedef struct stash_config {
    uint64_t file_bytes; /* each stash file's size, a multiple of FSI_BLOCK_SIZE */
    fsi_hresult (*create)(const fsi_char *folder, platform_stash_file **out);
    fsi_hresult (*read_at)(platform_stash_file *f, uint64_t offset, void *buf, size_t len, size_t *got);
    fsi_hresult (*write_at)(platform_stash_file *f, uint64_t offset, const void *buf, size_t len);
    fsi_hresult (*free_space)(const fsi_char *folder, uint64_t *bytes);
    /* After the folder was found to have room, the stash may grow this many more bytes before it asks
     * again (never more than the room it saw): one free-space call per many small files, not one each
     * (a syscall a file natively, a server round trip under Wine). 0: ask at every growth. */
    uint64_t space_allowance;
} stash_config;
extern const stash_config stash_default_config; /* 1 GiB files, 64 MiB allowance, the platform's calls */

/* A stash in folder, which must be a directory (else IMAPI_E_INVALID_WORKING_DIRECTORY naming it). No
 * file is made yet. config NULL: stash_default_config. One reference. */
fsi_hresult stash_create(const fsi_char *folder, const stash_config *config, stash **out, fsi_error *err);
stash *stash_retain(stash *s);
void stash_release(stash *s);

/* The folder the stash files are in (borrowed: valid until the next stash_move). */
const fsi_char *stash_folder(const stash *s);
/* Bytes the stash files hold now: every block up to the last run in use. */
uint64_t stash_bytes(stash *s);
/* Stash files open now. */
size_t stash_file_count(stash *s);

/* WorkingDirectory changed: new stash files in folder with the same bytes, then the old ones closed;
 * staged sources read the new ones from then on. Refused with nothing changed: a folder that is not a
 * directory (IMAPI_E_INVALID_WORKING_DIRECTORY), less free space there than stash_bytes
 * (IMAPI_E_WORKING_DIRECTORY_SPACE, naming both), a stash file that cannot be made, read or written
 * (IMAPI_E_STASHFILE_MOVE). */
fsi_hresult stash_move(stash *s, const fsi_char *folder, fsi_error *err);

/* Told before the first block is copied (copied 0), about once per MiB, and after the last (copied =
 * total, unless that was the first call: an empty file gets one call, 0 of 0), as fsi_observer. */
typedef void (*stash_progress)(void *ctx, uint64_t copied_blocks, uint64_t total_blocks);

/* Copies src's bytes into a free run of the stash and gives a new source (one reference) of the same
 * size that reads them there. progress may be NULL. Fails with nothing staged (the run free again):
 * src's own errors (open, read: IMAPI_E_DATA_STREAM_READ_FAILURE; shorter than its size:
 * IMAPI_E_DATA_STREAM_INCONSISTENCY); more new stash bytes needed than the folder has free, checked
 * before copying: IMAPI_E_WORKING_DIRECTORY_SPACE naming both (a free run of the stash needs none);
 * the free space unknown: IMAPI_E_INVALID_WORKING_DIRECTORY; a stash file that cannot be made:
 * IMAPI_E_STASHFILE_OPEN_FAILURE; a write that fails: IMAPI_E_STASHFILE_WRITE_FAILURE (a full disk:
 * IMAPI_E_WORKING_DIRECTORY_SPACE; an offset the file system cannot reach: IMAPI_E_STASHFILE_SEEK_FAILURE).
 * A staged source's reads fail with IMAPI_E_STASHFILE_READ_FAILURE. */
fsi_hresult stash_stage(stash *s, fsi_source *src, stash_progress progress, void *ctx, fsi_source **out,
                        fsi_error *err);

/* Small files gathered into one write: AddTree stages thousands of small files, and one write per MiB
 * instead of one per file is what keeps staging within one sequential copy of the data. A file of at
 * most STASH_BATCH_BYTES staged with a batch has its run at once but its bytes only in the batch until
 * stash_batch_flush (called when the batch would not take the next file, and by the owner before any
 * staged source of the batch can be read: AddTree's built tree is not in the image until it commits).
 * Zero-initialised before use. */
enum { STASH_BATCH_BYTES = 1 << 20 };
typedef struct stash_batch {
    unsigned char *buf;   /* STASH_BATCH_BYTES, made on first use */
    uint64_t first_block; /* where buf[0] goes in the stash */
    size_t used;          /* bytes of buf filled (whole blocks) */
} stash_batch;

/* stash_stage, gathering small files into batch (NULL: written at once). A failed write of the batch
 * fails the file that made it flush (each file of the batch is then unwritten: its owner fails too). */
fsi_hresult stash_stage_batched(stash *s, fsi_source *src, stash_progress progress, void *ctx, stash_batch *batch,
                                fsi_source **out, fsi_error *err);
fsi_hresult stash_batch_flush(stash *s, stash_batch *batch, fsi_error *err);
void stash_batch_free(stash_batch *batch); /* what was not flushed is dropped */

/* Whether src is a staged source, and then its stash (borrowed) and first block in it. */
int stash_source_extent(const fsi_source *src, stash **owner, uint64_t *first_block);

/* For stash_stage.c: a run of blocks (count > 0) for a new staged file, with its stash files made;
 * given back with stash_free_run. */
fsi_hresult stash_take_run(stash *s, uint64_t count, uint64_t *first, fsi_error *err);
void stash_free_run(stash *s, uint64_t first, uint64_t count);
/* Bytes at a byte offset of the stash, across its files; only inside runs taken. */
fsi_hresult stash_write(stash *s, uint64_t offset, const void *buf, size_t len, fsi_error *err);
fsi_hresult stash_read(stash *s, uint64_t offset, void *buf, size_t len, fsi_error *err);

#endif
