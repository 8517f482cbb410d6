/* What `regsvr32 imapi2fs.dll` leaves in the registry, read back with the registry API the way COM
 * and installers read it; then `regsvr32 /u` must remove exactly those keys, and registering again
 * must restore them.
 * Usage: test_register DLL_PATH   (as Z:/...; the DLL is already registered by the fixture)
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <stdio.h>
#include <wchar.h>

#ifdef _WIN64
#define TYPELIB_PLATFORM L"win64"
#else
#define TYPELIB_PLATFORM L"win32"
#endif

static const struct creatable {
    const CLSID *clsid;
    const WCHAR *progid;
} classes[] = {
    {&CLSID_MsftFileSystemImage, L"IMAPI2FS.MsftFileSystemImage"},
    {&CLSID_BootOptions, L"IMAPI2FS.BootOptions"},
    {&CLSID_MsftIsoImageManager, L"IMAPI2FS.MsftIsoImageManager"},
};

static const WCHAR *dll_path;

static const WCHAR *guid_text(const GUID *guid)
{
    static WCHAR texts[4][40];
    static unsigned next;
    WCHAR *text = texts[next++ % 4];

    StringFromGUID2(guid, text, 40);
    return text;
}

/* The string value (NULL name: the default value) of HKCR\key, or FALSE if absent. */
static BOOL reg_string(const WCHAR *key, const WCHAR *name, WCHAR *out, DWORD chars)
{
    HKEY handle;
    DWORD type = 0, size = chars * sizeof(WCHAR);
    LSTATUS status;

    out[0] = 0;
    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_READ, &handle))
        return FALSE;
    status = RegQueryValueExW(handle, name, NULL, &type, (BYTE *)out, &size);
    RegCloseKey(handle);
    out[chars - 1] = 0;
    return !status && (type == REG_SZ || type == REG_EXPAND_SZ);
}

static BOOL key_exists(const WCHAR *key)
{
    HKEY handle;

    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_READ, &handle))
        return FALSE;
    RegCloseKey(handle);
    return TRUE;
}

static void expect_value(const WCHAR *key, const WCHAR *name, const WCHAR *expected)
{
    WCHAR value[MAX_PATH];
    BOOL found = reg_string(key, name, value, ARRAYSIZE(value));

    ok(found && !_wcsicmp(value, expected), "HKCR\\%s [%s] is \"%s\"%s, expected \"%s\"", u8(key),
       name ? u8(name) : "(default)", u8(value), found ? "" : " (missing)", u8(expected));
}

static void expect_path_value(const WCHAR *key, const WCHAR *name)
{
    WCHAR value[MAX_PATH];
    BOOL found = reg_string(key, name, value, ARRAYSIZE(value));

    ok(found && !_wcsicmp(win_path(value), dll_path), "HKCR\\%s [%s] is \"%s\", expected the DLL \"%s\"", u8(key),
       name ? u8(name) : "(default)", u8(value), u8(dll_path));
}

static void check_class(const struct creatable *c)
{
    WCHAR key[MAX_PATH], versioned[MAX_PATH], value[MAX_PATH];
    const WCHAR *clsid = guid_text(c->clsid);
    CLSID from_progid;
    HRESULT hr;

    swprintf(versioned, MAX_PATH, L"%ls.1", c->progid);
    swprintf(key, MAX_PATH, L"CLSID\\%ls", clsid);
    ok(reg_string(key, NULL, value, MAX_PATH) && value[0], "HKCR\\%s has no name", u8(key));
    swprintf(key, MAX_PATH, L"CLSID\\%ls\\InprocServer32", clsid);
    expect_path_value(key, NULL);
    expect_value(key, L"ThreadingModel", L"Both");
    swprintf(key, MAX_PATH, L"CLSID\\%ls\\ProgID", clsid);
    expect_value(key, NULL, versioned);
    swprintf(key, MAX_PATH, L"CLSID\\%ls\\VersionIndependentProgID", clsid);
    expect_value(key, NULL, c->progid);
    swprintf(key, MAX_PATH, L"CLSID\\%ls\\TypeLib", clsid);
    expect_value(key, NULL, guid_text(&LIBID_IMAPI2FS));
    swprintf(key, MAX_PATH, L"CLSID\\%ls\\Version", clsid);
    expect_value(key, NULL, L"1.0");

    swprintf(key, MAX_PATH, L"%ls\\CLSID", versioned);
    expect_value(key, NULL, clsid);
    swprintf(key, MAX_PATH, L"%ls\\CLSID", c->progid);
    expect_value(key, NULL, clsid);
    swprintf(key, MAX_PATH, L"%ls\\CurVer", c->progid);
    expect_value(key, NULL, versioned);

    hr = CLSIDFromProgID(c->progid, &from_progid);
    ok(hr == S_OK && IsEqualCLSID(&from_progid, c->clsid), "CLSIDFromProgID(%s): 0x%08lx", u8(c->progid), hr);
    hr = CLSIDFromProgID(versioned, &from_progid);
    ok(hr == S_OK && IsEqualCLSID(&from_progid, c->clsid), "CLSIDFromProgID(%s): 0x%08lx", u8(versioned), hr);
}

static void check_type_library(void)
{
    WCHAR key[MAX_PATH];

    swprintf(key, MAX_PATH, L"TypeLib\\%ls\\1.0", guid_text(&LIBID_IMAPI2FS));
    ok(key_exists(key), "HKCR\\%s is missing", u8(key));
    swprintf(key, MAX_PATH, L"TypeLib\\%ls\\1.0\\0\\" TYPELIB_PLATFORM, guid_text(&LIBID_IMAPI2FS));
    expect_path_value(key, NULL);
    swprintf(key, MAX_PATH, L"Interface\\%ls\\TypeLib", guid_text(&IID_IFileSystemImage));
    expect_value(key, NULL, guid_text(&LIBID_IMAPI2FS));
}

/* Every key registration made is gone; ProgIDs no longer resolve. */
static void check_unregistered(void)
{
    WCHAR key[MAX_PATH];
    CLSID clsid;
    unsigned i;

    for (i = 0; i < ARRAYSIZE(classes); i++) {
        swprintf(key, MAX_PATH, L"CLSID\\%ls", guid_text(classes[i].clsid));
        ok(!key_exists(key), "HKCR\\%s survives unregistration", u8(key));
        ok(!key_exists(classes[i].progid), "HKCR\\%s survives unregistration", u8(classes[i].progid));
        swprintf(key, MAX_PATH, L"%ls.1", classes[i].progid);
        ok(!key_exists(key), "HKCR\\%s survives unregistration", u8(key));
        ok(CLSIDFromProgID(classes[i].progid, &clsid) == CO_E_CLASSSTRING,
           "CLSIDFromProgID(%s) still resolves", u8(classes[i].progid));
    }
    swprintf(key, MAX_PATH, L"TypeLib\\%ls\\1.0", guid_text(&LIBID_IMAPI2FS));
    ok(!key_exists(key), "HKCR\\%s survives unregistration", u8(key));
    swprintf(key, MAX_PATH, L"Interface\\%ls", guid_text(&IID_IFileSystemImage));
    ok(!key_exists(key), "HKCR\\%s survives unregistration", u8(key));
}

static DWORD run_regsvr32(const WCHAR *options)
{
    WCHAR command[MAX_PATH * 2];
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION process;
    DWORD status = ~0u;

    startup.cb = sizeof(startup);

    swprintf(command, ARRAYSIZE(command), L"regsvr32.exe %ls \"%ls\"", options, dll_path);
    if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &process))
        return GetLastError();
    WaitForSingleObject(process.hProcess, INFINITE);
    GetExitCodeProcess(process.hProcess, &status);
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    return status;
}

int wmain(int argc, WCHAR **argv)
{
    static const GUID unrelated = {0x6f1c2d3e, 0x4b5a, 0x4c6d, {0x8e, 0x9f, 0x10, 0x21, 0x32, 0x43, 0x54, 0x65}};
    WCHAR unrelated_key[MAX_PATH], value[16];
    HKEY handle;
    DWORD status;
    unsigned i;

    if (argc != 2) {
        printf("usage: test_register DLL_PATH\n");
        return 2;
    }
    dll_path = win_path(argv[1]);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    for (i = 0; i < ARRAYSIZE(classes); i++)
        check_class(&classes[i]);
    check_type_library();

    swprintf(unrelated_key, MAX_PATH, L"CLSID\\%ls", guid_text(&unrelated));
    ok(!RegCreateKeyExW(HKEY_CLASSES_ROOT, unrelated_key, 0, NULL, 0, KEY_WRITE, NULL, &handle, NULL),
       "cannot create HKCR\\%s", u8(unrelated_key));
    RegSetValueExW(handle, NULL, 0, REG_SZ, (const BYTE *)L"keep", sizeof(L"keep"));
    RegCloseKey(handle);

    status = run_regsvr32(L"/u /s");
    ok(status == 0, "regsvr32 /u /s exited with %lu", status);
    check_unregistered();
    ok(reg_string(unrelated_key, NULL, value, ARRAYSIZE(value)) && !wcscmp(value, L"keep"),
       "unregistration removed the unrelated HKCR\\%s", u8(unrelated_key));
    RegDeleteKeyW(HKEY_CLASSES_ROOT, unrelated_key);

    status = run_regsvr32(L"/s");
    ok(status == 0, "regsvr32 /s exited with %lu", status);
    for (i = 0; i < ARRAYSIZE(classes); i++)
        check_class(&classes[i]);
    check_type_library();

    CoUninitialize();
    return test_summary();
}
