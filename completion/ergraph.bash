# bash completion for ergraph: commands, each command's options, the
# values of -T, -K, -f, --theme and --limit, and output names by extension
# (-o corpus.<TAB>).  The lists follow each command's --help; a test
# (completion/check.sh) holds them to it.

# Files and folders, one a line so that names may hold spaces.
_ergraph_filenames()
{
	compopt -o filenames 2>/dev/null
	mapfile -t -O ${#COMPREPLY[@]} COMPREPLY < <(compgen -f -- "$cur")
}

# -o: the files and folders there, and CUR's stem with each extension of $1.
_ergraph_outputs()
{
	local ext
	if [[ ${cur##*/} == ?*.* ]]; then
		for ext in $1; do
			# An existing file comes from the listing below.
			[[ ${cur%.*}.$ext == "$cur"* && ! -e ${cur%.*}.$ext ]] && COMPREPLY+=("${cur%.*}.$ext")
		done
	fi
	_ergraph_filenames
}

_ergraph()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} opts
	local select="-f --format --map --strict --vocabulary --limit --threads --since --until
		--types --relations --focus --depth --min-weight --max-nodes"
	local draw="-K --layout --dpi --theme --id-prefix --fixed-size"
	COMPREPLY=()
	# --theme=dark: bash splits the word at '='.
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 2)); then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "build validate stats diff merge import explain
			-h --help -V --version" -- "$cur"))
		return
	fi

	case $prev in
	-o | --output)
		case $cmd in
		build | merge) _ergraph_outputs "dot gv svg png pdf json graphml gexf html" ;;
		diff) _ergraph_outputs "txt json dot svg png pdf graphml gexf html" ;;
		import)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
		esac
		return ;;
	-T | --to) COMPREPLY=($(compgen -W "dot svg png pdf json graphml gexf html" -- "$cur")); return ;;
	-K | --layout) COMPREPLY=($(compgen -W "dot neato fdp sfdp circo twopi" -- "$cur")); return ;;
	-f | --format)
		if [[ $cmd == import ]]; then
			COMPREPLY=($(compgen -W "labelstudio doccano docred" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "native graph dot labelstudio doccano docred" -- "$cur"))
		fi
		return ;;
	--theme)
		COMPREPLY=($(compgen -W "default dark" -- "$cur"))
		_ergraph_filenames
		return ;;
	--limit)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -W "file-size= depth= entities= relations= name-length= graph-entities= graph-relations= draw-entities= draw-relations=" -- "$cur"))
		return ;;
	--map | --vocabulary | --layout-from) _ergraph_filenames; return ;;
	--dpi | --id-prefix | --threads | --since | --until | --types | --relations | --focus | \
	--depth | --min-weight | --max-nodes | --top | --old-since | --old-until | --new-since | \
	--new-until)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		case $cmd in
		build | merge)
			opts="-o --output -T --to $draw --legend --layout-from $select -q --quiet --all-warnings
				-v --verbose -h --help" ;;
		validate) opts="-f --format --map --strict --vocabulary --limit --threads -q --quiet --all-warnings -h --help" ;;
		stats) opts="--merges --conflicts --json --top ${select/--strict} -q --quiet --all-warnings -h --help" ;;
		explain) opts="-f --format --map -h --help" ;;
		diff)
			opts="--stat -o --output --old-since --old-until --new-since --new-until
				--no-legend $draw ${select/--map} -q --quiet --all-warnings -h --help" ;;
		import) opts="-f --format --map -o --output --limit -q --quiet --all-warnings -h --help" ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	_ergraph_filenames
}

complete -F _ergraph ergraph
