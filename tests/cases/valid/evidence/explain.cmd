explain input.jsonl a controls b
