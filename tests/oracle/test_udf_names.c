/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* udf_oracle's name rules, so that a wrong rule cannot silently pass or fail every image. */
#include "udf_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

static void decodes(const char *mutf8, const char *utf8, const char *what)
{
    char *got = udf_name_to_utf8(mutf8);

    expect(utf8 ? got && !strcmp(got, utf8) : !got, what);
    free(got);
}

static char *repeat(const char *head, const char *unit, size_t count)
{
    char *s = malloc(strlen(head) + strlen(unit) * count + 1);

    strcpy(s, head);
    for (size_t i = 0; i < count; i++)
        strcat(s, unit);
    return s;
}

static void cut_names(void)
{
    char *narrow_fits = repeat("", "a", 254), *narrow_long = repeat("", "\xC3\xA9", 255);
    char *wide_fits = repeat("\xC4\x80", "a", 126), *wide_long = repeat("\xC4\x80", "a", 200);
    char *wide_cut = repeat("\xC4\x80", "a", 126), *narrow_cut = repeat("", "\xC3\xA9", 254);

    expect(udf_cs0_size(narrow_fits) == 255, "254 ASCII characters take 255 bytes (ID 8)");
    expect(udf_cs0_size(narrow_long) == 256, "255 x U+00E9 take 256 bytes (ID 8)");
    expect(udf_cs0_size(wide_fits) == 255, "U+0100 + 126 ASCII take 255 bytes (ID 16)");
    expect(udf_cs0_size("\xF0\x9F\x98\x80") == 5, "U+1F600 takes a surrogate pair (ID 16)");
    expect(udf_cs0_size("") == 1, "an empty name is its compression ID");
    expect(udf_name_match(narrow_fits, narrow_fits, 255) == UDF_NAME_SAME, "the same name matches");
    expect(udf_name_match(narrow_cut, narrow_long, 255) == UDF_NAME_CUT, "a too long name may be cut");
    expect(udf_name_match(wide_cut, wide_long, 255) == UDF_NAME_CUT, "a too long wide name may be cut");
    expect(udf_name_match("a", narrow_fits, 255) == UDF_NAME_DIFFERENT, "a name that fits may not be cut");
    expect(udf_name_match("b", wide_long, 255) == UDF_NAME_DIFFERENT, "a cut must be a prefix");
    expect(udf_name_match("", wide_long, 255) == UDF_NAME_DIFFERENT, "a cut may not be empty");
    expect(udf_name_match("\xC3", "\xC3\xA9x", 1) == UDF_NAME_DIFFERENT, "a cut ends between characters");
    expect(udf_name_match("Report.txt", "report.txt", 255) == UDF_NAME_DIFFERENT, "case matters");
    expect(udf_name_match("VOLUME", "VOLUME LABEL LONGER THAN THIRTY ONE", 31) == UDF_NAME_CUT,
           "a volume identifier over 30 characters may be cut");
    expect(udf_name_match("VOLUME", "VOLUME LABEL", 31) == UDF_NAME_DIFFERENT,
           "a volume identifier that fits may not be cut");
    free(narrow_fits);
    free(narrow_long);
    free(wide_fits);
    free(wide_long);
    free(wide_cut);
    free(narrow_cut);
}

int main(void)
{
    decodes("plain.txt", "plain.txt", "ASCII stays");
    decodes("caf\xC3\xA9", "caf\xC3\xA9", "two-byte sequences stay");
    decodes("\xE6\x97\xA5", "\xE6\x97\xA5", "three-byte sequences stay");
    decodes("\xED\xA0\xBD\xED\xB8\x80.txt", "\xF0\x9F\x98\x80.txt", "a CESU-8 surrogate pair becomes U+1F600");
    decodes("\xED\xA0\xBD.txt", NULL, "a lone high surrogate is refused");
    decodes("a\xED\xB8\x80", NULL, "a lone low surrogate is refused");
    decodes("a\xC0\x80" "b", NULL, "an encoded NUL is refused");
    decodes("\xC3", NULL, "a cut sequence is refused");
    cut_names();
    if (failures) {
        printf("test_udf_names: %d failures\n", failures);
        return 1;
    }
    printf("test_udf_names: ok\n");
    return 0;
}
