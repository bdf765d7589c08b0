/* claimgraph: auditing a dataset against its source texts -- see README "Audit".
 *
 * An audit finds each source's text in a folder by content (the file whose SHA-256 equals the
 * source's `text_sha256`), checks every evidence span of every audited claim against it (in
 * bounds, on UTF-8 character boundaries, hashing to the span's `sha256`), and reports what a
 * reviewer must look at: edges resting on one origin or only on anonymous voices, corroboration
 * that `cites` collapsed, citation cycles, unused entities and sources, disputed edges, and
 * credible-looking edges whose evidence is all `alleged`. */
#ifndef CLAIMGRAPH_AUDIT_H
#define CLAIMGRAPH_AUDIT_H

#include "export.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "evidence.h"
#include "model.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What an audit item reports. The first CG_AUDIT_FIRST_FINDING kinds are errors (the audit
 * fails); the others are findings (reported for review; errors only in strict mode). */
typedef enum cg_audit_kind {
    /* errors */
    CG_AUDIT_TEXT_MISSING,         /**< a source's text_sha256 matches no file in the folder */
    CG_AUDIT_NO_TEXT_HASH,         /**< a source without text_sha256 has claims with spans */
    CG_AUDIT_NO_EVIDENCE,          /**< a claim has no evidence span (unless allowed) */
    CG_AUDIT_SPAN_OUT_OF_BOUNDS,   /**< a span ends beyond the end of the text */
    CG_AUDIT_SPAN_NOT_ON_BOUNDARY, /**< a span starts or ends inside a UTF-8 character */
    CG_AUDIT_SPAN_HASH_MISMATCH,   /**< the bytes at a span do not hash to its sha256 */
    CG_AUDIT_SPAN_NOT_UTF8,        /**< the bytes at a span hash correctly but are not UTF-8 text (or hold NUL) */
    /* findings */
    CG_AUDIT_SINGLE_ORIGIN,        /**< an edge whose supporting claims form one origin group */
    CG_AUDIT_ALL_ANONYMOUS,        /**< an edge whose supporting voices are all anonymous */
    CG_AUDIT_COLLAPSED,            /**< two claims of different sources are one origin only through `cites` */
    CG_AUDIT_COMMON_ORIGIN,        /**< two supporting claims between the same entities, in different origin
                                        groups, whose passages share a long run of words */
    CG_AUDIT_CITES_CYCLE,          /**< sources that cite each other in a cycle */
    CG_AUDIT_UNUSED_ENTITY,        /**< an entity that no claim names */
    CG_AUDIT_UNUSED_SOURCE,        /**< a source that no claim uses */
    CG_AUDIT_DISPUTED,             /**< an edge with refuting claims */
    CG_AUDIT_ALLEGED_ONLY,         /**< an edge at or above the publication threshold whose support is all `alleged` */
    CG_AUDIT_KIND_COUNT
} cg_audit_kind;
#define CG_AUDIT_FIRST_FINDING CG_AUDIT_SINGLE_ORIGIN

/** The stable name of a kind, as used in the JSON report ("span_hash_mismatch", ...). Never NULL. */
CG_API const char *cg_audit_kind_name(cg_audit_kind k);
/** 1 if items of this kind are errors, 0 if they are findings. */
CG_API int cg_audit_kind_is_error(cg_audit_kind k);

/** Audit options; initialise with cg_audit_options_init(). */
#define CG_AUDIT_OPTIONS_VERSION 1
typedef struct cg_audit_options {
    unsigned version;              /**< CG_AUDIT_OPTIONS_VERSION */
    const char *texts_dir;         /**< folder of source texts (required); searched recursively */
    const cg_grading *grading;     /**< grading table for edge confidences; NULL = the default table */
    const cg_filter *filter;       /**< which claims are audited; NULL = all. min_confidence leaves
                                        edges out of the edge findings only */
    double publication_threshold;  /**< edges with confidence >= this are "publishable" (0..1) */
    int allow_unsourced;           /**< 1: a claim without evidence is not an error */
    int strict;                    /**< 1: findings make the audit fail too (see cg_audit_passed()) */
    unsigned max_depth;            /**< deepest folder level searched below texts_dir */
    size_t max_file_bytes;         /**< larger files in the folder are skipped (with a warning) */
    size_t context_chars;          /**< keep up to this many characters of text before and after each
                                        verified passage, cut at word boundaries (0 = none) */
    size_t reuse_words;            /**< possible_common_origin: a shared run of at least this many
                                        consecutive normalised words (default 12; 0 = rule off) */
    double reuse_overlap;          /**< possible_common_origin: or at least 5 shared content word
                                        pairs making up this share of the smaller passage's (default
                                        0.4; 0 = rule off). See README "Audit". */
} cg_audit_options;
/** Sets the defaults: no folder (texts_dir is required), the default grading table, no filter,
 * threshold 0.5, 32 folder levels, 1 GiB per file, no context, reuse 12 words or 0.4 overlap. */
CG_API void cg_audit_options_init(cg_audit_options *o);

/** An audit result. Opaque; read it through the accessors below. */
typedef struct cg_audit cg_audit;

/** One error or finding. Every pointer is borrowed from the audit (or from its dataset). */
typedef struct cg_audit_item {
    cg_audit_kind kind;
    cg_idx claim;           /**< the claim concerned (span errors, no_evidence; collapsed and
                                 possible_common_origin: the first of the two claims), else CG_NONE */
    cg_idx claim2;          /**< collapsed, possible_common_origin: the second claim, else CG_NONE */
    cg_idx source;          /**< text_missing, no_text_hash, unused_source: that source; span errors
                                 and no_evidence: the claim's source; else CG_NONE */
    cg_idx entity;          /**< unused_entity: that entity, else CG_NONE */
    size_t span;            /**< span errors: index into the claim's evidence, else (size_t)-1 */
    const cg_edge *edge;    /**< edge findings (single_origin, all_anonymous, collapsed, disputed,
                                 alleged_only; possible_common_origin: the first claim's edge): the
                                 edge, else NULL */
    size_t n_claims;
    const cg_idx *claims;   /**< text_missing, no_text_hash: the claims that cannot be verified;
                                 single_origin, all_anonymous, alleged_only: the supporting claims;
                                 disputed: the refuting claims; collapsed, possible_common_origin: the
                                 two claims (ascending) */
    size_t n_sources;
    const cg_idx *sources;  /**< cites_cycle: its sources, sorted by id; collapsed: the `cites` chain
                                 from the first claim's source to the second's;
                                 possible_common_origin: the two claims' sources */
    size_t shared_words;    /**< possible_common_origin: length of the longest shared run of words */
    size_t shared_pairs;    /**< possible_common_origin: distinct content word pairs in common */
    double shared_overlap;  /**< possible_common_origin: shared_pairs / the smaller passage's pairs */
    size_t shared_span[2];  /**< possible_common_origin: the evidence span of each claim holding it */
    uint64_t shared_at[2];  /**< possible_common_origin: byte offset in each source's text where it starts */
    const char *message;    /**< one plain-text sentence naming the records concerned (UTF-8) */
    const char *text_now;   /**< span errors: the text now at the span (valid UTF-8, invalid bytes as
                                 U+FFFD, clipped to about 300 bytes on a character boundary, "..."
                                 appended when clipped), or NULL when there is none */
    size_t chain_omitted;   /**< collapsed: sources left out of the middle of `sources` (a chain of
                                 more than 11 sources keeps its first and last 5), else 0 */
} cg_audit_item;

/** The outcome of checking one evidence span. */
typedef enum cg_audit_span_result {
    CG_AUDIT_SPAN_VERIFIED,   /**< in bounds, on boundaries, hash matches, valid UTF-8 text */
    CG_AUDIT_SPAN_FAILED,     /**< checked and wrong (an error item says why) */
    CG_AUDIT_SPAN_UNCHECKED   /**< the source's text is missing or the source has no text_sha256 */
} cg_audit_span_result;

typedef struct cg_audit_span {
    cg_audit_span_result result;
    const char *quote;        /**< verified spans: the exact bytes of the passage, NUL-terminated
                                   (read from the folder during the audit); else NULL */
    const char *before, *after; /**< verified spans, when context_chars > 0: the text around the
                                   passage (valid UTF-8, invalid bytes as U+FFFD); else NULL */
} cg_audit_span;

/** Counts over the whole audit. */
typedef struct cg_audit_counts {
    size_t claims;              /**< claims audited (accepted by the filter) */
    size_t claims_filtered_out; /**< claims the filter left out (not audited) */
    size_t spans;               /**< evidence spans of the audited claims */
    size_t spans_verified, spans_failed, spans_unchecked;
    size_t errors;              /**< items whose kind is an error */
    size_t findings;            /**< items whose kind is a finding */
    size_t by_kind[CG_AUDIT_KIND_COUNT];
    size_t files_hashed;        /**< regular files read and hashed in the folder */
    size_t files_skipped;       /**< symbolic links, special files, unreadable or too large files,
                                     folders deeper than max_depth */
    size_t texts_expected;      /**< audited sources with a text_sha256 */
    size_t texts_found;         /**< of those, the ones whose text was found */
} cg_audit_counts;

/**
 * Audits `ds` against the texts in opts->texts_dir.
 *
 * Every regular file below the folder (recursively, up to opts->max_depth levels; symbolic links
 * are never followed, below the folder itself) is read once and hashed; only files whose SHA-256
 * is some audited source's `text_sha256` stay in memory, and only until their spans are checked.
 * Entries are visited in sorted (byte-wise) order; when several files have the same content the
 * smallest relative path is reported. No path from the dataset is ever opened.
 *
 * Unreadable or too large files and too deep folders are skipped with a warning in `diag`.
 * Returns CG_OK when the audit ran (its verdict is cg_audit_passed()); *out is then a new audit
 * owned by the caller (cg_audit_free()); it borrows `ds`, which must outlive it.
 * Errors: CG_EINVAL (no texts_dir, threshold outside 0..1), CG_EIO (the folder is missing, not a
 * folder, or unreadable), CG_ENOTFOUND (the filter names an unknown source); *out is then NULL
 * and the reason is in `diag`.
 * Complexity: O(T + S + C log C) for T bytes in the folder, S bytes of spans and C claims;
 * each file is read exactly once.
 */
CG_API cg_status cg_audit_run(cg_audit **out, const cg_dataset *ds, const cg_audit_options *opts, cg_diag *diag);
/** Frees an audit (the quotes and messages with it); NULL is a no-op. */
CG_API void cg_audit_free(cg_audit *a);

/** The counts (borrowed). O(1). */
CG_API const cg_audit_counts *cg_audit_get_counts(const cg_audit *a);
/** 1 when the audit passes: no errors, and no findings either in strict mode. O(1). */
CG_API int cg_audit_passed(const cg_audit *a);
/** Number of items: errors first (per source by id, then per claim in input order), then
 * findings grouped by kind in enum order. O(1). */
CG_API size_t cg_audit_n_items(const cg_audit *a);
/** The i-th item (borrowed), or NULL if out of range. O(1). */
CG_API const cg_audit_item *cg_audit_item_at(const cg_audit *a, size_t i);
/** 1 if claim i was audited (accepted by the filter). O(1). */
CG_API int cg_audit_claim_audited(const cg_audit *a, cg_idx claim);
/** The span results of claim i, one per entry of its `evidence` (borrowed), or NULL when the claim
 * was not audited or has no evidence. O(1). */
CG_API const cg_audit_span *cg_audit_claim_spans(const cg_audit *a, cg_idx claim);
/** The path, relative to the texts folder, of the file holding source i's text, or NULL when
 * it was not found or not looked for (displayable: invalid UTF-8 replaced). O(1). */
CG_API const char *cg_audit_text_file(const cg_audit *a, cg_idx source);

/** Report formats. */
typedef enum cg_audit_format { CG_AUDIT_MD, CG_AUDIT_JSON, CG_AUDIT_HTML } cg_audit_format;

/** The one-line summary, e.g. "audit: 195 claims, 223 of 223 spans verified, 0 errors,
 * 57 findings (12 single-origin edges, ...)", without a newline. Caller frees. O(1). */
CG_API char *cg_audit_summary_line(const cg_audit *a);
/**
 * Writes the report: the summary line, the texts found, the errors, the findings grouped by kind,
 * then every audited claim (input order) with its edge, source, voice, status, summary and each
 * span with its verified quote. Markdown for people, JSON for scripts (keys documented in the
 * README, stable order), HTML as one self-contained page (inline CSS, no scripts). Every string
 * from the data or the texts is escaped for its context (escape.h). Deterministic: the same
 * dataset and texts give byte-identical output. Returns CG_EIO if writing to `f` failed.
 * Complexity: O(size of the report).
 */
CG_API cg_status cg_audit_write(const cg_audit *a, FILE *f, cg_audit_format fmt);

#ifdef __cplusplus
}
#endif
#endif
