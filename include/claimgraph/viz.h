/* claimgraph: diagrams -- styles, views, DOT, Graphviz rendering and the HTML viewer.
 * See README "Diagrams". */
#ifndef CLAIMGRAPH_VIZ_H
#define CLAIMGRAPH_VIZ_H

#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include "analysis.h"
#include "audit.h"
#include "evidence.h"
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A diagram style (viz/style.json): Graphviz attributes per graph/node/edge, per entity kind,
 * and the thresholds and widths of the evidence styling. */
typedef struct cg_style cg_style;

/** Loads and validates a style file (unknown keys and wrong types are errors, with file:line:col);
 * `path` NULL loads the default style compiled into the library (viz/style.json at build time).
 * Files larger than 4 MiB are refused (CG_ELIMIT). */
CG_API cg_status cg_style_load(cg_style **out, const char *path, cg_diag *diag);
CG_API void cg_style_free(cg_style *st);
/** Confidence below which edges are dotted, and the node count above which `render` picks sfdp. */
CG_API double cg_style_low_confidence(const cg_style *st);
CG_API size_t cg_style_engine_threshold(const cg_style *st);

/** What to show; initialise with cg_view_options_init(). */
#define CG_VIEW_OPTIONS_VERSION 1
typedef struct cg_view_options {
    unsigned version;           /**< CG_VIEW_OPTIONS_VERSION */
    const cg_grading *grading;  /**< NULL = the default table */
    cg_filter filter;           /**< claim filters and min_confidence (edges) */
    int anonymous_only;         /**< keep only edges whose supporting voices are all anonymous */
    const char *focus;          /**< entity id: ego network of depth `depth` */
    unsigned depth;
    const char *path_from, *path_to; /**< entity ids: the k most credible paths between them */
    unsigned k;
    size_t max_nodes;           /**< keep the N most central entities (PageRank), 0 = all */
    int size_by;                /**< a cg_measure to scale nodes by, or -1 */
    int legend;                 /**< draw the legend (default 1) */
    const char *title;          /**< graph label, or NULL */
    int show_denials;           /**< also draw refute-only edges (no supporting claim), in the
                                     style of their own, between entities the view contains; they
                                     are never walked by focus or paths nor counted by max_nodes */
    unsigned panel_measures;    /**< centrality measures computed for the HTML viewer's entity panels
                                     (bits 1u << measure; the path measures only up to 5000
                                     entities); 0 for DOT and images, which draw none but size_by
                                     (max_nodes adds PageRank) */
} cg_view_options;
/** Sets the defaults: the whole graph, default grading, no filter, depth 1, k 1, no size_by (-1),
 * a legend, no title, no denials, every measure for the viewer's panels. */
CG_API void cg_view_options_init(cg_view_options *o);

/** A view: the entities and edges to draw, with their evidence and centrality. */
typedef struct cg_view cg_view;

/** Builds a view. Unknown entity ids, or no path between the two entities, are errors (CG_ENOTFOUND)
 * with a message in diag; what --max-nodes left out is reported as a note. Deterministic. */
CG_API cg_status cg_view_build(cg_view **out, const cg_dataset *ds, const cg_view_options *o, cg_diag *diag);
CG_API void cg_view_free(cg_view *v);
CG_API size_t cg_view_n_nodes(const cg_view *v);
CG_API size_t cg_view_n_edges(const cg_view *v);

/** Writes the view as DOT (style NULL: the built-in default style): synthetic sorted node ids, every edge with its provenance label,
 * tooltip, stable id, class and link; a legend unless disabled. Output is byte-identical for the
 * same input. Returns CG_EIO if writing fails. */
CG_API cg_status cg_view_write_dot(const cg_view *v, const cg_style *st, FILE *f);

/** Options of the HTML page; initialise with cg_html_options_init(). */
#define CG_HTML_OPTIONS_VERSION 3
typedef struct cg_html_options {
    unsigned version;              /**< CG_HTML_OPTIONS_VERSION (set by cg_html_options_init()) */
    const cg_audit *passages;      /**< an audit of the dataset run with context_chars > 0: its
                                        verified passages are shown under each claim; NULL = none
                                        (the page says they are in the audit report) */
    size_t max_quote;              /**< characters of a passage shown (default 400; 0 = all); a
                                        longer passage is cut at a word with an ellipsis */
    const cg_style *style;         /**< (version 2) the style the SVG was drawn with: its colours,
                                        shapes and line styles make the page's legend; NULL = none */
    int legend;                    /**< (version 2) show the page's legend (default 1); the SVG
                                        should then be drawn without its own (legend = 0 in the view) */
    const struct cg_robustness *robustness; /**< (version 3) a robustness result of the same dataset
                                        (cg_robustness_run with `track` at least the number of
                                        entities): each entity's panel shows its rank interval over
                                        possible worlds, P(top k) and its critical source; NULL = none */
} cg_html_options;
/** Sets the defaults: no passages, max_quote 400, legend on, no style. */
CG_API void cg_html_options_init(cg_html_options *o);

/** Checks that every evidence passage of every claim the HTML page would show (the drawn edges'
 * claims, and those of refute-only edges touching a drawn entity) was verified by the audit `a`
 * (its source's text found, in bounds, hash matching). Each failure is an error in diag naming
 * the claim; returns CG_EDATA if there is any, else CG_OK. */
CG_API cg_status cg_view_check_passages(const cg_view *v, const cg_audit *a, cg_diag *diag);

/** Writes one self-contained HTML page embedding `svg` (Graphviz output of the view's DOT) and a
 * JSON table of entities, edges, claims, sources and centrality; clicking an edge or a node shows
 * its evidence in a side panel: supporting and refuting claims apart, voices, grades, caveats and
 * (with opts->passages) the quoted passages. An entity's panel lists refute-only edges in their
 * own "Denied or refuted" section, never among its links. Never writes `notes`. opts may be NULL
 * (defaults). */
CG_API cg_status cg_view_write_html(const cg_view *v, const char *svg, size_t svg_len, const cg_html_options *opts, FILE *f);

/** Options for running Graphviz; initialise with cg_render_options_init(). */
#define CG_RENDER_OPTIONS_VERSION 1
typedef struct cg_render_options {
    unsigned version;         /**< CG_RENDER_OPTIONS_VERSION */
    const char *engine;       /**< "dot", "neato" or "sfdp" */
    const char *format;       /**< "svg", "pdf" or "png" */
    unsigned timeout_s;       /**< wall-clock limit, the child is killed after it */
    size_t memory_bytes;      /**< address-space limit of the child */
    void (*on_child)(long pid, void *ud); /**< if set: called with the child's process id when it
                                               starts and with 0 when it is gone (so a signal
                                               handler can stop it) */
    void *on_child_ud;
} cg_render_options;
/** Sets the defaults: dot, svg, 60 s, 2 GiB, no child callback. */
CG_API void cg_render_options_init(cg_render_options *o);

/**
 * Runs Graphviz on the DOT text as a child process: argv only (never a shell), the program
 * found in a fixed PATH (/usr/bin:/bin), environment reduced to PATH, LC_ALL=C and SERVER_NAME
 * (so DOT cannot make Graphviz read local image files), CPU, memory and file-size limits,
 * killed after timeout_s. The output is written to `out_fd` (a file). On failure Graphviz's
 * standard error is reported in diag and CG_ECHILD (or CG_ELIMIT on timeout) is returned.
 */
CG_API cg_status cg_render(const char *dot, size_t len, const cg_render_options *o, int out_fd, cg_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
