/* The staging decision table and the rate each kind of media needs. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>

#include "stage_policy.h"

/* User data per second at 1x: 75 sectors of 2048 bytes (CD), 11.08 Mbit/s (DVD), 36.55 Mbit/s (HD DVD),
 * 36 Mbit/s (BD). */
enum {
    CD_1X = 153600,
    DVD_1X = 1385000,
    HDDVD_1X = 4568750,
    BD_1X = 4500000,
};

struct media_rate {
    const char *media;
    uint64_t one_x;
    unsigned speed; /* the fastest write speed drives reach on this media; 0: no stream to feed */
};

/* Indexed by IMAPI_MEDIA_PHYSICAL_TYPE, 0x00 to 0x13 (the list of fsimage_media.c). The speeds are the
 * fastest writers' (a source that keeps up with those keeps up with every slower drive): CD-R 52x,
 * CD-RW 32x (Ultra Speed), DVD±R 24x, DVD-RAM 12x, DVD+RW 8x, DVD-RW 6x, double-layer DVD 12x, HD DVD 2x,
 * BD-R 16x, BD-RE 2x. Pressed media (CD-ROM, DVD-ROM, BD-ROM) count as their recordable kin. */
static const struct media_rate media_rates[] = {
    {"CD-R", CD_1X, 52},        /* UNKNOWN: the default, see stage_need_default */
    {"CD-ROM", CD_1X, 52},      /* CDROM */
    {"CD-R", CD_1X, 52},        /* CDR */
    {"CD-RW", CD_1X, 32},       /* CDRW */
    {"DVD-ROM", DVD_1X, 24},    /* DVDROM */
    {"DVD-RAM", DVD_1X, 12},    /* DVDRAM */
    {"DVD+R", DVD_1X, 24},      /* DVDPLUSR */
    {"DVD+RW", DVD_1X, 8},      /* DVDPLUSRW */
    {"DVD+R DL", DVD_1X, 12},   /* DVDPLUSR_DUALLAYER */
    {"DVD-R", DVD_1X, 24},      /* DVDDASHR */
    {"DVD-RW", DVD_1X, 6},      /* DVDDASHRW */
    {"DVD-R DL", DVD_1X, 12},   /* DVDDASHR_DUALLAYER */
    {"disk", 0, 0},             /* DISK: random-access writes, nothing to keep up with */
    {"DVD+RW DL", DVD_1X, 8},   /* DVDPLUSRW_DUALLAYER */
    {"HD DVD-ROM", HDDVD_1X, 2}, /* HDDVDROM */
    {"HD DVD-R", HDDVD_1X, 2},  /* HDDVDR */
    {"HD DVD-RAM", HDDVD_1X, 2}, /* HDDVDRAM */
    {"BD-ROM", BD_1X, 16},      /* BDROM */
    {"BD-R", BD_1X, 16},        /* BDR */
    {"BD-RE", BD_1X, 2},        /* BDRE */
};

stage_need stage_need_for_media(int32_t physical_type)
{
    const struct media_rate *m;
    stage_need need;
    if (physical_type < 0 || (size_t)physical_type >= sizeof(media_rates) / sizeof(media_rates[0]))
        physical_type = 0;
    m = &media_rates[physical_type];
    need.rate = m->one_x * m->speed;
    need.media = m->media;
    need.speed = m->speed;
    return need;
}

stage_need stage_need_default(void)
{
    return stage_need_for_media(0);
}

static stage_decision decided(int stage, stage_reason reason)
{
    stage_decision d;
    d.stage = stage;
    d.reason = reason;
    return d;
}

/* The rules before the rate; reason STAGE_REASON_SLOW when none applies. */
static stage_decision decide_without_rate(const stage_facts *f)
{
    if (f->stage_files)
        return decided(1, STAGE_REASON_FLAG);
    if (f->size == 0)
        return decided(0, STAGE_REASON_EMPTY);
    if (f->kind == STAGE_SOURCE_MEMORY)
        return decided(0, STAGE_REASON_MEMORY);
    if (f->kind == STAGE_SOURCE_FILE) {
        switch (f->drive) {
        case PLATFORM_DRIVE_REMOVABLE: return decided(1, STAGE_REASON_REMOVABLE);
        case PLATFORM_DRIVE_OPTICAL: return decided(1, STAGE_REASON_OPTICAL);
        case PLATFORM_DRIVE_REMOTE: return decided(1, STAGE_REASON_REMOTE);
        default: break; /* fixed, ram disk, unknown: as fast as they measure */
        }
    }
    if (f->need.rate == 0)
        return decided(0, STAGE_REASON_NO_RATE);
    return decided(1, STAGE_REASON_SLOW);
}

int stage_needs_drive(const stage_facts *facts)
{
    /* The rules reach the drive when, with a drive that decides nothing, they reach what follows it. */
    stage_facts any_drive = *facts;
    stage_reason reason;
    any_drive.drive = PLATFORM_DRIVE_UNKNOWN;
    reason = decide_without_rate(&any_drive).reason;
    return facts->kind == STAGE_SOURCE_FILE && (reason == STAGE_REASON_NO_RATE || reason == STAGE_REASON_SLOW);
}

int stage_needs_rate(const stage_facts *facts)
{
    return decide_without_rate(facts).reason == STAGE_REASON_SLOW;
}

stage_decision stage_decide(const stage_facts *facts)
{
    stage_decision d = decide_without_rate(facts);
    if (d.reason != STAGE_REASON_SLOW)
        return d;
    if (facts->rate == STAGE_RATE_UNMEASURED)
        return decided(0, STAGE_REASON_UNMEASURED);
    return facts->rate < facts->need.rate ? d : decided(0, STAGE_REASON_FAST);
}

const char *stage_reason_text(const stage_facts *facts, stage_decision decision, char *buf, size_t size)
{
    const char *fixed = "";
    switch (decision.reason) {
    case STAGE_REASON_FLAG: fixed = "StageFiles is on"; break;
    case STAGE_REASON_EMPTY: fixed = "empty file"; break;
    case STAGE_REASON_MEMORY: fixed = "memory source"; break;
    case STAGE_REASON_REMOVABLE: fixed = "removable drive"; break;
    case STAGE_REASON_OPTICAL: fixed = "optical drive"; break;
    case STAGE_REASON_REMOTE: fixed = "network drive"; break;
    case STAGE_REASON_UNMEASURED: fixed = "rate not measured"; break;
    case STAGE_REASON_NO_RATE:
        snprintf(buf, size, "no sustained rate needed for %s", facts->need.media);
        return buf;
    case STAGE_REASON_SLOW:
    case STAGE_REASON_FAST:
        snprintf(buf, size, "measured %.1f MB/s %s %.1f MB/s needed for %s at %ux", (double)facts->rate / 1e6,
                 decision.reason == STAGE_REASON_SLOW ? "<" : ">=", (double)facts->need.rate / 1e6,
                 facts->need.media, facts->need.speed);
        return buf;
    }
    snprintf(buf, size, "%s", fixed);
    return buf;
}
