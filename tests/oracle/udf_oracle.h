/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The tally every check of udf_oracle adds to. */
#ifndef ORACLE_UDF_ORACLE_H
#define ORACLE_UDF_ORACLE_H

struct udf_check {
    unsigned long problems;
    unsigned long files_checked;
};

/* Counts one problem and prints it as one line. */
void udf_problem(struct udf_check *check, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
