' SPDX-License-Identifier: LGPL-2.1-or-later
' Named streams and real-time files through IDispatch: AddStream (its data another file's Data stream or a
' MsftIsoImageManager stream), IsNamedStream, RemoveStream, IsRealTime, AddTreeWithNamedStreams and the errors
' in Err. FsiNamedStreams is [hidden, restricted] with DISPID 45: oleaut32's ITypeInfo::Invoke refuses such a
' member to late-bound callers with DISP_E_MEMBERNOTFOUND on Windows as on Wine, so a script gets error 438
' and cannot reach the collection; that refusal is checked here. The collection (Item, Count, For Each, its
' stream items) is driven through its IDispatch by tests/com/test_restricted.c, the image bytes are checked by
' tests/com/test_streams.c.
' Usage: cscript //nologo streams.vbs SMALL_TREE_FOLDER
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

Const IMAPI_E_INVALID_PARAM = &HC0AAB101
Const IMAPI_E_DUP_NAME = &HC0AAB112

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

' The restricted FsiNamedStreams, by name: error 438 (Object doesn't support this property or method), nothing set.
Sub CheckRestricted(item, what)
    Dim streams
    On Error Resume Next
    Set streams = item.FsiNamedStreams
    Check Err.Number = 438, what & ": FsiNamedStreams refused to a script: " & Err.Number & " " & Err.Description
    Check IsEmpty(streams), what & ": FsiNamedStreams set nothing"
    Err.Clear
End Sub
CheckRestricted file, "a file without streams"

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

CheckRestricted file, "a file with two streams"

file.RemoveStream "Second"
On Error Resume Next
file.RemoveStream "second"
Check Err.Number = IMAPI_E_INVALID_PARAM, "RemoveStream ignores case: the stream is gone " & Hex(Err.Number)
Err.Clear
file.AddStream "Extra", data
Check Err.Number = IMAPI_E_DUP_NAME, "the other stream is still there: " & Hex(Err.Number)
Err.Clear
On Error GoTo 0
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
CheckRestricted leaf, "a file AddTreeWithNamedStreams added"
On Error Resume Next
tree.Root.AddTreeWithNamedStreams source & "\no-such-folder", False
Check Err.Number <> 0, "a missing folder: " & Hex(Err.Number) & " " & Err.Description
Err.Clear
On Error GoTo 0
Check tree.FileCount = 12, "the failed add changed nothing"

Set leaf = Nothing : Set tree = Nothing
Set oldfile = Nothing : Set old = Nothing
Set file = Nothing
Set data = Nothing : Set manager = Nothing : Set fsi = Nothing
Report
