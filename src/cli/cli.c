/* Command-line parsing, help, and dispatch. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "claimgraph"

static const cli_cmd *const commands[] = {
    &cli_cmd_check, &cli_cmd_stats, &cli_cmd_edges, &cli_cmd_explain, &cli_cmd_centrality, &cli_cmd_robustness, &cli_cmd_dot, &cli_cmd_render, &cli_cmd_audit, &cli_cmd_locate,
    &cli_cmd_import, &cli_cmd_export, &cli_cmd_reanchor,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_main_help(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " COMMAND [OPTIONS] [ARGS...]\n"
            "\n"
            "Builds graphs of actors and alleged links from sourced, attributed claims,\n"
            "computes centrality, and renders diagrams whose every edge carries its sources\n"
            "and confidence. DATA is one or more .jsonl files or directories (\"-\" or none:\n"
            "standard input); below a directory every *.jsonl file is read, in path order,\n"
            "following symbolic links but reading each directory and file once, at most 32\n"
            "levels deep.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-11s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f,
            "\n"
            "Options:\n"
            "  -h, --help     show this help (or `" PROG " COMMAND --help`, `" PROG " help TOPIC`)\n"
            "      --version  show the version\n"
            "\n"
            "Exit status: 0 success, 1 data or I/O error, 2 usage error.\n");
}

static void print_cmd_help(const cli_cmd *c, FILE *f);
static const cli_cmd *find_cmd(const char *name);

/* claimgraph help [COMMAND | TOPIC | --man [COMMAND] | --man-dir DIR] */
static int run_help(int argc, char **argv)
{
    if (argc == 0) {
        print_main_help(stdout);
        cli_print_topics(stdout);
        return 0;
    }
    if (!strcmp(argv[0], "--man") && argc <= 2) {
        const cli_cmd *c = argc == 2 ? find_cmd(argv[1]) : NULL;
        if (argc == 2 && !c) {
            fputs(PROG ": error: no command '", stderr);
            cg__term_puts(stderr, argv[1], 0);
            fputs("'\n", stderr);
            return 2;
        }
        cli_write_man(c, commands, NCOMMANDS, stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
    }
    if (!strcmp(argv[0], "--man-dir") && argc == 2) return cli_write_man_dir(argv[1], commands, NCOMMANDS);
    if (argc == 1 && find_cmd(argv[0])) {
        print_cmd_help(find_cmd(argv[0]), stdout);
        return 0;
    }
    if (argc == 1 && cli_print_topic(argv[0], stdout)) return 0;
    fputs(PROG ": error: no command or help topic '", stderr);
    cg__term_puts(stderr, argv[0], 0);
    fputs("'\nTry '" PROG " help'.\n", stderr);
    return 2;
}

static void print_cmd_help(const cli_cmd *c, FILE *f)
{
    fprintf(f, "Usage: " PROG " %s %s\n\n%s\n", c->name, c->usage, c->summary);
    if (c->details) fprintf(f, "\n%s", c->details);
    fprintf(f, "\nOptions:\n");
    for (const cli_opt *o = c->opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-28s %s\n", left, o->help);
    }
}

const char *cli_get(const cli_args *a, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < a->nkv; i++)
        if (strcmp(a->kv[i].opt->name, name) == 0) v = a->kv[i].val;
    return v;
}

int cli_flag(const cli_args *a, const char *name)
{
    for (size_t i = 0; i < a->nkv; i++)
        if (strcmp(a->kv[i].opt->name, name) == 0) return 1;
    return 0;
}

size_t cli_all(const cli_args *a, const char *name, const char ***out)
{
    static const char **buf; /* reused; the CLI is single-threaded */
    static size_t cap;
    size_t n = 0;
    for (size_t i = 0; i < a->nkv; i++) {
        if (strcmp(a->kv[i].opt->name, name) != 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            buf = realloc(buf, cap * sizeof *buf);
            if (!buf) { fputs(PROG ": error: out of memory\n", stderr); exit(1); }
        }
        buf[n++] = a->kv[i].val;
    }
    *out = buf;
    return n;
}

int cli_usage_error(const cli_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cg__buf b;
    cg__buf_init(&b);
    cg__buf_vprintf(&b, fmt, ap);
    va_end(ap);
    fprintf(stderr, PROG " %s: error: ", a && a->cmd ? a->cmd->name : "");
    cg__term_puts(stderr, b.s ? b.s : "", 0); /* it quotes the arguments */
    fprintf(stderr, "\nTry '" PROG " %s --help'.\n", a && a->cmd ? a->cmd->name : "");
    cg__buf_free(&b);
    return 2;
}

int cli_double(const cli_args *a, const char *name, double lo, double hi, double *out)
{
    const char *s = cli_get(a, name);
    if (!s) return 0;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || end == s || *end || !(x >= lo && x <= hi)) {
        cli_usage_error(a, "--%s must be a number between %g and %g (got '%s')", name, lo, hi, s);
        return -1;
    }
    *out = x;
    return 0;
}

int cli_ulong(const cli_args *a, const char *name, unsigned long lo, unsigned long hi, unsigned long *out)
{
    const char *s = cli_get(a, name);
    if (!s) return 0;
    char *end;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || x < lo || x > hi) {
        cli_usage_error(a, "--%s must be an integer between %lu and %lu (got '%s')", name, lo, hi, s);
        return -1;
    }
    *out = x;
    return 0;
}

void cli_print_diag(cli_args *a)
{
    cg_diag_print(a->diag, stderr, PROG);
    cg_diag_free(a->diag);
    a->diag = cg_diag_new(100);
}

static cg_dataset *load(cli_args *a, size_t first, size_t last, int skip_claim_text, int *rc)
{
    cg_load_options lo;
    cg_load_options_init(&lo);
    lo.skip_claim_text = skip_claim_text;
    unsigned long v;
    if (cli_ulong(a, "max-line-bytes", 16, (unsigned long)1 << 40, &v) < 0) { *rc = 2; return NULL; }
    if (cli_get(a, "max-line-bytes")) lo.max_line_bytes = v;
    if (cli_ulong(a, "max-input-bytes", 1, (unsigned long)1 << 62, &v) < 0) { *rc = 2; return NULL; }
    if (cli_get(a, "max-input-bytes")) lo.max_input_bytes = v;
    if (cli_ulong(a, "threads", 1, 256, &v) < 0) { *rc = 2; return NULL; }
    if (cli_get(a, "threads")) lo.threads = (unsigned)v;
    static const char *const stdin_path[] = {"-"};
    const char *const *paths = (const char *const *)a->pos + first;
    size_t n = last > first ? last - first : 0;
    if (n == 0) {
        paths = stdin_path;
        n = 1;
    }
    cg_dataset *ds = NULL;
    double t0 = cg__now();
    cg_status st = cg_dataset_load(&ds, paths, n, &lo, a->diag);
    if (cli_cluster_ctx) st = cli_cluster_ctx->after_load(cli_cluster_ctx, st, a->diag, cg__now() - t0);
    cli_print_diag(a);
    if (st != CG_OK) {
        cg_dataset_free(ds);
        *rc = 1;
        return NULL;
    }
    *rc = 0;
    return ds;
}

const cli_cluster *cli_cluster_ctx = NULL;

void cli_cluster_timings(FILE *f)
{
    const cli_cluster *c = cli_cluster_ctx;
    if (!c) return;
    fprintf(f, ",\"ranks\":%d,\"load_s_per_rank\":[", c->size);
    for (int r = 0; r < c->size; r++) fprintf(f, "%s%.6f", r ? "," : "", c->load_seconds ? c->load_seconds[r] : 0.0);
    fputc(']', f);
}

cg_dataset *cli_load(cli_args *a, size_t first, size_t last, int *rc) { return load(a, first, last, 0, rc); }
cg_dataset *cli_load_lean(cli_args *a, size_t first, size_t last, int *rc) { return load(a, first, last, 1, rc); }

cg__output *cli_open_output(cli_args *a, int *rc)
{
    cg__output *o = NULL;
    /* several processes: only the first writes (the others' standard output is /dev/null) */
    const char *path = cli_cluster_ctx && cli_cluster_ctx->rank != 0 ? NULL : cli_get(a, "output");
    if (cg__output_open(&o, path, a->diag) != CG_OK) {
        cli_print_diag(a);
        *rc = 1;
        return NULL;
    }
    *rc = 0;
    return o;
}

int cli_finish_output(cli_args *a, cg__output *o)
{
    cg_status st = cg__output_commit(o, a->diag);
    cli_print_diag(a);
    return st == CG_OK ? 0 : 1;
}

int cli_fail_output(cli_args *a, cg__output *o, const char *what)
{
    if (ferror(cg__output_stream(o))) {
        /* a write failed (a full disk, /dev/full, a file-size limit): the commit says which file
         * and why, and removes the temporary file */
        if (cg__output_commit(o, a->diag) == CG_OK)
            cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "cannot write %s", what);
    } else {
        cg__output_abort(o);
        cg_diag_add(a->diag, CG_SEV_ERROR, NULL, 0, 0, "cannot write %s", what);
    }
    cli_print_diag(a);
    return 1;
}

static const cli_cmd *find_cmd(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0) return commands[i];
    return NULL;
}

static int parse_args(cli_args *a, int argc, char **argv)
{
    const cli_cmd *c = a->cmd;
    int only_pos = 0;
    for (int i = 0; i < argc; i++) {
        char *s = argv[i];
        if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
            a->pos[a->npos++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_pos = 1;
            continue;
        }
        const cli_opt *o = NULL;
        const char *val = NULL;
        if (s[1] == '-') {
            const char *name = s + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            for (const cli_opt *p = c->opts; p->name; p++)
                if (strlen(p->name) == len && strncmp(p->name, name, len) == 0) o = p;
            if (!o) {
                const char *names[64];
                size_t n = 0;
                for (const cli_opt *p = c->opts; p->name && n < 64; p++) names[n++] = p->name;
                char *tmp = malloc(len + 1);
                if (!tmp) return cli_usage_error(a, "out of memory");
                memcpy(tmp, name, len);
                tmp[len] = '\0';
                const char *dym = cg__did_you_mean(tmp, names, n);
                int rc = dym ? cli_usage_error(a, "unknown option '--%s' (did you mean '--%s'?)", tmp, dym)
                             : cli_usage_error(a, "unknown option '--%s'", tmp);
                free(tmp);
                return rc;
            }
            if (eq) {
                if (!o->arg) return cli_usage_error(a, "option '--%s' takes no value", o->name);
                val = eq + 1;
            }
        } else {
            if (s[2] != '\0') {
                /* -oFILE */
                for (const cli_opt *p = c->opts; p->name; p++)
                    if (p->short_name == s[1]) o = p;
                if (o && o->arg) val = s + 2;
                else return cli_usage_error(a, "unknown option '%s'", s);
            } else {
                for (const cli_opt *p = c->opts; p->name; p++)
                    if (p->short_name == s[1]) o = p;
                if (!o) return cli_usage_error(a, "unknown option '%s'", s);
            }
        }
        if (o->arg && !val) {
            if (i + 1 >= argc) return cli_usage_error(a, "option '%s' needs a value (%s)", s, o->arg);
            val = argv[++i];
        }
        a->kv[a->nkv].opt = o;
        a->kv[a->nkv].val = val ? val : "";
        a->nkv++;
        /* an option whose metavariable has two words ("A B") takes two values */
        if (o->arg && strchr(o->arg, ' ')) {
            if (i + 1 >= argc) return cli_usage_error(a, "option '--%s' needs two values (%s)", o->name, o->arg);
            a->kv[a->nkv].opt = o;
            a->kv[a->nkv].val = argv[++i];
            a->nkv++;
        }
    }
    return 0;
}

static void on_oom(void *ud)
{
    static const char msg[] = "claimgraph: error: out of memory\n";
    (void)ud;
    cg__output_cleanup_all();
    if (write(2, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
    _exit(1);
}

void cg_cli_setup_process(void)
{
    cg__output_install_signal_handlers();
    cg_set_oom_handler(on_oom, NULL);  /* the library's allocations */
    cg__set_oom_hook(on_oom, NULL);    /* the tool's own copy of the shared helpers */
}

static int cli_main(int argc, char **argv);

/* Output that never reached standard output (a full disk, /dev/full, a closed pipe) is an error,
 * whatever the command printed there (check's summary, --help, --version). */
int cg_cli_main(int argc, char **argv)
{
    int rc = cli_main(argc, argv);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int err = errno;
        if (rc == 0) {
            fprintf(stderr, PROG ": error: cannot write to standard output: %s\n", strerror(err ? err : EIO));
            rc = 1;
        }
    }
    return rc;
}

static int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_main_help(stderr);
        return 2;
    }
    const char *cmdname = argv[1];
    if (strcmp(cmdname, "--help") == 0 || strcmp(cmdname, "-h") == 0) {
        print_main_help(stdout);
        cli_print_topics(stdout);
        return 0;
    }
    if (strcmp(cmdname, "help") == 0) return run_help(argc - 2, argv + 2);
    if (strcmp(cmdname, "--version") == 0) {
        printf(PROG " %s\n", cg_version());
        return 0;
    }
    const cli_cmd *c = find_cmd(cmdname);
    if (!c) {
        const char *names[NCOMMANDS];
        for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i]->name;
        const char *dym = cg__did_you_mean(cmdname, names, NCOMMANDS);
        fputs(PROG ": error: unknown command '", stderr);
        cg__term_puts(stderr, cmdname, 0);
        fprintf(stderr, "'%s%s%s\nTry '" PROG " --help'.\n", dym ? " (did you mean '" : "", dym ? dym : "",
                dym ? "'?)" : "");
        return 2;
    }
    cli_args a;
    memset(&a, 0, sizeof a);
    a.cmd = c;
    a.pos = calloc((size_t)argc, sizeof *a.pos);
    a.kv = calloc((size_t)argc * 2, sizeof *a.kv);
    a.diag = cg_diag_new(100);
    if (!a.pos || !a.kv || !a.diag) {
        fputs(PROG ": error: out of memory\n", stderr);
        return 1;
    }
    int rc = parse_args(&a, argc - 2, argv + 2);
    if (rc == 0 && cli_flag(&a, "help")) {
        print_cmd_help(c, stdout);
    } else if (rc == 0) {
        if (a.npos < c->min_pos)
            rc = cli_usage_error(&a, "missing arguments (usage: " PROG " %s %s)", c->name, c->usage);
        else if (c->max_pos && a.npos > c->max_pos)
            rc = cli_usage_error(&a, "too many arguments (usage: " PROG " %s %s)", c->name, c->usage);
        else
            rc = c->run(&a);
    }
    cg_diag_print(a.diag, stderr, PROG);
    cg_diag_free(a.diag);
    free(a.pos);
    free(a.kv);
    return rc;
}
