/*
 * check_formats.c - Label Studio, doccano and DocRED: the graph each
 * builds (golden files), the offsets that matter (UTF-16 against code
 * points), detection, and the round trip import -> validate --strict ->
 * build, which must equal building the foreign file directly.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FORMATS ERG_SOURCE_DIR "/tests/data/formats"

static const struct {
	const char *name, *file, *format;
} formats[] = {
	{"labelstudio", FORMATS "/labelstudio.json", "labelstudio"},
	{"doccano", FORMATS "/doccano.jsonl", "doccano"},
	{"docred", FORMATS "/docred/docred.json", "docred"},
	/* Labels outside ASCII: Chinese in doccano, Cyrillic in Label Studio. */
	{"doccano-zh", FORMATS "/doccano-zh.jsonl", "doccano"},
	{"labelstudio-ru", FORMATS "/labelstudio-ru.json", "labelstudio"},
};

static char *build_json(const char *dir, const char *name, const char *input, const char *format)
{
	char *out = malloc(strlen(dir) + strlen(name) + 8), *text, *err;
	const char *with_f[] = {"build", "-q", "-f", format, input, "-o", out, NULL};
	const char *detect[] = {"build", "-q", input, "-o", out, NULL};

	sprintf(out, "%s/%s.json", dir, name);
	ck_assert_msg(h_run(NULL, format ? with_f : detect, NULL, &err) == 0, "build %s: %s", input, err);
	free(err);
	text = h_read(out, NULL);
	free(out);
	return text;
}

START_TEST(graph_of_each_format)
{
	char *dir = h_tmpdir(), *a, *b, golden[64];

	a = build_json(dir, "a", formats[_i].file, formats[_i].format);
	b = build_json(dir, "b", formats[_i].file, NULL); /* detected from the content */
	snprintf(golden, sizeof golden, "format-%s.json", formats[_i].name);
	h_golden(golden, a, strlen(a));
	ck_assert_msg(strcmp(a, b) == 0, "%s: detection reads it otherwise", formats[_i].name);
	free(a);
	free(b);
	free(dir);
}
END_TEST

START_TEST(round_trip_through_native_files)
{
	char *dir = h_tmpdir(), *native = h_path(dir, "native"), *direct, *again, *err;
	const char *import[] = {"import", "-f", formats[_i].format, formats[_i].file, "-o", native, NULL};
	const char *validate[] = {"validate", "--strict", native, NULL};

	ck_assert_msg(h_run(NULL, import, NULL, &err) == 0, "import: %s", err);
	free(err);
	ck_assert_msg(h_run(NULL, validate, NULL, &err) == 0, "validate --strict: %s", err);
	ck_assert_ptr_null(strstr(err, "warning"));
	free(err);
	direct = build_json(dir, "direct", formats[_i].file, formats[_i].format);
	again = build_json(dir, "again", native, NULL);
	ck_assert_str_eq(again, direct);
	free(direct);
	free(again);
	free(native);
	free(dir);
}
END_TEST

START_TEST(label_studio_offsets_outside_the_bmp)
{
	char *dir = h_tmpdir(), *native = h_path(dir, "n"), *doc, *path;
	const char *import[] = {"import", FORMATS "/labelstudio.json", "-o", native, NULL};

	ck_assert_int_eq(h_run(NULL, import, NULL, NULL), 0);
	/* Task 102: "🇷🇺 Путин ..." - two flag letters outside the BMP, so the
	 * UTF-16 offset 5 of Путин is code point 3; no value.text to go by. */
	path = h_path(native, "labelstudio-102.json");
	doc = h_read(path, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_nonnull(strstr(doc, "\"name\":\t\"Путин\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"start\":\t3,\n\t\t\t\t\t\"end\":\t8,\n\t\t\t\t\t\"text\":\t\"Путин\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"name\":\t\"Сила Сибири\""));
	free(doc);
	free(path);
	/* Task 103 counted code points (a newer Label Studio): value.text tells. */
	path = h_path(native, "labelstudio-103.json");
	doc = h_read(path, NULL);
	ck_assert_ptr_nonnull(strstr(doc, "\"start\":\t2,\n\t\t\t\t\t\"end\":\t7,\n\t\t\t\t\t\"text\":\t\"Putin\""));
	free(doc);
	free(path);
	free(native);
	free(dir);
}
END_TEST

START_TEST(docred_relations_are_mapped)
{
	char *dir = h_tmpdir(), *g = build_json(dir, "g", formats[2].file, "docred");

	/* P6 head of government, Germany -> Merkel, becomes leader_of Merkel -> Germany. */
	ck_assert_ptr_nonnull(strstr(g, "\"source\":\t\"leader:angela-merkel\",\n\t\t\t\"target\":\t\"country:germany\",\n\t\t\t\"type\":\t\"leader_of\""));
	/* Unmapped P-codes take their name from rel_info.json. */
	ck_assert_ptr_nonnull(strstr(g, "\"type\":\t\"country_of_citizenship\""));
	ck_assert_ptr_nonnull(strstr(g, "\"type\":\t\"replaces\""));
	free(g);
	free(dir);
}
END_TEST

START_TEST(a_map_file_overrides_the_defaults)
{
	char *dir = h_tmpdir(), *map = h_path(dir, "map.json"), *out = h_path(dir, "g.json"), *g, *err;
	static const char m[] = "{\"entities\": {\"GPE\": \"city\"},\n"
				" \"relations\": {\"met_with\": \"partner_of\", \"visited\": {\"type\": \"hosted\", \"reverse\": true}}}\n";
	const char *build[] = {"build", "-q", "--map", map, FORMATS "/doccano.jsonl", "-o", out, NULL};

	h_write(map, m, sizeof m - 1);
	ck_assert_msg(h_run(NULL, build, NULL, &err) == 0, "%s", err);
	g = h_read(out, NULL);
	ck_assert_ptr_nonnull(strstr(g, "\"id\":\t\"city:paris\""));
	ck_assert_ptr_nonnull(strstr(g, "\"type\":\t\"partner_of\""));
	ck_assert_ptr_nonnull(strstr(g, "\"source\":\t\"city:beijing\",\n\t\t\t\"target\":\t\"person:angela-merkel\",\n\t\t\t\"type\":\t\"hosted\""));
	free(g);
	free(err);
	free(map);
	free(out);
	free(dir);
}
END_TEST

START_TEST(labels_in_any_script_stay_types)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "g.json"), *err;
	const char *zh[] = {"build", FORMATS "/doccano-zh.jsonl", "-o", out, NULL};
	const char *ru[] = {"build", FORMATS "/labelstudio-ru.json", "-o", out, NULL};

	/* Distinct labels, distinct types: 中国 the 国家 and 中国 the 组织 stay
	 * two; a label already a type word is taken without a word. */
	ck_assert_int_eq(h_run(NULL, zh, NULL, &err), 0);
	h_strip_source(err);
	ck_assert_str_eq(err, "ergraph: warning: tests/data/formats/doccano-zh.jsonl:1: relations[2]: relation "
			      "label '签署 协议' is read as type '签署_协议' (a type is one lower-case word; "
			      "--map can name another)\n");
	free(err);
	{
		char *svg = h_path(dir, "g.svg"), *text;
		const char *draw[] = {"build", "-q", FORMATS "/doccano-zh.jsonl", "-o", svg, NULL};

		/* A class no ASCII type spells: each code point as U and hex. */
		ck_assert_int_eq(h_run(NULL, draw, NULL, NULL), 0);
		text = h_read(svg, NULL);
		ck_assert_ptr_nonnull(strstr(text, "class=\"node U004EBAU007269\""));
		ck_assert_ptr_nonnull(strstr(text, "class=\"edge U007B7EU007F72_U00534FU008BAE\""));
		free(text);
		free(svg);
	}
	/* Each label that changes says so once, where it is first used. */
	ck_assert_int_eq(h_run(NULL, ru, NULL, &err), 0);
	h_strip_source(err);
	ck_assert_str_eq(err,
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [0].annotations[0].result[0]: entity label 'Страна' is read as type 'страна' (a type is one lower-case word; --map can name another)\n"
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [0].annotations[0].result[2]: entity label 'Персона' is read as type 'персона' (a type is one lower-case word; --map can name another)\n"
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [0].annotations[0].result[3]: entity label 'Город' is read as type 'город' (a type is one lower-case word; --map can name another)\n"
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [0].annotations[0].result[4]: relation label 'Посетил' is read as type 'посетил' (a type is one lower-case word; --map can name another)\n"
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [0].annotations[0].result[5]: relation label 'Партнёр' is read as type 'партнёр' (a type is one lower-case word; --map can name another)\n"
		"ergraph: warning: tests/data/formats/labelstudio-ru.json: [1].annotations[0].result[4]: relation label 'Поставляет газ' is read as type 'поставляет_газ' (a type is one lower-case word; --map can name another)\n");
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(a_mapped_label_is_not_warned_about)
{
	char *dir = h_tmpdir(), *map = h_path(dir, "map.json"), *out = h_path(dir, "g.json"), *g, *err;
	static const char m[] = "{\"entities\": {\"Страна\": \"country\", \"Персона\": \"person\", \"Город\": \"city\"},\n"
				" \"relations\": {\"Посетил\": \"visited\", \"Партнёр\": \"partner_of\", \"Поставляет газ\": \"supplies\"}}\n";
	const char *build[] = {"build", "--strict", "--map", map, FORMATS "/labelstudio-ru.json", "-o", out, NULL};

	h_write(map, m, sizeof m - 1);
	ck_assert_msg(h_run(NULL, build, NULL, &err) == 0, "%s", err);
	ck_assert_str_eq(err, "");
	g = h_read(out, NULL);
	/* РОССИЯ and Россия are one name in any case. */
	ck_assert_ptr_nonnull(strstr(g, "\"name\":\t\"РОССИЯ\",\n\t\t\t\"aliases\":\t[\"Россия\"]"));
	free(g);
	free(err);
	free(map);
	free(out);
	free(dir);
}
END_TEST

START_TEST(docred_countries_typed_loc_join_the_country)
{
	/* DocRED types countries LOC and their demonyms MISC: every name a
	 * form of one country makes the entity that country. */
	static const char d[] =
		"[{\"title\": \"A\", \"sents\": [[\"American\", \"troops\", \"left\", \"Georgia\", \".\"]],\n"
		"  \"vertexSet\": [[{\"name\": \"American\", \"pos\": [0, 1], \"sent_id\": 0, \"type\": \"MISC\"}],\n"
		"                [{\"name\": \"Georgia\", \"pos\": [3, 4], \"sent_id\": 0, \"type\": \"LOC\"}]],\n"
		"  \"labels\": []},\n"
		" {\"title\": \"B\", \"sents\": [[\"The\", \"U.S.\", \"and\", \"the\", \"United\", \"States\", \".\"]],\n"
		"  \"vertexSet\": [[{\"name\": \"U.S.\", \"pos\": [1, 2], \"sent_id\": 0, \"type\": \"LOC\"},\n"
		"                 {\"name\": \"United States\", \"pos\": [4, 6], \"sent_id\": 0, \"type\": \"LOC\"}]],\n"
		"  \"labels\": []}]\n";
	static const char want[] =
		"country:united-states: United States (country)\n"
		"  typed:     location, misc in some documents; a country here: each of those names is a "
		"form of it in the countries table\n"
		"  ids:       country:united-states (2 documents)\n"
		"  aliases:   American, U.S.\n";
	char *dir = h_tmpdir(), *in = h_path(dir, "dev.json"), *out;
	const char *explain[] = {"explain", "United States", in, NULL};
	const char *stats[] = {"stats", in, NULL};

	h_write(in, d, sizeof d - 1);
	ck_assert_int_eq(h_run(NULL, explain, &out, NULL), 0);
	ck_assert_msg(strncmp(out, want, sizeof want - 1) == 0, "%s", out);
	free(out);
	/* Georgia is no form in the table (a country and a state): it stays. */
	ck_assert_int_eq(h_run(NULL, stats, &out, NULL), 0);
	ck_assert_msg(strstr(out, "  location:georgia ") && strstr(out, "  country:united-states "), "%s", out);
	free(out);
	free(in);
	free(dir);
}
END_TEST

START_TEST(import_refuses_what_is_native_already)
{
	char *dir = h_tmpdir(), *err;
	const char *args[] = {"import", ERG_SOURCE_DIR "/tests/data/small/a.json", "-o", dir, NULL};

	ck_assert_int_eq(h_run(NULL, args, NULL, &err), 1);
	h_strip_source(err);
	ck_assert_str_eq(err, "ergraph: tests/data/small/a.json: already ergraph's own format: nothing to import\n");
	free(err);
	free(dir);
}
END_TEST

START_TEST(label_studio_predictions_stand_in)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "p.json"), *err, *g, *want;
	const char *build[] = {"build", FORMATS "/labelstudio-predictions.json", "-o", out, NULL};

	/* Tasks 101 and 102 hold a model's predictions and no annotation:
	 * read, they give the graph their annotations gave, and one line says so. */
	ck_assert_int_eq(h_run(NULL, build, NULL, &err), 0);
	h_strip_source(err);
	ck_assert_str_eq(err, "ergraph: warning: tests/data/formats/labelstudio-predictions.json: 2 of 3 tasks "
			      "have no annotation: read from their first prediction (a model's, not a person's)\n");
	g = h_read(out, NULL);
	want = build_json(dir, "a", formats[0].file, NULL);
	ck_assert_str_eq(g, want);
	free(want);
	free(g);
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(json_lines_named_json)
{
	char *dir = h_tmpdir(), *named = h_path(dir, "export.json"), *text, *a, *b;
	size_t len;

	/* doccano exports JSON Lines under a .json name: the content tells. */
	text = h_read(FORMATS "/doccano.jsonl", &len);
	h_write(named, text, len);
	a = build_json(dir, "a", named, NULL);
	b = build_json(dir, "b", FORMATS "/doccano.jsonl", "doccano");
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	free(text);
	free(named);
	free(dir);
}
END_TEST

/* One bad document among good ones in each format: it is left out, named
 * in the export's own structure, and the others make the graph. */
static const struct {
	const char *file, *golden, *err;
} one_bad[] = {
	{FORMATS "/labelstudio-one-bad.json", "format-labelstudio.json",
	 "ergraph: tests/data/formats/labelstudio-one-bad.json: [1].annotations[0].result[1]: name: must not be empty\n"},
	{FORMATS "/doccano-one-bad.jsonl", "format-doccano.json",
	 "ergraph: tests/data/formats/doccano-one-bad.jsonl:2: entities[1]: name: must not be empty\n"},
	{FORMATS "/docred/docred-one-bad.json", "format-docred.json",
	 "ergraph: tests/data/formats/docred/docred-one-bad.json: [1].vertexSet[1]: name: must not be empty\n"},
};

START_TEST(one_bad_document_is_left_out)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "g.json"), *strict = h_path(dir, "s.json"), *err, *g;
	const char *build[] = {"build", one_bad[_i].file, "-o", out, NULL};
	const char *build_strict[] = {"build", "--strict", one_bad[_i].file, "-o", strict, NULL};

	ck_assert_int_eq(h_run(NULL, build, NULL, &err), 1);
	h_strip_source(err);
	ck_assert_str_eq(err, one_bad[_i].err);
	g = h_read(out, NULL);
	ck_assert_ptr_nonnull(g);
	h_golden(one_bad[_i].golden, g, strlen(g));
	free(g);
	free(err);
	/* --strict writes nothing. */
	ck_assert_int_eq(h_run(NULL, build_strict, NULL, &err), 1);
	h_strip_source(err);
	ck_assert_str_eq(err, one_bad[_i].err);
	ck_assert_int_ne(access(strict, F_OK), 0);
	free(err);
	free(strict);
	free(out);
	free(dir);
}
END_TEST

/* A DocRED document of one sentence titled `title`. */
#define DOCRED_DOC(title) \
	"{\"title\": \"" title "\", \"sents\": [[\"Angela\", \"Merkel\", \".\"]], \"vertexSet\": " \
	"[[{\"name\": \"Angela Merkel\", \"sent_id\": 0, \"pos\": [0, 2], \"type\": \"PER\"}]], \"labels\": []}"

/* Titles that are one name on some file system, across two inputs:
 * every document gets a file of its own with a safe name. */
START_TEST(colliding_titles_get_their_own_files)
{
	static const char x1[] = "[" DOCRED_DOC("Same") ", " DOCRED_DOC("Z\u00fcrich") "]";
	static const char x2[] = "[" DOCRED_DOC("same") ", " DOCRED_DOC("Zu\u0308rich") ", " DOCRED_DOC("Z\u00dcRICH") ", "
				 DOCRED_DOC("evil\u202egnp.json") ", " DOCRED_DOC("ergraph vocabulary") "]";
	char *dir = h_tmpdir(), *in1 = h_path(dir, "x1.json"), *in2 = h_path(dir, "x2.json"),
	     *out = h_path(dir, "out"), *err, *list, *text, *f;
	const char *args[] = {"import", in1, in2, "-o", out, NULL};
	const char *validate[] = {"validate", "--strict", out, NULL};
	char cmd[1024];
	FILE *p;

	h_write(in1, x1, sizeof x1 - 1);
	h_write(in2, x2, sizeof x2 - 1);
	ck_assert_int_eq(h_run(NULL, args, NULL, &err), 0);
	ck_assert_str_eq(err, "");
	free(err);
	snprintf(cmd, sizeof cmd, "LC_ALL=C ls '%s'", out);
	p = popen(cmd, "r");
	list = calloc(1, 4096);
	ck_assert_uint_gt(fread(list, 1, 4095, p), 0);
	pclose(p);
	ck_assert_str_eq(list, "docred-ergraph-vocabulary.json\ndocred-evil-gnp-json.json\ndocred-same-2.json\n"
			       "docred-same.json\ndocred-zu-rich.json\ndocred-z\xc3\xbcrich-2.json\n"
			       "docred-z\xc3\xbcrich.json\n");
	/* The first input's "Same" kept its name; the second's is -2. */
	f = h_path(out, "docred-same-2.json");
	text = h_read(f, NULL);
	ck_assert_ptr_nonnull(strstr(text, "\"title\":\t\"same\""));
	free(text);
	free(f);
	ck_assert_int_eq(h_run(NULL, validate, NULL, &err), 0);
	ck_assert_str_eq(err, "ergraph: valid: 7 documents, 1 entity, 0 relations\n");
	free(err);
	free(list);
	free(out);
	free(in2);
	free(in1);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("formats");
	TCase *tc_graphs = tcase_create("graphs"), *tc_import = tcase_create("import");
	int n = (int)(sizeof formats / sizeof formats[0]);

	tcase_set_timeout(tc_graphs, 60);
	tcase_set_timeout(tc_import, 60);
	tcase_add_loop_test(tc_graphs, graph_of_each_format, 0, n);
	tcase_add_test(tc_graphs, label_studio_offsets_outside_the_bmp);
	tcase_add_test(tc_graphs, docred_relations_are_mapped);
	tcase_add_test(tc_graphs, a_map_file_overrides_the_defaults);
	tcase_add_test(tc_graphs, label_studio_predictions_stand_in);
	tcase_add_test(tc_graphs, json_lines_named_json);
	tcase_add_loop_test(tc_graphs, one_bad_document_is_left_out, 0, (int)(sizeof one_bad / sizeof one_bad[0]));
	tcase_add_test(tc_graphs, labels_in_any_script_stay_types);
	tcase_add_test(tc_graphs, a_mapped_label_is_not_warned_about);
	tcase_add_test(tc_graphs, docred_countries_typed_loc_join_the_country);
	tcase_add_loop_test(tc_import, round_trip_through_native_files, 0, n);
	tcase_add_test(tc_import, import_refuses_what_is_native_already);
	tcase_add_test(tc_import, colliding_titles_get_their_own_files);
	suite_add_tcase(s, tc_graphs);
	suite_add_tcase(s, tc_import);
	return s;
}

int main(void)
{
	return h_main(suite());
}
