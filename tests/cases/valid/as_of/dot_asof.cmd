dot --as-of 2014 --show-denials --no-legend input.jsonl
