edges --as-of 2010-06-01 input.jsonl
