/*
 * cmd_import.c - ergraph import: foreign annotations to native files.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: ergraph import [-f FORMAT] [--map FILE] INPUT... -o DIR\n"
	"Convert annotations made with Label Studio (JSON export), doccano (JSONL)\n"
	"or in the DocRED / Re-DocRED format into ergraph annotation files in DIR,\n"
	"one per document, with the text inline, plus ergraph-vocabulary.json for\n"
	"relation types beyond the built-in ones.  'ergraph validate --strict DIR'\n"
	"accepts the result.\n"
	"\n"
	"  -f, --format FORMAT     labelstudio, doccano, docred (default: detected)\n"
	"      --map FILE          map labels to entity and relation types (docs/formats.md)\n"
	"  -o, --output DIR        the folder to write (made if missing)\n"
	CLI_LIMIT_HELP
	CLI_ALL_WARNINGS_HELP
	"  -q, --quiet             no warnings\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done, 1 input errors (the documents with errors are left out,\n"
	"the others written), 2 usage or system error.\n";

static const struct option options[] = {
	{"format", required_argument, NULL, 'f'},
	{"map", required_argument, NULL, OPT_MAP},
	{"limit", required_argument, NULL, OPT_LIMIT},
	{"all-warnings", no_argument, NULL, OPT_ALL_WARNINGS},
	{"output", required_argument, NULL, 'o'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int cmd_import(int argc, char **argv)
{
	cli_diag_state diag = {false, 0, 0};
	erg_load_options lo = ERG_LOAD_OPTIONS_INIT;
	const char *dir = NULL;
	int opt, status = EXIT_OK, rc;

	lo.diag = cli_diag;
	lo.diag_ctx = &diag;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:o:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (!cli_parse_format(optarg, &lo.format) || lo.format == ERG_FORMAT_NATIVE ||
			    lo.format == ERG_FORMAT_GRAPH || lo.format == ERG_FORMAT_DOT)
				return cli_usage_error("import", "-f: '%s' is not a format to import (labelstudio, doccano, docred)", optarg);
			break;
		case OPT_MAP: lo.map = optarg; break;
		case OPT_LIMIT:
			if (!cli_parse_limit("import", optarg, &lo.limits, NULL))
				return EXIT_TROUBLE;
			break;
		case 'o': dir = optarg; break;
		case OPT_ALL_WARNINGS: diag.all_warnings = true; break;
		case 'q': diag.quiet = true; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: return cli_usage_error("import", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "no INPUT given");
	if (!dir)
		return cli_usage_error("import", "name the folder to write with -o DIR");
	if (!cli_summary_start(&diag, &lo))
		return cli_nomem();
	/* One run: file names unique across the inputs, written together. */
	rc = erg_import_paths((const char *const *)argv + optind, (size_t)(argc - optind), dir, &lo);
	if (rc == ERG_EINVALID)
		status = EXIT_INVALID;
	else if (rc < 0) {
		if ((size_t)diag.errors + erg_diag_summary_hidden(diag.summary) == 0)
			cli_fail(rc);
		status = EXIT_TROUBLE;
	}
	cli_summary_end(&diag);
	return status;
}
