/* `robustness`: rank robustness of centrality (README "Robustness"). */
#include "analysis_opts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_esc(FILE *f, char *(*esc)(const char *), const char *s)
{
    char *e = esc(s ? s : "");
    fputs(e, f);
    free(e);
}

/* A rank (mid-ranks are halves): "4", "62.5". */
static const char *rank_str(double x)
{
    static char bufs[8][48];
    static int k;
    return cg__format_decimal(x, 1, bufs[k++ & 7], sizeof bufs[0]);
}

/* A number as centrality prints it (10 significant digits below 1). */
static const char *num_str(double x)
{
    static char bufs[8][CG_CENTRALITY_FMT_MAX];
    static int k;
    return cg_centrality_format(x, bufs[k++ & 7]);
}

/* a probability with two decimals, for people */
static const char *p_str(double p)
{
    static char bufs[4][16];
    static int k;
    char *b = bufs[k++ & 3];
    snprintf(b, sizeof bufs[0], "%.2f", p);
    return b;
}

static int integer_measure(cg_measure m) { return m == CG_M_DEGREE || m == CG_M_CORENESS; }

static const char *value_str(cg_measure m, double v) { return integer_measure(m) ? cli_num(v, 0) : num_str(v); }

static const char *ordinal(size_t x)
{
    static char bufs[4][32];
    static int k;
    char *b = bufs[k++ & 3];
    const char *suf = "th";
    if (x % 100 < 11 || x % 100 > 13) {
        if (x % 10 == 1) suf = "st";
        else if (x % 10 == 2) suf = "nd";
        else if (x % 10 == 3) suf = "rd";
    }
    snprintf(b, sizeof bufs[0], "%zu%s", x, suf);
    return b;
}

static const char *percent(double p)
{
    static char bufs[4][16];
    static int k;
    char *b = bufs[k++ & 3];
    double x = floor(p * 100 + 0.5);
    if (x >= 100 && p < 1) snprintf(b, sizeof bufs[0], "over 99%%");
    else if (x <= 0 && p > 0) snprintf(b, sizeof bufs[0], "under 1%%");
    else snprintf(b, sizeof bufs[0], "%.0f%%", x);
    return b;
}

static const char *measure_title(cg_measure m)
{
    static const char *const t[CG_M_COUNT] = {"degree", "strength", "betweenness", "closeness", "harmonic centrality",
                                              "eigenvector centrality", "PageRank", "coreness"};
    return (unsigned)m < CG_M_COUNT ? t[m] : "?";
}

/* what a unit is, in words: singular, plural */
static const char *unit_word(cg_leave_out l, int plural)
{
    switch (l) {
    case CG_LEAVE_OUT_FAMILY: return plural ? "citation families" : "citation family";
    case CG_LEAVE_OUT_ORIGIN: return plural ? "origins" : "origin";
    case CG_LEAVE_OUT_ANONYMOUS: return plural ? "anonymous claims" : "anonymous claims";
    default: return plural ? "sources" : "source";
    }
}

static const char *ent_name(const cg_dataset *ds, cg_idx e) { return cg_dataset_entity(ds, e)->name; }
static const char *ent_id(const cg_dataset *ds, cg_idx e) { return cg_dataset_entity(ds, e)->id; }

/* ---- JSON ---- */

static void json_num_or_null(FILE *f, double x, int rank)
{
    if (isnan(x)) fputs("null", f);
    else fputs(rank ? rank_str(x) : num_str(x), f);
}

static void write_json(FILE *f, const cg_dataset *ds, const cg_robustness *r, const cli_analysis *an, size_t claims)
{
    const cg_robustness_options *o = &r->options;
    size_t n = r->n;
    fprintf(f, "{\"params\":{\"measure\":\"%s\",\"samples\":%zu,\"exact\":%s,\"seed\":%llu,\"rng\":\"%s\",\"top\":%zu,"
               "\"interval\":%s,\"track\":%zu,\"dependence\":\"%s\",\"world_weights\":\"%s\",\"published\":\"%s\","
               "\"directed\":%s,\"leave_out\":\"%s\",\"attribution\":\"%s\",\"shapley_permutations\":",
            cg_measure_name(o->measure), o->samples, o->exact ? "true" : "false", (unsigned long long)o->seed,
            CG_ROBUSTNESS_RNG, o->top, num_str(o->interval), o->track, cg_dependence_name(o->dependence),
            o->world_weights ? "confidence" : "unit", o->unweighted ? "unweighted" : "weighted",
            o->directed ? "true" : "false", cg_leave_out_name(o->leave_out), o->shapley ? "shapley" : "none");
    if (r->have_shapley && !r->shapley_exact) fprintf(f, "%zu", o->shapley_permutations);
    else fputs("null", f);
    fprintf(f, ",\"breaking_sets\":%s,\"filters\":{\"min_confidence\":%s,\"source\":[",
            o->breaking_sets ? "true" : "false", num_str(an->filter.min_confidence));
    for (size_t i = 0; i < an->filter.n_only_sources; i++) {
        if (i) fputc(',', f);
        put_esc(f, cg_esc_json, an->filter.only_sources[i]);
    }
    fputs("],\"exclude_source\":[", f);
    for (size_t i = 0; i < an->filter.n_exclude_sources; i++) {
        if (i) fputc(',', f);
        put_esc(f, cg_esc_json, an->filter.exclude_sources[i]);
    }
    fputs("],\"source_kind\":[", f);
    for (size_t i = 0; i < an->filter.n_source_kinds; i++)
        fprintf(f, "%s\"%s\"", i ? "," : "", cg_source_kind_name(an->filter.source_kinds[i]));
    fputs("],\"status\":[", f);
    int first = 1;
    for (int s = 0; s < CG_ST_COUNT; s++)
        if (an->filter.status_mask & (1u << s)) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", cg_claim_status_name((cg_claim_status)s));
            first = 0;
        }
    fprintf(f, "]}},\n\"model\":");
    put_esc(f, cg_esc_json, cg_robustness_model_sentence(o->dependence));
    fprintf(f, ",\n\"graph\":{\"entities\":%zu,\"links\":%zu,\"groups\":%zu,\"draws\":%zu,\"claims\":%zu},\n", n,
            r->links, r->groups, r->draws, claims);
    fputs("\"monte_carlo\":", f);
    if (r->have_worlds) {
        fprintf(f, "{\"worlds\":%zu,\"exact\":%s,\"p_top_k_halfwidth\":%s,\"unresolved\":[", r->worlds,
                o->exact ? "true" : "false", num_str(r->p_top_k_halfwidth));
        first = 1;
        for (size_t i = 0; i < n; i++) {
            const cg_rob_entity *e = &r->entities[r->order[i]];
            if (!e->tracked || e->resolved) continue;
            if (!first) fputc(',', f);
            put_esc(f, cg_esc_json, ent_id(ds, e->entity));
            first = 0;
        }
        fputs("]}", f);
    } else {
        fputs("null", f);
    }
    fputs(",\n\"entities\":[\n", f);
    for (size_t i = 0; i < n; i++) {
        const cg_rob_entity *e = &r->entities[r->order[i]];
        fputs("{\"id\":", f);
        put_esc(f, cg_esc_json, ent_id(ds, e->entity));
        fputs(",\"name\":", f);
        put_esc(f, cg_esc_json, ent_name(ds, e->entity));
        fprintf(f, ",\"kind\":\"%s\",\"published_rank\":%zu,\"published_value\":%s,\"published_midrank\":%s,\"tracked\":%s",
                cg_entity_kind_name(cg_dataset_entity(ds, e->entity)->kind), e->published_rank,
                value_str(o->measure, e->published_value), rank_str(e->published_midrank), e->tracked ? "true" : "false");
        fputs(",\"median_rank\":", f);
        json_num_or_null(f, e->median_rank, 1);
        fputs(",\"rank_lo\":", f);
        json_num_or_null(f, e->rank_lo, 1);
        fputs(",\"rank_hi\":", f);
        json_num_or_null(f, e->rank_hi, 1);
        if (e->tracked) {
            fprintf(f, ",\"rank_lo_ci\":[%s,", rank_str(e->rank_lo_ci[0]));
            fprintf(f, "%s],\"rank_hi_ci\":[%s,", rank_str(e->rank_lo_ci[1]), rank_str(e->rank_hi_ci[0]));
            fprintf(f, "%s],\"resolved\":%s", rank_str(e->rank_hi_ci[1]), e->resolved ? "true" : "false");
        } else {
            fputs(",\"rank_lo_ci\":null,\"rank_hi_ci\":null,\"resolved\":null", f);
        }
        fputs(",\"p_top_k\":", f);
        json_num_or_null(f, e->p_top_k, 0);
        fputs(",\"mean_rank\":", f);
        json_num_or_null(f, e->mean_rank, 0);
        fputs(",\"mean_value\":", f);
        json_num_or_null(f, e->mean_value, 0);
        fputs(",\"worst_rank_loo\":", f);
        json_num_or_null(f, e->worst_rank_loo, 1);
        fputs(",\"critical_unit\":", f);
        if (e->critical_unit != CG_ROB_NONE) put_esc(f, cg_esc_json, cg_robustness_unit_name(r, e->critical_unit));
        else fputs("null", f);
        fputs(",\"drops_without\":[", f);
        for (size_t d = 0; d < e->n_drops; d++) {
            if (d) fputc(',', f);
            put_esc(f, cg_esc_json, cg_robustness_unit_name(r, e->drops[d]));
        }
        fprintf(f, "],\"robust_top_k\":%s,\"verdict\":", e->robust_top_k < 0 ? "null" : e->robust_top_k ? "true" : "false");
        if (e->verdict != CG_VERDICT_NONE) fprintf(f, "\"%s\"", cg_verdict_name(e->verdict));
        else fputs("null", f);
        fprintf(f, "}%s\n", i + 1 < n ? "," : "");
    }
    fputs("],\n\"units\":[\n", f);
    for (size_t u = 0; u < r->n_units; u++) {
        const cg_rob_unit *x = &r->units[u];
        fputs("{\"unit\":", f);
        put_esc(f, cg_esc_json, x->name);
        fprintf(f, ",\"claims_removed\":%zu,\"links_lost\":%zu,\"links_weakened\":%zu,\"top_k\":[", x->claims_removed,
                x->links_lost, x->links_weakened);
        for (size_t i = 0; i < x->n_top; i++) {
            if (i) fputc(',', f);
            put_esc(f, cg_esc_json, ent_id(ds, x->top_k[i]));
        }
        fputs("],\"entered\":[", f);
        for (size_t i = 0; i < x->n_entered; i++) {
            if (i) fputc(',', f);
            put_esc(f, cg_esc_json, ent_id(ds, x->entered[i]));
        }
        fputs("],\"left\":[", f);
        for (size_t i = 0; i < x->n_left; i++) {
            if (i) fputc(',', f);
            put_esc(f, cg_esc_json, ent_id(ds, x->left[i]));
        }
        fprintf(f, "],\"overlap\":%s,\"kendall_tau\":", num_str(x->overlap));
        json_num_or_null(f, x->kendall_tau, 0);
        fputs(",\"moved\":[", f);
        for (size_t i = 0; i < x->n_moved; i++) {
            fputs(i ? ",{\"id\":" : "{\"id\":", f);
            put_esc(f, cg_esc_json, ent_id(ds, x->moved[i].entity));
            fprintf(f, ",\"from\":%s,", rank_str(x->moved[i].from));
            fprintf(f, "\"to\":%s}", rank_str(x->moved[i].to));
        }
        fprintf(f, "]}%s\n", u + 1 < r->n_units ? "," : "");
    }
    fputs("],\n\"attribution\":", f);
    if (r->have_shapley) {
        fprintf(f, "{\"method\":\"shapley\",\"exact\":%s,\"permutations\":", r->shapley_exact ? "true" : "false");
        if (r->shapley_exact) fputs("null", f);
        else fprintf(f, "%zu", o->shapley_permutations);
        fputs(",\"players\":[", f);
        for (size_t i = 0; i < r->n_players; i++) {
            if (i) fputc(',', f);
            put_esc(f, cg_esc_json, r->players[i]);
        }
        fprintf(f, "],\"efficiency_max_error\":%s}", num_str(r->shapley_efficiency_error));
    } else {
        fputs("null", f);
    }
    fputs(",\n\"shapley\":[", f);
    if (r->have_shapley) {
        first = 1;
        for (size_t i = 0; i < n; i++)
            for (size_t p = 0; p < r->n_players; p++) {
                cg_idx v = r->order[i];
                fputs(first ? "\n{\"entity\":" : ",\n{\"entity\":", f);
                put_esc(f, cg_esc_json, ent_id(ds, v));
                fputs(",\"unit\":", f);
                put_esc(f, cg_esc_json, r->players[p]);
                fprintf(f, ",\"value\":%s}", num_str(r->shapley[v * r->n_players + p]));
                first = 0;
            }
        if (!first) fputc('\n', f);
    }
    fputs("],\n\"breaking_sets\":", f);
    if (o->breaking_sets) {
        fputs("[", f);
        for (size_t i = 0; i < r->n_breaking; i++) {
            const cg_rob_breaking *b = &r->breaking[i];
            fputs(i ? ",\n{\"entity\":" : "\n{\"entity\":", f);
            put_esc(f, cg_esc_json, ent_id(ds, b->entity));
            fputs(",\"units\":[", f);
            for (size_t u = 0; u < b->n_units; u++) {
                if (u) fputc(',', f);
                put_esc(f, cg_esc_json, b->units[u]);
            }
            fprintf(f, "],\"rank_after\":%s,\"breaks\":%s}", rank_str(b->rank_after), b->breaks ? "true" : "false");
        }
        fputs(r->n_breaking ? "\n]" : "]", f);
    } else {
        fputs("null", f);
    }
    fputs("}\n", f);
}

/* ---- CSV ---- */

static void csv_num(FILE *f, double x, int rank)
{
    fputc(',', f);
    if (!isnan(x)) fputs(rank ? rank_str(x) : num_str(x), f);
}

static void write_csv(FILE *f, const cg_dataset *ds, const cg_robustness *r)
{
    fputs("id,name,kind,published_rank,published_value,median_rank,rank_lo,rank_hi,p_top_k,mean_rank,rank_lo_ci_lo,"
          "rank_lo_ci_hi,rank_hi_ci_lo,rank_hi_ci_hi,resolved,worst_rank_loo,critical_unit,robust_top_k,mean_value,"
          "verdict\n",
          f);
    for (size_t i = 0; i < r->n; i++) {
        const cg_rob_entity *e = &r->entities[r->order[i]];
        put_esc(f, cg_esc_csv, ent_id(ds, e->entity));
        fputc(',', f);
        put_esc(f, cg_esc_csv, ent_name(ds, e->entity));
        fprintf(f, ",%s,%zu,%s", cg_entity_kind_name(cg_dataset_entity(ds, e->entity)->kind), e->published_rank,
                value_str(r->options.measure, e->published_value));
        csv_num(f, e->median_rank, 1);
        csv_num(f, e->rank_lo, 1);
        csv_num(f, e->rank_hi, 1);
        csv_num(f, e->p_top_k, 0);
        csv_num(f, e->mean_rank, 0);
        csv_num(f, e->tracked ? e->rank_lo_ci[0] : NAN, 1);
        csv_num(f, e->tracked ? e->rank_lo_ci[1] : NAN, 1);
        csv_num(f, e->tracked ? e->rank_hi_ci[0] : NAN, 1);
        csv_num(f, e->tracked ? e->rank_hi_ci[1] : NAN, 1);
        fprintf(f, ",%s", e->tracked ? (e->resolved ? "yes" : "no") : "");
        csv_num(f, e->worst_rank_loo, 1);
        fputc(',', f);
        if (e->critical_unit != CG_ROB_NONE) put_esc(f, cg_esc_csv, cg_robustness_unit_name(r, e->critical_unit));
        fprintf(f, ",%s", e->robust_top_k < 0 ? "" : e->robust_top_k ? "yes" : "no");
        csv_num(f, e->mean_value, 0);
        fprintf(f, ",%s\n", cg_verdict_name(e->verdict));
    }
}

/* ---- Markdown ---- */

static void md_unit_list(FILE *f, const cg_robustness *r, const size_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(i == 0 ? "" : i + 1 == n ? " or " : ", ", f);
        put_esc(f, cg_esc_md, cg_robustness_unit_name(r, u[i]));
    }
}

static void md_names(FILE *f, const cg_dataset *ds, const cg_robustness *r, cg_verdict v, int with_unit)
{
    int first = 1;
    for (size_t i = 0; i < r->n && i < r->options.top; i++) {
        const cg_rob_entity *e = &r->entities[r->order[i]];
        if (e->verdict != v) continue;
        fputs(first ? " " : "; ", f);
        put_esc(f, cg_esc_md, ent_name(ds, e->entity));
        if (with_unit && e->n_drops) {
            fputs(" (without ", f);
            md_unit_list(f, r, e->drops, e->n_drops);
            fputc(')', f);
        }
        first = 0;
    }
    fputs(first ? " none.\n" : ".\n", f);
}

static const char *verdict_words(const cg_robustness *r, cg_verdict v)
{
    switch (v) {
    case CG_VERDICT_ROBUST: return "robust";
    case CG_VERDICT_ONE_UNIT:
        switch (r->options.leave_out) {
        case CG_LEAVE_OUT_FAMILY: return "rests on one citation family";
        case CG_LEAVE_OUT_ORIGIN: return "rests on one origin";
        case CG_LEAVE_OUT_ANONYMOUS: return "rests on anonymous claims";
        default: return "rests on one source";
        }
    case CG_VERDICT_UNCERTAIN: return "uncertain";
    case CG_VERDICT_DOUBTFUL: return "doubtful";
    default: return "";
    }
}

static void write_md(FILE *f, const cg_dataset *ds, const cg_robustness *r, size_t claims, size_t sources)
{
    const cg_robustness_options *o = &r->options;
    cg_measure m = o->measure;
    size_t k = o->top, n = r->n, kk = k < n ? k : n;
    const char *mt = measure_title(m);
    const char *uw = unit_word(o->leave_out, 0), *uws = unit_word(o->leave_out, 1);
    int have_units = o->leave_out != CG_LEAVE_OUT_NONE;
    fprintf(f, "# How robust is the %s ranking?\n\n", mt);
    fprintf(f, "**Data:** %zu entities and %zu links from %zu claims by %zu sources (after filters). "
               "**Measure:** %s, published %s%s. **Top:** %zu.\n\n",
            n, r->links, claims, sources, mt, o->unweighted ? "unweighted" : "weighted by link confidence",
            o->directed ? ", directed" : "", k);
    if (r->have_worlds) {
        fprintf(f, "**Model.** %s ", cg_robustness_model_sentence(o->dependence));
        if (o->exact)
            fprintf(f, "All %zu possible networks were enumerated exactly", r->worlds);
        else
            fprintf(f, "%zu possible networks were drawn (seed %llu, stream `%s`)", r->worlds,
                    (unsigned long long)o->seed, CG_ROBUSTNESS_RNG);
        fprintf(f, "; in each, %s was computed on the links present%s. ", mt,
                o->world_weights ? ", weighted by their confidence (a sensitivity variant)" : ", unweighted");
        if (!o->exact)
            fprintf(f, "Every share of networks below is within %s of its model value, for all entities at once, with "
                       "95%% confidence. ",
                    cli_num(r->p_top_k_halfwidth, 3));
        fputs("The grades are analysts' judgements, not calibrated probabilities, and only false links are "
              "modelled, not missing ones.\n\n",
              f);
    } else {
        fputs("**Model.** No possible networks were drawn (`--samples 0`): only the deterministic leave-out "
              "analysis below.\n\n",
              f);
    }

    fputs("## In short\n\n", f);
    if (r->have_worlds) {
        fprintf(f, "- **Robust** (in the top %zu in at least 90%% of the possible networks%s%s%s):", k,
                have_units ? ", and whichever single " : "", have_units ? uw : "", have_units ? " is left out" : "");
        md_names(f, ds, r, CG_VERDICT_ROBUST, 0);
    } else if (have_units) {
        fprintf(f, "- **Robust** (in the top %zu whichever single %s is left out):", k, uw);
        md_names(f, ds, r, CG_VERDICT_ROBUST, 0);
    }
    if (have_units) {
        fprintf(f, "- **%c%s** (leaves the top %zu when that %s is left out):", 'R', verdict_words(r, CG_VERDICT_ONE_UNIT) + 1,
                k, uw);
        md_names(f, ds, r, CG_VERDICT_ONE_UNIT, 1);
    }
    if (r->have_worlds) {
        fprintf(f, "- **Uncertain** (in the top %zu in 50%% to 90%% of the possible networks):", k);
        md_names(f, ds, r, CG_VERDICT_UNCERTAIN, 0);
        fprintf(f, "- **Doubtful** (in the top %zu in fewer than half of the possible networks):", k);
        md_names(f, ds, r, CG_VERDICT_DOUBTFUL, 0);
    }
    fputc('\n', f);

    fprintf(f, "## The published top %zu, one by one\n\n", kk);
    for (size_t i = 0; i < kk; i++) {
        cg_idx v = r->order[i];
        const cg_rob_entity *e = &r->entities[v];
        fprintf(f, "%zu. **", i + 1);
        put_esc(f, cg_esc_md, ent_name(ds, v));
        fprintf(f, "** (`%s`) is %s in the published ranking (%s %s).", ent_id(ds, v), ordinal(e->published_rank), mt,
                integer_measure(m) ? cli_num(e->published_value, 0) : cli_num(e->published_value, 4));
        if (r->have_worlds && e->tracked) {
            if (o->exact)
                fprintf(f, " Over all possible networks it ranks between %s and %s in %s of them (median %s)",
                        rank_str(e->rank_lo), rank_str(e->rank_hi), percent(o->interval), rank_str(e->median_rank));
            else
                fprintf(f, " In %s of the possible networks it ranks between %s and %s (median %s)%s",
                        percent(o->interval), rank_str(e->rank_lo), rank_str(e->rank_hi), rank_str(e->median_rank),
                        e->resolved ? "" : " (these ends are not yet precise to one rank: rerun with more --samples)");
            fprintf(f, "; it is in the top %zu in %s of them.", k, percent(e->p_top_k));
        }
        if (have_units && r->n_units) {
            if (e->n_drops) {
                fprintf(f, " It leaves the top %zu without ", k);
                md_unit_list(f, r, e->drops, e->n_drops);
                fputs(" (without ", f);
                put_esc(f, cg_esc_md, cg_robustness_unit_name(r, e->critical_unit));
                fprintf(f, " it would rank %s).", rank_str(e->worst_rank_loo));
            } else if (e->critical_unit != CG_ROB_NONE) {
                fprintf(f, " Without any single %s it stays in the top %zu (lowest: rank %s, without ", uw, k,
                        rank_str(e->worst_rank_loo));
                put_esc(f, cg_esc_md, cg_robustness_unit_name(r, e->critical_unit));
                fputs(").", f);
            } else {
                fprintf(f, " Leaving out any single %s does not lower its rank.", uw);
            }
        }
        for (size_t b = 0; b < r->n_breaking; b++) {
            const cg_rob_breaking *bs = &r->breaking[b];
            if (bs->entity != v) continue;
            if (bs->breaks && bs->n_units > 1) {
                fprintf(f, " It takes leaving out %zu %s together to drop it from the top %zu (", bs->n_units,
                        o->leave_out == CG_LEAVE_OUT_NONE ? "sources" : uws, k);
                for (size_t u = 0; u < bs->n_units; u++) {
                    fputs(u == 0 ? "" : u + 1 == bs->n_units ? " and " : ", ", f);
                    put_esc(f, cg_esc_md, bs->units[u]);
                }
                fprintf(f, ": rank %s).", rank_str(bs->rank_after));
            } else if (!bs->breaks) {
                fprintf(f, " No set of %s found by the greedy search drops it from the top %zu.",
                        o->leave_out == CG_LEAVE_OUT_NONE ? "sources" : uws, k);
            }
        }
        if (e->verdict != CG_VERDICT_NONE) {
            fprintf(f, " **Verdict: %s", verdict_words(r, e->verdict));
            if (e->verdict == CG_VERDICT_ONE_UNIT) {
                fputs(" (", f);
                md_unit_list(f, r, e->drops, e->n_drops);
                fputc(')', f);
            }
            fputs(".**", f);
        }
        fputs("\n", f);
    }
    fputc('\n', f);

    size_t rows = 2 * k < n ? 2 * k : n;
    fprintf(f, "## Table (published top %zu)\n\n", rows);
    fprintf(f, "| rank | entity | %s |", mt);
    if (r->have_worlds)
        fprintf(f, " median world rank | %s of worlds: ranks | P(top %zu) | mean rank |", percent(o->interval), k);
    if (have_units) fprintf(f, " lowest rank without one %s |", uw);
    fputs(" verdict |\n|---:|---|---:|", f);
    if (r->have_worlds) fputs("---:|---|---:|---:|", f);
    if (have_units) fputs("---|", f);
    fputs("---|\n", f);
    int any_unresolved = 0;
    for (size_t i = 0; i < rows; i++) {
        cg_idx v = r->order[i];
        const cg_rob_entity *e = &r->entities[v];
        fprintf(f, "| %zu | ", e->published_rank);
        put_esc(f, cg_esc_md, ent_name(ds, v));
        fprintf(f, " (`%s`) | %s |", ent_id(ds, v), integer_measure(m) ? cli_num(e->published_value, 0) : cli_num(e->published_value, 4));
        if (r->have_worlds) {
            if (e->tracked) {
                fprintf(f, " %s | %s–%s%s |", rank_str(e->median_rank), rank_str(e->rank_lo), rank_str(e->rank_hi),
                        e->resolved ? "" : " †");
                any_unresolved |= !e->resolved;
            } else {
                fputs(" | |", f);
            }
            fprintf(f, " %s | %s |", p_str(e->p_top_k), cli_num(e->mean_rank, 1));
        }
        if (have_units) {
            if (isnan(e->worst_rank_loo)) fputs(" |", f);
            else {
                fprintf(f, " %s", rank_str(e->worst_rank_loo));
                if (e->critical_unit != CG_ROB_NONE) {
                    fputs(" (without ", f);
                    put_esc(f, cg_esc_md, cg_robustness_unit_name(r, e->critical_unit));
                    fputc(')', f);
                }
                fputs(" |", f);
            }
        }
        fprintf(f, " %s |\n", verdict_words(r, e->verdict));
    }
    fputc('\n', f);
    if (any_unresolved || r->n_unresolved)
        fprintf(f, "† An end of this interval is not resolved to ±1 rank by its order-statistic interval (%zu of the "
                   "%zu tracked entities); rerun with `--samples %zu`.\n\n",
                r->n_unresolved, o->track < n ? o->track : n, 4 * r->worlds);

    if (have_units && r->n_units) {
        fprintf(f, "## What each %s contributes (leave one out)\n\n", uw);
        fprintf(f, "The published ranking recomputed without the claims of one %s at a time.\n\n", uw);
        fprintf(f, "| left out | claims | links lost | links weakened | top-%zu overlap | Kendall τ-b | entered the top %zu | "
                   "left the top %zu | largest moves |\n|---|---:|---:|---:|---:|---:|---|---|---|\n",
                k, k, k);
        for (size_t u = 0; u < r->n_units; u++) {
            const cg_rob_unit *x = &r->units[u];
            fputs("| ", f);
            put_esc(f, cg_esc_md, x->name);
            fprintf(f, " | %zu | %zu | %zu | %s | %s | ", x->claims_removed, x->links_lost, x->links_weakened,
                    cli_num(x->overlap, 2), isnan(x->kendall_tau) ? "–" : cli_num(x->kendall_tau, 3));
            for (size_t i = 0; i < x->n_entered; i++) {
                if (i) fputs(", ", f);
                put_esc(f, cg_esc_md, ent_name(ds, x->entered[i]));
            }
            fputs(" | ", f);
            for (size_t i = 0; i < x->n_left; i++) {
                if (i) fputs(", ", f);
                put_esc(f, cg_esc_md, ent_name(ds, x->left[i]));
            }
            fputs(" | ", f);
            for (size_t i = 0; i < x->n_moved; i++) {
                if (i) fputs("; ", f);
                put_esc(f, cg_esc_md, ent_name(ds, x->moved[i].entity));
                fprintf(f, " %s → %s", rank_str(x->moved[i].from), rank_str(x->moved[i].to));
            }
            fputs(" |\n", f);
        }
        fputc('\n', f);
    }

    if (r->have_shapley) {
        fprintf(f, "## Which sources the values rest on (Shapley attribution)\n\n");
        fprintf(f, "Each published %s value split into signed contributions of the sources (%s); a row adds up to "
                   "the value minus the value with no source at all. Largest deviation from that sum: %.2g.%s\n\n",
                mt, r->shapley_exact ? "exact, over every subset of sources" : "estimated from seeded random orders",
                r->shapley_efficiency_error,
                m == CG_M_PAGERANK ? " PageRank sums to 1, so links elsewhere dilute it: unrelated sources can "
                                     "contribute negatively." : "");
        fprintf(f, "| entity | %s |", mt);
        for (size_t p = 0; p < r->n_players; p++) {
            fputc(' ', f);
            put_esc(f, cg_esc_md, r->players[p]);
            fputs(" |", f);
        }
        fputs("\n|---|---:|", f);
        for (size_t p = 0; p < r->n_players; p++) fputs("---:|", f);
        fputc('\n', f);
        for (size_t i = 0; i < rows; i++) {
            cg_idx v = r->order[i];
            fputs("| ", f);
            put_esc(f, cg_esc_md, ent_name(ds, v));
            fprintf(f, " | %s |", cli_num(r->entities[v].published_value, 4));
            for (size_t p = 0; p < r->n_players; p++) {
                double x = r->shapley[v * r->n_players + p];
                fprintf(f, " %s%s |", x > 0 ? "+" : "", cli_num(x, 4));
            }
            fputc('\n', f);
        }
        fputc('\n', f);
    }

    if (o->breaking_sets) {
        const char *bw = o->leave_out == CG_LEAVE_OUT_NONE ? "sources" : uws;
        fprintf(f, "## Breaking sets\n\nFor each of the published top %zu, the %s whose removal drops it below rank "
                   "%zu, found greedily (each step removes the one that lowers it most): an upper bound on the smallest "
                   "such set.\n\n| entity | leaves the top %zu without | rank then |\n|---|---|---:|\n",
                kk, bw, k, k);
        for (size_t i = 0; i < r->n_breaking; i++) {
            const cg_rob_breaking *b = &r->breaking[i];
            fputs("| ", f);
            put_esc(f, cg_esc_md, ent_name(ds, b->entity));
            fputs(" | ", f);
            if (!b->breaks) fputs("(no set found) ", f);
            for (size_t u = 0; u < b->n_units; u++) {
                if (u) fputs(" + ", f);
                put_esc(f, cg_esc_md, b->units[u]);
            }
            fprintf(f, " | %s |\n", rank_str(b->rank_after));
        }
        fputc('\n', f);
    }

    fputs("## How to read this\n\n", f);
    fprintf(f, "- Ranks: 1 is the most central. Entities with equal values (as printed) share the mean of their "
               "positions, so a rank such as 62.5 means a tie. The published rank is the row of `claimgraph "
               "centrality`'s table, where ties are broken by id.\n");
    if (r->have_worlds)
        fprintf(f, "- A possible network keeps each piece of evidence (an origin group) with the probability its grades "
                   "give, so each link is present with exactly its published confidence. The world ranks describe who "
                   "is central in the real network *if the grades are right*; the published rank is a different, "
                   "weighted summary, not the centre of that range.\n");
    if (have_units)
        fprintf(f, "- Leaving one %s out is a diagnostic (does the table rest on it?), not a statistical "
                   "interval. It misses redundancy (two %s, each enough on its own)%s.\n",
                uw, uws, o->breaking_sets ? ": the breaking sets show it" : "; `--breaking-sets` shows it");
    if (r->have_worlds)
        fprintf(f, "- %s\n", o->dependence == CG_DEPENDENCE_SOURCE
                                 ? "Here all claims of a publication (a citation family) stand or fall together; rerun "
                                   "with `--dependence independent` for pieces of evidence that fail on their own. "
                                   "Where the two differ, the ranking depends on whether a publication's errors are "
                                   "correlated."
                                 : "Here pieces of evidence fail independently; rerun with `--dependence source` for "
                                   "all claims of a publication standing or falling together. Where the two differ, "
                                   "the ranking depends on whether a publication's errors are correlated.");
    fputs("- Verdicts: robust = P(top k) at least 0.9 and in the top k without any single unit; rests on one unit = "
          "leaves the top k without it; uncertain = P(top k) from 0.5 to 0.9; doubtful = below 0.5.\n",
          f);
}

/* ---- SVG: rank-interval ("caterpillar") plot ---- */

/* s clipped to at most max code points, "…" appended when clipped (caller frees) */
static char *clip_utf8(const char *s, size_t max)
{
    size_t cps = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (cps == max) break;
            cps++;
        }
    }
    char *out = malloc(i + 4);
    if (!out) return NULL;
    memcpy(out, s, i);
    if (s[i]) memcpy(out + i, "\xE2\x80\xA6", 4);
    else out[i] = '\0';
    return out;
}

static void svg_text_esc(FILE *f, const char *s)
{
    put_esc(f, cg_esc_html, s);
}

static void write_svg(FILE *f, const cg_dataset *ds, const cg_robustness *r)
{
    const cg_robustness_options *o = &r->options;
    size_t n = r->n, k = o->top, T = o->track < n ? o->track : n;
    size_t rows = 2 * k < T ? 2 * k : T;
    const double W = 980, x0 = 400, x1 = 850, top = 120, row_h = 22;
    double H = top + (double)rows * row_h + 90;
    double lnmax = n > 1 ? log((double)n) : 1;
#define XR(rank) (x0 + (x1 - x0) * (n > 1 ? log((rank) < 1 ? 1 : (rank)) / lnmax : 0))
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n",
            W, H, W, H);
    fputs("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);
    /* labels are clipped to 38 characters, and drawn inside a clip path that ends before the plot */
    fprintf(f, "<defs><clipPath id=\"labels\"><rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\"/></clipPath></defs>\n",
            x0 - 8, H);
    fprintf(f, "<text x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\">How robust is the %s ranking? "
               "Rank of the published top %zu in possible networks</text>\n",
            measure_title(o->measure), rows);
    /* the model sentence, wrapped */
    const char *s = cg_robustness_model_sentence(o->dependence);
    double y = 52;
    while (*s) {
        size_t len = strlen(s), cut = len;
        if (len > 120) {
            cut = 120;
            while (cut > 0 && s[cut] != ' ') cut--;
            if (cut == 0) cut = 120;
        }
        char line[160];
        memcpy(line, s, cut);
        line[cut] = '\0';
        fprintf(f, "<text x=\"20\" y=\"%.0f\" fill=\"#333333\">", y);
        svg_text_esc(f, line);
        fputs("</text>\n", f);
        s += cut;
        while (*s == ' ') s++;
        y += 17;
    }
    if (o->exact)
        fprintf(f, "<text x=\"20\" y=\"%.0f\" fill=\"#333333\">All %zu possible networks enumerated exactly.</text>\n", y,
                r->worlds);
    else
        fprintf(f, "<text x=\"20\" y=\"%.0f\" fill=\"#333333\">%zu networks drawn (seed %llu, %s); P(top %zu) within "
                   "±%s for all entities (95%%).</text>\n",
                y, r->worlds, (unsigned long long)o->seed, CG_ROBUSTNESS_RNG, k, cli_num(r->p_top_k_halfwidth, 3));
    /* axis */
    double ya = top - 8, yb = top + (double)rows * row_h;
    static const double ticks[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000,
                                   200000, 500000, 1000000};
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0] && ticks[i] <= (double)n; i++) {
        double x = XR(ticks[i]);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n", x, ya, x, yb);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555555\" font-size=\"11\">%.0f</text>\n", x,
                ya - 4, ticks[i]);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#555555\" font-size=\"11\">rank (log scale)</text>\n",
            (x0 + x1) / 2, ya - 20);
    if ((double)k <= (double)n) {
        double xk = XR((double)k + 0.5);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>\n", xk,
                ya, xk, yb);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555555\" font-size=\"11\">top %zu</text>\n", xk + 3, yb + 14, k);
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" fill=\"#555555\">P(top %zu)</text>\n", W - 20,
            ya - 4, k);
    for (size_t i = 0; i < rows; i++) {
        cg_idx v = r->order[i];
        const cg_rob_entity *e = &r->entities[v];
        double yc = top + (double)i * row_h + row_h / 2;
        if (i % 2 == 0)
            fprintf(f, "<rect x=\"15\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"#f4f4f4\"/>\n", yc - row_h / 2,
                    W - 30, row_h);
        char *nm = clip_utf8(ent_name(ds, v), 38);
        fprintf(f, "<g class=\"entity\" id=\"e%zu\"><title>", i + 1);
        svg_text_esc(f, ent_name(ds, v));
        fprintf(f, " (%s): published rank %zu; median world rank %s; %s interval %s–%s; P(top %zu) %s</title>\n",
                ent_id(ds, v), e->published_rank, rank_str(e->median_rank), percent(o->interval), rank_str(e->rank_lo),
                rank_str(e->rank_hi), k, p_str(e->p_top_k));
        fprintf(f, "<text x=\"20\" y=\"%.1f\" clip-path=\"url(#labels)\">%zu. ", yc + 4, e->published_rank);
        svg_text_esc(f, nm ? nm : "");
        free(nm);
        fputs("</text>\n", f);
        double xl = XR(e->rank_lo), xh = XR(e->rank_hi);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#4a78b0\"%s/>\n", xl, yc - 3,
                xh - xl < 2 ? 2 : xh - xl, e->resolved ? "" : " fill-opacity=\"0.5\"");
        double xm = XR(e->median_rank);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1d3c63\" stroke-width=\"2\"/>\n", xm,
                yc - 7, xm, yc + 7);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#d62728\"/>\n", XR((double)e->published_rank), yc);
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text></g>\n", W - 20, yc + 4,
                p_str(e->p_top_k));
    }
    double yl = yb + 34;
    fprintf(f, "<rect x=\"20\" y=\"%.1f\" width=\"30\" height=\"6\" fill=\"#4a78b0\"/>\n", yl - 3);
    fprintf(f, "<text x=\"56\" y=\"%.1f\" font-size=\"12\">ranks in %s of the possible networks</text>\n", yl + 4,
            percent(o->interval));
    fprintf(f, "<line x1=\"330\" y1=\"%.1f\" x2=\"330\" y2=\"%.1f\" stroke=\"#1d3c63\" stroke-width=\"2\"/>\n", yl - 7, yl + 7);
    fprintf(f, "<text x=\"338\" y=\"%.1f\" font-size=\"12\">median</text>\n", yl + 4);
    fprintf(f, "<circle cx=\"420\" cy=\"%.1f\" r=\"4.5\" fill=\"#d62728\"/>\n", yl);
    fprintf(f, "<text x=\"430\" y=\"%.1f\" font-size=\"12\">published rank (weighted table)</text>\n", yl + 4);
    int pale = 0;
    for (size_t i = 0; i < rows; i++) pale |= !r->entities[r->order[i]].resolved;
    if (pale) {
        fprintf(f, "<rect x=\"660\" y=\"%.1f\" width=\"30\" height=\"6\" fill=\"#4a78b0\" fill-opacity=\"0.5\"/>\n",
                yl - 3);
        fprintf(f, "<text x=\"696\" y=\"%.1f\" font-size=\"12\">an end not yet precise to ±1 rank</text>\n", yl + 4);
    }
    fprintf(f, "<text x=\"20\" y=\"%.1f\" font-size=\"11\" fill=\"#555555\">Grades are judgements, not calibrated "
               "probabilities; only false links are modelled, not missing ones. Made with claimgraph %s.</text>\n",
            yl + 26, cg_version());
    fputs("</svg>\n", f);
#undef XR
}

/* ---- the command ---- */

static int parse_enum(cli_args *a, const char *opt, const char *const *names, int n, int *out)
{
    const char *v = cli_get(a, opt);
    if (!v) return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        if (i) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    cli_usage_error(a, "--%s must be one of %s (got '%s')", opt, list, v);
    return -1;
}

static int run_robustness(cli_args *a)
{
    const char *fmt = cli_get(a, "format");
    if (!fmt) fmt = "md";
    if (strcmp(fmt, "md") && strcmp(fmt, "csv") && strcmp(fmt, "json") && strcmp(fmt, "svg"))
        return cli_usage_error(a, "--format must be md, csv, json or svg (got '%s')", fmt);
    cg_robustness_options ro;
    cg_robustness_options_init(&ro);
    const char *ms = cli_get(a, "measure");
    if (ms && cg_measure_parse(ms, &ro.measure) != 0)
        return cli_usage_error(a, "--measure: unknown measure '%s' (degree, strength, betweenness, closeness, harmonic, "
                                  "eigenvector, pagerank, coreness)", ms);
    unsigned long ul;
    if (cli_ulong(a, "samples", 0, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "samples")) ro.samples = ul;
    if (cli_ulong(a, "seed", 0, ~0ul, &ul) < 0) return 2;
    if (cli_get(a, "seed")) ro.seed = ul;
    if (cli_ulong(a, "top", 1, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "top")) ro.top = ul;
    if (cli_ulong(a, "track", 1, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "track")) ro.track = ul;
    if (cli_ulong(a, "shapley-permutations", 1, 1ul << 32, &ul) < 0) return 2;
    if (cli_get(a, "shapley-permutations")) ro.shapley_permutations = ul;
    if (cli_ulong(a, "threads", 1, 256, &ul) < 0) return 2;
    if (cli_get(a, "threads")) ro.threads = (unsigned)ul;
    if (cli_double(a, "interval", 0, 1, &ro.interval) < 0) return 2;
    if (!(ro.interval > 0 && ro.interval < 1))
        return cli_usage_error(a, "--interval must be between 0 and 1, both excluded (got '%s')", cli_get(a, "interval"));
    static const char *const deps[] = {"independent", "source"};
    static const char *const wws[] = {"unit", "confidence"};
    static const char *const los[] = {"source", "family", "origin", "anonymous", "none"};
    static const char *const atts[] = {"none", "shapley"};
    int x;
    x = 0;
    if (parse_enum(a, "dependence", deps, 2, &x) < 0) return 2;
    ro.dependence = (cg_dependence)x;
    x = 0;
    if (parse_enum(a, "world-weights", wws, 2, &x) < 0) return 2;
    ro.world_weights = x;
    x = 0;
    if (parse_enum(a, "leave-out", los, 5, &x) < 0) return 2;
    ro.leave_out = (cg_leave_out)x;
    x = 0;
    if (parse_enum(a, "attribution", atts, 2, &x) < 0) return 2;
    ro.shapley = x;
    ro.breaking_sets = cli_flag(a, "breaking-sets");
    ro.exact = cli_flag(a, "exact");
    ro.directed = cli_flag(a, "directed");
    ro.unweighted = cli_flag(a, "unweighted");
    if (ro.exact && cli_get(a, "samples"))
        return cli_usage_error(a, "--exact enumerates every world: leave out --samples");
    int worlds = ro.exact || ro.samples != 0;
    if (!worlds && ro.leave_out == CG_LEAVE_OUT_NONE && !ro.shapley && !ro.breaking_sets)
        return cli_usage_error(a, "nothing to do: --samples 0 with --leave-out none, no --attribution and no "
                                  "--breaking-sets");
    if (!worlds && !strcmp(fmt, "svg"))
        return cli_usage_error(a, "--format svg plots the world-rank intervals: it needs worlds (--samples > 0 or --exact)");
    cli_analysis an;
    int rc = cli_analysis_init(a, &an);
    if (rc) {
        cli_analysis_free(&an);
        return rc;
    }
    if (worlds && ro.measure == CG_M_CLOSENESS)
        fprintf(stderr, "claimgraph robustness: warning: closeness rewards small components, and worlds are often "
                        "fragmented; harmonic centrality is the better choice here\n");
    if (worlds && ro.measure == CG_M_EIGENVECTOR)
        fprintf(stderr, "claimgraph robustness: warning: eigenvector centrality is defined by the dominant component "
                        "only: in a fragmented world every other entity ties at 0\n");
    double t_start = cg__now();
    cg_dataset *ds = cli_load(a, 0, a->npos, &rc);
    double t_loaded = cg__now();
    cg_robustness *r = NULL;
    cg__output *o = NULL;
    if (!ds) goto done;
    cg_status st = cg_robustness_run(&r, ds, an.grading, &an.filter, &ro, a->diag);
    if (st != CG_OK) {
        cli_print_diag(a);
        rc = st == CG_EINVAL ? 2 : 1;
        goto done;
    }
    /* claims and sources that take part (for the report's first line) */
    size_t claims = 0, sources = 0, ns = cg_dataset_n_sources(ds);
    unsigned char *seen = calloc(ns + 1, 1);
    if (!seen) {
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < cg_dataset_n_claims(ds); i++) {
        if (!cg_filter_accepts(&an.filter, ds, (cg_idx)i)) continue;
        claims++;
        cg_idx s = cg_dataset_claim(ds, (cg_idx)i)->source;
        if (!seen[s]) {
            seen[s] = 1;
            sources++;
        }
    }
    free(seen);
    o = cli_open_output(a, &rc);
    if (!o) goto done;
    FILE *f = cg__output_stream(o);
    if (!strcmp(fmt, "json")) write_json(f, ds, r, &an, claims);
    else if (!strcmp(fmt, "csv")) write_csv(f, ds, r);
    else if (!strcmp(fmt, "svg")) write_svg(f, ds, r);
    else write_md(f, ds, r, claims, sources);
    rc = cli_finish_output(a, o);
    o = NULL;
    if (cli_flag(a, "timings"))
        fprintf(stderr, "{\"entities\":%zu,\"links\":%zu,\"worlds\":%zu,\"units\":%zu,\"load_s\":%.6f,\"published_s\":%.6f,"
                        "\"worlds_s\":%.6f,\"leave_out_s\":%.6f,\"shapley_s\":%.6f,\"breaking_s\":%.6f,\"total_s\":%.6f}\n",
                r->n, r->links, r->have_worlds ? r->worlds : 0, r->n_units, t_loaded - t_start, r->seconds_published,
                r->seconds_worlds, r->seconds_leave_out, r->seconds_shapley, r->seconds_breaking,
                cg__now() - t_start);
done:
    cg__output_abort(o);
    cg_robustness_free(r);
    cg_dataset_free(ds);
    cli_analysis_free(&an);
    return rc;
}

const cli_cmd cli_cmd_robustness = {
    "robustness", "[OPTIONS] DATA...",
    "how much the centrality ranking depends on which evidence holds and on which source",
    (const cli_opt[]){{"measure", 0, "M", "the ranked measure: degree, strength, betweenness, closeness, harmonic, "
                                          "eigenvector, pagerank (default), coreness"},
                      {"samples", 0, "N", "possible worlds to draw (default 10000; 20000 for betweenness, closeness, "
                                          "harmonic; 0 = none)"},
                      {"seed", 0, "S", "seed of the world stream (default 1; printed with every result)"},
                      {"top", 0, "K", "k of P(top k), the leave-out tables and the breaking sets (default 10)"},
                      {"dependence", 0, "D", "independent (default: each piece of evidence fails on its own) or "
                                             "source (a citation family's claims stand or fall together)"},
                      {"world-weights", 0, "W", "unit (default: worlds unweighted) or confidence (present links keep "
                                                "their confidence; a sensitivity variant)"},
                      {"interval", 0, "P", "central interval of the world ranks (default 0.9)"},
                      {"track", 0, "T", "entities (the published top T) whose rank intervals are kept (default 100)"},
                      {"exact", 0, NULL, "enumerate every world instead of sampling (at most 2^16 worlds: about 16 "
                                         "uncertain pieces of evidence)"},
                      {"leave-out", 0, "U", "leave one unit out: source (default), family, origin, anonymous, none"},
                      {"attribution", 0, "A", "none (default) or shapley: published values split among sources"},
                      {"shapley-permutations", 0, "P", "random orders for Shapley above 16 sources (default 2000)"},
                      {"breaking-sets", 0, NULL, "for each of the top k, the units whose removal drops it (greedy)"},
                      {"directed", 0, NULL, "directed graph (subject -> object)"},
                      {"unweighted", 0, NULL, "published measure (leave-out, Shapley, breaking sets) unweighted"},
                      {"format", 0, "FMT", "md (default), csv, json or svg (rank-interval plot)"},
                      {"timings", 0, NULL, "print the time of each phase as one JSON object on standard error"},
                      CLI_OPTS_FILTER, CLI_OPT_OUTPUT, CLI_OPT_MAXLINE, CLI_OPT_HELP, {NULL, 0, NULL, NULL}},
    run_robustness,
    "Possible worlds: every origin group (piece of evidence) of a link is kept with its confidence, so a\n"
    "link is present with exactly its noisy-OR confidence; the measure is computed on each world and\n"
    "each entity's world ranks are summarised: median, central interval, P(top k), mean. Ranks are\n"
    "mid-ranks (ties share the mean position). Leave-one-out, Shapley attribution and breaking sets\n"
    "recompute the published (weighted) ranking without some claims. --threads also spreads the\n"
    "worlds over cores; the same seed gives the same bytes for any --threads. Method, assumptions\n"
    "and an example: README \"Robustness\".\n",
    0, 0};
