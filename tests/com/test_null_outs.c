/* Bad input by machine, from shared/reference/vtables.tsv (the contract test's generated table):
 *   - every member with an [out,retval] pointer, called through the vtable with NULL there, on every object
 *     of the component that answers the interface (image, root folder, file item, result, progress items,
 *     block ranges, named streams, boot options, ISO image manager): E_POINTER and an IErrorInfo;
 *   - every dispatch member with typed [in] parameters, through IDispatch::Invoke with a VARIANT that cannot
 *     become the parameter's type in each position: DISP_E_TYPEMISMATCH naming that argument;
 *   - every enum-typed [in] parameter with values outside the enum: IMAPI_E_INVALID_PARAM.
 * Members whose feature is not finished yet are in `pending` below, named: the lead removes them as the
 * features land. Usage: test_null_outs
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "contract.h"
#include "testlib.h"
#include "unload_check.h"

#include "null_outs_table.h"

/* "Interface.member" or "*.member": members not checked yet (all checks, or only the out-of-range enum
 * one), and why. */
enum pending_kind { PENDING_ALL, PENDING_ENUM };
static const struct {
    const char *member;
    enum pending_kind kind;
    const char *reason;
} pending[] = {
    {"*.IdentifyFileSystemsOnDisc", PENDING_ALL, "multisession (a later issue): E_NOTIMPL"},
    {"*.ImportFileSystem", PENDING_ALL, "multisession: E_NOTIMPL"},
    {"*.ImportSpecificFileSystem", PENDING_ALL, "multisession: E_NOTIMPL"},
    {"*.get_MultisessionInterfaces", PENDING_ALL, "multisession: E_NOTIMPL"},
    {"*.ProbeSpecificFileSystem", PENDING_ALL, "multisession: E_NOTIMPL"},
    {"*.GetDefaultFileSystemForImport", PENDING_ENUM,
     "-1 (undefined bits with UDF) answers S_OK: undefined bits are ignored, not refused (undocumented)"},
};

/* The reason a check of this kind is pending for the member, or NULL. */
static const char *pending_reason(const char *interface_name, const char *member, enum pending_kind kind)
{
    char full[128];
    size_t i;

    snprintf(full, sizeof(full), "%s.%s", interface_name, member);
    for (i = 0; i < ARRAYSIZE(pending); i++) {
        const char *p = pending[i].member;
        if ((pending[i].kind == PENDING_ALL || pending[i].kind == kind) &&
            (!strcmp(p, full) || (p[0] == '*' && !strcmp(p + 2, member))))
            return pending[i].reason;
    }
    return NULL;
}

static const char *hr_name(HRESULT hr)
{
    static char text[16];
    size_t i;

    for (i = 0; i < ARRAYSIZE(contract_codes); i++)
        if (contract_codes[i].value == hr)
            return contract_codes[i].name;
    switch (hr) {
    case S_OK: return "S_OK";
    case E_POINTER: return "E_POINTER";
    case E_NOTIMPL: return "E_NOTIMPL";
    case E_INVALIDARG: return "E_INVALIDARG";
    case DISP_E_TYPEMISMATCH: return "DISP_E_TYPEMISMATCH";
    case DISP_E_MEMBERNOTFOUND: return "DISP_E_MEMBERNOTFOUND";
    case DISP_E_PARAMNOTFOUND: return "DISP_E_PARAMNOTFOUND";
    case DISP_E_BADPARAMCOUNT: return "DISP_E_BADPARAMCOUNT";
    }
    snprintf(text, sizeof(text), "0x%08lx", (unsigned long)hr);
    return text;
}

/* ------------------------------------------------------------------ signatures */

#define MAX_PARAMS 8
#define UNTOUCHED 12345u /* puArgErr before Invoke */

struct param {
    char attributes[32]; /* "in", "out,retval", "in,unique" ... */
    char type[40];       /* "BSTR", "LONG", "IStream*", "VARIANT_BOOL*" ... */
};

/* "HRESULT([in] FsiFileSystems fileSystem, [out,retval] BSTR* pVal)" into its parameters. */
static int parse_signature(const char *signature, struct param *params)
{
    const char *p = strchr(signature, '(');
    int count = 0;

    while (p && *++p && *p != ')' && count < MAX_PARAMS) {
        struct param *param = &params[count];
        const char *close = strchr(p, ']'), *end, *space;
        size_t n;

        if (*p != '[' || !close)
            break;
        n = (size_t)(close - p - 1);
        snprintf(param->attributes, sizeof(param->attributes), "%.*s", (int)n, p + 1);
        p = close + 2;
        end = p + strcspn(p, ",)");
        for (space = end; space > p && space[-1] != ' '; space--)
            ;
        n = (size_t)(space - p - 1);
        snprintf(param->type, sizeof(param->type), "%.*s", (int)n, p);
        count++;
        p = end;
        if (*p == ',')
            p++;
    }
    return count;
}

static BOOL is_in(const struct param *param)
{
    return !strncmp(param->attributes, "in", 2) && !strstr(param->attributes, "out");
}

static const char *const enum_types[] = {"FsiFileSystems", "IMAPI_MEDIA_PHYSICAL_TYPE", "PlatformId",
                                         "EmulationType", "FsiItemType"};

static BOOL is_enum(const char *type)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(enum_types); i++)
        if (!strcmp(type, enum_types[i]))
            return TRUE;
    return FALSE;
}

/* ------------------------------------------------------------------ the objects */

struct object {
    const char *label;
    IUnknown *unknown;
};

#define MAX_OBJECTS 16
static struct object objects[MAX_OBJECTS];
static int object_count;

static void keep(const char *label, void *unknown)
{
    if (ok(unknown != NULL, "could not make the %s object", label) && object_count < MAX_OBJECTS) {
        objects[object_count].label = label;
        objects[object_count].unknown = unknown;
        object_count++;
    }
}

/* Every kept object holds the one reference it was made or handed out with. */
static void make_objects(void)
{
    IFileSystemImage *image = NULL;
    IFileSystemImageResult *result = NULL;
    IFileSystemImageResult2 *result2 = NULL;
    IFsiDirectoryItem *root = NULL;
    IFsiItem *file = NULL;
    IFsiFileItem2 *file2 = NULL;
    IStream *data = memory_stream("payload", 7);
    IUnknown *unknown = NULL;

    CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSystemImage,
                     (void **)&image);
    keep("MsftFileSystemImage", image);
    if (!image)
        return;
    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF);
    IFileSystemImage_get_Root(image, &root);
    keep("root folder", root);
    if (root) {
        ok(IFsiDirectoryItem_AddFile(root, tbstr(L"file.txt"), data) == S_OK, "AddFile file.txt");
        IFsiDirectoryItem_get_Item(root, tbstr(L"file.txt"), &file);
        keep("file item", file);
    }
    IStream_Release(data);
    if (file && SUCCEEDED(IFsiItem_QueryInterface(file, &IID_IFsiFileItem2, (void **)&file2))) {
        IFsiNamedStreams *streams = NULL;
        IFsiFileItem2_get_FsiNamedStreams(file2, &streams);
        keep("named streams", streams);
        IFsiFileItem2_Release(file2);
    }
    IFileSystemImage_CreateResultImage(image, &result);
    keep("result", result);
    if (result) {
        IProgressItems *items = NULL;
        IProgressItem *item = NULL;
        IFileSystemImageResult_get_ProgressItems(result, &items);
        keep("progress items", items);
        if (items && IProgressItems_get_Item(items, 0, &item) == S_OK)
            keep("progress item", item);
        if (SUCCEEDED(IFileSystemImageResult_QueryInterface(result, &IID_IFileSystemImageResult2,
                                                            (void **)&result2))) {
            IBlockRangeList *ranges = NULL;
            SAFEARRAY *array = NULL;
            IFileSystemImageResult2_get_ModifiedBlocks(result2, &ranges);
            keep("modified blocks", ranges);
            if (ranges && IBlockRangeList_get_BlockRanges(ranges, &array) == S_OK && array) {
                VARIANT first;
                LONG index = 0;
                VariantInit(&first);
                if (SafeArrayGetElement(array, &index, &first) == S_OK && V_VT(&first) == VT_DISPATCH) {
                    IDispatch_AddRef(V_DISPATCH(&first));
                    keep("block range", V_DISPATCH(&first));
                }
                VariantClear(&first);
                SafeArrayDestroy(array);
            }
            IFileSystemImageResult2_Release(result2);
        }
    }
    CoCreateInstance(&CLSID_BootOptions, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unknown);
    keep("BootOptions", unknown);
    unknown = NULL;
    CoCreateInstance(&CLSID_MsftIsoImageManager, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unknown);
    keep("MsftIsoImageManager", unknown);
}

static const struct contract_interface *interface_of(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(contract_interfaces); i++)
        if (!strcmp(contract_interfaces[i].name, name))
            return &contract_interfaces[i];
    return NULL;
}

/* ------------------------------------------------------------------ NULL [out,retval] */

typedef HRESULT(STDMETHODCALLTYPE *call0_fn)(void *self);
typedef HRESULT(STDMETHODCALLTYPE *call1_fn)(void *self, INT_PTR a);
typedef HRESULT(STDMETHODCALLTYPE *call2_fn)(void *self, INT_PTR a, INT_PTR b);

static void *slot_of(void *self, unsigned slot)
{
    return (*(void ***)self)[slot];
}

/* A valid value for an [in] parameter before the retval, so that only the NULL can be wrong. */
static INT_PTR valid_in(const struct contract_row *row, const struct param *param)
{
    if (!strcmp(param->type, "BSTR"))
        return (INT_PTR)tbstr(!strcmp(row->method, "Exists") ? L"\\file.txt" : L"file.txt");
    if (!strcmp(param->type, "FsiFileSystems"))
        return FsiFileSystemISO9660;
    return 0; /* LONG / ULONG index 0, or a NULL IDiscRecorder2 */
}

static int null_checks, null_skipped;

static void check_null_out(const struct object *object, const struct contract_row *row, void *self, REFIID iid)
{
    struct param params[MAX_PARAMS];
    int count = parse_signature(row->signature, params);
    const char *reason = pending_reason(row->interface_name, row->method, PENDING_ALL);
    HRESULT hr;
    char what[160];

    if (count < 1 || strcmp(params[count - 1].attributes, "out,retval"))
        return;
    if (reason) {
        null_skipped++;
        return;
    }
    snprintf(what, sizeof(what), "%s: %s::%s(NULL)", object->label, row->interface_name, row->method);
    error_info_clear();
    if (count == 1)
        hr = ((call1_fn)slot_of(self, row->reference_slot))(self, 0);
    else if (count == 2 && is_in(&params[0]))
        hr = ((call2_fn)slot_of(self, row->reference_slot))(self, valid_in(row, &params[0]), 0);
    else {
        ok(0, "%s: cannot call a signature of %d parameters: %s", what, count, row->signature);
        return;
    }
    null_checks++;
    if (ok(hr == E_POINTER, "%s gave %s, expected E_POINTER", what, hr_name(hr)))
        check_error_info(object->unknown, iid, what, L"NULL", L"pointer");
    else
        SysFreeString(error_info_take());
}

/* ------------------------------------------------------------------ out-of-range enums */

/* Values outside each enum: an undefined bit or count, and a negative one. */
static LONG out_of_range(const char *type, int which)
{
    if (which)
        return -1;
    if (!strcmp(type, "FsiFileSystems"))
        return 0x80; /* no file system has this bit */
    if (!strcmp(type, "IMAPI_MEDIA_PHYSICAL_TYPE"))
        return IMAPI_MEDIA_TYPE_MAX + 1;
    if (!strcmp(type, "PlatformId"))
        return 3; /* between Mac (2) and EFI (0xEF) */
    if (!strcmp(type, "EmulationType"))
        return EmulationHardDisk + 1;
    return 0x7fff;
}

static int enum_checks;

static void check_enum_range(const struct object *object, const struct contract_row *row, void *self, REFIID iid)
{
    struct param params[MAX_PARAMS];
    int count = parse_signature(row->signature, params), which;
    BYTE out[16];
    HRESULT hr;
    char what[160];

    if (count < 1 || !is_in(&params[0]) || !is_enum(params[0].type) ||
        pending_reason(row->interface_name, row->method, PENDING_ENUM))
        return;
    for (which = 0; which < 2; which++) {
        LONG value = out_of_range(params[0].type, which);
        snprintf(what, sizeof(what), "%s: %s::%s(%s %ld)", object->label, row->interface_name, row->method,
                 params[0].type, (long)value);
        memset(out, 0, sizeof(out));
        error_info_clear();
        if (count == 1)
            hr = ((call1_fn)slot_of(self, row->reference_slot))(self, value);
        else if (count == 2)
            hr = ((call2_fn)slot_of(self, row->reference_slot))(self, value, (INT_PTR)out);
        else
            continue;
        enum_checks++;
        if (ok(hr == IMAPI_E_INVALID_PARAM, "%s gave %s, expected IMAPI_E_INVALID_PARAM", what, hr_name(hr)))
            check_error_info(object->unknown, iid, what, L"");
        else
            SysFreeString(error_info_take());
    }
}

/* ------------------------------------------------------------------ wrong VARIANT types */

/* A VARIANT the parameter's type cannot be made from (VariantChangeType fails with a type mismatch). */
static BOOL wrong_variant(const char *type, VARIANT *v, IUnknown *plain_object)
{
    VariantInit(v);
    if (!strcmp(type, "VARIANT"))
        return FALSE; /* takes anything */
    if (!strcmp(type, "BSTR")) {
        V_VT(v) = VT_UNKNOWN; /* no IDispatch, so no default property to turn into text */
        V_UNKNOWN(v) = plain_object;
        IUnknown_AddRef(plain_object);
        return TRUE;
    }
    V_VT(v) = VT_BSTR;
    V_BSTR(v) = SysAllocString(L"not a number, date, boolean or object");
    return TRUE;
}

/* A VARIANT that converts to the parameter's type. */
static void right_variant(const char *type, VARIANT *v)
{
    VariantInit(v);
    if (!strcmp(type, "BSTR")) {
        V_VT(v) = VT_BSTR;
        V_BSTR(v) = SysAllocString(L"x");
    } else if (!strcmp(type, "VARIANT_BOOL")) {
        V_VT(v) = VT_BOOL;
        V_BOOL(v) = VARIANT_FALSE;
    } else if (strchr(type, '*')) {
        V_VT(v) = VT_DISPATCH;
        V_DISPATCH(v) = NULL;
    } else {
        V_VT(v) = VT_I4;
        V_I4(v) = 0;
    }
}

static int type_checks;

static void check_wrong_types(const struct object *object, const struct contract_row *row, void *self,
                              IUnknown *plain_object)
{
    struct param params[MAX_PARAMS];
    int count = parse_signature(row->signature, params), ins = 0, bad, i;
    VARIANT args[MAX_PARAMS], result;
    DISPID put = DISPID_PROPERTYPUT;
    DISPPARAMS dp;
    char what[200];

    if (!row->has_dispid || row->reference_slot < 7 || pending_reason(row->interface_name, row->method, PENDING_ALL))
        return;
    for (i = 0; i < count; i++)
        ins += is_in(&params[i]);
    for (bad = 0; bad < ins; bad++) {
        UINT arg_err = UNTOUCHED;
        WORD flags = !strncmp(row->method, "put_", 4) ? DISPATCH_PROPERTYPUT
                     : !strncmp(row->method, "get_", 4) ? DISPATCH_PROPERTYGET | DISPATCH_METHOD
                                                        : DISPATCH_METHOD;
        HRESULT hr;

        /* rgvarg is last parameter first. */
        if (!wrong_variant(params[bad].type, &args[ins - 1 - bad], plain_object))
            continue;
        for (i = 0; i < ins; i++)
            if (i != bad)
                right_variant(params[i].type, &args[ins - 1 - i]);
        dp.rgvarg = args;
        dp.cArgs = ins;
        dp.rgdispidNamedArgs = flags == DISPATCH_PROPERTYPUT ? &put : NULL;
        dp.cNamedArgs = flags == DISPATCH_PROPERTYPUT;
        VariantInit(&result);
        hr = IDispatch_Invoke((IDispatch *)self, row->dispid, &IID_NULL, 0, flags, &dp,
                              flags == DISPATCH_PROPERTYPUT ? NULL : &result, NULL, &arg_err);
        snprintf(what, sizeof(what), "%s: Invoke %s::%s with a wrong %s for parameter %d", object->label,
                 row->interface_name, row->method, params[bad].type, bad + 1);
        type_checks++;
        ok(hr == DISP_E_TYPEMISMATCH, "%s gave %s, expected DISP_E_TYPEMISMATCH", what, hr_name(hr));
        /* Wine's ITypeInfo::Invoke leaves puArgErr alone on a type mismatch; Windows' sets it. */
        ok(hr != DISP_E_TYPEMISMATCH || arg_err == UNTOUCHED || arg_err == (UINT)(ins - 1 - bad),
           "%s: puArgErr %u, expected %d", what, arg_err, ins - 1 - bad);
        VariantClear(&result);
        for (i = 0; i < ins; i++)
            VariantClear(&args[i]);
    }
}

/* ------------------------------------------------------------------ the run */

static void run_rows(void)
{
    IUnknown *plain_object = (IUnknown *)memory_stream("x", 1);
    size_t r;
    int o;

    for (o = 0; o < object_count; o++) {
        for (r = 0; r < ARRAYSIZE(contract_rows); r++) {
            const struct contract_row *row = &contract_rows[r];
            const struct contract_interface *iface = interface_of(row->interface_name);
            void *self = NULL;

            if (!iface || row->reference_slot < 3 ||
                FAILED(IUnknown_QueryInterface(objects[o].unknown, iface->generated_iid, &self)))
                continue;
            check_null_out(&objects[o], row, self, iface->generated_iid);
            check_enum_range(&objects[o], row, self, iface->generated_iid);
            check_wrong_types(&objects[o], row, self, plain_object);
            IUnknown_Release((IUnknown *)self);
        }
    }
    IUnknown_Release(plain_object);
    printf("%d NULL results, %d out-of-range enums, %d wrong VARIANT types checked; %d NULL checks pending:\n",
           null_checks, enum_checks, type_checks, null_skipped);
    for (r = 0; r < ARRAYSIZE(pending); r++)
        printf("  pending %s (%s): %s\n", pending[r].member, pending[r].kind == PENDING_ALL ? "all checks" : "enum range",
               pending[r].reason);
    ok(null_checks > 100 && enum_checks > 0 && type_checks > 50, "too few checks ran");
}

int wmain(void)
{
    int o;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    make_objects();
    run_rows();
    for (o = object_count - 1; o >= 0; o--)
        IUnknown_Release(objects[o].unknown);
    check_unload_now("after the bad-input matrix");
    CoUninitialize();
    return test_summary();
}
