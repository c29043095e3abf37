/*
 * fuzz_load.c - one fuzz target per input format, through the public API.
 *
 * Built once per format with ERG_FUZZ_FORMAT and ERG_FUZZ_EXT set (see
 * CMakeLists.txt).  The input goes to a real file, as users' inputs do, so
 * the reader, the format detection and the limits on size are all in play;
 * a graph that loads is finished and written as graph JSON and statistics,
 * the two outputs that walk everything without a Graphviz layout.
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

static char input_path[64];

/* A private folder per process, removed at exit. */
static void remove_input(void)
{
	char dir[64];

	unlink(input_path);
	snprintf(dir, sizeof dir, "%s", input_path);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
}

static int prepare(void)
{
	char dir[] = "/tmp/erg-fuzz-XXXXXX";

	if (input_path[0])
		return 0;
	if (!mkdtemp(dir))
		return -1;
	snprintf(input_path, sizeof input_path, "%s/input%s", dir, ERG_FUZZ_EXT);
	atexit(remove_input);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erg_load_options lo = ERG_LOAD_OPTIONS_INIT;
	erg_graph *g = NULL;
	FILE *f;

	if (prepare() < 0 || !(f = fopen(input_path, "wb")))
		abort();
	if (fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	lo.format = ERG_FUZZ_FORMAT;
	if (erg_graph_new(&g) < 0)
		abort();
	if (erg_graph_load(g, input_path, &lo) == 0 && erg_graph_finish(g) == 0) {
		FILE *out = fopen("/dev/null", "w");

		if (!out)
			abort();
		erg_graph_write_json(g, out);
		erg_stats_write(g, out, ERG_STATS_ALL, 5);
		fclose(out);
	}
	erg_graph_free(g);
	return 0;
}
