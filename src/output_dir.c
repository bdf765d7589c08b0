/* Atomic output folders: files written into a temporary folder next to the target, which is put
 * in place by one rename (or an exchange with the previous export) -- see output.h. */
#define _GNU_SOURCE /* renameat2 */
#include "claimgraph/output.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cg__output_register_temp(const char *path);
void cg__output_unregister_temp(int slot);
int cg__output_register_temp_dir(const char *path);
void cg__output_unregister_temp_dir(int slot);

#define MAX_DIR_FILES 16

struct cg_output_dir {
    char *target;
    char *tmp;          /* the temporary folder */
    int dir_slot;
    size_t n;
    char *names[MAX_DIR_FILES];
    char *paths[MAX_DIR_FILES];
    FILE *files[MAX_DIR_FILES];
    int slots[MAX_DIR_FILES];
};

cg_status cg_output_dir_open(cg_output_dir **out, const char *path, cg_diag *diag)
{
    *out = NULL;
    if (!path || !*path || strcmp(path, "-") == 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "an output folder needs a name");
        return CG_EINVAL;
    }
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write the folder: a file of that name exists");
        return CG_EIO;
    }
    /* strip trailing slashes so the temporary folder is a sibling, not a child */
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') len--;
    cg_output_dir *d = cg_xcalloc(1, sizeof *d);
    d->dir_slot = -1;
    d->target = cg_xstrndup(path, len);
    cg_buf tmp;
    cg_buf_init(&tmp);
    cg_buf_printf(&tmp, "%s.tmp-XXXXXX", d->target);
    if (!mkdtemp(tmp.s)) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot create a temporary folder next to it: %s",
                    strerror(errno));
        cg_buf_free(&tmp);
        free(d->target);
        free(d);
        return CG_EIO;
    }
    d->tmp = cg_buf_steal(&tmp);
    /* mkdtemp creates 0700; give the usual permissions (subject to umask) */
    mode_t um = umask(0);
    umask(um);
    chmod(d->tmp, 0777 & ~um);
    d->dir_slot = cg__output_register_temp_dir(d->tmp);
    if (d->dir_slot < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "too many output folders at once (or the path is too long)");
        rmdir(d->tmp);
        free(d->tmp);
        free(d->target);
        free(d);
        return CG_EIO;
    }
    *out = d;
    return CG_OK;
}

cg_status cg_output_dir_file(cg_output_dir *d, const char *name, FILE **f, cg_diag *diag)
{
    *f = NULL;
    if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") || d->n == MAX_DIR_FILES) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot add file '%s' to the output folder", name);
        return CG_EINVAL;
    }
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->names[i], name)) {
            cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "file '%s' written twice", name);
            return CG_EINVAL;
        }
    cg_buf p;
    cg_buf_init(&p);
    cg_buf_printf(&p, "%s/%s", d->tmp, name);
    int slot = cg__output_register_temp(p.s);
    if (slot < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "too many output files open at once (or the path is too long)");
        cg_buf_free(&p);
        return CG_EIO;
    }
    int fd = open(p.s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    FILE *fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!fp) {
        cg_diag_add(diag, CG_SEV_ERROR, p.s, 0, 0, "cannot create: %s", strerror(errno));
        if (fd >= 0) close(fd);
        unlink(p.s);
        cg__output_unregister_temp(slot);
        cg_buf_free(&p);
        return CG_EIO;
    }
    d->names[d->n] = cg_xstrdup(name);
    d->paths[d->n] = cg_buf_steal(&p);
    d->files[d->n] = fp;
    d->slots[d->n] = slot;
    d->n++;
    *f = fp;
    return CG_OK;
}

static void dir_free(cg_output_dir *d)
{
    for (size_t i = 0; i < d->n; i++) {
        cg__output_unregister_temp(d->slots[i]);
        free(d->names[i]);
        free(d->paths[i]);
    }
    cg__output_unregister_temp_dir(d->dir_slot);
    free(d->tmp);
    free(d->target);
    free(d);
}

/* Removes the files we know of from folder `dir`, then the folder. */
static void remove_tree(const cg_output_dir *d, const char *dir)
{
    cg_buf p;
    cg_buf_init(&p);
    for (size_t i = 0; i < d->n; i++) {
        cg_buf_clear(&p);
        cg_buf_printf(&p, "%s/%s", dir, d->names[i]);
        unlink(p.s);
    }
    cg_buf_free(&p);
    rmdir(dir);
}

void cg_output_dir_abort(cg_output_dir *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++)
        if (d->files[i]) fclose(d->files[i]);
    remove_tree(d, d->tmp);
    dir_free(d);
}

/* 1 if folder `path` holds only (regular) files named like ours; sets *stranger to the first
 * other entry (caller frees). */
static int only_our_files(const cg_output_dir *d, const char *path, char **stranger)
{
    *stranger = NULL;
    DIR *dir = opendir(path);
    if (!dir) return 0;
    struct dirent *ent;
    int ok = 1;
    while ((ent = readdir(dir)) != NULL) {
        if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, "..")) continue;
        int ours = 0;
        for (size_t i = 0; i < d->n; i++) ours |= !strcmp(ent->d_name, d->names[i]);
        if (ours) {
            cg_buf p;
            cg_buf_init(&p);
            cg_buf_printf(&p, "%s/%s", path, ent->d_name);
            struct stat sb;
            ours = lstat(p.s, &sb) == 0 && S_ISREG(sb.st_mode);
            cg_buf_free(&p);
        }
        if (!ours) {
            *stranger = cg_xstrdup(ent->d_name);
            ok = 0;
            break;
        }
    }
    closedir(dir);
    return ok;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int r = fsync(fd);
    if (r != 0 && (errno == EINVAL || errno == EROFS)) r = 0;
    close(fd);
    return r;
}

/* The folder holding `path` (for fsync after a rename). */
static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return cg_xstrdup(".");
    if (slash == path) return cg_xstrdup("/");
    return cg_xstrndup(path, (size_t)(slash - path));
}

cg_status cg_output_dir_commit(cg_output_dir *d, cg_diag *diag)
{
    int err = 0;
    const char *bad = NULL;
    for (size_t i = 0; i < d->n; i++) {
        FILE *f = d->files[i];
        d->files[i] = NULL;
        int e = 0;
        if (fflush(f) != 0 || ferror(f)) e = errno ? errno : EIO;
        if (!e && fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS) e = errno;
        if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
        if (e && !err) {
            err = e;
            bad = d->names[i];
        }
    }
    if (err) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot write %s: %s (nothing was changed)", bad, strerror(err));
        remove_tree(d, d->tmp);
        dir_free(d);
        return CG_EIO;
    }
    if (fsync_path(d->tmp) != 0) err = errno;
    struct stat sb;
    int exists = lstat(d->target, &sb) == 0;
    cg_status st = CG_OK;
    if (!err && !exists) {
        if (rename(d->tmp, d->target) != 0) err = errno;
    } else if (!err) {
        char *stranger = NULL;
        if (!S_ISDIR(sb.st_mode)) {
            cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot write the folder: a file of that name exists");
            st = CG_EIO;
        } else if (!only_our_files(d, d->target, &stranger)) {
            if (stranger)
                cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0,
                            "the folder holds '%s', which this export does not write; nothing was changed "
                            "(choose a new or empty folder)", stranger);
            else
                cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot read the existing folder: %s", strerror(errno));
            free(stranger);
            st = CG_EIO;
        } else if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->target, RENAME_EXCHANGE) == 0) {
            remove_tree(d, d->tmp); /* the temporary name now holds the previous export */
        } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
            /* no atomic exchange here: move the old folder aside, the new one in, drop the old */
            cg_buf old;
            cg_buf_init(&old);
            cg_buf_printf(&old, "%s.old-XXXXXX", d->target);
            if (!mkdtemp(old.s) || rmdir(old.s) != 0 || rename(d->target, old.s) != 0) err = errno;
            else if (rename(d->tmp, d->target) != 0) {
                err = errno;
                rename(old.s, d->target);
            } else
                remove_tree(d, old.s);
            cg_buf_free(&old);
        } else
            err = errno;
    }
    if (err) {
        cg_diag_add(diag, CG_SEV_ERROR, d->target, 0, 0, "cannot put the folder in place: %s (nothing was changed)",
                    strerror(err));
        st = CG_EIO;
    }
    if (st != CG_OK) {
        remove_tree(d, d->tmp);
    } else {
        char *parent = parent_of(d->target);
        fsync_path(parent);
        free(parent);
    }
    dir_free(d);
    return st;
}
