/*
 * finish.c - finishing a graph once every input is read: entities
 * attached (resolve.c), documents ranked, each node's records counted
 * into its canonical id, name, aliases and type, edges re-keyed onto
 * representatives and merged, ids made distinct, everything sorted.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static _Thread_local const erg_corpus *rank_corpus; /* for cmp_docnum: qsort has no context */

static int cmp_docnum(const void *a, const void *b)
{
	const erg_corpus *c = rank_corpus;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(erg_doc_id(c, x), erg_doc_id(c, y));
}

/* Rank every document by id: lists of documents come out in that order. */
static int rank_documents(erg_corpus *c)
{
	uint32_t *rank, *byrank;

	if (c->ranked == c->ndocs)
		return 0;
	rank = erg_reallocarray(c->rank, c->ndocs + 1, sizeof *rank);
	if (rank)
		c->rank = rank;
	byrank = erg_reallocarray(c->byrank, c->ndocs + 1, sizeof *byrank);
	if (byrank)
		c->byrank = byrank;
	if (!rank || !byrank)
		return ERG_ESYS;
	for (uint32_t i = 0; i < c->ndocs; i++)
		byrank[i] = i;
	rank_corpus = c;
	erg_sort(byrank, c->ndocs, sizeof *byrank, cmp_docnum);
	for (uint32_t i = 0; i < c->ndocs; i++)
		rank[byrank[i]] = i;
	c->ranked = c->ndocs;
	return 0;
}

static int cmp_keycount(const void *a, const void *b)
{
	return strcmp(((const erg_keycount *)a)->key, ((const erg_keycount *)b)->key);
}

/* A key a node was given, while its records are counted. */
typedef struct {
	uint32_t key;    /* pool number, names with the top bit; 0: a free slot */
	uint32_t last;   /* the last document that gave it */
	uint32_t docs;   /* documents that gave it */
} key_tally;

typedef struct {
	key_tally *slots;   /* open addressing on the key */
	uint32_t nslots, nkeys;
	uint32_t docs, last_doc, last;
	bool in_order, nomem;
} node_tally;

/* The slot of key among n (a power of two), or the free one where it goes. */
static key_tally *tally_probe(key_tally *slots, uint32_t n, uint32_t key)
{
	uint32_t i = (key * 2654435761u) & (n - 1);

	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & (n - 1);
	return &slots[i];
}

static key_tally *tally_slot(node_tally *t, uint32_t key)
{
	key_tally *k;

	if (2 * (t->nkeys + 1) > t->nslots) {
		uint32_t n = t->nslots ? 2 * t->nslots : 16;
		key_tally *v = erg_calloc(n, sizeof *v);

		if (!v) {
			t->nomem = true;
			return NULL;
		}
		for (uint32_t i = 0; i < t->nslots; i++)
			if (t->slots[i].key)
				*tally_probe(v, n, t->slots[i].key) = t->slots[i];
		free(t->slots);
		t->slots = v;
		t->nslots = n;
	}
	k = tally_probe(t->slots, t->nslots, key);
	if (!k->key) {
		k->key = key;
		t->nkeys++;
	}
	return k;
}

static void tally_key(node_tally *t, uint32_t key, uint32_t doc)
{
	key_tally *k = tally_slot(t, key);

	if (k && doc && doc != k->last) {
		k->docs++;
		k->last = doc;
	}
}

/*
 * A document's records are appended when it merges, so a node's records
 * come in document order, and a document is new to a count when it is
 * not the last one counted: a tally per key is all that counting needs.
 * The records of a node made of merged nodes go back where one node's
 * end and the next begin; then in_order is cleared and the count is
 * made again from all the (key, document) pairs.
 */
static void tally_records(void *ctx, const erg_node_record *r, size_t nrec)
{
	node_tally *t = ctx;

	for (size_t i = 0; i < nrec && t->in_order && !t->nomem; i++) {
		if (r[i].doc && r[i].doc < t->last) {
			t->in_order = false;
			break;
		}
		if (r[i].doc)
			t->last = r[i].doc;
		if ((r[i].flags & ERG_REC_DOC) && r[i].doc && r[i].doc != t->last_doc) {
			t->docs++;
			t->last_doc = r[i].doc;
		}
		if (r[i].id)
			tally_key(t, r[i].id, r[i].doc);
		if (r[i].name)
			tally_key(t, r[i].name | 0x80000000u, r[i].doc);
	}
}

/* Count from all of a node's (key, document) pairs, sorted: into t. */
static int tally_pairs(const erg_node *n, erg_buf *raw, node_tally *t, erg_prov *scratch)
{
	const erg_node_record *r;
	size_t nrec, npairs = 0, ndocs = 0;
	uint64_t *pairs;
	uint32_t *docs;
	int rc;

	if ((rc = erg_read_objects(n->corpus, n->objs, n->nobjs, raw)) < 0)
		return rc;
	r = (const erg_node_record *)(const void *)raw->ptr;
	nrec = raw->len / sizeof *r;
	/* (key << 32 | doc) pairs, ids and names apart by the top bit. */
	if (!(pairs = erg_grow(&scratch->scratch, &scratch->scratch_cap, 3 * nrec + 1, sizeof *pairs)))
		return ERG_ESYS;
	docs = (uint32_t *)(pairs + 2 * nrec);
	for (size_t i = 0; i < nrec; i++) {
		if ((r[i].flags & ERG_REC_DOC) && r[i].doc)
			docs[ndocs++] = r[i].doc;
		if (r[i].id)
			pairs[npairs++] = (uint64_t)r[i].id << 32 | r[i].doc;
		if (r[i].name)
			pairs[npairs++] = ((uint64_t)r[i].name | 0x80000000u) << 32 | r[i].doc;
	}
	t->docs = (uint32_t)erg_unique_u32(docs, ndocs);
	npairs = erg_unique_u64(pairs, npairs);
	/* Sorted: a key's pairs are one run, its documents distinct. */
	for (size_t i = 0; i < npairs && !t->nomem; i++)
		tally_key(t, (uint32_t)(pairs[i] >> 32), (uint32_t)pairs[i]);
	return t->nomem ? ERG_ESYS : 0;
}

/*
 * Count, from a node's records, its distinct documents and how many
 * documents gave each id and name.  Keys come out sorted by text.
 */
static int count_node(erg_node *n, erg_buf *raw, erg_prov *scratch)
{
	const erg_corpus *c = n->corpus;
	node_tally t = {.in_order = true};
	int rc;

	if ((rc = erg_node_records(scratch, raw, n, tally_records, &t)) < 0)
		goto done;
	if (!t.in_order) {
		for (uint32_t i = 0; i < t.nslots; i++)
			t.slots[i] = (key_tally){0, 0, 0};
		t.nkeys = 0;
		if ((rc = tally_pairs(n, raw, &t, scratch)) < 0)
			goto done;
	}
	if (t.nomem) {
		rc = ERG_ESYS;
		goto done;
	}
	n->ndocs = t.docs;
	free(n->ids);
	free(n->names);
	n->ids = n->names = NULL;
	n->nids = n->nnames = 0;
	if (!(n->ids = erg_calloc(t.nkeys + 1, sizeof *n->ids)) ||
	    !(n->names = erg_calloc(t.nkeys + 1, sizeof *n->names))) {
		rc = ERG_ESYS;
		goto done;
	}
	for (uint32_t i = 0; i < t.nslots; i++) {
		const key_tally *k = &t.slots[i];
		bool is_name = k->key & 0x80000000u;

		if (!k->key)
			continue;
		if (is_name)
			n->names[n->nnames++] = (erg_keycount){c->pool.str[k->key & 0x7fffffffu], k->docs};
		else
			n->ids[n->nids++] = (erg_keycount){c->pool.str[k->key], k->docs};
	}
	erg_sort(n->ids, n->nids, sizeof *n->ids, cmp_keycount);
	erg_sort(n->names, n->nnames, sizeof *n->names, cmp_keycount);
done:
	free(t.slots);
	return rc;
}

/* The key most documents gave; ties: the longest, then the smallest. */
static const char *most_given(const erg_keycount *v, uint32_t n)
{
	const erg_keycount *best = n ? &v[0] : NULL;

	for (uint32_t i = 1; i < n; i++)
		if (v[i].docs > best->docs || (v[i].docs == best->docs && strlen(v[i].key) > strlen(best->key)))
			best = &v[i];
	return best ? best->key : NULL;
}

/*
 * Is this name a proper name: not led by an article ("the United
 * States") and not a demonym of the countries table ("American")?
 * 1 yes, 0 no, ERG_ESYS.  *country: the country it is a form of, if any.
 */
static int proper_name(const char *name, const erg_country **country)
{
	char *key;
	bool demonym = false;
	int rc;

	*country = NULL;
	if (!(key = erg_name_key(name)))
		return ERG_ESYS;
	rc = erg_country_find(key, country, &demonym);
	free(key);
	if (rc < 0)
		return rc;
	if (strncasecmp(name, "the ", 4) == 0 || strncasecmp(name, "a ", 2) == 0 || strncasecmp(name, "an ", 3) == 0)
		return 0;
	return !(*country && demonym);
}

/*
 * The canonical name (annotation-schema.md): a country's as the
 * countries table writes it; else the proper name most documents gave
 * (ties: the longer, then the smaller); else, when every name is a
 * demonym or has an article, the name most documents gave.
 */
static int canonical_name(const erg_node *n, const char **out)
{
	const erg_keycount *best = NULL;
	bool country = strcmp(n->type, "country") == 0;

	*out = most_given(n->names, n->nnames);
	if (n->nnames < 2 && !country)
		return 0;
	for (uint32_t i = 0; i < n->nnames; i++) {
		const erg_keycount *v = &n->names[i];
		const erg_country *c;
		int rc = proper_name(v->key, &c);

		if (rc < 0)
			return rc;
		if (country && c) {
			/* Kept with the other names: a name outlives the table's reading. */
			uint32_t k = erg_pool_addz(&n->corpus->pool, c->name);

			if (!k)
				return erg_nomem();
			*out = n->corpus->pool.str[k];
			return 0;
		}
		if (rc && (!best || v->docs > best->docs ||
			   (v->docs == best->docs && strlen(v->key) > strlen(best->key))))
			best = v;
	}
	if (best)
		*out = best->key;
	return 0;
}

/*
 * Pick the canonical id and name of a representative: the id the most
 * documents gave (ties: the longer, the more descriptive, then the
 * smaller) and the canonical name.  Both depend on the set of records
 * only, not on their order.  Every other name becomes an alias.
 */
static int settle_node(erg_node *n, erg_buf *raw, erg_prov *scratch)
{
	const char *id, *name;
	int rc;

	if ((rc = count_node(n, raw, scratch)) < 0 || (rc = canonical_name(n, &name)) < 0)
		return rc;
	erg_node_settle_type(n);
	id = most_given(n->ids, n->nids);
	if (id)
		n->id = id;
	n->name = name ? name : n->id;
	for (uint32_t i = 0; i < n->nnames; i++)
		if (erg_strset_add(&n->aliases, n->names[i].key) < 0)
			return ERG_ESYS;
	erg_strset_remove(&n->aliases, n->name);
	n->settled = true;
	return 0;
}

/* Count an edge's distinct documents from its records. */
static int recount_edge(erg_edge *e, erg_buf *raw, erg_prov *scratch)
{
	uint32_t *docs;
	size_t ndocs = 0;
	int rc;

	if ((rc = erg_read_objects(e->corpus, e->objs, e->nobjs, raw)) < 0)
		return rc;
	if (!(docs = erg_grow(&scratch->scratch, &scratch->scratch_cap, raw->len / sizeof(erg_edge_record) + 1,
			  sizeof *docs)))
		return ERG_ESYS;
	for (size_t at = 0; at + sizeof(erg_edge_record) <= raw->len;) {
		erg_edge_record r;

		memcpy(&r, raw->ptr + at, sizeof r);
		at += sizeof r + r.len;
		if ((r.flags & ERG_REC_DOC) && r.doc)
			docs[ndocs++] = r.doc;
	}
	e->ndocs = (uint32_t)erg_unique_u32(docs, ndocs);
	e->recount = false;
	return 0;
}

static int cmp_node(const void *a, const void *b)
{
	return strcmp((*(erg_node *const *)a)->id, (*(erg_node *const *)b)->id);
}

static int cmp_edge(const void *a, const void *b)
{
	const erg_edge *x = *(erg_edge *const *)a, *y = *(erg_edge *const *)b;
	int c = strcmp(x->source->id, y->source->id);

	if (!c)
		c = strcmp(x->type, y->type);
	if (!c)
		c = strcmp(x->target->id, y->target->id);
	return c;
}

/* Fold `from` into `into` (same endpoints and type). */
static int edge_absorb(erg_edge *into, const erg_edge *from)
{
	if (erg_objs_append(&into->objs, &into->nobjs, from->objs, from->nobjs) < 0)
		return ERG_ESYS;
	into->recount = true;
	erg_span(&into->first_seen, &into->last_seen, from->first_seen, from->last_seen);
	return erg_attrs_union(&into->attrs, &from->attrs);
}

static int finish_edges(erg_graph *g, erg_buf *raw, erg_prov *scratch)
{
	erg_map keys = {0};
	erg_buf key = ERG_BUF_INIT;
	size_t out = 0, next = 0; /* edges kept; the first edge not looked at */
	int rc = 0;

	for (size_t i = 0; i < g->nedges; i++) {
		erg_edge *e = g->edges[i], *into;

		next = i;
		e->source = erg_node_find(e->source);
		e->target = erg_node_find(e->target);
		if (!e->directed && strcmp(e->source->id, e->target->id) > 0) {
			erg_node *tmp = e->source;

			e->source = e->target;
			e->target = tmp;
		}
		key.len = 0;
		if ((rc = erg_buf_puts(&key, e->source->id)) < 0 || (rc = erg_buf_put(&key, "\x1f", 1)) < 0 ||
		    (rc = erg_buf_puts(&key, e->type)) < 0 || (rc = erg_buf_put(&key, "\x1f", 1)) < 0 ||
		    (rc = erg_buf_puts(&key, e->target->id)) < 0)
			goto done;
		if ((into = erg_map_get(&keys, key.ptr))) {
			/* Two nodes merged after their edges were made. */
			rc = edge_absorb(into, e);
			erg_edge_free(e);
			next = i + 1;
			if (rc < 0)
				goto done;
			continue;
		}
		if ((rc = erg_map_put(&keys, key.ptr, e)) < 0)
			goto done;
		g->edges[out++] = e;
	}
	next = g->nedges;
	g->nedges = out;
	for (size_t i = 0; i < g->nedges; i++)
		if (g->edges[i]->recount && (rc = recount_edge(g->edges[i], raw, scratch)) < 0)
			goto done;
	erg_sort(g->edges, g->nedges, sizeof *g->edges, cmp_edge);
done:
	if (rc < 0 && next < g->nedges) {
		/* Keep every edge not looked at yet, for erg_graph_free. */
		memmove(g->edges + out, g->edges + next, (g->nedges - next) * sizeof *g->edges);
		g->nedges = out + (g->nedges - next);
	}
	erg_map_free(&keys);
	erg_buf_free(&key);
	return rc;
}

/* Which of two entities with one id keeps it: more documents, no kb, the smaller kb. */
static int cmp_keeper(const erg_node *a, const erg_node *b)
{
	if (a->ndocs != b->ndocs)
		return a->ndocs > b->ndocs ? -1 : 1;
	if (!a->kb || !b->kb)
		return !a->kb ? -1 : !b->kb ? 1 : 0;
	return strcmp(a->kb, b->kb);
}

/*
 * Entities that came to one id (the same id with two kb): the one
 * cmp_keeper puts first keeps it, every other is ID~KB (a backslash of
 * the kb as '/': ids have none).  The nodes are sorted by id, and are
 * again after.
 */
static int distinct_ids(erg_graph *g)
{
	erg_buf b = ERG_BUF_INIT;
	bool renamed = false;

	for (size_t i = 0; i + 1 < g->nnodes; i++) {
		size_t j = i + 1, keep = i;

		while (j < g->nnodes && strcmp(g->nodes[j]->id, g->nodes[i]->id) == 0)
			j++;
		for (size_t k = i + 1; k < j; k++)
			if (cmp_keeper(g->nodes[k], g->nodes[keep]) < 0)
				keep = k;
		for (size_t k = i; k < j; k++) {
			erg_node *n = g->nodes[k];

			if (k == keep)
				continue;
			b.len = 0;
			erg_buf_printf(&b, "%s~%s", n->id, n->kb ? n->kb : "");
			for (size_t c = 0; c < b.len && b.ptr; c++)
				if (b.ptr[c] == '\\')
					b.ptr[c] = '/';
			n->shared_id = n->id;
			if (!b.ptr || !(n->id = erg_graph_intern(g, b.ptr))) {
				erg_buf_free(&b);
				return ERG_ESYS;
			}
			n->derived_id = renamed = true;
		}
		i = j - 1;
	}
	erg_buf_free(&b);
	if (renamed)
		erg_sort(g->nodes, g->nnodes, sizeof *g->nodes, cmp_node);
	return 0;
}

int erg_graph_finish(erg_graph *g)
{
	erg_prov scratch = ERG_PROV_INIT;
	erg_buf raw = ERG_BUF_INIT;
	size_t nreps = 0;
	erg_node **dead;
	int rc;

	if (g->finished)
		return 0;
	if ((rc = erg_graph_attach(g)) < 0 || (rc = rank_documents(g->corpus)) < 0)
		return rc;
	if (!(dead = erg_calloc(g->nnodes, sizeof *dead)))
		return ERG_ESYS;
	for (size_t i = 0; i < g->nnodes; i++) {
		erg_node *n = g->nodes[i];

		if (n->parent)
			dead[g->ndead++] = n;
		else
			g->nodes[nreps++] = n;
	}
	g->dead = dead;
	g->nnodes = nreps;
	for (size_t i = 0; i < g->nnodes; i++)
		if (!g->nodes[i]->settled && (rc = settle_node(g->nodes[i], &raw, &scratch)) < 0)
			goto done;
	erg_sort(g->nodes, g->nnodes, sizeof *g->nodes, cmp_node);
	if ((rc = distinct_ids(g)) < 0)
		goto done;
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i]->index = i;
	if ((rc = finish_edges(g, &raw, &scratch)) < 0)
		goto done;
	free(g->edgeset);
	g->edgeset = NULL;
	g->nedgeset = g->capedgeset = 0;
	if ((rc = erg_store_settle(g->corpus->store)) < 0)
		goto done;
	g->finished = true;
done:
	erg_buf_free(&raw);
	erg_prov_free(&scratch);
	return rc;
}
