/*
 * cli.c - diagnostics, option parsing and loading shared by the commands.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Clear the progress line before anything else is written to stderr. */
static void end_progress(cli_diag_state *st)
{
	if (st && st->progress_shown) {
		fputs("\r\033[K", stderr);
		st->progress_shown = false;
	}
}

void cli_progress(void *ctx, size_t documents)
{
	cli_diag_state *st = ctx;
	double t = now();

	if (!st->started) {
		st->started = st->last = t;
		return;
	}
	if (t - st->last < 0.5)
		return; /* twice a second is enough for a person */
	st->last = t;
	fprintf(stderr, "\rergraph: %zu documents read, %.0f a second\033[K", documents,
		(double)documents / (t - st->started));
	st->progress_shown = true;
}

/*
 * Write "ergraph: PREFIXmsg\n" to stderr with what input put in the
 * message made visible: control characters (a message's own line breaks
 * and tabs aside) as \xNN and bidirectional controls as \u{NNNN}, so
 * that no name can move the cursor, recolour the terminal or reorder
 * what a person reads.
 */
static void put_message(const char *prefix, const char *msg)
{
	const unsigned char *p = (const unsigned char *)msg;

	fprintf(stderr, "ergraph: %s", prefix);
	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
			fprintf(stderr, "\\x%02X", *p);
		} else if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
					    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
			/* U+202A..U+202E, U+2066..U+2069 */
			fprintf(stderr, "\\u{%04X}", 0x2000 | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f));
			p += 2;
		} else {
			putc(*p, stderr);
		}
	}
	putc('\n', stderr);
}

void cli_diag(void *ctx, erg_diag_level level, const char *msg)
{
	cli_diag_state *st = ctx;

	end_progress(st);
	if (level == ERG_DIAG_NOTE) {
		if (st && st->verbose)
			put_message("", msg);
		return;
	}
	if (level == ERG_DIAG_ERROR) {
		if (st)
			st->errors++;
		put_message("", msg);
		return;
	}
	if (st)
		st->warnings++;
	if (!st || !st->quiet)
		put_message("warning: ", msg);
}

bool cli_summary_start(cli_diag_state *st, erg_load_options *lo)
{
	if (!st || st->all_warnings)
		return true;
	if (!st->summary && erg_diag_summary_new(&st->summary, CLI_SHOWN_OF_A_KIND) < 0)
		return false;
	lo->summary = st->summary;
	return true;
}

void cli_summary_end(cli_diag_state *st)
{
	if (!st || !st->summary)
		return;
	erg_diag_summary_end(st->summary, cli_diag, st);
	erg_diag_summary_free(st->summary);
	st->summary = NULL;
}

int cli_fail(int rc)
{
	put_message("", erg_error_last());
	return rc == ERG_EINVALID ? EXIT_INVALID : EXIT_TROUBLE;
}

int cli_nomem(void)
{
	fputs("ergraph: out of memory\n", stderr);
	return EXIT_TROUBLE;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ergraph%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ergraph %s%s--help' for more information.\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_TROUBLE;
}

bool cli_parse_format(const char *s, erg_format *out)
{
	if (strcmp(s, "native") == 0)
		*out = ERG_FORMAT_NATIVE;
	else if (strcmp(s, "graph") == 0 || strcmp(s, "json") == 0)
		*out = ERG_FORMAT_GRAPH;
	else if (strcmp(s, "dot") == 0 || strcmp(s, "gv") == 0)
		*out = ERG_FORMAT_DOT;
	else if (strcmp(s, "labelstudio") == 0 || strcmp(s, "label-studio") == 0)
		*out = ERG_FORMAT_LABELSTUDIO;
	else if (strcmp(s, "doccano") == 0)
		*out = ERG_FORMAT_DOCCANO;
	else if (strcmp(s, "docred") == 0 || strcmp(s, "redocred") == 0)
		*out = ERG_FORMAT_DOCRED;
	else
		return false;
	return true;
}

bool cli_parse_int(const char *cmd, const char *name, const char *s, int min, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < min || v > INT_MAX) {
		cli_usage_error(cmd, "%s: '%s' is not a whole number from %d", name, s, min);
		return false;
	}
	*out = (int)v;
	return true;
}

bool cli_parse_dpi(const char *cmd, const char *s, double *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > ERG_MAX_DPI) {
		cli_usage_error(cmd, "--dpi: '%s' is not a whole number from 1 to %d", s, ERG_MAX_DPI);
		return false;
	}
	*out = (double)v;
	return true;
}

bool cli_parse_limit(const char *cmd, const char *arg, erg_limits *limits, long *draw)
{
	static const struct {
		const char *name;
		unsigned long long max;
	} names[] = {{"file-size", 1ULL << 40}, {"depth", 1000}, {"entities", LONG_MAX},
		     {"relations", LONG_MAX}, {"name-length", 1ULL << 30},
		     {"graph-entities", LONG_MAX}, {"graph-relations", LONG_MAX},
		     {"draw-entities", LONG_MAX}, {"draw-relations", LONG_MAX}};
	const char *eq = strchr(arg, '=');
	unsigned long long v;
	size_t k, n = eq ? (size_t)(eq - arg) : 0;
	char *end;

	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strlen(names[k].name) == n && strncmp(arg, names[k].name, n) == 0)
			break;
	if (!eq || k == sizeof names / sizeof names[0]) {
		cli_usage_error(cmd, "--limit: '%s' is not NAME=N (file-size, depth, entities, "
				"relations, name-length, graph-entities, graph-relations, "
				"draw-entities, draw-relations)", arg);
		return false;
	}
	errno = 0;
	v = strtoull(eq + 1, &end, 10);
	if (k == 0 && *end && !end[1] && strchr("KMGkmg", *end)) {
		int shift = strchr("Kk", *end) ? 10 : strchr("Mm", *end) ? 20 : 30;

		v = v > names[k].max >> shift ? names[k].max + 1 : v << shift;
		end++;
	}
	if (!isdigit((unsigned char)eq[1]) || *end || errno || v < 1 || v > names[k].max) {
		cli_usage_error(cmd, "--limit %.*s: '%s' is not a whole number from 1 to %llu%s", (int)n,
				arg, eq + 1, names[k].max, k == 0 ? " (K, M, G allowed)" : "");
		return false;
	}
	switch (k) {
	case 0: limits->file_size = (size_t)v; break;
	case 1: limits->depth = (int)v; break;
	case 2: limits->entities = (long)v; break;
	case 3: limits->relations = (long)v; break;
	case 4: limits->name_length = (size_t)v; break;
	case 5: limits->graph_entities = (long)v; break;
	case 6: limits->graph_relations = (long)v; break;
	default:
		if (draw) /* a command that draws nothing has no use for them */
			draw[k - 7] = (long)v;
		break;
	}
	return true;
}

bool cli_render_option(const char *cmd, erg_render_options *ro, int opt, const char *arg, int *status)
{
	*status = EXIT_OK;
	switch (opt) {
	case 'K':
		if (!erg_engine_known(arg))
			*status = cli_usage_error(cmd, "-K: unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)", arg);
		else
			ro->engine = arg;
		return true;
	case OPT_DPI:
		if (!cli_parse_dpi(cmd, arg, &ro->dpi))
			*status = EXIT_TROUBLE;
		return true;
	case OPT_THEME: ro->theme = arg; return true;
	case OPT_ID_PREFIX: ro->id_prefix = arg; return true;
	case OPT_FIXED_SIZE: ro->fixed_size = 1; return true;
	case OPT_LEGEND: ro->legend = 1; return true;
	case OPT_NO_LEGEND: ro->legend = 0; return true;
	case OPT_LAYOUT_FROM: ro->layout_from = arg; return true;
	default: return false;
	}
}

static bool date_arg(const char *cmd, const char *name, const char *s)
{
	size_t n = strlen(s);

	/* The library checks the calendar; the shape is checked here for a usage error. */
	if ((n == 4 || n == 7 || n == 10) && s[0] >= '0' && s[0] <= '9' &&
	    strspn(s, "0123456789-") == n)
		return true;
	cli_usage_error(cmd, "%s: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", name, s);
	return false;
}

void cli_select_progress(cli_select *sel, bool quiet)
{
	/* Only for a person watching: not into logs, pipes or CI output. */
	sel->load.progress = !quiet && isatty(STDERR_FILENO) ? cli_progress : NULL;
}

bool cli_select_option(const char *cmd, cli_select *sel, int opt, const char *arg, int *status)
{
	*status = EXIT_OK;
	switch (opt) {
	case 'f':
		if (!cli_parse_format(arg, &sel->load.format))
			*status = cli_usage_error(cmd, "-f: unknown format '%s' (native, graph, dot, labelstudio, doccano, docred)", arg);
		return true;
	case OPT_STRICT: sel->load.strict = 1; return true;
	case OPT_ALL_WARNINGS:
		if (sel->load.diag_ctx)
			((cli_diag_state *)sel->load.diag_ctx)->all_warnings = true;
		return true;
	case OPT_VOCABULARY: sel->load.vocabulary = arg; return true;
	case OPT_MAP: sel->load.map = arg; return true;
	case OPT_LIMIT:
		if (!cli_parse_limit(cmd, arg, &sel->load.limits, sel->draw))
			*status = EXIT_TROUBLE;
		return true;
	case OPT_THREADS:
		if (!cli_parse_int(cmd, "--threads", arg, 1, &sel->load.threads))
			*status = EXIT_TROUBLE;
		return true;
	case OPT_SINCE:
	case OPT_UNTIL:
		if (!date_arg(cmd, opt == OPT_SINCE ? "--since" : "--until", arg))
			*status = EXIT_TROUBLE;
		else if (opt == OPT_SINCE)
			sel->load.since = arg;
		else
			sel->load.until = arg;
		return true;
	case OPT_TYPES: sel->filter.types = arg; break;
	case OPT_RELATIONS: sel->filter.relations = arg; break;
	case OPT_FOCUS:
		if (sel->nfocus == CLI_MAX_FOCUS) {
			*status = cli_usage_error(cmd, "--focus: at most %d", CLI_MAX_FOCUS);
			return true;
		}
		sel->focus[sel->nfocus++] = arg;
		sel->filter.focus = sel->focus;
		break;
	case OPT_DEPTH:
		if (!cli_parse_int(cmd, "--depth", arg, 0, &sel->filter.depth))
			*status = EXIT_TROUBLE;
		break;
	case OPT_MIN_WEIGHT:
		if (!cli_parse_int(cmd, "--min-weight", arg, 0, &sel->filter.min_weight))
			*status = EXIT_TROUBLE;
		break;
	case OPT_MAX_NODES:
		if (!cli_parse_int(cmd, "--max-nodes", arg, 1, &sel->filter.max_nodes))
			*status = EXIT_TROUBLE;
		break;
	default:
		return false;
	}
	sel->filtered = true;
	return true;
}

/* With --verbose: a step and its time since *since (reset). */
__attribute__((format(printf, 3, 4)))
static void note(const cli_select *sel, double *since, const char *fmt, ...)
{
	cli_diag_state *st = sel->load.diag_ctx;
	double t = now();
	char msg[256];
	size_t n;
	va_list ap;

	if (!st || !st->verbose)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof msg - n, " in %.2f s", t - *since);
	cli_diag(st, ERG_DIAG_NOTE, msg); /* as the library's notes */
	*since = now();
}

int cli_load(erg_graph **out, char **inputs, int n, cli_select *sel)
{
	erg_graph *g = NULL, *filtered = NULL;
	int rc, status = EXIT_OK;

	double t = now();

	*out = NULL;
	if (!cli_summary_start(sel->load.diag_ctx, &sel->load))
		return cli_nomem();
	if ((rc = erg_graph_new(&g)) < 0)
		return cli_fail(rc);
	for (int i = 0; i < n; i++) {
		cli_diag_state *diag = sel->load.diag_ctx;
		/* Messages counted and not printed were reported too. */
		size_t before = diag ? (size_t)diag->errors + erg_diag_summary_hidden(diag->summary) : 0;

		/* Go on after an error: one run reports every input's errors. */
		rc = erg_graph_load(g, inputs[i], &sel->load);
		if (rc == ERG_EINVALID && status == EXIT_OK) {
			status = EXIT_INVALID;
		} else if (rc < 0 && rc != ERG_EINVALID) {
			if (!diag || (size_t)diag->errors + erg_diag_summary_hidden(diag->summary) == before) {
				status = cli_fail(rc); /* not reported yet: out of memory */
				goto done;
			}
			status = EXIT_TROUBLE;
		}
	}
	end_progress(sel->load.diag_ctx);
	/* Even after errors: every error of the run comes in one run. */
	if (status != EXIT_TROUBLE && (rc = erg_graph_report(g, &sel->load)) < 0) {
		if (rc != ERG_EINVALID) {
			status = cli_fail(rc);
			goto done;
		}
		status = EXIT_INVALID;
	}
	/* Input errors leave out what had them (reported) and the graph of
	 * the rest is made, unless --strict, or nothing is left: then no
	 * graph (an empty one would only replace an earlier output). */
	if (status == EXIT_TROUBLE ||
	    (status == EXIT_INVALID && (sel->load.strict || erg_graph_document_count(g) == 0)))
		goto done;
	note(sel, &t, "read %zu documents", erg_graph_document_count(g));
	if ((rc = erg_graph_finish(g)) < 0) {
		status = cli_fail(rc);
		goto done;
	}
	note(sel, &t, "finished the graph: %zu entities, %zu relations", erg_graph_node_count(g),
	     erg_graph_edge_count(g));
	if (sel->filtered) {
		if ((rc = erg_graph_filter(&filtered, g, &sel->filter)) < 0) {
			status = cli_fail(rc);
			goto done;
		}
		erg_graph_free(g);
		g = filtered;
	}
	*out = g;
	g = NULL;
done:
	erg_graph_free(g);
	return status;
}
