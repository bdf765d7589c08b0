stats --format json input.jsonl
