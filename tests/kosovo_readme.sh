#!/bin/sh
# Checks that the top-10 table in datasets/kosovo/README.md is what the current code produces.
# Usage: kosovo_readme.sh BINARY SOURCE_DIR
set -eu
bin=$1 root=$2
readme=$root/datasets/kosovo/README.md
want=$(sed -n '/<!-- centrality:begin -->/,/<!-- centrality:end -->/p' "$readme" | sed '1d;$d')
got=$("$bin" centrality "$root/datasets/kosovo" --top 10 --format md --measures degree,strength,betweenness,harmonic,pagerank)
if [ "$want" = "$got" ]; then
  echo "datasets/kosovo/README.md: the top-10 table matches claimgraph centrality"
else
  echo "datasets/kosovo/README.md: the top-10 table differs from what claimgraph centrality prints now:"
  printf '%s\n' "$got"
  exit 1
fi
