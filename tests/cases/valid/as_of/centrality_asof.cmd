centrality --as-of 2011 --measures degree,strength,pagerank input.jsonl
