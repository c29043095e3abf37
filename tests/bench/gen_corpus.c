/*
 * gen_corpus.c - a synthetic corpus for the benchmarks.
 *
 *   gen_corpus N VOCABULARY SEED DIR
 *
 * Writes N native documents as JSON Lines, 1,000 to a file, into DIR.
 * Entities come from a vocabulary of VOCABULARY names whose popularity
 * follows a Zipf law (s = 1): a few entities are in most documents, most
 * in a few, as in news.  Each document has a text of about 1,200
 * characters made of sentences that mention its entities, 6 to 14
 * entities with every mention span, and 4 to 12 relations with evidence.
 * The same arguments give the same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static double uniform(void)
{
	return (double)(next() >> 11) / 9007199254740992.0;
}

static const char *const types[] = {"country", "leader", "organization"};
static const char *const syllables[] = {"ka", "lo", "mir", "tan", "su", "ve", "ra", "zon", "pel", "dri",
					"no", "bas", "ti", "gor", "en", "wa", "chi", "lu", "sar", "fen"};
static const char *const filler[] = {
	"officials said on Tuesday that talks would continue", "the agreement covers trade and energy",
	"analysts expect further meetings later this year", "the statement was issued after a long session",
	"both sides stressed the importance of cooperation", "observers noted the timing of the visit"};

/* The name of entity i: two or three syllables, capitalised, a number to keep it unique. */
static void name_of(size_t i, char *out, size_t n)
{
	uint64_t h = (uint64_t)i * 2654435761u + 12345;
	char word[64] = "";
	int parts = 2 + (int)(h % 2);

	for (int k = 0; k < parts; k++) {
		strcat(word, syllables[(h >> (5 * k)) % 20]);
	}
	word[0] = (char)(word[0] - 'a' + 'A');
	snprintf(out, n, "%s %zu", word, i);
}

/* Zipf sampling by inverting the cumulative weights (binary search). */
static size_t zipf(const double *cum, size_t v)
{
	double u = uniform() * cum[v - 1];
	size_t lo = 0, hi = v - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int main(int argc, char **argv)
{
	size_t n, v;
	double *cum;
	FILE *f = NULL;

	if (argc != 5) {
		fprintf(stderr, "usage: gen_corpus N VOCABULARY SEED DIR\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	v = strtoul(argv[2], NULL, 10);
	state = strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	if (!n || !v || !(cum = malloc(v * sizeof *cum)))
		return 2;
	for (size_t i = 0; i < v; i++)
		cum[i] = (i ? cum[i - 1] : 0) + 1.0 / (double)(i + 1);
	for (size_t d = 0; d < n; d++) {
		size_t ents[16], ne = 6 + next() % 9, nr = 4 + next() % 9;
		char text[8192], names[16][64];
		size_t starts[16][4], nment[16] = {0}, len = 0, nsent;
		size_t ev_start[16], ev_end[16], pair_a[16], pair_b[16];

		if (d % 1000 == 0) {
			char path[4096];

			if (f)
				fclose(f);
			snprintf(path, sizeof path, "%s/part-%05zu.jsonl", argv[4], d / 1000);
			if (!(f = fopen(path, "w"))) {
				perror(path);
				return 2;
			}
		}
		/* Distinct entities for this document. */
		for (size_t k = 0; k < ne; k++) {
			size_t e;
			int dup;

			do {
				e = zipf(cum, v);
				dup = 0;
				for (size_t j = 0; j < k; j++)
					dup |= ents[j] == e;
			} while (dup);
			ents[k] = e;
			name_of(e, names[k], sizeof names[k]);
		}
		/* Sentences "A met B; filler." each naming two entities; each
		 * sentence is the evidence of the relation between them. */
		for (nsent = 0; nsent < nr && len < sizeof text - 512; nsent++) {
			size_t a = next() % ne, b = (a + 1 + next() % (ne - 1)) % ne;

			pair_a[nsent] = a;
			pair_b[nsent] = b;
			ev_start[nsent] = len;
			if (nment[a] < 4)
				starts[a][nment[a]++] = len;
			len += (size_t)sprintf(text + len, "%s met %s", names[a], names[b]);
			if (nment[b] < 4)
				starts[b][nment[b]++] = len - strlen(names[b]);
			ev_end[nsent] = len;
			len += (size_t)sprintf(text + len, "; %s. ", filler[next() % 6]);
		}
		fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"doc-%zu\", \"title\": \"Synthetic report %zu\", "
			   "\"published\": \"%04zu-%02zu-%02zu\", \"text\": \"%s\"}, \"entities\": [",
			d, d, 2000 + d % 25, 1 + d % 12, 1 + d % 28, text);
		for (size_t k = 0; k < ne; k++) {
			fprintf(f, "%s{\"id\": \"e%zu\", \"type\": \"%s\", \"name\": \"%s\", \"mentions\": [", k ? ", " : "",
				ents[k], types[ents[k] % 3], names[k]);
			for (size_t m = 0; m < nment[k]; m++)
				fprintf(f, "%s{\"start\": %zu, \"end\": %zu}", m ? ", " : "", starts[k][m],
					starts[k][m] + strlen(names[k]));
			fputs("]}", f);
		}
		fputs("], \"relations\": [", f);
		/* met_with is symmetric and takes any ends: generated data warns of nothing. */
		for (size_t r = 0; r < nsent; r++)
			fprintf(f, "%s{\"type\": \"met_with\", \"source\": \"e%zu\", \"target\": \"e%zu\", "
				   "\"evidence\": [{\"start\": %zu, \"end\": %zu}]}",
				r ? ", " : "", ents[pair_a[r]], ents[pair_b[r]], ev_start[r], ev_end[r]);
		fputs("]}\n", f);
	}
	if (f)
		fclose(f);
	free(cum);
	return 0;
}
