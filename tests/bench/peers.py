#!/usr/bin/python3
"""The claimgraph centrality job done by a peer graph library, for benchmarks.

Usage: peers.py PEER DATA.jsonl [--samples K] [--seed S] [--measures LIST] [--dump FILE]

PEER is networkx, igraph or graph-tool (Debian python3-networkx 2.8.8, python3-igraph 0.10.2,
python3-graph-tool 2.45; run with /usr/bin/python3).

Phases, each timed (wall clock):
  read       json.loads of every line; keeps the sources (reliability, cites), the entity ids,
             and the supporting claims (refuting claims make no link, so they are dropped here);
             no validation (claimgraph validates every record during its ingest)
  aggregate  the entity graph exactly as README "Evidence arithmetic" / "Centrality" say:
             claim confidence = explicit `confidence`, else r(reliability) x c(credibility) with
             reliability = claim's, else source's, else F, credibility default 6; one link per
             unordered entity pair; origin groups = union of (same explicit origin, same citation
             family = sources connected through `cites` in either direction, transitively; the
             same source is the same family); group value = max claim confidence; link
             confidence = 1 - prod(1 - group); links of confidence 0 dropped
  build      the peer's graph object, weight = confidence, distance = -ln(min(conf, 0.999))
  measures   degree, strength, betweenness, closeness, harmonic, eigenvector, pagerank, coreness
             with the README's conventions (see tests/bench/README.md for the exact call of each)

Path measures (betweenness, closeness, harmonic): exact without --samples. With --samples K the
K sources are random.Random(S).sample(range(n), K) (vertices are the entities in file order,
isolated ones included), the same set in every peer (and the set NetworkX's
betweenness_centrality(k=K, seed=S) draws itself):
  betweenness  (n/K) x sum over sampled sources of the Brandes dependency, halved (undirected):
               NetworkX betweenness_centrality(k=K, seed=S, normalized=False) (which scales by
               n/K itself); igraph: igraph_betweenness_subset(sources=S, targets=all) of the igraph
               C library 0.10 (libigraph.so.3, through ctypes: python-igraph 0.10.2 has no
               sources= argument) on a graph built there with igraph_create; graph-tool
               betweenness(pivots=S) rescaled to the same estimator
  closeness    k_v / sum of d(s, v) over the k_v sampled sources s != v that reach v (0 if none)
  harmonic     (n/K) x sum of 1/d(s, v) over sampled sources s != v
  closeness and harmonic share one single-source shortest-path run per sampled source.

Output: one JSON object on standard output: {"peer", "version", "claims", "entities", "links",
"samples", "read_s", "aggregate_s", "build_s", "<measure>_s"..., "measures_s", "total_s",
"summary": {measure: {"sum", "max", "top10"}}}. While running, one JSON line per finished phase
goes to standard error ({"phase": NAME, "s": seconds}), so a run killed at a time cap still tells
what it finished. --dump FILE writes every value as CSV (id,measure...), for correctness checks.
"""
import argparse
import json
import math
import os
import random
import sys
import time

T_START = time.perf_counter()
MEASURES = ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
            "coreness"]
REL_W = {"A": 0.95, "B": 0.85, "C": 0.70, "D": 0.50, "E": 0.30, "F": 0.50}
CRED_W = {1: 0.95, 2: 0.80, 3: 0.60, 4: 0.35, 5: 0.15, 6: 0.50}


def phase(name, seconds):
    sys.stderr.write(json.dumps({"phase": name, "s": round(seconds, 6)}) + "\n")
    sys.stderr.flush()


# ------------------------------------------------------------------ read + aggregate

def read(path):
    """Returns (entity ids in file order, {source id: (reliability, cites)}, supporting claims as
    (subject, object, source, origin, confidence, reliability, credibility))."""
    ents = []
    sources = {}
    claims = []
    loads = json.loads
    add = claims.append
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            r = loads(line)
            t = r["type"]
            if t == "claim":
                if r.get("stance", "supports") != "supports":
                    continue
                add((r["subject"], r["object"], r["source"], r.get("origin"), r.get("confidence"),
                     r.get("reliability"), r.get("credibility", 6)))
            elif t == "entity":
                ents.append(r["id"])
            elif t == "source":
                sources[r["id"]] = (r.get("reliability"), r.get("cites", ()))
    return ents, sources, claims


def families(sources):
    """Citation families: union-find over `cites` in both directions. {source id: family index}."""
    ids = list(sources)
    idx = {s: i for i, s in enumerate(ids)}
    parent = list(range(len(ids)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s, (_, cites) in sources.items():
        for c in cites:
            a, b = find(idx[s]), find(idx[c])
            if a != b:
                parent[a] = b
    return {s: find(idx[s]) for s in ids}


def aggregate(ents, sources, claims):
    """Returns (n, list of (a, b) with a < b, list of confidences): the undirected entity graph."""
    eidx = {e: i for i, e in enumerate(ents)}
    fam = families(sources)
    srel = {s: v[0] for s, v in sources.items()}
    n = len(ents)
    pairs = {}
    get = pairs.get
    for subj, obj, src, origin, conf, rel, cred in claims:
        if conf is None:
            conf = REL_W[rel or srel[src] or "F"] * CRED_W[cred]
        a, b = eidx[subj], eidx[obj]
        key = a * n + b if a < b else b * n + a
        item = (fam[src], origin, conf)
        lst = get(key)
        if lst is None:
            pairs[key] = [item]
        else:
            lst.append(item)
    edges = []
    confs = []
    for key, lst in pairs.items():
        if len(lst) == 1:
            c = lst[0][2]
        else:
            c = noisy_or_groups(lst)
        if c > 0:
            edges.append(divmod(key, n))
            confs.append(c)
    return n, edges, confs


def noisy_or_groups(lst):
    """Origin groups of one link: claims are joined when they share a family or an explicit
    origin (transitively); each group counts once with its highest confidence."""
    k = len(lst)
    parent = list(range(k))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for i in range(k):
        fi, oi, _ = lst[i]
        for j in range(i + 1, k):
            fj, oj, _ = lst[j]
            if fi == fj or (oi is not None and oi == oj):
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
    best = {}
    for i in range(k):
        r = find(i)
        c = lst[i][2]
        if c > best.get(r, -1.0):
            best[r] = c
    q = 1.0
    for g in best.values():
        q *= 1.0 - g
    return 1.0 - q


def dist_of(c):
    return -math.log(min(c, 0.999))


# ------------------------------------------------------------------ peers

class NetworkXPeer:
    name = "networkx"

    def __init__(self):
        import networkx as nx
        self.nx = nx
        self.version = nx.__version__

    def build(self, n, edges, confs):
        G = self.nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from((a, b, {"weight": c, "dist": dist_of(c)}) for (a, b), c in zip(edges, confs))
        self.G = G

    def measure(self, m, sources, seed):
        nx, G = self.nx, self.G
        n = G.number_of_nodes()
        if m == "degree":
            return [d for _, d in G.degree()]
        if m == "strength":
            return [d for _, d in G.degree(weight="weight")]
        if m == "betweenness":
            if sources is None:
                b = nx.betweenness_centrality(G, normalized=False, weight="dist")
            else:
                b = nx.betweenness_centrality(G, k=len(sources), seed=seed, normalized=False, weight="dist")
            return [b[v] for v in range(n)]
        if m == "closeness":
            c = nx.closeness_centrality(G, distance="dist", wf_improved=False)
            return [c[v] for v in range(n)]
        if m == "harmonic":
            h = nx.harmonic_centrality(G, distance="dist")
            return [h[v] for v in range(n)]
        if m == "eigenvector":
            e = nx.eigenvector_centrality_numpy(G, weight="weight")
            mx = max(e.values()) or 1.0
            return [e[v] / mx for v in range(n)]
        if m == "pagerank":
            p = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-12)
            return [p[v] for v in range(n)]
        if m == "coreness":
            c = nx.core_number(G)
            return [c[v] for v in range(n)]
        raise ValueError(m)

    def sampled_distances(self, sources):
        """Yields, per sampled source, (targets, distances) of the reached vertices."""
        sssp = self.nx.single_source_dijkstra_path_length
        for s in sources:
            d = sssp(self.G, s, weight="dist")
            yield list(d.keys()), list(d.values())


class IgraphPeer:
    name = "igraph"

    def __init__(self):
        import igraph
        self.ig = igraph
        self.version = igraph.__version__
        self.capi = None

    def build(self, n, edges, confs):
        g = self.ig.Graph(n=n, edges=edges, directed=False)
        g.es["weight"] = confs
        g.es["dist"] = [dist_of(c) for c in confs]
        self.g = g
        self.edges, self.confs = edges, confs

    def measure(self, m, sources, seed):
        g = self.g
        if m == "degree":
            return g.degree()
        if m == "strength":
            return g.strength(weights="weight")
        if m == "betweenness":
            if sources is None:
                return g.betweenness(directed=False, weights="dist")
            if self.capi is None:
                self.capi = IgraphC(g.vcount(), self.edges, g.es["dist"])
            n = g.vcount()
            b = self.capi.betweenness_subset(sources)
            return [x * n / len(sources) for x in b]
        if m == "closeness":
            return [0.0 if x != x else x for x in g.closeness(weights="dist", normalized=True)]
        if m == "harmonic":
            return g.harmonic_centrality(weights="dist", normalized=False)
        if m == "eigenvector":
            return g.eigenvector_centrality(directed=False, scale=True, weights="weight")
        if m == "pagerank":
            return g.pagerank(damping=0.85, weights="weight", directed=False)
        if m == "coreness":
            return g.coreness()
        raise ValueError(m)

    def sampled_distances(self, sources):
        import numpy as np
        allv = None
        for i in range(0, len(sources), 32):
            chunk = sources[i:i + 32]
            D = np.array(self.g.distances(source=chunk, weights="dist"))
            if allv is None:
                allv = np.arange(D.shape[1])
            for row in D:
                ok = np.isfinite(row)
                yield allv[ok], row[ok]


class IgraphC:
    """igraph_betweenness_subset of the igraph C library (0.10) through ctypes."""

    def __init__(self, n, edges, dists):
        import ctypes as C
        import numpy as np
        self.C, self.np = C, np
        lib = C.CDLL("libigraph.so.3")
        self.lib = lib

        class Vec(C.Structure):
            _fields_ = [("stor_begin", C.c_void_p), ("stor_end", C.c_void_p), ("end", C.c_void_p)]

        class VS(C.Structure):
            _fields_ = [("type", C.c_int), ("data", C.c_int64 * 2)]

        self.Vec, self.VS = Vec, VS
        lib.igraph_betweenness_subset.argtypes = [C.c_void_p, C.POINTER(Vec), VS, C.c_bool, VS, VS, C.POINTER(Vec)]
        lib.igraph_create.argtypes = [C.c_void_p, C.POINTER(Vec), C.c_int64, C.c_bool]
        lib.igraph_vector_int_init.argtypes = [C.POINTER(Vec), C.c_int64]
        lib.igraph_vector_init.argtypes = [C.POINTER(Vec), C.c_int64]
        ver = C.c_char_p()
        lib.igraph_version(C.byref(ver), None, None, None)
        self.version = ver.value.decode()
        self.graph = C.create_string_buffer(1024)
        ev = self.int_vec(np.asarray(edges, dtype=np.int64).ravel())
        self.check(lib.igraph_create(self.graph, C.byref(ev), n, False), "igraph_create")
        lib.igraph_vector_int_destroy(C.byref(ev))
        self.w = self.real_vec(np.asarray(dists, dtype=np.float64))

    def check(self, rc, what):
        if rc != 0:
            raise RuntimeError("%s failed: %d" % (what, rc))

    def int_vec(self, arr):
        v = self.Vec()
        self.check(self.lib.igraph_vector_int_init(self.C.byref(v), len(arr)), "vector_int_init")
        self.C.memmove(v.stor_begin, arr.ctypes.data, arr.nbytes)
        return v

    def real_vec(self, arr):
        v = self.Vec()
        self.check(self.lib.igraph_vector_init(self.C.byref(v), len(arr)), "vector_init")
        if len(arr):
            self.C.memmove(v.stor_begin, arr.ctypes.data, arr.nbytes)
        return v

    def betweenness_subset(self, sources):
        C, np, lib = self.C, self.np, self.lib
        res = self.real_vec(np.zeros(0))
        sv = self.int_vec(np.asarray(sources, dtype=np.int64))
        vall, vsrc, vtgt = self.VS(), self.VS(), self.VS()
        lib.igraph_vs_all(C.byref(vall))
        lib.igraph_vs_all(C.byref(vtgt))
        lib.igraph_vs_vector(C.byref(vsrc), C.byref(sv))
        self.check(lib.igraph_betweenness_subset(self.graph, C.byref(res), vall, False, vsrc, vtgt,
                                                 C.byref(self.w)), "igraph_betweenness_subset")
        size = (res.end - res.stor_begin) // 8 if res.end else 0
        out = np.ctypeslib.as_array((C.c_double * size).from_address(res.stor_begin)).copy()
        lib.igraph_vector_destroy(C.byref(res))
        lib.igraph_vector_int_destroy(C.byref(sv))
        return out.tolist()


class GraphToolPeer:
    name = "graph-tool"

    def __init__(self):
        import graph_tool
        import graph_tool.centrality
        import graph_tool.topology
        import numpy as np
        self.gt = graph_tool
        self.np = np
        self.version = graph_tool.__version__.split()[0]

    def build(self, n, edges, confs):
        np = self.np
        g = self.gt.Graph(directed=False)
        g.add_vertex(n)
        w = np.asarray(confs, dtype=np.float64)
        arr = np.empty((len(edges), 4), dtype=np.float64)
        if len(edges):
            arr[:, 0:2] = np.asarray(edges, dtype=np.float64)
        arr[:, 2] = w
        arr[:, 3] = -np.log(np.minimum(w, 0.999))
        self.weight = g.new_edge_property("double")
        self.dist = g.new_edge_property("double")
        g.add_edge_list(arr, eprops=[self.weight, self.dist])
        self.g = g

    def measure(self, m, sources, seed):
        gt, np, g = self.gt, self.np, self.g
        vs = g.get_vertices()
        if m == "degree":
            return g.get_total_degrees(vs)
        if m == "strength":
            return g.get_total_degrees(vs, eweight=self.weight)
        if m == "betweenness":
            if sources is None:
                return gt.centrality.betweenness(g, weight=self.dist, norm=False)[0].a
            piv = np.asarray(sources, dtype=np.int64)
            b = gt.centrality.betweenness(g, pivots=piv, weight=self.dist, norm=False)[0].a
            return b * g.num_vertices() / len(sources)
        if m == "closeness":
            c = gt.centrality.closeness(g, weight=self.dist, norm=True).a
            return np.nan_to_num(c, nan=0.0)
        if m == "harmonic":
            return gt.centrality.closeness(g, weight=self.dist, harmonic=True, norm=False).a
        if m == "eigenvector":
            if g.num_edges() == 0:
                return np.zeros(g.num_vertices())
            e = gt.centrality.eigenvector(g, weight=self.weight)[1].a
            mx = e.max() or 1.0
            return e / mx
        if m == "pagerank":
            return gt.centrality.pagerank(g, damping=0.85, weight=self.weight, epsilon=1e-12).a
        if m == "coreness":
            return gt.topology.kcore_decomposition(g).a
        raise ValueError(m)

    def sampled_distances(self, sources):
        np, g = self.np, self.g
        sd = self.gt.topology.shortest_distance
        allv = np.arange(g.num_vertices())
        for s in sources:
            d = sd(g, source=g.vertex(s), weights=self.dist).a
            ok = d < 1.7e308
            yield allv[ok], d[ok]


PEERS = {"networkx": NetworkXPeer, "igraph": IgraphPeer, "graph-tool": GraphToolPeer}


def sampled_closeness_harmonic(peer, n, sources, want):
    """closeness and harmonic estimated from the sampled sources (see the module docstring)."""
    import numpy as np
    cnt = np.zeros(n)
    sumd = np.zeros(n)
    harm = np.zeros(n)
    for s, (tg, d) in zip(sources, peer.sampled_distances(sources)):
        tg = np.asarray(tg, dtype=np.int64)
        d = np.asarray(d, dtype=np.float64)
        ok = tg != s
        tg, d = tg[ok], d[ok]
        cnt[tg] += 1
        sumd[tg] += d
        harm[tg] += 1.0 / d
    out = {}
    if "closeness" in want:
        with np.errstate(invalid="ignore", divide="ignore"):
            out["closeness"] = np.where(sumd > 0, cnt / np.where(sumd > 0, sumd, 1), 0.0)
    if "harmonic" in want:
        out["harmonic"] = harm * n / len(sources)
    return out


def summary(ids, vals):
    vals = [float(x) for x in vals]
    order = sorted(range(len(vals)), key=lambda i: (-vals[i], ids[i]))[:10]
    return {"sum": sum(vals), "max": max(vals) if vals else 0.0, "top10": [ids[i] for i in order]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("peer", choices=sorted(PEERS))
    ap.add_argument("data")
    ap.add_argument("--samples", type=int, default=0, help="estimate path measures from K sampled sources")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--measures", default=",".join(MEASURES))
    ap.add_argument("--dump", help="write all values as CSV to this file")
    a = ap.parse_args()
    want = [m for m in MEASURES if m in a.measures.split(",")]
    peer = PEERS[a.peer]()
    res = {"peer": peer.name, "version": peer.version}
    res["startup_s"] = time.perf_counter() - T_START  # imports of the peer library
    phase("startup", res["startup_s"])
    t_all = time.perf_counter()

    t = time.perf_counter()
    ents, sources, claims = read(a.data)
    res["read_s"] = time.perf_counter() - t
    phase("read", res["read_s"])
    n_claims = len(claims)

    t = time.perf_counter()
    n, edges, confs = aggregate(ents, sources, claims)
    res["aggregate_s"] = time.perf_counter() - t
    phase("aggregate", res["aggregate_s"])
    del claims

    t = time.perf_counter()
    peer.build(n, edges, confs)
    res["build_s"] = time.perf_counter() - t
    phase("build", res["build_s"])
    res.update(entities=n, links=len(edges), supporting_claims=n_claims)

    K = min(a.samples, n) if a.samples > 0 else 0
    sources_s = random.Random(a.seed).sample(range(n), K) if K else None
    res["samples"] = K
    if K and isinstance(peer, IgraphPeer):
        res["igraph_c_version"] = None
    values = {}
    t_meas = time.perf_counter()
    for m in want:
        if m in values:
            continue
        t = time.perf_counter()
        if K and m in ("closeness", "harmonic"):
            both = [x for x in ("closeness", "harmonic") if x in want]
            values.update(sampled_closeness_harmonic(peer, n, sources_s, both))
            dt = time.perf_counter() - t
            for x in both:  # one shared run: split its time evenly
                res[x + "_s"] = dt / len(both)
                phase(x, dt / len(both))
            continue
        values[m] = peer.measure(m, sources_s, a.seed)
        res[m + "_s"] = time.perf_counter() - t
        phase(m, res[m + "_s"])
    res["measures_s"] = time.perf_counter() - t_meas
    res["total_s"] = time.perf_counter() - t_all
    if K and isinstance(peer, IgraphPeer) and peer.capi is not None:
        res["igraph_c_version"] = peer.capi.version
    res["summary"] = {m: summary(ents, values[m]) for m in want}
    if a.dump:
        with open(a.dump, "w") as f:
            f.write("id," + ",".join(want) + "\n")
            cols = [list(map(float, values[m])) for m in want]
            for i, e in enumerate(ents):
                f.write(e + "," + ",".join(repr(c[i]) for c in cols) + "\n")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
