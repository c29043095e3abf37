/*
 * parse_floor.c - the floor for ingest: read every JSON Lines file named
 * and parse each line with cJSON, nothing else.  ergraph's build does
 * this and more (checks, merging); the benchmark compares the two.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	size_t docs = 0, cap = 1 << 16;
	char *line = malloc(cap);

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		ssize_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		while ((n = getline(&line, &cap, f)) > 0) {
			cJSON *j = cJSON_ParseWithLength(line, (size_t)n);

			if (!j) {
				fprintf(stderr, "%s: a line is not JSON\n", argv[i]);
				return 1;
			}
			docs++;
			cJSON_Delete(j);
		}
		fclose(f);
	}
	printf("%zu documents parsed\n", docs);
	free(line);
	return 0;
}
