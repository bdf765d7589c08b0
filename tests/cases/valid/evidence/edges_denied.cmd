edges --status denied input.jsonl
