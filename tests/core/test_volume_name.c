/* Image options: file systems, ISO level, FreeMediaBlocks bounds, and the volume name rules.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>
#include <time.h>

#include "check.h"
#include "fsi_core.h"
#include "hresult.h"
#include "platform.h"
#include "tree_dump.h"

static const char *label_for(fsi_image *img, uint32_t fs)
{
    static char out[4][300];
    static unsigned next;
    char *slot = out[next++ % 4];
    fsi_char *label = NULL;
    CHECK_HR(fsi_image_volume_name_for(img, fs, &label, NULL), 0);
    fsi_utf16_to_utf8(label, slot, 300);
    fsi_free(label);
    return slot;
}

static void test_options(void)
{
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    CHECK(fsi_image_file_systems(img) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK(fsi_image_file_systems_supported(img) == (FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF));
    CHECK_HR(fsi_image_set_file_systems(img, 0, &err), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF | 8, &err), IMAPI_E_INVALID_PARAM);
    CHECK_MSG(strstr(err.message, "0xC") != NULL, "message: %s", err.message);
    CHECK_HR(fsi_image_set_file_systems(img, 8, NULL), IMAPI_E_INVALID_PARAM);
    CHECK(fsi_image_file_systems(img) == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_UDF, NULL), 0);
    CHECK(fsi_image_file_systems(img) == FSI_FS_UDF);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660 | FSI_FS_UDF, NULL), 0);
    CHECK(fsi_image_file_systems(img) == (FSI_FS_ISO9660 | FSI_FS_UDF));
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_JOLIET, NULL), 0);
    CHECK(fsi_image_file_systems(img) == FSI_FS_JOLIET);
    CHECK_HR(fsi_image_set_file_systems(img, FSI_FS_ISO9660, NULL), 0);
    CHECK(fsi_image_file_systems(img) == FSI_FS_ISO9660);

    CHECK(fsi_image_iso_level(img) == 2);
    CHECK_HR(fsi_image_set_iso_level(img, 4, &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "4") != NULL);
    CHECK_HR(fsi_image_set_iso_level(img, 0, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_image_set_iso_level(img, 1, NULL), 0);
    CHECK(fsi_image_iso_level(img) == 1);

    CHECK(fsi_image_free_media_blocks(img) == 332800);
    CHECK_HR(fsi_image_set_free_media_blocks(img, -1, &err), IMAPI_E_INVALID_PARAM);
    CHECK(strstr(err.message, "-1") != NULL);
    CHECK_HR(fsi_image_set_free_media_blocks(img, 0, NULL), 0);
    CHECK(fsi_image_free_media_blocks(img) == 0);
    CHECK(fsi_image_file_count(img) == 0 && fsi_image_directory_count(img) == 0);
    fsi_image_destroy(img);
}

static void test_set_rules(void)
{
    static const char *const refused[] = {"a*b", "a?b", "a/b", "a\\b", "a:b", "a\"b", "a<b", "a>b", "a|b",
                                          "tab\there", "del\x7F"};
    fsi_image *img = fsi_image_create();
    fsi_error err = {0};
    size_t i;
    CHECK(fsi_image_volume_name(img) == NULL);
    CHECK_HR(fsi_image_set_volume_name(img, W("My Disc 2026"), NULL), 0);
    CHECK(strcmp(U8(fsi_image_volume_name(img)), "My Disc 2026") == 0);
    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        fsi_hresult hr = fsi_image_set_volume_name(img, W(refused[i]), &err);
        CHECK_MSG(hr == IMAPI_E_INVALID_VOLUME_NAME, "'%s' gave 0x%08X", refused[i], (unsigned)hr);
    }
    CHECK_HR(fsi_image_set_volume_name(img, W("bad|name"), &err), IMAPI_E_INVALID_VOLUME_NAME);
    CHECK_MSG(strstr(err.message, "'bad|name'") != NULL, "message: %s", err.message);
    /* A refused name leaves the old one. */
    CHECK(strcmp(U8(fsi_image_volume_name(img)), "My Disc 2026") == 0);

    CHECK_HR(fsi_image_set_volume_name(img, W("12345678901234567890123456789012"), NULL), 0);
    CHECK_HR(fsi_image_set_volume_name(img, W("123456789012345678901234567890123"), &err),
             IMAPI_E_INVALID_VOLUME_NAME);
    CHECK(strstr(err.message, "33") != NULL);
    CHECK_HR(fsi_image_set_volume_name(img, W("\xC3\xA9t\xC3\xA9 \xE6\x96\x87 .-+!"), NULL), 0);
    CHECK_HR(fsi_image_set_volume_name(img, W(""), NULL), 0);
    CHECK(fsi_image_volume_name(img) == NULL);
    CHECK_HR(fsi_image_set_volume_name(img, W("x"), NULL), 0);
    CHECK_HR(fsi_image_set_volume_name(img, NULL, NULL), 0);
    CHECK(fsi_image_volume_name(img) == NULL);
    fsi_image_destroy(img);
}

static void test_per_file_system(void)
{
    fsi_image *img = fsi_image_create();
    fsi_char *label;
    fsi_char pairs[40];
    int i;
    CHECK_HR(fsi_image_set_volume_name(img, W("My disc-2.0 \xC3\xA9t\xC3\xA9"), NULL), 0);
    CHECK(strcmp(label_for(img, FSI_FS_ISO9660), "MY_DISC_2_0__T_") == 0);
    CHECK(strcmp(label_for(img, FSI_FS_JOLIET), "My disc-2.0 \xC3\xA9t\xC3\xA9") == 0);
    CHECK(strcmp(label_for(img, FSI_FS_UDF), "My disc-2.0 \xC3\xA9t\xC3\xA9") == 0);

    CHECK_HR(fsi_image_set_volume_name(img, W("abcdefghijklmnopqrstuvwxyz012345"), NULL), 0);
    CHECK(strcmp(label_for(img, FSI_FS_ISO9660), "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345") == 0);
    CHECK(strcmp(label_for(img, FSI_FS_JOLIET), "abcdefghijklmnop") == 0);
    CHECK(strcmp(label_for(img, FSI_FS_UDF), "abcdefghijklmnopqrstuvwxyz012345") == 0);

    /* Joliet keeps 16 units and never half of a surrogate pair. */
    for (i = 0; i < 15; i++)
        pairs[i] = 'a' + i;
    pairs[15] = 0xD83D, pairs[16] = 0xDE00, pairs[17] = 0;
    CHECK_HR(fsi_image_set_volume_name(img, pairs, NULL), 0);
    CHECK_HR(fsi_image_volume_name_for(img, FSI_FS_JOLIET, &label, NULL), 0);
    CHECK(fsi_strlen16(label) == 15 && label[14] == 'a' + 14);
    fsi_free(label);
    CHECK_HR(fsi_image_volume_name_for(img, FSI_FS_UDF, &label, NULL), 0);
    CHECK(fsi_strlen16(label) == 17 && label[16] == 0xDE00);
    fsi_free(label);
    CHECK_HR(fsi_image_volume_name_for(img, 3, &label, NULL), IMAPI_E_INVALID_PARAM);
    CHECK_HR(fsi_image_volume_name_for(img, 8, &label, NULL), IMAPI_E_INVALID_PARAM);
    fsi_image_destroy(img);
}

/* The label for a given FILETIME, worked out with the C library's calendar. */
static void expected_label(fsi_time t, char *out, size_t size)
{
    time_t seconds = (time_t)(t / 10000000 - 11644473600LL);
    strftime(out, size, "%Y%m%d_%H%M", gmtime(&seconds));
}

static void test_generated(void)
{
    fsi_image *img = fsi_image_create();
    char before[32], after[32];
    const char *iso, *joliet, *udf;
    size_t i;
    expected_label(platform_now(), before, sizeof(before));
    iso = label_for(img, FSI_FS_ISO9660);
    joliet = label_for(img, FSI_FS_JOLIET);
    udf = label_for(img, FSI_FS_UDF);
    expected_label(platform_now(), after, sizeof(after));
    CHECK_MSG(strcmp(iso, before) == 0 || strcmp(iso, after) == 0, "generated '%s', clock says '%s'", iso, before);
    CHECK(strlen(iso) == 13 && strlen(iso) <= 15);
    for (i = 0; iso[i]; i++)
        CHECK((iso[i] >= '0' && iso[i] <= '9') || iso[i] == '_');
    CHECK(strcmp(iso, joliet) == 0 && strcmp(iso, udf) == 0);
    CHECK(fsi_image_volume_name(img) == NULL);
    fsi_image_destroy(img);
}

int main(void)
{
    test_options();
    test_set_rules();
    test_per_file_system();
    test_generated();
    return check_report();
}
