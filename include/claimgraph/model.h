/* claimgraph: the data model (sources, entities, relations, claims) and the dataset loader. */
#ifndef CLAIMGRAPH_MODEL_H
#define CLAIMGRAPH_MODEL_H

#include "export.h"

#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Index of a record inside its dataset table; CG_NONE when absent. */
typedef uint32_t cg_idx;
#define CG_NONE ((cg_idx)UINT32_MAX)

typedef enum cg_source_kind {
    CG_SK_NEWS, CG_SK_NGO_REPORT, CG_SK_GOVERNMENT_REPORT, CG_SK_INTELLIGENCE_REPORT,
    CG_SK_COURT_RECORD, CG_SK_INTERVIEW, CG_SK_SPEECH, CG_SK_ACADEMIC, CG_SK_OTHER,
    CG_SK_COUNT
} cg_source_kind;

typedef enum cg_entity_kind {
    CG_EK_PERSON, CG_EK_ORGANIZATION, CG_EK_POLITICAL_PARTY, CG_EK_GOVERNMENT_BODY,
    CG_EK_ARMED_GROUP, CG_EK_CRIMINAL_GROUP, CG_EK_INTERNATIONAL_ORGANIZATION, CG_EK_COMPANY,
    CG_EK_NGO, CG_EK_MEDIA, CG_EK_PLACE, CG_EK_OTHER,
    CG_EK_COUNT
} cg_entity_kind;

typedef enum cg_stance { CG_SUPPORTS, CG_REFUTES } cg_stance;

/** Claim status, ordered from weakest to strongest (see cg_status_rank()). */
typedef enum cg_claim_status {
    CG_ST_DENIED, CG_ST_ALLEGED, CG_ST_REPORTED, CG_ST_OFFICIAL_FINDING, CG_ST_CHARGED,
    CG_ST_ACQUITTED, CG_ST_CONVICTED,
    CG_ST_COUNT
} cg_claim_status;

/** Names used in the JSON files ("news", "person", "alleged", ...). */
CG_API const char *cg_source_kind_name(cg_source_kind k);
CG_API const char *cg_entity_kind_name(cg_entity_kind k);
CG_API const char *cg_claim_status_name(cg_claim_status s);
CG_API const char *cg_stance_name(cg_stance s);
/** Parses a name; returns 0 and sets *out, or -1 if unknown. */
CG_API int cg_source_kind_parse(const char *name, cg_source_kind *out);
CG_API int cg_entity_kind_parse(const char *name, cg_entity_kind *out);
CG_API int cg_claim_status_parse(const char *name, cg_claim_status *out);
/** 1 if s is an ISO 8601 calendar date, partial allowed: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a day
 * that exists); 0 otherwise (also for NULL). A partial date names a period: "2011" is 2011-01-01
 * to 2011-12-31, "2011-05" is May 2011 (README "Time"). */
CG_API int cg_date_valid(const char *s);

/** Admiralty grades are stored as 1..6 (reliability A..F = 1..6; credibility 1..6). */
typedef uint8_t cg_grade;

/** An evidence span: byte offsets into the source text, end exclusive, SHA-256 of the bytes. */
typedef struct cg_span {
    uint64_t start, end;
    uint8_t sha256[32];
} cg_span;

/** The longest accepted `caveat`, in characters (UTF-8 code points). */
#define CG_CAVEAT_MAX 500

/* All strings below are borrowed from the dataset (interned, NUL-terminated UTF-8) and live as
 * long as it does. Optional strings are NULL when absent. */

typedef struct cg_source {
    const char *id, *title, *publisher, *published, *url, *author;
    const char *notes;           /**< internal working notes: never in a published output */
    const char *caveat;          /**< public statement readers must see with the source's claims */
    cg_source_kind kind;
    cg_grade reliability;        /**< 1..6 for A..F; 0 when absent */
    int has_text_sha256;
    uint8_t text_sha256[32];
    size_t n_cites;
    const cg_idx *cites;         /**< indices of cited sources, in file order */
    uint32_t file, line;         /**< where the record was defined (see cg_dataset_file()) */
} cg_source;

typedef struct cg_entity {
    const char *id, *name, *description;
    cg_entity_kind kind;
    size_t n_aliases;
    const char *const *aliases;
    size_t n_external_ids;
    const char *const *external_id_keys;   /**< sorted by key */
    const char *const *external_id_values;
    uint32_t file, line;
} cg_entity;

typedef struct cg_relation {
    const char *id, *label, *category;
    int directed;
    int builtin;                 /**< 1 for the built-in vocabulary, 0 when declared in data */
    uint32_t file, line;         /**< 0,0 for built-ins */
    unsigned given;              /**< CG_GIVEN_* bits: fields written in the record (not defaults) */
} cg_relation;

/** A claim's words and evidence spans, apart from the claim so that jobs that never show them
 * do not pay for them (see cg_load_options.skip_claim_text). */
typedef struct cg_claim_text {
    const char *summary;
    const char *notes;           /**< internal working notes: never in a published output */
    const char *caveat;          /**< public statement readers must see next to the claim */
    size_t n_evidence;
    const cg_span *evidence;
} cg_claim_text;

/* 88 bytes on 64-bit systems: a 10^6-claim dataset keeps this array, so the small fields are
 * bytes (stance and status hold cg_stance and cg_claim_status values). */
typedef struct cg_claim {
    const char *id, *attributed_to, *origin, *valid_from, *valid_to;
    const cg_claim_text *text;   /**< never NULL; every field empty when the text was not kept */
    double confidence;           /**< explicit confidence 0..1, or a negative value when absent */
    cg_idx subject, relation, object, source;
    uint32_t file, line;
    cg_grade credibility;        /**< 1..6, default 6 */
    cg_grade reliability;        /**< 1..6 when given on the claim, else 0 (use the source's) */
    uint8_t anonymous;           /**< 1 when the voice is anonymous */
    uint8_t stance;              /**< a cg_stance */
    uint8_t status;              /**< a cg_claim_status */
    uint8_t given;               /**< CG_GIVEN_* bits: fields written in the record (not defaults) */
} cg_claim;

/** Bits of cg_claim.given and cg_relation.given: which fields that have a default were written
 * in the record itself, so a writer can give back exactly what was read (`export sheets`). */
#define CG_GIVEN_ANONYMOUS   (1u << 0)
#define CG_GIVEN_CREDIBILITY (1u << 1)
#define CG_GIVEN_STANCE      (1u << 2)
#define CG_GIVEN_STATUS      (1u << 3)
#define CG_GIVEN_LABEL       (1u << 4)
#define CG_GIVEN_DIRECTED    (1u << 5)

/** A loaded, validated dataset. Opaque; read it through the accessors below. */
typedef struct cg_dataset cg_dataset;

/** Loader options; initialise with cg_load_options_init(). */
#define CG_LOAD_OPTIONS_VERSION 2
typedef struct cg_load_options {
    unsigned version;        /**< CG_LOAD_OPTIONS_VERSION */
    size_t max_line_bytes;   /**< longest accepted line, default 64 MiB (0 = the default) */
    unsigned max_depth;      /**< deepest JSON nesting accepted, default 32 (0 = the default) */
    unsigned threads;        /**< parser threads (0 = all cores); output never depends on it */
    int reference_parser;    /**< for tests: parse every line with jansson, not simdjson (same result, slower) */
    int skip_claim_text;     /**< check claims' summary, notes, caveat and evidence spans but do not keep
                                  them (each claim's text is then empty: NULL, n_evidence 0): for jobs
                                  that never show them */
    /* version 2 */
    uint64_t max_input_bytes; /**< most bytes read from an input that is not a regular file (standard
                                   input, a pipe, a device such as /dev/zero), default 16 GiB (0 = the
                                   default); past it loading stops with an error */
} cg_load_options;
/** Sets the defaults (and the version). */
CG_API void cg_load_options_init(cg_load_options *o);

/**
 * Loads a dataset from files and directories (directories contribute every `*.jsonl` below
 * them, sorted by path; "-" is standard input). Records may come in any order across files.
 * Every problem is added to `diag` as `file:line:col: error: ...`; on any error the function
 * returns CG_EDATA (or CG_EIO for unreadable files) and *out is NULL.
 * On success *out is a new dataset owned by the caller (free with cg_dataset_free()).
 * Complexity: O(total input size) expected.
 */
CG_API cg_status cg_dataset_load(cg_dataset **out, const char *const *paths, size_t n_paths,
                          const cg_load_options *opts, cg_diag *diag);
/** Same as cg_dataset_load() for an in-memory buffer named `name` in diagnostics. */
CG_API cg_status cg_dataset_load_buffer(cg_dataset **out, const char *name, const char *buf,
                                 size_t len, const cg_load_options *opts, cg_diag *diag);
/** Frees a dataset; NULL is a no-op. */
CG_API void cg_dataset_free(cg_dataset *ds);

CG_API size_t cg_dataset_n_sources(const cg_dataset *ds);
CG_API size_t cg_dataset_n_entities(const cg_dataset *ds);
CG_API size_t cg_dataset_n_relations(const cg_dataset *ds);   /**< built-ins plus declared ones */
CG_API size_t cg_dataset_n_claims(const cg_dataset *ds);
/** Records by index (borrowed). Sources, entities and relations are sorted by id; claims keep
 * input order (file order, then line order). */
CG_API const cg_source *cg_dataset_source(const cg_dataset *ds, cg_idx i);
CG_API const cg_entity *cg_dataset_entity(const cg_dataset *ds, cg_idx i);
CG_API const cg_relation *cg_dataset_relation(const cg_dataset *ds, cg_idx i);
CG_API const cg_claim *cg_dataset_claim(const cg_dataset *ds, cg_idx i);
/** Lookup by id; CG_NONE when there is none. */
CG_API cg_idx cg_dataset_find_source(const cg_dataset *ds, const char *id);
CG_API cg_idx cg_dataset_find_entity(const cg_dataset *ds, const char *id);
CG_API cg_idx cg_dataset_find_relation(const cg_dataset *ds, const char *id);
CG_API cg_idx cg_dataset_find_claim(const cg_dataset *ds, const char *id);
/** Name of the i-th input file (as given or found in a directory). */
CG_API const char *cg_dataset_file(const cg_dataset *ds, uint32_t i);
CG_API size_t cg_dataset_n_files(const cg_dataset *ds);
/** Effective reliability of a claim: its own, else its source's, else F (6). */
CG_API cg_grade cg_claim_reliability(const cg_dataset *ds, const cg_claim *c);

/** The built-in relation vocabulary (id, label, directed, category), for documentation. */
CG_API size_t cg_builtin_relations(const cg_relation **out);

/** Formats a SHA-256 digest as 64 lowercase hex characters plus NUL into `hex` (65 bytes). */
CG_API void cg_hex_sha256(const uint8_t digest[32], char hex[65]);

#ifdef __cplusplus
}
#endif
#endif
