/*
 * json_speed.c - cJSON against the arena parser on JSON Lines.
 *
 *   json_speed [-r ROUNDS] FILE...
 *
 * Every line of every file is read into memory first, then parsed by each
 * parser in turn, ROUNDS times (default 5); the best round of each is
 * reported in MB/s (10^6 bytes of input a second of CPU time).  cJSON's
 * round is cJSON_ParseWithLength and cJSON_Delete a line; the arena's is
 * erg_json_parse_fast and erg_json_arena_reset a line.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	char *text;       /* every line, one after the other */
	size_t *start;    /* line i is text[start[i] .. start[i + 1]) */
	size_t n, cap, bytes, textcap;
} lines;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_lines(lines *l, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (l->n + 2 > l->cap) {
			size_t *s = realloc(l->start, (l->cap = l->cap ? l->cap * 2 : 1024) * sizeof *s);

			if (!s)
				goto nomem;
			l->start = s;
		}
		if (l->bytes + (size_t)n > l->textcap) {
			char *t;

			while (l->bytes + (size_t)n > l->textcap)
				l->textcap = l->textcap ? l->textcap * 2 : 1 << 20;
			if (!(t = realloc(l->text, l->textcap)))
				goto nomem;
			l->text = t;
		}
		memcpy(l->text + l->bytes, line, (size_t)n);
		l->start[l->n++] = l->bytes;
		l->bytes += (size_t)n;
		l->start[l->n] = l->bytes;
	}
	free(line);
	fclose(f);
	return 0;
nomem:
	fprintf(stderr, "json_speed: out of memory\n");
	free(line);
	fclose(f);
	return -1;
}

/* One round of cJSON: seconds, or < 0 if a line is refused. */
static double round_cjson(const lines *l)
{
	double t = now();

	for (size_t i = 0; i < l->n; i++) {
		cJSON *j = cJSON_ParseWithLength(l->text + l->start[i], l->start[i + 1] - l->start[i]);

		if (!j)
			return -1;
		cJSON_Delete(j);
	}
	return now() - t;
}

/* One round of the arena parser; *fallbacks counts lines left to cJSON. */
static double round_fast(const lines *l, erg_json_arena *a, size_t *fallbacks)
{
	double t = now();

	*fallbacks = 0;
	for (size_t i = 0; i < l->n; i++) {
		cJSON *j;
		size_t where;
		erg_json_status st = erg_json_parse_fast(a, l->text + l->start[i],
							 l->start[i + 1] - l->start[i], 1000, &j, &where);

		if (st == ERG_JSON_OOM)
			return -1;
		*fallbacks += st != ERG_JSON_OK;
		erg_json_arena_reset(a);
	}
	return now() - t;
}

int main(int argc, char **argv)
{
	lines l = {0};
	erg_json_arena *a = erg_json_arena_new();
	double best_c = 1e30, best_f = 1e30;
	size_t fallbacks = 0;
	int rounds = 5, opt;

	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r' || (rounds = atoi(optarg)) < 1) {
			fprintf(stderr, "usage: json_speed [-r ROUNDS] FILE...\n");
			return 2;
		}
	}
	if (optind == argc || !a) {
		fprintf(stderr, "usage: json_speed [-r ROUNDS] FILE...\n");
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (read_lines(&l, argv[i]) < 0)
			return 2;
	for (int r = 0; r < rounds; r++) {
		double c = round_cjson(&l), f = round_fast(&l, a, &fallbacks);

		if (c < 0 || f < 0) {
			fprintf(stderr, "json_speed: a line is not JSON, or out of memory\n");
			return 1;
		}
		best_c = c < best_c ? c : best_c;
		best_f = f < best_f ? f : best_f;
	}
	printf("%zu lines, %.1f MB, best of %d rounds (CPU time)\n", l.n, (double)l.bytes / 1e6, rounds);
	printf("cJSON_ParseWithLength + cJSON_Delete  %8.1f MB/s\n", (double)l.bytes / 1e6 / best_c);
	printf("erg_json_parse_fast + arena reset     %8.1f MB/s  (%.2fx, %zu lines left to cJSON)\n",
	       (double)l.bytes / 1e6 / best_f, best_c / best_f, fallbacks);
	erg_json_arena_free(a);
	free(l.text);
	free(l.start);
	return 0;
}
