/* The stash: staged bytes packed at 2048-byte blocks and read back, progress, reuse of freed runs,
 * stash files that only this process sees and that go with the stash. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "stash_test.h"

#define MIB (1024 * 1024)

typedef struct progress_log {
    int calls;
    uint64_t copied[16], total[16];
} progress_log;

static void log_progress(void *ctx, uint64_t copied, uint64_t total)
{
    progress_log *log = ctx;
    if (log->calls < 16) {
        log->copied[log->calls] = copied;
        log->total[log->calls] = total;
    }
    log->calls++;
}

static fsi_source *stage(stash *s, size_t len, unsigned seed, progress_log *log)
{
    fsi_source *src = pattern_source(len, seed), *staged = NULL;
    fsi_error err = {0};
    fsi_hresult hr = stash_stage(s, src, log ? log_progress : NULL, log, &staged, &err);
    CHECK_MSG(hr == 0, "staging %zu bytes: 0x%08X %s", len, (unsigned)hr, err.message);
    fsi_source_release(src);
    return staged;
}

static uint64_t first_block(fsi_source *staged)
{
    uint64_t first = UINT64_MAX;
    CHECK(stash_source_extent(staged, NULL, &first));
    return first;
}

/* Each size after the last, from block 0, every one whole blocks; bytes equal; offsets into a file too. */
static void test_packing(void)
{
    static const size_t sizes[] = {0, 1, 2047, 2048, 2049, 3 * MIB + 5, 7};
    enum { COUNT = sizeof(sizes) / sizeof(sizes[0]) };
    fsi_char *folder = folder16("pack");
    stash_config config = test_config(0);
    fsi_source *staged[COUNT];
    stash *s = NULL, *owner = NULL;
    uint64_t next = 0;
    make_dir("pack");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    CHECK(stash_file_count(s) == 0 && stash_bytes(s) == 0);
    for (size_t i = 0; i < COUNT; i++) {
        uint64_t blocks = (sizes[i] + 2047) / 2048;
        staged[i] = stage(s, sizes[i], (unsigned)i, NULL);
        if (!staged[i])
            return;
        CHECK(staged[i]->size == sizes[i]);
        CHECK(stash_source_extent(staged[i], &owner, NULL) && owner == s);
        if (blocks) {
            CHECK_MSG(first_block(staged[i]) == next, "size %zu at block %llu, expected %llu", sizes[i],
                      (unsigned long long)first_block(staged[i]), (unsigned long long)next);
            next += blocks;
        }
        CHECK(stash_bytes(s) == next * 2048);
    }
    for (size_t i = 0; i < COUNT; i++)
        CHECK_MSG(whole_matches(staged[i], (unsigned)i), "bytes of size %zu", sizes[i]);
    CHECK(source_matches(staged[5], 1034567, 2 * MIB, 65536 + 3, 5)); /* odd offsets and pieces */
    CHECK(source_matches(staged[4], 2047, 2, 2, 4));                  /* across the block boundary */
    {
        char byte;
        fsi_error err = {0};
        CHECK_HR(staged[3]->ops->read(staged[3], NULL, 2048, &byte, 1, &err), IMAPI_E_STASHFILE_READ_FAILURE);
        CHECK(err.message[0]);
    }
    {
        fsi_source *plain = NULL;
        CHECK(fsi_source_from_memory("x", 1, &plain, NULL) == 0 && !stash_source_extent(plain, NULL, NULL));
        fsi_source_release(plain);
    }
    /* One stash file, unlinked: the folder lists nothing; its bytes are whole blocks. */
    {
        open_stash_files open = stash_files_open(at("pack"));
        CHECK(stash_file_count(s) == 1);
        CHECK_MSG(open.count == 1 && open.deleted == 1, "%d stash files open, %d deleted", open.count, open.deleted);
        CHECK_MSG(open.bytes == next * 2048, "the stash file holds %llu bytes, expected %llu",
                  (unsigned long long)open.bytes, (unsigned long long)(next * 2048));
        CHECK(folder_entries(at("pack")) == 0);
    }
    /* The stash lives while a staged source does. */
    stash_release(s);
    for (size_t i = 0; i < COUNT; i++)
        CHECK(whole_matches(staged[i], (unsigned)i));
    for (size_t i = 0; i < COUNT; i++)
        fsi_source_release(staged[i]);
    CHECK(stash_files_open(at("pack")).count == 0);
    CHECK(folder_entries(at("pack")) == 0);
    fsi_free(folder);
}

static void check_calls(const progress_log *log, const uint64_t *copied, int count, uint64_t total, const char *what)
{
    CHECK_MSG(log->calls == count, "%s: %d progress calls, expected %d", what, log->calls, count);
    for (int i = 0; i < count && i < log->calls; i++)
        CHECK_MSG(log->copied[i] == copied[i] && log->total[i] == total, "%s: call %d reports %llu of %llu", what, i,
                  (unsigned long long)log->copied[i], (unsigned long long)log->total[i]);
}

static void test_progress(void)
{
    static const uint64_t empty[] = {0}, one[] = {0, 1}, two_mib[] = {0, 512, 1024},
                          three_mib_5[] = {0, 512, 1024, 1536, 1537};
    fsi_char *folder = folder16("progress");
    stash_config config = test_config(0);
    progress_log log;
    stash *s = NULL;
    make_dir("progress");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    memset(&log, 0, sizeof(log));
    fsi_source_release(stage(s, 0, 1, &log));
    check_calls(&log, empty, 1, 0, "empty");
    memset(&log, 0, sizeof(log));
    fsi_source_release(stage(s, 1, 1, &log));
    check_calls(&log, one, 2, 1, "1 byte");
    memset(&log, 0, sizeof(log));
    fsi_source_release(stage(s, 2 * MIB, 1, &log));
    check_calls(&log, two_mib, 3, 1024, "2 MiB");
    memset(&log, 0, sizeof(log));
    fsi_source_release(stage(s, 3 * MIB + 5, 1, &log));
    check_calls(&log, three_mib_5, 5, 1537, "3 MiB + 5");
    stash_release(s);
    fsi_free(folder);
}

/* Runs freed are taken again first fit; freed runs at the end give their bytes back to the disk. */
static void test_reuse(void)
{
    fsi_char *folder = folder16("reuse");
    stash_config config = test_config(0);
    fsi_source *a, *b, *c, *d, *e, *f, *g;
    stash *s = NULL;
    make_dir("reuse");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    a = stage(s, 10 * 2048, 1, NULL);
    b = stage(s, 5 * 2048 - 100, 2, NULL);
    c = stage(s, 10 * 2048, 3, NULL);
    CHECK(first_block(a) == 0 && first_block(b) == 10 && first_block(c) == 15 && stash_bytes(s) == 25 * 2048);
    fsi_source_release(b);
    CHECK(stash_bytes(s) == 25 * 2048);
    d = stage(s, 3 * 2048, 4, NULL);
    e = stage(s, 2 * 2048, 5, NULL);
    f = stage(s, 1, 6, NULL);
    CHECK(first_block(d) == 10 && first_block(e) == 13 && first_block(f) == 25);
    CHECK(whole_matches(a, 1) && whole_matches(c, 3) && whole_matches(d, 4) && whole_matches(e, 5) &&
          whole_matches(f, 6));
    /* Freed at the end: the stash shrinks, the file too; then the gap before it joins. */
    fsi_source_release(f);
    CHECK(stash_bytes(s) == 25 * 2048 && stash_files_open(at("reuse")).bytes == 25 * 2048);
    fsi_source_release(d);
    fsi_source_release(c);
    CHECK_MSG(stash_bytes(s) == 15 * 2048, "%llu bytes", (unsigned long long)stash_bytes(s));
    CHECK(stash_files_open(at("reuse")).bytes == 15 * 2048);
    /* A run too big for the gap (10..12) goes to the end; one that fits takes the gap. */
    g = stage(s, 4 * 2048, 7, NULL);
    CHECK(first_block(g) == 15);
    fsi_source_release(g);
    g = stage(s, 3 * 2048, 8, NULL);
    CHECK(first_block(g) == 10 && whole_matches(g, 8) && whole_matches(e, 5));
    fsi_source_release(a);
    fsi_source_release(e);
    fsi_source_release(g);
    CHECK(stash_bytes(s) == 0 && stash_file_count(s) == 0);
    CHECK(stash_files_open(at("reuse")).count == 0);
    /* Empty again, the next file starts at block 0 in a new stash file. */
    a = stage(s, 5000, 9, NULL);
    CHECK(first_block(a) == 0 && stash_file_count(s) == 1 && whole_matches(a, 9));
    fsi_source_release(a);
    stash_release(s);
    fsi_free(folder);
}

/* Small stash files: a staged file spans several, each exactly as long as its part; only as many as
 * the bytes need are open, none listed in the folder. */
static void test_spanning(void)
{
    fsi_char *folder = folder16("span");
    stash_config config = test_config(16384); /* 8 blocks a file */
    fsi_source *a, *b;
    stash *s = NULL;
    open_stash_files open;
    make_dir("span");
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    a = stage(s, 100 * 1024 + 1, 1, NULL); /* 51 blocks: 7 files */
    b = stage(s, 6 * 2048, 2, NULL);        /* blocks 51..56: the 7th file, then the 8th */
    CHECK(first_block(b) == 51);
    CHECK_MSG(stash_file_count(s) == 8, "%zu files", stash_file_count(s));
    open = stash_files_open(at("span"));
    CHECK(open.count == 8 && open.deleted == 8 && open.bytes == 57 * 2048);
    CHECK(folder_entries(at("span")) == 0);
    CHECK(whole_matches(a, 1) && whole_matches(b, 2));
    CHECK(source_matches(a, 16380, 10, 10, 1)); /* across two files */
    fsi_source_release(b);
    CHECK(stash_file_count(s) == 7 && stash_files_open(at("span")).bytes == 51 * 2048);
    fsi_source_release(a);
    CHECK(stash_file_count(s) == 0 && stash_files_open(at("span")).count == 0);
    stash_release(s);
    fsi_free(folder);
}

static void test_folder(void)
{
    fsi_char *missing = folder16("missing"), *file = folder16("file");
    fsi_error err = {0};
    stash *s = NULL;
    make_text_file("file", "x");
    CHECK_HR(stash_create(missing, NULL, &s, &err), IMAPI_E_INVALID_WORKING_DIRECTORY);
    CHECK(strstr(err.message, "missing") != NULL);
    CHECK_HR(stash_create(file, NULL, &s, &err), IMAPI_E_INVALID_WORKING_DIRECTORY);
    fsi_free(missing);
    fsi_free(file);
}

/* The default config: the platform's own calls and 1 GiB stash files. */
static void test_default(void)
{
    fsi_char *folder = folder16("default");
    fsi_source *a;
    stash *s = NULL;
    make_dir("default");
    CHECK(stash_default_config.file_bytes == (uint64_t)1 << 30);
    CHECK_HR(stash_create(folder, NULL, &s, NULL), 0);
    a = stage(s, MIB + 3, 1, NULL);
    CHECK(whole_matches(a, 1) && stash_files_open(at("default")).count == 1);
    stash_release(s);
    fsi_source_release(a);
    CHECK(stash_files_open(at("default")).count == 0 && folder_entries(at("default")) == 0);
    fsi_free(folder);
}

int main(void)
{
    scratch_create("/tmp/test_stash");
    test_packing();
    test_progress();
    test_reuse();
    test_spanning();
    test_folder();
    test_default();
    return check_report();
}
