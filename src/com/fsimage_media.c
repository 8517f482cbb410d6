/* MsftFileSystemImage: ChooseImageDefaultsForMediaType, the file systems, UDF revision and block budget
 * a user of the original expects for each kind of disc (README, "ChooseImageDefaultsForMediaType").
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fsimage_private.h"

enum {
    CD_BLOCKS = 359847,           /* 80-minute / 700 MB CD-R and CD-RW, today's blank CDs */
    DVD_PLUS_BLOCKS = 2295104,    /* DVD+R, DVD+RW and pressed DVD-5, 4.7 GB */
    DVD_DASH_BLOCKS = 2298496,    /* DVD-R, DVD-RW, 4.7 GB */
    DVD_RAM_BLOCKS = 2236704,     /* DVD-RAM, 4.7 GB per side */
    DVD_PLUS_DL_BLOCKS = 4173824, /* DVD+R DL, DVD+RW DL and pressed DVD-9, 8.5 GB */
    DVD_DASH_DL_BLOCKS = 4171712, /* DVD-R DL, 8.5 GB */
    HD_DVD_BLOCKS = 7291200,      /* HD DVD single layer, 15 GB */
    BD_BLOCKS = 12219392,         /* BD-ROM, BD-R and BD-RE single layer, 25 GB */
    NO_LIMIT = 0,
};

#define CD_SYSTEMS (FSI_FS_ISO9660 | FSI_FS_JOLIET)
#define DISC_SYSTEMS (FSI_FS_ISO9660 | FSI_FS_JOLIET | FSI_FS_UDF)

struct media_defaults {
    uint32_t file_systems;
    int32_t udf_revision; /* used only when file_systems has UDF */
    int32_t free_media_blocks;
};

/* Indexed by IMAPI_MEDIA_PHYSICAL_TYPE, 0x00 to 0x13. */
static const struct media_defaults media_table[] = {
    {CD_SYSTEMS, 0, FSI_DEFAULT_FREE_MEDIA_BLOCKS}, /* UNKNOWN: a new image's own defaults */
    {CD_SYSTEMS, 0, CD_BLOCKS},                     /* CDROM */
    {CD_SYSTEMS, 0, CD_BLOCKS},                     /* CDR */
    {CD_SYSTEMS, 0, CD_BLOCKS},                     /* CDRW */
    {DISC_SYSTEMS, 0x102, DVD_PLUS_BLOCKS},         /* DVDROM */
    {DISC_SYSTEMS, 0x102, DVD_RAM_BLOCKS},          /* DVDRAM */
    {DISC_SYSTEMS, 0x102, DVD_PLUS_BLOCKS},         /* DVDPLUSR */
    {DISC_SYSTEMS, 0x102, DVD_PLUS_BLOCKS},         /* DVDPLUSRW */
    {DISC_SYSTEMS, 0x102, DVD_PLUS_DL_BLOCKS},      /* DVDPLUSR_DUALLAYER */
    {DISC_SYSTEMS, 0x102, DVD_DASH_BLOCKS},         /* DVDDASHR */
    {DISC_SYSTEMS, 0x102, DVD_DASH_BLOCKS},         /* DVDDASHRW */
    {DISC_SYSTEMS, 0x102, DVD_DASH_DL_BLOCKS},      /* DVDDASHR_DUALLAYER */
    {DISC_SYSTEMS, 0x102, NO_LIMIT},                /* DISK: any size of random-access medium */
    {DISC_SYSTEMS, 0x102, DVD_PLUS_DL_BLOCKS},      /* DVDPLUSRW_DUALLAYER */
    {DISC_SYSTEMS, 0x250, HD_DVD_BLOCKS},           /* HDDVDROM */
    {DISC_SYSTEMS, 0x250, HD_DVD_BLOCKS},           /* HDDVDR */
    {DISC_SYSTEMS, 0x250, HD_DVD_BLOCKS},           /* HDDVDRAM */
    {DISC_SYSTEMS, 0x250, BD_BLOCKS},               /* BDROM */
    {DISC_SYSTEMS, 0x250, BD_BLOCKS},               /* BDR */
    {DISC_SYSTEMS, 0x250, BD_BLOCKS},               /* BDRE */
};

/* Applies all three settings or none: the budget goes last because the size it checks depends on the
 * file systems and the revision; a refusal puts back what the earlier steps changed. */
static fsi_hresult apply_defaults(fsi_image *core, const struct media_defaults *want, fsi_error *err)
{
    uint32_t old_systems = fsi_image_file_systems(core);
    int32_t old_revision = fsi_image_udf_revision(core);
    fsi_error ignored = {0};
    fsi_hresult hr;

    hr = fsi_image_set_file_systems(core, want->file_systems, err);
    if (hr < 0)
        return hr;
    if (want->file_systems & FSI_FS_UDF) {
        hr = fsi_image_set_udf_revision(core, want->udf_revision, err);
        if (hr < 0)
            goto restore;
    }
    hr = fsi_image_set_free_media_blocks(core, want->free_media_blocks, err);
    if (hr >= 0)
        return hr;
restore:
    /* The old settings held together before, so putting them back cannot fail. */
    fsi_image_set_udf_revision(core, old_revision, &ignored);
    fsi_image_set_file_systems(core, old_systems, &ignored);
    return hr;
}

HRESULT image_apply_media_type(struct fs_image *image, IMAPI_MEDIA_PHYSICAL_TYPE type, BOOL blocks_only)
{
    fsi_error err = {0};
    fsi_hresult hr;

    if ((ULONG)type >= sizeof(media_table) / sizeof(media_table[0]))
        return com_error(IMAPI_E_INVALID_PARAM, IMAGE_IID,
                         L"IMAPI_MEDIA_PHYSICAL_TYPE %ld is not a media type (0x00 to 0x13)", (long)type);
    fs_image_enter(image);
    hr = blocks_only ? fsi_image_set_free_media_blocks(image->core, media_table[type].free_media_blocks, &err)
                     : apply_defaults(image->core, &media_table[type], &err);
    if (hr >= 0) {
        fsi_image_set_media_type(image->core, type);
        fs_image_changed(image);
    }
    fs_image_leave(image);
    return hr < 0 ? com_error_from_core(&err, IMAGE_IID) : com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_ChooseImageDefaultsForMediaType(IFileSystemImage3 *iface,
                                                                 IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    return image_apply_media_type(impl_from_IFileSystemImage3(iface), type, FALSE);
}
