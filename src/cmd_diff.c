/*
 * cmd_diff.c - ergraph diff: what changed between two versions of a graph.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: ergraph diff [OPTION]... OLD NEW [-o OUT]...\n"
	"Compare two graphs: each a corpus (file, folder or -), or an earlier\n"
	"build's .dot or graph .json.  Without -o the changes are printed like\n"
	"git diff; -o names outputs by extension: .txt (the text), .json (diff\n"
	"JSON), .dot .svg .png .pdf (both graphs in one drawing, coloured by\n"
	"change), .graphml .gexf (both graphs, each entity and relation with its\n"
	"change), .html (the drawing in a page to explore it).\n"
	"\n"
	"      --stat              counts only\n"
	"  -o, --output FILE       write FILE (repeatable)\n"
	"      --old-since DATE, --old-until DATE, --new-since DATE, --new-until DATE\n"
	"                          a time slice of one side only\n"
	"      --no-legend         no legend in the drawing\n"
	"  -K, --layout ENGINE, --dpi N, --theme NAME|FILE, --id-prefix P, --fixed-size\n"
	"                          as for build\n"
	"  -f, --format FORMAT, --strict, --vocabulary FILE, --since DATE, --until DATE,\n"
	"  --limit NAME=N, --threads N, --all-warnings, --types, --relations, --focus,\n"
	"  --depth, --min-weight, --max-nodes\n"
	"                          as for build, applied to both sides\n"
	"  -q, --quiet             no warnings\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 no differences, 1 differences, 2 trouble (as diff(1)): a usage\n"
	"or system error, or input errors (nothing is written).\n";

enum { OPT_STAT = 400, OPT_OLD_SINCE, OPT_OLD_UNTIL, OPT_NEW_SINCE, OPT_NEW_UNTIL };

static const struct option options[] = {
	{"stat", no_argument, NULL, OPT_STAT},
	{"output", required_argument, NULL, 'o'},
	{"old-since", required_argument, NULL, OPT_OLD_SINCE},
	{"old-until", required_argument, NULL, OPT_OLD_UNTIL},
	{"new-since", required_argument, NULL, OPT_NEW_SINCE},
	{"new-until", required_argument, NULL, OPT_NEW_UNTIL},
	{"no-legend", no_argument, NULL, OPT_NO_LEGEND},
	{"layout", required_argument, NULL, 'K'},
	CLI_RENDER_OPTIONS,
	CLI_SELECT_OPTIONS,
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* "input/ (until 2015-12-31)" */
static char *label_of(const char *path, const char *since, const char *until)
{
	size_t n = strlen(path) + 64;
	char *s = malloc(n);

	if (!s)
		return NULL;
	snprintf(s, n, "%s%s%s%s%s%s", path, since || until ? " (" : "", since ? "since " : "",
		 since ? since : "", until ? (since ? ", until " : "until ") : "", until ? until : "");
	if (since || until)
		strcat(s, ")");
	return s;
}

static bool ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n >= e && strcmp(s + n - e, ext) == 0;
}

int cmd_diff(int argc, char **argv)
{
	cli_diag_state diag = {false, 0, 0};
	cli_select sel = {ERG_LOAD_OPTIONS_INIT, ERG_FILTER_OPTIONS_INIT, {NULL}, 0, false};
	cli_select old_sel, new_sel;
	erg_render_options ropts = ERG_RENDER_OPTIONS_INIT;
	const char *old_since = NULL, *old_until = NULL, *new_since = NULL, *new_until = NULL;
	erg_output *outs = calloc((size_t)argc + 1, sizeof *outs);
	const char *text_out = NULL;
	erg_graph *a = NULL, *b = NULL;
	erg_diff *d = NULL;
	char *la = NULL, *lb = NULL;
	int nouts = 0, opt, status = EXIT_OK, stat = 0, rc;

	if (!outs)
		return cli_nomem();
	sel.load.diag = sel.filter.diag = ropts.diag = cli_diag;
	sel.load.diag_ctx = sel.filter.diag_ctx = ropts.diag_ctx = &diag;
	ropts.legend = 1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:K:f:qh", options, NULL)) != -1) {
		if (cli_select_option("diff", &sel, opt, optarg, &status) ||
		    cli_render_option("diff", &ropts, opt, optarg, &status)) {
			if (status != EXIT_OK)
				goto done;
			continue;
		}
		switch (opt) {
		case OPT_STAT: stat = 1; break;
		case 'o':
			if (ends_with(optarg, ".txt") || strcmp(optarg, "-") == 0)
				text_out = optarg;
			else
				outs[nouts++].path = optarg;
			break;
		case OPT_OLD_SINCE: old_since = optarg; break;
		case OPT_OLD_UNTIL: old_until = optarg; break;
		case OPT_NEW_SINCE: new_since = optarg; break;
		case OPT_NEW_UNTIL: new_until = optarg; break;
		case 'q': diag.quiet = true; break;
		case 'h':
			fputs(usage, stdout);
			goto done;
		default:
			status = cli_usage_error("diff", "unknown option");
			goto done;
		}
	}
	if (argc - optind != 2) {
		status = cli_usage_error("diff", "give two inputs, OLD and NEW");
		goto done;
	}
	for (int i = 0; i < nouts; i++) {
		outs[i].format = erg_output_format_from_path(outs[i].path);
		if (outs[i].format == ERG_OUT_NONE) {
			status = cli_usage_error("diff", "%s: unknown output format (use .txt .json .dot .svg .png "
						 ".pdf .graphml .gexf .html)",
						 outs[i].path);
			goto done;
		}
	}
	/* Each side: the shared options, then its own time slice. */
	cli_select_progress(&sel, diag.quiet);
	if (sel.draw[0])
		ropts.draw_entities = sel.draw[0];
	if (sel.draw[1])
		ropts.draw_relations = sel.draw[1];
	old_sel = sel;
	new_sel = sel;
	if (old_since)
		old_sel.load.since = old_since;
	if (old_until)
		old_sel.load.until = old_until;
	if (new_since)
		new_sel.load.since = new_since;
	if (new_until)
		new_sel.load.until = new_until;
	la = label_of(argv[optind], old_sel.load.since, old_sel.load.until);
	lb = label_of(argv[optind + 1], new_sel.load.since, new_sel.load.until);
	if (!la || !lb) {
		status = cli_nomem();
		goto done;
	}
	/* Both sides read, so that one run reports the errors of both.  A
	 * document left out would show as removed: an input error is
	 * trouble, and nothing is written (1 means "different" here). */
	status = cli_load(&a, argv + optind, 1, &old_sel);
	if (cli_load(&b, argv + optind + 1, 1, &new_sel) != EXIT_OK || status != EXIT_OK) {
		status = EXIT_TROUBLE;
		goto done;
	}
	if ((rc = erg_diff_graphs(&d, a, b)) < 0) {
		cli_fail(rc);
		status = EXIT_TROUBLE;
		goto done;
	}
	if (nouts && (rc = erg_diff_render(d, outs, (size_t)nouts, &ropts, la, lb)) < 0) {
		cli_fail(rc);
		status = EXIT_TROUBLE;
		goto done;
	}
	if (text_out && strcmp(text_out, "-") != 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		rc = f ? erg_diff_write_text(d, f, stat, la, lb) : ERG_ESYS;
		if (f)
			fclose(f);
		if (rc == 0)
			rc = erg_write_file(text_out, buf ? buf : "", len);
		free(buf);
	} else if (!nouts || text_out) {
		rc = erg_diff_write_text(d, stdout, stat, la, lb);
	} else {
		rc = 0;
	}
	if (rc < 0) {
		cli_fail(rc);
		status = EXIT_TROUBLE;
		goto done;
	}
	status = erg_diff_delta_count(d) ? EXIT_INVALID : EXIT_OK;
done:
	cli_summary_end(&diag);
	erg_diff_free(d);
	erg_graph_free(a);
	erg_graph_free(b);
	free(la);
	free(lb);
	free(outs);
	return status;
}
