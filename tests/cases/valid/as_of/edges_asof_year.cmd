edges --as-of 2011 input.jsonl
