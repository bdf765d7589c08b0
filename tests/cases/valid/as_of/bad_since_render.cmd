render --format svg --since 11-02 input.jsonl
