/* Atomic output files: temp file in the target folder, fsync, rename. */
#define _XOPEN_SOURCE 700
#include "output.h"
#include "termsafe.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <unistd.h>

#define MAX_TEMPS 16
#define TEMP_PATH_MAX 4096

/* Registry of live temporary files, readable from a signal handler. */
static char temps[MAX_TEMPS][TEMP_PATH_MAX];
static volatile sig_atomic_t temp_used[MAX_TEMPS];

struct cg__output {
    FILE *f;       /* what the writers write to */
    FILE *raw;     /* stdout or the file written in place (f itself unless `filtered`) */
    int filtered;  /* f is a terminal-safe stream into raw (termsafe.h) */
    char *target;  /* NULL for stdout and for non-regular files written in place */
    char *name;    /* for messages when writing in place */
    int slot;
};

/* Output to a terminal goes through the terminal-safe filter (escape sequences from the data made
 * visible); files and pipes get the bytes as they are. */
static void filter_terminal(cg__output *o)
{
    o->raw = o->f;
    if (!isatty(fileno(o->f))) return;
    FILE *t = cg__term_stream(o->f);
    if (!t) return;
    o->f = t;
    o->filtered = 1;
}

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

/* every signal whose default action ends the process (but SIGKILL and SIGSTOP, which cannot be
 * caught, and those of a program error such as SIGSEGV, where the process is not in a state to run
 * anything) */
static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
                            SIGXCPU, SIGPIPE};

/* Blocks the signals above (a temporary file is created and registered with them held, so that
 * none arrives between the two and leaves the file behind); unblock_fatal() restores the mask. */
static void block_fatal(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&set, fatal[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock_fatal(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

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
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction old;
        /* a signal the caller ignores (nohup, a shell's background job) stays ignored */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(fatal[i], &sa, NULL);
    }
    /* past a file-size limit (ulimit -f) a write fails with EFBIG instead of killing the process:
     * the error path then removes the temporary file and says why */
    signal(SIGXFSZ, SIG_IGN);
    atexit(cg__output_cleanup_all);
}

/* Writes to an open file descriptor in place (a copy of it, so closing ours leaves it open). */
static cg_status open_fd(cg__output *o, int fd, const char *path, cg_diag *diag)
{
    int copy = dup(fd);
    o->f = copy >= 0 ? fdopen(copy, "wb") : NULL;
    if (!o->f) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
        if (copy >= 0) close(copy);
        return CG_EIO;
    }
    o->name = cg__xstrdup(path);
    filter_terminal(o);
    return CG_OK;
}

/* Opens a file that is not a regular file (a device, a pipe, a socket) for writing in place. */
static cg_status open_in_place(cg__output *o, const char *path, const char *shown, cg_diag *diag)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, shown, 0, 0, "cannot write: %s", strerror(errno));
        return CG_EIO;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        return CG_EIO;
    }
    o->name = cg__xstrdup(shown);
    filter_terminal(o);
    return CG_OK;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return cg__xstrdup(".");
    if (slash == path) return cg__xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = cg__xmalloc(n + 1);
    memcpy(d, path, n);
    d[n] = '\0';
    return d;
}

/* The number N when `link` is /proc/self/fd/N or /proc/<our pid>/fd/N (the folder read through
 * realpath, so /dev/fd/N and /dev/stdout lead here too), else -1. */
static int own_fd_link(const char *link)
{
    char *dir = dir_of(link);
    char *real = realpath(dir, NULL);
    free(dir);
    if (!real) return -1;
    char want[64];
    snprintf(want, sizeof want, "/proc/%ld/fd", (long)getpid());
    int same = strcmp(real, want) == 0;
    free(real);
    if (!same) return -1;
    const char *base = strrchr(link, '/');
    base = base ? base + 1 : link;
    char *end;
    long n = strtol(base, &end, 10);
    if (end == base || *end || n < 0 || n > INT32_MAX) return -1;
    return fcntl((int)n, F_GETFD) >= 0 ? (int)n : -1;
}

/* Whether the folder holding `link` is in /proc (the links there name open files, not paths). */
static int in_proc(const char *link)
{
    char *dir = dir_of(link);
    char *real = realpath(dir, NULL);
    free(dir);
    int yes = real && (strncmp(real, "/proc/", 6) == 0 || strcmp(real, "/proc") == 0);
    free(real);
    return yes;
}

/* The kernel's protected_symlinks rule: a link in a world-writable sticky folder (/tmp) is
 * followed only when we own it or the folder's owner owns it. Following links by hand (readlink)
 * would otherwise get around that protection. */
static int link_may_be_followed(const char *link, const struct stat *lsb)
{
    char *dir = dir_of(link);
    struct stat dsb;
    int ok = stat(dir, &dsb) != 0 || !((dsb.st_mode & S_ISVTX) && (dsb.st_mode & S_IWOTH)) ||
             lsb->st_uid == geteuid() || lsb->st_uid == dsb.st_uid;
    free(dir);
    return ok;
}

cg_status cg__output_open(cg__output **out, const char *path, cg_diag *diag)
{
    *out = NULL;
    cg__output *o = cg__xcalloc(1, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        filter_terminal(o);
        *out = o;
        return CG_OK;
    }
    /* Follow symbolic links by hand: the file they lead to is the one replaced (the links stay);
     * a link into /proc (/dev/stdout, /dev/fd/N, /proc/self/fd/N) names an open file: written
     * in place, never replaced. */
    char *cur = cg__xstrdup(path);
    struct stat sb;
    int exists = 0;
    cg_status rs = CG_OK;
    for (int hops = 0;; hops++) {
        if (lstat(cur, &sb) != 0) {
            if (errno != ENOENT) {
                cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
                rs = CG_EIO;
            }
            break; /* a new file (also the target of a dangling link) */
        }
        if (!S_ISLNK(sb.st_mode)) {
            exists = 1;
            break;
        }
        if (hops >= 40) {
            cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: too many levels of symbolic links");
            rs = CG_EIO;
            break;
        }
        if (!link_may_be_followed(cur, &sb)) {
            cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0,
                        "cannot write: refusing to follow the symbolic link %s, which someone else owns in a "
                        "world-writable sticky folder", cur);
            rs = CG_EIO;
            break;
        }
        if (in_proc(cur)) {
            int fd = own_fd_link(cur);
            rs = fd >= 0 ? open_fd(o, fd, path, diag) : open_in_place(o, cur, path, diag);
            free(cur);
            if (rs != CG_OK) {
                free(o);
                return rs;
            }
            *out = o;
            return CG_OK;
        }
        char target[TEMP_PATH_MAX];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0 || (size_t)n >= sizeof target - 1) {
            cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: cannot read the symbolic link %s", cur);
            rs = CG_EIO;
            break;
        }
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = cg__xstrdup(target);
        } else {
            char *dir = dir_of(cur);
            cg__buf b;
            cg__buf_init(&b);
            cg__buf_printf(&b, "%s/%s", dir, target);
            free(dir);
            next = cg__buf_steal(&b);
        }
        free(cur);
        cur = next;
    }
    if (rs != CG_OK) {
        free(cur);
        free(o);
        return rs;
    }
    if (exists && S_ISDIR(sb.st_mode)) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot write: is a directory");
        free(cur);
        free(o);
        return CG_EIO;
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        /* a device or pipe (/dev/null, /dev/full, a FIFO): cannot be replaced, written in place */
        rs = open_in_place(o, cur, path, diag);
        free(cur);
        if (rs != CG_OK) {
            free(o);
            return rs;
        }
        *out = o;
        return CG_OK;
    }
    /* a regular file (or a new one): a temporary file next to it, renamed over it on success */
    cg__buf tmp;
    cg__buf_init(&tmp);
    cg__buf_printf(&tmp, "%s.tmp-XXXXXX", cur);
    sigset_t held;
    block_fatal(&held);
    int fd = mkstemp(tmp.s);
    if (fd >= 0) o->slot = register_temp(tmp.s);
    unblock_fatal(&held);
    if (fd < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "cannot create a temporary file next to %s: %s", cur,
                    strerror(errno));
        cg__buf_free(&tmp);
        free(cur);
        free(o);
        return CG_EIO;
    }
    if (exists) {
        /* the replaced file keeps its permissions (a private 0600 file stays private) and, where
         * we may, its owner and group */
        if (sb.st_uid != geteuid() || sb.st_gid != getegid())
            if (fchown(fd, sb.st_uid, sb.st_gid) != 0) { /* not ours to give away: keep ours */ }
        fchmod(fd, sb.st_mode & 07777);
    } else {
        /* mkstemp creates 0600; a new file gets the usual permissions (subject to umask) */
        mode_t um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
    }
    if (o->slot < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, path, 0, 0, "too many output files open at once (or the path is too long)");
        close(fd);
        unlink(tmp.s);
        cg__buf_free(&tmp);
        free(cur);
        free(o);
        return CG_EIO;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        unlink(tmp.s);
        unregister_temp(o->slot);
        cg__buf_free(&tmp);
        free(cur);
        free(o);
        return CG_EIO;
    }
    o->target = cur;
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
        int bad = 0, err = 0;
        if (o->filtered && fclose(o->f) != 0) bad = 1, err = errno;
        if ((fflush(o->raw) != 0 || ferror(o->raw)) && !bad) bad = 1, err = errno;
        if (o->name && fclose(o->raw) != 0 && !bad) bad = 1, err = errno;
        if (bad) {
            if (!err) err = EIO;
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
    } else {
        if (o->filtered) fclose(o->f);
        if (o->name) fclose(o->raw);
        else fflush(o->raw);
        free(o->name);
    }
    free(o);
}
