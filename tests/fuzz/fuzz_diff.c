/*
 * fuzz_diff.c - `diff` of two graphs as a fuzz target.
 *
 * The input is two graph JSON texts separated by the first NUL byte (a
 * byte no graph JSON holds; without one, the text is diffed with itself).
 * Each goes to a real file and is loaded as graph JSON; when both load,
 * they are diffed and the diff written as text, diff JSON and SVG, which
 * builds the Graphviz graph of the union and its tooltips (documents,
 * titles) from both graphs' documents.
 *
 * Linked with -fsanitize=fuzzer it is a libFuzzer target; linked with
 * replay.c it replays saved inputs under gcc in CTest.
 */
#include "ergraph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/erg-fuzz-diff-XXXXXX";
static char old_path[64], new_path[64], json_path[64], svg_path[64];

/* The private folder and what is left in it, removed at exit. */
static void remove_dir(void)
{
	unlink(old_path);
	unlink(new_path);
	unlink(json_path);
	unlink(svg_path);
	rmdir(dir);
	erg_shutdown(); /* Graphviz's context: valgrind replays this target */
}

static int prepare(void)
{
	if (old_path[0])
		return 0;
	if (!mkdtemp(dir))
		return -1;
	snprintf(old_path, sizeof old_path, "%s/old.json", dir);
	snprintf(new_path, sizeof new_path, "%s/new.json", dir);
	snprintf(json_path, sizeof json_path, "%s/diff.json", dir);
	snprintf(svg_path, sizeof svg_path, "%s/diff.svg", dir);
	atexit(remove_dir);
	return 0;
}

static void put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

/* A finished graph of the file, or NULL when it does not load. */
static erg_graph *load(const char *path)
{
	erg_load_options lo = ERG_LOAD_OPTIONS_INIT;
	erg_graph *g = NULL;

	lo.format = ERG_FORMAT_GRAPH;
	if (erg_graph_new(&g) < 0)
		abort();
	if (erg_graph_load(g, path, &lo) == 0 && erg_graph_finish(g) == 0)
		return g;
	erg_graph_free(g);
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t old_size = nul ? (size_t)(nul - data) : size;
	erg_graph *a, *b = NULL;
	erg_diff *d = NULL;

	if (prepare() < 0)
		abort();
	put(old_path, data, old_size);
	put(new_path, nul ? nul + 1 : data, nul ? size - old_size - 1 : size);
	if ((a = load(old_path)) && (b = load(new_path)) && erg_diff_graphs(&d, a, b) == 0) {
		erg_render_options ro = ERG_RENDER_OPTIONS_INIT;
		erg_output outs[] = {{json_path, ERG_OUT_JSON}, {svg_path, ERG_OUT_SVG}};
		FILE *out = fopen("/dev/null", "w");

		if (!out)
			abort();
		erg_diff_write_text(d, out, 0, "old", "new");
		fclose(out);
		erg_diff_render(d, outs, 2, &ro, "old", "new");
	}
	erg_diff_free(d);
	erg_graph_free(b);
	erg_graph_free(a);
	return 0;
}
