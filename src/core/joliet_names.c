/* Joliet identifiers from model names. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "joliet_names.h"

enum { MAX_KEPT_EXT = 16 }; /* a longer tail after the last dot is not treated as an extension */

static int forbidden(fsi_char c)
{
    return c < 0x20 || c == '*' || c == '/' || c == ':' || c == ';' || c == '?' || c == '\\';
}

static int is_high_surrogate(fsi_char c) { return c >= 0xD800 && c <= 0xDBFF; }

void joliet_map_name(const fsi_char *name, mapped_name *out)
{
    size_t len = fsi_strlen16(name), keep = len;
    int lossy = 0;

    if (keep > JOLIET_MAX_UNITS) {
        keep = JOLIET_MAX_UNITS;
        if (is_high_surrogate(name[keep - 1]))
            keep--;
        lossy = 1;
    }
    out->len = 0;
    for (size_t i = 0; i < keep; i++) {
        fsi_char c = name[i];
        if (forbidden(c)) {
            c = '_';
            lossy = 1;
        }
        out->units[out->len++] = c;
    }
    if (out->len == 0) {
        out->units[out->len++] = '_';
        lossy = 1;
    }
    /* The extension "~N" keeps: the tail from the last dot, unless the dot starts the name. */
    out->ext_len = 0;
    for (size_t i = out->len; i > 1 && out->len - i < MAX_KEPT_EXT; i--)
        if (out->units[i - 1] == '.') {
            out->ext_len = (uint16_t)(out->len - (i - 1));
            break;
        }
    out->max_len = JOLIET_MAX_UNITS;
    out->exact = !lossy;
    out->renamed = 0;
}
