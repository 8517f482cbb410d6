/* Names, volume labels and dates of an ISO 9660 / Joliet session, turned into what import.h gives.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "endian.h"
#include "import_iso9660.h"

/* Identifier bytes -> code units: ISO 9660 d-characters as they are, Joliet UCS-2 big-endian (an odd
 * last byte belongs to no unit and is dropped). */
static size_t units_of(const uint8_t *id, size_t len, int joliet, fsi_char *out)
{
    size_t n = 0;
    if (!joliet) {
        for (size_t i = 0; i < len; i++)
            out[n++] = id[i];
    } else {
        for (size_t i = 0; i + 1 < len; i += 2)
            out[n++] = get_be16(id + i);
    }
    return n;
}

int iso_record_name_has_nul(const iso_record *r, int joliet)
{
    fsi_char units[255];
    size_t n = units_of(r->id, r->id_len, joliet, units);
    for (size_t i = 0; i < n; i++)
        if (units[i] == 0)
            return 1;
    return n == 0;
}

/* §7.5.1: a file identifier ends with ";" and a version number. Joliet writers (genisoimage) keep it
 * too; a ';' not followed by digits alone is part of the name. */
static size_t without_version(const fsi_char *units, size_t n)
{
    size_t i = n;
    while (i > 0 && units[i - 1] >= '0' && units[i - 1] <= '9')
        i--;
    return i > 0 && units[i - 1] == ';' ? i - 1 : n;
}

fsi_char *iso_record_name(const iso_record *r, int joliet)
{
    fsi_char *name = malloc(((size_t)r->id_len + 1) * sizeof *name);
    if (!name)
        return NULL;
    size_t n = units_of(r->id, r->id_len, joliet, name);
    if (!(r->flags & ISO_FLAG_DIRECTORY)) {
        n = without_version(name, n);
        /* §7.5.1: "NAME." is how ISO 9660 records a file name without extension. */
        if (!joliet && n > 1 && name[n - 1] == '.')
            n--;
    }
    name[n] = 0;
    return name;
}

void iso_volume_name(const uint8_t field[32], int joliet, fsi_char out[129])
{
    size_t n = units_of(field, 32, joliet, out);
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == 0))
        n--;
    out[n] = 0;
}

/* Days from 1601-01-01 to the date (proleptic Gregorian), counting 400-year eras that start on March 1st
 * so that the leap day falls at the end of each counted year. */
static int64_t days_since_1601(int64_t year, int64_t month, int64_t day)
{
    const int64_t days_0000_03_01_to_1601_01_01 = 584694;
    int64_t y = year - (month <= 2);
    int64_t era = y / 400; /* y >= 1899: no negative division */
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - days_0000_03_01_to_1601_01_01;
}

fsi_time iso_record_time(const uint8_t date[7])
{
    enum { TICKS_PER_SECOND = 10000000, MINUTES_PER_OFFSET_UNIT = 15 };
    static const uint8_t month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = date[1], day = date[2], hour = date[3], minute = date[4], second = date[5];
    int offset = (int8_t)date[6];

    /* A field out of range means the writer recorded no date: reading it as one would invent a time. */
    if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1] || hour > 23 || minute > 59 ||
        second > 59)
        return 0;
    if (offset < -48 || offset > 52) /* §9.1.5: -12 h to +13 h; anything else taken as GMT */
        offset = 0;
    int64_t seconds = days_since_1601(1900 + date[0], month, day) * 86400 + hour * 3600 + minute * 60 + second -
                      (int64_t)offset * MINUTES_PER_OFFSET_UNIT * 60;
    return seconds * TICKS_PER_SECOND;
}
