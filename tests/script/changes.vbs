' SPDX-License-Identifier: LGPL-2.1-or-later
' Change points as a VBScript user meets them: ChangePoint counting, RollbackToChangePoint after each kind
' of edit (the tree, counts, UsedBlocks, Exists and item properties read back), a setting kept across a
' rollback, LockInChangePoint and the refusals (Err.Number, Err.Description naming the value), a rollback
' refused because ISO 9660 was selected since, a result made after rollbacks, and at UDF 2.01 IsRealTime,
' AddStream and RemoveStream rolled back (UsedBlocks, FileCount, and the streams as AddStream's duplicate
' check sees them).
' Usage: cscript //nologo changes.vbs SMALL_TREE_FOLDER
' Prints one line per check and SCRIPT-OK only when every check passed (cscript itself exits 0 on errors).
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

Const IMAPI_E_INVALID_PARAM = &HC0AAB101
Const IMAPI_E_ISO9660_LEVELS = &HC0AAB131
Const IMAPI_E_DUP_NAME = &HC0AAB112

Dim source : source = Replace(WScript.Arguments(0), "/", "\")
Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")

' Every item below dir with its attributes, one per line.
Function Listing(dir)
    Dim item, text
    text = ""
    For Each item In dir
        text = text & item.FullPath & "|" & CDbl(item.LastModifiedTime) & "|" & item.IsHidden & vbLf
        If TypeName(item) = "IFsiDirectoryItem2" Or TypeName(item) = "IFsiDirectoryItem" Then
            text = text & Listing(item)
        End If
    Next
    Listing = text
End Function

Function State()
    State = fsi.FileCount & "/" & fsi.DirectoryCount & "/" & fsi.UsedBlocks & "/" & fsi.ChangePoint & "/" & _
            fsi.Root.IsHidden & vbLf & Listing(fsi.Root)
End Function

Sub Rollback(point, expected, what)
    On Error Resume Next
    fsi.RollbackToChangePoint point
    Check Err.Number = 0, what & ": RollbackToChangePoint " & point & " gives " & Hex(Err.Number) & " " & Err.Description
    On Error GoTo 0
    Check State() = expected, what & ": everything as it was at change point " & point
End Sub

Check fsi.ChangePoint = 0, "a new image's ChangePoint is " & fsi.ChangePoint
fsi.Root.AddTree source, False
Check fsi.ChangePoint = 1, "ChangePoint after AddTree is " & fsi.ChangePoint
Check InStr(Listing(fsi.Root), "\docs\deeper\leaf.txt|") > 0, "the listing goes down into folders"
Dim before, point

point = fsi.ChangePoint : before = State()
fsi.Root.AddDirectory "new"
fsi.Root.AddDirectory "new\sub"
Check fsi.Exists("\new\sub") = 1, "added folder exists"
Check fsi.ChangePoint = point + 2, "two changes counted"
Rollback point, before, "AddDirectory"
Check fsi.Exists("\new") = 0, "rolled-back folder is gone"

point = fsi.ChangePoint : before = State()
fsi.Root.Remove "readme.txt"
fsi.Root.RemoveTree "docs"
Check fsi.Exists("\docs\deeper\leaf.txt") = 0, "removed"
Rollback point, before, "Remove and RemoveTree"
Check fsi.Exists("\docs\deeper\leaf.txt") = 2, "leaf.txt back"

point = fsi.ChangePoint : before = State()
fsi.Root.RemoveTree "\"
Check fsi.FileCount = 0, "RemoveTree \ empties the image"
Rollback point, before, "RemoveTree \"

point = fsi.ChangePoint : before = State()
fsi.Root.AddTree source, True
Check fsi.Exists("\small\docs\guide.txt") = 2, "AddTree with its base folder"
Rollback point, before, "AddTree"

point = fsi.ChangePoint : before = State()
Dim guide : Set guide = fsi.Root.Item("docs\guide.txt")
guide.LastModifiedTime = DateSerial(2001, 2, 3)
guide.IsHidden = True
fsi.Root.IsHidden = True
fsi.VolumeName = "KEPT"
Rollback point, before, "item properties"
Check guide.IsHidden = False, "guide.txt IsHidden back to False"
Check fsi.VolumeName = "KEPT", "a setting is not rolled back: VolumeName is " & fsi.VolumeName

' Refused points: the HRESULT and a description that names the value and the range.
Sub Refused(value, range, what)
    Dim was : was = State()
    On Error Resume Next
    fsi.RollbackToChangePoint value
    Check Err.Number = IMAPI_E_INVALID_PARAM, what & ": Err.Number " & Hex(Err.Number)
    Check InStr(Err.Description, "change point " & value & " ") > 0 And InStr(Err.Description, range) > 0, _
          what & ": Err.Description """ & Err.Description & """ names " & value & " and " & range
    On Error GoTo 0
    Check State() = was, what & ": nothing changed"
End Sub

point = fsi.ChangePoint
Refused point + 1, "0 to " & point, "a point ahead"
Refused -1, "0 to " & point, "a negative point"
fsi.LockInChangePoint
Check fsi.ChangePoint = point, "LockInChangePoint leaves ChangePoint at " & fsi.ChangePoint
Refused point - 1, point & " to " & point, "a point before the lock-in"
before = State()
fsi.Root.AddDirectory "after lock"
Rollback point, before, "to the locked-in point"

' A rollback that would put back a tree too deep for ISO 9660, selected since: refused, nothing changed.
Dim deep : Set deep = CreateObject("IMAPI2FS.MsftFileSystemImage")
deep.FileSystemsToCreate = 2
Dim path, i : path = ""
For i = 1 To 9
    path = path & "\d" & i
    deep.Root.AddDirectory path
Next
point = deep.ChangePoint
deep.Root.RemoveTree "d1"
deep.FileSystemsToCreate = 3
Dim counts : counts = deep.DirectoryCount & "/" & deep.UsedBlocks & "/" & deep.ChangePoint
On Error Resume Next
deep.RollbackToChangePoint point
Check Err.Number = IMAPI_E_ISO9660_LEVELS, "rollback past ISO 9660's depth: Err.Number " & Hex(Err.Number)
Check InStr(Err.Description, "\d1") > 0, "Err.Description """ & Err.Description & """ names \d1"
On Error GoTo 0
Check deep.DirectoryCount & "/" & deep.UsedBlocks & "/" & deep.ChangePoint = counts, "refused rollback changed nothing"
Check deep.FileSystemsToCreate = 3, "FileSystemsToCreate stays " & deep.FileSystemsToCreate
deep.FileSystemsToCreate = 2
deep.RollbackToChangePoint point
Check deep.DirectoryCount = 9, "without ISO 9660 the rollback is done: " & deep.DirectoryCount & " folders"

' A result after all this has the size UsedBlocks announced.
Dim result : Set result = fsi.CreateResultImage()
Check result.TotalBlocks = fsi.UsedBlocks, "TotalBlocks " & result.TotalBlocks & " = UsedBlocks " & fsi.UsedBlocks

' Named streams and real-time files at UDF 2.01, where both count.
Dim udf : Set udf = CreateObject("IMAPI2FS.MsftFileSystemImage")
udf.FileSystemsToCreate = 7
udf.UDFRevision = &H201
udf.Root.AddTree source, False
Dim readme : Set readme = udf.Root.Item("\readme.txt")
Dim data : Set data = udf.Root.Item("\data.bin").Data

' Whether readme.txt has a stream of that name: AddStream of it is refused as a duplicate (else the stream
' it added is removed again, with its counted change). Scripts cannot list the streams: FsiNamedStreams is
' restricted, refused through IDispatch (streams.vbs).
Function HasStream(name)
    On Error Resume Next
    readme.AddStream name, data
    HasStream = Err.Number = IMAPI_E_DUP_NAME
    If Err.Number = 0 Then readme.RemoveStream name
    Err.Clear
End Function

Function UdfState()
    UdfState = udf.FileCount & "/" & udf.UsedBlocks & "/" & udf.ChangePoint & "/" & readme.IsRealTime
End Function

Sub UdfRollback(point, expected, what)
    On Error Resume Next
    udf.RollbackToChangePoint point
    Check Err.Number = 0, what & ": RollbackToChangePoint " & point & " gives " & Hex(Err.Number) & " " & Err.Description
    On Error GoTo 0
    Check UdfState() = expected, what & ": " & UdfState() & " as at change point " & point & ": " & expected
End Sub

point = udf.ChangePoint : before = UdfState()
readme.IsRealTime = True
Check readme.IsRealTime = True, "IsRealTime set"
Check udf.ChangePoint = point + 1, "IsRealTime counts as a change"
UdfRollback point, before, "IsRealTime"
Check readme.IsRealTime = False, "IsRealTime back to False"

point = udf.ChangePoint : before = UdfState()
Dim used : used = udf.UsedBlocks
readme.AddStream "extra", data
Check udf.UsedBlocks > used, "AddStream adds blocks: " & used & " -> " & udf.UsedBlocks
UdfRollback point, before, "AddStream"
Check Not HasStream("extra"), "the added stream is gone"

readme.AddStream "first", data
readme.AddStream "kept", data
point = udf.ChangePoint : before = UdfState()
readme.RemoveStream "KEPT"
readme.IsRealTime = True
udf.Root.Remove "readme.txt"
Check udf.FileCount = 11, "readme.txt removed with its streams: " & udf.FileCount & " files"
UdfRollback point, before, "RemoveStream, IsRealTime and Remove"
Check HasStream("kept") And HasStream("first"), "both streams back"
Set result = udf.CreateResultImage()
Check result.TotalBlocks = udf.UsedBlocks, "UDF 2.01: TotalBlocks " & result.TotalBlocks & " = UsedBlocks " & udf.UsedBlocks
Set result = Nothing : Set data = Nothing : Set readme = Nothing : Set udf = Nothing

Report
