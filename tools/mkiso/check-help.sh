#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# check-help.sh MKISO_EXE OPTIONS_C: mkiso --help (run under Wine) must name every option options.c parses
# (each L"-..." literal), every media name and every emulation name of its tables, so the help cannot
# fall behind the parser. Prints "help-ok" when it does.
set -u
help=$(wine "$1" --help) || { echo "mkiso --help failed"; exit 1; }
names=$(grep -o 'L"-[-a-z]*"' "$2" | tr -d 'L"' | sort -u)
tables=$(sed -n -e '/media_names\[\] = {/,/};/p' -e '/emulation_names\[\] = {/,/};/p' "$2" |
         grep -o 'L"[a-z_0-9]*"' | tr -d 'L"')
[ -n "$names" ] && [ -n "$tables" ] || { echo "no options found in $2"; exit 1; }
status=0
for word in $names $tables; do
    # A word of the help text: between blanks, brackets, bars, commas or parentheses.
    printf '%s\n' "$help" | grep -q -e "[][ (|,]$word[][ ,)|]" -e "[][ (|,]$word\$" ||
        { echo "mkiso --help lacks $word"; status=1; }
done
[ $status = 0 ] && echo help-ok
exit $status
