#!/usr/bin/python3
"""claimgraph benchmark harness: claimgraph against NetworkX, python-igraph and graph-tool.

Usage: tests/bench/bench.py [--sizes 1e4,1e5,1e6] [--bin BINARY] [--out tests/bench/RESULTS.md]
                            [--peers networkx,igraph,graph-tool] [--cap-cg S] [--cap-peer S]
                            [--samples K] [--seed S] [--no-ba] [--ba-repeat R] [--ba-samples K,...]

For each N: generates (once, cached in build-bench/datasets/) a synthetic dataset of N claims
with gen_dataset.py, runs `claimgraph centrality --timings --format csv -o /dev/null DATA` and then
each peer (peers.py, /usr/bin/python3) on the same file, each as a child process with a time cap,
measuring wall time and peak RSS (rusage of that child, from wait4). If claimgraph estimated the
path measures from K sampled sources (its stderr note), the peers are run with --samples K so that
they do the same job. Then runs build-bench/tests/bench/bench_betweenness (exact and sampled
betweenness on a Barabasi-Albert graph against igraph_betweenness). Prints the tables and writes
them, with the machine and the method, to --out. See tests/bench/README.md.

The default binary is build-bench/claimgraph, configured here as a Release build with
-DCLAIMGRAPH_BENCH=ON and rebuilt before the run (the developers' build/ may be a Debug build);
--bin uses another binary (its build type is reported when a CMakeCache.txt is next to it).
"""
import argparse
import datetime
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PY = "/usr/bin/python3"
MEASURES = ["degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
            "coreness"]
PATH_M = ["betweenness", "closeness", "harmonic"]
NONPATH_M = [m for m in MEASURES if m not in PATH_M]
PEER_NAMES = {"networkx": "NetworkX", "igraph": "python-igraph", "graph-tool": "graph-tool"}


def log(msg):
    sys.stderr.write("[bench %s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


def run_capped(cmd, cap, stdout_path=None):
    """Runs cmd with a wall-clock cap. Returns dict(rc, wall, maxrss (bytes), out, err, timed_out)."""
    t0 = time.perf_counter()
    out_f = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    p = subprocess.Popen(cmd, stdout=out_f, stderr=subprocess.PIPE, start_new_session=True)
    import threading
    chunks = {"out": [], "err": []}

    def reader(stream, key):
        for line in iter(stream.readline, b""):
            chunks[key].append(line)

    th = [threading.Thread(target=reader, args=(p.stderr, "err"), daemon=True)]
    if not stdout_path:
        th.append(threading.Thread(target=reader, args=(p.stdout, "out"), daemon=True))
    for t in th:
        t.start()
    timed_out = False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > cap:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)  # the child's own process group (start_new_session)
            pid, status, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in th:
        t.join(5)
    if stdout_path:
        out_f.close()
    return {"rc": p.returncode, "wall": wall, "maxrss": ru.ru_maxrss * 1024, "timed_out": timed_out,
            "cpu": ru.ru_utime + ru.ru_stime,
            "out": b"".join(chunks["out"]).decode("utf-8", "replace"),
            "err": b"".join(chunks["err"]).decode("utf-8", "replace")}


def machine():
    info = {"nproc": os.cpu_count()}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except Exception:
        pass
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    info["cpu"] = cpu
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                info["mem_gib"] = int(line.split()[1]) / 1024 / 1024
    info["kernel"] = platform.release()
    info["os"] = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    info["python"] = subprocess.run([PY, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True,
                                    text=True).stdout.strip()
    ver = subprocess.run([PY, "-c", "import networkx, igraph, graph_tool, numpy, scipy; "
                          "print(networkx.__version__, igraph.__version__, graph_tool.__version__.split()[0], "
                          "numpy.__version__, scipy.__version__)"], capture_output=True, text=True).stdout.split()
    if len(ver) == 5:
        info.update(networkx=ver[0], igraph=ver[1], graph_tool=ver[2], numpy=ver[3], scipy=ver[4])
    info["libigraph"] = subprocess.run(["pkg-config", "--modversion", "igraph"], capture_output=True,
                                       text=True).stdout.strip()
    info["cc"] = subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "src",
                                "include"], capture_output=True, text=True).stdout.strip()
        info["commit"] = head + (" + uncommitted changes in src/ or include/" if dirty else "")
    except Exception:
        info["commit"] = "?"
    return info


def build_bench(cap):
    bdir = os.path.join(ROOT, "build-bench")
    log("configuring and building %s (Release, CLAIMGRAPH_BENCH=ON)" % bdir)
    r = subprocess.run(["cmake", "-S", ROOT, "-B", bdir, "-DCMAKE_BUILD_TYPE=Release", "-DCLAIMGRAPH_BENCH=ON"],
                       capture_output=True, text=True, timeout=cap)
    if r.returncode != 0:
        sys.exit("cmake configure failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    r = subprocess.run(["cmake", "--build", bdir, "-j2", "--target", "claimgraph_cli", "bench_betweenness",
                        "jansson_bound"],
                       capture_output=True, text=True, timeout=cap)
    if r.returncode != 0:
        sys.exit("build failed:\n" + r.stdout[-3000:] + r.stderr[-3000:])
    return bdir


def build_type_of(binary):
    cache = os.path.join(os.path.dirname(os.path.abspath(binary)), "CMakeCache.txt")
    try:
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_BUILD_TYPE:"):
                    return line.split("=", 1)[1].strip() or "(none)"
    except OSError:
        pass
    return "unknown"


def dataset(n, seed, cache):
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, "claims-%d-seed%d.jsonl" % (n, seed))
    if not os.path.exists(path):
        log("generating %s" % path)
        t = time.perf_counter()
        tmp = path + ".tmp-%d" % os.getpid()
        subprocess.run([PY, os.path.join(HERE, "gen_dataset.py"), str(n), str(seed), tmp], check=True, timeout=900)
        os.replace(tmp, path)
        log("generated in %.1f s" % (time.perf_counter() - t))
    return path


def last_json(text):
    for line in reversed(text.strip().split("\n")):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    return None


def run_claimgraph(binary, data, cap, extra):
    cmd = [binary, "centrality", "--timings", "--format", "csv", "-o", "/dev/null"] + extra + [data]
    log("claimgraph: " + " ".join(cmd))
    r = run_capped(cmd, cap)
    res = {"cmd": " ".join(cmd), "wall": r["wall"], "cpu": r["cpu"], "maxrss": r["maxrss"],
           "timed_out": r["timed_out"], "rc": r["rc"], "samples": 0}
    t = last_json(r["err"])
    if t:
        res.update(t)
    m = re.search(r"estimates?\s+from\s+(\d+)\s+(?:of\s+\d+\s+)?(?:sampled\s+)?sources", r["err"], re.I)
    if m:
        res["samples"] = int(m.group(1))
    elif t and isinstance(t.get("samples"), int):
        res["samples"] = t["samples"]
    elif re.search(r"estimat", r["err"], re.I):
        log("WARNING: claimgraph mentions an estimate, but its sample size could not be read: " + r["err"][-500:])
    if r["rc"] != 0 and not r["timed_out"]:
        res["error"] = r["err"][-2000:]
    log("claimgraph: %s in %.2f s, peak RSS %.0f MB%s" % (
        "TIMED OUT" if r["timed_out"] else "rc=%d" % r["rc"], r["wall"], r["maxrss"] / 2**20,
        ", estimated from %d sources" % res["samples"] if res["samples"] else ""))
    return res


def run_peer(peer, data, cap, samples, seed, dump):
    cmd = [PY, os.path.join(HERE, "peers.py"), peer, data]
    if samples:
        cmd += ["--samples", str(samples), "--seed", str(seed)]
    if dump:
        cmd += ["--dump", dump]
    log("%s: %s" % (peer, " ".join(cmd)))
    r = run_capped(cmd, cap)
    res = {"cmd": " ".join(cmd), "wall": r["wall"], "cpu": r["cpu"], "maxrss": r["maxrss"],
           "timed_out": r["timed_out"], "rc": r["rc"]}
    j = last_json(r["out"])
    if j:
        res.update(j)
    else:  # killed or failed: the phases it finished
        done = {}
        for line in r["err"].split("\n"):
            if line.startswith('{"phase"'):
                try:
                    ph = json.loads(line)
                    done[ph["phase"]] = ph["s"]
                except ValueError:
                    pass
        for k, v in done.items():
            res[k + "_s"] = v
        res["partial"] = True
        if r["timed_out"]:
            # the phase it was in when stopped took at least the rest of the wall time
            order = ["startup", "read", "aggregate", "build"] + MEASURES
            running = next((ph for ph in order if ph not in done), None)
            if running:
                res[running + "_s"] = max(0.0, r["wall"] - sum(done.values()) - 0.1)
                res["lower_bound"] = running
        if r["rc"] != 0 and not r["timed_out"]:
            res["error"] = r["err"][-2000:]
    log("%s: %s in %.2f s, peak RSS %.0f MB" % (peer, "TIMED OUT" if r["timed_out"] else "rc=%d" % r["rc"],
                                               r["wall"], r["maxrss"] / 2**20))
    return res


def compare_values(cg_csv, dump, measures):
    """Max relative difference per measure (|a-b| <= 1e-6 rel + 1e-9 abs counts as equal)."""
    import csv
    cg = {row["id"]: row for row in csv.DictReader(open(cg_csv))}
    pv = {row["id"]: row for row in csv.DictReader(open(dump))}
    out = {}
    for m in measures:
        worst, bad = 0.0, 0
        for i, row in cg.items():
            a, b = float(row[m]), float(pv[i][m])
            d = abs(a - b)
            if d <= 1e-9:
                continue
            rel = d / max(abs(a), abs(b))
            worst = max(worst, rel)
            if d > 1e-6 * max(abs(a), abs(b)) + 1e-9:
                bad += 1
        out[m] = {"max_rel": worst, "mismatches": bad}
    return out


# ------------------------------------------------------------------ formatting

def fmt_s(x, timed_out=False):
    if x is None:
        return "n/a"
    s = "%.4f" % x if x < 0.1 else "%.3f" % x if x < 10 else "%.1f" % x if x < 1000 else "%.0f" % x
    return ("> " + s) if timed_out else s


def phase_table(cg, peers):
    """Rows of (label, cg value, [peer values]) in seconds; values are (x, lower_bound) or None."""
    def cgv(key):
        v = cg.get(key)
        return None if v is None else (v, False)

    def pv(p, key):
        v = p.get(key)
        return None if v is None else (v, p.get("lower_bound") is not None and key == p["lower_bound"] + "_s")

    rows = []
    cg_ingest = cg["load_s"] + cg["graph_s"] if "load_s" in cg else None
    rows.append(("ingest: parse + validate + aggregate (peers: parse + aggregate, no validation)",
                 None if cg_ingest is None else (cg_ingest, False),
                 [None if "aggregate_s" not in p else (p["read_s"] + p["aggregate_s"], False) for p in peers]))
    rows.append(("  parse (+ validate)", cgv("load_s"), [pv(p, "read_s") for p in peers]))
    rows.append(("  aggregate into links", cgv("graph_s"), [pv(p, "aggregate_s") for p in peers]))
    build = None
    if "measures_s" in cg:
        build = cg["measures_s"] - sum(cg.get(m + "_s", 0.0) for m in MEASURES)
    rows.append(("graph build (claimgraph: inside centrality, = measures total - sum of measures)",
                 None if build is None else (max(build, 0.0), False), [pv(p, "build_s") for p in peers]))
    # claimgraph runs the three path measures in one pass and reports the time on betweenness
    shared = all(m + "_s" in cg for m in PATH_M) and cg["betweenness_s"] > 0 and \
        cg["closeness_s"] == 0 and cg["harmonic_s"] == 0
    for m in MEASURES:
        if shared and m in PATH_M:
            rows.append((m + (" (claimgraph: one pass for all three, see next rows)" if m == "betweenness" else ""),
                         "shared", [pv(p, m + "_s") for p in peers]))
        else:
            rows.append((m, cgv(m + "_s"), [pv(p, m + "_s") for p in peers]))

    def partial_sum(r, keys):
        """Sum of the phases present; a lower bound when the run was stopped before all were done."""
        have = [k for k in keys if (k + "_s") in r]
        if not have:
            return None
        lower = bool(r.get("timed_out")) and (len(have) < len(keys) or r.get("lower_bound") in keys)
        return (sum(r[k + "_s"] for k in have), lower)

    rows.append(("path measures (betweenness + closeness + harmonic)",
                 None if cg.get("timed_out") else partial_sum(cg, PATH_M), [partial_sum(p, PATH_M) for p in peers]))
    rows.append(("all measures (+ graph build)", cgv("measures_s"),
                 [partial_sum(p, ["build"] + MEASURES) for p in peers]))
    rows.append(("end to end, wall clock of the process (incl. start-up, imports, output)",
                 (cg["wall"], cg["timed_out"]), [(p["wall"], p["timed_out"]) for p in peers]))
    rows.append(("CPU time of the process (user + sys)",
                 (cg["cpu"], cg["timed_out"]), [(p["cpu"], p["timed_out"]) for p in peers]))
    return rows


def ratio(a, b):
    """ours / peer, with bounds when one side was capped."""
    if a is None or b is None:
        return "n/a"
    (x, xl), (y, yl) = a, b
    if y == 0:
        return "n/a"
    if xl and yl:
        return "?"
    r = x / y
    s = "%.3f" % r if r < 10 else "%.1f" % r
    if xl:
        return "> " + s
    if yl:
        return "< " + s
    return s


def render_size(n, size_bytes, cg, peers, check, run=None):
    lines = []
    ents = cg.get("entities", "?")
    links = cg.get("links", "?")
    lines.append("### N = %s claims (%s entities, %s links; file %.1f MB)%s" % (
        "{:,}".format(n), "{:,}".format(ents) if isinstance(ents, int) else ents,
        "{:,}".format(links) if isinstance(links, int) else links, size_bytes / 1e6,
        " — run of %s" % run if run else ""))
    lines.append("")
    k = cg.get("samples", 0)
    if cg["timed_out"]:
        lines.append("claimgraph did not finish within its cap of %.0f s; its phase times below come from a "
                     "second run with only the non-path measures (`--measures %s`), and its path measures are "
                     "unknown. The peers were asked for the same job as claimgraph: %s." % (
                         cg["cap"], ",".join(NONPATH_M),
                         "path measures from %d sampled sources" % k if k else "exact path measures"))
    elif k:
        lines.append("claimgraph estimated betweenness, closeness and harmonic from **%d sampled sources**; every "
                     "peer did the same from %d sources (see Method)." % (k, k))
    else:
        lines.append("claimgraph computed the path measures **exactly**; so did every peer.")
    lines.append("")
    hdr = "| phase (seconds) | claimgraph | " + " | ".join(PEER_NAMES[p["peer_key"]] for p in peers)
    hdr += " | " + " | ".join("ours / %s" % PEER_NAMES[p["peer_key"]] for p in peers) + " |"
    lines.append(hdr)
    lines.append("|---|" + "---:|" * (1 + 2 * len(peers)))
    for label, c, ps in phase_table(cg, peers):
        if c == "shared":
            row = "| %s | (in the path pass) | " % label
            row += " | ".join("n/a" if x is None else fmt_s(x[0], x[1]) for x in ps)
            row += " | " + " | ".join("n/a" for x in ps) + " |"
            lines.append(row)
            continue
        row = "| %s | %s | " % (label, "n/a" if c is None else fmt_s(c[0], c[1]))
        row += " | ".join("n/a" if x is None else fmt_s(x[0], x[1]) for x in ps)
        row += " | " + " | ".join(ratio(c, x) for x in ps) + " |"
        lines.append(row)
    row = "| peak RSS (MB) | %.0f | " % (cg["maxrss"] / 1e6) + " | ".join("%.0f%s" % (
        p["maxrss"] / 1e6, " (at kill)" if p["timed_out"] else "") for p in peers)
    row += " | " + " | ".join("%.2f" % (cg["maxrss"] / p["maxrss"]) if p["maxrss"] else "n/a" for p in peers) + " |"
    lines.append(row)
    lines.append("")
    notes = []
    for p in peers:
        if p["timed_out"]:
            done = [m for m in ["read", "aggregate", "build"] + MEASURES
                    if (m + "_s") in p and m != p.get("lower_bound")]
            notes.append("%s was stopped at its cap of %.0f s (finished: %s); '>' marks a lower bound, and a "
                         "ratio '<' an upper bound on ours/peer.%s" % (PEER_NAMES[p["peer_key"]], p["cap"],
                                                                      ", ".join(done) or "nothing",
                                                                      " It was in %s, shown as '> ' the time it "
                                                                      "had spent there." % p["lower_bound"]
                                                                      if p.get("lower_bound") else ""))
        elif p.get("rc"):
            notes.append("%s failed (exit %s): `%s`" % (PEER_NAMES[p["peer_key"]], p.get("rc"),
                                                       (p.get("error") or "").strip().split("\n")[-1][:300]))
    if "load_s" in cg:
        claims = cg.get("claims", n)
        ing = cg["load_s"] + cg["graph_s"]
        notes.append("claimgraph ingest throughput: **%.3f M claims/s** (parse + validate + aggregate; parse + "
                     "validate alone: %.3f M claims/s)." % (claims / ing / 1e6, claims / cg["load_s"] / 1e6))
        jb = cg.get("jansson_bound")
        if jb:
            notes.append("jansson alone (`jansson_bound`: `json_loadb` on every line with claimgraph's flags and "
                         "bump allocator, 2 threads, no validation, nothing stored) parses this file at **%.3f M "
                         "lines/s**: the ceiling for any jansson-based ingest on this machine; claimgraph's "
                         "parse + validate of the same lines runs at %.0f %% of that speed." % (
                             jb["lines_per_s"] / 1e6, 100.0 * jb["seconds"] / cg["load_s"]))
    rss_pc = (cg["maxrss"] - size_bytes) / n
    notes.append("claimgraph peak RSS %.0f MB for a %.0f MB input: **%.0f bytes per claim above the input size**%s." % (
        cg["maxrss"] / 1e6, size_bytes / 1e6, rss_pc,
        " (run with only the non-path measures)" if cg["timed_out"] else ""))
    if cg.get("loadavg_before"):
        notes.append("load average (1/5/15 min) just before these runs: %s." % " ".join(cg["loadavg_before"]))
    if check:
        parts = []
        for peer, res in check.items():
            bad = {m: v for m, v in res.items() if v["mismatches"]}
            worst = max((v["max_rel"] for v in res.values()), default=0)
            parts.append("%s: %s" % (PEER_NAMES[peer], "all %d measures equal to 1e-6 relative (largest "
                                     "relative difference %.1e)" % (len(res), worst) if not bad else
                                     "DIFFERENT in " + ", ".join("%s (%d values, max rel %.1e)" % (
                                         m, v["mismatches"], v["max_rel"]) for m, v in bad.items())))
        notes.append("Values checked against claimgraph's CSV (every entity, every measure): " + "; ".join(parts) + ".")
    for x in notes:
        lines.append("- " + x)
    lines.append("")
    return lines


def render_ba(ba):
    lines = ["### Exact and sampled betweenness, Barabási–Albert graph (`bench_betweenness`)", ""]
    if ba is None:
        lines += ["not run", ""]
        return lines
    if "error" in ba:
        lines += ["failed: `%s`" % ba["error"][:500], ""]
        return lines
    lines.append("n = %d, m = %d (%d edges), igraph_barabasi_game (psumtree) seeded with %d; unweighted, "
                 "undirected; median of %d run(s). igraph C %s.%s" % (
                     ba["n"], ba["m"], ba["edges"], ba["seed"], ba["repeat"], ba["igraph_version"],
                     " Run of %s." % ba["run"] if ba.get("run") else ""))
    lines.append("")
    lines.append("| run | seconds | ours / igraph | check |")
    lines.append("|---|---:|---:|---|")
    lines.append("| igraph_betweenness | %.3f | 1 | |" % ba["igraph_s"])
    lines.append("| claimgraph exact, threads = 1 | %.3f | %.3f | max rel. diff %.1e |" % (
        ba["cg_t1_s"], ba["cg_t1_s"] / ba["igraph_s"], ba["max_rel_diff_t1"]))
    lines.append("| claimgraph exact, threads = 2 | %.3f | %.3f | max rel. diff %.1e |" % (
        ba["cg_t2_s"], ba["cg_t2_s"] / ba["igraph_s"], ba["max_rel_diff_t2"]))
    for s in ba["sampled"]:
        lines.append("| claimgraph samples = %d, threads = 2 | %.3f | %.3f | top-10 overlap with exact %.1f%s |" % (
            s["samples"], s["s"], s["s"] / ba["igraph_s"], s["top10_overlap"],
            "" if s["estimated"] else " (**not estimated**: the library computed exact values)"))
    lines.append("")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1e4,1e5,1e6")
    ap.add_argument("--bin", help="claimgraph binary (default: build-bench/claimgraph, built here)")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--json-out", help="also write all raw results as JSON here")
    ap.add_argument("--peers", default="networkx,igraph,graph-tool")
    ap.add_argument("--seed", type=int, default=1, help="dataset and sampling seed")
    ap.add_argument("--cache", default=os.path.join(ROOT, "build-bench", "datasets"))
    ap.add_argument("--cap-cg", type=float, default=1200, help="time cap of one claimgraph run (s)")
    ap.add_argument("--cap-peer", type=float, default=900, help="time cap of one peer run (s)")
    ap.add_argument("--cap-nx", help="time cap of NetworkX per size, comma list (default: --cap-peer)")
    ap.add_argument("--samples", type=int, default=0,
                    help="force K sampled sources (passed to claimgraph as --samples K --seed S if it has them)")
    ap.add_argument("--cg-args", default="", help="extra arguments for claimgraph centrality (space separated)")
    ap.add_argument("--check-max", type=float, default=1e4,
                    help="compare every value with the peers' at sizes up to this (exact runs only)")
    ap.add_argument("--no-ba", action="store_true", help="skip the Barabasi-Albert betweenness benchmark")
    ap.add_argument("--ba-repeat", type=int, default=1)
    ap.add_argument("--ba-samples", default="500,1000,2000")
    ap.add_argument("--cap-ba", type=float, default=1800)
    ap.add_argument("--notes", help="a Markdown file whose text goes into --out after the targets")
    ap.add_argument("--no-build", action="store_true", help="use build-bench/ as it is (do not rebuild)")
    ap.add_argument("--from-json", help="only re-render --out from the raw results of earlier --json-out "
                    "runs (comma list: merged, each size labelled with its run)")
    a = ap.parse_args()

    if a.from_json:
        files = a.from_json.split(",")
        results = None
        for fn in files:
            with open(fn) as f:
                r = json.load(f)
            for e in r["sizes"]:
                if len(files) > 1:
                    e["run"] = r["started"]
            if results is None:
                results = r
            else:
                results["sizes"] += r["sizes"]
                results["finished"] = r["finished"]
                if r.get("ba"):  # the latest run's
                    results["ba"] = r["ba"]
            if r.get("ba") and len(files) > 1:
                r["ba"]["run"] = r["started"]
        md_sizes = [render_size(e["n"], e["file_bytes"], e["claimgraph"], e["peers"], e["check"], e.get("run"))
                    for e in results["sizes"]]
        write_results(a.out, results, md_sizes, results.get("ba"), a.notes)
        log("wrote %s" % a.out)
        return

    sizes = [int(float(x)) for x in a.sizes.split(",") if x]
    peers = [p for p in a.peers.split(",") if p]
    info = machine()
    log("machine: %s" % json.dumps(info))
    bdir = os.path.join(ROOT, "build-bench") if a.no_build else build_bench(1800)
    binary = os.path.abspath(a.bin) if a.bin else os.path.join(bdir, "claimgraph")
    info["binary"] = os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary
    info["build_type"] = build_type_of(binary)
    if info["build_type"] not in ("Release", "RelWithDebInfo", "unknown"):
        log("WARNING: %s is a %s build: timings are not representative" % (binary, info["build_type"]))
    help_txt = subprocess.run([binary, "centrality", "--help"], capture_output=True, text=True).stdout
    info["cg_has_samples"] = "--samples" in help_txt
    info["cg_has_threads"] = "--threads" in help_txt
    extra = a.cg_args.split()
    if a.samples:
        if info["cg_has_samples"]:
            extra += ["--samples", str(a.samples), "--seed", str(a.seed)]
        else:
            log("WARNING: claimgraph has no --samples: it runs its default job, the peers use --samples %d"
                % a.samples)

    cap_nx = [float(x) for x in a.cap_nx.split(",")] if a.cap_nx else [a.cap_peer]
    cap_nx += [cap_nx[-1]] * len(sizes)
    results = {"machine": info, "started": datetime.datetime.now().isoformat(timespec="seconds"), "sizes": []}
    md_sizes = []
    for si, n in enumerate(sizes):
        data = dataset(n, a.seed, a.cache)
        size_bytes = os.path.getsize(data)
        loadavg_before = open("/proc/loadavg").read().split()[:3]
        cg = run_claimgraph(binary, data, a.cap_cg, extra)
        cg["cap"] = a.cap_cg
        # the bound jansson sets: json_loadb alone on every line, on 2 threads, no validation
        jb = os.path.join(os.path.dirname(binary), "tests", "bench", "jansson_bound")
        if os.path.exists(jb):
            r = subprocess.run([jb, data, "2"], capture_output=True, text=True, timeout=a.cap_cg)
            if r.returncode == 0:
                cg["jansson_bound"] = json.loads(r.stdout)
        cg["loadavg_before"] = loadavg_before
        if cg["timed_out"]:
            log("claimgraph timed out: timing the non-path measures alone for the ingest figures")
            part = run_claimgraph(binary, data, a.cap_cg, extra + ["--measures", ",".join(NONPATH_M)])
            for key in ["claims", "entities", "links", "load_s", "graph_s"] + [m + "_s" for m in NONPATH_M]:
                if key in part:
                    cg[key] = part[key]
            cg["maxrss"] = max(cg["maxrss"], part["maxrss"])
            cg["nonpath_run"] = part
        K = cg.get("samples") or (a.samples if a.samples else 0)
        check = None
        do_check = n <= a.check_max and not K and not cg["timed_out"] and cg.get("rc") == 0
        cg_csv = None
        if do_check:
            cg_csv = os.path.join(a.cache, "cg-%d.csv" % n)
            subprocess.run([binary, "centrality", "--format", "csv", "-o", cg_csv] + extra + [data], check=True,
                           timeout=a.cap_cg)
        pres = []
        for p in peers:
            dump = os.path.join(a.cache, "%s-%d.csv" % (p, n)) if do_check else None
            cap = cap_nx[si] if p == "networkx" else a.cap_peer
            r = run_peer(p, data, cap, K, a.seed, dump)
            r["peer_key"] = p
            r["cap"] = cap
            pres.append(r)
            if do_check and not r["timed_out"] and r["rc"] == 0:
                check = check or {}
                check[p] = compare_values(cg_csv, dump, MEASURES)
        entry = {"n": n, "file": data, "file_bytes": size_bytes, "claimgraph": cg, "peers": pres, "check": check}
        results["sizes"].append(entry)
        md = render_size(n, size_bytes, cg, pres, check)
        print("\n".join(md))
        sys.stdout.flush()
        md_sizes.append(md)

    ba = None
    if not a.no_ba:
        exe = os.path.join(bdir, "tests", "bench", "bench_betweenness")
        cmd = [exe, "--json", "--repeat", str(a.ba_repeat), "--samples", a.ba_samples, "--seed", "42"]
        log("BA betweenness: " + " ".join(cmd))
        r = run_capped(cmd, a.cap_ba)
        ba = last_json(r["out"])
        if ba is None:
            ba = {"error": "timed out after %.0f s" % a.cap_ba if r["timed_out"] else r["err"][-1000:]}
        ba["wall"] = r["wall"]
        results["ba"] = ba
        print("\n".join(render_ba(ba)))

    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(results, f, indent=1)
    write_results(a.out, results, md_sizes, ba, a.notes)
    log("wrote %s" % a.out)


def targets(results, ba):
    """[(target, status text)]"""
    out = []
    big = max(results["sizes"], key=lambda e: e["n"]) if results["sizes"] else None
    if big:
        cg = big["claimgraph"]
        n = big["n"]
        if "load_s" in cg:
            thr = cg.get("claims", n) / (cg["load_s"] + cg["graph_s"])
            out.append(("Ingest >= 0.8 M claims/s (N = %s)" % "{:,}".format(n),
                        ("met" if thr >= 0.8e6 else "**missed**") + ": %.3f M claims/s (%.0f %% of target)" % (
                            thr / 1e6, 100 * thr / 0.8e6)))
        for key, factor in (("igraph", 3), ("networkx", 50)):
            # among the runs at this size (several when results of runs are merged), the one where
            # this peer finished, else the one with its longest cap; ratios always within one run
            cands = [(e, p) for e in results["sizes"] if e["n"] == n for p in e["peers"] if p["peer_key"] == key]
            if not cands:
                continue
            e, p = max(cands, key=lambda ep: (not ep[1]["timed_out"], ep[1].get("cap", 0)))
            cg = e["claimgraph"]
            sampled = cg.get("samples", 0)
            what = "End to end at N = %s, all eight measures: >= %dx faster than %s" % (
                "{:,}".format(n), factor, PEER_NAMES[key])
            if len(cands) > 1 and e.get("run"):
                what += " (run of %s)" % e["run"]
            if cg["timed_out"]:
                st = "**missed**: claimgraph did not finish within %.0f s" % cg["cap"]
                if p["timed_out"]:
                    st += " (nor did %s)" % PEER_NAMES[key]
                else:
                    st += " (%s: %.1f s, so ours/peer > %.2f)" % (PEER_NAMES[key], p["wall"], cg["cap"] / p["wall"])
            else:
                speed = p["wall"] / cg["wall"]
                bound = p["timed_out"]
                if speed >= factor:
                    st = "met: %s%.1fx faster (%.1f s vs %s%.1f s)" % ("> " if bound else "", speed, cg["wall"],
                                                                  "> " if bound else "", p["wall"])
                elif bound:
                    st = "undecided: > %.1fx faster (%s stopped at its cap of %.0f s)" % (speed, PEER_NAMES[key],
                                                                                          p["cap"])
                else:
                    st = "**missed**: %.2fx faster (%.1f s vs %.1f s; %.0f %% of target)" % (
                        speed, cg["wall"], p["wall"], 100 * speed / factor)
                if not sampled:
                    st += "; note: claimgraph did not sample the path measures at this size"
            out.append((what, st))
        cg = big["claimgraph"]
        rss = (cg["maxrss"] - big["file_bytes"]) / n
        out.append(("Peak RSS at N = %s <= 300 bytes/claim above the input size" % "{:,}".format(n),
                    ("met" if rss <= 300 else "**missed**") + ": %.0f bytes/claim" % rss +
                    (" (measured on the non-path run: the full run was capped)" if cg["timed_out"] else "")))
    if ba and "error" not in ba:
        r = ba["cg_t2_s"] / ba["igraph_s"]
        out.append(("Exact betweenness, BA n = %d m = %d: <= 0.5x igraph_betweenness (threads = 2)" % (
            ba["n"], ba["m"]), ("met" if r <= 0.5 else "**missed**") + ": %.3fx (%.2f s vs %.2f s)" % (
            r, ba["cg_t2_s"], ba["igraph_s"])))
        d = max(ba["max_rel_diff_t1"], ba["max_rel_diff_t2"])
        out.append(("Exact betweenness equal to igraph's within 1e-9 relative",
                    ("met" if d <= 1e-9 else "**missed**") + ": max relative difference %.1e" % d))
        for s in ba["sampled"]:
            st = ("met" if s["top10_overlap"] >= 0.9 else "**missed**") + ": %.1f" % s["top10_overlap"]
            if not s["estimated"]:
                st = "**not measured**: samples = %d was ignored (exact values computed)" % s["samples"]
            out.append(("Sampled estimate (%d sources): top-10 overlap with exact >= 0.9" % s["samples"], st))
    elif ba:
        out.append(("BA betweenness benchmark", "**failed**: " + ba["error"][:200]))
    return out


def write_results(path, results, md_sizes, ba, notes=None):
    info = results["machine"]
    L = ["# claimgraph benchmark results", ""]
    L.append("Written by `tests/bench/bench.py` (run %s to %s). Regenerate with `tests/bench/bench.py`; "
             "see `tests/bench/README.md`." % (results["started"], results["finished"]))
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append("- %d cores (`nproc`), %s, %.1f GiB memory; %s, Linux %s" % (
        info["nproc"], info["cpu"], info.get("mem_gib", 0), info["os"], info["kernel"]))
    L.append("- claimgraph: `%s` (%s build), commit %s; %s; igraph C %s" % (
        info["binary"], info["build_type"], info["commit"], info["cc"], info["libigraph"]))
    L.append("- claimgraph options present: `--threads` %s, `--samples` %s" % (
        "yes" if info["cg_has_threads"] else "no", "yes" if info["cg_has_samples"] else "no"))
    L.append("- peers under `/usr/bin/python3` %s: NetworkX %s, python-igraph %s, graph-tool %s (numpy %s, "
             "scipy %s), Debian packages" % (info["python"], info.get("networkx"), info.get("igraph"),
                                              info.get("graph_tool"), info.get("numpy"), info.get("scipy")))
    L.append("")
    L.append("## Method")
    L.append("")
    L += METHOD.strip().split("\n")
    L.append("")
    L.append("## Targets (issue 7)")
    L.append("")
    L.append("| target | result |")
    L.append("|---|---|")
    for t, s in targets(results, ba):
        L.append("| %s | %s |" % (t, s))
    L.append("")
    if notes:
        with open(notes) as f:
            L += f.read().rstrip().split("\n")
        L.append("")
    L.append("## Results")
    L.append("")
    L.append("Seconds; ratios are ours / peer (below 1: claimgraph is faster; 0.333 = 3x faster, 0.02 = "
             "50x faster).")
    L.append("")
    for md in md_sizes:
        L += md
    L += render_ba(ba)
    with open(path, "w") as f:
        f.write("\n".join(L).rstrip() + "\n")


METHOD = """
- **Data**: `gen_dataset.py N 1` (synthetic, deterministic): N claims, N/5 entities with power-law
  (Zipf) degrees, 20 sources with `cites` chains and one citation cycle, 1-3 claims per edge, ~10 %
  refuting, explicit `origin`s, grades, ~8 % explicit confidence, realistic field sizes (~580 bytes
  per claim). The file is generated once and is in the page cache for every run.
- **claimgraph**: `claimgraph centrality --timings --format csv -o /dev/null DATA` (default options:
  weighted, undirected, all eight measures, all cores). Phase times are its own `--timings`
  (load = parse + validate, graph = aggregation of claims into links, one time per measure;
  building the igraph graph happens inside the measures and is shown as "graph build");
  "end to end" is the wall clock of the process; peak RSS is that child's `ru_maxrss` (wait4).
- **Peers**: `peers.py PEER DATA` under `/usr/bin/python3`, one process per peer, same file:
  `json.loads` per line; supporting claims only; the README's grading table (claim's reliability,
  else source's, else F; credibility default 6) unless the claim has `confidence`; one link per
  unordered pair; origin groups = union of same explicit `origin` and same citation family
  (sources connected through `cites` in either direction, transitively; same source = same family);
  group value = max confidence; link confidence = noisy-OR over groups; zero links dropped;
  weight = confidence, distance = -ln(min(confidence, 0.999)). The peers do **not validate**
  the records (claimgraph does), so their "ingest" is a lower bound of the same work.
- **Measures in the peers** (weights as the README says):
  NetworkX: `G.degree()`, `G.degree(weight)`, `betweenness_centrality(normalized=False,
  weight=dist)`, `closeness_centrality(distance=dist, wf_improved=False)`,
  `harmonic_centrality(distance=dist)`, `eigenvector_centrality_numpy(weight)` / max,
  `pagerank(alpha=0.85, weight, tol=1e-12)`, `core_number`.
  python-igraph: `degree()`, `strength(weights)`, `betweenness(directed=False, weights=dist)`,
  `closeness(weights=dist, normalized=True)` (NaN -> 0), `harmonic_centrality(weights=dist,
  normalized=False)`, `eigenvector_centrality(scale=True, weights)`, `pagerank(damping=0.85,
  weights)` (PRPACK), `coreness()`.
  graph-tool: `get_total_degrees`, `get_total_degrees(eweight)`, `betweenness(weight=dist,
  norm=False)`, `closeness(weight=dist, norm=True)` (NaN -> 0), `closeness(weight=dist,
  harmonic=True, norm=False)`, `eigenvector(weight)` / max, `pagerank(damping=0.85, weight,
  epsilon=1e-12)`, `kcore_decomposition`. graph-tool runs its OpenMP kernels on all cores;
  NetworkX and python-igraph use one core.
- **Sampled path measures**: when claimgraph reports (stderr note) that betweenness, closeness and
  harmonic are estimates from K sampled sources, every peer is run with `--samples K`: the K
  sources are `random.Random(seed).sample(range(n), K)` (the same set in all peers);
  betweenness = (n/K) x the sum of the Brandes dependencies of those sources, halved (undirected):
  NetworkX `betweenness_centrality(k=K, seed=seed)` (which draws exactly that set and rescales
  itself), igraph `igraph_betweenness_subset(sources, targets=all)` from the igraph C library
  (through ctypes: python-igraph 0.10.2 has no `sources=`), graph-tool `betweenness(pivots=...)`
  rescaled by n/K; the three give identical numbers. Closeness and harmonic: one single-source
  shortest-path run per sampled source (NetworkX `single_source_dijkstra_path_length`, igraph
  `distances(source=chunk)`, graph-tool `shortest_distance(source=v)`), closeness = k_v / sum of
  the k_v sampled distances to v, harmonic = (n/K) x sum of 1/d.
- **Caps**: each run has a wall-clock cap; a run stopped at its cap is reported as "> cap" (the
  peers report each finished phase as they go), and ratios against it as bounds. Nothing is
  extrapolated.
- **Check**: at the smallest size (when claimgraph computes exact values) every value of every
  measure from every peer is compared with claimgraph's CSV output.
"""


if __name__ == "__main__":
    main()
