/* ECMA-119 volume descriptors. SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "dirrec.h"
#include "endian.h"
#include "volume_desc.h"

enum {
    TYPE_PRIMARY = 1,
    TYPE_SUPPLEMENTARY = 2,
    TYPE_TERMINATOR = 255,
    DESCRIPTOR_VERSION = 1,
    FILE_STRUCTURE_VERSION = 1,
};

static const char application_id[] = "OPENIMAPI2FS";
static const char joliet_level3_escape[] = "%/E";

static void standard_header(uint8_t *block, uint8_t type)
{
    block[0] = type;
    memcpy(block + 1, "CD001", 5);
    block[6] = DESCRIPTOR_VERSION;
}

/* A text field padded with spaces; UCS-2 big-endian in a Joliet descriptor. */
static void put_text(uint8_t *field, size_t size, const char *text, int ucs2)
{
    size_t n = strlen(text);
    if (!ucs2) {
        memset(field, ' ', size);
        memcpy(field, text, n < size ? n : size);
        return;
    }
    for (size_t i = 0; i + 1 < size; i += 2) {
        field[i] = 0;
        field[i + 1] = i / 2 < n ? (uint8_t)text[i / 2] : ' ';
    }
    if (size & 1)
        field[size - 1] = 0;
}

static uint8_t d_character(fsi_char c)
{
    if (c >= 'a' && c <= 'z')
        return (uint8_t)(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
        return (uint8_t)c;
    return '_';
}

static void put_volume_id(uint8_t field[32], const fsi_char *id, int ucs2)
{
    size_t n = id ? fsi_strlen16(id) : 0;
    put_text(field, 32, "", ucs2);
    if (!ucs2) {
        for (size_t i = 0; i < n && i < 32; i++)
            field[i] = d_character(id[i]);
        return;
    }
    if (n > 16)
        n = (id[15] >= 0xD800 && id[15] <= 0xDBFF) ? 15 : 16;
    for (size_t i = 0; i < n; i++)
        put_be16(field + 2 * i, id[i]);
}

/* §8.4.26.1: "YYYYMMDDHHMMSScc" and the offset from GMT in 15-minute units. */
static void put_volume_date(uint8_t out[17], const civil_time *c)
{
    char text[17];
    if (c)
        snprintf(text, sizeof(text), "%04d%02d%02d%02d%02d%02d%02d", c->year, c->month, c->day, c->hour,
                 c->minute, c->second, c->hundredths);
    else
        memset(text, '0', 16);
    memcpy(out, text, 16);
    out[16] = 0;
}

void volume_desc_write(uint8_t block[FSI_BLOCK_SIZE], const volume_desc *vd)
{
    civil_time created = civil_from_fsi_time(vd->created);
    int ucs2 = vd->joliet;

    memset(block, 0, FSI_BLOCK_SIZE);
    standard_header(block, ucs2 ? TYPE_SUPPLEMENTARY : TYPE_PRIMARY);
    put_text(block + 8, 32, "", ucs2);              /* system identifier */
    put_volume_id(block + 40, vd->volume_id, ucs2);
    put_both32(block + 80, vd->space_size);
    if (ucs2)
        memcpy(block + 88, joliet_level3_escape, 3);
    put_both16(block + 120, 1);                     /* volume set size */
    put_both16(block + 124, 1);                     /* volume sequence number */
    put_both16(block + 128, FSI_BLOCK_SIZE);
    put_both32(block + 132, vd->path_table_size);
    put_le32(block + 140, vd->l_path_table);
    put_be32(block + 148, vd->m_path_table);
    memcpy(block + 156, vd->root_record, VOLUME_DESC_ROOT_RECORD);
    put_text(block + 190, 128, "", ucs2);           /* volume set */
    put_text(block + 318, 128, "", ucs2);           /* publisher */
    put_text(block + 446, 128, "", ucs2);           /* data preparer */
    put_text(block + 574, 128, application_id, ucs2);
    put_text(block + 702, 37, "", ucs2);            /* copyright file */
    put_text(block + 739, 37, "", ucs2);            /* abstract file */
    put_text(block + 776, 37, "", ucs2);            /* bibliographic file */
    put_volume_date(block + 813, &created);
    put_volume_date(block + 830, &created);
    put_volume_date(block + 847, NULL);             /* never expires */
    put_volume_date(block + 864, NULL);             /* effective at once */
    block[881] = FILE_STRUCTURE_VERSION;
}

void volume_desc_write_terminator(uint8_t block[FSI_BLOCK_SIZE])
{
    memset(block, 0, FSI_BLOCK_SIZE);
    standard_header(block, TYPE_TERMINATOR);
}
