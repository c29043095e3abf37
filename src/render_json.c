/*
 * render_json.c - the graph JSON output (docs/output-formats.md).
 *
 * Keys in a fixed order, nodes by id, edges by (source, type, target):
 * the same graph gives the same bytes.  Besides the contract's fields it
 * carries a "documents" table (id, title, source, published) so that a
 * graph read back can still link and name its documents.  Written as it
 * is made (jsonw.c): the lists of documents and evidence come from the
 * store one node or edge at a time and never all at once.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void erg_attrs_write(erg_jw *w, const erg_attrs *a)
{
	erg_jw_object(w);
	for (size_t i = 0; i < a->n; i++) {
		const erg_strset *vals = &a->v[i].values;

		erg_jw_key(w, a->v[i].key);
		if (vals->n == 1)
			erg_jw_string(w, vals->v[0]);
		else
			erg_jw_strings(w, (const char *const *)vals->v, vals->n);
	}
	erg_jw_end(w);
}

static void counted_write(erg_jw *w, const erg_keydocs *v, size_t n)
{
	erg_jw_object(w);
	for (size_t i = 0; i < n; i++) {
		erg_jw_key(w, v[i].key);
		erg_jw_strings(w, v[i].docs, v[i].ndocs);
	}
	erg_jw_end(w);
}

int erg_node_write(erg_jw *w, erg_prov *p, const erg_node *n)
{
	int rc;

	if ((rc = erg_prov_node(p, n)) < 0)
		return rc;
	erg_jw_object(w);
	erg_jw_key(w, "id");
	erg_jw_string(w, n->id);
	erg_jw_key(w, "type");
	erg_jw_string(w, n->type);
	erg_jw_key(w, "name");
	erg_jw_string(w, n->name);
	erg_jw_key(w, "aliases");
	erg_jw_strings(w, (const char *const *)n->aliases.v, n->aliases.n);
	erg_jw_key(w, "kb");
	erg_jw_string(w, n->kb);
	erg_jw_key(w, "documents");
	erg_jw_strings(w, p->documents, p->ndocuments);
	erg_jw_key(w, "mentions");
	erg_jw_int(w, n->mentions);
	erg_jw_key(w, "first_seen");
	erg_jw_string(w, n->first_seen);
	erg_jw_key(w, "last_seen");
	erg_jw_string(w, n->last_seen);
	erg_jw_key(w, "attributes");
	erg_attrs_write(w, &n->attrs);
	/* Which documents gave which id and name, when there are several:
	 * what graphs merged later need to choose as one build would. */
	if (p->nids) {
		erg_jw_key(w, "ids");
		counted_write(w, p->ids, p->nids);
	}
	if (p->nnames) {
		erg_jw_key(w, "names");
		counted_write(w, p->names, p->nnames);
	}
	/* Which types how many documents gave, when there are several. */
	if (n->ntypes > 1) {
		erg_jw_key(w, "types");
		erg_jw_object(w);
		for (uint32_t i = 0; i < n->ntypes; i++) {
			erg_jw_key(w, n->types[i].type);
			erg_jw_int(w, n->types[i].docs);
		}
		erg_jw_end(w);
	}
	erg_jw_end(w);
	return w->rc;
}

int erg_edge_write(erg_jw *w, erg_prov *p, const erg_edge *e)
{
	int rc;

	if ((rc = erg_prov_edge(p, e)) < 0)
		return rc;
	erg_jw_object(w);
	erg_jw_key(w, "source");
	erg_jw_string(w, e->source->id);
	erg_jw_key(w, "target");
	erg_jw_string(w, e->target->id);
	erg_jw_key(w, "type");
	erg_jw_string(w, e->type);
	erg_jw_key(w, "directed");
	erg_jw_bool(w, e->directed);
	erg_jw_key(w, "weight");
	erg_jw_int(w, e->ndocs);
	erg_jw_key(w, "documents");
	erg_jw_strings(w, p->documents, p->ndocuments);
	erg_jw_key(w, "evidence");
	erg_jw_array(w);
	for (size_t i = 0; i < p->nevidence; i++) {
		erg_evidence ev;

		if ((rc = erg_prov_evidence(p, i, &ev)) < 0)
			return rc;
		erg_jw_object(w);
		erg_jw_key(w, "document");
		erg_jw_string(w, ev.document);
		erg_jw_key(w, "text");
		erg_jw_string(w, ev.text);
		if (ev.date) {
			erg_jw_key(w, "date");
			erg_jw_string(w, ev.date);
		}
		erg_jw_end(w);
	}
	erg_jw_end(w);
	erg_jw_key(w, "dates");
	erg_jw_strings(w, p->dates, p->ndates);
	erg_jw_key(w, "first_seen");
	erg_jw_string(w, e->first_seen);
	erg_jw_key(w, "last_seen");
	erg_jw_string(w, e->last_seen);
	erg_jw_key(w, "attributes");
	erg_attrs_write(w, &e->attrs);
	erg_jw_end(w);
	return w->rc;
}

int erg_graph_write_json(const erg_graph *g, FILE *f)
{
	const erg_corpus *c = g->corpus;
	erg_prov p = ERG_PROV_INIT;
	const char *first, *last;
	erg_jw w;
	int rc = 0;

	erg_jw_init(&w, f, NULL, true);
	erg_graph_published(g, &first, &last);
	erg_jw_object(&w);
	erg_jw_key(&w, "ergraph");
	erg_jw_int(&w, ERG_SCHEMA_VERSION);
	erg_jw_key(&w, "corpus");
	erg_jw_object(&w);
	erg_jw_key(&w, "documents");
	erg_jw_int(&w, c->nlisted);
	erg_jw_key(&w, "first_published");
	erg_jw_string(&w, first);
	erg_jw_key(&w, "last_published");
	erg_jw_string(&w, last);
	erg_jw_end(&w);
	erg_jw_key(&w, "documents");
	erg_jw_array(&w);
	for (uint32_t r = 0; r < c->ndocs && rc == 0; r++) {
		const erg_docinfo *d;

		if (!c->docs[c->byrank[r]].listed)
			continue;
		if (!(d = erg_graph_doc(g, c->byrank[r]))) {
			rc = ERG_ESYS;
			break;
		}
		erg_jw_object(&w);
		erg_jw_key(&w, "id");
		erg_jw_string(&w, d->id);
		erg_jw_key(&w, "title");
		erg_jw_string(&w, d->title);
		erg_jw_key(&w, "source");
		erg_jw_string(&w, d->source);
		erg_jw_key(&w, "published");
		erg_jw_string(&w, d->published);
		erg_jw_end(&w);
	}
	erg_jw_end(&w);
	erg_jw_key(&w, "nodes");
	erg_jw_array(&w);
	for (size_t i = 0; i < g->nnodes && rc == 0; i++)
		rc = erg_node_write(&w, &p, g->nodes[i]);
	erg_jw_end(&w);
	/* The lists of the most named node are long: let them go before
	 * the edges' lists grow alongside them. */
	erg_prov_free(&p);
	erg_jw_key(&w, "edges");
	erg_jw_array(&w);
	for (size_t i = 0; i < g->nedges && rc == 0; i++)
		rc = erg_edge_write(&w, &p, g->edges[i]);
	erg_jw_end(&w);
	erg_jw_end(&w);
	erg_prov_free(&p);
	return erg_jw_done(&w, rc);
}
