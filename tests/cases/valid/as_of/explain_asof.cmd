explain --as-of 2010 input.jsonl a member_of b
