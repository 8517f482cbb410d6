/* The contract test: the reference vtable list against the widl header, the type library and the
 * message table.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef CONTRACT_H
#define CONTRACT_H

#include <stddef.h>
#include <windows.h>
#include <ole2.h>

#include "imapi2fs.h"
#include "imapi2fserror.h"

/* One vtable slot of the reference list. generated_slot is offsetof() on the generated vtable. */
struct contract_row {
    const char *interface_name;
    const char *method;
    unsigned reference_slot;
    size_t generated_slot;
    int has_dispid;
    DISPID dispid;
    const char *signature; /* "HRESULT([in] LONG newVal, [out,retval] BSTR* pVal)" */
};

struct contract_interface {
    const char *name;
    const WCHAR *reference_iid;
    const IID *generated_iid;
    size_t generated_slots;
    unsigned reference_slots;
};

struct contract_code {
    const char *name;
    HRESULT value;
};

extern const struct contract_row *const contract_row_list;
extern const size_t contract_row_count;
extern const struct contract_interface *const contract_interface_list;
extern const size_t contract_interface_count;
extern const struct contract_code *const contract_code_list;
extern const size_t contract_code_count;

/* Every check ends in exactly one of these. */
void contract_pass(void);
void contract_fail(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* Prints "N passed, M failed"; returns the process exit code. */
int contract_summary(void);
/* A wide string as UTF-8 for messages, in one of a few rotating static buffers. */
const char *contract_utf8(const WCHAR *text);

void check_header(void);
void check_type_library(const WCHAR *path);
/* Called by check_type_library for each member it finds. */
void check_parameters(const struct contract_row *row, ITypeInfo *owner, const FUNCDESC *func);
void check_messages(const WCHAR *module_path);
void check_version(const WCHAR *module_path);

#endif
