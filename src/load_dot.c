/*
 * load_dot.c - read a DOT graph back: ergraph's own (every model field
 * as an erg_ attribute) or any Graphviz DOT (names and labels only).
 *
 * cgraph parses it, in gv.c's Graphviz context; before that a scan of
 * the text bounds its edges, so that a short DOT that would make
 * millions of them is refused before cgraph builds them.
 */
#include "internal.h"
#include "diag.h"
#include "input.h"

#include <graphviz/cgraph.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *get(void *obj, const char *name)
{
	char *v = agget(obj, (char *)name);

	return v && *v ? v : NULL;
}

/* The error of an attribute holding a \u0000 escape, which JSON decoding refuses. */
static void nul_error(erg_load_ctx *ctx, const char *what, const char *name)
{
	erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: %s: \\u0000 in a string: NUL characters are refused",
		 ctx->path, what, name);
}

/*
 * A plain model string written by set_plain(): as is, or decoded from JSON
 * when it starts with a quote.  Decoded strings are kept in `keep` (an
 * array the caller deletes) so that they live as long as the record.
 * NULL and *bad, with an error naming `what`, when it holds a \u0000.
 */
static const char *get_plain(erg_load_ctx *ctx, const char *what, void *obj, const char *name,
			     cJSON *keep, bool *bad, bool *nomem)
{
	const char *v = get(obj, name);
	size_t err;
	cJSON *j;

	if (!v || v[0] != '"')
		return v;
	if (!(j = erg_json_parse(v, strlen(v), &err)) || !cJSON_IsString(j)) {
		*nomem |= !j && err == ERG_JSON_NOMEM;
		cJSON_Delete(j);
		if (!j && err != ERG_JSON_NOMEM && erg_json_nul_escape(v, strlen(v)) != SIZE_MAX) {
			nul_error(ctx, what, name);
			*bad = true;
			return NULL;
		}
		return v;
	}
	if (!keep || !cJSON_AddItemToArray(keep, j)) {
		cJSON_Delete(j);
		*nomem = true;
		return v;
	}
	return j->valuestring;
}

/*
 * Parse a JSON attribute; NULL and an error when it is not JSON, NULL and
 * *nomem when it could not be parsed for want of memory.
 */
static cJSON *json_attr(erg_load_ctx *ctx, void *obj, const char *what, const char *name,
			bool *bad, bool *nomem)
{
	const char *v = get(obj, name);
	size_t err;
	cJSON *j;

	if (!v)
		return NULL;
	if (!(j = erg_json_parse(v, strlen(v), &err)) && err == ERG_JSON_NOMEM) {
		*nomem = *bad = true;
	} else if (!j && erg_json_nul_escape(v, strlen(v)) != SIZE_MAX) {
		nul_error(ctx, what, name);
		*bad = true;
	} else if (!j) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: %s: not valid JSON", ctx->path, what, name);
		*bad = true;
	}
	return j;
}

/* A relation type from a foreign edge's label: lower case, '_' for spaces. */
static char *type_from_label(const char *label)
{
	erg_buf b = ERG_BUF_INIT;

	for (const char *p = label ? label : ""; *p && b.len < 40; p++) {
		char c = erg_ascii_lower(*p);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9' && b.len))
			erg_buf_put(&b, &c, 1);
		else if ((c == ' ' || c == '_' || c == '-') && b.len && b.ptr[b.len - 1] != '_')
			erg_buf_put(&b, "_", 1);
	}
	if (b.failed)
		return erg_buf_detach(&b); /* NULL: out of memory */
	while (b.len && b.ptr[b.len - 1] == '_')
		b.ptr[--b.len] = '\0';
	if (!b.len) {
		erg_buf_free(&b);
		return erg_strdup("edge");
	}
	return erg_buf_detach(&b);
}

/* erg_mentions, erg_weight: a whole number, 0 or more (0 and an error if not). */
static long count_of(erg_readback *rb, const char *field, const char *s)
{
	char *end;
	double v;

	if (!s)
		return 0;
	v = strtod(s, &end);
	if (end == s || *end) {
		erg_diag(rb->ctx, ERG_DIAG_ERROR, "%s: %s: erg_%s: '%s' is not a number",
			 rb->ctx->path, rb->at, field, s);
		rb->bad = true;
		return 0;
	}
	return erg_readback_count(rb, field, v) ? (long)v : 0;
}

static int read_nodes(erg_graph *g, erg_load_ctx *ctx, Agraph_t *dg, bool ours)
{
	erg_buf place = ERG_BUF_INIT, what = ERG_BUF_INIT;
	int rc = 0;

	for (Agnode_t *n = agfstnode(dg); n && rc == 0; n = agnxtnode(dg, n)) {
		erg_node_rec rec = {0};
		cJSON *aliases = NULL, *docs = NULL, *attrs = NULL, *ids = NULL, *names = NULL, *types = NULL;
		cJSON *keep = cJSON_CreateArray();
		const char *label = get(n, "label");
		bool bad = false, nomem = false;
		erg_readback rb;
		erg_node *node;

		what.len = place.len = 0;
		if ((rc = erg_buf_printf(&what, "node '%s'", agnameof(n))) < 0 ||
		    (rc = erg_buf_printf(&place, "%s: %s", ctx->path, what.ptr)) < 0)
			break;
		rec.id = agnameof(n);
		rec.place = place.ptr;
		rb = (erg_readback){ctx, g, what.ptr, true, false, false};
		if (ours) {
			rec.type = get(n, "erg_type");
			rec.name = get_plain(ctx, what.ptr, n, "erg_name", keep, &bad, &nomem);
			rec.kb = get_plain(ctx, what.ptr, n, "erg_kb", keep, &bad, &nomem);
			rec.first_seen = get_plain(ctx, what.ptr, n, "erg_first_seen", keep, &bad, &nomem);
			rec.last_seen = get_plain(ctx, what.ptr, n, "erg_last_seen", keep, &bad, &nomem);
			rec.mentions = count_of(&rb, "mentions", get(n, "erg_mentions"));
			rec.aliases = aliases = json_attr(ctx, n, what.ptr, "erg_aliases", &bad, &nomem);
			rec.documents = docs = json_attr(ctx, n, what.ptr, "erg_documents", &bad, &nomem);
			rec.attributes = attrs = json_attr(ctx, n, what.ptr, "erg_attributes", &bad, &nomem);
			rec.id_docs = ids = json_attr(ctx, n, what.ptr, "erg_ids", &bad, &nomem);
			rec.name_docs = names = json_attr(ctx, n, what.ptr, "erg_names", &bad, &nomem);
			rec.type_docs = types = json_attr(ctx, n, what.ptr, "erg_types", &bad, &nomem);
		}
		if (!rec.type)
			rec.type = "node";
		if (!rec.name) {
			rb.label = label && strcmp(label, "\\N") != 0 && !aghtmlstr((char *)label);
			rec.name = rb.label ? label : agnameof(n);
		}
		erg_readback_node(&rb, &rec);
		bad |= rb.bad;
		if (!erg_word_valid(rec.type)) {
			erg_diag(ctx, ERG_DIAG_ERROR, "%s: erg_type '%s' is not a lower-case word",
				 place.ptr, rec.type);
			bad = true;
		} else if (erg_name_length(rec.id) != SIZE_MAX && erg_id_flaw(rec.id)) {
			/* a control character was named by erg_readback_node */
			erg_diag(ctx, ERG_DIAG_ERROR, "%s: a node name may not contain %s", place.ptr,
				 erg_id_flaw(rec.id));
			bad = true;
		}
		if (nomem)
			rc = erg_nomem();
		else if (!bad && (rc = erg_graph_add_node(g, &rec, &node)) == ERG_EINVALID) {
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			rc = 0;
		}
		cJSON_Delete(aliases);
		cJSON_Delete(docs);
		cJSON_Delete(attrs);
		cJSON_Delete(ids);
		cJSON_Delete(names);
		cJSON_Delete(types);
		cJSON_Delete(keep);
	}
	erg_buf_free(&place);
	erg_buf_free(&what);
	return rc;
}

static int read_edges(erg_graph *g, erg_load_ctx *ctx, Agraph_t *dg, bool ours)
{
	erg_buf what = ERG_BUF_INIT;
	int rc = 0;

	for (Agnode_t *n = agfstnode(dg); n && rc == 0; n = agnxtnode(dg, n)) {
		for (Agedge_t *e = agfstout(dg, n); e && rc == 0; e = agnxtout(dg, e)) {
			erg_edge_rec rec = {0};
			cJSON *docs = NULL, *ev = NULL, *dates = NULL, *attrs = NULL;
			cJSON *keep = cJSON_CreateArray();
			char *type = NULL;
			bool bad = false, nomem = false;
			erg_readback rb;

			what.len = 0;
			if ((rc = erg_buf_printf(&what, "edge '%s' -> '%s'", agnameof(agtail(e)),
						 agnameof(aghead(e)))) < 0)
				break;
			rec.source = erg_graph_find_id(g, agnameof(agtail(e)));
			rec.target = erg_graph_find_id(g, agnameof(aghead(e)));
			rec.directed = agisdirected(dg);
			if (ours && get(e, "erg_type")) {
				rec.type = get(e, "erg_type");
				rec.directed = !get(e, "erg_directed") ||
					       strcmp(get(e, "erg_directed"), "false") != 0;
				rec.first_seen = get_plain(ctx, what.ptr, e, "erg_first_seen", keep, &bad, &nomem);
				rec.last_seen = get_plain(ctx, what.ptr, e, "erg_last_seen", keep, &bad, &nomem);
				rec.documents = docs = json_attr(ctx, e, what.ptr, "erg_documents", &bad, &nomem);
				rec.evidence = ev = json_attr(ctx, e, what.ptr, "erg_evidence", &bad, &nomem);
				rec.dates = dates = json_attr(ctx, e, what.ptr, "erg_dates", &bad, &nomem);
				rec.attributes = attrs = json_attr(ctx, e, what.ptr, "erg_attributes", &bad, &nomem);
			} else {
				if (!(type = type_from_label(get(e, "label")))) {
					rc = ERG_ESYS;
					break;
				}
				rec.type = type;
			}
			if (!erg_word_valid(rec.type)) {
				erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: erg_type '%s' is not a lower-case word",
					 ctx->path, what.ptr, rec.type);
				bad = true;
			}
			rb = (erg_readback){ctx, g, what.ptr, true, false, false};
			erg_readback_edge(&rb, &rec);
			count_of(&rb, "weight", get(e, "erg_weight")); /* counted again from the documents */
			bad |= rb.bad;
			if (nomem)
				rc = erg_nomem();
			else if (!bad && rec.source && rec.target)
				rc = erg_graph_add_edge(g, &rec);
			free(type);
			cJSON_Delete(docs);
			cJSON_Delete(ev);
			cJSON_Delete(dates);
			cJSON_Delete(attrs);
			cJSON_Delete(keep);
		}
	}
	erg_buf_free(&what);
	return rc;
}

static int read_documents(erg_graph *g, erg_load_ctx *ctx, Agraph_t *dg)
{
	bool bad = false, nomem = false;
	cJSON *docs = json_attr(ctx, dg, "graph", "erg_documents", &bad, &nomem);
	const cJSON *d;
	int rc = nomem ? erg_nomem() : 0, i = 0;

	if (docs && !cJSON_IsArray(docs))
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: graph: erg_documents: expected an array", ctx->path);
	cJSON_ArrayForEach(d, docs) {
		erg_docinfo info = {0};
		char at[64];

		snprintf(at, sizeof at, "graph: erg_documents[%d]", i++);
		info.id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "id"));
		info.title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "title"));
		info.source = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "source"));
		info.published = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "published"));
		info.origin = (char *)ctx->path;
		if (!info.id || !*info.id)
			erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: id: expected a non-empty string", ctx->path, at);
		else
			erg_readback_document(&(erg_readback){ctx, g, at, false, false, false}, &info);
		if (info.id && erg_graph_has_document(g, info.id))
			erg_diag(ctx, ERG_DIAG_WARNING,
				 "%s: document '%s' is in another input too: its mentions count twice "
				 "(shards should split the documents)", ctx->path, info.id);
		if (info.id && *info.id && (rc = erg_graph_add_document(g, &info, true, NULL)) < 0)
			break;
	}
	cJSON_Delete(docs);
	return rc;
}

/*
 * An upper bound of the edges a DOT text makes, found before cgraph makes
 * them: "{a0 ... a999} -> {b0 ... b999}" is 10 KB and a million edges,
 * which agmemread would build (and hold) before any count.  An edge
 * statement makes, for each edge operator, the product of the nodes on
 * either side; a subgraph's nodes are bounded by the node names in it.
 * Duplicates count each time, so the bound can only be high.
 */
enum { T_END, T_ID = 256, T_EDGEOP, T_OTHER };

/* Deeper, a DOT is refused: the scan could not bound it. */
#define DOT_MAX_DEPTH 1000

typedef struct {
	const char *p, *end;
	int tok;
	const char *id;     /* the last T_ID, unquoted (keywords), else NULL */
	size_t idlen;
	size_t edges;       /* saturating */
	int depth;
	bool bad;           /* not DOT this scanner follows: no bound */
	bool too_deep;      /* subgraphs nested deeper than DOT_MAX_DEPTH */
	erg_map named;      /* subgraph name -> its node bound + 1 */
} dot_scan;

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t sat_mul(size_t a, size_t b)
{
	return a && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static bool id_char(unsigned char c)
{
	return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') || erg_ascii_alnum((char)c);
}

/* The next token: white space, comments and '#' lines skipped. */
static void scan_next(dot_scan *s)
{
	const char *p = s->p, *e = s->end;

	for (;;) {
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f'))
			p++;
		if (p < e && *p == '#' && (p == s->p || p[-1] == '\n')) {
			while (p < e && *p != '\n')
				p++;
		} else if (e - p >= 2 && p[0] == '/' && p[1] == '/') {
			while (p < e && *p != '\n')
				p++;
		} else if (e - p >= 2 && p[0] == '/' && p[1] == '*') {
			for (p += 2; p < e && !(e - p >= 2 && p[0] == '*' && p[1] == '/'); p++)
				;
			p = p < e ? p + 2 : e;
		} else {
			break;
		}
	}
	s->id = NULL;
	if (p >= e) {
		s->tok = T_END;
	} else if (*p == '"') {
		/* A quoted string, and any '+' "..." joined to it. */
		for (;;) {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\' && p + 1 < e)
					p++;
			p = p < e ? p + 1 : e;
			{
				const char *q = p;

				while (q < e && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
					q++;
				if (q < e && *q == '+') {
					for (q++; q < e && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r');)
						q++;
					if (q < e && *q == '"') {
						p = q;
						continue;
					}
				}
			}
			break;
		}
		s->tok = T_ID;
	} else if (*p == '<') {
		int depth = 0;

		for (; p < e; p++) {
			depth += *p == '<' ? 1 : *p == '>' ? -1 : 0;
			if (depth == 0)
				break;
		}
		p = p < e ? p + 1 : e;
		s->tok = T_ID;
	} else if (*p == '-' && e - p >= 2 && (p[1] == '>' || p[1] == '-')) {
		p += 2;
		s->tok = T_EDGEOP;
	} else if (*p == '-' || *p == '.' || (*p >= '0' && *p <= '9')) {
		for (p++; p < e && (*p == '.' || (*p >= '0' && *p <= '9')); p++)
			;
		s->tok = T_ID;
	} else if (id_char((unsigned char)*p)) {
		s->id = p;
		while (p < e && id_char((unsigned char)*p))
			p++;
		s->idlen = (size_t)(p - s->id);
		s->tok = T_ID;
	} else if (strchr("{}[];,=:", *p)) {
		s->tok = *p++;
	} else {
		s->tok = T_OTHER;
		s->bad = true;
	}
	s->p = p;
}

/* Is the token the keyword kw (lower case; DOT's keywords ignore case)? */
static bool scan_kw(const dot_scan *s, const char *kw)
{
	if (s->tok != T_ID || !s->id || s->idlen != strlen(kw))
		return false;
	for (size_t i = 0; i < s->idlen; i++)
		if (erg_ascii_lower(s->id[i]) != kw[i])
			return false;
	return true;
}

static void scan_attrs(dot_scan *s)
{
	while (s->tok == '[') {
		while (s->tok != ']' && s->tok != T_END && !s->bad)
			scan_next(s);
		scan_next(s);
	}
}

static size_t scan_stmts(dot_scan *s);

/* One operand of an edge statement: its node bound (0 and bad if none). */
static size_t scan_operand(dot_scan *s)
{
	size_t n;

	if (scan_kw(s, "subgraph")) {
		char name[256] = "";

		scan_next(s);
		if (s->tok == T_ID) {
			snprintf(name, sizeof name, "%.*s", (int)(s->id ? s->idlen : 0), s->id ? s->id : "");
			scan_next(s);
		}
		if (s->tok != '{') {
			s->bad = true;
			return 0;
		}
		/* A name seen before is the same subgraph: its nodes so far, and more. */
		n = scan_stmts(s);
		if (*name) {
			void *v = erg_map_get(&s->named, name);

			n = sat_add(n, v ? (size_t)(uintptr_t)v - 1 : 0);
			if (n >= UINTPTR_MAX || erg_map_put(&s->named, name, (void *)(uintptr_t)(n + 1)) < 0)
				s->bad = true;
		}
		return n;
	}
	if (s->tok == '{')
		return scan_stmts(s);
	if (s->tok != T_ID) {
		s->bad = true;
		return 0;
	}
	scan_next(s);
	for (int i = 0; i < 2 && s->tok == ':'; i++) { /* a port, and a compass point */
		scan_next(s);
		if (s->tok == T_ID)
			scan_next(s);
	}
	return 1;
}

/* The statements of the '{' at hand, to its '}' (consumed): the bound of their nodes. */
static size_t scan_stmts(dot_scan *s)
{
	size_t nodes = 0;

	if (++s->depth > DOT_MAX_DEPTH) {
		s->bad = s->too_deep = true;
		return 0;
	}
	scan_next(s);
	while (!s->bad && s->tok != '}' && s->tok != T_END) {
		size_t n, m;

		if (s->tok == ';' || s->tok == ',') {
			scan_next(s);
			continue;
		}
		if (scan_kw(s, "graph") || scan_kw(s, "node") || scan_kw(s, "edge")) {
			scan_next(s);
			scan_attrs(s);
			continue;
		}
		if (s->tok == T_ID && !scan_kw(s, "subgraph")) {
			/* ID = ID, or a node (and its port). */
			scan_next(s);
			if (s->tok == '=') {
				scan_next(s);
				scan_next(s);
				continue;
			}
			for (int i = 0; i < 2 && s->tok == ':'; i++) {
				scan_next(s);
				if (s->tok == T_ID)
					scan_next(s);
			}
			n = 1;
		} else {
			n = scan_operand(s);
		}
		nodes = sat_add(nodes, n);
		while (!s->bad && s->tok == T_EDGEOP) {
			scan_next(s);
			m = scan_operand(s);
			s->edges = sat_add(s->edges, sat_mul(n, m));
			nodes = sat_add(nodes, m);
			n = m;
		}
		scan_attrs(s);
	}
	s->depth--;
	if (s->tok == '}')
		scan_next(s);
	return nodes;
}

/*
 * The bound of the edges of the first graph in buf, or SIZE_MAX when
 * unsure (then cgraph's syntax error, or its own count, follows), with
 * *too_deep when that is for subgraphs nested too deep.
 */
static size_t dot_edge_bound(const char *buf, size_t len, bool *too_deep)
{
	dot_scan s = {buf, buf + len, 0, NULL, 0, 0, 0, false, false, {0}};

	scan_next(&s);
	if (scan_kw(&s, "strict"))
		scan_next(&s);
	if (!scan_kw(&s, "graph") && !scan_kw(&s, "digraph"))
		s.bad = true;
	else
		scan_next(&s);
	if (!s.bad && s.tok == T_ID)
		scan_next(&s);
	if (!s.bad && s.tok == '{') {
		scan_stmts(&s);
	} else {
		s.bad = true;
	}
	erg_map_free(&s.named);
	*too_deep = s.too_deep;
	return s.bad ? SIZE_MAX : s.edges;
}

int erg_load_dot(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len)
{
	Agraph_t *dg;
	size_t bad, bound;
	bool ours, too_deep;
	int rc;

	if (!erg_utf8_valid(buf, len, &bad)) {
		int line, col;

		erg_text_position(buf, bad, &line, &col);
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: %s", ctx->path, line, col,
			 buf[bad] ? "invalid UTF-8 (DOT input must be UTF-8)" : "NUL byte in the file");
		return 0;
	}
	/* When the scan is unsure, cgraph's own count below still holds. */
	bound = dot_edge_bound(buf, len, &too_deep);
	if (too_deep) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: subgraphs nested deeper than %d levels", ctx->path,
			 DOT_MAX_DEPTH);
		return 0;
	}
	if (bound != SIZE_MAX && !erg_load_graph_fits(ctx, g, 0, bound, true))
		return 0;
	if ((rc = erg_gv_start()) < 0)
		return rc;
	erg_gv_forget();
	if (!(dg = agmemread(buf))) {
		const char *said = erg_gv_said();
		const char *line = strstr(said, "line ");

		const char *near = strstr(said, "near");

		if (line)
			erg_diag(ctx, ERG_DIAG_ERROR, "%s:%ld: DOT syntax error%s%s", ctx->path,
				 strtol(line + 5, NULL, 10), near ? " " : "", near ? near : "");
		else
			erg_diag(ctx, ERG_DIAG_ERROR, "%s: not a DOT graph%s%s", ctx->path,
				 *said ? ": " : "", said);
		return 0;
	}
	if (!erg_load_graph_fits(ctx, g, (size_t)agnnodes(dg), (size_t)agnedges(dg), false)) {
		agclose(dg);
		return 0;
	}
	ours = get(dg, "erg_version") != NULL;
	if ((ours && (rc = read_documents(g, ctx, dg)) < 0) || (rc = read_nodes(g, ctx, dg, ours)) < 0 ||
	    (rc = read_edges(g, ctx, dg, ours)) < 0) {
		agclose(dg);
		return rc;
	}
	agclose(dg);
	return 0;
}
