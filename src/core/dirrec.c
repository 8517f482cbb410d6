/* ECMA-119 directory records. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "dirrec.h"
#include "endian.h"

enum { VOLUME_SEQUENCE_NUMBER = 1 };

size_t dirrec_write(uint8_t *out, const dirrec *r)
{
    size_t len = dirrec_length(r->id_len);
    memset(out, 0, len);
    out[0] = (uint8_t)len;
    put_both32(out + 2, r->extent);
    put_both32(out + 10, r->size);
    dirrec_date(out + 18, r->recorded);
    out[25] = r->flags;
    put_both16(out + 28, VOLUME_SEQUENCE_NUMBER);
    out[32] = r->id_len;
    memcpy(out + 33, r->id, r->id_len);
    return len;
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b < 0); }

civil_time civil_from_fsi_time(fsi_time t)
{
    enum { TICKS_PER_SECOND = 10000000 };
    /* Days from 1601-01-01 to 1970-01-01. */
    const int64_t days_1601_to_1970 = 134774;
    civil_time c;
    int64_t seconds = floor_div(t, TICKS_PER_SECOND);
    int64_t ticks = t - seconds * TICKS_PER_SECOND;
    int64_t days = floor_div(seconds, 86400) - days_1601_to_1970;
    int64_t in_day = seconds - floor_div(seconds, 86400) * 86400;

    /* Civil date from days since 1970-01-01, counting in 400-year eras that start on March 1st. */
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153;
    c.day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    c.month = (int)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    c.year = (int)(year_of_era + era * 400 + (c.month <= 2));
    c.hour = (int)(in_day / 3600);
    c.minute = (int)(in_day / 60 % 60);
    c.second = (int)(in_day % 60);
    c.hundredths = (int)(ticks / 100000);
    if (c.year < 1900)
        c = (civil_time){1900, 1, 1, 0, 0, 0, 0};
    else if (c.year > 9999)
        c = (civil_time){9999, 12, 31, 23, 59, 59, 99};
    return c;
}

void dirrec_date(uint8_t out[7], fsi_time t)
{
    civil_time c = civil_from_fsi_time(t);
    int years = c.year - 1900;
    if (years > 255) { /* the field holds 1900..2155 */
        c = (civil_time){2155, 12, 31, 23, 59, 59, 0};
        years = 255;
    }
    out[0] = (uint8_t)years;
    out[1] = (uint8_t)c.month;
    out[2] = (uint8_t)c.day;
    out[3] = (uint8_t)c.hour;
    out[4] = (uint8_t)c.minute;
    out[5] = (uint8_t)c.second;
    out[6] = 0;
}
