/* UTF-16 values inside UTF-8 error messages. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FSI_MESSAGE_H
#define FSI_MESSAGE_H
#include "fsi_core.h"

/* Room for a path in a message (fsi_error holds 512 bytes in all). */
typedef struct message_text {
    char utf8[400];
} message_text;

static inline const char *message_utf8(const fsi_char *s, message_text *buf)
{
    fsi_utf16_to_utf8(s, buf->utf8, sizeof(buf->utf8));
    return buf->utf8;
}

#endif
