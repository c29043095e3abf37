/*
 * check_json.c - the arena JSON parser: exact values, the cases it leaves
 * to cJSON, depth, the arena, and its trees against cJSON's on every
 * fixture and saved fuzz input.
 */
#include "harness.h"
#include "internal.h"
#include "json.h"
#include "json_same.h"

#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static erg_json_arena *arena;

static void setup(void)
{
	arena = erg_json_arena_new();
	ck_assert_ptr_nonnull(arena);
}

/* An arena that gives the schema's names as pointers, as loading does. */
static void setup_keys(void)
{
	setup();
	ck_assert_int_eq(erg_json_arena_keys(arena, erg_native_keys), 0);
}

static void teardown(void)
{
	erg_json_arena_free(arena);
	arena = NULL;
}

static erg_json_status parse_n(const char *text, size_t len, int max_depth, cJSON **root,
			       size_t *where)
{
	return erg_json_parse_fast(arena, text, len, max_depth, root, where);
}

/* Parse text (a C string); it must be OK and the same tree as cJSON's. */
static cJSON *parse_ok(const char *text, size_t len)
{
	cJSON *root = NULL, *ref;
	size_t where = 0, err = 0;
	erg_json_status st = parse_n(text, len, 1000, &root, &where);
	const char *diff;

	ck_assert_msg(st == ERG_JSON_OK, "status %d for %s", (int)st, text);
	ck_assert_ptr_nonnull(root);
	ref = erg_json_parse(text, len, &err);
	ck_assert_msg(ref != NULL, "cJSON refuses %s", text);
	diff = json_same(root, ref);
	ck_assert_msg(diff == NULL, "%s: %s", text, diff);
	cJSON_Delete(ref);
	return root;
}

static cJSON *ok(const char *text)
{
	return parse_ok(text, strlen(text));
}

static void fallback_n(const char *text, size_t len)
{
	cJSON *root = (cJSON *)1;
	size_t where = 12345;

	ck_assert_msg(parse_n(text, len, 1000, &root, &where) == ERG_JSON_FALLBACK,
		      "not FALLBACK: %.*s", (int)len, text);
	ck_assert_ptr_null(root);
	ck_assert_uint_eq(where, 12345);
}

static void fallback(const char *text)
{
	fallback_n(text, strlen(text));
}

static void same_double(double got, double want, const char *text)
{
	ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "%s: %.17g, not %.17g", text, got, want);
}

/* ---- values ---------------------------------------------------------- */

START_TEST(literals)
{
	cJSON *j = ok("true");

	ck_assert_int_eq(j->type, cJSON_True);
	ck_assert_int_eq(j->valueint, 1); /* cJSON sets it for true */
	same_double(j->valuedouble, 0.0, "true");
	ck_assert_ptr_null(j->valuestring);
	ck_assert_ptr_null(j->child);
	j = ok("false");
	ck_assert_int_eq(j->type, cJSON_False);
	ck_assert_int_eq(j->valueint, 0);
	j = ok("null");
	ck_assert_int_eq(j->type, cJSON_NULL);
	ck_assert_int_eq(j->valueint, 0);
	ck_assert_ptr_null(j->string);
	ck_assert_ptr_null(j->next);
	ck_assert_ptr_null(j->prev);
}
END_TEST

START_TEST(numbers)
{
	static const struct {
		const char *text;
		double value;
		int valueint;
	} cases[] = {
		{"0", 0.0, 0},
		{"-0", -0.0, 0},
		{"-0.0", -0.0, 0},
		{"42", 42.0, 42},
		{"-17", -17.0, -17},
		{"3.25", 3.25, 3},
		{"-3.75", -3.75, -3},
		{"0.1", 0.1, 0},
		{"1e3", 1000.0, 1000},
		{"1E+2", 100.0, 100},
		{"25e-1", 2.5, 2},
		{"2.5e-3", 0.0025, 0},
		{"0.000001", 0.000001, 0},
		{"1e22", 1e22, INT_MAX},
		{"1e23", 1e23, INT_MAX},
		{"1e400", HUGE_VAL, INT_MAX},
		{"-1e400", -HUGE_VAL, INT_MIN},
		{"1e-400", 0.0, 0},
		{"2147483647", 2147483647.0, INT_MAX},
		{"2147483648", 2147483648.0, INT_MAX},
		{"2147483646.5", 2147483646.5, 2147483646},
		{"-2147483648", -2147483648.0, INT_MIN},
		{"-2147483647.5", -2147483647.5, -2147483647},
		{"-2147483649", -2147483649.0, INT_MIN},
		{"9007199254740993", 9007199254740992.0, INT_MAX},
		{"123456789012345678901234567890", 123456789012345678901234567890.0, INT_MAX},
		{"1.7976931348623157e308", 1.7976931348623157e308, INT_MAX},
		{"2.2250738585072014e-308", 2.2250738585072014e-308, 0},
		{"4.9e-324", 4.9e-324, 0},
		{"0.30000000000000004", 0.30000000000000004, 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *j = ok(cases[i].text);

		ck_assert_int_eq(j->type, cJSON_Number);
		same_double(j->valuedouble, cases[i].value, cases[i].text);
		ck_assert_msg(j->valueint == cases[i].valueint, "%s: valueint %d", cases[i].text,
			      j->valueint);
	}
}
END_TEST

static uint64_t rng = 88172645463325252u;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 32) % n;
}

/* Random digits, often runs of 0 and 9 that sit next to rounding boundaries. */
static size_t digits(char *out, unsigned n, bool lead)
{
	unsigned style = rnd(4);

	for (unsigned i = 0; i < n; i++) {
		unsigned d = style == 0 ? 0 : style == 1 ? 9 : rnd(10);

		if (rnd(8) == 0)
			d = rnd(10);
		out[i] = (char)('0' + (lead && i == 0 && d == 0 ? 1 + rnd(9) : d));
	}
	return n;
}

START_TEST(random_numbers)
{
	/* Fast path and strtod alike must give cJSON's bits: long and short
	 * mantissas, exponents around the 22 that the fast path stops at. */
	for (int i = 0; i < 100000; i++) {
		char text[64];
		size_t n = 0;

		if (rnd(2))
			text[n++] = '-';
		if (rnd(4) == 0)
			text[n++] = '0';
		else
			n += digits(text + n, 1 + rnd(rnd(3) ? 17 : 24), true);
		if (rnd(2)) {
			text[n++] = '.';
			n += digits(text + n, 1 + rnd(rnd(3) ? 10 : 20), false);
		}
		if (rnd(2)) {
			int e = (int)rnd(60) - 30;

			text[n++] = rnd(2) ? 'e' : 'E';
			if (e < 0 || rnd(3) == 0)
				text[n++] = e < 0 ? '-' : '+';
			n += (size_t)snprintf(text + n, sizeof text - n, "%d", rnd(10) ? abs(e) : (int)rnd(700));
		}
		text[n] = '\0';
		erg_json_arena_reset(arena);
		ok(text);
	}
}
END_TEST

START_TEST(escapes)
{
	cJSON *j = ok("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t.\"");

	ck_assert_int_eq(j->type, cJSON_String);
	ck_assert_str_eq(j->valuestring, "q\" b\\ s/ \b\f\n\r\t.");
	ck_assert_str_eq(ok("\"\"")->valuestring, "");
	ck_assert_str_eq(ok("\"plain text\"")->valuestring, "plain text");
	/* Only escapes, and escapes at either end of a long run. */
	ck_assert_str_eq(ok("\"\\n\\n\"")->valuestring, "\n\n");
	ck_assert_str_eq(ok("\"\\tabcdefghijklmnopqrstuvwxyz0123456789\\t\"")->valuestring,
			 "\tabcdefghijklmnopqrstuvwxyz0123456789\t");
}
END_TEST

START_TEST(unicode_escapes)
{
	cJSON *j = ok("\"\\u0041\\u00e9\\u00E9\\u4e2d\\u07ff\\u0800\\uffff\"");

	ck_assert_str_eq(j->valuestring, "A\xc3\xa9\xc3\xa9\xe4\xb8\xad\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf");
	/* U+1F600 as a pair, in both cases, and U+10FFFF. */
	ck_assert_str_eq(ok("\"\\ud83d\\ude00\"")->valuestring, "\xf0\x9f\x98\x80");
	ck_assert_str_eq(ok("\"x\\uD83D\\uDE00y\"")->valuestring, "x\xf0\x9f\x98\x80y");
	ck_assert_str_eq(ok("\"\\udbff\\udfff\"")->valuestring, "\xf4\x8f\xbf\xbf");
	/* Unpaired or reversed surrogates, bad hex: cJSON's to refuse. */
	fallback("\"\\ud83d\"");
	fallback("\"\\ud83dx\"");
	fallback("\"\\ud83d\\u0041\"");
	fallback("\"\\ud83d\\ud83d\"");
	fallback("\"\\ude00\"");
	fallback("\"\\ude00\\ud83d\"");
	fallback("\"\\u12g4\"");
	fallback("\"\\u00\"");
	fallback("\"\\x41\"");
	fallback("\"\\'\"");
	/* \u0000 would cut the string: left to cJSON, and erg_json_parse refuses it. */
	fallback("\"a\\u0000b\"");
}
END_TEST

START_TEST(raw_bytes_in_strings)
{
	/* Control characters and invalid UTF-8 are copied through, as cJSON does. */
	static const char text[] = "\"a\x01\x1f\x7f\xff\xc3\x28\ttab\"";
	cJSON *j = parse_ok(text, sizeof text - 1);

	ck_assert_str_eq(j->valuestring, "a\x01\x1f\x7f\xff\xc3\x28\ttab");
	/* A raw NUL byte too: the C string ends there, as cJSON's does. */
	j = parse_ok("\"ab\0cd\"", 7);
	ck_assert_int_eq(memcmp(j->valuestring, "ab\0cd", 6), 0);
}
END_TEST

/* ---- structure ------------------------------------------------------- */

START_TEST(known_keys_are_given_as_pointers)
{
	static const char *const keys[] = {"id", "type", "mentions", NULL};
	const char *many[40], *empty[] = {"", NULL};
	char *text, *longkey;
	cJSON *j, *c;

	ck_assert_int_eq(erg_json_arena_keys(arena, keys), 0);
	j = ok("{\"id\":1,\"type\":2,\"i\\u0064\":3,\"idx\":4,\"\":5,\"mentions\":[{\"id\":6}]}");
	c = j->child;
	ck_assert_ptr_eq(c->string, keys[0]);
	ck_assert_ptr_eq(c->next->string, keys[1]);
	/* An escaped name that spells a key is that key too. */
	ck_assert_ptr_eq(c->next->next->string, keys[0]);
	ck_assert_str_eq(c->next->next->next->string, "idx");
	ck_assert_str_eq(c->next->next->next->next->string, "");
	ck_assert_ptr_eq(c->next->next->next->next->next->string, keys[2]);
	ck_assert_ptr_eq(c->next->next->next->next->next->child->child->string, keys[0]);
	/* Lists it refuses change nothing; 32 keys in all, however given. */
	for (int i = 0; i < 39; i++)
		many[i] = keys[i % 3];
	many[39] = NULL;
	ck_assert_int_eq(erg_json_arena_keys(arena, many), -1);
	many[30] = NULL;
	ck_assert_int_eq(erg_json_arena_keys(arena, many + 27), 0); /* the same three again */
	ck_assert_int_eq(erg_json_arena_keys(arena, many), -1);      /* 3 + 30 > 32 */
	ck_assert_int_eq(erg_json_arena_keys(arena, many + 1), 0);   /* 3 + 29 */
	ck_assert_ptr_eq(ok("{\"type\":0}")->child->string, keys[1]);
	ck_assert_int_eq(erg_json_arena_keys(arena, empty), -1);
	longkey = malloc(300);
	memset(longkey, 'k', 299);
	longkey[299] = '\0';
	many[0] = longkey;
	many[1] = NULL;
	ck_assert_int_eq(erg_json_arena_keys(arena, many), -1);
	text = malloc(320);
	snprintf(text, 320, "{\"%s\":1}", longkey);
	j = ok(text);
	ck_assert_ptr_ne(j->child->string, longkey);
	ck_assert_str_eq(j->child->string, longkey);
	free(text);
	free(longkey);
}
END_TEST

START_TEST(objects_keep_order_and_duplicates)
{
	cJSON *j = ok("{\"a\":1,\"b\":\"two\",\"a\":[3],\"\":null}"), *c;
	static const char *keys[] = {"a", "b", "a", ""};
	int i = 0;

	ck_assert_int_eq(j->type, cJSON_Object);
	ck_assert_ptr_null(j->string);
	cJSON_ArrayForEach(c, j) {
		ck_assert_int_lt(i, 4);
		ck_assert_str_eq(c->string, keys[i]);
		i++;
	}
	ck_assert_int_eq(i, 4);
	/* prev: the first child's is the last; the others' the one before. */
	c = j->child;
	ck_assert_ptr_eq(c->prev, c->next->next->next);
	ck_assert_ptr_eq(c->next->prev, c);
	ck_assert_ptr_eq(c->next->next->prev, c->next);
	ck_assert_ptr_null(c->next->next->next->next);
	/* The first of two equal keys is the one found. */
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(j, "a")->valueint, 1);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(j, "b")->valuestring, "two");
	ck_assert_int_eq(c->next->next->type, cJSON_Array);
	ck_assert_int_eq(c->next->next->child->valueint, 3);
	ck_assert_int_eq(cJSON_GetArraySize(j), 4);
}
END_TEST

START_TEST(arrays_and_empties)
{
	cJSON *j = ok("[]");

	ck_assert_int_eq(j->type, cJSON_Array);
	ck_assert_ptr_null(j->child);
	j = ok("{}");
	ck_assert_int_eq(j->type, cJSON_Object);
	ck_assert_ptr_null(j->child);
	j = ok("[[],{},[[]],\"s\",1,true,false,null]");
	ck_assert_int_eq(cJSON_GetArraySize(j), 8);
	ck_assert_ptr_eq(j->child->prev, cJSON_GetArrayItem(j, 7));
	ck_assert_int_eq(cJSON_GetArrayItem(j, 7)->type, cJSON_NULL);
	ck_assert_ptr_null(cJSON_GetArrayItem(j, 1)->child);
	/* One child: its own prev. */
	j = ok("[5]");
	ck_assert_ptr_eq(j->child->prev, j->child);
	ck_assert_ptr_null(j->child->next);
}
END_TEST

START_TEST(white_space_around)
{
	cJSON *j = ok(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] ,\r\"b\" : { } } \n\t\r ");

	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "a")), 2);
	ck_assert_str_eq(j->child->next->string, "b");
	ok("\n\"s\"\n");
	ok("  7  ");
}
END_TEST

/* "[" n times, then a number, then "]" n times. */
static char *nested(int n)
{
	char *s = malloc((size_t)n * 2 + 2);

	ck_assert_ptr_nonnull(s);
	memset(s, '[', (size_t)n);
	s[n] = '1';
	memset(s + n + 1, ']', (size_t)n);
	s[2 * n + 1] = '\0';
	return s;
}

START_TEST(depth)
{
	char *s = nested(5);
	const char *t;
	cJSON *j = NULL;
	size_t where = 0;

	ck_assert_int_eq(parse_n(s, strlen(s), 5, &j, &where), ERG_JSON_OK);
	ck_assert_int_eq(json_depth(j), 5);
	j = (cJSON *)1;
	ck_assert_int_eq(parse_n(s, strlen(s), 4, &j, &where), ERG_JSON_TOO_DEEP);
	ck_assert_ptr_null(j);
	ck_assert_uint_eq(where, 4);
	ck_assert_int_eq(parse_n(s, strlen(s), 0, &j, &where), ERG_JSON_TOO_DEEP);
	ck_assert_uint_eq(where, 0);
	free(s);
	/* Objects count as much as arrays; brackets in strings do not count. */
	t = "{\"[[\": [ {\"x\": {}}, {\"y\" :{\"z\": []}}]}";
	ck_assert_int_eq(parse_n(t, strlen(t), 5, &j, &where), ERG_JSON_OK);
	ck_assert_int_eq(parse_n(t, strlen(t), 4, &j, &where), ERG_JSON_TOO_DEEP);
	ck_assert_uint_eq(where, (size_t)(strstr(t, "[]") - t));
	/* The first bracket too deep wins over a later error, not an earlier one. */
	t = "[[[x";
	ck_assert_int_eq(parse_n(t, strlen(t), 2, &j, &where), ERG_JSON_TOO_DEEP);
	ck_assert_uint_eq(where, 2);
	where = 77;
	t = "[1 2, [[[";
	ck_assert_int_eq(parse_n(t, strlen(t), 2, &j, &where), ERG_JSON_FALLBACK);
	ck_assert_uint_eq(where, 77);
	/* cJSON's own limit: 1000 levels parse, 1001 do not. */
	s = nested(1000);
	ok(s);
	free(s);
	s = nested(1001);
	ck_assert_int_eq(parse_n(s, strlen(s), 1000, &j, &where), ERG_JSON_TOO_DEEP);
	ck_assert_uint_eq(where, 1000);
	/* A limit past cJSON's: cJSON refuses, so it is its error. */
	ck_assert_int_eq(parse_n(s, strlen(s), 2000, &j, &where), ERG_JSON_FALLBACK);
	free(s);
}
END_TEST

/* ---- what is left to cJSON -------------------------------------------- */

START_TEST(syntax_errors_fall_back)
{
	static const char *cases[] = {
		/* nothing, or only white space */
		"", " ", "\n\t",
		/* trailing garbage */
		"1 2", "{}x", "[1]]", "truex", "null,", "\"a\"\"b\"", "[] []",
		/* truncated */
		"[", "[1", "[1,", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "\"abc", "\"abc\\",
		"\"abc\\\"", "tru", "fals", "nul", "-", "1.", "1e", "1e+", "\"\\u12",
		/* not JSON */
		"[1,]", "[,1]", "{,}", "{\"a\" 1}", "{\"a\":1,}", "{1:2}", "{'a':1}", "'a'",
		"[1;2]", "{\"a\":1 \"b\":2}", "True", "NULL", "nan", "Infinity", "-Infinity",
		"[1}", "{\"a\":1]", "\"\\q\"",
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		fallback(cases[i]);
	/* Input that stops mid-string, counted by length, not by a NUL. */
	fallback_n("\"abc\"", 4);
	fallback_n("[1,2]", 4);
	fallback_n("true", 3);
}
END_TEST

START_TEST(rare_constructs_fall_back)
{
	/* cJSON accepts these; strict JSON does not: its parse decides. */
	static const char *cases[] = {
		"01", "-01", "00", "1.", "1.e5", ".5", "-.5", "+1", "1e5.", "0x10",
		"\xef\xbb\xbf{}", "\xef\xbb\xbf" "1   ", "\f1", "\v[]", "[1,\f2]", "{\"a\":\x01 1}",
		"\"\\u\\\"abc\"",
	};
	char big[80];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		fallback(cases[i]);
	/* A NUL byte between tokens is white space to cJSON. */
	fallback_n("[1,\0002]", 6);
	/* Numbers past the 63 characters cJSON copies. */
	memset(big, '1', 64);
	big[64] = '\0';
	fallback(big);
	big[63] = '\0';
	ck_assert_int_eq(ok(big)->valueint, INT_MAX);
	memcpy(big, "0.", 2);
	ck_assert(ok(big)->valuedouble < 0.12);
}
END_TEST

/* ---- the arena --------------------------------------------------------- */

START_TEST(arena_chunks_and_reset)
{
	erg_buf b = ERG_BUF_INIT;
	char *big;
	cJSON *first, *j, *again;
	size_t where, n = 300000;

	/* Far more nodes than one 64 KiB chunk holds. */
	erg_buf_puts(&b, "[");
	for (int i = 0; i < 20000; i++)
		erg_buf_printf(&b, "%s{\"id\":\"e%d\",\"n\":%d.5,\"t\":[true,null]}", i ? "," : "", i, i);
	erg_buf_puts(&b, "]");
	ck_assert(!b.failed);
	first = parse_ok(b.ptr, b.len);
	ck_assert_int_eq(cJSON_GetArraySize(first), 20000);
	/* A string longer than a chunk. */
	big = malloc(n + 3);
	ck_assert_ptr_nonnull(big);
	big[0] = '"';
	for (size_t i = 1; i <= n; i++)
		big[i] = (char)('a' + i % 26);
	big[n + 1] = '"';
	big[n + 2] = '\0';
	j = parse_ok(big, n + 2);
	ck_assert_uint_eq(strlen(j->valuestring), n);
	/* A failed parse gives back nothing taken: earlier trees stay. */
	fallback("[1, 2, {\"a\": [\"long enough to take a string\", 3, 4], ");
	ck_assert_uint_eq(strlen(j->valuestring), n);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(first, 19999), "id")
				 ->valuestring, "e19999");
	/* After a reset the memory is reused; the trees are as good. */
	for (int round = 0; round < 3; round++) {
		erg_json_arena_reset(arena);
		again = parse_ok(b.ptr, b.len);
		ck_assert_int_eq(cJSON_GetArraySize(again), 20000);
		ck_assert_int_eq(parse_n(big, n + 2, 10, &j, &where), ERG_JSON_OK);
		ck_assert_uint_eq(strlen(j->valuestring), n);
	}
	free(big);
	erg_buf_free(&b);
	erg_json_arena_free(NULL);
}
END_TEST

/* ---- differential: every fixture and saved fuzz input ------------------ */

static struct {
	size_t compared;   /* the fast parser said OK and the trees matched */
	size_t fell_back;  /* cJSON accepts, the fast parser left it to cJSON */
	size_t refused;    /* cJSON refuses: the fast parser must not say OK */
} tally;

static void compare_one(const char *path, const char *buf, size_t len, size_t line)
{
	cJSON *fast = NULL, *ref;
	size_t where, err;
	erg_json_status st = erg_json_parse_fast(arena, buf, len, 1000, &fast, &where);
	const char *diff;

	ref = erg_json_parse(buf, len, &err);
	ck_assert_msg(st != ERG_JSON_OOM, "%s:%zu: out of memory", path, line);
	if (!ref) {
		ck_assert_msg(st != ERG_JSON_OK, "%s:%zu: OK, but cJSON refuses it", path, line);
		tally.refused++;
		return;
	}
	if (st != ERG_JSON_OK) {
		if (getenv("ERG_JSON_VERBOSE"))
			fprintf(stderr, "left to cJSON (%d): %s:%zu\n", (int)st, path, line);
		tally.fell_back++;
		cJSON_Delete(ref);
		return;
	}
	diff = json_same(fast, ref);
	ck_assert_msg(diff == NULL, "%s:%zu: %s", path, line, diff);
	cJSON_Delete(ref);
	tally.compared++;
}

static int visit(const char *path, const struct stat *st, int kind, struct FTW *ftw)
{
	size_t len, n = strlen(path);
	char *buf;

	(void)st;
	(void)ftw;
	if (kind != FTW_F)
		return 0;
	buf = h_read(path, &len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	compare_one(path, buf, len, 0);
	if (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) {
		size_t start = 0, line = 1;

		for (size_t i = 0; i <= len; i++) {
			if (i == len || buf[i] == '\n') {
				compare_one(path, buf + start, i - start, line++);
				start = i + 1;
			}
		}
	}
	free(buf);
	erg_json_arena_reset(arena);
	return 0;
}

START_TEST(same_trees_as_cjson)
{
	memset(&tally, 0, sizeof tally);
	ck_assert_int_eq(nftw(ERG_SOURCE_DIR "/tests/data", visit, 16, FTW_PHYS), 0);
	/* Not vacuous: the fixtures are mostly plain JSON, which the arena
	 * parser takes itself.  The fuzz inputs are not: falling back is
	 * what many of them were kept for. */
	ck_assert_uint_gt(tally.compared, 100);
	ck_assert_uint_lt(tally.fell_back, 20);
	ck_assert_int_eq(nftw(ERG_SOURCE_DIR "/tests/fuzz/corpus", visit, 16, FTW_PHYS), 0);
	fprintf(stderr, "json: %zu trees the same as cJSON's, %zu left to cJSON, %zu refused by both\n",
		tally.compared, tally.fell_back, tally.refused);
	ck_assert_uint_gt(tally.compared, 400);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc_values = tcase_create("values");
	TCase *tc_structure = tcase_create("structure");
	TCase *tc_fallback = tcase_create("fallback");
	TCase *tc_arena = tcase_create("arena");
	TCase *tc_differential = tcase_create("differential");

	tcase_add_checked_fixture(tc_values, setup, teardown);
	tcase_add_test(tc_values, literals);
	tcase_add_test(tc_values, numbers);
	tcase_add_test(tc_values, random_numbers);
	tcase_add_test(tc_values, escapes);
	tcase_add_test(tc_values, unicode_escapes);
	tcase_add_test(tc_values, raw_bytes_in_strings);
	suite_add_tcase(s, tc_values);
	tcase_add_checked_fixture(tc_structure, setup, teardown);
	tcase_add_test(tc_structure, objects_keep_order_and_duplicates);
	tcase_add_test(tc_structure, known_keys_are_given_as_pointers);
	tcase_add_test(tc_structure, arrays_and_empties);
	tcase_add_test(tc_structure, white_space_around);
	tcase_add_test(tc_structure, depth);
	suite_add_tcase(s, tc_structure);
	tcase_add_checked_fixture(tc_fallback, setup, teardown);
	tcase_add_test(tc_fallback, syntax_errors_fall_back);
	tcase_add_test(tc_fallback, rare_constructs_fall_back);
	suite_add_tcase(s, tc_fallback);
	tcase_add_checked_fixture(tc_arena, setup, teardown);
	tcase_set_timeout(tc_arena, 60);
	tcase_add_test(tc_arena, arena_chunks_and_reset);
	suite_add_tcase(s, tc_arena);
	tcase_add_checked_fixture(tc_differential, setup_keys, teardown);
	tcase_set_timeout(tc_differential, 120);
	tcase_add_test(tc_differential, same_trees_as_cjson);
	suite_add_tcase(s, tc_differential);
	return s;
}

int main(void)
{
	return h_main(suite());
}
