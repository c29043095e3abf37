/*
 * util.c - strings, sets, a hash map, UTF-8, dates, URLs and files.
 *
 * Small on purpose: cJSON and libc do the rest.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

/* ---- allocation ------------------------------------------------- */

char *erg_strdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		erg_nomem();
	return d;
}

int erg_minmax(char **first, char **last, const char *f, const char *l)
{
	char *copy;

	if (f && (!*first || strcmp(f, *first) < 0)) {
		if (!(copy = erg_strdup(f)))
			return ERG_ESYS;
		free(*first);
		*first = copy;
	}
	if (l && (!*last || strcmp(l, *last) > 0)) {
		if (!(copy = erg_strdup(l)))
			return ERG_ESYS;
		free(*last);
		*last = copy;
	}
	return 0;
}

void *erg_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		erg_nomem();
	return p;
}

void *erg_reallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size) {
		erg_nomem();
		return NULL;
	}
	q = realloc(p, n * size > 0 ? n * size : 1);
	if (!q)
		erg_nomem();
	return q;
}

void erg_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

int erg_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- erg_buf ---------------------------------------------------- */

/*
 * A failed allocation empties the buffer and makes it fail from then on,
 * until erg_buf_free(): a string with a piece missing is never used, and
 * callers may check once, at the end (erg_buf_detach() returns NULL).
 */
static int buf_fail(erg_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = true;
	return erg_nomem();
}

static int buf_grow(erg_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 64;
	char *p;

	if (b->failed)
		return ERG_ESYS;
	if (b->len + more + 1 <= b->cap)
		return 0;
	if (more > SIZE_MAX / 2 - b->len)
		return buf_fail(b);
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return buf_fail(b);
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int erg_buf_reserve(erg_buf *b, size_t more)
{
	return buf_grow(b, more);
}

int erg_buf_put(erg_buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n) < 0)
		return ERG_ESYS;
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int erg_buf_puts(erg_buf *b, const char *s)
{
	return erg_buf_put(b, s, strlen(s));
}

int erg_buf_vprintf(erg_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return erg_fail(ERG_ESYS, "cannot format a message");
	if (buf_grow(b, (size_t)n) < 0)
		return ERG_ESYS;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int erg_buf_printf(erg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = erg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *erg_buf_detach(erg_buf *b)
{
	char *p = b->ptr;

	if (b->failed) {
		b->failed = false;
		return NULL;
	}
	if (!p)
		p = erg_strdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void erg_buf_free(erg_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

/* ---- erg_strset: a sorted vector; inserts mostly append ------------ */

static size_t strset_pos(const erg_strset *s, const char *str, bool *found)
{
	size_t lo = 0, hi = s->n;

	*found = false;
	/* Inputs often arrive sorted: try the end first. */
	if (s->n && strcmp(s->v[s->n - 1], str) < 0)
		return s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid], str);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int erg_strset_add(erg_strset *s, const char *str)
{
	bool found;
	size_t pos = strset_pos(s, str, &found);
	char *copy;

	if (found)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		char **v = erg_reallocarray(s->v, cap, sizeof *v);

		if (!v)
			return ERG_ESYS;
		s->v = v;
		s->cap = cap;
	}
	if (!(copy = erg_strdup(str)))
		return ERG_ESYS;
	memmove(s->v + pos + 1, s->v + pos, (s->n - pos) * sizeof *s->v);
	s->v[pos] = copy;
	s->n++;
	return 1;
}

bool erg_strset_has(const erg_strset *s, const char *str)
{
	bool found;

	strset_pos(s, str, &found);
	return found;
}

int erg_strset_union(erg_strset *dst, const erg_strset *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (erg_strset_add(dst, src->v[i]) < 0)
			return ERG_ESYS;
	return 0;
}

void erg_strset_remove(erg_strset *s, const char *str)
{
	bool found;
	size_t pos = strset_pos(s, str, &found);

	if (!found)
		return;
	free(s->v[pos]);
	memmove(s->v + pos, s->v + pos + 1, (s->n - pos - 1) * sizeof *s->v);
	s->n--;
}

void erg_strset_free(erg_strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* ---- erg_map: open addressing, FNV-1a ----------------------------- */

static uint64_t hash_more(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t hash_str(const char *s)
{
	return hash_more(1469598103934665603ULL, s);
}

/* Is key the concatenation of a and b? */
static bool key_is(const char *key, const char *a, const char *b)
{
	size_t n = strlen(a);

	return strncmp(key, a, n) == 0 && strcmp(key + n, b) == 0;
}

/*
 * Each slot keeps its key's hash: a probe compares hashes, and strings
 * only when those are equal.  The table is at most half full.
 */
void *erg_map_get2(const erg_map *m, const char *a, const char *b)
{
	size_t mask = m->cap - 1, i;
	uint64_t h;

	if (!m->cap)
		return NULL;
	h = hash_more(hash_str(a), b);
	for (i = (size_t)h & mask; m->keys[i]; i = (i + 1) & mask)
		if (m->hashes[i] == h && key_is(m->keys[i], a, b))
			break;
	return m->keys[i] ? m->vals[i] : NULL;
}

static size_t map_slot(const erg_map *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
		i = (i + 1) & mask;
	return i;
}

void *erg_map_get(const erg_map *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = map_slot(m, key, hash_str(key));
	return m->keys[i] ? m->vals[i] : NULL;
}

static int map_resize(erg_map *m, size_t cap)
{
	erg_map n = {erg_calloc(cap, sizeof(char *)), erg_calloc(cap, sizeof(void *)),
		     erg_calloc(cap, sizeof(uint64_t)), m->n, cap};

	if (!n.keys || !n.vals || !n.hashes) {
		free(n.keys);
		free(n.vals);
		free(n.hashes);
		return ERG_ESYS;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = map_slot(&n, m->keys[i], m->hashes[i]);

			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
			n.hashes[j] = m->hashes[i];
		}
	}
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	*m = n;
	return 0;
}

int erg_map_put2(erg_map *m, const char *a, const char *b, void *val)
{
	char stack[256], *key = stack;
	size_t na = strlen(a), nb = strlen(b);
	int rc;

	if (na + nb + 1 > sizeof stack && !(key = malloc(na + nb + 1)))
		return erg_nomem();
	memcpy(key, a, na);
	memcpy(key + na, b, nb + 1);
	rc = erg_map_put(m, key, val);
	if (key != stack)
		free(key);
	return rc;
}

int erg_map_put(erg_map *m, const char *key, void *val)
{
	uint64_t h = hash_str(key);
	size_t i;

	if ((m->n + 1) * 2 > m->cap && map_resize(m, m->cap ? m->cap * 2 : 16) < 0)
		return ERG_ESYS;
	i = map_slot(m, key, h);
	if (!m->keys[i]) {
		if (!(m->keys[i] = erg_strdup(key)))
			return ERG_ESYS;
		m->hashes[i] = h;
		m->n++;
	}
	m->vals[i] = val;
	return 0;
}

void erg_map_free(erg_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = NULL;
	m->vals = NULL;
	m->hashes = NULL;
	m->n = m->cap = 0;
}

/* ---- UTF-8 ------------------------------------------------------- */

bool erg_ascii_only(const char *s, size_t len)
{
	uint64_t w, any = 0;
	size_t i = 0;

	if (len < 8) {
		for (; i < len; i++)
			any |= (unsigned char)s[i];
		return !(any & 0x80);
	}
	/* Eight bytes at a time, the last eight overlapping: any high bit? */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	memcpy(&w, s + len - 8, 8);
	return !((any | w) & 0x8080808080808080u);
}

bool erg_utf8_valid(const char *buf, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		unsigned char c;
		size_t n;
		uint32_t cp;

		/* Eight ASCII bytes without a NUL at a time: most text is. */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) ||
			    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i == len)
			break;
		c = s[i];
		if (c == 0)
			goto fail;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			goto fail;
		}
		if (n >= len - i)
			goto fail; /* truncated sequence */
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and code points past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += n + 1;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

char *erg_utf8_slice(const char *text, size_t start, size_t end)
{
	const char *p = text, *s = NULL;
	size_t cp = 0;

	for (;; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80) {
			if (cp == start)
				s = p;
			if (cp == end || !*p)
				break;
			cp++;
		}
	}
	if (!s || cp != end) {
		erg_fail(ERG_EINVALID, "span [%zu, %zu) is not inside the text", start, end);
		return NULL;
	}
	s = strndup(s, (size_t)(p - s));
	if (!s)
		erg_nomem();
	return (char *)s;
}

size_t erg_utf8_length(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

void erg_text_position(const char *buf, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* ---- dates, URLs, words ------------------------------------------ */

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool erg_date_valid(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t len = strlen(s);
	int y, m, d;

	if (len != 4 && len != 7 && len != 10)
		return false;
	if ((y = digits(s, 4)) < 0)
		return false;
	if (len == 4)
		return true;
	if (s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12)
		return false;
	if (len == 7)
		return true;
	if (s[7] != '-' || (d = digits(s + 8, 2)) < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

size_t erg_name_length(const char *s)
{
	const char *p = s;

	for (; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return SIZE_MAX;
	return (size_t)(p - s);
}

/* What RFC 3986 allows raw in a URL besides letters, digits and '%'. */
static bool url_byte_ok(unsigned char c)
{
	return erg_ascii_alnum(c) || (c && strchr("-._~:/?#[]@!$&'()*+,;=", c));
}

static bool hex_digit(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

char *erg_url_normal(const char *url)
{
	erg_buf b = ERG_BUF_INIT;

	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (url_byte_ok(c) || (c == '%' && hex_digit(p[1]) && hex_digit(p[2])))
			erg_buf_put(&b, p, 1);
		else
			erg_buf_printf(&b, "%%%02X", c);
	}
	return erg_buf_detach(&b); /* NULL: out of memory (erg_buf said so) */
}

bool erg_url_safe(const char *url)
{
	const char *p;

	if (!*url)
		return false;
	/* Spaces, controls and backslashes (which browsers drop or read as
	 * slashes: "/\\host" is "//host") are percent-encoded by then. */
	if (url[0] == '/' && url[1] == '/')
		return false; /* network-path reference: the scheme is the page's */
	/* Encoding keeps every ':', '/', '?' and '#' where it is, so the
	 * scheme read here is the one of the normal form. */
	for (p = url; *p && *p != '/' && *p != '?' && *p != '#'; p++) {
		if (*p == ':') {
			size_t n = (size_t)(p - url);

			return (n == 4 && strncasecmp(url, "http", 4) == 0) ||
			       (n == 5 && strncasecmp(url, "https", 5) == 0);
		}
	}
	return true; /* no scheme: relative */
}

const char *erg_id_flaw(const char *id)
{
	for (const char *p = id; *p; p++) {
		const char *q = p + 1;

		if (*p == '\\')
			return "a backslash";
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "a control character";
		if (erg_xml_nonchar(p))
			return "U+FFFE or U+FFFF, which XML does not allow";
		if (*p != '&')
			continue;
		/* Graphviz copies "&name;", "&#N;" and "&#xN;" into SVG titles
		 * and comments as they are: undefined or invalid there. */
		while (erg_ascii_alnum((unsigned char)*q) || *q == '#')
			q++;
		if (*q == ';')
			return "'&...;', which XML reads as a reference";
	}
	return NULL;
}

int erg_class_text(erg_buf *b, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int rc = 0;

	while (*p && rc == 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);

		if (n < 1) { /* not UTF-8: the byte stands for itself */
			n = 1;
			c = *p;
		}
		if (c < 0x80 && (erg_ascii_alnum((unsigned char)c) || c == '_' || c == '-'))
			rc = erg_buf_put(b, (const char *)p, 1);
		else
			rc = erg_buf_printf(b, "U%06lX", (unsigned long)c);
		p += n;
	}
	return rc;
}

/* Unicode's letters, marks (Devanagari's vowel signs) and decimal digits. */
static bool word_char(utf8proc_int32_t c, bool first)
{
	utf8proc_category_t cat = utf8proc_category(c);

	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
		return true;
	return !first && cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ND;
}

/* The NFC case fold of s (caller frees), or NULL: *bad tells invalid UTF-8 from out of memory. */
static char *fold_nfc(const char *s, bool *bad)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);

	*bad = n < 0 && n != UTF8PROC_ERROR_NOMEM;
	if (n == UTF8PROC_ERROR_NOMEM)
		erg_nomem();
	return n < 0 ? NULL : (char *)out;
}

/*
 * Outside ASCII: a letter, then letters, marks, digits, '_' and '-',
 * and the word its own NFC case fold (one spelling of each type).
 */
static bool word_valid_unicode(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	bool bad;
	char *fold;

	for (bool first = true; *p; first = false) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);

		if (n < 0 || !(word_char(c, first) || (!first && (c == '_' || c == '-'))))
			return false;
		p += n;
	}
	if (!(fold = fold_nfc(s, &bad)))
		return false;
	bad = strcmp(fold, s) != 0;
	free(fold);
	return !bad;
}

bool erg_word_valid(const char *s)
{
	const char *p = s;

	if (!(*p >= 'a' && *p <= 'z'))
		return (unsigned char)*p >= 0x80 && word_valid_unicode(s);
	for (p++; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return (unsigned char)*p >= 0x80 && word_valid_unicode(s);
	return true;
}

char *erg_word_from(const char *label)
{
	erg_buf b = ERG_BUF_INIT;
	bool bad, pending = false;
	char *fold = fold_nfc(label, &bad);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)fold;

	if (!fold)
		return bad ? erg_strdup("") : NULL;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);

		if (n < 1)
			break; /* utf8proc_map gave UTF-8, so never; no step back */
		if (c < 0x80 ? erg_ascii_alnum((unsigned char)c) : word_char(c, false)) {
			if ((pending && b.len && erg_buf_put(&b, "_", 1) < 0) ||
			    erg_buf_put(&b, (const char *)p, (size_t)n) < 0)
				goto fail;
			pending = false;
		} else {
			pending = true;
		}
		p += n;
	}
	free(fold);
	return b.ptr ? erg_buf_detach(&b) : erg_strdup("");
fail:
	free(fold);
	erg_buf_free(&b);
	return NULL;
}

/* ---- JSON ---------------------------------------------------------- */

/*
 * cJSON returns NULL alike for a syntax error and a failed allocation;
 * its allocator hooks are the one place to tell them apart, and to leave
 * "out of memory" as the last error whatever cJSON call failed.
 */
static _Thread_local bool json_nomem;

static void *json_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		json_nomem = true;
		erg_nomem();
	}
	return p;
}

__attribute__((constructor)) static void json_hooks(void)
{
	cJSON_Hooks hooks = {json_malloc, free};

	cJSON_InitHooks(&hooks);
}

size_t erg_json_nul_escape(const char *buf, size_t len)
{
	const char *end = buf + len, *p = memchr(buf, '\\', len), *q;

	/* In JSON that parsed, a backslash is only ever inside a string; in a
	 * run of them, an odd count leaves the last one escaping what follows. */
	for (; p; p = memchr(q, '\\', (size_t)(end - q))) {
		for (q = p; q < end && *q == '\\'; q++)
			;
		if ((q - p) % 2 && end - q >= 5 && memcmp(q, "u0000", 5) == 0)
			return (size_t)(q - 1 - buf);
	}
	return SIZE_MAX;
}

cJSON *erg_json_parse(const char *buf, size_t len, size_t *err)
{
	const char *end = NULL;
	cJSON *root;
	size_t off;

	json_nomem = false;
	if (!(root = cJSON_ParseWithLengthOpts(buf, len, &end, 0))) {
		*err = json_nomem ? ERG_JSON_NOMEM : end ? (size_t)(end - buf) : 0;
		if (json_nomem)
			erg_nomem();
		return NULL;
	}
	for (off = (size_t)(end - buf); off < len; off++) {
		if (buf[off] != ' ' && buf[off] != '\t' && buf[off] != '\n' && buf[off] != '\r') {
			cJSON_Delete(root);
			*err = off; /* something after the value */
			return NULL;
		}
	}
	/* cJSON ends a string at \u0000 and drops the rest of it. */
	if ((off = erg_json_nul_escape(buf, len)) != SIZE_MAX) {
		cJSON_Delete(root);
		*err = off;
		return NULL;
	}
	return root;
}

/* ---- files -------------------------------------------------------- */

bool erg_json_too_deep(const char *buf, size_t len, int max, size_t *where)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		switch (buf[i]) {
		case '"': /* skip the string: brackets in it do not count */
			for (i++; i < len && buf[i] != '"'; i++)
				i += buf[i] == '\\';
			break;
		case '{':
		case '[':
			if (++depth > max) {
				*where = i;
				return true;
			}
			break;
		case '}':
		case ']':
			depth--;
			break;
		}
	}
	return false;
}

int erg_read_file_into(const char *path, size_t max, erg_buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t n, step = 65536;
	struct stat st;
	int rc = 0;

	b->len = 0;
	if (!f)
		return erg_fail(ERG_ESYS, "%s: cannot open: %s", path, strerror(errno));
	/* Straight into the buffer: a regular file in one read of its size
	 * (and one more that finds the end), anything else 64 KiB at a time. */
	if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (uint64_t)st.st_size < max)
		step = (size_t)st.st_size + 1;
	for (;;) {
		size_t room;

		/* Room for `step` more, unless what is there can take more. */
		if ((b->cap - b->len < 2 || !b->len) && (rc = erg_buf_reserve(b, step)) < 0)
			goto done;
		room = b->cap - b->len - 1;
		n = fread(b->ptr + b->len, 1, room, f);
		if (n > max - b->len) {
			rc = erg_fail(ERG_EINVALID, "%s: larger than the limit of %zu bytes "
				      "(--limit file-size=N raises it)", path, max);
			goto done;
		}
		b->len += n;
		if (n < room)
			break; /* the end, or an error */
		step = 65536; /* a file that grew while it was read */
	}
	b->ptr[b->len] = '\0';
	if (ferror(f))
		rc = erg_fail(ERG_ESYS, "%s: cannot read: %s", path, strerror(errno));
done:
	if (f != stdin)
		fclose(f);
	return rc;
}

int erg_read_file(const char *path, size_t max, char **out, size_t *len)
{
	erg_buf b = ERG_BUF_INIT;
	int rc = erg_read_file_into(path, max, &b);

	*out = NULL;
	*len = 0;
	if (rc == 0) {
		*len = b.len;
		*out = erg_buf_detach(&b);
	}
	erg_buf_free(&b);
	return rc;
}

/* ---- name keys ---------------------------------------------------- */

/*
 * Lower-case ASCII, fold runs of space, drop dots and a leading "the ":
 * "the  U.S." and "US" are one name.  Outside ASCII it reads the name's
 * case fold (erg_name_folded).  Writes at most strlen(name) + 1
 * bytes to out; returns the key's length.
 */
size_t erg_name_key_into(const char *name, char *out)
{
	const char *p = name;
	size_t len = 0;
	bool space = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if ((p[0] | 0x20) == 't' && strncasecmp(p, "the ", 4) == 0)
		p += 4;
	for (; *p; p++) {
		char c = *p;

		if (c == '.')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = len > 0;
			continue;
		}
		if (space)
			out[len++] = ' ';
		out[len++] = erg_ascii_lower(c);
		space = false;
	}
	out[len] = '\0';
	return len;
}

/*
 * What erg_name_key_into reads: the name itself when it is ASCII (most
 * names: no copy), else its NFKC case fold in *own (caller frees), so
 * that "РОССИЯ" and "Россия", or one name in NFC and in NFD, are one.
 * Invalid UTF-8 is read as it is.  NULL: out of memory.
 */
const char *erg_name_folded(const char *name, char **own, size_t *len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;

	*own = NULL;
	*len = strlen(name);
	if (erg_ascii_only(name, *len))
		return name;
	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	if (n == UTF8PROC_ERROR_NOMEM) {
		erg_nomem();
		return NULL;
	}
	if (n < 0)
		return name;
	*len = (size_t)n;
	return *own = (char *)out;
}

char *erg_name_key(const char *name)
{
	char *own, *out;
	size_t len;
	const char *src = erg_name_folded(name, &own, &len);

	if (!src)
		return NULL;
	if ((out = malloc(len + 1)))
		erg_name_key_into(src, out);
	else
		erg_nomem();
	free(own);
	return out;
}
