/* The file systems' names as command lines spell them ("iso9660,joliet,udf"), for the native tools.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "fsi_core.h"

static const struct {
    const char *name;
    uint32_t bit;
} file_system_names[] = {{"iso9660", FSI_FS_ISO9660}, {"joliet", FSI_FS_JOLIET}, {"udf", FSI_FS_UDF}};

int fsi_parse_file_systems(const char *list, uint32_t *mask)
{
    *mask = 0;
    while (*list) {
        size_t length = strcspn(list, ",");
        size_t i;

        for (i = 0; i < sizeof(file_system_names) / sizeof(file_system_names[0]); i++)
            if (strlen(file_system_names[i].name) == length && !strncmp(list, file_system_names[i].name, length))
                break;
        if (i == sizeof(file_system_names) / sizeof(file_system_names[0]))
            return 0;
        *mask |= file_system_names[i].bit;
        list += length + (list[length] == ',');
    }
    return *mask != 0;
}
