// SPDX-License-Identifier: LGPL-2.1-or-later
// Detached items as a JScript user meets them: CreateDirectoryItem/CreateFileItem (bad names refused), a
// detached folder filled below it without the image counting it, a file's Data set from another item's
// Data stream, Add and its refusals (e.number, e.description, nothing changed), Data read-only once added,
// Add rolled back and added again.
// Sizes are read as DataSize32BitLow: Wine 8's JScript takes no VT_I8 (DataSize).
// Usage: cscript //nologo detached.js SMALL_TREE_FOLDER
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());
var IMAPI_E_INVALID_PARAM = 0xC0AAB101 | 0, IMAPI_E_READONLY = 0xC0AAB102 | 0,
    IMAPI_E_NOT_IN_FILE_SYSTEM = 0xC0AAB10B | 0, IMAPI_E_DUP_NAME = 0xC0AAB112 | 0,
    IMAPI_E_ISO9660_LEVELS = 0xC0AAB131 | 0;

var source = WScript.Arguments(0).replace(/\//g, "\\");
var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
fsi.Root.AddTree(source, false);

function state() {
    var text = fsi.FileCount + "/" + fsi.DirectoryCount + "/" + fsi.UsedBlocks + "/" + fsi.ChangePoint + ":";
    for (var e = new Enumerator(fsi.Root); !e.atEnd(); e.moveNext())
        text += e.item().Name + ";";
    return text;
}

// action must throw code with a description containing needle; the image must not change.
function expect(code, needle, what, action) {
    var before = state();
    try {
        action();
        check(false, what + ": no error");
    } catch (e) {
        check(e.number == code, what + ": e.number " + hex(e.number) + ", expected " + hex(code));
        check(e.description.indexOf(needle) >= 0, what + ": e.description \"" + e.description + "\" names " + needle);
    }
    check(state() == before, what + ": the image is unchanged");
}

expect(IMAPI_E_INVALID_PARAM, "a*b", "CreateFileItem(\"a*b\")", function () { fsi.CreateFileItem("a*b"); });
expect(IMAPI_E_INVALID_PARAM, "x/y", "CreateDirectoryItem(\"x/y\")", function () { fsi.CreateDirectoryItem("x/y"); });
expect(IMAPI_E_INVALID_PARAM, "''", "CreateDirectoryItem(\"\")", function () { fsi.CreateDirectoryItem(""); });

var before = state();
var made = fsi.CreateDirectoryItem("made");
var file = fsi.CreateFileItem("copy.txt");
check(state() == before, "creating items changes nothing");
check(made.Name == "made" && made.Count == 0, "detached folder " + made.Name + " with " + made.Count + " items");
check(file.DataSize32BitLow == 0, "a new file item's DataSize is " + file.DataSize32BitLow);

// Edits below a detached folder count as changes (RollbackToChangePoint undoes them too), but not in
// the image's counts or size.
var point = fsi.ChangePoint;
made.AddDirectory("sub");
made.AddTree(source, true);
check(fsi.ChangePoint == point + 2, "ChangePoint counts edits of a detached folder: " + fsi.ChangePoint);
before = before.replace(/\/\d+:/, "/" + fsi.ChangePoint + ":");
check(made.Count == 2 && made.Item("small\\docs\\guide.txt").Name == "guide.txt", "a detached folder takes AddDirectory and AddTree");
check(state() == before, "edits below a detached folder are not counted in the image: " + state() + " was " + before);

// Data from another item's stream.
var readme = fsi.Root.Item("readme.txt");
file.Data = readme.Data;
check(file.DataSize32BitLow == readme.DataSize32BitLow && file.DataSize32BitLow > 0, "Data set: DataSize " + file.DataSize32BitLow + " = " + readme.DataSize32BitLow);
expect(IMAPI_E_READONLY, "readme.txt", "Data of a file in the image", function () { readme.Data = file.Data; });

// Add's refusals.
var other = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
var foreign = other.CreateFileItem("foreign.txt");
expect(IMAPI_E_INVALID_PARAM, "foreign.txt", "Add of another image's item", function () { fsi.Root.Add(foreign); });
expect(IMAPI_E_INVALID_PARAM, "readme.txt", "Add of an item of the tree", function () { fsi.Root.Add(readme); });
expect(IMAPI_E_INVALID_PARAM, "itself", "Add of a folder to itself", function () { made.Add(made); });
expect(IMAPI_E_INVALID_PARAM, "itself", "Add of a folder below itself", function () { made.Item("sub").Add(made); });
var dup = fsi.CreateFileItem("README.TXT");
expect(IMAPI_E_DUP_NAME, "README.TXT", "Add of a name already there", function () { fsi.Root.Add(dup); });
var deep = fsi.CreateDirectoryItem("deep");
deep.AddDirectory("1"); deep.AddDirectory("1\\2"); deep.AddDirectory("1\\2\\3"); deep.AddDirectory("1\\2\\3\\4");
deep.AddDirectory("1\\2\\3\\4\\5"); deep.AddDirectory("1\\2\\3\\4\\5\\6"); deep.AddDirectory("1\\2\\3\\4\\5\\6\\7");
expect(IMAPI_E_ISO9660_LEVELS, "\\deep\\1\\2\\3\\4\\5\\6\\7", "Add of a folder too deep for ISO 9660",
       function () { fsi.Root.Add(deep); });
fsi.Root.AddDirectory("gone");
var gone = fsi.Root.Item("gone");
fsi.Root.Remove("gone");
expect(IMAPI_E_NOT_IN_FILE_SYSTEM, "gone", "Add into a removed folder", function () { gone.Add(dup); });

// Add, one change each; rolled back, the items are detached again.
point = fsi.ChangePoint;
before = state();
made.Add(file);
fsi.Root.Add(made);
check(fsi.ChangePoint == point + 2, "two changes counted");
check(fsi.Exists("\\made\\copy.txt") == 2 && fsi.Exists("\\made\\small\\docs\\deeper\\leaf.txt") == 2, "added items are in the image");
check(fsi.Root.Item("made\\copy.txt").DataSize32BitLow == readme.DataSize32BitLow, "the added file keeps its data");
expect(IMAPI_E_INVALID_PARAM, "made", "Add of an item added already", function () { fsi.Root.Add(made); });
expect(IMAPI_E_READONLY, "copy.txt", "Data once added", function () { file.Data = readme.Data; });
fsi.RollbackToChangePoint(point);
check(state() == before, "Add rolled back: " + state());
check(fsi.Exists("\\made") == 0, "made is detached again");
fsi.Root.Add(file);
check(fsi.Exists("\\copy.txt") == 2 && fsi.FileCount == 13, "the rolled-back file can be added again: " + fsi.FileCount + " files");
var empty = fsi.CreateFileItem("empty item.txt");
fsi.Root.Add(empty);
check(fsi.Root.Item("empty item.txt").DataSize32BitLow == 0, "a file item without Data is added empty");
var result = fsi.CreateResultImage();
check(result.TotalBlocks == fsi.UsedBlocks, "TotalBlocks " + result.TotalBlocks + " = UsedBlocks " + fsi.UsedBlocks);

report();
