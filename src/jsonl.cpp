// The bulk JSON parser: simdjson's DOM parser (runtime dispatch to the best kernel of the CPU),
// flattened into cg_jtok tokens for the C loader. See jsonl.h.
#include "jsonl.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

extern "C" void cg__oom(void);

struct cg_jl {
    simdjson::dom::parser parser;
    std::vector<cg_jtok> toks;
};

namespace {

// Appends `e` and its descendants; false when deeper than `left` allows.
bool flatten(cg_jl *p, simdjson::dom::element e, const char *key, size_t key_len, unsigned left)
{
    using simdjson::dom::element_type;
    size_t at = p->toks.size();
    p->toks.emplace_back();
    cg_jtok t{};
    t.key = key;
    t.key_len = uint32_t(key_len);
    switch (e.type()) {
    case element_type::OBJECT: {
        if (left == 0) return false;
        t.type = CG_JT_OBJECT;
        uint32_t n = 0;
        for (auto m : simdjson::dom::object(e)) {
            if (!flatten(p, m.value, m.key.data(), m.key.size(), left - 1)) return false;
            n++;
        }
        t.len = n;
        break;
    }
    case element_type::ARRAY: {
        if (left == 0) return false;
        t.type = CG_JT_ARRAY;
        uint32_t n = 0;
        for (auto x : simdjson::dom::array(e)) {
            if (!flatten(p, x, nullptr, 0, left - 1)) return false;
            n++;
        }
        t.len = n;
        break;
    }
    case element_type::STRING: {
        std::string_view s = std::string_view(e);
        if (s.size() > UINT32_MAX) return false;
        t.type = CG_JT_STRING;
        t.v.s = s.data();
        t.len = uint32_t(s.size());
        break;
    }
    case element_type::INT64: t.type = CG_JT_INT; t.v.i = int64_t(e); break;
    case element_type::UINT64: t.type = CG_JT_BIGUINT; t.v.u = uint64_t(e); break;
    case element_type::DOUBLE: t.type = CG_JT_REAL; t.v.d = double(e); break;
    case element_type::BOOL: t.type = bool(e) ? CG_JT_TRUE : CG_JT_FALSE; break;
    case element_type::NULL_VALUE: t.type = CG_JT_NULL; break;
    }
    if (p->toks.size() > UINT32_MAX) return false;
    t.next = uint32_t(p->toks.size());
    p->toks[at] = t;
    return true;
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
        p->toks.clear();
        simdjson::dom::element root;
        if (p->parser.parse(text, len, false).get(root) != simdjson::SUCCESS) return 0;
        // a scalar is depth 0, a flat object 1 (as cg__json_depth counts)
        if (!flatten(p, root, nullptr, 0, max_depth)) return 0;
        *toks = p->toks.data();
        return p->toks.size();
    } catch (const std::bad_alloc &) {
        cg__oom();
        return 0;
    }
}
