/* The stash when something fails: nothing staged, no bytes left, the documented error and message;
 * moving to another folder, and a move refused with nothing changed. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "stash_test.h"

#define MIB (1024 * 1024)

/* Stages a pattern of len bytes expecting expected; returns the staged source on success. */
static fsi_source *try_stage(stash *s, size_t len, unsigned seed, fsi_hresult expected, fsi_error *err)
{
    fsi_source *src = pattern_source(len, seed), *staged = NULL;
    fsi_hresult hr = stash_stage(s, src, NULL, NULL, &staged, err);
    CHECK_MSG(hr == expected, "staging %zu bytes: 0x%08X, expected 0x%08X (%s)", len, (unsigned)hr,
              (unsigned)expected, err->message);
    CHECK(hr < 0 ? staged == NULL && err->message[0] : staged != NULL);
    fsi_source_release(src);
    return staged;
}

static uint64_t first_block(fsi_source *staged)
{
    uint64_t first = UINT64_MAX;
    CHECK(stash_source_extent(staged, NULL, &first));
    return first;
}

/* After a failed stage the stash is as before: its bytes, its files, and the next file's block. */
static void check_nothing_left(stash *s, const char *folder, uint64_t bytes, fsi_source *previous)
{
    fsi_error err = {0};
    fsi_source *next;
    CHECK_MSG(stash_bytes(s) == bytes, "%llu stash bytes, expected %llu", (unsigned long long)stash_bytes(s),
              (unsigned long long)bytes);
    CHECK(stash_files_open(at(folder)).bytes == bytes);
    CHECK(stash_file_count(s) == (bytes ? 1u : 0u));
    CHECK(folder_entries(at(folder)) == 0);
    next = try_stage(s, 3000, 77, 0, &err);
    if (next) {
        CHECK(first_block(next) == bytes / 2048 && whole_matches(next, 77));
        fsi_source_release(next);
    }
    if (previous)
        CHECK(whole_matches(previous, 1));
}

static void test_write_errors(void)
{
    fsi_char *folder = folder16("write");
    stash_config config = test_config(0);
    fsi_error err = {0};
    fsi_source *kept;
    stash *s = NULL;
    make_dir("write");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    kept = try_stage(s, 5000, 1, 0, &err); /* 3 blocks */
    /* The third MiB's write fails: the first two were written, none is left. */
    inject.writes_left = 2;
    try_stage(s, 3 * MIB, 2, IMAPI_E_STASHFILE_WRITE_FAILURE, &err);
    CHECK(strstr(err.message, "0x8007001F") != NULL);
    inject_none();
    check_nothing_left(s, "write", 3 * 2048, kept);
    /* The disk full at the write, though the free space sufficed before. */
    inject.writes_left = 0;
    inject.write_error = FSI_HR(0x80070070);
    try_stage(s, 10000, 3, IMAPI_E_WORKING_DIRECTORY_SPACE, &err);
    inject_none();
    check_nothing_left(s, "write", 3 * 2048, kept);
    /* An offset the file system cannot reach. */
    inject.writes_left = 0;
    inject.write_error = FSI_HR(0x800700DF);
    try_stage(s, 10000, 3, IMAPI_E_STASHFILE_SEEK_FAILURE, &err);
    inject_none();
    check_nothing_left(s, "write", 3 * 2048, kept);
    /* A stash file that cannot be made: refused before copying. */
    fsi_source_release(kept);
    CHECK(stash_file_count(s) == 0);
    inject.creates_left = 0;
    try_stage(s, 10000, 3, IMAPI_E_STASHFILE_OPEN_FAILURE, &err);
    inject_none();
    check_nothing_left(s, "write", 0, NULL);
    /* A stash file that cannot be read gives its staged source's reads IMAPI_E_STASHFILE_READ_FAILURE. */
    kept = try_stage(s, 5000, 1, 0, &err);
    inject.reads_left = 0;
    {
        char buf[16];
        CHECK_HR(kept->ops->read(kept, NULL, 10, buf, sizeof(buf), &err), IMAPI_E_STASHFILE_READ_FAILURE);
        CHECK(err.message[0]);
    }
    inject_none();
    CHECK(whole_matches(kept, 1));
    fsi_source_release(kept);
    stash_release(s);
    fsi_free(folder);
}

static void test_space(void)
{
    fsi_char *folder = folder16("space");
    stash_config config = test_config(0);
    fsi_error err = {0};
    fsi_source *a, *b, *c;
    stash *s = NULL;
    make_dir("space");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    /* 8193 bytes take 5 blocks: 10240 bytes; 10239 free is too little, checked before any write. */
    inject.free_bytes = 10239;
    inject.writes_left = 0;
    try_stage(s, 8193, 1, IMAPI_E_WORKING_DIRECTORY_SPACE, &err);
    CHECK_MSG(strstr(err.message, "10240") && strstr(err.message, "10239") && strstr(err.message, "space"),
              "message: %s", err.message);
    inject.writes_left = -1;
    check_nothing_left(s, "space", 0, NULL);
    inject.free_bytes = 10240;
    a = try_stage(s, 8193, 1, 0, &err);
    /* A freed run of the stash needs no new space. */
    inject.free_bytes = 2 * 2048;
    b = try_stage(s, 4096, 2, 0, &err);
    inject.free_bytes = 0;
    try_stage(s, 1, 3, IMAPI_E_WORKING_DIRECTORY_SPACE, &err);
    fsi_source_release(a);
    c = try_stage(s, 8000, 3, 0, &err);
    CHECK(c && first_block(c) == 0 && whole_matches(c, 3) && whole_matches(b, 2));
    /* Nor does an empty file. */
    fsi_source_release(try_stage(s, 0, 4, 0, &err));
    /* The free space unknown: the folder is unusable. */
    inject_none();
    inject.free_space_error = FSI_HR(0x80070015); /* ERROR_NOT_READY */
    try_stage(s, 100000, 4, IMAPI_E_INVALID_WORKING_DIRECTORY, &err);
    inject_none();
    fsi_source_release(b);
    fsi_source_release(c);
    stash_release(s);
    fsi_free(folder);
}

/* With an allowance, the folder is asked once for many small files, and grants no more than the room it
 * had; after a move, the new folder is asked afresh. */
static void test_space_allowance(void)
{
    fsi_char *folder = folder16("allowance"), *other = folder16("allowance2");
    stash_config config = test_config(0);
    fsi_source *staged[12] = {0}, *x, *y;
    fsi_error err = {0};
    stash *s = NULL;
    make_dir("allowance");
    make_dir("allowance2");
    config.space_allowance = 10 * 2048;
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    inject.free_bytes = 1 << 30;
    inject.free_space_calls = 0;
    /* The first block asks and is granted 10 more: the next ten take them, the twelfth asks again. */
    for (unsigned i = 0; i < 11; i++)
        staged[i] = try_stage(s, 2048, 10 + i, 0, &err);
    CHECK_MSG(inject.free_space_calls == 1, "free-space calls: %u", inject.free_space_calls);
    staged[11] = try_stage(s, 2048, 21, 0, &err);
    CHECK_MSG(inject.free_space_calls == 2, "free-space calls: %u", inject.free_space_calls);
    for (unsigned i = 0; i < 12; i++)
        fsi_source_release(staged[i]);
    CHECK(stash_bytes(s) == 0);
    stash_release(s);

    /* 3 blocks free: a 2-block file is granted the 1 left, whatever the allowance; the next block uses
     * it unasked, the one after asks and is refused. */
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    inject.free_bytes = 3 * 2048;
    inject.free_space_calls = 0;
    x = try_stage(s, 4096, 40, 0, &err);
    inject.free_bytes = 0;
    y = try_stage(s, 1, 41, 0, &err);
    CHECK_MSG(inject.free_space_calls == 1, "free-space calls: %u", inject.free_space_calls);
    try_stage(s, 1, 42, IMAPI_E_WORKING_DIRECTORY_SPACE, &err);
    CHECK_MSG(inject.free_space_calls == 2, "free-space calls: %u", inject.free_space_calls);

    /* A move asks the new folder, though a grant was left from the old one. */
    fsi_source_release(y);
    inject.free_bytes = 1 << 30;
    y = try_stage(s, 2048, 43, 0, &err);
    inject.free_space_calls = 0;
    CHECK_HR(stash_move(s, other, &err), 0);
    CHECK_MSG(inject.free_space_calls == 1, "free-space calls: %u", inject.free_space_calls);
    CHECK(whole_matches(x, 40) && whole_matches(y, 43));
    fsi_source_release(x);
    fsi_source_release(y);
    stash_release(s);
    fsi_free(folder);
    fsi_free(other);
}

/* A source that fails at fail_at bytes (IMAPI_E_DATA_STREAM_READ_FAILURE), inside a pattern of seed 1. */
struct failing_source {
    fsi_source base;
    uint64_t fail_at;
};

static fsi_hresult failing_open(fsi_source *src, void **handle, fsi_error *err)
{
    (void)src, (void)err;
    *handle = NULL;
    return 0;
}

static fsi_hresult failing_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len,
                                fsi_error *err)
{
    (void)handle;
    if (offset + len > ((struct failing_source *)src)->fail_at)
        return fsi_fail(err, IMAPI_E_DATA_STREAM_READ_FAILURE, "the test source fails at %llu",
                        (unsigned long long)((struct failing_source *)src)->fail_at);
    for (size_t i = 0; i < len; i++)
        ((unsigned char *)buf)[i] = pattern_byte((size_t)offset + i, 1);
    return 0;
}

static void failing_close(fsi_source *src, void *handle)
{
    (void)src, (void)handle;
}

static void failing_destroy(fsi_source *src)
{
    (void)src;
}

static int progress_calls;
static void count_progress(void *ctx, uint64_t copied, uint64_t total)
{
    (void)ctx, (void)copied, (void)total;
    progress_calls++;
}

static void test_source_errors(void)
{
    static const fsi_source_ops failing_ops = {failing_open, failing_read, failing_close, failing_destroy};
    fsi_char *folder = folder16("source"), *path;
    stash_config config = test_config(0);
    struct failing_source failing;
    fsi_error err = {0};
    fsi_source *kept, *staged = NULL, *file = NULL;
    stash *s = NULL;
    make_dir("source");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    kept = try_stage(s, 5000, 1, 0, &err);
    /* Fails in its third MiB: two progress calls after the first, then the source's error. */
    fsi_source_init(&failing.base, &failing_ops, 5 * MIB);
    failing.fail_at = 2 * MIB + 100;
    CHECK_HR(stash_stage(s, &failing.base, count_progress, NULL, &staged, &err), IMAPI_E_DATA_STREAM_READ_FAILURE);
    CHECK(staged == NULL && progress_calls == 3 && strstr(err.message, "test source"));
    check_nothing_left(s, "source", 3 * 2048, kept);
    /* A file cut after it was added: shorter than its size. */
    make_dir("files");
    {
        FILE *f = fopen(at("files/cut.bin"), "wb");
        for (size_t i = 0; f && i < 3 * MIB; i++)
            fputc(pattern_byte(i, 1), f);
        if (f)
            fclose(f);
    }
    path = fsi_utf8_to_utf16(at("files/cut.bin"));
    CHECK_HR(fsi_source_from_path(path, &file, NULL), 0);
    CHECK(file && file->size == 3 * MIB);
    CHECK(truncate(at("files/cut.bin"), MIB + 7) == 0);
    CHECK_HR(stash_stage(s, file, NULL, NULL, &staged, &err), IMAPI_E_DATA_STREAM_INCONSISTENCY);
    check_nothing_left(s, "source", 3 * 2048, kept);
    fsi_source_release(file);
    /* A file gone: the source's open fails, nothing staged. */
    CHECK_HR(fsi_source_from_path(path, &file, NULL), 0);
    CHECK(unlink(at("files/cut.bin")) == 0);
    CHECK_HR(stash_stage(s, file, NULL, NULL, &staged, &err), IMAPI_E_DATA_STREAM_CREATE_FAILURE);
    check_nothing_left(s, "source", 3 * 2048, kept);
    fsi_source_release(file);
    fsi_free(path);
    fsi_source_release(kept);
    stash_release(s);
    fsi_free(folder);
}

/* Moved: the same bytes read from new files in the new folder, the old ones gone. Refused: nothing changed. */
static void test_move(void)
{
    fsi_char *from = folder16("from"), *to = folder16("to"), *missing = folder16("missing");
    stash_config config = test_config(65536); /* 32 blocks a file: a move of several */
    fsi_error err = {0};
    fsi_source *a, *b, *c;
    stash *s = NULL;
    make_dir("from");
    make_dir("to");
    CHECK_HR(stash_create(from, &config, &s, NULL), 0);
    a = try_stage(s, 100000, 1, 0, &err);
    b = try_stage(s, 30000, 2, 0, &err);
    c = try_stage(s, 70000, 3, 0, &err);
    fsi_source_release(b); /* a gap: moved as it is */
    CHECK(stash_bytes(s) == (49 + 15 + 35) * 2048 && stash_file_count(s) == 4);
    /* Refusals: not a folder, too little space there, a file that cannot be made, a write that fails. */
    CHECK_HR(stash_move(s, missing, &err), IMAPI_E_INVALID_WORKING_DIRECTORY);
    inject.free_bytes = (49 + 15 + 35) * 2048 - 1;
    CHECK_HR(stash_move(s, to, &err), IMAPI_E_WORKING_DIRECTORY_SPACE);
    CHECK(strstr(err.message, "202752") && strstr(err.message, "202751"));
    inject_none();
    inject.creates_left = 2;
    CHECK_HR(stash_move(s, to, &err), IMAPI_E_STASHFILE_MOVE);
    CHECK(strstr(err.message, "to") != NULL);
    inject_none();
    inject.writes_left = 3;
    CHECK_HR(stash_move(s, to, &err), IMAPI_E_STASHFILE_MOVE);
    inject_none();
    inject.reads_left = 0;
    CHECK_HR(stash_move(s, to, &err), IMAPI_E_STASHFILE_MOVE);
    inject_none();
    CHECK(stash_files_open(at("to")).count == 0);
    CHECK(stash_files_open(at("from")).count == 4 && stash_files_open(at("from")).bytes == 99 * 2048);
    CHECK(stash_folder(s) != from && fsi_strlen16(stash_folder(s)) == fsi_strlen16(from));
    CHECK(whole_matches(a, 1) && whole_matches(c, 3));
    /* The move. */
    CHECK_HR(stash_move(s, to, &err), 0);
    CHECK(stash_files_open(at("from")).count == 0);
    CHECK(stash_files_open(at("to")).count == 4 && stash_files_open(at("to")).bytes == 99 * 2048);
    CHECK(stash_files_open(at("to")).deleted == 4);
    CHECK(folder_entries(at("from")) == 0 && folder_entries(at("to")) == 0);
    CHECK(memcmp(stash_folder(s), to, (fsi_strlen16(to) + 1) * sizeof(fsi_char)) == 0);
    CHECK(whole_matches(a, 1) && whole_matches(c, 3));
    /* Staging goes on in the new folder, into the gap first. */
    b = try_stage(s, 2048, 4, 0, &err);
    CHECK(first_block(b) == 49 && whole_matches(b, 4));
    fsi_source_release(a);
    fsi_source_release(b);
    fsi_source_release(c);
    CHECK(stash_files_open(at("to")).count == 0);
    /* An empty stash moves without files. */
    CHECK_HR(stash_move(s, from, &err), 0);
    CHECK(stash_file_count(s) == 0);
    a = try_stage(s, 10, 5, 0, &err);
    CHECK(stash_files_open(at("from")).count == 1 && whole_matches(a, 5));
    fsi_source_release(a);
    stash_release(s);
    fsi_free(from);
    fsi_free(to);
    fsi_free(missing);
}

int main(void)
{
    scratch_create("/tmp/test_stash_failures");
    test_write_errors();
    test_space();
    test_space_allowance();
    test_source_errors();
    test_move();
    return check_report();
}
