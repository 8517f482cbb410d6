/* ISO 9660 identifiers from model names (ECMA-119 §7.5, §7.6). SPDX-License-Identifier: LGPL-2.1-or-later */
#include "iso_names.h"

enum {
    LEVEL1_NAME = 8,
    LEVEL1_EXT = 3,
    LEVEL2_NAME_AND_EXT = 30, /* §7.5.1: the separators are not counted */
    LEVEL2_DIR = 31,          /* §7.6.3 */
    MIN_KEPT_EXT = 3,         /* a long name keeps at least this much of its extension */
};

static int is_high_surrogate(fsi_char c) { return c >= 0xD800 && c <= 0xDBFF; }
static int is_low_surrogate(fsi_char c) { return c >= 0xDC00 && c <= 0xDFFF; }

/* One d-character for the character at s[*i] (a surrogate pair counts as one); *i moves past it.
 * Sets *lossy when anything other than letter case changed. */
static fsi_char d_character(const fsi_char *s, size_t *i, int *lossy)
{
    fsi_char c = s[*i];
    (*i)++;
    if (c >= 'a' && c <= 'z')
        return (fsi_char)(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
        return c;
    if (is_high_surrogate(c) && is_low_surrogate(s[*i]))
        (*i)++;
    *lossy = 1;
    return '_';
}

/* Appends the d-characters of s[from, to) to out, at most max of them. */
static void append_mapped(const fsi_char *s, size_t from, size_t to, size_t max, mapped_name *out,
                          int *lossy)
{
    size_t i = from, added = 0;
    while (i < to) {
        fsi_char c = d_character(s, &i, lossy);
        if (added == max) {
            *lossy = 1;
            return;
        }
        out->units[out->len++] = c;
        added++;
    }
}

/* Characters that map to d-characters in s[from, to) (a surrogate pair is one). */
static size_t mapped_length(const fsi_char *s, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++, n++)
        if (is_high_surrogate(s[i]) && i + 1 < to && is_low_surrogate(s[i + 1]))
            i++;
    return n;
}

void iso_map_name(const fsi_char *name, int is_dir, int level, mapped_name *out)
{
    size_t len = fsi_strlen16(name), dot = len;
    int lossy = 0;

    out->len = 0;
    if (!is_dir)
        for (size_t i = len; i > 0; i--)
            if (name[i - 1] == '.') {
                dot = i - 1;
                break;
            }

    if (is_dir) {
        size_t max = level == 1 ? LEVEL1_NAME : LEVEL2_DIR;
        append_mapped(name, 0, len, max, out, &lossy);
        out->ext_len = 0;
        out->max_len = (uint16_t)max;
    } else {
        size_t name_len = mapped_length(name, 0, dot);
        size_t ext_len = dot < len ? mapped_length(name, dot + 1, len) : 0;
        size_t max_name = LEVEL1_NAME, max_ext = LEVEL1_EXT;
        if (level != 1) {
            max_ext = ext_len;
            if (name_len + ext_len > LEVEL2_NAME_AND_EXT) {
                size_t room = name_len < LEVEL2_NAME_AND_EXT ? LEVEL2_NAME_AND_EXT - name_len : 0;
                max_ext = room > MIN_KEPT_EXT ? room : MIN_KEPT_EXT;
                if (max_ext > ext_len)
                    max_ext = ext_len;
            }
            max_name = LEVEL2_NAME_AND_EXT - max_ext;
        }
        append_mapped(name, 0, dot, max_name, out, &lossy);
        size_t kept_ext = 0;
        if (ext_len > 0) {
            size_t before = out->len;
            out->units[out->len++] = '.';
            append_mapped(name, dot + 1, len, max_ext, out, &lossy);
            kept_ext = out->len - before;
        } else if (dot < len) {
            lossy = 1; /* a trailing dot */
        }
        out->ext_len = (uint16_t)kept_ext;
        out->max_len = (uint16_t)(kept_ext + max_name);
    }
    if (out->len == 0) {
        out->units[out->len++] = '_'; /* only an empty model name maps to nothing */
        lossy = 1;
    }
    out->exact = !lossy;
    out->renamed = 0;
}

int mapped_name_compare(const fsi_char *a, size_t a_len, const fsi_char *b, size_t b_len)
{
    size_t n = a_len < b_len ? a_len : b_len;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return a_len < b_len ? -1 : a_len > b_len;
}
