/* The throughput probe: gathers the facts of stage_policy.h for a file being added (its drive, the
 * rate its source gives) and decides whether it is staged.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The measure: the source is opened, read from its start for at most STAGE_PROBE_MAX_BYTES or until
 * STAGE_PROBE_MAX_NS have passed (whichever comes first; at least one piece), and closed, on a monotonic
 * clock. Opening and closing are a per-file cost, reading a per-byte one; the rate a file of size S is
 * read at when the image is read is S / (per-file + S * per-byte), so many small files rate low and a
 * large file is not judged by the cost of opening it.
 *
 * The cache, per volume (platform_volume_id), so that AddTree of a large tree probes little: the first
 * STAGE_PROBE_SAMPLES files of a volume that need a rate are measured (each judged by its own measure)
 * and their costs summed; every later file of that volume is judged by the volume's average per-file
 * and per-byte costs, without touching it. The drive type is asked once per volume. The volume of the
 * previous file's folder is remembered, so files listed folder by folder cost no OS call at all.
 * Caller's streams have no volume: each is measured. Not thread-safe: one probe per image, used under
 * the image's lock.
 *
 * The trace: with OPENIMAPI2FS_TRACE_STAGING set (to anything but "" or "0") when the probe is created,
 * each decision prints one line to stderr (see stage_probe_decide).
 */
#ifndef FSI_STAGE_PROBE_H
#define FSI_STAGE_PROBE_H
#include <stdio.h>

#include "stage_policy.h"

enum {
    STAGE_PROBE_MAX_BYTES = 1 << 20,
    STAGE_PROBE_PIECE = 256 << 10, /* bytes per read of the measure */
    STAGE_PROBE_SAMPLES = 16,
};
#define STAGE_PROBE_MAX_NS 50000000u /* 50 ms */

/* What the probe asks of the OS; tests give their own. A NULL member (or NULL hooks) is the platform's. */
typedef struct stage_probe_hooks {
    uint64_t (*clock_ns)(void *ctx);
    platform_drive (*drive_type)(void *ctx, const fsi_char *path);
    fsi_hresult (*volume_id)(void *ctx, const fsi_char *path, uint64_t *id);
    void *ctx;
    FILE *trace; /* where the trace goes when it is on; NULL: stderr */
} stage_probe_hooks;

typedef struct stage_probe stage_probe;

stage_probe *stage_probe_create(const stage_probe_hooks *hooks); /* NULL on out of memory */
void stage_probe_destroy(stage_probe *probe);

typedef struct stage_request {
    int stage_files;          /* StageFiles now */
    stage_source_kind kind;
    fsi_source *source;       /* what is measured (not for memory) */
    const fsi_char *path;     /* a file: its path on disk; a stream: a name for the trace (may be NULL) */
    stage_need need;          /* stage_need_for_media of the media last chosen, else stage_need_default() */
} stage_request;

/* How the rate of a decision was found (for the trace and the tests). */
typedef enum stage_rate_origin {
    STAGE_RATE_NONE,     /* not needed, or the source could not be read */
    STAGE_RATE_PROBED,   /* this file was measured */
    STAGE_RATE_VOLUME,   /* from the volume's figures, the file untouched */
} stage_rate_origin;

/* Decides for one file, measuring it only when the decision depends on its rate. Never fails: a source
 * that cannot be read or a path without a volume leaves the rate unmeasured (the read error, if any,
 * comes when the image is read). facts and origin (each may be NULL) receive what was used.
 * Trace line: staging: <staged|unstaged> "<path>" (<size> bytes): <reason>; rate <n> B/s (probed|volume)
 *             or "; rate not measured". */
stage_decision stage_probe_decide(stage_probe *probe, const stage_request *request, stage_facts *facts,
                                  stage_rate_origin *origin);

#endif
