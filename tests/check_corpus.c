/*
 * check_corpus.c - the bundled corpus: it validates under --strict, and
 * graphs/ is what input/ builds to today (a stale graphs/ fails here).
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#define INPUT ERG_SOURCE_DIR "/input"
#define GRAPHS ERG_SOURCE_DIR "/graphs"

START_TEST(corpus_is_valid_under_strict)
{
	const char *argv[] = {"validate", "--strict", INPUT, NULL};
	char *err;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 0);
	ck_assert_ptr_nonnull(strstr(err, "ergraph: valid: 5 documents"));
	ck_assert_ptr_null(strstr(err, "warning"));
	free(err);
}
END_TEST

/* Compare a fresh build with the committed file of the same name. */
static void same_as_committed(const char *dir, const char *name)
{
	char *fresh_path = h_path(dir, name), *kept_path = h_path(GRAPHS, name);
	size_t a, b;
	char *fresh = h_read(fresh_path, &a), *kept = h_read(kept_path, &b);

	ck_assert_msg(kept != NULL, "%s is missing: run 'cmake --build build --target graphs'", kept_path);
	ck_assert_msg(a == b && memcmp(fresh, kept, a) == 0,
		      "%s is stale against input/: run 'cmake --build build --target graphs'", kept_path);
	free(fresh);
	free(kept);
	free(fresh_path);
	free(kept_path);
}

START_TEST(graphs_are_up_to_date)
{
	char *dir = h_tmpdir(), *dot = h_path(dir, "corpus.dot"), *json = h_path(dir, "corpus.json");
	const char *argv[] = {"build", INPUT, "-o", dot, "-o", json, NULL};
	char *err;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 0);
	same_as_committed(dir, "corpus.dot");
	same_as_committed(dir, "corpus.json");
	free(err);
	free(dot);
	free(json);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("corpus");
	TCase *tc_corpus = tcase_create("corpus");

	tcase_set_timeout(tc_corpus, 60);
	tcase_add_test(tc_corpus, corpus_is_valid_under_strict);
	tcase_add_test(tc_corpus, graphs_are_up_to_date);
	suite_add_tcase(s, tc_corpus);
	return s;
}

int main(void)
{
	return h_main(suite());
}
