/*
 * render_json.c - the graph JSON output (DESIGN.md section 3).
 *
 * Keys in a fixed order, nodes by id, edges by (source, type, target):
 * the same graph gives the same bytes.  Besides the contract's fields it
 * carries a "documents" table (id, title, source, published) so that a
 * graph read back can still link and name its documents.
 */
#include "internal.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>

static bool add_str(cJSON *obj, const char *key, const char *val)
{
	return val ? cJSON_AddStringToObject(obj, key, val) != NULL
		   : cJSON_AddNullToObject(obj, key) != NULL;
}

static bool add_item(cJSON *obj, const char *key, cJSON *item)
{
	if (!item || !cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

static cJSON *corpus_json(const erg_graph *g)
{
	cJSON *c = cJSON_CreateObject();
	const char *first, *last;

	erg_graph_published(g, &first, &last);
	if (!c || !cJSON_AddNumberToObject(c, "documents", (double)g->ndocs) ||
	    !add_str(c, "first_published", first) || !add_str(c, "last_published", last)) {
		cJSON_Delete(c);
		return NULL;
	}
	return c;
}

static cJSON *documents_json(const erg_graph *g)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < g->ndocs; i++) {
		const erg_docinfo *d = g->doclist[i];
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		if (!add_str(o, "id", d->id) || !add_str(o, "title", d->title) ||
		    !add_str(o, "source", d->source) || !add_str(o, "published", d->published))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

cJSON *erg_counted_json(const erg_attrs *a)
{
	cJSON *o;

	if (a->n < 2)
		return NULL;
	if (!(o = cJSON_CreateObject()))
		return NULL;
	for (size_t i = 0; i < a->n; i++) {
		cJSON *docs = erg_strset_to_json(&a->v[i].values);

		if (!docs || !cJSON_AddItemToObject(o, a->v[i].key, docs)) {
			cJSON_Delete(docs);
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

cJSON *erg_node_json(const erg_node *n)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !add_str(o, "id", n->id) || !add_str(o, "type", n->type) ||
	    !add_str(o, "name", n->name) || !add_item(o, "aliases", erg_strset_to_json(&n->aliases)) ||
	    !add_str(o, "kb", n->kb) || !add_item(o, "documents", erg_strset_to_json(&n->documents)) ||
	    !cJSON_AddNumberToObject(o, "mentions", (double)n->mentions) ||
	    !add_str(o, "first_seen", n->first_seen) || !add_str(o, "last_seen", n->last_seen) ||
	    !add_item(o, "attributes", erg_attrs_to_json(&n->attrs)) ||
	    /* Which documents gave which id and name, when there are several:
	     * what graphs merged later need to choose as one build would. */
	    (n->ids.n > 1 && !add_item(o, "ids", erg_counted_json(&n->ids))) ||
	    (n->names.n > 1 && !add_item(o, "names", erg_counted_json(&n->names)))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *evidence_json(const erg_edge *e)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < e->nevidence; i++) {
		const erg_evidence *v = &e->evidence[i];
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		if (!add_str(o, "document", v->document) || !add_str(o, "text", v->text) ||
		    (v->date && !add_str(o, "date", v->date)))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

cJSON *erg_edge_json(const erg_edge *e)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !add_str(o, "source", e->source->id) || !add_str(o, "target", e->target->id) ||
	    !add_str(o, "type", e->type) || !cJSON_AddBoolToObject(o, "directed", e->directed) ||
	    !cJSON_AddNumberToObject(o, "weight", (double)e->documents.n) ||
	    !add_item(o, "documents", erg_strset_to_json(&e->documents)) ||
	    !add_item(o, "evidence", evidence_json(e)) ||
	    !add_item(o, "dates", erg_strset_to_json(&e->dates)) ||
	    !add_str(o, "first_seen", e->first_seen) || !add_str(o, "last_seen", e->last_seen) ||
	    !add_item(o, "attributes", erg_attrs_to_json(&e->attrs))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *erg_graph_json(const erg_graph *g)
{
	cJSON *root = cJSON_CreateObject(), *nodes = NULL, *edges = NULL;
	char *text = NULL;

	if (!root || !cJSON_AddNumberToObject(root, "ergraph", ERG_SCHEMA_VERSION) ||
	    !add_item(root, "corpus", corpus_json(g)) ||
	    !add_item(root, "documents", documents_json(g)) ||
	    !add_item(root, "nodes", nodes = cJSON_CreateArray()) ||
	    !add_item(root, "edges", edges = cJSON_CreateArray()))
		goto done;
	for (size_t i = 0; i < g->nnodes; i++) {
		cJSON *n = erg_node_json(g->nodes[i]);

		if (!n || !cJSON_AddItemToArray(nodes, n)) {
			cJSON_Delete(n);
			goto done;
		}
	}
	for (size_t i = 0; i < g->nedges; i++) {
		cJSON *e = erg_edge_json(g->edges[i]);

		if (!e || !cJSON_AddItemToArray(edges, e)) {
			cJSON_Delete(e);
			goto done;
		}
	}
	text = cJSON_Print(root);
done:
	cJSON_Delete(root);
	if (!text)
		erg_nomem();
	return text;
}

int erg_graph_write_json(const erg_graph *g, FILE *f)
{
	char *text = erg_graph_json(g);
	size_t len;
	int rc = 0;

	if (!text)
		return ERG_ESYS;
	len = strlen(text);
	text[len] = '\n'; /* replaces the NUL: written by length */
	if (fwrite(text, 1, len + 1, f) != len + 1)
		rc = erg_fail(ERG_ESYS, "cannot write the graph JSON: %s", strerror(errno));
	free(text);
	return rc;
}
