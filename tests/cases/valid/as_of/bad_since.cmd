dot --since 2011-02-30 input.jsonl
