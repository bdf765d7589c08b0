edges --since 2013 --format md input.jsonl
