/* import_identify: which file systems a session carries, from its descriptors alone (import.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Nothing here follows a pointer of the disc: only the sectors at fixed places are read (the volume
 * descriptors from the session's sector 16, the UDF anchor at its sector 256), one at a time, each
 * checked against disc->end first. Whether the structures behind the descriptors hold together is the
 * readers' business; a reader may still refuse what this names.
 */
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import.h"
#include "udf_tag.h"

enum {
    FIRST_DESCRIPTOR = 16, /* ECMA-119 6.2.1 and ECMA-167 2/8.3: the system area comes first */
    ANCHOR_SECTOR = 256,   /* ECMA-167 3/8.4.2.1; UDF 2.2.3: the one anchor a multisession disc has */
    /* Writers record a handful of descriptors; a run of sectors this long that never ends its set is
     * taken as not a descriptor set rather than read to the anchor and beyond. */
    MAX_DESCRIPTORS = 128,
    TYPE_PRIMARY = 1,
    TYPE_SUPPLEMENTARY = 2,
    TYPE_TERMINATOR = 255,
    JOLIET_ESCAPES = 88, /* offset of the escape sequences in a supplementary descriptor (ECMA-119 8.5.6) */
    TAG_SIZE = 16,
};

/* 1: sector lba of the session (relative) was read into buf; 0: it lies past the disc's end. */
static fsi_hresult read_session_sector(const fsi_disc *disc, uint32_t relative, uint8_t *buf, fsi_error *err)
{
    uint64_t lba = (uint64_t)disc->session_start + relative;
    if (lba >= disc->end || !disc->read)
        return 0;
    fsi_hresult hr = disc->read(disc->ctx, (uint32_t)lba, 1, buf, err);
    return hr < 0 ? hr : 1;
}

static int is_iso_descriptor(const uint8_t *sector)
{
    return !memcmp(sector + 1, "CD001", 5) && sector[6] == 1;
}

/* Joliet (its specification, 5.3): a UCS-2 level 1, 2 or 3 escape at the head of the field. */
static int has_joliet_escape(const uint8_t *sector)
{
    static const char *const escapes[] = {"%/@", "%/C", "%/E"};
    for (int i = 0; i < 3; i++)
        if (!memcmp(sector + JOLIET_ESCAPES, escapes[i], 3))
            return 1;
    return 0;
}

/* ECMA-119 8.1: the volume descriptor set, up to its terminator. A sector that is no descriptor ends
 * it too, as a set cut short still says what it held before. */
static fsi_hresult scan_iso_descriptors(const fsi_disc *disc, uint8_t *sector, uint32_t *found, fsi_error *err)
{
    for (uint32_t i = 0; i < MAX_DESCRIPTORS; i++) {
        fsi_hresult hr = read_session_sector(disc, FIRST_DESCRIPTOR + i, sector, err);
        if (hr <= 0)
            return hr;
        if (!is_iso_descriptor(sector) || sector[0] == TYPE_TERMINATOR)
            return FSI_S_OK;
        if (sector[0] == TYPE_PRIMARY)
            *found |= FSI_FS_ISO9660;
        else if (sector[0] == TYPE_SUPPLEMENTARY && has_joliet_escape(sector))
            *found |= FSI_FS_JOLIET;
    }
    return FSI_S_OK;
}

/* ECMA-167 2/8.3: the volume recognition sequence is the CD001 descriptors, then an extended area
 * from BEA01 to TEA01 in which NSR02 (ECMA-167 2nd edition, UDF 1.02/1.50) or NSR03 (3rd edition,
 * UDF 2.00 and later) says the volume is ECMA-167's. Only the identifiers are judged: other descriptors
 * of the area (BOOT2, CDW02) are passed over, and an unrecorded sector ends the sequence. */
static fsi_hresult scan_recognition_sequence(const fsi_disc *disc, uint8_t *sector, int *nsr, fsi_error *err)
{
    int in_extended_area = 0;
    *nsr = 0;
    for (uint32_t i = 0; i < MAX_DESCRIPTORS; i++) {
        fsi_hresult hr = read_session_sector(disc, FIRST_DESCRIPTOR + i, sector, err);
        if (hr <= 0)
            return hr;
        const uint8_t *id = sector + 1;
        if (!in_extended_area) {
            if (!memcmp(id, "BEA01", 5))
                in_extended_area = 1;
            else if (memcmp(id, "CD001", 5))
                return FSI_S_OK;
            continue;
        }
        if (!memcmp(id, "TEA01", 5))
            return FSI_S_OK;
        if (!memcmp(id, "NSR02", 5) || !memcmp(id, "NSR03", 5))
            *nsr = 1;
        else if (!memcmp(id, "\0\0\0\0\0", 5))
            break;
    }
    *nsr = 0; /* an extended area never closed by its TEA01 */
    return FSI_S_OK;
}

/* ECMA-167 3/7.2: an anchor volume descriptor pointer whose tag is whole: identifier 2, checksum of the
 * tag, CRC of the descriptor (as far as its CRC length says, within the sector), and the location it
 * claims being the sector it was read from (absolute on the disc: a copy of an image moved to another
 * place on the disc keeps the location of its first place, and every address in it is wrong there). */
static int is_anchor(const uint8_t *sector, uint32_t lba)
{
    uint8_t sum = 0;
    for (int i = 0; i < TAG_SIZE; i++)
        if (i != 4)
            sum = (uint8_t)(sum + sector[i]);
    uint16_t crc_length = get_le16(sector + 10);
    return get_le16(sector) == UDF_TAG_ANCHOR && sum == sector[4] && get_le32(sector + 12) == lba &&
           crc_length <= FSI_BLOCK_SIZE - TAG_SIZE && udf_crc(sector + TAG_SIZE, crc_length) == get_le16(sector + 8);
}

fsi_hresult import_identify(const fsi_disc *disc, uint32_t *file_systems, fsi_error *err)
{
    uint8_t sector[FSI_BLOCK_SIZE];
    uint32_t found = 0;
    int nsr = 0;

    *file_systems = 0;
    fsi_hresult hr = scan_iso_descriptors(disc, sector, &found, err);
    if (hr >= 0)
        hr = scan_recognition_sequence(disc, sector, &nsr, err);
    if (hr >= 0 && nsr) {
        hr = read_session_sector(disc, ANCHOR_SECTOR, sector, err);
        if (hr > 0 && is_anchor(sector, disc->session_start + ANCHOR_SECTOR))
            found |= FSI_FS_UDF;
    }
    if (hr < 0)
        return hr;
    *file_systems = found;
    return FSI_S_OK;
}
