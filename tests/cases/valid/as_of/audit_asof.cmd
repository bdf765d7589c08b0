audit --texts texts --allow-unsourced --as-of 2010-06-01 --format json input.jsonl
