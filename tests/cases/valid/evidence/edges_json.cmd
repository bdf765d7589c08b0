edges --format json input.jsonl
