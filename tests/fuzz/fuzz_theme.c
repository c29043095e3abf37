/*
 * fuzz_theme.c - a fuzz target for --theme files.
 *
 * The input is written to a real file and given as the theme of a drawing
 * of the small corpus (tests/data/small) and an entity named by 1,006
 * braces (loaded once), drawn as SVG and
 * DOT: every value the theme checks let through reaches Graphviz, which
 * must not crash on it (as it did on record shapes and braces).
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

static char dir[64];
static erg_graph *corpus;

/* The private folder and its files, removed at exit. */
static void cleanup(void)
{
	char path[128];

	snprintf(path, sizeof path, "%s/theme.json", dir);
	unlink(path);
	rmdir(dir);
	erg_graph_free(corpus);
	erg_shutdown();
}

static int prepare(void)
{
	erg_load_options lo = ERG_LOAD_OPTIONS_INIT;

	if (corpus)
		return 0;
	snprintf(dir, sizeof dir, "/tmp/erg-fuzz-theme-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	if (erg_graph_new(&corpus) < 0 || erg_graph_load(corpus, ERG_SMALL_CORPUS, &lo) < 0 ||
	    erg_graph_load(corpus, ERG_BRACES_DOC, &lo) < 0 || erg_graph_finish(corpus) < 0)
		return -1;
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erg_render_options ro = ERG_RENDER_OPTIONS_INIT;
	char theme[128], svg[128], dot[128];
	erg_output outs[2];
	FILE *f;

	if (prepare() < 0)
		abort();
	snprintf(theme, sizeof theme, "%s/theme.json", dir);
	snprintf(svg, sizeof svg, "%s/g.svg", dir);
	snprintf(dot, sizeof dot, "%s/g.dot", dir);
	if (!(f = fopen(theme, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	outs[0].path = svg;
	outs[0].format = ERG_OUT_SVG;
	outs[1].path = dot;
	outs[1].format = ERG_OUT_DOT;
	ro.theme = theme;
	if (erg_render(corpus, outs, 2, &ro) == 0) {
		unlink(svg);
		unlink(dot);
	}
	return 0;
}
