// SPDX-License-Identifier: LGPL-2.1-or-later
// Members the other scripts do not read, from JScript: UDFRevisionsSupported through VBArray (one dimension,
// bounds 0..5, the six revisions); the result's DiscId (the docs call it the volume name: not empty, the
// same on every read of one result, starting with the VolumeName); BootOptions.BootImage and ImageSize
// (a VT_UI4, which JScript reads as a number) before and after AssignBootImage of the small tree's data.bin,
// the BootImage stream added as a file and its size read back.
// Usage: cscript //nologo members.js SMALL_TREE_FOLDER
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());

var source = WScript.Arguments(0).replace(/\//g, "\\");
var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");

// ---- UDFRevisionsSupported
var revisions = new VBArray(fsi.UDFRevisionsSupported);
var expected = [0x102, 0x150, 0x200, 0x201, 0x250, 0x260];
check(revisions.dimensions() == 1, "UDFRevisionsSupported has " + revisions.dimensions() + " dimension(s)");
check(revisions.lbound(1) == 0 && revisions.ubound(1) == 5,
      "UDFRevisionsSupported bounds " + revisions.lbound(1) + ".." + revisions.ubound(1));
var listed = revisions.toArray();
check(listed.length == expected.length, "UDFRevisionsSupported has " + listed.length + " elements");
for (var i = 0; i < expected.length; i++) {
    check(typeof listed[i] == "number" && listed[i] == expected[i],
          "UDFRevisionsSupported[" + i + "] is " + hex(listed[i]) + ", expected " + hex(expected[i]));
    check(revisions.getItem(i) == expected[i], "getItem(" + i + ") is " + hex(revisions.getItem(i)));
}

// ---- DiscId
fsi.VolumeName = "MEMBERS_JS";
fsi.Root.AddTree(source, false);
var result = fsi.CreateResultImage();
var id = result.DiscId;
check(typeof id == "string" && id.length > 0, "DiscId is a non-empty string: '" + id + "'");
check(result.DiscId == id, "DiscId is the same on a second read: '" + result.DiscId + "'");
check(id.indexOf("MEMBERS_JS") == 0, "DiscId starts with the volume name: '" + id + "'");
result = null;
CollectGarbage();

// ---- BootImage and ImageSize
var boot = new ActiveXObject("IMAPI2FS.BootOptions");
check(boot.BootImage == null, "BootImage is null before AssignBootImage");
check(boot.ImageSize === 0, "ImageSize is 0 before AssignBootImage: " + boot.ImageSize);
var manager = new ActiveXObject("IMAPI2FS.MsftIsoImageManager");
manager.SetPath(source + "\\data.bin");
boot.AssignBootImage(manager.Stream);
check(typeof boot.ImageSize == "number" && boot.ImageSize == 5000, "ImageSize is data.bin's 5000 bytes: " + boot.ImageSize);
var image = boot.BootImage;
check(image != null, "BootImage after AssignBootImage");
var copy = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
copy.Root.AddFile("boot-image.bin", image);
// DataSize is a VT_I8, which Wine 8's JScript cannot convert: its 32-bit halves instead.
var added = copy.Root.Item("boot-image.bin");
check(added.DataSize32BitLow == 5000 && added.DataSize32BitHigh == 0,
      "BootImage's stream, added as a file, has " + added.DataSize32BitLow + " bytes");
added = null;
image = null;
copy = null;
boot = null;
manager = null;
fsi = null;
CollectGarbage();

report();
