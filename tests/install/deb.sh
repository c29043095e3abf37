#!/bin/sh
# deb.sh SOURCE_DIR BUILD_DIR LIBDIR CONFIG: the Debian packages of the
# build (cpack -G DEB into BUILD_DIR/package-test): their names, Depends
# and contents, and lintian without an error.
# LIBDIR is CMAKE_INSTALL_LIBDIR, CONFIG the build type in lower case.
set -eu
src=$1 build=$2 lib=$3 cfg=$4 out=$2/package-test
fail() { echo "deb: $*" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }

v=$(sed -n 's/^#define ERG_VERSION "\(.*\)"/\1/p' "$src/src/ergraph.h")
arch=$(dpkg --print-architecture)
deb() { echo "$out/${1}_${v}_$arch.deb"; }
for p in ergraph libergraph0 libergraph-dev; do
	[ -f "$(deb $p)" ] || fail "no $(basename "$(deb $p)"): $(ls "$out")"
done

# Depends: Debian's Graphviz and cJSON libraries, from dpkg-shlibdeps.
for p in ergraph libergraph0; do
	deps=$(dpkg-deb --field "$(deb $p)" Depends)
	for d in libc6 libcgraph6 libgvc6 libcjson1; do
		echo "$deps" | tr ',' '\n' | grep -q "^ *$d\( \|$\)" || fail "$p: Depends '$deps' lacks $d"
	done
done
[ "$(dpkg-deb --field "$(deb libergraph-dev)" Depends)" = "libergraph0 (= $v), libgraphviz-dev, libcjson-dev, libutf8proc-dev" ] ||
	fail "libergraph-dev: Depends: $(dpkg-deb --field "$(deb libergraph-dev)" Depends)"
dpkg-deb --ctrl-tarfile "$(deb libergraph0)" | tar -xOf - ./shlibs >"$out/shlibs"
[ "$(cat "$out/shlibs")" = "libergraph 0 libergraph0 (>= $v)" ] || fail "libergraph0: shlibs: $(cat "$out/shlibs")"

# The files of each package, exactly.
contents() { dpkg-deb --contents "$(deb "$1")" | awk '$6 !~ /\/$/ { print $6 }' | sed 's|^\./||' | sort; }
expect() { # PACKAGE FILE...
	p=$1; shift
	printf '%s\n' "$@" "usr/share/doc/$p/changelog.gz" "usr/share/doc/$p/copyright" | sort >"$out/$p.want"
	contents "$p" >"$out/$p.got"
	diff "$out/$p.want" "$out/$p.got" >"$out/$p.diff" || fail "$p: contents differ (> extra, < missing): $(cat "$out/$p.diff")"
}
man=usr/share/man/man1
expect ergraph usr/bin/ergraph usr/share/bash-completion/completions/ergraph $man/ergraph.1.gz \
	$man/ergraph-build.1.gz $man/ergraph-diff.1.gz $man/ergraph-explain.1.gz $man/ergraph-import.1.gz \
	$man/ergraph-merge.1.gz $man/ergraph-stats.1.gz $man/ergraph-validate.1.gz
expect libergraph0 "usr/$lib/libergraph.so.0" "usr/$lib/libergraph.so.$v"
cm=usr/$lib/cmake/ergraph
expect libergraph-dev usr/include/ergraph.h "usr/$lib/libergraph.a" "usr/$lib/libergraph.so" \
	"usr/$lib/pkgconfig/ergraph.pc" $cm/ergraphConfig.cmake $cm/ergraphConfigVersion.cmake \
	$cm/ergraphTargets.cmake $cm/ergraphStaticTargets.cmake \
	"$cm/ergraphTargets-$cfg.cmake" "$cm/ergraphStaticTargets-$cfg.cmake"
dpkg-deb --contents "$(deb libergraph-dev)" | grep -q "usr/$lib/pkgconfig/ergraph.pc" &&
	dpkg-deb --fsys-tarfile "$(deb libergraph-dev)" | tar -xOf - "./usr/$lib/pkgconfig/ergraph.pc" | grep -qx 'prefix=/usr' ||
	fail "libergraph-dev: ergraph.pc does not say prefix=/usr"

command -v lintian >/dev/null || fail "lintian not found: apt-get install lintian"
lintian --fail-on error "$out"/*.deb || fail "lintian found errors"
echo "deb: $(ls "$out"/*.deb | wc -l) packages"
