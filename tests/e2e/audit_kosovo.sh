#!/bin/sh
# CTest `audit_kosovo`: the bundled Kosovo dataset must audit clean against the seed texts.
# Usage: audit_kosovo.sh BINARY SOURCE_DIR SEEDS_DIR
# Exits 77 (CTest: skipped) when SEEDS_DIR does not exist; set it with -DCLAIMGRAPH_SEEDS_DIR=...
set -u
bin=$1
root=$2
seeds=$3
if [ ! -d "$seeds" ]; then
    echo "skipped: the seed texts folder '$seeds' does not exist (configure with -DCLAIMGRAPH_SEEDS_DIR=DIR)"
    exit 77
fi
exec "$bin" audit "$root/datasets/kosovo" --texts "$seeds"
