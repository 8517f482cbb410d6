/* libFuzzer target: import_read_udf on the input as a memory disc, and again with its tags made whole
 * (udf_retag.h) when they were not. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "udf_retag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_tree(const fsi_disc *disc, const import_limits *limits)
{
    import_tree *tree = NULL;
    fsi_error err = {0};
    fsi_hresult hr = import_read_udf(disc, limits, &tree, &err);
    if (hr < 0)
        fuzz_check_failure(hr, &err);
    else
        fuzz_check_tree(tree, FSI_FS_UDF, limits);
    import_tree_free(tree);
}

static void read_both(const uint8_t *data, size_t size)
{
    fsi_disc disc;
    import_disc_from_memory(data, size, &disc);
    read_tree(&disc, &fuzz_default_limits);
    read_tree(&disc, &fuzz_tight_limits);
    import_disc_close(&disc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_both(data, size);
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (udf_retag(copy, size))
        read_both(copy, size);
    free(copy);
    return 0;
}
