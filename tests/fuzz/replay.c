/*
 * replay.c - run a fuzz target over saved inputs without libFuzzer.
 *
 * Usage: replay FILE-OR-FOLDER...  Each file is passed once to
 * LLVMFuzzerTestOneInput, so a crash or sanitizer report found by a
 * fuzzing run stays fixed: CTest replays the saved corpus on every change.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!p) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}


/* Returns the number of inputs replayed, or -1. */
static long replay_path(const char *path)
{
	struct stat st;
	struct dirent **names;
	long total = 0;
	int n;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path) < 0 ? -1 : 1;
	if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
		perror(path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char child[4096];
		long k;

		if (names[i]->d_name[0] != '.' && total >= 0) {
			snprintf(child, sizeof child, "%s/%s", path, names[i]->d_name);
			k = replay_path(child);
			total = k < 0 ? -1 : total + k;
		}
		free(names[i]);
	}
	free(names);
	return total;
}

int main(int argc, char **argv)
{
	long total = 0;

	for (int i = 1; i < argc; i++) {
		long k = replay_path(argv[i]);

		if (k < 0)
			return 2;
		total += k;
	}
	printf("replayed %ld inputs\n", total);
	return total > 0 ? 0 : 2; /* an empty corpus is a mistake, not a pass */
}
