edges --format md input.jsonl
