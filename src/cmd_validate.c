/*
 * cmd_validate.c - ergraph validate: check inputs, write nothing.
 */
#include "cli.h"

#include <stdio.h>

static const char usage[] =
	"Usage: ergraph validate [OPTION]... INPUT...\n"
	"Check annotation files (and graphs) without writing anything: JSON syntax\n"
	"(FILE:LINE:COL), the schema (FILE: json.path), spans against the text,\n"
	"references, dates, and ids used with two types across the corpus.\n"
	"\n"
	"  -f, --format FORMAT     native, graph, dot, labelstudio, doccano, docred\n"
	"                          (default: detected from the name and content)\n"
	"      --map FILE          map foreign labels to types (docs/formats.md)\n"
	"      --strict            warnings (unknown relation types, endpoint types,\n"
	"                          unsafe source URLs) are errors\n"
	"      --vocabulary FILE   more relation types\n"
	CLI_LIMIT_HELP
	CLI_THREADS_HELP
	CLI_ALL_WARNINGS_HELP
	"  -q, --quiet             no warnings, and no summary line\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 valid, 1 input errors, 2 usage or system error.\n";

static const struct option options[] = {
	{"format", required_argument, NULL, 'f'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"vocabulary", required_argument, NULL, OPT_VOCABULARY},
	{"map", required_argument, NULL, OPT_MAP},
	{"limit", required_argument, NULL, OPT_LIMIT},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"all-warnings", no_argument, NULL, OPT_ALL_WARNINGS},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_validate(int argc, char **argv)
{
	cli_diag_state diag = {false, 0, 0};
	cli_select sel = {ERG_LOAD_OPTIONS_INIT, ERG_FILTER_OPTIONS_INIT, {NULL}, 0, false};
	erg_graph *g = NULL;
	int opt, status = EXIT_OK;

	sel.load.diag = cli_diag;
	sel.load.diag_ctx = &diag;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:qh", options, NULL)) != -1) {
		if (cli_select_option("validate", &sel, opt, optarg, &status)) {
			if (status != EXIT_OK)
				return status;
			continue;
		}
		switch (opt) {
		case 'q': diag.quiet = true; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: return cli_usage_error("validate", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("validate", "no INPUT given");
	cli_select_progress(&sel, diag.quiet);
	status = cli_load(&g, argv + optind, argc - optind, &sel);
	cli_summary_end(&diag);
	if (status == EXIT_OK && !diag.quiet)
		fprintf(stderr, "ergraph: valid: %zu document%s, %zu entit%s, %zu relation%s%s\n",
			erg_graph_document_count(g), erg_graph_document_count(g) == 1 ? "" : "s",
			erg_graph_node_count(g), erg_graph_node_count(g) == 1 ? "y" : "ies",
			erg_graph_edge_count(g), erg_graph_edge_count(g) == 1 ? "" : "s",
			diag.warnings ? " (with warnings)" : "");
	erg_graph_free(g);
	return status;
}
