' SPDX-License-Identifier: LGPL-2.1-or-later
' A bootable image as scripts make one: the boot image's stream from MsftIsoImageManager (SetPath +
' Stream), BootOptions.AssignBootImage, Manufacturer, fsi.BootImageOptions = b, CreateResultImage;
' then BIOS + EFI through BootImageOptionsArray and a bad emulation. The bytes are checked by the C
' test (tests/com/test_boot.c); here the blocks each entry adds, the read-backs and Err.
' Usage: cscript //nologo boot.vbs SMALL_TREE_FOLDER
Option Explicit

' Check, Report and failures: lib/check.vbs, which tests/script/CMakeLists.txt appends to this script.

' A 2048-byte boot image and a 4096-byte EFI image (ASCII text, so FileSystemObject can write them).
Dim fso : Set fso = CreateObject("Scripting.FileSystemObject")
Dim temp : temp = fso.GetSpecialFolder(2).Path
Sub WriteImage(path, bytes)
    Dim f : Set f = fso.CreateTextFile(path, True, False)
    f.Write String(bytes, "B")
    f.Close
End Sub
Dim bios_path : bios_path = temp & "\boot-vbs-bios.bin"
Dim efi_path : efi_path = temp & "\boot-vbs-efi.img"
WriteImage bios_path, 2048
WriteImage efi_path, 4096

Function ImageStream(path)
    Dim manager : Set manager = CreateObject("IMAPI2FS.MsftIsoImageManager")
    manager.SetPath path
    Set ImageStream = manager.Stream
End Function

Dim fsi : Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
fsi.FreeMediaBlocks = 0
fsi.Root.AddTree Replace(WScript.Arguments(0), "/", "\"), False
Dim plain_blocks : plain_blocks = fsi.UsedBlocks

Dim b : Set b = CreateObject("IMAPI2FS.BootOptions")
b.AssignBootImage ImageStream(bios_path)
b.Manufacturer = "VBScript"
' ImageSize is a ULONG (VT_UI4), a type VBScript cannot use, so it is left to the C test.
Check b.Emulation = 0 And b.PlatformId = 0, "no emulation, x86 by default"
Check b.Manufacturer = "VBScript", "Manufacturer reads back"
fsi.BootImageOptions = b
Check fsi.UsedBlocks = plain_blocks + 3, "boot record, catalog and one image block: " & plain_blocks & " -> " & fsi.UsedBlocks
Check fsi.BootImageOptions.Manufacturer = "VBScript", "BootImageOptions reads back"

Dim result : Set result = fsi.CreateResultImage()
Check result.TotalBlocks = fsi.UsedBlocks, "TotalBlocks " & result.TotalBlocks & " = UsedBlocks"
Dim checker : Set checker = CreateObject("IMAPI2FS.MsftIsoImageManager")
checker.SetStream result.ImageStream
On Error Resume Next
checker.Validate
Check Err.Number = 0, "the bootable result validates (" & Hex(Err.Number) & ")"
On Error GoTo 0

' BIOS + EFI in one catalog.
Dim e : Set e = CreateObject("IMAPI2FS.BootOptions")
e.AssignBootImage ImageStream(efi_path)
e.PlatformId = &HEF
fsi.BootImageOptionsArray = Array(b, e)
Dim entries : entries = fsi.BootImageOptionsArray
Check UBound(entries) = 1, "BootImageOptionsArray holds two entries"
Check entries(1).PlatformId = &HEF, "the second is EFI"
Check fsi.UsedBlocks = plain_blocks + 5, "two images: " & plain_blocks & " -> " & fsi.UsedBlocks
Set result = fsi.CreateResultImage()
Check result.TotalBlocks = plain_blocks + 5, "the BIOS + EFI result has " & result.TotalBlocks & " blocks"

' A floppy emulation that the image's size does not match.
On Error Resume Next
b.Emulation = 2
Check Err.Number = &HC0AAB14A, "Emulation 1.44 MB of 2048 bytes: " & Hex(Err.Number)
Check InStr(Err.Description, "1474560") > 0, "Err.Description names the size: " & Err.Description
Err.Clear
On Error GoTo 0
Check b.Emulation = 0, "the emulation is unchanged"

fsi.BootImageOptions = Nothing
Check fsi.UsedBlocks = plain_blocks, "not bootable again: " & fsi.UsedBlocks
' The image files stay open while an object holds their streams.
Set result = Nothing : Set checker = Nothing : entries = Empty
Set fsi = Nothing : Set b = Nothing : Set e = Nothing
fso.DeleteFile bios_path
fso.DeleteFile efi_path

Report
