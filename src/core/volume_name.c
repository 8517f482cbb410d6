/* The volume label: what the caller may set, and how each file system records it.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "image.h"
#include "message.h"
#include "platform.h"

enum {
    MAX_VOLUME_NAME = 32,  /* the ISO 9660 volume identifier field */
    MAX_JOLIET_LABEL = 16, /* 32 bytes of UCS-2 */
    MAX_UDF_LABEL = 126,   /* a 128-byte dstring of 16-bit characters */
};

static int label_char_is_allowed(fsi_char c)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return 0;
    return c >= 0x80 || !strchr("*?/\\:\"<>|", (char)c);
}

fsi_hresult fsi_image_set_volume_name(fsi_image *img, const fsi_char *name, fsi_error *err)
{
    size_t len = name ? fsi_strlen16(name) : 0, i;
    message_text text;
    fsi_char *copy = NULL;
    if (len > MAX_VOLUME_NAME)
        return fsi_fail(err, IMAPI_E_INVALID_VOLUME_NAME,
                        "the volume name '%s' has %lu characters; at most %d are allowed",
                        message_utf8(name, &text), (unsigned long)len, MAX_VOLUME_NAME);
    for (i = 0; i < len; i++)
        if (!label_char_is_allowed(name[i]))
            return fsi_fail(err, IMAPI_E_INVALID_VOLUME_NAME,
                            "the volume name '%s' has a character not allowed in a label (U+%04X)",
                            message_utf8(name, &text), (unsigned)name[i]);
    if (len && !(copy = fsi_strdup16(name)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for the volume name");
    free(img->volume_name);
    img->volume_name = copy;
    img->generated_label[0] = 0;
    return FSI_S_OK;
}

const fsi_char *fsi_image_volume_name(const fsi_image *img)
{
    return img->volume_name;
}

/* Days since 1601-01-01 to a civil date (proleptic Gregorian), counting in 400-year eras that
 * start on a 1st of March so that the leap day is the last day of each year. */
static void civil_from_days(int64_t days, int *year, int *month, int *day)
{
    const int64_t days_0000_03_01_to_1601_01_01 = 584694;
    int64_t z = days + days_0000_03_01_to_1601_01_01;
    int64_t era = z / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

/* "YYYYMMDD_HHMM" (UTC) from the clock: d-characters only, so every file system keeps it whole. */
static void generate_label(fsi_char out[16])
{
    const int64_t ticks_per_minute = 600000000;
    int64_t minutes = platform_now() / ticks_per_minute;
    int year, month, day, i;
    char text[64]; /* 13 used; room for what the compiler cannot rule out */
    civil_from_days(minutes / 1440, &year, &month, &day);
    snprintf(text, sizeof(text), "%04d%02d%02d_%02d%02d", year % 10000, month, day,
             (int)(minutes % 1440 / 60), (int)(minutes % 60));
    for (i = 0; text[i]; i++)
        out[i] = (fsi_char)text[i];
    out[i] = 0;
}

static int is_d_character(fsi_char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

fsi_hresult fsi_image_volume_name_for(fsi_image *img, uint32_t file_system, fsi_char **out, fsi_error *err)
{
    const fsi_char *label = img->volume_name;
    size_t len, max, i;
    fsi_char *result;
    if (file_system != FSI_FS_ISO9660 && file_system != FSI_FS_JOLIET && file_system != FSI_FS_UDF)
        return fsi_fail(err, IMAPI_E_INVALID_PARAM, "file system 0x%X is not one of 1, 2 or 4",
                        (unsigned)file_system);
    if (!label) {
        if (!img->generated_label[0])
            generate_label(img->generated_label);
        label = img->generated_label;
    }
    len = fsi_strlen16(label);
    max = file_system == FSI_FS_ISO9660 ? MAX_VOLUME_NAME
          : file_system == FSI_FS_JOLIET ? MAX_JOLIET_LABEL
                                         : MAX_UDF_LABEL;
    if (len > max) {
        len = max;
        if (label[len - 1] >= 0xD800 && label[len - 1] <= 0xDBFF)
            len--; /* never split a surrogate pair */
    }
    result = malloc((len + 1) * sizeof(fsi_char));
    if (!result)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for a volume label");
    for (i = 0; i < len; i++) {
        fsi_char c = label[i];
        if (file_system == FSI_FS_ISO9660) {
            if (c >= 'a' && c <= 'z')
                c = (fsi_char)(c - 'a' + 'A');
            if (!is_d_character(c))
                c = '_';
        }
        result[i] = c;
    }
    result[len] = 0;
    *out = result;
    return FSI_S_OK;
}
