/* udf_streams: an independent raw reader of UDF named streams and real-time files, written from
 * ECMA-167 and OSTA UDF 2.01+ (no code shared with the writer, no library: libudfread reads neither).
 *
 *   udf_streams IMAGE EXPECT_FILE
 *
 * EXPECT_FILE has one line per expectation, fields separated by a tab:
 *   S  /dir/file  stream-name  content-file   the file has this named stream with these bytes
 *   N  /dir/file                              the file has no stream directory
 *   R  /dir/file                              the file's entry has file type 249 (real-time)
 *   F  /dir/file                              the file's entry has file type 5
 * Every S line of a file together must be all its streams. For each file with S lines it checks:
 * an extended file entry whose Stream Directory ICB names an entry of type 13 (OSTA UDF 3.3.5.1); that
 * directory's first identifier is the parent's and names the file's entry (ECMA-167 4/9.2); each
 * stream's entry has type 5 and the ICB stream flag (4/14.6.8 bit 13); its bytes equal the content file;
 * the file's Object Size is its length plus its streams' (4/14.17.5).
 * Prints "udf_streams: PROBLEM" per problem; exit 0 when none, 1 when some, 2 on bad arguments.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BS = 2048, MAX_EXTENTS = 64 };

static FILE *image;
static int problems;
static uint32_t partition_start;
static int metadata_map = -1;
static struct { uint32_t block, blocks; } meta[MAX_EXTENTS]; /* the metadata file's extents, physical */
static int meta_count;

#define PROBLEM(...) (problems++, printf("udf_streams: "), printf(__VA_ARGS__), putchar('\n'))

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static int read_physical(uint32_t block, uint8_t *buf)
{
    return fseeko(image, (off_t)block * BS, SEEK_SET) == 0 && fread(buf, BS, 1, image) == 1;
}

/* A logical block of partition reference ref as a physical block. */
static int physical(uint32_t lb, uint16_t ref, uint32_t *out)
{
    if ((int)ref != metadata_map) {
        *out = partition_start + lb;
        return 1;
    }
    for (int i = 0; i < meta_count; i++) {
        if (lb < meta[i].blocks) {
            *out = meta[i].block + lb;
            return 1;
        }
        lb -= meta[i].blocks;
    }
    return 0;
}

static int read_logical(uint32_t lb, uint16_t ref, uint8_t *buf)
{
    uint32_t p;
    return physical(lb, ref, &p) && read_physical(p, buf);
}

typedef struct entry {
    uint8_t raw[BS];
    uint16_t ref; /* partition of the entry */
    uint32_t lb;
    int extended;
} entry;

static int read_entry(uint32_t lb, uint16_t ref, entry *e)
{
    if (!read_logical(lb, ref, e->raw))
        return 0;
    e->ref = ref;
    e->lb = lb;
    e->extended = le16(e->raw) == 266;
    return le16(e->raw) == 266 || le16(e->raw) == 261;
}

static uint8_t file_type(const entry *e) { return e->raw[27]; }
static uint64_t info_length(const entry *e) { return le64(e->raw + 56); }

/* The entry's data (at most max bytes) through its short, long or embedded descriptors. */
static size_t entry_data(const entry *e, uint8_t *out, size_t max)
{
    size_t header = e->extended ? 216 : 176;
    uint32_t l_ea = le32(e->raw + (e->extended ? 208 : 168)), l_ad = le32(e->raw + (e->extended ? 212 : 172));
    const uint8_t *ad = e->raw + header + l_ea;
    uint64_t want = info_length(e) < max ? info_length(e) : max;
    size_t got = 0;
    int type = le16(e->raw + 34) & 7;
    uint8_t block[BS];

    if (header + l_ea + l_ad > BS)
        return 0;
    if (type == 3) {
        memcpy(out, ad, want < l_ad ? want : l_ad);
        return want < l_ad ? want : l_ad;
    }
    for (uint32_t at = 0; at + (type ? 16 : 8) <= l_ad && got < want; at += type ? 16 : 8) {
        uint32_t len = le32(ad + at) & 0x3FFFFFFF, lb = le32(ad + at + 4);
        uint16_t ref = type ? le16(ad + at + 8) : e->ref;
        if (le32(ad + at) >> 30 == 3 || len == 0)
            break;
        for (uint32_t off = 0; off < len && got < want; off += BS, lb++) {
            size_t n = want - got < BS ? want - got : BS;
            if (!read_logical(lb, ref, block))
                return got;
            memcpy(out + got, block, n);
            got += n;
        }
    }
    return got;
}

/* CS0 (OSTA UDF 2.1.1) to UTF-8. */
static void cs0_to_utf8(const uint8_t *id, size_t len, char *out, size_t out_size)
{
    size_t o = 0;
    int wide = len && id[0] == 16;
    for (size_t i = 1; i + (wide ? 1 : 0) < len && o + 4 < out_size; i += wide ? 2 : 1) {
        unsigned c = wide ? (unsigned)(id[i] << 8 | id[i + 1]) : id[i];
        if (c < 0x80)
            out[o++] = (char)c;
        else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
}

typedef struct fid {
    uint8_t characteristics;
    char name[800];
    uint32_t lb;
    uint16_t ref;
} fid;

/* The identifiers of a directory (or stream directory) entry; returns how many (at most max). */
static int read_fids(const entry *dir, fid *out, int max)
{
    static uint8_t data[1 << 20];
    size_t len = entry_data(dir, data, sizeof(data)), at = 0;
    int n = 0;
    while (at + 38 <= len && n < max) {
        const uint8_t *f = data + at;
        if (le16(f) != 257) {
            PROBLEM("a directory entry at block %u has a non-identifier at offset %zu", dir->lb, at);
            break;
        }
        uint16_t l_iu = le16(f + 36);
        uint8_t l_fi = f[19];
        out[n].characteristics = f[18];
        out[n].lb = le32(f + 24);
        out[n].ref = le16(f + 28);
        cs0_to_utf8(f + 38 + l_iu, l_fi, out[n].name, sizeof(out[n].name));
        n++;
        at += (38 + l_iu + l_fi + 3) & ~(size_t)3;
    }
    return n;
}

static entry root;

static int find_path(const char *path, entry *out)
{
    static fid fids[4096];
    char component[800];
    entry cur = root;
    while (*path) {
        while (*path == '/')
            path++;
        size_t n = strcspn(path, "/");
        if (!n)
            break;
        snprintf(component, sizeof(component), "%.*s", (int)n, path);
        path += n;
        int count = read_fids(&cur, fids, 4096), found = -1;
        for (int i = 0; i < count; i++)
            if (!(fids[i].characteristics & 0x08) && !strcmp(fids[i].name, component))
                found = i;
        if (found < 0 || !read_entry(fids[found].lb, fids[found].ref, &cur))
            return 0;
    }
    *out = cur;
    return 1;
}

static int open_volume(void)
{
    uint8_t b[BS];
    if (!read_physical(256, b) || le16(b) != 2)
        return PROBLEM("no anchor at block 256"), 0;
    uint32_t vds = le32(b + 20), vds_blocks = le32(b + 16) / BS, fsd_lb = 0;
    uint16_t fsd_ref = 0;
    uint8_t lvd[BS];
    int have_lvd = 0;
    for (uint32_t i = 0; i < vds_blocks && read_physical(vds + i, b); i++) {
        if (le16(b) == 5)
            partition_start = le32(b + 188);
        else if (le16(b) == 6) {
            memcpy(lvd, b, BS);
            have_lvd = 1;
        } else if (le16(b) == 8)
            break;
    }
    if (!have_lvd)
        return PROBLEM("no logical volume descriptor"), 0;
    fsd_lb = le32(lvd + 252);
    fsd_ref = le16(lvd + 256);
    uint32_t maps = le32(lvd + 268);
    const uint8_t *map = lvd + 440;
    for (uint32_t m = 0; m < maps && map < lvd + BS; m++) {
        if (map[0] == 2 && !memcmp(map + 5, "*UDF Metadata Partition", 23)) {
            entry mf;
            metadata_map = (int)m;
            if (!read_physical(partition_start + le32(map + 40), mf.raw))
                return PROBLEM("no metadata file"), 0;
            mf.extended = le16(mf.raw) == 266;
            uint32_t l_ea = le32(mf.raw + 208), l_ad = le32(mf.raw + 212);
            for (uint32_t at = 0; at + 8 <= l_ad && meta_count < MAX_EXTENTS; at += 8) {
                const uint8_t *ad = mf.raw + 216 + l_ea + at;
                meta[meta_count].block = partition_start + le32(ad + 4);
                meta[meta_count++].blocks = (le32(ad) & 0x3FFFFFFF) / BS;
            }
        }
        map += map[1];
    }
    if (!read_logical(fsd_lb, fsd_ref, b) || le16(b) != 256)
        return PROBLEM("no file set descriptor"), 0;
    if (!read_entry(le32(b + 404), le16(b + 408), &root))
        return PROBLEM("no root directory entry"), 0;
    return 1;
}

/* Every S line of path, checked against its stream directory. */
static void check_streams(const char *path, char lines[][3][1024], int count)
{
    static fid fids[1100];
    static uint8_t data[1 << 22], want[1 << 22];
    entry file, sdir, stream;
    uint64_t stream_bytes = 0;

    if (!find_path(path, &file))
        return (void)PROBLEM("%s: not found", path);
    if (!file.extended)
        return (void)PROBLEM("%s: a file entry, not an extended one: it cannot name streams", path);
    uint32_t sd_len = le32(file.raw + 152) & 0x3FFFFFFF;
    if (!sd_len || !read_entry(le32(file.raw + 156), le16(file.raw + 160), &sdir))
        return (void)PROBLEM("%s: no stream directory", path);
    if (file_type(&sdir) != 13)
        PROBLEM("%s: the stream directory's file type is %u, not 13", path, file_type(&sdir));
    int n = read_fids(&sdir, fids, 1100);
    if (n < 1 || !(fids[0].characteristics & 0x08) || fids[0].lb != file.lb || fids[0].ref != file.ref)
        PROBLEM("%s: the stream directory's first identifier is not the parent's naming the file", path);
    if (n - 1 != count)
        PROBLEM("%s: %d named streams, expected %d", path, n - 1, count);
    for (int i = 1; i < n; i++) {
        int line = -1;
        for (int k = 0; k < count; k++)
            if (!strcmp(lines[k][1], fids[i].name))
                line = k;
        if (line < 0) {
            PROBLEM("%s: unexpected named stream '%s'", path, fids[i].name);
            continue;
        }
        if (!read_entry(fids[i].lb, fids[i].ref, &stream)) {
            PROBLEM("%s:%s: no entry", path, fids[i].name);
            continue;
        }
        if (file_type(&stream) != 5 || !(le16(stream.raw + 34) & 0x2000))
            PROBLEM("%s:%s: file type %u, flags 0x%04X (want type 5 with the stream flag)", path, fids[i].name,
                    file_type(&stream), le16(stream.raw + 34));
        FILE *c = fopen(lines[line][2], "rb");
        size_t want_len = c ? fread(want, 1, sizeof(want), c) : 0;
        if (c)
            fclose(c);
        else
            PROBLEM("cannot read content file %s", lines[line][2]);
        size_t got = entry_data(&stream, data, sizeof(data));
        if (info_length(&stream) != want_len || got != want_len || memcmp(data, want, want_len))
            PROBLEM("%s:%s: %llu bytes that differ from %s (%zu bytes)", path, fids[i].name,
                    (unsigned long long)info_length(&stream), lines[line][2], want_len);
        stream_bytes += info_length(&stream);
    }
    if (le64(file.raw + 64) != info_length(&file) + stream_bytes)
        PROBLEM("%s: object size %llu, expected %llu", path, (unsigned long long)le64(file.raw + 64),
                (unsigned long long)(info_length(&file) + stream_bytes));
}

int main(int argc, char **argv)
{
    static char lines[1100][3][1024];
    static char done[1100];
    char buf[4096];
    int count = 0;

    if (argc != 3)
        return fprintf(stderr, "usage: udf_streams IMAGE EXPECT_FILE\n"), 2;
    image = fopen(argv[1], "rb");
    FILE *expect = fopen(argv[2], "r");
    if (!image || !expect)
        return fprintf(stderr, "udf_streams: cannot open %s or %s\n", argv[1], argv[2]), 2;
    if (!open_volume())
        return 1;
    while (fgets(buf, sizeof(buf), expect)) {
        char kind[4] = "", f[3][1024] = {"", "", ""};
        buf[strcspn(buf, "\r\n")] = 0;
        if (!buf[0])
            continue;
        sscanf(buf, "%3[^\t]\t%1023[^\t]\t%1023[^\t]\t%1023[^\t]", kind, f[0], f[1], f[2]);
        entry e;
        if (kind[0] == 'S' && count < 1100) {
            memcpy(lines[count++], f, sizeof(f));
        } else if (!find_path(f[0], &e)) {
            PROBLEM("%s: not found", f[0]);
        } else if (kind[0] == 'N' && e.extended && (le32(e.raw + 152) & 0x3FFFFFFF)) {
            PROBLEM("%s: has a stream directory, expected none", f[0]);
        } else if (kind[0] == 'R' && file_type(&e) != 249) {
            PROBLEM("%s: file type %u, expected 249 (real-time)", f[0], file_type(&e));
        } else if (kind[0] == 'F' && file_type(&e) != 5) {
            PROBLEM("%s: file type %u, expected 5", f[0], file_type(&e));
        }
    }
    fclose(expect);
    for (int i = 0; i < count; i++) {
        if (done[i])
            continue;
        char group[64][3][1024];
        int n = 0;
        for (int k = i; k < count && n < 64; k++)
            if (!done[k] && !strcmp(lines[k][0], lines[i][0])) {
                memcpy(group[n++], lines[k], sizeof(group[0]));
                done[k] = 1;
            }
        check_streams(lines[i][0], group, n);
    }
    fclose(image);
    if (!problems)
        printf("udf_streams: %d named streams checked, no problems\n", count);
    return problems ? 1 : 0;
}
