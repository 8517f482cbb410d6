/* The parameters of one type-library function against the reference signature: how many, each one's
 * direction ([in], [out], [retval]) and type, and an HRESULT result.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "contract.h"

struct reference_param {
    char attributes[32]; /* "in,unique", "out,retval", ... */
    char type[64];       /* "IFsiDirectoryItem**", "LONG", ... */
};

/* Reads "HRESULT([in] LONG a, [out,retval] BSTR* b)"; returns the parameter count, or -1. */
static int parse_signature(const char *signature, struct reference_param *params, int max)
{
    const char *p = strchr(signature, '(');
    int count = 0;

    if (!p)
        return -1;
    for (p++; *p && *p != ')'; count++) {
        const char *end;
        size_t length;

        while (*p == ' ' || *p == ',')
            p++;
        if (*p != '[' || count == max || !(end = strchr(p, ']')))
            return -1;
        length = (size_t)(end - p - 1);
        if (length >= sizeof(params[count].attributes))
            return -1;
        memcpy(params[count].attributes, p + 1, length);
        params[count].attributes[length] = 0;
        for (p = end + 1; *p == ' '; p++)
            ;
        length = strcspn(p, " ,)");
        if (!length || length >= sizeof(params[count].type))
            return -1;
        memcpy(params[count].type, p, length);
        params[count].type[length] = 0;
        p += length;
        p += strspn(p, " ");
        p += strcspn(p, ",)"); /* the parameter's name */
    }
    return count;
}

static BOOL has_attribute(const char *attributes, const char *wanted)
{
    size_t length = strlen(wanted);

    for (const char *p = attributes; *p; p += strcspn(p, ","), p += *p == ',') {
        if (!strncmp(p, wanted, length) && (p[length] == ',' || !p[length]))
            return TRUE;
    }
    return FALSE;
}

static USHORT expected_flags(const char *attributes)
{
    return (has_attribute(attributes, "in") ? PARAMFLAG_FIN : 0) |
           (has_attribute(attributes, "out") ? PARAMFLAG_FOUT : 0) |
           (has_attribute(attributes, "retval") ? PARAMFLAG_FRETVAL : 0);
}

/* Spells a type-library type the way the reference spells C types. */
static void type_name(ITypeInfo *info, const TYPEDESC *desc, char *out, size_t size)
{
    static const struct {
        VARTYPE vt;
        const char *name;
    } names[] = {
        { VT_I4, "LONG" }, { VT_UI4, "ULONG" }, { VT_I8, "LONGLONG" }, { VT_BSTR, "BSTR" },
        { VT_BOOL, "VARIANT_BOOL" }, { VT_DATE, "DATE" }, { VT_DISPATCH, "IDispatch*" },
        { VT_UNKNOWN, "IUnknown*" }, { VT_VARIANT, "VARIANT" }, { VT_SAFEARRAY, "SAFEARRAY*" },
        { VT_INT, "INT" }, { VT_UINT, "UINT" }, { VT_HRESULT, "HRESULT" },
    };
    ITypeInfo *referenced;
    BSTR name = NULL;

    if (desc->vt == VT_PTR) {
        type_name(info, desc->lptdesc, out, size);
        strncat(out, "*", size - strlen(out) - 1);
        return;
    }
    if (desc->vt == VT_USERDEFINED && SUCCEEDED(ITypeInfo_GetRefTypeInfo(info, desc->hreftype, &referenced))) {
        ITypeInfo_GetDocumentation(referenced, MEMBERID_NIL, &name, NULL, NULL, NULL);
        snprintf(out, size, "%s", contract_utf8(name));
        SysFreeString(name);
        ITypeInfo_Release(referenced);
        return;
    }
    for (size_t i = 0; i < ARRAYSIZE(names); i++) {
        if (names[i].vt == desc->vt) {
            snprintf(out, size, "%s", names[i].name);
            return;
        }
    }
    snprintf(out, size, "VT_%u", desc->vt);
}

void check_parameters(const struct contract_row *row, ITypeInfo *owner, const FUNCDESC *func)
{
    struct reference_param params[16];
    int count = parse_signature(row->signature, params, ARRAYSIZE(params));

    if (count < 0) {
        contract_fail("%s::%s: cannot read the reference signature \"%s\"", row->interface_name, row->method,
                      row->signature);
        return;
    }
    if (func->elemdescFunc.tdesc.vt == VT_HRESULT)
        contract_pass();
    else
        contract_fail("%s::%s: type library result type VT_%u, reference HRESULT", row->interface_name, row->method,
                      func->elemdescFunc.tdesc.vt);
    if (func->cParams != count) {
        contract_fail("%s::%s: type library has %d parameters, reference %d (%s)", row->interface_name, row->method,
                      func->cParams, count, row->signature);
        return;
    }
    contract_pass();
    for (int i = 0; i < count; i++) {
        const ELEMDESC *param = &func->lprgelemdescParam[i];
        USHORT flags = param->paramdesc.wParamFlags & (PARAMFLAG_FIN | PARAMFLAG_FOUT | PARAMFLAG_FRETVAL);
        char type[128] = "";

        if (flags == expected_flags(params[i].attributes))
            contract_pass();
        else
            contract_fail("%s::%s: parameter %d has flags 0x%X in the type library, reference [%s]",
                          row->interface_name, row->method, i + 1, flags, params[i].attributes);
        type_name(owner, &param->tdesc, type, sizeof(type));
        if (!lstrcmpiA(type, params[i].type))
            contract_pass();
        else
            contract_fail("%s::%s: parameter %d is %s in the type library, reference %s", row->interface_name,
                          row->method, i + 1, type, params[i].type);
    }
}
