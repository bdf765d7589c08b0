centrality --unweighted --min-confidence 0.6 --measures degree,betweenness,coreness input.jsonl
