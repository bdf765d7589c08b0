#!/usr/bin/env python3
"""Editorial invariants of the bundled Kosovo dataset (issue 14, checked on every build):
  - no anonymous voice at credibility 1 or 2 unless its caveat or notes name an independent,
    identified corroboration (the word "corroborat" must appear);
  - no supporting claim attaches Hashim Thaci to the groups described by the trafficker "Gjon";
  - the US State Department's trafficking narrative (attributed to the State Department or its
    TIP report, whoever relays it) is one origin: every such claim has origin "us-dos-tip";
  - every caveat is at most 500 characters and differs from the claim's notes.
Usage: kosovo_invariants.py SOURCE_DIR"""
import glob
import json
import os
import sys

root = sys.argv[1]
recs = []
for f in sorted(glob.glob(os.path.join(root, 'datasets', 'kosovo', '*.jsonl'))):
    with open(f, encoding='utf-8') as fh:
        recs += [json.loads(l) for l in fh if l.strip()]
claims = [r for r in recs if r['type'] == 'claim']
bad = []
for c in claims:
    if c.get('anonymous') and c.get('credibility', 6) <= 2:
        why = (c.get('caveat', '') + ' ' + c.get('notes', '')).lower()
        if 'corroborat' not in why:
            bad.append('%s: anonymous voice at credibility %d without a stated corroboration' % (c['id'], c['credibility']))
    ends = (c['subject'], c['object'])
    if 'hashim_thaci' in ends and 'former_kla_commander_crime_groups' in ends and c.get('stance', 'supports') == 'supports':
        bad.append('%s: attaches Hashim Thaci to the groups described by "Gjon"' % c['id'])
    voice = c.get('attributed_to') or ''
    if ('State Department' in voice or 'Department of State' in voice or 'TIP report' in voice) and \
            c.get('origin') != 'us-dos-tip':
        bad.append('%s: the State Department narrative (%s) without origin us-dos-tip' % (c['id'], voice))
for r in recs:
    if 'caveat' in r and (len(r['caveat']) > 500 or r['caveat'] == r.get('notes')):
        bad.append('%s: caveat too long or equal to the notes' % r['id'])
for b in bad:
    print(b)
if bad:
    sys.exit(1)
print('%d claims: editorial invariants hold' % len(claims))
