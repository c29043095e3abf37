/*
 * checker.c - a JSON Lines file read in two threads: a checking thread
 * parses and checks the documents, the caller's thread merges them, line
 * by line in order.
 *
 * Checking reads only the line, the vocabulary and the options, and takes
 * from the tree all that merging needs (erg_native_check), so it can run
 * ahead.  Its messages wait with the document and are given out by the
 * caller's thread just before that document is merged: the messages, the
 * order they come in and the graph are exactly what one thread gives, and
 * the callbacks (diag, progress) are only called from the caller's thread.
 *
 * Lines go across in batches, each with its own arena that is kept and
 * reused: a batch's trees are made by one core and read once by the other,
 * and fresh memory for every batch would cost a page fault a page.
 */
#include "internal.h"
#include "diag.h"
#include "input.h"
#include "json.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 16 /* lines a batch */
#define SLOTS 4  /* batches under way */

typedef enum {
	LINE_CHECKED,  /* checked: merge it (erg_native_merge skips what is invalid) */
	LINE_REPORTED, /* did not parse; its messages say why */
	LINE_FOREIGN,  /* not a native document: the caller goes on from here */
	LINE_STOP,     /* out of memory: the message is the error */
} line_kind;

typedef struct {
	line_kind kind;
	int lineno;
	size_t start;        /* where the line starts in the buffer */
	size_t msgs_end;     /* its messages end here in the batch's msgs */
	cJSON *cjson;        /* a tree cJSON parsed (rare constructs), or NULL */
	erg_checked *checked;
} line;

typedef struct {
	erg_json_arena *arena;
	line lines[BATCH];
	int n;
	erg_buf msgs;        /* the lines' messages, deferred (erg_diag_replay) */
	bool last;           /* the checking thread stopped after this batch */
} batch;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long filled;   /* batches the checking thread has filled */
	unsigned long merged;   /* ... and the caller has merged */
	bool quit;              /* the caller stopped: so must the checking thread */
	batch slots[SLOTS];
	/* what the checking thread reads */
	erg_load_ctx wctx;      /* the caller's context, messages deferred */
	const erg_graph *g;
	const char *buf;
	size_t len, start;
	int lineno;
	erg_buf where;
} checker;

bool erg_checker_wanted(const erg_load_ctx *ctx)
{
	const erg_load_options *o = ctx->opts;
	int threads = o->version >= 3 ? o->threads : 0;

	if (threads == 1 || (o->format != ERG_FORMAT_AUTO && o->format != ERG_FORMAT_NATIVE))
		return false;
	return threads > 1 || sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

/* Let go of what a batch's lines hold from their last use. */
static void batch_clear(batch *b)
{
	for (int i = 0; i < b->n; i++) {
		cJSON_Delete(b->lines[i].cjson);
		b->lines[i].cjson = NULL;
		if (b->lines[i].checked)
			erg_checked_clear(b->lines[i].checked);
	}
	b->n = 0;
	b->msgs.len = 0;
	b->last = false;
	if (b->arena)
		erg_json_arena_reset(b->arena);
}

/* Stop the batch at this line: out of memory, with the message to give. */
static void stop_at(batch *b, line *l)
{
	l->kind = LINE_STOP;
	b->msgs.len = l == b->lines ? 0 : l[-1].msgs_end;
	erg_buf_puts(&b->msgs, erg_error_last());
	erg_buf_put(&b->msgs, "", 1);
	b->last = true;
}

/* Parse and check the next lines into b (in the checking thread). */
static void fill(checker *k, batch *b)
{
	size_t ls, le;

	batch_clear(b);
	k->wctx.arena = b->arena;
	k->wctx.deferred = &b->msgs;
	while (b->n < BATCH && k->start < k->len) {
		line *l = &b->lines[b->n];
		size_t at = k->start;
		cJSON *root;
		int rc;

		k->lineno++;
		if (!erg_next_line(k->buf, k->len, &k->start, &ls, &le))
			continue;
		b->n++;
		*l = (line){LINE_CHECKED, k->lineno, at, 0, NULL, l->checked};
		if (!l->checked && !(l->checked = erg_checked_new())) {
			stop_at(b, l);
			return;
		}
		rc = erg_load_parse(&k->wctx, k->buf + ls, le - ls, k->lineno - 1, &root);
		l->cjson = k->wctx.cjson_tree;
		if (rc == ERG_EINVALID) {
			l->kind = LINE_REPORTED;
		} else if (rc == 0 && !erg_load_is_native(&k->wctx, root)) {
			/* Another format: its messages are the caller's to make. */
			l->kind = LINE_FOREIGN;
			b->msgs.len = l == b->lines ? 0 : l[-1].msgs_end;
			b->last = true;
			return;
		} else if (rc < 0 || erg_line_where(&k->where, k->wctx.path, k->lineno) < 0 ||
			   erg_native_check(l->checked, &k->wctx, k->g, root, k->where.ptr,
					    k->wctx.basedir) < 0) {
			stop_at(b, l);
			return;
		}
		l->msgs_end = b->msgs.len;
	}
	b->last = k->start >= k->len;
}

static void *check_lines(void *arg)
{
	checker *k = arg;

	for (unsigned long n = 0;; n++) {
		batch *b = &k->slots[n % SLOTS];

		bool quit;

		pthread_mutex_lock(&k->mu);
		while (n - k->merged >= SLOTS && !k->quit)
			pthread_cond_wait(&k->cv, &k->mu);
		quit = k->quit;
		pthread_mutex_unlock(&k->mu);
		if (quit)
			break;
		fill(k, b);
		pthread_mutex_lock(&k->mu);
		k->filled = n + 1;
		pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
		if (b->last)
			break;
	}
	return NULL;
}

/*
 * Give out a filled batch's messages and merge its documents, in order.
 * 0 to go on; 1 when the file is done or a foreign line is next (*start
 * and *lineno then say where); ERG_ESYS to stop.
 */
static int merge_batch(checker *k, batch *b, erg_graph *g, erg_load_ctx *ctx, size_t *start,
		       int *lineno)
{
	size_t from = 0;

	if (b->msgs.failed)
		return erg_nomem(); /* a message could not be kept */
	for (int i = 0; i < b->n; i++) {
		line *l = &b->lines[i];
		int rc;

		switch (l->kind) {
		case LINE_STOP:
			return erg_fail(ERG_ESYS, "%s", b->msgs.ptr + from);
		case LINE_FOREIGN:
			*start = l->start;
			*lineno = l->lineno - 1;
			return 1;
		case LINE_REPORTED:
			erg_diag_replay(ctx, &b->msgs, from, l->msgs_end);
			break;
		case LINE_CHECKED:
			erg_diag_replay(ctx, &b->msgs, from, l->msgs_end);
			if ((rc = erg_native_merge(l->checked, g, ctx)) == ERG_ESYS)
				return rc;
			if (rc == 0 && ctx->opts->progress)
				ctx->opts->progress(ctx->opts->diag_ctx, erg_graph_document_count(g));
			break;
		}
		from = l->msgs_end;
	}
	if (b->last) {
		*start = k->len;
		*lineno = k->lineno;
		return 1;
	}
	return 0;
}

static void checker_free(checker *k)
{
	for (int s = 0; s < SLOTS; s++) {
		batch *b = &k->slots[s];

		batch_clear(b);
		for (int i = 0; i < BATCH; i++)
			erg_checked_free(b->lines[i].checked);
		erg_json_arena_free(b->arena);
		erg_buf_free(&b->msgs);
	}
	erg_buf_free(&k->where);
	free(k);
}

int erg_checker_run(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len, size_t *start,
		    int *lineno)
{
	checker *k = calloc(1, sizeof *k);
	pthread_t thread;
	sigset_t oldmask;
	bool created;
	int rc = 0;

	if (!k)
		return erg_nomem();
	k->wctx = *ctx;
	k->g = g;
	k->buf = buf;
	k->len = len;
	k->start = *start;
	k->lineno = *lineno;
	for (int s = 0; s < SLOTS && rc == 0; s++)
		if (!(k->slots[s].arena = erg_load_arena_new()))
			rc = erg_nomem();
	if (rc < 0) {
		checker_free(k);
		return rc;
	}
	pthread_mutex_init(&k->mu, NULL);
	pthread_cond_init(&k->cv, NULL);
	/* The thread starts with SIGINT and SIGTERM blocked: their handler runs
	 * in the main thread, which keeps output.c's list whole for it. */
	erg_signals_block(&oldmask);
	created = pthread_create(&thread, NULL, check_lines, k) == 0;
	pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
	if (!created) {
		/* No second thread: the caller reads the file itself. */
		pthread_cond_destroy(&k->cv);
		pthread_mutex_destroy(&k->mu);
		checker_free(k);
		return ERG_EUSAGE;
	}
	for (unsigned long n = 0; rc == 0; n++) {
		batch *b = &k->slots[n % SLOTS];

		pthread_mutex_lock(&k->mu);
		while (k->filled <= n)
			pthread_cond_wait(&k->cv, &k->mu);
		pthread_mutex_unlock(&k->mu);
		rc = merge_batch(k, b, g, ctx, start, lineno);
		pthread_mutex_lock(&k->mu);
		k->merged = n + 1;
		k->quit |= rc != 0;
		pthread_cond_broadcast(&k->cv);
		pthread_mutex_unlock(&k->mu);
	}
	pthread_join(thread, NULL);
	pthread_cond_destroy(&k->cv);
	pthread_mutex_destroy(&k->mu);
	checker_free(k);
	return rc < 0 ? rc : 0;
}
