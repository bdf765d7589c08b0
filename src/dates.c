/* Dates: ISO 8601 calendar dates with partial forms, and when a claim is in force (README "Time").
 * A partial date names a period: "2011" is 2011-01-01 to 2011-12-31, "2011-05" is May 2011. */
#include "claimgraph/evidence.h"
#include "dataset_impl.h"

#include <string.h>

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return d[m - 1];
}

int cg_date_valid(const char *s)
{
    if (!s) return 0;
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return 0;
        } else if (s[i] < '0' || s[i] > '9') return 0;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12) return 0;
        if (n == 10) {
            int d = (s[8] - '0') * 10 + (s[9] - '0');
            if (d < 1 || d > days_in_month(y, m)) return 0;
        }
    }
    return 1;
}

/* The first (hi = 0) or last (hi = 1) day of the period a valid date names, as "YYYY-MM-DD". The
 * last day of a month is written 31 whatever the month: only compared, never shown, and no real
 * day of that month sorts after it. */
static void bound(const char *s, int hi, char out[11])
{
    size_t n = strlen(s);
    memcpy(out, s, n);
    if (n == 4) memcpy(out + 4, hi ? "-12-31" : "-01-01", 6);
    else if (n == 7) memcpy(out + 7, hi ? "-31" : "-01", 3);
    out[10] = '\0';
}

/* The date a claim counts from: its valid_from, else its source's published date (NULL: none). */
static const char *claim_start(const cg_dataset *ds, const cg_claim *c)
{
    return c->valid_from ? c->valid_from : ds->sources[c->source].published;
}

int cg_claim_in_force(const cg_dataset *ds, const cg_claim *c, const char *date)
{
    if (!cg_date_valid(date)) return 0;
    char lo[11], hi[11], b[11];
    bound(date, 0, lo);
    bound(date, 1, hi);
    const char *start = claim_start(ds, c);
    if (start) {
        bound(start, 0, b);
        if (strcmp(b, hi) > 0) return 0; /* starts after the period */
    }
    if (c->valid_to) {
        bound(c->valid_to, 1, b);
        if (strcmp(b, lo) < 0) return 0; /* ended before the period */
    }
    return 1;
}

int cg_claim_published_since(const cg_dataset *ds, const cg_claim *c, const char *date)
{
    const char *pub = ds->sources[c->source].published;
    if (!pub || !cg_date_valid(date)) return 0;
    char lo[11], b[11];
    bound(date, 0, lo);
    bound(pub, 1, b);
    return strcmp(b, lo) >= 0;
}
