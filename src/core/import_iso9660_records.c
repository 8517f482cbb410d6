/* ECMA-119 directory records (§9.1) as the ISO 9660 / Joliet reader meets them: each length checked
 * against the bytes that hold it before any field is trusted. SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "endian.h"
#include "import_iso9660.h"

enum {
    OFFSET_EXTENDED_ATTRIBUTES = 1,
    OFFSET_EXTENT = 2,
    OFFSET_DATA_LENGTH = 10,
    OFFSET_DATE = 18,
    OFFSET_FLAGS = 25,
    OFFSET_FILE_UNIT_SIZE = 26,
    OFFSET_INTERLEAVE_GAP = 27,
    OFFSET_ID_LENGTH = 32,
    OFFSET_ID = 33,
};

const char *iso_record_parse(const uint8_t *bytes, size_t avail, iso_record *out)
{
    size_t length = bytes[0];
    if (length < ISO_RECORD_MIN)
        return "its length is below the 34 bytes of the smallest record";
    if (length > avail)
        return "it runs past the end of its sector or of the directory's data";
    size_t id_len = bytes[OFFSET_ID_LENGTH];
    if (id_len == 0)
        return "its identifier is empty";
    if (OFFSET_ID + id_len > length)
        return "its identifier runs past the end of the record";
    /* The extended attribute record fills the first blocks of the extent; the data follows it. */
    uint64_t lba = (uint64_t)get_le32(bytes + OFFSET_EXTENT) + bytes[OFFSET_EXTENDED_ATTRIBUTES];
    if (lba >= ISO_SECTOR_FREE)
        return "its extent lies beyond any disc";
    out->lba = (uint32_t)lba;
    out->length = get_le32(bytes + OFFSET_DATA_LENGTH);
    out->flags = bytes[OFFSET_FLAGS];
    out->interleaved = bytes[OFFSET_FILE_UNIT_SIZE] != 0 || bytes[OFFSET_INTERLEAVE_GAP] != 0;
    out->date = bytes + OFFSET_DATE;
    out->id = bytes + OFFSET_ID;
    out->id_len = (uint8_t)id_len;
    return NULL;
}

int iso_record_is_dot(const iso_record *r) { return r->id_len == 1 && (r->id[0] == 0 || r->id[0] == 1); }
