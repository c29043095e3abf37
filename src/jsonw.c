/*
 * jsonw.c - JSON written as it is made, in cJSON's layout.
 *
 * Outputs as large as the corpus (graph JSON, the diff JSON) are written
 * straight to their file instead of being built as a cJSON tree and
 * printed: the tree took more memory than the graph and most of the time
 * of a build.  The bytes are the ones cJSON_Print and
 * cJSON_PrintUnformatted give (docs/output-formats.md: cJSON's layout).
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JW_BUFFER ((size_t)64 << 10)

void erg_jw_init(erg_jw *w, FILE *f, erg_buf *out, bool pretty)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->out = out;
	w->pretty = pretty;
}

static void jw_flush(erg_jw *w)
{
	if (w->rc < 0 || !w->len)
		return;
	if (w->f) {
		if (fwrite(w->buf, 1, w->len, w->f) != w->len)
			w->rc = erg_fail(ERG_ESYS, "cannot write: %s", strerror(errno ? errno : EIO));
	} else if (erg_buf_put(w->out, w->buf, w->len) < 0) {
		w->rc = ERG_ESYS;
	}
	w->len = 0;
}

static void put_slow(erg_jw *w, const char *s, size_t n)
{
	if (w->rc < 0)
		return;
	if (!w->buf && !(w->buf = malloc(JW_BUFFER))) {
		w->rc = erg_nomem();
		return;
	}
	while (n) {
		size_t room = JW_BUFFER - w->len, k = n < room ? n : room;

		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
		if (w->len == JW_BUFFER)
			jw_flush(w);
	}
}

/* Most pieces are a few bytes and fit: one copy, no loop. */
static inline void put(erg_jw *w, const char *s, size_t n)
{
	if (w->buf && n <= JW_BUFFER - w->len && w->rc == 0) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		if (w->len == JW_BUFFER)
			jw_flush(w);
		return;
	}
	put_slow(w, s, n);
}

static void tabs(erg_jw *w, int n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	for (; n > 0; n -= 16)
		put(w, t, n < 16 ? (size_t)n : 16);
}

/* What comes before a value: a separator inside an array. */
static void before_value(erg_jw *w)
{
	if (w->depth && w->is_array[w->depth - 1] && w->count[w->depth - 1]++)
		put(w, w->pretty ? ", " : ",", w->pretty ? 2 : 1);
}

static void jw_open(erg_jw *w, bool array)
{
	before_value(w);
	put(w, array ? "[" : (w->pretty ? "{\n" : "{"), array || !w->pretty ? 1 : 2);
	if (w->depth == ERG_JW_DEPTH) {
		w->rc = erg_fail(ERG_ESYS, "JSON nested too deep to write");
		return;
	}
	w->is_array[w->depth] = array;
	w->count[w->depth++] = 0;
}

void erg_jw_object(erg_jw *w)
{
	jw_open(w, false);
}

void erg_jw_array(erg_jw *w)
{
	jw_open(w, true);
}

void erg_jw_end(erg_jw *w)
{
	bool array;

	if (!w->depth)
		return;
	array = w->is_array[--w->depth];
	if (array) {
		put(w, "]", 1);
		return;
	}
	if (w->pretty) {
		if (w->count[w->depth])
			put(w, "\n", 1);
		tabs(w, w->depth);
	}
	put(w, "}", 1);
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Does the word hold a byte below 0x20 (NUL included), a quote or a backslash? */
static bool needs_care(uint64_t v)
{
	uint64_t q = v ^ (ONES * '"'), b = v ^ (ONES * '\\');

	return (((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
}

/* How many bytes from p need no escape (at most n); eight at a time. */
static inline size_t plain_run(const unsigned char *p, size_t n)
{
	size_t i = 0;
	uint64_t v;

	while (n - i >= 8 && (memcpy(&v, p + i, 8), !needs_care(v)))
		i += 8;
	while (i < n && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
		i++;
	return i;
}

/* A string with cJSON's escapes: the named ones, \u00XX for other controls. */
static void string(erg_jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k = plain_run(p, n);

	/* Most strings need no escape and fit: quoted in one copy. */
	if (k == n && w->buf && n + 2 <= JW_BUFFER - w->len && w->rc == 0) {
		char *o = w->buf + w->len;

		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		w->len += n + 2;
		if (w->len == JW_BUFFER)
			jw_flush(w);
		return;
	}
	put(w, "\"", 1);
	for (;;) {
		char esc[8];

		put(w, (const char *)p, k);
		p += k;
		n -= k;
		if (!n)
			break;
		switch (*p) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			put(w, esc, 6);
		}
		p++;
		n--;
		k = plain_run(p, n);
	}
	put(w, "\"", 1);
}

void erg_jw_key(erg_jw *w, const char *key)
{
	if (!w->depth)
		return;
	if (w->count[w->depth - 1]++)
		put(w, w->pretty ? ",\n" : ",", w->pretty ? 2 : 1);
	if (w->pretty)
		tabs(w, w->depth);
	string(w, key);
	put(w, w->pretty ? ":\t" : ":", w->pretty ? 2 : 1);
}

void erg_jw_string(erg_jw *w, const char *s)
{
	before_value(w);
	if (s)
		string(w, s);
	else
		put(w, "null", 4);
}

void erg_jw_int(erg_jw *w, long long v)
{
	char num[32];

	before_value(w);
	/* cJSON keeps numbers as int when they fit, else prints the double. */
	if (v > INT32_MAX || v < INT32_MIN) {
		double d = (double)v, back = 0;

		snprintf(num, sizeof num, "%1.15g", d);
		if (sscanf(num, "%lg", &back) != 1 || back != d)
			snprintf(num, sizeof num, "%1.17g", d);
	} else {
		snprintf(num, sizeof num, "%lld", v);
	}
	put(w, num, strlen(num));
}

void erg_jw_bool(erg_jw *w, bool v)
{
	before_value(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void erg_jw_raw(erg_jw *w, const char *s)
{
	put(w, s, strlen(s));
}

void erg_jw_strings(erg_jw *w, const char *const *v, size_t n)
{
	erg_jw_array(w);
	for (size_t i = 0; i < n; i++)
		erg_jw_string(w, v[i]);
	erg_jw_end(w);
}

int erg_jw_finish(erg_jw *w)
{
	jw_flush(w);
	free(w->buf);
	w->buf = NULL;
	return w->rc;
}

int erg_jw_done(erg_jw *w, int rc)
{
	erg_jw_raw(w, "\n");
	if (erg_jw_finish(w) < 0 && rc == 0)
		rc = w->rc;
	return rc;
}
