edges --as-of 2011-05 input.jsonl
