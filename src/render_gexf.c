/*
 * render_gexf.c - the GEXF output (docs/output-formats.md).
 *
 * For Gephi and NetworkX: GEXF 1.2 (the 1.2draft namespace, the newest
 * that Debian 12's NetworkX reads; Gephi reads it as well as 1.3), static,
 * directed, with the attributes of xmlgraph.c declared as <attributes>.
 * The label and weight are GEXF's own XML attributes of a node or edge.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const type_names[] = {"string", "integer", "long", "boolean"};

static int declare(erg_buf *b, const char *class, const erg_xattr *attrs, size_t n)
{
	int rc = erg_buf_printf(b, "    <attributes class=\"%s\">\n", class);

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = erg_buf_printf(b, "      <attribute id=\"%zu\" title=\"%s\" type=\"%s\"/>\n", i,
				    attrs[i].name, type_names[attrs[i].type]);
	if (rc == 0)
		rc = erg_buf_puts(b, "    </attributes>\n");
	return rc;
}

/* name="value" (value escaped), after a space. */
static int xml_attr(erg_buf *b, const char *name, const char *value, int rc)
{
	if (rc == 0 && (rc = erg_buf_printf(b, " %s=\"", name)) == 0 && (rc = erg_xml_text(b, value)) == 0)
		rc = erg_buf_puts(b, "\"");
	return rc;
}

/* The <attvalues> of a node or edge, absent values left out. */
static int attvalues(erg_buf *b, const erg_xvalues *x, size_t n, int rc)
{
	if (rc == 0)
		rc = erg_buf_puts(b, ">\n        <attvalues>\n");
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!x->v[i])
			continue;
		if ((rc = erg_buf_printf(b, "          <attvalue for=\"%zu\"", i)) == 0 &&
		    (rc = xml_attr(b, "value", x->v[i], rc)) == 0)
			rc = erg_buf_puts(b, "/>\n");
	}
	if (rc == 0)
		rc = erg_buf_puts(b, "        </attvalues>\n");
	return rc;
}

int erg_graph_write_gexf(const erg_graph *g, FILE *f)
{
	size_t nn = erg_xattrs_count(g, false), ne = erg_xattrs_count(g, true);
	erg_xvalues x = ERG_XVALUES_INIT;
	erg_buf b = ERG_BUF_INIT;
	char *title = erg_graph_title(g);
	int rc = title ? 0 : ERG_ESYS;

	if (rc == 0)
		rc = erg_buf_puts(&b,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<gexf xmlns=\"http://www.gexf.net/1.2draft\"\n"
			"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
			"    xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
			"http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n"
			"  <meta>\n    <creator>ergraph</creator>\n    <description>");
	if (rc == 0 && (rc = erg_xml_text(&b, title)) == 0)
		rc = erg_buf_puts(&b, "</description>\n  </meta>\n"
				  "  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
	if (rc == 0)
		rc = declare(&b, "node", erg_xattrs_node, nn);
	if (rc == 0)
		rc = declare(&b, "edge", erg_xattrs_edge, ne);
	if (rc == 0)
		rc = erg_buf_puts(&b, "    <nodes>\n");
	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		const erg_node *n = g->nodes[i];

		if ((rc = erg_buf_puts(&b, "      <node")) == 0)
			rc = erg_xvalues_node(&x, n);
		rc = xml_attr(&b, "id", n->id, rc);
		rc = xml_attr(&b, "label", n->name, rc);
		rc = attvalues(&b, &x, nn, rc);
		if (rc == 0)
			rc = erg_buf_puts(&b, "      </node>\n");
		rc = erg_xml_flush(&b, f, rc);
	}
	if (rc == 0)
		rc = erg_buf_puts(&b, "    </nodes>\n    <edges>\n");
	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		const erg_edge *e = g->edges[i];

		if ((rc = erg_buf_printf(&b, "      <edge id=\"e%zu\"", i)) == 0)
			rc = erg_xvalues_edge(&x, e);
		rc = xml_attr(&b, "source", e->source->id, rc);
		rc = xml_attr(&b, "target", e->target->id, rc);
		rc = xml_attr(&b, "label", e->type, rc);
		if (rc == 0)
			rc = erg_buf_printf(&b, " weight=\"%lu\"", (unsigned long)e->ndocs);
		rc = attvalues(&b, &x, ne, rc);
		if (rc == 0)
			rc = erg_buf_puts(&b, "      </edge>\n");
		rc = erg_xml_flush(&b, f, rc);
	}
	if (rc == 0)
		rc = erg_buf_puts(&b, "    </edges>\n  </graph>\n</gexf>\n");
	rc = erg_xml_flush(&b, f, rc);
	erg_xvalues_free(&x);
	erg_buf_free(&b);
	free(title);
	return rc;
}
