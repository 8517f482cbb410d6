/* Whether a file added to the image is staged (copied into a stash at add time) or read from its
 * source when the image is read: the decision table, free of I/O. stage_probe.c gathers its facts.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef FSI_STAGE_POLICY_H
#define FSI_STAGE_POLICY_H
#include <stddef.h>

#include "fsi_core.h"
#include "platform.h"

/* The rate a burner takes the image at, for the media the image was last made for. */
typedef struct stage_need {
    uint64_t rate;     /* bytes per second; 0: none (a random-access disk has no stream to keep up) */
    const char *media; /* for messages: "CD-R", "DVD+R", ... */
    unsigned speed;    /* the "x" factor the rate is for */
} stage_need;

/* The need for an IMAPI_MEDIA_PHYSICAL_TYPE (0x00 to 0x13) as last given to
 * ChooseImageDefaultsForMediaType: its 1x rate times the fastest write speed drives reach on it.
 * IMAPI_MEDIA_TYPE_UNKNOWN (0) and values outside the list give the default, stage_need_default(). */
stage_need stage_need_for_media(int32_t physical_type);
/* No media chosen: a new image is sized for a CD (FSI_DEFAULT_FREE_MEDIA_BLOCKS), so a CD-R at 52x. */
stage_need stage_need_default(void);

typedef enum stage_source_kind {
    STAGE_SOURCE_FILE,   /* a file on a drive, read by path */
    STAGE_SOURCE_STREAM, /* a caller's stream (IStream) */
    STAGE_SOURCE_MEMORY, /* bytes the image holds itself */
} stage_source_kind;

/* A measured rate that was not measured (the probe could not read the source, or did not try). */
#define STAGE_RATE_UNMEASURED UINT64_MAX

typedef struct stage_facts {
    int stage_files;         /* StageFiles when the file was added */
    stage_source_kind kind;
    platform_drive drive;    /* the drive of a file source; ignored for the other kinds */
    uint64_t size;           /* bytes */
    uint64_t rate;           /* bytes per second the source gives for this file, or STAGE_RATE_UNMEASURED */
    stage_need need;
} stage_facts;

typedef enum stage_reason {
    STAGE_REASON_FLAG,        /* staged: StageFiles is on */
    STAGE_REASON_EMPTY,       /* unstaged: an empty file is never read */
    STAGE_REASON_MEMORY,      /* unstaged: the image holds the bytes already */
    STAGE_REASON_REMOVABLE,   /* staged: the drive may be taken away */
    STAGE_REASON_OPTICAL,     /* staged: the drive may be the one burning, or be ejected */
    STAGE_REASON_REMOTE,      /* staged: a network drive may stall or vanish */
    STAGE_REASON_NO_RATE,     /* unstaged: the media needs no sustained rate */
    STAGE_REASON_UNMEASURED,  /* unstaged: the rate could not be measured (a read error shows at image time) */
    STAGE_REASON_SLOW,        /* staged: measured below the rate needed */
    STAGE_REASON_FAST,        /* unstaged: measured at or above the rate needed */
} stage_reason;

typedef struct stage_decision {
    int stage;
    stage_reason reason;
} stage_decision;

/* The table, first rule that applies: StageFiles on -> staged; empty -> unstaged; memory -> unstaged;
 * a file on a removable, optical or network drive -> staged; no rate needed -> unstaged; not measured ->
 * unstaged; rate < needed -> staged; else unstaged. */
stage_decision stage_decide(const stage_facts *facts);
/* Whether stage_decide would look at facts->drive, then at facts->rate (so whether asking is worth it). */
int stage_needs_drive(const stage_facts *facts);
/* Whether stage_decide would look at facts->rate (so whether measuring is worth it). */
int stage_needs_rate(const stage_facts *facts);
/* The reason in words, e.g. "removable drive" or "measured 3.1 MB/s < 8.0 MB/s needed for CD-R at 52x"
 * (MB = 10^6 bytes); returns buf. */
const char *stage_reason_text(const stage_facts *facts, stage_decision decision, char *buf, size_t size);

#endif
