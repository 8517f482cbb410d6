// SPDX-License-Identifier: LGPL-2.1-or-later
// The check helpers of every JScript test, which evaluates this file at global scope as its first statement.

// Checks that failed.
var failures = 0;

// One line per check; a "FAIL" line fails the ctest test.
function check(passed, what) {
    WScript.Echo((passed ? "ok - " : "FAIL - ") + what);
    if (!passed)
        failures++;
}

// The script's last statement: SCRIPT-OK, which passes the test, only when every check passed (cscript
// itself exits 0 when a script dies, so the missing line is what fails it then).
function report() {
    WScript.Echo(failures == 0 ? "SCRIPT-OK" : "SCRIPT-FAILED " + failures);
}

// An HRESULT as Microsoft writes it: JScript numbers are signed, e.number is negative for a failure.
function hex(n) {
    return "0x" + ((n >>> 0).toString(16).toUpperCase());
}
