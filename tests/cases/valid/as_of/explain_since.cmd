explain --since 2012 input.jsonl a member_of b
