/*
 * store.c - the provenance store: what the documents said, by object.
 *
 * Every node and edge has an object here, and every document that
 * supports it appends a small record to it (which document, under which
 * id and name, the evidence text).  These records are what grows with the
 * corpus, so they are not kept in memory: each object's newest records
 * wait in a small buffer, and when all buffers together pass the budget
 * (2 MiB; ERG_STORE_BUDGET=BYTES sets another, tests set a tiny one) they
 * are written to an unnamed temporary file as one block per object, each
 * block pointing back at the object's previous one.  Reading an object
 * back follows that chain.  A small corpus never touches the disk.
 *
 * The same file holds a plain log (erg_store_put / erg_store_get) for
 * records read back by offset: the documents' titles and sources.  Those
 * and the small reads of an edge's evidence texts go through a cache of
 * windows of the file; whole objects are read block by block, exactly.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STORE_BUDGET ((size_t)2 << 20)
#define LOG_BUFFER ((size_t)64 << 10)
#define NO_BLOCK UINT64_MAX

typedef struct {
	uint64_t last;      /* offset of the newest block in the log, or NO_BLOCK */
	uint64_t flushed;   /* bytes in blocks */
	uint32_t last_len;  /* bytes of the newest block's records */
	uint32_t len, cap;  /* the buffer of records not yet in a block */
	char *buf;
} store_obj;

/* What precedes a block's records in the log: the block before it. */
typedef struct {
	uint64_t prev;
	uint32_t prev_len;
	uint32_t pad;
} block_head;

/* Reads go through a few cached windows of the file: neighbouring
 * records (a document's metadata, an object's blocks) cost one read. */
#define CACHE_WINDOWS 16
#define WINDOW ((size_t)16 << 10)

typedef struct {
	uint64_t at;   /* file offset of the window, or UINT64_MAX */
	size_t len;
	char *data;
} window;

struct erg_store {
	store_obj *objs;
	uint32_t nobjs, capobjs;
	size_t buffered, budget;
	int fd;              /* the temporary file once anything is written, else -1 */
	uint64_t written;    /* bytes of the log in the file */
	char *wbuf;          /* the log's tail, not in the file yet */
	size_t wlen, wcap;
	window cache[CACHE_WINDOWS];
};

int erg_store_new(erg_store **out)
{
	erg_store *s = erg_calloc(1, sizeof *s);
	const char *env = getenv("ERG_STORE_BUDGET");

	*out = s;
	if (!s)
		return ERG_ESYS;
	s->budget = env && atol(env) > 0 ? (size_t)atol(env) : STORE_BUDGET;
	s->fd = -1;
	for (int i = 0; i < CACHE_WINDOWS; i++)
		s->cache[i].at = UINT64_MAX;
	/* A tiny budget (tests) sends the log to the file early too. */
	s->wcap = s->budget < LOG_BUFFER ? (s->budget < 16 ? 16 : s->budget) : LOG_BUFFER;
	if (!(s->wbuf = malloc(s->wcap))) {
		free(s);
		*out = NULL;
		return erg_nomem();
	}
	return 0;
}

void erg_store_free(erg_store *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < s->nobjs; i++)
		free(s->objs[i].buf);
	free(s->objs);
	free(s->wbuf);
	for (int i = 0; i < CACHE_WINDOWS; i++)
		free(s->cache[i].data);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

static int store_error(const char *what)
{
	return erg_fail(ERG_ESYS, "cannot %s the temporary store: %s (TMPDIR names where it goes)", what,
			strerror(errno ? errno : EIO));
}

/* An unnamed file in $TMPDIR (or /tmp): gone when closed, whatever happens. */
static int open_file(erg_store *s)
{
	const char *dir = getenv("TMPDIR");
	erg_buf path = ERG_BUF_INIT;
	int rc;

	if ((rc = erg_buf_printf(&path, "%s/ergraph-store-XXXXXX", dir && *dir ? dir : "/tmp")) < 0)
		return rc;
	if ((s->fd = mkstemp(path.ptr)) < 0)
		rc = store_error("create");
	else
		unlink(path.ptr);
	erg_buf_free(&path);
	return rc;
}

/* Write the log's buffered tail to the file. */
static int log_flush(erg_store *s)
{
	size_t done = 0;
	int rc;

	if (!s->wlen)
		return 0;
	if (s->fd < 0 && (rc = open_file(s)) < 0)
		return rc;
	while (done < s->wlen) {
		ssize_t n = pwrite(s->fd, s->wbuf + done, s->wlen - done,
				   (off_t)(s->written + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return store_error("write");
		done += (size_t)n;
	}
	s->written += s->wlen;
	s->wlen = 0;
	return 0;
}

/* Append bytes to the log. */
static int log_append(erg_store *s, const void *data, size_t len)
{
	const char *p = data;
	int rc;

	while (len) {
		size_t n = s->wcap - s->wlen < len ? s->wcap - s->wlen : len;

		memcpy(s->wbuf + s->wlen, p, n);
		s->wlen += n;
		p += n;
		len -= n;
		if (s->wlen == s->wcap && (rc = log_flush(s)) < 0)
			return rc;
	}
	return 0;
}

static int read_file(const erg_store *s, uint64_t off, char *p, size_t len)
{
	while (len) {
		ssize_t n = pread(s->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return store_error("read");
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Read len bytes of the log at off, from the file or its buffered tail.
 * Small reads go through the cache of windows when `cached` (the store is
 * logically const while read; the cache is its own business).  Reading
 * whole objects back does not: their blocks lie all over the file, and a
 * window read for each small block read the file thirty times over.
 */
static int log_read_as(const erg_store *cs, uint64_t off, void *out, size_t len, bool cached)
{
	erg_store *s = (erg_store *)cs;
	char *p = out;
	int rc;

	while (len && off < s->written) {
		size_t want = off + len > s->written ? (size_t)(s->written - off) : len;
		uint64_t base = off - off % WINDOW;
		window *w = &s->cache[(base / WINDOW) % CACHE_WINDOWS];

		if (want >= WINDOW || !cached) {
			if ((rc = read_file(s, off, p, want)) < 0)
				return rc;
		} else {
			if (w->at != base || w->len < (size_t)(off - base) + want) {
				size_t n = s->written - base < WINDOW ? (size_t)(s->written - base) : WINDOW;

				if (!w->data && !(w->data = malloc(WINDOW)))
					return erg_nomem();
				w->at = UINT64_MAX;
				if ((rc = read_file(s, base, w->data, n)) < 0)
					return rc;
				w->at = base;
				w->len = n;
			}
			want = w->len - (size_t)(off - base) < want ? w->len - (size_t)(off - base) : want;
			memcpy(p, w->data + (off - base), want);
		}
		p += want;
		off += want;
		len -= want;
	}
	if (len)
		memcpy(p, s->wbuf + (off - s->written), len);
	return 0;
}

static int log_read(const erg_store *s, uint64_t off, void *out, size_t len)
{
	return log_read_as(s, off, out, len, true);
}

int erg_store_put(erg_store *s, const void *rec, uint32_t len, uint64_t *off)
{
	int rc;

	*off = s->written + s->wlen;
	if ((rc = log_append(s, &len, sizeof len)) < 0)
		return rc;
	return log_append(s, rec, len);
}

int erg_store_get(const erg_store *s, uint64_t off, erg_buf *out)
{
	uint32_t len;
	int rc;

	out->len = 0;
	if ((rc = log_read(s, off, &len, sizeof len)) < 0 || (rc = erg_buf_put(out, "", 0)) < 0)
		return rc;
	if (out->cap < (size_t)len + 1 && (rc = erg_buf_reserve(out, len)) < 0)
		return rc;
	if ((rc = log_read(s, off + sizeof len, out->ptr, len)) < 0)
		return rc;
	out->len = len;
	out->ptr[len] = '\0';
	return 0;
}

int erg_store_object(erg_store *s, uint32_t *out)
{
	if (s->nobjs == s->capobjs) {
		uint32_t cap = s->capobjs ? s->capobjs * 2 : 256;
		store_obj *v = erg_reallocarray(s->objs, cap, sizeof *v);

		if (!v)
			return ERG_ESYS;
		s->objs = v;
		s->capobjs = cap;
	}
	memset(&s->objs[s->nobjs], 0, sizeof s->objs[s->nobjs]);
	s->objs[s->nobjs].last = NO_BLOCK;
	*out = s->nobjs++;
	return 0;
}

/*
 * Buffers of at least `min` bytes become blocks in the log and are let
 * go.  The large ones go first: the objects of the few entities and
 * relations that most documents name then make few large blocks, and
 * the many small ones rarely make a block at all (reading an object back
 * costs one read a block).
 */
static int flush_objects(erg_store *s, size_t min)
{
	int rc;

	for (uint32_t i = 0; i < s->nobjs; i++) {
		store_obj *o = &s->objs[i];
		block_head h = {o->last, o->last_len, 0};
		uint64_t at = s->written + s->wlen;

		if (!o->len || o->len < min)
			continue;
		if ((rc = log_append(s, &h, sizeof h)) < 0 || (rc = log_append(s, o->buf, o->len)) < 0)
			return rc;
		o->last = at;
		o->last_len = o->len;
		o->flushed += o->len;
		s->buffered -= o->cap;
		free(o->buf);
		o->buf = NULL;
		o->len = o->cap = 0;
	}
	return log_flush(s);
}

/*
 * Over the budget: large buffers out, then smaller ones, halving the size,
 * until half the budget is free.  Small objects stay in memory as long as
 * they can: flushing every buffer at once made a block of a few records
 * for each of thousands of objects, each a read of its own later.
 */
static int flush_some(erg_store *s)
{
	size_t min = s->budget / 512 > 64 ? s->budget / 512 : 64;
	int rc;

	for (;;) {
		if ((rc = flush_objects(s, min)) < 0)
			return rc;
		if (s->buffered <= s->budget / 2 || min == 0)
			return 0;
		min = min > 64 ? min / 2 : 0;
	}
}

int erg_store_settle(erg_store *s)
{
	return s->fd >= 0 ? flush_objects(s, 0) : 0;
}

int erg_store_append(erg_store *s, uint32_t obj, const void *rec, size_t len)
{
	store_obj *o = &s->objs[obj];

	if (len > UINT32_MAX / 2 - o->len)
		return erg_fail(ERG_ESYS, "a record of %zu bytes is too large for the store", len);
	if (o->len + len > o->cap) {
		uint32_t cap = o->cap ? o->cap : 64;
		char *buf;

		while (cap < o->len + len)
			cap *= 2;
		if (!(buf = realloc(o->buf, cap)))
			return erg_nomem();
		s->buffered += cap - o->cap;
		o->buf = buf;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, rec, len);
	o->len += (uint32_t)len;
	return s->buffered > s->budget ? flush_some(s) : 0;
}

int erg_store_read(const erg_store *s, uint32_t obj, erg_buf *out)
{
	const store_obj *o = &s->objs[obj];
	size_t start = out->len, end;
	uint64_t at = o->last;
	uint32_t len = o->last_len;
	int rc;

	if ((rc = erg_buf_reserve(out, (size_t)o->flushed + o->len)) < 0)
		return rc;
	/* Blocks come newest first: fill from the end backwards. */
	end = start + (size_t)o->flushed;
	while (at != NO_BLOCK) {
		block_head h;

		end -= len;
		if (end >= start + sizeof h) {
			/* One read: the header lands just before the data, in room
			 * that an older block fills afterwards. */
			if ((rc = log_read_as(s, at, out->ptr + end - sizeof h, sizeof h + len, false)) < 0)
				return rc;
			memcpy(&h, out->ptr + end - sizeof h, sizeof h);
		} else if ((rc = log_read_as(s, at, &h, sizeof h, false)) < 0 ||
			   (rc = log_read_as(s, at + sizeof h, out->ptr + end, len, false)) < 0) {
			return rc;
		}
		at = h.prev;
		len = h.prev_len;
	}
	if (o->len)
		memcpy(out->ptr + start + o->flushed, o->buf, o->len);
	out->len = start + (size_t)o->flushed + o->len;
	out->ptr[out->len] = '\0';
	return 0;
}

size_t erg_store_budget(const erg_store *s)
{
	return s->budget;
}

size_t erg_store_size(const erg_store *s, uint32_t obj)
{
	return (size_t)s->objs[obj].flushed + s->objs[obj].len;
}

int erg_store_blocks_of(const erg_store *s, uint32_t obj, erg_store_blocks *b)
{
	const store_obj *o = &s->objs[obj];
	uint64_t at = o->last, end = o->flushed;
	uint32_t len = o->last_len;
	int rc;

	b->obj = obj;
	b->n = 0;
	/* The chain runs newest first: collect it, then turn it round. */
	while (at != NO_BLOCK) {
		block_head h;

		if (b->n == b->cap) {
			size_t cap = b->cap ? 2 * b->cap : 16;
			uint64_t *v = erg_reallocarray(b->at, cap, 2 * sizeof *v);

			if (!v)
				return ERG_ESYS;
			b->at = v;
			b->start = v + cap;
			/* The starts moved with the new room: copy them across. */
			memmove(b->start, v + b->cap, b->n * sizeof *v);
			b->cap = cap;
		}
		end -= len;
		b->at[b->n] = at + sizeof h;
		b->start[b->n++] = end;
		if ((rc = log_read_as(s, at, &h, sizeof h, false)) < 0)
			return rc;
		at = h.prev;
		len = h.prev_len;
	}
	for (size_t i = 0, j = b->n; i + 1 < j--; i++) {
		uint64_t t = b->at[i];

		b->at[i] = b->at[j];
		b->at[j] = t;
		t = b->start[i];
		b->start[i] = b->start[j];
		b->start[j] = t;
	}
	return 0;
}

int erg_store_read_at(const erg_store *s, const erg_store_blocks *b, uint64_t off, void *dst, size_t len)
{
	const store_obj *o = &s->objs[b->obj];
	char *p = dst;
	int rc;

	while (len && off < o->flushed) {
		/* The last block that begins at or before off. */
		size_t lo = 0, hi = b->n;
		uint64_t end;
		size_t n;

		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (b->start[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		end = lo + 1 < b->n ? b->start[lo + 1] : o->flushed;
		n = end - off < len ? (size_t)(end - off) : len;
		if ((rc = log_read(s, b->at[lo] + (off - b->start[lo]), p, n)) < 0)
			return rc;
		p += n;
		off += n;
		len -= n;
	}
	if (len)
		memcpy(p, o->buf + (off - o->flushed), len);
	return 0;
}

void erg_store_blocks_free(erg_store_blocks *b)
{
	free(b->at);
	memset(b, 0, sizeof *b);
}
