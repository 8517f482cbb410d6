/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "iso_names.h"

#include "tree.h"

#include <stdio.h>
#include <string.h>

static bool is_d_character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t d_characters(const char *s, size_t length)
{
    size_t n = 0;
    while (n < length && is_d_character(s[n]))
        n++;
    return n;
}

static const char *directory_problem(const char *identifier, int level)
{
    size_t length = strlen(identifier);
    size_t limit = level == 1 ? 8 : 31;

    if (length == 0)
        return "empty directory identifier";
    if (d_characters(identifier, length) != length)
        return "directory identifier has a character outside A-Z 0-9 _";
    if (length > limit)
        return level == 1 ? "directory identifier longer than 8 (level 1)"
                          : "directory identifier longer than 31 (level 2)";
    return NULL;
}

static const char *file_problem(const char *identifier, int level)
{
    size_t length = strlen(identifier);
    const char *dot = strchr(identifier, '.');
    size_t name_length, extension_length;

    if (length < 2 || strcmp(identifier + length - 2, ";1"))
        return "file identifier does not end in version \";1\"";
    length -= 2;
    if (!dot || (size_t)(dot - identifier) >= length)
        return "file identifier has no SEPARATOR 1 \".\" before \";1\"";
    name_length = (size_t)(dot - identifier);
    extension_length = length - name_length - 1;
    if (d_characters(identifier, name_length) != name_length
        || d_characters(dot + 1, extension_length) != extension_length)
        return "file identifier has a character outside A-Z 0-9 _ (or a second \".\")";
    if (name_length + extension_length == 0)
        return "file identifier has neither name nor extension";
    if (level == 1 && (name_length > 8 || extension_length > 3))
        return "file identifier is not 8.3 (level 1)";
    if (level == 2 && name_length + extension_length > 30)
        return "file identifier longer than 31 with its \".\" (level 2)";
    return NULL;
}

const char *iso9660_identifier_problem(const char *identifier, bool is_dir, int level)
{
    return is_dir ? directory_problem(identifier, level) : file_problem(identifier, level);
}

void iso9660_identifier_key(const char *identifier, char *key, size_t key_size)
{
    size_t length;

    snprintf(key, key_size, "%s", identifier);
    length = strlen(key);
    if (length >= 2 && !strcmp(key + length - 2, ";1"))
        key[length -= 2] = '\0';
    if (length >= 1 && key[length - 1] == '.')
        key[length - 1] = '\0';
}

void joliet_strip_version(char *name)
{
    size_t length = strlen(name);
    if (length >= 2 && !strcmp(name + length - 2, ";1"))
        name[length - 2] = '\0';
}

bool joliet_is_truncation(const char *joliet, const char *source)
{
    size_t joliet_units = utf16_length(joliet);
    size_t length = strlen(joliet);

    if (utf16_length(source) <= JOLIET_MAX_UNITS || strncmp(joliet, source, length))
        return false;
    if (joliet_units == JOLIET_MAX_UNITS)
        return true;
    /* a character outside the BMP (4 UTF-8 bytes) would have straddled the limit */
    return joliet_units == JOLIET_MAX_UNITS - 1 && ((unsigned char)source[length] >= 0xF0);
}
