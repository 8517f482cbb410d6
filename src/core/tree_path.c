/* Parsing and walking paths inside the image. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tree_path.h"
#include "hresult.h"
#include "message.h"
#include "node.h"

int path_is_separator(fsi_char c)
{
    return c == '\\' || c == '/';
}

static int char_is_forbidden(fsi_char c)
{
    switch (c) {
    case '\\': case '/': case ':': case '*': case '?': case '"': case '<': case '>': case '|':
        return 1;
    default:
        return c < 0x20;
    }
}

int path_name_is_valid(const fsi_char *name, size_t len)
{
    size_t i;
    if (len == 0 || len > FSI_MAX_NAME)
        return 0;
    if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
        return 0;
    for (i = 0; i < len; i++)
        if (char_is_forbidden(name[i]))
            return 0;
    return 1;
}

int path_next(const fsi_char **cursor, const fsi_char **name, size_t *len)
{
    const fsi_char *p = *cursor;
    size_t n = 0;
    if (path_is_separator(*p))
        p++;
    if (!*p)
        return 0;
    while (p[n] && !path_is_separator(p[n]))
        n++;
    *name = p;
    *len = n;
    *cursor = p + n;
    return 1;
}

fsi_hresult path_check(const fsi_char *path, size_t *components, fsi_error *err)
{
    const fsi_char *p = path;
    size_t count = 0;
    message_text text;
    if (path_is_separator(*p))
        p++;
    while (*p) {
        size_t n = 0;
        const char *why = NULL;
        while (p[n] && !path_is_separator(p[n]))
            n++;
        if (n == 0)
            why = "an empty name";
        else if (n > FSI_MAX_NAME)
            why = "a name longer than 255 characters";
        else if (!path_name_is_valid(p, n))
            why = "a name that is '.', '..' or has a character Windows forbids";
        else if (path_is_separator(p[n]) && !p[n + 1])
            why = "a trailing separator";
        if (why)
            return fsi_fail(err, IMAPI_E_INVALID_PATH, "the path '%s' is not valid: it has %s",
                            message_utf8(path, &text), why);
        count++;
        p += n;
        if (*p)
            p++;
    }
    *components = count;
    return FSI_S_OK;
}

fsi_hresult path_walk_to_parent(fsi_node *dir, const fsi_char *path, fsi_node **parent,
                                const fsi_char **last, size_t *last_len, fsi_error *err)
{
    const fsi_char *cursor = path, *name;
    size_t len;
    message_text text;
    *last = NULL;
    *last_len = 0;
    while (path_next(&cursor, &name, &len)) {
        if (*cursor) { /* not the last name: step into it */
            uint32_t index;
            fsi_node *next = node_find(dir, name, len, &index);
            if (!next)
                return fsi_fail(err, IMAPI_E_DIR_NOT_FOUND,
                                "the directory of '%s' is not in the image", message_utf8(path, &text));
            if (next->kind != FSI_KIND_DIRECTORY)
                return fsi_fail(err, IMAPI_E_NOT_DIR, "'%s' goes through a file, not a directory",
                                message_utf8(path, &text));
            dir = next;
        } else {
            *last = name;
            *last_len = len;
        }
    }
    *parent = dir;
    return FSI_S_OK;
}
