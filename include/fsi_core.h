/* openimapi2fs — the portable core: the model behind MsftFileSystemImage.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No windows.h, no COM. Strings are UTF-16 (what a BSTR holds), NUL-terminated. Errors are HRESULT
 * values (the IMAPI_E_* codes of imapi2fserror.h, E_* of winerror.h, HRESULT_FROM_WIN32 of OS errors)
 * plus a UTF-8 message that names the offending value; the COM layer turns them into IErrorInfo.
 *
 * Threading: nothing here locks. The COM layer holds one lock per image around every call that touches
 * an image or its nodes. A layout (the result of CreateResultImage) is immutable and may be read by
 * several readers on several threads at once, each reader used by one thread at a time.
 */
#ifndef FSI_CORE_H
#define FSI_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint16_t fsi_char;   /* one UTF-16 code unit */
typedef int32_t fsi_hresult; /* an HRESULT: < 0 is failure */

/* 100-ns intervals since 1601-01-01 UTC, as a Windows FILETIME. */
typedef int64_t fsi_time;

/* FsiFileSystems bits. */
enum {
    FSI_FS_NONE = 0,
    FSI_FS_ISO9660 = 1,
    FSI_FS_JOLIET = 2,
    FSI_FS_UDF = 4,
};

/* FsiItemType values. */
typedef enum fsi_kind {
    FSI_KIND_NONE = 0,
    FSI_KIND_DIRECTORY = 1,
    FSI_KIND_FILE = 2,
} fsi_kind;

enum { FSI_BLOCK_SIZE = 2048 };
enum { FSI_DEFAULT_FREE_MEDIA_BLOCKS = 332800 }; /* a 74-minute / 650 MB CD, as the original */

typedef struct fsi_error {
    fsi_hresult code;
    char message[512]; /* UTF-8, names the bad value; empty when code >= 0 */
} fsi_error;

/* Sets err (if not NULL) and returns code; printf-style message. */
fsi_hresult fsi_fail(fsi_error *err, fsi_hresult code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---------------------------------------------------------------- sources of file data ---------- */

/* Where a file's bytes come from: a path on disk, a caller's IStream (COM layer), a memory buffer
 * (tests), later a stage file. Reference counted; immutable size. */
typedef struct fsi_source fsi_source;

typedef struct fsi_source_ops {
    /* Prepare for reads; *handle is passed back to read/close. May be called several times at once
     * (several result streams); each open is paired with one close. */
    fsi_hresult (*open)(fsi_source *src, void **handle, fsi_error *err);
    /* Fill buf with exactly len bytes starting at offset (offset + len <= size). A source that ends
     * early or fails gives IMAPI_E_DATA_STREAM_READ_FAILURE (or IMAPI_E_DATA_STREAM_INCONSISTENCY if
     * it is shorter than announced) with a message naming the file. */
    fsi_hresult (*read)(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                        fsi_error *err);
    void (*close)(fsi_source *src, void *handle);
    void (*destroy)(fsi_source *src); /* frees src itself */
} fsi_source_ops;

struct fsi_source {
    const fsi_source_ops *ops;
    long refs;     /* atomic; use retain/release */
    uint64_t size; /* bytes */
    int stream;    /* a caller's stream: the staging probe measures it (else it is judged as memory) */
};

void fsi_source_init(fsi_source *src, const fsi_source_ops *ops, uint64_t size); /* refs = 1, stream = 0 */
fsi_source *fsi_source_retain(fsi_source *src);
void fsi_source_release(fsi_source *src);

/* A file on disk, opened by path at read time (so 100,000 files hold no handles). The size is the
 * file's size now. Missing file: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) or IMAPI_E_DATA_STREAM_CREATE_FAILURE. */
fsi_hresult fsi_source_from_path(const fsi_char *path, fsi_source **out, fsi_error *err);
/* Bytes copied into the source (tests, small generated files). */
fsi_hresult fsi_source_from_memory(const void *data, size_t len, fsi_source **out, fsi_error *err);

/* ---------------------------------------------------------------- the image and its tree -------- */

typedef struct fsi_image fsi_image;
typedef struct fsi_node fsi_node; /* a file or directory; reference counted */

fsi_image *fsi_image_create(void); /* NULL on out of memory */
void fsi_image_destroy(fsi_image *img);

/* Options. Setters check and leave everything as it was on failure. */
fsi_hresult fsi_image_set_file_systems(fsi_image *img, uint32_t mask, fsi_error *err);
uint32_t fsi_image_file_systems(const fsi_image *img);       /* default ISO9660|Joliet */
uint32_t fsi_image_file_systems_supported(const fsi_image *img);
fsi_hresult fsi_image_set_iso_level(fsi_image *img, int32_t level, fsi_error *err);
int32_t fsi_image_iso_level(const fsi_image *img);           /* default 2 */
/* 0 = no limit; fails with IMAPI_E_IMAGE_TOO_BIG if below the current size. */
fsi_hresult fsi_image_set_free_media_blocks(fsi_image *img, int32_t blocks, fsi_error *err);
int32_t fsi_image_free_media_blocks(const fsi_image *img);
/* SessionStartBlock: the sector the image's first block is written at (0 for a first session; a
 * multisession disc's NextWritableAddress). Negative: IMAPI_E_INVALID_PARAM naming it, nothing changed. */
fsi_hresult fsi_image_set_session_start(fsi_image *img, int32_t block, fsi_error *err);
int32_t fsi_image_session_start(const fsi_image *img);

/* UDFRevision: one of fsi_udf_revisions (else IMAPI_E_INVALID_PARAM naming it, nothing changed). The
 * default is 1.02, the revision every UDF reader knows (the original's default is undocumented; its
 * samples name FileSystemsToCreate 4 "FsiFileSystemUDF102"). */
enum { FSI_UDF_DEFAULT_REVISION = 0x102, FSI_UDF_REVISION_COUNT = 6 };
extern const int32_t fsi_udf_revisions[FSI_UDF_REVISION_COUNT]; /* 0x102 ... 0x260, ascending */
fsi_hresult fsi_image_set_udf_revision(fsi_image *img, int32_t revision, fsi_error *err);
int32_t fsi_image_udf_revision(const fsi_image *img);
/* CreateRedundantUdfMetadataFiles (default on): from UDF 2.50 on, the metadata mirror file gets its
 * own copy of the metadata; off, it shares the metadata file's extent. */
void fsi_image_set_udf_redundant_metadata(fsi_image *img, int on);
int fsi_image_udf_redundant_metadata(const fsi_image *img);

/* VolumeName: what the caller set (NULL until set). IMAPI_E_INVALID_VOLUME_NAME when refused. */
fsi_hresult fsi_image_set_volume_name(fsi_image *img, const fsi_char *name, fsi_error *err);
const fsi_char *fsi_image_volume_name(const fsi_image *img);
/* The label as written for one file system (FSI_FS_ISO9660 / JOLIET / UDF); the generated
 * date-time label when none was set. Caller frees with fsi_free. */
fsi_hresult fsi_image_volume_name_for(fsi_image *img, uint32_t file_system, fsi_char **out, fsi_error *err);

/* UseRestrictedCharacterSet (default off): the names of items added while on must consist of code
 * points 32..127, else IMAPI_E_RESTRICTED_NAME_VIOLATION naming the item. Items already there stay. */
void fsi_image_set_restricted_names(fsi_image *img, int on);
int fsi_image_restricted_names(const fsi_image *img);
/* StrictFileSystemCompliance (default off): turned on only while the image holds no item (else
 * IMAPI_E_FILE_SYSTEM_NOT_EMPTY); while on, a new item whose name a file system of the image would
 * record changed is refused with IMAPI_E_INVALID_PARAM (name_rules.c says which file systems judge). */
fsi_hresult fsi_image_set_strict_names(fsi_image *img, int on, fsi_error *err);
int fsi_image_strict_names(const fsi_image *img);
/* The check every new item's name passes (AddFile, AddDirectory, AddTree entries do it themselves): a
 * name Windows allows (IMAPI_E_INVALID_PARAM otherwise), then the two rules above, for a directory
 * (is_dir) or a file. For items made before they are added (CreateFileItem, CreateDirectoryItem). */
fsi_hresult fsi_image_check_new_name(const fsi_image *img, const fsi_char *name, int is_dir, fsi_error *err);
/* Whether a layout made by fsi_layout_create from img is still alive (a result or one of its streams):
 * what WorkingDirectory and UseRestrictedCharacterSet may not change under. */
int fsi_image_has_results(fsi_image *img);

int32_t fsi_image_file_count(const fsi_image *img);
int32_t fsi_image_directory_count(const fsi_image *img); /* the root is not counted */
/* Blocks the image would take if created now; always equals a new layout's total blocks. */
int32_t fsi_image_used_blocks(fsi_image *img);

fsi_node *fsi_image_root(fsi_image *img); /* borrowed */
/* Absolute path ("\a\b" or "/a/b"): what is there. Relative path: IMAPI_E_INVALID_PATH. */
fsi_hresult fsi_image_exists(fsi_image *img, const fsi_char *abs_path, fsi_kind *out, fsi_error *err);

/* ---------------------------------------------------------------- nodes ------------------------- */

fsi_node *fsi_node_retain(fsi_node *node);
void fsi_node_release(fsi_node *node);

fsi_kind fsi_node_kind(const fsi_node *node);
const fsi_char *fsi_node_name(const fsi_node *node);          /* root: empty string */
/* "\dir\file" ("\" for the root). Caller frees with fsi_free. */
fsi_hresult fsi_node_full_path(const fsi_node *node, fsi_char **out, fsi_error *err);
fsi_image *fsi_node_image(const fsi_node *node);              /* the image it was made for */
int fsi_node_in_tree(const fsi_node *node);                   /* reachable from its image's root */

enum fsi_time_kind { FSI_TIME_CREATED, FSI_TIME_ACCESSED, FSI_TIME_MODIFIED };
fsi_time fsi_node_time(const fsi_node *node, enum fsi_time_kind which);
void fsi_node_set_time(fsi_node *node, enum fsi_time_kind which, fsi_time t);
int fsi_node_hidden(const fsi_node *node);
void fsi_node_set_hidden(fsi_node *node, int hidden);

/* The item's name, or its full path ("\" for the root), as one file system records it: FSI_FS_ISO9660
 * (at the image's interchange level, without the ";1" version and the "." of a name without extension),
 * FSI_FS_JOLIET or FSI_FS_UDF, made unique among its siblings exactly as the image's writers do, whether
 * or not the file system is in FileSystemsToCreate. Anything but one of those bits: IMAPI_E_INVALID_PARAM;
 * an item not in its image's tree: IMAPI_E_NOT_IN_FILE_SYSTEM. Caller frees with fsi_free. */
fsi_hresult fsi_node_file_system_name(fsi_node *node, uint32_t file_system, fsi_char **out, fsi_error *err);
fsi_hresult fsi_node_file_system_path(fsi_node *node, uint32_t file_system, fsi_char **out, fsi_error *err);

/* Files. */
uint64_t fsi_node_file_size(const fsi_node *node);
fsi_source *fsi_node_file_source(const fsi_node *node); /* borrowed */

/* Directories. Paths are relative to dir, with "\" or "/" between components (a leading separator
 * is allowed and ignored, so the root takes full paths). Every edit checks everything first and
 * leaves the tree exactly as it was on failure (including FreeMediaBlocks: IMAPI_E_IMAGE_SIZE_LIMIT). */
uint32_t fsi_dir_count(const fsi_node *dir);
/* The children in the directory's order, each retained; caller releases each and fsi_free's the array. */
fsi_hresult fsi_dir_children(const fsi_node *dir, fsi_node ***out, uint32_t *count, fsi_error *err);
fsi_hresult fsi_dir_item(fsi_node *dir, const fsi_char *path, fsi_node **out_retained, fsi_error *err);
fsi_hresult fsi_dir_add_directory(fsi_node *dir, const fsi_char *path, fsi_error *err);
/* Takes its own reference on src. */
fsi_hresult fsi_dir_add_file(fsi_node *dir, const fsi_char *path, fsi_source *src, fsi_error *err);
/* source_path: a folder (its contents, or the folder itself when include_base) or a single file. */
fsi_hresult fsi_dir_add_tree(fsi_node *dir, const fsi_char *source_path, int include_base, fsi_error *err);
/* AddTreeWithNamedStreams: the same with each file's named data streams (NTFS alternate data streams;
 * none on posix), all or nothing; the image's FSI_NAMED_STREAMS_MAX applies (IMAPI_E_INVALID_PARAM).
 * Succeeds with IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED unless UDF 2.00 or later is selected. */
fsi_hresult fsi_dir_add_tree_with_streams(fsi_node *dir, const fsi_char *source_path, int include_base,
                                          fsi_error *err);
/* A single item; a non-empty directory gives IMAPI_E_DIR_NOT_EMPTY. */
fsi_hresult fsi_dir_remove(fsi_node *dir, const fsi_char *path, fsi_error *err);
/* A directory and all below it; on the root "\" empties the image. */
fsi_hresult fsi_dir_remove_tree(fsi_node *dir, const fsi_char *path, fsi_error *err);

/* ---------------------------------------------------------------- progress of additions -------- */

/* Who hears about the files edits add (DFileSystemImageEvents::Update). For each file an edit adds,
 * file_progress is called with copied_blocks 0, then (once staging copies data at add time) about
 * once per MiB copied, then with copied_blocks = total_blocks (the file's 2048-byte blocks) unless
 * that was the last call already: an empty file gets one call (0, 0). path is the file's image path
 * ("\dir\file"). listening is asked first, so that an observer nobody listens to costs no path.
 *
 * Calls come only where the tree may be edited meanwhile, even by the observer itself: AddTree reports
 * while it scans the source, before its merge (which checks the target again); AddFile and Add (every
 * file of the item added) after their edit is complete. */
typedef struct fsi_observer {
    int (*listening)(void *ctx);
    void (*file_progress)(void *ctx, const fsi_char *path, uint64_t copied_blocks, uint64_t total_blocks);
    void *ctx;
} fsi_observer;
/* Copies *observer (NULL: none). */
void fsi_image_set_observer(fsi_image *img, const fsi_observer *observer);

/* ---------------------------------------------------------------- staging ---------------------- */

/* StageFiles (default off): files added while on (fsi_dir_add_file, fsi_dir_add_tree, fsi_node_set_data)
 * are copied into the image's stash at add time; while off, the throughput probe stages only the files
 * whose sources cannot keep up (stage_policy.h). Files already added keep what was decided for them. */
void fsi_image_set_stage_files(fsi_image *img, int on);
int fsi_image_stage_files(const fsi_image *img);
/* The IMAPI_MEDIA_PHYSICAL_TYPE the image was last made for: the rate the probe judges against. */
void fsi_image_set_media_type(fsi_image *img, int32_t physical_type);
/* WorkingDirectory: the folder of the stash files (none set: $TMPDIR, $TEMP, $TMP, else /tmp). Moves
 * an existing stash (IMAPI_E_STASHFILE_MOVE, IMAPI_E_WORKING_DIRECTORY_SPACE,
 * IMAPI_E_INVALID_WORKING_DIRECTORY, nothing changed); refused while fsi_image_has_results
 * (IMAPI_E_INVALID_WORKING_DIRECTORY). Without a stash yet, the folder is checked when one is made. */
fsi_hresult fsi_image_set_working_directory(fsi_image *img, const fsi_char *folder, fsi_error *err);
/* Bytes the image's stash files hold now (0 without a stash). */
uint64_t fsi_image_stash_bytes(fsi_image *img);

/* ---------------------------------------------------------------- named streams, real time ----- */

/* Named streams (IFsiFileItem2): extra data streams of a file, recorded by UDF 2.00 and later as a
 * stream directory; ISO 9660 and Joliet ignore them and they do not count in the file count. A stream
 * is a file node of its own (fsi_node_is_named_stream) whose full path is "\dir\file:name". Without
 * UDF 2.00+ selected they are kept all the same and the edits return IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED.
 * At most FSI_NAMED_STREAMS_MAX in an image (the documented limit). */
enum { FSI_NAMED_STREAMS_MAX = 1000 };
int fsi_node_is_named_stream(const fsi_node *node);
uint32_t fsi_file_stream_count(const fsi_node *file);
fsi_node *fsi_file_stream(const fsi_node *file, uint32_t index); /* borrowed; NULL out of range */
/* name: no path, no ':', at most 255 bytes of UDF CS0; a file of the image's tree that is not itself a
 * stream (IMAPI_E_INVALID_PARAM, IMAPI_E_NOT_IN_FILE_SYSTEM); a name taken, ignoring case:
 * IMAPI_E_DUP_NAME; beyond FreeMediaBlocks: IMAPI_E_IMAGE_SIZE_LIMIT. Takes its own reference on src. */
fsi_hresult fsi_file_add_stream(fsi_node *file, const fsi_char *name, fsi_source *src, fsi_error *err);
/* An unknown name: IMAPI_E_INVALID_PARAM. These two and fsi_node_set_real_time record their edit for
 * RollbackToChangePoint (a removed stream is kept until LockInChangePoint). */
fsi_hresult fsi_file_remove_stream(fsi_node *file, const fsi_char *name, fsi_error *err);
/* IsRealTime: recorded from UDF 2.01 on (else IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, value kept); a
 * named stream has none (IMAPI_E_PROPERTY_NOT_ACCESSIBLE). */
int fsi_node_real_time(const fsi_node *file);
fsi_hresult fsi_node_set_real_time(fsi_node *file, int on, fsi_error *err);

/* ---------------------------------------------------------------- change points ----------------- */

/* ChangePoint: the modifications counted so far (0 for a new image). Every edit of a node (the tree
 * edits above, fsi_dir_add_item, fsi_node_put_time/hidden, fsi_node_set_data) records what it changed;
 * the caller ends each successful modification, a setting's too, with fsi_image_count_change. */
int32_t fsi_image_change_point(const fsi_image *img);
void fsi_image_count_change(fsi_image *img);
/* RollbackToChangePoint: undoes every edit of the image's nodes made after change_point, so that the
 * tree, its items' attributes, the counts and the size are as they were then; ChangePoint becomes
 * change_point. Options are not rolled back. A change point outside locked-in point .. ChangePoint:
 * IMAPI_E_INVALID_PARAM naming it and the range. If what comes back would break the options now in
 * force: IMAPI_E_ISO9660_LEVELS, IMAPI_E_DATA_TOO_BIG or IMAPI_E_IMAGE_SIZE_LIMIT, nothing changed. */
fsi_hresult fsi_image_rollback(fsi_image *img, int32_t change_point, fsi_error *err);
/* LockInChangePoint: no rollback to a point before the current one; frees what was kept for them. */
void fsi_image_lock_change_point(fsi_image *img);

/* ---------------------------------------------------------------- detached items --------------- */

/* CreateDirectoryItem / CreateFileItem: a new item of img outside the tree (the counts do not change),
 * times set to now; a file is empty. The directory takes edits below it like a directory of the tree.
 * The name passes fsi_image_check_new_name. *out has one reference. */
fsi_hresult fsi_image_new_directory(fsi_image *img, const fsi_char *name, fsi_node **out, fsi_error *err);
fsi_hresult fsi_image_new_file(fsi_image *img, const fsi_char *name, fsi_node **out, fsi_error *err);
/* Whether item came from fsi_image_new_* and was never added to a directory. */
int fsi_node_is_detached_item(const fsi_node *item);
/* Data: a detached file item gets src (its own reference); any other file: IMAPI_E_READONLY. */
fsi_hresult fsi_node_set_data(fsi_node *file, fsi_source *src, fsi_error *err);
/* Add: links a detached item (fsi_node_is_detached_item) of dir's image into dir, all checks first:
 * IMAPI_E_INVALID_PARAM (another image's item, one already added, dir itself or below it),
 * IMAPI_E_DUP_NAME, and with dir in the tree IMAPI_E_ISO9660_LEVELS, IMAPI_E_DATA_TOO_BIG,
 * IMAPI_E_IMAGE_SIZE_LIMIT, IMAPI_E_INVALID_PARAM beyond FSI_NAMED_STREAMS_MAX named streams; a removed
 * dir: IMAPI_E_NOT_IN_FILE_SYSTEM. */
fsi_hresult fsi_dir_add_item(fsi_node *dir, fsi_node *item, fsi_error *err);
/* A client's edit of an attribute (recorded for rollback; fsi_node_set_* are not). */
fsi_hresult fsi_node_put_time(fsi_node *node, enum fsi_time_kind which, fsi_time t, fsi_error *err);
fsi_hresult fsi_node_put_hidden(fsi_node *node, int hidden, fsi_error *err);

/* ---------------------------------------------------------------- El Torito boot entries -------- */

enum { FSI_BOOT_ENTRIES_MAX = 32, FSI_BOOT_ID_SIZE = 24, FSI_BOOT_SECTOR_SIZE = 512 };
/* PlatformId: the El Torito platform byte. */
enum { FSI_BOOT_PLATFORM_X86 = 0, FSI_BOOT_PLATFORM_PPC = 1, FSI_BOOT_PLATFORM_MAC = 2, FSI_BOOT_PLATFORM_EFI = 0xEF };
/* EmulationType: the El Torito boot media type. */
typedef enum fsi_boot_emulation {
    FSI_BOOT_EMULATION_NONE = 0,
    FSI_BOOT_EMULATION_FLOPPY_12 = 1,  /* the image is exactly 1,228,800 bytes */
    FSI_BOOT_EMULATION_FLOPPY_144 = 2, /* 1,474,560 */
    FSI_BOOT_EMULATION_FLOPPY_288 = 3, /* 2,949,120 */
    FSI_BOOT_EMULATION_HARD_DISK = 4,  /* an MBR with one partition, which the image holds whole */
} fsi_boot_emulation;

typedef struct fsi_boot_entry {
    fsi_source *source;    /* the boot image; the image takes its own reference */
    uint8_t platform;      /* FSI_BOOT_PLATFORM_* */
    uint8_t emulation;     /* fsi_boot_emulation */
    uint16_t load_segment; /* 0: the BIOS default (0x7C0) */
    uint16_t sector_count; /* 512-byte sectors the BIOS loads; 0: chosen from the image (eltorito_entries.c) */
    uint8_t id[FSI_BOOT_ID_SIZE]; /* Manufacturer as the ID string: ANSI bytes, unused bytes zero */
} fsi_boot_entry;

/* Replaces the boot entries (count 0: not bootable). The first is the catalog's default entry; the
 * others follow in their order, one section per run of the same platform. Checks every entry and
 * leaves everything as it was on failure: more than FSI_BOOT_ENTRIES_MAX or an unknown platform or
 * emulation: IMAPI_E_INVALID_PARAM; no image, an empty one or one that cannot be read:
 * IMAPI_E_BOOT_IMAGE_DATA; an image that does not fit its emulation:
 * IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH; beyond FreeMediaBlocks: IMAPI_E_IMAGE_SIZE_LIMIT. */
fsi_hresult fsi_image_set_boot_entries(fsi_image *img, const fsi_boot_entry *entries, uint32_t count,
                                       fsi_error *err);
uint32_t fsi_image_boot_entry_count(const fsi_image *img);
/* The hard-disk emulation check on an image's first 512 bytes: a master boot record with exactly one
 * partition that ends inside the image's image_size bytes (else IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH).
 * *system_type gets the partition's type, which the catalog records. */
fsi_hresult fsi_boot_check_hard_disk(const uint8_t mbr[FSI_BOOT_SECTOR_SIZE], uint64_t image_size,
                                     uint8_t *system_type, fsi_error *err);

/* ---------------------------------------------------------------- the result (virtual image) ---- */

/* CreateResultImage: lays out every block of the image from a snapshot of the tree and options.
 * Renders nothing in bulk; the layout keeps what it needs (names mapped per file system, extents,
 * sources retained), so later changes to the image do not alter it. */
typedef struct fsi_layout fsi_layout;

fsi_hresult fsi_layout_create(fsi_image *img, fsi_layout **out, fsi_error *err);
fsi_layout *fsi_layout_retain(fsi_layout *layout);
void fsi_layout_release(fsi_layout *layout);
uint32_t fsi_layout_total_blocks(const fsi_layout *layout);

/* Per-stream read state (caches the open source of the last file read). */
typedef struct fsi_reader fsi_reader;
fsi_hresult fsi_reader_create(fsi_layout *layout, fsi_reader **out, fsi_error *err);
void fsi_reader_destroy(fsi_reader *reader);
/* Reads exactly len bytes at offset; offset + len must be <= total_blocks * 2048. Any offset, any
 * length: metadata blocks are rendered on demand, file data copied from its source, padding zero. */
fsi_hresult fsi_reader_read(fsi_reader *reader, uint64_t offset, void *buf, size_t len, fsi_error *err);

/* The files of a layout that hold data (empty files and boot images have no progress item), in the
 * order of their blocks: what IFileSystemImageResult::ProgressItems lists. index < the count. */
uint32_t fsi_layout_file_count(const fsi_layout *layout);
void fsi_layout_file_blocks(const fsi_layout *layout, uint32_t index, uint32_t *first_block, uint32_t *block_count);
/* The file's image path ("\dir\file"); caller frees with fsi_free. */
fsi_hresult fsi_layout_file_path(const fsi_layout *layout, uint32_t index, fsi_char **out, fsi_error *err);
/* The index of the file whose blocks hold block; 0 when no file's do. */
int fsi_layout_file_find(const fsi_layout *layout, uint32_t block, uint32_t *index);

/* ---------------------------------------------------------------- helpers ----------------------- */

void fsi_free(void *p);
size_t fsi_strlen16(const fsi_char *s);
fsi_char *fsi_strdup16(const fsi_char *s);                  /* NULL on out of memory */
/* UTF-16 -> UTF-8, for messages; lone surrogates become U+FFFD. Always NUL-terminates. */
void fsi_utf16_to_utf8(const fsi_char *s, char *out, size_t out_size);
/* UTF-8 -> UTF-16, malloc'd (tests and the posix platform). */
fsi_char *fsi_utf8_to_utf16(const char *s);
/* "iso9660,joliet,udf" (any subset, comma-separated) -> FSI_FS_* bits; 0 for an unknown name or none. */
int fsi_parse_file_systems(const char *list, uint32_t *mask);

#ifdef __cplusplus
}
#endif
#endif
