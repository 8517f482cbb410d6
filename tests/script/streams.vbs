' SPDX-License-Identifier: LGPL-2.1-or-later
' Named streams and real-time files through IDispatch: AddStream (its data another file's Data stream or a
' MsftIsoImageManager stream), IsNamedStream, RemoveStream, IsRealTime, AddTreeWithNamedStreams and the errors
' in Err; the FsiNamedStreams collection ([hidden, restricted]: Wine 8's ITypeInfo::Invoke refuses restricted
' members other than _NewEnum with DISP_E_MEMBERNOTFOUND, so under Wine the script notes that and checks the
' collection, its Item (the default member, zero-based), Count and For Each only where it is reachable).
' The image bytes are checked by tests/com/test_streams.c.
' Usage: cscript //nologo streams.vbs SMALL_TREE_FOLDER
Option Explicit

Dim failures : failures = 0
Sub Check(passed, what)
    If passed Then
        WScript.Echo "ok - " & what
    Else
        WScript.Echo "FAIL - " & what
        failures = failures + 1
    End If
End Sub

Const IMAPI_E_INVALID_PARAM = &HC0AAB101
Const IMAPI_E_DUP_NAME = &HC0AAB112
Const IMAPI_E_PROPERTY_NOT_ACCESSIBLE = &HC0AAB160
Const IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED = &H00AAB15F

Dim source : source = Replace(WScript.Arguments(0), "/", "\")

Function NewImage(revision)
    Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
    fsi.FileSystemsToCreate = 7
    fsi.UDFRevision = revision
    fsi.Root.AddTree source, False
    Set NewImage = fsi
End Function

Dim fsi : Set fsi = NewImage(&H201)
Dim file : Set file = fsi.Root.Item("\readme.txt")
Dim data : Set data = fsi.Root.Item("\data.bin").Data
Check file.IsNamedStream = False, "a file is no named stream"
Check file.IsRealTime = False, "IsRealTime is FALSE at first"

' The collection, by name, when the host's type library runtime lets a script reach a restricted member.
Function NamedStreamsOf(item)
    On Error Resume Next
    Set NamedStreamsOf = item.FsiNamedStreams
    If Err.Number = 438 Then
        WScript.Echo "note - FsiNamedStreams unreachable by name here: " & Err.Description
        Set NamedStreamsOf = Nothing
    ElseIf Err.Number <> 0 Then
        Check False, "FsiNamedStreams: " & Hex(Err.Number) & " " & Err.Description
        Set NamedStreamsOf = Nothing
    End If
    Err.Clear
End Function
Dim reachable : reachable = Not NamedStreamsOf(file) Is Nothing
If reachable Then Check NamedStreamsOf(file).Count = 0, "no streams at first"

Dim used : used = fsi.UsedBlocks
file.AddStream "extra", data
Check Err.Number = 0, "AddStream from another item's Data"
Dim manager : Set manager = CreateObject("IMAPI2FS.MsftIsoImageManager")
manager.SetPath source & "\block.bin"
file.AddStream "second", manager.Stream
Check fsi.UsedBlocks > used, "UsedBlocks grew: " & used & " -> " & fsi.UsedBlocks
Check fsi.FileCount = 12, "streams are not files: FileCount " & fsi.FileCount

On Error Resume Next
file.AddStream "EXTRA", data
Check Err.Number = IMAPI_E_DUP_NAME, "a duplicate name: " & Hex(Err.Number)
Check InStr(Err.Description, "EXTRA") > 0, "the message names it: " & Err.Description
Err.Clear
file.AddStream "a:b", data
Check Err.Number = IMAPI_E_INVALID_PARAM, "':' in a name: " & Hex(Err.Number)
Err.Clear
file.RemoveStream "nothing"
Check Err.Number = IMAPI_E_INVALID_PARAM, "RemoveStream of an unknown name: " & Hex(Err.Number)
Err.Clear
On Error GoTo 0

Dim streams, first, s, names, missing, value, none
If reachable Then
    Set streams = file.FsiNamedStreams
    Check streams.Count = 2, "Count 2: " & streams.Count
    Set first = streams.Item(0)
    Check first.Name = "extra", "Item(0).Name: " & first.Name
    Check first.FullPath = "\readme.txt:extra", "Item(0).FullPath: " & first.FullPath
    Check first.IsNamedStream = True, "Item(0).IsNamedStream"
    Check first.DataSize = 5000, "Item(0).DataSize: " & first.DataSize
    Check streams(1).Name = "second", "streams(1) through the default member: " & streams(1).Name
    Check streams(1).DataSize = 2049, "streams(1).DataSize: " & streams(1).DataSize
    names = ""
    For Each s In streams
        names = names & s.Name & ";"
    Next
    Check names = "extra;second;", "For Each: " & names

    On Error Resume Next
    Set missing = streams.Item(2)
    Check Err.Number = IMAPI_E_INVALID_PARAM, "Item(2): " & Hex(Err.Number) & " " & Err.Description
    Check IsEmpty(missing), "Item(2) set nothing"
    Err.Clear
    Set missing = streams.Item(-1)
    Check Err.Number = IMAPI_E_INVALID_PARAM, "Item(-1): " & Hex(Err.Number)
    Err.Clear
    first.AddStream "more", data
    Check Err.Number = IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "AddStream on a stream: " & Hex(Err.Number)
    Err.Clear
    first.RemoveStream "extra"
    Check Err.Number = IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "RemoveStream on a stream: " & Hex(Err.Number)
    Err.Clear
    value = first.IsRealTime
    Check Err.Number = IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "IsRealTime of a stream: " & Hex(Err.Number)
    Err.Clear
    first.IsRealTime = True
    Check Err.Number = IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "IsRealTime = True on a stream: " & Hex(Err.Number)
    Err.Clear
    Set none = first.FsiNamedStreams
    Check Err.Number = IMAPI_E_PROPERTY_NOT_ACCESSIBLE, "FsiNamedStreams of a stream: " & Hex(Err.Number)
    Err.Clear
    On Error GoTo 0
End If

file.RemoveStream "Second"
On Error Resume Next
file.RemoveStream "second"
Check Err.Number = IMAPI_E_INVALID_PARAM, "RemoveStream ignores case: the stream is gone " & Hex(Err.Number)
Err.Clear
file.AddStream "Extra", data
Check Err.Number = IMAPI_E_DUP_NAME, "the other stream is still there: " & Hex(Err.Number)
Err.Clear
On Error GoTo 0
If reachable Then
    Check NamedStreamsOf(file).Count = 1, "one stream left"
    Check streams.Count = 2, "an earlier collection is a snapshot"
End If
file.IsRealTime = True
Check file.IsRealTime = True, "IsRealTime = True at UDF 2.01"

' Below UDF 2.00 a stream is kept and the call succeeds with IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED, which
' VBScript does not see: the stream is listed all the same.
Dim old : Set old = NewImage(&H102)
Dim oldfile : Set oldfile = old.Root.Item("\notes.txt")
oldfile.AddStream "kept", data
Check Err.Number = 0, "UDF 1.02: AddStream succeeds"
On Error Resume Next
oldfile.AddStream "KEPT", data
Check Err.Number = IMAPI_E_DUP_NAME, "UDF 1.02 keeps the stream: " & Hex(Err.Number)
Err.Clear
On Error GoTo 0
If reachable Then Check NamedStreamsOf(oldfile).Count = 1, "UDF 1.02 lists the stream"
oldfile.IsRealTime = True
Check oldfile.IsRealTime = True, "UDF 1.02 keeps IsRealTime"

' AddTreeWithNamedStreams: the tree as AddTree adds it (Wine lists no alternate data streams).
Dim tree : Set tree = CreateObject("IMAPI2FS.MsftFileSystemImage")
tree.FileSystemsToCreate = 7
tree.UDFRevision = &H250
tree.Root.AddTreeWithNamedStreams source, True
Check tree.FileCount = 12 And tree.DirectoryCount = 3, "AddTreeWithNamedStreams: " & tree.FileCount & " files, " & _
    tree.DirectoryCount & " folders"
Dim leaf : Set leaf = tree.Root.Item("\small\docs\deeper\leaf.txt")
If reachable Then Check NamedStreamsOf(leaf).Count = 0, "no streams from Wine's file system"
On Error Resume Next
tree.Root.AddTreeWithNamedStreams source & "\no-such-folder", False
Check Err.Number <> 0, "a missing folder: " & Hex(Err.Number) & " " & Err.Description
Err.Clear
On Error GoTo 0
Check tree.FileCount = 12, "the failed add changed nothing"

Set leaf = Nothing : Set tree = Nothing
Set oldfile = Nothing : Set old = Nothing
Set first = Nothing : Set s = Nothing : Set streams = Nothing : Set file = Nothing
Set data = Nothing : Set manager = Nothing : Set fsi = Nothing
If failures = 0 Then WScript.Echo "SCRIPT-OK"
