/* ChooseImageDefaults and SetMaxMediaBlocksFromDevice with a recorder double: a small IDiscRecorder2 whose
 * CurrentProfiles the test sets (its other members answer E_NOTIMPL). Every profile a media type stands
 * for, several current profiles, none, unknown ones, a failing recorder, NULL, and a tree too big for the
 * medium, each refusal leaving every setting as it was.
 * Usage: test_recorder SCRATCH_DIR   (path as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#define ISO_JOLIET (FsiFileSystemISO9660 | FsiFileSystemJoliet)
#define ISO_JOLIET_UDF (FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF)

/* ---------------------------------------------------------------- the recorder double ------------- */

struct recorder {
    IDiscRecorder2 IDiscRecorder2_iface;
    LONG ref;
    LONG profiles[4];
    ULONG count;
    HRESULT fail; /* what CurrentProfiles answers when not S_OK */
    ULONG calls;  /* of CurrentProfiles */
};

static struct recorder *impl(IDiscRecorder2 *iface)
{
    return CONTAINING_RECORD(iface, struct recorder, IDiscRecorder2_iface);
}

static HRESULT STDMETHODCALLTYPE rec_QueryInterface(IDiscRecorder2 *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IDiscRecorder2)) {
        *out = iface;
        IDiscRecorder2_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE rec_AddRef(IDiscRecorder2 *iface)
{
    return InterlockedIncrement(&impl(iface)->ref);
}

static ULONG STDMETHODCALLTYPE rec_Release(IDiscRecorder2 *iface)
{
    return InterlockedDecrement(&impl(iface)->ref); /* lives on the test's stack */
}

static HRESULT STDMETHODCALLTYPE rec_get_CurrentProfiles(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    struct recorder *r = impl(iface);
    SAFEARRAY *array;

    r->calls++;
    *value = NULL;
    if (r->fail != S_OK)
        return r->fail;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, r->count)))
        return E_OUTOFMEMORY;
    for (LONG i = 0; i < (LONG)r->count; i++) {
        VARIANT v;

        V_VT(&v) = VT_I4;
        V_I4(&v) = r->profiles[i];
        SafeArrayPutElement(array, &i, &v);
    }
    *value = array;
    return S_OK;
}

/* The members a recorder has that these methods need not: E_NOTIMPL, typed for their slots (their
 * parameters go unused). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define NOT_IMPLEMENTED(name, params)                 \
    static HRESULT STDMETHODCALLTYPE rec_##name params \
    {                                                 \
        (void)iface;                                  \
        return E_NOTIMPL;                             \
    }
NOT_IMPLEMENTED(GetTypeInfoCount, (IDiscRecorder2 *iface, UINT *count))
NOT_IMPLEMENTED(GetTypeInfo, (IDiscRecorder2 *iface, UINT index, LCID lcid, ITypeInfo **info))
NOT_IMPLEMENTED(GetIDsOfNames, (IDiscRecorder2 *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids))
NOT_IMPLEMENTED(Invoke, (IDiscRecorder2 *iface, DISPID id, REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
                EXCEPINFO *excep, UINT *arg))
NOT_IMPLEMENTED(EjectMedia, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(CloseTray, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(AcquireExclusiveAccess, (IDiscRecorder2 *iface, VARIANT_BOOL force, BSTR client))
NOT_IMPLEMENTED(ReleaseExclusiveAccess, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(DisableMcn, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(EnableMcn, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(InitializeDiscRecorder, (IDiscRecorder2 *iface, BSTR id))
NOT_IMPLEMENTED(get_ActiveDiscRecorder, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(get_VendorId, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(get_ProductId, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(get_ProductRevision, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(get_VolumeName, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(get_VolumePathNames, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(get_DeviceCanLoadMedia, (IDiscRecorder2 *iface, VARIANT_BOOL *value))
NOT_IMPLEMENTED(get_LegacyDeviceNumber, (IDiscRecorder2 *iface, LONG *value))
NOT_IMPLEMENTED(get_SupportedFeaturePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(get_CurrentFeaturePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(get_SupportedProfiles, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(get_SupportedModePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(get_ExclusiveAccessOwner, (IDiscRecorder2 *iface, BSTR *value))
#pragma GCC diagnostic pop

static const IDiscRecorder2Vtbl recorder_vtbl = {
    rec_QueryInterface, rec_AddRef, rec_Release, rec_GetTypeInfoCount, rec_GetTypeInfo, rec_GetIDsOfNames,
    rec_Invoke, rec_EjectMedia, rec_CloseTray, rec_AcquireExclusiveAccess, rec_ReleaseExclusiveAccess,
    rec_DisableMcn, rec_EnableMcn, rec_InitializeDiscRecorder, rec_get_ActiveDiscRecorder, rec_get_VendorId,
    rec_get_ProductId, rec_get_ProductRevision, rec_get_VolumeName, rec_get_VolumePathNames,
    rec_get_DeviceCanLoadMedia, rec_get_LegacyDeviceNumber, rec_get_SupportedFeaturePages,
    rec_get_CurrentFeaturePages, rec_get_SupportedProfiles, rec_get_CurrentProfiles, rec_get_SupportedModePages,
    rec_get_ExclusiveAccessOwner,
};

static void recorder_init(struct recorder *r, ULONG count, const LONG *profiles)
{
    memset(r, 0, sizeof(*r));
    r->IDiscRecorder2_iface.lpVtbl = &recorder_vtbl;
    r->ref = 1;
    r->count = count;
    memcpy(r->profiles, profiles, count * sizeof(LONG));
}

/* ---------------------------------------------------------------- the tests ----------------------- */

struct settings {
    FsiFileSystems file_systems;
    LONG udf_revision;
    LONG free_media_blocks;
};

static void settings_of(IFileSystemImage *image, struct settings *s)
{
    IFileSystemImage_get_FileSystemsToCreate(image, &s->file_systems);
    IFileSystemImage_get_UDFRevision(image, &s->udf_revision);
    IFileSystemImage_get_FreeMediaBlocks(image, &s->free_media_blocks);
}

/* Differs from every media type's defaults in all three settings. */
static void set_unusual(IFileSystemImage *image)
{
    ok(IFileSystemImage_put_FreeMediaBlocks(image, 0) == S_OK, "put_FreeMediaBlocks 0");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660) == S_OK, "ISO 9660 only");
    ok(IFileSystemImage_put_UDFRevision(image, 0x201) == S_OK, "put_UDFRevision 0x201");
}

static void expect_settings(IFileSystemImage *image, FsiFileSystems fs, LONG revision, LONG blocks, const char *what)
{
    struct settings s;

    settings_of(image, &s);
    ok(s.file_systems == fs && s.udf_revision == revision && s.free_media_blocks == blocks,
       "%s: file systems 0x%x, UDF 0x%lx, %ld blocks; expected 0x%x, 0x%lx, %ld", what, s.file_systems,
       s.udf_revision, s.free_media_blocks, fs, revision, blocks);
}

struct profile_case {
    LONG profile;
    FsiFileSystems file_systems;
    LONG udf_revision; /* 0: stays as it was */
    LONG blocks;
};

/* The media type each profile stands for, with that type's defaults (README's table). */
static const struct profile_case profiles[] = {
    {0x01, ISO_JOLIET_UDF, 0x102, 0},        {0x02, ISO_JOLIET_UDF, 0x102, 0},
    {0x03, ISO_JOLIET_UDF, 0x102, 0},        {0x08, ISO_JOLIET, 0, 359847},
    {0x09, ISO_JOLIET, 0, 359847},           {0x0A, ISO_JOLIET, 0, 359847},
    {0x10, ISO_JOLIET_UDF, 0x102, 2295104},  {0x11, ISO_JOLIET_UDF, 0x102, 2298496},
    {0x12, ISO_JOLIET_UDF, 0x102, 2236704},  {0x13, ISO_JOLIET_UDF, 0x102, 2298496},
    {0x14, ISO_JOLIET_UDF, 0x102, 2298496},  {0x15, ISO_JOLIET_UDF, 0x102, 4171712},
    {0x16, ISO_JOLIET_UDF, 0x102, 4171712},  {0x1A, ISO_JOLIET_UDF, 0x102, 2295104},
    {0x1B, ISO_JOLIET_UDF, 0x102, 2295104},  {0x2A, ISO_JOLIET_UDF, 0x102, 4173824},
    {0x2B, ISO_JOLIET_UDF, 0x102, 4173824},  {0x40, ISO_JOLIET_UDF, 0x250, 12219392},
    {0x41, ISO_JOLIET_UDF, 0x250, 12219392}, {0x42, ISO_JOLIET_UDF, 0x250, 12219392},
    {0x43, ISO_JOLIET_UDF, 0x250, 12219392}, {0x50, ISO_JOLIET_UDF, 0x250, 7291200},
    {0x51, ISO_JOLIET_UDF, 0x250, 7291200},  {0x52, ISO_JOLIET_UDF, 0x250, 7291200},
};

static void test_every_profile(void)
{
    for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
        const struct profile_case *c = &profiles[i];
        IFileSystemImage *image = create_image();
        struct recorder r;
        char what[64];
        HRESULT hr;

        recorder_init(&r, 1, &c->profile);
        set_unusual(image);
        hr = IFileSystemImage_SetMaxMediaBlocksFromDevice(image, &r.IDiscRecorder2_iface);
        ok(hr == S_OK, "SetMaxMediaBlocksFromDevice, profile 0x%lx: 0x%08lx", c->profile, hr);
        snprintf(what, sizeof(what), "SetMaxMediaBlocksFromDevice, profile 0x%lx", c->profile);
        expect_settings(image, FsiFileSystemISO9660, 0x201, c->blocks, what);

        set_unusual(image);
        hr = IFileSystemImage_ChooseImageDefaults(image, &r.IDiscRecorder2_iface);
        ok(hr == S_OK, "ChooseImageDefaults, profile 0x%lx: 0x%08lx", c->profile, hr);
        snprintf(what, sizeof(what), "ChooseImageDefaults, profile 0x%lx", c->profile);
        expect_settings(image, c->file_systems, c->udf_revision ? c->udf_revision : 0x201, c->blocks, what);
        ok(r.calls == 2 && r.ref == 1, "profile 0x%lx: %lu calls, %ld references left", c->profile, r.calls, r.ref);
        IFileSystemImage_Release(image);
    }
}

static void expect_refusal(IFileSystemImage *image, struct recorder *r, HRESULT want, BOOL blocks_only,
                           const WCHAR *needle, const char *what)
{
    HRESULT hr;

    set_unusual(image);
    error_info_clear();
    hr = blocks_only ? IFileSystemImage_SetMaxMediaBlocksFromDevice(image, r ? &r->IDiscRecorder2_iface : NULL)
                     : IFileSystemImage_ChooseImageDefaults(image, r ? &r->IDiscRecorder2_iface : NULL);
    ok(hr == want, "%s: 0x%08lx, expected 0x%08lx", what, hr, want);
    check_error_info(image, &IID_IFileSystemImage, what, needle);
    expect_settings(image, FsiFileSystemISO9660, 0x201, 0, what);
}

static void test_refusals(void)
{
    static const LONG unknown[] = {0x20, 0xFFFF}, several[] = {0xFFFF, 0x04, 0x1B, 0x09}, none[1] = {0};
    IFileSystemImage *image = create_image();
    struct recorder r;

    expect_refusal(image, NULL, E_POINTER, FALSE, L"ChooseImageDefaults", "ChooseImageDefaults(NULL)");
    expect_refusal(image, NULL, E_POINTER, TRUE, L"SetMaxMediaBlocksFromDevice", "SetMaxMediaBlocksFromDevice(NULL)");

    recorder_init(&r, 0, none);
    expect_refusal(image, &r, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, FALSE, L"no current profile", "no medium");
    expect_refusal(image, &r, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, TRUE, L"no current profile", "no medium, blocks");

    recorder_init(&r, 2, unknown);
    expect_refusal(image, &r, E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, FALSE, L"0x0020", "DDCD and non-standard");
    /* The budget of a medium no media type stands for is unknown: 0. */
    set_unusual(image);
    ok(IFileSystemImage_put_FreeMediaBlocks(image, 1000) == S_OK, "put_FreeMediaBlocks 1000");
    ok(IFileSystemImage_SetMaxMediaBlocksFromDevice(image, &r.IDiscRecorder2_iface) == S_OK, "unknown profile, blocks");
    expect_settings(image, FsiFileSystemISO9660, 0x201, 0, "unknown profile, blocks");

    recorder_init(&r, 1, none);
    r.fail = E_ACCESSDENIED;
    expect_refusal(image, &r, E_ACCESSDENIED, FALSE, L"0x80070005", "failing recorder");

    /* Several current profiles: the first a media type stands for (DVD+R after non-standard and MO). */
    recorder_init(&r, 4, several);
    set_unusual(image);
    ok(IFileSystemImage_ChooseImageDefaults(image, &r.IDiscRecorder2_iface) == S_OK, "several profiles");
    expect_settings(image, ISO_JOLIET_UDF, 0x102, 2295104, "several profiles");
    ok(r.ref == 1, "%ld references left on the recorder", r.ref);
    IFileSystemImage_Release(image);
}

/* A sparse 800 MB file: more than a CD holds, less than a DVD. */
static void test_too_big(const WCHAR *scratch)
{
    static const LONG cd_r = 0x09, dvd_r = 0x11;
    WCHAR *dir = path_join(scratch, L"big"), *file = path_join(dir, L"big.bin");
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    LARGE_INTEGER size = {.QuadPart = 800LL * 1000 * 1000};
    struct recorder r;
    HANDLE handle;
    HRESULT hr;

    make_dirs(dir);
    handle = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(handle != INVALID_HANDLE_VALUE && SetFilePointerEx(handle, size, NULL, FILE_BEGIN) && SetEndOfFile(handle),
       "make the 800 MB file");
    CloseHandle(handle);
    IFileSystemImage_get_Root(image, &root);
    set_unusual(image);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(dir), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree 800 MB: 0x%08lx", hr);
    recorder_init(&r, 1, &cd_r);
    expect_refusal(image, &r, IMAPI_E_IMAGE_TOO_BIG, FALSE, L"FreeMediaBlocks", "CD-R for 800 MB");
    expect_refusal(image, &r, IMAPI_E_IMAGE_TOO_BIG, TRUE, L"FreeMediaBlocks", "CD-R blocks for 800 MB");
    recorder_init(&r, 1, &dvd_r);
    set_unusual(image);
    ok(IFileSystemImage_ChooseImageDefaults(image, &r.IDiscRecorder2_iface) == S_OK, "DVD-R for 800 MB");
    expect_settings(image, ISO_JOLIET_UDF, 0x102, 2298496, "DVD-R for 800 MB");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
    DeleteFileW(file);
    RemoveDirectoryW(dir);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch;

    if (argc != 2) {
        printf("usage: test_recorder SCRATCH_DIR\n");
        return 2;
    }
    scratch = win_folder(argv[1]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_every_profile();
    test_refusals();
    test_too_big(scratch);
    check_unload_now("after the recorder tests");
    CoUninitialize();
    return test_summary();
}
