/*
 * check_diff.c - ergraph diff: the change list as text and JSON (golden
 * files), no output for equal graphs, foreign DOT, the union drawing, and
 * old and new drawn at the diff's positions.
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIFF ERG_SOURCE_DIR "/tests/data/diff"
#define SMALL ERG_SOURCE_DIR "/tests/data/small"

static int diff(const char *const *args, char **out, char **err)
{
	const char *argv[24] = {"diff"};
	size_t n = 1;

	for (; *args && n < 23; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	return h_run(NULL, argv, out, err);
}

START_TEST(every_kind_of_change_as_text)
{
	const char *args[] = {DIFF "/old", DIFF "/new", NULL};
	const char *stat[] = {"--stat", DIFF "/old", DIFF "/new", NULL};
	char *out, *err;

	ck_assert_int_eq(diff(args, &out, &err), 1);
	ck_assert_str_eq(err, "");
	h_strip_source(out);
	h_golden("diff.txt", out, strlen(out));
	/* The same meeting written the other way round is no change. */
	ck_assert_ptr_null(strstr(out, "met_with"));
	/* A rename through an alias is one change, not a removal and an addition. */
	ck_assert_ptr_nonnull(strstr(out, "~ entity vladimir-putin (leader) \"Vladimir Putin\"  (was putin)\n"));
	ck_assert_ptr_null(strstr(out, "- entity putin"));
	free(out);
	free(err);
	ck_assert_int_eq(diff(stat, &out, &err), 1);
	ck_assert_str_eq(out, " entities:  1 added, 1 removed, 3 changed, 1 unchanged\n"
			      " relations: 1 added, 1 removed, 1 changed, 2 unchanged\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(every_kind_of_change_as_json)
{
	char *dir = h_tmpdir(), *json = h_path(dir, "d.json"), *text;
	char *graphml = h_path(dir, "d.graphml");
	const char *args[] = {DIFF "/old", DIFF "/new", "-o", json, "-o", graphml, NULL};
	char *out, *err;

	ck_assert_int_eq(diff(args, &out, &err), 1);
	ck_assert_str_eq(out, ""); /* with outputs named, nothing on stdout */
	text = h_read(json, NULL);
	h_strip_source(text);
	h_golden("diff.json", text, strlen(text));
	free(text);
	/* The union graph for Gephi and NetworkX: each entity and relation
	 * with its change, as the drawing colours them. */
	text = h_read(graphml, NULL);
	ck_assert_ptr_nonnull(text);
	h_golden("diff.graphml", text, strlen(text));
	free(text);
	free(out);
	free(err);
	free(graphml);
	free(json);
	free(dir);
}
END_TEST

START_TEST(equal_graphs_say_nothing)
{
	char *dir = h_tmpdir(), *dot = h_path(dir, "s.dot"), *json = h_path(dir, "s.json"), *out, *err;
	const char *build[] = {"build", "-q", SMALL, "-o", dot, "-o", json, NULL};
	const char *pairs[][2] = {{SMALL, SMALL}, {SMALL, dot}, {json, SMALL}, {dot, json}};

	ck_assert_int_eq(h_run(NULL, build, NULL, NULL), 0);
	for (int i = 0; i < 4; i++) {
		const char *args[] = {"-q", pairs[i][0], pairs[i][1], NULL};

		ck_assert_msg(diff(args, &out, &err) == 0, "pair %d differs: %s", i, out);
		ck_assert_str_eq(out, "");
		ck_assert_str_eq(err, "");
		free(out);
		free(err);
	}
	free(dot);
	free(json);
	free(dir);
}
END_TEST

START_TEST(the_corpus_against_its_own_build)
{
	const char *args[] = {"-q", ERG_SOURCE_DIR "/input", ERG_SOURCE_DIR "/graphs/corpus.dot", NULL};
	const char *args2[] = {"-q", ERG_SOURCE_DIR "/graphs/corpus.json", ERG_SOURCE_DIR "/input", NULL};
	char *out;

	ck_assert_int_eq(diff(args, &out, NULL), 0);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(diff(args2, &out, NULL), 0);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(any_dot_file_by_names)
{
	const char *args[] = {DIFF "/foreign-old.dot", DIFF "/foreign-new.dot", NULL};
	char *out, *err;

	ck_assert_int_eq(diff(args, &out, &err), 1);
	h_strip_source(out);
	h_golden("diff-foreign.txt", out, strlen(out));
	free(out);
	free(err);
}
END_TEST

START_TEST(trouble_is_exit_2)
{
	const char *bad[] = {DIFF "/old", ERG_SOURCE_DIR "/tests/data/bad/span-past-end.json", NULL};
	const char *one[] = {DIFF "/old", NULL};
	char *err;

	/* Invalid input is trouble here: 1 means "different". */
	ck_assert_int_eq(diff(bad, NULL, &err), 2);
	ck_assert_ptr_nonnull(strstr(err, "span [25, 90) is past the end"));
	free(err);
	ck_assert_int_eq(diff(one, NULL, &err), 2);
	ck_assert_str_eq(err, "ergraph diff: give two inputs, OLD and NEW\nTry 'ergraph diff --help' for more information.\n");
	free(err);
}
END_TEST

/* The x, y of the first <text> of the group with this id. */
static void text_pos(const char *svg, const char *id, double *x, double *y)
{
	char pat[128];
	const char *g, *t;

	snprintf(pat, sizeof pat, "<g id=\"%s\"", id);
	g = strstr(svg, pat);
	ck_assert_msg(g != NULL, "no group %s", id);
	t = strstr(g, "<text ");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(sscanf(strstr(t, " x=\"") + 4, "%lf", x), 1);
	ck_assert_int_eq(sscanf(strstr(t, " y=\"") + 4, "%lf", y), 1);
}

START_TEST(union_drawing_and_stable_positions)
{
	char *dir = h_tmpdir(), *svg_path = h_path(dir, "d.svg"), *dot_path = h_path(dir, "d.dot");
	char *old_path = h_path(dir, "old.svg"), *new_path = h_path(dir, "new.svg");
	const char *args[] = {DIFF "/old", DIFF "/new", "-o", svg_path, "-o", dot_path, NULL};
	const char *b_old[] = {"build", DIFF "/old", "--layout-from", dot_path, "-o", old_path, NULL};
	const char *b_new[] = {"build", DIFF "/new", "--layout-from", dot_path, "-o", new_path, NULL};
	char *svg, *dot, *o, *n;
	double dx, dy, ox, oy, nx, ny;

	ck_assert_int_eq(diff(args, NULL, NULL), 1);
	svg = h_read(svg_path, NULL);
	dot = h_read(dot_path, NULL);
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node organization added\""));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node country removed\""));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node leader changed\""));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node leader unchanged\""));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"edge disputes_with removed\""));
	ck_assert_ptr_nonnull(strstr(svg, "id=\"d&#45;legend\""));
	ck_assert_ptr_nonnull(strstr(svg, "<title>Changes between two graphs: 6 entities, 5 relations from 2 documents</title>"));
	ck_assert_ptr_nonnull(strstr(dot, "pos=\""));
	ck_assert_int_eq(h_run(NULL, b_old, NULL, NULL), 0);
	ck_assert_int_eq(h_run(NULL, b_new, NULL, NULL), 0);
	o = h_read(old_path, NULL);
	n = h_read(new_path, NULL);
	/* Russia stands where the diff put it, in both versions. */
	text_pos(svg, "d&#45;russia", &dx, &dy);
	text_pos(o, "old&#45;russia", &ox, &oy);
	text_pos(n, "new&#45;russia", &nx, &ny);
	ck_assert_msg(fabs(dx - ox) < 1 && fabs(dy - oy) < 1, "old: %g,%g vs %g,%g", ox, oy, dx, dy);
	ck_assert_msg(fabs(dx - nx) < 1 && fabs(dy - ny) < 1, "new: %g,%g vs %g,%g", nx, ny, dx, dy);
	free(o);
	free(n);
	free(svg);
	free(dot);
	free(svg_path);
	free(dot_path);
	free(old_path);
	free(new_path);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc_changes = tcase_create("changes"), *tc_drawing = tcase_create("drawing");

	tcase_set_timeout(tc_changes, 120);
	tcase_set_timeout(tc_drawing, 120);
	tcase_add_test(tc_changes, every_kind_of_change_as_text);
	tcase_add_test(tc_changes, every_kind_of_change_as_json);
	tcase_add_test(tc_changes, equal_graphs_say_nothing);
	tcase_add_test(tc_changes, the_corpus_against_its_own_build);
	tcase_add_test(tc_changes, any_dot_file_by_names);
	tcase_add_test(tc_changes, trouble_is_exit_2);
	tcase_add_test(tc_drawing, union_drawing_and_stable_positions);
	suite_add_tcase(s, tc_changes);
	suite_add_tcase(s, tc_drawing);
	return s;
}

int main(void)
{
	return h_main(suite());
}
