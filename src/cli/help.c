/* `claimgraph help [TOPIC|COMMAND]` and the manual pages, generated from the same option tables
 * as --help (so they cannot disagree). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define PROG "claimgraph"

typedef struct topic {
    const char *name, *title, *text;
} topic;

static const topic topics[] = {
    {"data-model", "the records of a dataset",
     "A dataset is one or more files of JSON records, one per line (JSON Lines), UTF-8, in any order.\n"
     "Each record has a \"type\":\n"
     "\n"
     "  source    a document: id, title, kind (news, ngo_report, government_report,\n"
     "            intelligence_report, court_record, interview, speech, academic, other);\n"
     "            optional publisher, author, url, published (2011, 2011-05, 2011-05-17),\n"
     "            reliability (Admiralty A-F), cites (source ids it relies on), text_sha256\n"
     "            (SHA-256 of the text spans point into), caveat (public), notes (internal)\n"
     "  entity    an actor: id, name, kind (person, organization, political_party,\n"
     "            government_body, armed_group, criminal_group, international_organization,\n"
     "            company, ngo, media, place, other); optional aliases, description, external_ids\n"
     "  relation  declares a relation: id; optional label, directed (default true), category\n"
     "  claim     one assertion by one source: id, subject, relation, object, source; optional\n"
     "            evidence (spans {start, end, sha256}: byte offsets into the source's text),\n"
     "            summary (our words), attributed_to (the voice), anonymous, origin (independence\n"
     "            key), credibility (1-6), reliability (A-F), confidence (0..1), stance (supports,\n"
     "            refutes), status (alleged, reported, official_finding, charged, convicted,\n"
     "            acquitted, denied), valid_from, valid_to, caveat (public, at most 500\n"
     "            characters), notes (internal: never in a diagram or the viewer)\n"
     "\n"
     "Ids are 1-128 characters of ASCII letters, digits and _ - . : (starting with a letter, digit\n"
     "or _). Unknown fields are errors. The JSON Schema ships as claimgraph.schema.json.\n"},
    {"grading", "from grades to confidence",
     "A claim's confidence is its explicit `confidence` if it has one; otherwise the grading table\n"
     "at (reliability, credibility): the claim's reliability, else its source's, else F (cannot be\n"
     "judged); credibility defaults to 6 (cannot be judged). The default table is the product of a\n"
     "weight per reliability grade and one per credibility grade:\n"
     "\n"
     "  reliability  A 0.95  B 0.85  C 0.70  D 0.50  E 0.30  F 0.50\n"
     "  credibility  1 0.95  2 0.80  3 0.60  4 0.35  5 0.15  6 0.50\n"
     "\n"
     "e.g. B2 = 0.85 x 0.80 = 0.68, F6 = 0.25. --grading FILE replaces the table with a JSON object\n"
     "of six rows of six numbers in 0..1: {\"A\":[...], ..., \"F\":[...]}.\n"},
    {"independence", "origin groups, edges and noisy-OR",
     "Two claims are one piece of evidence (one origin group) when they have the same explicit\n"
     "`origin`, come from the same source, or their sources are linked by `cites` in either\n"
     "direction, transitively (a report that cites another is not a second witness). An edge is\n"
     "every accepted claim with the same (subject, relation, object), the pair unordered for an\n"
     "undirected relation. Each origin group of its supporting claims counts once, with its\n"
     "highest claim confidence g; the edge's confidence is the noisy-OR 1 - prod(1 - g). Refuting\n"
     "claims make the edge disputed and get their own noisy-OR (refute_confidence). An edge with\n"
     "no supporting claim is refute-only: data, never drawn or walked as a link. The entity graph\n"
     "of `centrality` has one link per pair of entities, the same arithmetic over all supporting\n"
     "claims between them. `claimgraph explain DATA S R O` shows the arithmetic of one edge; the\n"
     "audit's possible_common_origin finding looks for one statement relayed by two sources.\n"},
    {"exit-codes", "exit status",
     "  0  success (for audit: the audit passed)\n"
     "  1  invalid data, an I/O error, a failed audit (errors, or findings with --strict), or a\n"
     "     passage that no longer verifies\n"
     "  2  usage error (unknown option, bad value, missing argument), or a folder given to\n"
     "     --texts that is missing or unreadable\n"
     "Output files are written atomically: on any failure nothing is written and an existing file\n"
     "is left as it was.\n"},
};
#define NTOPICS (sizeof topics / sizeof topics[0])

void cli_print_topics(FILE *f)
{
    fprintf(f, "\nHelp topics (" PROG " help TOPIC):\n");
    for (size_t i = 0; i < NTOPICS; i++) fprintf(f, "  %-13s %s\n", topics[i].name, topics[i].title);
}

int cli_print_topic(const char *name, FILE *f)
{
    for (size_t i = 0; i < NTOPICS; i++)
        if (!strcmp(topics[i].name, name)) {
            fputs(topics[i].text, f);
            return 1;
        }
    return 0;
}

/* ---- manual pages (roff, man(7) macros) ---- */

/* Text for roff: backslashes as \e, a leading . or ' protected, - as a real hyphen-minus in
 * option names, characters beyond ASCII as \[uXXXX] (troff reads its input as Latin-1). */
static void roff(FILE *f, const char *s, int minus)
{
    int bol = 1;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (bol && (*p == '.' || *p == '\'')) fputs("\\&", f);
        bol = *p == '\n';
        if (*p >= 0x80) {
            unsigned cp = 0, len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
            cp = *p & (0x3Fu >> (len - 1));
            for (unsigned k = 1; k < len && (p[k] & 0xC0) == 0x80; k++) cp = (cp << 6) | (p[k] & 0x3Fu);
            fprintf(f, "\\[u%04X]", cp);
            for (unsigned k = 0; k < len && *p; k++) p++;
            continue;
        }
        if (*p == '\\') fputs("\\e", f);
        else if (*p == '-' && minus) fputs("\\-", f);
        else fputc(*p, f);
        p++;
    }
}

/* A paragraph of help text: lines that start with spaces are kept as they are (.nf). */
static void roff_text(FILE *f, const char *text)
{
    const char *p = text;
    int nofill = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char line[1024];
        if (n >= sizeof line) n = sizeof line - 1;
        memcpy(line, p, n);
        line[n] = '\0';
        int pre = line[0] == ' ';
        if (n == 0) {
            if (nofill) fputs(".fi\n", f);
            nofill = 0;
            fputs(".PP\n", f);
        } else {
            if (pre && !nofill) fputs(".nf\n", f);
            if (!pre && nofill) fputs(".fi\n", f);
            nofill = pre;
            roff(f, line, 0);
            fputc('\n', f);
        }
        p = e ? e + 1 : p + n;
    }
    if (nofill) fputs(".fi\n", f);
}

static void man_header(FILE *f, const char *page, const char *summary)
{
    fprintf(f, ".\\\" Generated by `" PROG " help --man` from the option tables of --help.\n");
    fprintf(f, ".TH \"%s\" 1 \"\" \"claimgraph %s\" \"claimgraph manual\"\n.SH NAME\n", page, cg_version());
    roff(f, page, 1);
    fputs(" \\- ", f);
    roff(f, summary, 0);
    fputc('\n', f);
}

void cli_write_man(const cli_cmd *c, const cli_cmd *const *all, size_t n, FILE *f)
{
    if (!c) {
        man_header(f, PROG, "graphs of actors and alleged links from sourced, attributed claims");
        fputs(".SH SYNOPSIS\n.B " PROG "\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIDATA\\fR...]\n", f);
        fputs(".SH DESCRIPTION\n", f);
        roff_text(f, "claimgraph builds graphs of actors, organizations and alleged links from sourced, attributed\n"
                     "claims, computes centrality, audits every claim against its source text, and renders Graphviz\n"
                     "diagrams whose every edge carries its sources and confidence. DATA is one or more .jsonl files\n"
                     "or folders (\"-\" or none: standard input). Below a folder every *.jsonl file is read, in path\n"
                     "order, following symbolic links but reading each folder and each file once (a link to a folder or\n"
                     "file already read, such as a link to a parent folder, is skipped), at most 32 folder levels deep.\n");
        fputs(".SH COMMANDS\n", f);
        for (size_t i = 0; i < n; i++) {
            fputs(".TP\n.B ", f);
            roff(f, all[i]->name, 1);
            fputc('\n', f);
            roff(f, all[i]->summary, 0);
            fprintf(f, " (see \\fB" PROG "\\-%s\\fR(1))\n", all[i]->name);
        }
        for (size_t i = 0; i < NTOPICS; i++) {
            fputs(".SH ", f);
            for (const char *p = topics[i].title; *p; p++) fputc(*p >= 'a' && *p <= 'z' ? *p - 32 : *p, f);
            fputc('\n', f);
            roff_text(f, topics[i].text);
        }
        fputs(".SH SEE ALSO\nThe README of the claimgraph distribution.\n", f);
        return;
    }
    char page[64];
    snprintf(page, sizeof page, PROG "-%s", c->name);
    man_header(f, page, c->summary);
    fprintf(f, ".SH SYNOPSIS\n.B " PROG " %s\n", c->name);
    roff(f, c->usage, 0);
    fputs("\n.SH DESCRIPTION\n", f);
    roff_text(f, c->summary);
    fputs(".PP\n", f);
    if (c->details) roff_text(f, c->details);
    fputs(".SH OPTIONS\n", f);
    for (const cli_opt *o = c->opts; o->name; o++) {
        fputs(".TP\n", f);
        if (o->short_name) fprintf(f, "\\fB\\-%c\\fR, ", o->short_name);
        fputs("\\fB\\-\\-", f);
        roff(f, o->name, 1);
        fputs("\\fR", f);
        if (o->arg) {
            fputs(" \\fI", f);
            roff(f, o->arg, 0);
            fputs("\\fR", f);
        }
        fputc('\n', f);
        roff(f, o->help, 0);
        fputc('\n', f);
    }
    fputs(".SH EXIT STATUS\n", f);
    roff_text(f, topics[NTOPICS - 1].text);
    fputs(".SH SEE ALSO\n\\fB" PROG "\\fR(1)\n", f);
}

int cli_write_man_dir(const char *dir, const cli_cmd *const *all, size_t n)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, PROG ": error: cannot create '%s': %s\n", dir, strerror(errno));
        return 1;
    }
    for (size_t i = 0; i <= n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/" PROG "%s%s.1", dir, i < n ? "-" : "", i < n ? all[i]->name : "");
        cg__output *o = NULL;
        cg_diag *d = cg_diag_new(10);
        if (cg__output_open(&o, path, d) != CG_OK) {
            cg_diag_print(d, stderr, PROG);
            cg_diag_free(d);
            return 1;
        }
        cli_write_man(i < n ? all[i] : NULL, all, n, cg__output_stream(o));
        cg_status st = cg__output_commit(o, d);
        if (st != CG_OK) cg_diag_print(d, stderr, PROG);
        cg_diag_free(d);
        if (st != CG_OK) return 1;
    }
    return 0;
}
