/* The disc double of disc_double.h: a multisession object and its import recorder over sectors in
 * memory, every answer configurable by the test.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "disc_double.h"

#define SECTOR 2048

static struct disc_double *from_sequential(IMultisessionSequential2 *iface)
{
    return CONTAINING_RECORD(iface, struct disc_double, IMultisessionSequential2_iface);
}

static struct disc_double *from_random(IMultisessionRandomWrite *iface)
{
    return CONTAINING_RECORD(iface, struct disc_double, IMultisessionRandomWrite_iface);
}

static struct disc_double *from_recorder(IDiscRecorder2 *iface)
{
    return CONTAINING_RECORD(iface, struct disc_double, IDiscRecorder2_iface);
}

static struct disc_double *from_recorder_ex(IDiscRecorder2Ex *iface)
{
    return CONTAINING_RECORD(iface, struct disc_double, IDiscRecorder2Ex_iface);
}

static ULONG disc_addref(struct disc_double *disc)
{
    return InterlockedIncrement(&disc->ref);
}

static ULONG disc_release(struct disc_double *disc)
{
    ULONG ref = InterlockedDecrement(&disc->ref);

    if (!ref) {
        HeapFree(GetProcessHeap(), 0, disc->sectors);
        HeapFree(GetProcessHeap(), 0, disc);
    }
    return ref;
}

/* ---------------------------------------------------------------- the multisession object ------- */

/* The interface this kind of object hands out for IUnknown, IDispatch and IMultisession. */
static IUnknown *multisession_identity(struct disc_double *disc)
{
    if (disc->kind == DISC_RANDOM)
        return (IUnknown *)&disc->IMultisessionRandomWrite_iface;
    return (IUnknown *)&disc->IMultisessionSequential2_iface;
}

static HRESULT multisession_query(struct disc_double *disc, REFIID riid, void **out)
{
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IMultisession))
        *out = multisession_identity(disc);
    else if (disc->kind != DISC_RANDOM && IsEqualIID(riid, &IID_IMultisessionSequential))
        *out = &disc->IMultisessionSequential2_iface;
    else if (disc->kind == DISC_SEQUENTIAL2 && IsEqualIID(riid, &IID_IMultisessionSequential2))
        *out = &disc->IMultisessionSequential2_iface;
    else if (disc->kind == DISC_RANDOM && IsEqualIID(riid, &IID_IMultisessionRandomWrite))
        *out = &disc->IMultisessionRandomWrite_iface;
    else
        return E_NOINTERFACE;
    disc_addref(disc);
    return S_OK;
}

/* A getter's answer: E_FAIL when the test made this property fail. */
static HRESULT property(struct disc_double *disc, DISPID id, void *value, const void *from, size_t size)
{
    if (!value)
        return E_POINTER;
    if (disc->failing_property == id)
        return E_FAIL;
    memcpy(value, from, size);
    return S_OK;
}

static HRESULT import_recorder(struct disc_double *disc, IDiscRecorder2 **value)
{
    if (!value)
        return E_POINTER;
    *value = NULL;
    if (disc->no_recorder || disc->failing_property == DISPID_IMULTISESSION_IMPORTRECORDER)
        return E_FAIL;
    *value = &disc->IDiscRecorder2_iface;
    disc_addref(disc);
    return S_OK;
}

#define SEQ(name) seq_##name
static HRESULT STDMETHODCALLTYPE seq_QueryInterface(IMultisessionSequential2 *iface, REFIID riid, void **out)
{
    return multisession_query(from_sequential(iface), riid, out);
}
static ULONG STDMETHODCALLTYPE seq_AddRef(IMultisessionSequential2 *iface)
{
    return disc_addref(from_sequential(iface));
}
static ULONG STDMETHODCALLTYPE seq_Release(IMultisessionSequential2 *iface)
{
    return disc_release(from_sequential(iface));
}

/* No type information: the component calls these objects through their vtables. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define DISPATCH_STUBS(prefix, type)                                                                          \
    static HRESULT STDMETHODCALLTYPE prefix##_GetTypeInfoCount(type *iface, UINT *count)                     \
    {                                                                                                         \
        if (!count)                                                                                           \
            return E_POINTER;                                                                                 \
        *count = 0;                                                                                           \
        return S_OK;                                                                                          \
    }                                                                                                         \
    static HRESULT STDMETHODCALLTYPE prefix##_GetTypeInfo(type *iface, UINT index, LCID lcid, ITypeInfo **info) \
    {                                                                                                         \
        if (info)                                                                                             \
            *info = NULL;                                                                                     \
        return DISP_E_BADINDEX;                                                                               \
    }                                                                                                         \
    static HRESULT STDMETHODCALLTYPE prefix##_GetIDsOfNames(type *iface, REFIID riid, LPOLESTR *names,       \
                                                            UINT count, LCID lcid, DISPID *ids)               \
    {                                                                                                         \
        return E_NOTIMPL;                                                                                     \
    }                                                                                                         \
    static HRESULT STDMETHODCALLTYPE prefix##_Invoke(type *iface, DISPID id, REFIID riid, LCID lcid,         \
                                                     WORD flags, DISPPARAMS *params, VARIANT *result,         \
                                                     EXCEPINFO *excep, UINT *arg)                             \
    {                                                                                                         \
        return E_NOTIMPL;                                                                                     \
    }
DISPATCH_STUBS(seq, IMultisessionSequential2)
DISPATCH_STUBS(rnd, IMultisessionRandomWrite)
DISPATCH_STUBS(rec, IDiscRecorder2)
#pragma GCC diagnostic pop

static HRESULT STDMETHODCALLTYPE seq_get_IsSupportedOnCurrentMediaState(IMultisessionSequential2 *iface, VARIANT_BOOL *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_SUPPORTEDONCURRENTMEDIA, v, &d->supported, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_put_InUse(IMultisessionSequential2 *iface, VARIANT_BOOL v)
{
    from_sequential(iface)->in_use = v;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE seq_get_InUse(IMultisessionSequential2 *iface, VARIANT_BOOL *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_INUSE, v, &d->in_use, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_ImportRecorder(IMultisessionSequential2 *iface, IDiscRecorder2 **v)
{
    return import_recorder(from_sequential(iface), v);
}
static HRESULT STDMETHODCALLTYPE seq_get_IsFirstDataSession(IMultisessionSequential2 *iface, VARIANT_BOOL *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_FIRSTDATASESSION, v, &d->first_data_session, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_StartAddressOfPreviousSession(IMultisessionSequential2 *iface, LONG *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_STARTSECTOROFPREVIOUSSESSION, v, &d->start_of_previous, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_LastWrittenAddressOfPreviousSession(IMultisessionSequential2 *iface, LONG *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_LASTSECTOROFPREVIOUSSESSION, v, &d->last_written_of_previous,
                    sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_NextWritableAddress(IMultisessionSequential2 *iface, LONG *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_NEXTWRITABLEADDRESS, v, &d->next_writable, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_FreeSectorsOnMedia(IMultisessionSequential2 *iface, LONG *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_FREESECTORS, v, &d->free_sectors, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE seq_get_WriteUnitSize(IMultisessionSequential2 *iface, LONG *v)
{
    struct disc_double *d = from_sequential(iface);
    return property(d, DISPID_IMULTISESSION_WRITEUNITSIZE, v, &d->write_unit_size, sizeof(*v));
}

static const IMultisessionSequential2Vtbl sequential_vtbl = {
    seq_QueryInterface, seq_AddRef, seq_Release, seq_GetTypeInfoCount, seq_GetTypeInfo, seq_GetIDsOfNames,
    seq_Invoke, seq_get_IsSupportedOnCurrentMediaState, seq_put_InUse, seq_get_InUse, seq_get_ImportRecorder,
    seq_get_IsFirstDataSession, seq_get_StartAddressOfPreviousSession, seq_get_LastWrittenAddressOfPreviousSession,
    seq_get_NextWritableAddress, seq_get_FreeSectorsOnMedia, seq_get_WriteUnitSize,
};

/* The random-write kind: the same settings behind IMultisessionRandomWrite's members. */
static HRESULT STDMETHODCALLTYPE rnd_QueryInterface(IMultisessionRandomWrite *iface, REFIID riid, void **out)
{
    return multisession_query(from_random(iface), riid, out);
}
static ULONG STDMETHODCALLTYPE rnd_AddRef(IMultisessionRandomWrite *iface)
{
    return disc_addref(from_random(iface));
}
static ULONG STDMETHODCALLTYPE rnd_Release(IMultisessionRandomWrite *iface)
{
    return disc_release(from_random(iface));
}
static HRESULT STDMETHODCALLTYPE rnd_get_IsSupportedOnCurrentMediaState(IMultisessionRandomWrite *iface, VARIANT_BOOL *v)
{
    struct disc_double *d = from_random(iface);
    return property(d, DISPID_IMULTISESSION_SUPPORTEDONCURRENTMEDIA, v, &d->supported, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE rnd_put_InUse(IMultisessionRandomWrite *iface, VARIANT_BOOL v)
{
    from_random(iface)->in_use = v;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE rnd_get_InUse(IMultisessionRandomWrite *iface, VARIANT_BOOL *v)
{
    struct disc_double *d = from_random(iface);
    return property(d, DISPID_IMULTISESSION_INUSE, v, &d->in_use, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE rnd_get_ImportRecorder(IMultisessionRandomWrite *iface, IDiscRecorder2 **v)
{
    return import_recorder(from_random(iface), v);
}
static HRESULT STDMETHODCALLTYPE rnd_get_WriteUnitSize(IMultisessionRandomWrite *iface, LONG *v)
{
    struct disc_double *d = from_random(iface);
    return property(d, DISPID_IMULTISESSION_WRITEUNITSIZE, v, &d->write_unit_size, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE rnd_get_LastWrittenAddress(IMultisessionRandomWrite *iface, LONG *v)
{
    struct disc_double *d = from_random(iface);
    return property(d, DISPID_IMULTISESSION_LASTWRITTENADDRESS, v, &d->last_written_of_previous, sizeof(*v));
}
static HRESULT STDMETHODCALLTYPE rnd_get_TotalSectorsOnMedia(IMultisessionRandomWrite *iface, LONG *v)
{
    struct disc_double *d = from_random(iface);
    LONG total = d->next_writable + d->free_sectors;
    return property(d, DISPID_IMULTISESSION_SECTORSONMEDIA, v, &total, sizeof(*v));
}

static const IMultisessionRandomWriteVtbl random_vtbl = {
    rnd_QueryInterface, rnd_AddRef, rnd_Release, rnd_GetTypeInfoCount, rnd_GetTypeInfo, rnd_GetIDsOfNames,
    rnd_Invoke, rnd_get_IsSupportedOnCurrentMediaState, rnd_put_InUse, rnd_get_InUse, rnd_get_ImportRecorder,
    rnd_get_WriteUnitSize, rnd_get_LastWrittenAddress, rnd_get_TotalSectorsOnMedia,
};

/* ---------------------------------------------------------------- the import recorder ----------- */

static HRESULT recorder_query(struct disc_double *disc, REFIID riid, void **out)
{
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_IDiscRecorder2))
        *out = &disc->IDiscRecorder2_iface;
    else if (!disc->recorder_without_ex && IsEqualIID(riid, &IID_IDiscRecorder2Ex))
        *out = &disc->IDiscRecorder2Ex_iface;
    else
        return E_NOINTERFACE;
    disc_addref(disc);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_QueryInterface(IDiscRecorder2 *iface, REFIID riid, void **out)
{
    return recorder_query(from_recorder(iface), riid, out);
}
static ULONG STDMETHODCALLTYPE rec_AddRef(IDiscRecorder2 *iface)
{
    return disc_addref(from_recorder(iface));
}
static ULONG STDMETHODCALLTYPE rec_Release(IDiscRecorder2 *iface)
{
    return disc_release(from_recorder(iface));
}

static HRESULT new_bstr(const WCHAR *s, BSTR *value)
{
    if (!value)
        return E_POINTER;
    return (*value = SysAllocString(s)) ? S_OK : E_OUTOFMEMORY;
}

/* A SAFEARRAY of VARIANT(VT_I4) with count values. */
static HRESULT long_array(const LONG *values, ULONG count, SAFEARRAY **value)
{
    SAFEARRAY *array;

    if (!value)
        return E_POINTER;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return E_OUTOFMEMORY;
    for (LONG i = 0; i < (LONG)count; i++) {
        VARIANT v;
        V_VT(&v) = VT_I4;
        V_I4(&v) = values[i];
        SafeArrayPutElement(array, &i, &v);
    }
    *value = array;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE rec_get_ActiveDiscRecorder(IDiscRecorder2 *iface, BSTR *value)
{
    (void)iface;
    return new_bstr(L"\\\\?\\openimapi2fs-disc-double", value);
}
static HRESULT STDMETHODCALLTYPE rec_get_VendorId(IDiscRecorder2 *iface, BSTR *value)
{
    (void)iface;
    return new_bstr(L"OPENIMAP", value);
}
static HRESULT STDMETHODCALLTYPE rec_get_ProductId(IDiscRecorder2 *iface, BSTR *value)
{
    (void)iface;
    return new_bstr(L"DISC DOUBLE", value);
}
static HRESULT STDMETHODCALLTYPE rec_get_ProductRevision(IDiscRecorder2 *iface, BSTR *value)
{
    (void)iface;
    return new_bstr(L"1.0", value);
}
static HRESULT STDMETHODCALLTYPE rec_get_SupportedProfiles(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    struct disc_double *d = from_recorder(iface);
    return long_array(&d->profile, d->profile ? 1 : 0, value);
}
static HRESULT STDMETHODCALLTYPE rec_get_CurrentProfiles(IDiscRecorder2 *iface, SAFEARRAY **value)
{
    struct disc_double *d = from_recorder(iface);
    return long_array(&d->profile, d->profile ? 1 : 0, value);
}
static HRESULT STDMETHODCALLTYPE rec_get_DeviceCanLoadMedia(IDiscRecorder2 *iface, VARIANT_BOOL *value)
{
    (void)iface;
    if (!value)
        return E_POINTER;
    *value = VARIANT_FALSE;
    return S_OK;
}

/* What the component would not call on an import recorder: E_NOTIMPL, typed for their slots. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define NOT_IMPLEMENTED(prefix, name, params) \
    static HRESULT STDMETHODCALLTYPE prefix##_##name params { return E_NOTIMPL; }
NOT_IMPLEMENTED(rec, EjectMedia, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(rec, CloseTray, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(rec, AcquireExclusiveAccess, (IDiscRecorder2 *iface, VARIANT_BOOL force, BSTR client))
NOT_IMPLEMENTED(rec, ReleaseExclusiveAccess, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(rec, DisableMcn, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(rec, EnableMcn, (IDiscRecorder2 *iface))
NOT_IMPLEMENTED(rec, InitializeDiscRecorder, (IDiscRecorder2 *iface, BSTR id))
NOT_IMPLEMENTED(rec, get_VolumeName, (IDiscRecorder2 *iface, BSTR *value))
NOT_IMPLEMENTED(rec, get_VolumePathNames, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(rec, get_LegacyDeviceNumber, (IDiscRecorder2 *iface, LONG *value))
NOT_IMPLEMENTED(rec, get_SupportedFeaturePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(rec, get_CurrentFeaturePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(rec, get_SupportedModePages, (IDiscRecorder2 *iface, SAFEARRAY **value))
NOT_IMPLEMENTED(rec, get_ExclusiveAccessOwner, (IDiscRecorder2 *iface, BSTR *value))
#pragma GCC diagnostic pop

static const IDiscRecorder2Vtbl recorder_vtbl = {
    rec_QueryInterface, rec_AddRef, rec_Release, rec_GetTypeInfoCount, rec_GetTypeInfo, rec_GetIDsOfNames,
    rec_Invoke, rec_EjectMedia, rec_CloseTray, rec_AcquireExclusiveAccess, rec_ReleaseExclusiveAccess,
    rec_DisableMcn, rec_EnableMcn, rec_InitializeDiscRecorder, rec_get_ActiveDiscRecorder, rec_get_VendorId,
    rec_get_ProductId, rec_get_ProductRevision, rec_get_VolumeName, rec_get_VolumePathNames,
    rec_get_DeviceCanLoadMedia, rec_get_LegacyDeviceNumber, rec_get_SupportedFeaturePages,
    rec_get_CurrentFeaturePages, rec_get_SupportedProfiles, rec_get_CurrentProfiles, rec_get_SupportedModePages,
    rec_get_ExclusiveAccessOwner,
};

/* ---------------------------------------------------------------- IDiscRecorder2Ex -------------- */

static HRESULT STDMETHODCALLTYPE ex_QueryInterface(IDiscRecorder2Ex *iface, REFIID riid, void **out)
{
    return recorder_query(from_recorder_ex(iface), riid, out);
}
static ULONG STDMETHODCALLTYPE ex_AddRef(IDiscRecorder2Ex *iface)
{
    return disc_addref(from_recorder_ex(iface));
}
static ULONG STDMETHODCALLTYPE ex_Release(IDiscRecorder2Ex *iface)
{
    return disc_release(from_recorder_ex(iface));
}

/* Fixed-format sense data (MMC/SPC: response code 0x70, key, additional length 10, ASC, ASCQ) and the
 * success code IMAPI2 gives for a command the device failed with sense data. */
static HRESULT check_condition(BYTE sense[18], BYTE key, BYTE asc, BYTE ascq)
{
    memset(sense, 0, 18);
    sense[0] = 0x70;
    sense[2] = key;
    sense[7] = 10;
    sense[12] = asc;
    sense[13] = ascq;
    return S_IMAPI_COMMAND_HAS_SENSE_DATA;
}

static ULONG be32(const BYTE *p)
{
    return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}

static HRESULT STDMETHODCALLTYPE ex_SendCommandGetDataFromDevice(IDiscRecorder2Ex *iface, BYTE *cdb, ULONG cdb_size,
                                                                 BYTE sense[18], ULONG timeout, BYTE *buffer,
                                                                 ULONG buffer_size, ULONG *fetched)
{
    struct disc_double *d = from_recorder_ex(iface);
    ULONG lba, count;

    (void)timeout;
    if (!cdb || !sense || !buffer || !fetched)
        return E_POINTER;
    if (cdb_size < 6 || cdb_size > 16 || !buffer_size)
        return E_INVALIDARG;
    *fetched = 0;
    if (cdb[0] == 0x28 && cdb_size >= 10) { /* READ(10): LBA in bytes 2-5, length in 7-8 */
        lba = be32(cdb + 2);
        count = (ULONG)cdb[7] << 8 | cdb[8];
    } else if (cdb[0] == 0xA8 && cdb_size >= 12) { /* READ(12): LBA in 2-5, length in 6-9 */
        lba = be32(cdb + 2);
        count = be32(cdb + 6);
    } else {
        d->other_commands++;
        return check_condition(sense, 0x05, 0x20, 0x00); /* ILLEGAL REQUEST: invalid command operation code */
    }
    d->reads++;
    d->last_read_lba = lba;
    d->last_read_count = count;
    if (!d->profile)
        return check_condition(sense, 0x02, 0x3A, 0x00); /* NOT READY: medium not present */
    if (lba > d->sector_count || count > d->sector_count - lba)
        return check_condition(sense, 0x05, 0x21, 0x00); /* ILLEGAL REQUEST: LBA out of range */
    if ((ULONGLONG)count * SECTOR > buffer_size)
        return check_condition(sense, 0x05, 0x24, 0x00); /* ILLEGAL REQUEST: invalid field in CDB */
    if (d->failing_sector >= 0 && (ULONG)d->failing_sector >= lba && (ULONG)d->failing_sector < lba + count)
        return check_condition(sense, 0x03, 0x11, 0x00); /* MEDIUM ERROR: unrecovered read error */
    memcpy(buffer, d->sectors + (SIZE_T)lba * SECTOR, (SIZE_T)count * SECTOR);
    *fetched = count * SECTOR;
    memset(sense, 0, 18);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ex_SendCommandNoData(IDiscRecorder2Ex *iface, BYTE *cdb, ULONG cdb_size, BYTE sense[18],
                                                      ULONG timeout)
{
    (void)cdb, (void)cdb_size, (void)timeout;
    from_recorder_ex(iface)->other_commands++;
    return check_condition(sense, 0x05, 0x20, 0x00);
}

static HRESULT STDMETHODCALLTYPE ex_SendCommandSendDataToDevice(IDiscRecorder2Ex *iface, BYTE *cdb, ULONG cdb_size,
                                                                BYTE sense[18], ULONG timeout, BYTE *buffer,
                                                                ULONG buffer_size)
{
    (void)cdb, (void)cdb_size, (void)timeout, (void)buffer, (void)buffer_size;
    from_recorder_ex(iface)->other_commands++;
    return check_condition(sense, 0x05, 0x20, 0x00);
}

static HRESULT STDMETHODCALLTYPE ex_GetSupportedProfiles(IDiscRecorder2Ex *iface, BOOLEAN current_only, LONG **profiles,
                                                         ULONG *count)
{
    struct disc_double *d = from_recorder_ex(iface);

    (void)current_only;
    if (!profiles || !count)
        return E_POINTER;
    *count = 0;
    if (!(*profiles = CoTaskMemAlloc(sizeof(LONG))))
        return E_OUTOFMEMORY;
    if (d->profile)
        (*profiles)[(*count)++] = d->profile;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ex_GetByteAlignmentMask(IDiscRecorder2Ex *iface, ULONG *value)
{
    (void)iface;
    if (!value)
        return E_POINTER;
    *value = 0; /* any buffer address will do */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ex_GetMaximumTransferSize(IDiscRecorder2Ex *iface, ULONG *value)
{
    (void)iface;
    if (!value)
        return E_POINTER;
    *value = 64 * 1024;
    return S_OK;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
NOT_IMPLEMENTED(ex, ReadDvdStructure, (IDiscRecorder2Ex *iface, ULONG format, ULONG address, ULONG layer, ULONG agid,
                                       BYTE **data, ULONG *count))
NOT_IMPLEMENTED(ex, SendDvdStructure, (IDiscRecorder2Ex *iface, ULONG format, BYTE *data, ULONG count))
NOT_IMPLEMENTED(ex, GetAdapterDescriptor, (IDiscRecorder2Ex *iface, BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, GetDeviceDescriptor, (IDiscRecorder2Ex *iface, BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, GetDiscInformation, (IDiscRecorder2Ex *iface, BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, GetTrackInformation, (IDiscRecorder2Ex *iface, ULONG address, IMAPI_READ_TRACK_ADDRESS_TYPE type,
                                          BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, GetFeaturePage, (IDiscRecorder2Ex *iface, IMAPI_FEATURE_PAGE_TYPE feature, BOOLEAN current,
                                     BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, GetModePage, (IDiscRecorder2Ex *iface, IMAPI_MODE_PAGE_TYPE page, IMAPI_MODE_PAGE_REQUEST_TYPE type,
                                  BYTE **data, ULONG *size))
NOT_IMPLEMENTED(ex, SetModePage, (IDiscRecorder2Ex *iface, IMAPI_MODE_PAGE_REQUEST_TYPE type, BYTE *data, ULONG size))
NOT_IMPLEMENTED(ex, GetSupportedFeaturePages, (IDiscRecorder2Ex *iface, BOOLEAN current, IMAPI_FEATURE_PAGE_TYPE **data,
                                               ULONG *size))
NOT_IMPLEMENTED(ex, GetSupportedModePages, (IDiscRecorder2Ex *iface, IMAPI_MODE_PAGE_REQUEST_TYPE type,
                                            IMAPI_MODE_PAGE_TYPE **data, ULONG *size))
#pragma GCC diagnostic pop

static const IDiscRecorder2ExVtbl recorder_ex_vtbl = {
    ex_QueryInterface, ex_AddRef, ex_Release, ex_SendCommandNoData, ex_SendCommandSendDataToDevice,
    ex_SendCommandGetDataFromDevice, ex_ReadDvdStructure, ex_SendDvdStructure, ex_GetAdapterDescriptor,
    ex_GetDeviceDescriptor, ex_GetDiscInformation, ex_GetTrackInformation, ex_GetFeaturePage, ex_GetModePage,
    ex_SetModePage, ex_GetSupportedFeaturePages, ex_GetSupportedProfiles, ex_GetSupportedModePages,
    ex_GetByteAlignmentMask, ex_GetMaximumTransferSize, ex_GetMaximumTransferSize,
};

/* ---------------------------------------------------------------- construction ------------------ */

struct disc_double *disc_double_create(const void *image, SIZE_T size)
{
    struct disc_double *d = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*d));
    ULONG sectors = (ULONG)((size + SECTOR - 1) / SECTOR);

    if (!d)
        return NULL;
    d->IMultisessionSequential2_iface.lpVtbl = &sequential_vtbl;
    d->IMultisessionRandomWrite_iface.lpVtbl = &random_vtbl;
    d->IDiscRecorder2_iface.lpVtbl = &recorder_vtbl;
    d->IDiscRecorder2Ex_iface.lpVtbl = &recorder_ex_vtbl;
    d->ref = 1;
    d->kind = DISC_SEQUENTIAL2;
    d->supported = VARIANT_TRUE;
    d->in_use = VARIANT_FALSE;
    d->first_data_session = VARIANT_FALSE;
    d->start_of_previous = 0;
    d->last_written_of_previous = (LONG)sectors - 1;
    d->next_writable = (LONG)sectors + 150;
    d->free_sectors = 100000;
    d->write_unit_size = 16;
    d->profile = 0x09; /* CD-R */
    d->failing_sector = -1;
    d->sector_count = sectors;
    if (!(d->sectors = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, (SIZE_T)sectors * SECTOR + 1))) {
        HeapFree(GetProcessHeap(), 0, d);
        return NULL;
    }
    if (size)
        memcpy(d->sectors, image, size);
    return d;
}

struct disc_double *disc_double_from_file(const WCHAR *path)
{
    DWORD size;
    BYTE *bytes = read_file(path, &size);
    struct disc_double *d;

    if (!ok(bytes != NULL, "disc double: read %s", u8(path)))
        return NULL;
    d = disc_double_create(bytes, size);
    HeapFree(GetProcessHeap(), 0, bytes);
    return d;
}

void disc_double_release(struct disc_double *disc)
{
    if (disc)
        disc_release(disc);
}

IDispatch *disc_double_dispatch(struct disc_double *disc)
{
    IDispatch *dispatch = NULL;

    multisession_query(disc, &IID_IDispatch, (void **)&dispatch);
    return dispatch;
}

SAFEARRAY *multisession_array(IDispatch **objects, LONG count)
{
    SAFEARRAY *array = SafeArrayCreateVector(VT_VARIANT, 0, (ULONG)count);

    for (LONG i = 0; array && i < count; i++) {
        VARIANT v;
        V_VT(&v) = VT_DISPATCH;
        V_DISPATCH(&v) = objects[i];
        SafeArrayPutElement(array, &i, &v); /* AddRefs the object */
    }
    return array;
}

SAFEARRAY *multisession_array_of(struct disc_double *first, struct disc_double *second)
{
    IDispatch *objects[2] = {disc_double_dispatch(first), second ? disc_double_dispatch(second) : NULL};
    SAFEARRAY *array = multisession_array(objects, second ? 2 : 1);

    for (int i = 0; i < 2; i++)
        if (objects[i])
            IDispatch_Release(objects[i]);
    return array;
}
