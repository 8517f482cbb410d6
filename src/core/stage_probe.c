/* The throughput probe: measures sources, caches per volume, decides and traces (stage_probe.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stage_probe.h"

/* What measuring costs: the per-file part (open + close) and the per-byte part (bytes in byte_ns). */
struct cost {
    uint64_t file_ns;
    uint64_t bytes;
    uint64_t byte_ns;
};

struct volume {
    uint64_t id;
    platform_drive drive;
    unsigned samples; /* files measured; cost sums them */
    struct cost cost;
};

struct stage_probe {
    stage_probe_hooks hooks;
    int trace;
    struct volume *volumes;
    size_t volume_count, volume_room;
    /* The folder of the previous file and its volume (index into volumes); none while folder is NULL. */
    fsi_char *folder;
    size_t folder_len, folder_room, folder_volume;
    void *buffer_block; /* malloc'd */
    unsigned char *buffer; /* inside buffer_block, page-aligned: reads into a merely 16-byte-aligned buffer
                              run several times slower (toolchain-and-wine.md), which would bias the measure */
};

static uint64_t os_clock(void *ctx)
{
    (void)ctx;
    return platform_clock_ns();
}

static platform_drive os_drive(void *ctx, const fsi_char *path)
{
    (void)ctx;
    return platform_drive_type(path);
}

static fsi_hresult os_volume(void *ctx, const fsi_char *path, uint64_t *id)
{
    (void)ctx;
    return platform_volume_id(path, id);
}

static int trace_wanted(void)
{
    const char *value = getenv("OPENIMAPI2FS_TRACE_STAGING");
    return value && *value && strcmp(value, "0") != 0;
}

stage_probe *stage_probe_create(const stage_probe_hooks *hooks)
{
    stage_probe *probe = calloc(1, sizeof(*probe));
    if (!probe)
        return NULL;
    if (hooks)
        probe->hooks = *hooks;
    if (!probe->hooks.clock_ns)
        probe->hooks.clock_ns = os_clock;
    if (!probe->hooks.drive_type)
        probe->hooks.drive_type = os_drive;
    if (!probe->hooks.volume_id)
        probe->hooks.volume_id = os_volume;
    probe->trace = trace_wanted();
    return probe;
}

void stage_probe_destroy(stage_probe *probe)
{
    if (!probe)
        return;
    free(probe->volumes);
    free(probe->folder);
    free(probe->buffer_block);
    free(probe);
}

static size_t folder_length(const fsi_char *path)
{
    size_t len = 0, i;
    for (i = 0; path[i]; i++)
        if (path[i] == '\\' || path[i] == '/')
            len = i;
    return len;
}

/* Remembers path's folder as the one on volume index; forgets it when memory is short. */
static void remember_folder(stage_probe *probe, const fsi_char *path, size_t len, size_t index)
{
    if (len + 1 > probe->folder_room) {
        fsi_char *grown = realloc(probe->folder, (len + 1) * sizeof(fsi_char));
        if (!grown) {
            free(probe->folder);
            probe->folder = NULL;
            probe->folder_room = 0;
            return;
        }
        probe->folder = grown;
        probe->folder_room = len + 1;
    }
    memcpy(probe->folder, path, len * sizeof(fsi_char));
    probe->folder_len = len;
    probe->folder_volume = index;
}

/* The volume of a file's path, added on first sight with its drive type; NULL when the path has no
 * volume or memory is short (the file is then measured, and judged alone). */
static struct volume *volume_of(stage_probe *probe, const fsi_char *path)
{
    size_t len = folder_length(path), i;
    uint64_t id;
    if (probe->folder && len == probe->folder_len && !memcmp(probe->folder, path, len * sizeof(fsi_char)))
        return &probe->volumes[probe->folder_volume];
    if (probe->hooks.volume_id(probe->hooks.ctx, path, &id) < 0)
        return NULL;
    for (i = 0; i < probe->volume_count && probe->volumes[i].id != id; i++)
        ;
    if (i == probe->volume_count) {
        if (i == probe->volume_room) {
            size_t room = probe->volume_room ? probe->volume_room * 2 : 4;
            struct volume *grown = realloc(probe->volumes, room * sizeof(*grown));
            if (!grown)
                return NULL;
            probe->volumes = grown;
            probe->volume_room = room;
        }
        memset(&probe->volumes[i], 0, sizeof(probe->volumes[i]));
        probe->volumes[i].id = id;
        probe->volumes[i].drive = probe->hooks.drive_type(probe->hooks.ctx, path);
        probe->volume_count++;
    }
    remember_folder(probe, path, len, i);
    return &probe->volumes[i];
}

/* Opens, reads from the start (bounded in bytes and time) and closes the source; 0 if any step fails. */
static int measure(stage_probe *probe, fsi_source *src, struct cost *cost)
{
    uint64_t want = src->size < STAGE_PROBE_MAX_BYTES ? src->size : STAGE_PROBE_MAX_BYTES, done = 0;
    uint64_t start, opened, last, closed;
    fsi_error ignored = {0};
    void *handle;
    int ok = 1;

    if (!probe->buffer) {
        if (!(probe->buffer_block = malloc(STAGE_PROBE_PIECE + 4095)))
            return 0;
        probe->buffer = (unsigned char *)(((uintptr_t)probe->buffer_block + 4095) & ~(uintptr_t)4095);
    }
    start = probe->hooks.clock_ns(probe->hooks.ctx);
    if (src->ops->open(src, &handle, &ignored) < 0)
        return 0;
    opened = last = probe->hooks.clock_ns(probe->hooks.ctx);
    while (done < want && last - opened < STAGE_PROBE_MAX_NS) {
        size_t piece = want - done < STAGE_PROBE_PIECE ? (size_t)(want - done) : STAGE_PROBE_PIECE;
        if (src->ops->read(src, handle, done, probe->buffer, piece, &ignored) < 0) {
            ok = 0;
            break;
        }
        done += piece;
        last = probe->hooks.clock_ns(probe->hooks.ctx);
    }
    src->ops->close(src, handle);
    closed = probe->hooks.clock_ns(probe->hooks.ctx);
    cost->file_ns = (opened - start) + (closed - last);
    cost->bytes = done;
    cost->byte_ns = last - opened;
    return ok && done > 0;
}

/* The rate a file of size bytes is read at, by the costs measured (of it, or of its volume's files). */
static uint64_t rate_for(const struct cost *cost, unsigned files, uint64_t size)
{
    double ns = (double)cost->file_ns / files + (double)size * (double)cost->byte_ns / (double)cost->bytes;
    double rate = ns > 0 ? (double)size * 1e9 / ns : 0;
    /* Too fast to time (a clock that did not move): as fast as can be, but still "measured". */
    return ns <= 0 || rate >= 1.8e19 ? STAGE_RATE_UNMEASURED - 1 : (uint64_t)rate;
}

static void trace(stage_probe *probe, const stage_request *request, const stage_facts *facts,
                  stage_decision decision, stage_rate_origin origin)
{
    char path[1024], reason[160];
    FILE *out = probe->hooks.trace ? probe->hooks.trace : stderr;
    if (request->path)
        fsi_utf16_to_utf8(request->path, path, sizeof(path));
    else
        strcpy(path, "(unnamed)");
    fprintf(out, "openimapi2fs staging: %s \"%s\" (%llu bytes): %s; ", decision.stage ? "staged" : "unstaged",
            path, (unsigned long long)facts->size, stage_reason_text(facts, decision, reason, sizeof(reason)));
    if (origin == STAGE_RATE_NONE)
        fprintf(out, "rate not measured\n");
    else
        fprintf(out, "rate %llu B/s (%s)\n", (unsigned long long)facts->rate,
                origin == STAGE_RATE_PROBED ? "probed" : "volume");
    fflush(out);
}

stage_decision stage_probe_decide(stage_probe *probe, const stage_request *request, stage_facts *facts_out,
                                  stage_rate_origin *origin_out)
{
    stage_rate_origin origin = STAGE_RATE_NONE;
    struct volume *volume = NULL;
    stage_decision decision;
    stage_facts facts;

    memset(&facts, 0, sizeof(facts));
    facts.stage_files = request->stage_files;
    facts.kind = request->kind;
    facts.drive = PLATFORM_DRIVE_UNKNOWN;
    facts.size = request->source ? request->source->size : 0;
    facts.rate = STAGE_RATE_UNMEASURED;
    facts.need = request->need;

    /* The drive and the volume are asked for only when the rules before them do not decide. */
    if (request->path && stage_needs_drive(&facts)) {
        volume = volume_of(probe, request->path);
        facts.drive = volume ? volume->drive : probe->hooks.drive_type(probe->hooks.ctx, request->path);
    }
    if (stage_needs_rate(&facts)) {
        struct cost cost;
        if (volume && volume->samples >= STAGE_PROBE_SAMPLES) {
            facts.rate = rate_for(&volume->cost, volume->samples, facts.size);
            origin = STAGE_RATE_VOLUME;
        } else if (measure(probe, request->source, &cost)) {
            facts.rate = rate_for(&cost, 1, facts.size);
            origin = STAGE_RATE_PROBED;
            if (volume) {
                volume->samples++;
                volume->cost.file_ns += cost.file_ns;
                volume->cost.bytes += cost.bytes;
                volume->cost.byte_ns += cost.byte_ns;
            }
        }
    }
    decision = stage_decide(&facts);
    if (probe->trace)
        trace(probe, request, &facts, decision, origin);
    if (facts_out)
        *facts_out = facts;
    if (origin_out)
        *origin_out = origin;
    return decision;
}
