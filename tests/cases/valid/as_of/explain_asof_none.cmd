explain --as-of 2008 input.jsonl a member_of b
