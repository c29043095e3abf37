/*
 * check_cli.c - the ergraph command as a user runs it: help, usage errors,
 * exit statuses, the catalogue of bad input, and outputs that are never
 * left half-written or written over an input.
 */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD ERG_SOURCE_DIR "/tests/data/bad"
#define SMALL ERG_SOURCE_DIR "/tests/data/small"
#define MESSY ERG_SOURCE_DIR "/tests/data/messy"

START_TEST(help_and_version)
{
	const char *a1[] = {"--help", NULL}, *a2[] = {"--version", NULL}, *a3[] = {"build", "--help", NULL};
	char *out, *err;

	ck_assert_int_eq(h_run(NULL, a1, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage: ergraph COMMAND"));
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	ck_assert_int_eq(h_run(NULL, a2, &out, &err), 0);
	ck_assert_str_eq(out, "ergraph " ERG_VERSION " (graph JSON and annotation schema version 1)\n");
	free(out);
	free(err);
	ck_assert_int_eq(h_run(NULL, a3, &out, &err), 0);
	ck_assert_ptr_nonnull(strstr(out, "Usage: ergraph build [OPTION]... INPUT... -o OUT..."));
	free(out);
	free(err);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
	static const struct {
		const char *argv[8];
		const char *err;
	} cases[] = {
		{{NULL}, "ergraph: no command given\nTry 'ergraph --help' for more information.\n"},
		{{"draw", NULL}, "ergraph: 'draw' is not a command\nTry 'ergraph --help' for more information.\n"},
		{{"build", SMALL, NULL},
		 "ergraph build: no output: name one with -o FILE.svg (or .dot .png .json)\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"build", SMALL, "-o", "g.eps", NULL},
		 "ergraph build: g.eps: unknown output format (use .dot .gv .svg .png .pdf .json .graphml .gexf .html, or -T)\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"build", SMALL, "-T", "xml", "-o", "g.xml", NULL},
		 "ergraph build: -T: unknown format 'xml' (dot, svg, png, pdf, json, graphml, gexf, html)\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"build", "-o", "g.svg", NULL},
		 "ergraph build: no INPUT given\nTry 'ergraph build --help' for more information.\n"},
		{{"build", "--max-nodes", "many", SMALL, "-o", "g.svg", NULL},
		 "ergraph build: --max-nodes: 'many' is not a whole number from 1\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"build", "--until", "last year", SMALL, "-o", "g.svg", NULL},
		 "ergraph build: --until: 'last year' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"build", "-K", "spring", SMALL, "-o", "/tmp/ergraph-never.svg", NULL},
		 "ergraph build: -K: unknown layout engine 'spring' (dot, neato, fdp, sfdp, circo, twopi)\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"validate", "--limit", "depth", SMALL, NULL},
		 "ergraph validate: --limit: 'depth' is not NAME=N (file-size, depth, entities, relations, name-length, "
		 "graph-entities, graph-relations, draw-entities, draw-relations)\n"
		 "Try 'ergraph validate --help' for more information.\n"},
		{{"diff", "--limit", "draw-entities=0", SMALL, SMALL, NULL},
		 "ergraph diff: --limit draw-entities: '0' is not a whole number from 1 to 9223372036854775807\n"
		 "Try 'ergraph diff --help' for more information.\n"},
		{{"build", "--limit", "depth=2000", SMALL, "-o", "g.svg", NULL},
		 "ergraph build: --limit depth: '2000' is not a whole number from 1 to 1000\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"import", "--limit", "file-size=1T", SMALL, "-o", "/tmp/ergraph-never", NULL},
		 "ergraph import: --limit file-size: '1T' is not a whole number from 1 to 1099511627776 (K, M, G allowed)\n"
		 "Try 'ergraph import --help' for more information.\n"},
		{{"build", "--dpi", "3000", SMALL, "-o", "/tmp/ergraph-never.png", NULL},
		 "ergraph build: --dpi: '3000' is not a whole number from 1 to 2400\n"
		 "Try 'ergraph build --help' for more information.\n"},
		{{"diff", "--dpi", "3000", SMALL, SMALL, "-o", "/tmp/ergraph-never.png", NULL},
		 "ergraph diff: --dpi: '3000' is not a whole number from 1 to 2400\n"
		 "Try 'ergraph diff --help' for more information.\n"},
		{{"validate", "-f", "xml", SMALL, NULL},
		 "ergraph validate: -f: unknown format 'xml' (native, graph, dot, labelstudio, doccano, docred)\n"
		 "Try 'ergraph validate --help' for more information.\n"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *err;
		int status = h_run(NULL, cases[i].argv, NULL, &err);

		ck_assert_msg(status == 2, "case %zu: exit %d", i, status);
		ck_assert_str_eq(err, cases[i].err);
		free(err);
	}
	ck_assert_int_ne(access("/tmp/ergraph-never.svg", F_OK), 0);
	ck_assert_int_ne(access("/tmp/ergraph-never.png", F_OK), 0);
}
END_TEST

/* ---- the catalogue: tests/data/bad, one golden each ------------------- */

static char *bad_names[256];
static int nbad;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_bad(void)
{
	DIR *d = opendir(BAD);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) && nbad < 256) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' || strcmp(de->d_name, "texts") == 0 ||
		    (n > 5 && strcmp(de->d_name + n - 5, ".args") == 0))
			continue;
		bad_names[nbad++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(bad_names, (size_t)nbad, sizeof *bad_names, cmp_name);
}

START_TEST(bad_input_catalogue)
{
	const char *name = bad_names[_i];
	char *argsfile = h_path(BAD, name), *args, *err, *golden, *gname;
	const char *argv[8];
	char words[256];
	size_t n = 0, len;
	int status;

	argsfile = realloc(argsfile, strlen(argsfile) + 6);
	strcat(argsfile, ".args");
	args = h_read(argsfile, NULL);
	snprintf(words, sizeof words, "%s", args ? args : "validate");
	for (char *w = strtok(words, " \n"); w && n < 6; w = strtok(NULL, " \n"))
		argv[n++] = w;
	argv[n++] = name;
	argv[n] = NULL;
	status = h_run(BAD, argv, NULL, &err);
	len = strlen(err) + 32;
	golden = malloc(len);
	snprintf(golden, len, "exit %d\n%s", status, err);
	gname = malloc(strlen(name) + 16);
	sprintf(gname, "bad/%s.txt", name);
	h_golden(gname, golden, strlen(golden));
	/* Bad input is never a crash, and never exit 0 unless only warned;
	 * diff says invalid input with 2, as 1 means "different". */
	ck_assert_msg(status == (strcmp(argv[0], "diff") == 0 ? 2 : 1) ||
			      (status == 0 && strstr(err, "warning:")),
		      "%s: exit %d", name, status);
	free(gname);
	free(golden);
	free(err);
	free(args);
	free(argsfile);
}
END_TEST

/* ---- the messy catalogue: conflicts resolved, tests/data/messy ------- */

static char *messy_names[64];
static int nmessy;

static void list_messy(void)
{
	DIR *d = opendir(MESSY);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) && nmessy < 64)
		if (de->d_name[0] != '.')
			messy_names[nmessy++] = strdup(de->d_name);
	closedir(d);
	qsort(messy_names, (size_t)nmessy, sizeof *messy_names, cmp_name);
}

/* Append "exit N\n" and what the run (in cwd) wrote to stderr (and stdout) to b. */
static void run_into_at(const char *cwd, char **b, size_t *len, const char *const *argv, bool keep_out)
{
	char *out, *err;
	int status = h_run(cwd, argv, &out, &err);
	size_t add = strlen(out) + strlen(err) + 64;

	for (int i = 0; argv[i]; i++)
		add += strlen(argv[i]) + 1;
	*b = realloc(*b, *len + add);
	*len += (size_t)sprintf(*b + *len, "$ ergraph");
	for (int i = 0; argv[i]; i++)
		*len += (size_t)sprintf(*b + *len, " %s", argv[i]);
	*len += (size_t)sprintf(*b + *len, "\nexit %d\n%s%s", status, err, keep_out ? out : "");
	free(out);
	free(err);
}

static void run_into(char **b, size_t *len, const char *const *argv, bool keep_out)
{
	run_into_at(MESSY, b, len, argv, keep_out);
}

/*
 * Records without a kb that share a name with two kb groups join neither;
 * a shard that holds only one of the groups joins them to it, so the
 * merge differs from one build (docs/scaling.md says so).
 */
static bool merge_differs(const char *name)
{
	return strcmp(name, "name-chain") == 0;
}

/*
 * A fixture with conflicts builds, with exact warnings and graph; strict
 * it fails with every conflict as an error; and the merge of its
 * documents built one at a time is the build of them all, byte for byte.
 */
START_TEST(messy_catalogue)
{
	const char *name = messy_names[_i];
	char *dir = h_path(MESSY, name), *tmp = h_tmpdir(), *text = NULL, *whole, *merged, *gname;
	const char *build[] = {"build", name, "-T", "json", "-o", "-", NULL};
	const char *strict[] = {"validate", "--strict", name, NULL};
	const char *conflicts[] = {"stats", "-q", "--conflicts", "--top", "0", name, NULL};
	const char *json[] = {"stats", "-q", "--json", name, NULL};
	char *shards[32];
	int nshards = 0, status;
	size_t len = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	char *out, *err;

	ck_assert_ptr_nonnull(d);
	run_into(&text, &len, build, true);
	run_into(&text, &len, strict, false);
	run_into(&text, &len, conflicts, true);
	run_into(&text, &len, json, true);
	gname = malloc(strlen(name) + 16);
	sprintf(gname, "messy/%s.txt", name);
	h_golden(gname, text, len);
	/* Two shards: the first document, and all the others together (as DOT,
	 * which must carry what graph JSON does). */
	while ((de = readdir(d)) && nshards < 30)
		if (de->d_name[0] != '.')
			shards[nshards++] = h_path(dir, de->d_name);
	closedir(d);
	qsort(shards, (size_t)nshards, sizeof *shards, cmp_name);
	{
		char *one = h_path(tmp, "one.json"), *rest = h_path(tmp, "rest.dot");
		const char *argv1[] = {"build", "-q", shards[0], "-o", one, NULL};
		const char *argv2[40] = {"build", "-q"};
		const char *argvm[] = {"merge", "-q", rest, one, "-T", "json", "-o", "-", NULL};
		int k = 2;

		ck_assert_int_eq(h_run(NULL, argv1, NULL, NULL), 0);
		for (int i = 1; i < nshards; i++)
			argv2[k++] = shards[i];
		argv2[k++] = "-o";
		argv2[k++] = rest;
		argv2[k] = NULL;
		ck_assert_int_eq(h_run(NULL, argv2, NULL, NULL), 0);
		status = h_run(NULL, argvm, &merged, &err);
		ck_assert_msg(status == 0, "%s: merge: exit %d: %s", name, status, err);
		free(one);
		free(rest);
	}
	{
		const char *argv[] = {"build", "-q", dir, "-T", "json", "-o", "-", NULL};

		ck_assert_int_eq(h_run(NULL, argv, &whole, &out), 0);
		free(out);
	}
	if (!merge_differs(name))
		ck_assert_str_eq(merged, whole);
	for (int i = 0; i < nshards; i++)
		free(shards[i]);
	free(merged);
	free(whole);
	free(err);
	free(gname);
	free(text);
	free(tmp);
	free(dir);
}
END_TEST

/*
 * A generated corpus of 300 documents with every kind of conflict again
 * and again: it builds, with exactly these warnings, its three files
 * built apart merge into the build of the whole, byte for byte, and so
 * does a build that reads them in another order.
 */
START_TEST(messy_generated_corpus)
{
	char *tmp = h_tmpdir(), *dir = h_path(tmp, "corpus"), *text = NULL, *merged, *whole, *err;
	const char *gen[] = {ERG_GEN_MESSY, "300", dir, NULL};
	const char *build[] = {"build", "corpus", "-o", "whole.json", NULL};
	const char *stats[] = {"stats", "-q", "--conflicts", "--top", "3", "corpus", NULL};
	const char *show[] = {"build", "-q", "corpus", "-T", "json", "-o", "-", NULL};
	const char *merge[] = {"merge", "-q", "p2.json", "p0.json", "p1.json", "-T", "json", "-o", "-", NULL};
	const char *backwards[] = {"build", "-q", "corpus/part-2.jsonl", "corpus/part-1.jsonl",
				   "corpus/part-0.jsonl", "-T", "json", "-o", "-", NULL};
	size_t len = 0;
	int status;

	ck_assert_int_eq(mkdir(dir, 0755), 0);
	ck_assert_int_eq(h_run_prog(gen, NULL, NULL), 0);
	ck_assert_int_eq(chdir(tmp), 0);
	{
		char *out;

		status = h_run(tmp, build, &out, &err);
		text = malloc(strlen(err) + 64);
		len = (size_t)sprintf(text, "$ ergraph build corpus -o whole.json\nexit %d\n%s", status, err);
		free(out);
		free(err);
	}
	run_into_at(tmp, &text, &len, stats, true);
	h_golden("messy/generated-300.txt", text, len);
	for (int i = 0; i < 3; i++) {
		char in[32], out[32];
		const char *argv[] = {"build", "-q", in, "-o", out, NULL};

		snprintf(in, sizeof in, "corpus/part-%d.jsonl", i);
		snprintf(out, sizeof out, "p%d.json", i);
		ck_assert_int_eq(h_run(tmp, argv, NULL, NULL), 0);
	}
	status = h_run(tmp, merge, &merged, &err);
	ck_assert_msg(status == 0, "merge: exit %d: %s", status, err);
	free(err);
	ck_assert_int_eq(h_run(tmp, show, &whole, &err), 0);
	free(err);
	ck_assert_str_eq(merged, whole);
	free(merged);
	/* Read in another order, the same graph. */
	ck_assert_int_eq(h_run(tmp, backwards, &merged, &err), 0);
	free(err);
	ck_assert_str_eq(merged, whole);
	free(merged);
	free(whole);
	free(text);
	free(dir);
	free(tmp);
}
END_TEST

/* ---- outputs ------------------------------------------------------------ */

START_TEST(never_writes_over_an_input)
{
	char *dir = h_tmpdir(), *in = h_path(dir, "doc.json"), *sub = h_path(dir, "in"), *inner, *err;
	static const char doc[] = "{\"ergraph\": 1, \"document\": {\"id\": \"d\"}}\n";
	size_t len;
	char *after;

	h_write(in, doc, sizeof doc - 1);
	{
		const char *argv[] = {"build", in, "-o", in, NULL};

		ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
		ck_assert_ptr_nonnull(strstr(err, "refusing to write over an input"));
		free(err);
	}
	after = h_read(in, &len);
	ck_assert_str_eq(after, doc);
	free(after);
	/* A .json output inside an input folder would be read as input. */
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	inner = h_path(sub, "graph.json");
	{
		const char *argv[] = {"build", sub, "-o", inner, NULL};

		ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
		ck_assert_ptr_nonnull(strstr(err, "refusing to write over an input"));
		free(err);
	}
	ck_assert_int_ne(access(inner, F_OK), 0);
	free(inner);
	free(sub);
	free(in);
	free(dir);
}
END_TEST

START_TEST(a_failed_run_leaves_the_old_output)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "g.svg"), *err, *text;
	static const char old[] = "<svg>old</svg>\n";
	const char *argv[] = {"build", BAD "/span-past-end.json", "-o", out, NULL};
	DIR *d;
	struct dirent *de;
	int files = 0;

	h_write(out, old, sizeof old - 1);
	ck_assert_int_eq(h_run(BAD, argv, NULL, &err), 1);
	text = h_read(out, NULL);
	ck_assert_str_eq(text, old);
	/* ... and no temporary file beside it. */
	d = opendir(dir);
	while ((de = readdir(d)))
		files += de->d_name[0] != '.';
	closedir(d);
	ck_assert_int_eq(files, 1);
	free(text);
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(a_bad_document_leaves_the_rest)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "g.json"), *alone = h_path(dir, "alone.json");
	char *err, *g, *want;
	const char *argv[] = {"build", "-q", BAD "/span-past-end.json", SMALL, "-o", out, NULL};
	const char *good[] = {"build", "-q", SMALL, "-o", alone, NULL};
	const char *stats[] = {"stats", "-q", "--top", "0", BAD "/span-past-end.json", SMALL, NULL};
	char *text;

	/* The bad document is named and left out; the graph of the others
	 * is written, and the exit status says something was left out. */
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 1);
	h_strip_source(err);
	ck_assert_str_eq(err, "ergraph: tests/data/bad/span-past-end.json: entities[0].mentions[0]: "
			      "span [25, 90) is past the end of the text (31 characters)\n");
	ck_assert_int_eq(h_run(NULL, good, NULL, NULL), 0);
	g = h_read(out, NULL);
	want = h_read(alone, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g, want);
	free(err);
	/* stats shows the rest too. */
	ck_assert_int_eq(h_run(NULL, stats, &text, &err), 1);
	ck_assert_ptr_nonnull(strstr(text, "documents           4"));
	free(text);
	free(err);
	free(g);
	free(want);
	free(alone);
	free(out);
	free(dir);
}
END_TEST

START_TEST(unwritable_output_is_a_system_error)
{
	const char *argv[] = {"build", "-q", SMALL, "-o", "/nonexistent/dir/g.svg", NULL};
	char *err;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: /nonexistent/dir/g.svg: cannot create a temporary file: No such file or directory\n");
	free(err);
}
END_TEST

/* A PNG past cairo's 32,767 pixels a side is refused by ergraph, before
 * Graphviz's cairo plugin prints its own message to stderr. */
START_TEST(png_past_cairo_limit_is_refused)
{
	char *dir = h_tmpdir(), *png = h_path(dir, "g.png"), *err, *expected;
	/* sfdp and no legend: Graphviz 2.43's neato and its HTML labels leak
	 * under LeakSanitizer, sfdp on plain labels does not. */
	const char *build[] = {"build", "-q", "-K", "sfdp", "--dpi", "2400", ERG_SOURCE_DIR "/input",
			       "-o", png, NULL};
	const char *diff[] = {"diff", "-q", "-K", "sfdp", "--no-legend", "--dpi", "2400", ERG_SOURCE_DIR "/input",
			      ERG_SOURCE_DIR "/input", "-o", png, NULL};
	/* A build groups leaves of a hub; a diff draws every entity. */
	static const char fmt[] = "ergraph: %s: the PNG would be 91924 x 69408 pixels at 2400 dpi, past "
				  "cairo's 32767 a side (this drawing fits up to --dpi 855)\n";
	static const char fmt_diff[] = "ergraph: %s: the PNG would be 90649 x 60291 pixels at 2400 dpi, past "
				       "cairo's 32767 a side (this drawing fits up to --dpi 867)\n";

	expected = malloc(strlen(png) + sizeof fmt_diff);
	sprintf(expected, fmt, png);
	ck_assert_int_eq(h_run(NULL, build, NULL, &err), 2);
	ck_assert_str_eq(err, expected);
	free(err);
	sprintf(expected, fmt_diff, png);
	ck_assert_int_eq(h_run(NULL, diff, NULL, &err), 2);
	ck_assert_str_eq(err, expected);
	free(err);
	ck_assert_int_ne(access(png, F_OK), 0);
	free(expected);
	free(png);
	free(dir);
}
END_TEST

/* A name that nearly fills NAME_MAX: the temporary name beside it is cut to fit. */
START_TEST(longest_output_name)
{
	char *dir = h_tmpdir(), name[256], *out, *err, *text;
	const char *argv[] = {"build", "-q", SMALL, "-o", NULL, NULL};
	struct dirent *de;
	DIR *d;
	int files = 0;

	memset(name, 'g', 250);
	strcpy(name + 250, ".json"); /* 255 bytes, NAME_MAX on Linux */
	out = h_path(dir, name);
	argv[4] = out;
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 0);
	ck_assert_str_eq(err, "");
	text = h_read(out, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "\"ergraph\":"));
	d = opendir(dir);
	while ((de = readdir(d)))
		files += de->d_name[0] != '.';
	closedir(d);
	ck_assert_int_eq(files, 1);
	unlink(out);
	rmdir(dir);
	free(text);
	free(err);
	free(out);
	free(dir);
}
END_TEST

/* A FIFO is written in place when a process reads it, and is an error
 * (not a run that waits for ever) when none does. */
START_TEST(fifo_needs_a_reader)
{
	char *dir = h_tmpdir(), *fifo = h_path(dir, "g.svg"), *err, expected[512];
	const char *argv[] = {"build", "-q", SMALL, "-o", fifo, NULL};
	int status;
	pid_t pid;

	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
	snprintf(expected, sizeof expected, "ergraph: %s: no process is reading this FIFO (waited 3 s)\n", fifo);
	ck_assert_str_eq(err, expected);
	free(err);
	/* A reader that starts after ergraph: found within the wait. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[4096];
		ssize_t n, total = 0;
		int fd;

		sleep(1);
		if ((fd = open(fifo, O_RDONLY)) < 0)
			_exit(2);
		while ((n = read(fd, buf, sizeof buf)) > 0)
			total += n;
		_exit(total > 1000 ? 0 : 1);
	}
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(err);
	unlink(fifo);
	rmdir(dir);
	free(fifo);
	free(dir);
}
END_TEST

START_TEST(verbose_names_each_step)
{
	char *dir = h_tmpdir(), *json = h_path(dir, "g.json"), *svg = h_path(dir, "g.svg"), *err, *line;
	const char *argv[] = {"build", "-q", "-v", SMALL, "-o", json, "-o", svg, NULL};
	/* The steps in order; the times vary, so only what precedes them is compared. */
	const char *steps[] = {"ergraph: read 4 documents in ", "ergraph: finished the graph: 8 entities, 10 relations in ",
			       "ergraph: made JSON in ",
			       "ergraph: made the Graphviz graph of 8 entities and 10 relations in ",
			       "ergraph: laid out with neato in ", "ergraph: made SVG in "};
	char expected[4096];
	size_t k = 0;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 0);
	for (line = strtok(err, "\n"); line; line = strtok(NULL, "\n"), k++) {
		ck_assert_uint_lt(k, sizeof steps / sizeof steps[0]);
		snprintf(expected, sizeof expected, "%s", steps[k]);
		if (strstr(expected, "JSON"))
			snprintf(expected, sizeof expected, "ergraph: made %s in ", json);
		if (strstr(expected, "SVG"))
			snprintf(expected, sizeof expected, "ergraph: made %s in ", svg);
		ck_assert_msg(strncmp(line, expected, strlen(expected)) == 0, "step %zu: %s", k, line);
		ck_assert_msg(strcmp(line + strlen(line) - 2, " s") == 0, "step %zu: %s", k, line);
	}
	ck_assert_uint_eq(k, sizeof steps / sizeof steps[0]);
	free(err);
	free(svg);
	free(json);
	free(dir);
}
END_TEST

START_TEST(stdout_output_needs_a_format)
{
	const char *argv[] = {"build", SMALL, "-o", "-", "-T", "json", NULL};
	char *out, *err;

	ck_assert_int_eq(h_run(NULL, argv, &out, &err), 0);
	ck_assert(strncmp(out, "{\n\t\"ergraph\":\t1,", 16) == 0);
	free(out);
	free(err);
}
END_TEST

START_TEST(missing_input_is_reported)
{
	const char *argv[] = {"validate", "-q", "/nonexistent.json", SMALL, NULL};
	char *err;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph: /nonexistent.json: No such file or directory\n");
	free(err);
}
END_TEST

START_TEST(stdin_is_an_input)
{
	char *dir = h_tmpdir(), *script = h_path(dir, "run.sh"), *cmd, *text;
	int rc;

	cmd = malloc(4096);
	snprintf(cmd, 4096, "%s build - -o %s/g.json < %s/b.json", ERG_BINARY, dir, SMALL);
	rc = system(cmd);
	ck_assert_int_eq(rc, 0);
	snprintf(cmd, 4096, "%s/g.json", dir);
	text = h_read(cmd, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"id\":\t\"news-b\""));
	free(text);
	/* JSON Lines on standard input (Spark's pipe, xargs): one document a line. */
	snprintf(cmd, 4096, "%s build - -o %s/lines.json < %s/c.jsonl", ERG_BINARY, dir, SMALL);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, 4096, "%s/lines.json", dir);
	text = h_read(cmd, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"documents\":\t2,"));
	free(text);
	free(cmd);
	free(script);
	free(dir);
}
END_TEST

/*
 * A JSON Lines file of most kinds of line: documents that merge across
 * lines (the same id, kb or name), unknown relation types, a text_file,
 * blank lines, a doccano line in the middle (after it the file is read in
 * one thread), and unless `clean` syntax and schema errors and a
 * duplicate document id.  Caller frees the path.
 */
static char *mixed_lines(const char *dir, const char *name, bool clean)
{
	static const char *const names[] = {"China", "Russia", "Kazakhstan", "Mongolia", "India"};
	char *path = h_path(dir, name), *text = h_path(dir, "t.txt");
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	h_write(text, "India met China.", 16);
	for (int i = 1; i <= 700; i++) {
		const char *a = names[i % 5], *b = names[(i / 5) % 5];
		int la = (int)strlen(a), lb = (int)strlen(b);

		if (i % 97 == 13 && !clean)
			fprintf(f, "{\"ergraph\": 1,, }\n");
		else if (i % 89 == 7 && !clean)
			fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"bad%d\"}, \"entities\": "
				   "[{\"id\": \"x\", \"type\": \"leader\"}]}\n", i);
		else if (i == 650 && !clean)
			fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"d3\"}}\n");
		else if (i % 83 == 5)
			fprintf(f, "   \n");
		else if (i == 500)
			fprintf(f, "{\"id\": 1, \"text\": \"Russia and China\", \"label\": [[0, 6, \"GPE\"], "
				   "[11, 16, \"GPE\"]]}\n");
		else if (i % 101 == 50)
			fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"tf%d\", \"text_file\": "
				   "\"t.txt\"}, \"entities\": [{\"id\": \"india\", \"type\": \"country\", "
				   "\"name\": \"India\", \"mentions\": [{\"start\": 0, \"end\": 5, "
				   "\"text\": \"India\"}]}]}\n", i);
		else
			fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"d%d\", \"published\": "
				   "\"2020-%02d\", \"text\": \"%s met %s.\"}, \"entities\": [{\"id\": \"a%d\", "
				   "\"type\": \"country\", \"name\": \"%s\", %s\"mentions\": [{\"start\": 0, "
				   "\"end\": %d}]}, {\"id\": \"b%d\", \"type\": \"country\", \"name\": \"%s\", "
				   "\"mentions\": [{\"start\": %d, \"end\": %d, \"text\": \"%s\"}]}], "
				   "\"relations\": [{\"type\": \"%s\", \"source\": \"a%d\", \"target\": "
				   "\"b%d\", \"evidence\": [{\"start\": 0, \"end\": %d}]}]}\n",
				i, i % 12 + 1, a, b, i % 7, a, i % 3 ? "" : "\"kb\": \"wikidata:Q1\", ", la,
				i % 11, b, la + 5, la + 5 + lb, b,
				i % 41 == 3 ? "befriends" : i % 2 ? "met_with" : "partner_of", i % 7, i % 11,
				la + 5 + lb);
	}
	fclose(f);
	free(text);
	return path;
}

/*
 * build (into out1, then out2) or validate the file with --threads 1 and
 * then 2: the same exit status and the same messages.
 */
static char *same_both_ways(const char *cmd, const char *input, const char *out1,
			    const char *out2, const char *opt, int status)
{
	const char *argv[] = {cmd, "--threads", "1", input, opt, *cmd == 'b' ? "-o" : NULL, out1, NULL};
	char *err1, *err2;

	if (!*opt)
		argv[4] = *cmd == 'b' ? "-q" : NULL; /* -q: the warnings are checked with --strict */
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err1), status);
	argv[2] = "2";
	argv[6] = out2;
	ck_assert_int_eq(h_run(NULL, argv, NULL, &err2), status);
	ck_assert_str_eq(err2, err1);
	free(err2);
	return err1;
}

START_TEST(second_thread_changes_nothing)
{
	char *dir = h_tmpdir(), *mixed = mixed_lines(dir, "mixed.jsonl", false);
	char *clean = mixed_lines(dir, "clean.jsonl", true);
	char *one = h_path(dir, "one.json"), *two = h_path(dir, "two.json"), *err, *g1, *g2;
	size_t n1, n2;

	/* Every message, in the order one thread gives them. */
	err = same_both_ways("validate", mixed, NULL, NULL, "", 1);
	ck_assert_ptr_nonnull(strstr(err, "mixed.jsonl:13:15: syntax error: two commas in a row"));
	ck_assert_ptr_nonnull(strstr(err, "mixed.jsonl:7: entities[0].name: missing (required)"));
	ck_assert_ptr_nonnull(strstr(err, "mixed.jsonl:3: relations[0].type: unknown relation type 'befriends'"));
	ck_assert_ptr_nonnull(strstr(err, "mixed.jsonl:650: document.id: "));
	ck_assert(strstr(err, "mixed.jsonl:13:15") < strstr(err, "mixed.jsonl:96:"));
	free(err);
	free(same_both_ways("validate", mixed, NULL, NULL, "--strict", 1));
	free(same_both_ways("build", mixed, one, two, "", 1));
	free(same_both_ways("build", mixed, one, two, "--strict", 1));
	/* The graph, byte for byte; the doccano line and the text_file are in it. */
	err = same_both_ways("build", clean, one, two, "", 0);
	ck_assert_str_eq(err, "");
	free(err);
	g1 = h_read(one, &n1);
	g2 = h_read(two, &n2);
	ck_assert_ptr_nonnull(g1);
	ck_assert_ptr_nonnull(g2);
	ck_assert_ptr_nonnull(strstr(g1, "\"tf50\""));
	ck_assert_ptr_nonnull(strstr(g1, "\"doccano-1\""));
	ck_assert_uint_eq(n1, n2);
	ck_assert_int_eq(memcmp(g1, g2, n1), 0);
	free(g1);
	free(g2);
	free(one);
	free(two);
	free(clean);
	free(mixed);
	free(dir);
}
END_TEST

/* ---- a messy corpus: repeated messages summarised -------------------- */

#define SUMMARY ERG_SOURCE_DIR "/tests/data/summary"

static int count_lines(const char *s, const char *with)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, with)); p += strlen(with))
		n++;
	return n;
}

START_TEST(repeated_messages_are_summarised)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "g.json"), *err, *err2, *all;
	const char *one[] = {"build", "--threads", "1", "news.jsonl", "-o", out, NULL};
	const char *two[] = {"build", "--threads", "2", "news.jsonl", "-o", out, NULL};
	const char *every[] = {"build", "--all-warnings", "news.jsonl", "-o", out, NULL};

	/* 300 documents, 609 messages: the first 3 of each kind, then one
	 * line a kind with its count, at the end (tests/golden/messy.txt). */
	ck_assert_int_eq(h_run(SUMMARY, one, NULL, &err), 1);
	h_golden("messy.txt", err, strlen(err));
	ck_assert_int_lt(count_lines(err, "\n"), 40);
	ck_assert_int_eq(access(out, F_OK), 0); /* the graph of the others */
	/* The same in two threads: messages are counted as they are replayed. */
	ck_assert_int_eq(h_run(SUMMARY, two, NULL, &err2), 1);
	ck_assert_str_eq(err2, err);
	/* --all-warnings: every one, and no count. */
	ck_assert_int_eq(h_run(SUMMARY, every, NULL, &all), 1);
	ck_assert_int_eq(count_lines(all, "unknown relation type 'citizen_of'"), 296);
	ck_assert_int_eq(count_lines(all, "unknown relation type 'met_press_in'"), 57);
	ck_assert_int_eq(count_lines(all, "expected leader\n"), 43);
	ck_assert_int_eq(count_lines(all, "is not an http(s) or relative URL"), 197);
	ck_assert_int_eq(count_lines(all, "is past the end of the text"), 12);
	ck_assert_int_eq(count_lines(all, "syntax error"), 4);
	ck_assert_int_eq(count_lines(all, "ergraph: "), 609);
	ck_assert_int_eq(count_lines(all, "shown (--all-warnings"), 0);
	free(all);
	free(err2);
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(summary_comes_before_valid)
{
	char *dir = h_tmpdir(), *part = h_path(dir, "news7.jsonl"), *text, *end, *err;
	const char *argv[] = {"validate", "news7.jsonl", NULL};
	int k = 0;

	/* The first 7 documents have warnings and no error. */
	text = h_read(SUMMARY "/news.jsonl", NULL);
	for (end = text; k < 7; end++)
		k += *end == '\n';
	h_write(part, text, (size_t)(end - text));
	ck_assert_int_eq(h_run(dir, argv, NULL, &err), 0);
	h_golden("messy-validate.txt", err, strlen(err));
	free(err);
	free(text);
	free(part);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc_usage = tcase_create("usage");
	TCase *tc_outputs = tcase_create("outputs");
	TCase *tc_bad_input = tcase_create("bad-input");
	TCase *tc_threads = tcase_create("threads");
	TCase *tc_messy = tcase_create("messy");

	list_bad();
	list_messy();
	tcase_set_timeout(tc_usage, 60);
	tcase_add_test(tc_usage, help_and_version);
	tcase_add_test(tc_usage, usage_errors_exit_2);
	tcase_add_test(tc_usage, missing_input_is_reported);
	tcase_add_test(tc_usage, stdin_is_an_input);
	tcase_add_test(tc_usage, stdout_output_needs_a_format);
	tcase_add_test(tc_usage, verbose_names_each_step);
	suite_add_tcase(s, tc_usage);
	tcase_set_timeout(tc_outputs, 60);
	tcase_add_test(tc_outputs, never_writes_over_an_input);
	tcase_add_test(tc_outputs, a_failed_run_leaves_the_old_output);
	tcase_add_test(tc_outputs, a_bad_document_leaves_the_rest);
	tcase_add_test(tc_outputs, unwritable_output_is_a_system_error);
	tcase_add_test(tc_outputs, png_past_cairo_limit_is_refused);
	tcase_add_test(tc_outputs, longest_output_name);
	tcase_add_test(tc_outputs, fifo_needs_a_reader);
	suite_add_tcase(s, tc_outputs);
	tcase_set_timeout(tc_threads, 120);
	tcase_add_test(tc_threads, second_thread_changes_nothing);
	suite_add_tcase(s, tc_threads);
	tcase_set_timeout(tc_bad_input, 60);
	tcase_add_loop_test(tc_bad_input, bad_input_catalogue, 0, nbad);
	suite_add_tcase(s, tc_bad_input);
	tcase_set_timeout(tc_messy, 120);
	tcase_add_test(tc_messy, repeated_messages_are_summarised);
	tcase_add_test(tc_messy, summary_comes_before_valid);
	tcase_add_loop_test(tc_messy, messy_catalogue, 0, nmessy);
	tcase_add_test(tc_messy, messy_generated_corpus);
	suite_add_tcase(s, tc_messy);
	return s;
}

int main(void)
{
	int rc = h_main(suite());

	for (int i = 0; i < nbad; i++)
		free(bad_names[i]);
	for (int i = 0; i < nmessy; i++)
		free(messy_names[i]);
	return rc;
}
