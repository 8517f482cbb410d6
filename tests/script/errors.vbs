' SPDX-License-Identifier: LGPL-2.1-or-later
' Bad input as a VBScript user meets it: On Error Resume Next, then Err.Number (the HRESULT as a
' signed long) and Err.Description (which must name the bad value); the image must stay as it was.
' Usage: cscript //nologo errors.vbs SMALL_TREE_FOLDER
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

Dim fsi, before
Function Snapshot()
    Dim item, listing
    listing = fsi.FileCount & "/" & fsi.DirectoryCount & "/" & fsi.UsedBlocks & ":"
    For Each item In fsi.Root
        listing = listing & item.Name & ";"
    Next
    Snapshot = listing
End Function

' Checks the error the previous statement raised, then clears it.
Sub Expect(code, needle, what)
    Check Err.Number = code, what & ": Err.Number &H" & Hex(Err.Number) & ", expected &H" & Hex(code)
    Check Len(Err.Description) > 0 And InStr(1, Err.Description, needle, vbTextCompare) > 0, _
          what & ": Err.Description """ & Err.Description & """ names " & needle
    Check Snapshot() = before, what & ": the image is unchanged"
    Err.Clear
End Sub

Dim source : source = Replace(WScript.Arguments(0), "/", "\")
Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
fsi.FileSystemsToCreate = 3
fsi.VolumeName = "ERRORS"
fsi.Root.AddTree source, False
fsi.Root.AddDirectory "dir"
fsi.Root.AddDirectory "dir\sub"
before = Snapshot()

On Error Resume Next
fsi.Root.AddDirectory "dir"
Expect &HC0AAB112, "dir", "AddDirectory of an existing folder"
fsi.Root.AddDirectory "DIR"
Expect &HC0AAB112, "dir", "AddDirectory differing only in case"
fsi.Root.AddDirectory "bad*name"
Expect &HC0AAB110, "bad*name", "AddDirectory with '*'"
fsi.Root.Remove "dir"
Expect &HC0AAB10A, "dir", "Remove of a non-empty folder"
Dim kind : kind = fsi.Exists("relative\path")
Expect &HC0AAB110, "relative", "Exists of a relative path"
fsi.VolumeName = "BAD*NAME"
Expect &HC0AAB104, "BAD*NAME", "VolumeName with '*'"
Check fsi.VolumeName = "ERRORS", "VolumeName unchanged"
fsi.VolumeName = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"
Expect &HC0AAB104, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "VolumeName of 33 characters"
fsi.FileSystemsToCreate = 0
Expect &HC0AAB101, "FileSystemsToCreate", "FileSystemsToCreate = 0"
Check fsi.FileSystemsToCreate = 3, "FileSystemsToCreate unchanged"
fsi.ISO9660InterchangeLevel = 4
Expect &HC0AAB101, "ISO9660InterchangeLevel", "ISO9660InterchangeLevel = 4"
fsi.Root.AddTree source & "\no-such-folder", True
If Err.Number = &H80070003 Then
    Expect &H80070003, "no-such-folder", "AddTree of a missing folder"
Else
    Expect &H80070002, "no-such-folder", "AddTree of a missing folder"
End If
Dim missing : Set missing = fsi.Root.Item("nothing-here")
Expect &HC0AAB118, "nothing-here", "Root.Item of a missing item"
fsi.NoSuchMember = 1
Check Err.Number = 438, "an unknown member is VBScript error 438 (" & Err.Number & ")"
Err.Clear
On Error GoTo 0

Report
