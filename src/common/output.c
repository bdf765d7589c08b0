/* Atomic output files: temp file in the target folder, fsync, rename. */
#define _POSIX_C_SOURCE 200809L
#include "output.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TEMPS 16
#define TEMP_PATH_MAX 4096

/* Registry of live temporary files, readable from a signal handler. */
static char temps[MAX_TEMPS][TEMP_PATH_MAX];
static volatile sig_atomic_t temp_used[MAX_TEMPS];

struct cg__output {
    FILE *f;
    char *target;  /* NULL for stdout and for non-regular files written in place */
    char *name;    /* for messages when writing in place */
    int slot;
};

static int register_temp(const char *path)
{
    if (strlen(path) >= TEMP_PATH_MAX) return -1;
    for (int i = 0; i < MAX_TEMPS; i++) {
        if (!temp_used[i]) {
            memcpy(temps[i], path, strlen(path) + 1);
            temp_used[i] = 1;
            return i;
        }
    }
    return -1;
}

static void unregister_temp(int slot)
{
    if (slot >= 0) temp_used[slot] = 0;
}

void cg__output_cleanup_all(void)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i]) {
            unlink(temps[i]);
            temp_used[i] = 0;
        }
}

/* A running child process (Graphviz) to stop if we are interrupted. */
static volatile sig_atomic_t child_pid;

void cg__output_set_child(long pid, void *ud)
{
    (void)ud;
    child_pid = (sig_atomic_t)pid;
}

static void on_signal(int sig)
{
    if (child_pid > 0) {
        kill(-(pid_t)child_pid, SIGKILL);
        kill((pid_t)child_pid, SIGKILL);
    }
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i]) unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void cg__output_install_signal_handlers(void)
{
    static int done;
    if (done) return;
    done = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    atexit(cg__output_cleanup_all);
}

cg_status cg__output_open(cg__output **out, const char *path, cg_diag *diag)
{
    *out = NULL;
    cg__output *o = cg__xcalloc(1, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return CG_OK;
    }
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: is a directory");
        free(o);
        return CG_EIO;
    }
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* a device or pipe (/dev/stdout, /dev/full, a FIFO): cannot be replaced, write in place */
        o->f = fopen(path, "wb");
        if (!o->f) {
            cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
            free(o);
            return CG_EIO;
        }
        o->name = cg__xstrdup(path);
        *out = o;
        return CG_OK;
    }
    cg__buf tmp;
    cg__buf_init(&tmp);
    cg__buf_printf(&tmp, "%s.tmp-XXXXXX", path);
    /* no interruption between creating the temporary file and registering it for removal */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &saved);
    int fd = mkstemp(tmp.s);
    if (fd < 0) {
        int err = errno;
        sigprocmask(SIG_SETMASK, &saved, NULL);
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot create a temporary file next to it: %s", strerror(err));
        cg__buf_free(&tmp);
        free(o);
        return CG_EIO;
    }
    o->slot = register_temp(tmp.s);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    /* mkstemp creates 0600; give the usual permissions (subject to umask) */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    if (o->slot < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "too many output files open at once (or the path is too long)");
        close(fd);
        unlink(tmp.s);
        cg__buf_free(&tmp);
        free(o);
        return CG_EIO;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        unlink(tmp.s);
        unregister_temp(o->slot);
        cg__buf_free(&tmp);
        free(o);
        return CG_EIO;
    }
    o->target = cg__xstrdup(path);
    cg__buf_free(&tmp);
    *out = o;
    return CG_OK;
}

FILE *cg__output_stream(cg__output *o) { return o->f; }

const char *cg__output_temp_path(const cg__output *o)
{
    return o && o->slot >= 0 ? temps[o->slot] : NULL;
}

cg_status cg__output_commit(cg__output *o, cg_diag *diag)
{
    cg_status st = CG_OK;
    if (!o->target) {
        int bad = fflush(o->f) != 0 || ferror(o->f);
        int err = errno;
        if (o->name && fclose(o->f) != 0 && !bad) {
            bad = 1;
            err = errno;
        }
        if (bad) {
            if (o->name) cg_diag_add(diag, CG_SEV_ERROR, o->name, 0, 0, "cannot write: %s", strerror(err));
            else cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "error writing to standard output: %s", strerror(err));
            st = CG_EIO;
        }
        free(o->name);
        free(o);
        return st;
    }
    int err = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) err = errno ? errno : EIO;
    if (!err && fsync(fileno(o->f)) != 0 && errno != EINVAL && errno != EROFS) err = errno;
    if (fclose(o->f) != 0 && !err) err = errno ? errno : EIO;
    const char *tmp = temps[o->slot];
    if (!err && rename(tmp, o->target) != 0) err = errno;
    if (err) {
        cg_diag_add(diag, CG_SEV_ERROR, o->target, 0, 0, "cannot write: %s (the file was not changed)", strerror(err));
        unlink(tmp);
        st = CG_EIO;
    }
    unregister_temp(o->slot);
    free(o->target);
    free(o);
    return st;
}

void cg__output_abort(cg__output *o)
{
    if (!o) return;
    if (o->target) {
        fclose(o->f);
        unlink(temps[o->slot]);
        unregister_temp(o->slot);
        free(o->target);
    } else if (o->name) {
        fclose(o->f);
        free(o->name);
    } else {
        fflush(o->f);
    }
    free(o);
}
