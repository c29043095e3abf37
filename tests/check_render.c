/*
 * check_render.c - DOT, SVG, PNG, PDF, graph JSON, GraphML and GEXF from
 * the small corpus: golden files, round trips, and what a page embedding
 * the SVG relies on.
 */
#include "harness.h"
#include "internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SMALL ERG_SOURCE_DIR "/tests/data/small"
/* One name each in Chinese, Cyrillic and Arabic script. */
#define SCRIPTS ERG_SOURCE_DIR "/tests/data/scripts"

/* Build `inputs` (NULL-terminated) to dir/name for each name; exit status. */
static int build(const char *dir, const char *const *inputs, const char *const *names,
		 const char *extra)
{
	const char *argv[40];
	char *paths[8];
	size_t n = 0, k = 0;
	char *err = NULL;
	int status;

	argv[n++] = "build";
	if (extra)
		argv[n++] = extra;
	for (; *inputs; inputs++)
		argv[n++] = *inputs;
	for (; *names; names++) {
		paths[k] = h_path(dir, *names);
		argv[n++] = "-o";
		argv[n++] = paths[k++];
	}
	argv[n] = NULL;
	status = h_run(NULL, argv, NULL, &err);
	ck_assert_msg(status == 0, "build failed (%d): %s", status, err);
	while (k)
		free(paths[--k]);
	free(err);
	return status;
}

static char *read_in(const char *dir, const char *name, size_t *len)
{
	char *p = h_path(dir, name), *text = h_read(p, len);

	ck_assert_msg(text != NULL, "%s was not written", p);
	free(p);
	return text;
}

START_TEST(small_corpus_goldens)
{
	char *dir = h_tmpdir(), *text;
	const char *in[] = {SMALL, NULL};
	const char *out[] = {"small.dot", "small.svg", "small.json", "small.graphml", "small.gexf",
			     NULL};
	size_t len;

	build(dir, in, out, NULL);
	for (const char *const *name = out; *name; name++) {
		text = read_in(dir, *name, &len);
		h_golden(*name, text, len);
		free(text);
	}
	free(dir);
}
END_TEST

START_TEST(dot_and_json_read_back_to_the_same_graph)
{
	char *dir = h_tmpdir(), *a, *b, *c, *dot = h_path(dir, "g.dot"), *json = h_path(dir, "g.json");
	const char *in[] = {SMALL, NULL}, *from_dot[] = {dot, NULL}, *from_json[] = {json, NULL};
	const char *out[] = {"g.dot", "g.json", NULL}, *out2[] = {"g2.json", NULL}, *out3[] = {"g3.json", "g.dot2.dot", NULL};

	build(dir, in, out, NULL);
	build(dir, from_dot, out2, NULL);
	build(dir, from_json, out3, NULL);
	a = read_in(dir, "g.json", NULL);
	b = read_in(dir, "g2.json", NULL);
	c = read_in(dir, "g3.json", NULL);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, c);
	free(a);
	free(b);
	free(c);
	free(dot);
	free(json);
	free(dir);
}
END_TEST

START_TEST(same_bytes_in_any_order)
{
	char *dir1 = h_tmpdir(), *dir2 = h_tmpdir();
	const char *fwd[] = {SMALL "/a.json", SMALL "/b.json", SMALL "/c.jsonl", NULL};
	const char *rev[] = {SMALL "/c.jsonl", SMALL "/b.json", SMALL "/a.json", NULL};
	const char *out[] = {"g.dot", "g.svg", "g.json", NULL};
	const char *names[] = {"g.dot", "g.svg", "g.json"};

	build(dir1, fwd, out, NULL);
	build(dir2, rev, out, NULL);
	for (int i = 0; i < 3; i++) {
		size_t la, lb;
		char *a = read_in(dir1, names[i], &la), *b = read_in(dir2, names[i], &lb);

		ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "%s differs with the order", names[i]);
		free(a);
		free(b);
	}
	free(dir1);
	free(dir2);
}
END_TEST

/* ---- SVG read as XML --------------------------------------------------- */

typedef struct {
	int node_groups, edge_groups, links, ids, dup_ids, scripts;
	char bad_link[256];
	char *ids_seen[4096];
} svg_facts;

static void walk(xmlNode *n, svg_facts *f)
{
	for (; n; n = n->next) {
		xmlChar *cls, *id, *href;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "script") == 0)
			f->scripts++;
		if ((cls = xmlGetProp(n, BAD_CAST "class"))) {
			if (xmlStrncmp(cls, BAD_CAST "node ", 5) == 0 || xmlStrcmp(cls, BAD_CAST "node") == 0)
				f->node_groups++;
			if (xmlStrncmp(cls, BAD_CAST "edge ", 5) == 0)
				f->edge_groups++;
			xmlFree(cls);
		}
		if ((id = xmlGetProp(n, BAD_CAST "id"))) {
			for (int i = 0; i < f->ids; i++)
				if (strcmp(f->ids_seen[i], (char *)id) == 0)
					f->dup_ids++;
			if (f->ids < 4096)
				f->ids_seen[f->ids++] = strdup((char *)id);
			xmlFree(id);
		}
		if ((href = xmlGetNsProp(n, BAD_CAST "href", BAD_CAST "http://www.w3.org/1999/xlink"))) {
			f->links++;
			if (xmlStrncmp(href, BAD_CAST "https://", 8) != 0 && xmlStrncmp(href, BAD_CAST "notes/", 6) != 0)
				snprintf(f->bad_link, sizeof f->bad_link, "%s", (char *)href);
			xmlFree(href);
		}
		walk(n->children, f);
	}
}

static xmlDoc *parse_svg(const char *text, size_t len)
{
	xmlDoc *doc = xmlReadMemory(text, (int)len, "g.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);

	ck_assert_msg(doc != NULL, "the SVG is not well-formed XML");
	return doc;
}

START_TEST(svg_is_made_for_embedding)
{
	char *dir = h_tmpdir(), *svg;
	const char *in[] = {SMALL, NULL}, *out[] = {"report.svg", NULL};
	svg_facts f = {0};
	xmlDoc *doc;
	xmlNode *root;
	xmlChar *vb, *w;
	size_t len;

	build(dir, in, out, NULL);
	svg = read_in(dir, "report.svg", &len);
	ck_assert_ptr_null(strstr(svg, "Generated by graphviz"));
	ck_assert_ptr_null(strstr(svg, "javascript:"));
	doc = parse_svg(svg, len);
	root = xmlDocGetRootElement(doc);
	vb = xmlGetProp(root, BAD_CAST "viewBox");
	w = xmlGetProp(root, BAD_CAST "width");
	ck_assert_ptr_nonnull(vb);
	ck_assert_ptr_null(w);
	walk(root, &f);
	ck_assert_int_eq(f.node_groups, 8);
	ck_assert_int_eq(f.edge_groups, 10);
	ck_assert_int_eq(f.dup_ids, 0);
	ck_assert_int_eq(f.scripts, 0);
	ck_assert_msg(f.bad_link[0] == '\0', "unsafe link %s", f.bad_link);
	ck_assert_int_gt(f.links, 0);
	ck_assert_str_eq(f.ids_seen[0], "report");
	ck_assert_ptr_nonnull(strstr(svg, "<title>Entity-relationship graph: 8 entities, 10 relations from 4 documents</title>"));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node leader\""));
	ck_assert_ptr_nonnull(strstr(svg, "class=\"edge met_with\""));
	ck_assert_ptr_nonnull(strstr(svg, "id=\"report&#45;vladimir&#45;putin\""));
	for (int i = 0; i < f.ids; i++)
		free(f.ids_seen[i]);
	xmlFree(vb);
	xmlFreeDoc(doc);
	free(svg);
	free(dir);
}
END_TEST

START_TEST(hostile_text_stays_text)
{
	char *dir = h_tmpdir(), *in_path = h_path(dir, "evil.json"), *svg, *dot;
	const char *in[] = {in_path, NULL}, *out[] = {"evil.svg", "evil.dot", NULL};
	static const char evil[] =
		"{\"ergraph\": 1, \"document\": {\"id\": \"d<1>\", \"title\": \"</title><script>alert(1)</script>\","
		" \"source\": \"javascript:alert(document.cookie)\"},\n"
		" \"entities\": [\n"
		"  {\"id\": \"a\", \"type\": \"leader\", \"name\": \"<script>alert('x')</script>\"},\n"
		"  {\"id\": \"b\", \"type\": \"country\", \"name\": \"Tom & \\\"Jerry\\\" ]]> &lt;b&gt;\"},\n"
		"  {\"id\": \"c\\\"><g onload=alert(1)>\", \"type\": \"organization\", \"name\": \"back\\\\slash \\\\N \\\\G\"}],\n"
		" \"relations\": [{\"type\": \"leader_of\", \"source\": \"a\", \"target\": \"b\"},\n"
		"  {\"type\": \"member_of\", \"source\": \"b\", \"target\": \"c\\\"><g onload=alert(1)>\"}]}\n";
	svg_facts f = {0};
	xmlDoc *doc;
	size_t len;

	h_write(in_path, evil, strlen(evil));
	build(dir, in, out, NULL);
	svg = read_in(dir, "evil.svg", &len);
	doc = parse_svg(svg, len);
	walk(xmlDocGetRootElement(doc), &f);
	ck_assert_int_eq(f.scripts, 0);
	ck_assert_int_eq(f.links, 0);
	ck_assert_int_eq(f.dup_ids, 0);
	ck_assert_ptr_null(strstr(svg, "<g onload"));
	/* The names are shown as they are written, escaped once. */
	ck_assert_ptr_nonnull(strstr(svg, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(svg, ">Tom &amp; &quot;Jerry&quot; ]]&gt; &amp;lt;b&amp;gt;</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">back\\slash \\N \\G</text>"));
	/* And the DOT reads back to the same names. */
	dot = h_path(dir, "evil.dot");
	{
		const char *in2[] = {dot, NULL}, *out2[] = {"back.json", NULL};
		char *j;

		build(dir, in2, out2, NULL);
		j = read_in(dir, "back.json", NULL);
		ck_assert_ptr_nonnull(strstr(j, "\"name\":\t\"back\\\\slash \\\\N \\\\G\""));
		ck_assert_ptr_nonnull(strstr(j, "\"id\":\t\"c\\\"><g onload=alert(1)>\""));
		free(j);
	}
	for (int i = 0; i < f.ids; i++)
		free(f.ids_seen[i]);
	xmlFreeDoc(doc);
	free(dot);
	free(svg);
	free(in_path);
	free(dir);
}
END_TEST

START_TEST(themes_change_the_drawing_only)
{
	char *dir = h_tmpdir(), *theme = h_path(dir, "print.json"), *opt, *svg, *dot, *plain;
	const char *in[] = {SMALL, NULL}, *out_dark[] = {"dark.svg", NULL};
	const char *out_file[] = {"print.svg", "print.dot", NULL}, *out_plain[] = {"plain.dot", NULL};
	static const char print[] =
		"{\"graph\": {\"bgcolor\": \"#fafafa\", \"fontname\": \"DejaVu Serif,WenQuanYi Zen Hei\"},\n"
		" \"nodes\": {\"leader\": {\"shape\": \"box\", \"fillcolor\": \"#123456\"},\n"
		"           \"symbol\": {\"shape\": \"star\"}},\n"
		" \"edges\": {\"met_with\": {\"color\": \"#abcdef\", \"style\": \"dashed\"}}}\n";

	build(dir, in, out_dark, "--theme=dark");
	svg = read_in(dir, "dark.svg", NULL);
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#111827\""));  /* the page colour */
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#78350f\""));  /* a leader */
	free(svg);
	h_write(theme, print, sizeof print - 1);
	opt = malloc(strlen(theme) + 16);
	sprintf(opt, "--theme=%s", theme);
	build(dir, in, out_file, opt);
	build(dir, in, out_plain, NULL);
	svg = read_in(dir, "print.svg", NULL);
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#123456\""));
	{
		const char *edge = strstr(svg, "stroke=\"#abcdef\"");

		ck_assert_ptr_nonnull(edge);
		ck_assert_ptr_nonnull(strstr(edge, "stroke-dasharray"));
		ck_assert(strstr(edge, "stroke-dasharray") < strchr(edge, '\n'));
	}
	ck_assert_ptr_nonnull(strstr(svg, "<polygon fill=\"#fafafa\""));
	/* A family list reaches the SVG as a CSS font-family list. */
	ck_assert_ptr_nonnull(strstr(svg, "font-family=\"DejaVu Serif,WenQuanYi Zen Hei\""));
	/* Types the file does not name keep the default theme's style. */
	ck_assert_ptr_nonnull(strstr(svg, "fill=\"#dbeafe\""));
	/* The model in the DOT is the same whatever the theme. */
	dot = read_in(dir, "print.dot", NULL);
	plain = read_in(dir, "plain.dot", NULL);
	ck_assert_int_eq(strstr(dot, "erg_documents=") != NULL, 1);
	ck_assert_int_ne(strcmp(dot, plain), 0);
	free(dot);
	free(plain);
	free(svg);
	free(opt);
	free(theme);
	free(dir);
}
END_TEST

/*
 * The look of each relation type in an SVG: "type stroke dasharray" of
 * the first path after each edge group's class, one line a type, in
 * *n (the caller frees the lines).
 */
static char **edge_looks(const char *svg, size_t *n)
{
	char **v = calloc(64, sizeof *v);
	size_t k = 0;

	for (const char *p = svg; (p = strstr(p, "class=\"edge ")) != NULL; p++) {
		const char *type = p + 12, *path = strstr(p, "<path "), *end;
		char stroke[32] = "", dash[32] = "none", line[160];
		int tl = (int)strcspn(type, "\""), dup = 0;

		ck_assert_ptr_nonnull(path);
		end = strchr(path, '>');
		sscanf(strstr(path, "stroke=\"") + 8, "%31[^\"]", stroke);
		if (strstr(path, "stroke-dasharray=\"") && strstr(path, "stroke-dasharray=\"") < end)
			sscanf(strstr(path, "stroke-dasharray=\"") + 18, "%31[^\"]", dash);
		snprintf(line, sizeof line, "%.*s %s %s", tl, type, stroke, dash);
		for (size_t i = 0; i < k; i++)
			dup |= strcmp(v[i], line) == 0;
		if (!dup) {
			ck_assert_msg(k < 64, "too many looks");
			v[k++] = strdup(line);
		}
	}
	*n = k;
	return v;
}

/*
 * Fourteen relation types outside the vocabulary, type k on k+1
 * relations: the twelve most frequent each get a style of their own,
 * the two least frequent share the overflow style, and every edge of a
 * type is drawn alike.
 */
START_TEST(types_in_one_figure_get_distinct_styles)
{
	char *dir = h_tmpdir(), *in_path = h_path(dir, "types.json"), *svg, **looks;
	const char *in[] = {in_path, NULL}, *out[] = {"types.svg", NULL};
	erg_buf b = ERG_BUF_INIT;
	size_t n, k = 0;

	erg_buf_puts(&b, "{\"ergraph\": 1, \"document\": {\"id\": \"d\"}, \"entities\": [{\"id\": \"h\", \"type\": \"country\", \"name\": \"Hub\"}");
	for (int t = 0; t < 14; t++)
		for (int j = 0; j <= t; j++, k++)
			erg_buf_printf(&b, ", {\"id\": \"e%zu\", \"type\": \"misc\", \"name\": \"E%zu\"}", k, k);
	erg_buf_puts(&b, "], \"relations\": [");
	k = 0;
	for (int t = 0; t < 14; t++)
		for (int j = 0; j <= t; j++, k++)
			erg_buf_printf(&b, "%s{\"type\": \"rel_%02d\", \"source\": \"h\", \"target\": \"e%zu\"}",
				       k ? ", " : "", t, k);
	erg_buf_puts(&b, "]}\n");
	h_write(in_path, b.ptr, b.len);
	build(dir, in, out, "--quiet");
	svg = read_in(dir, "types.svg", NULL);
	looks = edge_looks(svg, &n);
	/* One look a type: each type's edges are drawn alike. */
	ck_assert_uint_eq(n, 14);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			const char *si = strchr(looks[i], ' '), *sj = strchr(looks[j], ' ');
			bool overflow = strncmp(looks[i], "rel_00 ", 7) == 0 || strncmp(looks[i], "rel_01 ", 7) == 0;
			bool overflow_j = strncmp(looks[j], "rel_00 ", 7) == 0 || strncmp(looks[j], "rel_01 ", 7) == 0;

			if (overflow && overflow_j)
				ck_assert_str_eq(si, sj);
			else
				ck_assert_msg(strcmp(si, sj) != 0, "same style: %s / %s", looks[i], looks[j]);
		}
	for (size_t i = 0; i < n; i++) {
		if (strncmp(looks[i], "rel_13 ", 7) == 0)
			ck_assert_str_eq(looks[i], "rel_13 #0072b2 none");
		if (strncmp(looks[i], "rel_00 ", 7) == 0)
			ck_assert_str_eq(looks[i], "rel_00 #6b7280 1,5");
		free(looks[i]);
	}
	free(looks);
	erg_buf_free(&b);
	free(svg);
	free(in_path);
	free(dir);
}
END_TEST

/* Edge groups in an SVG, and how many of them hold a text. */
static void edge_labels(const char *svg, int *edges, int *labelled)
{
	*edges = *labelled = 0;
	for (const char *p = strstr(svg, "class=\"edge "); p; ) {
		const char *e = strstr(p + 1, "class=\"edge "), *nd = strstr(p + 1, "class=\"node ");
		const char *end = e && (!nd || e < nd) ? e : nd;
		const char *text = strstr(p, "<text");

		(*edges)++;
		*labelled += text && (!end || text < end);
		p = e;
	}
}

/*
 * The bundled corpus at its usual size, where neato cannot place every
 * edge label clear of the rest: every drawn edge still carries its
 * type, relations between one pair are one drawn edge, leaves of one
 * hub one group and unrelated entities one note (the DOT keeps them all).
 */
START_TEST(every_drawn_edge_shows_its_type)
{
	char *dir = h_tmpdir(), *svg, *dot;
	const char *in[] = {ERG_SOURCE_DIR "/input", NULL}, *out[] = {"c.svg", "c.dot", NULL};
	int edges, labelled, relations = 0;

	build(dir, in, out, "--quiet");
	svg = read_in(dir, "c.svg", NULL);
	dot = read_in(dir, "c.dot", NULL);
	edge_labels(svg, &edges, &labelled);
	for (const char *p = dot; (p = strstr(p, " -> ")) != NULL; p++)
		relations++;
	ck_assert_int_eq(relations, 125);
	ck_assert_int_eq(edges, 109);
	ck_assert_int_eq(labelled, edges);
	/* The 25 entities in no relation are one note; the DOT keeps each. */
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node unrelated\""));
	ck_assert_ptr_nonnull(strstr(svg, ">Without relations (25):</text>"));
	ck_assert_ptr_nonnull(strstr(svg, "Bobo Lo (person)"));
	ck_assert_ptr_nonnull(strstr(dot, "\t\"bobo-lo\"\t[class=person,"));
	/* The four member states of the SCO, leaves of it, are one group
	 * whose tooltip names every one; the DOT keeps each. */
	ck_assert_ptr_nonnull(strstr(svg, "class=\"node country group\""));
	ck_assert_ptr_nonnull(strstr(svg, ">country \u00d74:</text>"));
	ck_assert_ptr_nonnull(strstr(svg, "xlink:title=\"4 country, member of Shanghai Cooperation Organisation:"
					  "&#10;Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan\""));
	ck_assert_ptr_nonnull(strstr(dot, "\tuzbekistan\t[class=country,"));
	/* China and Russia: supplies both ways and a partnership, one edge. */
	ck_assert_ptr_nonnull(strstr(svg, ">\u2190 supplies</text>"));
	free(svg);
	free(dot);
	free(dir);
}
END_TEST

/*
 * In a diff's drawing a dashed line means "removed" and nothing else:
 * the corpus up to 2015 against all of it has added, changed and
 * unchanged relations (member_of and signed among them, whose own
 * styles could be dashed) and none removed, so no edge is dashed.
 */
START_TEST(diff_dashes_only_what_was_removed)
{
	char *dir = h_tmpdir(), *svg_path = h_path(dir, "d.svg"), *err = NULL, *svg;
	const char *argv[] = {"diff", "-q", "--old-until", "2015-12-31", ERG_SOURCE_DIR "/input",
			      ERG_SOURCE_DIR "/input", "-o", svg_path, NULL};
	int edges = 0;

	ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 1);
	svg = read_in(dir, "d.svg", NULL);
	for (const char *p = strstr(svg, "class=\"edge "); p; p = strstr(p + 1, "class=\"edge ")) {
		const char *path = strstr(p, "<path "), *end = path ? strchr(path, '>') : NULL;
		const char *dash = path ? strstr(path, "stroke-dasharray") : NULL;

		ck_assert_ptr_nonnull(end);
		ck_assert_msg(!dash || dash > end, "a dashed edge: %.60s", p);
		edges++;
	}
	ck_assert_int_eq(edges, 125);
	ck_assert_ptr_nonnull(strstr(svg, "class=\"edge member_of unchanged\""));
	free(svg);
	free(err);
	free(svg_path);
	free(dir);
}
END_TEST

/* ---- the DOT drawn by the Graphviz commands ------------------------------ */

/*
 * Where an SVG puts things, in document order: every coordinate and size
 * attribute, nothing else (ids, links and titles are ergraph's own).  Read
 * as text: the command writes links unescaped, which is not always XML.
 */
static char *geometry(const char *svg)
{
	static const char *const names[] = {" x=\"", " y=\"", " cx=\"", " cy=\"", " rx=\"", " ry=\"",
					    " d=\"", " points=\"", " viewBox=\"", " transform=\"", NULL};
	size_t cap = strlen(svg) + 1, len = 0;
	char *out = malloc(cap);

	ck_assert_ptr_nonnull(out);
	for (const char *p = svg; *p; p++) {
		for (int k = 0; names[k]; k++) {
			size_t n = strlen(names[k]);
			const char *end;

			if (strncmp(p, names[k], n) != 0 || !(end = strchr(p + n, '"')))
				continue;
			memcpy(out + len, p + 1, (size_t)(end - p));
			len += (size_t)(end - p);
			out[len++] = '\n';
			p = end;
			break;
		}
	}
	out[len] = '\0';
	return out;
}

/* Draw dir/g.dot with `engine` after the gvpr program `edit`; its geometry. */
static char *drawn_by_command(const char *dir, const char *edit, const char *engine, const char *extra)
{
	char *dot = h_path(dir, "g.dot"), *edited = h_path(dir, "edited.dot"), *svg = h_path(dir, "cmd.svg");
	const char *gvpr[] = {"gvpr", "-c", edit, "-o", edited, dot, NULL};
	const char *draw[] = {engine, extra, "-Tsvg", edited, "-o", svg, NULL};
	char *err = NULL, *text, *geo;

	ck_assert_msg(h_run_prog(gvpr, NULL, &err) == 0, "gvpr: %s", err);
	free(err);
	ck_assert_msg(h_run_prog(draw, NULL, &err) == 0, "%s: %s", engine, err);
	free(err);
	text = h_read(svg, NULL);
	ck_assert_ptr_nonnull(text);
	geo = geometry(text);
	free(text);
	free(dot);
	free(edited);
	free(svg);
	return geo;
}

/* ---- hostile text through the Graphviz commands ------------------------- */

/* Every attribute value of name `attr` in document order, one a line, and
 * the number of event handler attributes (on...) anywhere. */
static void attrs_of(xmlNode *n, const char *attr, const char *ns, char *vals, size_t cap,
		     int *handlers)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttr *a = n->properties; a; a = a->next) {
			if (xmlStrncasecmp(a->name, BAD_CAST "on", 2) == 0)
				(*handlers)++;
			if (xmlStrcmp(a->name, BAD_CAST attr) == 0 &&
			    (!ns ? !a->ns : a->ns && xmlStrcmp(a->ns->href, BAD_CAST ns) == 0)) {
				xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);

				ck_assert_uint_lt(strlen(vals) + strlen((char *)v) + 1, cap);
				strcat(vals, (char *)v);
				strcat(vals, "\n");
				xmlFree(v);
			}
		}
		attrs_of(n->children, attr, ns, vals, cap, handlers);
	}
}

/* The links of an SVG, one a line (caller frees); the SVG must be XML
 * without handlers. */
static char *links_of(const char *svg, size_t len, const char *who)
{
	xmlDoc *doc = xmlReadMemory(svg, (int)len, "g.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	char *vals = calloc(1, 4096);
	int handlers = 0;

	ck_assert_msg(doc != NULL, "%s: the SVG is not well-formed XML", who);
	attrs_of(xmlDocGetRootElement(doc), "href", "http://www.w3.org/1999/xlink", vals, 4096, &handlers);
	ck_assert_msg(handlers == 0, "%s: %d event handler attributes", who, handlers);
	xmlFreeDoc(doc);
	return vals;
}

/* The links of the SVG that `prog` (NULL-terminated) makes of dir/in. */
static char *command_links(const char *dir, const char *const *prog, const char *in)
{
	char *from = h_path(dir, in), *to = h_path(dir, "cmd.svg"), *err = NULL, *text, *links;
	const char *argv[12];
	size_t n = 0, len;

	for (; *prog; prog++)
		argv[n++] = *prog;
	argv[n++] = "-Tsvg";
	argv[n++] = from;
	argv[n++] = "-o";
	argv[n++] = to;
	argv[n] = NULL;
	ck_assert_msg(h_run_prog(argv, NULL, &err) == 0, "%s: %s", argv[0], err);
	text = h_read(to, &len);
	ck_assert_ptr_nonnull(text);
	links = links_of(text, len, argv[0]);
	free(text);
	free(err);
	free(from);
	free(to);
	return links;
}

/*
 * A source that would close the link's attribute, and a raw '&', reach
 * ergraph's DOT in their normal form: the SVG that Graphviz's commands
 * make of the DOT of a build and of a diff is XML, with no handler and
 * the links exactly as ergraph's own SVG has them.
 */
START_TEST(graphviz_commands_keep_hostile_links_inert)
{
	char *dir = h_tmpdir(), *in_path = h_path(dir, "evil.jsonl"), *old_path = h_path(dir, "old.json");
	char *d_path = h_path(dir, "d.dot"), *text, *ours, *theirs;
	const char *in[] = {in_path, NULL}, *out[] = {"g.dot", "g.svg", NULL};
	const char *neato[] = {"neato", "-Gsplines=true", NULL}, *pinned[] = {"neato", "-n2", NULL};
	static const char evil[] =
		"{\"ergraph\": 1, \"document\": {\"id\": \"d1\", \"title\": \"T &e; &#0; &nbsp; &amp; \\uFFFE\","
		" \"source\": \"x\\\"onmouseover=\\\"alert(1)\"},"
		" \"entities\": [{\"id\": \"a\", \"type\": \"leader\", \"name\": \"A &e; &#0; \\uFFFF\"},"
		"  {\"id\": \"b\", \"type\": \"country\", \"name\": \"B &nbsp;\"}],"
		" \"relations\": [{\"type\": \"leader_of\", \"source\": \"a\", \"target\": \"b\"}]}\n"
		"{\"ergraph\": 1, \"document\": {\"id\": \"d0\", \"published\": \"2001\","
		" \"source\": \"https://e.example/a b?x=1&y=<2>&amp;z=\\\\&e;\"},"
		" \"entities\": [{\"id\": \"c\", \"type\": \"country\", \"name\": \"C\"}]}\n";
	static const char old[] =
		"{\"ergraph\": 1, \"document\": {\"id\": \"d9\"},\n"
		" \"entities\": [{\"id\": \"a\", \"type\": \"leader\", \"name\": \"A\"}]}\n";
	static const char links[] =
		"x%22onmouseover=%22alert(1)\n"
		"x%22onmouseover=%22alert(1)\n"
		"https://e.example/a%20b?x=1&y=%3C2%3E&amp;z=%5C&e;\n";
	size_t len;

	h_write(in_path, evil, sizeof evil - 1);
	build(dir, in, out, NULL);
	text = read_in(dir, "g.svg", &len);
	ours = links_of(text, len, "ergraph");
	ck_assert_str_eq(ours, links);
	free(text);
	theirs = command_links(dir, neato, "g.dot");
	ck_assert_str_eq(theirs, links);
	free(theirs);
	/* A diff's DOT, drawn where it places things. */
	h_write(old_path, old, sizeof old - 1);
	{
		const char *argv[] = {"diff", old_path, in_path, "-o", d_path, NULL};
		char *err = NULL;

		ck_assert_int_eq(h_run(NULL, argv, NULL, &err), 1);
		free(err);
	}
	theirs = command_links(dir, pinned, "d.dot");
	ck_assert_str_eq(theirs, links);
	free(theirs);
	free(ours);
	free(d_path);
	free(old_path);
	free(in_path);
	free(dir);
}
END_TEST

/*
 * Graphviz expands \N, \G, \L, \E, \T and \H in labels and tooltips
 * (\L is the whole label): names and a title made of them made a 34 KB
 * input a 5.4 MB SVG.  They read as written, and the SVG, ergraph's and
 * the neato command's, stays near the input's size.
 */
START_TEST(graphviz_escapes_read_literally)
{
	char *dir = h_tmpdir(), *in_path = h_path(dir, "esc.json"), *svg, *links;
	const char *in[] = {in_path, NULL}, *out[] = {"g.svg", "g.dot", NULL};
	const char *neato[] = {"neato", "-Gsplines=true", NULL};
	static const char piece[] = "\\\\L\\\\N\\\\G\\\\E\\\\T\\\\H"; /* \L\N\G\E\T\H in JSON */
	char *json = malloc(64 * 1024), *p = json, *cmd, *cmd_path = h_path(dir, "cmd.svg");
	size_t len, cmd_len;

	ck_assert_ptr_nonnull(json);
	p += sprintf(p, "{\"ergraph\": 1, \"document\": {\"id\": \"d\", \"title\": \"");
	for (int k = 0; k < 80; k++)
		p += sprintf(p, "%s", piece);
	p += sprintf(p, "\"}, \"entities\": [");
	for (int i = 0; i < 20; i++) {
		p += sprintf(p, "%s{\"id\": \"e%d\", \"type\": \"country\", \"name\": \"", i ? ", " : "", i);
		for (int k = 0; k < 80; k++)
			p += sprintf(p, "%s", piece);
		p += sprintf(p, "%d\"}", i);
	}
	p += sprintf(p, "], \"relations\": [");
	for (int i = 0; i < 19; i++)
		p += sprintf(p, "%s{\"type\": \"partner_of\", \"source\": \"e%d\", \"target\": \"e%d\"}",
			     i ? ", " : "", i, i + 1);
	p += sprintf(p, "]}\n");
	h_write(in_path, json, (size_t)(p - json));
	build(dir, in, out, NULL);
	svg = read_in(dir, "g.svg", &len);
	links = links_of(svg, len, "ergraph"); /* well-formed */
	ck_assert_msg(len < 150000, "the SVG of a %zu-byte input is %zu bytes", (size_t)(p - json), len);
	ck_assert_ptr_null(strstr(svg, "ergraph\\"));  /* \G was not expanded */
	/* The label and the tooltip say what was written. */
	ck_assert_ptr_nonnull(strstr(svg, ">\\L\\N\\G\\E\\T\\H\\L\\N"));
	ck_assert_ptr_nonnull(strstr(svg, "xlink:title=\"\\L\\N\\G\\E\\T\\H\\L\\N"));
	ck_assert_ptr_nonnull(strstr(svg, "H\\L\\N\\G\\E\\T\\H0 (country)&#10;1 document: \\L\\N\\G"));
	/* A tooltip shows the first 300 bytes of a title (25 times 12 here). */
	ck_assert_ptr_nonnull(strstr(svg, "document: \\L\\N\\G\\E\\T\\H\\L"));
	ck_assert_ptr_nonnull(strstr(svg, "\\T\\H\xe2\x80\xa6\""));
	free(links);
	links = command_links(dir, neato, "g.dot");
	cmd = h_read(cmd_path, &cmd_len);
	ck_assert_ptr_nonnull(cmd);
	ck_assert_msg(cmd_len < 150000, "neato's SVG is %zu bytes", cmd_len);
	ck_assert_ptr_nonnull(strstr(cmd, "xlink:title=\"\\L\\N\\G\\E\\T\\H\\L\\N"));
	free(cmd);
	free(cmd_path);
	free(links);
	free(svg);
	free(json);
	free(in_path);
	free(dir);
}
END_TEST

/*
 * The DOT ergraph writes, drawn by a Graphviz command with the settings
 * ergraph draws with (docs/cli.md "Layout"), is the same picture as
 * ergraph's own, coordinate for coordinate: Graphviz lays a graph out in
 * the order its nodes were made, and ergraph makes them in the order the
 * DOT is read back in.
 */
START_TEST(graphviz_commands_draw_the_dot_alike)
{
	static const struct {
		const char *engine, *edit, *extra;
	} cases[] = {
		/* neato and fdp draw edge labels as external labels */
		{"neato", "E{xlabel=label; label=\"\"}", "-Gsplines=true"},
		/* sfdp draws straight edges without labels */
		{"sfdp", "E{label=\"\"}", "-Gsplines=false"},
	};
	const char *in[] = {SMALL, NULL}, *out[] = {"g.dot", "g.svg", NULL};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *dir = h_tmpdir(), *ours, *theirs, *text, k[16];

		snprintf(k, sizeof k, "-K%s", cases[i].engine);
		build(dir, in, out, k);
		text = read_in(dir, "g.svg", NULL);
		ours = geometry(text);
		theirs = drawn_by_command(dir, cases[i].edit, cases[i].engine, cases[i].extra);
		ck_assert_msg(strlen(ours) > 1000, "%s: too little drawn to compare", cases[i].engine);
		ck_assert_msg(strcmp(ours, theirs) == 0, "%s: the command drew the DOT elsewhere:\n%.400s\n---\n%.400s",
			      cases[i].engine, ours, theirs);
		free(text);
		free(ours);
		free(theirs);
		free(dir);
	}
}
END_TEST

/* ---- PNG ----------------------------------------------------------------- */

typedef struct {
	png_uint_32 width, height;
	size_t distinct_rows;  /* rows that differ from the first row */
	size_t dark_pixels;
} png_facts;

static png_facts read_png(const char *path)
{
	png_image img;
	png_facts f = {0};
	png_bytep px;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	ck_assert_msg(png_image_begin_read_from_file(&img, path), "not a PNG: %s", path);
	img.format = PNG_FORMAT_GRAY;
	px = malloc(PNG_IMAGE_SIZE(img));
	ck_assert_ptr_nonnull(px);
	ck_assert(png_image_finish_read(&img, NULL, px, 0, NULL));
	f.width = img.width;
	f.height = img.height;
	for (png_uint_32 y = 0; y < img.height; y++) {
		if (memcmp(px + (size_t)y * img.width, px, img.width) != 0)
			f.distinct_rows++;
		for (png_uint_32 x = 0; x < img.width; x++)
			if (px[(size_t)y * img.width + x] < 128)
				f.dark_pixels++;
	}
	free(px);
	return f;
}

START_TEST(png_is_a_real_picture)
{
	char *dir = h_tmpdir(), *p96, *p192, *head;
	const char *in[] = {SMALL, NULL}, *out[] = {"g.png", "g.svg", NULL}, *out2[] = {"g2.png", NULL};
	png_facts a, b;
	size_t len;

	build(dir, in, out, NULL);
	build(dir, in, out2, "--dpi=192");
	p96 = h_path(dir, "g.png");
	p192 = h_path(dir, "g2.png");
	head = h_read(p96, &len);
	ck_assert(len > 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0);
	a = read_png(p96);
	b = read_png(p192);
	/* Not blank: many rows differ and there is dark ink (the labels). */
	ck_assert_uint_gt(a.distinct_rows, a.height / 2);
	ck_assert_uint_gt(a.dark_pixels, 1000);
	/* Twice the resolution, twice the size, same layout (within rounding). */
	ck_assert_uint_le(abs((int)b.width - 2 * (int)a.width), 2);
	ck_assert_uint_le(abs((int)b.height - 2 * (int)a.height), 2);
	ck_assert_uint_gt(a.width, 300);
	free(head);
	free(p96);
	free(p192);
	free(dir);
}
END_TEST

/*
 * Which font fontconfig gives `family` (a family list as Graphviz passes
 * it to pango) for the characters `chars` (hex code points): pango draws
 * each character with that font, so this is the font the PNG shows.
 */
static char *font_for(const char *family, const char *chars)
{
	char pattern[256], *out = NULL;
	const char *argv[] = {"fc-match", "-f", "%{family[0]}", pattern, NULL};

	snprintf(pattern, sizeof pattern, "%s:charset=%s", family, chars);
	ck_assert_int_eq(h_run_prog(argv, &out, NULL), 0);
	return out;
}

START_TEST(png_draws_every_script_with_a_font_that_has_it)
{
	static const struct {
		const char *chars, *font;  /* 中国, Россия, مصر */
	} want[] = {{"4e2d 56fd", "WenQuanYi Zen Hei"},
		    {"420 43e 441 438 44f", "DejaVu Sans"},
		    {"645 635 631", "DejaVu Sans"}};
	char *dir = h_tmpdir(), *svg, *family, *end;
	const char *in[] = {SCRIPTS, NULL}, *out[] = {"g.svg", "g.png", NULL};
	png_facts f;

	build(dir, in, out, NULL);
	/* The family list the drawing asks for, as the SVG names it. */
	svg = read_in(dir, "g.svg", NULL);
	family = strstr(svg, "font-family=\"");
	ck_assert_ptr_nonnull(family);
	family += strlen("font-family=\"");
	end = strchr(family, '"');
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	ck_assert_str_eq(family, "DejaVu Sans,WenQuanYi Zen Hei,sans-serif");
	/* No character falls back to a font without it (the boxes of a
	 * missing glyph): without WenQuanYi, 中国 resolves to DejaVu Sans. */
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char *font = font_for(family, want[i].chars);

		ck_assert_msg(strcmp(font, want[i].font) == 0, "%s drawn with %s, not %s",
			      want[i].chars, font, want[i].font);
		free(font);
	}
	{
		char *png = h_path(dir, "g.png");

		f = read_png(png);
		free(png);
	}
	ck_assert_uint_gt(f.dark_pixels, 100);
	free(svg);
	free(dir);
}
END_TEST

/* ---- PDF ----------------------------------------------------------------- */

/* The number after `key` in text, or -1. */
static double number_after(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? atof(p + strlen(key)) : -1;
}

/* Vector text: poppler finds each of the n names in the PDF as text. */
static void assert_pdf_text(const char *pdf, const char *const *names, size_t n)
{
	const char *argv[] = {"pdftotext", pdf, "-", NULL};
	char *text = NULL;

	ck_assert_int_eq(h_run_prog(argv, &text, NULL), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(strstr(text, names[i]), "pdftotext did not find %s in:\n%s", names[i], text);
	free(text);
}

START_TEST(pdf_has_text_and_the_svg_layout)
{
	static const char *const names[] = {"China", "Gazprom", "Japan", "Power of Siberia deal",
					    "Russia", "Vladimir Putin", "Xi Jinping"};
	char *dir = h_tmpdir(), *pdf, *svg, *head, *info = NULL, *png, *prefix;
	const char *in[] = {SMALL, NULL}, *out[] = {"g.pdf", "g.svg", NULL};
	const char *to_stdout[] = {"build", SMALL, "-q", "-T", "pdf", "-o", "-", NULL};
	png_facts f;
	size_t len;

	build(dir, in, out, NULL);
	pdf = h_path(dir, "g.pdf");
	head = h_read(pdf, &len);
	ck_assert(len > 1000 && memcmp(head, "%PDF-", 5) == 0);
	free(head);
	assert_pdf_text(pdf, names, sizeof names / sizeof *names);
	/* The SVG's layout: a page of the size of the SVG's viewBox. */
	{
		const char *argv[] = {"pdfinfo", pdf, NULL};

		ck_assert_int_eq(h_run_prog(argv, &info, NULL), 0);
	}
	svg = read_in(dir, "g.svg", NULL);
	ck_assert_double_eq_tol(number_after(info, "Page size:"),
				number_after(svg, "viewBox=\"0.00 0.00 "), 1.0);
	ck_assert_double_eq_tol(number_after(info, " x "),
				number_after(strstr(svg, "viewBox=\"0.00 0.00 ") + 20, " "), 1.0);
	/* And a picture: rasterised by poppler, not blank. */
	prefix = h_path(dir, "page");
	{
		const char *argv[] = {"pdftoppm", "-png", "-r", "72", "-singlefile", pdf, prefix, NULL};

		ck_assert_int_eq(h_run_prog(argv, NULL, NULL), 0);
	}
	png = h_path(dir, "page.png");
	f = read_png(png);
	ck_assert_uint_gt(f.distinct_rows, f.height / 2);
	ck_assert_uint_gt(f.dark_pixels, 1000);
	/* -T pdf names the format of standard output. */
	free(head = NULL);
	{
		char *o = NULL;

		ck_assert_int_eq(h_run(NULL, to_stdout, &o, NULL), 0);
		ck_assert(o && memcmp(o, "%PDF-", 5) == 0);
		free(o);
	}
	free(png);
	free(prefix);
	free(svg);
	free(info);
	free(pdf);
	free(dir);
}
END_TEST

/* ---- the HTML page ---------------------------------------------------- */

/* The text of the element that starts after `open` and ends at `close`. */
static char *between(const char *s, const char *open, const char *close)
{
	const char *a = strstr(s, open), *b;
	char *out;

	ck_assert_msg(a != NULL, "no %s", open);
	a += strlen(open);
	b = strstr(a, close);
	ck_assert_msg(b != NULL, "no %s after %s", close, open);
	out = malloc((size_t)(b - a) + 1);
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	return out;
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* One file with its script and style named in its CSP, the hostile
 * fixture's names, titles and sentences kept as data, not markup. */
START_TEST(html_page_holds_hostile_text_as_data)
{
	char *dir = h_tmpdir(), *html, *js, *css, *data, *csp;
	const char *in[] = {ERG_SOURCE_DIR "/tests/data/html/hostile.json", NULL};
	const char *out[] = {"evil.html", NULL};
	erg_buf want = ERG_BUF_INIT;

	build(dir, in, out, "-q");
	html = read_in(dir, "evil.html", NULL);
	ck_assert_int_eq(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
	/* Two scripts and one style, each closed once: nothing in the data
	 * ends an element early or opens a comment. */
	ck_assert_uint_eq(count_of(html, "<script"), 2);
	ck_assert_uint_eq(count_of(html, "</script"), 2);
	ck_assert_uint_eq(count_of(html, "<style"), 1);
	data = between(html, "<script type=\"application/json\" id=\"erg-data\">", "</script>");
	ck_assert_ptr_null(strchr(data, '<'));
	ck_assert_ptr_nonnull(strstr(data, "\"name\":\"\\u003cscript>alert('x')\\u003c/script>\""));
	ck_assert_ptr_nonnull(strstr(data, "\"aliases\":[\"\\u003c/script>\\u003c!--\""));
	ck_assert_ptr_nonnull(strstr(data, "\"text\":\"He said \\u003c/script>\\u003cscript>alert(3)"
					   "\\u003c/script> and \\u003c!-- then -->\""));
	/* The javascript: source is no link anywhere. */
	ck_assert_ptr_nonnull(strstr(data, "\"url\":null"));
	ck_assert_ptr_null(strstr(html, "href=\"javascript"));
	ck_assert_ptr_null(strstr(html, "<g onload"));
	/* The policy names exactly the page's script and style. */
	js = between(html, "</script>\n<script>", "</script>");
	css = between(html, "<style>", "</style>");
	csp = between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
	erg_buf_puts(&want, "default-src 'none'; script-src 'sha256-");
	erg_sha256_base64(&want, js, strlen(js));
	erg_buf_puts(&want, "'; style-src 'sha256-");
	erg_sha256_base64(&want, css, strlen(css));
	erg_buf_puts(&want, "'; img-src data:; base-uri 'none'; form-action 'none'");
	ck_assert_str_eq(csp, want.ptr);
	/* The drawing is the SVG's, inline, with its ids prefixed. */
	ck_assert_ptr_nonnull(strstr(html, "<svg viewBox="));
	ck_assert_ptr_null(strstr(html, "<?xml"));
	ck_assert_ptr_nonnull(strstr(html, "<g id=\"evil&#45;a\" class=\"node leader\">"));
	ck_assert_ptr_nonnull(strstr(data, "\"svg\":\"evil-a\""));
	ck_assert_ptr_nonnull(strstr(data, "\"svg\":\"evil-e1\""));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
	erg_buf_free(&want);
	free(csp);
	free(css);
	free(js);
	free(data);
	free(html);
	free(dir);
}
END_TEST

/* A relation with 25 pieces of evidence keeps its first 20 in the page
 * and says there were 25; an entity named by 25 documents likewise. */
START_TEST(html_page_bounds_the_evidence)
{
	char *dir = h_tmpdir(), *in_path = h_path(dir, "many.jsonl"), *html, *data;
	const char *in[] = {in_path, NULL}, *out[] = {"many.html", NULL};
	erg_buf b = ERG_BUF_INIT;

	for (int d = 0; d < 25; d++)
		erg_buf_printf(&b, "{\"ergraph\": 1, \"document\": {\"id\": \"d%02d\"}, \"entities\": ["
			       "{\"id\": \"a\", \"type\": \"country\", \"name\": \"A\"},"
			       " {\"id\": \"b\", \"type\": \"country\", \"name\": \"B\"}],"
			       " \"relations\": [{\"type\": \"supplies\", \"source\": \"a\", \"target\": \"b\","
			       " \"evidence\": [{\"start\": 0, \"end\": 9, \"text\": \"saying %02d\"}]}]}\n", d, d);
	h_write(in_path, b.ptr, b.len);
	build(dir, in, out, "-q");
	html = read_in(dir, "many.html", NULL);
	data = between(html, "id=\"erg-data\">", "</script>");
	ck_assert_uint_eq(count_of(data, "\"text\":\"saying "), ERG_HTML_MAX_EVIDENCE);
	ck_assert_ptr_nonnull(strstr(data, "{\"document\":\"d19\",\"text\":\"saying 19\",\"date\":null}],"
					   "\"nevidence\":25}"));
	ck_assert_ptr_null(strstr(data, "saying 20"));
	ck_assert_ptr_nonnull(strstr(data, "\"documents\":[\"d00\","));
	ck_assert_ptr_nonnull(strstr(data, "\"d19\"],\"ndocuments\":25}"));
	ck_assert_uint_eq(count_of(data, "\"d20\""), 1); /* in the documents table only */
	erg_buf_free(&b);
	free(data);
	free(html);
	free(in_path);
	free(dir);
}
END_TEST

/* -T html names the format of any output, and the page is the same. */
START_TEST(html_by_extension_or_by_name)
{
	char *dir = h_tmpdir(), *a, *b, *path = h_path(dir, "page.out");
	const char *argv[] = {"build", "-q", SMALL, "-T", "html", "--id-prefix", "small", "-o", path, NULL};
	const char *in[] = {SMALL, NULL}, *out[] = {"small.html", NULL};
	size_t alen, blen;

	build(dir, in, out, NULL);
	ck_assert_int_eq(h_run(NULL, argv, NULL, NULL), 0);
	a = read_in(dir, "small.html", &alen);
	b = read_in(dir, "page.out", &blen);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	free(a);
	free(b);
	free(path);
	free(dir);
}
END_TEST

/* The PDF embeds the font of each script and gives every name back. */
START_TEST(pdf_embeds_a_font_for_every_script)
{
	static const char *const names[] = {"中国", "Россия", "مصر"};
	char *dir = h_tmpdir(), *pdf, *fonts = NULL;
	const char *in[] = {SCRIPTS, NULL}, *out[] = {"g.pdf", NULL};

	build(dir, in, out, NULL);
	pdf = h_path(dir, "g.pdf");
	assert_pdf_text(pdf, names, sizeof names / sizeof *names);
	{
		const char *argv[] = {"pdffonts", pdf, NULL};

		ck_assert_int_eq(h_run_prog(argv, &fonts, NULL), 0);
	}
	/* Subset names: "ABCDEF+WenQuanYiZenHei", "ABCDEF+DejaVuSans". */
	ck_assert_msg(strstr(fonts, "+WenQuanYiZenHei "), "no CJK font embedded:\n%s", fonts);
	ck_assert_msg(strstr(fonts, "+DejaVuSans "), "no DejaVu Sans embedded:\n%s", fonts);
	free(fonts);
	free(pdf);
	free(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc_goldens = tcase_create("goldens");
	TCase *tc_svg = tcase_create("svg");
	TCase *tc_png = tcase_create("png");
	TCase *tc_pdf = tcase_create("pdf");
	TCase *tc_html = tcase_create("html");

	tcase_set_timeout(tc_goldens, 60);
	tcase_add_test(tc_goldens, small_corpus_goldens);
	tcase_add_test(tc_goldens, dot_and_json_read_back_to_the_same_graph);
	tcase_add_test(tc_goldens, same_bytes_in_any_order);
	suite_add_tcase(s, tc_goldens);
	tcase_set_timeout(tc_svg, 60);
	tcase_add_test(tc_svg, svg_is_made_for_embedding);
	tcase_add_test(tc_svg, hostile_text_stays_text);
	tcase_add_test(tc_svg, graphviz_commands_keep_hostile_links_inert);
	tcase_add_test(tc_svg, graphviz_escapes_read_literally);
	tcase_add_test(tc_svg, themes_change_the_drawing_only);
	tcase_add_test(tc_svg, types_in_one_figure_get_distinct_styles);
	tcase_add_test(tc_svg, every_drawn_edge_shows_its_type);
	tcase_add_test(tc_svg, diff_dashes_only_what_was_removed);
	tcase_add_test(tc_svg, graphviz_commands_draw_the_dot_alike);
	suite_add_tcase(s, tc_svg);
	tcase_set_timeout(tc_png, 60);
	tcase_add_test(tc_png, png_is_a_real_picture);
	tcase_add_test(tc_png, png_draws_every_script_with_a_font_that_has_it);
	suite_add_tcase(s, tc_png);
	tcase_set_timeout(tc_pdf, 60);
	tcase_add_test(tc_pdf, pdf_has_text_and_the_svg_layout);
	tcase_add_test(tc_pdf, pdf_embeds_a_font_for_every_script);
	suite_add_tcase(s, tc_pdf);
	tcase_set_timeout(tc_html, 60);
	tcase_add_test(tc_html, html_page_holds_hostile_text_as_data);
	tcase_add_test(tc_html, html_page_bounds_the_evidence);
	tcase_add_test(tc_html, html_by_extension_or_by_name);
	suite_add_tcase(s, tc_html);
	return s;
}

int main(void)
{
	return h_main(suite());
}
