' SPDX-License-Identifier: LGPL-2.1-or-later
' What a VBScript user reads from a new image and its items: the defaults, item times as VBScript dates
' (gen-tree.sh gives every file and folder 2020-01-02 03:04:05 UTC; item times are UTC), IsHidden.
' Usage: cscript //nologo items.vbs SMALL_TREE_FOLDER
' Prints one line per check and SCRIPT-OK only when every check passed (cscript itself exits 0 on errors).
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

' Wine 8's VBScript has no DateDiff: DATEs are days, so compare them as numbers.
Function SameSecond(a, b)
    SameSecond = Abs(CDbl(a) - CDbl(b)) * 86400 < 0.5
End Function

Dim fso : Set fso = CreateObject("Scripting.FileSystemObject")
Dim source : source = Replace(WScript.Arguments(0), "/", "\")

' Defaults of a new image.
Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
Check fsi.FileSystemsToCreate = 3, "FileSystemsToCreate is " & fsi.FileSystemsToCreate
' FileSystemsSupported and the level list grow with the file systems (UDF, level 3): at least these.
Check 3 = (fsi.FileSystemsSupported And 3) And fsi.FileSystemsSupported <= 7, "FileSystemsSupported is " & fsi.FileSystemsSupported
Check fsi.ISO9660InterchangeLevel = 2, "ISO9660InterchangeLevel is " & fsi.ISO9660InterchangeLevel
Dim levels : levels = fsi.ISO9660InterchangeLevelsSupported
Dim i, listed
Check IsArray(levels), "ISO9660InterchangeLevelsSupported is an array"
If IsArray(levels) Then
    Check LBound(levels) = 0 And UBound(levels) >= 1 And UBound(levels) <= 2, "ISO9660InterchangeLevelsSupported bounds " & LBound(levels) & ".." & UBound(levels)
    ' VBScript has no unsigned type: the VT_UI4 elements compare only once converted (CLng).
    listed = ""
    For i = LBound(levels) To UBound(levels)
        Check VarType(levels(i)) = 19, "ISO9660InterchangeLevelsSupported(" & i & ") is VT_UI4, not " & VarType(levels(i))
        Check CLng(levels(i)) = i + 1, "ISO9660InterchangeLevelsSupported(" & i & ") is " & levels(i)
        listed = listed & levels(i) & " "
    Next
    Check Left(listed, 4) = "1 2 ", "ISO9660InterchangeLevelsSupported lists " & listed
End If
' The six UDF revisions, as VT_I4 (VBScript's Long) in BCD: 1.02 is &H102.
Dim revisions : revisions = fsi.UDFRevisionsSupported
Dim expected_revisions : expected_revisions = Array(&H102, &H150, &H200, &H201, &H250, &H260)
Check IsArray(revisions), "UDFRevisionsSupported is an array"
If IsArray(revisions) Then
    Check LBound(revisions) = 0 And UBound(revisions) = 5, "UDFRevisionsSupported bounds " & LBound(revisions) & ".." & UBound(revisions)
    For i = LBound(revisions) To UBound(revisions)
        Check VarType(revisions(i)) = vbLong, "UDFRevisionsSupported(" & i & ") is VT_I4, not " & VarType(revisions(i))
        If i <= 5 Then Check revisions(i) = expected_revisions(i), "UDFRevisionsSupported(" & i & ") is &H" & Hex(revisions(i))
    Next
End If
Check fsi.FreeMediaBlocks = 332800, "FreeMediaBlocks is " & fsi.FreeMediaBlocks
Check fsi.StageFiles = False, "StageFiles is " & fsi.StageFiles
Check fsi.StrictFileSystemCompliance = False, "StrictFileSystemCompliance is " & fsi.StrictFileSystemCompliance
Check fsi.UseRestrictedCharacterSet = False, "UseRestrictedCharacterSet is " & fsi.UseRestrictedCharacterSet
Check fsi.CreateRedundantUdfMetadataFiles = True, "CreateRedundantUdfMetadataFiles is " & fsi.CreateRedundantUdfMetadataFiles
Check fso.FolderExists(fsi.WorkingDirectory), "WorkingDirectory """ & fsi.WorkingDirectory & """ exists"
Check fsi.VolumeName = "", "VolumeName is """ & fsi.VolumeName & """"
Check fsi.ImportedVolumeName = "", "ImportedVolumeName is """ & fsi.ImportedVolumeName & """"
Check fsi.FileCount = 0, "FileCount is " & fsi.FileCount
Check fsi.DirectoryCount = 0, "DirectoryCount is " & fsi.DirectoryCount
Check fsi.BootImageOptions Is Nothing, "BootImageOptions is Nothing"
Dim boots : boots = fsi.BootImageOptionsArray
Check IsArray(boots), "BootImageOptionsArray is an array"
If IsArray(boots) Then Check UBound(boots) - LBound(boots) + 1 = 0, "BootImageOptionsArray has " & (UBound(boots) - LBound(boots) + 1) & " elements"
Dim point : point = fsi.ChangePoint
fsi.Root.AddDirectory "edited"
Check fsi.ChangePoint > point, "ChangePoint " & fsi.ChangePoint & " after AddDirectory, " & point & " before"

' Items of AddTree carry their source's times, as UTC dates.
Dim image : Set image = CreateObject("IMAPI2FS.MsftFileSystemImage")
image.Root.AddTree source, False
Dim item, what
For Each what In Array("readme.txt", "docs", "docs\deeper\leaf.txt")
    Set item = image.Root.Item(what)
    Check VarType(item.LastModifiedTime) = vbDate, what & ": LastModifiedTime is a date (VarType " & VarType(item.LastModifiedTime) & ")"
    Check Year(item.LastModifiedTime) = 2020 And Month(item.LastModifiedTime) = 1 And Day(item.LastModifiedTime) = 2, _
          what & ": LastModifiedTime's date is " & FormatDateTime(item.LastModifiedTime, vbShortDate)
    Check Hour(item.LastModifiedTime) = 3 And Minute(item.LastModifiedTime) = 4 And Second(item.LastModifiedTime) = 5, _
          what & ": LastModifiedTime's time is " & Hour(item.LastModifiedTime) & ":" & Minute(item.LastModifiedTime) & ":" & Second(item.LastModifiedTime)
    Check VarType(item.CreationTime) = vbDate And Year(item.CreationTime) >= 2020, what & ": CreationTime " & item.CreationTime
    Check VarType(item.LastAccessedTime) = vbDate And Year(item.LastAccessedTime) >= 2020, what & ": LastAccessedTime " & item.LastAccessedTime
    Check item.IsHidden = False, what & ": IsHidden is " & item.IsHidden
Next

' Times and IsHidden set by the script read back.
Dim modified : modified = DateSerial(1999, 12, 31) + TimeSerial(23, 59, 58)
Dim created : created = DateSerial(2003, 4, 5) + TimeSerial(6, 7, 8)
Dim accessed : accessed = DateSerial(2011, 12, 13) + TimeSerial(14, 15, 16)
For Each what In Array("readme.txt", "docs")
    Set item = image.Root.Item(what)
    item.LastModifiedTime = modified
    item.CreationTime = created
    item.LastAccessedTime = accessed
    Check SameSecond(item.LastModifiedTime, modified), what & ": LastModifiedTime reads back " & item.LastModifiedTime
    Check SameSecond(item.CreationTime, created), what & ": CreationTime reads back " & item.CreationTime
    Check SameSecond(item.LastAccessedTime, accessed), what & ": LastAccessedTime reads back " & item.LastAccessedTime
    item.IsHidden = True
    Check item.IsHidden = True, what & ": IsHidden reads back " & item.IsHidden
    Check image.Root.Item(what).IsHidden = True, what & ": IsHidden seen by a new item object"
    item.IsHidden = False
    Check item.IsHidden = False, what & ": IsHidden reads back " & item.IsHidden
Next

Report
