edges --as-of 2013 --since 2013 --format json input.jsonl
