/* A walk over the directory records of an ISO 9660 or Joliet tree held in memory, so tests can check
 * what the image itself records (dates, flags) without trusting any reader of ours.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef ISO_RECORDS_H
#define ISO_RECORDS_H

#include "testlib.h"

enum { ISO_PVD_BLOCK = 16, JOLIET_SVD_BLOCK = 17 };

/* ECMA-119 9.1.6 file flags. */
enum { ISO_FLAG_HIDDEN = 0x01, ISO_FLAG_DIRECTORY = 0x02 };

struct iso_record {
    WCHAR name[256];   /* identifier without its ";N" version; "." and ".." for the self and parent records */
    WCHAR parent[512]; /* "\"-separated path of the directory holding the record, "" for the root */
    BYTE date[7];      /* recording date: years since 1900, month, day, hour, minute, second, GMT offset */
    BYTE flags;
    DWORD extent, size;
};

typedef void (*iso_record_visitor)(const struct iso_record *record, void *context);

/* Visits every record of every directory below the root of the volume descriptor at `descriptor_block`
 * (names in UCS-2 big-endian when `joliet`), each directory's "." and ".." included. ok()-fails and
 * returns FALSE when the image is malformed (a record or extent outside the image, a tree too deep). */
BOOL iso_walk(const BYTE *image, ULONGLONG size, DWORD descriptor_block, BOOL joliet, iso_record_visitor visit,
              void *context);

#endif
