// The bulk JSON parser: simdjson's DOM parser (runtime dispatch to the best kernel of the CPU),
// flattened into cg_jtok tokens for the C loader. See jsonl.h.
#include "jsonl.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

extern "C" void cg__oom(void);

struct cg_jl {
    simdjson::dom::parser parser;  // one value at a time
    simdjson::dom::parser sparser; // the stream's
    simdjson::dom::document_stream stream;
    simdjson::dom::document_stream::iterator it;
    bool streaming = false, at_first = false;
    cg_jtok *toks = nullptr;
    size_t cap = 0;
    struct frame {
        uint32_t tok;   // the container's token
        uint32_t count; // its elements (members) so far
        bool object;
    } *stack = nullptr;
    size_t stack_cap = 0;
    ~cg_jl()
    {
        std::free(toks);
        std::free(stack);
    }
};

namespace {

// The document's tape, read in order: simdjson's DOM is a tape of 64-bit words (type in the top
// byte, payload below: see simdjson's doc/tape.md), in document order, with keys as string words
// before their values and a word closing each object and array. One pass turns it into tokens
// (walking it through the element API, iterators and a recursive call per value, took 1.5 times
// the instructions: tests/bench/notes.md, the seventh pass).
// The tape format is the one of simdjson 3.0 (Debian 12's libsimdjson-dev 3.0.1), the version
// CMakeLists.txt requires; tests/unit/test_loader.c compares the tokens with jansson's reading of
// the same texts, so a change of format fails there first.
constexpr uint64_t VALUE_MASK = 0x00FFFFFFFFFFFFFFull;

inline const char *tape_string(const uint8_t *sbuf, uint64_t w, uint32_t *len)
{
    const uint8_t *s = sbuf + (w & VALUE_MASK);
    std::memcpy(len, s, sizeof *len);
    return reinterpret_cast<const char *>(s + sizeof *len);
}

// Fills p->toks from the parsed document; the number of tokens, or 0 when deeper than max_depth
// (a scalar is depth 0, a flat object 1, as cg__json_depth counts).
size_t flatten(cg_jl *p, const simdjson::dom::document &doc, unsigned max_depth)
{
    const uint64_t *tape = doc.tape.get();
    const uint8_t *sbuf = doc.string_buf.get();
    // the root word's payload is the index just past the closing root word
    size_t end = size_t(tape[0] & VALUE_MASK) - 1;
    // every token is at least one word of the tape, and the root's two words are no token
    if (end > p->cap) {
        size_t cap = end < 64 ? 64 : end;
        void *t = std::realloc(p->toks, cap * sizeof *p->toks);
        if (!t) cg__oom();
        p->toks = static_cast<cg_jtok *>(t);
        p->cap = cap;
    }
    if (max_depth + size_t(1) > p->stack_cap) {
        void *s = std::realloc(p->stack, (max_depth + size_t(1)) * sizeof *p->stack);
        if (!s) cg__oom();
        p->stack = static_cast<cg_jl::frame *>(s);
        p->stack_cap = max_depth + size_t(1);
    }
    cg_jtok *toks = p->toks;
    cg_jl::frame *st = p->stack;
    size_t depth = 0, n = 0, i = 1;
    const char *key = nullptr;
    uint32_t key_len = 0;
    // one value (with its key, or none) per step: the word at i, or a container's end
    for (;;) {
        uint64_t w = tape[i];
        unsigned type = unsigned(w >> 56);
        if (depth) {
            cg_jl::frame *f = &st[depth - 1];
            if (type == '}' || type == ']') { // the container ends
                cg_jtok *c = &toks[f->tok];
                c->len = f->count;
                c->next = uint32_t(n);
                i++;
                if (--depth == 0) break;
                continue;
            }
            f->count++;
            if (f->object) { // a member: its key, then its value
                key = tape_string(sbuf, w, &key_len);
                w = tape[++i];
                type = unsigned(w >> 56);
            } else {
                key = nullptr;
                key_len = 0;
            }
        }
        if (n >= UINT32_MAX) return 0;
        cg_jtok *t = &toks[n++];
        t->key = key;
        t->key_len = key_len;
        t->len = 0;
        t->next = uint32_t(n);
        i++;
        switch (type) {
        case '{':
        case '[':
            if (depth >= max_depth) return 0;
            t->type = type == '{' ? CG_JT_OBJECT : CG_JT_ARRAY;
            t->v.u = 0;
            st[depth++] = cg_jl::frame{uint32_t(n - 1), 0, type == '{'};
            break;
        case '"':
            t->type = CG_JT_STRING;
            t->v.s = tape_string(sbuf, w, &t->len);
            break;
        case 'l':
            t->type = CG_JT_INT;
            std::memcpy(&t->v.i, &tape[i++], sizeof t->v.i);
            break;
        case 'u':
            t->type = CG_JT_BIGUINT;
            t->v.u = tape[i++];
            break;
        case 'd':
            t->type = CG_JT_REAL;
            std::memcpy(&t->v.d, &tape[i++], sizeof t->v.d);
            break;
        case 't': t->type = CG_JT_TRUE; t->v.u = 0; break;
        case 'f': t->type = CG_JT_FALSE; t->v.u = 0; break;
        case 'n': t->type = CG_JT_NULL; t->v.u = 0; break;
        default: return 0; // not a tape this code knows
        }
        if (!depth) break; // a scalar at the root
    }
    return i == end ? n : 0;
}

} // namespace

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

extern "C" size_t cg__jl_parse(cg_jl *p, const char *text, size_t len, unsigned max_depth, const cg_jtok **toks)
{
    try {
        simdjson::dom::element root;
        if (p->parser.parse(text, len, false).get(root) != simdjson::SUCCESS) return 0;
        size_t n = flatten(p, p->parser.doc, max_depth);
        *toks = p->toks;
        return n;
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

extern "C" int cg__jl_stream_next(cg_jl *p, unsigned max_depth, size_t *start, size_t *end, const cg_jtok **toks,
                                  size_t *n)
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
        *n = flatten(p, p->sparser.doc, max_depth);
        *toks = p->toks;
        return 1;
    } catch (const std::bad_alloc &) {
        cg__oom();
        return 0;
    }
}
