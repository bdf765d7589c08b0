edges --as-of 2011-13 input.jsonl
