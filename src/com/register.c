/* DllRegisterServer / DllUnregisterServer: the three creatable classes, their ProgIDs, and the type
 * library embedded in this DLL.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "com_private.h"

struct registered_class {
    const CLSID *clsid;
    const WCHAR *name; /* ProgIDs are IMAPI2FS.<name> and IMAPI2FS.<name>.1 */
};

static const struct registered_class classes[] = {
    { &CLSID_MsftFileSystemImage, L"MsftFileSystemImage" },
    { &CLSID_BootOptions, L"BootOptions" },
    { &CLSID_MsftIsoImageManager, L"MsftIsoImageManager" },
};

/* The type library is version 1.0, locale neutral, of this build's bitness. */
enum { TYPELIB_MAJOR = 1, TYPELIB_MINOR = 0 };
static const SYSKIND typelib_syskind = sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32;

enum { GUID_TEXT = 39, KEY_TEXT = 128 };

static void guid_text(REFGUID guid, WCHAR text[GUID_TEXT])
{
    StringFromGUID2(guid, text, GUID_TEXT);
}

/* Sets a string value (name NULL = the key's default value) of HKCR\key, creating the key. */
static HRESULT set_string(const WCHAR *key, const WCHAR *name, const WCHAR *value)
{
    HKEY hkey;
    LSTATUS status = RegCreateKeyExW(HKEY_CLASSES_ROOT, key, 0, NULL, 0, KEY_SET_VALUE, NULL, &hkey, NULL);

    if (status == ERROR_SUCCESS) {
        status = RegSetValueExW(hkey, name, 0, REG_SZ, (const BYTE *)value,
                                (DWORD)((wcslen(value) + 1) * sizeof(WCHAR)));
        RegCloseKey(hkey);
    }
    return HRESULT_FROM_WIN32(status);
}

/* Removes HKCR\key with everything under it; a key that is not there is already removed. */
static HRESULT delete_tree(const WCHAR *key)
{
    LSTATUS status = RegDeleteTreeW(HKEY_CLASSES_ROOT, key);

    if (status == ERROR_FILE_NOT_FOUND)
        return S_OK;
    return HRESULT_FROM_WIN32(status);
}

static HRESULT register_class(const struct registered_class *cls, const WCHAR *module)
{
    WCHAR clsid[GUID_TEXT], libid[GUID_TEXT], key[KEY_TEXT], progid[KEY_TEXT], current[KEY_TEXT];
    HRESULT hr;

    guid_text(cls->clsid, clsid);
    guid_text(&LIBID_IMAPI2FS, libid);
    swprintf(progid, KEY_TEXT, L"IMAPI2FS.%ls", cls->name);
    swprintf(current, KEY_TEXT, L"IMAPI2FS.%ls.1", cls->name);

    swprintf(key, KEY_TEXT, L"CLSID\\%ls", clsid);
    hr = set_string(key, NULL, cls->name);
    swprintf(key, KEY_TEXT, L"CLSID\\%ls\\InprocServer32", clsid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, module);
    if (SUCCEEDED(hr))
        hr = set_string(key, L"ThreadingModel", L"Both");
    swprintf(key, KEY_TEXT, L"CLSID\\%ls\\ProgID", clsid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, current);
    swprintf(key, KEY_TEXT, L"CLSID\\%ls\\VersionIndependentProgID", clsid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, progid);
    swprintf(key, KEY_TEXT, L"CLSID\\%ls\\TypeLib", clsid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, libid);
    swprintf(key, KEY_TEXT, L"CLSID\\%ls\\Version", clsid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, L"1.0");

    if (SUCCEEDED(hr))
        hr = set_string(current, NULL, cls->name);
    swprintf(key, KEY_TEXT, L"%ls\\CLSID", current);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, clsid);

    if (SUCCEEDED(hr))
        hr = set_string(progid, NULL, cls->name);
    swprintf(key, KEY_TEXT, L"%ls\\CLSID", progid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, clsid);
    swprintf(key, KEY_TEXT, L"%ls\\CurVer", progid);
    if (SUCCEEDED(hr))
        hr = set_string(key, NULL, current);
    return hr;
}

static HRESULT unregister_class(const struct registered_class *cls)
{
    WCHAR clsid[GUID_TEXT], key[KEY_TEXT];
    HRESULT hr, first = S_OK;

    guid_text(cls->clsid, clsid);
    swprintf(key, KEY_TEXT, L"CLSID\\%ls", clsid);
    hr = delete_tree(key);
    if (SUCCEEDED(first))
        first = hr;
    swprintf(key, KEY_TEXT, L"IMAPI2FS.%ls.1", cls->name);
    hr = delete_tree(key);
    if (SUCCEEDED(first))
        first = hr;
    swprintf(key, KEY_TEXT, L"IMAPI2FS.%ls", cls->name);
    hr = delete_tree(key);
    if (SUCCEEDED(first))
        first = hr;
    return first;
}

static HRESULT register_typelib(WCHAR *module)
{
    ITypeLib *typelib;
    HRESULT hr = LoadTypeLibEx(module, REGKIND_NONE, &typelib);

    if (FAILED(hr))
        return hr;
    hr = RegisterTypeLib(typelib, module, NULL);
    ITypeLib_Release(typelib);
    return hr;
}

/* Registered for this bitness, locale neutral. */
static BOOL typelib_registered(void)
{
    WCHAR libid[GUID_TEXT], key[KEY_TEXT];
    HKEY hkey;

    guid_text(&LIBID_IMAPI2FS, libid);
    swprintf(key, KEY_TEXT, L"TypeLib\\%ls\\%d.%d\\0\\%ls", libid, TYPELIB_MAJOR, TYPELIB_MINOR,
             typelib_syskind == SYS_WIN64 ? L"win64" : L"win32");
    if (RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_READ, &hkey) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(hkey);
    return TRUE;
}

static HRESULT unregister_typelib(void)
{
    /* UnRegisterTypeLib fails for a library that is not registered (E_INVALIDARG on Wine), and being
     * unregistered already is success here. */
    if (!typelib_registered())
        return S_OK;
    return UnRegisterTypeLib(&LIBID_IMAPI2FS, TYPELIB_MAJOR, TYPELIB_MINOR, LOCALE_NEUTRAL, typelib_syskind);
}

HRESULT WINAPI DllUnregisterServer(void)
{
    HRESULT hr = unregister_typelib();

    for (size_t i = 0; i < ARRAYSIZE(classes); i++) {
        HRESULT class_hr = unregister_class(&classes[i]);
        if (SUCCEEDED(hr))
            hr = class_hr;
    }
    return hr;
}

HRESULT WINAPI DllRegisterServer(void)
{
    WCHAR *module;
    HRESULT hr = module_path(&module);

    if (FAILED(hr))
        return hr;
    for (size_t i = 0; i < ARRAYSIZE(classes) && SUCCEEDED(hr); i++)
        hr = register_class(&classes[i], module);
    if (SUCCEEDED(hr))
        hr = register_typelib(module);
    free(module);
    /* Leave nothing half-registered behind. */
    if (FAILED(hr))
        DllUnregisterServer();
    return hr;
}
