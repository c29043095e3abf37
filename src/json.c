/*
 * json.c - a JSON parser that builds cJSON trees in an arena.
 *
 * cJSON allocates every node and every string on its own, and that is most
 * of what a build spends reading its inputs.  Here nodes and strings are cut
 * from large chunks, and a tree is dropped by resetting its arena.
 *
 * The grammar is strict JSON (RFC 8259).  cJSON accepts a little more
 * ("01", "1.", "-.5", any byte up to 32 as white space, a byte order mark,
 * "\u" with bad hex digits): all of that, and every error, is left to
 * cJSON (ERG_JSON_FALLBACK), so that its messages stay the only ones.
 * Whatever is accepted here gives the tree cJSON 1.7.15 builds, with its
 * conventions: true has valueint 1, valueint saturates, valuedouble is what
 * strtod gives, and a first child's prev points to the last child.
 */
#include "json.h"

#include <float.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the arena ----------------------------------------------------- */

#define CHUNK_SIZE ((size_t)64 << 10)
#define NESTING_LIMIT 1000 /* cJSON's CJSON_NESTING_LIMIT */

typedef struct chunk {
	struct chunk *next;
	size_t cap;          /* bytes in data */
	max_align_t data[];  /* so that any object can start at data */
} chunk;

#define KEY_SLOTS 64 /* a power of two, well above the keys given */

struct erg_json_arena {
	chunk *head;   /* every chunk, in the order they are cut */
	chunk *cur;    /* the chunk being cut; NULL only while head is */
	size_t used;   /* bytes of cur handed out */
	/* erg_json_arena_keys(): open addressing, NULL empty */
	const char *keys[KEY_SLOTS];
	unsigned char keylen[KEY_SLOTS];
	size_t nkeys;  /* at most half the slots: a probe always meets an empty one */
};

static unsigned key_slot(const unsigned char *s, size_t n)
{
	return (unsigned)(n * 7 + s[0] * 31u + s[n - 1]) & (KEY_SLOTS - 1);
}

int erg_json_arena_keys(erg_json_arena *a, const char *const *keys)
{
	size_t n = 0;

	for (; keys[n]; n++)
		if (!*keys[n] || strlen(keys[n]) > UCHAR_MAX || a->nkeys + n == KEY_SLOTS / 2)
			return -1;
	for (; *keys; keys++) {
		size_t len = strlen(*keys);
		unsigned i = key_slot((const unsigned char *)*keys, len);

		while (a->keys[i] && strcmp(a->keys[i], *keys) != 0)
			i = (i + 1) & (KEY_SLOTS - 1);
		a->nkeys += !a->keys[i];
		a->keys[i] = *keys;
		a->keylen[i] = (unsigned char)len;
	}
	return 0;
}

/* memcmp(a, b, n) == 0, without a call for the few bytes of a name. */
static inline bool same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
	uint64_t x, y, u, v;
	uint32_t x4, y4, u4, v4;

	if (n > 16)
		return memcmp(a, b, n) == 0;
	if (n >= 8) {
		/* Two words that overlap when n < 16, as copy_bytes reads them. */
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&v, b + n - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	if (n >= 4) {
		memcpy(&x4, a, 4);
		memcpy(&y4, b, 4);
		memcpy(&u4, a + n - 4, 4);
		memcpy(&v4, b + n - 4, 4);
		return ((x4 ^ y4) | (u4 ^ v4)) == 0;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The key given to erg_json_arena_keys() that s[0..n) spells, or NULL. */
static inline const char *known_key(const erg_json_arena *a, const unsigned char *s, size_t n)
{
	if (n == 0 || n > UCHAR_MAX)
		return NULL;
	for (unsigned i = key_slot(s, n); a->keys[i]; i = (i + 1) & (KEY_SLOTS - 1))
		if (a->keylen[i] == n && same_bytes((const unsigned char *)a->keys[i], s, n))
			return a->keys[i];
	return NULL;
}

erg_json_arena *erg_json_arena_new(void)
{
	return calloc(1, sizeof(erg_json_arena));
}

void erg_json_arena_reset(erg_json_arena *a)
{
	chunk **link = &a->head;

	/* Chunks grown for one large string are not kept: a document with a
	 * 100 MB string should not hold 100 MB for the ones after it. */
	while (*link) {
		chunk *c = *link;

		if (c->cap > CHUNK_SIZE) {
			*link = c->next;
			free(c);
		} else {
			link = &c->next;
		}
	}
	a->cur = a->head;
	a->used = 0;
}

void erg_json_arena_free(erg_json_arena *a)
{
	if (!a)
		return;
	while (a->head) {
		chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	free(a);
}

/* Move to the next chunk, or a new one, with room for `size` bytes at its start. */
static void *arena_grow(erg_json_arena *a, size_t size)
{
	chunk *next = a->cur ? a->cur->next : NULL;

	if (!next || next->cap < size) {
		size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
		chunk *c;

		if (cap > SIZE_MAX - sizeof(chunk))
			return NULL;
		if (!(c = malloc(sizeof(chunk) + cap)))
			return NULL;
		c->cap = cap;
		c->next = next;
		if (a->cur)
			a->cur->next = c;
		else
			a->head = c;
		next = c;
	}
	a->cur = next;
	a->used = size;
	return next->data;
}

/* `align` is a power of two no larger than max_align_t's. */
static inline void *arena_alloc(erg_json_arena *a, size_t size, size_t align)
{
	if (a->cur) {
		size_t off = (a->used + align - 1) & ~(align - 1);

		if (off <= a->cur->cap && size <= a->cur->cap - off) {
			a->used = off + size;
			return (unsigned char *)a->cur->data + off;
		}
	}
	return arena_grow(a, size);
}

static inline cJSON *new_node(erg_json_arena *a)
{
	cJSON *n = arena_alloc(a, sizeof(cJSON), _Alignof(cJSON));

	if (n)
		memset(n, 0, sizeof *n);
	return n;
}

/* Append c to parent's children, keeping cJSON's first->prev == last. */
static inline void attach(cJSON *parent, cJSON *c)
{
	cJSON *first = parent->child;

	if (!first) {
		parent->child = c;
		c->prev = c;
	} else {
		c->prev = first->prev;
		first->prev->next = c;
		first->prev = c;
	}
}

/* ---- strings ------------------------------------------------------- */

/*
 * The first '"' or '\\' in [p, end), or end; eight bytes at a time.  A
 * byte of w ^ pattern is zero where w matches: the high bit of each such
 * byte is set in the mask below (exactly those: no carries between bytes).
 */
static inline const unsigned char *find_special(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;

	while (end - p >= 8) {
		uint64_t w, q, b, hit;

		memcpy(&w, p, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		hit = ~((((q & low7) + low7) | q) & (((b & low7) + low7) | b)) & ~low7;
		if (hit) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* The lowest bit set is the first byte; its index in
			 * the top byte of a multiplication. */
			return p + ((((hit & (0 - hit)) >> 7) * 0x0001020304050607u) >> 56);
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < end && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* memcpy, without a call for the short strings that are most keys and values. */
static inline void copy_bytes(unsigned char *d, const unsigned char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n > 16) {
		memcpy(d, s, n);
	} else if (n >= 8) {
		/* Two words that overlap when n < 16. */
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	}
}

static inline int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits, or -1 (cJSON reads bad digits as 0: left to it). */
static long hex4(const unsigned char *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int d = hex_digit(p[i]);

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * Unescape s[0..n) (no '"' in it; every '\\' starts an escape that ends
 * inside it) into out.  Returns the end of the output, or NULL for an
 * escape left to cJSON.  The output is never longer than the input.
 */
static unsigned char *unescape(unsigned char *out, const unsigned char *s, size_t n)
{
	const unsigned char *end = s + n;

	while (s < end) {
		const unsigned char *bs = memchr(s, '\\', (size_t)(end - s));
		long cp, lo;

		if (!bs) {
			memcpy(out, s, (size_t)(end - s));
			return out + (end - s);
		}
		memcpy(out, s, (size_t)(bs - s));
		out += bs - s;
		s = bs;
		switch (s[1]) {
		case '"':
		case '\\':
		case '/':
			*out++ = s[1];
			s += 2;
			continue;
		case 'b':
			*out++ = '\b';
			s += 2;
			continue;
		case 'f':
			*out++ = '\f';
			s += 2;
			continue;
		case 'n':
			*out++ = '\n';
			s += 2;
			continue;
		case 'r':
			*out++ = '\r';
			s += 2;
			continue;
		case 't':
			*out++ = '\t';
			s += 2;
			continue;
		case 'u':
			break;
		default:
			return NULL;
		}
		if (end - s < 6 || (cp = hex4(s + 2)) < 0 || (cp >= 0xdc00 && cp <= 0xdfff))
			return NULL;
		s += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			/* Only a pair makes a character: cJSON refuses anything else. */
			if (end - s < 6 || s[0] != '\\' || s[1] != 'u')
				return NULL;
			lo = hex4(s + 2);
			if (lo < 0xdc00 || lo > 0xdfff)
				return NULL;
			cp = 0x10000 + ((cp & 0x3ff) << 10 | (lo & 0x3ff));
			s += 6;
		}
		/* \u0000 would cut the C string: it is refused, at its place,
		 * after cJSON parses the text (erg_json_parse). */
		if (cp == 0)
			return NULL;
		if (cp < 0x80) {
			*out++ = (unsigned char)cp;
		} else if (cp < 0x800) {
			*out++ = (unsigned char)(0xc0 | cp >> 6);
			*out++ = (unsigned char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			*out++ = (unsigned char)(0xe0 | cp >> 12);
			*out++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			*out++ = (unsigned char)(0x80 | (cp & 0x3f));
		} else {
			*out++ = (unsigned char)(0xf0 | cp >> 18);
			*out++ = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
			*out++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			*out++ = (unsigned char)(0x80 | (cp & 0x3f));
		}
	}
	return out;
}

/*
 * The string whose opening quote is at *pp, unescaped into the arena and
 * NUL-terminated; q is the first quote or backslash after it
 * (find_special).  *pp moves past the closing quote.  NULL with *st set
 * when it is not accepted or memory ran out.  Other bytes (control
 * characters, invalid UTF-8, NUL) are copied as they are, as cJSON copies
 * them.
 */
static char *string_from(erg_json_arena *a, const unsigned char **pp, const unsigned char *q,
			 const unsigned char *end, erg_json_status *st)
{
	const unsigned char *s = *pp + 1;
	unsigned char *out, *o;
	bool escaped = false;
	size_t n;

	/* Where cJSON ends it too: at the first quote not right after an
	 * escaping backslash. */
	while (q < end && *q == '\\') {
		escaped = true;
		if (end - q < 2)
			goto fallback;
		q = find_special(q + 2, end);
	}
	if (q == end)
		goto fallback;
	n = (size_t)(q - s);
	/* n < the input's length, so n + 1 does not overflow. */
	if (!(out = arena_alloc(a, n + 1, 1))) {
		*st = ERG_JSON_OOM;
		return NULL;
	}
	if (!escaped) {
		copy_bytes(out, s, n);
		o = out + n;
	} else if (!(o = unescape(out, s, n))) {
		goto fallback;
	}
	*o = '\0';
	*pp = q + 1;
	return (char *)out;
fallback:
	*st = ERG_JSON_FALLBACK;
	return NULL;
}

static char *parse_string(erg_json_arena *a, const unsigned char **pp, const unsigned char *end,
			  erg_json_status *st)
{
	return string_from(a, pp, find_special(*pp + 1, end), end, st);
}

/*
 * An object member's name: a key given to erg_json_arena_keys() is that
 * very pointer, not a copy (most names are: the schema's few words).
 */
static char *parse_key(erg_json_arena *a, const unsigned char **pp, const unsigned char *end,
		       erg_json_status *st)
{
	const unsigned char *s = *pp + 1, *q = find_special(s, end);
	const char *key;
	char *copy;

	if (q < end && *q == '"') {
		if ((key = known_key(a, s, (size_t)(q - s)))) {
			*pp = q + 1;
			return (char *)key; /* never written to: the arena's trees are read only */
		}
		return string_from(a, pp, q, end, st); /* not one of them: copied */
	}
	/* Escaped: unescaped, then looked up. */
	if (!(copy = string_from(a, pp, q, end, st)))
		return NULL;
	key = known_key(a, (const unsigned char *)copy, strlen(copy));
	return key ? (char *)key : copy;
}

/* ---- numbers ------------------------------------------------------- */

/* Powers of ten that a double holds exactly. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* cJSON copies at most 63 characters of a number before strtod. */
#define NUMBER_MAX 63

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * m * 10^e10 without strtod when m and the power of ten are both exact
 * doubles: then one multiplication or division rounds once, to the
 * correctly rounded value, which is what glibc's strtod returns too.
 */
static inline bool number_exact(uint64_t m, int e10, bool neg, double *d)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
	double v;

	if (m > UINT64_C(1) << 53 || e10 < -22 || e10 > 22)
		return false;
	v = (double)m;
	v = e10 < 0 ? v / exact_pow10[-e10] : v * exact_pow10[e10];
	*d = neg ? -v : v;
	return true;
#else
	(void)m, (void)e10, (void)neg, (void)d;
	return false; /* intermediate results in extra precision round twice */
#endif
}

/* strtod of the number's characters, as cJSON calls it. */
static bool number_strtod(const unsigned char *s, size_t n, double *d)
{
	char tmp[NUMBER_MAX + 1], *after;
	char point = localeconv()->decimal_point[0];

	memcpy(tmp, s, n);
	tmp[n] = '\0';
	/* cJSON reads with the locale's decimal point: do the same. */
	for (size_t i = 0; i < n; i++)
		if (tmp[i] == '.')
			tmp[i] = point;
	*d = strtod(tmp, &after);
	return after == tmp + n;
}

/*
 * The number at *pp (which starts with '-' or a digit) into n; *pp moves
 * past it.  False for what strict JSON does not allow or is too long.
 */
static bool parse_number(cJSON *n, const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp, *start = p;
	uint64_t m = 0;      /* the digits, while they fit */
	bool exact = true;   /* m holds every digit */
	int e10 = 0;         /* the value is m * 10^e10 */
	double d;

	if (*p == '-')
		p++;
	if (p == end)
		return false;
	if (*p == '0') {
		p++;
	} else if (is_digit(*p)) {
		for (; p < end && is_digit(*p); p++) {
			if (m < UINT64_C(1) << 59)
				m = m * 10 + (unsigned)(*p - '0');
			else
				exact = false;
		}
	} else {
		return false;
	}
	if (p < end && *p == '.') {
		if (++p == end || !is_digit(*p))
			return false;
		for (; p < end && is_digit(*p); p++) {
			if (m < UINT64_C(1) << 59) {
				m = m * 10 + (unsigned)(*p - '0');
				e10--;
			} else {
				exact = false;
			}
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		bool eneg = false;
		int x = 0;

		if (++p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || !is_digit(*p))
			return false;
		for (; p < end && is_digit(*p); p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		e10 += eneg ? -x : x;
	}
	if (p - start > NUMBER_MAX)
		return false;
	if (!(exact && number_exact(m, e10, *start == '-', &d)) &&
	    !number_strtod(start, (size_t)(p - start), &d))
		return false;
	n->type = cJSON_Number;
	n->valuedouble = d;
	/* cJSON's saturating conversion. */
	if (d >= INT_MAX)
		n->valueint = INT_MAX;
	else if (d <= (double)INT_MIN)
		n->valueint = INT_MIN;
	else
		n->valueint = (int)d;
	*pp = p;
	return true;
}

/* ---- the parser ------------------------------------------------------ */

/* JSON's white space: one test a byte (most bytes are not). */
static const bool space[256] = {[' '] = true, ['\n'] = true, ['\r'] = true, ['\t'] = true};

static inline const unsigned char *skip_space(const unsigned char *p, const unsigned char *end)
{
	while (p < end && space[*p])
		p++;
	return p;
}

static inline bool literal(const unsigned char **pp, const unsigned char *end, const char *word,
			   size_t n)
{
	if ((size_t)(end - *pp) < n || memcmp(*pp, word, n) != 0)
		return false;
	*pp += n;
	return true;
}

/*
 * Iterative, with the open arrays and objects on a stack: the nodes are
 * linked to their parents as they are made, so the stack holds nothing but
 * the parents.
 */
erg_json_status erg_json_parse_fast(erg_json_arena *a, const char *buf, size_t len, int max_depth,
				    cJSON **root, size_t *where)
{
	const unsigned char *start = (const unsigned char *)buf, *p = start, *end = start + len;
	int limit = max_depth < 0 ? 0 : max_depth > NESTING_LIMIT ? NESTING_LIMIT : max_depth;
	cJSON *stack[NESTING_LIMIT + 1], *node, *top, *first;
	chunk *saved_cur = a->cur;
	size_t saved_used = a->used;
	erg_json_status st = ERG_JSON_FALLBACK;
	int depth = 0;
	char *s;

	*root = NULL;
	if (!(first = node = new_node(a)))
		goto nomem;
value:
	/* node is made and linked; fill it with the value at p. */
	p = skip_space(p, end);
	if (p == end)
		goto fail;
	switch (*p) {
	case '{':
	case '[':
		if (depth == limit) {
			if (limit != max_depth)
				goto fail; /* deeper than cJSON goes: its error */
			*where = (size_t)(p - start);
			st = ERG_JSON_TOO_DEEP;
			goto fail;
		}
		node->type = *p == '{' ? cJSON_Object : cJSON_Array;
		stack[depth++] = node;
		p = skip_space(p + 1, end);
		if (p < end && *p == (node->type == cJSON_Object ? '}' : ']')) {
			p++;
			depth--;
			goto next;
		}
		top = node;
		goto member;
	case '"':
		if (!(s = parse_string(a, &p, end, &st)))
			goto fail;
		node->type = cJSON_String;
		node->valuestring = s;
		break;
	case 't':
		if (!literal(&p, end, "true", 4))
			goto fail;
		node->type = cJSON_True;
		node->valueint = 1;
		break;
	case 'f':
		if (!literal(&p, end, "false", 5))
			goto fail;
		node->type = cJSON_False;
		break;
	case 'n':
		if (!literal(&p, end, "null", 4))
			goto fail;
		node->type = cJSON_NULL;
		break;
	default:
		if ((*p != '-' && !is_digit(*p)) || !parse_number(node, &p, end))
			goto fail;
		break;
	}
next:
	/* A value ended at p: what comes after it? */
	if (depth == 0)
		goto done;
	top = stack[depth - 1];
	p = skip_space(p, end);
	if (p == end)
		goto fail;
	if (*p == ',') {
		p++;
		goto member;
	}
	if (*p != (top->type == cJSON_Object ? '}' : ']'))
		goto fail;
	p++;
	depth--;
	goto next;
member:
	/* A new member of top (after its opening or a comma): an object's
	 * starts with its name. */
	if (!(node = new_node(a)))
		goto nomem;
	attach(top, node);
	if (top->type != cJSON_Object)
		goto value;
	/* node is a new member of an object: its name, then its value. */
	p = skip_space(p, end);
	if (p == end || *p != '"')
		goto fail;
	if (!(node->string = parse_key(a, &p, end, &st)))
		goto fail;
	p = skip_space(p, end);
	if (p == end || *p != ':')
		goto fail;
	p++;
	goto value;
done:
	if (skip_space(p, end) != end)
		goto fail;
	*root = first;
	return ERG_JSON_OK;
nomem:
	st = ERG_JSON_OOM;
fail:
	/* Hand back what this parse took (chunks it added stay for reuse). */
	a->cur = saved_cur;
	a->used = saved_used;
	if (!a->cur)
		a->cur = a->head;
	return st;
}
