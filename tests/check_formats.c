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

#define FORMATS ERG_SOURCE_DIR "/tests/data/formats"

static const struct {
	const char *name, *file, *format;
} formats[] = {
	{"labelstudio", FORMATS "/labelstudio.json", "labelstudio"},
	{"doccano", FORMATS "/doccano.jsonl", "doccano"},
	{"docred", FORMATS "/docred/docred.json", "docred"},
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
