centrality --unweighted input.jsonl
