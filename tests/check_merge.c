/*
 * check_merge.c - ergraph merge: graphs of parts of a corpus add up to the
 * graph of the whole, byte for byte, in any order and grouping.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT ERG_SOURCE_DIR "/input"

static const char *const articles[] = {
	"000_1a8fd62f9937f7e2", "001_2958c62174afa01e", "002_95a2145abd261211",
	"003_ddd71219924f78ab", "004_8bb35da6542e7edb",
};

/* Build each article alone into dir/NAME.EXT (json or dot by turns). */
static void shards(const char *dir, char **paths)
{
	for (int i = 0; i < 5; i++) {
		char in[512];
		const char *argv[] = {"build", "-q", in, "-o", NULL, NULL};

		snprintf(in, sizeof in, "%s/%s.json", INPUT, articles[i]);
		paths[i] = malloc(strlen(dir) + 64);
		sprintf(paths[i], "%s/%s.%s", dir, articles[i], i % 2 ? "dot" : "json");
		argv[4] = paths[i];
		ck_assert_int_eq(h_run(NULL, argv, NULL, NULL), 0);
	}
}

static char *merged(const char *dir, const char *name, const char *const *parts, int n)
{
	char *out = h_path(dir, name), *err, *text;
	const char *argv[16] = {"merge"};
	int k = 1;

	for (int i = 0; i < n; i++)
		argv[k++] = parts[i];
	argv[k++] = "-o";
	argv[k++] = out;
	argv[k] = NULL;
	ck_assert_msg(h_run(NULL, argv, NULL, &err) == 0, "merge: %s", err);
	ck_assert_str_eq(err, "");
	text = h_read(out, NULL);
	free(err);
	free(out);
	return text;
}

START_TEST(shards_add_up_to_the_whole)
{
	char *dir = h_tmpdir(), *p[5], *whole = h_read(ERG_SOURCE_DIR "/graphs/corpus.json", NULL);
	char *fwd, *rev, *grouped;

	shards(dir, p);
	{
		const char *all[] = {p[0], p[1], p[2], p[3], p[4]};
		const char *back[] = {p[4], p[3], p[2], p[1], p[0]};

		fwd = merged(dir, "fwd.json", all, 5);
		rev = merged(dir, "rev.json", back, 5);
	}
	ck_assert_msg(strcmp(fwd, whole) == 0, "merged shards differ from graphs/corpus.json");
	ck_assert_str_eq(rev, fwd);
	/* Associative: (0+1) + (2+3+4), written as DOT and JSON in between. */
	{
		const char *first[] = {p[0], p[1]}, *second[] = {p[2], p[3], p[4]};
		char *a = h_path(dir, "ab.dot"), *b = h_path(dir, "cde.json");
		const char *both[] = {a, b};

		free(merged(dir, "ab.dot", first, 2));
		free(merged(dir, "cde.json", second, 3));
		grouped = merged(dir, "grouped.json", both, 2);
		ck_assert_str_eq(grouped, whole);
		free(a);
		free(b);
	}
	for (int i = 0; i < 5; i++)
		free(p[i]);
	free(fwd);
	free(rev);
	free(grouped);
	free(whole);
	free(dir);
}
END_TEST

START_TEST(merge_takes_graphs_only)
{
	char *dir = h_tmpdir(), *out = h_path(dir, "never.json"), *err;
	const char *argv[] = {"merge", INPUT, "-o", out, NULL};

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 1);
	ck_assert_ptr_nonnull(strstr(err, "000_1a8fd62f9937f7e2.json: not a graph: merge takes the graph JSON or DOT of earlier builds"));
	ck_assert_int_ne(access(out, F_OK), 0);
	free(err);
	free(out);
	free(dir);
}
END_TEST

START_TEST(overlapping_shards_are_warned_about)
{
	char *dir = h_tmpdir(), *g = h_path(dir, "g.json"), *out = h_path(dir, "m.json"), *err;
	const char *build[] = {"build", "-q", INPUT, "-o", g, NULL};
	const char *merge[] = {"merge", g, g, "-o", out, NULL};

	ck_assert_int_eq(h_run(NULL, build, NULL, NULL), 0);
	ck_assert_int_eq(h_run(NULL, merge, NULL, &err), 0);
	ck_assert_ptr_nonnull(strstr(err, "is in another input too: its mentions count twice"));
	free(err);
	free(g);
	free(out);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("shards");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shards_add_up_to_the_whole);
	tcase_add_test(tc, merge_takes_graphs_only);
	tcase_add_test(tc, overlapping_shards_are_warned_about);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return h_main(suite());
}
