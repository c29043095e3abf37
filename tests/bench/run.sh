#!/bin/sh
# The benchmarks of docs/benchmarks.md.
#   run.sh ERGRAPH GEN_CORPUS PARSE_FLOOR MEASURE WORKDIR
#
# For N = 1,000, 10,000 and 100,000 synthetic documents over one entity
# vocabulary (2,000 entities, a world of 6,000 facts): the bare cJSON
# parse of the files (the floor), ergraph's build to graph JSON (ingest
# and total; and the whole build again in one thread, --threads 1), its
# peak memory, the in-process drawing to SVG, and the
# same layout by the Graphviz command on the DOT ergraph wrote.  Then a
# stress case whose relations join random pairs (the graph keeps growing),
# and a 5,000-entity graph drawn with the automatic engine choice.  This
# machine's timings wander by tens of per cent between runs: every time
# is the median of RUNS runs (default 3), memory the largest.  SIZES
# replaces the three sizes (a quick try: SIZES="1000 2000").  Writes
# WORKDIR/results.md.
set -eu
ergraph=$1 gen=$2 floor=$3 measure=$4 work=$5
runs=${RUNS:-3}
mkdir -p "$work"
out="$work/results.md"
rm -f "$work/ratios" "$work/dots"

# The median time and the largest MiB of the runs in a file: "SECONDS MIB"
median() {
	sort -n "$1" | awk -v n="$runs" '{t[NR]=$1; if ($2 > m) m=$2} END {printf "%.2f %.1f\n", t[int((n+1)/2)], m}'
}

# median TIME and max MiB of $runs runs of a command: "SECONDS MIB"
timed() {
	i=0
	: > "$work/times"
	while [ $i -lt "$runs" ]; do
		"$measure" "$@" 2> "$work/stderr" >> "$work/times"
		i=$((i + 1))
	done
	median "$work/times"
}

# The seconds of a step that `ergraph -v` reported in $work/stderr.
step() {
	grep "$1" "$work/stderr" | sed 's/.* in \([0-9.]*\) s$/\1/' | awk '{s += $1} END {printf "%.2f", s}'
}

corpus() { # N VOCABULARY SEED DIR [--random-pairs]
	if [ ! -d "$4" ]; then
		mkdir -p "$4"
		"$gen" ${5:-} "$1" "$2" "$3" "$4"
	fi
}

{
	echo "| documents | MB | parse floor s | ingest s | build s | build / floor | peak MiB | one thread s | one thread / floor | entities | relations | draw s | engine | Graphviz command s | draw / command |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
} > "$out"
prev_mib= prev_n=
for n in ${SIZES:-1000 10000 100000}; do
	dir="$work/corpus-$n"
	corpus "$n" 2000 1 "$dir"
	mb=$(du -sm "$dir" | cut -f1)
	# The floor and the builds take turns, so that a slow spell of the
	# machine falls on all of them alike.
	: > "$work/t-floor"; : > "$work/t-one"; : > "$work/t-build"
	i=0
	while [ $i -lt "$runs" ]; do
		"$measure" "$floor" "$dir"/*.jsonl 2> /dev/null >> "$work/t-floor"
		"$measure" "$ergraph" build -q --threads 1 "$dir" -o "$work/g-$n.json" 2> /dev/null >> "$work/t-one"
		"$measure" "$ergraph" build -q -v "$dir" -o "$work/g-$n.json" 2> "$work/stderr" >> "$work/t-build"
		i=$((i + 1))
	done
	set -- $(median "$work/t-floor")
	floor_s=$1
	set -- $(median "$work/t-one")
	one_s=$1
	set -- $(median "$work/t-build")
	build_s=$1 build_mib=$2
	ingest_s=$(step "read [0-9]* documents")
	counts=$("$ergraph" stats -q "$work/g-$n.json" | awk '/^entities/{e=$2} /^relations/{r=$2} END{print e" "r}')
	# The drawing, from the same build: the Graphviz graph, the layout, the
	# SVG; and the command on the DOT ergraph wrote, with ergraph's settings
	# for the engine: for sfdp straight edges and no edge labels (the DOT
	# labels every edge, which -E cannot undo: gvpr keeps the order of the
	# statements, and with it the layout).  Both draw the same picture
	# (render.svg checks it), taking turns like the builds above.
	set -- $("$measure" "$ergraph" build -q "$dir" -o "$work/g-$n.dot")
	echo "Build of $n documents to DOT: $(($(wc -c < "$work/g-$n.dot") / 1000000)) MB in $1 s, peak $2 MiB." >> "$work/dots"
	: > "$work/t-draw"; : > "$work/t-cmd"
	i=0
	while [ $i -lt "$runs" ]; do
		"$ergraph" build -q -v "$dir" -o "$work/g-$n.svg" 2> "$work/stderr"
		engine=$(sed -n 's/.*laid out with \([a-z]*\) in.*/\1/p' "$work/stderr")
		awk -v a="$(step 'made the Graphviz graph')" -v b="$(step 'laid out with')" \
		    -v c="$(step "made .*g-$n.svg")" 'BEGIN {printf "%.2f 0\n", a + b + c}' >> "$work/t-draw"
		if [ "$engine" = sfdp ]; then
			[ $i -gt 0 ] || gvpr -c 'E{label=""}' "$work/g-$n.dot" > "$work/g-$n-plain.dot"
			"$measure" sfdp -Gsplines=false -Tsvg "$work/g-$n-plain.dot" -o "$work/g-$n-cmd.svg" >> "$work/t-cmd"
		else
			[ $i -gt 0 ] || gvpr -c 'E{xlabel=label; label=""}' "$work/g-$n.dot" > "$work/g-$n-plain.dot"
			# neato's edges are straight past 300 relations (docs/cli.md)
			splines=true
			[ "${counts#* }" -le 300 ] || splines=false
			"$measure" neato -Gsplines=$splines -Tsvg "$work/g-$n-plain.dot" -o "$work/g-$n-cmd.svg" >> "$work/t-cmd"
		fi
		i=$((i + 1))
	done
	set -- $(median "$work/t-draw")
	draw_s=$1
	set -- $(median "$work/t-cmd")
	cmd_s=$1
	echo "| $n | $mb | $floor_s | $ingest_s | $build_s | $(awk -v a="$build_s" -v b="$floor_s" 'BEGIN {printf "%.2f", a / b}') | $build_mib | $one_s | $(awk -v a="$one_s" -v b="$floor_s" 'BEGIN {printf "%.2f", a / b}') | ${counts% *} | ${counts#* } | $draw_s | $engine | $cmd_s | $(awk -v a="$draw_s" -v b="$cmd_s" 'BEGIN {printf "%.2f", a / b}') |" >> "$out"
	[ -n "$prev_mib" ] && echo "Peak memory, $n documents against $prev_n: $(awk -v a="$build_mib" -v b="$prev_mib" 'BEGIN {printf "%.2f", a / b}')x." >> "$work/ratios"
	prev_mib=$build_mib prev_n=$n
done
echo >> "$out"
cat "$work/ratios" >> "$out" 2>/dev/null || true
echo >> "$out"
cat "$work/dots" >> "$out" 2>/dev/null || true
rm -f "$work/ratios" "$work/dots"

# Memory once the graph has stopped growing: a vocabulary of 200 entities
# (600 facts) that 1,000 documents already nearly cover, so that 10x the
# documents is 10x the corpus over the same graph.  One run each.
echo >> "$out"
prev_mib= prev_n=
for n in ${SIZES:-1000 10000 100000}; do
	dir="$work/corpus-v200-$n"
	corpus "$n" 200 3 "$dir"
	set -- $("$measure" "$ergraph" build -q "$dir" -o "$work/g-v200.json")
	line="Vocabulary of 200, $n documents: peak $2 MiB, $("$ergraph" stats -q "$work/g-v200.json" | awk '/^entities/{e=$2} /^relations/{r=$2} END{print e" entities, "r" relations"}')"
	[ -n "$prev_mib" ] && line="$line; $(awk -v a="$2" -v b="$prev_mib" 'BEGIN {printf "%.2f", a / b}')x the memory of $prev_n"
	echo "$line." >> "$out"
	prev_mib=$2 prev_n=$n
done

# Relations between random pairs of each document's entities: the graph
# grows with the corpus instead of settling (a stress case, build only).
big=${SIZES:-100000}
big=${big##* }
dir="$work/corpus-random-$big"
corpus "$big" 2000 1 "$dir" --random-pairs
set -- $(timed "$ergraph" build -q "$dir" -o "$work/g-random.json")
{
	echo
	echo "Random pairs, $big documents: build $1 s, peak $2 MiB, $("$ergraph" stats -q "$work/g-random.json" | awk '/^relations/{print $2}') relations."
} >> "$out"

# 5,000 entities drawn with the automatic choice (random pairs: every
# entity of the vocabulary is in some relation).
dir="$work/corpus-5k"
corpus 20000 5000 2 "$dir" --random-pairs
"$ergraph" build -q "$dir" -o "$work/g-5k.json"
set -- $("$measure" "$ergraph" build -q -v "$work/g-5k.json" -o "$work/g-5k.svg" 2> "$work/stderr")
{
	echo
	echo "5,000-entity vocabulary, 20,000 documents, random pairs: $("$ergraph" stats -q "$work/g-5k.json" | awk '/^entities/{print $2" entities and "}')$("$ergraph" stats -q "$work/g-5k.json" | awk '/^relations/{print $2" relations"}') drawn to SVG with the automatic choice ($(sed -n 's/.*laid out with \([a-z]*\) in.*/\1/p' "$work/stderr")) in $1 s from its graph JSON (peak $2 MiB)."
} >> "$out"
cat "$out"
