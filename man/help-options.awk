# The options named in the indented lines of a --help text (its option
# table, not its prose): --long or -X after a space, comma, '(' or '['.
# One a line; pipe through sort -u.
/^[[:space:]]/ {
	line = " " $0
	while (match(line, /[ ,(\[](--[a-z][a-z-]*[a-z]|-[A-Za-z])([^A-Za-z0-9-]|$)/)) {
		tok = substr(line, RSTART + 1, RLENGTH - 1)
		sub(/[^A-Za-z0-9-]$/, "", tok)
		print tok
		line = substr(line, RSTART + RLENGTH - 1)
	}
}
