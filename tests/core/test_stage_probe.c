/* The throughput probe (stage_probe.c) with an injected clock, drive types and volumes: sources whose
 * opens and reads "take" a set time, the bounds of the measure, the per-volume cache, the trace; then
 * the platform's own clock, volume id and drive type. SPDX-License-Identifier: LGPL-2.1-or-later */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "scratch.h"
#include "stage_probe.h"
#include "tree_dump.h"

/* The injected world: a clock that moves only when a fake source works, and volumes and drives named
 * by the first folder of a path ("/A/..." is volume 'A'; volume 'R' is removable, 'N' remote). */
struct world {
    uint64_t now;
    int volume_calls, drive_calls;
};

static uint64_t fake_clock(void *ctx)
{
    return ((struct world *)ctx)->now;
}

static platform_drive fake_drive(void *ctx, const fsi_char *path)
{
    ((struct world *)ctx)->drive_calls++;
    switch (path[1]) {
    case 'R': return PLATFORM_DRIVE_REMOVABLE;
    case 'N': return PLATFORM_DRIVE_REMOTE;
    default: return PLATFORM_DRIVE_FIXED;
    }
}

static fsi_hresult fake_volume(void *ctx, const fsi_char *path, uint64_t *id)
{
    ((struct world *)ctx)->volume_calls++;
    if (path[0] != '/')
        return (fsi_hresult)0x80070002;
    *id = path[1];
    return 0;
}

/* A source whose open takes open_ns, close close_ns, and each byte read ns_per_byte. */
struct slow_source {
    fsi_source base;
    struct world *world;
    uint64_t open_ns, close_ns, ns_per_byte;
    int fail_open, fail_read;
    int opens, reads;
    uint64_t bytes_read, furthest;
};

static fsi_hresult slow_open(fsi_source *src, void **handle, fsi_error *err)
{
    struct slow_source *s = (struct slow_source *)src;
    s->world->now += s->open_ns;
    s->opens++;
    *handle = s;
    return s->fail_open ? fsi_fail(err, (fsi_hresult)0x80070005, "denied") : 0;
}

static fsi_hresult slow_read(fsi_source *src, void *handle, uint64_t offset, void *buf, size_t len, fsi_error *err)
{
    struct slow_source *s = (struct slow_source *)src;
    CHECK(handle == s && offset + len <= src->size);
    CHECK_MSG(((uintptr_t)buf & 4095) == 0, "probe buffer not page-aligned");
    memset(buf, 0x5A, len);
    s->world->now += len * s->ns_per_byte;
    s->reads++;
    s->bytes_read += len;
    if (offset + len > s->furthest)
        s->furthest = offset + len;
    return s->fail_read ? fsi_fail(err, (fsi_hresult)0x8007001E, "read fault") : 0;
}

static void slow_close(fsi_source *src, void *handle)
{
    struct slow_source *s = (struct slow_source *)src;
    (void)handle;
    s->world->now += s->close_ns;
}

static void slow_destroy(fsi_source *src)
{
    (void)src;
}

static const fsi_source_ops slow_ops = {slow_open, slow_read, slow_close, slow_destroy};

static struct slow_source slow(struct world *w, uint64_t size, uint64_t open_ns, uint64_t ns_per_byte)
{
    struct slow_source s;
    memset(&s, 0, sizeof(s));
    fsi_source_init(&s.base, &slow_ops, size);
    s.world = w;
    s.open_ns = open_ns;
    s.ns_per_byte = ns_per_byte;
    return s;
}

static stage_probe *fake_probe(struct world *w, FILE *trace)
{
    stage_probe_hooks hooks = {fake_clock, fake_drive, fake_volume, w, trace};
    memset(w, 0, sizeof(*w));
    w->now = 1000;
    return stage_probe_create(&hooks);
}

static stage_decision decide(stage_probe *p, stage_source_kind kind, struct slow_source *s, const char *path,
                             stage_need need, int flag, stage_facts *facts, stage_rate_origin *origin)
{
    stage_request r;
    stage_decision d;
    fsi_char *wide = path ? fsi_utf8_to_utf16(path) : NULL;
    r.stage_files = flag;
    r.kind = kind;
    r.source = &s->base;
    r.path = wide;
    r.need = need;
    d = stage_probe_decide(p, &r, facts, origin);
    fsi_free(wide);
    return d;
}

static int near(uint64_t got, uint64_t want)
{
    return got + 1 >= want && got <= want + 1;
}

/* rate = bytes / (open + close + read time); a file larger than the measure is judged by the per-file
 * and per-byte costs extrapolated to its size. */
static void test_measure(void)
{
    struct world w;
    stage_probe *p = fake_probe(&w, NULL);
    stage_need cd = stage_need_default(), dvd = stage_need_for_media(0x06);
    stage_rate_origin origin;
    stage_facts f;
    stage_decision d;

    /* 100,000 bytes at 1 ns each after 1 ms of opening (600 us) and closing (400 us): 90.9 MB/s. */
    struct slow_source a = slow(&w, 100000, 600000, 1);
    a.close_ns = 400000;
    d = decide(p, STAGE_SOURCE_FILE, &a, "/A/a.bin", cd, 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_FAST && origin == STAGE_RATE_PROBED);
    CHECK_MSG(near(f.rate, 90909090), "rate %llu", (unsigned long long)f.rate);
    CHECK(f.drive == PLATFORM_DRIVE_FIXED && f.size == 100000);
    CHECK(a.opens == 1 && a.bytes_read == 100000 && a.furthest == 100000);

    /* The same file opening in 10 ms: 9.9 MB/s, enough for a CD-R at 52x, not for a DVD+R at 24x. */
    struct slow_source b = slow(&w, 100000, 10000000, 1);
    d = decide(p, STAGE_SOURCE_FILE, &b, "/B/b.bin", cd, 0, &f, &origin);
    CHECK(!d.stage && near(f.rate, 9900990));
    d = decide(p, STAGE_SOURCE_FILE, &b, "/B/b.bin", dvd, 0, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_SLOW && near(f.rate, 9900990));

    /* 100 MiB: only the first MiB read (4 pieces), the rate that of the whole file. */
    struct slow_source c = slow(&w, 100u << 20, 1000000, 1);
    d = decide(p, STAGE_SOURCE_FILE, &c, "/C/c.bin", dvd, 0, &f, &origin);
    CHECK(!d.stage && c.bytes_read == STAGE_PROBE_MAX_BYTES && c.reads == 4 && c.furthest == STAGE_PROBE_MAX_BYTES);
    CHECK_MSG(near(f.rate, (uint64_t)(104857600.0 * 1e9 / (1000000.0 + 104857600.0))), "rate %llu",
              (unsigned long long)f.rate);

    /* 100 ns a byte: a piece takes 26 ms, so the 50 ms cap stops after two (512 KiB); 10 MB/s. */
    struct slow_source e = slow(&w, 4u << 20, 0, 100);
    d = decide(p, STAGE_SOURCE_FILE, &e, "/E/e.bin", cd, 0, &f, &origin);
    CHECK_MSG(e.reads == 2 && e.bytes_read == 2 * STAGE_PROBE_PIECE, "%d reads, %llu bytes", e.reads,
              (unsigned long long)e.bytes_read);
    CHECK(!d.stage && near(f.rate, 10000000));

    /* A source that cannot be opened or read: not measured, not staged (the error shows at image time). */
    struct slow_source g = slow(&w, 5000, 1000, 1);
    g.fail_open = 1;
    d = decide(p, STAGE_SOURCE_FILE, &g, "/G/g.bin", cd, 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_UNMEASURED && origin == STAGE_RATE_NONE && f.rate == STAGE_RATE_UNMEASURED);
    g.fail_open = 0;
    g.fail_read = 1;
    d = decide(p, STAGE_SOURCE_FILE, &g, "/G/g.bin", cd, 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_UNMEASURED && g.opens == 2);

    /* A clock that does not move: as fast as can be. */
    struct slow_source z = slow(&w, 5000, 0, 0);
    d = decide(p, STAGE_SOURCE_STREAM, &z, NULL, cd, 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_FAST && f.rate == STAGE_RATE_UNMEASURED - 1);
    stage_probe_destroy(p);
}

/* What is not measured: the flag, empty files, memory, removable and network drives, a disk target. */
static void test_no_measure(void)
{
    struct world w;
    stage_probe *p = fake_probe(&w, NULL);
    stage_rate_origin origin;
    stage_facts f;
    stage_decision d;
    struct slow_source s = slow(&w, 100000, 1, 1), empty = slow(&w, 0, 1, 1);

    d = decide(p, STAGE_SOURCE_FILE, &s, "/R/x", stage_need_default(), 1, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_FLAG && w.volume_calls == 0 && w.drive_calls == 0);
    d = decide(p, STAGE_SOURCE_FILE, &empty, "/R/x", stage_need_default(), 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_EMPTY && w.volume_calls == 0);
    d = decide(p, STAGE_SOURCE_MEMORY, &s, NULL, stage_need_default(), 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_MEMORY);
    d = decide(p, STAGE_SOURCE_FILE, &s, "/R/x", stage_need_default(), 0, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_REMOVABLE && f.drive == PLATFORM_DRIVE_REMOVABLE);
    d = decide(p, STAGE_SOURCE_FILE, &s, "/N/share/x", stage_need_default(), 0, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_REMOTE);
    d = decide(p, STAGE_SOURCE_FILE, &s, "/A/x", stage_need_for_media(0x0C), 0, &f, &origin);
    CHECK(!d.stage && d.reason == STAGE_REASON_NO_RATE && f.drive == PLATFORM_DRIVE_FIXED);
    d = decide(p, STAGE_SOURCE_FILE, &s, "/R/y", stage_need_for_media(0x0C), 0, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_REMOVABLE);
    CHECK(s.opens == 0 && empty.opens == 0 && origin == STAGE_RATE_NONE);
    /* A path without a volume: its own drive asked, the file measured. */
    d = decide(p, STAGE_SOURCE_FILE, &s, "relative.bin", stage_need_default(), 0, &f, &origin);
    CHECK(!d.stage && origin == STAGE_RATE_PROBED && s.opens == 1 && f.drive == PLATFORM_DRIVE_FIXED);
    stage_probe_destroy(p);
}

/* The first STAGE_PROBE_SAMPLES files of a volume are measured, the next ones judged by the volume's
 * figures untouched; another volume is measured afresh; streams always; the drive asked once a volume,
 * the volume once a folder. */
static void test_cache(void)
{
    struct world w;
    stage_probe *p = fake_probe(&w, NULL);
    stage_need cd = stage_need_default();
    stage_rate_origin origin;
    stage_facts f;
    stage_decision d;
    struct slow_source files[STAGE_PROBE_SAMPLES + 1];
    char path[64];
    int i;

    for (i = 0; i <= STAGE_PROBE_SAMPLES; i++) {
        /* Half the samples open in 0.5 ms, half in 1.5 ms: the volume's figure is 1 ms. */
        files[i] = slow(&w, 10000 + i, i % 2 ? 1500000 : 500000, 2);
        snprintf(path, sizeof(path), "/A/dir%d/f%d", i / 4, i);
        d = decide(p, STAGE_SOURCE_FILE, &files[i], path, cd, 0, &f, &origin);
        if (i < STAGE_PROBE_SAMPLES)
            CHECK_MSG(origin == STAGE_RATE_PROBED && files[i].opens == 1, "file %d not measured", i);
    }
    CHECK_MSG(origin == STAGE_RATE_VOLUME && files[STAGE_PROBE_SAMPLES].opens == 0, "file %d measured",
              STAGE_PROBE_SAMPLES);
    /* 10016 bytes at 2 ns after 1 ms: 9.8 MB/s. */
    CHECK_MSG(near(f.rate, (uint64_t)(10016e9 / (1000000.0 + 20032.0))), "rate %llu", (unsigned long long)f.rate);
    CHECK(!d.stage);
    CHECK_MSG(w.volume_calls == (STAGE_PROBE_SAMPLES + 4) / 4 && w.drive_calls == 1, "%d volume, %d drive calls",
              w.volume_calls, w.drive_calls);

    /* A large file of the same volume: judged by per-file and per-byte figures, 10^9 bytes in 1 ms + 2 s. */
    struct slow_source big = slow(&w, 1000000000, 1, 1);
    d = decide(p, STAGE_SOURCE_FILE, &big, "/A/dir0/big", cd, 0, &f, &origin);
    CHECK(origin == STAGE_RATE_VOLUME && big.opens == 0 && near(f.rate, (uint64_t)(1e18 / (1000000.0 + 2e9))));
    /* A small one below the need: 1,000 bytes in 1 ms -> 1 MB/s, staged without being touched. */
    struct slow_source tiny = slow(&w, 1000, 1, 1);
    d = decide(p, STAGE_SOURCE_FILE, &tiny, "/A/dir1/tiny", cd, 0, &f, &origin);
    CHECK(d.stage && d.reason == STAGE_REASON_SLOW && tiny.opens == 0 && near(f.rate, (uint64_t)(1e12 / 1002000.0)));

    /* Volume B is new: measured, its drive asked. */
    struct slow_source other = slow(&w, 1000, 1000, 1);
    d = decide(p, STAGE_SOURCE_FILE, &other, "/B/f", cd, 0, &f, &origin);
    CHECK(origin == STAGE_RATE_PROBED && other.opens == 1 && w.drive_calls == 2);
    /* Streams have no volume: each measured, every time. */
    struct slow_source stream = slow(&w, 1000, 1000, 1);
    for (i = 0; i < STAGE_PROBE_SAMPLES + 2; i++)
        decide(p, STAGE_SOURCE_STREAM, &stream, "stream", cd, 0, &f, &origin);
    CHECK(stream.opens == STAGE_PROBE_SAMPLES + 2 && origin == STAGE_RATE_PROBED && w.drive_calls == 2);
    stage_probe_destroy(p);
}

static char *read_all(FILE *f)
{
    long len;
    char *text;
    fflush(f);
    len = ftell(f);
    text = calloc(1, (size_t)len + 1);
    rewind(f);
    if (text && fread(text, 1, (size_t)len, f) != (size_t)len)
        text[0] = 0;
    return text;
}

/* One line per decision when OPENIMAPI2FS_TRACE_STAGING is set at creation; nothing when unset or "0". */
static void test_trace(void)
{
    static const char *const values[] = {NULL, "", "0"};
    const char *want = "openimapi2fs staging: staged \"/R/photo.jpg\" (1000 bytes): removable drive; rate not measured\n"
                       "openimapi2fs staging: unstaged \"/A/a.bin\" (100000 bytes): measured 90.9 MB/s >= 8.0 MB/s "
                       "needed for CD-R at 52x; rate 90909090 B/s (probed)\n"
                       "openimapi2fs staging: staged \"(unnamed)\" (100000 bytes): measured 0.5 MB/s < 8.0 MB/s "
                       "needed for CD-R at 52x; rate 500000 B/s (probed)\n"
                       "openimapi2fs staging: staged \"/A/b.bin\" (5 bytes): StageFiles is on; rate not measured\n";
    struct world w;
    size_t i;
    for (i = 0; i < 4; i++) {
        FILE *out = tmpfile();
        stage_probe *p;
        char *text;
        CHECK(out != NULL);
        if (!out)
            return;
        if (i < 3 && values[i])
            setenv("OPENIMAPI2FS_TRACE_STAGING", values[i], 1);
        else if (i < 3)
            unsetenv("OPENIMAPI2FS_TRACE_STAGING");
        else
            setenv("OPENIMAPI2FS_TRACE_STAGING", "1", 1);
        p = fake_probe(&w, out);
        {
            struct slow_source r = slow(&w, 1000, 1, 1), a = slow(&w, 100000, 1000000, 1);
            struct slow_source s = slow(&w, 100000, 0, 2000), flagged = slow(&w, 5, 1, 1);
            decide(p, STAGE_SOURCE_FILE, &r, "/R/photo.jpg", stage_need_default(), 0, NULL, NULL);
            decide(p, STAGE_SOURCE_FILE, &a, "/A/a.bin", stage_need_default(), 0, NULL, NULL);
            decide(p, STAGE_SOURCE_STREAM, &s, NULL, stage_need_default(), 0, NULL, NULL);
            decide(p, STAGE_SOURCE_FILE, &flagged, "/A/b.bin", stage_need_default(), 1, NULL, NULL);
        }
        text = read_all(out);
        CHECK_MSG(text && !strcmp(text, i < 3 ? "" : want), "trace %zu:\n%s", i, text ? text : "(null)");
        free(text);
        stage_probe_destroy(p);
        fclose(out);
    }
    unsetenv("OPENIMAPI2FS_TRACE_STAGING");
}

/* The platform's own clock, volumes and drives, and a real file measured by the real probe. */
static void test_platform(void)
{
    struct timespec pause = {0, 2000000};
    uint64_t a = platform_clock_ns(), b, vol1 = 0, vol2 = 0, vol3 = 0;
    struct stat st;
    const fsi_char *missing = W("/nonexistent-openimapi2fs/x");
    const fsi_char *proc = W("/proc/self");
    char *one, *two;
    fsi_char *wone, *wtwo;

    nanosleep(&pause, NULL);
    b = platform_clock_ns();
    CHECK_MSG(b >= a + 2000000 && b - a < 10000000000ull, "clock moved %llu ns over a 2 ms sleep",
              (unsigned long long)(b - a));

    scratch_create("/tmp/test_stage_probe");
    one = strdup(at("one.bin"));
    two = strdup(at("two.bin"));
    make_text_file("one.bin", "x");
    {
        FILE *f = fopen(two, "wb");
        static char block[STAGE_PROBE_MAX_BYTES];
        CHECK(f && fwrite(block, 1, sizeof(block), f) == sizeof(block));
        if (f)
            fclose(f);
    }
    wone = fsi_utf8_to_utf16(one);
    wtwo = fsi_utf8_to_utf16(two);
    CHECK_HR(platform_volume_id(wone, &vol1), 0);
    CHECK_HR(platform_volume_id(wtwo, &vol2), 0);
    CHECK(vol1 == vol2 && stat(one, &st) == 0 && vol1 == (uint64_t)st.st_dev);
    CHECK_HR(platform_volume_id(proc, &vol3), 0);
    CHECK(vol3 != vol1); /* procfs is a volume of its own */
    CHECK_HR(platform_volume_id(missing, &vol3), 0x80070002);
    CHECK(platform_drive_type(missing) == PLATFORM_DRIVE_UNKNOWN);
    CHECK(platform_drive_type(wone) != PLATFORM_DRIVE_UNKNOWN);
    if (stat("/dev/shm", &st) == 0) {
        CHECK(platform_drive_type(W("/dev/shm")) == PLATFORM_DRIVE_RAMDISK);
    }

    /* A local 1 MiB file read by the OS is far faster than a CD-R at 52x needs. */
    {
        stage_probe *p = stage_probe_create(NULL);
        fsi_source *src = NULL;
        fsi_error err = {0};
        stage_request r;
        stage_rate_origin origin;
        stage_facts f;
        stage_decision d;
        CHECK_HR(fsi_source_from_path(wtwo, &src, &err), 0);
        r.stage_files = 0;
        r.kind = STAGE_SOURCE_FILE;
        r.source = src;
        r.path = wtwo;
        r.need = stage_need_default();
        d = stage_probe_decide(p, &r, &f, &origin);
        CHECK_MSG(!d.stage && d.reason == STAGE_REASON_FAST && origin == STAGE_RATE_PROBED,
                  "local file: stage %d reason %d origin %d rate %llu", d.stage, (int)d.reason, (int)origin,
                  (unsigned long long)f.rate);
        fsi_source_release(src);
        stage_probe_destroy(p);
    }
    fsi_free(wone);
    fsi_free(wtwo);
    free(one);
    free(two);
    scratch_remove();
}

int main(void)
{
    test_measure();
    test_no_measure();
    test_cache();
    test_trace();
    test_platform();
    return check_report();
}
