audit --texts texts --as-of 2011-5 input.jsonl
