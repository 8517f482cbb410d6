/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The oracle's name rules, so that a wrong rule cannot silently pass or fail every image. */
#include "iso_names.h"
#include "tree.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

static void identifier(const char *id, bool is_dir, int level, bool valid)
{
    char what[128];
    snprintf(what, sizeof(what), "%s \"%s\" at level %d is %s", is_dir ? "folder" : "file", id, level,
             valid ? "valid" : "invalid");
    expect((iso9660_identifier_problem(id, is_dir, level) == NULL) == valid, what);
}

int main(void)
{
    char key[64], name[64];

    identifier("README.TXT;1", false, 1, true);
    identifier("README.;1", false, 1, true);
    identifier(".TXT;1", false, 1, true);
    identifier("A_1.B;1", false, 1, true);
    identifier("README;1", false, 1, false);        /* no SEPARATOR 1 */
    identifier("README.TXT", false, 1, false);      /* no version */
    identifier("README.TXT;2", false, 1, false);
    identifier("readme.txt;1", false, 1, false);    /* lower case is not a d-character */
    identifier("NINECHARS.TXT;1", false, 1, false);
    identifier("A.TEXT;1", false, 1, false);
    identifier("A.B.C;1", false, 2, false);
    identifier(".;1", false, 2, false);
    identifier("A-B.TXT;1", false, 2, false);
    identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ.TXT;1", false, 2, true);   /* 26 + 3 + 1 = 30 + "." */
    identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ_.TXT;1", false, 2, true);  /* 31 with its "." */
    identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ__.TXT;1", false, 2, false); /* 32 */
    identifier("DOCS", true, 1, true);
    identifier("EIGHTCHR", true, 1, true);
    identifier("NINECHARS", true, 1, false);
    identifier("NINECHARS", true, 2, true);
    identifier("DIR.EXT", true, 2, false);          /* folders have no extension */
    identifier("DIR;1", true, 2, false);
    identifier("", true, 2, false);
    identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ_1234", true, 2, true);   /* 31 */
    identifier("ABCDEFGHIJKLMNOPQRSTUVWXYZ_12345", true, 2, false); /* 32 */

    iso9660_identifier_key("A.;1", key, sizeof(key));
    expect(!strcmp(key, "A"), "key of A.;1 is A");
    iso9660_identifier_key("A.B;1", key, sizeof(key));
    expect(!strcmp(key, "A.B"), "key of A.B;1 is A.B");

    snprintf(name, sizeof(name), "name.txt;1");
    joliet_strip_version(name);
    expect(!strcmp(name, "name.txt"), "Joliet version stripped");
    snprintf(name, sizeof(name), "name.");
    joliet_strip_version(name);
    expect(!strcmp(name, "name."), "Joliet trailing dot kept");

    expect(utf16_length("abc") == 3, "utf16 length of ASCII");
    expect(utf16_length("é日") == 2, "utf16 length of BMP characters");
    expect(utf16_length("\xF0\x9F\x98\x80") == 2, "utf16 length of a character outside the BMP");

    {
        const char *src65 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB";
        char cut[80];
        snprintf(cut, sizeof(cut), "%.64s", src65);
        expect(joliet_is_truncation(cut, src65), "65 units cut to 64 is a truncation");
        snprintf(cut, sizeof(cut), "%.63s", src65);
        expect(!joliet_is_truncation(cut, src65), "cut to 63 without a pair at the limit is not");
        expect(!joliet_is_truncation(src65 + 1, src65 + 1), "64 units are not truncated");
        /* 63 ASCII then an emoji: the pair would straddle unit 64, so 63 units are the truncation */
        snprintf(cut, sizeof(cut), "%.63s\xF0\x9F\x98\x80", src65);
        expect(joliet_is_truncation(src65 + 2, src65 + 1) == false, "a different name is not a truncation");
        char shorter[80];
        snprintf(shorter, sizeof(shorter), "%.63s", src65);
        expect(joliet_is_truncation(shorter, cut), "63 units before a straddling pair is a truncation");
    }

    printf("%d failed\n", failures);
    return failures != 0;
}
