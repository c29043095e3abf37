/*
 * fuzz_json.c - the arena JSON parser against cJSON.
 *
 * Each input is parsed by both.  When the fast parser says OK, cJSON (as
 * erg_json_parse calls it) must accept the input and build the same tree
 * node by node; the tree is parsed again with a depth limit one short of
 * its own depth, which must be TOO_DEEP at the bracket erg_json_too_deep
 * names.  When it says TOO_DEEP, that bracket must really open a level
 * past the limit.  Anything else aborts.
 *
 * Linked with -fsanitize=fuzzer it is a libFuzzer target; linked with
 * replay.c it replays saved inputs under gcc in CTest.
 */
#include "internal.h"
#include "json.h"
#include "json_same.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small, so that nesting past it is common. */
#define DEPTH 32

static void fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_json: %s\ninput (%zu bytes): %.*s\n", what, size,
		(int)(size > 500 ? 500 : size), (const char *)data);
	abort();
}

/* TOO_DEEP at `where` for limit `max`: is that the bracket that opens
 * level max + 1?  Up to it the input has no syntax error, so counting
 * brackets outside strings is exact there. */
static void check_too_deep(const uint8_t *data, size_t size, int max, size_t where)
{
	size_t first;

	if (where >= size || (data[where] != '[' && data[where] != '{'))
		fail("TOO_DEEP does not point at a bracket", data, size);
	if (!erg_json_too_deep((const char *)data, size, max, &first) || first != where)
		fail("TOO_DEEP at another place than the first bracket too deep", data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static erg_json_arena *arena;
	static unsigned runs;
	const char *buf = (const char *)data;
	cJSON *fast = NULL, *slow;
	size_t where = SIZE_MAX, err;
	erg_json_status st;
	const char *diff;
	int depth;

	/* The schema's names as pointers, as loading parses (load.c). */
	if (!arena && !(arena = erg_load_arena_new()))
		abort();
	/* Reset now and then only, so that trees cross chunk boundaries. */
	if (++runs % 64 == 0)
		erg_json_arena_reset(arena);
	st = erg_json_parse_fast(arena, buf, size, DEPTH, &fast, &where);
	slow = erg_json_parse(buf, size, &err);
	switch (st) {
	case ERG_JSON_OK:
		if (!slow)
			fail("OK, but cJSON refuses the input", data, size);
		if ((diff = json_same(fast, slow)))
			fail(diff, data, size);
		depth = json_depth(slow);
		if (depth > DEPTH)
			fail("OK, but nested deeper than the limit", data, size);
		if (depth > 0) {
			cJSON *again = NULL;

			where = SIZE_MAX;
			if (erg_json_parse_fast(arena, buf, size, depth - 1, &again, &where) !=
			    ERG_JSON_TOO_DEEP || again)
				fail("one level less is not TOO_DEEP", data, size);
			check_too_deep(data, size, depth - 1, where);
		}
		break;
	case ERG_JSON_TOO_DEEP:
		if (fast)
			fail("TOO_DEEP with a tree", data, size);
		check_too_deep(data, size, DEPTH, where);
		if (slow && json_depth(slow) <= DEPTH)
			fail("TOO_DEEP, but cJSON's tree is not that deep", data, size);
		break;
	case ERG_JSON_FALLBACK:
		if (fast)
			fail("FALLBACK with a tree", data, size);
		break;
	default:
		fail("out of memory", data, size);
	}
	cJSON_Delete(slow);
	return 0;
}
