/* OSTA Compressed Unicode (UDF 2.1.1): names and dstrings. Compression id 8 stores one byte per
 * unit when every unit is below 256, id 16 stores big-endian 16-bit units otherwise.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_UDF_CS0_H
#define FSI_UDF_CS0_H

#include <stddef.h>
#include <stdint.h>

#include "fsi_core.h"

enum { UDF_CS0_MAX_NAME = 255 }; /* a file identifier's length is one byte (ECMA-167 4/14.4.4) */

/* Encodes len units of s (compression id first) in at most max bytes; cuts at a unit boundary that
 * does not split a surrogate pair when the whole does not fit, then appends suffix (ASCII, may be
 * NULL) after the cut. Returns the bytes written; *cut (if not NULL) tells whether s was cut. */
size_t udf_cs0_encode(const fsi_char *s, size_t len, const char *suffix, uint8_t *out, size_t max, int *cut);

/* A dstring field of size bytes (1/7.2.12): the CS0 string, zeros, and its length in the last byte. */
void udf_put_dstring(uint8_t *field, size_t size, const fsi_char *s);
void udf_put_dstring_ascii(uint8_t *field, size_t size, const char *s);

/* Whether two CS0 identifiers name the same file for a reader that ignores ASCII case. */
int udf_cs0_same(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

#endif
