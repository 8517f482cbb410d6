/* UDF reader: descriptor tags judged before anything else of a descriptor is believed (ECMA-167
 * 3/7.2), timestamps (1/7.3) and OSTA Compressed Unicode strings (UDF 2.1.1) read back.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "endian.h"
#include "hresult.h"
#include "import_udf_private.h"
#include "udf_tag.h"

enum { TAG_SIZE = 16 };

/* Why a tag is not the one expected, or NULL when it is. */
static const char *tag_problem(const uint8_t *d, size_t size, uint16_t id, uint32_t location, char *why,
                               size_t why_size)
{
    uint8_t sum = 0;
    for (int i = 0; i < TAG_SIZE; i++)
        if (i != 4)
            sum = (uint8_t)(sum + d[i]);
    if (get_le16(d) != id) {
        snprintf(why, why_size, "its tag identifier is %u, not %u", (unsigned)get_le16(d), (unsigned)id);
        return why;
    }
    if (d[4] != sum) {
        snprintf(why, why_size, "its tag checksum is 0x%02X, not 0x%02X", (unsigned)d[4], (unsigned)sum);
        return why;
    }
    uint16_t crc_length = get_le16(d + 10);
    if (crc_length) { /* a CRC length of 0 means no CRC was recorded */
        if ((size_t)crc_length > size - TAG_SIZE) {
            snprintf(why, why_size, "its CRC length %u runs past its %lu bytes", (unsigned)crc_length,
                     (unsigned long)size);
            return why;
        }
        uint16_t crc = udf_crc(d + TAG_SIZE, crc_length);
        if (crc != get_le16(d + 8)) {
            snprintf(why, why_size, "its CRC is 0x%04X, not 0x%04X", (unsigned)get_le16(d + 8), (unsigned)crc);
            return why;
        }
    }
    if (get_le32(d + 12) != location) {
        snprintf(why, why_size, "its tag location is %u, not %u", (unsigned)get_le32(d + 12), (unsigned)location);
        return why;
    }
    return NULL;
}

fsi_hresult udf_check_tag(udf_reader *r, const uint8_t *d, size_t size, uint16_t id, uint32_t location,
                          const char *what, uint32_t sector)
{
    char why[96];
    if (size < TAG_SIZE)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the %s at sector %u is cut short (%lu bytes)", what, (unsigned)sector,
                        (unsigned long)size);
    if (tag_problem(d, size, id, location, why, sizeof(why)))
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "UDF: the %s at sector %u is damaged: %s",
                        what, (unsigned)sector, why);
    return FSI_S_OK;
}

void udf_note_sectors(udf_reader *r, uint32_t first, uint32_t count)
{
    if (count && first + (count - 1) > r->last_block)
        r->last_block = first + (count - 1);
}

fsi_hresult udf_read_descriptor(udf_reader *r, uint32_t sector, uint16_t id, uint32_t location, const char *what,
                                int *absent)
{
    char why[96];
    fsi_hresult hr;

    if (absent)
        *absent = 0;
    if (sector >= r->disc->end)
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR,
                        "UDF: the %s would be at sector %u, past the last sector %u", what, (unsigned)sector,
                        (unsigned)(r->disc->end - 1));
    hr = r->disc->read(r->disc->ctx, sector, 1, r->block, r->err);
    if (hr < 0)
        return hr;
    if (tag_problem(r->block, FSI_BLOCK_SIZE, id, location, why, sizeof(why))) {
        if (absent) {
            *absent = 1;
            return FSI_S_OK;
        }
        return fsi_fail(r->err, IMAPI_E_FILE_SYSTEM_READ_CONSISTENCY_ERROR, "UDF: the %s at sector %u is damaged: %s",
                        what, (unsigned)sector, why);
    }
    udf_note_sectors(r, sector, 1);
    return FSI_S_OK;
}

/* Days from 1601-01-01 to year-month-day of the proleptic Gregorian calendar: whole 400-year cycles of
 * 146097 days, the year counted from March so that the leap day ends it. */
static int64_t days_since_1601(int64_t year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = y / 400; /* year >= 1: y is never negative */
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    /* 584694: the same count from 0000-03-01 to 1601-01-01 (719468 to 1970, less 134774 from 1601). */
    return era * 146097 + day_of_era - 584694;
}

static int days_in_month(int year, int month)
{
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

fsi_time udf_timestamp_to_fsi(const uint8_t ts[12])
{
    uint16_t type_zone = get_le16(ts);
    int type = type_zone >> 12;
    int zone = type_zone & 0x0FFF;
    int year = (int16_t)get_le16(ts + 2);
    int month = ts[4], day = ts[5], hour = ts[6], minute = ts[7], second = ts[8];

    if (zone & 0x800)
        zone -= 0x1000; /* 12-bit two's complement minutes east of UTC */
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59 || ts[9] > 99 || ts[10] > 99 || ts[11] > 99)
        return 0;
    int64_t seconds = (days_since_1601(year, month, day) * 24 + hour) * 3600 + minute * 60 + second;
    /* Type 1 is local time at the recorded offset (-2047: none recorded, taken as UTC); type 0 is UTC. */
    if (type == 1 && zone >= -1440 && zone <= 1440)
        seconds -= (int64_t)zone * 60;
    int64_t t = seconds * 10000000 + ts[9] * 100000 + ts[10] * 1000 + ts[11] * 10;
    return t > 0 ? t : 0;
}

int udf_cs0_decode(const uint8_t *cs0, size_t len, fsi_char *out, size_t max)
{
    size_t n;
    int wide;

    if (len == 0) {
        out[0] = 0;
        return 0;
    }
    /* 254 and 255 (UDF 2.50 2.1.1) are 8 and 16 for the names of deleted files. */
    if (cs0[0] == 8 || cs0[0] == 254)
        wide = 0;
    else if (cs0[0] == 16 || cs0[0] == 255)
        wide = 1;
    else
        return -1;
    if (wide && (len - 1) % 2)
        return -1;
    n = wide ? (len - 1) / 2 : len - 1;
    if (n > max)
        return -1;
    for (size_t i = 0; i < n; i++) {
        out[i] = wide ? get_be16(cs0 + 1 + 2 * i) : cs0[1 + i];
        if (out[i] == 0)
            return -1;
    }
    out[n] = 0;
    return (int)n;
}
