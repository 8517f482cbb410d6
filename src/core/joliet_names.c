/* Joliet identifiers from model names. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "joliet_names.h"

enum { MAX_KEPT_EXT = 16 }; /* a longer tail after the last dot is not treated as an extension */

static int forbidden(fsi_char c)
{
    return c < 0x20 || c == '*' || c == '/' || c == ':' || c == ';' || c == '?' || c == '\\';
}

static int is_high_surrogate(fsi_char c) { return c >= 0xD800 && c <= 0xDBFF; }

/* Copies s[from, from + n) with forbidden characters replaced; returns how many were replaced. */
static int copy_mapped(const fsi_char *s, size_t from, size_t n, mapped_name *out)
{
    int replaced = 0;
    for (size_t i = from; i < from + n; i++) {
        fsi_char c = s[i];
        if (forbidden(c)) {
            c = '_';
            replaced = 1;
        }
        out->units[out->len++] = c;
    }
    return replaced;
}

void joliet_map_name(const fsi_char *name, mapped_name *out)
{
    size_t len = fsi_strlen16(name), ext = 0;
    int lossy = 0;

    for (size_t i = len; i > 0 && len - i < MAX_KEPT_EXT; i--)
        if (name[i - 1] == '.') {
            ext = i > 1 ? len - (i - 1) : 0; /* a leading dot starts the name, not an extension */
            break;
        }
    size_t base = len - ext;
    if (len > JOLIET_MAX_UNITS) {
        /* Cut the base so the extension survives, and never between the halves of a pair. */
        base = JOLIET_MAX_UNITS - ext;
        if (base > 0 && is_high_surrogate(name[base - 1]))
            base--;
        lossy = 1;
    }
    out->len = 0;
    lossy |= copy_mapped(name, 0, base, out);
    lossy |= copy_mapped(name, len - ext, ext, out);
    if (out->len == 0) {
        out->units[out->len++] = '_';
        lossy = 1;
    }
    out->ext_len = (uint16_t)ext;
    out->max_len = JOLIET_MAX_UNITS;
    out->exact = !lossy;
}
