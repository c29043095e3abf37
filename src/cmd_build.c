/*
 * cmd_build.c - ergraph build: inputs to DOT, SVG, PNG and graph JSON.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"Usage: ergraph build [OPTION]... INPUT... -o OUT...\n"
	"Build one entity-relationship graph from annotated documents and write it.\n"
	"\n"
	"INPUT is an annotation file (.json, .jsonl), a folder (read recursively),\n"
	"a graph from an earlier build (.dot, .json), or - for standard input.\n"
	"The format of each OUT comes from its extension: .dot .gv .svg .png .pdf\n"
	".json .graphml .gexf .html; all outputs of one call share one layout.\n"
	"\n"
	"Output:\n"
	"  -o, --output FILE       write FILE (repeat for several formats; - for stdout\n"
	"                          needs -T)\n"
	"  -T, --to FORMAT         format of -o - and of outputs without a known\n"
	"                          extension (/dev/stdout): dot, svg, png, pdf, json,\n"
	"                          graphml, gexf, html\n"
	"  -K, --layout ENGINE     dot, neato, fdp, sfdp, circo, twopi (default: chosen\n"
	"                          from the graph's size, see docs/cli.md)\n"
	"      --dpi N             PNG resolution, 1 to 2400 (default 96)\n"
	"      --theme NAME|FILE   default, dark, or a theme JSON file (docs/themes.md)\n"
	"      --id-prefix P       prefix of the SVG ids (default: the output's name)\n"
	"      --fixed-size        keep Graphviz's fixed width and height in the SVG\n"
	"      --legend            draw a legend of the entity and relation types shown\n"
	"      --layout-from FILE  keep the positions of a diff's DOT (flip between versions)\n"
	"Input:\n"
	"  -f, --format FORMAT     native, graph, dot, labelstudio, doccano, docred\n"
	"                          (default: detected from the name and content)\n"
	"      --map FILE          map foreign labels to types (docs/formats.md)\n"
	"      --strict            unknown relation types and other warnings are errors\n"
	"      --vocabulary FILE   more relation types (docs/annotation-schema.md)\n"
	CLI_LIMIT_HELP
	CLI_THREADS_HELP
	CLI_ALL_WARNINGS_HELP
	"      --since DATE        only documents published on or after DATE\n"
	"      --until DATE        only documents published on or before DATE\n"
	"Selection:\n"
	"      --types T,...       keep these entity types\n"
	"      --relations R,...   keep these relation types\n"
	"      --focus ID|NAME     keep the neighbourhood of an entity (repeatable)\n"
	"      --depth N           ... up to N relations away (default 1)\n"
	"      --min-weight N      keep relations found in at least N documents\n"
	"      --max-nodes N       keep the N best connected entities\n"
	"\n"
	"  -q, --quiet             no warnings\n"
	"  -v, --verbose           say what each step did and how long it took\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 done, 1 input errors (documents with errors left out, the\n"
	"outputs hold the rest; --strict writes nothing), 2 usage or system error.\n";

static const struct option options[] = {
	{"output", required_argument, NULL, 'o'},
	{"to", required_argument, NULL, 'T'},
	{"layout", required_argument, NULL, 'K'},
	CLI_SELECT_OPTIONS,
	CLI_RENDER_OPTIONS,
	{"legend", no_argument, NULL, OPT_LEGEND},
	{"layout-from", required_argument, NULL, OPT_LAYOUT_FROM},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/*
 * An output must not replace an input: not a file given as INPUT, and not
 * a file a folder INPUT would read (.json/.jsonl inside it).
 */
static bool clobbers_input(const char *out, char **inputs, int n)
{
	struct stat so, si;
	char *rout = NULL;
	bool hit = false;

	if (strcmp(out, "-") == 0)
		return false;
	if (stat(out, &so) == 0) {
		for (int i = 0; i < n && !hit; i++)
			if (stat(inputs[i], &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
				hit = true;
	}
	if (!hit) {
		/* The folder the output would land in, resolved. */
		char *dir = strdup(out), *slash = dir ? strrchr(dir, '/') : NULL;
		size_t len = strlen(out);

		if (dir) {
			if (slash)
				*slash = '\0';
			rout = realpath(slash ? (*dir ? dir : "/") : ".", NULL);
			free(dir);
		}
		for (int i = 0; i < n && rout && !hit; i++) {
			char *rin;

			if (stat(inputs[i], &si) != 0 || !S_ISDIR(si.st_mode) || !(rin = realpath(inputs[i], NULL)))
				continue;
			if (strncmp(rout, rin, strlen(rin)) == 0 &&
			    (rout[strlen(rin)] == '\0' || rout[strlen(rin)] == '/') &&
			    ((len > 5 && strcmp(out + len - 5, ".json") == 0) ||
			     (len > 6 && strcmp(out + len - 6, ".jsonl") == 0)))
				hit = true;
			free(rin);
		}
	}
	free(rout);
	return hit;
}

static bool parse_to(const char *s, erg_output_format *f)
{
	static const struct { const char *name; erg_output_format f; } names[] = {
		{"dot", ERG_OUT_DOT}, {"gv", ERG_OUT_DOT}, {"svg", ERG_OUT_SVG},
		{"png", ERG_OUT_PNG}, {"json", ERG_OUT_JSON}, {"pdf", ERG_OUT_PDF},
		{"graphml", ERG_OUT_GRAPHML}, {"gexf", ERG_OUT_GEXF},
		{"html", ERG_OUT_HTML}};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return true;
		}
	}
	return false;
}

static const char merge_usage[] =
	"Usage: ergraph merge [OPTION]... PARTIAL... -o OUT...\n"
	"Merge graphs built from parts of a corpus (graph JSON or DOT written by\n"
	"build) into one graph: documents, weights, mentions and evidence add up,\n"
	"and the result equals one build of the whole corpus, whatever the order\n"
	"and grouping of the parts (docs/scaling.md).  Outputs and selection as\n"
	"for build ('ergraph build --help').\n"
	"\n"
	"Exit status: 0 done, 1 input errors (documents with errors left out, the\n"
	"outputs hold the rest; --strict writes nothing), 2 usage or system error.\n";

static int run(int argc, char **argv, bool merge);

int cmd_build(int argc, char **argv)
{
	return run(argc, argv, false);
}

int cmd_merge(int argc, char **argv)
{
	return run(argc, argv, true);
}

static int run(int argc, char **argv, bool merge)
{
	const char *cmd = merge ? "merge" : "build";
	cli_diag_state diag = {false, 0, 0};
	cli_select sel = {ERG_LOAD_OPTIONS_INIT, ERG_FILTER_OPTIONS_INIT, {NULL}, 0, false};
	erg_render_options ropts = ERG_RENDER_OPTIONS_INIT;
	erg_output *outs = NULL;
	erg_output_format to = ERG_OUT_NONE;
	erg_graph *g = NULL;
	int nouts = 0, opt, status = EXIT_OK, rc;

	sel.load.graphs_only = merge;
	sel.load.diag = sel.filter.diag = ropts.diag = cli_diag;
	sel.load.diag_ctx = sel.filter.diag_ctx = ropts.diag_ctx = &diag;
	if (!(outs = calloc((size_t)argc, sizeof *outs)))
		return cli_nomem();
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:T:K:f:qvh", options, NULL)) != -1) {
		if (cli_select_option(cmd, &sel, opt, optarg, &status) ||
		    cli_render_option(cmd, &ropts, opt, optarg, &status)) {
			if (status != EXIT_OK)
				goto done;
			continue;
		}
		switch (opt) {
		case 'o': outs[nouts++].path = optarg; break;
		case 'T':
			if (!parse_to(optarg, &to)) {
				status = cli_usage_error(cmd, "-T: unknown format '%s' (dot, svg, png, pdf, json, graphml, gexf, html)", optarg);
				goto done;
			}
			break;
		case 'q': diag.quiet = true; break;
		case 'v': diag.verbose = true; ropts.verbose = 1; break;
		case 'h':
			fputs(merge ? merge_usage : usage, stdout);
			goto done;
		default:
			status = cli_usage_error(cmd, "unknown option");
			goto done;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error(cmd, "no INPUT given");
		goto done;
	}
	if (nouts == 0) {
		status = cli_usage_error(cmd, "no output: name one with -o FILE.svg (or .dot .png .json)");
		goto done;
	}
	for (int i = 0; i < nouts; i++) {
		/* The extension names the format; -T names it for the others. */
		outs[i].format = erg_output_format_from_path(outs[i].path);
		if (outs[i].format == ERG_OUT_NONE)
			outs[i].format = to;
		if (outs[i].format == ERG_OUT_NONE) {
			status = cli_usage_error(cmd, strcmp(outs[i].path, "-") == 0
						 ? "-o -: name the format with -T"
						 : "%s: unknown output format (use .dot .gv .svg .png .pdf .json "
						   ".graphml .gexf .html, or -T)",
						 outs[i].path);
			goto done;
		}
		if (clobbers_input(outs[i].path, argv + optind, argc - optind)) {
			fprintf(stderr, "ergraph: %s: refusing to write over an input\n", outs[i].path);
			status = EXIT_TROUBLE;
			goto done;
		}
	}
	cli_select_progress(&sel, diag.quiet);
	if (sel.draw[0])
		ropts.draw_entities = sel.draw[0];
	if (sel.draw[1])
		ropts.draw_relations = sel.draw[1];
	/* With input errors, the outputs show the rest, and the status says so. */
	if ((status = cli_load(&g, argv + optind, argc - optind, &sel)) == EXIT_TROUBLE || !g)
		goto done;
	if ((rc = erg_render(g, outs, (size_t)nouts, &ropts)) < 0)
		status = cli_fail(rc);
done:
	cli_summary_end(&diag);
	erg_graph_free(g);
	free(outs);
	return status;
}
