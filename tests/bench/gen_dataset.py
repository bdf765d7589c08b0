#!/usr/bin/python3
"""Synthetic claimgraph dataset of N claims, deterministic by seed (benchmarks only).

Usage: gen_dataset.py N SEED OUT.jsonl [ENTITIES]

Shape (see tests/bench/README.md):
  * max(10, N // 5) entities (or ENTITIES: more entities than N // 5 makes a sparse graph with many
    isolated entities, on which exact path measures stay cheap: the MPI tests use it); the endpoints of entity pairs are drawn from a Zipf law over a
    random permutation of the entities (weight of rank r ~ (r + 1) ** -0.75), so entity degrees
    follow a power law with a few large hubs and a long tail (some entities stay isolated);
  * 20 sources of varied kinds and reliabilities with `cites` links: two chains
    (s02 -> s01, s03 -> s02, s14 -> s03; s05 -> s04) and one cycle (s10 -> s11 -> s12 -> s10);
  * per entity pair one edge of 1-3 claims (50/30/20 %), from the same source or different
    sources, some with an explicit `origin` (shared within the edge or drawn from a pool of
    witnesses); about 8 % of pairs get a second edge with another relation; about 10 % of claims
    refute;
  * built-in relations (directed and undirected) plus two declared ones; every status; grades
    with and without claim-level reliability; about 8 % explicit confidence;
  * realistic field sizes: summary 80-200 characters, attributed_to, notes on ~30 % of claims,
    evidence spans with plausible offsets and a 64-hex SHA-256, some non-ASCII and escaped quotes.

Records are written sources, relations, entities, then the claims in shuffled order. Same N and
seed give a byte-identical file (only `random.Random(seed)` is used; no set or hash ordering).
Standard library only; N = 10**6 takes about 10-20 s.
"""
import json
import random
import sys

WORDS = ("according to the report the network allegedly paid officials through a company registered "
         "abroad while a former commander denied any role in the transfers witnesses described meetings "
         "in the capital and at the border crossing where shipments were moved at night prosecutors later "
         "opened an inquiry into the contracts the ministry awarded without a tender and the police said "
         "that the suspects had been under surveillance for months the newspaper quoted an intelligence "
         "assessment which named the deputy as a protector of the group and listed bank accounts linked "
         "to relatives of the mayor the court heard testimony that money was laundered through a fuel "
         "import business owned by an associate of the party leader who rejected the accusations as "
         "politically motivated").split()
NONASCII = ["Prishtinë", "Thaçi", "Gjakovë", "Mitrovicë", "Ferizaj", "Pejë", "Vučić", "Žilina", "Gërmia",
            "Drenicë", "Dečani", "Ђорђе", "Skënderaj", "Lipjan", "Shkodër"]
FIRST = ["Agim", "Besim", "Driton", "Fatmir", "Hashim", "Ilir", "Jakup", "Kadri", "Luan", "Milaim",
         "Naim", "Rexhep", "Sami", "Valon", "Xhavit", "Zoran", "Milan", "Dragan", "Ana", "Elira", "Blerta",
         "Vjosa", "Teuta", "Arta", "Marko", "Nikola", "Petar", "Gjon", "Ardian", "Bekim"]
LAST = ["Krasniqi", "Gashi", "Berisha", "Hoxha", "Morina", "Shala", "Bytyqi", "Kelmendi", "Thaçi",
        "Haradinaj", "Limaj", "Veseli", "Jovanović", "Petrović", "Nikolić", "Rugova", "Selimi", "Mustafa",
        "Osmani", "Kurti", "Dačić", "Lladrovci", "Rama", "Hasani", "Ahmeti", "Dervishi", "Zeqiri"]
ORGW = ["Trans", "Balkan", "Kosova", "Euro", "Adriatic", "Dardania", "Iliria", "Global", "Star", "Fuel",
        "Security", "Construction", "Logistics", "Holding", "Media", "Import", "Export", "Group", "Capital",
        "Partners", "Foundation", "Union", "Front", "Council", "Agency", "Office", "Directorate"]
# (kind, id prefix, weight)
EKINDS = [("person", "p", 55), ("organization", "org", 8), ("political_party", "party", 2),
          ("government_body", "gov", 6), ("armed_group", "ag", 2), ("criminal_group", "cg", 5),
          ("international_organization", "io", 2), ("company", "co", 12), ("ngo", "ngo", 3),
          ("media", "media", 2), ("place", "pl", 2), ("other", "x", 1)]
SKINDS = ["news", "ngo_report", "government_report", "intelligence_report", "court_record", "interview",
          "speech", "academic", "other"]
# built-in relations, directed and undirected (cites kept rare), plus two declared ones
RELS = [("associate_of", 18), ("cooperates_with", 10), ("family_of", 4), ("member_of", 12), ("leads", 4),
        ("employed_by", 6), ("controls", 5), ("funds", 6), ("involved_in", 10), ("protects", 4),
        ("traffics_for", 3), ("transports_for", 3), ("accuses", 4), ("investigates", 3), ("charged_by", 2),
        ("convicted_by", 1), ("acquitted_by", 1), ("cites", 1), ("bribes", 2), ("launders_for", 1)]
STATUSES = [("reported", 40), ("alleged", 30), ("official_finding", 8), ("charged", 8), ("convicted", 5),
            ("acquitted", 2), ("denied", 7)]
CRED = [(1, 5), (2, 25), (3, 30), (4, 20), (5, 8), (6, 12)]
GRADES = "ABCDEF"
N_SOURCES = 20
CITES = {2: [1], 3: [2], 14: [3], 5: [4], 10: [11], 11: [12], 12: [10]}


def weighted(rng, pairs, k):
    vals = [p[0] for p in pairs]
    cum, t = [], 0
    for p in pairs:
        t += p[1]
        cum.append(t)
    return rng.choices(vals, cum_weights=cum, k=k)


def js(s):
    return json.dumps(s, ensure_ascii=False)


def sentence(rng, lo, hi):
    """A JSON-encoded pseudo-sentence of lo..hi characters (some non-ASCII, some quotes)."""
    target = rng.randint(lo, hi)
    words = []
    n = 0
    while n < target:
        r = rng.random()
        if r < 0.05:
            w = rng.choice(NONASCII)
        elif r < 0.07:
            w = '"' + rng.choice(WORDS) + '"'
        elif r < 0.10:
            w = str(rng.randint(1998, 2023))
        else:
            w = rng.choice(WORDS)
        words.append(w)
        n += len(w) + 1
    s = " ".join(words)[:target].rstrip()
    return js(s[0].upper() + s[1:] + ".")


def main():
    if len(sys.argv) not in (4, 5):
        sys.stderr.write(__doc__)
        sys.exit(2)
    N, seed, out = int(float(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
    if N < 1:
        sys.exit("N must be at least 1")
    rng = random.Random(seed)
    lines = []

    # sources
    src_ids = []
    for i in range(1, N_SOURCES + 1):
        kind = SKINDS[(i * 7) % len(SKINDS)]
        sid = "s%02d_%s" % (i, kind)
        src_ids.append(sid)
    for i, sid in enumerate(src_ids, start=1):
        rec = '{"type":"source","id":"%s","title":%s,"kind":"%s","publisher":%s' % (
            sid, sentence(rng, 30, 90), sid.split("_", 1)[1], js("%s %s" % (rng.choice(ORGW), rng.choice(ORGW))))
        rec += ',"published":"%d-%02d-%02d"' % (rng.randint(2000, 2022), rng.randint(1, 12), rng.randint(1, 28))
        if i % 6 != 0:
            rec += ',"reliability":"%s"' % GRADES[i % 5]
        if i in CITES:
            rec += ',"cites":[%s]' % ",".join('"%s"' % src_ids[c - 1] for c in CITES[i])
        rec += ',"url":"https://example.org/%s","text_sha256":"%064x","notes":%s}' % (
            sid, rng.getrandbits(256), sentence(rng, 60, 200))
        lines.append(rec)
    lines.append('{"type":"relation","id":"bribes","label":"bribes","directed":true,"category":"crime"}')
    lines.append('{"type":"relation","id":"launders_for","label":"launders money for","directed":true,'
                 '"category":"money"}')

    # entities
    E = max(10, N // 5) if len(sys.argv) == 4 else max(10, int(sys.argv[4]))
    kinds = weighted(rng, [(k, w) for k, _, w in EKINDS], E)
    prefix = {k: p for k, p, _ in EKINDS}
    ent_ids = []
    for i in range(E):
        k = kinds[i]
        eid = "%s_%07d" % (prefix[k], i)
        ent_ids.append(eid)
        if k == "person":
            name = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        else:
            name = "%s %s %s" % (rng.choice(ORGW), rng.choice(ORGW), rng.choice(ORGW))
        rec = '{"type":"entity","id":"%s","name":%s,"kind":"%s"' % (eid, js(name), k)
        r = rng.random()
        if r < 0.2:
            rec += ',"aliases":[%s]' % js(name.split()[-1] + " " + str(i))
        if r < 0.5:
            rec += ',"description":%s' % sentence(rng, 40, 160)
        if r > 0.95:
            rec += ',"external_ids":{"wikidata":"Q%d"}' % rng.randint(1000, 99999999)
        lines.append(rec + "}")

    # text pools (JSON-encoded), drawn per claim
    summaries = [sentence(rng, 80, 200) for _ in range(8192)]
    notes = ['"credibility %d: ' % c + sentence(rng, 50, 260)[1:] for c in range(1, 7) for _ in range(512)]
    voices = ([js("the reporters (%s)" % s) for s in src_ids] +
              [js("anonymous %s '%s'" % (rng.choice(["official", "trafficker", "witness", "officer", "insider"]),
                                          rng.choice(FIRST))) for _ in range(200)] +
              [js("%s %s, %s" % (rng.choice(FIRST), rng.choice(LAST), rng.choice(
                  ["prosecutor", "minister", "former commander", "court", "police spokesman", "analyst"])))
               for _ in range(400)])
    n_named_voices = N_SOURCES
    n_anon = 200

    # entity pairs: Zipf draw over a random permutation of the entities
    perm = list(range(E))
    rng.shuffle(perm)
    cum, t = [], 0.0
    for r in range(E):
        t += (r + 1) ** -0.75
        cum.append(t)
    rel_draw = weighted(rng, RELS, 4096)
    src_cum, t = [], 0.0
    for r in range(N_SOURCES):
        t += (r + 1) ** -0.6
        src_cum.append(t)
    status_draw = weighted(rng, STATUSES, 4096)
    cred_draw = weighted(rng, CRED, 4096)
    n_witnesses = max(10, N // 50)

    claims = []
    seen = {}
    ranks = range(E)
    buf = []
    src_range = range(N_SOURCES)
    cid = 0
    while cid < N:
        if len(buf) < 2:
            buf = rng.choices(ranks, cum_weights=cum, k=8192)
        u = perm[buf.pop()]
        v = perm[buf.pop()]
        if u == v:
            continue
        key = (u, v) if u < v else (v, u)
        if key in seen:
            continue
        seen[key] = 1
        edges = [rel_draw[rng.getrandbits(12)]]
        if rng.random() < 0.08:
            r2 = rel_draw[rng.getrandbits(12)]
            if r2 != edges[0]:
                edges.append(r2)
        for ei, rel in enumerate(edges):
            k = 1 if ei else (1 if rng.random() < 0.5 else (2 if rng.random() < 0.6 else 3))
            subj, obj = (u, v) if rng.random() < 0.5 else (v, u)
            s0 = rng.choices(src_range, cum_weights=src_cum)[0]
            edge_origin = ("witness-%06d" % rng.randrange(n_witnesses)) if rng.random() < 0.12 else None
            for j in range(k):
                if cid >= N:
                    break
                if j == 0 or rng.random() < 0.35:
                    s = s0
                else:
                    s = rng.choices(src_range, cum_weights=src_cum)[0]
                sid = src_ids[s]
                parts = ['{"type":"claim","id":"%s-%07d","subject":"%s","relation":"%s","object":"%s","source":"%s"'
                         % (sid[:3], cid, ent_ids[subj], rel, ent_ids[obj], sid)]
                r = rng.random()
                if r < 0.85:
                    st = rng.randrange(0, 250000)
                    parts.append(',"evidence":[{"start":%d,"end":%d,"sha256":"%064x"}' %
                                 (st, st + rng.randrange(60, 600), rng.getrandbits(256)))
                    if r < 0.10:
                        st = rng.randrange(0, 250000)
                        parts.append(',{"start":%d,"end":%d,"sha256":"%064x"}' %
                                     (st, st + rng.randrange(60, 600), rng.getrandbits(256)))
                    parts.append("]")
                if rng.random() < 0.95:
                    parts.append(',"summary":' + summaries[rng.getrandbits(13)])
                r = rng.random()
                anon = False
                if r < 0.15:
                    parts.append(',"attributed_to":' + voices[n_named_voices + rng.randrange(n_anon)])
                    anon = True
                elif r < 0.55:
                    parts.append(',"attributed_to":' + voices[s])
                elif r < 0.92:
                    parts.append(',"attributed_to":' + voices[n_named_voices + n_anon + rng.randrange(400)])
                if anon:
                    parts.append(',"anonymous":true')
                elif rng.random() < 0.5:
                    parts.append(',"anonymous":false')
                if edge_origin and rng.random() < 0.8:
                    parts.append(',"origin":"%s"' % edge_origin)
                elif rng.random() < 0.03:
                    parts.append(',"origin":"witness-%06d"' % rng.randrange(n_witnesses))
                cred = cred_draw[rng.getrandbits(12)]
                if rng.random() < 0.85:
                    parts.append(',"credibility":%d' % cred)
                if rng.random() < 0.2:
                    parts.append(',"reliability":"%s"' % GRADES[rng.randrange(6)])
                if rng.random() < 0.08:
                    parts.append(',"confidence":%.3f' % rng.uniform(0.05, 0.98))
                r = rng.random()
                if r < 0.10:
                    parts.append(',"stance":"refutes"')
                elif r < 0.70:
                    parts.append(',"stance":"supports"')
                if rng.random() < 0.85:
                    parts.append(',"status":"%s"' % status_draw[rng.getrandbits(12)])
                if rng.random() < 0.10:
                    y = rng.randint(1998, 2015)
                    parts.append(',"valid_from":"%d","valid_to":"%d-%02d"' % (y, y + rng.randint(0, 8),
                                                                             rng.randint(1, 12)))
                if rng.random() < 0.30:
                    parts.append(',"notes":' + notes[(cred - 1) * 512 + rng.randrange(512)])
                parts.append("}")
                claims.append("".join(parts))
                cid += 1
    rng.shuffle(claims)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
        f.write("\n")
        for i in range(0, len(claims), 65536):
            f.write("\n".join(claims[i:i + 65536]))
            f.write("\n")


if __name__ == "__main__":
    main()
