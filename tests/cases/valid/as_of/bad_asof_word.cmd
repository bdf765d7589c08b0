centrality --as-of yesterday input.jsonl
