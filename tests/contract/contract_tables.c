/* The tables generated from the reference list (contract_table.h), compiled against the widl header.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "contract.h"

#include "contract_table.h"

const struct contract_row *const contract_row_list = contract_rows;
const size_t contract_row_count = ARRAYSIZE(contract_rows);
const struct contract_interface *const contract_interface_list = contract_interfaces;
const size_t contract_interface_count = ARRAYSIZE(contract_interfaces);
const struct contract_code *const contract_code_list = contract_codes;
const size_t contract_code_count = ARRAYSIZE(contract_codes);
