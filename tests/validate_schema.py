#!/usr/bin/env python3
"""Validates every record of the bundled datasets (datasets/**/*.jsonl) and of the valid test
cases against datasets/schema/claimgraph.schema.json with a real JSON Schema validator
(python3-jsonschema, draft 2020-12). Also checks the schema agrees with the loader on the
invalid cases whose problem lies inside one record: those the schema must reject (cases that
contain a file named `schema_accepts` are cross-record problems the schema cannot see)."""
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]
schema = json.load(open(os.path.join(root, 'datasets/schema/claimgraph.schema.json'), encoding='utf-8'))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
errors = 0
checked = 0


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError('duplicate key')
    return dict(pairs)


def parse(text):
    return json.loads(text, object_pairs_hook=no_duplicates)


def records(path):
    with open(path, 'rb') as f:
        for n, raw in enumerate(f, 1):
            text = raw.decode('utf-8-sig' if n == 1 else 'utf-8').strip()
            if text:
                yield n, text


files = sorted(glob.glob(os.path.join(root, 'datasets/**/*.jsonl'), recursive=True))
files += sorted(glob.glob(os.path.join(root, 'tests/cases/valid/*/input.jsonl')))
files += sorted(glob.glob(os.path.join(root, 'tests/cases/valid/*/input/**/*.jsonl'), recursive=True))
for path in files:
    for n, text in records(path):
        checked += 1
        for e in validator.iter_errors(parse(text)):
            errors += 1
            print(f'{os.path.relpath(path, root)}:{n}: schema: {e.message[:300]}')

rejected = 0
for case in sorted(glob.glob(os.path.join(root, 'tests/cases/invalid/*'))):
    if os.path.exists(os.path.join(case, 'schema_accepts')):
        continue
    inp = os.path.join(case, 'input.jsonl')
    if not os.path.exists(inp):
        continue
    bad = False
    try:
        for n, text in records(inp):
            try:
                obj = parse(text)
            except ValueError:
                bad = True
                break
            if not validator.is_valid(obj):
                bad = True
                break
    except (UnicodeDecodeError, ValueError):
        bad = True
    if bad:
        rejected += 1
    else:
        errors += 1
        print(f'{os.path.relpath(case, root)}: the loader rejects it but the schema accepts every record '
              f'(add `schema_accepts` only if the problem spans records)')

print(f'{checked} records validated, {rejected} invalid cases rejected by the schema, {errors} problems')
sys.exit(1 if errors else 0)
