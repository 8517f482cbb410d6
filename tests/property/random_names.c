/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "random_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter_case.h"
#include "splitmix.h"

static const char *const scripts[] = {
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßčšžČŠŽłŁőŐğĞ",
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ",
    "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "日本語中文字漢東京北京上海大小山川田木水火金土月人口目耳手足あいうえおかきくけこアイウエオカキクケコ한국어가나다라마바사",
};
enum { SCRIPT_COUNT = sizeof(scripts) / sizeof(scripts[0]), LATIN = 0 };

/* Windows forbids \ / : * ? " < > |, Joliet also ';' */
static const char punctuation[] = " -_()[]{}+=,!#$%&'@^`~.";
static const char *const extensions[] = {".txt", ".TXT", ".tar.gz", ".jpeg", ".b", ".longextension", ".c"};
enum { EXTENSION_COUNT = sizeof(extensions) / sizeof(extensions[0]) };

/* Latin letters and versions of them with diacritics, which ISO 9660 names map back to the letter. */
static const char *const accented[][2] = {
    {"a", "àáâäå"}, {"e", "èéêë"}, {"i", "ìíîï"}, {"o", "òóôöő"}, {"u", "ùúûü"},
    {"c", "čç"},    {"s", "š"},    {"z", "ž"},    {"n", "ñ"},     {"g", "ğ"},  {"l", "ł"},
};

/* ---- code points ---- */

static size_t decode_utf8(const char *s, uint32_t *out, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n < max) {
        uint32_t c = *p;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
        p++;
        while (more-- > 0 && *p)
            c = c << 6 | (*p++ & 0x3F);
        out[n++] = c;
    }
    return n;
}

static uint32_t pick_from(const char *chars, uint64_t *rng)
{
    uint32_t cps[256];
    size_t n = decode_utf8(chars, cps, 256);
    return cps[rng_below(rng, n)];
}

static uint32_t pick_emoji(uint64_t *rng)
{
    static const uint32_t ranges[][2] = {{0x1F300, 0x1F3FF}, {0x1F600, 0x1F64F}, {0x1F680, 0x1F6C5}};
    const uint32_t *r = ranges[rng_below(rng, 3)];
    return r[0] + (uint32_t)rng_below(rng, r[1] - r[0] + 1);
}

static size_t units_of(uint32_t c)
{
    return c > 0xFFFF ? 2 : 1;
}

/* ---- building a name ---- */

static void put(struct random_name *n, uint32_t c)
{
    if (n->count < NAME_MAX_CPS)
        n->cps[n->count++] = c;
}

static void put_text(struct random_name *n, const char *utf8)
{
    uint32_t cps[NAME_MAX_CPS];
    size_t count = decode_utf8(utf8, cps, NAME_MAX_CPS);
    for (size_t i = 0; i < count; i++)
        put(n, cps[i]);
}

static void put_word(struct random_name *n, int script, size_t length, uint64_t *rng)
{
    for (size_t i = 0; i < length; i++)
        put(n, script < 0 ? pick_emoji(rng) : pick_from(scripts[script], rng));
}

static void put_separator(struct random_name *n, uint64_t *rng)
{
    static const char separators[] = " -_.";
    put(n, (uint32_t)separators[rng_below(rng, sizeof(separators) - 1)]);
}

static void put_extension(struct random_name *n, uint64_t *rng)
{
    if (rng_below(rng, 4))
        put_text(n, extensions[rng_below(rng, EXTENSION_COUNT)]);
}

/* One to three words, each in a script of its own (emoji count as one), with an extension. */
static void shape_words(struct random_name *n, uint64_t *rng)
{
    int words = 1 + (int)rng_below(rng, 3);
    for (int w = 0; w < words; w++) {
        int script = rng_below(rng, 8) == 0 ? -1 : (int)rng_below(rng, SCRIPT_COUNT);
        if (w)
            put_separator(n, rng);
        put_word(n, script, 1 + rng_below(rng, script < 0 ? 3 : 12), rng);
    }
    put_extension(n, rng);
}

/* Dots and spaces where file systems treat them specially: leading dots, runs, many extensions. */
static void shape_dots(struct random_name *n, uint64_t *rng)
{
    switch (rng_below(rng, 5)) {
    case 0:
        put(n, '.');
        break;
    case 1:
        put_text(n, "..");
        break;
    case 2:
        put(n, ' ');
        break;
    default:
        break;
    }
    int parts = 1 + (int)rng_below(rng, 5);
    for (int p = 0; p < parts; p++) {
        if (p)
            put_text(n, rng_below(rng, 3) ? "." : rng_below(rng, 2) ? ".." : "  ");
        put_word(n, (int)rng_below(rng, 2), 1 + rng_below(rng, 6), rng);
        if (rng_below(rng, 4) == 0)
            put(n, (uint32_t)punctuation[rng_below(rng, sizeof(punctuation) - 1)]);
    }
}

/* Long names: 32 (beyond ISO 9660 level 2) to 120 UTF-16 units (beyond Joliet's 64). */
static void shape_long(struct random_name *n, uint64_t *rng)
{
    size_t target = 32 + rng_below(rng, NAME_MAX_UNITS - 32 + 1), units = 0;
    int script = (int)rng_below(rng, SCRIPT_COUNT);
    while (units < target && n->count < NAME_MAX_CPS) {
        uint32_t c = rng_below(rng, 10) == 0 ? (uint32_t)' '
                   : rng_below(rng, 30) == 0 ? pick_emoji(rng) : pick_from(scripts[script], rng);
        if (units + units_of(c) > target)
            break;
        put(n, c);
        units += units_of(c);
    }
}

/* A member of a family whose names map to the same ISO 9660 identifier: the stem as it is, with
 * diacritics, with punctuation inside, with a suffix beyond 8 characters, in another case. */
static void shape_family(struct random_name *n, const struct random_name *stem, uint64_t *rng)
{
    unsigned variant = (unsigned)rng_below(rng, 5);
    size_t cut = stem->count ? rng_below(rng, stem->count) : 0;

    for (size_t i = 0; i < stem->count; i++) {
        uint32_t c = stem->cps[i];
        if (variant == 1 && rng_below(rng, 3) == 0) {
            for (size_t a = 0; a < sizeof(accented) / sizeof(accented[0]); a++)
                if (c == (uint32_t)accented[a][0][0])
                    c = pick_from(accented[a][1], rng);
        }
        if (variant == 2 && i == cut)
            put(n, (uint32_t)" +-,&'"[rng_below(rng, 6)]);
        put(n, variant == 4 ? letter_upper(c) : c);
    }
    if (variant == 3) {
        put(n, '_');
        put_word(n, LATIN, 1 + rng_below(rng, 3), rng);
    }
    put_extension(n, rng);
}

/* A name used in some folder, in another case (upper, lower or each letter flipped at random). */
static void shape_case_twin(struct random_name *n, const struct random_name *used, uint64_t *rng)
{
    unsigned mode = (unsigned)rng_below(rng, 3);
    for (size_t i = 0; i < used->count; i++) {
        uint32_t c = used->cps[i];
        uint32_t flipped = letter_upper(c) != c ? letter_upper(c) : letter_lower(c);
        put(n, mode == 0 ? letter_upper(c) : mode == 1 ? letter_lower(c) : rng_below(rng, 2) ? flipped : c);
    }
}

/* ---- finishing: limits, Windows' rules, the folder key ---- */

static void encode_utf8(const uint32_t *cps, size_t count, char *out)
{
    unsigned char *p = (unsigned char *)out;
    for (size_t i = 0; i < count; i++) {
        uint32_t c = cps[i];
        if (c < 0x80) {
            *p++ = (unsigned char)c;
        } else if (c < 0x800) {
            *p++ = (unsigned char)(0xC0 | c >> 6);
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *p++ = (unsigned char)(0xE0 | c >> 12);
            *p++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *p++ = (unsigned char)(0xF0 | c >> 18);
            *p++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
            *p++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    *p = 0;
}

static size_t utf8_bytes_of(uint32_t c)
{
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

static void finish(struct random_name *n)
{
    size_t units = 0, bytes = 0, keep = 0, key_count = 0;
    uint32_t key[64];

    /* Linux takes names of up to 255 UTF-8 bytes */
    for (; keep < n->count && units + units_of(n->cps[keep]) <= NAME_MAX_UNITS &&
           bytes + utf8_bytes_of(n->cps[keep]) <= 255; keep++) {
        units += units_of(n->cps[keep]);
        bytes += utf8_bytes_of(n->cps[keep]);
    }
    n->count = keep;
    if (n->count == 0)
        put(n, 'x');
    /* Windows drops a trailing space or dot */
    if (n->cps[n->count - 1] == ' ' || n->cps[n->count - 1] == '.')
        n->cps[n->count - 1] = 'z';
    encode_utf8(n->cps, n->count, n->utf8);
    /* a Joliet identifier keeps 64 units, 63 when the 64th would split a surrogate pair */
    units = 0;
    for (size_t i = 0; i < n->count && units + units_of(n->cps[i]) <= 64; i++) {
        key[key_count++] = letter_upper(n->cps[i]);
        units += units_of(n->cps[i]);
    }
    encode_utf8(key, key_count, n->key);
}

static int taken(const struct name_set *set, const struct random_name *n)
{
    for (int i = 0; i < set->count; i++)
        if (!strcmp(set->items[i].key, n->key))
            return 1;
    return 0;
}

static void generate(struct name_pool *pool, struct random_name *n, uint64_t *rng)
{
    unsigned shape = (unsigned)rng_below(rng, 100);

    memset(n, 0, sizeof(*n));
    if (shape < 40)
        shape_words(n, rng);
    else if (shape < 52)
        shape_dots(n, rng);
    else if (shape < 64)
        shape_long(n, rng);
    else if (shape < 82)
        shape_family(n, &pool->stems[rng_below(rng, 4)], rng);
    else if (shape < 94 && pool->used_count)
        shape_case_twin(n, &pool->used[rng_below(rng, (uint64_t)pool->used_count)], rng);
    else
        put_word(n, (int)rng_below(rng, SCRIPT_COUNT), 1 + rng_below(rng, 2), rng);
    finish(n);
}

int random_name_add(struct name_pool *pool, struct name_set *set, uint64_t *rng)
{
    struct random_name n;
    int tries = 0;

    do {
        generate(pool, &n, rng);
        if (++tries > 50) { /* a short name in a small folder may have no free variant left */
            memset(&n, 0, sizeof(n));
            put_word(&n, LATIN, 16, rng);
            finish(&n);
        }
    } while (taken(set, &n));
    set->items = realloc(set->items, (size_t)(set->count + 1) * sizeof(*set->items));
    pool->used = realloc(pool->used, (size_t)(pool->used_count + 1) * sizeof(*pool->used));
    if (!set->items || !pool->used) {
        fprintf(stderr, "gen_random_tree: out of memory\n");
        exit(1);
    }
    set->items[set->count] = n;
    pool->used[pool->used_count++] = n;
    return set->count++;
}

void name_set_init(struct name_set *set)
{
    set->items = NULL;
    set->count = 0;
}

void name_set_free(struct name_set *set)
{
    free(set->items);
}

void name_pool_init(struct name_pool *pool, uint64_t *rng)
{
    static const char *const words[] = {"resume", "report", "document", "cafe", "naive", "zurich", "facade"};
    pool->used = NULL;
    pool->used_count = 0;
    for (int s = 0; s < 3; s++) {
        memset(&pool->stems[s], 0, sizeof(pool->stems[s]));
        put_text(&pool->stems[s], words[rng_below(rng, sizeof(words) / sizeof(words[0]))]);
        finish(&pool->stems[s]);
    }
    /* a stem longer than level 2's 31 characters, for names equal in their first 31 */
    memset(&pool->stems[3], 0, sizeof(pool->stems[3]));
    put_word(&pool->stems[3], LATIN, 34 + rng_below(rng, 10), rng);
    finish(&pool->stems[3]);
}

void name_pool_free(struct name_pool *pool)
{
    free(pool->used);
}
