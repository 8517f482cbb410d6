/* Minimal test assertions for the native core tests: each failed check prints where and why, and the
 * test exits non-zero at the end. SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef CHECK_H
#define CHECK_H
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures;
static int check_count;

#define CHECK(cond) CHECK_MSG((cond), "%s", #cond)
#define CHECK_MSG(cond, ...)                                                                      \
    do {                                                                                          \
        check_count++;                                                                            \
        if (!(cond)) {                                                                            \
            check_failures++;                                                                     \
            fprintf(stderr, "%s:%d: check failed: ", __FILE__, __LINE__);                         \
            fprintf(stderr, __VA_ARGS__);                                                         \
            fputc('\n', stderr);                                                                  \
        }                                                                                         \
    } while (0)
#define CHECK_HR(expr, expected)                                                                  \
    do {                                                                                          \
        int32_t got_hr_ = (int32_t)(expr);                                                        \
        CHECK_MSG(got_hr_ == (int32_t)(expected), "%s = 0x%08" PRIX32 ", expected 0x%08" PRIX32,  \
                  #expr, (uint32_t)got_hr_, (uint32_t)(expected));                                \
    } while (0)

static inline int check_report(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif
