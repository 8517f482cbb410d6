/* Late binding as scripts do it: GetIDsOfNames + Invoke, and PowerShell-style discovery of every
 * property through IDispatch::GetTypeInfo.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef DISPATCH_UTIL_H
#define DISPATCH_UTIL_H

#include "testlib.h"

/* Invokes a member by name; args in source order (first argument first). A property put passes its
 * value as the only argument. excep may be NULL; its BSTRs are the caller's to free. */
HRESULT invoke(IDispatch *object, const WCHAR *name, WORD flags, VARIANT *args, UINT count, VARIANT *result,
               EXCEPINFO *excep);
/* The same by DISPID. */
HRESULT invoke_id(IDispatch *object, DISPID id, WORD flags, VARIANT *args, UINT count, VARIANT *result,
                  EXCEPINFO *excep);

/* Property get without arguments; ok()s success and returns the value (VT_EMPTY on failure). */
VARIANT get_prop(IDispatch *object, const WCHAR *name);
/* The object in a VT_DISPATCH property (caller releases), NULL with a failed check otherwise. */
IDispatch *get_object(IDispatch *object, const WCHAR *name);
LONG get_long(IDispatch *object, const WCHAR *name);
void put_prop(IDispatch *object, const WCHAR *name, VARIANT value);

VARIANT var_i4(LONG value);
VARIANT var_i2(SHORT value);
VARIANT var_bool(BOOL value);
VARIANT var_bstr(const WCHAR *value); /* a tbstr(): do not clear */
VARIANT var_unknown(IUnknown *value);  /* borrowed: do not clear */

/* A property a probe lets fail with one documented error (an item of a named stream answers IsRealTime with
 * IMAPI_E_PROPERTY_NOT_ACCESSIBLE). */
struct allowed_failure {
    const WCHAR *name;
    HRESULT scode;
};

/* Walks the type information IDispatch::GetTypeInfo gives (down to IDispatch) and gets every
 * property that takes no argument, as PowerShell's formatter does; ok()s that each one succeeds
 * (`allowed`, if not NULL, names one that may fail so). Returns how many were read. [restricted] members
 * are left out as PowerShell leaves them out (its COM adapter skips FUNCFLAG_FRESTRICTED); com.restricted
 * checks them. */
int probe_properties(IDispatch *object, const char *what, const struct allowed_failure *allowed);

#endif
