' SPDX-License-Identifier: LGPL-2.1-or-later
' DFileSystemImageEvents as scripts receive it: WScript.ConnectObject(fsi, "fsi_") and a Sub fsi_Update,
' called per file of an AddTree with copiedSectors 0 then all its sectors (one call for an empty file),
' currentFile the image path, object the image; none after DisconnectObject.
' Wine 8's cscript has no WScript.ConnectObject (error 445, "Object doesn't support this action"): there
' the script says so and checks only that AddTree works with the image's events unheard (the C sinks of
' tests/com/test_events.c cover the calls); on Windows every check runs.
' Usage: cscript //nologo events.vbs SMALL_TREE_FOLDER
Option Explicit
' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.
Dim calls, firsts, lasts, objectOk, sectorsOk, pathsOk
calls = 0 : firsts = 0 : lasts = 0 : objectOk = True : sectorsOk = True : pathsOk = True

Dim fso, source, fsi, root
Set fso = CreateObject("Scripting.FileSystemObject")
source = Replace(WScript.Arguments(0), "/", "\")
Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")

Sub fsi_Update(object, currentFile, copiedSectors, totalSectors)
    calls = calls + 1
    If copiedSectors = 0 Then firsts = firsts + 1
    If copiedSectors = totalSectors And totalSectors > 0 Then lasts = lasts + 1
    If object.FileSystemsToCreate <> fsi.FileSystemsToCreate Then objectOk = False
    If copiedSectors < 0 Or copiedSectors > totalSectors Then sectorsOk = False
    If Left(currentFile, 1) <> "\" Then pathsOk = False
    ' The file's sectors as its size on disk says.
    If copiedSectors = 0 Then
        If Not fso.FileExists(source & currentFile) Then
            pathsOk = False
        ElseIf totalSectors <> Int((fso.GetFile(source & currentFile).Size + 2047) / 2048) Then
            sectorsOk = False
        End If
    End If
End Sub

Dim connected
On Error Resume Next
WScript.ConnectObject fsi, "fsi_"
connected = (Err.Number = 0)
If Err.Number = 445 Then WScript.Echo "skip - this host has no WScript.ConnectObject (error 445)"
Check connected Or Err.Number = 445, "ConnectObject: " & Err.Number & " " & Err.Description
On Error GoTo 0
Set root = fsi.Root
root.AddTree source, False

Dim expectedFiles, nonEmpty
expectedFiles = fsi.FileCount
nonEmpty = 0
Sub CountNonEmpty(folder)
    Dim f, d
    For Each f In folder.Files
        If f.Size > 0 Then nonEmpty = nonEmpty + 1
    Next
    For Each d In folder.SubFolders
        CountNonEmpty d
    Next
End Sub
CountNonEmpty fso.GetFolder(source)

Check expectedFiles > 0, "the tree has " & expectedFiles & " files"
If connected Then
    Check firsts = expectedFiles, "one first call per file: " & firsts & " of " & expectedFiles
    Check lasts = nonEmpty, "one last call per file with data: " & lasts & " of " & nonEmpty
    Check calls = expectedFiles + nonEmpty, "calls " & calls
    Check objectOk, "object is the image"
    Check sectorsOk, "sector counts match the files' sizes"
    Check pathsOk, "currentFile is each file's image path"

    WScript.DisconnectObject fsi
    calls = 0
    root.AddTree source, True
    Check calls = 0, "no calls after DisconnectObject: " & calls
Else
    Check calls = 0, "no handler ran without ConnectObject"
End If

Report
