/* UTF-16 <-> UTF-8 conversion and Windows-style case-insensitive names.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "casefold.h"
#include "check.h"
#include "fsi_core.h"

static void check_round_trip(const char *utf8, size_t expected_units)
{
    fsi_char *wide = fsi_utf8_to_utf16(utf8);
    char back[256];
    CHECK(wide != NULL);
    CHECK_MSG(fsi_strlen16(wide) == expected_units, "'%s': %zu units, expected %zu", utf8,
              fsi_strlen16(wide), expected_units);
    fsi_utf16_to_utf8(wide, back, sizeof(back));
    CHECK_MSG(strcmp(back, utf8) == 0, "'%s' came back as '%s'", utf8, back);
    fsi_free(wide);
}

static void test_conversions(void)
{
    static const fsi_char lone_high[] = {'a', 0xD83D, 'b', 0};
    static const fsi_char lone_low[] = {0xDE00, 0};
    static const fsi_char emoji[] = {0xD83D, 0xDE00, 0};
    char out[64];
    fsi_char *wide;

    check_round_trip("", 0);
    check_round_trip("plain ASCII", 11);
    check_round_trip("\xC3\xA9t\xC3\xA9", 3);              /* été: 2-byte sequences */
    check_round_trip("\xE6\x96\x87\xE4\xBB\xB6", 2);       /* 文件: 3-byte sequences */
    check_round_trip("x\xF0\x9F\x98\x80y", 4);              /* U+1F600: a surrogate pair */

    wide = fsi_utf8_to_utf16("\xF0\x9F\x98\x80");
    CHECK(wide[0] == 0xD83D && wide[1] == 0xDE00 && wide[2] == 0);
    fsi_free(wide);

    fsi_utf16_to_utf8(lone_high, out, sizeof(out));
    CHECK_MSG(strcmp(out, "a\xEF\xBF\xBD" "b") == 0, "lone high surrogate gave '%s'", out);
    fsi_utf16_to_utf8(lone_low, out, sizeof(out));
    CHECK(strcmp(out, "\xEF\xBF\xBD") == 0);

    /* Truncation keeps whole characters and always terminates. */
    fsi_utf16_to_utf8(emoji, out, 4);
    CHECK_MSG(out[0] == 0, "a 4-byte character in 3 bytes of room gave '%s'", out);
    fsi_utf16_to_utf8(emoji, out, 5);
    CHECK(strcmp(out, "\xF0\x9F\x98\x80") == 0);

    /* Malformed UTF-8 gives U+FFFD per bad byte; an overlong form is refused too. */
    wide = fsi_utf8_to_utf16("a\xFF" "b\xC0\xAF");
    CHECK(wide[0] == 'a' && wide[1] == 0xFFFD && wide[2] == 'b' && wide[3] == 0xFFFD);
    fsi_free(wide);
    wide = fsi_utf8_to_utf16("\xE6\x96");
    CHECK(wide[0] == 0xFFFD);
    fsi_free(wide);
}

static void test_strings(void)
{
    fsi_char *a = fsi_utf8_to_utf16("hello");
    fsi_char *b = fsi_strdup16(a);
    CHECK(b != a && fsi_strlen16(b) == 5 && memcmp(a, b, 6 * sizeof(fsi_char)) == 0);
    fsi_free(a);
    fsi_free(b);
}

static int compare8(const char *x, const char *y)
{
    fsi_char *a = fsi_utf8_to_utf16(x), *b = fsi_utf8_to_utf16(y);
    int order = fsi_name_compare(a, b);
    fsi_free(a);
    fsi_free(b);
    return order;
}

static void test_case_folding(void)
{
    CHECK(compare8("a.txt", "A.TXT") == 0);
    CHECK(compare8("\xC3\xA9t\xC3\xA9", "\xC3\x89T\xC3\x89") == 0);       /* été / ÉTÉ */
    CHECK(compare8("\xD0\xB4\xD0\xBE\xD0\xBC", "\xD0\x94\xD0\x9E\xD0\x9C") == 0); /* дом / ДОМ */
    CHECK(compare8("\xCE\xB1", "\xCE\x91") == 0);                           /* α / Α */
    CHECK(compare8("\xC4\x81", "\xC4\x80") == 0);                           /* ā / Ā: alternating range */
    CHECK(compare8("\xC3\xBF", "\xC5\xB8") == 0);                           /* ÿ / Ÿ */
    CHECK(compare8("\xEF\xBD\x81", "\xEF\xBC\xA1") == 0);                   /* fullwidth a / A */
    CHECK(compare8("\xC3\x9F", "SS") != 0);                                /* ß has no simple upper case */
    CHECK(compare8("\xC4\xB1", "I") != 0);                                 /* dotless i stays itself */
    CHECK(compare8("a", "B") < 0 && compare8("B", "a") > 0);
    CHECK(compare8("ab", "AB") == 0 && compare8("ab", "abc") < 0 && compare8("abc", "AB") > 0);
    CHECK(fsi_upcase('z') == 'Z' && fsi_upcase('[') == '[' && fsi_upcase(0xD83D) == 0xD83D);
    CHECK(fsi_upcase(0x0101) == 0x0100 && fsi_upcase(0x0100) == 0x0100);
}

int main(void)
{
    test_conversions();
    test_strings();
    test_case_folding();
    return check_report();
}
