/* OSTA Compressed Unicode. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "endian.h"
#include "udf_cs0.h"

/* The suffix is ASCII, so only the name decides the form. */
static int all_below_256(const fsi_char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] > 0xFF)
            return 0;
    return 1;
}

size_t udf_cs0_encode(const fsi_char *s, size_t len, const char *suffix, uint8_t *out, size_t max, int *cut)
{
    int wide = !all_below_256(s, len);
    size_t unit = wide ? 2 : 1, suffix_len = suffix ? strlen(suffix) : 0;
    size_t room = max < 1 + suffix_len * unit ? 0 : (max - 1) / unit - suffix_len;
    size_t n = len;

    if (n > room) {
        n = room;
        if (n > 0 && s[n - 1] >= 0xD800 && s[n - 1] < 0xDC00)
            n--;
    }
    if (cut)
        *cut = n < len;
    out[0] = wide ? 16 : 8;
    for (size_t i = 0; i < n; i++) {
        if (wide)
            put_be16(out + 1 + 2 * i, s[i]);
        else
            out[1 + i] = (uint8_t)s[i];
    }
    for (size_t i = 0; i < suffix_len; i++) {
        if (wide)
            put_be16(out + 1 + 2 * (n + i), (uint8_t)suffix[i]);
        else
            out[1 + n + i] = (uint8_t)suffix[i];
    }
    return 1 + (n + suffix_len) * unit;
}

void udf_put_dstring(uint8_t *field, size_t size, const fsi_char *s)
{
    size_t len = s ? fsi_strlen16(s) : 0;
    memset(field, 0, size);
    if (len == 0)
        return;
    field[size - 1] = (uint8_t)udf_cs0_encode(s, len, NULL, field, size - 1, NULL);
}

void udf_put_dstring_ascii(uint8_t *field, size_t size, const char *s)
{
    size_t len = strlen(s);
    memset(field, 0, size);
    if (len == 0)
        return;
    if (len > size - 2)
        len = size - 2;
    field[0] = 8;
    memcpy(field + 1, s, len);
    field[size - 1] = (uint8_t)(len + 1);
}

static unsigned unit_at(const uint8_t *cs0, size_t i)
{
    unsigned u = cs0[0] == 16 ? get_be16(cs0 + 1 + 2 * i) : cs0[1 + i];
    return u >= 'a' && u <= 'z' ? u - 'a' + 'A' : u;
}

int udf_cs0_same(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    size_t na = a[0] == 16 ? (a_len - 1) / 2 : a_len - 1;
    size_t nb = b[0] == 16 ? (b_len - 1) / 2 : b_len - 1;
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (unit_at(a, i) != unit_at(b, i))
            return 0;
    return 1;
}
