#!/bin/sh
# cluster.dask: examples/dask/shard_build.py on a distributed.LocalCluster
# of two worker processes talking TCP on 127.0.0.1.  A generated corpus of
# 4,000 documents (4 files) is built in 4 shards and merged two at a time
# (two merges, then the last); the result must be one build of the whole,
# byte for byte, and every partial graph of the tree must have been made.
#   dask_shards.sh ERGRAPH GEN_CORPUS SHARD_BUILD
set -eu
ergraph=$1 gen=$2 job=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
"$gen" 4000 400 21 "$work/corpus"
"$ergraph" build -q "$work/corpus" -o "$work/whole.json"
/usr/bin/python3 "$job" --ergraph "$ergraph" --workers 2 --shards 4 --fan-in 2 \
	--work "$work/parts" "$work/corpus" -o "$work/cluster.json"
cmp "$work/whole.json" "$work/cluster.json"
# 4 shards, then 2 merges; the last merge wrote cluster.json.
parts=$(ls "$work/parts" | tr '\n' ' ')
expected="merge-1-0.json merge-1-1.json shard-0.json shard-1.json shard-2.json shard-3.json "
if [ "$parts" != "$expected" ]; then
	echo "partial graphs: $parts" >&2
	echo "expected:       $expected" >&2
	exit 1
fi
echo "cluster: 4 shards on 2 workers merged to the graph of one build"
