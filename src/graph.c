/*
 * graph.c - the graph model: nodes, edges, documents, and finishing.
 *
 * While loading, records are merged as they come (resolve.c) and edges
 * point at whatever node was the representative then.  erg_graph_finish()
 * settles canonical ids, re-keys edges onto representatives (two merged
 * nodes may now share an edge), orders symmetric edges and sorts all.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- attributes -------------------------------------------------- */

static erg_attr *attr_slot(erg_attrs *a, const char *key)
{
	size_t lo = 0, hi = a->n;
	erg_attr *v;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->v[mid].key, key);

		if (c == 0)
			return &a->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 4;

		if (!(v = erg_reallocarray(a->v, cap, sizeof *v)))
			return NULL;
		a->v = v;
		a->cap = cap;
	}
	memmove(a->v + lo + 1, a->v + lo, (a->n - lo) * sizeof *a->v);
	memset(&a->v[lo], 0, sizeof a->v[lo]);
	if (!(a->v[lo].key = erg_strdup(key))) {
		memmove(a->v + lo, a->v + lo + 1, (a->n - lo) * sizeof *a->v);
		return NULL;
	}
	a->n++;
	return &a->v[lo];
}

int erg_attrs_add(erg_attrs *a, const char *key, const char *value)
{
	erg_attr *slot = attr_slot(a, key);

	if (!slot || (value && erg_strset_add(&slot->values, value) < 0))
		return ERG_ESYS;
	return 0;
}

const erg_attr *erg_attrs_get(const erg_attrs *a, const char *key)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->v[mid].key, key);

		if (c == 0)
			return &a->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int erg_attrs_union(erg_attrs *dst, const erg_attrs *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (erg_attrs_add(dst, src->v[i].key, NULL) < 0)
			return ERG_ESYS;
	for (size_t i = 0; i < src->n; i++)
		for (size_t j = 0; j < src->v[i].values.n; j++)
			if (erg_attrs_add(dst, src->v[i].key, src->v[i].values.v[j]) < 0)
				return ERG_ESYS;
	return 0;
}

void erg_attrs_free(erg_attrs *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].key);
		erg_strset_free(&a->v[i].values);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

/* Loaders have checked the shape: strings, or arrays of strings. */
int erg_attrs_from_json(erg_attrs *a, const cJSON *obj)
{
	const cJSON *it, *v;

	cJSON_ArrayForEach(it, obj) {
		if (cJSON_IsString(it)) {
			if (erg_attrs_add(a, it->string, it->valuestring) < 0)
				return ERG_ESYS;
		} else if (cJSON_IsArray(it)) {
			cJSON_ArrayForEach(v, it)
				if (cJSON_IsString(v) && erg_attrs_add(a, it->string, v->valuestring) < 0)
					return ERG_ESYS;
		}
	}
	return 0;
}

cJSON *erg_strset_to_json(const erg_strset *s)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < s->n; i++) {
		cJSON *str = cJSON_CreateString(s->v[i]);

		if (!str || !cJSON_AddItemToArray(arr, str)) {
			cJSON_Delete(str);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

cJSON *erg_attrs_to_json(const erg_attrs *a)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < a->n; i++) {
		const erg_strset *vals = &a->v[i].values;
		cJSON *v = vals->n == 1 ? cJSON_CreateString(vals->v[0]) : erg_strset_to_json(vals);

		if (!v || !cJSON_AddItemToObject(obj, a->v[i].key, v)) {
			cJSON_Delete(v);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

/* ---- the graph --------------------------------------------------- */

int erg_graph_new(erg_graph **out)
{
	*out = erg_calloc(1, sizeof **out);
	return *out ? 0 : ERG_ESYS;
}

int erg_graph_vocab(erg_graph *g, const char *file)
{
	int rc;

	if (g->vocab_loaded)
		return 0;
	if ((rc = erg_vocab_init(&g->vocab, file)) < 0) {
		erg_vocab_free(&g->vocab);
		return rc;
	}
	g->vocab_loaded = true;
	return 0;
}

static void node_free(erg_node *n)
{
	if (!n)
		return;
	free(n->id);
	free(n->type);
	free(n->name);
	free(n->kb);
	free(n->origin);
	free(n->first_seen);
	free(n->last_seen);
	erg_attrs_free(&n->ids);
	erg_attrs_free(&n->names);
	erg_strset_free(&n->aliases);
	erg_strset_free(&n->documents);
	erg_attrs_free(&n->attrs);
	for (size_t i = 0; i < n->nmerges; i++) {
		free(n->merges[i].what);
		free(n->merges[i].how);
		free(n->merges[i].where);
	}
	free(n->merges);
	free(n);
}

static void edge_free(erg_edge *e)
{
	if (!e)
		return;
	free(e->type);
	free(e->first_seen);
	free(e->last_seen);
	erg_strset_free(&e->documents);
	erg_strset_free(&e->dates);
	for (size_t i = 0; i < e->nevidence; i++) {
		free(e->evidence[i].document);
		free(e->evidence[i].text);
		free(e->evidence[i].date);
	}
	free(e->evidence);
	erg_attrs_free(&e->attrs);
	free(e);
}

static void docinfo_free(erg_docinfo *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->title);
	free(d->source);
	free(d->published);
	free(d->origin);
	free(d);
}

void erg_graph_free(erg_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nnodes; i++)
		node_free(g->nodes[i]);
	for (size_t i = 0; i < g->ndead; i++)
		node_free(g->dead[i]);
	free(g->nodes);
	free(g->dead);
	for (size_t i = 0; i < g->nedges; i++)
		edge_free(g->edges[i]);
	free(g->edges);
	if (g->doclist) {
		for (size_t i = 0; i < g->ndocs; i++)
			docinfo_free(g->doclist[i]);
	} else {
		for (size_t i = 0; i < g->docs.cap; i++)
			if (g->docs.keys[i])
				docinfo_free(g->docs.vals[i]);
	}
	free(g->doclist);
	erg_map_free(&g->docs);
	erg_map_free(&g->keys);
	erg_map_free(&g->edgekeys);
	erg_vocab_free(&g->vocab);
	free(g);
}

erg_node *erg_graph_find_id(const erg_graph *g, const char *id)
{
	erg_node *n = erg_map_get2(&g->keys, "i:", id);

	return n ? erg_node_find(n) : NULL;
}

const erg_docinfo *erg_graph_docinfo(const erg_graph *g, const char *id)
{
	return erg_map_get(&g->docs, id);
}

static int docinfo_cmp(const erg_docinfo *a, const erg_docinfo *b)
{
	const char *fa[3] = {a->title, a->source, a->published};
	const char *fb[3] = {b->title, b->source, b->published};

	for (int i = 0; i < 3; i++) {
		int c = strcmp(fa[i] ? fa[i] : "", fb[i] ? fb[i] : "");

		if (c)
			return c;
	}
	return 0;
}

bool erg_graph_has_document(const erg_graph *g, const char *id)
{
	return erg_map_get(&g->docs, id) != NULL;
}

int erg_graph_add_document(erg_graph *g, const erg_docinfo *doc, bool allow_dup)
{
	erg_docinfo *old = erg_map_get(&g->docs, doc->id);
	erg_docinfo *d;

	if (old && !allow_dup)
		return erg_fail(ERG_EINVALID, "document id '%s' is already used in %s", doc->id,
				old->origin ? old->origin : "another input");
	if (old && docinfo_cmp(doc, old) >= 0)
		return 0; /* shards may share a document: keep one, whatever the order */
	if (!(d = erg_calloc(1, sizeof *d)))
		return ERG_ESYS;
	if (!(d->id = erg_strdup(doc->id)) || (doc->title && !(d->title = erg_strdup(doc->title))) ||
	    (doc->source && !(d->source = erg_strdup(doc->source))) ||
	    (doc->published && !(d->published = erg_strdup(doc->published))) ||
	    (doc->origin && !(d->origin = erg_strdup(doc->origin))) ||
	    erg_map_put(&g->docs, doc->id, d) < 0) {
		docinfo_free(d);
		return ERG_ESYS;
	}
	docinfo_free(old);
	return 0;
}

static int add_evidence(erg_edge *e, const char *doc, const char *text, const char *date)
{
	erg_evidence *v = erg_reallocarray(e->evidence, e->nevidence + 1, sizeof *v);

	if (!v)
		return ERG_ESYS;
	e->evidence = v;
	v = &e->evidence[e->nevidence++];
	v->document = erg_strdup(doc);
	v->text = text ? erg_strdup(text) : NULL;
	v->date = date ? erg_strdup(date) : NULL;
	if (!v->document || (text && !v->text) || (date && !v->date))
		return ERG_ESYS;
	return 0;
}

/* Fold `from` into `into` (same endpoints and type). */
static int edge_absorb(erg_edge *into, const erg_edge *from)
{
	if (erg_strset_union(&into->documents, &from->documents) < 0 ||
	    erg_strset_union(&into->dates, &from->dates) < 0 ||
	    erg_attrs_union(&into->attrs, &from->attrs) < 0)
		return ERG_ESYS;
	for (size_t i = 0; i < from->nevidence; i++)
		if (add_evidence(into, from->evidence[i].document, from->evidence[i].text,
				 from->evidence[i].date) < 0)
			return ERG_ESYS;
	return erg_minmax(&into->first_seen, &into->last_seen, from->first_seen, from->last_seen);
}

int erg_graph_push_node(erg_graph *g, erg_node *n)
{
	if (g->nnodes == g->capnodes) {
		size_t cap = g->capnodes ? g->capnodes * 2 : 64;
		erg_node **v = erg_reallocarray(g->nodes, cap, sizeof *v);

		if (!v)
			return ERG_ESYS;
		g->nodes = v;
		g->capnodes = cap;
	}
	g->nodes[g->nnodes++] = n;
	return 0;
}

static int edge_push(erg_graph *g, erg_edge *e)
{
	if (g->nedges == g->capedges) {
		size_t cap = g->capedges ? g->capedges * 2 : 64;
		erg_edge **v = erg_reallocarray(g->edges, cap, sizeof *v);

		if (!v)
			return ERG_ESYS;
		g->edges = v;
		g->capedges = cap;
	}
	g->edges[g->nedges++] = e;
	return 0;
}

static int put_hex(erg_buf *b, uintptr_t v)
{
	char hex[2 * sizeof v];

	for (size_t i = 0; i < sizeof hex; i++, v >>= 4)
		hex[sizeof hex - 1 - i] = "0123456789abcdef"[v & 15];
	return erg_buf_put(b, hex, sizeof hex);
}

int erg_graph_add_edge(erg_graph *g, const erg_edge_rec *rec)
{
	erg_node *s = erg_node_find(rec->source), *t = erg_node_find(rec->target);
	erg_buf key = ERG_BUF_INIT;
	erg_edge *e;
	const cJSON *it;
	int rc = ERG_ESYS;

	if (!rec->directed && s > t) { /* one key for A-B and B-A */
		erg_node *tmp = s;

		s = t;
		t = tmp;
	}
	/* Endpoints by address while loading: nodes have no index yet. */
	if (put_hex(&key, (uintptr_t)s) < 0 || erg_buf_put(&key, "\x1f", 1) < 0 ||
	    erg_buf_puts(&key, rec->type) < 0 || erg_buf_put(&key, "\x1f", 1) < 0 ||
	    put_hex(&key, (uintptr_t)t) < 0)
		return ERG_ESYS;
	if (!(e = erg_map_get(&g->edgekeys, key.ptr))) {
		if (!(e = erg_calloc(1, sizeof *e)))
			goto done;
		if (!(e->type = erg_strdup(rec->type)) || edge_push(g, e) < 0) {
			edge_free(e);
			goto done;
		}
		e->source = s;
		e->target = t;
		e->directed = rec->directed;
		if (erg_map_put(&g->edgekeys, key.ptr, e) < 0)
			goto done;
	}
	if ((rec->document && erg_strset_add(&e->documents, rec->document) < 0) ||
	    (rec->date && erg_strset_add(&e->dates, rec->date) < 0) ||
	    erg_attrs_from_json(&e->attrs, rec->attributes) < 0)
		goto done;
	cJSON_ArrayForEach(it, rec->documents)
		if (cJSON_IsString(it) && erg_strset_add(&e->documents, it->valuestring) < 0)
			goto done;
	cJSON_ArrayForEach(it, rec->dates)
		if (cJSON_IsString(it) && erg_strset_add(&e->dates, it->valuestring) < 0)
			goto done;
	cJSON_ArrayForEach(it, rec->evidence) {
		const cJSON *doc = cJSON_GetObjectItemCaseSensitive(it, "document");
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(it, "date");

		if (cJSON_IsString(doc) &&
		    add_evidence(e, doc->valuestring, cJSON_IsString(text) ? text->valuestring : NULL,
				 cJSON_IsString(date) ? date->valuestring : NULL) < 0)
			goto done;
	}
	if (erg_minmax(&e->first_seen, &e->last_seen, rec->first_seen, rec->last_seen) < 0)
		goto done;
	rc = 0;
done:
	erg_buf_free(&key);
	return rc;
}

int erg_graph_copy_node(erg_graph *dst, const erg_node *n, erg_node **out)
{
	erg_node *c = erg_calloc(1, sizeof *c);

	*out = c;
	if (!c || erg_graph_push_node(dst, c) < 0) {
		free(c);
		*out = NULL;
		return ERG_ESYS;
	}
	c->id = erg_strdup(n->id);
	c->type = erg_strdup(n->type);
	c->name = erg_strdup(n->name);
	c->origin = erg_strdup(n->origin);
	c->kb = n->kb ? strdup(n->kb) : NULL;
	c->first_seen = n->first_seen ? strdup(n->first_seen) : NULL;
	c->last_seen = n->last_seen ? strdup(n->last_seen) : NULL;
	c->mentions = n->mentions;
	c->status = n->status;
	if (!c->id || !c->type || !c->name || !c->origin || (n->kb && !c->kb) ||
	    (n->first_seen && !c->first_seen) || (n->last_seen && !c->last_seen) ||
	    erg_attrs_union(&c->ids, &n->ids) < 0 || erg_attrs_union(&c->names, &n->names) < 0 ||
	    erg_strset_union(&c->aliases, &n->aliases) < 0 ||
	    erg_strset_union(&c->documents, &n->documents) < 0 ||
	    erg_attrs_union(&c->attrs, &n->attrs) < 0 ||
	    erg_attrs_add(&c->names, n->name, NULL) < 0) /* finishing picks it again */
		return erg_nomem();
	/* The copy answers to the ids and kb of the original. */
	for (size_t i = 0; i <= c->ids.n; i++) {
		erg_buf key = ERG_BUF_INIT;
		int rc;

		if (i == c->ids.n && !c->kb)
			break;
		rc = i < c->ids.n ? erg_buf_printf(&key, "i:%s", c->ids.v[i].key)
				  : erg_buf_printf(&key, "k:%s", c->kb);
		if (rc == 0)
			rc = erg_map_put(&dst->keys, key.ptr, c);
		erg_buf_free(&key);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int erg_graph_copy_edge(erg_graph *dst, const erg_edge *e, erg_node *source, erg_node *target)
{
	erg_edge *c = erg_calloc(1, sizeof *c);

	if (!c || edge_push(dst, c) < 0) {
		free(c);
		return ERG_ESYS;
	}
	c->source = source;
	c->target = target;
	c->directed = e->directed;
	c->status = e->status;
	c->type = erg_strdup(e->type);
	c->first_seen = e->first_seen ? strdup(e->first_seen) : NULL;
	c->last_seen = e->last_seen ? strdup(e->last_seen) : NULL;
	if (!c->type || erg_strset_union(&c->documents, &e->documents) < 0 ||
	    erg_strset_union(&c->dates, &e->dates) < 0 || erg_attrs_union(&c->attrs, &e->attrs) < 0 ||
	    !(c->evidence = erg_calloc(e->nevidence, sizeof *c->evidence)))
		return erg_nomem();
	for (size_t i = 0; i < e->nevidence; i++) {
		erg_evidence *v = &c->evidence[c->nevidence++];

		v->document = strdup(e->evidence[i].document);
		v->text = e->evidence[i].text ? strdup(e->evidence[i].text) : NULL;
		v->date = e->evidence[i].date ? strdup(e->evidence[i].date) : NULL;
		if (!v->document || (e->evidence[i].text && !v->text) ||
		    (e->evidence[i].date && !v->date))
			return erg_nomem();
	}
	return 0;
}

int erg_graph_copy_documents(erg_graph *dst, const erg_graph *g)
{
	int rc;

	for (size_t i = 0; i < g->ndocs; i++)
		if ((rc = erg_graph_add_document(dst, g->doclist[i], true)) < 0)
			return rc;
	return 0;
}

/* ---- finishing --------------------------------------------------- */

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

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_evidence(const void *a, const void *b)
{
	const erg_evidence *x = a, *y = b;
	int c = strcmp(x->document, y->document);

	if (!c)
		c = cmp_opt(x->text, y->text);
	if (!c)
		c = cmp_opt(x->date, y->date);
	return c;
}

static int cmp_doc(const void *a, const void *b)
{
	return strcmp((*(erg_docinfo *const *)a)->id, (*(erg_docinfo *const *)b)->id);
}

/* The key most documents gave; ties: the longest, then the smallest. */
static const char *most_given(const erg_attrs *a)
{
	const erg_attr *best = a->n ? &a->v[0] : NULL;

	for (size_t i = 1; i < a->n; i++) {
		const erg_attr *c = &a->v[i];

		if (c->values.n > best->values.n ||
		    (c->values.n == best->values.n && strlen(c->key) > strlen(best->key)))
			best = c;
	}
	return best ? best->key : NULL;
}

/*
 * Pick the canonical id and name of a representative: the id and the
 * name the most documents gave (ties: the longer, the more descriptive,
 * then the smaller).  Both depend on the set of records only, not on
 * their order.  Every other name becomes an alias.
 */
static int settle_node(erg_node *n)
{
	const char *id = most_given(&n->ids), *name = most_given(&n->names);

	free(n->id);
	free(n->name);
	n->id = erg_strdup(id);
	n->name = erg_strdup(name ? name : id);
	if (!n->id || !n->name)
		return ERG_ESYS;
	for (size_t i = 0; i < n->names.n; i++)
		if (erg_strset_add(&n->aliases, n->names.v[i].key) < 0)
			return ERG_ESYS;
	erg_strset_remove(&n->aliases, n->name);
	return 0;
}

static void sort_evidence(erg_edge *e)
{
	size_t out = 0;

	erg_sort(e->evidence, e->nevidence, sizeof *e->evidence, cmp_evidence);
	for (size_t i = 0; i < e->nevidence; i++) {
		if (out && cmp_evidence(&e->evidence[out - 1], &e->evidence[i]) == 0) {
			free(e->evidence[i].document);
			free(e->evidence[i].text);
			free(e->evidence[i].date);
			continue;
		}
		e->evidence[out++] = e->evidence[i];
	}
	e->nevidence = out;
}

static int finish_edges(erg_graph *g)
{
	erg_map keys = {0};
	erg_buf key = ERG_BUF_INIT;
	size_t out = 0;
	int rc = 0;

	for (size_t i = 0; i < g->nedges; i++) {
		erg_edge *e = g->edges[i], *into;

		e->source = erg_node_find(e->source);
		e->target = erg_node_find(e->target);
		if (!e->directed && strcmp(e->source->id, e->target->id) > 0) {
			erg_node *tmp = e->source;

			e->source = e->target;
			e->target = tmp;
		}
		key.len = 0;
		if ((rc = erg_buf_printf(&key, "%s\x1f%s\x1f%s", e->source->id, e->type,
					 e->target->id)) < 0)
			goto done;
		if ((into = erg_map_get(&keys, key.ptr))) {
			/* Two nodes merged after their edges were made. */
			rc = edge_absorb(into, e);
			edge_free(e);
			if (rc < 0)
				goto done;
			continue;
		}
		if ((rc = erg_map_put(&keys, key.ptr, e)) < 0)
			goto done;
		g->edges[out++] = e;
	}
	g->nedges = out;
	for (size_t i = 0; i < g->nedges; i++)
		sort_evidence(g->edges[i]);
	erg_sort(g->edges, g->nedges, sizeof *g->edges, cmp_edge);
done:
	if (rc < 0) { /* keep the array whole for erg_graph_free */
		for (size_t i = out; i < g->nedges; i++)
			g->edges[i] = NULL;
		g->nedges = out;
	}
	erg_map_free(&keys);
	erg_buf_free(&key);
	return rc;
}

int erg_graph_finish(erg_graph *g)
{
	size_t nreps = 0;
	erg_node **dead;
	int rc;

	if (g->finished)
		return 0;
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
		if ((rc = settle_node(g->nodes[i])) < 0)
			return rc;
	erg_sort(g->nodes, g->nnodes, sizeof *g->nodes, cmp_node);
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i]->index = i;
	if ((rc = finish_edges(g)) < 0)
		return rc;
	erg_map_free(&g->edgekeys);

	if (!(g->doclist = erg_calloc(g->docs.n, sizeof *g->doclist)))
		return ERG_ESYS;
	for (size_t i = 0; i < g->docs.cap; i++)
		if (g->docs.keys[i])
			g->doclist[g->ndocs++] = g->docs.vals[i];
	erg_sort(g->doclist, g->ndocs, sizeof *g->doclist, cmp_doc);
	g->finished = true;
	return 0;
}

void erg_graph_published(const erg_graph *g, const char **first, const char **last)
{
	*first = *last = NULL;
	for (size_t i = 0; i < g->ndocs; i++) {
		const char *p = g->doclist[i]->published;

		if (p && (!*first || strcmp(p, *first) < 0))
			*first = p;
		if (p && (!*last || strcmp(p, *last) > 0))
			*last = p;
	}
}

size_t erg_graph_node_count(const erg_graph *g)
{
	return g->nnodes;
}

size_t erg_graph_edge_count(const erg_graph *g)
{
	return g->nedges;
}

size_t erg_graph_document_count(const erg_graph *g)
{
	return g->finished ? g->ndocs : g->docs.n;
}
