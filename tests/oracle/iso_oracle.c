/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* iso_oracle: reads an ISO 9660 / Joliet image with libisofs, independently of openimapi2fs's own code,
 * and checks both directory trees against the source folder the image was made from. */
#include "content.h"
#include "image_tree.h"
#include "oracle.h"
#include "source_tree.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: iso_oracle IMAGE SOURCE_DIR [--no-joliet] [--level 1|2] [--base NAME]\n"
    "  Checks that IMAGE holds exactly the files and folders of SOURCE_DIR, byte for byte:\n"
    "  - the Joliet tree: the source names (or their first 64 UTF-16 units), folders and bytes;\n"
    "  - the plain ISO 9660 tree: identifiers valid for the level and unique per folder, the same\n"
    "    folders and files, each file paired with its source (via the Joliet file at the same block,\n"
    "    or by identical bytes with --no-joliet) and compared byte for byte.\n"
    "  --no-joliet   the image has no Joliet tree (do not require one)\n"
    "  --level N     ISO 9660 interchange level of the identifiers: 1 (8.3) or 2 (31 characters,\n"
    "                the default, as in the core)\n"
    "  --base NAME   SOURCE_DIR itself is a folder named NAME at the image root\n"
    "  Prints one line per problem, then \"oracle: N files checked, M problems\"; exit status 0 only\n"
    "  when M is 0, 1 when problems were found, 2 when the image or the source cannot be read.\n";

void problem(struct oracle *o, const char *format, ...)
{
    va_list args;

    o->problems++;
    if (o->dry_runs)
        return;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
}

void compare_bytes(struct oracle *o, const char *tree, struct node *image_file, struct node *source_file)
{
    uint64_t offset;

    if (o->dry_runs)
        return;
    o->files_checked++;
    if (image_file->size != source_file->size) {
        problem(o, "%s: %s: %" PRIu64 " bytes, the source %s has %" PRIu64, tree, image_file->path,
                image_file->size, source_file->disk_path, source_file->size);
        return;
    }
    switch (content_compare(image_file, source_file, &offset)) {
    case CONTENT_SAME:
        break;
    case CONTENT_DIFFERENT:
        problem(o, "%s: %s: bytes differ from the source %s at offset %" PRIu64, tree, image_file->path,
                source_file->disk_path, offset);
        break;
    case CONTENT_UNREADABLE:
        problem(o, "%s: %s: cannot be read to compare with the source %s", tree, image_file->path,
                source_file->disk_path);
        break;
    }
}

struct options {
    const char *image;
    const char *source;
    const char *base;
    bool joliet;
    int level;
};

static bool parse(int argc, char **argv, struct options *opt)
{
    int positional = 0;

    *opt = (struct options){ .joliet = true, .level = 2 };
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-joliet")) {
            opt->joliet = false;
        } else if (!strcmp(argv[i], "--level") && i + 1 < argc
                   && (!strcmp(argv[i + 1], "1") || !strcmp(argv[i + 1], "2"))) {
            opt->level = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--base") && i + 1 < argc && argv[i + 1][0]) {
            opt->base = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "iso_oracle: bad option or value: %s\n", argv[i]);
            return false;
        } else if (positional == 0) {
            opt->image = argv[i];
            positional++;
        } else if (positional == 1) {
            opt->source = argv[i];
            positional++;
        } else {
            fprintf(stderr, "iso_oracle: unexpected argument: %s\n", argv[i]);
            return false;
        }
    }
    if (positional != 2)
        fprintf(stderr, "iso_oracle: IMAGE and SOURCE_DIR are required\n");
    return positional == 2;
}

/* Checks one view of the image; false when libisofs cannot read it at all. */
static bool check_view(struct oracle *o, const struct options *opt, enum image_view view)
{
    bool has_joliet = false;
    struct image *image = image_load(opt->image, view, &has_joliet);

    if (!image)
        return false;
    if (view == VIEW_JOLIET && !has_joliet)
        problem(o, "joliet: the image has no Joliet tree (pass --no-joliet if none is expected)");
    else if (view == VIEW_JOLIET)
        check_joliet(o, image_root(image));
    else
        check_iso9660(o, image_root(image));
    image_free(image);
    return true;
}

int main(int argc, char **argv)
{
    struct options opt;
    struct oracle o = { 0 };
    bool readable;

    if (!parse(argc, argv, &opt)) {
        fputs(usage, stderr);
        return 2;
    }
    o.base = opt.base;
    o.level = opt.level;
    o.source = source_tree_load(opt.source);
    if (!o.source)
        return 2;

    image_library_init();
    readable = (!opt.joliet || check_view(&o, &opt, VIEW_JOLIET)) && check_view(&o, &opt, VIEW_ISO9660);
    image_library_finish();

    free(o.twins);
    node_free(o.source);
    if (!readable) {
        printf("oracle: the image %s cannot be read\n", opt.image);
        return 2;
    }
    printf("oracle: %lu files checked, %lu problems\n", o.files_checked, o.problems);
    return o.problems ? 1 : 0;
}
