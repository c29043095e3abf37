#!/bin/sh
# run.sh STEP SOURCE_DIR BUILD_DIR PREFIX: the installed ergraph, as a
# user outside the project meets it (the CTest tests labelled install).
#   prefix      cmake --install BUILD_DIR --prefix PREFIX (a fresh one)
#   pkg-config  example.c built with pkg-config --cflags --libs ergraph
#   cmake       consumer/, a project using find_package(ergraph)
#   symbols     libergraph.so exports exactly the ERG_API functions of ergraph.h
#   man         man -l renders each page; man finds them under PREFIX
#   completion  the installed completion script, driven as bash does
set -eu
step=$1 src=$2 build=$3 prefix=$4
work=$prefix.work/$step
rm -rf "$work" && mkdir -p "$work"
lib=$(dirname "$(find "$prefix" -name libergraph.so.0 2>/dev/null | head -1)")
fail() { echo "install: $*" >&2; exit 1; }

# The example against input/: the counts, and the same graph JSON as the
# installed command writes.
run_example() { # PROGRAM NAME
	LD_LIBRARY_PATH=$lib "$1" "$src/input" "$work/$2.json" >"$work/$2.out"
	echo "5 documents, 103 entities, 125 relations" | cmp -s - "$work/$2.out" ||
		fail "$2: printed '$(cat "$work/$2.out")'"
	"$prefix/bin/ergraph" build -q "$src/input" -o "$work/ref.json"
	cmp "$work/ref.json" "$work/$2.json" || fail "$2: graph JSON differs from ergraph build"
}
needs_libergraph() { # PROGRAM yes|no
	if readelf -d "$1" | grep -q 'NEEDED.*\[libergraph\.so\.0\]'; then got=yes; else got=no; fi
	[ "$got" = "$2" ] || fail "$(basename "$1"): needs libergraph.so.0: $got, expected $2"
}

case $step in
prefix)
	rm -rf "$prefix"
	cmake --install "$build" --prefix "$prefix" >"$prefix.log" || { cat "$prefix.log"; exit 1; }
	;;
pkg-config)
	export PKG_CONFIG_PATH="$lib/pkgconfig"
	[ "$(pkg-config --modversion ergraph)" = "$(sed -n 's/^#define ERG_VERSION "\(.*\)"/\1/p' "$src/src/ergraph.h")" ] ||
		fail "pkg-config --modversion ergraph: $(pkg-config --modversion ergraph)"
	# shellcheck disable=SC2046
	cc -std=c11 -Wall -Wextra -Werror "$src/tests/install/example.c" -o "$work/example" \
		$(pkg-config --cflags --libs ergraph)
	needs_libergraph "$work/example" yes
	run_example "$work/example" pkg-config
	;;
cmake)
	cmake -S "$src/tests/install/consumer" -B "$work" -DCMAKE_PREFIX_PATH="$prefix" \
		-DCMAKE_C_FLAGS="-Wall -Wextra -Werror" >"$work.log" || { cat "$work.log"; exit 1; }
	cmake --build "$work" >>"$work.log" || { cat "$work.log"; exit 1; }
	needs_libergraph "$work/example_shared" yes
	needs_libergraph "$work/example_static" no
	run_example "$work/example_shared" cmake-shared
	run_example "$work/example_static" cmake-static
	;;
symbols)
	so=$lib/libergraph.so.0
	readelf -d "$so" | grep -q 'SONAME.*\[libergraph\.so\.0\]' || fail "$so: soname is not libergraph.so.0"
	sed -n 's/^ERG_API .*[ *]\(erg_[a-z0-9_]*\)(.*/\1/p' "$prefix/include/ergraph.h" | sort >"$work/api"
	nm -D --defined-only "$so" | awk '{ print $3 }' | sort >"$work/exported"
	[ -s "$work/api" ] || fail "no ERG_API function found in ergraph.h"
	diff "$work/api" "$work/exported" >"$work/diff" ||
		fail "exported symbols (>) and ERG_API functions (<) differ: $(cat "$work/diff")"
	;;
man)
	n=0
	for page in "$prefix"/share/man/man1/*.1*; do
		name=$(basename "$page" | sed 's/\.1.*//')
		MANWIDTH=80 man --warnings -l "$page" >"$work/$name.txt" 2>"$work/$name.err" ||
			fail "man -l $page failed: $(cat "$work/$name.err")"
		[ ! -s "$work/$name.err" ] || fail "man -l $page: $(cat "$work/$name.err")"
		grep -q "^NAME" "$work/$name.txt" || fail "$page: no NAME section"
		[ "$(man -M "$prefix/share/man" -w "$name")" = "$page" ] || fail "man -M ... $name does not find $page"
		n=$((n + 1))
	done
	[ $n -eq 8 ] || fail "$n man pages installed, expected 8"
	;;
completion)
	bash "$src/completion/check.sh" "$prefix/bin/ergraph" "$prefix/share/bash-completion/completions/ergraph"
	;;
*) fail "unknown step $step" ;;
esac
