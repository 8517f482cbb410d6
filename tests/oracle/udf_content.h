/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef ORACLE_UDF_CONTENT_H
#define ORACLE_UDF_CONTENT_H

#include <stdint.h>
#include <udfread/udfread.h>

enum udf_verdict { UDF_CONTENT_SAME, UDF_CONTENT_DIFFERENT, UDF_IMAGE_UNREADABLE, UDF_SOURCE_UNREADABLE };

/* Compares every byte of a file in the image, read through libudfread, with a file on disk; *offset is the
 * first difference (or where reading stopped). */
enum udf_verdict udf_content_compare(UDFFILE *image_file, const char *disk_path, uint64_t *offset);

#endif
