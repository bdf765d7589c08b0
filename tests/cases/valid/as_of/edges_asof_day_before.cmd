edges --as-of 2011-05-16 input.jsonl
