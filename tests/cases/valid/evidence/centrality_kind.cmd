centrality --source-kind ngo_report --measures strength input.jsonl
