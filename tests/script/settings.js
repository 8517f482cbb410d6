// SPDX-License-Identifier: LGPL-2.1-or-later
// Settings as a JScript user meets them: WorkingDirectory (the temp folder by default; a missing folder,
// a file or "" refused; no change while a result lives), StrictFileSystemCompliance (on only while the
// image is empty; then names Joliet would change are refused), UseRestrictedCharacterSet (names of new
// items; no change while a result lives), CalculateDiscIdentifier without MultisessionInterfaces.
// Usage: cscript //nologo settings.js SMALL_TREE_FOLDER
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());
// Runs action, which must throw code with a description naming needle.
function expect(code, needle, what, action) {
    try {
        action();
        check(false, what + ": no error");
    } catch (e) {
        check(e.number == (code | 0), what + ": e.number " + hex(e.number) + ", expected " + hex(code));
        check(e.description.toLowerCase().indexOf(needle.toLowerCase()) >= 0,
              what + ": e.description names '" + needle + "': " + e.description);
    }
}

var source = WScript.Arguments(0).replace(/\//g, "\\");
var files = new ActiveXObject("Scripting.FileSystemObject");
var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");

// ---- WorkingDirectory
var temp = fsi.WorkingDirectory;
check(temp.charAt(temp.length - 1) == "\\" && files.FolderExists(temp), "WorkingDirectory defaults to the temp folder: " + temp);
fsi.WorkingDirectory = source;
check(fsi.WorkingDirectory == source, "WorkingDirectory reads back: " + fsi.WorkingDirectory);
expect(0xC0AAB140, "no-such-folder", "a missing folder", function () { fsi.WorkingDirectory = source + "\\no-such-folder"; });
expect(0xC0AAB140, "README.TXT", "a file", function () { fsi.WorkingDirectory = source + "\\README.TXT"; });
expect(0xC0AAB101, "working directory", "an empty path", function () { fsi.WorkingDirectory = ""; });
check(fsi.WorkingDirectory == source, "refusals change nothing: " + fsi.WorkingDirectory);

var result = fsi.CreateResultImage();
expect(0xC0AAB140, "result", "WorkingDirectory with a result", function () { fsi.WorkingDirectory = temp; });
expect(0xC0AAB102, "result", "UseRestrictedCharacterSet with a result", function () { fsi.UseRestrictedCharacterSet = true; });
check(fsi.WorkingDirectory == source && !fsi.UseRestrictedCharacterSet, "nothing changed while the result lives");
result = null;
CollectGarbage();
fsi.WorkingDirectory = temp;
check(fsi.WorkingDirectory == temp, "WorkingDirectory set again once the result is gone: " + fsi.WorkingDirectory);

// ---- StrictFileSystemCompliance
check(fsi.StrictFileSystemCompliance == false, "StrictFileSystemCompliance defaults to false");
fsi.StrictFileSystemCompliance = true;
check(fsi.StrictFileSystemCompliance == true, "strict on while empty");
var longName = "";
while (longName.length < 65)
    longName += "n";
expect(0xC0AAB101, "Joliet", "a 65-character name in strict mode", function () { fsi.Root.AddDirectory(longName); });
expect(0xC0AAB101, "semi_colon", "';' in strict mode", function () { fsi.Root.AddDirectory("semi;colon"); });
fsi.Root.AddDirectory("plain-name with spaces");
check(fsi.DirectoryCount == 1, "a name Joliet keeps is added: " + fsi.DirectoryCount);
fsi.StrictFileSystemCompliance = false;
fsi.Root.AddDirectory(longName);
check(fsi.DirectoryCount == 2, "the long name when relaxed");
expect(0xC0AAB106, "empty", "strict on with items", function () { fsi.StrictFileSystemCompliance = true; });
check(fsi.StrictFileSystemCompliance == false, "strict stays off");

// ---- UseRestrictedCharacterSet: names of items added while on must be code points 32..127
var restricted = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
check(restricted.UseRestrictedCharacterSet == false, "UseRestrictedCharacterSet defaults to false");
restricted.Root.AddDirectory("before \u00e9");
restricted.UseRestrictedCharacterSet = true;
check(restricted.UseRestrictedCharacterSet == true, "UseRestrictedCharacterSet reads back true");
expect(0xC0AAB111, "caf\u00e9", "AddDirectory caf\u00e9", function () { restricted.Root.AddDirectory("caf\u00e9"); });
expect(0xC0AAB111, "U+65E5", "AddDirectory of U+65E5 below a non-ASCII folder",
       function () { restricted.Root.AddDirectory("before \u00e9\\\u65e5"); });
expect(0xC0AAB111, "caf\u00e9.txt", "AddTree of the small tree", function () { restricted.Root.AddTree(source, true); });
check(restricted.DirectoryCount == 1 && restricted.FileCount == 0, "refusals add nothing");
restricted.Root.AddDirectory("before \u00e9\\plain ~!#$%&'()+,-;=@[]^_`{}\u007f");
check(restricted.DirectoryCount == 2, "code points 32..127 are allowed, below any folder");
restricted.UseRestrictedCharacterSet = false;
restricted.Root.AddTree(source, true);
check(restricted.Root.Item("small\\caf\u00e9.txt").FileSystemName(1) == "CAF_.TXT", "AddTree once allowed again");

// ---- no multisession (JScript's null is no recorder pointer: names.vbs passes Nothing)
expect(0xC0AAB15D, "MultisessionInterfaces", "CalculateDiscIdentifier", function () { fsi.CalculateDiscIdentifier(); });

report();
