#!/bin/bash
# check.sh ERGRAPH COMPLETION: drive the bash completion function the way
# bash does (COMP_WORDS, COMP_CWORD, then COMPREPLY) and hold what it
# offers to the program's --help: the commands, each command's options,
# the values of -T, -K, -f and --theme, and the extensions of -o.
# Prints each mismatch; exits 1 if there is one.
set -u
erg=$(realpath "$1") bad=0 here=$(cd "$(dirname "$0")" && pwd) exts_build=
# shellcheck source=/dev/null
source "$2" || exit 2
[[ $(complete -p ergraph) == "complete -F _ergraph ergraph" ]] || { echo "completion: not registered"; bad=1; }
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

# What completing the last of "$@" offers, sorted, one a line.
offer() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_ergraph
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}
# Words on standard input, sorted, one a line.
words() { tr ', ' '\n\n' | sed '/^$/d' | sort; }
expect() { # WHAT GOT WANT
	if [[ $2 != "$3" ]]; then
		echo "completion: $1: offers [$(echo $2)], --help says [$(echo $3)]"
		bad=1
	fi
}
help() { "$erg" "$@" --help | tr '\n' ' ' | tr -s ' '; }

expect "ergraph b" "$(offer ergraph b)" build
cmds=$("$erg" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
expect "ergraph <TAB>" "$(offer ergraph '')" \
	"$( (echo "$cmds"; "$erg" --help | awk -f "$here/../man/help-options.awk") | sort -u)"

for cmd in $cmds; do
	from=$cmd
	# merge's help refers to build's for its options.
	help "$cmd" | grep -q "'ergraph build --help'" && from=build
	expect "ergraph $cmd -<TAB>" "$(offer ergraph "$cmd" -)" \
		"$("$erg" "$from" --help | awk -f "$here/../man/help-options.awk" | sort -u)"
	# The values of an option, from the first help that lists them
	# after its name (diff's refers to build's).
	accepts=$(offer ergraph "$cmd" -)
	for spec in "-K|--layout ENGINE \([a-z, ]*\).*" "--theme|--theme NAME|FILE \([a-z, ]*\), or .*" \
		"-f|--format FORMAT \([a-z, ]*\).*" "-T|--to FORMAT[^:]*: \([a-z, ]*\).*"; do
		opt=${spec%%|*} re=${spec#*|}
		grep -qx -- "$opt" <<<"$accepts" || continue
		for h in "$(help "$from")" "$(help build)"; do
			want=$(sed -n "s/.*$re/\1/p" <<<"$h" | words)
			[[ -n $want ]] && break
		done
		expect "ergraph $cmd $opt" "$(offer ergraph "$cmd" "$opt" '')" "$want"
	done
	# The extensions named after "extension: " up to the end of the paragraph.
	exts=$("$erg" "$from" --help | awk '/extension: /{ on = 1 } on && /^$/ { exit } on' |
		tr '\n' ' ' | sed 's/.*extension: / /' | grep -o ' \.[a-z]*' | sed 's/ \./g./' | sort -u)
	[[ $cmd == build ]] && exts_build=$exts
	[[ $cmd != import ]] && expect "ergraph $cmd -o g." "$(offer ergraph "$cmd" -o g.)" "$exts"
done

# The forms bash splits at '=', and files and folders after other words.
expect "ergraph build --theme=d" "$(offer ergraph build --theme = d)" "$(printf 'dark\ndefault')"
# The limit names: each word before a "(default)" in --limit's help.
limits=$("$erg" build --help | awk '/--limit/{ on = 1; print; next } on && /^ *-/{ exit } on' |
	tr -s ' \n' ' ' | grep -o '[a-z][a-z-]* (' | sed 's/ ($/=/' | sort -u)
expect "ergraph build --limit=" "$(offer ergraph build --limit =)" "$limits"
mkdir "my corpus" out && touch "my corpus/a.json" g.svg
expect "ergraph build my" "$(offer ergraph build my)" "my corpus"
expect "ergraph build -o g." "$(offer ergraph build -o g.)" \
	"$( (echo "$exts_build"; echo g.svg) | sort -u)"
expect "ergraph import x -o o" "$(offer ergraph import x -o o)" out
[[ $bad -eq 0 ]] && echo "completion: agrees with --help"
exit $bad
