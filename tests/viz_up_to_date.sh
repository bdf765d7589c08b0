#!/bin/sh
# Checks that the DOT files committed in viz/ are exactly what the current code produces.
# Usage: viz_up_to_date.sh BINARY SOURCE_DIR
set -eu
bin=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CLAIMGRAPH=$bin "$root/viz/regenerate.sh" "$root" "$tmp" --dot-only
status=0
for f in "$tmp"/*.dot; do
  name=$(basename "$f")
  if ! cmp -s "$f" "$root/viz/$name"; then
    echo "viz/$name differs from what the code produces now; run: cmake --build build --target viz"
    diff -u "$root/viz/$name" "$f" | head -20 || true
    status=1
  fi
done
n=$(ls "$tmp"/*.dot | wc -l)
echo "$n DOT files compared with viz/: $([ $status -eq 0 ] && echo identical || echo DIFFERENT)"
exit $status
