' SPDX-License-Identifier: LGPL-2.1-or-later
' The check helpers of every VBScript test. tests/script/CMakeLists.txt appends this file to each script and
' runs that copy: Wine 8's VBScript has ExecuteGlobal and Execute only as stubs and its cscript runs no .wsf,
' so a script cannot load it itself. VBScript declares a file's global variables and procedures before it
' runs a line, so the script above calls them, and error line numbers stay those of the script.

' Checks that failed; Empty, which VBScript counts as 0, until the first.
Dim failures

' One line per check; a "FAIL" line fails the ctest test.
Sub Check(passed, what)
    If passed Then
        WScript.Echo "ok - " & what
    Else
        WScript.Echo "FAIL - " & what
        failures = failures + 1
    End If
End Sub

' The script's last statement: SCRIPT-OK, which passes the test, only when every check passed (cscript
' itself exits 0 when a script dies, so the missing line is what fails it then).
Sub Report()
    If failures = 0 Then
        WScript.Echo "SCRIPT-OK"
    Else
        WScript.Echo "SCRIPT-FAILED " & failures
    End If
End Sub
