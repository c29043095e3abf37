/* check_util.c - UTF-8, dates, URL safety, JSON parsing, sets and maps. */
#include "harness.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

START_TEST(utf8_accepts_valid_text)
{
	const char *s = "Xi 习近平 — 𝕏";
	size_t bad = 99;

	ck_assert(erg_utf8_valid(s, strlen(s), &bad));
	ck_assert_uint_eq(erg_utf8_length(s, strlen(s)), 10);
}
END_TEST

START_TEST(utf8_rejects_bad_sequences)
{
	static const struct {
		const char *bytes;
		size_t len, bad;
	} cases[] = {
		{"ab\xff", 3, 2},              /* not a lead byte */
		{"a\xc0\xaf", 3, 1},           /* overlong '/' */
		{"\xed\xa0\x80", 3, 0},        /* a surrogate */
		{"ok\xe4\xb8", 4, 2},          /* truncated at the end */
		{"\xf4\x90\x80\x80", 4, 0},    /* past U+10FFFF */
		{"a\0b", 3, 1},                /* NUL */
		{"\xe4\x41\x41", 3, 0},        /* bad continuation */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t bad = 99;

		ck_assert_msg(!erg_utf8_valid(cases[i].bytes, cases[i].len, &bad), "case %zu", i);
		ck_assert_msg(bad == cases[i].bad, "case %zu: bad at %zu", i, bad);
	}
}
END_TEST

START_TEST(text_position_counts_code_points)
{
	const char *s = "ab\nxé𝕏z";
	int line, col;

	erg_text_position(s, strlen("ab\nxé𝕏"), &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 4);
}
END_TEST

START_TEST(dates)
{
	static const char *good[] = {"2015", "2015-02", "2015-02-28", "2016-02-29", "2000-02-29"};
	static const char *bad[] = {"15", "2015-13", "2015-02-30", "2015-2-1", "1900-02-29",
				    "May 2015", "2015-02-28T10", ""};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(erg_date_valid(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!erg_date_valid(bad[i]), "%s", bad[i]);
}
END_TEST

START_TEST(urls)
{
	static const char *safe[] = {"https://example.com/a?b=1&c=2", "HTTP://x", "docs/a.html",
				     "#top", "a/b:c", "?q=1"};
	static const char *unsafe[] = {"javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x",
				       "java\nscript:alert(1)", "//evil.example/x", "file:///etc",
				       "http://a b", "", "https:\\\\evil", "vbscript:x"};

	for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
		ck_assert_msg(erg_url_safe(safe[i]), "%s", safe[i]);
	for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
		ck_assert_msg(!erg_url_safe(unsafe[i]), "%s", unsafe[i]);
}
END_TEST

START_TEST(type_words_in_any_script)
{
	static const char *good[] = {"leader_of", "a-b", "人物", "организация", "व्यक्ति", "ort2", "lieu_géo"};
	/* Upper case, a leading digit or mark, punctuation, NFD, and
	 * "straße" whose case fold is "strasse". */
	static const char *bad[] = {"Leader", "2a", "_a", "Организация", "人物!", "a b", "",
				    "lieu_ge\u0301o", "\u0301a", "straße", "人物\u3001"};
	static const struct {
		const char *label, *word;
	} from[] = {{"Head of State", "head_of_state"}, {"Организация", "организация"},
		    {"人物", "人物"}, {"Lieu  (géo)", "lieu_géo"}, {"lieu ge\u0301o", "lieu_géo"},
		    {"2nd-tier", "2nd_tier"}, {"?!", ""}, {"ΟΔΟΣ", "οδοσ"}};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(erg_word_valid(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!erg_word_valid(bad[i]), "%s", bad[i]);
	for (size_t i = 0; i < sizeof from / sizeof *from; i++) {
		char *w = erg_word_from(from[i].label);

		ck_assert_str_eq(w, from[i].word);
		free(w);
	}
}
END_TEST

START_TEST(name_keys_fold_case_and_normalisation)
{
	static const struct {
		const char *a, *b;
	} same[] = {
		{"РОССИЯ", "Россия"},                   /* Cyrillic upper and lower case */
		{"Caf\u00e9 M\u00fcller", "Cafe\u0301 Mu\u0308ller"}, /* NFC and NFD */
		{"ΟΔΥΣΣΕΥΣ", "Οδυσσευς"},               /* final sigma */
		{"the  U.S.", "US"},                    /* the ASCII rules */
		{"The Кремль", "кремль"},
		{"Ｔｏｋｙｏ", "tokyo"},                  /* full width (NFKC) */
		{"Straße", "STRASSE"},
	};

	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char *a = erg_name_key(same[i].a), *b = erg_name_key(same[i].b);

		ck_assert_msg(strcmp(a, b) == 0, "'%s' -> '%s' but '%s' -> '%s'", same[i].a, a, same[i].b, b);
		free(a);
		free(b);
	}
	{
		char *a = erg_name_key("Россия"), *b = erg_name_key("Russia");

		ck_assert_str_eq(a, "россия");
		ck_assert_str_eq(b, "russia");
		free(a);
		free(b);
	}
}
END_TEST

START_TEST(json_parse_reports_where_it_stopped)
{
	size_t err = 0;
	cJSON *j = erg_json_parse(" {\"a\": [1, 2]}\n", 15, &err);

	ck_assert_ptr_nonnull(j);
	cJSON_Delete(j);
	ck_assert_ptr_null(erg_json_parse("{\"a\": 1} x", 10, &err));
	ck_assert_uint_eq(err, 9);
	ck_assert_ptr_null(erg_json_parse("{\"a\" 1}", 7, &err));
	ck_assert_uint_eq(err, 5);
}
END_TEST

START_TEST(strset_is_sorted_and_unique)
{
	erg_strset s = {0};

	ck_assert_int_eq(erg_strset_add(&s, "b"), 1);
	ck_assert_int_eq(erg_strset_add(&s, "a"), 1);
	ck_assert_int_eq(erg_strset_add(&s, "c"), 1);
	ck_assert_int_eq(erg_strset_add(&s, "b"), 0);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_str_eq(s.v[0], "a");
	ck_assert_str_eq(s.v[2], "c");
	erg_strset_remove(&s, "a");
	ck_assert(!erg_strset_has(&s, "a"));
	ck_assert(erg_strset_has(&s, "c"));
	erg_strset_free(&s);
}
END_TEST

START_TEST(map_grows)
{
	erg_map m = {0};
	char key[32];

	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		ck_assert_int_eq(erg_map_put(&m, key, (void *)(intptr_t)(i + 1)), 0);
	}
	ck_assert_uint_eq(m.n, 1000);
	ck_assert_ptr_eq(erg_map_get(&m, "k737"), (void *)(intptr_t)738);
	ck_assert_ptr_null(erg_map_get(&m, "k1000"));
	erg_map_free(&m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc_utf8 = tcase_create("utf8");
	TCase *tc_values = tcase_create("values");
	TCase *tc_containers = tcase_create("containers");

	tcase_set_timeout(tc_utf8, 60);
	tcase_add_test(tc_utf8, utf8_accepts_valid_text);
	tcase_add_test(tc_utf8, utf8_rejects_bad_sequences);
	tcase_add_test(tc_utf8, text_position_counts_code_points);
	suite_add_tcase(s, tc_utf8);
	tcase_set_timeout(tc_values, 60);
	tcase_add_test(tc_values, dates);
	tcase_add_test(tc_values, urls);
	tcase_add_test(tc_values, json_parse_reports_where_it_stopped);
	tcase_add_test(tc_values, type_words_in_any_script);
	tcase_add_test(tc_values, name_keys_fold_case_and_normalisation);
	suite_add_tcase(s, tc_values);
	tcase_set_timeout(tc_containers, 60);
	tcase_add_test(tc_containers, strset_is_sorted_and_unique);
	tcase_add_test(tc_containers, map_grows);
	suite_add_tcase(s, tc_containers);
	return s;
}

int main(void)
{
	return h_main(suite());
}
