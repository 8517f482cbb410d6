/* libFuzzer target: import_read_iso9660, primary and Joliet trees, on the input as a memory disc.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_tree(const fsi_disc *disc, int joliet, const import_limits *limits)
{
    import_tree *tree = NULL;
    fsi_error err = {0};
    fsi_hresult hr = import_read_iso9660(disc, joliet, limits, &tree, &err);
    if (hr < 0)
        fuzz_check_failure(hr, &err);
    else
        fuzz_check_tree(tree, joliet ? FSI_FS_JOLIET : FSI_FS_ISO9660, limits);
    import_tree_free(tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fsi_disc disc;
    import_disc_from_memory(data, size, &disc);
    for (int joliet = 0; joliet < 2; joliet++) {
        read_tree(&disc, joliet, &fuzz_default_limits);
        read_tree(&disc, joliet, &fuzz_tight_limits);
    }
    import_disc_close(&disc);
    return 0;
}
