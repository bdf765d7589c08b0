/* Audit: source texts found by content in a folder (also used by import sheets and reanchor). */
#define _POSIX_C_SOURCE 200809L
#include "audit_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- finding the texts ---- */


int cg__audit_cmp_slot(const void *x, const void *y)
{
    return memcmp(((const cg__text_slot *)x)->sha, ((const cg__text_slot *)y)->sha, 32);
}



/* Reports a skipped entry as a warning: "skipped: WHAT[: DETAIL]". */
static void walk_warn(cg__walker *w, const char *what, const char *detail)
{
    cg__buf p;
    cg__buf_init(&p);
    cg__audit_add_display(&p, (const unsigned char *)w->root, strlen(w->root), (size_t)-1, 1);
    cg__buf_addc(&p, '/');
    cg__audit_add_display(&p, (const unsigned char *)w->rel.s, w->rel.len, (size_t)-1, 1);
    cg_diag_add(w->diag, CG_SEV_WARNING, p.s, 0, 0, "skipped: %s%s%s", what, detail ? ": " : "", detail ? detail : "");
    cg__buf_free(&p);
    w->files_skipped++;
}

static void warn_too_large(cg__walker *w)
{
    char what[96];
    snprintf(what, sizeof what, "larger than %zu bytes", w->max_bytes);
    walk_warn(w, what, NULL);
}

static void read_and_match(cg__walker *w, int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        walk_warn(w, "cannot open", strerror(errno));
        return;
    }
    char *buf = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        w->files_skipped++; /* replaced by something else since it was listed */
        goto done;
    }
    if ((uint64_t)st.st_size > (uint64_t)w->max_bytes) {
        warn_too_large(w);
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = cg__xmalloc(cap);
    for (;;) {
        if (n + 1 == cap) { /* the file grew while being read */
            if (n > w->max_bytes) {
                warn_too_large(w);
                goto done;
            }
            cap = cap > w->max_bytes / 2 ? w->max_bytes + 2 : cap * 2;
            buf = cg__xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            walk_warn(w, "read error", strerror(errno));
            goto done;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    w->files_hashed++;
    cg__text_slot key;
    cg_sha256(buf, n, key.sha);
    cg__text_slot *s = w->n_slots ? bsearch(&key, w->slots, w->n_slots, sizeof *w->slots, cg__audit_cmp_slot) : NULL;
    if (!s) { /* not a text we need: kept only as a candidate for a changed text */
        if (w->cand_budget && n <= w->cand_budget - w->cand_bytes) {
            cg__text_slot c = key;
            c.data = buf;
            c.len = n;
            c.path = cg__xstrdup(w->rel.s);
            CG_VEC_PUSH(w->cands, c);
            w->cand_bytes += n;
            buf = NULL;
        }
        goto done;
    }
    if (!s->data) {
        s->data = buf;
        s->len = n;
        s->path = cg__xstrdup(w->rel.s);
        buf = NULL;
    } else if (strcmp(w->rel.s, s->path) < 0) { /* same content again: report the smaller path */
        free(s->path);
        s->path = cg__xstrdup(w->rel.s);
    }
done:
    free(buf);
    close(fd);
}

/* Walks the folder open at fd (taken over). Entries in byte-wise order; lstat semantics. */
void cg__texts_walk(cg__walker *w, int fd, unsigned depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        walk_warn(w, "cannot list the folder", strerror(errno));
        close(fd);
        return;
    }
    CG_VEC(char *) names = {0};
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno) walk_warn(w, "the rest of the folder (listing failed)", strerror(errno));
            break;
        }
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char *copy = cg__xstrdup(de->d_name);
        CG_VEC_PUSH(names, copy);
    }
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cg__cmp_str_ptr);
    int dfd = dirfd(d);
    for (size_t i = 0; i < names.n; i++) {
        size_t mark = w->rel.len;
        if (mark) cg__buf_addc(&w->rel, '/');
        cg__buf_adds(&w->rel, names.v[i]);
        struct stat st;
        if (fstatat(dfd, names.v[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            walk_warn(w, "cannot stat", strerror(errno));
        } else if (S_ISLNK(st.st_mode)) {
            w->files_skipped++; /* never followed */
            w->symlinks++;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= w->max_depth) {
                walk_warn(w, "folder nested too deeply below the texts folder", NULL);
            } else {
                int sfd = openat(dfd, names.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sfd < 0) walk_warn(w, "cannot open the folder", strerror(errno));
                else cg__texts_walk(w, sfd, depth + 1);
            }
        } else if (S_ISREG(st.st_mode)) {
            read_and_match(w, dfd, names.v[i]);
        } else {
            w->files_skipped++; /* fifo, socket, device */
        }
        w->rel.len = mark;
        w->rel.s[mark] = '\0';
        free(names.v[i]);
    }
    CG_VEC_FREE(names);
    closedir(d);
}

