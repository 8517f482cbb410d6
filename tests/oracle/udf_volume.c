/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "udf_volume.h"

#include "udf_tags.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tag identifiers, ECMA-167 3/7.2.1 and 4/7.2.1. */
enum {
    TAG_AVDP = 2,
    TAG_LVD = 6,
    TAG_TERMINATING = 8,
    TAG_LVID = 9,
};

/* Where ECMA-167's Volume Recognition Sequence may run: from block 16 (after the ISO 9660 descriptors of a
 * bridge image) to the first anchor. */
#define VRS_FIRST 16
#define ANCHOR_BLOCK 256

struct mapped {
    const unsigned char *bytes;
    size_t size;
    size_t blocks;
};

static const unsigned char *block_at(const struct mapped *image, size_t block)
{
    return block < image->blocks ? image->bytes + block * UDF_BLOCK : NULL;
}

static void read_recognition(const struct mapped *image, struct udf_volume *volume)
{
    for (size_t block = VRS_FIRST; block < ANCHOR_BLOCK; block++) {
        const unsigned char *b = block_at(image, block);

        if (!b)
            return;
        volume->nsr02 |= !memcmp(b + 1, "NSR02", 5);
        volume->nsr03 |= !memcmp(b + 1, "NSR03", 5);
    }
}

/* UDF 2.2.3: an anchor at 256 and at N-256 or N (the last block), on a closed medium. */
static void check_anchors(struct udf_check *check, const struct mapped *image)
{
    const unsigned char *last = block_at(image, image->blocks - 1);
    const unsigned char *last_256 = image->blocks > 512 ? block_at(image, image->blocks - 1 - 256) : NULL;

    if (!(last && udf_tag_at(last, TAG_AVDP)) && !(last_256 && udf_tag_at(last_256, TAG_AVDP)))
        udf_problem(check, "udf: no second anchor volume descriptor pointer (at the last block %zu or 256 "
                    "before it)", image->blocks - 1);
}

static void read_integrity(struct udf_check *check, const struct mapped *image, const unsigned char *lvd,
                           struct udf_volume *volume)
{
    uint32_t length = udf_u32(lvd + 432), location = udf_u32(lvd + 436);
    const unsigned char *lvid = block_at(image, location);
    uint32_t partitions, use_length;
    const unsigned char *use;

    if (!length || !lvid || !udf_tag_at(lvid, TAG_LVID)) {
        udf_problem(check, "udf: no logical volume integrity descriptor at block %u (length %u)", location, length);
        return;
    }
    if (udf_u32(lvid + 28) != 1)
        udf_problem(check, "udf: the logical volume integrity descriptor is not closed (type %u)", udf_u32(lvid + 28));
    partitions = udf_u32(lvid + 72);
    use_length = udf_u32(lvid + 76);
    if (partitions > 16 || use_length < 46 || 80 + 8 * partitions + use_length > UDF_BLOCK) {
        udf_problem(check, "udf: integrity descriptor: %u partitions and %u bytes of implementation use do "
                    "not fit its block", partitions, use_length);
        return;
    }
    use = lvid + 80 + 8 * partitions;
    volume->has_counts = true;
    volume->files = udf_u32(use + 32);
    volume->dirs = udf_u32(use + 36);
    volume->min_read = udf_u16(use + 40);
    volume->min_write = udf_u16(use + 42);
    volume->max_write = udf_u16(use + 44);
}

/* Walks the main volume descriptor sequence for the logical volume descriptor. */
static const unsigned char *find_lvd(struct udf_check *check, const struct mapped *image, const unsigned char *avdp)
{
    uint32_t length = udf_u32(avdp + 16), location = udf_u32(avdp + 20);

    for (uint32_t i = 0; i < length / UDF_BLOCK; i++) {
        const unsigned char *b = block_at(image, location + i);

        if (!b || udf_tag_at(b, TAG_TERMINATING))
            break;
        if (udf_tag_at(b, TAG_LVD))
            return b;
    }
    udf_problem(check, "udf: no logical volume descriptor in the main volume descriptor sequence (block %u, "
                "%u bytes)", location, length);
    return NULL;
}

static void read_volume(struct udf_check *check, const struct mapped *image, struct udf_volume *volume)
{
    const unsigned char *lvd;

    read_recognition(image, volume);
    if (!volume->nsr02 && !volume->nsr03)
        udf_problem(check, "udf: no NSR02 or NSR03 descriptor in the volume recognition sequence");
    check_anchors(check, image);
    lvd = find_lvd(check, image, block_at(image, ANCHOR_BLOCK));
    if (!lvd)
        return;
    volume->block_size = udf_u32(lvd + 212);
    if (memcmp(lvd + 217, "*OSTA UDF Compliant", 19) != 0)
        udf_problem(check, "udf: the logical volume's domain is not \"*OSTA UDF Compliant\": \"%.23s\"",
                    (const char *)lvd + 217);
    volume->domain_revision = udf_u16(lvd + 240);
    read_integrity(check, image, lvd, volume);
    udf_tags_check(check, image->bytes, image->size, volume);
}

bool udf_volume_read(struct udf_check *check, const char *path, struct udf_volume *volume)
{
    struct mapped image = { 0 };
    struct stat st;
    int fd = open(path, O_RDONLY);
    void *bytes;

    *volume = (struct udf_volume){ 0 };
    if (fd < 0 || fstat(fd, &st) != 0) {
        printf("udf: cannot open %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    image.size = (size_t)st.st_size;
    image.blocks = image.size / UDF_BLOCK;
    if (image.blocks <= ANCHOR_BLOCK) {
        printf("udf: %s has %zu blocks of 2048 bytes, too few to hold an anchor at block 256\n", path, image.blocks);
        close(fd);
        return false;
    }
    bytes = mmap(NULL, image.size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (bytes == MAP_FAILED) {
        printf("udf: cannot map %s: %s\n", path, strerror(errno));
        return false;
    }
    image.bytes = bytes;
    if (!udf_tag_at(block_at(&image, ANCHOR_BLOCK), TAG_AVDP)) {
        printf("udf: %s has no anchor volume descriptor pointer at block 256\n", path);
        munmap(bytes, image.size);
        return false;
    }
    if (image.size % UDF_BLOCK)
        udf_problem(check, "udf: the image size %zu is not a multiple of 2048", image.size);
    read_volume(check, &image, volume);
    munmap(bytes, image.size);
    return true;
}
