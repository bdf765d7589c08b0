#!/usr/bin/env python3
"""No cycles between the library's source files at link level: for every object file of the
library (and of the helpers it shares with the CLI), the symbols it defines and the ones it uses
(nm); file A depends on file B when A uses a symbol B defines. The dependency graph must be
acyclic (a strongly connected component of two or more files is reported with the symbols that
tie it). Also: no function prototype is written in a .c file for a function defined in another
.c file (cross-file prototypes live in headers).
Usage: check_cycles.py BUILD_DIR SOURCE_DIR"""
import os
import re
import subprocess
import sys

build, src = sys.argv[1], sys.argv[2]
objs = []
for sub in ('src/CMakeFiles/claimgraph_obj.dir', 'src/CMakeFiles/claimgraph_common.dir'):
    for d, _, fs in os.walk(os.path.join(build, sub)):
        objs += [os.path.join(d, f) for f in fs if f.endswith('.o')]
if not objs:
    sys.exit('no object files under %s' % build)
name = lambda o: re.sub(r'^.*?\.dir/', '', o)[:-2]
defines, uses = {}, {}
for o in objs:
    out = subprocess.run(['nm', o], capture_output=True, text=True, check=True).stdout
    d, u = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 2 and f[0] == 'U':
            u.add(f[1])
        elif len(f) == 3 and f[1] in 'TDBRGSV':
            d.add(f[2])
    defines[name(o)], uses[name(o)] = d, u
owner = {s: f for f, ds in defines.items() for s in ds}
deps = {f: {} for f in defines}
for f, us in uses.items():
    for s in us:
        g = owner.get(s)
        if g and g != f:
            deps[f].setdefault(g, set()).add(s)

# Tarjan's strongly connected components
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in deps[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        sccs.append(comp)


for v in sorted(deps):
    if v not in index:
        visit(v)
bad = [c for c in sccs if len(c) > 1]
for c in bad:
    print('cycle between: ' + ', '.join(sorted(c)))
    for a in sorted(c):
        for b in sorted(c):
            if b in deps[a]:
                print('  %s uses %s' % (a, ', '.join(sorted(deps[a][b])[:6])))

# prototypes of other files' functions written in .c files
protos = []
for d, _, fs in os.walk(os.path.join(src, 'src')):
    for f in fs:
        if not f.endswith('.c'):
            continue
        path = os.path.join(d, f)
        text = open(path, encoding='utf-8').read()
        for m in re.finditer(r'^(?!static)[a-z][\w \*]*\b(cg_\w+)\([^;{]*\);', text, re.M):
            fn = m.group(1)
            definer = owner.get(fn)
            if definer and not definer.endswith(os.path.splitext(f)[0]):
                protos.append('%s: prototype of %s (defined in %s)' % (os.path.relpath(path, src), fn, definer))
for p in protos:
    print(p)
n_edges = sum(len(v) for v in deps.values())
if bad or protos:
    sys.exit(1)
print('%d object files, %d dependencies between them, no cycle; no cross-file prototype in a .c file'
      % (len(deps), n_edges))
