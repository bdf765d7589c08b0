edges --since 2012-06 input.jsonl
