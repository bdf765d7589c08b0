dot --since 2013 --no-legend input.jsonl
