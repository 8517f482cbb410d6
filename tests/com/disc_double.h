/* A disc double for the multisession tests: a multisession object over an image held in memory
 * (IMultisessionSequential2, IMultisessionSequential, IMultisession, IDispatch) and its import recorder
 * (IDiscRecorder2 and IDiscRecorder2Ex, whose SendCommandGetDataFromDevice answers READ(10) and READ(12)
 * from the image and fails every other command with sense data). Every property the component reads is
 * a field the test sets; the recorder counts the reads it is asked for.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DISC_DOUBLE_H
#define DISC_DOUBLE_H

#include "testlib.h"
#include "imapi2_multisession.h"

/* Which multisession interfaces the object answers besides IMultisession and IDispatch. */
enum disc_double_kind {
    DISC_SEQUENTIAL2, /* IMultisessionSequential2 and IMultisessionSequential (what IMAPI2 gives for CD-R, DVD±R...) */
    DISC_SEQUENTIAL,  /* IMultisessionSequential only */
    DISC_RANDOM,      /* IMultisessionRandomWrite: a kind the file-system image does not support */
};

struct disc_double {
    IMultisessionSequential2 IMultisessionSequential2_iface; /* also IMultisessionSequential, IMultisession */
    IMultisessionRandomWrite IMultisessionRandomWrite_iface;
    IDiscRecorder2 IDiscRecorder2_iface;     /* the import recorder (shares this object's lifetime) */
    IDiscRecorder2Ex IDiscRecorder2Ex_iface;
    LONG ref;

    /* What the multisession object reports (the test may change any of them at any time). */
    enum disc_double_kind kind;
    VARIANT_BOOL supported;       /* IsSupportedOnCurrentMediaState */
    VARIANT_BOOL in_use;          /* InUse (put_InUse stores here) */
    VARIANT_BOOL first_data_session;
    LONG start_of_previous;       /* StartAddressOfPreviousSession */
    LONG last_written_of_previous; /* LastWrittenAddressOfPreviousSession */
    LONG next_writable;           /* NextWritableAddress */
    LONG free_sectors;            /* FreeSectorsOnMedia */
    LONG write_unit_size;         /* WriteUnitSize */
    DISPID failing_property;      /* a DISPID_IMULTISESSION_* whose getter answers E_FAIL; 0: none */
    BOOL no_recorder;             /* ImportRecorder answers E_FAIL */
    BOOL recorder_without_ex;     /* the recorder does not answer IDiscRecorder2Ex */

    /* The recorder: its current profile (0: none, no medium) and the disc's sectors. */
    LONG profile;
    BYTE *sectors;                /* heap; sector_count * 2048 bytes */
    ULONG sector_count;
    LONG failing_sector;          /* a READ covering it fails with a medium error; -1: none */

    /* What the recorder was asked. */
    ULONG reads;                  /* READ(10)/READ(12) commands */
    ULONG other_commands;
    ULONG last_read_lba, last_read_count;
};

/* A double over a copy of the bytes (a partial last sector reads zero-padded), as a sequential2 disc
 * with the session [0, sectors) written, supported, not in use, on CD-R (profile 0x09), next writable
 * address sectors + 150 (a run-out gap), free sectors 100000, write unit 16. One reference. */
struct disc_double *disc_double_create(const void *image, SIZE_T size);
/* The same over a file's bytes; NULL (after an ok() failure) if it cannot be read. */
struct disc_double *disc_double_from_file(const WCHAR *path);
void disc_double_release(struct disc_double *disc);

/* The object as a client hands it over: its IDispatch (a new reference). */
IDispatch *disc_double_dispatch(struct disc_double *disc);
/* A one-dimensional SAFEARRAY of VARIANT(VT_DISPATCH) holding the given objects (count of them). */
SAFEARRAY *multisession_array(IDispatch **objects, LONG count);
/* The same for one or two doubles. */
SAFEARRAY *multisession_array_of(struct disc_double *first, struct disc_double *second);

#endif
