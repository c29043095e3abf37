/*
 * render_graphml.c - the GraphML output (docs/output-formats.md).
 *
 * For Gephi, yEd, Cytoscape and NetworkX: one <key> a typed attribute,
 * a directed graph (a symmetric relation is one edge with symmetric =
 * true: NetworkX refuses undirected edges in a directed graph), nodes by
 * id and edges in the graph JSON's order.  Written one node or edge at a
 * time, as graph JSON is.
 */
#include "internal.h"

#include <stdio.h>

static const char *const type_names[] = {"string", "int", "long", "boolean"};

/* The graph's own keys, and those a node or edge has besides xmlgraph.c's:
 * label is the column Gephi shows, an entity's canonical name or an edge's
 * relation type. */
static const erg_xattr graph_keys[] = {
	{"ergraph", ERG_XA_INT}, {"documents", ERG_XA_INT},
	{"first_published", ERG_XA_STRING}, {"last_published", ERG_XA_STRING}};
static const erg_xattr node_keys[] = {{"label", ERG_XA_STRING}};
static const erg_xattr edge_keys[] = {{"label", ERG_XA_STRING}, {"weight", ERG_XA_INT}};

static int keys(erg_buf *b, const char *on, const erg_xattr *attrs, size_t n, int rc)
{
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_buf_printf(b, "  <key id=\"%c_%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
				    on[0], attrs[i].name, on, attrs[i].name, type_names[attrs[i].type]);
	return rc;
}

/* <data key="p_name">value</data>, nothing for an absent value; a
 * graph's (prefix g) indented less than a node's or edge's. */
static int data(erg_buf *b, char prefix, const char *name, const char *value, int rc)
{
	if (rc < 0 || !value)
		return rc;
	if ((rc = erg_buf_printf(b, "%s<data key=\"%c_%s\">", prefix == 'g' ? "    " : "      ",
				 prefix, name)) == 0 &&
	    (rc = erg_xml_text(b, value)) == 0)
		rc = erg_buf_puts(b, "</data>\n");
	return rc;
}

static int values(erg_buf *b, char prefix, const erg_xattr *attrs, size_t n, const erg_xvalues *x,
		  int rc)
{
	for (size_t i = 0; i < n; i++)
		rc = data(b, prefix, attrs[i].name, x->v[i], rc);
	return rc;
}

static int header(erg_buf *b, const erg_graph *g)
{
	int rc = erg_buf_puts(b,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
		"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
		"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");

	rc = keys(b, "graph", graph_keys, sizeof graph_keys / sizeof *graph_keys, rc);
	rc = keys(b, "node", node_keys, sizeof node_keys / sizeof *node_keys, rc);
	rc = keys(b, "node", erg_xattrs_node, erg_xattrs_count(g, false), rc);
	rc = keys(b, "edge", edge_keys, sizeof edge_keys / sizeof *edge_keys, rc);
	return keys(b, "edge", erg_xattrs_edge, erg_xattrs_count(g, true), rc);
}

int erg_graph_write_graphml(const erg_graph *g, FILE *f)
{
	size_t nn = erg_xattrs_count(g, false), ne = erg_xattrs_count(g, true);
	erg_xvalues x = ERG_XVALUES_INIT;
	erg_buf b = ERG_BUF_INIT;
	const char *first, *last;
	char num[24];
	int rc;

	erg_graph_published(g, &first, &last);
	rc = header(&b, g);
	if (rc == 0)
		rc = erg_buf_puts(&b, "  <graph id=\"ergraph\" edgedefault=\"directed\">\n");
	snprintf(num, sizeof num, "%d", ERG_SCHEMA_VERSION);
	rc = data(&b, 'g', "ergraph", num, rc);
	snprintf(num, sizeof num, "%zu", erg_graph_document_count(g));
	rc = data(&b, 'g', "documents", num, rc);
	rc = data(&b, 'g', "first_published", first, rc);
	rc = data(&b, 'g', "last_published", last, rc);
	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		const erg_node *n = g->nodes[i];

		if ((rc = erg_buf_puts(&b, "    <node id=\"")) == 0 && (rc = erg_xml_text(&b, n->id)) == 0 &&
		    (rc = erg_buf_puts(&b, "\">\n")) == 0)
			rc = erg_xvalues_node(&x, n);
		rc = data(&b, 'n', "label", n->name, rc);
		rc = values(&b, 'n', erg_xattrs_node, nn, &x, rc);
		if (rc == 0)
			rc = erg_buf_puts(&b, "    </node>\n");
		rc = erg_xml_flush(&b, f, rc);
	}
	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		const erg_edge *e = g->edges[i];

		if ((rc = erg_buf_printf(&b, "    <edge id=\"e%zu\" source=\"", i)) == 0 &&
		    (rc = erg_xml_text(&b, e->source->id)) == 0 &&
		    (rc = erg_buf_puts(&b, "\" target=\"")) == 0 &&
		    (rc = erg_xml_text(&b, e->target->id)) == 0 && (rc = erg_buf_puts(&b, "\">\n")) == 0)
			rc = erg_xvalues_edge(&x, e);
		rc = data(&b, 'e', "label", e->type, rc);
		snprintf(num, sizeof num, "%lu", (unsigned long)e->ndocs);
		rc = data(&b, 'e', "weight", num, rc);
		rc = values(&b, 'e', erg_xattrs_edge, ne, &x, rc);
		if (rc == 0)
			rc = erg_buf_puts(&b, "    </edge>\n");
		rc = erg_xml_flush(&b, f, rc);
	}
	if (rc == 0)
		rc = erg_buf_puts(&b, "  </graph>\n</graphml>\n");
	rc = erg_xml_flush(&b, f, rc);
	erg_xvalues_free(&x);
	erg_buf_free(&b);
	return rc;
}
