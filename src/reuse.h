/* Internal: wording shared between passages of independent origins (the audit's
 * possible_common_origin finding). */
#ifndef CG_REUSE_H
#define CG_REUSE_H

#include "claimgraph/audit.h"
#include "util.h"

/* Two supporting claims between the same two entities, in different origin groups, whose
 * passages share their wording. */
typedef struct cg__reuse {
    cg_idx a, b;            /* the claims, a < b (input order) */
    size_t span_a, span_b;  /* which evidence span of each holds the longest shared run */
    size_t words;           /* length of the longest shared run, in words */
    uint64_t at_a, at_b;    /* byte offsets in the sources' texts where the run starts */
    size_t pairs;           /* distinct content word pairs (bigrams) the two passages share */
    double overlap;         /* pairs / the smaller passage's distinct content word pairs */
} cg__reuse;

/* At least this many shared content word pairs for the overlap rule. */
#define CG__REUSE_MIN_PAIRS 5
/* A word pair found in more claims of one entity pair than this is too common to tell. */
#define CG__REUSE_MAX_CLAIMS 64

/* Words: maximal runs of letters and digits (ASCII letters lowercased, Latin-1 capitals folded
 * to small letters, other non-ASCII letters kept as they are); everything else (spaces, line
 * breaks, ASCII and typographic punctuation, quotes, dashes, no-break spaces) separates words.
 * A content word pair is two consecutive words of a passage that are not both English function
 * words ("of the", "and a" do not count).
 *
 * For every unordered pair of entities, the audited supporting claims on its edges are grouped
 * into origin groups as for the entity graph (same source, same explicit origin, cites family).
 * Two claims of different groups share their wording when their verified passages have
 *  - a run of at least `min_words` consecutive words in common (0 = rule off), or
 *  - at least CG__REUSE_MIN_PAIRS distinct content word pairs in common, making up at least
 *    `min_overlap` of the distinct content word pairs of the claim with fewer (0 = rule off).
 * For every pair of groups with such claims, one hit: the pair with the longest shared run, then
 * the highest overlap, then the smallest claim indices. `spans[i]` are claim i's span results
 * (verified ones carry the passage). Hits are sorted by (a, b); *out is caller-owned (free()).
 * Returns the number of hits. Cost: O(W log W) for W words in the passages, plus the pairs of
 * claims that share a word pair (at most CG__REUSE_MAX_CLAIMS claims per word pair). */
size_t cg__find_reuse(const cg_dataset *ds, const unsigned char *audited, const cg_audit_span *const *spans,
                      size_t min_words, double min_overlap, cg__reuse **out);

#endif
