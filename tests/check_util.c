/* check_util.c - UTF-8, dates, URL safety, JSON parsing, sets and maps, SHA-256. */
#include "harness.h"
#include "internal.h"

#include <stdio.h>
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

START_TEST(xml_text_is_always_legal_xml)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain Zürich 𝕏", "plain Zürich 𝕏"},
		{"<a href='x'>&amp;\"]]>", "&lt;a href=&#39;x&#39;&gt;&amp;amp;&quot;]]&gt;"},
		/* Kept through an attribute value's normalisation. */
		{"a\tb\nc\r\nd", "a&#9;b&#10;c&#13;&#10;d"},
		/* Not XML 1.0 characters: U+FFFD, one for each byte that is not UTF-8. */
		{"bell\x07 esc\x1b", "bell\xef\xbf\xbd esc\xef\xbf\xbd"},
		{"\xef\xbf\xbe\xef\xbf\xbf<", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&lt;"},
		{"\xc3 \xed\xa0\x80\n", "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&#10;"},
		{"trunc\xe2\x82", "trunc\xef\xbf\xbd\xef\xbf\xbd"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		erg_buf b = ERG_BUF_INIT;

		ck_assert_int_eq(erg_xml_text(&b, cases[i].in), 0);
		ck_assert_msg(strcmp(b.ptr ? b.ptr : "", cases[i].out) == 0, "case %zu: %s", i, b.ptr);
		erg_buf_free(&b);
	}
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
				     "#top", "a/b:c", "?q=1", "http://a b", "https:\\\\evil",
				     "x\"onmouseover=\"alert(1)", "/\\evil.example", " //evil.example"};
	static const char *unsafe[] = {"javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x",
				       "java\nscript:alert(1)", "//evil.example/x", "file:///etc",
				       "", "vbscript:x", " javascript:x", "%6Aavascript:x"};
	/* Each URL and its normal form: what RFC 3986 does not allow raw is
	 * percent-encoded, escapes already there are kept. */
	static const char *normal[][2] = {
		{"https://example.com/a?b=1&c=2#f", "https://example.com/a?b=1&c=2#f"},
		{"x\"onmouseover=\"alert(1)", "x%22onmouseover=%22alert(1)"},
		{"a b<c>d\\e`f{g}h|i^j", "a%20b%3Cc%3Ed%5Ce%60f%7Bg%7Dh%7Ci%5Ej"},
		{"/\\evil.example", "/%5Cevil.example"},
		{"caf\xc3\xa9?q=\t\x7f", "caf%C3%A9?q=%09%7F"},
		{"100%25 and 50% of %zz %4", "100%25%20and%2050%25%20of%20%25zz%20%254"},
		{"[::1]:80/~a-b_c.d!$'()*+,;=@", "[::1]:80/~a-b_c.d!$'()*+,;=@"},
		{"", ""},
	};

	for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
		ck_assert_msg(erg_url_safe(safe[i]), "%s", safe[i]);
	for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
		ck_assert_msg(!erg_url_safe(unsafe[i]), "%s", unsafe[i]);
	for (size_t i = 0; i < sizeof normal / sizeof *normal; i++) {
		char *n = erg_url_normal(normal[i][0]), *again = erg_url_normal(n);

		ck_assert_str_eq(n, normal[i][1]);
		ck_assert_str_eq(again, n); /* idempotent */
		free(n);
		free(again);
	}
}
END_TEST

/* What Graphviz would copy raw into an SVG title, and class names. */
START_TEST(ids_and_classes)
{
	static const char *fine[] = {"china", "at&t", "a&b c;", "R&D", "&", "a;&", "x-1_y.z"};
	static const char *reference[] = {"a&e;", "&#0;", "&nbsp;", "x&#x41;y", "&;", "&a1;", "R&D;x"};
	static const char *classes[][2] = {
		{"met_with", "met_with"}, {"leader-of2", "leader-of2"},
		{"x&e;&#0;", "xU000026eU00003BU000026U0000230U00003B"},
		{"a b\"<\\", "aU000020bU000022U00003CU00005C"},
		{"caf\xc3\xa9", "cafU0000E9"}, {"\xe4\xba\xba\xe7\x89\xa9", "U004EBAU007269"},
	};

	for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
		ck_assert_msg(erg_id_flaw(fine[i]) == NULL, "%s", fine[i]);
	for (size_t i = 0; i < sizeof reference / sizeof *reference; i++)
		ck_assert_str_eq(erg_id_flaw(reference[i]), "'&...;', which XML reads as a reference");
	ck_assert_str_eq(erg_id_flaw("a\\b"), "a backslash");
	ck_assert_str_eq(erg_id_flaw("a\x01"), "a control character");
	ck_assert_str_eq(erg_id_flaw("b\xef\xbf\xbf"), "U+FFFE or U+FFFF, which XML does not allow");
	ck_assert_str_eq(erg_id_flaw("b\xef\xbf\xbe"), "U+FFFE or U+FFFF, which XML does not allow");
	ck_assert_ptr_null(erg_id_flaw("b\xef\xbf\xbd")); /* U+FFFD is a character */
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		erg_buf b = ERG_BUF_INIT;

		ck_assert_int_eq(erg_class_text(&b, classes[i][0]), 0);
		ck_assert_str_eq(b.ptr, classes[i][1]);
		erg_buf_free(&b);
	}
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
	/* cJSON would end the string at \u0000: refused, at its backslash. */
	ck_assert_ptr_null(erg_json_parse("{\"a\": \"x\\u0000y\"}", 17, &err));
	ck_assert_uint_eq(err, 8);
	ck_assert_ptr_null(erg_json_parse("[\"\\\\\\u0000\"]", 12, &err));
	ck_assert_uint_eq(err, 4);
	/* An escaped backslash before u0000 is text, not a NUL. */
	j = erg_json_parse("[\"\\\\u0000\"]", 11, &err);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetArrayItem(j, 0)->valuestring, "\\u0000");
	cJSON_Delete(j);
	ck_assert_uint_eq(erg_json_nul_escape("\\\\u0000 \\\\\\\\u0000", 17), SIZE_MAX);
	ck_assert_uint_eq(erg_json_nul_escape("\\u000", 5), SIZE_MAX);
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

/* The kb normal form of docs/annotation-schema.md, form by form. */
START_TEST(kb_normal_forms)
{
	static const char *const cases[][2] = {
		{"wikipedia:FIFA ", "wikipedia:FIFA"},
		{" \twikidata:Q15031\n", "wikidata:Q15031"},
		{"Q15031", "wikidata:Q15031"},
		{"q15031", "wikidata:Q15031"},
		{"Wikidata:q42", "wikidata:Q42"},
		{"https://www.wikidata.org/wiki/Q42", "wikidata:Q42"},
		{"http://wikidata.org/wiki/Q42", "wikidata:Q42"},
		{"https://www.wikidata.org/entity/Q42", "wikidata:Q42"},
		{"https://en.wikipedia.org/wiki/Nelson_Mandela", "wikipedia:Nelson_Mandela"},
		{"HTTP://EN.M.WIKIPEDIA.ORG/wiki/Nelson%20Mandela", "wikipedia:Nelson_Mandela"},
		{"wikipedia:nelson  mandela_", "wikipedia:Nelson_mandela"},
		{"wikipedia:S%C3%A3o_Paulo", "wikipedia:S\xc3\xa3o_Paulo"},
		{"wikipedia:Bad%C3", "wikipedia:Bad%C3"},           /* not UTF-8: left encoded */
		{"wikipedia:A%0AB", "wikipedia:A%0AB"},             /* a control character: left */
		{"wikipedia:", "wikipedia:"},                       /* no title: as written */
		{"wikidata:Q12x", "wikidata:Q12x"},                 /* not an item: as written */
		{"https://de.wikipedia.org/wiki/Berlin", "https://de.wikipedia.org/wiki/Berlin"},
		{"geonames:2950159 ", "geonames:2950159"},
		{"Q", "Q"},
		{"  ", ""},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = erg_kb_normal(cases[i][0]);

		ck_assert_ptr_nonnull(got);
		ck_assert_msg(strcmp(got, cases[i][1]) == 0, "'%s': '%s', expected '%s'", cases[i][0], got,
			      cases[i][1]);
		free(got);
	}
}
END_TEST

/* Ties between entity types: built-ins in their order, then byte order. */
START_TEST(type_precedence)
{
	ck_assert_int_lt(erg_type_precedence("leader", "person"), 0);
	ck_assert_int_lt(erg_type_precedence("country", "organization"), 0);
	ck_assert_int_gt(erg_type_precedence("entity", "zebra"), 0);
	ck_assert_int_lt(erg_type_precedence("organization", "entity"), 0);
	ck_assert_int_lt(erg_type_precedence("band", "club"), 0);
	ck_assert_int_eq(erg_type_precedence("person", "person"), 0);
}
END_TEST

/* The hex digest of data fed in pieces of `step` bytes (0: at once). */
static void sha256_hex(char hex[65], const char *data, size_t len, size_t step)
{
	unsigned char d[32];
	erg_sha256 c;

	erg_sha256_init(&c);
	for (size_t at = 0; at < len;) {
		size_t n = step && len - at > step ? step : len - at;

		erg_sha256_update(&c, data + at, n);
		at += n;
	}
	erg_sha256_final(&c, d);
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

/* The examples of FIPS 180-4 (NIST's SHA256.pdf, ShortMsg and LongMsg),
 * fed whole and in pieces that cross the 64-byte blocks unevenly. */
START_TEST(sha256_fips_180_4)
{
	static const struct { const char *msg; const char *hex; } v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
		 "mnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"}};
	static const size_t steps[] = {0, 1, 3, 63, 64, 65};
	char hex[65], *million = malloc(1000000);
	erg_buf b = ERG_BUF_INIT;

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
			sha256_hex(hex, v[i].msg, strlen(v[i].msg), steps[k]);
			ck_assert_str_eq(hex, v[i].hex);
		}
	}
	ck_assert_ptr_nonnull(million);
	memset(million, 'a', 1000000);
	sha256_hex(hex, million, 1000000, 0);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	sha256_hex(hex, million, 1000000, 4099);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
	/* The form a Content-Security-Policy names a script by. */
	ck_assert_int_eq(erg_sha256_base64(&b, "abc", 3), 0);
	ck_assert_int_eq(erg_sha256_base64(&b, "", 0), 0);
	ck_assert_str_eq(b.ptr, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
				"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	erg_buf_free(&b);
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
	tcase_add_test(tc_utf8, xml_text_is_always_legal_xml);
	suite_add_tcase(s, tc_utf8);
	tcase_set_timeout(tc_values, 60);
	tcase_add_test(tc_values, dates);
	tcase_add_test(tc_values, urls);
	tcase_add_test(tc_values, ids_and_classes);
	tcase_add_test(tc_values, kb_normal_forms);
	tcase_add_test(tc_values, type_precedence);
	tcase_add_test(tc_values, sha256_fips_180_4);
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
