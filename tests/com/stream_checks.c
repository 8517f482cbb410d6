/* Random access to a result image's IStream, compared with one sequential read.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "stream_checks.h"

#include <stdlib.h>

static IStream *image_stream(IFileSystemImageResult *result)
{
    IStream *stream = NULL;
    HRESULT hr = IFileSystemImageResult_get_ImageStream(result, &stream);

    ok(hr == S_OK && stream, "get_ImageStream: 0x%08lx", hr);
    return stream;
}

static ULONGLONG seek(IStream *stream, LONGLONG move, DWORD origin)
{
    ULARGE_INTEGER position = {.QuadPart = ~0ull};
    HRESULT hr = IStream_Seek(stream, (LARGE_INTEGER){.QuadPart = move}, origin, &position);

    ok(hr == S_OK, "Seek(%lld, %lu): 0x%08lx", move, origin, hr);
    return position.QuadPart;
}

/* Reads `length` bytes at the stream's position and compares them with image[offset...]. */
static void expect_bytes(IStream *stream, const BYTE *image, ULONGLONG offset, ULONG length, const char *what)
{
    BYTE *buffer = malloc(length ? length : 1);
    ULONG got = 0;
    HRESULT hr = IStream_Read(stream, buffer, length, &got);

    ok(hr == S_OK && got == length, "%s: Read(%lu) at %llu gave 0x%08lx, %lu bytes", what, length, offset, hr, got);
    ok(got == length && !memcmp(buffer, image + offset, length), "%s: bytes at %llu differ", what, offset);
    free(buffer);
}

static void check_stat(IStream *stream, ULONGLONG size)
{
    STATSTG stat;
    HRESULT hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);

    ok(hr == S_OK, "Stat: 0x%08lx", hr);
    ok(stat.cbSize.QuadPart == size, "Stat cbSize %llu, sequential read gave %llu", stat.cbSize.QuadPart, size);
    ok(stat.type == STGTY_STREAM, "Stat type %lu", stat.type);
}

/* Whole-stream reads in each odd chunk size (1-byte reads only over the first 64 KiB). */
static void check_chunk_sizes(IStream *stream, const BYTE *image, ULONGLONG size)
{
    static const ULONG chunks[] = {2047, 2049, 65536, 1 << 20};
    ULONGLONG got, offset;
    unsigned i;

    for (i = 0; i < ARRAYSIZE(chunks); i++) {
        BYTE *copy;
        seek(stream, 0, STREAM_SEEK_SET);
        copy = read_stream(stream, chunks[i], &got);
        ok(got == size, "reads of %lu bytes gave %llu bytes, expected %llu", chunks[i], got, size);
        ok(got == size && !memcmp(copy, image, size), "reads of %lu bytes: bytes differ", chunks[i]);
        HeapFree(GetProcessHeap(), 0, copy);
    }
    seek(stream, 0, STREAM_SEEK_SET);
    for (offset = 0; offset < 65536 && offset < size; offset++) {
        BYTE byte = 0;
        ULONG read = 0;
        if (FAILED(IStream_Read(stream, &byte, 1, &read)) || read != 1 || byte != image[offset])
            break;
    }
    ok(offset == (size < 65536 ? size : 65536), "1-byte reads differ at offset %llu", offset);
}

static void check_seek(IStream *stream, const BYTE *image, ULONGLONG size)
{
    ULONGLONG middle = size / 2 + 1234;
    ULONG got = 1;
    BYTE byte;

    ok(seek(stream, 3 * 2048 + 5, STREAM_SEEK_SET) == 3 * 2048 + 5, "Seek SET position");
    expect_bytes(stream, image, 3 * 2048 + 5, 5000, "after Seek SET");
    ok(seek(stream, -1000, STREAM_SEEK_CUR) == 3 * 2048 + 5 + 4000, "Seek CUR position");
    expect_bytes(stream, image, 3 * 2048 + 5 + 4000, 3000, "after Seek CUR back");
    ok(seek(stream, middle - (3 * 2048 + 5 + 7000), STREAM_SEEK_CUR) == middle, "Seek CUR forward position");
    expect_bytes(stream, image, middle, 4097, "after Seek CUR forward");
    ok(seek(stream, -100, STREAM_SEEK_END) == size - 100, "Seek END position");
    expect_bytes(stream, image, size - 100, 100, "after Seek END");
    ok(IStream_Read(stream, &byte, 1, &got) == S_OK && got == 0, "Read at the end gave %lu bytes", got);
    ok(seek(stream, 0, STREAM_SEEK_END) == size, "Seek END 0 is the size");
}

static void check_clone(IStream *stream, const BYTE *image, ULONGLONG size)
{
    ULONGLONG offset = size / 3 + 77;
    IStream *clone = NULL;
    HRESULT hr;

    seek(stream, offset, STREAM_SEEK_SET);
    hr = IStream_Clone(stream, &clone);
    if (!ok(hr == S_OK && clone, "Clone: 0x%08lx", hr))
        return;
    ok(seek(clone, 0, STREAM_SEEK_CUR) == offset, "the clone starts at the original's position");
    expect_bytes(clone, image, offset, (ULONG)(size - offset) / 2, "clone");
    ok(seek(stream, 0, STREAM_SEEK_CUR) == offset, "reading the clone moved the original");
    expect_bytes(stream, image, offset, 5000, "original after clone read");
    seek(clone, 0, STREAM_SEEK_SET);
    expect_bytes(clone, image, 0, 2048 * 16, "clone from the start");
    IStream_Release(clone);
}

static void check_copy_to(IStream *stream, const BYTE *image, ULONGLONG size)
{
    ULARGE_INTEGER read = {0}, written = {0};
    IStream *target = NULL;
    HGLOBAL memory = NULL;
    HRESULT hr;

    CreateStreamOnHGlobal(NULL, TRUE, &target);
    seek(stream, 0, STREAM_SEEK_SET);
    hr = IStream_CopyTo(stream, target, (ULARGE_INTEGER){.QuadPart = size}, &read, &written);
    ok(hr == S_OK, "CopyTo: 0x%08lx", hr);
    ok(read.QuadPart == size && written.QuadPart == size, "CopyTo read %llu, wrote %llu of %llu", read.QuadPart,
       written.QuadPart, size);
    GetHGlobalFromStream(target, &memory);
    ok(written.QuadPart == size && GlobalSize(memory) >= size && !memcmp(GlobalLock(memory), image, size),
       "CopyTo: bytes differ");
    GlobalUnlock(memory);
    IStream_Release(target);
}

void check_stream_access(IFileSystemImageResult *result, const BYTE *image, ULONGLONG size)
{
    IStream *stream = image_stream(result);

    if (!stream)
        return;
    check_stat(stream, size);
    check_chunk_sizes(stream, image, size);
    check_seek(stream, image, size);
    check_clone(stream, image, size);
    check_copy_to(stream, image, size);
    IStream_Release(stream);
}
