/* Small conversions and error helpers shared by the image's classes.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "objects.h"

HRESULT bstr_from_fsi(const fsi_char *s, BSTR *out, REFIID iid)
{
    if (!(*out = SysAllocString(s ? wide_str(s) : L"")))
        return com_error(E_OUTOFMEMORY, iid, L"Out of memory copying the string \"%ls\".",
                         s ? wide_str(s) : L"");
    return S_OK;
}

/* Automation DATEs cannot express the far past or future that a FILETIME can; both conversions go
 * through SYSTEMTIME so that the calendar rules are the system's. */
HRESULT date_from_fsi_time(fsi_time t, DATE *out)
{
    FILETIME ft;
    SYSTEMTIME st;

    ft.dwLowDateTime = (DWORD)(uint64_t)t;
    ft.dwHighDateTime = (DWORD)((uint64_t)t >> 32);
    if (t < 0 || !FileTimeToSystemTime(&ft, &st) || !SystemTimeToVariantTime(&st, out))
        return E_INVALIDARG;
    return S_OK;
}

HRESULT fsi_time_from_date(DATE d, fsi_time *out)
{
    FILETIME ft;
    SYSTEMTIME st;

    if (!VariantTimeToSystemTime(d, &st) || !SystemTimeToFileTime(&st, &ft))
        return E_INVALIDARG;
    *out = (fsi_time)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    return S_OK;
}

HRESULT null_pointer_error(REFIID iid, const WCHAR *member)
{
    return com_error(E_POINTER, iid, L"%ls was given a NULL pointer for its result.", member);
}

HRESULT not_implemented_error(REFIID iid, const WCHAR *member)
{
    return com_error(E_NOTIMPL, iid, L"%ls is not implemented yet.", member);
}

HRESULT out_of_memory_error(REFIID iid, const WCHAR *member)
{
    return com_error(E_OUTOFMEMORY, iid, L"Out of memory in %ls.", member);
}
