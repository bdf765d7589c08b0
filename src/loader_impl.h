/* Internal: the loader's staging records, shared by records.c (parsing one line) and loader.c
 * (reading inputs in parallel, merging, resolving references). */
#ifndef CG_LOADER_IMPL_H
#define CG_LOADER_IMPL_H

#include "dataset_impl.h"

struct cg_jl;

typedef struct { uint32_t col; const char *id; } cg_ref;

/* Staged sources, entities and relations keep the file offset of their line, so the column of
 * their id can be found again if it is duplicated (col_id is set when the input cannot be re-read). */
typedef struct {
    cg_source r;
    cg_ref *cites;
    uint64_t off;
    uint32_t col_id;
} cg_st_source;

typedef struct {
    cg_entity r;
    uint64_t off;
    uint32_t col_id;
} cg_st_entity;

typedef struct {
    cg_relation r;
    uint64_t off;
    uint32_t col_id;
} cg_st_relation;

/* A claim's references while its line is parsed (records.c): ids (NULL when invalid, already
 * reported), and, when the input cannot be read again (standard input), their columns. */
enum { CG_REF_SUBJECT, CG_REF_RELATION, CG_REF_OBJECT, CG_REF_SOURCE, CG_REF_ID, CG_NREF };
typedef struct {
    const char *id[4];
    uint32_t col[CG_NREF];
} cg_claim_refs;

/* Pools of referenced ids (idpool.c). */
typedef struct cg_idpool cg_idpool;
cg_idpool *cg__idpool_new(void);
void cg__idpool_free(cg_idpool *p);
/* The number of id s[0..n) in the pool (added if new); numbers count from 0. */
uint32_t cg__idpool_add(cg_idpool *p, const char *s, size_t n);
/* The same in two steps: the id's hash, with its table slot fetched into the cache, then the add;
 * hashing several ids before adding them overlaps their cache misses. */
uint64_t cg__idpool_prefetch(const cg_idpool *p, const char *s, size_t n);
uint32_t cg__idpool_add_h(cg_idpool *p, const char *s, size_t n, uint64_t h);
const char *cg__idpool_id(const cg_idpool *p, uint32_t slot);
/* Looks every id up in map; then cg__idpool_index() gives its index, or CG_NONE. */
void cg__idpool_resolve(cg_idpool *p, const cg__strmap *map);
/* The same from a list of distinct ids, id i getting index i (each id of the list is looked up in
 * the pool: for a list in id order, the dataset's entities, without a map of them). */
void cg__idpool_resolve_list(cg_idpool *p, const cg_entity *list, size_t n);
cg_idx cg__idpool_index(const cg_idpool *p, uint32_t slot);
enum { CG_POOL_ENTITY, CG_POOL_RELATION, CG_POOL_SOURCE, CG_NPOOL };

/* What one thread produces from a run of lines. Line numbers are relative to the chunk's first
 * line (1-based) until the chunk is merged. */
typedef struct cg_chunk {
    /* input (set for each run of lines given to cg__parse_chunk) */
    const char *text;         /* followed by at least cg__jl_padding() readable bytes */
    size_t len;
    uint64_t offset;          /* file offset of text[0] */
    int file_start;           /* text starts the file: a BOM may follow */
    int eager_cols;           /* compute claim reference columns now (input cannot be re-read) */
    const char *file;
    uint32_t file_idx;
    cg_load_options opt;
    /* output */
    cg__arena *arena;          /* strings that are unique (ids, summaries, notes) and arrays */
    cg__intern *strings;       /* strings that repeat (voices, origins, names, publishers, dates) */
    cg_diag *diag;
    struct cg_jl *jl;         /* the fast parser (NULL with opt.reference_parser) */
    CG_VEC(cg_st_source) sources;
    CG_VEC(cg_st_entity) entities;
    CG_VEC(cg_st_relation) relations;
    cg_idpool **pools;        /* [CG_NPOOL], not owned: a claim's subject, relation, object and
                                 source hold numbers in these pools until the claims are resolved */
    CG_VEC(cg_claim) claims;
    /* The last claim's references, looked up in the pools only when the next claim is stored (or
     * the run of lines ends), so that their table slots, fetched when it was stored, have arrived
     * in the meantime: most are cache misses. Ids copied, since the parser reuses its strings. */
    struct {
        int has;
        size_t claim;        /* index in claims */
        uint64_t h[4];
        size_t len[4];
        const char *id[4];   /* into text, or NULL */
        char text[256];
    } pend;
    CG_VEC(uint64_t) claim_hash;         /* cg__quick_hash of each claim's id (for the claim index) */
    uint64_t claim_bytes;                /* bytes of the lines that gave claims (sizes the claim array) */
    CG_VEC(uint32_t) claim_cols;         /* with eager_cols: CG_NREF columns per claim */
    unsigned long lines;
    size_t records;
} cg_chunk;

/* Parses every line of chunk->text (records.c), numbering them after the chunk's earlier lines.
 * Thread-safe: touches only the chunk. */
void cg__parse_chunk(cg_chunk *chunk);
/* The fast path for one line (records_fast.c): returns 1 when the line was a valid record and is
 * stored, 0 (nothing stored, nothing reported) when records.c must parse it. */
int cg__parse_line_fast(cg_chunk *ch, struct cg_jl *jl, unsigned long line, uint64_t off, const char *text,
                        size_t len);
/* The same for a line already parsed into document d. */
struct cg_jdoc;
int cg__record_fast(cg_chunk *ch, const struct cg_jdoc *d, unsigned long line, uint64_t off, const char *text,
                    size_t len);
/* Stores a parsed claim (both paths; its id, r->id, is id_len bytes long): its references become
 * pool numbers (CG_NONE for a NULL id); its `text` is copied into the chunk's arena unless it is
 * empty or not kept. */
void cg__chunk_add_claim(cg_chunk *ch, cg_claim *r, size_t id_len, const cg_claim_text *text, const char *const ids[4],
                         const size_t lens[4], const uint32_t cols[CG_NREF]);
/* The text of every claim that has none (or whose text was not kept). */
extern const cg_claim_text cg__no_claim_text;
/* Looks up the pending claim's references (see cg_chunk.pend); done before its claims are used. */
void cg__chunk_flush_claim(cg_chunk *ch);
/* Field checks shared by both paths (records.c). */
const char *cg__id_problem(const char *s, size_t n);
int cg__parse_sha256(const char *s, size_t n, uint8_t out[32]);
/* Installs jansson allocation functions that use a per-thread bump region while parsing. */
void cg__json_alloc_enter(void);
void cg__json_alloc_leave(void);
/* Reports an error about a line the caller holds (for "line too long"). */
void cg__chunk_error(cg_chunk *c, unsigned long line, const char *msg);

#endif
