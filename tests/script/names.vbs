' SPDX-License-Identifier: LGPL-2.1-or-later
' Names as a VBScript user meets them: VolumeName and its per-file-system read-backs (New-IsoFile's default
' title of 20 characters is accepted; bad labels raise IMAPI_E_INVALID_VOLUME_NAME naming them),
' FileSystemName/FileSystemPath of colliding and odd names, and the recorder methods given Nothing. The
' bytes behind these names are checked by tests/com/test_names.c and check_fs_names.sh. (Refusals that name
' a non-ASCII name are checked in settings.js: Wine 8's VBScript reports any failure whose description has
' a non-ASCII character as error 445.)
' Usage: cscript //nologo names.vbs SMALL_TREE_FOLDER
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

' After a statement run under On Error Resume Next: it must have raised code with a description containing
' needle.
Sub CheckError(what, code, needle)
    Check Err.Number = code, what & ": Err.Number " & Hex(Err.Number) & ", expected " & Hex(code)
    Check InStr(1, Err.Description, needle, vbTextCompare) > 0, what & ": Err.Description names '" & _
          needle & "': " & Err.Description
    Err.Clear
End Sub

Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
fsi.FileSystemsToCreate = 7

' ---- VolumeName
fsi.VolumeName = "20240102-030405.6789"
Check fsi.VolumeName = "20240102-030405.6789", "VolumeName reads back: " & fsi.VolumeName
Check fsi.VolumeNameISO9660 = "20240102_030405_6789", "VolumeNameISO9660: " & fsi.VolumeNameISO9660
Check fsi.VolumeNameJoliet = "20240102-030405.", "VolumeNameJoliet: " & fsi.VolumeNameJoliet
Check fsi.VolumeNameUDF = "20240102-030405.6789", "VolumeNameUDF: " & fsi.VolumeNameUDF
fsi.VolumeName = "my disc"
Check fsi.VolumeNameISO9660 = "MY_DISC" And fsi.VolumeNameJoliet = "my disc", "lower case and a space"
On Error Resume Next
fsi.VolumeName = "BAD*NAME"
CheckError "VolumeName BAD*NAME", &HC0AAB104, "BAD*NAME"
fsi.VolumeName = String(33, "V")
CheckError "VolumeName of 33 characters", &HC0AAB104, String(33, "V")
On Error GoTo 0
Check fsi.VolumeName = "my disc", "a refused label changes nothing: " & fsi.VolumeName

' ---- FileSystemName / FileSystemPath
Dim root : Set root = fsi.Root
root.AddDirectory "a+b"
root.AddDirectory "a=b"
root.AddDirectory "a_b"
root.AddDirectory "dir-one"
root.AddDirectory "dir-one\sub dir"
root.AddDirectory "semi;colon"
Check root.Item("a_b").FileSystemName(1) = "A_B", "a_b in ISO 9660: " & root.Item("a_b").FileSystemName(1)
Check root.Item("a+b").FileSystemName(1) = "A_B_1", "a+b in ISO 9660: " & root.Item("a+b").FileSystemName(1)
Check root.Item("a=b").FileSystemName(1) = "A_B_2", "a=b in ISO 9660: " & root.Item("a=b").FileSystemName(1)
Check root.Item("a+b").FileSystemName(2) = "a+b", "a+b in Joliet: " & root.Item("a+b").FileSystemName(2)
Check root.Item("semi;colon").FileSystemName(2) = "semi_colon", "semi;colon in Joliet"
Check root.Item("semi;colon").FileSystemName(4) = "semi;colon", "semi;colon in UDF"
Dim deep : Set deep = root.Item("dir-one\sub dir")
Check deep.FileSystemPath(1) = "\DIR_ONE\SUB_DIR", "ISO 9660 path: " & deep.FileSystemPath(1)
Check deep.FileSystemPath(2) = "\dir-one\sub dir", "Joliet path: " & deep.FileSystemPath(2)
Check deep.FileSystemPath(4) = "\dir-one\sub dir", "UDF path: " & deep.FileSystemPath(4)
Check root.FileSystemPath(1) = "\" And root.FileSystemName(1) = "", "the root"
Dim unused
On Error Resume Next
unused = deep.FileSystemName(3)
CheckError "FileSystemName(3)", &HC0AAB101, "file system"
unused = deep.FileSystemPath(0)
CheckError "FileSystemPath(0)", &HC0AAB101, "file system"
On Error GoTo 0

' ---- recorders: a script has none to give
On Error Resume Next
fsi.ChooseImageDefaults Nothing
CheckError "ChooseImageDefaults Nothing", &H80004003, "ChooseImageDefaults"
fsi.SetMaxMediaBlocksFromDevice Nothing
CheckError "SetMaxMediaBlocksFromDevice Nothing", &H80004003, "SetMaxMediaBlocksFromDevice"
On Error GoTo 0

Report
