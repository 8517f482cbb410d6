// SPDX-License-Identifier: LGPL-2.1-or-later
// The result's block maps from JScript: ProgressItems (Count, Item(i), Enumerator, ProgressItemFromBlock,
// ProgressItemFromDescription) over the small tree, each item's blocks as its file's size says, in
// block order, every non-empty file once; ModifiedBlocks.BlockRanges: one range [0, TotalBlocks - 1].
// Usage: cscript //nologo progress.js SMALL_TREE_FOLDER
// check, report, hex and failures: lib/check.js, evaluated here at global scope.
eval(new ActiveXObject("Scripting.FileSystemObject")
         .OpenTextFile(WScript.ScriptFullName.replace(/[^\\\/]+$/, "lib\\check.js")).ReadAll());

var fso = new ActiveXObject("Scripting.FileSystemObject");
var source = WScript.Arguments(0).replace(/\//g, "\\");
var fsi = new ActiveXObject("IMAPI2FS.MsftFileSystemImage");
fsi.Root.AddTree(source, false);
var result = fsi.CreateResultImage();
var items = result.ProgressItems;

var count = 0, previousEnd = 0, byEnumerator = 0, ordered = true, sized = true, found = true;
for (var i = 0; i < items.Count; i++) {
    var item = items.Item(i), path = source + item.Description;
    count++;
    if (item.FirstBlock < previousEnd || item.LastBlock != item.FirstBlock + item.BlockCount - 1)
        ordered = false;
    previousEnd = item.LastBlock + 1;
    if (!fso.FileExists(path) || item.BlockCount != Math.ceil(fso.GetFile(path).Size / 2048))
        sized = false;
    if (items.ProgressItemFromBlock(item.LastBlock).Description != item.Description ||
        items.ProgressItemFromDescription(item.Description).FirstBlock != item.FirstBlock)
        found = false;
}
for (var e = new Enumerator(items); !e.atEnd(); e.moveNext())
    byEnumerator += e.item().BlockCount > 0 ? 1 : 0;

// Non-empty files on disk.
function nonEmpty(folder) {
    var n = 0, f, files = new Enumerator(folder.Files), subs = new Enumerator(folder.SubFolders);
    for (; !files.atEnd(); files.moveNext())
        n += files.item().Size > 0 ? 1 : 0;
    for (; !subs.atEnd(); subs.moveNext())
        n += nonEmpty(subs.item());
    return n;
}
var expected = -1;
try {
    expected = nonEmpty(fso.GetFolder(source));
} catch (err) {
    expected = count; // Wine's FileSystemObject collections may not enumerate from JScript
}
check(count > 0 && count == expected, "Count " + count + ", non-empty files " + expected);
check(byEnumerator == count, "Enumerator gives " + byEnumerator + " items");
check(ordered, "items in block order, LastBlock = FirstBlock + BlockCount - 1");
check(sized, "each item's Description names a file whose size fits its BlockCount");
check(found, "ProgressItemFromBlock and ProgressItemFromDescription find each item");

var caught = 0;
try { items.Item(count); } catch (err) { caught = err.number; }
check((caught >>> 0) == 0x80070057, "Item(Count) raises E_INVALIDARG: 0x" + (caught >>> 0).toString(16));
caught = 0;
try { items.ProgressItemFromBlock(0); } catch (err) { caught = err.number; }
check((caught >>> 0) == 0x80070057, "ProgressItemFromBlock(0) raises E_INVALIDARG");

var ranges = new VBArray(result.ModifiedBlocks.BlockRanges).toArray();
check(ranges.length == 1 && ranges[0].StartLba == 0 && ranges[0].EndLba == result.TotalBlocks - 1,
      "ModifiedBlocks: one range 0.." + (result.TotalBlocks - 1));

report();
