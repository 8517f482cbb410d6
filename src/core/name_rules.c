/* UseRestrictedCharacterSet and StrictFileSystemCompliance: what they ask of the names of new items.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Strict compliance is the promise that every item is recorded under its own name: the file systems
 * that carry long names (Joliet, UDF) must not have to cut or change a character of it, and ISO 9660,
 * when it is the only file system, must be able to keep it but for letter case (ECMA-119 d-characters
 * and the level's lengths). With Joliet or UDF beside it, ISO 9660's names are the short fallback that
 * ECMA-119 makes every image carry, so they are not judged. The relaxed default instead adjusts names
 * (iso_names.h, joliet_names.h, udf_cs0.h), as the original's IMAPI 1.0 compatible mode does. */
#include <string.h>

#include "hresult.h"
#include "image.h"
#include "iso_names.h"
#include "joliet_names.h"
#include "message.h"
#include "name_rules.h"
#include "tree_path.h"
#include "udf_cs0.h"

enum { RESTRICTED_FIRST = 32, RESTRICTED_LAST = 127 }; /* the documented CP_ANSI code points */

void fsi_image_set_restricted_names(fsi_image *img, int on)
{
    img->restricted_names = on != 0;
}

int fsi_image_restricted_names(const fsi_image *img)
{
    return img->restricted_names;
}

fsi_hresult fsi_image_set_strict_names(fsi_image *img, int on, fsi_error *err)
{
    if (on && (img->file_count || img->directory_count))
        return fsi_fail(err, IMAPI_E_FILE_SYSTEM_NOT_EMPTY,
                        "StrictFileSystemCompliance can only be turned on while the image is empty; it holds "
                        "%ld files and %ld directories",
                        (long)img->file_count, (long)img->directory_count);
    img->strict_names = on != 0;
    return FSI_S_OK;
}

int fsi_image_strict_names(const fsi_image *img)
{
    return img->strict_names;
}

static fsi_hresult strict_violation(const char *where, const char *file_system, const fsi_char *units, size_t len,
                                    fsi_error *err)
{
    fsi_char recorded[NAME_MAX_UNITS + 1];
    message_text text;
    memcpy(recorded, units, len * sizeof(fsi_char));
    recorded[len] = 0;
    return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                    "StrictFileSystemCompliance: %s would record the name of '%s' changed, as '%s'", file_system,
                    where, message_utf8(recorded, &text));
}

static fsi_hresult check_strict(const fsi_image *img, const fsi_char *name, int is_dir, const char *where,
                                fsi_error *err)
{
    mapped_name mapped;
    uint8_t cs0[UDF_CS0_MAX_NAME];
    int cut;
    if (!(img->file_systems & (FSI_FS_JOLIET | FSI_FS_UDF))) {
        iso_map_name(name, is_dir, img->iso_level, &mapped);
        if (!mapped.exact)
            return strict_violation(where, "ISO 9660", mapped.units, mapped.len, err);
    }
    if (img->file_systems & FSI_FS_JOLIET) {
        joliet_map_name(name, &mapped);
        if (!mapped.exact)
            return strict_violation(where, "Joliet", mapped.units, mapped.len, err);
    }
    if (img->file_systems & FSI_FS_UDF) {
        udf_cs0_encode(name, fsi_strlen16(name), NULL, cs0, UDF_CS0_MAX_NAME, &cut);
        if (cut)
            return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                            "StrictFileSystemCompliance: UDF would cut the name of '%s' to its first 255 bytes",
                            where);
    }
    return FSI_S_OK;
}

fsi_hresult name_rules_check(const fsi_image *img, const fsi_char *name, size_t len, int is_dir, const char *where,
                             fsi_error *err)
{
    fsi_char whole[FSI_MAX_NAME + 1];
    if (img->restricted_names)
        for (size_t i = 0; i < len; i++)
            if (name[i] < RESTRICTED_FIRST || name[i] > RESTRICTED_LAST)
                return fsi_fail(err, IMAPI_E_RESTRICTED_NAME_VIOLATION,
                                "UseRestrictedCharacterSet: the name of '%s' has U+%04X; only characters 32 to "
                                "127 are allowed",
                                where, (unsigned)name[i]);
    if (!img->strict_names)
        return FSI_S_OK;
    memcpy(whole, name, len * sizeof(fsi_char));
    whole[len] = 0;
    return check_strict(img, whole, is_dir, where, err);
}

fsi_hresult fsi_image_check_new_name(const fsi_image *img, const fsi_char *name, int is_dir, fsi_error *err)
{
    size_t len = fsi_strlen16(name);
    message_text text;
    if (!path_name_is_valid(name, len))
        return fsi_fail(err, IMAPI_E_INVALID_PARAM,
                        "the name '%s' is not one Windows allows (empty, longer than 255 characters, '.', '..' "
                        "or with a forbidden character)",
                        message_utf8(name, &text));
    return name_rules_check(img, name, len, is_dir, message_utf8(name, &text), err);
}
