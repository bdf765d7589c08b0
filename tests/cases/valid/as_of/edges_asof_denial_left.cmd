edges --as-of 2014 input.jsonl
