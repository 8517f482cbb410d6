// SPDX-License-Identifier: LGPL-2.1-or-later
// The job as a JScript user writes it: new Enumerator over a folder item, properties, the result.
// Usage: cscript //nologo basic.js SMALL_TREE_FOLDER
// Prints one line per check and SCRIPT-OK only when every check passed.
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());

var fso = new ActiveXObject("Scripting.FileSystemObject");
var source = WScript.Arguments(0).replace(/\//g, "\\");

var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
var emptyDirectories = fsi.DirectoryCount;
fsi.FileSystemsToCreate = 1 | 2;
fsi.ISO9660InterchangeLevel = 2;
fsi.VolumeName = "JScript_Image";
check(fsi.FileSystemsToCreate == 3, "FileSystemsToCreate reads back 3");
check(fsi.ISO9660InterchangeLevel == 2, "ISO9660InterchangeLevel reads back 2");
check(fsi.VolumeName == "JScript_Image", "VolumeName reads back");

var root = fsi.Root;
root.AddTree(source, false);

// Walks the image with Enumerator and compares each folder and file with the source on disk (Wine's
// Scripting.FileSystemObject collections cannot be enumerated from JScript, so the image leads).
var totals = { files: 0, folders: 0 };
function walk(directory, diskPath) {
    var disk = fso.GetFolder(diskPath), seen = 0;
    for (var e = new Enumerator(directory); !e.atEnd(); e.moveNext()) {
        var item = e.item(), path = diskPath + "\\" + item.Name;
        seen++;
        check(item.FullPath == directory.FullPath.replace(/\\$/, "") + "\\" + item.Name, "FullPath of " + item.FullPath);
        if (fso.FolderExists(path)) {
            check(fsi.Exists(item.FullPath) == 1, "Exists(" + item.FullPath + ") is FsiItemDirectory");
            totals.folders++;
            walk(item, path);
        } else {
            // JScript has no 64-bit integers: DataSize (VT_I8) is for other languages.
            check(fso.FileExists(path) && item.DataSize32BitLow == fso.GetFile(path).Size && item.DataSize32BitHigh == 0,
                  item.FullPath + " DataSize32BitLow " + item.DataSize32BitLow);
            check(fsi.Exists(item.FullPath) == 2, "Exists(" + item.FullPath + ") is FsiItemFile");
        }
    }
    check(seen == directory.Count && seen == disk.Files.Count + disk.SubFolders.Count,
          "Enumerator over " + directory.FullPath + " saw " + seen + ", Count " + directory.Count + ", on disk " +
          (disk.Files.Count + disk.SubFolders.Count));
    totals.files += disk.Files.Count;
}
walk(root, source);
check(fsi.FileCount == totals.files, "FileCount " + fsi.FileCount + " == " + totals.files);
check(fsi.DirectoryCount == emptyDirectories + totals.folders,
      "DirectoryCount " + fsi.DirectoryCount + " == " + (emptyDirectories + totals.folders));

var result = fsi.CreateResultImage();
check(result.BlockSize == 2048, "BlockSize is 2048");
check(result.TotalBlocks > 16, "TotalBlocks " + result.TotalBlocks);
check(result.TotalBlocks == fsi.UsedBlocks, "TotalBlocks == UsedBlocks " + fsi.UsedBlocks);

report();
