/* fsi_parse_file_systems: the names the native tools take after -fs.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "check.h"
#include "fsi_core.h"

int main(void)
{
    uint32_t mask = 99;

    CHECK(fsi_parse_file_systems("iso9660", &mask) && mask == FSI_FS_ISO9660);
    CHECK(fsi_parse_file_systems("joliet,iso9660", &mask) && mask == (FSI_FS_ISO9660 | FSI_FS_JOLIET));
    CHECK(fsi_parse_file_systems("iso9660,joliet,udf", &mask) && mask == 7);
    CHECK(fsi_parse_file_systems("udf,udf", &mask) && mask == FSI_FS_UDF);
    CHECK(!fsi_parse_file_systems("", &mask) && mask == 0);
    CHECK(!fsi_parse_file_systems("iso", &mask));
    CHECK(!fsi_parse_file_systems("iso9660x", &mask));
    CHECK(!fsi_parse_file_systems("iso9660,,udf", &mask));
    CHECK(!fsi_parse_file_systems("ISO9660", &mask));
    return check_report();
}
