#!/usr/bin/python3
"""How ingest speed depends on the size of a claim record.

Usage: tests/bench/ingest_sizes.py DATA.jsonl [--bin build-bench/claimgraph] [--repeat 3] [--json-out F]

From DATA (a gen_dataset.py file) writes two variants next to it, with the same sources, entities
and graph: `minimal` (each claim keeps only its required fields: type, id, subject, relation,
object, source) and `full` (DATA itself). For each file it reports the mean record size and the
best of --repeat runs of
  - claimgraph: `centrality --measures degree --timings` (load = read + parse + validate; graph =
    aggregation into links), on all cores;
  - jansson_bound: json_loadb alone on every line, on 2 threads (the ceiling for any jansson-based
    ingest).
Prints a Markdown table (claims/s) and optionally writes the raw numbers as JSON.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
REQUIRED = ("type", "id", "subject", "relation", "object", "source")


def minimal_variant(src, dst):
    if os.path.exists(dst) and os.path.getmtime(dst) >= os.path.getmtime(src):
        return
    tmp = dst + ".tmp"
    with open(src, "rb") as fi, open(tmp, "wb") as fo:
        for line in fi:
            if b'"type":"claim"' in line[:20]:
                rec = json.loads(line)
                line = (json.dumps({k: rec[k] for k in REQUIRED}, separators=(",", ":"),
                                   ensure_ascii=False) + "\n").encode()
            fo.write(line)
    os.replace(tmp, dst)


def claim_bytes(path):
    n = size = 0
    with open(path, "rb") as f:
        for line in f:
            if b'"type":"claim"' in line[:20]:
                n += 1
                size += len(line)
    return n, size / max(n, 1)


def best(runs, key):
    return min(runs, key=lambda r: r[key])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build-bench", "claimgraph"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json-out")
    a = ap.parse_args()
    jb = os.path.join(os.path.dirname(a.bin), "tests", "bench", "jansson_bound")
    base, _ = os.path.splitext(a.data)
    variants = [("full", a.data), ("minimal", base + "-minimal.jsonl")]
    minimal_variant(a.data, variants[1][1])
    out = []
    for name, path in variants:
        n, mean = claim_bytes(path)
        cg, jr = [], []
        for _ in range(a.repeat):
            p = subprocess.run([a.bin, "centrality", "--measures", "degree", "--timings", "--format", "csv",
                                "-o", "/dev/null", path], capture_output=True, check=True)
            cg.append(json.loads(p.stderr.decode().strip().splitlines()[-1]))
            if os.path.exists(jb):
                p = subprocess.run([jb, path, "2"], capture_output=True, check=True)
                jr.append(json.loads(p.stdout))
        c = best(cg, "load_s")
        row = {"variant": name, "claims": n, "mean_claim_bytes": round(mean, 1), "file_bytes": os.path.getsize(path),
               "load_s": c["load_s"], "graph_s": best(cg, "graph_s")["graph_s"], "threads": c["threads"]}
        row["ingest_claims_per_s"] = n / (row["load_s"] + row["graph_s"])
        if jr:
            j = best(jr, "seconds")
            row["jansson_lines_per_s"] = j["lines_per_s"]
            row["jansson_threads"] = j["threads"]
        out.append(row)
        sys.stderr.write("%s: %s\n" % (name, json.dumps(row)))
    print("| claim records | mean claim size (bytes) | claimgraph load + aggregate (s) | claimgraph ingest "
          "(M claims/s) | jansson alone, 2 threads (M lines/s) |")
    print("|---|---:|---:|---:|---:|")
    for r in out:
        print("| %s | %.0f | %.2f + %.2f | %.3f | %s |" % (
            r["variant"], r["mean_claim_bytes"], r["load_s"], r["graph_s"], r["ingest_claims_per_s"] / 1e6,
            "%.3f" % (r["jansson_lines_per_s"] / 1e6) if "jansson_lines_per_s" in r else "n/a"))
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
