#!/usr/bin/env python3
"""The library as a consumer gets it. For a static and a shared build of the project: install to a
temporary prefix, MOVE the prefix (the package must be relocatable), then
  1. build tests/consumer with find_package(claimgraph) and run it on the Kosovo dataset;
  2. build the same program with `pkg-config --cflags --libs claimgraph` only, and run it;
  3. compare both outputs with the installed command-line tool (edges, PageRank);
  4. compile and run a C++ program that includes the public headers;
  5. run the installed CLI outside the source tree (the default style is built in);
  6. shared build: the exported dynamic symbols are exactly the functions the installed headers
     declare with CG_API (like jansson's check-exports).
Usage: run.py SOURCE_DIR [static|shared ...]"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.abspath(sys.argv[1])
KINDS = sys.argv[2:] or ['static', 'shared']
DATA = os.path.join(SRC, 'datasets', 'kosovo')
JOBS = os.environ.get('CG_CONSUMER_JOBS', '2')


def sh(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit('FAILED: %s\n%s\n%s' % (' '.join(cmd), p.stdout[-4000:], p.stderr[-4000:]))
    return p.stdout


def parse_consumer(out):
    edges, pr = {}, {}
    for line in out.splitlines():
        f = line.split(' ')
        if f[0] == 'edge':
            edges[(f[1], f[2], f[3])] = f[4]
        elif f[0] == 'pagerank':
            pr[f[1]] = float(f[2])
    return edges, pr


def check_kind(kind, tmp):
    shared = kind == 'shared'
    build, first = os.path.join(tmp, 'build'), os.path.join(tmp, 'first')
    sh(['cmake', '-S', SRC, '-B', build, '-DCMAKE_BUILD_TYPE=Release', '-DCLAIMGRAPH_BUILD_TESTS=OFF',
        '-DBUILD_SHARED_LIBS=' + ('ON' if shared else 'OFF'), '-DCMAKE_INSTALL_PREFIX=' + first])
    sh(['cmake', '--build', build, '-j' + JOBS])
    sh(['cmake', '--install', build])
    prefix = os.path.join(tmp, 'moved', 'elsewhere')
    os.makedirs(os.path.dirname(prefix))
    shutil.move(first, prefix)  # relocation: nothing may still point at `first`
    shutil.rmtree(build)
    libdir = os.path.join(prefix, 'lib')
    env = dict(os.environ, LD_LIBRARY_PATH=libdir)
    env.pop('CLAIMGRAPH_STYLE', None)

    # 1. find_package
    cons = os.path.join(tmp, 'cons')
    sh(['cmake', '-S', os.path.join(SRC, 'tests', 'consumer'), '-B', cons, '-DCMAKE_BUILD_TYPE=Release',
        '-DCMAKE_PREFIX_PATH=' + prefix])
    sh(['cmake', '--build', cons, '-j' + JOBS])
    out_cmake = sh([os.path.join(cons, 'consumer'), DATA], env=env)

    # 2. pkg-config alone
    pcenv = dict(env, PKG_CONFIG_PATH=os.path.join(libdir, 'pkgconfig'))
    pc = sh(['pkg-config', '--cflags', '--libs', 'claimgraph'], env=pcenv).split()
    for flag in pc:
        if flag.startswith(('-I', '-L')) and 'first' in flag:
            raise SystemExit('the .pc file is not relocatable: ' + flag)
    exe = os.path.join(tmp, 'consumer_pc')
    sh(['cc', '-std=c11', '-Wall', '-Wextra', '-Werror', '-o', exe, os.path.join(SRC, 'tests', 'consumer', 'main.c')] + pc,
       env=pcenv)
    out_pc = sh([exe, DATA], env=env)
    if out_pc != out_cmake:
        raise SystemExit('pkg-config and find_package builds print different results')

    # 3. the same numbers as the installed CLI
    cli = os.path.join(prefix, 'bin', 'claimgraph')
    edges, pr = parse_consumer(out_cmake)
    rows = list(csv.DictReader(io.StringIO(sh([cli, 'edges', '--csv-dialect', 'plain', DATA], env=env, cwd='/'))))
    cli_edges = {(r['subject'], r['relation'], r['object']): r['confidence'] for r in rows}
    if cli_edges != edges:
        raise SystemExit('edges differ from the CLI: %d vs %d' % (len(edges), len(cli_edges)))
    rows = list(csv.DictReader(io.StringIO(sh([cli, 'centrality', '--measures', 'pagerank', '--csv-dialect', 'plain',
                                              DATA], env=env, cwd='/'))))
    if len(rows) != len(pr):
        raise SystemExit('PageRank rows differ from the CLI')
    for r in rows:
        if abs(float(r['pagerank']) - pr[r['id']]) > 1e-9 * max(1.0, pr[r['id']]):
            raise SystemExit('PageRank of %s differs: %s vs %r' % (r['id'], r['pagerank'], pr[r['id']]))

    # 4. C++
    sh([os.path.join(cons, 'consumer_cxx')], env=env)

    # 5. the installed CLI, away from the source tree, with its built-in style; its manual pages
    for page in ('claimgraph.1', 'claimgraph-audit.1', 'claimgraph-render.1'):
        if not os.path.exists(os.path.join(prefix, 'share', 'man', 'man1', page)):
            raise SystemExit('manual page not installed: ' + page)
    sh([cli, 'dot', DATA, '-o', os.path.join(tmp, 'k.dot')], env=env, cwd='/')
    with open(cli, 'rb') as f:
        if SRC.encode() in f.read():
            raise SystemExit('the installed CLI refers to the source tree')

    # 6. exports
    if shared:
        so = os.path.join(libdir, 'libclaimgraph.so')
        exported = set(l.split()[-1] for l in sh(['nm', '-D', '--defined-only', so]).splitlines()
                       if l.split()[-2] in ('T', 'W', 'i'))
        declared = set()
        incdir = os.path.join(prefix, 'include', 'claimgraph')
        for h in os.listdir(incdir):
            declared |= set(re.findall(r'CG_API [^;(]*?\b(cg_[a-z0-9_]+)\(', open(os.path.join(incdir, h)).read()))
        if exported != declared:
            raise SystemExit('exports differ from the declared API:\n  exported, not declared: %s\n  declared, not '
                             'exported: %s' % (sorted(exported - declared), sorted(declared - exported)))
        soname = sh(['objdump', '-p', so])
        m = re.search(r'SONAME\s+(\S+)', soname)
        print('%s: %d exported functions = the CG_API declarations; soname %s' % (kind, len(exported), m.group(1)))
    print('%s: find_package and pkg-config consumers agree with the CLI on %d edges and %d PageRank values; '
          'C++ compile ok; relocated prefix ok' % (kind, len(edges), len(pr)))


for kind in KINDS:
    with tempfile.TemporaryDirectory() as tmp:
        check_kind(kind, tmp)
