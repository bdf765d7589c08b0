// The bulk JSON parser: simdjson's DOM parser (runtime dispatch to the best kernel of the CPU),
// behind a small C interface for the loader. See jsonl.h.
#include "jsonl.h"

#include <simdjson.h>

#include <new>

extern "C" void cg__oom(void);

struct cg_jl {
    simdjson::dom::parser parser;  // one value at a time
    simdjson::dom::parser sparser; // the stream's
    simdjson::dom::document_stream stream;
    simdjson::dom::document_stream::iterator it;
    bool streaming = false, at_first = false;
};

// The loader reads a document on its tape (jsonl.h: cg__jdoc_value), in document order: simdjson's
// DOM is a tape of 64-bit words (type in the top byte, payload below: simdjson's doc/tape.md), with
// keys as string words before their values and a word closing each object and array. Reading it in
// place, rather than copying it into an array of tokens first (until 2026-12-01) or walking it
// through the element API (1.5 times the instructions), is the cheapest: tests/bench/notes.md.
// The tape format is the one of simdjson 3.0 (Debian 12's libsimdjson-dev 3.0.1), the version
// CMakeLists.txt requires; tests/unit/test_loader.c compares what cg__jdoc_value reads with
// jansson's reading of the same texts, so a change of format fails there first.
static cg_jdoc doc_of(const simdjson::dom::document &d)
{
    return cg_jdoc{d.tape.get(), d.string_buf.get()};
}

extern "C" size_t cg__jl_padding(void) { return simdjson::SIMDJSON_PADDING; }

extern "C" cg_jl *cg__jl_new(void)
{
    try {
        return new cg_jl();
    } catch (const std::bad_alloc &) {
        cg__oom();
        return nullptr;
    }
}

extern "C" void cg__jl_free(cg_jl *p) { delete p; }

extern "C" int cg__jl_parse(cg_jl *p, const char *text, size_t len, cg_jdoc *doc)
{
    try {
        simdjson::dom::element root;
        if (p->parser.parse(text, len, false).get(root) != simdjson::SUCCESS) return 0;
        *doc = doc_of(p->parser.doc);
        return 1;
    } catch (const std::bad_alloc &) {
        cg__oom();
        return 0;
    }
}

// A stream's batch: the whole text when it is not too long (one pass of stage 1), else pieces of
// this size (a value longer than a piece ends the stream, and its lines are parsed one by one).
static constexpr size_t STREAM_BATCH_MIN = size_t(256) << 10, STREAM_BATCH_MAX = size_t(1) << 20;

extern "C" int cg__jl_stream_begin(cg_jl *p, const char *text, size_t len)
{
    try {
        p->streaming = false;
#ifdef SIMDJSON_THREADS_ENABLED
        p->sparser.threaded = false; // the loader's threads are busy already
#endif
        size_t batch = len < STREAM_BATCH_MIN ? STREAM_BATCH_MIN : len > STREAM_BATCH_MAX ? STREAM_BATCH_MAX : len;
        if (p->sparser.parse_many(text, len, batch).get(p->stream) != simdjson::SUCCESS) return 0;
        p->it = p->stream.begin(); // stage 1 of the first batch, stage 2 of its first value
        p->streaming = p->at_first = true;
        return 1;
    } catch (const std::bad_alloc &) {
        cg__oom();
        return 0;
    }
}

extern "C" int cg__jl_stream_next(cg_jl *p, size_t *start, size_t *end, cg_jdoc *doc)
{
    try {
        if (!p->streaming) return 0;
        if (!p->at_first) ++p->it;
        p->at_first = false;
        simdjson::dom::element root;
        if (!(p->it != p->stream.end()) || (*p->it).get(root) != simdjson::SUCCESS ||
            (root.type() != simdjson::dom::element_type::OBJECT && root.type() != simdjson::dom::element_type::ARRAY)) {
            p->streaming = false;
            return 0;
        }
        *start = p->it.current_index();
        *end = *start + p->it.source().size(); // for an object or an array, up to its closing bracket
        *doc = doc_of(p->sparser.doc);
        return 1;
    } catch (const std::bad_alloc &) {
        cg__oom();
        return 0;
    }
}
