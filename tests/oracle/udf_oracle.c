/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* udf_oracle: reads the UDF file system of an image, independently of openimapi2fs's own code (libudfread
 * for the tree and the bytes, a few raw reads for the volume structures), and checks it against the
 * source folder the image was made from. */
#include "source_tree.h"
#include "udf_names.h"
#include "udf_oracle.h"
#include "udf_tree.h"
#include "udf_volume.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <udfread/udfread.h>

static const char usage[] =
    "usage: udf_oracle IMAGE SOURCE_DIR [--base NAME] [--revision 0x102..0x260] [--volume NAME]\n"
    "  Checks that the UDF file system of IMAGE holds exactly the files and folders of SOURCE_DIR:\n"
    "  the source names (a name longer than 255 bytes of CS0 may be cut to a unique prefix), the same\n"
    "  folders and files, every file's bytes; the volume structures (recognition sequence, anchors,\n"
    "  logical volume and integrity descriptors with their file and folder counts, every descriptor\n"
    "  tag's checksum, CRC and version).\n"
    "  --base NAME      SOURCE_DIR itself is a folder named NAME at the image root\n"
    "  --revision REV   the UDF revision the image must be: 0x102, 0x150, 0x200, 0x201, 0x250 or 0x260\n"
    "  --volume NAME    the volume identifier (NAME, or its prefix when NAME does not fit in 31 bytes)\n"
    "  Prints one line per problem, then \"udf-oracle: N files checked, M problems\"; exit status 0 only\n"
    "  when M is 0, 1 when problems were found, 2 when the image or the source cannot be read.\n";

static const unsigned revisions[] = { 0x102, 0x150, 0x200, 0x201, 0x250, 0x260 };

void udf_problem(struct udf_check *check, const char *format, ...)
{
    va_list args;

    check->problems++;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
}

struct options {
    const char *image;
    const char *source;
    const char *base;
    const char *volume;
    unsigned revision;      /* 0: any known revision */
};

static bool known_revision(unsigned revision)
{
    for (size_t i = 0; i < sizeof(revisions) / sizeof(revisions[0]); i++)
        if (revisions[i] == revision)
            return true;
    return false;
}

static bool parse(int argc, char **argv, struct options *opt)
{
    int positional = 0;

    *opt = (struct options){ 0 };
    for (int i = 1; i < argc; i++) {
        bool has_value = i + 1 < argc && argv[i + 1][0];
        char *end;

        if (!strcmp(argv[i], "--base") && has_value) {
            opt->base = argv[++i];
        } else if (!strcmp(argv[i], "--volume") && has_value) {
            opt->volume = argv[++i];
        } else if (!strcmp(argv[i], "--revision") && has_value) {
            opt->revision = (unsigned)strtoul(argv[++i], &end, 16);
            if (*end || !known_revision(opt->revision)) {
                fprintf(stderr, "udf_oracle: unknown UDF revision %s\n", argv[i]);
                return false;
            }
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "udf_oracle: bad option or missing value: %s\n", argv[i]);
            return false;
        } else if (positional == 0) {
            opt->image = argv[i];
            positional++;
        } else if (positional == 1) {
            opt->source = argv[i];
            positional++;
        } else {
            fprintf(stderr, "udf_oracle: unexpected argument: %s\n", argv[i]);
            return false;
        }
    }
    if (positional != 2)
        fprintf(stderr, "udf_oracle: IMAGE and SOURCE_DIR are required\n");
    return positional == 2;
}

static void count_tree(const struct node *dir, unsigned long *files, unsigned long *dirs)
{
    for (size_t i = 0; i < dir->child_count; i++) {
        if (dir->children[i]->is_dir) {
            ++*dirs;
            count_tree(dir->children[i], files, dirs);
        } else {
            ++*files;
        }
    }
}

/* The revision the image claims must be consistent everywhere, and be the one asked for. */
static void check_revision(struct udf_check *check, const struct udf_volume *v, unsigned wanted)
{
    unsigned revision = wanted ? wanted : v->domain_revision;
    unsigned tag_version = revision < 0x200 ? 2 : 3;

    if (wanted && v->domain_revision != wanted)
        udf_problem(check, "udf: the logical volume's domain revision is 0x%03x, not 0x%03x", v->domain_revision,
                    wanted);
    else if (!known_revision(v->domain_revision))
        udf_problem(check, "udf: unknown UDF revision 0x%03x in the logical volume's domain", v->domain_revision);
    if (tag_version == 2 ? !v->nsr02 || v->nsr03 : !v->nsr03 || v->nsr02)
        udf_problem(check, "udf: revision 0x%03x needs an NSR0%u descriptor alone; the image has%s%s", revision,
                    tag_version, v->nsr02 ? " NSR02" : "", v->nsr03 ? " NSR03" : "");
    if (v->tag_versions & ~(1u << tag_version))
        udf_problem(check, "udf: revision 0x%03x needs descriptor tag version %u; the image has tags of version %s",
                    revision, tag_version, v->tag_versions & 4 ? "2" : "3");
    if (!v->has_counts)
        return;
    /* UDF 2.60 media may be read by a 2.50 reader (2.60, 2.2.6.4) */
    if (v->min_read != revision && !(revision == 0x260 && v->min_read == 0x250))
        udf_problem(check, "udf: minimum UDF read revision is 0x%03x, not 0x%03x", v->min_read, revision);
    if (v->min_write != revision)
        udf_problem(check, "udf: minimum UDF write revision is 0x%03x, not 0x%03x", v->min_write, revision);
    if (v->max_write < revision)
        udf_problem(check, "udf: maximum UDF write revision 0x%03x is below 0x%03x", v->max_write, revision);
}

static void check_volume(struct udf_check *check, const struct udf_volume *v, const struct options *opt,
                         const struct node *source)
{
    unsigned long files = 0, dirs = 1; /* the root, which UDF counts */

    if (v->block_size != 2048)
        udf_problem(check, "udf: logical block size %u, not 2048", v->block_size);
    check_revision(check, v, opt->revision);
    count_tree(source, &files, &dirs);
    dirs += opt->base != NULL;
    if (v->has_counts && (v->files != files || v->dirs != dirs))
        udf_problem(check, "udf: the integrity descriptor counts %u files and %u folders, the source has %lu "
                    "and %lu (with the root)", v->files, v->dirs, files, dirs);
}

static void check_volume_id(struct udf_check *check, udfread *udf, const char *wanted)
{
    const char *raw = udfread_get_volume_id(udf);
    char *id = raw ? udf_name_to_utf8(raw) : NULL;

    if (!id)
        udf_problem(check, "udf: the volume identifier cannot be read");
    else if (udf_name_match(id, wanted, UDF_VOLUME_ID_CS0_MAX) == UDF_NAME_DIFFERENT)
        udf_problem(check, "udf: the volume identifier is \"%s\", not \"%s\"", id, wanted);
    free(id);
}

/* libudfread reports what it finds wrong only on stderr: catch it there and count each report. The glibc
 * manual allows assigning stderr; unlike redirecting file descriptor 2, this leaves the sanitizers'
 * reports (written to the descriptor) where they belong. */
struct captured_stderr {
    FILE *saved;
    char *text;
    size_t size;
};

static void capture_stderr(struct captured_stderr *c)
{
    c->saved = stderr;
    c->text = NULL;
    stderr = checked(open_memstream(&c->text, &c->size));
}

static void release_stderr(struct udf_check *check, struct captured_stderr *c)
{
    static const char prefix[] = "udfread ERROR: ";
    char *line, *next;

    fclose(stderr);
    stderr = c->saved;
    for (line = c->text; line && *line; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        if (!strncmp(line, prefix, sizeof(prefix) - 1))
            udf_problem(check, "libudfread: %s", line + sizeof(prefix) - 1);
        else
            fprintf(stderr, "%s\n", line);
    }
    free(c->text);
}

/* With --base, the image root holds one folder: the source folder under that name. */
static struct node *expected_root(struct node *source, const char *base)
{
    struct node *root;

    if (!base)
        return source;
    root = node_new(NULL, "", true);
    free(source->name);
    source->name = checked(strdup(base));
    node_add_child(root, source);
    return root;
}

static bool check_tree(struct udf_check *check, const struct options *opt, const struct node *root)
{
    udfread *udf = udfread_init();
    UDFDIR *dir;

    if (!udf || udfread_open(udf, opt->image) < 0) {
        if (udf)
            udfread_close(udf);
        return false;
    }
    if (opt->volume)
        check_volume_id(check, udf, opt->volume);
    dir = udfread_opendir(udf, "/");
    if (dir) {
        udf_tree_check(check, dir, "/", root);
        udfread_closedir(dir);
    } else {
        udf_problem(check, "udf: libudfread cannot open the root folder");
    }
    udfread_close(udf);
    return true;
}

int main(int argc, char **argv)
{
    struct options opt;
    struct udf_check check = { 0 };
    struct udf_volume volume;
    struct captured_stderr captured;
    struct node *source, *root;
    bool readable;

    if (!parse(argc, argv, &opt)) {
        fputs(usage, stderr);
        return 2;
    }
    source = source_tree_load(opt.source);
    if (!source)
        return 2;
    root = expected_root(source, opt.base);
    readable = udf_volume_read(&check, opt.image, &volume);
    if (readable) {
        check_volume(&check, &volume, &opt, source);
        capture_stderr(&captured);
        readable = check_tree(&check, &opt, root);
        release_stderr(&check, &captured);
    }
    node_free(root);
    if (!readable) {
        printf("udf-oracle: the image %s cannot be read as UDF\n", opt.image);
        return 2;
    }
    printf("udf-oracle: %lu files checked, %lu problems\n", check.files_checked, check.problems);
    return check.problems ? 1 : 0;
}
