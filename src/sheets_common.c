/* The spreadsheet layout and helpers shared by import, export, templates and reanchor. */
#define _POSIX_C_SOURCE 200809L
#include "sheets_impl.h"
#include "claimgraph/text.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const cg__sf_names[SF_COUNT] = {
    "id", "type", "title", "kind", "publisher", "author", "published", "url", "reliability",
    "cites", "text_file", "text_sha256", "caveat", "notes", "name", "aliases", "description",
    "external_ids", "label", "directed", "category", "subject", "relation", "object", "source",
    "quote", "occurrence", "evidence", "summary", "attributed_to", "anonymous", "origin",
    "credibility", "confidence", "stance", "status", "valid_from", "valid_to"};

static const int cols_sources[] = {SF_ID, SF_TITLE, SF_KIND, SF_PUBLISHER, SF_AUTHOR, SF_PUBLISHED, SF_URL,
                                   SF_RELIABILITY, SF_CITES, SF_TEXT_FILE, SF_TEXT_SHA256, SF_CAVEAT, SF_NOTES, -1};
static const int cols_entities[] = {SF_ID, SF_NAME, SF_KIND, SF_ALIASES, SF_DESCRIPTION, SF_EXTERNAL_IDS, -1};
static const int cols_relations[] = {SF_ID, SF_LABEL, SF_DIRECTED, SF_CATEGORY, -1};
static const int cols_claims[] = {SF_ID, SF_SUBJECT, SF_RELATION, SF_OBJECT, SF_SOURCE, SF_QUOTE, SF_OCCURRENCE,
                                  SF_EVIDENCE, SF_SUMMARY, SF_ATTRIBUTED_TO, SF_ANONYMOUS, SF_ORIGIN,
                                  SF_CREDIBILITY, SF_RELIABILITY, SF_CONFIDENCE, SF_STANCE, SF_STATUS,
                                  SF_VALID_FROM, SF_VALID_TO, SF_CAVEAT, SF_NOTES, -1};
const int *const cg__sheet_columns[CG_SHEET_COUNT] = {cols_sources, cols_entities, cols_relations, cols_claims};

static const char *const sheet_files[CG_SHEET_COUNT] = {"sources.csv", "entities.csv", "relations.csv", "claims.csv"};

const char *cg_sheet_file_name(cg_sheet_kind k)
{
    return k < CG_SHEET_COUNT ? sheet_files[k] : "?";
}

int cg_csv_dialect_parse(const char *name, cg_csv_dialect *out)
{
    if (!strcmp(name, "plain")) *out = CG_CSV_PLAIN;
    else if (!strcmp(name, "spreadsheet")) *out = CG_CSV_SPREADSHEET;
    else return -1;
    return 0;
}

int cg__sheet_has(cg_sheet_kind k, int f)
{
    if (f == SF_TYPE) return 1;
    for (const int *p = cg__sheet_columns[k]; *p >= 0; p++)
        if (*p == f) return 1;
    return 0;
}

/* Friendly names: (sheet mask, header, field). Mask bit k = sheet k; 0xF = every sheet. */
static const struct { unsigned mask; const char *name; int field; } aliases[] = {
    {0x8, "from", SF_SUBJECT},        {0x8, "to", SF_OBJECT},         {0x8, "passage", SF_QUOTE},
    {0x8, "quotes", SF_QUOTE},        {0x8, "source_id", SF_SOURCE},  {0x8, "claim_id", SF_ID},
    {0x8, "voice", SF_ATTRIBUTED_TO}, {0x8, "spans", SF_EVIDENCE},    {0x1, "source_id", SF_ID},
    {0x1, "text", SF_TEXT_FILE},      {0x1, "file", SF_TEXT_FILE},    {0x1, "sha256", SF_TEXT_SHA256},
    {0x1, "date", SF_PUBLISHED},      {0x2, "entity_id", SF_ID},      {0x2, "alias", SF_ALIASES},
    {0x4, "relation_id", SF_ID},      {0xF, "record_type", SF_TYPE},
};

int cg__sheet_header_field(cg_sheet_kind k, const char *header)
{
    char norm[64];
    size_t n = 0;
    const char *s = header;
    while (*s == ' ' || *s == '\t') s++;
    for (; *s && n + 1 < sizeof norm; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c == ' ' || c == '-' || c == '\t') c = '_';
        norm[n++] = c;
    }
    if (*s) return -1;
    while (n && norm[n - 1] == '_') n--;
    norm[n] = '\0';
    for (int f = 0; f < SF_COUNT; f++)
        if (!strcmp(norm, cg__sf_names[f])) return cg__sheet_has(k, f) ? f : -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if ((aliases[i].mask >> k & 1) && !strcmp(norm, aliases[i].name)) return aliases[i].field;
    return -1;
}

int cg__sheet_kind_of_name(const char *base)
{
    static const char *const stems[CG_SHEET_COUNT][2] = {
        {"sources", "source"}, {"entities", "entity"}, {"relations", "relation"}, {"claims", "claim"}};
    for (int k = 0; k < CG_SHEET_COUNT; k++)
        for (int j = 0; j < 2; j++) {
            size_t n = strlen(stems[k][j]);
            if (strncasecmp(base, stems[k][j], n) != 0) continue;
            char c = base[n];
            if (c == '.' || c == '-' || c == '_' || c == ' ' || c == '\0') return k;
        }
    return -1;
}

char *cg__derive_claim_id(const char *source, const char *const *parts, size_t n)
{
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_adds(&b, "claimgraph-claim-v1");
    for (size_t i = 0; i < n; i++) {
        cg__buf_addc(&b, '\x1f');
        cg__buf_adds(&b, parts[i] ? parts[i] : "");
    }
    uint8_t d[32];
    cg_sha256(b.s, b.len, d);
    char hex[65];
    cg_hex_sha256(d, hex);
    cg__buf_clear(&b);
    if (strlen(source) + 13 <= 128) cg__buf_printf(&b, "%s-%.12s", source, hex);
    else cg__buf_printf(&b, "c-%.16s", hex);
    return cg__buf_steal(&b);
}

void cg__quote_split(const char *cell, cg__strvec *out)
{
    const char *p = cell;
    for (;;) {
        const char *a = strstr(p, "[...]"), *b = strstr(p, "[\xE2\x80\xA6]");
        const char *cut = a && (!b || a < b) ? a : b;
        size_t skip = cut == a ? 5 : 5; /* "[...]" is 5 bytes, "[…]" too */
        const char *end = cut ? cut : p + strlen(p);
        const char *s = p, *e = end;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) e--;
        if (e > s) {
            char *item = cg__xstrndup(s, (size_t)(e - s));
            CG_VEC_PUSH(*out, item);
        }
        if (!cut) break;
        p = cut + skip;
    }
}

int cg__read_under(const char *dir, const char *rel, size_t max, char **data, size_t *len, const char **why)
{
    *data = NULL;
    *len = 0;
    *why = NULL;
    if (!*rel || rel[0] == '/' || rel[0] == '\\' || strchr(rel, ':') == rel + 1) {
        *why = "must be a path relative to the texts folder";
        return -1;
    }
    char *path = cg__xstrdup(rel);
    for (char *q = path; *q; q++)
        if (*q == '\\') *q = '/';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        free(path);
        *why = "the texts folder cannot be opened";
        return -1;
    }
    int rc = -1;
    char *save = NULL, *comp = strtok_r(path, "/", &save);
    while (comp) {
        char *next = strtok_r(NULL, "/", &save);
        if (!strcmp(comp, "..")) {
            *why = "must not leave the texts folder ('..')";
            goto done;
        }
        if (!strcmp(comp, ".")) {
            comp = next;
            continue;
        }
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : O_NONBLOCK);
        int nfd = openat(fd, comp, flags);
        if (nfd < 0) {
            *why = errno == ELOOP ? "is a symbolic link (links are not followed)"
                   : errno == ENOENT ? "is not in the texts folder" : "cannot be opened";
            goto done;
        }
        close(fd);
        fd = nfd;
        if (!next) {
            struct stat st;
            if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                *why = "is not a regular file";
                goto done;
            }
            if ((uint64_t)st.st_size > (uint64_t)max) {
                *why = "is larger than 1 GiB";
                goto done;
            }
            size_t cap = (size_t)st.st_size + 1, n = 0;
            char *buf = cg__xmalloc(cap);
            for (;;) {
                if (n + 1 == cap) {
                    if (n >= max) {
                        free(buf);
                        *why = "is larger than 1 GiB";
                        goto done;
                    }
                    cap *= 2;
                    buf = cg__xrealloc(buf, cap);
                }
                ssize_t r = read(fd, buf + n, cap - 1 - n);
                if (r < 0 && errno == EINTR) continue;
                if (r < 0) {
                    free(buf);
                    *why = "cannot be read";
                    goto done;
                }
                if (r == 0) break;
                n += (size_t)r;
            }
            buf[n] = '\0';
            *data = buf;
            *len = n;
            rc = 0;
        }
        comp = next;
    }
    if (rc != 0 && !*why) *why = "is not a file";
done:
    close(fd);
    free(path);
    return rc;
}

static int cmp_slot(const void *x, const void *y)
{
    return memcmp(((const cg__text_slot *)x)->sha, ((const cg__text_slot *)y)->sha, 32);
}

cg_status cg__texts_scan(cg__walker *w, const char *dir, const uint8_t (*shas)[32], size_t n, size_t cand_budget,
                         cg_diag *diag)
{
    memset(w, 0, sizeof *w);
    cg__buf_init(&w->rel);
    cg__buf_adds(&w->rel, "");
    w->slots = cg__xcalloc(n + 1, sizeof *w->slots);
    for (size_t i = 0; i < n; i++) memcpy(w->slots[i].sha, shas[i], 32);
    if (n) qsort(w->slots, n, sizeof *w->slots, cmp_slot);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || memcmp(w->slots[u - 1].sha, w->slots[i].sha, 32) != 0) w->slots[u++] = w->slots[i];
    w->n_slots = u;
    w->cand_budget = cand_budget;
    w->max_bytes = (size_t)1 << 30;
    w->max_depth = 32;
    w->diag = diag;
    w->root = dir;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot open the texts folder '%s': %s", dir, strerror(errno));
        return CG_EIO;
    }
    cg__texts_walk(w, fd, 0);
    return CG_OK;
}

const cg__text_slot *cg__texts_find(const cg__walker *w, const uint8_t sha[32])
{
    cg__text_slot key;
    memcpy(key.sha, sha, 32);
    const cg__text_slot *t = w->n_slots ? bsearch(&key, w->slots, w->n_slots, sizeof *w->slots, cmp_slot) : NULL;
    return t && t->data ? t : NULL;
}

void cg__texts_free(cg__walker *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n_slots; i++) {
        free(w->slots[i].data);
        free(w->slots[i].path);
    }
    free(w->slots);
    for (size_t i = 0; i < w->cands.n; i++) {
        free(w->cands.v[i].data);
        free(w->cands.v[i].path);
    }
    CG_VEC_FREE(w->cands);
    cg__buf_free(&w->rel);
    memset(w, 0, sizeof *w);
}

FILE *cg__outset_add(cg__outset *s, const char *path, cg_diag *diag)
{
    cg__output *o = NULL;
    if (cg__output_open(&o, path, diag) != CG_OK) return NULL;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->o = cg__xreallocarray(s->o, s->cap, sizeof *s->o);
    }
    s->o[s->n++] = o;
    return cg__output_stream(o);
}

cg_status cg__outset_commit(cg__outset *s, cg_diag *diag)
{
    for (size_t i = 0; i < s->n; i++) {
        FILE *f = cg__output_stream(s->o[i]);
        if (fflush(f) != 0 || ferror(f)) {
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "write error: %s", strerror(errno ? errno : EIO));
            cg__outset_abort(s);
            return CG_EIO;
        }
    }
    /* the renames as one step: a signal now waits until every file is in place (or removed),
     * so an interruption never leaves some files new and others old */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &saved);
    cg_status st = CG_OK;
    for (size_t i = 0; i < s->n; i++) {
        if (st == CG_OK) st = cg__output_commit(s->o[i], diag);
        else cg__output_abort(s->o[i]);
    }
    sigprocmask(SIG_SETMASK, &saved, NULL);
    s->n = 0;
    free(s->o);
    s->o = NULL;
    s->cap = 0;
    return st;
}

void cg__outset_abort(cg__outset *s)
{
    for (size_t i = 0; i < s->n; i++) cg__output_abort(s->o[i]);
    s->n = 0;
    free(s->o);
    s->o = NULL;
    s->cap = 0;
}

int cg__ensure_dir(const char *dir, cg_diag *diag)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return 0;
        cg_diag_add(diag, CG_SEV_ERROR, dir, 0, 0, "exists and is not a folder");
        return -1;
    }
    if (mkdir(dir, 0777) != 0) {
        cg_diag_add(diag, CG_SEV_ERROR, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
        return -1;
    }
    return 0;
}

void cg__fmt_shortest(char out[40], double x)
{
    if (x == 0) x = 0;
    for (int p = 1; p <= 17; p++) {
        snprintf(out, 40, "%.*g", p, x);
        if (strtod(out, NULL) == x) return;
    }
}
