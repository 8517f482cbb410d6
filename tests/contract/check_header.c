/* The widl header against the reference list: every method in its reference slot, every vtable exactly
 * as long as the reference says, every IID equal to the reference's.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "contract.h"

static void check_slots(void)
{
    for (size_t i = 0; i < contract_row_count; i++) {
        const struct contract_row *row = &contract_row_list[i];

        if (row->generated_slot == row->reference_slot)
            contract_pass();
        else
            contract_fail("%s::%s: generated header has slot %u, reference has slot %u", row->interface_name,
                          row->method, (unsigned)row->generated_slot, row->reference_slot);
    }
}

static void check_interface(const struct contract_interface *iface)
{
    WCHAR generated[40];

    if (iface->generated_slots == iface->reference_slots)
        contract_pass();
    else
        contract_fail("%s: generated vtable has %u slots, reference has %u", iface->name,
                      (unsigned)iface->generated_slots, iface->reference_slots);

    StringFromGUID2(iface->generated_iid, generated, ARRAYSIZE(generated));
    if (!lstrcmpiW(generated, iface->reference_iid))
        contract_pass();
    else
        contract_fail("%s: generated IID %s, reference IID %s", iface->name, contract_utf8(generated),
                      contract_utf8(iface->reference_iid));
}

void check_header(void)
{
    check_slots();
    for (size_t i = 0; i < contract_interface_count; i++)
        check_interface(&contract_interface_list[i]);
}
