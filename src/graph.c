/*
 * graph.c - the graph model: nodes, edges, documents, provenance.
 *
 * While loading, records are merged as they come (resolve.c) and edges
 * point at whatever node was the representative then.  What each document
 * says of a node or an edge goes to the corpus's store (store.c) as a
 * small record, so that memory follows the graph, not the corpus.
 * erg_graph_finish() (finish.c) counts those records, settles canonical ids,
 * re-keys edges onto representatives (two merged nodes may now share an
 * edge), orders symmetric edges and sorts all; erg_prov_node() and
 * erg_prov_edge() read an object's lists back in their output order.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	return erg_strings_json((const char *const *)s->v, s->n);
}

cJSON *erg_strings_json(const char *const *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++) {
		cJSON *str = cJSON_CreateString(v[i]);

		if (!str || !cJSON_AddItemToArray(arr, str)) {
			cJSON_Delete(str);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

cJSON *erg_types_to_json(const erg_node *n)
{
	cJSON *o = cJSON_CreateObject();

	for (uint32_t i = 0; o && i < n->ntypes; i++)
		if (!cJSON_AddNumberToObject(o, n->types[i].type, n->types[i].docs)) {
			cJSON_Delete(o);
			return NULL;
		}
	return o;
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

/* ---- the corpus --------------------------------------------------- */

static erg_corpus *corpus_new(void)
{
	erg_corpus *c = erg_calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->refs = 1;
	if (erg_store_new(&c->store) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

static void corpus_unref(erg_corpus *c)
{
	if (!c || --c->refs > 0)
		return;
	erg_pool_free(&c->pool);
	erg_store_free(c->store);
	free(c->docs);
	free(c->ids);
	free(c->idslots);
	free(c->rank);
	free(c->byrank);
	erg_buf_free(&c->docbuf);
	free(c);
}

/* ---- the graph --------------------------------------------------- */

int erg_graph_new(erg_graph **out)
{
	erg_graph *g = erg_calloc(1, sizeof *g);

	*out = NULL;
	if (!g)
		return ERG_ESYS;
	if (!(g->corpus = corpus_new())) {
		free(g);
		return ERG_ESYS;
	}
	*out = g;
	return 0;
}

int erg_graph_share(erg_graph **out, const erg_graph *g)
{
	erg_graph *s = erg_calloc(1, sizeof *s);

	*out = s;
	if (!s)
		return ERG_ESYS;
	s->corpus = g->corpus;
	s->corpus->refs++;
	/* What was read (the strings are the corpus's): stats tells it. */
	s->kb_normalised = g->kb_normalised;
	memcpy(s->kb_first, g->kb_first, sizeof s->kb_first);
	return 0;
}

const char *erg_graph_intern(erg_graph *g, const char *s)
{
	const char *p = erg_pool_intern(&g->corpus->pool, s);

	if (s && !p)
		erg_nomem();
	return p;
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
	free(n->objs);
	free(n->ids);
	free(n->names);
	erg_strset_free(&n->idset);
	erg_strset_free(&n->aliases);
	erg_attrs_free(&n->attrs);
	free(n->merges);
	free(n->types);
	free(n);
}

void erg_edge_free(erg_edge *e)
{
	if (!e)
		return;
	free(e->objs);
	erg_attrs_free(&e->attrs);
	free(e);
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
		erg_edge_free(g->edges[i]);
	free(g->edges);
	erg_map_free(&g->keys);
	erg_map_free(&g->claims);
	for (size_t i = 0; i < g->nclaims; i++)
		free(g->claimv[i]);
	free(g->claimv);
	free(g->edgeset);
	erg_vocab_free(&g->vocab);
	corpus_unref(g->corpus);
	free(g);
}

/* The representative of n's entity (union-find, with path compression). */
erg_node *erg_node_find(erg_node *n)
{
	erg_node *root = n;

	while (root->parent)
		root = root->parent;
	while (n->parent) { /* path compression */
		erg_node *next = n->parent;

		n->parent = root;
		n = next;
	}
	return root;
}

erg_node *erg_graph_find_id(const erg_graph *g, const char *id)
{
	erg_node *n = NULL;
	const erg_claim *cl;

	/* A finished graph's nodes are sorted by their (distinct) ids. */
	for (size_t lo = 0, hi = g->finished ? g->nnodes : 0; lo < hi && !n;) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, g->nodes[mid]->id);

		if (c == 0)
			return g->nodes[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Else any id it was given: by a record without a kb, or with one. */
	if (!(n = erg_map_get2(&g->keys, "i:", id)) && (cl = erg_map_get2(&g->claims, "i:", id)))
		n = cl->node[0];
	return n ? erg_node_find(n) : NULL;
}

/* ---- documents ------------------------------------------------------ */

/* A document's id. */
const char *erg_doc_id(const erg_corpus *c, uint32_t num)
{
	return c->ids + c->docs[num].id;
}

/* The slot that holds id's document, or the empty one where it would go. */
static uint32_t id_slot(const erg_corpus *c, const char *id, uint32_t h)
{
	uint32_t mask = c->nidslots - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t d = c->idslots[i];

		if (!d || strcmp(erg_doc_id(c, d - 1), id) == 0)
			return i;
	}
}

/* The document number + 1 of an id, or 0. */
static uint32_t doc_lookup(const erg_corpus *c, const char *id)
{
	return c->nidslots ? c->idslots[id_slot(c, id, erg_hash32(id, strlen(id)))] : 0;
}

bool erg_graph_has_document(const erg_graph *g, const char *id)
{
	uint32_t d = doc_lookup(g->corpus, id);

	return d && g->corpus->docs[d - 1].listed;
}

/* Twice the slots, the ids hashed again from their bytes. */
static int idslots_grow(erg_corpus *c)
{
	uint32_t n = c->nidslots ? c->nidslots * 2 : 1024;
	uint32_t *slots;

	if (n < c->nidslots || !(slots = erg_calloc(n, sizeof *slots)))
		return erg_nomem();
	for (uint32_t d = 0; d < c->ndocs; d++) {
		const char *id = erg_doc_id(c, d);
		uint32_t i = erg_hash32(id, strlen(id)) & (n - 1);

		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = d + 1;
	}
	free(c->idslots);
	c->idslots = slots;
	c->nidslots = n;
	return 0;
}

/*
 * A new document `id` (not in the corpus yet), without metadata; its
 * number + 1, or 0 with the last error set.
 */
static uint32_t doc_new(erg_corpus *c, const char *id)
{
	size_t len = strlen(id) + 1;

	if ((c->ndocs + 1) * 2 > c->nidslots && idslots_grow(c) < 0)
		return 0;
	if (len > UINT32_MAX - c->idsused) {
		erg_fail(ERG_ESYS, "more than 4 GiB of document ids");
		return 0;
	}
	if (c->idsused + len > c->idscap) {
		/* Grows by half, as the documents do. */
		size_t cap = c->idscap ? c->idscap + c->idscap / 2 : 4096;
		char *v;

		while (cap < c->idsused + len)
			cap += cap / 2;
		if (!(v = realloc(c->ids, cap))) {
			erg_nomem();
			return 0;
		}
		c->ids = v;
		c->idscap = cap;
	}
	if (c->ndocs == c->capdocs) {
		/* Grows by half: with millions of documents, doubling would
		 * leave most of a large block unused. */
		uint32_t cap = c->capdocs ? c->capdocs + c->capdocs / 2 : 256;
		erg_doc *v = erg_reallocarray(c->docs, cap, sizeof *v);

		if (!v) {
			erg_nomem();
			return 0;
		}
		c->docs = v;
		c->capdocs = cap;
	}
	memcpy(c->ids + c->idsused, id, len);
	c->idslots[id_slot(c, id, erg_hash32(id, len - 1))] = c->ndocs + 1;
	c->docs[c->ndocs] = (erg_doc){(uint32_t)c->idsused, 0, 0, 0, 0};
	c->idsused += len;
	return ++c->ndocs;
}

uint32_t erg_graph_document(erg_graph *g, const char *id)
{
	erg_corpus *c = g->corpus;
	uint32_t d = doc_lookup(c, id);

	return d ? d : doc_new(c, id);
}

/* Title, source and origin, each a length (UINT32_MAX: none) and bytes. */
static int put_meta(erg_corpus *c, const erg_docinfo *d, uint64_t *off)
{
	const char *f[3] = {d->title, d->source, d->origin};
	erg_buf b = ERG_BUF_INIT;
	int rc = 0;

	for (int i = 0; i < 3 && rc == 0; i++) {
		uint32_t n = f[i] ? (uint32_t)strlen(f[i]) : UINT32_MAX;

		if ((rc = erg_buf_put(&b, (const char *)&n, sizeof n)) == 0 && f[i])
			rc = erg_buf_put(&b, f[i], n);
	}
	if (rc == 0)
		rc = erg_store_put(c->store, b.ptr, (uint32_t)b.len, off);
	erg_buf_free(&b);
	return rc;
}

const erg_docinfo *erg_graph_doc(const erg_graph *g, uint32_t num)
{
	return erg_corpus_doc(g->corpus, num);
}

const erg_docinfo *erg_corpus_doc(erg_corpus *c, uint32_t num)
{
	const erg_doc *d = &c->docs[num];
	erg_docinfo *info = &c->docinfo;
	const char **f[3] = {&info->title, &info->source, &info->origin};
	size_t at = 0;

	memset(info, 0, sizeof *info);
	info->id = erg_doc_id(c, num);
	info->published = erg_pool_str(&c->pool, d->published);
	if (!d->listed)
		return info;
	if (erg_store_get(c->store, d->meta, &c->docbuf) < 0)
		return NULL;
	/* The strings are made NUL-terminated in place: each length's
	 * first byte is no longer needed once read. */
	for (int i = 0; i < 3; i++) {
		uint32_t n;

		memcpy(&n, c->docbuf.ptr + at, sizeof n);
		at += sizeof n;
		if (n == UINT32_MAX)
			continue;
		memmove(c->docbuf.ptr + at - 1, c->docbuf.ptr + at, n);
		c->docbuf.ptr[at - 1 + n] = '\0';
		*f[i] = c->docbuf.ptr + at - 1;
		at += n;
	}
	return info;
}

const erg_docinfo *erg_graph_docinfo(const erg_graph *g, const char *id)
{
	uint32_t d = doc_lookup(g->corpus, id);

	return d && g->corpus->docs[d - 1].listed ? erg_graph_doc(g, d - 1) : NULL;
}

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int docinfo_cmp(const erg_docinfo *a, const erg_docinfo *b)
{
	int c;

	if ((c = cmp_opt(a->title, b->title)) || (c = cmp_opt(a->source, b->source)))
		return c;
	return cmp_opt(a->published, b->published);
}

int erg_graph_add_document(erg_graph *g, const erg_docinfo *doc, bool allow_dup, uint32_t *num)
{
	erg_corpus *c = g->corpus;
	uint32_t d = doc_lookup(c, doc->id);
	const erg_docinfo *old;
	erg_docinfo normal;
	char *url = NULL;
	erg_doc *rec;
	uint64_t meta;
	int rc = 0;

	if (num)
		*num = 0;
	/* A source that can be linked is kept in its normal form, the one
	 * every output links to; any other stays the text it was. */
	if (doc->source && erg_url_safe(doc->source)) {
		if (!(url = erg_url_normal(doc->source)))
			return ERG_ESYS;
		normal = *doc;
		normal.source = url;
		doc = &normal;
	}
	if (d && c->docs[d - 1].listed) {
		if (!(old = erg_graph_doc(g, d - 1))) {
			rc = ERG_ESYS;
			goto done;
		}
		if (!allow_dup) {
			rc = erg_fail(ERG_EINVALID, "document id '%s' is already used in %s", doc->id,
				      old->origin ? old->origin : "another input");
			goto done;
		}
		if (num)
			*num = d;
		if (docinfo_cmp(doc, old) >= 0)
			goto done; /* shards may share a document: keep one, whatever the order */
	}
	if (!d && !(d = doc_new(c, doc->id))) {
		rc = ERG_ESYS;
		goto done;
	}
	rec = &c->docs[d - 1];
	if (doc->published && !(rec->published = erg_pool_addz(&c->pool, doc->published))) {
		rc = erg_nomem();
		goto done;
	}
	if ((rc = put_meta(c, doc, &meta)) < 0)
		goto done;
	rec->meta = meta;
	c->nlisted += !rec->listed;
	rec->listed = 1;
	rec->linkable = url != NULL;
	if (num)
		*num = d;
done:
	free(url);
	return rc;
}

int erg_graph_copy_documents(erg_graph *dst, const erg_graph *g)
{
	int rc;

	for (uint32_t i = 0; i < g->corpus->ndocs; i++) {
		erg_docinfo info;
		const erg_docinfo *d;

		if (!g->corpus->docs[i].listed)
			continue;
		if (!(d = erg_graph_doc(g, i)))
			return ERG_ESYS;
		info = *d; /* its strings live until the next read of g's corpus */
		if (g->corpus == dst->corpus)
			continue;
		if ((rc = erg_graph_add_document(dst, &info, true, NULL)) < 0)
			return rc;
	}
	return 0;
}

void erg_graph_published(const erg_graph *g, const char **first, const char **last)
{
	const erg_corpus *c = g->corpus;

	*first = *last = NULL;
	for (uint32_t i = 0; i < c->ndocs; i++) {
		const char *p = erg_pool_str(&c->pool, c->docs[i].published);

		if (!c->docs[i].listed || !p)
			continue;
		if (!*first || strcmp(p, *first) < 0)
			*first = p;
		if (!*last || strcmp(p, *last) > 0)
			*last = p;
	}
}

size_t erg_graph_document_count(const erg_graph *g)
{
	return g->corpus->nlisted;
}

char *erg_graph_title(const erg_graph *g)
{
	erg_buf b = ERG_BUF_INIT;

	erg_buf_printf(&b, "%s: %zu entities, %zu relations from %zu document%s",
		       g->is_diff ? "Changes between two graphs" : "Entity-relationship graph",
		       g->nnodes, g->nedges, erg_graph_document_count(g),
		       erg_graph_document_count(g) == 1 ? "" : "s");
	return erg_buf_detach(&b);
}

/* ---- nodes and edges ------------------------------------------------- */

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

/* A fresh store object in objs (one element). */
static int own_object(erg_corpus *c, uint32_t **objs, uint32_t *n)
{
	if (!(*objs = malloc(sizeof **objs)))
		return erg_nomem();
	*n = 1;
	return erg_store_object(c->store, *objs);
}

int erg_graph_new_node(erg_graph *g, erg_node **out)
{
	erg_node *n = erg_calloc(1, sizeof *n);

	*out = n;
	if (!n)
		return ERG_ESYS;
	n->corpus = g->corpus;
	if (erg_graph_push_node(g, n) < 0) {
		free(n);
		*out = NULL;
		return ERG_ESYS;
	}
	return own_object(g->corpus, &n->objs, &n->nobjs);
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

void erg_span(const char **first, const char **last, const char *f, const char *l)
{
	if (f && (!*first || strcmp(f, *first) < 0))
		*first = f;
	if (l && (!*last || strcmp(l, *last) > 0))
		*last = l;
}

int erg_objs_append(uint32_t **objs, uint32_t *n, const uint32_t *from, uint32_t count)
{
	uint32_t *v = erg_reallocarray(*objs, (size_t)*n + count, sizeof *v);

	if (!v)
		return ERG_ESYS;
	*objs = v;
	if (count)
		memcpy(v + *n, from, count * sizeof *v);
	*n += count;
	return 0;
}

static size_t edge_hash(const erg_node *s, const char *type, const erg_node *t)
{
	uint64_t h = (uintptr_t)s * 0x9e3779b97f4a7c15ULL;

	h ^= (uintptr_t)type + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
	h ^= (uintptr_t)t * 0xbf58476d1ce4e5b9ULL + (h << 6) + (h >> 2);
	return (size_t)(h ^ (h >> 31));
}

/* The slot of the edge (s, type, t) in g's edge set, or of the empty slot for it. */
static size_t edge_slot(const erg_graph *g, const erg_node *s, const char *type, const erg_node *t)
{
	size_t mask = g->capedgeset - 1, i = edge_hash(s, type, t) & mask;
	const erg_edge *e;

	while ((e = g->edgeset[i]) && !(e->source == s && e->target == t && e->type == type))
		i = (i + 1) & mask;
	return i;
}

/* Room for one more edge in the set (at most half full). */
static int edgeset_grow(erg_graph *g)
{
	erg_edge **old = g->edgeset;
	size_t cap = g->capedgeset;

	if ((g->nedgeset + 1) * 2 <= cap)
		return 0;
	if (!(g->edgeset = erg_calloc(cap ? cap * 2 : 1024, sizeof *g->edgeset))) {
		g->edgeset = old;
		return ERG_ESYS;
	}
	g->capedgeset = cap ? cap * 2 : 1024;
	for (size_t i = 0; i < cap; i++)
		if (old[i])
			g->edgeset[edge_slot(g, old[i]->source, old[i]->type, old[i]->target)] = old[i];
	free(old);
	return 0;
}

/* Append one record of an edge; count its document towards the weight. */
static int edge_record(erg_edge *e, uint32_t doc, uint32_t date, uint32_t flags, const char *text,
		       size_t textlen)
{
	erg_store *s = e->corpus->store;
	size_t len = text ? textlen + 1 : 0; /* the NUL too: read back in place */
	erg_edge_record r = {doc, date, flags | (text ? ERG_REC_TEXT : 0), (uint32_t)len};
	char buf[512];
	int rc;

	if (doc && (flags & ERG_REC_DOC) && doc != e->last_doc) {
		/* Documents come in order while reading annotations; anything
		 * else (graphs, merges) is counted again at the end. */
		e->recount |= doc < e->last_doc;
		e->ndocs++;
		e->last_doc = doc;
	}
	if (len > UINT32_MAX / 2)
		return erg_fail(ERG_ESYS, "an evidence text of %zu bytes is too long", len);
	if (sizeof r + len <= sizeof buf) {
		memcpy(buf, &r, sizeof r);
		if (len) {
			memcpy(buf + sizeof r, text, textlen);
			buf[sizeof r + textlen] = '\0';
		}
		return erg_store_append(s, e->objs[0], buf, sizeof r + len);
	}
	if ((rc = erg_store_append(s, e->objs[0], &r, sizeof r)) < 0 ||
	    (rc = erg_store_append(s, e->objs[0], text, textlen)) < 0)
		return rc;
	return erg_store_append(s, e->objs[0], "", 1);
}

static uint32_t intern_num(erg_graph *g, const char *s)
{
	uint32_t k = erg_pool_addz(&g->corpus->pool, s);

	if (s && !k)
		erg_nomem();
	return k;
}

int erg_graph_add_edge(erg_graph *g, const erg_edge_rec *rec)
{
	erg_node *s = erg_node_find(rec->source), *t = erg_node_find(rec->target);
	const char *type = erg_graph_intern_again(g, &g->last_reltype, rec->type);
	erg_edge *e;
	const cJSON *it;
	uint32_t date = 0;
	size_t slot;
	int rc = ERG_ESYS;

	if (!type)
		return ERG_ESYS;
	if (!rec->directed && s > t) { /* one key for A-B and B-A */
		erg_node *tmp = s;

		s = t;
		t = tmp;
	}
	/* Endpoints by address while loading: nodes have no index yet. */
	if (edgeset_grow(g) < 0)
		return ERG_ESYS;
	if (!(e = g->edgeset[slot = edge_slot(g, s, type, t)])) {
		if (!(e = erg_calloc(1, sizeof *e)))
			goto done;
		e->corpus = g->corpus;
		e->type = type;
		if (edge_push(g, e) < 0) {
			erg_edge_free(e);
			goto done;
		}
		e->source = s;
		e->target = t;
		e->directed = rec->directed;
		if ((rc = own_object(g->corpus, &e->objs, &e->nobjs)) < 0)
			goto done;
		g->edgeset[slot] = e;
		g->nedgeset++;
		rc = ERG_ESYS;
	}
	if ((rec->date && !(date = intern_num(g, rec->date))) ||
	    erg_attrs_from_json(&e->attrs, rec->attributes) < 0)
		goto done;
	/* An annotated relation: one record per piece of evidence. */
	if (rec->doc) {
		uint32_t flags = ERG_REC_DOC | (date ? ERG_REC_DATE : 0);

		for (size_t i = 0; i < rec->nspans; i++)
			if ((rc = edge_record(e, rec->doc, date, flags | ERG_REC_EVIDENCE, rec->spans[i].text,
					      rec->spans[i].len)) < 0)
				goto done;
		if (!rec->nspans && (rc = edge_record(e, rec->doc, date, flags, NULL, 0)) < 0)
			goto done;
		rc = ERG_ESYS;
	}
	/* A graph's edge: its lists as they are. */
	cJSON_ArrayForEach(it, rec->documents) {
		uint32_t doc;

		if (!cJSON_IsString(it))
			continue;
		if (!(doc = erg_graph_document(g, it->valuestring)) ||
		    (rc = edge_record(e, doc, 0, ERG_REC_DOC, NULL, 0)) < 0)
			goto done;
		rc = ERG_ESYS;
	}
	cJSON_ArrayForEach(it, rec->dates) {
		uint32_t d;

		if (!cJSON_IsString(it))
			continue;
		if (!(d = intern_num(g, it->valuestring)) || (rc = edge_record(e, 0, d, ERG_REC_DATE, NULL, 0)) < 0)
			goto done;
		rc = ERG_ESYS;
	}
	cJSON_ArrayForEach(it, rec->evidence) {
		const cJSON *doc = cJSON_GetObjectItemCaseSensitive(it, "document");
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
		const cJSON *when = cJSON_GetObjectItemCaseSensitive(it, "date");
		uint32_t d, w = 0;

		if (!cJSON_IsString(doc))
			continue;
		if (!(d = erg_graph_document(g, doc->valuestring)) ||
		    (cJSON_IsString(when) && !(w = intern_num(g, when->valuestring))) ||
		    (rc = edge_record(e, d, w, ERG_REC_EVIDENCE, cJSON_IsString(text) ? text->valuestring : NULL,
				      cJSON_IsString(text) ? strlen(text->valuestring) : 0)) < 0)
			goto done;
		rc = ERG_ESYS;
	}
	{
		const char *f = erg_graph_intern_again(g, &g->last_date, rec->first_seen);
		const char *l = erg_graph_intern_again(g, &g->last_date, rec->last_seen);

		if ((rec->first_seen && !f) || (rec->last_seen && !l))
			goto done;
		erg_span(&e->first_seen, &e->last_seen, f, l);
	}
	rc = 0;
done:
	return rc;
}

/* ---- copies (filters, a diff's union) ---------------------------------- */

int erg_graph_copy_node(erg_graph *dst, const erg_node *n, erg_node **out)
{
	erg_node *c = erg_calloc(1, sizeof *c);
	int rc;

	*out = c;
	if (!c || erg_graph_push_node(dst, c) < 0) {
		free(c);
		*out = NULL;
		return ERG_ESYS;
	}
	/* The copy reads what it says from the original's corpus. */
	c->id = n->id;
	c->type = n->type;
	c->name = n->name;
	c->kb = n->kb;
	c->origin = n->origin;
	c->corpus = n->corpus;
	c->mentions = n->mentions;
	c->first_seen = n->first_seen;
	c->last_seen = n->last_seen;
	c->status = n->status;
	c->ndocs = n->ndocs;
	c->nids = n->nids;
	c->nnames = n->nnames;
	c->settled = true;
	c->derived_id = n->derived_id;
	c->shared_id = n->shared_id;
	/* What stats --conflicts tells of it (strings of the shared corpus). */
	for (int i = 0; i < 2; i++) {
		c->attach_key[i] = n->attach[1] ? n->attach_key[i] : NULL;
		c->attach_place[i] = n->attach[1] ? n->attach_place[i] : NULL;
		c->attach_kb[i] = n->attach[1] ? n->attach_kb[i] : NULL;
	}
	if (erg_objs_append(&c->objs, &c->nobjs, n->objs, n->nobjs) < 0 ||
	    !(c->ids = erg_reallocarray(NULL, n->nids + 1, sizeof *c->ids)) ||
	    !(c->names = erg_reallocarray(NULL, n->nnames + 1, sizeof *c->names)) ||
	    (n->nmerges && !(c->merges = erg_reallocarray(NULL, n->nmerges, sizeof *c->merges))) ||
	    (n->ntypes && !(c->types = erg_reallocarray(NULL, n->ntypes, sizeof *c->types))) ||
	    erg_strset_union(&c->aliases, &n->aliases) < 0 || erg_attrs_union(&c->attrs, &n->attrs) < 0)
		return erg_nomem();
	if (n->nids)
		memcpy(c->ids, n->ids, n->nids * sizeof *c->ids);
	if (n->nnames)
		memcpy(c->names, n->names, n->nnames * sizeof *c->names);
	if (n->nmerges)
		memcpy(c->merges, n->merges, n->nmerges * sizeof *c->merges);
	c->nmerges = n->nmerges;
	if (n->ntypes)
		memcpy(c->types, n->types, n->ntypes * sizeof *c->types);
	c->ntypes = n->ntypes;
	c->conflict_kind = n->conflict_kind;
	c->conflict_value = n->conflict_value;
	/* The copy answers to the ids and kb of the original. */
	for (uint32_t i = 0; i <= c->nids; i++) {
		if (i == c->nids && !c->kb)
			break;
		if ((rc = erg_map_put2(&dst->keys, i < c->nids ? "i:" : "k:",
				       i < c->nids ? c->ids[i].key : c->kb, c)) < 0)
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
	c->type = e->type;
	c->corpus = e->corpus;
	c->ndocs = e->ndocs;
	c->first_seen = e->first_seen;
	c->last_seen = e->last_seen;
	if (erg_objs_append(&c->objs, &c->nobjs, e->objs, e->nobjs) < 0 || erg_attrs_union(&c->attrs, &e->attrs) < 0)
		return erg_nomem();
	return 0;
}

/* ---- reading records back --------------------------------------------- */

/* Every record of objs into b (replacing what it held). */
int erg_read_objects(const erg_corpus *c, const uint32_t *objs, uint32_t n, erg_buf *b)
{
	int rc;

	b->len = 0;
	if ((rc = erg_buf_put(b, "", 0)) < 0)
		return rc;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = erg_store_read(c->store, objs[i], b)) < 0)
			return rc;
	return 0;
}

/*
 * Sort unsigned keys of `size` bytes (4 or 8) and drop repeats; the new
 * count.  Lists of documents are sorted for every node and edge: a radix
 * sort (8 bits a pass, passes whose byte is the same everywhere skipped)
 * instead of qsort's comparisons through a function pointer.  Inlined
 * into unique_u32 and unique_u64, so that with `size` known every key
 * read and comparison is one load and one compare, not a call to memcmp.
 */
static uint64_t key_at(const uint8_t *a, size_t i, size_t size)
{
	uint32_t k32;
	uint64_t k64;

	if (size == 4) {
		memcpy(&k32, a + i * 4, 4);
		return k32;
	}
	memcpy(&k64, a + i * 8, 8);
	return k64;
}

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t unique(void *v, size_t n, size_t size)
{
	uint8_t *a = v, *tmp = NULL, *src, *dst, *t;
	size_t out = 0, sorted = 1;

	/* Records are appended as documents are read: often in order already. */
	while (sorted < n && key_at(a, sorted - 1, size) <= key_at(a, sorted, size))
		sorted++;
	if (sorted >= n) {
		/* nothing to sort */
	} else if (n <= 32 || !(tmp = malloc(n * size))) {
		/* Short lists, or no memory for the radix sort: insertion. */
		for (size_t i = 1; i < n; i++) {
			uint64_t key = key_at(a, i, size);
			uint8_t saved[8];
			size_t j = i;

			memcpy(saved, a + i * size, size);
			for (; j > 0 && key_at(a, j - 1, size) > key; j--)
				memcpy(a + j * size, a + (j - 1) * size, size);
			memcpy(a + j * size, saved, size);
		}
	} else {
		unsigned from = 0;

		/* (key << 32 | document) pairs come in document order: already
		 * sorted by their low half, which a stable sort need not redo. */
		if (size == 8) {
			size_t i = 1;

			while (i < n && (uint32_t)key_at(a, i - 1, 8) <= (uint32_t)key_at(a, i, 8))
				i++;
			from = i == n ? 32 : 0;
		}
		src = a;
		dst = tmp;
		for (unsigned shift = from; shift < 8 * size; shift += 8) {
			size_t count[256] = {0}, at = 0;

			for (size_t i = 0; i < n; i++)
				count[(key_at(src, i, size) >> shift) & 255]++;
			if (count[(key_at(src, 0, size) >> shift) & 255] == n)
				continue; /* this byte is the same in all */
			for (int k = 0; k < 256; k++) {
				size_t c = count[k];

				count[k] = at;
				at += c;
			}
			for (size_t i = 0; i < n; i++)
				memcpy(dst + count[(key_at(src, i, size) >> shift) & 255]++ * size, src + i * size,
				       size);
			t = src;
			src = dst;
			dst = t;
		}
		if (src != a)
			memcpy(a, src, n * size);
		free(tmp);
	}
	for (size_t i = 0; i < n; i++) {
		if (out && memcmp(a + (out - 1) * size, a + i * size, size) == 0)
			continue;
		if (out != i)
			memcpy(a + out * size, a + i * size, size);
		out++;
	}
	return out;
}

size_t erg_unique_u32(uint32_t *v, size_t n)
{
	return unique(v, n, sizeof *v);
}

size_t erg_unique_u64(uint64_t *v, size_t n)
{
	return unique(v, n, sizeof *v);
}

/* Scratch of at least n elements of size sz. */
void *erg_grow(void **p, size_t *cap, size_t n, size_t sz)
{
	void *v;

	if (n <= *cap)
		return *p;
	if (!(v = erg_reallocarray(*p, n, sz)))
		return NULL;
	*p = v;
	*cap = n;
	return v;
}

/*
 * An object's records are read whole when they are small against the
 * store's memory budget (an eighth: 256 KiB), else a piece at a time, a
 * thirty-second of the budget, four records of `rec` bytes at least (the
 * tests' tiny budget sends everything through the pieces).
 */
static bool read_whole(const erg_store *s, uint64_t size)
{
	return size <= erg_store_budget(s) / 8;
}

static size_t piece_size(const erg_store *s, size_t rec)
{
	size_t n = erg_store_budget(s) / 32 / rec;

	return (n < 4 ? 4 : n) * rec;
}

/* Room for one more object's store blocks in p->blocks: new room empty. */
static int blocks_room(erg_prov *p, uint32_t nobjs)
{
	if (!erg_grow((void **)&p->blocks, &p->blocks_cap, nobjs, sizeof *p->blocks))
		return ERG_ESYS;
	for (size_t k = p->nblocks; k < p->blocks_cap; k++)
		memset(&p->blocks[k], 0, sizeof p->blocks[k]);
	p->nblocks = p->blocks_cap;
	return 0;
}

/* The number of a node's records. */
static size_t node_nrecords(const erg_node *n)
{
	size_t size = 0;

	for (uint32_t k = 0; k < n->nobjs; k++)
		size += erg_store_size(n->corpus->store, n->objs[k]);
	return size / sizeof(erg_node_record);
}

/*
 * Hand a node's records to take(ctx, records, count), all at once when
 * they are small against the store's budget (read into raw), else a
 * piece at a time: an entity most documents name has as many records as
 * the corpus has documents, and none of their users needs them all at
 * once.  p lends the store blocks.
 */
int erg_node_records(erg_prov *p, erg_buf *raw, const erg_node *n,
			void (*take)(void *ctx, const erg_node_record *r, size_t nrec), void *ctx)
{
	const erg_corpus *c = n->corpus;
	size_t piece = piece_size(c->store, sizeof(erg_node_record));
	int rc;

	if (read_whole(c->store, node_nrecords(n) * sizeof(erg_node_record))) {
		if ((rc = erg_read_objects(c, n->objs, n->nobjs, raw)) < 0)
			return rc;
		take(ctx, (const erg_node_record *)(const void *)raw->ptr, raw->len / sizeof(erg_node_record));
		return 0;
	}
	if ((rc = blocks_room(p, n->nobjs)) < 0 || (rc = erg_buf_reserve(raw, piece)) < 0)
		return rc;
	for (uint32_t k = 0; k < n->nobjs; k++) {
		size_t osize = erg_store_size(c->store, n->objs[k]);

		if ((rc = erg_store_blocks_of(c->store, n->objs[k], &p->blocks[k])) < 0)
			return rc;
		for (size_t off = 0; off < osize; off += piece) {
			size_t len = osize - off < piece ? osize - off : piece;

			if ((rc = erg_store_read_at(c->store, &p->blocks[k], off, raw->ptr, len)) < 0)
				return rc;
			take(ctx, (const erg_node_record *)(const void *)raw->ptr, len / sizeof(erg_node_record));
		}
	}
	return 0;
}

size_t erg_graph_node_count(const erg_graph *g)
{
	return g->nnodes;
}

size_t erg_graph_edge_count(const erg_graph *g)
{
	return g->nedges;
}

/* ---- provenance in output order -------------------------------------- */

void erg_prov_free(erg_prov *p)
{
	erg_buf_free(&p->raw);
	free(p->scratch);
	free(p->strs);
	free(p->keys);
	free(p->nums);
	for (size_t k = 0; k < p->nblocks; k++)
		erg_store_blocks_free(&p->blocks[k]);
	free(p->blocks);
	free(p->docv);
	free(p->datev);
	free(p->objstart);
	free(p->refs);
	erg_buf_free(&p->text);
	erg_buf_free(&p->text2);
	memset(p, 0, sizeof *p);
}

/* Document ranks -> ids, into p->strs from `at` on. */
static const char **doc_ids(erg_prov *p, const erg_corpus *c, const uint32_t *ranks, size_t n,
			    size_t at)
{
	const char **out = erg_grow((void **)&p->strs, &p->strs_cap, at + n + 1, sizeof *p->strs);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[at + i] = erg_doc_id(c, c->byrank[ranks[i]]);
	return out + at;
}

/* Document ranks -> numbers, into p->nums. */
static int doc_nums(erg_prov *p, const erg_corpus *c, const uint32_t *ranks, size_t n)
{
	if (!erg_grow((void **)&p->nums, &p->nums_cap, n + 1, sizeof *p->nums))
		return ERG_ESYS;
	for (size_t i = 0; i < n; i++)
		p->nums[i] = c->byrank[ranks[i]];
	p->docnums = p->nums;
	return 0;
}

/*
 * Whether document num is a better link for a node than *best (document
 * number + 1, or 0): listed, with a source safe to link, published
 * earliest (undated last), then first by rank.
 */
static void consider_link(const erg_corpus *c, uint32_t num, uint32_t *best)
{
	const erg_doc *d = &c->docs[num], *b = *best ? &c->docs[*best - 1] : NULL;
	const char *when, *bwhen;
	int cmp;

	if (!d->listed || !d->linkable)
		return;
	if (b) {
		when = d->published ? c->pool.str[d->published] : "9999";
		bwhen = b->published ? c->pool.str[b->published] : "9999";
		cmp = strcmp(when, bwhen);
		if (cmp > 0 || (cmp == 0 && c->rank[num] > c->rank[*best - 1]))
			return;
	}
	*best = num + 1;
}

/* A node's records, as take_node_records() keeps them. */
typedef struct {
	const erg_corpus *c;
	uint32_t *docs;     /* ranks of the documents that support it */
	uint64_t *pairs;    /* (id, or name | 1 << 31) << 32 | rank */
	size_t ndocs, npairs;
	bool ids, names;    /* which pairs are wanted */
} node_lists;

static void take_node_records(void *ctx, const erg_node_record *r, size_t nrec)
{
	node_lists *l = ctx;

	for (size_t i = 0; i < nrec; i++) {
		uint32_t rank = r[i].doc ? l->c->rank[r[i].doc - 1] : 0;

		if ((r[i].flags & ERG_REC_DOC) && r[i].doc)
			l->docs[l->ndocs++] = rank;
		if (!r[i].doc)
			continue;
		if (r[i].id && l->ids)
			l->pairs[l->npairs++] = (uint64_t)r[i].id << 32 | rank;
		if (r[i].name && l->names)
			l->pairs[l->npairs++] = ((uint64_t)r[i].name | 0x80000000u) << 32 | rank;
	}
}

/* What stays of each record is a document's rank (4 bytes; 16 more where
 * the node was given several ids or names), not the record. */
int erg_prov_node(erg_prov *p, const erg_node *n)
{
	const erg_corpus *c = n->corpus;
	size_t nrec = node_nrecords(n), ndocs, npairs, at;
	/* Only nodes with several ids or names list who gave which. */
	bool ids = n->nids > 1 || n->derived_id, who = ids || n->nnames > 1;
	node_lists l = {c, NULL, NULL, 0, 0, ids, n->nnames > 1};
	uint64_t *pairs;
	uint32_t *docs;
	int rc;

	if (!(pairs = erg_grow(&p->scratch, &p->scratch_cap, (who ? 2 * nrec : 0) + nrec / 2 + 1, sizeof *pairs)))
		return ERG_ESYS;
	docs = (uint32_t *)(pairs + (who ? 2 * nrec : 0));
	l.docs = docs;
	l.pairs = pairs;
	if ((rc = erg_node_records(p, &p->raw, n, take_node_records, &l)) < 0)
		return rc;
	ndocs = erg_unique_u32(docs, l.ndocs);
	npairs = erg_unique_u64(pairs, l.npairs);
	if (!(p->documents = doc_ids(p, c, docs, ndocs, 0)) || doc_nums(p, c, docs, ndocs) < 0)
		return ERG_ESYS;
	p->ndocuments = ndocs;
	p->link = 0; /* briefs' */
	/* Each key with its documents, keys in the node's (sorted) order. */
	if (!erg_grow((void **)&p->keys, &p->keys_cap, n->nids + n->nnames + 1, sizeof *p->keys))
		return ERG_ESYS;
	p->ids = p->keys;
	p->names = p->keys + n->nids;
	p->nids = ids ? n->nids : 0;
	p->nnames = n->nnames > 1 ? n->nnames : 0;
	at = ndocs;
	for (int which = 0; which < 2; which++) {
		const erg_keycount *kv = which ? n->names : n->ids;
		erg_keydocs *out = which ? p->names : p->ids;
		size_t nk = which ? p->nnames : p->nids;

		for (size_t k = 0; k < nk; k++) {
			uint32_t num = erg_pool_find(&c->pool, kv[k].key, strlen(kv[k].key)) |
				       (which ? 0x80000000u : 0);
			uint32_t ranks_buf[64], *ranks = ranks_buf;
			size_t cnt = 0, j;

			/* The pairs are sorted: this key's documents are one run. */
			for (j = 0; j < npairs && (uint32_t)(pairs[j] >> 32) != num; j++)
				;
			for (; j < npairs && (uint32_t)(pairs[j] >> 32) == num; j++) {
				if (cnt == 64 && ranks == ranks_buf) {
					/* Reuse the documents' room: they are converted already. */
					ranks = docs;
					memcpy(ranks, ranks_buf, sizeof ranks_buf);
				}
				ranks[cnt++] = (uint32_t)pairs[j];
			}
			out[k].key = kv[k].key;
			if (!(out[k].docs = doc_ids(p, c, ranks, cnt, at)))
				return ERG_ESYS;
			out[k].ndocs = cnt;
			at += cnt;
		}
	}
	/* p->strs may have moved while growing: point into it again. */
	p->documents = p->strs;
	at = ndocs;
	for (size_t k = 0; k < p->nids + p->nnames; k++) {
		erg_keydocs *kd = k < p->nids ? &p->ids[k] : &p->names[k - p->nids];

		kd->docs = p->strs + at;
		at += kd->ndocs;
	}
	return 0;
}

/*
 * An edge's evidence is read back in two steps.  Its records are scanned
 * once, keeping for each piece of evidence only its document and where
 * its record lies; the list is sorted, and each record's date and text
 * are read when it is written (erg_prov_evidence).  An edge that most
 * documents support (the relation of a corpus's two main actors) has as
 * many records as documents: scanned a piece at a time, it costs 8 bytes
 * a record of memory (16 while sorted), not the texts.  Edges whose
 * records are small against the store's memory budget (an eighth: 256
 * KiB) are read whole, texts in place; the others in pieces of a
 * thirty-second.  A tiny budget (the tests' ERG_STORE_BUDGET) sends every
 * edge through the pieces.
 */
/*
 * A piece of evidence: its document's rank above where its text lies in
 * the edge's records, its objects one after another as p->raw holds them
 * when read whole (the record's header comes just before).  Sorted as
 * numbers, evidence comes by document, and a document's own in the order
 * its records were written.
 */
typedef uint64_t ev_ref;

static uint32_t ev_rank(ev_ref r)
{
	return (uint32_t)(r >> 32);
}

/* A piece of evidence's record: its header, and its text (NULL if none),
 * read into buf if it is not in p->raw. */
static int ev_record(erg_prov *p, ev_ref r, erg_buf *buf, erg_edge_record *h, const char **text)
{
	const erg_store *s = p->edge->corpus->store;
	uint64_t pos = (uint32_t)r;
	size_t lo = 0, hi = p->edge->nobjs;
	int rc;

	*text = NULL;
	if (!p->pieces) {
		memcpy(h, p->raw.ptr + pos - sizeof *h, sizeof *h);
		if (h->flags & ERG_REC_TEXT)
			*text = p->raw.ptr + pos;
		return 0;
	}
	/* The object it lies in: the last that starts at or before it. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->objstart[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	pos -= p->objstart[lo];
	if ((rc = erg_store_read_at(s, &p->blocks[lo], pos - sizeof *h, h, sizeof *h)) < 0)
		return rc;
	if (!(h->flags & ERG_REC_TEXT))
		return 0;
	if ((rc = erg_buf_reserve(buf, h->len)) < 0 ||
	    (rc = erg_store_read_at(s, &p->blocks[lo], pos, buf->ptr, h->len)) < 0)
		return rc;
	buf->ptr[h->len] = '\0';
	buf->len = h->len;
	*text = buf->ptr;
	return 0;
}

/* For sorting one document's evidence: text, then date (qsort has no
 * context argument, and the records may have to be read). */
static _Thread_local erg_prov *ev_prov;
static _Thread_local int ev_rc;

/* 0 when x and y are the same evidence; *x_text, *y_text: whether each has a text. */
static int cmp_ev_text(ev_ref x, ev_ref y, int *x_text, int *y_text)
{
	const erg_pool *pool = &ev_prov->edge->corpus->pool;
	erg_edge_record hx, hy;
	const char *a, *b;
	int rc, c;

	if ((rc = ev_record(ev_prov, x, &ev_prov->text, &hx, &a)) < 0 ||
	    (rc = ev_record(ev_prov, y, &ev_prov->text2, &hy, &b)) < 0) {
		ev_rc = rc;
		return 0;
	}
	*x_text = a != NULL;
	*y_text = b != NULL;
	if ((c = cmp_opt(a, b)))
		return c;
	return cmp_opt(erg_pool_str(pool, hx.date), erg_pool_str(pool, hy.date));
}

static int cmp_ev_ref(const void *a, const void *b)
{
	int xt = 0, yt = 0, c = cmp_ev_text(*(const ev_ref *)a, *(const ev_ref *)b, &xt, &yt);

	/* "" and no text are the same evidence; keep the one with text. */
	return c ? c : yt - xt;
}

/* Room for one more of size sz in *v (capacity *cap), growing by half:
 * the lists of the busiest relation are the largest blocks of a build. */
static void *push(void **v, size_t *cap, size_t n, size_t sz)
{
	return n < *cap ? *v : erg_grow(v, cap, n < 16 ? 16 : n + n / 2, sz);
}

/* The evidence of a record whose text is at pos among all the edge's records. */
static int push_ref(erg_prov *p, uint32_t rank, uint64_t pos)
{
	if (!push((void **)&p->refs, &p->refs_cap, p->nrefs, sizeof *p->refs))
		return ERG_ESYS;
	if (pos > UINT32_MAX)
		return erg_fail(ERG_ESYS, "the evidence of one relation is too large to read back");
	p->refs[p->nrefs++] = (ev_ref)rank << 32 | pos;
	return 0;
}

/* One record (its text at pos among all the edge's records) into the lists. */
static int take_record(void *ctx, const erg_edge_record *r, uint64_t pos)
{
	erg_prov *p = ctx;
	const erg_corpus *c = p->edge->corpus;

	if ((r->flags & ERG_REC_DOC) && r->doc) {
		if (!push((void **)&p->docv, &p->docv_cap, p->ndocv, sizeof *p->docv))
			return ERG_ESYS;
		p->docv[p->ndocv++] = c->rank[r->doc - 1];
	}
	if ((r->flags & ERG_REC_DATE) && r->date) {
		if (!push((void **)&p->datev, &p->datev_cap, p->ndatev, sizeof *p->datev))
			return ERG_ESYS;
		p->datev[p->ndatev++] = r->date;
	}
	if ((r->flags & ERG_REC_EVIDENCE) && r->doc)
		return push_ref(p, c->rank[r->doc - 1], pos);
	return 0;
}

/* Every record of the edge: from p->raw when it was read whole, else
 * object by object, a piece at a time. */
typedef int (*edge_taker)(void *ctx, const erg_edge_record *r, uint64_t pos);

static int scan_records(erg_prov *p, const erg_edge *e, edge_taker take, void *ctx)
{
	const erg_corpus *c = e->corpus;
	size_t piece = piece_size(c->store, sizeof(erg_edge_record));
	int rc;

	if (!p->pieces) {
		for (size_t at = 0; at + sizeof(erg_edge_record) <= p->raw.len;) {
			erg_edge_record r;

			memcpy(&r, p->raw.ptr + at, sizeof r);
			at += sizeof r;
			if ((rc = take(ctx, &r, at)) < 0)
				return rc;
			at += r.len;
		}
		return 0;
	}
	for (uint32_t k = 0; k < e->nobjs; k++) {
		uint64_t size = erg_store_size(c->store, e->objs[k]), at = 0;

		if ((rc = erg_store_blocks_of(c->store, e->objs[k], &p->blocks[k])) < 0)
			return rc;
		while (at + sizeof(erg_edge_record) <= size) {
			/* A piece of whole records, or one record's header. */
			size_t n = size - at < piece ? (size_t)(size - at) : piece, pos = 0;

			if ((rc = erg_buf_reserve(&p->raw, n)) < 0 ||
			    (rc = erg_store_read_at(c->store, &p->blocks[k], at, p->raw.ptr, n)) < 0)
				return rc;
			while (pos + sizeof(erg_edge_record) <= n) {
				erg_edge_record r;

				memcpy(&r, p->raw.ptr + pos, sizeof r);
				if (pos > 0 && pos + sizeof r + r.len > n)
					break; /* it goes on past the piece: next piece */
				if ((rc = take(ctx, &r, p->objstart[k] + at + pos + sizeof r)) < 0)
					return rc;
				pos += sizeof r + r.len;
			}
			at += pos ? pos : n;
		}
	}
	return 0;
}

/* Make ready to scan an edge's records: read whole, or its blocks found. */
static int edge_start(erg_prov *p, const erg_edge *e)
{
	const erg_corpus *c = e->corpus;

	if (!erg_grow((void **)&p->objstart, &p->objstart_cap, e->nobjs + 1, sizeof *p->objstart))
		return ERG_ESYS;
	p->objstart[0] = 0;
	for (uint32_t k = 0; k < e->nobjs; k++)
		p->objstart[k + 1] = p->objstart[k] + erg_store_size(c->store, e->objs[k]);
	p->edge = e;
	p->pieces = !read_whole(c->store, p->objstart[e->nobjs]);
	p->ndocv = p->ndatev = p->nrefs = 0;
	p->ids = p->names = NULL;
	p->nids = p->nnames = 0;
	p->link = 0;
	if (p->pieces)
		return blocks_room(p, e->nobjs);
	return erg_read_objects(c, e->objs, e->nobjs, &p->raw);
}

int erg_prov_edge(erg_prov *p, const erg_edge *e)
{
	const erg_corpus *c = e->corpus;
	size_t ndocs, ndates, out;
	ev_ref *ev;
	int rc;

	if ((rc = edge_start(p, e)) < 0 || (rc = scan_records(p, e, take_record, p)) < 0)
		return rc;
	ndocs = erg_unique_u32(p->docv, p->ndocv);
	ndates = erg_unique_u32(p->datev, p->ndatev);

	/* Evidence by document, then each document's own by text and date,
	 * without repeats: sorted in place, kept ones moved up. */
	ev = p->refs;
	erg_unique_u64(ev, p->nrefs);
	out = 0;
	ev_prov = p;
	ev_rc = 0;
	for (size_t i = 0, j; i < p->nrefs; i = j) {
		for (j = i + 1; j < p->nrefs && ev_rank(ev[j]) == ev_rank(ev[i]); j++)
			;
		if (j - i > 1)
			erg_sort(ev + i, j - i, sizeof *ev, cmp_ev_ref);
		for (size_t k = i; k < j && ev_rc == 0; k++) {
			int xt, yt;

			/* ev[k - 1] is still there: nothing is written past k - 1. */
			if (k > i && cmp_ev_text(ev[k - 1], ev[k], &xt, &yt) == 0)
				continue;
			ev[out++] = ev[k];
		}
		if (ev_rc < 0)
			return ev_rc;
	}
	p->nevidence = out;

	if (!erg_grow((void **)&p->strs, &p->strs_cap, ndocs + ndates + 1, sizeof *p->strs) ||
	    !doc_ids(p, c, p->docv, ndocs, 0) || doc_nums(p, c, p->docv, ndocs) < 0)
		return ERG_ESYS;
	p->documents = p->strs;
	p->ndocuments = ndocs;
	p->dates = p->strs + ndocs;
	for (size_t i = 0; i < ndates; i++)
		p->dates[i] = c->pool.str[p->datev[i]];
	erg_sort(p->dates, ndates, sizeof *p->dates, erg_cmp_str);
	p->ndates = ndates;
	return 0;
}

/* ---- briefs: what a tooltip shows ----------------------------------- */

/* The ten smallest distinct ranks seen, in order. */
typedef struct {
	uint32_t rank[10];
	size_t n;
} first_ten;

static void first_ten_add(first_ten *f, uint32_t rank)
{
	size_t i = f->n;

	if (f->n == 10 && rank >= f->rank[9])
		return;
	while (i > 0 && f->rank[i - 1] > rank)
		i--;
	if (i > 0 && f->rank[i - 1] == rank)
		return;
	if (f->n < 10)
		f->n++;
	memmove(&f->rank[i + 1], &f->rank[i], (f->n - 1 - i) * sizeof *f->rank);
	f->rank[i] = rank;
}

/* The first documents of a brief, and how many there are in all. */
static int brief_documents(erg_prov *p, const erg_corpus *c, const first_ten *f, size_t all)
{
	if (!doc_ids(p, c, f->rank, f->n, 0) || doc_nums(p, c, f->rank, f->n) < 0)
		return ERG_ESYS;
	p->documents = p->strs;
	p->ndocuments = all;
	return 0;
}

typedef struct {
	erg_prov *p;
	first_ten docs;
	uint32_t date_min, date_max;   /* pool numbers; 0: none yet */
} edge_brief;

static int take_brief(void *ctx, const erg_edge_record *r, uint64_t pos)
{
	edge_brief *b = ctx;
	erg_prov *p = b->p;
	const erg_corpus *c = p->edge->corpus;
	const char *const *str = (const char *const *)c->pool.str;
	uint32_t rank = r->doc ? c->rank[r->doc - 1] : 0;

	if ((r->flags & ERG_REC_DOC) && r->doc)
		first_ten_add(&b->docs, rank);
	if ((r->flags & ERG_REC_DATE) && r->date) {
		if (!b->date_min || strcmp(str[r->date], str[b->date_min]) < 0)
			b->date_min = r->date;
		if (!b->date_max || strcmp(str[r->date], str[b->date_max]) > 0)
			b->date_max = r->date;
	}
	if (!(r->flags & ERG_REC_EVIDENCE) || !r->doc || (p->nrefs && rank > ev_rank(p->refs[0])))
		return 0;
	/* The first document's evidence only: the first evidence is among it. */
	if (p->nrefs && rank < ev_rank(p->refs[0]))
		p->nrefs = 0;
	return push_ref(p, rank, pos);
}

int erg_prov_edge_brief(erg_prov *p, const erg_edge *e)
{
	const erg_corpus *c = e->corpus;
	edge_brief b = {p, {{0}, 0}, 0, 0};
	int rc;

	if ((rc = edge_start(p, e)) < 0 || (rc = scan_records(p, e, take_brief, &b)) < 0)
		return rc;
	/* Room for the dates after the documents, before they are put. */
	if (!erg_grow((void **)&p->strs, &p->strs_cap, b.docs.n + 3, sizeof *p->strs))
		return ERG_ESYS;
	if ((rc = brief_documents(p, c, &b.docs, e->ndocs)) < 0)
		return rc;
	p->dates = p->strs + b.docs.n;
	p->ndates = !b.date_min ? 0 : b.date_min == b.date_max ? 1 : 2;
	p->dates[0] = b.date_min ? c->pool.str[b.date_min] : NULL;
	p->dates[p->ndates ? p->ndates - 1 : 0] = b.date_max ? c->pool.str[b.date_max] : NULL;
	/* The first document's evidence by text and date; the first of it. */
	ev_prov = p;
	ev_rc = 0;
	if (p->nrefs > 1)
		erg_sort(p->refs, p->nrefs, sizeof *p->refs, cmp_ev_ref);
	if (ev_rc < 0)
		return ev_rc;
	p->nevidence = p->nrefs ? 1 : 0;
	return 0;
}

typedef struct {
	const erg_corpus *c;
	first_ten docs;
	uint32_t link;
} node_brief;

static void take_node_brief(void *ctx, const erg_node_record *r, size_t nrec)
{
	node_brief *b = ctx;

	for (size_t i = 0; i < nrec; i++) {
		if (!(r[i].flags & ERG_REC_DOC) || !r[i].doc)
			continue;
		first_ten_add(&b->docs, b->c->rank[r[i].doc - 1]);
		consider_link(b->c, r[i].doc - 1, &b->link);
	}
}

int erg_prov_node_brief(erg_prov *p, const erg_node *n)
{
	node_brief b = {n->corpus, {{0}, 0}, 0};
	int rc;

	if ((rc = erg_node_records(p, &p->raw, n, take_node_brief, &b)) < 0 ||
	    (rc = brief_documents(p, n->corpus, &b.docs, n->ndocs)) < 0)
		return rc;
	p->ids = p->names = NULL;
	p->nids = p->nnames = 0;
	p->dates = NULL;
	p->ndates = p->nevidence = 0;
	p->link = b.link;
	return 0;
}

int erg_prov_evidence(erg_prov *p, size_t i, erg_evidence *out)
{
	const erg_corpus *c = p->edge->corpus;
	erg_edge_record h;
	int rc;

	if ((rc = ev_record(p, p->refs[i], &p->text, &h, &out->text)) < 0)
		return rc;
	out->document = erg_doc_id(c, c->byrank[ev_rank(p->refs[i])]);
	out->date = erg_pool_str(&c->pool, h.date);
	return 0;
}
