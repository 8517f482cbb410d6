/* import_identify: images of our writer for every file-system combination named exactly, a session
 * further on the disc, descriptors broken one at a time, short discs and failing reads.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "endian.h"
#include "hresult.h"
#include "import.h"
#include "sample_image.h"
#include "udf_tag.h"

enum { SECTOR = FSI_BLOCK_SIZE, ALL = FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF };

static uint32_t identify_at(const uint8_t *bytes, size_t size, uint32_t session_start)
{
    fsi_disc disc;
    fsi_error err = {0};
    uint32_t found = 0xDEAD;

    import_disc_from_memory(bytes, size, &disc);
    disc.session_start = session_start;
    CHECK_HR(import_identify(&disc, &found, &err), 0);
    import_disc_close(&disc);
    return found;
}

static uint32_t identify(const uint8_t *bytes, size_t size)
{
    return identify_at(bytes, size, 0);
}

/* The first sector from 16 on whose standard identifier is id (and, for CD001, whose type is type). */
static uint32_t find_descriptor(const uint8_t *bytes, size_t size, const char *id, int type)
{
    for (uint32_t s = 16; (size_t)(s + 1) * SECTOR <= size && s < 256; s++) {
        const uint8_t *d = bytes + (size_t)s * SECTOR;
        if (!memcmp(d + 1, id, 5) && (type < 0 || d[0] == type))
            return s;
    }
    CHECK_MSG(0, "no %s descriptor of type %d", id, type);
    return 0;
}

static uint8_t *copy_of(const uint8_t *bytes, size_t size)
{
    uint8_t *copy = malloc(size);
    memcpy(copy, bytes, size);
    return copy;
}

/* Every set of file systems the writer makes, each UDF one in every revision. A UDF-only image still
 * carries the ISO 9660 part with its readme (layout.c), so its primary descriptor is there to be named. */
static void test_combinations(void)
{
    static const struct {
        uint32_t make, expect;
    } cases[] = {
        {FSI_FS_ISO9660, FSI_FS_ISO9660},
        {FSI_FS_ISO9660 | FSI_FS_JOLIET, FSI_FS_ISO9660 | FSI_FS_JOLIET},
        {FSI_FS_UDF, FSI_FS_ISO9660 | FSI_FS_UDF},
        {FSI_FS_ISO9660 | FSI_FS_UDF, FSI_FS_ISO9660 | FSI_FS_UDF},
        {ALL, ALL},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int udf = (cases[c].make & FSI_FS_UDF) != 0;
        for (int r = 0; r < (udf ? FSI_UDF_REVISION_COUNT : 1); r++) {
            size_t size = 0;
            uint8_t *image = sample_image(cases[c].make, fsi_udf_revisions[r], &size);
            CHECK_MSG(image != NULL, "image of 0x%X", (unsigned)cases[c].make);
            if (!image)
                continue;
            uint32_t found = identify(image, size);
            CHECK_MSG(found == cases[c].expect, "made 0x%X revision 0x%X: identified 0x%X, expected 0x%X",
                      (unsigned)cases[c].make, (unsigned)fsi_udf_revisions[r], (unsigned)found,
                      (unsigned)cases[c].expect);
            free(image);
        }
    }
}

/* The session's sectors preceded by lead zero sectors, its anchor recorded where it now lies (as a
 * writer of a later session records it: UDF addresses are absolute on the disc). */
static uint8_t *moved(const uint8_t *image, size_t size, uint32_t lead, int fix_anchor, size_t *moved_size)
{
    *moved_size = size + (size_t)lead * SECTOR;
    uint8_t *out = calloc(1, *moved_size);
    memcpy(out + (size_t)lead * SECTOR, image, size);
    if (fix_anchor) {
        uint8_t *anchor = out + ((size_t)lead + 256) * SECTOR;
        udf_tag_finish(anchor, UDF_TAG_ANCHOR, get_le16(anchor + 2), lead + 256, UDF_DESCRIPTOR_SIZE);
    }
    return out;
}

static void test_later_session(void)
{
    size_t size = 0, moved_size = 0;
    uint8_t *image = sample_image(ALL, 0x250, &size);
    if (!image)
        return;
    for (uint32_t lead = 1; lead <= 4000; lead *= 23) {
        uint8_t *disc = moved(image, size, lead, 1, &moved_size);
        CHECK_MSG(identify_at(disc, moved_size, lead) == ALL, "session at %u", lead);
        /* Read from the disc's start there is nothing: the descriptors are not where a session begins. */
        CHECK_MSG(identify_at(disc, moved_size, 0) == 0, "disc start, session at %u", lead);
        CHECK_MSG(identify_at(disc, moved_size, lead - 1) == 0, "one sector early, session at %u", lead);
        free(disc);
        /* An anchor still saying sector 256 is not the anchor of a session at lead. */
        disc = moved(image, size, lead, 0, &moved_size);
        CHECK_MSG(identify_at(disc, moved_size, lead) == (FSI_FS_ISO9660 | FSI_FS_JOLIET), "stale anchor at %u",
                  lead);
        /* The disc ending before the session's anchor: only the descriptors of sector 16 on count. */
        CHECK(identify_at(disc, ((size_t)lead + 256) * SECTOR, lead) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
        free(disc);
    }
    free(image);
}

/* One byte of a copy of the bridge image changed (offset within sector), identified. */
static uint32_t identify_patched(const uint8_t *image, size_t size, uint32_t sector, size_t offset, uint8_t value)
{
    uint8_t *copy = copy_of(image, size);
    copy[(size_t)sector * SECTOR + offset] = value;
    uint32_t found = identify(copy, size);
    free(copy);
    return found;
}

static void test_broken_descriptors(void)
{
    size_t size = 0;
    uint8_t *image = sample_image(ALL, 0x102, &size);
    if (!image)
        return;
    uint32_t primary = find_descriptor(image, size, "CD001", 1);
    uint32_t joliet = find_descriptor(image, size, "CD001", 2);
    uint32_t bea = find_descriptor(image, size, "BEA01", -1);
    uint32_t nsr = find_descriptor(image, size, "NSR02", -1);
    uint32_t tea = find_descriptor(image, size, "TEA01", -1);
    const uint32_t iso_joliet = FSI_FS_ISO9660 | FSI_FS_JOLIET;
    CHECK(primary == 16 && joliet > primary && bea > joliet && nsr == bea + 1 && tea == nsr + 1);

    /* A sector that is no descriptor ends the ISO 9660 set and the recognition sequence alike. */
    CHECK(identify_patched(image, size, primary, 1, 'X') == 0);
    CHECK(identify_patched(image, size, joliet, 5, '2') == FSI_FS_ISO9660);
    /* A CD001 descriptor of another version: not a primary one, yet a volume structure descriptor. */
    CHECK(identify_patched(image, size, primary, 6, 2) == FSI_FS_UDF);
    CHECK(identify_patched(image, size, primary, 0, 3) == (FSI_FS_JOLIET | FSI_FS_UDF));
    /* Joliet: the escape names UCS-2 level 1, 2 or 3; anything else is a supplementary descriptor of
     * another character set. */
    CHECK(identify_patched(image, size, joliet, 88 + 2, '@') == ALL);
    CHECK(identify_patched(image, size, joliet, 88 + 2, 'C') == ALL);
    CHECK(identify_patched(image, size, joliet, 88 + 2, 'F') == (FSI_FS_ISO9660 | FSI_FS_UDF));
    CHECK(identify_patched(image, size, joliet, 88, 0) == (FSI_FS_ISO9660 | FSI_FS_UDF));
    /* UDF needs all of BEA01, NSR0x and TEA01 in their places. */
    CHECK(identify_patched(image, size, bea, 1, 'b') == iso_joliet);
    CHECK(identify_patched(image, size, nsr, 5, '4') == iso_joliet);
    CHECK(identify_patched(image, size, nsr, 5, '3') == ALL);
    CHECK(identify_patched(image, size, tea, 3, 'B') == iso_joliet);
    /* What follows the terminator is no longer the set's: a Joliet descriptor there is not named. */
    size_t iso_size = 0;
    uint8_t *iso = sample_image(FSI_FS_ISO9660 | FSI_FS_JOLIET, 0x102, &iso_size);
    if (iso) {
        uint32_t iso_joliet_sector = find_descriptor(iso, iso_size, "CD001", 2);
        uint32_t terminator = find_descriptor(iso, iso_size, "CD001", 255);
        CHECK(terminator == iso_joliet_sector + 1);
        memcpy(iso + (size_t)iso_joliet_sector * SECTOR, iso + (size_t)terminator * SECTOR, SECTOR);
        memcpy(iso + (size_t)terminator * SECTOR, image + (size_t)joliet * SECTOR, SECTOR);
        CHECK(identify(iso, iso_size) == FSI_FS_ISO9660);
        free(iso);
    }
    /* The ISO 9660 terminator broken: the recognition sequence goes on, the ISO set ends there. */
    CHECK(identify_patched(image, size, bea - 1, 0, 0) == ALL);

    /* The anchor: its identifier, tag checksum, CRC and location each spoil it. */
    uint8_t *copy = copy_of(image, size);
    uint8_t *anchor = copy + 256 * SECTOR;
    CHECK(identify(copy, size) == ALL);
    anchor[4] ^= 1;
    CHECK(identify(copy, size) == iso_joliet);
    anchor[4] ^= 1;
    anchor[20] ^= 1; /* covered by the CRC, not by the checksum */
    CHECK(identify(copy, size) == iso_joliet);
    anchor[20] ^= 1;
    udf_tag_finish(anchor, UDF_TAG_PRIMARY_VOLUME, get_le16(anchor + 2), 256, UDF_DESCRIPTOR_SIZE);
    CHECK(identify(copy, size) == iso_joliet);
    udf_tag_finish(anchor, UDF_TAG_ANCHOR, get_le16(anchor + 2), 257, UDF_DESCRIPTOR_SIZE);
    CHECK(identify(copy, size) == iso_joliet);
    udf_tag_finish(anchor, UDF_TAG_ANCHOR, get_le16(anchor + 2), 256, UDF_DESCRIPTOR_SIZE);
    CHECK(identify(copy, size) == ALL);
    put_le16(anchor + 10, SECTOR); /* a CRC length past the sector */
    anchor[4] = 0;
    for (int i = 0; i < 16; i++)
        anchor[4] = (uint8_t)(anchor[4] + (i == 4 ? 0 : anchor[i]));
    CHECK(identify(copy, size) == iso_joliet);
    free(copy);
    free(image);
}

static void test_short_discs(void)
{
    size_t size = 0;
    uint8_t *image = sample_image(ALL, 0x201, &size);
    if (!image)
        return;
    CHECK(identify(image, 0) == 0);
    CHECK(identify(NULL, 0) == 0);
    CHECK(identify(image, 16 * SECTOR) == 0);
    CHECK(identify(image, 17 * SECTOR) == FSI_FS_ISO9660);
    CHECK(identify(image, 18 * SECTOR) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK(identify(image, 256 * SECTOR) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK(identify(image, 257 * SECTOR) == ALL);
    /* The recognition sequence cut before its TEA01. */
    uint32_t tea = find_descriptor(image, size, "TEA01", -1);
    CHECK(identify(image, (size_t)tea * SECTOR) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));

    uint8_t *zeros = calloc(300, SECTOR);
    CHECK(identify(zeros, 300 * SECTOR) == 0);
    free(zeros);
    free(image);
}

/* A disc whose every sector is a copy of one block, as far as end: the scans must stop by themselves. */
typedef struct fake_disc {
    const uint8_t *block;
    uint32_t fail_from; /* reads at or past this sector fail */
    uint32_t reads;
} fake_disc;

static fsi_hresult read_fake(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    fake_disc *fake = ctx;
    fake->reads++;
    if (lba + count > fake->fail_from)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sector %u unreadable", lba);
    for (uint32_t i = 0; i < count; i++)
        memcpy((uint8_t *)buf + (size_t)i * SECTOR, fake->block, SECTOR);
    return FSI_S_OK;
}

/* An image whose sectors from fail_from on cannot be read. */
typedef struct failing_disc {
    fsi_disc inner;
    uint32_t fail_from;
} failing_disc;

static fsi_hresult read_failing(void *ctx, uint32_t lba, uint32_t count, void *buf, fsi_error *err)
{
    failing_disc *failing = ctx;
    if (lba + count > failing->fail_from)
        return fsi_fail(err, IMAPI_E_IMPORT_READ_FAILURE, "sector %u failed on purpose", lba);
    return failing->inner.read(failing->inner.ctx, lba, count, buf, err);
}

static void test_endless_and_failing(void)
{
    uint8_t block[SECTOR] = {0};
    fake_disc fake = {block, UINT32_MAX, 0};
    fsi_disc disc = {read_fake, &fake, 0, UINT32_MAX};
    fsi_error err = {0};
    uint32_t found = 0xDEAD;

    /* A primary descriptor on every sector, never a terminator. */
    block[0] = 1;
    memcpy(block + 1, "CD001", 5);
    block[6] = 1;
    CHECK_HR(import_identify(&disc, &found, &err), 0);
    CHECK(found == FSI_FS_ISO9660);
    CHECK_MSG(fake.reads <= 300, "%u reads", fake.reads);

    /* An extended area never closed. */
    memcpy(block + 1, "NSR03", 5);
    fake.reads = 0;
    CHECK_HR(import_identify(&disc, &found, &err), 0);
    CHECK(found == 0 && fake.reads <= 300);

    /* A session at the very end of the addresses: nothing to read, no overflow. */
    disc.session_start = UINT32_MAX - 10;
    fake.reads = 0;
    CHECK_HR(import_identify(&disc, &found, &err), 0);
    CHECK(found == 0 && fake.reads == 0);

    /* Read failures give the disc's error, wherever they happen. */
    size_t size = 0;
    uint8_t *image = sample_image(ALL, 0x260, &size);
    if (!image)
        return;
    for (uint32_t fail_from = 16; fail_from <= 256; fail_from += 240) {
        failing_disc failing = {.fail_from = fail_from};
        import_disc_from_memory(image, size, &failing.inner);
        fsi_disc wrapper = {read_failing, &failing, 0, failing.inner.end};
        found = 0xDEAD;
        CHECK_HR(import_identify(&wrapper, &found, &err), IMAPI_E_IMPORT_READ_FAILURE);
        CHECK_MSG(strstr(err.message, "failed on purpose") != NULL, "%s", err.message);
        CHECK(found == 0);
        import_disc_close(&failing.inner);
    }
    free(image);
}

int main(void)
{
    test_combinations();
    test_later_session();
    test_broken_descriptors();
    test_short_discs();
    test_endless_and_failing();
    return check_report();
}
