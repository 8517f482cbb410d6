/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "udf_names.h"

#include "tree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence of up to three bytes (all libudfread writes) into a 16-bit unit; returns the
 * bytes used, or 0 when the sequence is broken. */
static size_t decode_unit(const unsigned char *p, uint32_t *unit)
{
    if (p[0] < 0x80) {
        *unit = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
        *unit = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
        return 2;
    }
    if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *unit = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        return 3;
    }
    return 0;
}

static size_t encode_utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_high_surrogate(uint32_t unit)
{
    return unit >= 0xD800 && unit <= 0xDBFF;
}

static bool is_low_surrogate(uint32_t unit)
{
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

char *udf_name_to_utf8(const char *mutf8)
{
    const unsigned char *p = (const unsigned char *)mutf8;
    char *out = checked(malloc(strlen(mutf8) + 1)); /* a pair's 6 bytes become 4: never longer */
    size_t length = 0;

    while (*p) {
        uint32_t unit, low;
        size_t used = decode_unit(p, &unit), low_used;

        if (!used || unit == 0 || is_low_surrogate(unit))
            goto bad;
        p += used;
        if (is_high_surrogate(unit)) {
            low_used = decode_unit(p, &low);
            if (!low_used || !is_low_surrogate(low))
                goto bad;
            p += low_used;
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        length += encode_utf8(unit, out + length);
    }
    out[length] = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

size_t udf_cs0_size(const char *utf8)
{
    size_t characters = 0;
    bool narrow = true;

    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        characters++;
        if (*p > 0xC3)  /* a lead byte above C3 starts a character above U+00FF */
            narrow = false;
    }
    return 1 + (narrow ? characters : 2 * utf16_length(utf8));
}

enum udf_name_match udf_name_match(const char *image, const char *source, size_t limit)
{
    size_t image_length = strlen(image);

    if (!strcmp(image, source))
        return UDF_NAME_SAME;
    if (udf_cs0_size(source) <= limit || image_length == 0 || image_length >= strlen(source)
        || strncmp(image, source, image_length) != 0 || (source[image_length] & 0xC0) == 0x80)
        return UDF_NAME_DIFFERENT;
    return UDF_NAME_CUT;
}
