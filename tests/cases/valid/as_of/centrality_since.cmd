centrality --since 2012 --measures degree,strength input.jsonl
