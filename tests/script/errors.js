// SPDX-License-Identifier: LGPL-2.1-or-later
// Bad input as a JScript user meets it: try/catch, e.number (the HRESULT as a signed 32-bit number)
// and e.description (which must name the bad value); the image must stay as it was.
// Usage: cscript //nologo errors.js SMALL_TREE_FOLDER
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());

var source = WScript.Arguments(0).replace(/\//g, "\\");
var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
fsi.FileSystemsToCreate = 3;
fsi.VolumeName = "ERRORS";
fsi.Root.AddTree(source, true);
fsi.Root.AddDirectory("dir");
fsi.Root.AddDirectory("dir\\sub");

function snapshot() {
    var listing = fsi.FileCount + "/" + fsi.DirectoryCount + "/" + fsi.UsedBlocks + ":";
    for (var e = new Enumerator(fsi.Root); !e.atEnd(); e.moveNext())
        listing += e.item().Name + ";";
    return listing;
}
var before = snapshot();

// Runs action, which must throw code (one of codes) with a description naming needle.
function expect(codes, needle, what, action) {
    try {
        action();
        check(false, what + ": no error");
    } catch (e) {
        var matched = false;
        for (var i = 0; i < codes.length; i++)
            matched = matched || e.number == (codes[i] | 0);
        check(matched, what + ": e.number " + hex(e.number));
        check(e.description.length > 0 && e.description.toLowerCase().indexOf(needle.toLowerCase()) >= 0,
              what + ": e.description \"" + e.description + "\" names " + needle);
    }
    check(snapshot() == before, what + ": the image is unchanged");
}

expect([0xC0AAB112], "dir", "AddDirectory of an existing folder", function () { fsi.Root.AddDirectory("dir"); });
expect([0xC0AAB112], "dir", "AddDirectory differing only in case", function () { fsi.Root.AddDirectory("Dir"); });
expect([0xC0AAB110], "what?", "AddDirectory with '?'", function () { fsi.Root.AddDirectory("what?"); });
expect([0xC0AAB10A], "dir", "Remove of a non-empty folder", function () { fsi.Root.Remove("dir"); });
expect([0xC0AAB110], "relative", "Exists of a relative path", function () { fsi.Exists("relative"); });
expect([0xC0AAB104], "WHAT?", "VolumeName with '?'", function () { fsi.VolumeName = "WHAT?"; });
check(fsi.VolumeName == "ERRORS", "VolumeName unchanged");
expect([0xC0AAB101], "FileSystemsToCreate", "FileSystemsToCreate = 0x100",
       function () { fsi.FileSystemsToCreate = 0x100; });
expect([0xC0AAB101], "ISO9660InterchangeLevel", "ISO9660InterchangeLevel = 0",
       function () { fsi.ISO9660InterchangeLevel = 0; });
expect([0x80070002, 0x80070003], "no-such-folder", "AddTree of a missing folder",
       function () { fsi.Root.AddTree(source + "\\no-such-folder", false); });
expect([0xC0AAB118], "nothing-here", "Root.Item of a missing item", function () { fsi.Root.Item("nothing-here"); });

report();
