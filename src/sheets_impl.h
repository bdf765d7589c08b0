/* Internal: the spreadsheet layout shared by import, export and templates (sheets_*.c), and the
 * helpers reanchor uses (texts by relative path, atomic sets of output files). */
#ifndef CG_SHEETS_IMPL_H
#define CG_SHEETS_IMPL_H

#include <stdint.h>
#include <stdio.h>
#include "output.h"
#include "claimgraph/sheets.h"
#include "csv_impl.h"
#include "textfind.h"
#include "util.h"

/* Every column of the layout (the JSON field names, plus type, text_file, quote, occurrence). */
enum cg__sf {
    SF_ID, SF_TYPE, SF_TITLE, SF_KIND, SF_PUBLISHER, SF_AUTHOR, SF_PUBLISHED, SF_URL, SF_RELIABILITY,
    SF_CITES, SF_TEXT_FILE, SF_TEXT_SHA256, SF_CAVEAT, SF_NOTES, SF_NAME, SF_ALIASES, SF_DESCRIPTION,
    SF_EXTERNAL_IDS, SF_LABEL, SF_DIRECTED, SF_CATEGORY, SF_SUBJECT, SF_RELATION, SF_OBJECT, SF_SOURCE,
    SF_QUOTE, SF_OCCURRENCE, SF_EVIDENCE, SF_SUMMARY, SF_ATTRIBUTED_TO, SF_ANONYMOUS, SF_ORIGIN,
    SF_CREDIBILITY, SF_CONFIDENCE, SF_STANCE, SF_STATUS, SF_VALID_FROM, SF_VALID_TO,
    SF_COUNT
};
extern const char *const cg__sf_names[SF_COUNT];
/* The columns of each sheet in their order (export and templates), terminated by -1. */
extern const int *const cg__sheet_columns[CG_SHEET_COUNT];
/* 1 if column f belongs to sheet k. */
int cg__sheet_has(cg_sheet_kind k, int f);
/* The field a header names in sheet k (case-insensitive; spaces and '-' as '_'; aliases such as
 * from/to/quote/source_id), or -1. */
int cg__sheet_header_field(cg_sheet_kind k, const char *header);

/* Which record type a sheet file is, from its name (sources*.csv, entities*.csv...), or -1. */
int cg__sheet_kind_of_name(const char *base);

/* The id derived for a claim without one (README "Claim ids"): SOURCE-<12 hex> of the SHA-256 of
 * the claim's identity (source, subject, relation, object, stance, voice and normalised
 * passages or spans), or c-<16 hex> when that would be longer than 128 characters. `parts` are
 * joined with U+001F. Caller frees. */
char *cg__derive_claim_id(const char *source, const char *const *parts, size_t n);

/* Splits a quote cell into passages at `[...]` or `[…]` (trimmed, empty parts dropped). */
void cg__quote_split(const char *cell, cg__strvec *out);

/* Reads `rel` (a relative path, `/` or `\` separated, no `..`) below the folder `dir` without
 * following symbolic links. 0 on success; else -1 and a reason in *why (static). */
int cg__read_under(const char *dir, const char *rel, size_t max, char **data, size_t *len, const char **why);

/* Walks `dir` for the given text hashes (sorted, unique not required); candidates are kept up to
 * `cand_budget` bytes. The walker is owned by the caller (cg__texts_free). CG_EIO if the folder
 * cannot be opened. */
cg_status cg__texts_scan(cg__walker *w, const char *dir, const uint8_t (*shas)[32], size_t n, size_t cand_budget,
                         cg_diag *diag);
const cg__text_slot *cg__texts_find(const cg__walker *w, const uint8_t sha[32]);
void cg__texts_free(cg__walker *w);

/* An atomic set of output files: every file is written and flushed before the first is renamed. */
typedef struct cg__outset {
    cg__output **o;
    size_t n, cap;
} cg__outset;
FILE *cg__outset_add(cg__outset *s, const char *path, cg_diag *diag);
cg_status cg__outset_commit(cg__outset *s, cg_diag *diag);
void cg__outset_abort(cg__outset *s);
/* mkdir -p of one level: creates dir if missing. 0 on success. */
int cg__ensure_dir(const char *dir, cg_diag *diag);

/* A double in its shortest round-trip form ("0.7", not "0.69999999999999996"). */
void cg__fmt_shortest(char out[40], double x);

#endif
