#!/bin/sh
# Regenerates the diagrams in viz/ from the bundled Kosovo dataset (the `viz` build target runs
# this). Usage: viz/regenerate.sh SOURCE_DIR [OUT_DIR] [--dot-only]
# CLAIMGRAPH names the binary (default SOURCE_DIR/build/claimgraph). With --dot-only only the DOT
# files are written (the `viz_up_to_date` test compares them with the committed ones).
set -eu
root=${1:?usage: regenerate.sh SOURCE_DIR [OUT_DIR] [--dot-only]}
out=${2:-$root/viz}
dot_only=${3:-}
cg=${CLAIMGRAPH:-$root/build/claimgraph}
data=$root/datasets/kosovo
style=$root/viz/style.json

# name  engine  title  options...
draw() {
  name=$1 engine=$2 title=$3
  shift 3
  "$cg" dot --style "$style" --title "$title" "$@" -o "$out/$name.dot" "$data"
  if [ "$dot_only" != "--dot-only" ]; then
    "$cg" render --style "$style" --format svg --engine "$engine" --title "$title" "$@" -o "$out/$name.svg" "$data"
  fi
}

# the most central actor by PageRank (first data row of the CSV)
top=$("$cg" centrality --measures pagerank --top 1 "$data" | sed -n 2p | cut -d, -f1)

draw kosovo sfdp "Kosovo: trafficking and corruption, every sourced claim (5 documents)" --size-by pagerank
draw kosovo-ego-$top dot "Kosovo: the ego network of the most central actor ($top, depth 1)" --focus "$top" --depth 1
draw kosovo-anonymous sfdp "Kosovo: links that rest only on anonymous voices" --anonymous-only
draw kosovo-path-luan-thaci dot "Kosovo: the 3 most credible chains between the trafficker 'Luan' and Hashim Thaci" \
  --path anon_luan hashim_thaci --k 3
if [ "$dot_only" != "--dot-only" ]; then
  "$cg" render --style "$style" --format html --engine sfdp --size-by pagerank \
    --title "Kosovo: trafficking and corruption claims (click an edge for its evidence)" -o "$out/kosovo.html" "$data"
fi
