#!/bin/sh
# The benchmarks of docs/benchmarks.md.
#   run.sh ERGRAPH GEN_CORPUS PARSE_FLOOR MEASURE WORKDIR
# For N = 1,000, 10,000 and 100,000 synthetic documents over one entity
# vocabulary: the bare cJSON parse of the files (the floor), ergraph's
# build to graph JSON, the render to SVG in-process, and the same layout
# by the Graphviz command on the DOT ergraph wrote.  Then a 5,000-entity
# graph drawn with the automatic engine choice.  Writes WORKDIR/results.md.
set -eu
ergraph=$1 gen=$2 floor=$3 measure=$4 work=$5
vocab=2000
mkdir -p "$work"
out="$work/results.md"
{
	echo "| documents | parse floor s | build s | build peak MiB | entities | relations | render s | engine | Graphviz command s |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---|---:|"
} > "$out"
for n in 1000 10000 100000; do
	dir="$work/corpus-$n"
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir"
		"$gen" "$n" "$vocab" 1 "$dir"
	fi
	floor_s=$("$measure" "$floor" "$dir"/*.jsonl | cut -f1)
	set -- $("$measure" "$ergraph" build -q "$dir" -o "$work/g-$n.json")
	build_s=$1 build_mb=$2
	counts=$("$ergraph" stats -q "$work/g-$n.json" | awk '/^entities/{e=$2} /^relations/{r=$2} END{print e" "r}')
	"$ergraph" build -q "$work/g-$n.json" -o "$work/g-$n.dot"
	engine=$("$ergraph" build "$work/g-$n.json" -o "$work/g-$n.svg" 2>&1 | grep -q sfdp && echo sfdp || echo neato)
	render_s=$("$measure" "$ergraph" build -q "$work/g-$n.json" -o "$work/g-$n.svg" | cut -f1)
	# The same work by the command, on the same DOT with ergraph's layout
	# settings for that engine: for sfdp, straight edges and no edge labels
	# (the DOT gives every edge a label, which -E cannot override: gvpr).
	if [ "$engine" = sfdp ]; then
		gvpr -c 'E{label=""}' "$work/g-$n.dot" > "$work/g-$n-plain.dot"
		cmd_s=$("$measure" sfdp -Gsplines=false -Tsvg "$work/g-$n-plain.dot" -o "$work/g-$n-cmd.svg" | cut -f1)
	else
		cmd_s=$("$measure" neato -Tsvg "$work/g-$n.dot" -o "$work/g-$n-cmd.svg" | cut -f1)
	fi
	echo "| $n | $floor_s | $build_s | $build_mb | ${counts% *} | ${counts#* } | $render_s | $engine | $cmd_s |" >> "$out"
done
# 5,000 entities drawn with the automatic choice.
dir="$work/corpus-5k"
if [ ! -d "$dir" ]; then
	mkdir -p "$dir"
	"$gen" 20000 5000 2 "$dir"
fi
"$ergraph" build -q "$dir" -o "$work/g-5k.json"
set -- $("$measure" "$ergraph" build -q "$work/g-5k.json" -o "$work/g-5k.svg")
{
	echo
	echo "5,000-entity vocabulary, 20,000 documents: $("$ergraph" stats -q "$work/g-5k.json" | awk '/^entities/{print $2}') entities drawn to SVG with the automatic choice in $1 s (peak $2 MiB)."
} >> "$out"
cat "$out"
