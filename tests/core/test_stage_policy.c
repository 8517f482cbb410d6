/* The staging decision table (stage_policy.c): every rule, rates around the threshold, every media
 * type's needed rate, the reasons in words. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "stage_policy.h"

static stage_facts facts_for(int flag, stage_source_kind kind, platform_drive drive, uint64_t size, uint64_t rate)
{
    stage_facts f;
    memset(&f, 0, sizeof(f));
    f.stage_files = flag;
    f.kind = kind;
    f.drive = drive;
    f.size = size;
    f.rate = rate;
    f.need = stage_need_default();
    return f;
}

static void expect(const stage_facts *f, int stage, stage_reason reason, const char *text)
{
    stage_decision d = stage_decide(f);
    char buf[160];
    CHECK_MSG(d.stage == stage && d.reason == reason, "kind %d drive %d size %llu rate %llu flag %d: got %d/%d, want %d/%d",
              (int)f->kind, (int)f->drive, (unsigned long long)f->size, (unsigned long long)f->rate, f->stage_files,
              d.stage, (int)d.reason, stage, (int)reason);
    stage_reason_text(f, d, buf, sizeof(buf));
    CHECK_MSG(!strcmp(buf, text), "reason \"%s\", want \"%s\"", buf, text);
}

static const platform_drive all_drives[] = {PLATFORM_DRIVE_UNKNOWN, PLATFORM_DRIVE_FIXED, PLATFORM_DRIVE_REMOVABLE,
                                            PLATFORM_DRIVE_OPTICAL, PLATFORM_DRIVE_REMOTE, PLATFORM_DRIVE_RAMDISK};
static const stage_source_kind all_kinds[] = {STAGE_SOURCE_FILE, STAGE_SOURCE_STREAM, STAGE_SOURCE_MEMORY};

/* StageFiles on stages everything, empty files included, whatever the drive or the rate. */
static void test_flag(void)
{
    size_t k, d;
    for (k = 0; k < 3; k++)
        for (d = 0; d < 6; d++) {
            stage_facts f = facts_for(1, all_kinds[k], all_drives[d], 0, STAGE_RATE_UNMEASURED);
            expect(&f, 1, STAGE_REASON_FLAG, "StageFiles is on");
            CHECK(!stage_needs_rate(&f) && !stage_needs_drive(&f));
            f.size = 5000000000ull;
            f.rate = 1000000000000ull;
            expect(&f, 1, STAGE_REASON_FLAG, "StageFiles is on");
        }
}

/* With the flag off: empty files are never read, memory needs no stage, removable, optical and network
 * drives always stage, and only a file source's drive counts. */
static void test_fixed_rules(void)
{
    size_t k, d;
    for (k = 0; k < 3; k++)
        for (d = 0; d < 6; d++) {
            stage_facts f = facts_for(0, all_kinds[k], all_drives[d], 0, 1);
            expect(&f, 0, STAGE_REASON_EMPTY, "empty file");
            CHECK(!stage_needs_rate(&f) && !stage_needs_drive(&f));
        }
    for (d = 0; d < 6; d++) {
        stage_facts f = facts_for(0, STAGE_SOURCE_MEMORY, all_drives[d], 1, 1);
        expect(&f, 0, STAGE_REASON_MEMORY, "memory source");
        CHECK(!stage_needs_rate(&f) && !stage_needs_drive(&f));
    }
    {
        stage_facts f = facts_for(0, STAGE_SOURCE_FILE, PLATFORM_DRIVE_REMOVABLE, 1, 1000000000000ull);
        expect(&f, 1, STAGE_REASON_REMOVABLE, "removable drive");
        CHECK(!stage_needs_rate(&f) && stage_needs_drive(&f));
        f.drive = PLATFORM_DRIVE_OPTICAL;
        expect(&f, 1, STAGE_REASON_OPTICAL, "optical drive");
        f.drive = PLATFORM_DRIVE_REMOTE;
        f.rate = STAGE_RATE_UNMEASURED;
        expect(&f, 1, STAGE_REASON_REMOTE, "network drive");
        /* A stream's "drive" means nothing: its rate decides. */
        f.kind = STAGE_SOURCE_STREAM;
        f.rate = 1000000000000ull;
        CHECK(stage_needs_rate(&f) && !stage_needs_drive(&f));
        expect(&f, 0, STAGE_REASON_FAST, "measured 1000000.0 MB/s >= 8.0 MB/s needed for CD-R at 52x");
    }
}

/* Fixed, ram-disk and unknown drives and streams: staged exactly when the rate is below the need. */
static void test_threshold(void)
{
    static const platform_drive measured[] = {PLATFORM_DRIVE_UNKNOWN, PLATFORM_DRIVE_FIXED, PLATFORM_DRIVE_RAMDISK};
    const uint64_t need = stage_need_default().rate;
    size_t d;
    CHECK(need == 7987200);
    for (d = 0; d < 4; d++) {
        stage_facts f = facts_for(0, d < 3 ? STAGE_SOURCE_FILE : STAGE_SOURCE_STREAM, d < 3 ? measured[d] : 0, 1,
                                  need - 1);
        CHECK(stage_needs_rate(&f));
        expect(&f, 1, STAGE_REASON_SLOW, "measured 8.0 MB/s < 8.0 MB/s needed for CD-R at 52x");
        f.rate = need;
        expect(&f, 0, STAGE_REASON_FAST, "measured 8.0 MB/s >= 8.0 MB/s needed for CD-R at 52x");
        f.rate = need + 1;
        expect(&f, 0, STAGE_REASON_FAST, "measured 8.0 MB/s >= 8.0 MB/s needed for CD-R at 52x");
        f.rate = 0;
        expect(&f, 1, STAGE_REASON_SLOW, "measured 0.0 MB/s < 8.0 MB/s needed for CD-R at 52x");
        f.rate = STAGE_RATE_UNMEASURED;
        expect(&f, 0, STAGE_REASON_UNMEASURED, "rate not measured");
        f.size = 10000000000ull; /* size itself never decides once measured */
        f.rate = 3100000;
        expect(&f, 1, STAGE_REASON_SLOW, "measured 3.1 MB/s < 8.0 MB/s needed for CD-R at 52x");
    }
}

/* Each IMAPI_MEDIA_PHYSICAL_TYPE: its 1x rate times its speed, and the table's threshold at that need. */
static void test_media(void)
{
    static const struct {
        int32_t type;
        uint64_t rate;
        const char *media;
        unsigned speed;
    } want[] = {
        {0x00, 7987200, "CD-R", 52},      {0x01, 7987200, "CD-ROM", 52},   {0x02, 7987200, "CD-R", 52},
        {0x03, 4915200, "CD-RW", 32},     {0x04, 33240000, "DVD-ROM", 24}, {0x05, 16620000, "DVD-RAM", 12},
        {0x06, 33240000, "DVD+R", 24},    {0x07, 11080000, "DVD+RW", 8},   {0x08, 16620000, "DVD+R DL", 12},
        {0x09, 33240000, "DVD-R", 24},    {0x0A, 8310000, "DVD-RW", 6},    {0x0B, 16620000, "DVD-R DL", 12},
        {0x0C, 0, "disk", 0},             {0x0D, 11080000, "DVD+RW DL", 8}, {0x0E, 9137500, "HD DVD-ROM", 2},
        {0x0F, 9137500, "HD DVD-R", 2},   {0x10, 9137500, "HD DVD-RAM", 2}, {0x11, 72000000, "BD-ROM", 16},
        {0x12, 72000000, "BD-R", 16},     {0x13, 9000000, "BD-RE", 2},
        {-1, 7987200, "CD-R", 52},        {0x14, 7987200, "CD-R", 52}, /* not media types: the default */
    };
    size_t i;
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        stage_need need = stage_need_for_media(want[i].type);
        stage_facts f = facts_for(0, STAGE_SOURCE_FILE, PLATFORM_DRIVE_FIXED, 4096, 0);
        CHECK_MSG(need.rate == want[i].rate && need.speed == want[i].speed && !strcmp(need.media, want[i].media),
                  "media 0x%02X: %llu %s %ux", (unsigned)want[i].type, (unsigned long long)need.rate, need.media,
                  need.speed);
        f.need = need;
        if (!need.rate) {
            expect(&f, 0, STAGE_REASON_NO_RATE, "no sustained rate needed for disk");
            CHECK(!stage_needs_rate(&f) && stage_needs_drive(&f));
            continue;
        }
        f.rate = need.rate - 1;
        CHECK_MSG(stage_decide(&f).stage, "media 0x%02X: below its rate not staged", (unsigned)want[i].type);
        f.rate = need.rate;
        CHECK_MSG(!stage_decide(&f).stage, "media 0x%02X: at its rate staged", (unsigned)want[i].type);
    }
    {
        stage_facts f = facts_for(0, STAGE_SOURCE_FILE, PLATFORM_DRIVE_FIXED, 1, 3100000);
        f.need = stage_need_for_media(0x06);
        expect(&f, 1, STAGE_REASON_SLOW, "measured 3.1 MB/s < 33.2 MB/s needed for DVD+R at 24x");
        f.drive = PLATFORM_DRIVE_REMOVABLE; /* drives still stage on a disk */
        f.need = stage_need_for_media(0x0C);
        expect(&f, 1, STAGE_REASON_REMOVABLE, "removable drive");
    }
}

int main(void)
{
    test_flag();
    test_fixed_rules();
    test_threshold();
    test_media();
    return check_report();
}
