/* MultisessionInterfaces and what it implies, with the disc double (disc_double.c) over an image this
 * DLL made: the documented acceptance rule (one InUse, supported, sequential; or none InUse and the first
 * supported sequential one, then set InUse), every refusal with its exact HRESULT and description and
 * nothing changed after it, SessionStartBlock = NextWritableAddress and FreeMediaBlocks =
 * FreeSectorsOnMedia, get_MultisessionInterfaces giving the same objects, put_SessionStartBlock,
 * IdentifyFileSystemsOnDisc and CalculateDiscIdentifier read through the import recorder (READ(10) commands counted, a failing sector
 * named), GetDefaultFileSystemForImport's choice and its refusals. DllCanUnloadNow at the end.
 * Usage: test_multisession SCRATCH_DIR   (path as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "disc_double.h"
#include "unload_check.h"

#define DEFAULT_BLOCKS 332800
#define IID_IMAGE (&IID_IFileSystemImage)

static BYTE *session1;     /* an image of this DLL: the previous session on every double */
static ULONGLONG session1_size;

static void make_session1(const WCHAR *scratch)
{
    static const char text[] = "first session\r\n";
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IStream *data = memory_stream(text, sizeof(text) - 1);

    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"SESSION1")) == S_OK, "VolumeName");
    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"\\readme.txt"), data) == S_OK, "AddFile");
    session1 = write_result_image(image, path_join(scratch, L"session1.iso"), &session1_size);
    ok(session1 && session1_size >= 18 * 2048, "session 1 image: %llu bytes", session1_size);
    IStream_Release(data);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static struct disc_double *new_disc(void)
{
    struct disc_double *disc = disc_double_create(session1, (SIZE_T)session1_size);
    ok(disc != NULL, "disc double");
    return disc;
}

static LONG element_count(SAFEARRAY *array)
{
    LONG lower = 0, upper = -1;

    if (!array || SafeArrayGetDim(array) != 1)
        return -1;
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    return upper - lower + 1;
}

/* The settings put_MultisessionInterfaces changes, as a new image has them. */
static void expect_untouched(IFileSystemImage *image, const char *what)
{
    SAFEARRAY *array = NULL;
    LONG start = -1, blocks = -1;
    BSTR id = NULL;

    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 0, "%s: SessionStartBlock %ld", what,
       start);
    ok(IFileSystemImage_get_FreeMediaBlocks(image, &blocks) == S_OK && blocks == DEFAULT_BLOCKS,
       "%s: FreeMediaBlocks %ld", what, blocks);
    ok(IFileSystemImage_get_MultisessionInterfaces(image, &array) == S_OK && element_count(array) == 0,
       "%s: MultisessionInterfaces has %ld elements", what, element_count(array));
    if (array)
        SafeArrayDestroy(array);
    ok(IFileSystemImage_CalculateDiscIdentifier(image, &id) == IMAPI_E_MULTISESSION_NOT_SET && !id,
       "%s: CalculateDiscIdentifier still not set", what);
}

/* put_MultisessionInterfaces(array) refused with hr and a description naming needle; nothing changed. */
static void expect_refused(IFileSystemImage *image, SAFEARRAY *array, HRESULT expected, const WCHAR *needle,
                           const char *what)
{
    HRESULT hr;

    error_info_clear();
    hr = IFileSystemImage_put_MultisessionInterfaces(image, array);
    ok(hr == expected, "%s: 0x%08lx, expected 0x%08lx", what, hr, expected);
    check_error_info(image, IID_IMAGE, what, needle);
    expect_untouched(image, what);
}

/* One double altered by `change`, alone in the array, refused; its InUse not changed. */
#define REFUSED_DISC(image, change, expected, needle, what)                         \
    do {                                                                            \
        struct disc_double *d_ = new_disc();                                        \
        SAFEARRAY *a_;                                                              \
        VARIANT_BOOL in_use_;                                                       \
        change;                                                                     \
        in_use_ = d_->in_use;                                                       \
        a_ = multisession_array_of(d_, NULL);                                       \
        expect_refused(image, a_, expected, needle, what);                          \
        ok(d_->in_use == in_use_, "%s: the object's InUse as it was", what);        \
        SafeArrayDestroy(a_);                                                       \
        disc_double_release(d_);                                                    \
    } while (0)

static void test_defaults_and_bad_arrays(void)
{
    IFileSystemImage *image = create_image();
    SAFEARRAY *array;
    IDispatch *not_multisession = NULL;
    VARIANT v;
    LONG i = 0;

    expect_untouched(image, "new image");
    {
        FsiFileSystems found = (FsiFileSystems)0x55;
        ok(IFileSystemImage_IdentifyFileSystemsOnDisc(image, NULL, &found) == IMAPI_E_MULTISESSION_NOT_SET &&
               found == FsiFileSystemNone, "IdentifyFileSystemsOnDisc(NULL) without MultisessionInterfaces");
    }
    ok(IFileSystemImage_get_MultisessionInterfaces(image, NULL) == E_POINTER, "get NULL");
    expect_refused(image, NULL, E_POINTER, L"NULL", "put NULL");

    array = SafeArrayCreateVector(VT_I4, 0, 1);
    expect_refused(image, array, E_INVALIDARG, L"array of VARIANTs", "array of VT_I4");
    SafeArrayDestroy(array);

    array = SafeArrayCreateVector(VT_VARIANT, 0, 1);
    V_VT(&v) = VT_I4;
    V_I4(&v) = 5;
    SafeArrayPutElement(array, &i, &v);
    expect_refused(image, array, E_INVALIDARG, L"element 0 is not an object", "VARIANT(VT_I4) element");
    SafeArrayDestroy(array);

    /* An automation object that is no IMultisession: the QueryInterface error, as documented. */
    IFileSystemImage_QueryInterface(image, &IID_IDispatch, (void **)&not_multisession);
    array = multisession_array(&not_multisession, 1);
    expect_refused(image, array, E_NOINTERFACE, L"not an IMultisession", "an image as element");
    SafeArrayDestroy(array);
    IDispatch_Release(not_multisession);

    array = SafeArrayCreateVector(VT_VARIANT, 0, 0);
    expect_refused(image, array, IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, L"None of the 0", "empty array");
    SafeArrayDestroy(array);
    IFileSystemImage_Release(image);
}

static void test_refusals(void)
{
    IFileSystemImage *image = create_image();

    REFUSED_DISC(image, d_->supported = VARIANT_FALSE, IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, L"None of the 1",
                 "not supported");
    REFUSED_DISC(image, (d_->supported = VARIANT_FALSE, d_->in_use = VARIANT_TRUE),
                 IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, L"InUse but not supported", "InUse, not supported");
    REFUSED_DISC(image, d_->kind = DISC_RANDOM, IMAPI_E_INCOMPATIBLE_MULTISESSION_TYPE, L"IMultisessionSequential",
                 "random-write kind");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_SUPPORTEDONCURRENTMEDIA,
                 IMAPI_E_BAD_MULTISESSION_PARAMETER, L"IsSupportedOnCurrentMediaState", "IsSupported fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_INUSE, IMAPI_E_BAD_MULTISESSION_PARAMETER,
                 L"InUse", "InUse fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_NEXTWRITABLEADDRESS,
                 IMAPI_E_BAD_MULTISESSION_PARAMETER, L"NextWritableAddress", "NextWritableAddress fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_FREESECTORS, IMAPI_E_BAD_MULTISESSION_PARAMETER,
                 L"FreeSectorsOnMedia", "FreeSectorsOnMedia fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_STARTSECTOROFPREVIOUSSESSION,
                 IMAPI_E_BAD_MULTISESSION_PARAMETER, L"StartAddressOfPreviousSession", "start fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_LASTSECTOROFPREVIOUSSESSION,
                 IMAPI_E_BAD_MULTISESSION_PARAMETER, L"LastWrittenAddressOfPreviousSession", "last written fails");
    REFUSED_DISC(image, d_->failing_property = DISPID_IMULTISESSION_FIRSTDATASESSION,
                 IMAPI_E_BAD_MULTISESSION_PARAMETER, L"IsFirstDataSession", "IsFirstDataSession fails");
    REFUSED_DISC(image, d_->no_recorder = TRUE, IMAPI_E_BAD_MULTISESSION_PARAMETER, L"ImportRecorder",
                 "no import recorder");
    REFUSED_DISC(image, d_->next_writable = d_->last_written_of_previous, IMAPI_E_BAD_MULTISESSION_PARAMETER,
                 L"do not follow", "next writable inside the previous session");
    REFUSED_DISC(image, d_->free_sectors = -5, IMAPI_E_BAD_MULTISESSION_PARAMETER, L"-5", "negative free sectors");
    REFUSED_DISC(image, d_->first_data_session = VARIANT_TRUE, IMAPI_E_IMPORT_SEEK_FAILURE, L"blank",
                 "blank CD-R (IsFirstDataSession)");
    REFUSED_DISC(image, d_->next_writable = 0, IMAPI_E_IMPORT_SEEK_FAILURE, L"blank", "blank CD-R (nothing written)");
    REFUSED_DISC(image, d_->profile = 0x08, IMAPI_E_IMPORT_MEDIA_NOT_ALLOWED, L"0x0008", "CD-ROM");
    REFUSED_DISC(image, d_->profile = 0x40, IMAPI_E_IMPORT_MEDIA_NOT_ALLOWED, L"0x0040", "BD-ROM");
    REFUSED_DISC(image, d_->profile = 0, IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, L"no medium", "no medium");

    /* Two in use: at most one may be. */
    {
        struct disc_double *a = new_disc(), *b = new_disc();
        SAFEARRAY *array;
        a->in_use = b->in_use = VARIANT_TRUE;
        array = multisession_array_of(a, b);
        expect_refused(image, array, IMAPI_E_BAD_MULTISESSION_PARAMETER, L"both InUse", "two InUse");
        SafeArrayDestroy(array);
        disc_double_release(a);
        disc_double_release(b);
    }
    IFileSystemImage_Release(image);
}

/* FreeSectorsOnMedia below what the image already holds: IMAGE_TOO_BIG from FreeMediaBlocks, nothing set,
 * the object chosen by the image not left InUse. */
static void test_too_big(void)
{
    static const char data[8192] = {1};
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = image_root(image);
    IStream *stream = memory_stream(data, sizeof(data));
    struct disc_double *disc = new_disc();
    SAFEARRAY *array;

    ok(IFsiDirectoryItem_AddFile(root, tbstr(L"\\big.bin"), stream) == S_OK, "AddFile");
    disc->free_sectors = 1;
    array = multisession_array_of(disc, NULL);
    expect_refused(image, array, IMAPI_E_IMAGE_TOO_BIG, L"FreeMediaBlocks 1", "one free sector");
    ok(disc->in_use == VARIANT_FALSE, "too big: InUse put back");
    SafeArrayDestroy(array);
    disc_double_release(disc);
    IStream_Release(stream);
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static BOOL same_object(IUnknown *a, IUnknown *b)
{
    IUnknown *ua = NULL, *ub = NULL;
    BOOL same;

    IUnknown_QueryInterface(a, &IID_IUnknown, (void **)&ua);
    IUnknown_QueryInterface(b, &IID_IUnknown, (void **)&ub);
    same = ua && ua == ub;
    if (ua)
        IUnknown_Release(ua);
    if (ub)
        IUnknown_Release(ub);
    return same;
}

static BSTR disc_identifier(IFileSystemImage *image, HRESULT expected, const char *what)
{
    BSTR id = NULL;
    HRESULT hr = IFileSystemImage_CalculateDiscIdentifier(image, &id);

    ok(hr == expected, "%s: CalculateDiscIdentifier 0x%08lx, expected 0x%08lx", what, hr, expected);
    return id;
}

static void test_accepted(void)
{
    IFileSystemImage *image = create_image();
    struct disc_double *random = new_disc(), *disc = new_disc();
    SAFEARRAY *array, *back = NULL;
    LONG start = -1, blocks = -1, i;
    WCHAR prefix[64];
    BSTR id, again, other;
    ULONG reads;

    /* None InUse: the first supported sequential element is chosen (a supported random-write one before it
     * is passed over) and set InUse. */
    random->kind = DISC_RANDOM;
    disc->next_writable = 3000;
    disc->free_sectors = 250000;
    array = multisession_array_of(random, disc);
    error_info_clear();
    ok(IFileSystemImage_put_MultisessionInterfaces(image, array) == S_OK, "put [random, sequential]");
    ok(disc->in_use == VARIANT_TRUE && random->in_use == VARIANT_FALSE, "the sequential one set InUse (%d, %d)",
       disc->in_use, random->in_use);
    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 3000, "SessionStartBlock %ld", start);
    ok(IFileSystemImage_get_FreeMediaBlocks(image, &blocks) == S_OK && blocks == 250000, "FreeMediaBlocks %ld",
       blocks);
    ok(IFileSystemImage_get_MultisessionInterfaces(image, &back) == S_OK && element_count(back) == 2,
       "get_MultisessionInterfaces: %ld elements", element_count(back));
    for (i = 0; back && i < 2; i++) {
        VARIANT v;
        VariantInit(&v);
        ok(SafeArrayGetElement(back, &i, &v) == S_OK && V_VT(&v) == VT_DISPATCH, "element %ld VT_DISPATCH", i);
        ok(V_VT(&v) == VT_DISPATCH &&
               same_object((IUnknown *)V_DISPATCH(&v), (IUnknown *)&(i ? disc : random)->IMultisessionSequential2_iface),
           "element %ld is the object given", i);
        VariantClear(&v);
    }
    if (back)
        SafeArrayDestroy(back);
    SafeArrayDestroy(array);

    /* SessionStartBlock follows the disc now. */
    error_info_clear();
    ok(IFileSystemImage_put_SessionStartBlock(image, 20) == IMAPI_E_INVALID_PARAM, "put_SessionStartBlock 20");
    check_error_info(image, IID_IMAGE, "SessionStartBlock 20", L"3000");
    ok(IFileSystemImage_put_SessionStartBlock(image, 3000) == S_OK, "put_SessionStartBlock 3000 (the same)");

    /* The identifier: the previous session's sectors, read with READ(10) through the import recorder. */
    reads = disc->reads;
    id = disc_identifier(image, S_OK, "first");
    swprintf(prefix, ARRAYSIZE(prefix), L"0-%ld-3000-", (long)disc->last_written_of_previous);
    ok(id && !wcsncmp(id, prefix, wcslen(prefix)) && wcslen(id) == wcslen(prefix) + 16, "identifier %s (%s...)",
       u8(id), u8(prefix));
    ok(disc->reads > reads && disc->other_commands == 0, "%lu READ commands, %lu others", disc->reads - reads,
       disc->other_commands);
    again = disc_identifier(image, S_OK, "again");
    ok(id && again && !wcscmp(id, again), "the same disc, the same identifier (%s, %s)", u8(id), u8(again));
    disc->sectors[16 * 2048 + 40] ^= 0x20; /* a letter of the primary volume descriptor's volume name */
    other = disc_identifier(image, S_OK, "changed descriptor");
    ok(id && other && wcscmp(id, other) != 0, "a changed volume descriptor changes it (%s)", u8(other));
    disc->failing_sector = 16;
    error_info_clear();
    SysFreeString(disc_identifier(image, IMAPI_E_IMPORT_READ_FAILURE, "sector 16 unreadable"));
    check_error_info(image, IID_IMAGE, "sector 16 unreadable", L"sector 16");
    disc->failing_sector = -1;
    disc->recorder_without_ex = TRUE;
    error_info_clear();
    SysFreeString(disc_identifier(image, IMAPI_E_BAD_MULTISESSION_PARAMETER, "no IDiscRecorder2Ex"));
    check_error_info(image, IID_IMAGE, "no IDiscRecorder2Ex", L"IDiscRecorder2Ex");
    disc->recorder_without_ex = FALSE;
    SysFreeString(id);
    SysFreeString(again);
    SysFreeString(other);
    ok(IFileSystemImage_CalculateDiscIdentifier(image, NULL) == E_POINTER, "CalculateDiscIdentifier NULL");

    /* The file systems of the previous session, read through the import recorder: this DLL's default
     * ISO 9660 + Joliet. */
    {
        FsiFileSystems found = (FsiFileSystems)0x55;
        reads = disc->reads;
        ok(IFileSystemImage_IdentifyFileSystemsOnDisc(image, NULL, &found) == S_OK &&
               found == (FsiFileSystemISO9660 | FsiFileSystemJoliet),
           "IdentifyFileSystemsOnDisc: 0x%x", (unsigned)found);
        ok(disc->reads > reads, "identified through %lu READ commands", disc->reads - reads);
        disc->failing_sector = 17;
        error_info_clear();
        ok(IFileSystemImage_IdentifyFileSystemsOnDisc(image, NULL, &found) == IMAPI_E_IMPORT_READ_FAILURE,
           "IdentifyFileSystemsOnDisc, sector 17 unreadable");
        check_error_info(image, IID_IMAGE, "identify, sector 17 unreadable", L"sector 17");
        disc->failing_sector = -1;
        ok(IFileSystemImage_IdentifyFileSystemsOnDisc(image, NULL, NULL) == E_POINTER, "Identify NULL out");
    }

    /* A second put replaces the first: the one InUse is taken as it is. */
    disc->recorder_without_ex = FALSE;
    random->kind = DISC_SEQUENTIAL;
    random->in_use = VARIANT_TRUE;
    random->next_writable = 7777;
    disc->in_use = VARIANT_FALSE;
    array = multisession_array_of(disc, random);
    ok(IFileSystemImage_put_MultisessionInterfaces(image, array) == S_OK, "put again, second InUse");
    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 7777, "SessionStartBlock %ld", start);
    ok(disc->in_use == VARIANT_FALSE, "the first not set InUse");
    SafeArrayDestroy(array);

    IFileSystemImage_Release(image);
    ok(disc->ref == 1 && random->ref == 1, "the image released the objects (%ld, %ld references)", disc->ref,
       random->ref);
    disc_double_release(disc);
    disc_double_release(random);
}

/* Media written in place take an empty disc: nothing to import, the session starts where the disc says. */
static void test_blank_overwritable(void)
{
    IFileSystemImage *image = create_image();
    struct disc_double *disc = new_disc();
    SAFEARRAY *array;
    LONG start = -1;
    BSTR id;

    disc->profile = 0x1A; /* DVD+RW */
    disc->first_data_session = VARIANT_TRUE;
    disc->next_writable = 0;
    array = multisession_array_of(disc, NULL);
    ok(IFileSystemImage_put_MultisessionInterfaces(image, array) == S_OK, "blank DVD+RW");
    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 0, "SessionStartBlock %ld", start);
    id = disc_identifier(image, S_OK, "blank DVD+RW");
    ok(id && !wcsncmp(id, L"0--1-0-", 7) && disc->reads == 0, "blank identifier %s, %lu reads", u8(id), disc->reads);
    SysFreeString(id);
    SafeArrayDestroy(array);
    IFileSystemImage_Release(image);
    disc_double_release(disc);
}

static void test_session_start_block(void)
{
    IFileSystemImage *image = create_image();
    LONG start = -1;

    ok(IFileSystemImage_put_SessionStartBlock(image, 500) == S_OK, "put_SessionStartBlock 500");
    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 500, "read back %ld", start);
    error_info_clear();
    ok(IFileSystemImage_put_SessionStartBlock(image, -1) == IMAPI_E_INVALID_PARAM, "put_SessionStartBlock -1");
    check_error_info(image, IID_IMAGE, "SessionStartBlock -1", L"-1");
    ok(IFileSystemImage_get_SessionStartBlock(image, &start) == S_OK && start == 500, "still %ld", start);
    ok(IFileSystemImage_get_SessionStartBlock(image, NULL) == E_POINTER, "get_SessionStartBlock NULL");
    IFileSystemImage_Release(image);
}

static void test_default_for_import(void)
{
    static const struct {
        FsiFileSystems mask;
        HRESULT hr;
        FsiFileSystems chosen;
    } cases[] = {
        {FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF, S_OK, FsiFileSystemUDF},
        {FsiFileSystemISO9660 | FsiFileSystemUDF, S_OK, FsiFileSystemUDF},
        {FsiFileSystemISO9660 | FsiFileSystemJoliet, S_OK, FsiFileSystemJoliet},
        {FsiFileSystemISO9660, S_OK, FsiFileSystemISO9660},
        {FsiFileSystemUnknown | FsiFileSystemISO9660, S_OK, FsiFileSystemISO9660},
        {FsiFileSystemNone, IMAPI_E_INVALID_PARAM, FsiFileSystemNone},
        {FsiFileSystemUnknown, IMAPI_E_INVALID_PARAM, FsiFileSystemNone},
        {(FsiFileSystems)-1, IMAPI_E_INVALID_PARAM, FsiFileSystemNone},
        {(FsiFileSystems)(FsiFileSystemUDF | 8), IMAPI_E_INVALID_PARAM, FsiFileSystemNone},
    };
    IFileSystemImage *image = create_image();

    for (size_t i = 0; i < ARRAYSIZE(cases); i++) {
        FsiFileSystems chosen = (FsiFileSystems)0x55;
        HRESULT hr = IFileSystemImage_GetDefaultFileSystemForImport(image, cases[i].mask, &chosen);
        ok(hr == cases[i].hr && chosen == cases[i].chosen, "GetDefaultFileSystemForImport(0x%x): 0x%08lx, %d",
           (unsigned)cases[i].mask, hr, (int)chosen);
    }
    ok(IFileSystemImage_GetDefaultFileSystemForImport(image, FsiFileSystemUDF, NULL) == E_POINTER, "NULL out");
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch;

    if (argc != 2) {
        fprintf(stderr, "usage: test_multisession SCRATCH_DIR\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    scratch = win_folder(argv[1]);
    make_session1(scratch);
    if (session1) {
        test_defaults_and_bad_arrays();
        test_refusals();
        test_too_big();
        test_accepted();
        test_blank_overwritable();
        test_session_start_block();
        test_default_for_import();
        HeapFree(GetProcessHeap(), 0, session1);
    }
    check_unload_now("after every image and double is released");
    CoUninitialize();
    return test_summary();
}
