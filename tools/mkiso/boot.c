/* mkiso's El Torito boot entries: what a program does to make a bootable image with IMAPI2FS.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "boot.h"

#include <ole2.h>
#include <shlwapi.h>
#include <wchar.h>

#include "report.h"

static int make_boot_options(const struct boot_option *option, IBootOptions **out)
{
    WCHAR what[MAX_PATH + 48];
    IStream *stream = NULL;
    HRESULT hr;

    *out = NULL;
    swprintf(what, ARRAYSIZE(what), L"using the boot image %ls", option->path);
    SetErrorInfo(0, NULL);
    hr = SHCreateStreamOnFileEx(option->path, STGM_READ | STGM_SHARE_DENY_WRITE, 0, FALSE, NULL, &stream);
    if (SUCCEEDED(hr))
        hr = CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IBootOptions, (void **)out);
    if (SUCCEEDED(hr))
        hr = IBootOptions_AssignBootImage(*out, stream);
    if (SUCCEEDED(hr))
        hr = IBootOptions_put_PlatformId(*out, (PlatformId)option->platform);
    if (SUCCEEDED(hr) && option->emulation >= 0)
        hr = IBootOptions_put_Emulation(*out, (EmulationType)option->emulation);
    if (stream)
        IStream_Release(stream);
    if (FAILED(hr)) {
        int status = report_failure(what, hr);
        if (*out)
            IBootOptions_Release(*out);
        *out = NULL;
        return status;
    }
    return 0;
}

static HRESULT put_array(IFileSystemImage *image, IBootOptions **options, int count)
{
    IFileSystemImage2 *image2 = NULL;
    SAFEARRAY *array;
    HRESULT hr = IFileSystemImage_QueryInterface(image, &IID_IFileSystemImage2, (void **)&image2);
    LONG i;

    if (FAILED(hr))
        return hr;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count))) {
        IFileSystemImage2_Release(image2);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++) {
        VARIANT element;
        V_VT(&element) = VT_DISPATCH;
        V_DISPATCH(&element) = (IDispatch *)options[i];
        hr = SafeArrayPutElement(array, &i, &element);
    }
    if (SUCCEEDED(hr)) {
        SetErrorInfo(0, NULL);
        hr = IFileSystemImage2_put_BootImageOptionsArray(image2, array);
    }
    SafeArrayDestroy(array);
    IFileSystemImage2_Release(image2);
    return hr;
}

int configure_boot(IFileSystemImage *image, const struct options *opts)
{
    IBootOptions *options[MAX_BOOT_OPTIONS];
    int count, status = 0;
    HRESULT hr;

    for (count = 0; count < opts->boot_count && !status; count++)
        if ((status = make_boot_options(&opts->boot[count], &options[count])) != 0)
            break;
    if (!status && count == 1) {
        SetErrorInfo(0, NULL);
        if (FAILED(hr = IFileSystemImage_put_BootImageOptions(image, options[0])))
            status = report_failure(L"setting the boot image", hr);
    } else if (!status && count > 1 && FAILED(hr = put_array(image, options, count)))
        status = report_failure(L"setting the boot images", hr);
    while (count--)
        IBootOptions_Release(options[count]);
    return status;
}
