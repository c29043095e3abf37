#!/bin/sh
# check.sh ERGRAPH MANDIR: the man pages in MANDIR (ergraph.1 and
# ergraph-COMMAND.1, as the build writes them) against the program:
#   - every command of 'ergraph --help' has a page and a COMMANDS entry,
#     and every page and entry is a command;
#   - every option in 'ergraph CMD --help' is in an entry (.TP heading) of
#     the page's OPTIONS section;
#   - every option of those entries is in the --help (or in build's when
#     the help says "as for build") and is accepted by the command.
# Prints each mismatch; exits 1 if there is one.
set -u
erg=$1 dir=$2 bad=0 tmp=${TMPDIR:-/tmp}/ergman.$$
mkdir -p "$tmp" && trap 'rm -rf "$tmp"' EXIT

opts() { awk -f "$(dirname "$0")/help-options.awk" | sort -u; }

# The .TP headings of a page's section $2, roff escapes removed.
headings() {
	awk -v sect="$2" '
		/^\.SH / { on = ($0 == ".SH " sect) ; next }
		on && /^\.TP/ { getline; print }' "$1" |
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/"/ /g' -e 's/^\.[A-Z]*//' -e 's/^/ /'
}

fail() { echo "man: $*"; bad=1; }

"$erg" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' |
	sort >"$tmp/commands"
headings "$dir/ergraph.1" COMMANDS | awk '{ print $1 }' | sort >"$tmp/entries"
ls "$dir" | sed -n 's/^ergraph-\(.*\)\.1$/\1/p' | sort >"$tmp/pages"
comm -23 "$tmp/commands" "$tmp/pages" | while read -r c; do echo "man: $c: no page ergraph-$c.1"; done
comm -13 "$tmp/commands" "$tmp/pages" | while read -r c; do echo "man: ergraph-$c.1: '$c' is not a command"; done
comm -3 "$tmp/commands" "$tmp/entries" | sed 's/^[[:space:]]*\(.*\)/man: ergraph.1: COMMANDS and --help differ on \1/'
cmp -s "$tmp/commands" "$tmp/pages" && cmp -s "$tmp/commands" "$tmp/entries" || bad=1

"$erg" build --help | opts >"$tmp/build"
for cmd in "" $(cat "$tmp/commands"); do
	page=$dir/ergraph${cmd:+-$cmd}.1
	[ -f "$page" ] || continue
	name=ergraph${cmd:+ $cmd}
	"$erg" $cmd --help >"$tmp/help" || fail "'$name --help' failed"
	opts <"$tmp/help" >"$tmp/help-opts"
	headings "$page" OPTIONS | opts >"$tmp/page-opts"
	[ -s "$tmp/page-opts" ] || fail "$page: no options in its OPTIONS section"
	for o in $(comm -23 "$tmp/help-opts" "$tmp/page-opts"); do
		fail "$page: $o is in '$name --help' but not in OPTIONS"
	done
	known=$tmp/help-opts
	if tr '\n' ' ' <"$tmp/help" | grep -q "as *for build"; then
		sort -u "$tmp/help-opts" "$tmp/build" >"$tmp/known"
		known=$tmp/known
	fi
	for o in $(comm -13 "$known" "$tmp/page-opts"); do
		fail "$page: $o is in OPTIONS but not in '$name --help'"
	done
	for o in $(cat "$tmp/page-opts"); do
		if "$erg" $cmd "$o" </dev/null 2>&1 | grep -q "unrecognized option\|invalid option"; then
			fail "$page: '$name' does not accept $o"
		fi
	done
done
[ $bad -eq 0 ] && echo "man: $(ls "$dir"/*.1 | wc -l) pages agree with --help"
exit $bad
