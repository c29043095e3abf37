/*
 * cli.h - what the subcommands of the ergraph tool share.
 */
#ifndef ERG_CLI_H
#define ERG_CLI_H

#include "ergraph.h"

#include <getopt.h>
#include <stdbool.h>

/* Exit statuses (docs/cli.md), as diff(1) and dot(1) use them. */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_TROUBLE = 2 };

/* Long-only options shared by several commands. */
enum {
	OPT_STRICT = 256, OPT_VOCABULARY, OPT_TYPES, OPT_RELATIONS, OPT_FOCUS, OPT_DEPTH,
	OPT_SINCE, OPT_UNTIL, OPT_MIN_WEIGHT, OPT_MAX_NODES, OPT_DPI, OPT_ID_PREFIX, OPT_THEME,
	OPT_LEGEND, OPT_FIXED_SIZE, OPT_MERGES, OPT_CONFLICTS, OPT_JSON, OPT_TOP, OPT_LAYOUT_FROM,
	OPT_MAP, OPT_LIMIT, OPT_THREADS, OPT_ALL_WARNINGS, OPT_NO_LEGEND,
};

typedef struct {
	bool quiet;
	bool verbose;          /* print notes (steps and their times) */
	int warnings, errors;
	bool progress_shown;   /* a progress line is on the terminal */
	double started, last;  /* seconds, for the progress line */
	bool all_warnings;     /* --all-warnings: no summary */
	erg_diag_summary *summary; /* repeated messages counted (cli_summary_end) */
} cli_diag_state;

/** How many messages of one kind are printed before they are only counted. */
#define CLI_SHOWN_OF_A_KIND 3

/**
 * Summarise repeated messages of the loads that use `lo` in st (unless
 * --all-warnings): one summary for the whole run.  False: no memory.
 */
bool cli_summary_start(cli_diag_state *st, erg_load_options *lo);
/** At the end of a run: a line for each kind of message held back; frees. */
void cli_summary_end(cli_diag_state *st);

/** Documents read so far, on one line of a terminal's stderr (erg_load_options.progress). */
void cli_progress(void *ctx, size_t documents);

/** Print a library diagnostic as "ergraph: [warning: ]MESSAGE". */
void cli_diag(void *ctx, erg_diag_level level, const char *msg);

/** Print "ergraph: MESSAGE" for the last library error; return its exit status. */
int cli_fail(int rc);
/** Report a failed allocation of the command's own; returns exit 2. */
int cli_nomem(void);

/** Print a usage error and the hint to run --help; returns EXIT_TROUBLE. */
int cli_usage_error(const char *cmd, const char *fmt, ...);

/** Parse -f: native, graph, dot.  Returns false on an unknown name. */
bool cli_parse_format(const char *s, erg_format *out);

/**
 * Parse --limit NAME=VALUE into `limits`: file-size (K, M, G suffixes),
 * depth, entities, relations, name-length, graph-entities,
 * graph-relations; draw-entities and draw-relations into draw[0] and
 * draw[1] (NULL: a command that draws nothing ignores them).  False
 * after a usage error.
 */
bool cli_parse_limit(const char *cmd, const char *arg, erg_limits *limits, long *draw);

/* The help lines of --limit. */
#define CLI_LIMIT_HELP                                                                    \
	"      --limit NAME=N      raise or lower a limit: file-size (256M), depth (64),\n"    \
	"                          entities (10000) and relations (100000) in a document,\n"  \
	"                          name-length (1024 bytes); graph-entities (200000) and\n"   \
	"                          graph-relations (500000) in the graph; draw-entities\n"    \
	"                          (5000) and draw-relations (100000) in a drawing\n"

/* The help line of --all-warnings. */
#define CLI_ALL_WARNINGS_HELP                                                             \
	"      --all-warnings      print every message (default: the first 3 of a kind,\n"   \
	"                          then a count at the end)\n"

/* The help lines of --threads. */
#define CLI_THREADS_HELP                                                                  \
	"      --threads N         1: read in one thread (default: JSON Lines documents are\n"   \
	"                          checked in a second thread on a machine with 2+ cores)\n"

/** Parse a whole number >= min for option `name`. */
bool cli_parse_int(const char *cmd, const char *name, const char *s, int min, int *out);
/** Parse --dpi: a whole number from 1 to ERG_MAX_DPI (a usage error if not). */
bool cli_parse_dpi(const char *cmd, const char *s, double *out);

/*
 * The getopt_long entries of the options cli_select_option() handles:
 * how inputs are read and which part of the graph is kept.  Commands put
 * this in their option table.
 */
#define CLI_SELECT_OPTIONS                                                   \
	{"format", required_argument, NULL, 'f'},                            \
	{"strict", no_argument, NULL, OPT_STRICT},                           \
	{"vocabulary", required_argument, NULL, OPT_VOCABULARY},             \
	{"map", required_argument, NULL, OPT_MAP},                           \
	{"limit", required_argument, NULL, OPT_LIMIT},                       \
	{"threads", required_argument, NULL, OPT_THREADS},                   \
	{"all-warnings", no_argument, NULL, OPT_ALL_WARNINGS},               \
	{"since", required_argument, NULL, OPT_SINCE},                       \
	{"until", required_argument, NULL, OPT_UNTIL},                       \
	{"types", required_argument, NULL, OPT_TYPES},                       \
	{"relations", required_argument, NULL, OPT_RELATIONS},               \
	{"focus", required_argument, NULL, OPT_FOCUS},                       \
	{"depth", required_argument, NULL, OPT_DEPTH},                       \
	{"min-weight", required_argument, NULL, OPT_MIN_WEIGHT},             \
	{"max-nodes", required_argument, NULL, OPT_MAX_NODES}

/*
 * The getopt_long entries of the drawing options build and diff share;
 * cli_render_option() handles them.  --layout is in each command's own
 * table: getopt lists an ambiguous abbreviation's candidates in table
 * order, and build and diff list it at different places.  --legend and
 * --layout-from (build) and --no-legend (diff) belong to one command.
 */
#define CLI_RENDER_OPTIONS                                                   \
	{"dpi", required_argument, NULL, OPT_DPI},                           \
	{"theme", required_argument, NULL, OPT_THEME},                       \
	{"id-prefix", required_argument, NULL, OPT_ID_PREFIX},               \
	{"fixed-size", no_argument, NULL, OPT_FIXED_SIZE}

/**
 * Handle one drawing option into `ro`: -K, --dpi, --theme, --id-prefix,
 * --fixed-size, --legend, --no-legend, --layout-from.  False if `opt` is
 * not one of them.  *status is EXIT_OK, or EXIT_TROUBLE after a usage
 * error (reported).  `ro` keeps pointers to `arg` (argv outlives it).
 */
bool cli_render_option(const char *cmd, erg_render_options *ro, int opt, const char *arg, int *status);

/** The filter and load options a command accepts, set from one option. */
#define CLI_MAX_FOCUS 64

typedef struct {
	erg_load_options load;
	erg_filter_options filter;
	const char *focus[CLI_MAX_FOCUS + 1]; /* --focus, repeatable */
	int nfocus;
	bool filtered;
	long draw[2];  /* --limit draw-entities, draw-relations (0: the defaults) */
} cli_select;

/** Show a progress line while loading, if stderr is a terminal and not quiet. */
void cli_select_progress(cli_select *sel, bool quiet);

/** Handle one shared option; false if `opt` is not one of them. */
bool cli_select_option(const char *cmd, cli_select *sel, int opt, const char *arg, int *status);

/**
 * Load every INPUT into a new finished graph (caller frees) and apply the
 * filters.  Returns an exit status: EXIT_OK; EXIT_INVALID when input
 * errors left something out (reported), with the graph of the rest in
 * *out, or NULL under --strict or when no document is left; EXIT_TROUBLE
 * with *out NULL.
 */
int cli_load(erg_graph **out, char **inputs, int n, cli_select *sel);

int cmd_build(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
