/* DllCanUnloadNow must say S_FALSE while any object of the DLL lives (or the server is locked) and
 * S_OK once everything is released, so CoFreeUnusedLibraries neither unloads code in use nor keeps
 * the DLL forever.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testlib.h"

#include <stdio.h>

typedef HRESULT(WINAPI *can_unload_fn)(void);
static can_unload_fn can_unload_now;

static void expect_unload(HRESULT expected, const char *when)
{
    HRESULT hr = can_unload_now();

    ok(hr == expected, "DllCanUnloadNow %s: 0x%08lx, expected %s", when, hr, expected == S_OK ? "S_OK" : "S_FALSE");
}

static void test_factory_lock(void)
{
    IClassFactory *factory = NULL;
    HRESULT hr = CoGetClassObject(&CLSID_MsftFileSystemImage, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory,
                                  (void **)&factory);

    if (!ok(hr == S_OK && factory, "CoGetClassObject: 0x%08lx", hr))
        return;
    ok(IClassFactory_LockServer(factory, TRUE) == S_OK, "LockServer(TRUE)");
    IClassFactory_Release(factory);
    expect_unload(S_FALSE, "while the server is locked");
    CoGetClassObject(&CLSID_MsftFileSystemImage, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory, (void **)&factory);
    ok(IClassFactory_LockServer(factory, FALSE) == S_OK, "LockServer(FALSE)");
    IClassFactory_Release(factory);
    expect_unload(S_OK, "after unlocking the server");
}

/* Objects handed out by an image keep the DLL busy after the image itself is gone. */
static void test_object_lifetimes(void)
{
    IFileSystemImage *image = NULL;
    IFsiDirectoryItem *root = NULL;
    IFileSystemImageResult *result = NULL;
    IStream *stream = NULL, *data = memory_stream("payload", 7);
    IEnumFsiItems *items = NULL;
    IEnumVARIANT *variants = NULL;
    IFsiItem *item = NULL;
    IUnknown *boot = NULL, *manager = NULL;

    CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage, (void **)&image);
    if (!ok(image != NULL, "cannot create MsftFileSystemImage"))
        return;
    expect_unload(S_FALSE, "while an image lives");
    IFileSystemImage_get_Root(image, &root);
    ok(root && IFsiDirectoryItem_AddFile(root, tbstr(L"file.bin"), data) == S_OK, "AddFile");
    IStream_Release(data);
    ok(root && IFsiDirectoryItem_get_EnumFsiItems(root, &items) == S_OK, "get_EnumFsiItems");
    ok(root && IFsiDirectoryItem_get__NewEnum(root, &variants) == S_OK, "get__NewEnum");
    ok(root && IFsiDirectoryItem_get_Item(root, tbstr(L"file.bin"), &item) == S_OK, "get_Item");
    ok(IFileSystemImage_CreateResultImage(image, &result) == S_OK, "CreateResultImage");
    ok(result && IFileSystemImageResult_get_ImageStream(result, &stream) == S_OK, "get_ImageStream");

    IFileSystemImage_Release(image);
    expect_unload(S_FALSE, "while the root, enumerators, an item, a result and a stream live");
    if (result)
        IFileSystemImageResult_Release(result);
    expect_unload(S_FALSE, "while the stream lives");
    if (stream)
        IStream_Release(stream);
    if (items)
        IEnumFsiItems_Release(items);
    expect_unload(S_FALSE, "while the root, _NewEnum and an item live");
    if (variants)
        IEnumVARIANT_Release(variants);
    if (root)
        IFsiDirectoryItem_Release(root);
    expect_unload(S_FALSE, "while an item lives");
    if (item)
        IFsiItem_Release(item);
    expect_unload(S_OK, "after releasing everything of an image");

    CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&boot);
    CoCreateInstance(&CLSID_MsftIsoImageManager, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&manager);
    ok(boot && manager, "cannot create BootOptions and MsftIsoImageManager");
    expect_unload(S_FALSE, "while BootOptions and MsftIsoImageManager live");
    if (boot)
        IUnknown_Release(boot);
    expect_unload(manager ? S_FALSE : S_OK, "while MsftIsoImageManager lives");
    if (manager)
        IUnknown_Release(manager);
    expect_unload(S_OK, "after releasing everything");
}

int wmain(void)
{
    IUnknown *first = NULL;
    HMODULE module;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&first);
    if (!ok(hr == S_OK, "CoCreateInstance: 0x%08lx", hr))
        return test_summary() | 2;
    module = GetModuleHandleW(L"imapi2fs.dll");
    can_unload_now = (can_unload_fn)(void (*)(void))GetProcAddress(module, "DllCanUnloadNow");
    if (!ok(can_unload_now != NULL, "no DllCanUnloadNow in the loaded imapi2fs.dll"))
        return test_summary() | 2;
    expect_unload(S_FALSE, "while the first object lives");
    IUnknown_Release(first);
    expect_unload(S_OK, "after releasing the first object");

    test_factory_lock();
    test_object_lifetimes();
    CoUninitialize();
    return test_summary();
}
