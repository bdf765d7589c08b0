/* Internal: the audit's parts (see include/claimgraph/audit.h and README "Audit"):
 *   common.c      kinds, display text, items and their messages
 *   texts.c       finding the source texts by content (shared with sheets and reanchor: textfind.h)
 *   checks.c      source- and span-level checks, passage context
 *   findings.c    findings for reviewers (single origin, anonymous, collapsed, common origin,
 *                 cites cycles, unused records, disputed, alleged-only)
 *   run.c         cg_audit_run in named steps, accessors, the summary line
 *   report*.c     the Markdown, JSON and HTML reports */
#ifndef CG_AUDIT_IMPL_H
#define CG_AUDIT_IMPL_H

#include <stdio.h>
#include "claimgraph/audit.h"
#include "claimgraph/escape.h"
#include "claimgraph/text.h"
#include "textfind.h"
#include "util.h"

#define CLIP_BYTES 300   /* text shown for a failed span */
#define LIST_MAX 10      /* ids named in a message before "and N more" */
#define NO_SPAN ((size_t)-1)
/* Files whose content matches no source are kept (up to this many bytes in all) so that a source
 * whose text changed can be compared with the closest file and the changed spans named. */
#define CANDIDATE_BUDGET ((size_t)256 << 20)

struct cg_audit {
    const cg_dataset *ds;
    double threshold;
    size_t context_chars;        /* context kept around verified passages (0 = none) */
    size_t reuse_words;          /* possible_common_origin thresholds (0 = off) */
    double reuse_overlap;
    int strict, allow_unsourced;
    const char *filter_desc;     /* NULL when every claim is audited */
    cg_edgeset *es;
    cg__arena *arena;             /* messages, quotes, id lists */
    CG_VEC(cg_audit_item) items;
    cg_audit_counts counts;
    unsigned char *audited;      /* per claim */
    cg_audit_span **spans;       /* per claim, NULL if not audited or no evidence */
    const char **text_file;      /* per source, display path of its text or NULL */
    unsigned char *in_scope;     /* per source: audited (its text is looked for) */
    unsigned char *has_text;     /* per source: its text was found */
    const cg__text_slot **closest; /* per source whose text is missing: the closest kept file, during the run */
    size_t symlinks;
};


/* names and labels of the kinds (common.c) */
extern const char *const cg__audit_kind_names[CG_AUDIT_KIND_COUNT];
extern const char *const cg__audit_kind_labels[CG_AUDIT_KIND_COUNT][3];

/* text for display: valid UTF-8 (invalid bytes and NUL, and with `controls` the other control
 * characters, as U+FFFD), at most `max` input bytes, "..." marking a cut (common.c) */
void cg__audit_add_display(cg__buf *b, const unsigned char *s, size_t n, size_t max, int controls);
char *cg__audit_display_dup(cg__arena *ar, const char *s, size_t n, size_t max, int controls);

/* items and their messages (common.c) */
cg_audit_item *cg__audit_new_item(cg_audit *a, cg_audit_kind kind);
const cg_idx *cg__audit_arena_idx(cg__arena *ar, const cg_idx *v, size_t n);
const char *cg__audit_claim_id(const cg_audit *a, cg_idx c);
const char *cg__audit_source_id(const cg_audit *a, cg_idx s);
void cg__audit_add_claim_list(cg__buf *b, const cg_audit *a, const cg_idx *v, size_t n);
void cg__audit_set_message(cg_audit *a, cg_audit_item *it, cg__buf *b);
void cg__audit_add_edge_name(cg__buf *b, const cg_audit *a, const cg_edge *e);
const char *cg__audit_num(char buf[48], double x, int dec);

/* the texts (texts.c: cg__texts_walk in textfind.h) */
int cg__audit_cmp_slot(const void *x, const void *y);

/* source- and span-level checks (checks.c) */
void cg__audit_claims_by_source(const cg_audit *a, size_t **first, cg_idx **list);
void cg__audit_check_span(cg_audit *a, cg_idx ci, size_t k, const cg__text_slot *t, cg_audit_span *out, cg__buf *msg);

/* findings for reviewers (findings.c) */
void cg__audit_find_edge_items(cg_audit *a, cg_audit_kind kind, cg__buf *msg, cg_idx *scratch);
void cg__audit_find_common_origin(cg_audit *a, cg__buf *msg);
void cg__audit_find_cycles(cg_audit *a, cg__buf *msg);
void cg__audit_find_unused(cg_audit *a, cg__buf *msg);

/* report writers (report.c: shared helpers and cg_audit_write; report_md.c, report_json.c,
 * report_html.c) */
void cg__audit_put(FILE *f, char *(*esc)(const char *), const char *s);
void cg__audit_put_json_or_null(FILE *f, const char *s);
const char *cg__audit_span_hex(const cg_span *sp, char hex[65]);
const char *cg__audit_result_name(cg_audit_span_result r);
char *cg__audit_esc_md_block(const char *s);
void cg__audit_put_lines(FILE *f, char *(*esc)(const char *), const char *s, const char *prefix, const char *empty_prefix);
const char *cg__audit_arrow(int directed);
void cg__audit_write_md(const cg_audit *a, FILE *f);
void cg__audit_write_json(const cg_audit *a, FILE *f);
void cg__audit_write_html(const cg_audit *a, FILE *f);

#endif
