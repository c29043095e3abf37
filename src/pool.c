/*
 * pool.c - interned strings.
 *
 * Every id, name, type, date and document id of a corpus is kept once and
 * named by a small number: the graph's records hold numbers, equal strings
 * compare as equal numbers, and freeing a graph frees a few large chunks
 * instead of one allocation per string.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define POOL_CHUNK ((size_t)64 << 10)

uint32_t erg_hash32(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}


/* Where s is, or the empty slot where it would go. */
static size_t slot_of(const erg_pool *p, const char *s, size_t len, uint32_t h)
{
	size_t mask = p->nslots - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t k = p->slots[i];

		if (!k || (p->hash[k] == h && strncmp(p->str[k], s, len) == 0 && !p->str[k][len]))
			return i;
	}
}

uint32_t erg_pool_find(const erg_pool *p, const char *s, size_t len)
{
	return p->nslots ? p->slots[slot_of(p, s, len, erg_hash32(s, len))] : 0;
}

static int grow_slots(erg_pool *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	uint32_t *slots = erg_calloc(n, sizeof *slots);

	if (!slots)
		return ERG_ESYS;
	free(p->slots);
	p->slots = slots;
	p->nslots = n;
	for (uint32_t k = 1; k < p->n; k++) {
		size_t i = p->hash[k] & (n - 1);

		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = k;
	}
	return 0;
}

/* Room for len bytes in the current chunk, or a new chunk. */
static char *chunk_alloc(erg_pool *p, size_t len)
{
	char *c, **v;

	if (p->used + len > p->size) {
		size_t size = len > POOL_CHUNK / 4 ? len : POOL_CHUNK;

		if (!(v = erg_reallocarray(p->chunks, p->nchunks + 1, sizeof *v)))
			return NULL;
		p->chunks = v;
		if (!(c = malloc(size))) {
			erg_nomem();
			return NULL;
		}
		p->chunks[p->nchunks++] = c;
		if (size != POOL_CHUNK)
			return c; /* a large string has a chunk of its own */
		p->chunk = c;
		p->used = 0;
		p->size = size;
	}
	c = p->chunk + p->used;
	p->used += len;
	return c;
}

uint32_t erg_pool_add(erg_pool *p, const char *s, size_t len)
{
	uint32_t h = erg_hash32(s, len);
	size_t i;
	char *copy;

	if ((p->n + 1) * 2 > p->nslots && grow_slots(p) < 0)
		return 0;
	i = slot_of(p, s, len, h);
	if (p->slots[i])
		return p->slots[i];
	if (p->n + 1 >= p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 1024;
		char **str = erg_reallocarray(p->str, cap, sizeof *str);
		uint32_t *hash;

		if (!str)
			return 0;
		p->str = str;
		if (!(hash = erg_reallocarray(p->hash, cap, sizeof *hash)))
			return 0;
		p->hash = hash;
		p->cap = cap;
	}
	if (p->n == 0)
		p->n = 1; /* 0 names no string */
	if (!(copy = chunk_alloc(p, len + 1)))
		return 0;
	memcpy(copy, s, len);
	copy[len] = '\0';
	p->str[p->n] = copy;
	p->hash[p->n] = h;
	p->slots[i] = p->n;
	return p->n++;
}

uint32_t erg_pool_addz(erg_pool *p, const char *s)
{
	return s ? erg_pool_add(p, s, strlen(s)) : 0;
}

const char *erg_pool_intern(erg_pool *p, const char *s)
{
	uint32_t k;

	if (!s)
		return NULL;
	if (!(k = erg_pool_add(p, s, strlen(s))))
		return NULL;
	return p->str[k];
}

void erg_pool_free(erg_pool *p)
{
	for (size_t i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p->str);
	free(p->hash);
	free(p->slots);
	memset(p, 0, sizeof *p);
}
