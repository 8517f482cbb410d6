' SPDX-License-Identifier: LGPL-2.1-or-later
' What PowerShell's New-IsoFile does: an image created with a VolumeName, ChooseImageDefaultsForMediaType
' (8 = DVD+R DL), the settings read back, AddTree, CreateResultImage and its TotalBlocks; then a bad media
' type through Err. The bytes of such an image are checked by tests/com/test_media.c.
' Usage: cscript //nologo media.vbs SMALL_TREE_FOLDER
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
fsi.VolumeName = "New_IsoFile"
fsi.ChooseImageDefaultsForMediaType 8
Check fsi.FileSystemsToCreate = 7, "FileSystemsToCreate is " & fsi.FileSystemsToCreate & ", expected 7"
Check fsi.FreeMediaBlocks = 4173824, "FreeMediaBlocks is " & fsi.FreeMediaBlocks & ", expected 4173824"
Check fsi.UDFRevision = &H102, "UDFRevision is " & Hex(fsi.UDFRevision) & ", expected 102"

fsi.Root.AddTree Replace(WScript.Arguments(0), "/", "\"), False
Dim result : Set result = fsi.CreateResultImage()
Check result.TotalBlocks > 0 And result.TotalBlocks <= 4173824, "TotalBlocks " & result.TotalBlocks
Check result.TotalBlocks = fsi.UsedBlocks, "TotalBlocks " & result.TotalBlocks & " = UsedBlocks " & fsi.UsedBlocks

On Error Resume Next
fsi.ChooseImageDefaultsForMediaType 20
Check Err.Number = &HC0AAB101, "media type 20: Err.Number " & Hex(Err.Number) & ", expected C0AAB101"
Check InStr(Err.Description, "20") > 0, "media type 20: Err.Description names it: " & Err.Description
Err.Clear
On Error GoTo 0
Check fsi.FileSystemsToCreate = 7 And fsi.FreeMediaBlocks = 4173824 And fsi.UDFRevision = &H102, _
      "a bad media type changes nothing"

Report
