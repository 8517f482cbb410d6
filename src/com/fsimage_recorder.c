/* MsftFileSystemImage: what the image takes from a recorder (ChooseImageDefaults,
 * SetMaxMediaBlocksFromDevice), and the media type of a recorder's medium (MultisessionInterfaces uses it too).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * IDiscRecorder2 tells the medium only by its current profile (MMC's profile numbers, which
 * IMAPI_PROFILE_TYPE names); the medium's type gives the defaults of ChooseImageDefaultsForMediaType's
 * table (fsimage_media.c), capacity included: IDiscRecorder2 reports no capacity of its own.
 */
#include "fsimage_private.h"

/* IMAPI_PROFILE_TYPE -> IMAPI_MEDIA_PHYSICAL_TYPE; RECORDER_NO_MEDIA_TYPE for the profiles no media type
 * stands for (write-once and AS magneto-optical, DDCD, non-standard). */
static int media_type_of_profile(LONG profile)
{
    switch (profile) {
    case 0x01: /* NON_REMOVABLE_DISK */
    case 0x02: /* REMOVABLE_DISK */
    case 0x03: /* MO_ERASABLE: randomly writable, as DISK media are */
        return IMAPI_MEDIA_TYPE_DISK;
    case 0x08: return IMAPI_MEDIA_TYPE_CDROM;
    case 0x09: return IMAPI_MEDIA_TYPE_CDR;
    case 0x0A: return IMAPI_MEDIA_TYPE_CDRW;
    case 0x10: return IMAPI_MEDIA_TYPE_DVDROM;
    case 0x11: return IMAPI_MEDIA_TYPE_DVDDASHR;
    case 0x12: return IMAPI_MEDIA_TYPE_DVDRAM;
    case 0x13: /* DVD_DASH_REWRITABLE (restricted overwrite) */
    case 0x14: /* DVD_DASH_RW_SEQUENTIAL */
        return IMAPI_MEDIA_TYPE_DVDDASHRW;
    case 0x15: /* DVD_DASH_R_DUAL_SEQUENTIAL */
    case 0x16: /* DVD_DASH_R_DUAL_LAYER_JUMP */
        return IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER;
    case 0x1A: return IMAPI_MEDIA_TYPE_DVDPLUSRW;
    case 0x1B: return IMAPI_MEDIA_TYPE_DVDPLUSR;
    case 0x2A: return IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER;
    case 0x2B: return IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER;
    case 0x40: return IMAPI_MEDIA_TYPE_BDROM;
    case 0x41: /* BD_R_SEQUENTIAL */
    case 0x42: /* BD_R_RANDOM_RECORDING */
        return IMAPI_MEDIA_TYPE_BDR;
    case 0x43: return IMAPI_MEDIA_TYPE_BDRE;
    case 0x50: return IMAPI_MEDIA_TYPE_HDDVDROM;
    case 0x51: return IMAPI_MEDIA_TYPE_HDDVDR;
    case 0x52: return IMAPI_MEDIA_TYPE_HDDVDRAM;
    default: return RECORDER_NO_MEDIA_TYPE;
    }
}

/* The media type of the recorder's current medium: the first current profile a media type stands for.
 * *profiles counts the current profiles (0: no medium); *first is the first of them. */
HRESULT recorder_current_media_type(IDiscRecorder2 *recorder, int *type, ULONG *profiles, LONG *first)
{
    SAFEARRAY *array = NULL;
    LONG lower, upper;
    HRESULT hr = IDiscRecorder2_get_CurrentProfiles(recorder, &array);

    *type = RECORDER_NO_MEDIA_TYPE;
    *profiles = 0;
    *first = 0;
    if (FAILED(hr))
        return com_error(hr, IMAGE_IID, L"The recorder could not tell its current profiles (error 0x%08lX).",
                         (unsigned long)hr);
    if (!array || SafeArrayGetDim(array) != 1 || FAILED(SafeArrayGetLBound(array, 1, &lower)) ||
        FAILED(SafeArrayGetUBound(array, 1, &upper)))
        upper = -1, lower = 0;
    for (LONG i = lower; i <= upper && *type == RECORDER_NO_MEDIA_TYPE; i++) {
        VARIANT element, number;
        VariantInit(&element);
        VariantInit(&number);
        if (SUCCEEDED(SafeArrayGetElement(array, &i, &element)) &&
            SUCCEEDED(VariantChangeType(&number, &element, 0, VT_I4))) {
            if (!(*profiles)++)
                *first = V_I4(&number);
            *type = media_type_of_profile(V_I4(&number));
        }
        VariantClear(&element);
        VariantClear(&number);
    }
    if (array)
        SafeArrayDestroy(array);
    return S_OK;
}

static HRESULT from_recorder(IFileSystemImage3 *iface, IDiscRecorder2 *recorder, BOOL blocks_only,
                             const WCHAR *member)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    ULONG profiles;
    LONG first;
    int type;
    HRESULT hr;

    if (!recorder)
        return com_error(E_POINTER, IMAGE_IID, L"%ls needs a recorder; it was given NULL.", member);
    if (FAILED(hr = recorder_current_media_type(recorder, &type, &profiles, &first)))
        return hr;
    if (!profiles)
        return com_error(E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, IMAGE_IID,
                         L"%ls: the recorder has no current profile (no medium in it).", member);
    if (type == RECORDER_NO_MEDIA_TYPE) {
        /* The budget alone may be "unknown": 0, no limit, as the IDL's help text allows. */
        if (blocks_only)
            return image_apply_media_type(image, IMAPI_MEDIA_TYPE_DISK, TRUE);
        return com_error(E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, IMAGE_IID,
                         L"%ls: the recorder's medium (profile 0x%04lX) is of no media type an image is made for.",
                         member, (unsigned long)first);
    }
    return image_apply_media_type(image, (IMAPI_MEDIA_PHYSICAL_TYPE)type, blocks_only);
}

HRESULT STDMETHODCALLTYPE image_ChooseImageDefaults(IFileSystemImage3 *iface, IDiscRecorder2 *recorder)
{
    return from_recorder(iface, recorder, FALSE, L"ChooseImageDefaults");
}

HRESULT STDMETHODCALLTYPE image_SetMaxMediaBlocksFromDevice(IFileSystemImage3 *iface, IDiscRecorder2 *recorder)
{
    return from_recorder(iface, recorder, TRUE, L"SetMaxMediaBlocksFromDevice");
}
