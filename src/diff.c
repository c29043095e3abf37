/*
 * diff.c - two finished graphs compared: a list of deltas.
 *
 * Entities are matched by id (a merged-away id counts), then kb, then a
 * name or alias shared within one type: the rules that merge entities in
 * a corpus decide what is "the same entity" across versions too.  Edges
 * are keyed (source, type, target) through that matching, symmetric ones
 * with their ends in order, so an edge written the other way round is no
 * change.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- changes ------------------------------------------------------ */

static erg_change *new_change(erg_delta_rec *r, const char *field)
{
	erg_change *v = erg_reallocarray(r->changes, r->nchanges + 1, sizeof *v);

	if (!v)
		return NULL;
	r->changes = v;
	v = &r->changes[r->nchanges++];
	memset(v, 0, sizeof *v);
	if (!(v->field = erg_strdup(field))) {
		r->nchanges--;
		return NULL;
	}
	return v;
}

static int scalar(erg_delta_rec *r, const char *field, const char *a, const char *b)
{
	erg_change *c;

	if ((!a && !b) || (a && b && strcmp(a, b) == 0))
		return 0;
	if (!(c = new_change(r, field)) || (a && !(c->old_value = erg_strdup(a))) ||
	    (b && !(c->new_value = erg_strdup(b))))
		return ERG_ESYS;
	return 0;
}

/* A number or boolean: compared as text, written bare. */
static int bare(erg_delta_rec *r, const char *field, const char *a, const char *b)
{
	size_t before = r->nchanges;
	int rc = scalar(r, field, a, b);

	if (rc == 0 && r->nchanges > before)
		r->changes[before].bare = true;
	return rc;
}

static int number(erg_delta_rec *r, const char *field, long a, long b)
{
	char sa[32], sb[32];

	snprintf(sa, sizeof sa, "%ld", a);
	snprintf(sb, sizeof sb, "%ld", b);
	return bare(r, field, sa, sb);
}

static int set(erg_delta_rec *r, const char *field, const erg_strset *a, const erg_strset *b)
{
	erg_change *c = NULL;

	for (size_t i = 0; i < b->n; i++) {
		if (erg_strset_has(a, b->v[i]))
			continue;
		if ((!c && !(c = new_change(r, field))) || erg_strset_add(&c->added, b->v[i]) < 0)
			return ERG_ESYS;
		c->is_set = true;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (erg_strset_has(b, a->v[i]))
			continue;
		if ((!c && !(c = new_change(r, field))) || erg_strset_add(&c->removed, a->v[i]) < 0)
			return ERG_ESYS;
		c->is_set = true;
	}
	return 0;
}

static int attributes(erg_delta_rec *r, const erg_attrs *a, const erg_attrs *b)
{
	static const erg_strset none;
	erg_strset keys = {0};
	erg_buf field = ERG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < a->n && rc >= 0; i++)
		rc = erg_strset_add(&keys, a->v[i].key);
	for (size_t i = 0; i < b->n && rc >= 0; i++)
		rc = erg_strset_add(&keys, b->v[i].key);
	for (size_t i = 0; i < keys.n && rc >= 0; i++) {
		const erg_attr *x = erg_attrs_get(a, keys.v[i]), *y = erg_attrs_get(b, keys.v[i]);

		field.len = 0;
		if ((rc = erg_buf_printf(&field, "attributes.%s", keys.v[i])) == 0)
			rc = set(r, field.ptr, x ? &x->values : &none, y ? &y->values : &none);
	}
	erg_strset_free(&keys);
	erg_buf_free(&field);
	return rc < 0 ? rc : 0;
}

/* A sorted list as a set (for `set`). */
static int set_of(erg_strset *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (erg_strset_add(s, v[i]) < 0)
			return ERG_ESYS;
	return 0;
}

static int node_changes(erg_delta_rec *r, const erg_node *a, const erg_node *b)
{
	erg_prov pa = ERG_PROV_INIT, pb = ERG_PROV_INIT;
	erg_strset da = {0}, db = {0};
	int rc;

	if ((rc = erg_prov_node(&pa, a)) < 0 || (rc = erg_prov_node(&pb, b)) < 0 ||
	    (rc = set_of(&da, pa.documents, pa.ndocuments)) < 0 ||
	    (rc = set_of(&db, pb.documents, pb.ndocuments)) < 0)
		goto done;
	if ((rc = scalar(r, "id", a->id, b->id)) < 0 || (rc = scalar(r, "type", a->type, b->type)) < 0 ||
	    (rc = scalar(r, "name", a->name, b->name)) < 0 || (rc = scalar(r, "kb", a->kb, b->kb)) < 0 ||
	    (rc = set(r, "aliases", &a->aliases, &b->aliases)) < 0 ||
	    (rc = set(r, "documents", &da, &db)) < 0 ||
	    (rc = number(r, "mentions", a->mentions, b->mentions)) < 0 ||
	    (rc = scalar(r, "first_seen", a->first_seen, b->first_seen)) < 0 ||
	    (rc = scalar(r, "last_seen", a->last_seen, b->last_seen)) < 0)
		goto done;
	rc = attributes(r, &a->attrs, &b->attrs);
done:
	erg_prov_free(&pa);
	erg_prov_free(&pb);
	erg_strset_free(&da);
	erg_strset_free(&db);
	return rc;
}

/* Evidence compared as "document: text" lines. */
static int evidence_set(erg_strset *s, erg_prov *p)
{
	erg_buf b = ERG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < p->nevidence && rc >= 0; i++) {
		erg_evidence ev;

		b.len = 0;
		if ((rc = erg_prov_evidence(p, i, &ev)) == 0 &&
		    (rc = erg_buf_printf(&b, "%s: %s", ev.document, ev.text ? ev.text : "")) == 0)
			rc = erg_strset_add(s, b.ptr);
	}
	erg_buf_free(&b);
	return rc < 0 ? rc : 0;
}

static int edge_changes(erg_delta_rec *r, const erg_edge *a, const erg_edge *b)
{
	erg_prov pa = ERG_PROV_INIT, pb = ERG_PROV_INIT;
	erg_strset ea = {0}, eb = {0}, da = {0}, db = {0}, ta = {0}, tb = {0};
	int rc;

	if ((rc = erg_prov_edge(&pa, a)) < 0 || (rc = erg_prov_edge(&pb, b)) < 0 ||
	    (rc = set_of(&da, pa.documents, pa.ndocuments)) < 0 ||
	    (rc = set_of(&db, pb.documents, pb.ndocuments)) < 0 ||
	    (rc = set_of(&ta, pa.dates, pa.ndates)) < 0 || (rc = set_of(&tb, pb.dates, pb.ndates)) < 0 ||
	    (rc = evidence_set(&ea, &pa)) < 0 || (rc = evidence_set(&eb, &pb)) < 0)
		goto done;
	if ((rc = bare(r, "directed", a->directed ? "true" : "false", b->directed ? "true" : "false")) < 0 ||
	    (rc = number(r, "weight", (long)a->ndocs, (long)b->ndocs)) < 0 ||
	    (rc = set(r, "documents", &da, &db)) < 0 || (rc = set(r, "dates", &ta, &tb)) < 0 ||
	    (rc = set(r, "evidence", &ea, &eb)) < 0 ||
	    (rc = scalar(r, "first_seen", a->first_seen, b->first_seen)) < 0 ||
	    (rc = scalar(r, "last_seen", a->last_seen, b->last_seen)) < 0)
		goto done;
	rc = attributes(r, &a->attrs, &b->attrs);
done:
	erg_prov_free(&pa);
	erg_prov_free(&pb);
	erg_strset_free(&ea);
	erg_strset_free(&eb);
	erg_strset_free(&da);
	erg_strset_free(&db);
	erg_strset_free(&ta);
	erg_strset_free(&tb);
	return rc;
}

/* ---- matching ------------------------------------------------------ */

typedef struct {
	const erg_node **new_of_old;  /* by old index */
	const erg_node **old_of_new;  /* by new index */
} matching;

static void pair(matching *m, const erg_node *a, const erg_node *b)
{
	m->new_of_old[a->index] = b;
	m->old_of_new[b->index] = a;
}

/* A key -> node map over the new graph; a key two nodes share maps to none. */
static int index_new(erg_map *kb, erg_map *names, const erg_graph *g)
{
	static char ambiguous;
	erg_buf key = ERG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		const erg_node *n = g->nodes[i];

		if (n->kb)
			rc = erg_map_put(kb, n->kb, erg_map_get(kb, n->kb) ? &ambiguous : (void *)n);
		for (size_t k = 0; k <= n->aliases.n && rc == 0; k++) {
			char *norm = erg_name_key(k < n->aliases.n ? n->aliases.v[k] : n->name);
			void *had;

			if (!norm) {
				rc = ERG_ESYS;
				break;
			}
			key.len = 0;
			if ((rc = erg_buf_printf(&key, "%s\x1f%s", n->type, norm)) == 0) {
				had = erg_map_get(names, key.ptr);
				rc = erg_map_put(names, key.ptr, had && had != n ? &ambiguous : (void *)n);
			}
			free(norm);
		}
	}
	erg_buf_free(&key);
	/* Ambiguous keys match nothing. */
	for (size_t i = 0; i < kb->cap; i++)
		if (kb->keys[i] && kb->vals[i] == &ambiguous)
			kb->vals[i] = NULL;
	for (size_t i = 0; i < names->cap; i++)
		if (names->keys[i] && names->vals[i] == &ambiguous)
			names->vals[i] = NULL;
	return rc;
}

/* The node of `names` that shares a name or alias with a, or NULL in *found. */
static int by_name(const erg_map *names, const erg_node *a, const matching *m,
		   const erg_node **found)
{
	erg_buf key = ERG_BUF_INIT;
	int rc = 0;

	*found = NULL;
	for (size_t k = 0; k <= a->aliases.n && !*found && rc == 0; k++) {
		char *norm = erg_name_key(k < a->aliases.n ? a->aliases.v[k] : a->name);
		const erg_node *b;

		key.len = 0;
		if (!norm || erg_buf_printf(&key, "%s\x1f%s", a->type, norm) < 0)
			rc = erg_nomem();
		else if ((b = erg_map_get(names, key.ptr)) && !m->old_of_new[b->index])
			*found = b;
		free(norm);
	}
	erg_buf_free(&key);
	return rc;
}

static int match_nodes(matching *m, const erg_graph *a, const erg_graph *b)
{
	erg_map kb = {0}, names = {0};
	int rc;

	/* 1. The same id, or an id the new graph merged into a node. */
	for (size_t i = 0; i < a->nnodes; i++) {
		const erg_node *x = a->nodes[i], *y = erg_graph_find_id(b, x->id);

		if (y && strcmp(x->type, y->type) == 0 && !m->old_of_new[y->index])
			pair(m, x, y);
	}
	/* 2. The same kb; 3. a shared name or alias within the type. */
	if ((rc = index_new(&kb, &names, b)) < 0)
		goto done;
	for (size_t i = 0; i < a->nnodes; i++) {
		const erg_node *x = a->nodes[i], *y = NULL;

		if (m->new_of_old[i])
			continue;
		if (x->kb && (y = erg_map_get(&kb, x->kb)) && (strcmp(x->type, y->type) != 0 || m->old_of_new[y->index]))
			y = NULL;
		if (!y && (rc = by_name(&names, x, m, &y)) < 0)
			goto done;
		if (y)
			pair(m, x, y);
	}
done:
	erg_map_free(&kb);
	erg_map_free(&names);
	return rc;
}

/* ---- deltas ----------------------------------------------------------- */

static erg_delta_rec *new_delta(erg_diff *d, erg_delta_kind kind, bool is_edge)
{
	erg_delta_rec *v = erg_reallocarray(d->deltas, d->ndeltas + 1, sizeof *v);

	if (!v)
		return NULL;
	d->deltas = v;
	v = &d->deltas[d->ndeltas++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->is_edge = is_edge;
	return v;
}

static void delta_free(erg_delta_rec *r)
{
	for (size_t i = 0; i < r->nchanges; i++) {
		free(r->changes[i].field);
		free(r->changes[i].old_value);
		free(r->changes[i].new_value);
		erg_strset_free(&r->changes[i].added);
		erg_strset_free(&r->changes[i].removed);
	}
	free(r->changes);
	free(r->id);
	free(r->old_id);
}

static int cmp_delta(const void *a, const void *b)
{
	const erg_delta_rec *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (int)x->kind - (int)y->kind;
}

static int node_deltas(erg_diff *d, const matching *m)
{
	const erg_graph *a = d->old_graph, *b = d->new_graph;
	erg_delta_rec *r;

	for (size_t i = 0; i < a->nnodes; i++) {
		const erg_node *x = a->nodes[i], *y = m->new_of_old[i];

		if (!y) {
			if (!(r = new_delta(d, ERG_DELTA_REMOVED, false)) || !(r->id = erg_strdup(x->id)))
				return ERG_ESYS;
			r->old_node = x;
			continue;
		}
		if (!(r = new_delta(d, ERG_DELTA_CHANGED, false)) || !(r->id = erg_strdup(y->id)) ||
		    (strcmp(x->id, y->id) != 0 && !(r->old_id = erg_strdup(x->id))) || node_changes(r, x, y) < 0)
			return ERG_ESYS;
		r->old_node = x;
		r->new_node = y;
		if (!r->nchanges) {
			delta_free(r);
			d->ndeltas--;
			d->unchanged_nodes++;
		}
	}
	for (size_t i = 0; i < b->nnodes; i++) {
		if (m->old_of_new[i])
			continue;
		if (!(r = new_delta(d, ERG_DELTA_ADDED, false)) || !(r->id = erg_strdup(b->nodes[i]->id)))
			return ERG_ESYS;
		r->new_node = b->nodes[i];
	}
	erg_sort(d->deltas, d->ndeltas, sizeof *d->deltas, cmp_delta);
	d->nnode_deltas = d->ndeltas;
	return 0;
}

/* "source type target" of an edge, its ends named as in the new graph. */
static char *edge_key(const erg_edge *e, const char *s, const char *t)
{
	erg_buf b = ERG_BUF_INIT;

	if (!e->directed && strcmp(s, t) > 0) {
		const char *tmp = s;

		s = t;
		t = tmp;
	}
	if (erg_buf_printf(&b, "%s %s %s", s, e->type, t) < 0)
		return NULL;
	return erg_buf_detach(&b);
}

static int edge_deltas(erg_diff *d, const matching *m)
{
	const erg_graph *a = d->old_graph, *b = d->new_graph;
	erg_map old_edges = {0};
	size_t first = d->ndeltas;
	int rc = 0;

	for (size_t i = 0; i < a->nedges && rc == 0; i++) {
		const erg_edge *e = a->edges[i];
		const erg_node *s = m->new_of_old[e->source->index], *t = m->new_of_old[e->target->index];
		char *key = edge_key(e, s ? s->id : e->source->id, t ? t->id : e->target->id);

		rc = key ? erg_map_put(&old_edges, key, (void *)e) : ERG_ESYS;
		free(key);
	}
	for (size_t i = 0; i < b->nedges && rc == 0; i++) {
		const erg_edge *e = b->edges[i], *o;
		char *key = edge_key(e, e->source->id, e->target->id);
		erg_delta_rec *r;

		if (!key) {
			rc = ERG_ESYS;
			break;
		}
		o = erg_map_get(&old_edges, key);
		if (!(r = new_delta(d, o ? ERG_DELTA_CHANGED : ERG_DELTA_ADDED, true))) {
			free(key);
			rc = ERG_ESYS;
			break;
		}
		r->id = key;
		r->new_edge = e;
		r->old_edge = o;
		if (o) {
			if ((rc = erg_map_put(&old_edges, key, NULL)) < 0 || /* seen */
			    (rc = edge_changes(r, o, e)) < 0)
				break;
			if (!r->nchanges) {
				delta_free(r);
				d->ndeltas--;
				d->unchanged_edges++;
			}
		}
	}
	for (size_t i = 0; i < old_edges.cap && rc == 0; i++) {
		erg_delta_rec *r;

		if (!old_edges.keys[i] || !old_edges.vals[i])
			continue;
		if (!(r = new_delta(d, ERG_DELTA_REMOVED, true)) || !(r->id = erg_strdup(old_edges.keys[i]))) {
			rc = ERG_ESYS;
			break;
		}
		r->old_edge = old_edges.vals[i];
	}
	erg_map_free(&old_edges);
	/* No edge delta and no delta before: deltas is NULL, and NULL + 0 is undefined. */
	if (rc == 0 && d->ndeltas > first)
		erg_sort(d->deltas + first, d->ndeltas - first, sizeof *d->deltas, cmp_delta);
	return rc;
}

int erg_diff_graphs(erg_diff **out, const erg_graph *a, const erg_graph *b)
{
	erg_diff *d;
	matching m;
	int rc;

	*out = NULL;
	if (!a->finished || !b->finished)
		return erg_fail(ERG_EUSAGE, "diff: both graphs must be finished");
	if (!(d = erg_calloc(1, sizeof *d)))
		return ERG_ESYS;
	d->old_graph = a;
	d->new_graph = b;
	m.new_of_old = erg_calloc(a->nnodes, sizeof *m.new_of_old);
	m.old_of_new = erg_calloc(b->nnodes, sizeof *m.old_of_new);
	d->new_of_old = m.new_of_old; /* kept for the union graph */
	if (!m.new_of_old || !m.old_of_new)
		rc = ERG_ESYS;
	else if ((rc = match_nodes(&m, a, b)) == 0 && (rc = node_deltas(d, &m)) == 0)
		rc = edge_deltas(d, &m);
	free(m.old_of_new);
	if (rc < 0) {
		erg_diff_free(d);
		return rc == ERG_ESYS ? erg_nomem() : rc;
	}
	*out = d;
	return 0;
}

void erg_diff_free(erg_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->ndeltas; i++)
		delta_free(&d->deltas[i]);
	free(d->deltas);
	free(d->new_of_old);
	free(d);
}

size_t erg_diff_delta_count(const erg_diff *d)
{
	return d->ndeltas;
}

int erg_diff_delta(const erg_diff *d, size_t i, erg_delta *out)
{
	if (i >= d->ndeltas)
		return erg_fail(ERG_EUSAGE, "diff: no delta %zu (there are %zu)", i, d->ndeltas);
	out->kind = d->deltas[i].kind;
	out->is_edge = d->deltas[i].is_edge;
	out->id = d->deltas[i].id;
	out->old_id = d->deltas[i].old_id;
	out->nchanges = d->deltas[i].nchanges;
	return 0;
}

/* ---- the union graph ----------------------------------------------------- */

/* A removed entity whose id another entity took in the new graph. */
static int rename_old(erg_graph *u, erg_node *n)
{
	erg_buf id = ERG_BUF_INIT;
	int rc;

	if ((rc = erg_buf_printf(&id, "%s~old", n->id)) == 0 && !(n->id = erg_graph_intern(u, id.ptr)))
		rc = ERG_ESYS;
	erg_buf_free(&id);
	return rc;
}

int erg_diff_union(const erg_diff *d, erg_graph **out)
{
	const erg_graph *a = d->old_graph, *b = d->new_graph;
	erg_graph *u = NULL;
	erg_node **from_new = NULL, **from_old = NULL;
	erg_map edge_kind = {0};
	int rc;

	*out = NULL;
	if ((rc = erg_graph_new(&u)) < 0)
		return rc;
	from_new = erg_calloc(b->nnodes, sizeof *from_new);
	from_old = erg_calloc(a->nnodes, sizeof *from_old);
	if (!from_new || !from_old) {
		rc = ERG_ESYS;
		goto done;
	}
	/* Every new entity, unchanged unless a delta says otherwise. */
	for (size_t i = 0; i < b->nnodes && rc == 0; i++)
		rc = erg_graph_copy_node(u, b->nodes[i], &from_new[i]);
	for (size_t i = 0; i < a->nnodes && rc == 0; i++)
		if (d->new_of_old[i])
			from_old[i] = from_new[d->new_of_old[i]->index];
	for (size_t i = 0; i < d->nnode_deltas && rc == 0; i++) {
		const erg_delta_rec *r = &d->deltas[i];
		erg_node *n;

		if (r->kind != ERG_DELTA_REMOVED) {
			from_new[r->new_node->index]->status = (unsigned char)r->kind;
			continue;
		}
		if ((rc = erg_graph_copy_node(u, r->old_node, &n)) < 0)
			break;
		n->status = ERG_DELTA_REMOVED;
		from_old[r->old_node->index] = n;
		if (erg_graph_find_id(b, n->id))
			rc = rename_old(u, n);
	}
	/* Every new edge, with the kind of its delta if it has one. */
	for (size_t i = d->nnode_deltas; i < d->ndeltas && rc == 0; i++)
		if (d->deltas[i].kind != ERG_DELTA_REMOVED)
			rc = erg_map_put(&edge_kind, d->deltas[i].id, (void *)(intptr_t)d->deltas[i].kind);
	for (size_t i = 0; i < b->nedges && rc == 0; i++) {
		const erg_edge *e = b->edges[i];
		char *key = edge_key(e, e->source->id, e->target->id);

		if (!key || (rc = erg_graph_copy_edge(u, e, from_new[e->source->index],
						      from_new[e->target->index])) < 0) {
			free(key);
			rc = ERG_ESYS;
			break;
		}
		u->edges[u->nedges - 1]->status = (unsigned char)(intptr_t)erg_map_get(&edge_kind, key);
		free(key);
	}
	/* And the removed ones, between their entities' twins or old copies. */
	for (size_t i = d->nnode_deltas; i < d->ndeltas && rc == 0; i++) {
		const erg_delta_rec *r = &d->deltas[i];
		const erg_edge *e = r->old_edge;

		if (r->kind != ERG_DELTA_REMOVED)
			continue;
		if ((rc = erg_graph_copy_edge(u, e, from_old[e->source->index], from_old[e->target->index])) == 0)
			u->edges[u->nedges - 1]->status = ERG_DELTA_REMOVED;
	}
	if (rc == 0 && (rc = erg_graph_copy_documents(u, a)) == 0 &&
	    (rc = erg_graph_copy_documents(u, b)) == 0 && (rc = erg_graph_vocab(u, NULL)) == 0)
		rc = erg_graph_finish(u);
done:
	erg_map_free(&edge_kind);
	free(from_new);
	free(from_old);
	if (rc < 0) {
		erg_graph_free(u);
		return rc;
	}
	u->is_diff = true;
	*out = u;
	return 0;
}
