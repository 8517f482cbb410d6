#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# coverage.sh VTABLES_TSV C_TEST_DIR SCRIPT_TEST_DIR ALLOW_LIST
# The member coverage audit: every member of every interface in vtables.tsv (IUnknown and IDispatch slots
# left out) must be named by at least one C test (C_TEST_DIR/*.c) and, when it has a DISPID, by at least
# one script (SCRIPT_TEST_DIR/*.vbs, *.js). A member inherited by several interfaces (IFsiItem's get_Name
# in IFsiFileItem2, IFileSystemImage's members in IFileSystemImage3) is one member: the interface that
# declares it first, reached through any interface that has it.
#   C:      the COBJMACROS call IFace_member for one of those interfaces, its DISPID_IFACE_MEMBER macro,
#           "lpVtbl->member", or the member's name as a wide string literal (L"FileCount", as a test that
#           calls through IDispatch names it);
#   script: ".Name" (or "_Name", an event handler such as sink_Update), case-insensitive; _NewEnum is
#           reached by "For Each" (VBScript) or "new Enumerator" (JScript).
# ALLOW_LIST lines "Interface.member KIND reason" excuse a missing half: KIND "c-only" (no script can
# reach it: the script half is not required; every member without a DISPID must be listed so), "pending-c",
# "pending-script" or "pending" (both: not covered yet). The audit prints every uncovered member and fails if one is not excused, or if an entry of
# the list excuses nothing (covered by now, or no such member), so the list stays the truth.
set -u
export LC_ALL=C
[ $# -eq 4 ] || { echo "usage: coverage.sh VTABLES_TSV C_TEST_DIR SCRIPT_TEST_DIR ALLOW_LIST" >&2; exit 2; }
tsv=$1 c_dir=$2 script_dir=$3 allow=$4

# One line per member: declarer<TAB>member<TAB>dispid<TAB>interfaces that have it (space-separated).
# The declarer of slot s of interface I is the interface with the fewest slots whose first s+1 methods
# are I's first s+1 methods.
members=$(awk -F'\t' '
    /^#/ || NF < 6 { next }
    {
        if (!($1 in count)) order[++n] = $1
        name[$1, $3] = $4; dispid[$1, $3] = $5; count[$1] = $3 + 1
    }
    END {
        for (k = 1; k <= n; k++) {
            i = order[k]
            first = (name[i, 3] == "GetTypeInfoCount") ? 7 : 3
            for (s = first; s < count[i]; s++) {
                best = i
                for (m = 1; m <= n; m++) {
                    j = order[m]
                    if (count[j] <= s || count[j] >= count[best]) continue
                    same = 1
                    for (t = 0; t <= s && same; t++) same = name[i, t] == name[j, t]
                    if (same) best = j
                }
                key = best "\t" name[i, s]
                if (!(key in users)) { keys[++u] = key; did[key] = dispid[i, s] }
                users[key] = users[key] " " i
            }
        }
        for (k = 1; k <= u; k++) print keys[k] "\t" did[keys[k]] "\t" substr(users[keys[k]], 2)
    }' "$tsv")
[ -n "$members" ] || { echo "coverage: no members read from $tsv"; exit 2; }

c_text=$(cat "$c_dir"/*.c)
script_text=$(cat "$script_dir"/*.vbs "$script_dir"/*.js 2>/dev/null)

c_covered() { # member interfaces...
    local member=$1 plain=${1#get_} iface
    plain=${plain#put_}
    shift
    for iface in "$@"; do
        grep -q -E "\\b${iface}_${member}\\b" <<<"$c_text" && return 0
        grep -q -i -F "DISPID_${iface}_${plain}" <<<"$c_text" && return 0
    done
    grep -q -F -e "lpVtbl->${member}(" -e "L\"${plain}\"" <<<"$c_text"
}

script_covered() { # member
    local plain=${1#get_}
    plain=${plain#put_}
    if [ "$plain" = _NewEnum ]; then
        grep -q -i -E "for each|new enumerator" <<<"$script_text"
        return
    fi
    grep -q -i -E "[._]${plain}\\b" <<<"$script_text"
}

# The allow list as "Interface.member KIND" pairs (comments and blank lines dropped).
allowed=$(sed -e 's/#.*//' "$allow" | awk 'NF >= 2 { print $1, $2 }')
used_entries=
status=0 total=0 uncovered=0

excuse() { # Interface.member half ("c" or "script"): prints the KIND that excuses it (c-only first)
    awk -v want="$1" -v half="$2" '
        $1 == want && half == "script" && $2 == "c-only" { print $2; found = 1; exit }
        $1 == want && ($2 == "pending" || $2 == "pending-" half) && !kind { kind = $2 }
        END { if (!found && kind) print kind }' <<<"$allowed"
}

while IFS=$'\t' read -r declarer member dispid users; do
    total=$((total + 1))
    unit="$declarer.$member"
    # shellcheck disable=SC2086 # users is a list of interface names
    c_ok=1; c_covered "$member" $users || c_ok=0
    s_ok=1
    if [ "$dispid" = - ]; then
        # No DISPID: only C reaches it, and the list says so with a reason.
        if [ "$(excuse "$unit" script)" = c-only ]; then
            used_entries="$used_entries $unit:c-only"
        else
            echo "UNMARKED: $unit has no DISPID: list it in $allow as c-only, with the reason"
            status=1
        fi
    else
        script_covered "$member" || s_ok=0
    fi
    for half in c script; do
        if [ $half = c ]; then covered=$c_ok; else covered=$s_ok; fi
        [ "$covered" = 1 ] && continue
        uncovered=$((uncovered + 1))
        kind=$(excuse "$unit" $half)
        if [ -n "$kind" ]; then
            echo "uncovered ($half): $unit [$kind]"
            used_entries="$used_entries $unit:$kind"
        else
            echo "UNCOVERED ($half): $unit - no test names it and $allow does not excuse it"
            status=1
        fi
    done
done <<<"$members"

# Every entry must excuse something now.
while read -r entry kind; do
    [ -n "$entry" ] || continue
    case " $used_entries " in
    *" $entry:$kind "*) ;;
    *) echo "STALE: $allow lists $entry ($kind), which is covered or not a member: remove the line"; status=1 ;;
    esac
done <<<"$allowed"

echo "coverage: $total members, $uncovered uncovered halves, status $status"
exit $status
