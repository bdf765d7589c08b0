audit --texts texts --allow-unsourced --since 2012 input.jsonl
