/* UTF-16 strings (what a BSTR holds) and their conversion to and from UTF-8.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "fsi_core.h"

void fsi_free(void *p)
{
    free(p);
}

size_t fsi_strlen16(const fsi_char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

fsi_char *fsi_strdup16(const fsi_char *s)
{
    size_t bytes = (fsi_strlen16(s) + 1) * sizeof(fsi_char);
    fsi_char *copy = malloc(bytes);
    if (copy)
        memcpy(copy, s, bytes);
    return copy;
}

static int is_high_surrogate(uint32_t c)
{
    return c >= 0xD800 && c <= 0xDBFF;
}

static int is_low_surrogate(uint32_t c)
{
    return c >= 0xDC00 && c <= 0xDFFF;
}

/* Encodes one code point; returns its length, or 0 if it does not fit in room bytes. */
static size_t put_utf8(uint32_t cp, char *out, size_t room)
{
    size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (len > room)
        return 0;
    switch (len) {
    case 1:
        out[0] = (char)cp;
        break;
    case 2:
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        break;
    case 3:
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        break;
    default:
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        break;
    }
    return len;
}

void fsi_utf16_to_utf8(const fsi_char *s, char *out, size_t out_size)
{
    size_t used = 0;
    if (out_size == 0)
        return;
    while (s && *s) {
        uint32_t cp = *s++;
        size_t len;
        if (is_high_surrogate(cp) && is_low_surrogate(*s))
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*s++ - 0xDC00);
        else if (is_high_surrogate(cp) || is_low_surrogate(cp))
            cp = 0xFFFD;
        len = put_utf8(cp, out + used, out_size - 1 - used);
        if (!len)
            break; /* truncate at a whole character */
        used += len;
    }
    out[used] = 0;
}

/* Decodes one UTF-8 sequence at *p; malformed bytes give U+FFFD and advance by one. */
static uint32_t next_code_point(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp, min;
    size_t extra, i;
    if (s[0] < 0x80) {
        *p = s + 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        cp = s[0] & 0x1F, extra = 1, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        cp = s[0] & 0x0F, extra = 2, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        cp = s[0] & 0x07, extra = 3, min = 0x10000;
    } else {
        *p = s + 1;
        return 0xFFFD;
    }
    for (i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *p = s + 1 + extra;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    return cp;
}

fsi_char *fsi_utf8_to_utf16(const char *s)
{
    /* Every UTF-16 unit needs at least one UTF-8 byte, so strlen + 1 units always suffice. */
    fsi_char *out = malloc((strlen(s) + 1) * sizeof(fsi_char));
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    if (!out)
        return NULL;
    while (*p) {
        uint32_t cp = next_code_point(&p);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[n++] = (fsi_char)(0xD800 + (cp >> 10));
            out[n++] = (fsi_char)(0xDC00 + (cp & 0x3FF));
        } else {
            out[n++] = (fsi_char)cp;
        }
    }
    out[n] = 0;
    return out;
}
