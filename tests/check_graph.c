/* check_graph.c - entity resolution, the graph model, filters, stats. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SMALL ERG_SOURCE_DIR "/tests/data/small/"

static const char *const small[] = {SMALL "a.json", SMALL "b.json", SMALL "c.jsonl", NULL};

/* The graph JSON of a finished graph, as text (caller frees). */
static char *json_of(const erg_graph *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(erg_graph_write_json(g, f), 0);
	fclose(f);
	return buf;
}

static cJSON *parsed(const erg_graph *g)
{
	char *text = json_of(g);
	cJSON *j = cJSON_Parse(text);

	free(text);
	ck_assert_ptr_nonnull(j);
	return j;
}

static const cJSON *find(const cJSON *arr, const char *key, const char *value)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);

		if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0)
			return it;
	}
	return NULL;
}

static const cJSON *edge(const cJSON *root, const char *src, const char *type, const char *tgt)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "edges")) {
		if (strcmp(cJSON_GetObjectItemCaseSensitive(it, "source")->valuestring, src) == 0 &&
		    strcmp(cJSON_GetObjectItemCaseSensitive(it, "type")->valuestring, type) == 0 &&
		    strcmp(cJSON_GetObjectItemCaseSensitive(it, "target")->valuestring, tgt) == 0)
			return it;
	}
	return NULL;
}

static char *joined(const cJSON *arr)
{
	char *s = cJSON_PrintUnformatted(arr);

	ck_assert_ptr_nonnull(s);
	return s;
}

#define ASSERT_JSON(item, expected)                       \
	do {                                              \
		char *s_ = joined(item);                  \
		ck_assert_str_eq(s_, expected);           \
		free(s_);                                 \
	} while (0)

START_TEST(small_corpus_golden)
{
	erg_graph *g;
	char *text, *diags;

	ck_assert_int_eq(h_load(&g, small, 0, &diags), 0);
	text = json_of(g);
	h_golden("small.json", text, strlen(text));
	h_strip_source(diags);
	h_golden("small.load.txt", diags, strlen(diags));
	free(text);
	free(diags);
	erg_graph_free(g);
}
END_TEST

START_TEST(merges_by_kb_name_and_id)
{
	erg_graph *g;
	cJSON *j;
	const cJSON *putin, *xi, *russia;

	ck_assert_int_eq(h_load(&g, small, 0, NULL), 0);
	j = parsed(g);
	ck_assert_uint_eq(erg_graph_node_count(g), 8);
	/* "putin" joined by the alias "Putin"; the id two documents used wins. */
	putin = find(cJSON_GetObjectItemCaseSensitive(j, "nodes"), "id", "vladimir-putin");
	ck_assert_ptr_nonnull(putin);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(putin, "name")->valuestring, "Vladimir Putin");
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(putin, "aliases"), "[\"President Putin\",\"Putin\"]");
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(putin, "documents"), "[\"news-a\",\"news-b\",\"news-c2\"]");
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(putin, "attributes"),
		    "{\"role\":[\"President\",\"President of Russia\"]}");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(putin, "mentions")->valueint, 4);
	/* "xi" joined by kb alone; the longer id wins a tie. */
	xi = find(cJSON_GetObjectItemCaseSensitive(j, "nodes"), "id", "xi-jinping");
	ck_assert_ptr_nonnull(xi);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(xi, "kb")->valuestring, "wikidata:Q15031");
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(xi, "aliases"), "[\"Xi\"]");
	/* The name most documents give is the name; the others are aliases. */
	russia = find(cJSON_GetObjectItemCaseSensitive(j, "nodes"), "id", "russia");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(russia, "name")->valuestring, "Russia");
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(russia, "aliases"), "[\"Russian Federation\"]");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(russia, "first_seen")->valuestring, "2015-05-08");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(russia, "last_seen")->valuestring, "2025-05");
	cJSON_Delete(j);
	erg_graph_free(g);
}
END_TEST

START_TEST(symmetric_relation_stored_once)
{
	erg_graph *g;
	cJSON *j;
	const cJSON *e;

	ck_assert_int_eq(h_load(&g, small, 0, NULL), 0);
	j = parsed(g);
	/* a.json says xi met putin, b.json says putin met xi: one edge, weight 2. */
	e = edge(j, "vladimir-putin", "met_with", "xi-jinping");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_null(edge(j, "xi-jinping", "met_with", "vladimir-putin"));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(e, "directed")));
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(e, "weight")->valueint, 2);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(e, "evidence")), 2);
	/* leader_of is directed, with the dates of both documents' relations. */
	e = edge(j, "vladimir-putin", "leader_of", "russia");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(e, "weight")->valueint, 2);
	ASSERT_JSON(cJSON_GetObjectItemCaseSensitive(e, "dates"), "[\"2012\",\"2016\"]");
	cJSON_Delete(j);
	erg_graph_free(g);
}
END_TEST

START_TEST(same_graph_in_any_order)
{
	static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	char *first = NULL;

	for (int p = 0; p < 6; p++) {
		const char *paths[4] = {small[perms[p][0]], small[perms[p][1]], small[perms[p][2]], NULL};
		erg_graph *g;
		char *text;

		ck_assert_int_eq(h_load(&g, paths, 0, NULL), 0);
		text = json_of(g);
		if (!first)
			first = text;
		else {
			ck_assert_msg(strcmp(first, text) == 0, "order %d gives another graph", p);
			free(text);
		}
		erg_graph_free(g);
	}
	free(first);
}
END_TEST

/*
 * 80 documents, written forwards or backwards, naming one entity by two
 * ids and two names in turn: lists longer than the short-list sort, whose
 * (id, document) pairs come in document order or against it.  Caller
 * frees the path.
 */
static char *long_lists(const char *dir, bool backwards)
{
	char *path = h_path(dir, backwards ? "back.jsonl" : "fwd.jsonl");
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	for (int k = 0; k < 80; k++) {
		int i = backwards ? 79 - k : k;
		const char *name = i % 5 ? "Alpha" : "Alpha Republic";

		fprintf(f, "{\"ergraph\": 1, \"document\": {\"id\": \"d%03d\", \"text\": \"%s met Beta.\"}, "
			   "\"entities\": [{\"id\": \"%s\", \"type\": \"country\", \"name\": \"%s\"}, "
			   "{\"id\": \"beta\", \"type\": \"country\", \"name\": \"Beta\"}], \"relations\": "
			   "[{\"type\": \"met_with\", \"source\": \"%s\", \"target\": \"beta\", \"evidence\": "
			   "[{\"start\": 0, \"end\": %d}, {\"start\": 0, \"end\": 5}]}]}\n",
			i, name, i % 8 < 3 ? "x" : "y", name, i % 8 < 3 ? "x" : "y", (int)strlen(name) + 4);
	}
	fclose(f);
	return path;
}

START_TEST(long_lists_in_any_order)
{
	char *dir = h_tmpdir(), *fwd = long_lists(dir, false), *back = long_lists(dir, true);
	char *text[2], *explain[2];

	for (int b = 0; b < 2; b++) {
		const char *paths[] = {b ? back : fwd, NULL};
		erg_graph *g;
		size_t len;
		FILE *f = open_memstream(&explain[b], &len);

		ck_assert_int_eq(h_load(&g, paths, 0, NULL), 0);
		ck_assert_int_eq(erg_explain_write(g, "x", f), 0);
		fclose(f);
		text[b] = json_of(g);
		erg_graph_free(g);
	}
	/* The id and the name most documents give, with their counts. */
	ck_assert_ptr_nonnull(strstr(explain[0], "y: Alpha (country)"));
	ck_assert_ptr_nonnull(strstr(explain[0], "ids:       x (30 documents), y (50 documents)"));
	ck_assert_ptr_nonnull(strstr(text[0], "\"weight\":\t80,"));
	ck_assert_ptr_nonnull(strstr(text[0], "\"documents\":\t[\"d000\", \"d001\", \"d002\","));
	/* The same but for where the node was first declared (another file). */
	*strstr(explain[0], "  first declared") = *strstr(explain[1], "  first declared") = '\0';
	ck_assert_str_eq(explain[1], explain[0]);
	ck_assert_str_eq(text[1], text[0]);
	for (int b = 0; b < 2; b++) {
		free(text[b]);
		free(explain[b]);
	}
	free(fwd);
	free(back);
	free(dir);
}
END_TEST

/* Node ids and edge count of a filtered small corpus, as "a,b,c|N". */
static char *filtered(const erg_filter_options *o)
{
	erg_graph *g, *f;
	cJSON *j;
	const cJSON *n;
	char *out = calloc(1, 1024);

	ck_assert_int_eq(h_load(&g, small, 0, NULL), 0);
	ck_assert_int_eq(erg_graph_filter(&f, g, o), 0);
	j = parsed(f);
	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(j, "nodes")) {
		strcat(out, cJSON_GetObjectItemCaseSensitive(n, "id")->valuestring);
		strcat(out, ",");
	}
	sprintf(out + strlen(out), "|%zu", erg_graph_edge_count(f));
	cJSON_Delete(j);
	erg_graph_free(f);
	erg_graph_free(g);
	return out;
}

START_TEST(filters)
{
	erg_filter_options o = ERG_FILTER_OPTIONS_INIT;
	char *r;

	o.types = "country";
	r = filtered(&o);
	ck_assert_str_eq(r, "china,japan,russia,|2");
	free(r);
	o = (erg_filter_options)ERG_FILTER_OPTIONS_INIT;
	o.relations = "met_with,disputes_with";
	r = filtered(&o);
	ck_assert_str_eq(r, "japan,russia,vladimir-putin,xi-jinping,|2");
	free(r);
	o = (erg_filter_options)ERG_FILTER_OPTIONS_INIT;
	o.focus = (const char *const[]){"Japan", NULL};
	o.depth = 2;
	r = filtered(&o);
	ck_assert_str_eq(r, "china,gazprom,japan,power-of-siberia,russia,vladimir-putin,xi-jinping,|10");
	free(r);
	o = (erg_filter_options)ERG_FILTER_OPTIONS_INIT;
	o.min_weight = 2;
	r = filtered(&o);
	ck_assert_str_eq(r, "russia,vladimir-putin,xi-jinping,|2");
	free(r);
	o = (erg_filter_options)ERG_FILTER_OPTIONS_INIT;
	o.focus = (const char *const[]){"gazprom", "power-of-siberia", NULL};
	r = filtered(&o);
	ck_assert_str_eq(r, "china,gazprom,power-of-siberia,russia,|5");
	free(r);
	o = (erg_filter_options)ERG_FILTER_OPTIONS_INIT;
	o.max_nodes = 3;
	r = filtered(&o);
	ck_assert_str_eq(r, "china,russia,xi-jinping,|3");
	free(r);
}
END_TEST

START_TEST(focus_on_a_missing_entity_fails)
{
	erg_graph *g, *f = NULL;
	erg_filter_options o = ERG_FILTER_OPTIONS_INIT;

	o.focus = (const char *const[]){"xi", "atlantis", NULL};
	ck_assert_int_eq(h_load(&g, small, 0, NULL), 0);
	ck_assert_int_eq(erg_graph_filter(&f, g, &o), ERG_EINVALID);
	ck_assert_ptr_null(f);
	ck_assert_str_eq(erg_error_last(), "--focus: no entity 'atlantis' (neither an id nor a name)");
	erg_graph_free(g);
}
END_TEST

START_TEST(stats_and_explain_golden)
{
	erg_graph *g;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_int_eq(h_load(&g, small, 0, NULL), 0);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(erg_stats_write(g, f, ERG_STATS_ALL, 0), 0);
	ck_assert_int_eq(erg_explain_write(g, "putin", f), 0);
	ck_assert_int_eq(erg_explain_write(g, "Xi", f), 0);
	fclose(f);
	h_strip_source(buf);
	h_golden("small.stats.txt", buf, strlen(buf));
	free(buf);
	erg_graph_free(g);
}
END_TEST

/*
 * Two entities of one document that later documents show to be one: the
 * merged entity's records run d1 d2 d3 and then d1 again, and d1 still
 * counts once (counting assumes document order until the records go
 * back, then counts from all of them).
 */
START_TEST(merged_entities_count_each_document_once)
{
	static const char lines[] =
		"{\"ergraph\": 1, \"document\": {\"id\": \"d1\"}, \"entities\": ["
		"{\"id\": \"a1\", \"name\": \"Alpha\", \"type\": \"country\", \"kb\": \"wikidata:Q1\"}, "
		"{\"id\": \"b1\", \"name\": \"Beta\", \"type\": \"country\"}]}\n"
		"{\"ergraph\": 1, \"document\": {\"id\": \"d2\"}, \"entities\": ["
		"{\"id\": \"a1\", \"name\": \"Alpha\", \"type\": \"country\", \"kb\": \"wikidata:Q1\"}]}\n"
		"{\"ergraph\": 1, \"document\": {\"id\": \"d3\"}, \"entities\": ["
		"{\"id\": \"b1\", \"name\": \"Beta\", \"type\": \"country\", \"kb\": \"wikidata:Q1\"}]}\n";
	char *dir = h_tmpdir(), *path = h_path(dir, "m.jsonl"), *buf = NULL;
	const char *paths[] = {path, NULL};
	size_t len = 0;
	erg_graph *g;
	FILE *f;

	h_write(path, lines, strlen(lines));
	ck_assert_int_eq(h_load(&g, paths, 0, NULL), 0);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(erg_stats_write(g, f, ERG_STATS_ALL, 0), 0);
	ck_assert_int_eq(erg_explain_write(g, "a1", f), 0);
	fclose(f);
	ck_assert_msg(strstr(buf, "  a1                                               0         3        0  Alpha (country)\n"),
		      "%s", buf);
	ck_assert_msg(strstr(buf, "  ids:       a1 (2 documents), b1 (2 documents)\n"), "%s", buf);
	free(buf);
	erg_graph_free(g);
	free(path);
	free(dir);
}
END_TEST

/* The nodes of the graph of these JSON Lines, as "id|type|name|aliases" lines. */
static char *nodes_of(const char *lines)
{
	char *dir = h_tmpdir(), *path = h_path(dir, "m.jsonl"), *buf = NULL;
	const char *paths[] = {path, NULL};
	const cJSON *n;
	size_t len = 0;
	erg_graph *g;
	cJSON *root;
	FILE *f = open_memstream(&buf, &len);

	h_write(path, lines, strlen(lines));
	ck_assert_int_eq(h_load(&g, paths, 0, NULL), 0);
	root = parsed(g);
	cJSON_ArrayForEach(n, cJSON_GetObjectItem(root, "nodes")) {
		char *aliases = cJSON_PrintUnformatted(cJSON_GetObjectItem(n, "aliases"));

		fprintf(f, "%s|%s|%s|%s\n", cJSON_GetObjectItem(n, "id")->valuestring,
			cJSON_GetObjectItem(n, "type")->valuestring, cJSON_GetObjectItem(n, "name")->valuestring,
			aliases);
		free(aliases);
	}
	fclose(f);
	cJSON_Delete(root);
	erg_graph_free(g);
	free(path);
	free(dir);
	return buf;
}

#define DOC1(id, ent) "{\"ergraph\": 1, \"document\": {\"id\": \"" id "\"}, \"entities\": [" ent "]}\n"

START_TEST(country_forms_are_one_country)
{
	/* No kb: the countries table makes a demonym, a short form and the
	 * name one country, with the name the table gives it. */
	char *got = nodes_of(DOC1("d1", "{\"id\": \"american\", \"type\": \"country\", \"name\": \"American\"}")
			     DOC1("d2", "{\"id\": \"us\", \"type\": \"country\", \"name\": \"U.S.\"}")
			     DOC1("d3", "{\"id\": \"united-states\", \"type\": \"country\", \"name\": \"United States\"}")
			     DOC1("d4", "{\"id\": \"the-us\", \"type\": \"country\", \"name\": \"the US\"}")
			     /* Not a country: a person called America stays one. */
			     DOC1("d5", "{\"id\": \"america\", \"type\": \"person\", \"name\": \"America\"}"));

	ck_assert_str_eq(got, "america|person|America|[]\n"
			      "united-states|country|United States|[\"American\",\"U.S.\",\"the US\"]\n");
	free(got);
}
END_TEST

START_TEST(canonical_name_is_the_proper_name_most_given)
{
	char *got = nodes_of(
		/* An article loses to the name without it, though given more. */
		DOC1("d1", "{\"id\": \"eu\", \"type\": \"organization\", \"name\": \"the European Union\"}")
		DOC1("d2", "{\"id\": \"eu\", \"type\": \"organization\", \"name\": \"the European Union\"}")
		DOC1("d3", "{\"id\": \"eu\", \"type\": \"organization\", \"name\": \"European Union\"}")
		/* Among proper names the most given wins, not the longest. */
		DOC1("d4", "{\"id\": \"xi\", \"type\": \"leader\", \"name\": \"Xi Jinping\"}")
		DOC1("d5", "{\"id\": \"xi\", \"type\": \"leader\", \"name\": \"Xi Jinping\"}")
		DOC1("d6", "{\"id\": \"xi\", \"type\": \"leader\", \"name\": \"President Xi Jinping\"}")
		/* A demonym loses to a proper name of another type's entity too. */
		DOC1("d7", "{\"id\": \"r\", \"type\": \"group\", \"name\": \"Russians\"}")
		DOC1("d8", "{\"id\": \"r\", \"type\": \"group\", \"name\": \"Russians\"}")
		DOC1("d9", "{\"id\": \"r\", \"type\": \"group\", \"name\": \"Russian diaspora\"}")
		/* Only articles: the most given name still. */
		DOC1("d10", "{\"id\": \"h\", \"type\": \"organization\", \"name\": \"The Hague Court\", \"aliases\": [\"the Court\"]}"));

	ck_assert_str_eq(got, "eu|organization|European Union|[\"the European Union\"]\n"
			      "h|organization|The Hague Court|[\"the Court\"]\n"
			      "r|group|Russian diaspora|[\"Russians\"]\n"
			      "xi|leader|Xi Jinping|[\"President Xi Jinping\"]\n");
	free(got);
}
END_TEST

/* Write two one-entity documents and load them together. */
static int load_two(const char *ent_a, const char *ent_b, const char *doc_b, char **diags)
{
	char *dir = h_tmpdir(), *pa = h_path(dir, "a.json"), *pb = h_path(dir, "b.json");
	char buf[1024];
	const char *paths[] = {pa, pb, NULL};
	erg_graph *g;
	int rc;

	snprintf(buf, sizeof buf, "{\"ergraph\": 1, \"document\": {\"id\": \"a\"},\n \"entities\": [%s]}\n", ent_a);
	h_write(pa, buf, strlen(buf));
	snprintf(buf, sizeof buf, "{\"ergraph\": 1, \"document\": {\"id\": \"%s\"},\n \"entities\": [%s]}\n", doc_b, ent_b);
	h_write(pb, buf, strlen(buf));
	ck_assert_int_eq(chdir(dir), 0);
	paths[0] = "a.json";
	paths[1] = "b.json";
	rc = h_load(&g, paths, 0, diags);
	erg_graph_free(g);
	free(pa);
	free(pb);
	free(dir);
	return rc;
}

START_TEST(same_id_two_types_names_both_places)
{
	char *diags;

	ck_assert_int_eq(load_two("{\"id\": \"xi\", \"type\": \"leader\", \"name\": \"Xi\"}",
				  "{\"id\": \"xi\", \"type\": \"person\", \"name\": \"Xi\"}", "b", &diags),
			 0);
	ck_assert_str_eq(diags, "warning: a.json: entities[0]: id 'xi' is a 'leader' in 1 document and a "
				"'person' in 1 (first: b.json: entities[0]); resolved as 'leader' (a tie: the more specific type)\n");
	free(diags);
}
END_TEST

START_TEST(same_kb_two_types_resolves)
{
	char *diags;

	ck_assert_int_eq(load_two("{\"id\": \"xi\", \"type\": \"organization\", \"name\": \"Xi\", \"kb\": \"Q1\"}",
				  "{\"id\": \"x\", \"type\": \"country\", \"name\": \"X\", \"kb\": \"q1\"}", "b", &diags),
			 0);
	ck_assert_str_eq(diags, "warning: b.json: entities[0]: kb 'wikidata:Q1' is a 'country' in 1 document and "
				"an 'organization' in 1 (first: a.json: entities[0]); resolved as 'country' (a tie: the more specific type)\n"
				"warning: 2 kb identifiers written in another form were read in the normal form "
				"(first: a.json: entities[0]: 'Q1' as 'wikidata:Q1')\n");
	free(diags);
}
END_TEST

START_TEST(same_kb_two_types_strict_is_an_error)
{
	char *dir = h_tmpdir(), *pa = h_path(dir, "a.json"), *pb = h_path(dir, "b.json");
	static const char a[] = "{\"ergraph\": 1, \"document\": {\"id\": \"a\"}, \"entities\": "
				"[{\"id\": \"xi\", \"type\": \"leader\", \"name\": \"Xi\", \"kb\": \"wikidata:Q1\"}]}\n";
	static const char b[] = "{\"ergraph\": 1, \"document\": {\"id\": \"b\"}, \"entities\": "
				"[{\"id\": \"x\", \"type\": \"person\", \"name\": \"X\", \"kb\": \"wikidata:Q1\"}]}\n";
	const char *paths[] = {"a.json", "b.json", NULL};
	erg_graph *g;
	char *diags;

	h_write(pa, a, sizeof a - 1);
	h_write(pb, b, sizeof b - 1);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(h_load(&g, paths, 1, &diags), ERG_EINVALID);
	ck_assert_str_eq(diags, "a.json: entities[0]: kb 'wikidata:Q1' is a 'leader' in 1 document and a "
				"'person' in 1 (first: b.json: entities[0]); resolved as 'leader' (a tie: the more specific type)\n");
	erg_graph_free(g);
	free(diags);
	free(pa);
	free(pb);
	free(dir);
}
END_TEST

START_TEST(same_name_other_kb_stays_apart)
{
	char *diags;

	ck_assert_int_eq(load_two("{\"id\": \"a\", \"type\": \"person\", \"name\": \"John Smith\", \"kb\": \"wikidata:Q1\"}",
				  "{\"id\": \"b\", \"type\": \"person\", \"name\": \"John Smith\", \"kb\": \"wikidata:Q2\"}", "b", &diags),
			 0);
	ck_assert_str_eq(diags, "");
	free(diags);
}
END_TEST

START_TEST(duplicate_document_id)
{
	char *diags;

	ck_assert_int_eq(load_two("{\"id\": \"x\", \"type\": \"leader\", \"name\": \"X\"}",
				  "{\"id\": \"y\", \"type\": \"leader\", \"name\": \"Y\"}", "a", &diags),
			 ERG_EINVALID);
	ck_assert_str_eq(diags, "b.json: document.id: document id 'a' is already used in a.json\n");
	free(diags);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc_resolution = tcase_create("resolution");
	TCase *tc_filters = tcase_create("filters");
	TCase *tc_stats = tcase_create("stats");
	TCase *tc_conflicts = tcase_create("conflicts");

	tcase_set_timeout(tc_resolution, 60);
	tcase_add_test(tc_resolution, small_corpus_golden);
	tcase_add_test(tc_resolution, merges_by_kb_name_and_id);
	tcase_add_test(tc_resolution, symmetric_relation_stored_once);
	tcase_add_test(tc_resolution, same_graph_in_any_order);
	tcase_add_test(tc_resolution, long_lists_in_any_order);
	tcase_add_test(tc_resolution, merged_entities_count_each_document_once);
	tcase_add_test(tc_resolution, country_forms_are_one_country);
	tcase_add_test(tc_resolution, canonical_name_is_the_proper_name_most_given);
	suite_add_tcase(s, tc_resolution);
	tcase_set_timeout(tc_filters, 60);
	tcase_add_test(tc_filters, filters);
	tcase_add_test(tc_filters, focus_on_a_missing_entity_fails);
	suite_add_tcase(s, tc_filters);
	tcase_set_timeout(tc_stats, 60);
	tcase_add_test(tc_stats, stats_and_explain_golden);
	suite_add_tcase(s, tc_stats);
	tcase_set_timeout(tc_conflicts, 60);
	tcase_add_test(tc_conflicts, same_id_two_types_names_both_places);
	tcase_add_test(tc_conflicts, same_kb_two_types_resolves);
	tcase_add_test(tc_conflicts, same_kb_two_types_strict_is_an_error);
	tcase_add_test(tc_conflicts, same_name_other_kb_stays_apart);
	tcase_add_test(tc_conflicts, duplicate_document_id);
	suite_add_tcase(s, tc_conflicts);
	return s;
}

int main(void)
{
	return h_main(suite());
}
