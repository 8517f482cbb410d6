/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UDF names as libudfread hands them out, and the rules a UDF name must follow to match its source name. */
#ifndef ORACLE_UDF_NAMES_H
#define ORACLE_UDF_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* A file identifier holds at most 255 bytes of CS0 (UDF 2.1.1, ECMA-167 4/14.4.4: L_FI is one byte);
 * a volume identifier, a 32-byte dstring, holds 31. */
#define UDF_FILE_NAME_CS0_MAX 255
#define UDF_VOLUME_ID_CS0_MAX 31

/* libudfread turns each 16-bit CS0 unit into UTF-8 on its own, so a character outside the BMP arrives as two
 * encoded surrogates (CESU-8), and U+0000 as C0 80. Returns the name in real UTF-8 (malloc'ed), or NULL when
 * it holds a lone surrogate, a NUL or a broken sequence. */
char *udf_name_to_utf8(const char *mutf8);

/* Bytes the UTF-8 name takes as CS0: compression ID 8 (one byte a character) when every character is at
 * most U+00FF, else ID 16 (two bytes a UTF-16 unit); the leading compression ID byte included. */
size_t udf_cs0_size(const char *utf8);

enum udf_name_match {
    UDF_NAME_SAME,
    UDF_NAME_CUT,       /* the source name does not fit in limit bytes; the image name is a proper prefix */
    UDF_NAME_DIFFERENT,
};

/* How a recorded name stands to the source name it should hold, when at most limit CS0 bytes fit. */
enum udf_name_match udf_name_match(const char *image, const char *source, size_t limit);

#endif
