/* ISO 9660 and Joliet names: mapping per level, "_N" / "~N" uniqueness, order, Joliet truncation.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "check.h"
#include "iso_names.h"
#include "joliet_names.h"

static fsi_char *u16(const char *s) { return fsi_utf8_to_utf16(s); }

/* The mapped name as UTF-8 (ASCII for ISO names). */
static const char *text(const mapped_name *m)
{
    static char out[4 * NAME_MAX_UNITS + 1];
    fsi_char units[NAME_MAX_UNITS + 1];
    memcpy(units, m->units, m->len * sizeof(fsi_char));
    units[m->len] = 0;
    fsi_utf16_to_utf8(units, out, sizeof(out));
    return out;
}

static void check_iso(const char *name, int is_dir, int level, const char *expected, int exact)
{
    fsi_char *n = u16(name);
    mapped_name m;
    iso_map_name(n, is_dir, level, &m);
    CHECK_MSG(!strcmp(text(&m), expected), "level %d %s \"%s\" -> \"%s\", expected \"%s\"", level,
              is_dir ? "dir" : "file", name, text(&m), expected);
    CHECK_MSG(m.exact == exact, "\"%s\" exact %d, expected %d", name, m.exact, exact);
    fsi_free(n);
}

static void test_iso_mapping(void)
{
    check_iso("readme.txt", 0, 1, "README.TXT", 1);
    check_iso("README.TXT", 0, 2, "README.TXT", 1);
    check_iso("longfilename.text", 0, 1, "LONGFILE.TEX", 0);
    check_iso("longfilename.text", 0, 2, "LONGFILENAME.TEXT", 1);
    check_iso("a b+c.tx t", 0, 2, "A_B_C.TX_T", 0);
    check_iso("archive.tar.gz", 0, 2, "ARCHIVE_TAR.GZ", 0);
    check_iso("noext", 0, 1, "NOEXT", 1);
    check_iso("my.folder", 1, 2, "MY_FOLDER", 0);
    check_iso("averyverylongdirectoryname", 1, 1, "AVERYVER", 0);
    check_iso("d234567890123456789012345678901234", 1, 2, "D234567890123456789012345678901", 0);
    /* Level 2: name and extension together at most 30 characters. */
    check_iso("f2345678901234567890123456789012345.abc", 0, 2, "F23456789012345678901234567.ABC", 0);
    check_iso("x.e2345678901234567890123456789012345", 0, 2, "X.E2345678901234567890123456789", 0);
    check_iso("\xc3\xbc" "ber.txt", 0, 2, "_BER.TXT", 0);
    check_iso("\xf0\x9f\x98\x80.txt", 0, 2, "_.TXT", 0); /* one '_' for a surrogate pair */
    check_iso(".profile", 0, 1, ".PRO", 0);
}

static void check_joliet(const char *name, const char *expected, int exact)
{
    fsi_char *n = u16(name);
    mapped_name m;
    joliet_map_name(n, &m);
    CHECK_MSG(!strcmp(text(&m), expected), "joliet \"%s\" -> \"%s\", expected \"%s\"", name, text(&m), expected);
    CHECK_MSG(m.exact == exact, "joliet \"%s\" exact %d, expected %d", name, m.exact, exact);
    fsi_free(n);
}

static void test_joliet_mapping(void)
{
    char long_name[200], expected[200];
    check_joliet("Hello World.txt", "Hello World.txt", 1);
    check_joliet("a;b.txt", "a_b.txt", 0);
    check_joliet("\xc3\xbc" "ber", "\xc3\xbc" "ber", 1);

    /* 70 characters: cut to the first 64 units. */
    memset(long_name, 'n', 66);
    strcpy(long_name + 66, ".txt");
    memset(expected, 'n', 64);
    expected[64] = 0;
    check_joliet(long_name, expected, 0);

    /* A surrogate pair straddling unit 64 is dropped whole, never split. */
    fsi_char units[80];
    for (int i = 0; i < 63; i++)
        units[i] = 'a';
    units[63] = 0xD83D;
    units[64] = 0xDE00;
    units[65] = 'z';
    units[66] = 0;
    mapped_name m;
    joliet_map_name(units, &m);
    CHECK(m.len == 63);
    CHECK(m.units[62] == 'a');
    units[62] = 0xD83D;
    units[63] = 0xDE00;
    joliet_map_name(units, &m);
    CHECK(m.len == 64);
    CHECK(m.units[62] == 0xD83D && m.units[63] == 0xDE00);
}

static void map_all_iso(const char **names, size_t n, int level, mapped_name *out)
{
    for (size_t i = 0; i < n; i++) {
        fsi_char *u = u16(names[i]);
        iso_map_name(u, 0, level, &out[i]);
        fsi_free(u);
    }
}

static void test_unique(void)
{
    const char *names[] = {"longfilename1.txt", "longfilename2.txt", "LONGFILE.TXT", "longfilename3.txt", "b+.c",
                           "b_.c"};
    const char *expected[] = {"LONGFI_1.TXT", "LONGFI_2.TXT", "LONGFILE.TXT", "LONGFI_3.TXT", "B__1.C", "B_.C"};
    const uint8_t renamed[] = {1, 1, 0, 1, 1, 0};
    mapped_name m[6];
    map_all_iso(names, 6, 1, m);
    for (int i = 0; i < 6; i++)
        CHECK(m[i].renamed == 0);
    CHECK(names_make_unique(m, 6, '_') == -1);
    for (int i = 0; i < 6; i++)
        CHECK_MSG(!strcmp(text(&m[i]), expected[i]), "unique #%d \"%s\", expected \"%s\"", i, text(&m[i]),
                  expected[i]);
    for (int i = 0; i < 6; i++)
        CHECK_MSG(m[i].renamed == renamed[i], "unique #%d renamed %d", i, m[i].renamed);

    /* Many alike names: _10 and beyond shorten the base further, within 8 characters. */
    enum { MANY = 120 };
    static mapped_name many[MANY];
    char buf[64];
    for (int i = 0; i < MANY; i++) {
        snprintf(buf, sizeof(buf), "document%03d.txt", i);
        fsi_char *u = u16(buf);
        iso_map_name(u, 0, 1, &many[i]);
        fsi_free(u);
    }
    CHECK(names_make_unique(many, MANY, '_') == -1);
    CHECK(!strcmp(text(&many[0]), "DOCUMENT.TXT"));
    CHECK(!strcmp(text(&many[1]), "DOCUME_1.TXT"));
    CHECK(!strcmp(text(&many[10]), "DOCUM_10.TXT"));
    CHECK(!strcmp(text(&many[100]), "DOCU_100.TXT"));
    for (int i = 0; i < MANY; i++)
        for (int j = i + 1; j < MANY; j++)
            CHECK_MSG(mapped_name_compare(many[i].units, many[i].len, many[j].units, many[j].len) != 0,
                      "duplicate %s", text(&many[i]));

    /* Joliet: unique after truncation, case ignored, no version. */
    mapped_name j[3];
    char a[80], b[80];
    memset(a, 'x', 70);
    strcpy(a + 70, "A");
    memset(b, 'x', 70);
    strcpy(b + 70, "B");
    fsi_char *ua = u16(a), *ub = u16(b), *uc = u16("XXXX");
    joliet_map_name(ua, &j[0]);
    joliet_map_name(ub, &j[1]);
    joliet_map_name(uc, &j[2]);
    CHECK(names_make_unique(j, 3, '~') == -1);
    CHECK(j[0].len == 64 && j[1].len == 64);
    CHECK(j[1].units[61] == 'x' && j[1].units[62] == '~' && j[1].units[63] == '1');
    fsi_free(ua);
    fsi_free(ub);
    fsi_free(uc);
}

static void test_no_unique_name(void)
{
    /* Level 2, an extension of 30 characters leaves no room for "~N". */
    const char *names[] = {"a.e23456789012345678901234567890", "b.e23456789012345678901234567890"};
    mapped_name m[2];
    map_all_iso(names, 2, 2, m);
    CHECK(!strcmp(text(&m[0]), "A.E2345678901234567890123456789"));
    CHECK(!strcmp(text(&m[1]), "B.E2345678901234567890123456789"));
    CHECK(names_make_unique(m, 2, '_') == -1); /* different already */

    const char *same[] = {"x.e23456789012345678901234567890", "x.e23456789012345678901234567890z"};
    map_all_iso(same, 2, 2, m);
    CHECK(names_make_unique(m, 2, '_') == 1);
}

static int compare_text(const char *a, const char *b)
{
    fsi_char *x = u16(a), *y = u16(b);
    int r = mapped_name_compare(x, fsi_strlen16(x), y, fsi_strlen16(y));
    fsi_free(x);
    fsi_free(y);
    return r;
}

static void test_order(void)
{
    /* §9.3: shorter name first (space padding), then the extension; '.' sorts before d-characters. */
    CHECK(compare_text("A.TXT", "AB.TXT") < 0);
    CHECK(compare_text("A.Z", "A0.A") < 0);
    CHECK(compare_text("AB", "A_") < 0);
    CHECK(compare_text("Z", "_") < 0);
    CHECK(compare_text("ABC", "ABC") == 0);
    CHECK(compare_text("B", "A") > 0);
}

int main(void)
{
    test_iso_mapping();
    test_joliet_mapping();
    test_unique();
    test_no_unique_name();
    test_order();
    return check_report();
}
