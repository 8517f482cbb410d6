/* MsftFileSystemImage: MultisessionInterfaces, what setting it implies (SessionStartBlock =
 * NextWritableAddress, FreeMediaBlocks = FreeSectorsOnMedia), put_SessionStartBlock and
 * CalculateDiscIdentifier and IdentifyFileSystemsOnDisc.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * put_MultisessionInterfaces takes the array as documented: exactly one element InUse, supported on the
 * medium and of a kind this implementation writes (IMultisessionSequential), or none InUse and then the
 * first supported sequential one, which is set InUse. The chosen element's properties are all read and
 * checked before anything changes, so a refused array leaves the image (and the client's objects) as
 * they were.
 */
#include <wchar.h>

#include "import_disc.h"

#define MEMBER L"MultisessionInterfaces"

void image_multisession_clear(struct fs_image *image)
{
    if (image->session)
        IMultisessionSequential_Release(image->session);
    if (image->multisession)
        SafeArrayDestroy(image->multisession);
    image->session = NULL;
    image->multisession = NULL;
}

/* What the chosen element says about the disc. */
struct session_facts {
    VARIANT_BOOL first_data_session;
    LONG start, last_written, next_writable, free_sectors;
    int media_type; /* IMAPI_MEDIA_PHYSICAL_TYPE or RECORDER_NO_MEDIA_TYPE */
};

static HRESULT bad_parameter(const WCHAR *property, LONG index, HRESULT hr)
{
    return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                     L"MultisessionInterfaces element %ld: its %ls cannot be read (0x%08lX).", (long)index, property,
                     (unsigned long)hr);
}

/* Media a session can never be added to (pressed discs), and media written in place rather than in
 * sessions, where an empty disc still takes a first "previous" session of nothing. */
static BOOL read_only_media(int type)
{
    return type == IMAPI_MEDIA_TYPE_CDROM || type == IMAPI_MEDIA_TYPE_DVDROM || type == IMAPI_MEDIA_TYPE_BDROM ||
           type == IMAPI_MEDIA_TYPE_HDDVDROM;
}

static BOOL overwritable_media(int type)
{
    return type == IMAPI_MEDIA_TYPE_DVDPLUSRW || type == IMAPI_MEDIA_TYPE_DVDDASHRW ||
           type == IMAPI_MEDIA_TYPE_DVDRAM || type == IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER ||
           type == IMAPI_MEDIA_TYPE_BDRE || type == IMAPI_MEDIA_TYPE_HDDVDRAM || type == IMAPI_MEDIA_TYPE_DISK;
}

/* Reads and checks every property of the chosen element (index for the messages). */
static HRESULT read_session_facts(IMultisessionSequential *session, LONG index, struct session_facts *facts)
{
    IDiscRecorder2 *recorder = NULL;
    ULONG profiles;
    LONG first_profile;
    HRESULT hr;

    if (FAILED(hr = IMultisessionSequential_get_IsFirstDataSession(session, &facts->first_data_session)))
        return bad_parameter(L"IsFirstDataSession", index, hr);
    if (FAILED(hr = IMultisessionSequential_get_StartAddressOfPreviousSession(session, &facts->start)))
        return bad_parameter(L"StartAddressOfPreviousSession", index, hr);
    if (FAILED(hr = IMultisessionSequential_get_LastWrittenAddressOfPreviousSession(session, &facts->last_written)))
        return bad_parameter(L"LastWrittenAddressOfPreviousSession", index, hr);
    if (FAILED(hr = IMultisessionSequential_get_NextWritableAddress(session, &facts->next_writable)))
        return bad_parameter(L"NextWritableAddress", index, hr);
    if (FAILED(hr = IMultisessionSequential_get_FreeSectorsOnMedia(session, &facts->free_sectors)))
        return bad_parameter(L"FreeSectorsOnMedia", index, hr);
    if (FAILED(hr = IMultisessionSequential_get_ImportRecorder(session, &recorder)) || !recorder)
        return bad_parameter(L"ImportRecorder", index, FAILED(hr) ? hr : E_POINTER);
    hr = recorder_current_media_type(recorder, &facts->media_type, &profiles, &first_profile);
    IDiscRecorder2_Release(recorder);
    if (FAILED(hr))
        return bad_parameter(L"ImportRecorder's CurrentProfiles", index, hr);
    if (!profiles)
        return com_error(IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, IMAGE_IID,
                         L"MultisessionInterfaces element %ld: its recorder has no medium.", (long)index);
    if (read_only_media(facts->media_type))
        return com_error(IMAPI_E_IMPORT_MEDIA_NOT_ALLOWED, IMAGE_IID,
                         L"MultisessionInterfaces element %ld: a session cannot be added to the read-only medium in "
                         L"its recorder (profile 0x%04lX).", (long)index, (unsigned long)first_profile);
    if (facts->free_sectors < 0 || facts->next_writable < 0)
        return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                         L"MultisessionInterfaces element %ld: NextWritableAddress %ld and FreeSectorsOnMedia %ld "
                         L"cannot be negative.", (long)index, (long)facts->next_writable, (long)facts->free_sectors);
    if (facts->first_data_session || facts->next_writable == 0) {
        /* Blank: nothing to import. Documented as a failure except on media written in place. */
        if (!overwritable_media(facts->media_type))
            return com_error(IMAPI_E_IMPORT_SEEK_FAILURE, IMAGE_IID,
                             L"MultisessionInterfaces element %ld: the medium is blank (IsFirstDataSession %ls, "
                             L"NextWritableAddress %ld): there is no previous session to seek to.",
                             (long)index, facts->first_data_session ? L"True" : L"False", (long)facts->next_writable);
        return S_OK;
    }
    if (facts->start < 0 || facts->last_written < facts->start || facts->next_writable <= facts->last_written)
        return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                         L"MultisessionInterfaces element %ld: the previous session [%ld, %ld] and the next writable "
                         L"address %ld do not follow each other.", (long)index, (long)facts->start,
                         (long)facts->last_written, (long)facts->next_writable);
    return S_OK;
}

/* One element: its IMultisession (a reference) and what it says of itself. */
struct candidate {
    IMultisession *multisession;
    VARIANT_BOOL supported, in_use;
};

static HRESULT read_candidate(SAFEARRAY *array, LONG index, struct candidate *c)
{
    VARIANT element;
    HRESULT hr;

    VariantInit(&element);
    if (FAILED(hr = SafeArrayGetElement(array, &index, &element)))
        return com_error(E_INVALIDARG, IMAGE_IID, L"MultisessionInterfaces element %ld cannot be read (0x%08lX).",
                         (long)index, (unsigned long)hr);
    if ((V_VT(&element) != VT_DISPATCH && V_VT(&element) != VT_UNKNOWN) || !V_UNKNOWN(&element)) {
        hr = com_error(E_INVALIDARG, IMAGE_IID,
                       L"MultisessionInterfaces element %ld is not an object (VARIANT type %u); each must be a "
                       L"VT_DISPATCH IMultisession.", (long)index, (unsigned)V_VT(&element));
        VariantClear(&element);
        return hr;
    }
    hr = IUnknown_QueryInterface(V_UNKNOWN(&element), &IID_IMultisession, (void **)&c->multisession);
    VariantClear(&element);
    if (FAILED(hr) || !c->multisession) {
        c->multisession = NULL;
        return com_error(FAILED(hr) ? hr : E_NOINTERFACE, IMAGE_IID,
                         L"MultisessionInterfaces element %ld is not an IMultisession (0x%08lX).", (long)index,
                         (unsigned long)hr);
    }
    if (FAILED(hr = IMultisession_get_IsSupportedOnCurrentMediaState(c->multisession, &c->supported)))
        return bad_parameter(L"IsSupportedOnCurrentMediaState", index, hr);
    if (FAILED(hr = IMultisession_get_InUse(c->multisession, &c->in_use)))
        return bad_parameter(L"InUse", index, hr);
    return S_OK;
}

/* Picks the element to use (its index), by the documented rule. */
static HRESULT choose(struct candidate *c, LONG count, LONG *chosen, IMultisessionSequential **sequential)
{
    LONG in_use = -1, supported = 0;

    *chosen = -1;
    *sequential = NULL;
    for (LONG i = 0; i < count; i++) {
        if (c[i].supported)
            supported++;
        if (!c[i].in_use)
            continue;
        if (in_use >= 0)
            return com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                             L"MultisessionInterfaces elements %ld and %ld are both InUse; at most one may be.",
                             (long)in_use, (long)i);
        in_use = i;
    }
    if (in_use >= 0) {
        if (!c[in_use].supported)
            return com_error(IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, IMAGE_IID,
                             L"MultisessionInterfaces element %ld is InUse but not supported on the current medium.",
                             (long)in_use);
        if (FAILED(IMultisession_QueryInterface(c[in_use].multisession, &IID_IMultisessionSequential,
                                                (void **)sequential)) || !*sequential)
            return com_error(IMAPI_E_INCOMPATIBLE_MULTISESSION_TYPE, IMAGE_IID,
                             L"MultisessionInterfaces element %ld (InUse) is not an IMultisessionSequential, the only "
                             L"kind of multisession a file-system image supports.", (long)in_use);
        *chosen = in_use;
        return S_OK;
    }
    if (!supported)
        return com_error(IMAPI_E_NO_COMPATIBLE_MULTISESSION_TYPE, IMAGE_IID,
                         L"None of the %ld MultisessionInterfaces elements is supported on the current medium.",
                         (long)count);
    for (LONG i = 0; i < count; i++)
        if (c[i].supported && SUCCEEDED(IMultisession_QueryInterface(c[i].multisession, &IID_IMultisessionSequential,
                                                                     (void **)sequential)) && *sequential) {
            *chosen = i;
            return S_OK;
        }
    *sequential = NULL;
    return com_error(IMAPI_E_INCOMPATIBLE_MULTISESSION_TYPE, IMAGE_IID,
                     L"No supported MultisessionInterfaces element is an IMultisessionSequential, the only kind of "
                     L"multisession a file-system image supports.");
}

HRESULT STDMETHODCALLTYPE image_put_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    struct candidate *candidates = NULL;
    IMultisessionSequential *sequential = NULL;
    struct session_facts facts = {0};
    SAFEARRAY *copy = NULL;
    LONG lower, upper, count = 0, chosen = -1;
    VARTYPE type = VT_EMPTY;
    BOOL set_in_use = FALSE;
    fsi_error err = {0};
    HRESULT hr;

    if (!value)
        return com_error(E_POINTER, IMAGE_IID, L"MultisessionInterfaces needs an array; it was given NULL.");
    if (SafeArrayGetDim(value) != 1 || FAILED(SafeArrayGetVartype(value, &type)) || type != VT_VARIANT ||
        FAILED(SafeArrayGetLBound(value, 1, &lower)) || FAILED(SafeArrayGetUBound(value, 1, &upper)))
        return com_error(E_INVALIDARG, IMAGE_IID,
                         L"MultisessionInterfaces takes a one-dimensional array of VARIANTs (this one has %u "
                         L"dimensions of type %u).", SafeArrayGetDim(value), (unsigned)type);
    count = upper >= lower ? upper - lower + 1 : 0;
    if (count && !(candidates = calloc((size_t)count, sizeof(*candidates))))
        return out_of_memory_error(IMAGE_IID, MEMBER);
    for (LONG i = 0; i < count; i++)
        if (FAILED(hr = read_candidate(value, lower + i, &candidates[i])))
            goto done;
    if (FAILED(hr = choose(candidates, count, &chosen, &sequential)))
        goto done;
    if (FAILED(hr = read_session_facts(sequential, lower + chosen, &facts)))
        goto done;
    if (FAILED(hr = SafeArrayCopy(value, &copy))) {
        hr = out_of_memory_error(IMAGE_IID, MEMBER);
        goto done;
    }
    /* The element chosen by the image is marked as the one in use, as the client would have. */
    if (!candidates[chosen].in_use) {
        if (FAILED(hr = IMultisession_put_InUse(candidates[chosen].multisession, VARIANT_TRUE))) {
            hr = bad_parameter(L"InUse (set)", lower + chosen, hr);
            goto done;
        }
        set_in_use = TRUE;
    }

    fs_image_enter(image);
    if (fsi_image_set_free_media_blocks(image->core, facts.free_sectors, &err) < 0) {
        fs_image_leave(image);
        hr = com_error_from_core(&err, IMAGE_IID);
        goto done;
    }
    fsi_image_set_session_start(image->core, facts.next_writable, &err); /* checked >= 0 above */
    image_multisession_clear(image);
    image->multisession = copy;
    image->session = sequential;
    copy = NULL;
    sequential = NULL;
    set_in_use = FALSE;
    fs_image_changed(image);
    fs_image_leave(image);
    hr = com_success(S_OK);

done:
    if (set_in_use) /* refused after all: the client's object as it was */
        IMultisession_put_InUse(candidates[chosen].multisession, VARIANT_FALSE);
    if (copy)
        SafeArrayDestroy(copy);
    if (sequential)
        IMultisessionSequential_Release(sequential);
    for (LONG i = 0; i < count; i++)
        if (candidates[i].multisession)
            IMultisession_Release(candidates[i].multisession);
    free(candidates);
    return hr;
}

/* A copy of the array as it was put; before that, an empty one (the docs describe no "not set" error). */
HRESULT STDMETHODCALLTYPE image_get_MultisessionInterfaces(IFileSystemImage3 *iface, SAFEARRAY **value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    HRESULT hr = S_OK;

    if (!value)
        return null_pointer_error(IMAGE_IID, MEMBER);
    *value = NULL;
    fs_image_enter(image);
    if (image->multisession)
        hr = SafeArrayCopy(image->multisession, value);
    else if (!(*value = SafeArrayCreateVector(VT_VARIANT, 0, 0)))
        hr = E_OUTOFMEMORY;
    fs_image_leave(image);
    if (FAILED(hr)) {
        *value = NULL;
        return out_of_memory_error(IMAGE_IID, MEMBER);
    }
    return com_success(S_OK);
}

HRESULT STDMETHODCALLTYPE image_get_SessionStartBlock(IFileSystemImage3 *iface, LONG *value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);

    if (!value)
        return null_pointer_error(IMAGE_IID, L"SessionStartBlock");
    fs_image_enter(image);
    *value = fsi_image_session_start(image->core);
    fs_image_leave(image);
    return com_success(S_OK);
}

/* Free before MultisessionInterfaces is set (an image for a known place on a disc). After, the disc fixes
 * it: a sequential disc is written at its NextWritableAddress and nowhere else, so only that value is
 * accepted (the docs: it may not be changed once a previous session is there). */
HRESULT STDMETHODCALLTYPE image_put_SessionStartBlock(IFileSystemImage3 *iface, LONG value)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    fsi_error err = {0};
    LONG current;

    fs_image_enter(image);
    current = fsi_image_session_start(image->core);
    if (image->session && value != current) {
        fs_image_leave(image);
        return com_error(IMAPI_E_INVALID_PARAM, IMAGE_IID,
                         L"SessionStartBlock %ld: MultisessionInterfaces is set, so the session starts at the "
                         L"disc's next writable address, %ld.", (long)value, (long)current);
    }
    if (fsi_image_set_session_start(image->core, value, &err) < 0) {
        fs_image_leave(image);
        return com_error_from_core(&err, IMAGE_IID);
    }
    fs_image_changed(image);
    fs_image_leave(image);
    return com_success(S_OK);
}

/* ------------------------------------------------------------------ CalculateDiscIdentifier */

/* 64-bit FNV-1a: a fixed, well-spread digest, small enough to write here. Not for security: the
 * identifier only tells one disc state from another (the docs say it is not guaranteed unique). */
static uint64_t fnv1a(uint64_t hash, const void *data, size_t len)
{
    const BYTE *p = data;

    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

/* Whether a sector of the volume descriptor area still belongs to it: an ISO 9660 descriptor other than
 * the set terminator, or a UDF volume recognition descriptor other than TEA01 (ECMA-119 8, ECMA-167 2/9). */
static BOOL descriptor_continues(const BYTE *sector, BOOL *last)
{
    static const char *const ids[] = {"CD001", "BEA01", "NSR02", "NSR03", "BOOT2", "CDW02", "TEA01"};

    for (size_t i = 0; i < ARRAYSIZE(ids); i++)
        if (!memcmp(sector + 1, ids[i], 5)) {
            *last = (i == 0 && sector[0] == 255) || !strcmp(ids[i], "TEA01");
            return TRUE;
        }
    return FALSE;
}

/* The identifier: the previous session's place on the disc and a digest of its volume descriptors
 * (from sector 16 of the session to the terminator, at most 64 sectors) and of its UDF anchor (sector
 * 256 of the session) when the session reaches that far. Those sectors name the volume, its size and
 * its dates, so a disc with another session, or the same disc after one more, gives another string:
 * "START-LAST-NEXT-DIGEST", addresses in decimal, the digest in 16 hex digits. */
HRESULT STDMETHODCALLTYPE image_CalculateDiscIdentifier(IFileSystemImage3 *iface, BSTR *id)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    IMultisessionSequential *session;
    uint64_t hash = 0xcbf29ce484222325ull;
    BYTE sector[2048];
    WCHAR text[80];
    LONG next = 0;
    fsi_error err = {0};
    fsi_disc disc;
    HRESULT hr;

    if (!id)
        return null_pointer_error(IMAGE_IID, L"CalculateDiscIdentifier");
    *id = NULL;
    fs_image_enter(image);
    if ((session = image->session))
        IMultisessionSequential_AddRef(session);
    fs_image_leave(image);
    if (!session)
        return com_error(IMAPI_E_MULTISESSION_NOT_SET, IMAGE_IID,
                         L"CalculateDiscIdentifier needs MultisessionInterfaces, which is not set.");
    hr = import_disc_open_multisession(session, &disc);
    if (SUCCEEDED(hr) && FAILED(IMultisessionSequential_get_NextWritableAddress(session, &next)))
        hr = com_error(IMAPI_E_BAD_MULTISESSION_PARAMETER, IMAGE_IID,
                       L"The multisession object no longer tells its NextWritableAddress.");
    IMultisessionSequential_Release(session);
    if (FAILED(hr))
        return hr;

    for (uint32_t i = 0; i < 64 && disc.session_start + 16 + i < disc.end; i++) {
        BOOL last = FALSE;
        if (disc.read(disc.ctx, disc.session_start + 16 + i, 1, sector, &err) < 0)
            goto read_failed;
        if (!descriptor_continues(sector, &last))
            break;
        hash = fnv1a(hash, sector, sizeof(sector));
        if (last)
            break;
    }
    if (disc.session_start + 256 < disc.end) {
        if (disc.read(disc.ctx, disc.session_start + 256, 1, sector, &err) < 0)
            goto read_failed;
        hash = fnv1a(hash, sector, sizeof(sector));
    }
    swprintf(text, ARRAYSIZE(text), L"%lu-%ld-%ld-%016llX", (unsigned long)disc.session_start,
             (long)disc.end - 1, (long)next, (unsigned long long)hash);
    import_disc_close_recorder(&disc);
    if (!(*id = SysAllocString(text)))
        return out_of_memory_error(IMAGE_IID, L"CalculateDiscIdentifier");
    return com_success(S_OK);

read_failed:
    import_disc_close_recorder(&disc);
    return com_error_from_core(&err, IMAGE_IID);
}

/* ------------------------------------------------------------------ IdentifyFileSystemsOnDisc */

/* NULL recorder: the previous session of the disc of MultisessionInterfaces (IMAPI_E_MULTISESSION_NOT_SET
 * without one). A recorder: its disc from sector 0, as far as the drive reads (import_identify stops at a
 * sector past the end the drive refuses only when disc->end says so, so a failing read is the drive's
 * error). */
HRESULT STDMETHODCALLTYPE image_IdentifyFileSystemsOnDisc(IFileSystemImage3 *iface, IDiscRecorder2 *recorder,
                                                          FsiFileSystems *found)
{
    struct fs_image *image = impl_from_IFileSystemImage3(iface);
    IMultisessionSequential *session = NULL;
    uint32_t systems = 0;
    fsi_error err = {0};
    fsi_disc disc;
    HRESULT hr;

    if (!found)
        return null_pointer_error(IMAGE_IID, L"IdentifyFileSystemsOnDisc");
    *found = FsiFileSystemNone;
    if (recorder) {
        hr = import_disc_open_recorder(recorder, &disc);
    } else {
        fs_image_enter(image);
        if ((session = image->session))
            IMultisessionSequential_AddRef(session);
        fs_image_leave(image);
        if (!session)
            return com_error(IMAPI_E_MULTISESSION_NOT_SET, IMAGE_IID,
                             L"IdentifyFileSystemsOnDisc without a recorder reads the disc of MultisessionInterfaces, "
                             L"which is not set.");
        hr = import_disc_open_multisession(session, &disc);
        IMultisessionSequential_Release(session);
    }
    if (FAILED(hr))
        return hr;
    if (import_identify(&disc, &systems, &err) < 0) {
        import_disc_close_recorder(&disc);
        return com_error_from_core(&err, IMAGE_IID);
    }
    import_disc_close_recorder(&disc);
    *found = (FsiFileSystems)systems;
    return com_success(S_OK);
}
