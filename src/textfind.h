/* Internal: the audit's text finder (audit.c), shared with import sheets and reanchor. Every
 * regular file below a folder is read once and hashed; files whose SHA-256 is wanted (a slot)
 * are kept, the others are kept as candidates up to a byte budget. Symbolic links are never
 * followed below the folder; entries are visited in byte-wise sorted order. */
#ifndef CG_TEXTFIND_H
#define CG_TEXTFIND_H

#include <stddef.h>
#include <stdint.h>
#include "claimgraph/status.h"
#include "util.h"

typedef struct cg__text_slot {
    uint8_t sha[32];
    char *data;   /* the text, once found */
    size_t len;
    char *path;   /* raw relative path of the first file (byte-wise order) with this content */
} cg__text_slot;

typedef struct cg__walker {
    cg__text_slot *slots;      /* wanted texts, sorted by sha (memcmp) */
    size_t n_slots;
    CG_VEC(cg__text_slot) cands; /* unmatched files, in walk order */
    size_t cand_bytes;
    size_t cand_budget;        /* 0: keep no candidates */
    size_t max_bytes;          /* larger files are skipped with a warning */
    unsigned max_depth;
    cg_diag *diag;
    const char *root;          /* for messages */
    cg__buf rel;                /* relative path of the current entry (initialise to "") */
    size_t files_hashed, files_skipped, symlinks;
} cg__walker;

/* Walks the folder open at fd (taken over, closed), filling the slots and candidates. */
void cg__texts_walk(cg__walker *w, int fd, unsigned depth);

#endif
