/*
 * gen_corpus.c - a synthetic corpus for the benchmarks.
 *
 *   gen_corpus [--random-pairs] N VOCABULARY SEED DIR
 *
 * Writes N native documents as JSON Lines, 1,000 to a file, into DIR.
 * Entities come from a vocabulary of VOCABULARY names whose popularity
 * follows a Zipf law (s = 1): a few entities are in most documents, most
 * in a few, as in news.  Relations come from a fixed world of 3 x
 * VOCABULARY facts (pairs of entities, drawn by the same law) whose
 * popularity follows a Zipf law too: news report the same relationships
 * again and again, so the graph of a larger corpus over the same
 * vocabulary grows little.  With --random-pairs a relation joins any two
 * entities of its document instead, and the graph keeps growing with the
 * corpus (a stress case).  Each document has a text of about 1,200
 * characters made of sentences that mention its entities, 6 to 14
 * entities (more when its relations need them) with every mention span,
 * and 4 to 12 relations with evidence.  The same arguments give the same
 * bytes.
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

/* The local index of entity e in ents[0..*n), added if missing. */
static size_t local(size_t *ents, size_t *n, size_t e)
{
	for (size_t j = 0; j < *n; j++)
		if (ents[j] == e)
			return j;
	ents[*n] = e;
	return (*n)++;
}

int main(int argc, char **argv)
{
	size_t n, v, nfacts;
	double *cum, *fcum;
	size_t (*facts)[2];
	int random_pairs = argc > 1 && strcmp(argv[1], "--random-pairs") == 0;
	FILE *f = NULL;

	argv += random_pairs;
	argc -= random_pairs;
	if (argc != 5) {
		fprintf(stderr, "usage: gen_corpus [--random-pairs] N VOCABULARY SEED DIR\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	v = strtoul(argv[2], NULL, 10);
	state = strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	nfacts = 3 * v;
	if (!n || v < 2 || !(cum = malloc(v * sizeof *cum)) || !(fcum = malloc(nfacts * sizeof *fcum)) ||
	    !(facts = malloc(nfacts * sizeof *facts)))
		return 2;
	for (size_t i = 0; i < v; i++)
		cum[i] = (i ? cum[i - 1] : 0) + 1.0 / (double)(i + 1);
	/* The world: facts between entities, each as popular as its rank says. */
	for (size_t k = 0; k < nfacts; k++) {
		facts[k][0] = zipf(cum, v);
		do
			facts[k][1] = zipf(cum, v);
		while (facts[k][1] == facts[k][0]);
		fcum[k] = (k ? fcum[k - 1] : 0) + 1.0 / (double)(k + 1);
	}
	for (size_t d = 0; d < n; d++) {
		size_t ents[32], ne = 0, want = 6 + next() % 9, nr = 4 + next() % 9;
		char text[8192], names[32][64];
		size_t starts[32][4], nment[32] = {0}, len = 0, nsent;
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
		/* The relations' ends first (facts of the world), then others. */
		if (!random_pairs) {
			for (size_t r = 0; r < nr; r++) {
				size_t k = zipf(fcum, nfacts);

				pair_a[r] = local(ents, &ne, facts[k][0]);
				pair_b[r] = local(ents, &ne, facts[k][1]);
			}
		}
		while (ne < want)
			local(ents, &ne, zipf(cum, v));
		for (size_t k = 0; k < ne; k++)
			name_of(ents[k], names[k], sizeof names[k]);
		/* Sentences "A met B; filler." each naming two entities; each
		 * sentence is the evidence of the relation between them. */
		for (nsent = 0; nsent < nr && len < sizeof text - 512; nsent++) {
			size_t a, b;

			if (random_pairs) {
				a = next() % ne;
				b = (a + 1 + next() % (ne - 1)) % ne;
				pair_a[nsent] = a;
				pair_b[nsent] = b;
			}
			a = pair_a[nsent];
			b = pair_b[nsent];
			ev_start[nsent] = len;
			if (nment[a] < 4)
				starts[a][nment[a]++] = len;
			len += (size_t)sprintf(text + len, "%s met %s", names[a], names[b]);
			if (nment[b] < 4)
				starts[b][nment[b]++] = len - strlen(names[b]);
			ev_end[nsent] = len;
			len += (size_t)sprintf(text + len, "; %s. ", filler[next() % 6]);
		}
		/* Entities no relation names are mentioned once, at the end. */
		for (size_t k = 0; k < ne && len < sizeof text - 128; k++) {
			if (nment[k])
				continue;
			starts[k][nment[k]++] = len;
			len += (size_t)sprintf(text + len, "%s was also named. ", names[k]);
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
	free(facts);
	free(fcum);
	free(cum);
	return 0;
}
