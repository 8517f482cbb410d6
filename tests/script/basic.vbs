' SPDX-License-Identifier: LGPL-2.1-or-later
' The job as a VBScript user writes it: build an image of a folder, look at it, create the result.
' Usage: cscript //nologo basic.vbs SMALL_TREE_FOLDER
' Prints one line per check and SCRIPT-OK only when every check passed (cscript itself exits 0 on errors).
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

Dim fso : Set fso = CreateObject("Scripting.FileSystemObject")
Dim files, folders
Sub CountTree(folder)
    Dim sub_folder
    files = files + folder.Files.Count
    folders = folders + folder.SubFolders.Count
    For Each sub_folder In folder.SubFolders
        CountTree sub_folder
    Next
End Sub

Dim source : source = Replace(WScript.Arguments(0), "/", "\")
Dim base : base = fso.GetFileName(source)
files = 0 : folders = 0
CountTree fso.GetFolder(source)

Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
Dim emptyDirectories : emptyDirectories = fsi.DirectoryCount
fsi.FileSystemsToCreate = 3
fsi.VolumeName = "Script_Image"
Check fsi.FileSystemsToCreate = 3, "FileSystemsToCreate reads back 3"
Check fsi.VolumeName = "Script_Image", "VolumeName reads back"
Check fsi.VolumeNameISO9660 = "SCRIPT_IMAGE", "VolumeNameISO9660 is " & fsi.VolumeNameISO9660
Check fsi.VolumeNameJoliet = "Script_Image", "VolumeNameJoliet is " & fsi.VolumeNameJoliet

fsi.Root.AddTree source, True
Check fsi.FileCount = files, "FileCount " & fsi.FileCount & " = " & files & " files in the folder"
Check fsi.DirectoryCount = emptyDirectories + folders + 1, "DirectoryCount " & fsi.DirectoryCount & " = " & (emptyDirectories + folders + 1)
Check fsi.Root.Count = 1, "the root holds the base folder"
Check fsi.Root.Item(base).Name = base, "Root.Item(""" & base & """).Name"
Check fsi.Root(base).FullPath = "\" & base, "Root(""" & base & """).FullPath is " & fsi.Root(base).FullPath
Check fsi.Exists("\" & base) = 1, "Exists of the base folder is FsiItemDirectory"
Check fsi.Exists("\" & base & "\no such file") = 0, "Exists of a missing file is FsiItemNotFound"

Dim item, names, seen, file
names = "" : seen = 0
For Each item In fsi.Root(base)
    names = names & item.Name & ";"
    seen = seen + 1
Next
Check seen = fsi.Root(base).Count, "For Each saw " & seen & " items, Count is " & fsi.Root(base).Count
For Each file In fso.GetFolder(source).Files
    Check InStr(";" & names, ";" & file.Name & ";") > 0, "For Each lists " & file.Name
    Check fsi.Exists("\" & base & "\" & file.Name) = 2, "Exists(" & file.Name & ") is FsiItemFile"
    Check fsi.Root(base).Item(file.Name).DataSize = file.Size, file.Name & " DataSize " & file.Size
Next

' A file added from a stream: the ISO image manager opens any file as an IStream.
Dim manager, firstFile
For Each file In fso.GetFolder(source).Files
    If IsEmpty(firstFile) Then Set firstFile = file
Next
Set manager = CreateObject("IMAPI2FS.MsftIsoImageManager")
manager.SetPath firstFile.Path
Check manager.Path = firstFile.Path, "MsftIsoImageManager.Path reads back"
fsi.Root.AddDirectory "streams"
fsi.Root.AddFile "streams\copy.bin", manager.Stream
Check fsi.Root.Item("streams\copy.bin").DataSize = firstFile.Size, "AddFile from a stream keeps its size"
fsi.Root.AddDirectory "streams\gone"
fsi.Root.Remove "streams\gone"
Check fsi.Exists("\streams\gone") = 0, "Remove of an empty folder"
fsi.Root.RemoveTree "streams"
Check fsi.Exists("\streams") = 0, "RemoveTree"
Check fsi.FileCount = files, "FileCount back to " & files

Dim result : Set result = fsi.CreateResultImage()
Check result.BlockSize = 2048, "BlockSize is 2048"
Check result.TotalBlocks > 16, "TotalBlocks " & result.TotalBlocks
Check result.TotalBlocks = fsi.UsedBlocks, "TotalBlocks = UsedBlocks " & fsi.UsedBlocks

' The result stream is a valid image: the image manager checks its volume descriptors.
Dim checker : Set checker = CreateObject("IMAPI2FS.MsftIsoImageManager")
checker.SetStream result.ImageStream
On Error Resume Next
checker.Validate
Check Err.Number = 0, "MsftIsoImageManager.Validate of the result stream (" & Hex(Err.Number) & " " & Err.Description & ")"
On Error GoTo 0

Report
