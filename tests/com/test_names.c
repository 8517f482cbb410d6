/* Names and settings through the C vtable: VolumeName and its per-file-system read-backs (accepted and
 * refused labels, the labels an image records), IFsiItem::FileSystemName/FileSystemPath on a tree of
 * colliding, long and odd names (the image and a listing of every item's recorded path per file system are
 * written for check_fs_names.sh and check-image.sh), UseRestrictedCharacterSet, StrictFileSystemCompliance,
 * WorkingDirectory and CalculateDiscIdentifier.
 * Usage: test_names SCRATCH_DIR IMAGE_FOLDER   (paths as Z:/...)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"
#include "unload_check.h"

#include <wchar.h>

/* The label of the names image: New-IsoFile's default title (20 characters, '-' and '.'). */
#define LABEL L"20240102-030405.6789"

typedef HRESULT(STDMETHODCALLTYPE *get_bstr_fn)(IFileSystemImage *, BSTR *);

static void expect_bstr(IFileSystemImage *image, get_bstr_fn get, const WCHAR *want, const char *what)
{
    BSTR value = NULL;
    HRESULT hr = get(image, &value);

    ok(hr == S_OK && value && !wcscmp(value, want), "%s: 0x%08lx '%s', expected '%s'", what, hr, u8(value), u8(want));
    SysFreeString(value);
}

/* "Ünïcödé disc" (hex escapes end at the next non-hex digit only, hence the pieces). */
#define UNICODE_LABEL L"\x00dc" L"n" L"\x00ef" L"c" L"\x00f6" L"d" L"\x00e9" L" disc"

struct label_case {
    const WCHAR *set;
    const WCHAR *iso, *joliet, *udf;
};

static void test_volume_names(void)
{
    static const struct label_case accepted[] = {
        {L"MyDisc_1.x", L"MYDISC_1_X", L"MyDisc_1.x", L"MyDisc_1.x"},
        {LABEL, L"20240102_030405_6789", L"20240102-030405.", LABEL},
        {UNICODE_LABEL, L"_N_C_D__DISC", UNICODE_LABEL, UNICODE_LABEL},
        {L"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", L"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", L"ABCDEFGHIJKLMNOP",
         L"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"},
    };
    static const WCHAR *const refused[] = {L"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", L"BAD*NAME", L"a/b", L"tab\there",
                                           L"quote\"d", L"pipe|d"};
    IFileSystemImage *image = create_image();
    BSTR value = NULL;

    for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        const struct label_case *c = &accepted[i];
        HRESULT hr = IFileSystemImage_put_VolumeName(image, tbstr(c->set));

        ok(hr == S_OK, "put_VolumeName '%s': 0x%08lx", u8(c->set), hr);
        expect_bstr(image, image->lpVtbl->get_VolumeName, c->set, "VolumeName");
        expect_bstr(image, image->lpVtbl->get_VolumeNameISO9660, c->iso, "VolumeNameISO9660");
        expect_bstr(image, image->lpVtbl->get_VolumeNameJoliet, c->joliet, "VolumeNameJoliet");
        expect_bstr(image, image->lpVtbl->get_VolumeNameUDF, c->udf, "VolumeNameUDF");
    }
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        HRESULT hr;

        error_info_clear();
        hr = IFileSystemImage_put_VolumeName(image, tbstr(refused[i]));
        ok(hr == IMAPI_E_INVALID_VOLUME_NAME, "put_VolumeName '%s': 0x%08lx, expected IMAPI_E_INVALID_VOLUME_NAME",
           u8(refused[i]), hr);
        check_error_info(image, &IID_IFileSystemImage, "bad label", refused[i]);
        expect_bstr(image, image->lpVtbl->get_VolumeName, L"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "VolumeName kept");
    }
    /* Empty: back to the label made from the clock, YYYYMMDD_HHMM, the same in every file system. */
    ok(IFileSystemImage_put_VolumeName(image, tbstr(L"")) == S_OK, "put_VolumeName ''");
    ok(IFileSystemImage_get_VolumeNameISO9660(image, &value) == S_OK && value && wcslen(value) == 13 &&
           value[8] == '_' && wcsspn(value, L"0123456789_") == 13,
       "generated label '%s'", u8(value));
    if (value) {
        expect_bstr(image, image->lpVtbl->get_VolumeNameJoliet, value, "generated Joliet label");
        expect_bstr(image, image->lpVtbl->get_VolumeNameUDF, value, "generated UDF label");
    }
    SysFreeString(value);
    ok(IFileSystemImage_get_VolumeNameUDF(image, NULL) == E_POINTER, "VolumeNameUDF(NULL)");
    IFileSystemImage_Release(image);
}

/* ---------------------------------------------------------------- file-system names --------------- */

static void make_file(const WCHAR *path, const char *text)
{
    ok(write_file(path, text, (DWORD)strlen(text)), "write %s", u8(path));
}

static WCHAR *repeat(const WCHAR *unit, int n, const WCHAR *suffix)
{
    WCHAR *out = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (n * wcslen(unit) + wcslen(suffix) + 1) * sizeof(WCHAR));

    for (int i = 0; i < n; i++)
        wcscat(out, unit);
    wcscat(out, suffix);
    return out;
}

/* The source: names that collide in ISO 9660 ("a+b", "a=b", "a_b"), in Joliet (66 'L's and more) and in
 * UDF (128 units of CS0-16: 126 omegas and two letters; 254 bytes of UTF-8, which Linux allows). */
static WCHAR *make_source(const WCHAR *scratch)
{
    static const WCHAR *const files[] = {L"readme.txt", L"a+b.txt", L"a=b.txt", L"a_b.txt", L"noext",
                                         L"semi;colon.txt", L"\x65e5\x672c.txt", L"dir-one\\x.txt",
                                         L"dir-one\\dir two\\deep name.dat"};
    WCHAR *source = path_join(scratch, L"names-source");

    make_dirs(path_join(source, L"dir-one\\dir two"));
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        make_file(path_join(source, files[i]), u8(files[i]));
    make_file(path_join(source, repeat(L"L", 66, L"1.txt")), "long 1");
    make_file(path_join(source, repeat(L"L", 66, L"2.txt")), "long 2");
    make_file(path_join(source, repeat(L"\x03a9", 126, L"ab")), "omega ab");
    make_file(path_join(source, repeat(L"\x03a9", 126, L"ac")), "omega ac");
    return source;
}

static BSTR fs_name(IFsiItem *item, FsiFileSystems fs, BOOL path)
{
    BSTR value = NULL;
    HRESULT hr = path ? IFsiItem_FileSystemPath(item, fs, &value) : IFsiItem_FileSystemName(item, fs, &value);

    ok(hr == S_OK && value, "FileSystem%s(%d): 0x%08lx", path ? "Path" : "Name", fs, hr);
    return value;
}

static IFsiItem *item_at(IFileSystemImage *image, const WCHAR *path)
{
    IFsiDirectoryItem *root = NULL;
    IFsiItem *item = NULL;
    HRESULT hr;

    IFileSystemImage_get_Root(image, &root);
    hr = IFsiDirectoryItem_get_Item(root, tbstr(path), &item);
    ok(hr == S_OK, "get_Item '%s': 0x%08lx", u8(path), hr);
    IFsiDirectoryItem_Release(root);
    return item;
}

static void expect_name(IFileSystemImage *image, const WCHAR *path, FsiFileSystems fs, BOOL whole, const WCHAR *want)
{
    IFsiItem *item = item_at(image, path);
    BSTR value = item ? fs_name(item, fs, whole) : NULL;

    ok(value && !wcscmp(value, want), "%s of '%s' in 0x%x: '%s', expected '%s'", whole ? "path" : "name", u8(path),
       fs, u8(value), u8(want));
    SysFreeString(value);
    if (item)
        IFsiItem_Release(item);
}

/* One line "FS|KIND|RECORDED PATH|ITEM PATH" per item below dir and file system (KIND F or D; UTF-8,
 * '/' between names as the readers print them); also checks that FileSystemPath is the parent's path
 * plus FileSystemName. */
static void list_names(IFsiDirectoryItem *dir, FILE *out)
{
    static const struct {
        FsiFileSystems fs;
        const char *tag;
    } systems[] = {{FsiFileSystemISO9660, "iso"}, {FsiFileSystemJoliet, "joliet"}, {FsiFileSystemUDF, "udf"}};
    IEnumFsiItems *items = NULL;
    IFsiItem *item;

    if (!ok(IFsiDirectoryItem_get_EnumFsiItems(dir, &items) == S_OK, "EnumFsiItems"))
        return;
    while (IEnumFsiItems_Next(items, 1, &item, NULL) == S_OK) {
        IFsiDirectoryItem *sub = NULL;
        BOOL is_dir = SUCCEEDED(IFsiItem_QueryInterface(item, &IID_IFsiDirectoryItem, (void **)&sub));
        BSTR full = NULL;

        IFsiItem_get_FullPath(item, &full);
        for (WCHAR *p = full; p && *p; p++)
            if (*p == '\\')
                *p = '/';
        for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++) {
            BSTR parent = fs_name((IFsiItem *)dir, systems[i].fs, TRUE);
            BSTR name = fs_name(item, systems[i].fs, FALSE), path = fs_name(item, systems[i].fs, TRUE);
            WCHAR joined[1024];

            swprintf(joined, 1024, L"%ls\\%ls", parent && wcscmp(parent, L"\\") ? parent : L"", name ? name : L"");
            ok(path && !wcscmp(path, joined), "path '%s' is not parent + name '%s'", u8(path), u8(joined));
            for (WCHAR *p = path; p && *p; p++)
                if (*p == '\\')
                    *p = '/';
            fprintf(out, "%s|%c|%s|", systems[i].tag, is_dir ? 'D' : 'F', u8(path));
            fprintf(out, "%s\n", u8(full));
            SysFreeString(parent);
            SysFreeString(name);
            SysFreeString(path);
        }
        SysFreeString(full);
        if (is_dir) {
            list_names(sub, out);
            IFsiDirectoryItem_Release(sub);
        }
        IFsiItem_Release(item);
    }
    IEnumFsiItems_Release(items);
}

/* The label in the image's primary (ISO 9660) and supplementary (Joliet) volume descriptors. */
static void check_recorded_labels(const BYTE *bytes, ULONGLONG size)
{
    static const char iso[] = "20240102_030405_6789            ";
    BOOL joliet_found = FALSE;

    ok(size >= 18 * 2048 && bytes[16 * 2048] == 1 && !memcmp(bytes + 16 * 2048 + 40, iso, 32),
       "ISO 9660 volume identifier '%.32s'", size >= 17 * 2048 ? (const char *)bytes + 16 * 2048 + 40 : "");
    for (ULONGLONG b = 17; b < 32 && (b + 1) * 2048 <= size; b++) {
        const BYTE *d = bytes + b * 2048;
        WCHAR id[17];

        if (d[0] != 2)
            continue;
        for (int i = 0; i < 16; i++)
            id[i] = (WCHAR)(d[40 + 2 * i] << 8 | d[41 + 2 * i]);
        id[16] = 0;
        ok(!wcscmp(id, L"20240102-030405."), "Joliet volume identifier '%s'", u8(id));
        joliet_found = TRUE;
    }
    ok(joliet_found, "no Joliet descriptor");
}

/* The result written to path, and the label it records in each file system checked. */
static void write_labelled_image(IFileSystemImage *image, const WCHAR *path)
{
    ULONGLONG size = 0;
    BYTE *bytes = write_result_image(image, path, &size);

    if (bytes) {
        check_recorded_labels(bytes, size);
        HeapFree(GetProcessHeap(), 0, bytes);
    }
}

static void test_file_system_names(const WCHAR *scratch, const WCHAR *images)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    WCHAR *source = make_source(scratch), *omega_ab = repeat(L"\x03a9", 126, L"ab"),
          *omega_ac = repeat(L"\x03a9", 126, L"ac");
    IFsiItem *item;
    BSTR value = (BSTR)1;
    FILE *out;
    HRESULT hr;

    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet |
                                                           FsiFileSystemUDF) == S_OK, "put_FileSystemsToCreate 7");
    ok(IFileSystemImage_put_VolumeName(image, tbstr(LABEL)) == S_OK, "put_VolumeName");
    IFileSystemImage_get_Root(image, &root);
    hr = IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE);
    ok(hr == S_OK, "AddTree: 0x%08lx", hr);

    expect_name(image, L"a_b.txt", FsiFileSystemISO9660, FALSE, L"A_B.TXT");
    expect_name(image, L"a+b.txt", FsiFileSystemISO9660, FALSE, L"A_B_1.TXT");
    expect_name(image, L"a=b.txt", FsiFileSystemISO9660, FALSE, L"A_B_2.TXT");
    expect_name(image, L"noext", FsiFileSystemISO9660, FALSE, L"NOEXT");
    expect_name(image, L"dir-one\\dir two\\deep name.dat", FsiFileSystemISO9660, TRUE, L"\\DIR_ONE\\DIR_TWO\\DEEP_NAME.DAT");
    expect_name(image, L"semi;colon.txt", FsiFileSystemJoliet, FALSE, L"semi_colon.txt");
    expect_name(image, repeat(L"L", 66, L"2.txt"), FsiFileSystemJoliet, FALSE, repeat(L"L", 62, L"~1"));
    expect_name(image, L"dir-one\\dir two\\deep name.dat", FsiFileSystemJoliet, TRUE, L"\\dir-one\\dir two\\deep name.dat");
    expect_name(image, L"semi;colon.txt", FsiFileSystemUDF, FALSE, L"semi;colon.txt");
    expect_name(image, omega_ab, FsiFileSystemUDF, FALSE, repeat(L"\x03a9", 125, L"~1"));
    expect_name(image, omega_ac, FsiFileSystemUDF, FALSE, repeat(L"\x03a9", 125, L"~2"));
    expect_name(image, omega_ac, FsiFileSystemJoliet, FALSE, repeat(L"\x03a9", 62, L"~1"));

    /* The root; bad arguments. */
    ok(IFsiDirectoryItem_FileSystemName(root, FsiFileSystemUDF, &value) == S_OK && value && !*value, "root name");
    SysFreeString(value);
    ok(IFsiDirectoryItem_FileSystemPath(root, FsiFileSystemISO9660, &value) == S_OK && value && !wcscmp(value, L"\\"),
       "root path");
    SysFreeString(value);
    item = item_at(image, L"readme.txt");
    if (item) {
        static const FsiFileSystems bad[] = {FsiFileSystemNone, FsiFileSystemISO9660 | FsiFileSystemJoliet, 8,
                                             FsiFileSystemUnknown};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            value = (BSTR)1;
            error_info_clear();
            hr = IFsiItem_FileSystemName(item, bad[i], &value);
            ok(hr == IMAPI_E_INVALID_PARAM && !value, "FileSystemName(0x%x): 0x%08lx", bad[i], hr);
            check_error_info(item, &IID_IFsiItem, "bad file system", L"file system");
            hr = IFsiItem_FileSystemPath(item, bad[i], &value);
            ok(hr == IMAPI_E_INVALID_PARAM && !value, "FileSystemPath(0x%x): 0x%08lx", bad[i], hr);
        }
        ok(IFsiItem_FileSystemName(item, FsiFileSystemJoliet, NULL) == E_POINTER, "FileSystemName(NULL)");
        ok(IFsiItem_FileSystemPath(item, FsiFileSystemJoliet, NULL) == E_POINTER, "FileSystemPath(NULL)");
    }

    out = _wfopen(path_join(images, L"names-fsnames.txt"), L"wb");
    if (ok(out != NULL, "cannot write names-fsnames.txt")) {
        list_names(root, out);
        fclose(out);
    }

    write_labelled_image(image, path_join(images, L"names.iso"));

    /* An item removed from the image has no names there. */
    if (item) {
        ok(IFsiDirectoryItem_Remove(root, tbstr(L"readme.txt")) == S_OK, "Remove");
        error_info_clear();
        hr = IFsiItem_FileSystemName(item, FsiFileSystemJoliet, &value);
        ok(hr == IMAPI_E_NOT_IN_FILE_SYSTEM, "FileSystemName of a removed item: 0x%08lx", hr);
        check_error_info(item, &IID_IFsiItem, "removed item", L"readme.txt");
        IFsiItem_Release(item);
    }
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* The label in all three file systems of an image of plain names, which check-image.sh reads whole
 * (udf_oracle is given the UDF label it must find). */
static void test_label_image(const WCHAR *scratch, const WCHAR *images)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    WCHAR *source = path_join(scratch, L"label-source");

    make_dirs(path_join(source, L"docs"));
    make_file(path_join(source, L"readme.txt"), "label image\n");
    make_file(path_join(source, L"docs\\notes.txt"), "notes\n");
    ok(IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet |
                                                           FsiFileSystemUDF) == S_OK, "put_FileSystemsToCreate 7");
    ok(IFileSystemImage_put_VolumeName(image, tbstr(LABEL)) == S_OK, "put_VolumeName");
    IFileSystemImage_get_Root(image, &root);
    ok(IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_FALSE) == S_OK, "AddTree label-source");
    write_labelled_image(image, path_join(images, L"label.iso"));
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---------------------------------------------------------------- the two name rules -------------- */

static HRESULT add_text(IFsiDirectoryItem *dir, const WCHAR *path)
{
    IStream *data = memory_stream("text", 4);
    HRESULT hr = IFsiDirectoryItem_AddFile(dir, tbstr(path), data);

    IStream_Release(data);
    return hr;
}

static void expect_flag(IFileSystemImage *image, BOOL strict, VARIANT_BOOL want, const char *what)
{
    VARIANT_BOOL value = 7;
    HRESULT hr = strict ? IFileSystemImage_get_StrictFileSystemCompliance(image, &value)
                        : IFileSystemImage_get_UseRestrictedCharacterSet(image, &value);

    ok(hr == S_OK && value == want, "%s: 0x%08lx %d, expected %d", what, hr, value, want);
}

static void test_restricted_names(const WCHAR *scratch)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL;
    WCHAR *source = path_join(scratch, L"restricted-source");
    struct image_counts before, after;
    HRESULT hr;

    make_dirs(source);
    make_file(path_join(source, L"plain.txt"), "p");
    make_file(path_join(source, L"caf\x00e9.txt"), "c");
    IFileSystemImage_get_Root(image, &root);
    expect_flag(image, FALSE, VARIANT_FALSE, "UseRestrictedCharacterSet default");
    ok(add_text(root, L"before \x00e9.txt") == S_OK, "AddFile before");
    ok(IFileSystemImage_put_UseRestrictedCharacterSet(image, 5) == S_OK, "put_UseRestrictedCharacterSet(5)");
    expect_flag(image, FALSE, VARIANT_TRUE, "UseRestrictedCharacterSet after 5");
    ok(IFileSystemImage_get_UseRestrictedCharacterSet(image, NULL) == E_POINTER, "get(NULL)");

    image_counts_of(image, &before);
    error_info_clear();
    hr = add_text(root, L"na\x00efve.txt");
    ok(hr == IMAPI_E_RESTRICTED_NAME_VIOLATION, "AddFile: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "restricted AddFile", L"na\x00efve.txt");
    hr = IFsiDirectoryItem_AddDirectory(root, tbstr(L"\x65e5"));
    ok(hr == IMAPI_E_RESTRICTED_NAME_VIOLATION, "AddDirectory: 0x%08lx", hr);
    error_info_clear();
    hr = IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_TRUE);
    ok(hr == IMAPI_E_RESTRICTED_NAME_VIOLATION, "AddTree: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "restricted AddTree", L"caf\x00e9.txt");
    image_counts_of(image, &after);
    ok(after.files == before.files && after.directories == before.directories, "refusals added %ld files, %ld dirs",
       after.files - before.files, after.directories - before.directories);
    ok(add_text(root, L"plain ~!#$%&'()+,-;=@[]^_`{}\x7f.txt") == S_OK, "AddFile of code points 32..127");

    /* While a result or one of its streams lives the setting stays. */
    ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage");
    ok(result && IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK, "ImageStream");
    error_info_clear();
    hr = IFileSystemImage_put_UseRestrictedCharacterSet(image, VARIANT_FALSE);
    ok(hr == IMAPI_E_READONLY, "put while a result lives: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "put with a result", L"result");
    if (result)
        IFileSystemImageResult_Release(result);
    hr = IFileSystemImage_put_UseRestrictedCharacterSet(image, VARIANT_FALSE);
    ok(hr == IMAPI_E_READONLY, "put while a stream lives: 0x%08lx", hr);
    expect_flag(image, FALSE, VARIANT_TRUE, "UseRestrictedCharacterSet kept");
    if (stream)
        IStream_Release(stream);
    ok(IFileSystemImage_put_UseRestrictedCharacterSet(image, VARIANT_FALSE) == S_OK, "put after the result");
    expect_flag(image, FALSE, VARIANT_FALSE, "UseRestrictedCharacterSet off");
    ok(IFsiDirectoryItem_AddTree(root, tbstr(source), VARIANT_TRUE) == S_OK, "AddTree when off");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

static void test_strict(void)
{
    IFileSystemImage *image = create_image();
    IFsiDirectoryItem *root = NULL;
    WCHAR *long_name = repeat(L"s", 61, L".txt");
    HRESULT hr;

    IFileSystemImage_get_Root(image, &root);
    expect_flag(image, TRUE, VARIANT_FALSE, "StrictFileSystemCompliance default");
    ok(IFileSystemImage_put_StrictFileSystemCompliance(image, VARIANT_TRUE) == S_OK, "strict on while empty");
    expect_flag(image, TRUE, VARIANT_TRUE, "StrictFileSystemCompliance on");
    ok(add_text(root, L"my-file name.txt") == S_OK, "a name Joliet keeps");
    error_info_clear();
    hr = add_text(root, long_name);
    ok(hr == IMAPI_E_INVALID_PARAM, "a 65-character name: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "strict", L"Joliet");
    ok(IFileSystemImage_put_StrictFileSystemCompliance(image, VARIANT_FALSE) == S_OK, "strict off");
    ok(add_text(root, long_name) == S_OK, "the long name when relaxed");
    error_info_clear();
    hr = IFileSystemImage_put_StrictFileSystemCompliance(image, VARIANT_TRUE);
    ok(hr == IMAPI_E_FILE_SYSTEM_NOT_EMPTY, "strict on with items: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "strict not empty", L"empty");
    expect_flag(image, TRUE, VARIANT_FALSE, "StrictFileSystemCompliance kept off");
    ok(IFileSystemImage_get_StrictFileSystemCompliance(image, NULL) == E_POINTER, "get(NULL)");
    IFsiDirectoryItem_Release(root);
    IFileSystemImage_Release(image);
}

/* ---------------------------------------------------------------- working directory --------------- */

static void expect_working_directory(IFileSystemImage *image, const WCHAR *want, const char *what)
{
    expect_bstr(image, image->lpVtbl->get_WorkingDirectory, want, what);
}

static void test_working_directory(const WCHAR *scratch)
{
    IFileSystemImage *image = create_image();
    IFileSystemImageResult *result = NULL;
    WCHAR temp[MAX_PATH + 1], *folder = path_join(scratch, L"work dir"), *missing = path_join(scratch, L"no such dir"),
                              *file = path_join(scratch, L"a file.txt");
    HRESULT hr;

    make_dirs(folder);
    make_file(file, "f");
    ok(GetTempPathW(MAX_PATH + 1, temp) > 0, "GetTempPathW");
    expect_working_directory(image, temp, "default WorkingDirectory");
    ok(IFileSystemImage_put_WorkingDirectory(image, tbstr(folder)) == S_OK, "put an existing folder");
    expect_working_directory(image, folder, "WorkingDirectory");
    for (int i = 0; i < 2; i++) {
        const WCHAR *bad = i ? file : missing;

        error_info_clear();
        hr = IFileSystemImage_put_WorkingDirectory(image, tbstr(bad));
        ok(hr == IMAPI_E_INVALID_WORKING_DIRECTORY, "put '%s': 0x%08lx", u8(bad), hr);
        check_error_info(image, &IID_IFileSystemImage, "bad working directory", path_leaf(bad));
        expect_working_directory(image, folder, "WorkingDirectory kept");
    }
    ok(IFileSystemImage_put_WorkingDirectory(image, tbstr(L"")) == IMAPI_E_INVALID_PARAM, "put ''");
    ok(IFileSystemImage_put_WorkingDirectory(image, NULL) == IMAPI_E_INVALID_PARAM, "put NULL");
    ok(IFileSystemImage_get_WorkingDirectory(image, NULL) == E_POINTER, "get(NULL)");

    ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage");
    error_info_clear();
    hr = IFileSystemImage_put_WorkingDirectory(image, tbstr(temp));
    ok(hr == IMAPI_E_INVALID_WORKING_DIRECTORY, "put while a result lives: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "working directory with a result", L"result");
    expect_working_directory(image, folder, "WorkingDirectory kept with a result");
    if (result)
        IFileSystemImageResult_Release(result);
    ok(IFileSystemImage_put_WorkingDirectory(image, tbstr(temp)) == S_OK, "put after the result");
    expect_working_directory(image, temp, "WorkingDirectory back to the temp folder");
    IFileSystemImage_Release(image);
}

static void test_disc_identifier(void)
{
    IFileSystemImage *image = create_image();
    BSTR id = (BSTR)1;
    HRESULT hr;

    ok(IFileSystemImage_CalculateDiscIdentifier(image, NULL) == E_POINTER, "CalculateDiscIdentifier(NULL)");
    error_info_clear();
    hr = IFileSystemImage_CalculateDiscIdentifier(image, &id);
    ok(hr == IMAPI_E_MULTISESSION_NOT_SET && !id, "CalculateDiscIdentifier: 0x%08lx", hr);
    check_error_info(image, &IID_IFileSystemImage, "disc identifier", L"MultisessionInterfaces");
    IFileSystemImage_Release(image);
}

int wmain(int argc, WCHAR **argv)
{
    WCHAR *scratch, *images;

    if (argc != 3) {
        printf("usage: test_names SCRATCH_DIR IMAGE_FOLDER\n");
        return 2;
    }
    scratch = win_folder(argv[1]);
    images = win_folder(argv[2]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    test_volume_names();
    check_unload_now("after the volume names");
    test_label_image(scratch, images);
    test_file_system_names(scratch, images);
    check_unload_now("after the file-system names");
    test_restricted_names(scratch);
    test_strict();
    test_working_directory(scratch);
    test_disc_identifier();
    check_unload_now("at the end");
    CoUninitialize();
    return test_summary();
}
