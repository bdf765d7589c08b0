check input.jsonl
