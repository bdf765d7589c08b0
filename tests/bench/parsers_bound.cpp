// Raw speed of the JSON parsers packaged in Debian 12 on a JSON Lines file: every line parsed
// (and fully validated) by each parser with nothing stored, on 1 and T threads. The candidates for
// claimgraph's bulk loader (issue 16): simdjson 3.0.1 (DOM per line, On-Demand per line with every
// value visited, DOM parse_many over whole blocks), yajl 2.1 (SAX per line, no-op callbacks) and
// jansson 2.14 (json_loadb per line with claimgraph's flags, the parser of the old loader).
// Usage: parsers_bound FILE [THREADS]    prints one JSON object per parser and thread count.
#include <jansson.h>
#include <simdjson.h>
#include <yajl/yajl_parse.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

struct part {
    const char *p;
    size_t n;
    long lines = 0, bad = 0;
};

// ---- jansson ----
void run_jansson(part &w)
{
    const char *p = w.p, *end = w.p + w.n;
    while (p < end) {
        const char *nl = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
        size_t len = size_t((nl ? nl : end) - p);
        json_error_t e;
        json_t *j = json_loadb(p, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
        if (!j) w.bad++;
        json_decref(j);
        w.lines++;
        p = nl ? nl + 1 : end;
    }
}

// ---- yajl: SAX with callbacks that only count ----
int y_null(void *ctx) { ++*static_cast<long *>(ctx); return 1; }
int y_bool(void *ctx, int) { ++*static_cast<long *>(ctx); return 1; }
int y_num(void *ctx, const char *, size_t) { ++*static_cast<long *>(ctx); return 1; }
int y_str(void *ctx, const unsigned char *, size_t) { ++*static_cast<long *>(ctx); return 1; }
int y_start(void *ctx) { ++*static_cast<long *>(ctx); return 1; }
int y_end(void *ctx) { ++*static_cast<long *>(ctx); return 1; }
const yajl_callbacks ycb = {y_null, y_bool, nullptr, nullptr, y_num, y_str, y_start, y_str, y_end, y_start, y_end};

void run_yajl(part &w)
{
    long events = 0;
    const char *p = w.p, *end = w.p + w.n;
    while (p < end) {
        const char *nl = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
        size_t len = size_t((nl ? nl : end) - p);
        yajl_handle h = yajl_alloc(&ycb, nullptr, &events);
        if (yajl_parse(h, reinterpret_cast<const unsigned char *>(p), len) != yajl_status_ok ||
            yajl_complete_parse(h) != yajl_status_ok)
            w.bad++;
        yajl_free(h);
        w.lines++;
        p = nl ? nl + 1 : end;
    }
}

// ---- simdjson DOM, one document per line (the input is padded: see main) ----
void run_dom(part &w)
{
    simdjson::dom::parser parser;
    const char *p = w.p, *end = w.p + w.n;
    while (p < end) {
        const char *nl = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
        size_t len = size_t((nl ? nl : end) - p);
        simdjson::dom::element doc;
        if (parser.parse(p, len, false).get(doc)) w.bad++;
        w.lines++;
        p = nl ? nl + 1 : end;
    }
}

// ---- simdjson On-Demand, one document per line, every value visited ----
long visit(simdjson::ondemand::value v, bool &err)
{
    using namespace simdjson;
    ondemand::json_type t;
    if (v.type().get(t)) { err = true; return 0; }
    long k = 1;
    switch (t) {
    case ondemand::json_type::object: {
        ondemand::object o;
        if (v.get_object().get(o)) { err = true; return 0; }
        for (auto f : o) {
            std::string_view key;
            if (f.unescaped_key().get(key)) { err = true; return k; }
            k += visit(f.value(), err);
        }
        break;
    }
    case ondemand::json_type::array: {
        ondemand::array a;
        if (v.get_array().get(a)) { err = true; return 0; }
        for (auto e : a) {
            ondemand::value x;
            if (e.get(x)) { err = true; return k; }
            k += visit(x, err);
        }
        break;
    }
    case ondemand::json_type::string: { std::string_view s; if (v.get_string().get(s)) err = true; break; }
    case ondemand::json_type::number: { double d; if (v.get_double().get(d)) err = true; break; }
    case ondemand::json_type::boolean: { bool b; if (v.get_bool().get(b)) err = true; break; }
    case ondemand::json_type::null: if (!v.is_null()) err = true; break;
    }
    return k;
}

void run_ondemand(part &w)
{
    simdjson::ondemand::parser parser;
    const char *p = w.p, *end = w.p + w.n;
    while (p < end) {
        const char *nl = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
        size_t len = size_t((nl ? nl : end) - p);
        simdjson::ondemand::document doc;
        bool err = parser.iterate(p, len, len + simdjson::SIMDJSON_PADDING).get(doc) != simdjson::SUCCESS;
        if (!err) {
            simdjson::ondemand::value v;
            if (doc.get_value().get(v)) err = true;
            else visit(v, err);
        }
        if (err) w.bad++;
        w.lines++;
        p = nl ? nl + 1 : end;
    }
}

// ---- simdjson DOM parse_many over the whole part (documents separated by whitespace) ----
void run_many(part &w)
{
    simdjson::dom::parser parser;
#ifdef SIMDJSON_THREADS_ENABLED
    // simdjson would run the first stage of the next batch on a thread of its own: T threads here
    // then use 2T, and "1 thread" two cores (this was so in the runs before 2026-12-01 06:00 UTC)
    parser.threaded = false;
#endif
    simdjson::dom::document_stream docs;
    if (parser.parse_many(w.p, w.n, 1 << 20).get(docs)) { w.bad++; return; }
    for (auto d : docs) {
        simdjson::dom::element e;
        if (d.get(e)) w.bad++;
        w.lines++;
    }
}

using fn = void (*)(part &);

double timed(fn f, std::vector<part> &parts)
{
    auto a = std::chrono::steady_clock::now();
    std::vector<std::thread> th;
    for (size_t i = 1; i < parts.size(); i++) th.emplace_back(f, std::ref(parts[i]));
    f(parts[0]);
    for (auto &t : th) t.join();
    auto b = std::chrono::steady_clock::now();
    return std::chrono::duration<double>(b - a).count();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: parsers_bound FILE [THREADS] [PARSER,...]\n");
        return 2;
    }
    int tmax = argc > 2 ? atoi(argv[2]) : 2;
    if (tmax < 1 || tmax > 64) tmax = 2;
    std::string only = argc > 3 ? argv[3] : "";
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 1;
    size_t n = size_t(st.st_size);
    // one copy with simdjson's padding after the last byte (as claimgraph's read blocks have)
    char *data = static_cast<char *>(malloc(n + simdjson::SIMDJSON_PADDING));
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, data + got, n - got);
        if (r <= 0) return 1;
        got += size_t(r);
    }
    memset(data + n, ' ', simdjson::SIMDJSON_PADDING);
    close(fd);
    struct { const char *name; fn f; } parsers[] = {
        {"jansson_loadb", run_jansson}, {"yajl_sax", run_yajl}, {"simdjson_dom", run_dom},
        {"simdjson_ondemand", run_ondemand}, {"simdjson_parse_many", run_many}};
    for (auto &pz : parsers) {
        if (!only.empty() && only.find(pz.name) == std::string::npos) continue;
        for (int t = 1; t <= tmax; t *= 2) {
            std::vector<part> parts;
            size_t start = 0;
            for (int i = 0; i < t; i++) {
                size_t end = i + 1 == t ? n : n / size_t(t) * size_t(i + 1);
                if (end < n) {
                    const char *nl = static_cast<const char *>(memchr(data + end, '\n', n - end));
                    end = nl ? size_t(nl - data) + 1 : n;
                }
                if (end < start) end = start;
                parts.push_back(part{data + start, end - start});
                start = end;
            }
            double s = timed(pz.f, parts);
            long lines = 0, bad = 0;
            for (auto &p : parts) lines += p.lines, bad += p.bad;
            printf("{\"parser\":\"%s\",\"threads\":%d,\"lines\":%ld,\"failed\":%ld,\"seconds\":%.4f,"
                   "\"lines_per_s\":%.0f,\"mb_per_s\":%.1f}\n",
                   pz.name, t, lines, bad, s, double(lines) / s, double(n) / s / 1e6);
            fflush(stdout);
        }
    }
    free(data);
    return 0;
}
