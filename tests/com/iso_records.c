/* Walks ISO 9660 / Joliet directory records (ECMA-119 9.1) straight from the image bytes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "iso_records.h"

#include <wchar.h>

enum { BLOCK = 2048, ROOT_RECORD = 156, MAX_DEPTH = 16 };

static DWORD le32(const BYTE *p)
{
    return p[0] | (DWORD)p[1] << 8 | (DWORD)p[2] << 16 | (DWORD)p[3] << 24;
}

struct walk {
    const BYTE *image;
    ULONGLONG size;
    BOOL joliet;
    iso_record_visitor visit;
    void *context;
};

static void decode_name(const struct walk *walk, const BYTE *id, BYTE length, WCHAR *name, size_t capacity)
{
    size_t n = 0, i;
    WCHAR *version;

    if (length == 1 && id[0] <= 1) {
        wcscpy(name, id[0] ? L".." : L".");
        return;
    }
    if (walk->joliet)
        for (i = 0; i + 1 < length && n + 1 < capacity; i += 2)
            name[n++] = (WCHAR)(id[i] << 8 | id[i + 1]);
    else
        for (i = 0; i < length && n + 1 < capacity; i++)
            name[n++] = id[i];
    name[n] = 0;
    if ((version = wcsrchr(name, ';')))
        *version = 0;
}

static BOOL walk_directory(const struct walk *walk, DWORD extent, DWORD size, const WCHAR *path, int depth)
{
    ULONGLONG start = (ULONGLONG)extent * BLOCK, offset = 0;

    if (!ok(depth < MAX_DEPTH, "directory %s is nested deeper than %d", u8(path), MAX_DEPTH) ||
        !ok(start + size <= walk->size, "directory %s: extent %lu + %lu bytes is outside the image", u8(path), extent,
            size))
        return FALSE;
    while (offset < size) {
        const BYTE *record = walk->image + start + offset;
        struct iso_record found;

        if (!record[0]) {
            offset = (offset / BLOCK + 1) * BLOCK;
            continue;
        }
        if (!ok(record[0] >= 34 && offset % BLOCK + record[0] <= BLOCK && 33 + record[32] <= record[0],
                "directory %s: bad record of length %u at %llu", u8(path), record[0], offset))
            return FALSE;
        decode_name(walk, record + 33, record[32], found.name, ARRAYSIZE(found.name));
        wcsncpy(found.parent, path, ARRAYSIZE(found.parent) - 1);
        found.parent[ARRAYSIZE(found.parent) - 1] = 0;
        memcpy(found.date, record + 18, sizeof(found.date));
        found.flags = record[25];
        found.extent = le32(record + 2);
        found.size = le32(record + 10);
        walk->visit(&found, walk->context);
        if ((found.flags & ISO_FLAG_DIRECTORY) && wcscmp(found.name, L".") && wcscmp(found.name, L"..")) {
            WCHAR sub[512];
            swprintf(sub, ARRAYSIZE(sub), L"%ls\\%ls", path, found.name);
            if (!walk_directory(walk, found.extent, found.size, sub, depth + 1))
                return FALSE;
        }
        offset += record[0];
    }
    return TRUE;
}

BOOL iso_walk(const BYTE *image, ULONGLONG size, DWORD descriptor_block, BOOL joliet, iso_record_visitor visit,
              void *context)
{
    struct walk walk = {image, size, joliet, visit, context};
    const BYTE *descriptor = image + (ULONGLONG)descriptor_block * BLOCK;

    if (!ok((ULONGLONG)(descriptor_block + 1) * BLOCK <= size, "no volume descriptor at block %lu", descriptor_block))
        return FALSE;
    if (!ok(!memcmp(descriptor + 1, "CD001", 5) && descriptor[0] == (joliet ? 2 : 1),
            "block %lu is not a %s volume descriptor (type %u)", descriptor_block,
            joliet ? "supplementary" : "primary", descriptor[0]))
        return FALSE;
    return walk_directory(&walk, le32(descriptor + ROOT_RECORD + 2), le32(descriptor + ROOT_RECORD + 10), L"", 0);
}
