/*
 * gen_messy.c - a messy corpus, as people annotate news: the same
 * entities typed two ways, kb identifiers in every form, one id given two
 * kb, and a name that records without a kb share with two kb.
 *
 *   gen_messy N DIR
 *
 * Writes N native documents as JSON Lines into DIR, 100 a file
 * (part-0.jsonl, part-1.jsonl, ...).  Every conflict comes back in every
 * run of ten documents, so each file holds all of them and the graphs of
 * the files merge into the graph of the whole.  The same arguments give
 * the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>

static const char *const mandela_kb[] = {
	"wikipedia:Nelson_Mandela", "https://en.wikipedia.org/wiki/Nelson_Mandela",
	"wikipedia:Nelson Mandela ", "http://en.m.wikipedia.org/wiki/Nelson%20Mandela"};
static const char *const xi_kb[] = {"Q15031", "wikidata:Q15031", "https://www.wikidata.org/wiki/Q15031",
				    " wikidata:q15031"};

static void entity(FILE *f, int *n, const char *id, const char *type, const char *name, const char *kb,
		   const char *alias)
{
	fprintf(f, "%s{\"id\": \"%s\", \"type\": \"%s\", \"name\": \"%s\"", (*n)++ ? ", " : "", id, type, name);
	if (kb)
		fprintf(f, ", \"kb\": \"%s\"", kb);
	if (alias)
		fprintf(f, ", \"aliases\": [\"%s\"]", alias);
	fputc('}', f);
}

static void document(FILE *f, int i)
{
	int n = 0;

	fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"doc-%03d\", \"published\": \"2020-%02d-%02d\"}, "
		   "\"entities\": [", i, 1 + i % 12, 1 + i % 28);
	/* A leader in three documents of five, a person in two. */
	entity(f, &n, "mandela", i % 5 < 3 ? "leader" : "person", "Nelson Mandela", mandela_kb[i % 4], NULL);
	entity(f, &n, "south-africa", "country", "South Africa", "wikidata:Q258", NULL);
	entity(f, &n, "xi-jinping", "leader", "Xi Jinping", xi_kb[i % 4], NULL);
	entity(f, &n, "fifa", "organization", "FIFA", i % 3 ? "wikipedia:FIFA" : "wikipedia:FIFA ", NULL);
	/* As many documents one way as the other: the precedence decides. */
	entity(f, &n, "catherine-ashton", i % 2 ? "person" : "leader", "Catherine Ashton",
	       "wikipedia:Catherine_Ashton", NULL);
	entity(f, &n, "christine-lagarde", i % 3 ? "person" : "leader", "Christine Lagarde",
	       "wikidata:Q10640", NULL);
	/* One id, two kb; and "Nazis" an organization of both kb and of
	 * records without one. */
	if (i % 10 == 0)
		entity(f, &n, "nazi-germany", i % 20 ? "organization" : "country", "Nazi Germany",
		       "wikipedia:Nazi_Germany", "Nazis");
	if (i % 10 == 3)
		entity(f, &n, "nazi-germany", "organization", "Nazism", "wikipedia:Nazism", "Nazis");
	if (i % 10 == 7)
		entity(f, &n, "nazis", "organization", "Nazis", NULL, NULL);
	fprintf(f, "], \"relations\": [{\"source\": \"mandela\", \"target\": \"south-africa\", "
		   "\"type\": \"visited\"}, {\"source\": \"xi-jinping\", \"target\": \"south-africa\", "
		   "\"type\": \"%s\"}]}\n", i % 2 ? "visited" : "met_with");
}

int main(int argc, char **argv)
{
	char path[4096];
	FILE *f = NULL;
	int n;

	if (argc != 3 || (n = atoi(argv[1])) <= 0) {
		fputs("usage: gen_messy N DIR\n", stderr);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		if (i % 100 == 0) {
			if (f && fclose(f) != 0)
				return 1;
			snprintf(path, sizeof path, "%s/part-%d.jsonl", argv[2], i / 100);
			if (!(f = fopen(path, "w"))) {
				perror(path);
				return 1;
			}
		}
		document(f, i);
	}
	return f && fclose(f) != 0 ? 1 : 0;
}
