/*
 * render_html.c - the HTML page to explore a graph (docs/output-formats.md).
 *
 * One file that needs nothing else: the SVG of -o .svg inline (so that
 * the page without JavaScript is the drawing with its tooltips), the
 * graph's data as JSON in a <script type="application/json">, and the
 * page's script and style (src/html/, embedded at build time).  A meta
 * Content-Security-Policy allows only that script and that style, named
 * by their SHA-256 hashes, and fetches nothing.  The evidence of each
 * relation and the documents of each entity are bounded
 * (ERG_HTML_MAX_EVIDENCE); the data says how many there were.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Generated from src/html/page.js and page.css (cmake/embed.cmake). */
extern const char erg_html_page_js[];
extern const char erg_html_page_css[];

static const char *const status_names[] = {"unchanged", "added", "removed", "changed"};

/* The documents table: id -> {title, url (only a safe one), date}. */
static int write_documents(erg_jw *w, const erg_graph *g)
{
	const erg_corpus *c = g->corpus;

	erg_jw_key(w, "documents");
	erg_jw_object(w);
	for (uint32_t r = 0; r < c->ndocs && w->rc == 0; r++) {
		const erg_docinfo *d;

		if (!c->docs[c->byrank[r]].listed)
			continue;
		if (!(d = erg_graph_doc(g, c->byrank[r])))
			return ERG_ESYS;
		erg_jw_key(w, d->id);
		erg_jw_object(w);
		erg_jw_key(w, "title");
		erg_jw_string(w, d->title);
		erg_jw_key(w, "url");
		erg_jw_string(w, d->source && erg_url_safe(d->source) ? d->source : NULL);
		erg_jw_key(w, "date");
		erg_jw_string(w, d->published);
		erg_jw_end(w);
	}
	erg_jw_end(w);
	return w->rc;
}

/* What nodes and edges share: the SVG id, type, dates, a diff's status. */
static void common(erg_jw *w, const erg_graph *g, const char *svg_id, const char *type,
		   const char *first, const char *last, unsigned char status)
{
	erg_jw_key(w, "svg");
	erg_jw_string(w, svg_id);
	erg_jw_key(w, "type");
	erg_jw_string(w, type);
	erg_jw_key(w, "first_seen");
	erg_jw_string(w, first);
	erg_jw_key(w, "last_seen");
	erg_jw_string(w, last);
	if (g->is_diff) {
		erg_jw_key(w, "status");
		erg_jw_string(w, status < 4 ? status_names[status] : NULL);
	}
}

static int write_nodes(erg_jw *w, erg_prov *p, const erg_graph *g, erg_gv *gv)
{
	int rc = 0;

	erg_jw_key(w, "nodes");
	erg_jw_array(w);
	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		const erg_node *n = g->nodes[i];
		size_t keep;

		if ((rc = erg_prov_node(p, n)) < 0)
			break;
		keep = p->ndocuments < ERG_HTML_MAX_EVIDENCE ? p->ndocuments : ERG_HTML_MAX_EVIDENCE;
		erg_jw_object(w);
		erg_jw_key(w, "id");
		erg_jw_string(w, n->id);
		erg_jw_key(w, "name");
		erg_jw_string(w, n->name);
		erg_jw_key(w, "aliases");
		erg_jw_strings(w, (const char *const *)n->aliases.v, n->aliases.n);
		common(w, g, erg_gv_svg_id(gv, false, i), n->type, n->first_seen, n->last_seen, n->status);
		erg_jw_key(w, "mentions");
		erg_jw_int(w, n->mentions);
		erg_jw_key(w, "documents");
		erg_jw_strings(w, p->documents, keep);
		erg_jw_key(w, "ndocuments");
		erg_jw_int(w, (long long)p->ndocuments);
		erg_jw_end(w);
		rc = w->rc;
	}
	erg_jw_end(w);
	return rc;
}

static int write_edges(erg_jw *w, erg_prov *p, const erg_graph *g, erg_gv *gv)
{
	int rc = 0;

	erg_jw_key(w, "edges");
	erg_jw_array(w);
	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		const erg_edge *e = g->edges[i];

		if ((rc = erg_prov_edge(p, e)) < 0)
			break;
		erg_jw_object(w);
		common(w, g, erg_gv_svg_id(gv, true, i), e->type, e->first_seen, e->last_seen, e->status);
		erg_jw_key(w, "source");
		erg_jw_int(w, (long long)e->source->index);
		erg_jw_key(w, "target");
		erg_jw_int(w, (long long)e->target->index);
		erg_jw_key(w, "directed");
		erg_jw_bool(w, e->directed);
		erg_jw_key(w, "weight");
		erg_jw_int(w, e->ndocs);
		erg_jw_key(w, "evidence");
		erg_jw_array(w);
		for (size_t k = 0; k < p->nevidence && k < ERG_HTML_MAX_EVIDENCE && rc == 0; k++) {
			erg_evidence ev;

			if ((rc = erg_prov_evidence(p, k, &ev)) < 0)
				break;
			erg_jw_object(w);
			erg_jw_key(w, "document");
			erg_jw_string(w, ev.document);
			erg_jw_key(w, "text");
			erg_jw_string(w, ev.text);
			erg_jw_key(w, "date");
			erg_jw_string(w, ev.date);
			erg_jw_end(w);
		}
		erg_jw_end(w);
		erg_jw_key(w, "nevidence");
		erg_jw_int(w, (long long)p->nevidence);
		erg_jw_end(w);
		if (rc == 0)
			rc = w->rc;
	}
	erg_jw_end(w);
	return rc;
}

/* The data as JSON, every '<' written \u003c: no "</script" or "<!--"
 * can end or change the <script> element that holds it. */
static int write_data(erg_buf *out, const erg_graph *g, erg_gv *gv, const char *title)
{
	erg_prov p = ERG_PROV_INIT;
	erg_buf json = ERG_BUF_INIT;
	erg_jw w;
	int rc;

	erg_jw_init(&w, NULL, &json, false);
	erg_jw_object(&w);
	erg_jw_key(&w, "title");
	erg_jw_string(&w, title);
	erg_jw_key(&w, "diff");
	erg_jw_bool(&w, g->is_diff);
	erg_jw_key(&w, "max_evidence");
	erg_jw_int(&w, ERG_HTML_MAX_EVIDENCE);
	rc = write_documents(&w, g);
	if (rc == 0)
		rc = write_nodes(&w, &p, g, gv);
	if (rc == 0)
		rc = write_edges(&w, &p, g, gv);
	erg_jw_end(&w);
	if (erg_jw_finish(&w) < 0 && rc == 0)
		rc = w.rc;
	erg_prov_free(&p);
	for (size_t i = 0; rc == 0 && i < json.len;) {
		const char *lt = memchr(json.ptr + i, '<', json.len - i);
		size_t n = lt ? (size_t)(lt - json.ptr) - i : json.len - i;

		if ((rc = erg_buf_put(out, json.ptr + i, n)) == 0 && lt)
			rc = erg_buf_puts(out, "\\u003c");
		i += n + (lt ? 1 : 0);
	}
	erg_buf_free(&json);
	return rc < 0 ? rc : 0;
}

int erg_html_page(char **out, size_t *outlen, const erg_graph *g, erg_gv *gv, const char *svg,
		  size_t svglen, const char *title)
{
	erg_buf b = ERG_BUF_INIT;
	const char *start = NULL;
	int rc;

	*out = NULL;
	*outlen = 0;
	/* The <svg> element alone: no XML declaration or DOCTYPE in HTML. */
	for (size_t i = 0; i + 4 < svglen && !start; i++)
		if (memcmp(svg + i, "<svg", 4) == 0)
			start = svg + i;
	if (!start)
		return erg_fail(ERG_EGRAPHVIZ, "Graphviz gave an SVG without an <svg> element");
	rc = erg_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			  "script-src 'sha256-");
	if (rc == 0)
		rc = erg_sha256_base64(&b, erg_html_page_js, strlen(erg_html_page_js));
	if (rc == 0)
		rc = erg_buf_puts(&b, "'; style-src 'sha256-");
	if (rc == 0)
		rc = erg_sha256_base64(&b, erg_html_page_css, strlen(erg_html_page_css));
	if (rc == 0)
		rc = erg_buf_puts(&b, "'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
				  "<meta name=\"generator\" content=\"ergraph " ERG_VERSION "\">\n<title>");
	if (rc == 0)
		rc = erg_xml_escape(&b, title);
	if (rc == 0 && (rc = erg_buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n"
					    "<div id=\"erg-bar\" hidden></div>\n"
					    "<div id=\"erg-main\">\n<div id=\"erg-view\">\n",
					    erg_html_page_css)) == 0)
		rc = erg_buf_put(&b, start, svglen - (size_t)(start - svg));
	if (rc == 0)
		rc = erg_buf_puts(&b, "</div>\n<aside id=\"erg-panel\" hidden aria-live=\"polite\"></aside>\n"
				  "</div>\n<script type=\"application/json\" id=\"erg-data\">");
	if (rc == 0)
		rc = write_data(&b, g, gv, title);
	if (rc == 0)
		rc = erg_buf_printf(&b, "</script>\n<script>%s</script>\n</body>\n</html>\n", erg_html_page_js);
	if (rc == 0 && b.failed)
		rc = erg_nomem();
	if (rc < 0) {
		erg_buf_free(&b);
		return rc;
	}
	*outlen = b.len;
	*out = erg_buf_detach(&b);
	return 0;
}
