/* Staged sources read from several threads at once, while the same stash stages (and grows by new
 * stash files) and while sources are released on the readers' threads. SPDX-License-Identifier: LGPL-2.1-or-later */
#include "stash_test.h" /* first: its feature macros */

#include <pthread.h>
#include <stdatomic.h>

enum { READERS = 4, SHARED = 4, ROUNDS = 40 };

static fsi_source *shared[SHARED];
static const size_t shared_sizes[SHARED] = {300 * 1024, 1024 * 1024 + 7, 5000, 2 * 1024 * 1024};
static atomic_int stop, mismatches, reads;

struct reader {
    pthread_t thread;
    unsigned seed;
    fsi_source *own; /* staged for this reader, released on its thread halfway */
    unsigned own_seed;
};

static uint32_t next_random(uint32_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* Random ranges of random files, each checked against its pattern, until told to stop. */
static void *read_loop(void *arg)
{
    struct reader *r = arg;
    uint32_t state = 2463534242u + r->seed;
    int count = 0;
    while (!atomic_load(&stop) || count < 200) {
        unsigned which = next_random(&state) % SHARED;
        size_t size = shared_sizes[which];
        size_t offset = next_random(&state) % size, len = 1 + next_random(&state) % 70000;
        if (len > size - offset)
            len = size - offset;
        if (!source_matches(shared[which], offset, len, len, which))
            atomic_fetch_add(&mismatches, 1);
        if (++count == 100 && r->own) {
            if (!whole_matches(r->own, r->own_seed))
                atomic_fetch_add(&mismatches, 1);
            fsi_source_release(r->own);
            r->own = NULL;
        }
    }
    atomic_fetch_add(&reads, count);
    return NULL;
}

static fsi_source *stage(stash *s, size_t len, unsigned seed)
{
    fsi_source *src = pattern_source(len, seed), *staged = NULL;
    fsi_error err = {0};
    CHECK_MSG(stash_stage(s, src, NULL, NULL, &staged, &err) == 0, "staging: %s", err.message);
    fsi_source_release(src);
    return staged;
}

int main(void)
{
    struct reader readers[READERS];
    fsi_source *later[ROUNDS] = {0};
    fsi_char *folder;
    stash_config config;
    stash *s = NULL;
    scratch_create("/tmp/test_stash_threads");
    make_dir("stash");
    folder = folder16("stash");
    config = test_config(65536); /* new stash files (a new file list) as staging goes on */
    CHECK_HR(stash_create(folder, &config, &s, NULL), 0);
    for (unsigned i = 0; i < SHARED; i++)
        shared[i] = stage(s, shared_sizes[i], i);
    for (unsigned i = 0; i < READERS; i++) {
        readers[i].seed = i;
        readers[i].own_seed = 100 + i;
        readers[i].own = stage(s, 40000 + i * 3000, readers[i].own_seed);
        CHECK(pthread_create(&readers[i].thread, NULL, read_loop, &readers[i]) == 0);
    }
    /* Staging meanwhile: new runs at the end and in the gaps the releases leave. */
    for (unsigned i = 0; i < ROUNDS; i++) {
        later[i] = stage(s, 20000 + (i * 7919) % 400000, 200 + i);
        if (i >= 3 && i % 2) {
            CHECK(whole_matches(later[i - 3], 200 + i - 3));
            fsi_source_release(later[i - 3]);
            later[i - 3] = NULL;
        }
    }
    atomic_store(&stop, 1);
    for (unsigned i = 0; i < READERS; i++)
        CHECK(pthread_join(readers[i].thread, NULL) == 0);
    CHECK_MSG(atomic_load(&mismatches) == 0, "%d reads gave other bytes", atomic_load(&mismatches));
    CHECK(atomic_load(&reads) >= READERS * 200);
    for (unsigned i = 0; i < ROUNDS; i++)
        if (later[i]) {
            CHECK(whole_matches(later[i], 200 + i));
            fsi_source_release(later[i]);
        }
    for (unsigned i = 0; i < SHARED; i++) {
        CHECK(whole_matches(shared[i], i));
        fsi_source_release(shared[i]);
    }
    CHECK(stash_bytes(s) == 0 && stash_files_open(at("stash")).count == 0);
    stash_release(s);
    fsi_free(folder);
    return check_report();
}
