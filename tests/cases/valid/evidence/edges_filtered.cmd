edges --min-confidence 0.6 --exclude-source s2 input.jsonl
