/*
 * cmd_stats.c - ergraph stats and ergraph explain.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char stats_usage[] =
	"Usage: ergraph stats [OPTION]... INPUT...\n"
	"Print counts per entity type and relation type, the best connected\n"
	"entities, and (with --merges) which records were merged into one entity.\n"
	"\n"
	"      --merges            list every merge and the reason for it\n"
	"      --conflicts         list every conflict across documents and the rule\n"
	"                          that resolved it\n"
	"      --json              only the conflicts, as JSON\n"
	"      --top N             how many entities to list (default 10; 0: all)\n"
	"  -f, --format FORMAT     native, graph, dot, labelstudio, doccano, docred\n"
	"                          (default: detected from the name and content)\n"
	"      --map FILE          map foreign labels to types (docs/formats.md)\n"
	"      --vocabulary FILE   more relation types\n"
	CLI_LIMIT_HELP
	CLI_THREADS_HELP
	CLI_ALL_WARNINGS_HELP
	"  filters as for build:   --types --relations --focus --depth --since --until\n"
	"                          --min-weight --max-nodes\n"
	"  -q, --quiet             no warnings\n"
	"  -h, --help              show this help\n";

static const char explain_usage[] =
	"Usage: ergraph explain [OPTION]... ID INPUT...\n"
	"Tell why the entity ID (an id, a merged id, a name or an alias) is what it\n"
	"is: the ids, names and documents merged into it, and the reason for each merge.\n"
	"\n"
	"  -f, --format FORMAT     native, graph, dot, labelstudio, doccano, docred\n"
	"                          (default: detected from the name and content)\n"
	"      --map FILE          map foreign labels to types (docs/formats.md)\n"
	"  -h, --help              show this help\n";

static const struct option options[] = {
	{"merges", no_argument, NULL, OPT_MERGES},
	{"conflicts", no_argument, NULL, OPT_CONFLICTS},
	{"json", no_argument, NULL, OPT_JSON},
	{"top", required_argument, NULL, OPT_TOP},
	CLI_SELECT_OPTIONS,
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* stats and explain read their options alike; explain takes an ID first. */
static int run(int argc, char **argv, bool explain)
{
	const char *cmd = explain ? "explain" : "stats";
	cli_diag_state diag = {false, 0, 0};
	cli_select sel = {ERG_LOAD_OPTIONS_INIT, ERG_FILTER_OPTIONS_INIT, {NULL}, 0, false};
	unsigned int flags = ERG_STATS_COUNTS | ERG_STATS_TOP;
	erg_graph *g = NULL;
	int opt, top = 10, status = EXIT_OK, rc, first;

	sel.load.diag = sel.filter.diag = cli_diag;
	sel.load.diag_ctx = sel.filter.diag_ctx = &diag;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:qh", options, NULL)) != -1) {
		if (cli_select_option(cmd, &sel, opt, optarg, &status)) {
			if (status != EXIT_OK)
				return status;
			continue;
		}
		switch (opt) {
		case OPT_MERGES: flags |= ERG_STATS_MERGES; break;
		case OPT_CONFLICTS: flags |= ERG_STATS_CONFLICTS; break;
		case OPT_JSON: flags |= ERG_STATS_JSON; break;
		case OPT_TOP:
			if (!cli_parse_int(cmd, "--top", optarg, 0, &top))
				return EXIT_TROUBLE;
			break;
		case 'q': diag.quiet = true; break;
		case 'h': fputs(explain ? explain_usage : stats_usage, stdout); return EXIT_OK;
		default: return cli_usage_error(cmd, "unknown option");
		}
	}
	first = optind + (explain ? 1 : 0);
	if (first >= argc)
		return cli_usage_error(cmd, explain ? "give an ID and at least one INPUT" : "no INPUT given");
	cli_select_progress(&sel, diag.quiet);
	status = cli_load(&g, argv + first, argc - first, &sel);
	cli_summary_end(&diag);
	if (status == EXIT_TROUBLE || !g)
		return status;
	rc = explain ? erg_explain_write(g, argv[optind], stdout) : erg_stats_write(g, stdout, flags, top);
	if (rc < 0)
		status = cli_fail(rc);
	erg_graph_free(g);
	return status;
}

int cmd_stats(int argc, char **argv)
{
	return run(argc, argv, false);
}

int cmd_explain(int argc, char **argv)
{
	return run(argc, argv, true);
}
