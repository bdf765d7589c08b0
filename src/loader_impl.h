/* Internal: the loader's staging records, shared by records.c (parsing one line) and loader.c
 * (reading inputs in parallel, merging, resolving references). */
#ifndef CG_LOADER_IMPL_H
#define CG_LOADER_IMPL_H

#include "dataset_impl.h"

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

/* A claim's references by id, kept beside the claim until they are resolved. Columns are filled
 * only when the input cannot be read again (standard input); otherwise they are computed from the
 * line (at `off` in the file) when an error needs them. */
enum { CG_REF_SUBJECT, CG_REF_RELATION, CG_REF_OBJECT, CG_REF_SOURCE, CG_REF_ID, CG_NREF };
typedef struct {
    const char *id[4];
    uint64_t off;
    uint32_t col[CG_NREF];
} cg_claim_refs;

/* What one thread produces from a run of lines. Line numbers are relative to the chunk's first
 * line (1-based) until the chunk is merged. */
typedef struct cg_chunk {
    /* input */
    const char *text;
    size_t len;
    uint64_t offset;          /* file offset of text[0] */
    int file_start;           /* text starts the file: a BOM may follow */
    int eager_cols;           /* compute claim reference columns now (input cannot be re-read) */
    const char *file;
    uint32_t file_idx;
    cg_load_options opt;
    /* output */
    cg_arena *arena;          /* strings that are unique (ids, summaries, notes) and arrays */
    cg_intern *strings;       /* strings that repeat (voices, origins, names, publishers, dates) */
    cg_diag *diag;
    CG_VEC(cg_st_source) sources;
    CG_VEC(cg_st_entity) entities;
    CG_VEC(cg_st_relation) relations;
    CG_VEC(cg_claim) claims;
    CG_VEC(cg_claim_refs) refs;
    unsigned long lines;
    size_t records;
} cg_chunk;

/* Parses every line of chunk->text (records.c). Thread-safe: touches only the chunk. */
void cg__parse_chunk(cg_chunk *chunk);
/* Installs jansson allocation functions that use a per-thread bump region while parsing. */
void cg__json_alloc_enter(void);
void cg__json_alloc_leave(void);
/* Reports an error about a line the caller holds (for "line too long"). */
void cg__chunk_error(cg_chunk *c, unsigned long line, const char *msg);

#endif
