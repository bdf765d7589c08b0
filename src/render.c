/* Running Graphviz as a child process: fork + execve with argv, no shell, fixed PATH and a
 * reduced environment, resource limits, and a wall-clock timeout. */
#define _POSIX_C_SOURCE 200809L
#include "claimgraph/viz.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


static const char *const engines[] = {"dot", "neato", "sfdp"};
static const char *const formats[] = {"svg", "pdf", "png"};
static const char *const path_dirs[] = {"/usr/bin", "/bin"};

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s && strcmp(s, list[i]) == 0) return 1;
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

void cg_render_options_init(cg_render_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_RENDER_OPTIONS_VERSION;
    o->engine = "dot";
    o->format = "svg";
    o->timeout_s = 60;
    o->memory_bytes = (size_t)2 << 30;
}

cg_status cg_render(const char *dot, size_t len, const cg_render_options *opts, int out_fd, cg_diag *diag)
{
    cg_render_options defaults;
    cg_render_options_init(&defaults);
    const cg_render_options *o = opts ? opts : &defaults;
    if (o->version != CG_RENDER_OPTIONS_VERSION) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "render options not set up with cg_render_options_init()");
        return CG_EINVAL;
    }
    if (!in_list(o->engine, engines, 3)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "unknown layout engine '%s' (dot, neato or sfdp)", o->engine ? o->engine : "");
        return CG_EINVAL;
    }
    if (!in_list(o->format, formats, 3)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "unknown output format '%s' (svg, pdf or png)", o->format ? o->format : "");
        return CG_EINVAL;
    }
    char prog[64] = "";
    for (size_t i = 0; i < sizeof path_dirs / sizeof path_dirs[0]; i++) {
        char cand[64];
        snprintf(cand, sizeof cand, "%s/%s", path_dirs[i], o->engine);
        if (access(cand, X_OK) == 0) {
            snprintf(prog, sizeof prog, "%s", cand);
            break;
        }
    }
    if (!prog[0]) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0,
                    "Graphviz's '%s' was not found in /usr/bin or /bin (install the graphviz package)", o->engine);
        return CG_ECHILD;
    }
    FILE *in = tmpfile(), *err = tmpfile();
    if (!in || !err) {
        if (in) fclose(in);
        if (err) fclose(err);
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot create temporary files: %s", strerror(errno));
        return CG_EIO;
    }
    int in_fd = fileno(in), err_fd = fileno(err);
    if (write_all(in_fd, dot, len) != 0 || lseek(in_fd, 0, SEEK_SET) != 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot write the DOT input: %s", strerror(errno));
        fclose(in);
        fclose(err);
        return CG_EIO;
    }
    char targ[16];
    snprintf(targ, sizeof targ, "-T%s", o->format);
    char *const argv[] = {(char *)o->engine, targ, NULL};
    char *const envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", "SERVER_NAME=claimgraph", NULL};
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "cannot start Graphviz: %s", strerror(errno));
        fclose(in);
        fclose(err);
        return CG_ECHILD;
    }
    if (pid == 0) {
        /* child: only async-signal-safe calls from here on */
        setpgid(0, 0);
#ifdef __linux__
        /* killed with us, even when we are killed by SIGKILL (no handler runs then) */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(126);
#endif
        if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
        for (int fd = 3; fd < 1024; fd++) close(fd);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)o->memory_bytes;
        setrlimit(RLIMIT_AS, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)o->timeout_s + 1;
        setrlimit(RLIMIT_CPU, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)1 << 30;
        setrlimit(RLIMIT_FSIZE, &rl);
        rl.rlim_cur = rl.rlim_max = 0;
        setrlimit(RLIMIT_CORE, &rl);
        execve(prog, argv, envp);
        _exit(127);
    }
    setpgid(pid, pid);
    if (o->on_child) o->on_child((long)pid, o->on_child_ud);
    int status = 0, timed_out = 0;
    double deadline = cg__now() + (o->timeout_s ? o->timeout_s : 60);
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) break;
        if (cg__now() > deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            timed_out = 1;
            break;
        }
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (o->on_child) o->on_child(0, o->on_child_ud);
    /* Graphviz's messages */
    char msg[4096];
    size_t mlen = 0;
    if (lseek(err_fd, 0, SEEK_SET) == 0) {
        ssize_t got = read(err_fd, msg, sizeof msg - 1);
        mlen = got > 0 ? (size_t)got : 0;
    }
    msg[mlen] = '\0';
    while (mlen && (msg[mlen - 1] == '\n' || msg[mlen - 1] == '\r')) msg[--mlen] = '\0';
    for (size_t i = 0; i < mlen; i++) /* keep the terminal safe */
        if ((unsigned char)msg[i] < 0x20 && msg[i] != '\n') msg[i] = ' ';
    fclose(in);
    fclose(err);
    if (timed_out) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "Graphviz (%s) did not finish within %u s and was stopped", o->engine,
                    o->timeout_s);
        return CG_ELIMIT;
    }
    if (WIFSIGNALED(status)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "Graphviz (%s) was killed by signal %d%s%s", o->engine,
                    WTERMSIG(status), mlen ? ": " : "", msg);
        return CG_ECHILD;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "Graphviz (%s) failed with exit status %d%s%s", o->engine, code,
                    mlen ? ": " : "", mlen ? msg : "");
        return CG_ECHILD;
    }
    if (mlen) cg_diag_add(diag, CG_SEV_WARNING, NULL, 0, 0, "Graphviz (%s): %s", o->engine, msg);
    return CG_OK;
}
