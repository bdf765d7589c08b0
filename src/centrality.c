/* Centrality on the entity graph: degree, strength, eigenvector, PageRank and coreness through
 * igraph 0.10 (with igraph's errors returned, never aborting), betweenness, closeness and harmonic
 * through claimgraph's Brandes kernel (brandes.c). */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "claimgraph/claimgraph.h"
#include "graph_impl.h"
#include "util.h"

#include <dlfcn.h>
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- igraph error handling: never abort ---- */

static _Thread_local char igraph_last_error[512];

static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t err)
{
    snprintf(igraph_last_error, sizeof igraph_last_error, "%s (igraph: %s, %s:%d)", reason ? reason : "",
             igraph_strerror(err), file ? file : "?", line);
    IGRAPH_FINALLY_FREE();
}

static void on_igraph_warning(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

void cg__igraph_enter(cg__igraph_state *s)
{
    memset(s, 0, sizeof *s);
    s->handlers = !(cg_process_state_policy() & CG_KEEP_IGRAPH_HANDLERS);
    if (s->handlers) {
        s->err = igraph_set_error_handler(on_igraph_error);
        s->warn = igraph_set_warning_handler(on_igraph_warning);
    }
    s->omp_prev = 0;
}

/* Debian's igraph runs PRPACK (PageRank) with OpenMP; on small machines its thread team costs
 * more than it saves (measured: 0.02 s with one thread, up to 0.66 s with two, on 20 000
 * entities). Unless the user chose with OMP_NUM_THREADS or the policy says otherwise, PageRank
 * runs with one OpenMP thread; the previous count is restored after it. */
static void omp_one_thread(cg__igraph_state *s)
{
    if ((cg_process_state_policy() & CG_KEEP_OMP_THREADS) || getenv("OMP_NUM_THREADS")) return;
    void (*set_threads)(int) = NULL;
    int (*get_threads)(void) = NULL;
    *(void **)(&set_threads) = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    *(void **)(&get_threads) = dlsym(RTLD_DEFAULT, "omp_get_max_threads");
    if (!set_threads || !get_threads) return;
    s->omp_prev = get_threads();
    set_threads(1);
}

static void omp_restore(cg__igraph_state *s)
{
    if (s->omp_prev <= 0) return;
    void (*set_threads)(int) = NULL;
    *(void **)(&set_threads) = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (set_threads) set_threads(s->omp_prev);
    s->omp_prev = 0;
}

void cg__igraph_leave(cg__igraph_state *s)
{
    omp_restore(s);
    if (s->handlers) {
        igraph_set_error_handler(s->err);
        igraph_set_warning_handler(s->warn);
    }
}

/* ---- measures ---- */

static const char *const measure_names[CG_M_COUNT] = {"degree", "strength", "betweenness", "closeness",
                                                      "harmonic", "eigenvector", "pagerank", "coreness"};

const char *cg_measure_name(cg_measure m) { return (unsigned)m < CG_M_COUNT ? measure_names[m] : "?"; }

int cg_measure_parse(const char *name, cg_measure *out)
{
    for (int i = 0; i < CG_M_COUNT; i++)
        if (strcmp(name, measure_names[i]) == 0) {
            *out = (cg_measure)i;
            return 0;
        }
    return -1;
}

void cg_centrality_free(cg_centrality *c)
{
    if (!c) return;
    for (int m = 0; m < CG_M_COUNT; m++) free(c->values[m]);
    free(c);
}

char *cg_centrality_format(double v, char *buf)
{
    if (!isfinite(v)) {
        /* never a number: cg_centrality_compute() leaves a measure with a non-finite value out
         * (red team S2: "0" hid an overflow), so this is only reached by a caller's own values */
        strcpy(buf, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    if (v == 0) {
        strcpy(buf, "0");
        return buf;
    }
    double a = fabs(v);
    if (a >= 1e15) {
        snprintf(buf, CG_CENTRALITY_FMT_MAX, "%.17g", v);
        return buf;
    }
    int decimals = 10;
    if (a < 1) {
        decimals = 9 - (int)floor(log10(a));
        if (decimals > 30) decimals = 30;
    }
    return cg__format_decimal(v, decimals, buf, CG_CENTRALITY_FMT_MAX);
}

double cg_centrality_rank_key(double v)
{
    if (!isfinite(v)) return isnan(v) ? -INFINITY : v; /* a NaN ranks last, never unordered */
    char buf[CG_CENTRALITY_FMT_MAX];
    return strtod(cg_centrality_format(v, buf), NULL);
}

/* A measure that could not be computed (did not converge, or gave a value that is not a finite
 * number) is left out with a warning; the other measures stand (red team M6, S2). */
static void measure_failed(cg_centrality *c, cg_measure m, cg_diag *diag, const char *why)
{
    free(c->values[m]);
    c->values[m] = NULL;
    c->failed |= 1u << m;
    cg_diag_add(diag, CG_SEV_WARNING, NULL, 0, 0, "%s centrality could not be computed: %s; it is left out",
                cg_measure_name(m), why);
}

/* Leaves out a measure with a value that is not a finite number. */
static void check_finite(cg_centrality *c, cg_measure m, cg_diag *diag)
{
    const double *v = c->values[m];
    if (!v) return;
    for (size_t i = 0; i < c->n; i++)
        if (!isfinite(v[i])) {
            char why[160];
            snprintf(why, sizeof why, "the value of vertex %zu is not a finite number (%s)", i,
                     isnan(v[i]) ? "NaN" : "infinite");
            measure_failed(c, m, diag, why);
            return;
        }
}

#define IG(call, what) \
    do { \
        igraph_last_error[0] = '\0'; \
        igraph_error_t ig_rc_ = (call); \
        if (ig_rc_ != IGRAPH_SUCCESS) { \
            cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "computing %s failed: %s", what, \
                        igraph_last_error[0] ? igraph_last_error : igraph_strerror(ig_rc_)); \
            st = CG_EGRAPH; \
            goto done; \
        } \
    } while (0)

static double *copy_vec(const igraph_vector_t *v, size_t n)
{
    double *out = cg__xmalloc((n ? n : 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) out[i] = VECTOR(*v)[i];
    return out;
}

size_t cg_samples_for_bound(size_t n, double epsilon, double delta)
{
    if (!(epsilon > 0) || !(delta > 0 && delta < 1) || n == 0) return 0;
    double k = ceil(log(2.0 * (double)n / delta) / (2.0 * epsilon * epsilon));
    return k >= (double)n ? n : (size_t)k;
}

void cg_centrality_options_init(cg_centrality_options *o)
{
    memset(o, 0, sizeof *o);
    o->version = CG_CENTRALITY_OPTIONS_VERSION;
    o->measures = CG_MEASURES_ALL;
    o->weighted = 1;
    o->delta = 0.1;
    o->sample_above = 50000;
    o->default_samples = 1000;
    o->seed = 1;
}

cg_status cg_centrality_compute(cg_centrality **out, const cg_graph *gr, const cg_centrality_options *o,
                                cg_diag *diag)
{
    *out = NULL;
    cg_centrality_options def;
    cg_centrality_options_init(&def);
    if (!o) o = &def;
    if (o->version != CG_CENTRALITY_OPTIONS_VERSION) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "centrality options not set up with cg_centrality_options_init()");
        return CG_EINVAL;
    }
    cg__igraph_state ist;
    cg__igraph_enter(&ist);
    size_t n = gr->n;
    cg_status st = CG_OK;
    cg_centrality *c = cg__xcalloc(1, sizeof *c);
    c->n = n;
    igraph_t g;
    igraph_vector_int_t edges;
    igraph_vector_t w, d, res;
    int have_g = 0, have_e = 0, have_w = 0, have_d = 0, have_r = 0;
    igraph_neimode_t path_mode = gr->directed ? IGRAPH_IN : IGRAPH_ALL;

    IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * gr->n_links)), "the graph");
    have_e = 1;
    IG(igraph_vector_init(&w, (igraph_integer_t)gr->n_links), "the graph");
    have_w = 1;
    IG(igraph_vector_init(&d, (igraph_integer_t)gr->n_links), "the graph");
    have_d = 1;
    IG(igraph_vector_init(&res, 0), "the graph");
    have_r = 1;
    for (size_t i = 0; i < gr->n_links; i++) {
        VECTOR(edges)[2 * i] = gr->links[i].a;
        VECTOR(edges)[2 * i + 1] = gr->links[i].b;
        VECTOR(w)[i] = gr->links[i].confidence;
        VECTOR(d)[i] = cg_link_distance(gr->links[i].confidence);
    }
    IG(igraph_create(&g, &edges, (igraph_integer_t)n, gr->directed), "the graph");
    have_g = 1;
    const igraph_vector_t *wts = o->weighted ? &w : NULL;
    const igraph_vector_t *dst = o->weighted ? &d : NULL;

    double t0 = cg__now();
    if (o->measures & (1u << CG_M_DEGREE)) {
        igraph_vector_int_t deg;
        IG(igraph_vector_int_init(&deg, 0), "degree");
        igraph_error_t rc = igraph_neighborhood_size(&g, &deg, igraph_vss_all(), 1, IGRAPH_ALL, 1);
        if (rc != IGRAPH_SUCCESS) {
            igraph_vector_int_destroy(&deg);
            IG(rc, "degree");
        }
        c->values[CG_M_DEGREE] = cg__xmalloc((n ? n : 1) * sizeof(double));
        for (size_t i = 0; i < n; i++) c->values[CG_M_DEGREE][i] = (double)VECTOR(deg)[i];
        igraph_vector_int_destroy(&deg);
    }
    c->seconds[CG_M_DEGREE] = cg__now() - t0;
    t0 = cg__now();
    if (o->measures & (1u << CG_M_STRENGTH)) {
        IG(igraph_strength(&g, &res, igraph_vss_all(), IGRAPH_ALL, 1, wts), "strength");
        c->values[CG_M_STRENGTH] = copy_vec(&res, n);
    }
    c->seconds[CG_M_STRENGTH] = cg__now() - t0;
    unsigned pathm = o->measures & ((1u << CG_M_BETWEENNESS) | (1u << CG_M_CLOSENESS) | (1u << CG_M_HARMONIC));
    size_t samples = o->samples;
    if (!samples && o->epsilon > 0) samples = cg_samples_for_bound(n, o->epsilon, o->delta);
    if (!samples && o->sample_above && n > o->sample_above) samples = o->default_samples;
    if (samples >= n) samples = 0; /* a "sample" of every vertex is the exact computation */
    if (pathm && (samples || !o->igraph_paths)) {
        t0 = cg__now();
        double *b = (pathm & (1u << CG_M_BETWEENNESS)) ? cg__xcalloc(n ? n : 1, sizeof *b) : NULL;
        double *cl = (pathm & (1u << CG_M_CLOSENESS)) ? cg__xcalloc(n ? n : 1, sizeof *cl) : NULL;
        double *h = (pathm & (1u << CG_M_HARMONIC)) ? cg__xcalloc(n ? n : 1, sizeof *h) : NULL;
        size_t used = 0;
        st = cg__path_measures(gr, o->weighted, o->threads, samples, o->seed, &o->progress, o->executor, b, cl, h, &used,
                               diag);
        c->values[CG_M_BETWEENNESS] = b;
        c->values[CG_M_CLOSENESS] = cl;
        c->values[CG_M_HARMONIC] = h;
        if (st != CG_OK) goto done;
        if (samples) {
            c->estimated = 1;
            c->samples = used;
        }
        c->seconds[CG_M_BETWEENNESS] = cg__now() - t0; /* the three share one search per source */
        pathm = 0;
    }
    t0 = cg__now();
    if (pathm & (1u << CG_M_BETWEENNESS)) {
        IG(igraph_betweenness(&g, &res, igraph_vss_all(), gr->directed, dst), "betweenness");
        c->values[CG_M_BETWEENNESS] = copy_vec(&res, n);
    }
    c->seconds[CG_M_BETWEENNESS] += cg__now() - t0;
    t0 = cg__now();
    if (pathm & (1u << CG_M_CLOSENESS)) {
        IG(igraph_closeness(&g, &res, NULL, NULL, igraph_vss_all(), path_mode, dst, 1), "closeness");
        c->values[CG_M_CLOSENESS] = copy_vec(&res, n);
        for (size_t i = 0; i < n; i++) /* igraph: NaN for a vertex that reaches none; README: 0 */
            if (isnan(c->values[CG_M_CLOSENESS][i])) c->values[CG_M_CLOSENESS][i] = 0;
    }
    c->seconds[CG_M_CLOSENESS] += cg__now() - t0;
    t0 = cg__now();
    if (pathm & (1u << CG_M_HARMONIC)) {
        IG(igraph_harmonic_centrality(&g, &res, igraph_vss_all(), path_mode, dst, 0), "harmonic centrality");
        c->values[CG_M_HARMONIC] = copy_vec(&res, n);
    }
    c->seconds[CG_M_HARMONIC] += cg__now() - t0;
    if (c->values[CG_M_BETWEENNESS] && o->normalized && n > 2) {
        double den = (double)(n - 1) * (double)(n - 2) / (gr->directed ? 1.0 : 2.0);
        for (size_t i = 0; i < n; i++) c->values[CG_M_BETWEENNESS][i] /= den;
    }
    t0 = cg__now();
    if (o->measures & (1u << CG_M_EIGENVECTOR)) {
        igraph_real_t value;
        igraph_arpack_options_t ao;
        igraph_arpack_options_init(&ao);
        /* ARPACK converges in a few dozen restarts on most graphs, but needs about one per vertex
         * on a chain or ring (red team M6: 19 s to fail on a ring of 20 000): the restarts are
         * bounded by a work budget, so a graph that does not converge fails within seconds,
         * and the measure is left out, not the command */
        double budget = 1e7 / (double)(n + gr->n_links + 1);
        ao.mxiter = budget >= 3000 ? 3000 : budget <= 30 ? 30 : (int)budget;
        if (gr->n_links == 0) {
            c->values[CG_M_EIGENVECTOR] = cg__xcalloc(n ? n : 1, sizeof(double));
        } else {
            igraph_last_error[0] = '\0';
            igraph_error_t rc = igraph_eigenvector_centrality(&g, &res, &value, gr->directed, 1, wts, &ao);
            if (rc == IGRAPH_SUCCESS) {
                c->values[CG_M_EIGENVECTOR] = copy_vec(&res, n);
            } else {
                char why[700];
                snprintf(why, sizeof why, "%s (after %d restarts of ARPACK)",
                         igraph_last_error[0] ? igraph_last_error : igraph_strerror(rc), (int)ao.mxiter);
                measure_failed(c, CG_M_EIGENVECTOR, diag, why);
            }
        }
    }
    c->seconds[CG_M_EIGENVECTOR] = cg__now() - t0;
    t0 = cg__now();
    if (o->measures & (1u << CG_M_PAGERANK)) {
        igraph_real_t value;
        omp_one_thread(&ist);
        IG(igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), gr->directed, 0.85, wts,
                           NULL),
           "PageRank");
        omp_restore(&ist);
        c->values[CG_M_PAGERANK] = copy_vec(&res, n);
    }
    c->seconds[CG_M_PAGERANK] = cg__now() - t0;
    t0 = cg__now();
    if (o->measures & (1u << CG_M_CORENESS)) {
        igraph_vector_int_t cores;
        IG(igraph_vector_int_init(&cores, 0), "coreness");
        igraph_error_t rc = igraph_coreness(&g, &cores, IGRAPH_ALL);
        if (rc != IGRAPH_SUCCESS) {
            igraph_vector_int_destroy(&cores);
            IG(rc, "coreness");
        }
        c->values[CG_M_CORENESS] = cg__xmalloc((n ? n : 1) * sizeof(double));
        for (size_t i = 0; i < n; i++) c->values[CG_M_CORENESS][i] = (double)VECTOR(cores)[i];
        igraph_vector_int_destroy(&cores);
    }
    c->seconds[CG_M_CORENESS] = cg__now() - t0;
    for (int m = 0; m < CG_M_COUNT; m++) check_finite(c, (cg_measure)m, diag);
done:
    cg__igraph_leave(&ist);
    if (have_g) igraph_destroy(&g);
    if (have_e) igraph_vector_int_destroy(&edges);
    if (have_w) igraph_vector_destroy(&w);
    if (have_d) igraph_vector_destroy(&d);
    if (have_r) igraph_vector_destroy(&res);
    if (st != CG_OK) {
        cg_centrality_free(c);
        return st;
    }
    *out = c;
    return CG_OK;
}
