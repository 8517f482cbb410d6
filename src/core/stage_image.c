/* Staging as the image applies it (stage_image.h) and the image's staging settings (fsi_core.h).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "hresult.h"
#include "image.h"
#include "message.h"
#include "node.h"
#include "source_file.h"
#include "stage_image.h"
#include "stage_probe.h"
#include "stash.h"

struct image_staging {
    int stage_files;
    int media_chosen;
    int32_t media_type; /* IMAPI_MEDIA_PHYSICAL_TYPE last chosen */
    fsi_char *folder;   /* the working directory; NULL: none given yet */
    stash *stash;       /* made on the first file staged */
    stage_probe *probe; /* made on the first decision */
};

/* Made on first use, so that an image that never stages costs nothing; NULL on out of memory. */
static struct image_staging *staging_of(fsi_image *img)
{
    if (!img->staging)
        img->staging = calloc(1, sizeof(*img->staging));
    return img->staging;
}

void stage_image_free(fsi_image *img)
{
    struct image_staging *st = img->staging;
    if (!st)
        return;
    if (st->stash)
        stash_release(st->stash); /* staged sources still alive keep it */
    stage_probe_destroy(st->probe);
    free(st->folder);
    free(st);
    img->staging = NULL;
}

void fsi_image_set_stage_files(fsi_image *img, int on)
{
    struct image_staging *st = staging_of(img);
    if (st)
        st->stage_files = on != 0;
}

int fsi_image_stage_files(const fsi_image *img)
{
    return img->staging && img->staging->stage_files;
}

void fsi_image_set_media_type(fsi_image *img, int32_t physical_type)
{
    struct image_staging *st = staging_of(img);
    if (st) {
        st->media_chosen = 1;
        st->media_type = physical_type;
    }
}

fsi_hresult fsi_image_set_working_directory(fsi_image *img, const fsi_char *folder, fsi_error *err)
{
    struct image_staging *st = staging_of(img);
    message_text text;
    fsi_char *copy;
    fsi_hresult hr;
    if (!st || !(copy = fsi_strdup16(folder)))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for the working directory '%s'",
                        message_utf8(folder, &text));
    if (fsi_image_has_results(img)) {
        free(copy);
        return fsi_fail(err, IMAPI_E_INVALID_WORKING_DIRECTORY,
                        "the working directory cannot change to '%s' while a result of this image or one of its "
                        "streams exists",
                        message_utf8(folder, &text));
    }
    if (st->stash && (hr = stash_move(st->stash, folder, err)) < 0) {
        free(copy);
        return hr;
    }
    free(st->folder);
    st->folder = copy;
    return FSI_S_OK;
}

uint64_t fsi_image_stash_bytes(fsi_image *img)
{
    return img->staging && img->staging->stash ? stash_bytes(img->staging->stash) : 0;
}

int stage_image_decide(fsi_image *img, fsi_source *src, stage_source_kind kind, const fsi_char *path)
{
    struct image_staging *st = staging_of(img);
    stage_request request;
    if (!st)
        return 0; /* out of memory: the source is read where it is */
    if (!st->probe && !(st->probe = stage_probe_create(NULL)))
        return st->stage_files;
    request.stage_files = st->stage_files;
    request.kind = kind;
    request.source = src;
    request.path = path;
    request.need = st->media_chosen ? stage_need_for_media(st->media_type) : stage_need_default();
    return stage_probe_decide(st->probe, &request, NULL, NULL).stage;
}

/* No folder given (the COM layer always gives the temporary folder): the one the environment names,
 * as the C library's tmpfile would look for it. */
static fsi_char *default_folder(void)
{
    static const char *const names[] = {"TMPDIR", "TEMP", "TMP"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *value = getenv(names[i]);
        if (value && *value)
            return fsi_utf8_to_utf16(value);
    }
    return fsi_utf8_to_utf16("/tmp");
}

fsi_hresult stage_image_copy(fsi_image *img, fsi_source *src, stage_image_report report, void *ctx,
                             stash_batch *batch, fsi_source **out, fsi_error *err)
{
    struct image_staging *st = staging_of(img);
    fsi_hresult hr;
    if (!st)
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory staging a file");
    if (!st->folder && !(st->folder = default_folder()))
        return fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory for the working directory");
    if (!st->stash && (hr = stash_create(st->folder, NULL, &st->stash, err)) < 0)
        return hr;
    return stash_stage_batched(st->stash, src, report, ctx, batch, out, err);
}

fsi_hresult stage_image_flush(fsi_image *img, stash_batch *batch, fsi_error *err)
{
    /* A batch with bytes was filled through the stash, which the image keeps as long as it lives. */
    if (!batch->used)
        return FSI_S_OK;
    return stash_batch_flush(img->staging->stash, batch, err);
}

fsi_hresult stage_image_source(fsi_image *img, fsi_source *src, stage_image_report report, void *ctx, int *copied,
                               fsi_source **out, fsi_error *err)
{
    fsi_char *path = source_file_path(src);
    stage_source_kind kind = path ? STAGE_SOURCE_FILE : src->stream ? STAGE_SOURCE_STREAM : STAGE_SOURCE_MEMORY;
    int stage = stage_image_decide(img, src, kind, path);
    free(path);
    if (copied)
        *copied = stage;
    if (!stage) {
        *out = fsi_source_retain(src);
        return FSI_S_OK;
    }
    return stage_image_copy(img, src, report, ctx, NULL, out, err);
}


/* The files below item that StageFiles would stage now: not staged yet, and not living in their
 * source's block (AddTree's unstaged files, decided when that AddTree ran). */
static int wants_copy(const fsi_node *node)
{
    return node->kind == FSI_KIND_FILE && !node->in_source && !stash_source_extent(node->u.file.source, NULL, NULL);
}

static size_t count_copies(const fsi_node *node)
{
    size_t count = wants_copy(node);
    if (node->kind == FSI_KIND_DIRECTORY)
        for (uint32_t i = 0; i < node->u.dir.count; i++)
            count += count_copies(node->u.dir.items[i]);
    return count;
}

static fsi_hresult copy_files(fsi_image *img, fsi_node *node, fsi_node **files, fsi_source **copies, size_t *done,
                              stash_batch *batch, fsi_error *err)
{
    fsi_hresult hr = FSI_S_OK;
    if (wants_copy(node)) {
        if ((hr = stage_image_copy(img, node->u.file.source, NULL, NULL, batch, &copies[*done], err)) >= 0)
            files[(*done)++] = node;
        return hr;
    }
    if (node->kind == FSI_KIND_DIRECTORY)
        for (uint32_t i = 0; hr >= 0 && i < node->u.dir.count; i++)
            hr = copy_files(img, node->u.dir.items[i], files, copies, done, batch, err);
    return hr;
}

fsi_hresult stage_image_item(fsi_image *img, fsi_node *item, fsi_error *err)
{
    size_t count, done = 0;
    fsi_node **files;
    fsi_source **copies;
    stash_batch batch = {NULL, 0, 0};
    fsi_hresult hr;
    if (!fsi_image_stage_files(img) || !(count = count_copies(item)))
        return FSI_S_OK;
    files = malloc(count * sizeof(*files));
    copies = malloc(count * sizeof(*copies));
    hr = files && copies ? copy_files(img, item, files, copies, &done, &batch, err)
                         : fsi_fail(err, FSI_E_OUTOFMEMORY, "out of memory staging %lu files", (unsigned long)count);
    if (hr >= 0)
        hr = stage_image_flush(img, &batch, err);
    stash_batch_free(&batch);
    for (size_t i = 0; i < done; i++) {
        if (hr >= 0) {
            fsi_source_release(files[i]->u.file.source);
            files[i]->u.file.source = copies[i];
        } else {
            fsi_source_release(copies[i]);
        }
    }
    free(files);
    free(copies);
    return hr;
}
