edges input.jsonl
