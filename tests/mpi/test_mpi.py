#!/usr/bin/env python3
"""claimgraph-mpi against the plain tool (README "On a cluster"): `mpirun --oversubscribe -np
1..4` on the Kosovo dataset and on a 2*10^4-entity synthetic graph (tests/bench/gen_dataset.py,
sparse so that exact path measures stay cheap), exact and sampled, `centrality` and
`robustness`: the output bytes equal those of `claimgraph --threads 1` and `--threads 2`. Then the
failure paths (a rank whose load fails, a rank that fails in the middle of the computation: the
test hooks CLAIMGRAPH_MPI_FAIL_RANK and CLAIMGRAPH_MPI_FAIL_BLOCK) end the job with exit status 1
and one message from claimgraph, within a timeout; --timings reports the load time of every rank;
--progress counts the sources of all ranks on rank 0; other commands are refused.

Usage: test_mpi.py CLAIMGRAPH CLAIMGRAPH_MPI MPIEXEC SOURCE_DIR [--quick]
  --quick: fewer rank/thread combinations (the sanitizer build, where every rank is slow)."""
import atexit
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

CG, CGMPI, MPIEXEC, ROOT = sys.argv[1:5]
QUICK = "--quick" in sys.argv[5:]
TIMEOUT = 300
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")
for k in ("CLAIMGRAPH_MPI_FAIL_RANK", "CLAIMGRAPH_MPI_FAIL_BLOCK"):
    ENV.pop(k, None)
# Sanitizer build: LeakSanitizer needs whole stacks to match Open MPI's own allocations against
# tests/mpi/lsan.supp (its libraries have no frame pointers); only for the MPI runs, as it slows
# every allocation. That makes a run about 10 times slower (Open MPI allocates much at start-up), so
# in the sanitizer build (--quick) only the runs marked leak=True check leaks; the others keep
# AddressSanitizer and UBSan but not LeakSanitizer.
LEAK_ENV = dict(ENV, ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") + ":fast_unwind_on_malloc=0").lstrip(":"))
MPI_ENV = dict(ENV, ASAN_OPTIONS=(ENV.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")) if QUICK else LEAK_ENV
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


def run(argv, env=None, timeout=TIMEOUT):
    t = time.time()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or ENV, timeout=timeout)
    return p, time.time() - t


def mpirun(np, args, env=None, timeout=TIMEOUT, leak=False):
    return run([MPIEXEC, "--oversubscribe", "-np", str(np), CGMPI] + args,
               env or (LEAK_ENV if leak else MPI_ENV), timeout)


KOSOVO = sorted(glob.glob(os.path.join(ROOT, "datasets", "kosovo", "*.jsonl")))
tmp = tempfile.mkdtemp(prefix="cg-mpi-")
atexit.register(shutil.rmtree, tmp, ignore_errors=True)
SYN = os.path.join(tmp, "synthetic.jsonl")
subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests", "bench", "gen_dataset.py"), "8000", "7", SYN, "20000"],
               check=True)

# (name, arguments, data, rank/thread combinations)
ALL = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2), (4, 1), (4, 2)]
SOME = [(1, 2), (2, 1), (3, 2), (4, 1)]
FEW = [(2, 2), (3, 1)]
if QUICK:
    ALL = SOME = [(1, 1), (2, 2), (3, 1), (4, 1)]
    FEW = [(3, 1)]
SCENARIOS = [
    ("kosovo centrality exact", ["centrality", "--sample-above", "0"], KOSOVO, ALL),
    ("kosovo centrality sampled (json)", ["centrality", "--samples", "30", "--seed", "5", "--format", "json"], KOSOVO, SOME),
    ("kosovo centrality directed md", ["centrality", "--directed", "--samples", "50", "--format", "md"], KOSOVO, FEW),
    ("kosovo robustness betweenness worlds", ["robustness", "--measure", "betweenness", "--samples", "300",
                                              "--format", "json"], KOSOVO, SOME),
    ("kosovo robustness exact worlds", ["robustness", "--exact", "--source", "koha", "--measure", "harmonic"],
     KOSOVO, SOME),
    ("kosovo robustness pagerank csv", ["robustness", "--samples", "200", "--format", "csv"], KOSOVO, FEW),
    ("synthetic centrality exact", ["centrality", "--sample-above", "0"], [SYN], SOME),
    ("synthetic centrality sampled", ["centrality", "--samples", "700", "--measures", "betweenness,harmonic,closeness"],
     [SYN], SOME),
    ("synthetic robustness pagerank worlds", ["robustness", "--samples", "160", "--leave-out", "none",
                                              "--format", "csv"], [SYN], SOME),
]
if QUICK:
    SCENARIOS = [(n, a, d, c if n == "kosovo centrality exact" else [(2, 2), (3, 1)] if len(c) > 2 else c)
                 for n, a, d, c in SCENARIOS
                 if n in ("kosovo centrality exact", "kosovo centrality sampled (json)",
                          "kosovo robustness betweenness worlds", "kosovo robustness exact worlds",
                          "synthetic centrality sampled")]
    SCENARIOS[-1] = SCENARIOS[-1][:3] + ([(2, 2)],)

t0 = time.time()
for name, args, data, combos in SCENARIOS:
    refs = []
    for t in (1, 2):
        p, _ = run([CG] + args + ["--threads", str(t)] + data)
        check(p.returncode == 0, "%s: claimgraph --threads %d exit %d: %s" % (name, t, p.returncode, p.stderr[-400:]))
        refs.append(p.stdout)
    check(len(refs[0]) > 100, "%s: the reference output is empty" % name)
    check(refs[0] == refs[1], "%s: claimgraph --threads 1 and 2 differ" % name)
    for np, t in combos:
        out = os.path.join(tmp, "out-%d-%d" % (np, t))
        leak = QUICK and name == "kosovo centrality exact" and (np, t) == (2, 2)
        p, secs = mpirun(np, args + ["--threads", str(t), "-o", out] + data, leak=leak)
        ok = p.returncode == 0 and os.path.exists(out)
        check(ok, "%s: -np %d --threads %d exit %d: %s" % (name, np, t, p.returncode, p.stderr[-600:]))
        if ok:
            with open(out, "rb") as f:
                got = f.read()
            check(got == refs[0], "%s: -np %d --threads %d: output differs from claimgraph (%d vs %d bytes)"
                  % (name, np, t, len(got), len(refs[0])))
            os.unlink(out)
        print("%-40s -np %d --threads %d: %.1f s%s" % (name, np, t, secs, " (leaks checked)" if leak else ""),
              flush=True)
    leftovers = [f for f in os.listdir(tmp) if f.startswith("out-")]
    check(not leftovers, "%s: files left behind: %s" % (name, leftovers))
print("byte-identity runs: %.1f s" % (time.time() - t0), flush=True)


def cg_errors(stderr):
    return [l for l in stderr.decode(errors="replace").splitlines() if l.startswith("claimgraph")]


# A rank whose load fails: exit 1, one message from claimgraph naming the rank, no output file.
for np, bad in ((3, 2), (2, 0)) if QUICK else ((3, 2), (2, 0), (4, 1)):
    out = os.path.join(tmp, "fail.csv")
    env = dict(MPI_ENV, CLAIMGRAPH_MPI_FAIL_RANK=str(bad))
    try:
        p, secs = mpirun(np, ["centrality", "-o", out] + KOSOVO, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        check(False, "load failure on rank %d of %d: the job hangs (no exit within 120 s)" % (bad, np))
        continue
    msgs = cg_errors(p.stderr)
    check(p.returncode == 1, "load failure on rank %d of %d: exit %d" % (bad, np, p.returncode))
    check(len(msgs) == 1 and "CLAIMGRAPH_MPI_FAIL_RANK" in msgs[0] and "error" in msgs[0],
          "load failure on rank %d of %d: messages %r" % (bad, np, msgs))
    if bad:
        check(len(msgs) == 1 and ("rank %d of %d" % (bad, np)) in msgs[0],
              "load failure on rank %d: the message does not name it: %r" % (bad, msgs))
    check(not os.path.exists(out), "load failure: an output file was written")
    print("load failure on rank %d of %d: exit %d in %.1f s: %s" % (bad, np, p.returncode, secs, msgs), flush=True)

# A rank that fails in the middle of the loop (its result for block 1 cannot be handed over):
# centrality's sources and robustness worlds.
FAIL_BLOCK = [(["centrality", "--sample-above", "0"], KOSOVO, np) for np in (2, 3)] + \
    [(["robustness", "--samples", "300"], KOSOVO, np) for np in (2, 3)] + \
    [(["centrality", "--sample-above", "0", "--threads", "2"], [SYN], 3)]
if QUICK:
    FAIL_BLOCK = [FAIL_BLOCK[0], FAIL_BLOCK[1], FAIL_BLOCK[2]]
for i, (args, data, np) in enumerate(FAIL_BLOCK):
    leak = QUICK and i == 0
    env = dict(LEAK_ENV if leak else MPI_ENV, CLAIMGRAPH_MPI_FAIL_BLOCK="1")
    try:
        p, secs = mpirun(np, args + data, env=env, timeout=120)
    except subprocess.TimeoutExpired:
        check(False, "%s: failure in block 1 with %d ranks: the job hangs" % (args[0], np))
        continue
    msgs = cg_errors(p.stderr)
    check(p.returncode == 1, "%s: failure in block 1 with %d ranks: exit %d" % (args[0], np, p.returncode))
    check(len(msgs) == 1 and "rank 1: " in msgs[0] and "block 1" in msgs[0],
          "%s: failure in block 1 with %d ranks: messages %r" % (args[0], np, msgs))
    check(p.stdout == b"", "%s: failure in block 1: output written" % args[0])
    print("%s failure in block 1 with %d ranks: exit %d in %.1f s: %s" % (args[0], np, p.returncode, secs, msgs),
          flush=True)

# --timings: one JSON object from rank 0 with every rank's load time; --progress on rank 0 counts
# the sources of all ranks.
p, _ = mpirun(3, ["centrality", "--sample-above", "0", "--timings", "--progress"] + KOSOVO)
lines = p.stderr.decode().replace("\r", "\n").splitlines()
objs = [json.loads(l) for l in lines if l.startswith("{")]
check(p.returncode == 0 and len(objs) == 1, "--timings under MPI: %r" % lines)
if objs:
    check(objs[0].get("ranks") == 3 and len(objs[0].get("load_s_per_rank", [])) == 3
          and all(x > 0 for x in objs[0]["load_s_per_rank"]), "--timings per rank: %r" % objs[0])
prog = [l for l in lines if "shortest paths" in l]
check(prog and prog[-1].strip().endswith("120 of 120 sources (100%)"), "--progress under MPI: %r" % prog)
p, _ = mpirun(2, ["check"] + KOSOVO)
check(p.returncode == 2 and b"centrality and robustness" in p.stderr, "claimgraph-mpi check: %r" % p.stderr)

print("%d checks, %d failures" % (checks, len(failures)))
sys.exit(1 if failures else 0)
