/*
 * gv.c - Graphviz: its context, the graph drawn, DOT written, layout and
 * rendering (load_dot.c reads DOT in the same context).
 *
 * One Graphviz context for the process (a second one after gvFreeContext
 * reads freed memory in the pango plugin).  Graphviz messages come back
 * through agseterrf() instead of going to stderr.  Nodes and edges are
 * created in sorted order: Graphviz layouts and SVG ids follow creation
 * order, so that is what makes the output bytes repeatable.
 */
#include "internal.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static GVC_t *gvc;
static erg_buf gv_messages = ERG_BUF_INIT;
/* Graphs made here write through dot_putstr (below). */
static Agiodisc_t dot_io;
static Agdisc_t dot_disc;
static int dot_putstr(void *chan, const char *str);
static int dot_flush(void *chan);

/* Graphviz's errors and warnings land here, to be quoted in ours. */
static int gv_collect(char *msg)
{
	if (gv_messages.len < 4096)
		erg_buf_puts(&gv_messages, msg);
	return 0;
}

static int gv_init(void)
{
	if (gvc)
		return 0;
	agseterrf(gv_collect);
	agseterr(AGERR);
	dot_io = AgIoDisc;
	dot_io.putstr = dot_putstr;
	dot_io.flush = dot_flush;
	dot_disc = (Agdisc_t){&AgMemDisc, &AgIdDisc, &dot_io};
	if (!(gvc = gvContext()))
		return erg_fail(ERG_EGRAPHVIZ, "cannot start Graphviz (gvContext failed)");
	return 0;
}

/* The Graphviz messages since the last call, trimmed; "" when none. */
static const char *gv_said(void)
{
	while (gv_messages.len && isspace((unsigned char)gv_messages.ptr[gv_messages.len - 1]))
		gv_messages.ptr[--gv_messages.len] = '\0';
	return gv_messages.ptr ? gv_messages.ptr : "";
}

static void gv_forget(void)
{
	gv_messages.len = 0;
	if (gv_messages.ptr)
		gv_messages.ptr[0] = '\0';
}

void erg_shutdown(void)
{
	if (gvc)
		gvFreeContext(gvc);
	gvc = NULL;
	erg_buf_free(&gv_messages);
}

/* ---- building the Graphviz graph ------------------------------------ */

struct erg_gv {
	Agraph_t *g;
	const erg_graph *model;
	size_t *degree;    /* relations of each node, by model index */
	const erg_theme *theme;
	bool legend;       /* add a legend node before layout */
	Agnode_t *legend_node;
	Agnode_t **nodes;  /* by model index; NULL once gathered in the note */
	Agnode_t *note_node; /* the entities without relations, in one block */
	Agnode_t **groups; /* group nodes of leaves, in the order made */
	size_t ngroups;
	bool grouped;
	Agedge_t **edges;  /* by model index; NULL once merged into another */
	/* By model index: the drawn node or edge that shows it (its own, a
	 * group, the note, a merged edge), or NULL; for erg_gv_svg_id(). */
	Agnode_t **node_in;
	Agedge_t **edge_in;
	bool merged;       /* parallel edges merged (drawings only) */
	size_t rescued;    /* edge labels Graphviz left out, put on their edges */
	bool laid_out;
	bool whole;        /* no summaries: every entity and relation drawn */
	erg_prov prov;     /* what the store says of the node or edge at hand */
	bool with_model;   /* carry the model (erg_* attributes): for DOT outputs */
	bool lazy;         /* ... its lists as placeholders, made as the DOT is written */
	char prov_kind;    /* whose provenance gv->prov holds: 'n' node, 'e' edge, 0 */
	size_t prov_index; /* ... by model index */
	struct title_slot *titles; /* recent documents' titles, or NULL */
	erg_map looks;     /* relation type -> its erg_edge_look in this figure */
	erg_edge_look *look_v; /* ... most frequent type first */
	const char **look_types;
	size_t nlooks;
};

/* Titles of the documents tooltips name, by document number: the first
 * documents of many nodes and edges are the same few, and each title
 * read is a read of the store. */
#define TITLE_SLOTS 4096

struct title_slot {
	uint32_t num;  /* document number + 1; 0: empty */
	char *title;   /* NULL: it has none */
};

static const char *const graph_attrs[] = {
	"bgcolor", "fontname", "fontcolor", "rankdir", "pad", "nodesep", "ranksep", "splines",
	"outputorder", "overlap", "sep", "pack", "forcelabels", "id", "erg_version", "inputscale",
	"erg_documents", "label", "labelloc", "fontsize", "linelength", NULL};
static const char *const node_attrs[] = {
	"label", "shape", "style", "fillcolor", "color", "fontcolor", "fontname", "fontsize",
	"class", "tooltip", "URL", "target", "id", "margin", "pos", "width", "height", "erg_type", "erg_name", "erg_aliases",
	"erg_kb", "erg_documents", "erg_mentions", "erg_first_seen", "erg_last_seen",
	"erg_attributes", "erg_ids", "erg_names", "erg_types", NULL};
static const char *const edge_attrs[] = {
	"label", "xlabel", "color", "style", "fontcolor", "fontname", "fontsize", "penwidth", "arrowhead",
	"dir", "class", "tooltip", "id", "erg_type", "erg_directed", "erg_weight",
	"erg_documents", "erg_evidence", "erg_dates", "erg_first_seen", "erg_last_seen",
	"erg_attributes", NULL};

static void declare(Agraph_t *g, int kind, const char *const *names)
{
	for (; *names; names++)
		agattr(g, kind, (char *)*names, "");
}

static void set(void *obj, const char *name, const char *value)
{
	agset(obj, (char *)name, (char *)(value ? value : ""));
}

/* What a backslash is written as in a label: Graphviz reads \N, \G, \L,
 * \n and friends, and "\\" as one backslash. */
#define LABEL_BACKSLASH "\\\\"
/* ... and in a tooltip, which Graphviz unescapes twice (it takes "\\N"
 * for \N, the node's name, and "\\L" for its whole label). */
#define TOOLTIP_BACKSLASH "\\\\\\\\"

/*
 * Text for a Graphviz label or tooltip: each backslash written as
 * `backslash` so that the text shows as it is (and no \L makes it grow),
 * '&' written as an entity (Graphviz passes "&lt;" through as an entity,
 * so a literal one must be escaped), control characters as spaces.  Long
 * names are wrapped near `width` characters.
 */
static int label_text(erg_buf *b, const char *s, size_t width, const char *backslash)
{
	size_t col = 0;
	int rc = 0;

	for (const char *p = s; *p && rc == 0; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' && width && col >= width) {
			const char *next = strchr(p + 1, ' ');
			size_t rest = next ? (size_t)(next - p - 1) : strlen(p + 1);

			if (rest > 2) { /* not for a last short word */
				rc = erg_buf_puts(b, "\\n");
				col = 0;
				continue;
			}
		}
		if (c == '\\')
			rc = erg_buf_puts(b, backslash);
		else if (c == '&')
			rc = erg_buf_puts(b, "&amp;");
		else if (c < 0x20 || c == 0x7f)
			rc = erg_buf_puts(b, " ");
		else if (!erg_xml_nonchar(p))
			rc = erg_buf_put(b, p, 1);
		else if ((rc = erg_buf_puts(b, "\xef\xbf\xbd")) == 0) /* U+FFFD: XML has no U+FFFE, U+FFFF */
			p += 2;
		if ((c & 0xc0) != 0x80)
			col++;
	}
	return rc;
}

/*
 * Graphviz 2.43's DOT lexer reads "\\" as a pair, so agwrite output breaks
 * when an odd run of backslashes comes before a quote or the end of a
 * string.  Values are made safe for that: JSON text uses \u escapes for
 * quotes and backslashes inside strings, and a plain value holding a
 * backslash (or starting with a quote) is written as a JSON string, which
 * the reader recognises by its leading quote.
 */
/* JSON text with quotes and backslashes inside its strings as \u
 * escapes (caller frees), or NULL when out of memory. */
static char *dot_safe_json(const char *s)
{
	erg_buf b = ERG_BUF_INIT;
	char *out;

	for (const char *p = s; *p; p++) {
		if (p[0] == '\\' && (p[1] == '"' || p[1] == '\\')) {
			erg_buf_puts(&b, p[1] == '"' ? "\\u0022" : "\\u005c");
			p++;
		} else {
			erg_buf_put(&b, p, 1);
		}
	}
	out = erg_buf_detach(&b);
	erg_buf_free(&b); /* what a failed buffer kept */
	return out;
}

static char *json_text(cJSON *item)
{
	char *s = item ? cJSON_PrintUnformatted(item) : NULL, *safe;

	cJSON_Delete(item);
	if (!s) {
		erg_nomem();
		return NULL;
	}
	safe = dot_safe_json(s);
	free(s);
	return safe ? safe : (erg_nomem(), NULL);
}

/* Set an attribute to the compact JSON of `item` (which is consumed). */
static int set_json(void *obj, const char *name, cJSON *item)
{
	char *s = json_text(item);

	if (!s)
		return ERG_ESYS;
	set(obj, name, s);
	free(s);
	return 0;
}

/* Set a model string so that agwrite writes it back readable. */
static int set_plain(void *obj, const char *name, const char *value)
{
	if (value && (strchr(value, '\\') || value[0] == '"'))
		return set_json(obj, name, cJSON_CreateString(value));
	set(obj, name, value);
	return 0;
}

/*
 * The lists of the model grow with the corpus: a DOT of 100,000 documents
 * is 93 MB, nearly all of it documents and evidence.  Instead of holding
 * them in cgraph until agwrite, each is a placeholder naming its object
 * and list, and dot_putstr, which agwrite hands every string it writes,
 * writes the list in its place, read from the store just then.  A
 * placeholder starts with 0xff, which no UTF-8 text has, and is all
 * letters and digits, which agwrite writes as they are (no quotes).
 */
static void set_lazy(void *obj, const char *name, char kind, char list, size_t index)
{
	char ph[32];

	snprintf(ph, sizeof ph, "\xff%c%c%zu", kind, list, index);
	set(obj, name, ph);
}

/* The title of document `num` (id `id`), or its id when it has none. */
static const char *doc_title(erg_gv *gv, uint32_t num, const char *id)
{
	struct title_slot *t;
	const erg_docinfo *d;
	char *copy;

	if (!gv->titles)
		gv->titles = calloc(TITLE_SLOTS, sizeof *gv->titles);
	t = gv->titles ? &gv->titles[num % TITLE_SLOTS] : NULL;
	if (t && t->num == num + 1)
		return t->title ? t->title : id;
	d = erg_graph_doc(gv->model, num);
	if (!d || !d->title)
		copy = NULL;
	else if (!t || !(copy = strdup(d->title)))
		return d->title; /* good until the next read: not kept */
	if (t) {
		free(t->title);
		t->title = copy;
		t->num = num + 1;
	}
	return copy ? copy : id;
}

/* The most bytes of one title or evidence text a tooltip shows. */
#define TOOLTIP_TEXT 300

/* s, or its first TOOLTIP_TEXT bytes cut before a UTF-8 character and
 * "..." when it is longer: a tooltip's size does not grow with its text. */
static int clipped(erg_buf *b, const char *s)
{
	size_t n = strnlen(s, TOOLTIP_TEXT + 1);

	if (n <= TOOLTIP_TEXT)
		return erg_buf_put(b, s, n);
	n = TOOLTIP_TEXT;
	while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return erg_buf_put(b, s, n) < 0 ? ERG_ESYS : erg_buf_puts(b, "\u2026");
}

/* "N documents: title; title; ..." for tooltips, at most ten named. */
static int documents_line(erg_buf *b, erg_gv *gv, const erg_prov *p)
{
	size_t n = p->ndocuments;
	int rc = erg_buf_printf(b, "%zu document%s", n, n == 1 ? "" : "s");

	for (size_t i = 0; rc == 0 && i < n && i < 10; i++)
		if ((rc = erg_buf_puts(b, i ? "; " : ": ")) == 0)
			rc = clipped(b, doc_title(gv, p->docnums[i], p->documents[i]));
	if (rc == 0 && n > 10)
		rc = erg_buf_printf(b, "; and %zu more", n - 10);
	return rc;
}

/* Tooltips: escaped like labels, but a newline stays a line break. */
static int tooltip_text(erg_buf *b, const char *s)
{
	int rc = 0;

	for (const char *nl; rc == 0 && (nl = strchr(s, '\n')); s = nl + 1) {
		char *line = strndup(s, (size_t)(nl - s));

		if (!line)
			return erg_nomem();
		if ((rc = label_text(b, line, 0, TOOLTIP_BACKSLASH)) == 0)
			rc = erg_buf_puts(b, "\\n");
		free(line);
	}
	return rc ? rc : label_text(b, s, 0, TOOLTIP_BACKSLASH);
}

/*
 * The link of the earliest document with a source safe to put in a page
 * (caller frees; NULL: none): the provenance chose it (erg_prov.link)
 * from what is in memory, so only its source is read from the store.
 */
static int node_link(const erg_node *n, const erg_prov *p, char **out)
{
	const erg_docinfo *d;

	*out = NULL;
	if (!p->link)
		return 0;
	if (!(d = erg_corpus_doc(n->corpus, p->link - 1)))
		return ERG_ESYS;
	return (*out = strdup(d->source)) ? 0 : erg_nomem();
}

/* How a diff's union graph shows each status: border, fill, text. */
static const struct {
	const char *name, *color, *fill, *font;
} status_style[] = {
	{"unchanged", "#9ca3af", "#f9fafb", "#6b7280"},
	{"added", "#15803d", "#dcfce7", "#14532d"},
	{"removed", "#dc2626", "#fee2e2", "#7f1d1d"},
	{"changed", "#ea580c", "#ffedd5", "#7c2d12"},
};

/*
 * A node's style in a diff: the type's line pattern goes, because a
 * pattern there says "removed" (dashed); shape options stay.  NULL: out
 * of memory.
 */
static char *diff_style(const char *style, bool removed)
{
	erg_buf b = ERG_BUF_INIT;
	const char *p = style ? style : "";

	while (*p) {
		size_t n = strcspn(p, ",");

		if (!(n == 6 && (memcmp(p, "dashed", 6) == 0 || memcmp(p, "dotted", 6) == 0)) && n)
			erg_buf_printf(&b, "%s%.*s", b.len ? "," : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	erg_buf_printf(&b, "%s%s", b.len ? "," : "", removed ? "dashed" : "solid");
	return erg_buf_detach(&b);
}

/*
 * The class of a node or edge: its type and, in a diff, its status.
 * Graphviz copies a class into the SVG as it is, "&...;" included, so a
 * type that is not a word is written as a class name (erg_class_text).
 */
static int set_class(void *obj, const char *type, const char *status)
{
	erg_buf cls = ERG_BUF_INIT;
	int rc = erg_class_text(&cls, type);

	if (rc == 0 && status)
		rc = erg_buf_printf(&cls, " %s", status);
	if (rc == 0)
		set(obj, "class", cls.ptr);
	erg_buf_free(&cls);
	return rc;
}

static int status_look(void *obj, bool is_node, const char *type, unsigned char status,
		       const char *style)
{
	char *st = NULL;

	set(obj, "color", status_style[status].color);
	set(obj, "fontcolor", status_style[status].font);
	if (is_node)
		set(obj, "fillcolor", status_style[status].fill);
	/* Only removed things are dashed in a diff: relation styles stay out. */
	if (!(st = diff_style(style, status == ERG_DELTA_REMOVED)))
		return erg_nomem();
	set(obj, "style", st);
	free(st);
	return set_class(obj, type, status_style[status].name);
}

/* ---- the model's lists ---------------------------------------------- */

/* One piece of evidence as JSON (caller deletes); NULL: out of memory. */
static cJSON *evidence_obj(const erg_evidence *v)
{
	cJSON *o = cJSON_CreateObject();

	if (o && (!cJSON_AddStringToObject(o, "document", v->document) ||
		  (v->text && !cJSON_AddStringToObject(o, "text", v->text)) ||
		  (v->date && !cJSON_AddStringToObject(o, "date", v->date)))) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

/* One row of the documents table as JSON (caller deletes); NULL: out of memory. */
static cJSON *document_obj(const erg_docinfo *d)
{
	cJSON *o = cJSON_CreateObject();

	if (o && (!cJSON_AddStringToObject(o, "id", d->id) ||
		  (d->title && !cJSON_AddStringToObject(o, "title", d->title)) ||
		  (d->source && !cJSON_AddStringToObject(o, "source", d->source)) ||
		  (d->published && !cJSON_AddStringToObject(o, "published", d->published)))) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

/*
 * Where the model's lists are written: into the DOT file as agwrite
 * writes it (f), or, for a diff's model, which Graphviz's own renderer
 * writes, into buf to be set as a value.  Made the same way for both.
 */
typedef struct {
	FILE *f;
	erg_gv *gv;
	int rc;            /* the first failure; then nothing more is written */
	erg_buf *buf;      /* or NULL: to f */
} dot_out;

static int dot_raw(dot_out *o, const char *s, size_t n)
{
	if (o->rc == 0 && n && fwrite(s, 1, n, o->f) != n)
		o->rc = erg_fail(ERG_ESYS, "cannot write DOT: %s", strerror(errno));
	return o->rc;
}

/*
 * JSON text, as part of a quoted DOT value: json_text()'s escapes, then
 * agwrite's own quoting (agcanon), whose quotes are left off.  Both act
 * on one character at a time, so a list written piece by piece reads
 * exactly as the whole list set as a value would have been written.
 */
static int dot_piece(dot_out *o, const char *json)
{
	char *safe = dot_safe_json(json), *q;
	size_t n;

	if (!safe) {
		if (o->rc == 0)
			o->rc = erg_nomem();
		return o->rc;
	}
	if (o->buf) {
		/* A value: agwrite quotes it when it writes it. */
		if (o->rc == 0 && erg_buf_puts(o->buf, safe) < 0)
			o->rc = ERG_ESYS;
		free(safe);
		return o->rc;
	}
	q = agcanon(safe, 0);
	n = strlen(q);
	if (n >= 2 && q[0] == '"')
		dot_raw(o, q + 1, n - 2);
	else
		dot_raw(o, q, n);
	free(safe);
	return o->rc;
}

/* A JSON value (consumed) as a piece. */
static int dot_item(dot_out *o, cJSON *item)
{
	char *s = item ? cJSON_PrintUnformatted(item) : NULL;

	cJSON_Delete(item);
	if (!s) {
		if (o->rc == 0)
			o->rc = erg_nomem();
		return o->rc;
	}
	dot_piece(o, s);
	free(s);
	return o->rc;
}

/* ["a","b",...] as pieces. */
static int dot_strings(dot_out *o, const char *const *v, size_t n)
{
	dot_piece(o, "[");
	for (size_t i = 0; i < n && o->rc == 0; i++) {
		if (i)
			dot_piece(o, ",");
		dot_item(o, cJSON_CreateString(v[i]));
	}
	return dot_piece(o, "]");
}

/* {"key":["a",...],...}: the documents that gave each id or name. */
static int dot_counted(dot_out *o, const erg_keydocs *v, size_t n)
{
	dot_piece(o, "{");
	for (size_t i = 0; i < n && o->rc == 0; i++) {
		if (i)
			dot_piece(o, ",");
		dot_item(o, cJSON_CreateString(v[i].key));
		dot_piece(o, ":");
		dot_strings(o, v[i].docs, v[i].ndocs);
	}
	return dot_piece(o, "}");
}

/* The edge's evidence: [{"document":...,"text":...,"date":...},...]. */
static int dot_evidence(dot_out *o, erg_prov *p)
{
	dot_piece(o, "[");
	for (size_t i = 0; i < p->nevidence && o->rc == 0; i++) {
		erg_evidence v;
		int rc;

		if ((rc = erg_prov_evidence(p, i, &v)) < 0) {
			o->rc = rc;
			break;
		}
		if (i)
			dot_piece(o, ",");
		dot_item(o, evidence_obj(&v));
	}
	return dot_piece(o, "]");
}

/* The documents table: [{"id":...,"title":...,"source":...,"published":...},...]. */
static int dot_documents(dot_out *o)
{
	const erg_graph *g = o->gv->model;
	const erg_corpus *c = g->corpus;
	bool first = true;

	dot_piece(o, "[");
	for (uint32_t r = 0; r < c->ndocs && o->rc == 0; r++) {
		const erg_docinfo *d;

		if (!c->docs[c->byrank[r]].listed)
			continue;
		if (!(d = erg_graph_doc(g, c->byrank[r]))) {
			o->rc = ERG_ESYS;
			break;
		}
		if (!first)
			dot_piece(o, ",");
		first = false;
		dot_item(o, document_obj(d));
	}
	return dot_piece(o, "]");
}

/* A diff's model: set name to the list just made into o->buf (rc: the
 * writer's), and empty the buffer for the next. */
static int set_made(void *obj, const char *name, dot_out *o, int rc)
{
	if (rc == 0)
		set(obj, name, o->buf->ptr ? o->buf->ptr : "");
	o->buf->len = 0;
	return rc;
}

/* Draw a node as its entity type's style says. */
static void set_node_style(Agnode_t *n, const erg_node_style *st)
{
	set(n, "shape", st->shape);
	set(n, "style", st->style);
	set(n, "fillcolor", st->fillcolor);
	set(n, "color", st->color);
	set(n, "fontcolor", st->fontcolor);
	set(n, "fontname", st->fontname);
}

static int build_node(erg_gv *gv, const erg_node *n, const erg_theme *t)
{
	const erg_graph *g = gv->model;
	const erg_node_style *st = erg_theme_node(t, n->type);
	Agnode_t *an = agnode(gv->g, (char *)n->id, 1);
	erg_buf b = ERG_BUF_INIT, tip = ERG_BUF_INIT, raw = ERG_BUF_INIT, list = ERG_BUF_INIT;
	erg_prov *p = &gv->prov;
	dot_out lo = {NULL, gv, 0, &list};
	char num[32];
	char *link;
	int rc;

	if (!an)
		return erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make node '%s'", n->id);
	gv->nodes[n->index] = an;
	gv->node_in[n->index] = an;
	/* A tooltip needs a brief; only a diff's model reads the lists (below). */
	if ((rc = erg_prov_node_brief(&gv->prov, n)) < 0)
		return rc;
	if ((rc = label_text(&b, n->name, 18, LABEL_BACKSLASH)) < 0)
		goto done;
	set(an, "label", b.ptr);
	set_node_style(an, st);
	if ((rc = set_class(an, n->type, NULL)) < 0)
		goto done;
	/* Hubs stand out: the type size grows with the log of the relations. */
	snprintf(num, sizeof num, "%.1f", fmin(22.0, 11.0 + 1.5 * log2(1.0 + (double)gv->degree[n->index])));
	set(an, "fontsize", num);
	if (g->is_diff && (rc = status_look(an, true, n->type, n->status, st->style)) < 0)
		goto done;
	if ((rc = erg_buf_printf(&raw, "%s (%s%s%s)\n", n->name, n->type, g->is_diff ? ", " : "",
				 g->is_diff ? status_style[n->status].name : "")) < 0 ||
	    (rc = documents_line(&raw, gv, p)) < 0 ||
	    (rc = tooltip_text(&tip, raw.ptr)) < 0)
		goto done;
	set(an, "tooltip", tip.ptr);
	if ((rc = node_link(n, p, &link)) < 0)
		goto done;
	if (link) {
		/* Graphviz writes a URL into its SVG as it is, entities included:
		 * escaped for XML here, the SVG that any Graphviz command makes
		 * from the DOT is well-formed too ("&amp;" stays as it is). */
		b.len = 0;
		rc = erg_xml_escape(&b, link);
		free(link);
		if (rc < 0)
			goto done;
		set(an, "URL", b.ptr);
		set(an, "target", "_top");
	}
	if (!gv->with_model)
		goto done;
	set(an, "erg_type", n->type);
	snprintf(num, sizeof num, "%ld", n->mentions);
	set(an, "erg_mentions", num);
	if ((rc = set_plain(an, "erg_name", n->name)) < 0 || (rc = set_plain(an, "erg_kb", n->kb)) < 0 ||
	    (rc = set_plain(an, "erg_first_seen", n->first_seen)) < 0 ||
	    (rc = set_plain(an, "erg_last_seen", n->last_seen)) < 0 ||
	    (rc = set_json(an, "erg_aliases", erg_strset_to_json(&n->aliases))) < 0 ||
	    (rc = set_json(an, "erg_attributes", erg_attrs_to_json(&n->attrs))) < 0 ||
	    (n->ntypes > 1 && (rc = set_json(an, "erg_types", erg_types_to_json(n))) < 0))
		goto done;
	if (gv->lazy) {
		set_lazy(an, "erg_documents", 'n', 'd', n->index);
		if (n->nids > 1 || n->derived_id)
			set_lazy(an, "erg_ids", 'n', 'i', n->index);
		if (n->nnames > 1)
			set_lazy(an, "erg_names", 'n', 'm', n->index);
	} else if ((rc = erg_prov_node(p, n)) < 0 ||
		   (rc = set_made(an, "erg_documents", &lo, dot_strings(&lo, p->documents, p->ndocuments))) < 0 ||
		   (p->nids && (rc = set_made(an, "erg_ids", &lo, dot_counted(&lo, p->ids, p->nids))) < 0) ||
		   (p->nnames && (rc = set_made(an, "erg_names", &lo, dot_counted(&lo, p->names, p->nnames))) < 0)) {
		goto done;
	}
done:
	erg_buf_free(&b);
	erg_buf_free(&tip);
	erg_buf_free(&raw);
	erg_buf_free(&list);
	return rc;
}

/* The edge's evidence as a JSON array in *out (the caller's). */
/* An edge's width grows with the documents behind it, up to 6 points. */
static void set_penwidth(Agedge_t *e, size_t documents)
{
	char num[32];

	snprintf(num, sizeof num, "%.1f",
		 documents > 1 ? fmin(6.0, 1.0 + 0.8 * (double)(documents - 1)) : 1.0);
	set(e, "penwidth", num);
}

/* Edge number `index` of the model. */
static int build_edge(erg_gv *gv, const erg_edge *e, size_t index)
{
	const erg_edge_look *st = erg_map_get(&gv->looks, e->type);
	Agedge_t *ae;
	erg_buf b = ERG_BUF_INIT, raw = ERG_BUF_INIT, tip = ERG_BUF_INIT, list = ERG_BUF_INIT;
	char num[32];
	size_t w = e->ndocs;
	erg_prov *p = &gv->prov;
	dot_out lo = {NULL, gv, 0, &list};
	erg_evidence first;
	int rc;

	/* The type is the key: two relations between one pair stay two edges. */
	if (!(ae = agedge(gv->g, gv->nodes[e->source->index], gv->nodes[e->target->index],
			  (char *)e->type, 1)))
		return erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make edge %s -> %s", e->source->id,
				e->target->id);
	gv->edges[index] = ae;
	gv->edge_in[index] = ae;
	if ((rc = erg_prov_edge_brief(&gv->prov, e)) < 0)
		return rc;
	/* The label is the type with spaces: escaped like a name. */
	for (const char *c = e->type; *c; c++)
		erg_buf_put(&raw, *c == '_' ? " " : c, 1);
	if ((rc = raw.failed ? ERG_ESYS : label_text(&b, raw.ptr, 0, LABEL_BACKSLASH)) < 0)
		goto done;
	raw.len = 0;
	if (w > 1)
		erg_buf_printf(&b, " (%zu)", w);
	set(ae, "label", b.ptr);
	set(ae, "color", st->color);
	set(ae, "style", st->style);
	set(ae, "fontcolor", st->fontcolor);
	set(ae, "arrowhead", st->arrowhead);
	if (!e->directed)
		set(ae, "dir", "none");
	set_penwidth(ae, w);
	if ((rc = set_class(ae, e->type, NULL)) < 0)
		goto done;
	if (gv->model->is_diff && (rc = status_look(ae, false, e->type, e->status, NULL)) < 0)
		goto done;
	if ((rc = erg_buf_printf(&raw, "%s %s %s\n", e->source->name, e->directed ? "\u2192" : "\u2014",
				 e->target->name)) < 0 ||
	    (rc = erg_buf_printf(&raw, "%s%s%s\n", e->type, p->ndates ? ", " : "",
				 p->ndates ? p->dates[0] : "")) < 0 ||
	    (p->ndates > 1 &&
	     (rc = erg_buf_printf(&raw, "to %s\n", p->dates[p->ndates - 1])) < 0) ||
	    (rc = documents_line(&raw, gv, p)) < 0 ||
	    (p->nevidence && (rc = erg_prov_evidence(p, 0, &first)) < 0) ||
	    (p->nevidence && first.text &&
	     ((rc = erg_buf_puts(&raw, "\n\u201c")) < 0 || (rc = clipped(&raw, first.text)) < 0 ||
	      (rc = erg_buf_puts(&raw, "\u201d")) < 0)) ||
	    (rc = tooltip_text(&tip, raw.ptr)) < 0)
		goto done;
	set(ae, "tooltip", tip.ptr);
	if (!gv->with_model)
		goto done;
	set(ae, "erg_type", e->type);
	set(ae, "erg_directed", e->directed ? "true" : "false");
	snprintf(num, sizeof num, "%zu", w);
	set(ae, "erg_weight", num);
	if ((rc = set_plain(ae, "erg_first_seen", e->first_seen)) < 0 ||
	    (rc = set_plain(ae, "erg_last_seen", e->last_seen)) < 0 ||
	    (rc = set_json(ae, "erg_attributes", erg_attrs_to_json(&e->attrs))) < 0)
		goto done;
	if (gv->lazy) {
		set_lazy(ae, "erg_documents", 'e', 'd', index);
		set_lazy(ae, "erg_evidence", 'e', 'v', index);
		set_lazy(ae, "erg_dates", 'e', 't', index);
	} else if ((rc = erg_prov_edge(p, e)) < 0 ||
		   (rc = set_made(ae, "erg_documents", &lo, dot_strings(&lo, p->documents, p->ndocuments))) < 0 ||
		   (rc = set_made(ae, "erg_evidence", &lo, dot_evidence(&lo, p))) < 0 ||
		   (rc = set_made(ae, "erg_dates", &lo, dot_strings(&lo, p->dates, p->ndates))) < 0) {
		goto done;
	}
done:
	erg_buf_free(&b);
	erg_buf_free(&raw);
	erg_buf_free(&tip);
	erg_buf_free(&list);
	return rc;
}

/*
 * The order to make nodes and edges in (by model index, both arrays the
 * caller's).  Graphviz's layouts follow creation order, and a DOT file is
 * read back in the order agwrite wrote it: each node, then the nodes its
 * edges reach first, breadth first; each node's edges after it.  Made in
 * that order here, the graph read back from ergraph's DOT is made in the
 * same order, so the Graphviz commands lay it out exactly as ergraph does.
 */
static int creation_order(const erg_graph *g, size_t **nodes_out, size_t **edges_out)
{
	size_t *order = erg_calloc(g->nnodes + 1, sizeof *order);
	size_t *start = erg_calloc(g->nnodes + 1, sizeof *start);
	size_t *out = erg_calloc(g->nedges + 1, sizeof *out);
	size_t *edges = erg_calloc(g->nedges + 1, sizeof *edges);
	bool *seen = erg_calloc(g->nnodes + 1, sizeof *seen);
	size_t n = 0, m = 0;

	if (!order || !start || !out || !edges || !seen) {
		free(order);
		free(edges);
		order = edges = NULL;
		goto done;
	}
	/* Each node's edges, in model order: a counting sort by source. */
	for (size_t i = 0; i < g->nedges; i++)
		start[g->edges[i]->source->index + 1]++;
	for (size_t i = 0; i < g->nnodes; i++)
		start[i + 1] += start[i];
	for (size_t i = 0; i < g->nedges; i++)
		out[start[g->edges[i]->source->index]++] = i;
	for (size_t i = g->nnodes; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;
	/* order[] is the queue: nodes are taken in the order they were put. */
	for (size_t root = 0; root < g->nnodes; root++) {
		if (seen[root])
			continue;
		seen[root] = true;
		order[n++] = root;
		for (size_t q = n - 1; q < n; q++) {
			for (size_t k = start[order[q]]; k < start[order[q] + 1]; k++) {
				size_t head = g->edges[out[k]]->target->index;

				edges[m++] = out[k];
				if (!seen[head]) {
					seen[head] = true;
					order[n++] = head;
				}
			}
		}
	}
done:
	free(start);
	free(out);
	free(seen);
	*nodes_out = order;
	*edges_out = edges;
	return order ? 0 : erg_nomem();
}

struct type_count {
	const char *type;
	size_t n;
};

/* More relations first, then by name: the same figure, the same styles. */
static int by_count(const void *a, const void *b)
{
	const struct type_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->type, y->type);
}

/*
 * Give each relation type the figure shows its look: the theme's own
 * entry, else the palette's styles in turn, the most frequent type first
 * (erg_theme_look), so the styles that tell types apart go to the types
 * most of the drawing is made of.
 */
static int assign_looks(erg_gv *gv)
{
	const erg_graph *g = gv->model;
	struct type_count *v = erg_calloc(g->nedges + 1, sizeof *v);
	erg_map index = {0};
	size_t n = 0, rank = 0;
	int rc = v ? 0 : ERG_ESYS;

	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		size_t k = (size_t)(uintptr_t)erg_map_get(&index, g->edges[i]->type);

		if (!k) {
			v[n].type = g->edges[i]->type;
			k = ++n;
			rc = erg_map_put(&index, v[k - 1].type, (void *)(uintptr_t)k);
		}
		v[k - 1].n++;
	}
	if (rc < 0)
		goto done;
	qsort(v, n, sizeof *v, by_count);
	gv->look_v = erg_calloc(n + 1, sizeof *gv->look_v);
	gv->look_types = erg_calloc(n + 1, sizeof *gv->look_types);
	if (!gv->look_v || !gv->look_types) {
		rc = ERG_ESYS;
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool own = erg_map_get(&gv->theme->edges, v[i].type) != NULL;

		erg_theme_look(gv->theme, v[i].type, own ? 0 : rank++, &gv->look_v[i]);
		gv->look_types[i] = v[i].type;
		rc = erg_map_put(&gv->looks, v[i].type, &gv->look_v[i]);
	}
	gv->nlooks = n;
done:
	erg_map_free(&index);
	free(v);
	return rc;
}

int erg_gv_build(erg_gv **out, const erg_graph *g, const erg_theme *t, bool legend, bool model)
{
	size_t *norder = NULL, *eorder = NULL;
	erg_gv *gv;
	int rc;

	*out = NULL;
	if ((rc = gv_init()) < 0)
		return rc;
	if (!(gv = erg_calloc(1, sizeof *gv)))
		return ERG_ESYS;
	gv->model = g;
	gv->theme = t;
	gv->legend = legend;
	gv->with_model = model;
	/* A diff's DOT is drawn by Graphviz's own renderer, which writes
	 * through its own discipline: its lists are made whole, as values. */
	gv->lazy = model && !g->is_diff;
	gv->nodes = erg_calloc(g->nnodes, sizeof *gv->nodes);
	gv->degree = erg_calloc(g->nnodes, sizeof *gv->degree);
	gv->edges = erg_calloc(g->nedges + 1, sizeof *gv->edges);
	gv->node_in = erg_calloc(g->nnodes + 1, sizeof *gv->node_in);
	gv->edge_in = erg_calloc(g->nedges + 1, sizeof *gv->edge_in);
	if (!gv->nodes || !gv->degree || !gv->edges || !gv->node_in || !gv->edge_in || !(gv->g = agopen("ergraph", Agdirected, &dot_disc))) {
		erg_gv_free(gv);
		return erg_nomem();
	}
	declare(gv->g, AGRAPH, graph_attrs);
	declare(gv->g, AGNODE, node_attrs);
	declare(gv->g, AGEDGE, edge_attrs);
	set(gv->g, "erg_version", "1");
	/* agwrite breaks long strings with backslash-newlines unless told not to. */
	set(gv->g, "linelength", "0");
	set(gv->g, "bgcolor", t->bgcolor);
	set(gv->g, "fontname", t->fontname);
	set(gv->g, "fontcolor", t->fontcolor);
	set(gv->g, "rankdir", "LR");
	set(gv->g, "pad", "0.25");
	set(gv->g, "nodesep", "0.3");
	set(gv->g, "ranksep", "0.9");
	set(gv->g, "outputorder", "edgesfirst");
	/* neato, fdp and sfdp: no node over another, a margin around each,
	 * and unconnected parts packed side by side instead of scattered. */
	set(gv->g, "overlap", "prism");
	set(gv->g, "sep", "+12");
	set(gv->g, "pack", "true");
	/* An edge label that would overlap another is left out (the edge's
	 * tooltip still names its type) rather than drawn illegibly. */
	set(gv->g, "forcelabels", "false");
	set(gv->g, "splines", "true");
	agattr(gv->g, AGNODE, "fontsize", "12");
	agattr(gv->g, AGNODE, "margin", "0.12,0.06");
	agattr(gv->g, AGEDGE, "fontsize", "9");
	agattr(gv->g, AGEDGE, "fontname", t->fontname ? t->fontname : ERG_FONTS);
	if (gv->lazy)
		set_lazy(gv->g, "erg_documents", 'g', 'd', 0);
	else if (model) {
		erg_buf list = ERG_BUF_INIT;
		dot_out lo = {NULL, gv, 0, &list};

		rc = set_made(gv->g, "erg_documents", &lo, dot_documents(&lo));
		erg_buf_free(&list);
		if (rc < 0)
			goto fail;
	}
	for (size_t i = 0; i < g->nedges; i++) {
		gv->degree[g->edges[i]->source->index]++;
		gv->degree[g->edges[i]->target->index]++;
	}
	if ((rc = creation_order(g, &norder, &eorder)) < 0 || (rc = assign_looks(gv)) < 0)
		goto fail;
	for (size_t i = 0; i < g->nnodes; i++)
		if ((rc = build_node(gv, g->nodes[norder[i]], t)) < 0)
			goto fail;
	for (size_t i = 0; i < g->nedges; i++)
		if ((rc = build_edge(gv, g->edges[eorder[i]], eorder[i])) < 0)
			goto fail;
	free(norder);
	free(eorder);
	gv->prov_kind = 0; /* gv->prov was the tooltips' */
	*out = gv;
	return 0;
fail:
	free(norder);
	free(eorder);
	erg_gv_free(gv);
	return rc;
}

void erg_gv_free(erg_gv *gv)
{
	if (!gv)
		return;
	if (gv->g) {
		if (gv->laid_out)
			gvFreeLayout(gvc, gv->g);
		agclose(gv->g);
	}
	for (size_t i = 0; gv->titles && i < TITLE_SLOTS; i++)
		free(gv->titles[i].title);
	free(gv->titles);
	erg_map_free(&gv->looks);
	free(gv->look_v);
	free(gv->look_types);
	free(gv->nodes);
	free(gv->groups);
	free(gv->edges);
	free(gv->node_in);
	free(gv->edge_in);
	free(gv->degree);
	erg_prov_free(&gv->prov);
	free(gv);
}

/* ---- ids and links for one output -------------------------------- */

/* An XML id from any string: [A-Za-z0-9.-] kept, '_' doubled, others _xx. */
static int id_text(erg_buf *b, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (erg_ascii_alnum(c) || c == '-' || c == '.')
			rc = erg_buf_put(b, s, 1);
		else if (c == '_')
			rc = erg_buf_puts(b, "__");
		else
			rc = erg_buf_printf(b, "_%02x", c);
	}
	return rc;
}

/* Set the id of the graph, of every node and edge from `prefix`. */
static int set_ids(erg_gv *gv, const char *prefix)
{
	erg_buf b = ERG_BUF_INIT;
	size_t k = 0;
	int rc = 0;

	if (!prefix) {
		set(gv->g, "id", NULL);
		for (Agnode_t *n = agfstnode(gv->g); n; n = agnxtnode(gv->g, n)) {
			set(n, "id", NULL);
			for (Agedge_t *e = agfstout(gv->g, n); e; e = agnxtout(gv->g, e))
				set(e, "id", NULL);
		}
		return 0;
	}
	set(gv->g, "id", prefix);
	for (size_t i = 0; i < gv->model->nnodes && rc == 0; i++) {
		b.len = 0;
		if ((rc = erg_buf_printf(&b, "%s-", prefix)) == 0 &&
		    (rc = id_text(&b, gv->model->nodes[i]->id)) == 0 && gv->nodes[i])
			set(gv->nodes[i], "id", b.ptr);
	}
	for (Agnode_t *n = agfstnode(gv->g); n && rc == 0; n = agnxtnode(gv->g, n)) {
		for (Agedge_t *e = agfstout(gv->g, n); e && rc == 0; e = agnxtout(gv->g, e)) {
			b.len = 0;
			if ((rc = erg_buf_printf(&b, "%s-e%zu", prefix, ++k)) == 0)
				set(e, "id", b.ptr);
		}
	}
	b.len = 0;
	if (rc == 0 && gv->legend_node && (rc = erg_buf_printf(&b, "%s-legend", prefix)) == 0)
		set(gv->legend_node, "id", b.ptr);
	b.len = 0;
	if (rc == 0 && gv->note_node && (rc = erg_buf_printf(&b, "%s-unrelated", prefix)) == 0)
		set(gv->note_node, "id", b.ptr);
	for (size_t i = 0; i < gv->ngroups && rc == 0; i++) {
		b.len = 0;
		if ((rc = erg_buf_printf(&b, "%s-group%zu", prefix, i + 1)) == 0)
			set(gv->groups[i], "id", b.ptr);
	}
	erg_buf_free(&b);
	return rc;
}

/* ---- writing DOT ------------------------------------------------------ */

/* The list a placeholder (set_lazy) names, in quotes; 1 if str is none. */
static int dot_list(dot_out *o, const char *str)
{
	erg_gv *gv = o->gv;
	char kind = str[1], list = str[1] ? str[2] : 0, *end;
	unsigned long long index;
	int rc;

	if ((unsigned char)str[0] != 0xff || !list || !isdigit((unsigned char)str[3]))
		return 1;
	index = strtoull(str + 3, &end, 10);
	if (*end || (kind == 'n' && index >= gv->model->nnodes) ||
	    (kind == 'e' && index >= gv->model->nedges) || (kind != 'n' && kind != 'e' && kind != 'g'))
		return 1;
	/* A node's or edge's lists come one after another: read it once. */
	if (kind != 'g' && (gv->prov_kind != kind || gv->prov_index != index)) {
		gv->prov_kind = 0;
		rc = kind == 'n' ? erg_prov_node(&gv->prov, gv->model->nodes[index])
				 : erg_prov_edge(&gv->prov, gv->model->edges[index]);
		if (rc < 0)
			return o->rc = rc;
		gv->prov_kind = kind;
		gv->prov_index = (size_t)index;
	}
	dot_raw(o, "\"", 1);
	if (kind == 'g')
		dot_documents(o);
	else if (list == 'd')
		dot_strings(o, gv->prov.documents, gv->prov.ndocuments);
	else if (list == 'i')
		dot_counted(o, gv->prov.ids, gv->prov.nids);
	else if (list == 'm')
		dot_counted(o, gv->prov.names, gv->prov.nnames);
	else if (list == 'v')
		dot_evidence(o, &gv->prov);
	else if (list == 't')
		dot_strings(o, gv->prov.dates, gv->prov.ndates);
	dot_raw(o, "\"", 1);
	return o->rc;
}

/* agwrite's output: placeholders become their lists, the rest as is. */
static int dot_putstr(void *chan, const char *str)
{
	dot_out *o = chan;

	if (o->rc == 0 && dot_list(o, str) == 1)
		dot_raw(o, str, strlen(str));
	return o->rc ? EOF : 0;
}

static int dot_flush(void *chan)
{
	return ((dot_out *)chan)->rc ? EOF : 0;
}

int erg_gv_dot(erg_gv *gv, const char *id_prefix, FILE *f)
{
	dot_out o = {f, gv, 0};
	int rc;

	if ((rc = set_ids(gv, id_prefix)) < 0)
		return rc;
	gv_forget();
	if (agwrite(gv->g, &o) == EOF && o.rc == 0)
		o.rc = erg_fail(ERG_EGRAPHVIZ, "Graphviz could not write DOT: %s", gv_said());
	return o.rc;
}

/* ---- layout and rendering ------------------------------------------- */

/* The most edges drawn as splines routed around nodes by neato and fdp. */
#define ERG_SPLINE_EDGES 300

const char *erg_gv_auto_engine(size_t nodes, size_t edges)
{
	/* An entity graph is a network, not a hierarchy: neato draws it best
	 * and stays near a second up to some hundreds of nodes; sfdp stays
	 * near-linear beyond (docs/cli.md has the rule and the figures). */
	if (nodes <= 800 && edges <= 2400)
		return "neato";
	return "sfdp";
}

/*
 * dot places edge labels while ranking; the other engines place them on
 * top of a finished layout, where they collide.  As external labels
 * Graphviz places them clear of nodes and each other, or leaves them out.
 */
static void labels_for(erg_gv *gv, const char *engine)
{
	bool external = strcmp(engine, "dot") != 0;
	/* At sfdp's sizes, routing splines around nodes and placing labels
	 * take longer than the layout itself: straight edges, no labels
	 * (each edge's tooltip still names its type). */
	bool large = strcmp(engine, "sfdp") == 0;

	/* neato and fdp route splines around every node, which grows far
	 * faster than the layout: 236 edges 1 s, 503 edges 9 s, 1,204 edges
	 * 49 s (docs/scaling.md).  Past ERG_SPLINE_EDGES edges are straight. */
	if (large || (external && gv->model->nedges > ERG_SPLINE_EDGES))
		set(gv->g, "splines", "false");
	for (Agnode_t *n = agfstnode(gv->g); n; n = agnxtnode(gv->g, n)) {
		for (Agedge_t *e = agfstout(gv->g, n); e; e = agnxtout(gv->g, e)) {
			char *label = agget(e, external ? "label" : "xlabel");

			if (!label || !*label)
				continue;
			label = strdup(label);
			if (!label)
				continue;
			set(e, external ? "xlabel" : "label", large ? NULL : label);
			set(e, external ? "label" : "xlabel", NULL);
			free(label);
		}
	}
}

/* Heavier relations first, then by type: the order of a merged label. */
static const erg_graph *merge_model;

static int by_weight(const void *a, const void *b)
{
	const erg_edge *x = merge_model->edges[*(const size_t *)a];
	const erg_edge *y = merge_model->edges[*(const size_t *)b];

	if (x->ndocs != y->ndocs)
		return x->ndocs > y->ndocs ? -1 : 1;
	return strcmp(x->type, y->type);
}

/* One part of a merged label: the type with spaces, "(N)" past one
 * document, an arrow when it runs against the drawn edge. */
static int merged_part(erg_buf *raw, const erg_edge *e, bool against)
{
	int rc = erg_buf_puts(raw, against ? "\u2190 " : "");

	for (const char *c = e->type; *c && rc == 0; c++)
		rc = erg_buf_put(raw, *c == '_' ? " " : c, 1);
	if (rc == 0 && e->ndocs > 1)
		rc = erg_buf_printf(raw, " (%zu)", (size_t)e->ndocs);
	return rc;
}

/*
 * Merge the members (model indices, n > 1) of one pair into the
 * heaviest one's drawn edge: one label naming each type, one line per
 * type, the tooltips one after another, the classes of all types.
 */
static int merge_members(erg_gv *gv, size_t *m, size_t n)
{
	const erg_graph *g = gv->model;
	const erg_edge *first;
	Agedge_t *keep;
	erg_buf raw = ERG_BUF_INIT, label = ERG_BUF_INIT, tip = ERG_BUF_INIT, cls = ERG_BUF_INIT;
	size_t w = 0;
	bool ahead = false, back = false;
	int rc = 0;

	merge_model = g;
	qsort(m, n, sizeof *m, by_weight);
	first = g->edges[m[0]];
	keep = gv->edges[m[0]];
	for (size_t i = 0; i < n && rc == 0; i++) {
		const erg_edge *e = g->edges[m[i]];
		bool against = e->source != first->source;

		ahead |= !against && e->directed;
		back |= against && e->directed;
		w += e->ndocs;
		raw.len = 0;
		if ((rc = merged_part(&raw, e, against && e->directed)) < 0 ||
		    (i && (rc = erg_buf_puts(&label, "\\n")) < 0) ||
		    (rc = label_text(&label, raw.ptr, 0, LABEL_BACKSLASH)) < 0 ||
		    (i && (rc = erg_buf_puts(&tip, "\\n\\n")) < 0) ||
		    (rc = erg_buf_puts(&tip, agget(gv->edges[m[i]], "tooltip"))) < 0 ||
		    (i && (rc = erg_buf_puts(&cls, " ")) < 0) || (rc = erg_class_text(&cls, e->type)) < 0)
			break;
	}
	if (rc == 0 && (label.failed || tip.failed || cls.failed))
		rc = erg_nomem();
	if (rc < 0)
		goto done;
	set(keep, "label", label.ptr);
	set(keep, "tooltip", tip.ptr);
	set(keep, "class", cls.ptr);
	/* Arrowheads for the ways the merged relations run. */
	set(keep, "dir", ahead && back ? "both" : ahead ? "forward" : back ? "back" : "none");
	set_penwidth(keep, w);
	for (size_t i = 1; i < n; i++) {
		agdelete(gv->g, gv->edges[m[i]]);
		gv->edges[m[i]] = NULL;
		gv->edge_in[m[i]] = keep;
	}
done:
	erg_buf_free(&raw);
	erg_buf_free(&label);
	erg_buf_free(&tip);
	erg_buf_free(&cls);
	return rc;
}

/*
 * Drawings only: the relations between one pair of entities, either way,
 * become one drawn edge whose label names each type ("supplies (4)",
 * "party to" on two lines), so their labels do not stack on each other
 * or get left out.  Made after the DOT is written, which keeps every
 * relation; a diff's edges keep their own status colours and are not
 * merged.
 */
/* The key of an edge's pair of entities, whichever way it runs. */
static void pair_key(char *key, size_t size, const erg_edge *e)
{
	size_t a = e->source->index, b = e->target->index;

	snprintf(key, size, "%zu:%zu", a < b ? a : b, a < b ? b : a);
}

static int merge_parallel(erg_gv *gv)
{
	const erg_graph *g = gv->model;
	size_t *next = NULL, *m = NULL;
	erg_map first = {0};
	char key[64];
	int rc = 0;

	if (gv->merged || g->is_diff || g->nedges < 2)
		return 0;
	gv->merged = true;
	if (!(next = erg_calloc(g->nedges, sizeof *next)) || !(m = erg_calloc(g->nedges, sizeof *m))) {
		rc = ERG_ESYS;
		goto done;
	}
	/* Backwards: first ends as each pair's first relation + 1, and
	 * next[i] as the pair's following relation + 1 (0: the last). */
	for (size_t i = g->nedges; i-- > 0 && rc == 0;) {
		pair_key(key, sizeof key, g->edges[i]);
		next[i] = (size_t)(uintptr_t)erg_map_get(&first, key);
		rc = erg_map_put(&first, key, (void *)(uintptr_t)(i + 1));
	}
	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		size_t n = 0;

		pair_key(key, sizeof key, g->edges[i]);
		if ((size_t)(uintptr_t)erg_map_get(&first, key) != i + 1 || !next[i])
			continue;
		for (size_t k = i + 1; k; k = next[k - 1])
			m[n++] = k - 1;
		rc = merge_members(gv, m, n);
	}
done:
	erg_map_free(&first);
	free(next);
	free(m);
	return rc;
}

/* Characters a line of the note of unrelated entities holds. */
#define NOTE_LINE 44

/*
 * Drawings only: entities in no relation, scattered around a drawing's
 * margins by packing, are gathered in one note listing their names
 * ("Without relations (25):"), each name's type in its tooltip.  The
 * DOT, written before, keeps each as a node; a diff keeps them too.
 */
static int gather_unrelated(erg_gv *gv)
{
	const erg_graph *g = gv->model;
	erg_buf label = ERG_BUF_INIT, tip = ERG_BUF_INIT, raw = ERG_BUF_INIT;
	size_t n = 0, col = 0;
	int rc = 0;

	if (gv->note_node || g->is_diff)
		return 0;
	for (size_t i = 0; i < g->nnodes; i++)
		n += gv->degree[i] == 0;
	if (n < 2)
		return 0;
	erg_buf_printf(&label, "Without relations (%zu):\\l", n);
	erg_buf_printf(&raw, "%zu entities in no relation:\n", n);
	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		const erg_node *e = g->nodes[i];
		size_t len = strlen(e->name);

		if (gv->degree[i])
			continue;
		/* A new line before a name that would pass the line's end. */
		if (col && col + len + 2 > NOTE_LINE) {
			erg_buf_puts(&label, ",\\l");
			col = 0;
		} else if (col) {
			erg_buf_puts(&label, ", ");
			col += 2;
		}
		col += len;
		if ((rc = label_text(&label, e->name, 0, LABEL_BACKSLASH)) == 0)
			rc = erg_buf_printf(&raw, "%s (%s)\n", e->name, e->type);
	}
	erg_buf_puts(&label, "\\l");
	if (rc == 0 && (label.failed || raw.failed))
		rc = erg_nomem();
	if (rc < 0 || (rc = tooltip_text(&tip, raw.ptr)) < 0)
		goto done;
	if (!(gv->note_node = agnode(gv->g, "erg_unrelated", 1))) {
		rc = erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make the note of unrelated entities");
		goto done;
	}
	for (size_t i = 0; i < g->nnodes; i++)
		if (!gv->degree[i] && gv->nodes[i]) {
			agdelete(gv->g, gv->nodes[i]);
			gv->nodes[i] = NULL;
			gv->node_in[i] = gv->note_node;
		}
	set(gv->note_node, "label", label.ptr);
	set(gv->note_node, "tooltip", tip.ptr);
	set(gv->note_node, "shape", "note");
	set(gv->note_node, "style", "filled");
	set(gv->note_node, "fillcolor", gv->theme->node_default.fillcolor);
	set(gv->note_node, "color", gv->theme->node_default.color);
	set(gv->note_node, "fontcolor", gv->theme->node_default.fontcolor);
	set(gv->note_node, "fontname", gv->theme->fontname);
	set(gv->note_node, "fontsize", "11");
	set(gv->note_node, "class", "unrelated");
done:
	erg_buf_free(&label);
	erg_buf_free(&tip);
	erg_buf_free(&raw);
	return rc;
}

/* Leaves of one hub, one relation type, one way and one entity type
 * that become a group node; fewer stay as they are. */
#define GROUP_MIN 3
/* Names a group node's label lists; its tooltip lists up to GROUP_TIP. */
#define GROUP_SHOWN 3
#define GROUP_TIP 200

/* The leaf of edge e (the end in no other relation) or NULL; the other
 * end must have more relations, or two leaves would group each other. */
static const erg_node *leaf_of(const erg_gv *gv, const erg_edge *e)
{
	size_t s = gv->degree[e->source->index], t = gv->degree[e->target->index];

	if (e->source == e->target)
		return NULL;
	return s == 1 && t > 1 ? e->source : t == 1 && s > 1 ? e->target : NULL;
}

static int group_key(erg_buf *key, const erg_edge *e, const erg_node *leaf)
{
	const erg_node *hub = leaf == e->source ? e->target : e->source;

	key->len = 0;
	return erg_buf_printf(key, "%zu\x1f%c\x1f%s\x1f%s", hub->index, leaf == e->source ? 's' : 't',
			      e->type, leaf->type);
}

/*
 * Make one group node for the leaves `m` (model edge indices, n of
 * them, each to the same hub by the same type and way): its label says
 * how many and names the first, its tooltip names each up to
 * GROUP_TIP; one edge joins it to the hub.  The leaves go.
 */
static int make_group(erg_gv *gv, const size_t *m, size_t n)
{
	const erg_graph *g = gv->model;
	const erg_edge *e = g->edges[m[0]];
	const erg_node *leaf = leaf_of(gv, e), *hub = leaf == e->source ? e->target : e->source;
	const erg_node_style *st = erg_theme_node(gv->theme, leaf->type);
	const erg_edge_look *look = erg_map_get(&gv->looks, e->type);
	erg_buf label = ERG_BUF_INIT, raw = ERG_BUF_INIT, tip = ERG_BUF_INIT, cls = ERG_BUF_INIT;
	char name[64];
	Agnode_t *gn;
	Agedge_t *ge;
	int rc = 0;

	snprintf(name, sizeof name, "erg_group_%zu", gv->ngroups + 1);
	if (!(gn = agnode(gv->g, name, 1)))
		return erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make a group node");
	gv->groups[gv->ngroups++] = gn;
	/* "4 country, member of SCO:" or "Russia, signed: 3 agreement:" */
	if (leaf == e->source)
		erg_buf_printf(&raw, "%zu %s, ", n, leaf->type);
	else
		erg_buf_printf(&raw, "%s, ", hub->name);
	for (const char *c = e->type; *c; c++)
		erg_buf_put(&raw, *c == '_' ? " " : c, 1);
	if (leaf == e->source)
		erg_buf_printf(&raw, " %s", hub->name);
	else
		erg_buf_printf(&raw, ": %zu %s", n, leaf->type);
	for (size_t i = 0; i < n && i < GROUP_TIP; i++)
		erg_buf_printf(&raw, "%s%s", i ? ", " : ":\n", leaf_of(gv, g->edges[m[i]])->name);
	if (n > GROUP_TIP)
		erg_buf_printf(&raw, " and %zu more", n - GROUP_TIP);
	if (raw.failed || (rc = tooltip_text(&tip, raw.ptr)) < 0)
		goto done;
	/* "country ×4:" and the first names (all of them when one more). */
	if ((rc = label_text(&label, leaf->type, 0, LABEL_BACKSLASH)) < 0)
		goto done;
	erg_buf_printf(&label, " ×%zu", n);
	for (size_t i = 0; i < n && (i < GROUP_SHOWN || n == GROUP_SHOWN + 1); i++) {
		erg_buf_puts(&label, i ? ",\\n" : ":\\n");
		if ((rc = label_text(&label, leaf_of(gv, g->edges[m[i]])->name, 24, LABEL_BACKSLASH)) < 0)
			goto done;
	}
	if (n > GROUP_SHOWN + 1)
		erg_buf_printf(&label, "\\nand %zu more", n - GROUP_SHOWN);
	if ((rc = erg_class_text(&cls, leaf->type)) < 0 || (rc = erg_buf_puts(&cls, " group")) < 0 ||
	    label.failed) {
		rc = rc < 0 ? rc : erg_nomem();
		goto done;
	}
	set(gn, "label", label.ptr);
	set(gn, "tooltip", tip.ptr);
	set(gn, "class", cls.ptr);
	set_node_style(gn, st);
	/* A double outline: more than one entity (set after the DOT is written). */
	agsafeset(gn, "peripheries", "2", "");
	ge = leaf == e->source ? agedge(gv->g, gn, gv->nodes[hub->index], NULL, 1)
			       : agedge(gv->g, gv->nodes[hub->index], gn, NULL, 1);
	if (!ge) {
		rc = erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make a group's edge");
		goto done;
	}
	/* The edge is drawn as each of its relations would be. */
	agcopyattr(gv->edges[m[0]], ge);
	/* Its label is the type; the group node says how many. */
	label.len = 0;
	for (const char *c = e->type; *c; c++)
		erg_buf_put(&label, *c == '_' ? " " : c, 1);
	raw.len = 0;
	if (label.failed || (rc = label_text(&raw, label.ptr, 0, LABEL_BACKSLASH)) < 0) {
		rc = rc < 0 ? rc : erg_nomem();
		goto done;
	}
	set(ge, "label", raw.ptr);
	set(ge, "tooltip", tip.ptr);
	set(ge, "color", look->color);
	for (size_t i = 0; i < n; i++) {
		const erg_node *l = leaf_of(gv, g->edges[m[i]]);

		agdelete(gv->g, gv->nodes[l->index]);
		gv->nodes[l->index] = NULL;
		gv->node_in[l->index] = gn;
		gv->edges[m[i]] = NULL;
		gv->edge_in[m[i]] = ge;
	}
done:
	erg_buf_free(&label);
	erg_buf_free(&raw);
	erg_buf_free(&tip);
	erg_buf_free(&cls);
	return rc;
}

/*
 * Drawings only: entities in one relation that hang off the same hub by
 * the same relation type, the same way, and are of one type ("the
 * member states of an organisation") become one group node when there
 * are GROUP_MIN or more, so a hub's neighbourhood reads as one box
 * instead of a ring of small ones.  The DOT keeps each entity; a diff
 * keeps them as they are.
 */
static int group_leaves(erg_gv *gv)
{
	const erg_graph *g = gv->model;
	erg_map count = {0}, slot = {0};
	erg_buf key = ERG_BUF_INIT;
	size_t *start = NULL, *fill = NULL, *m = NULL, nkeys = 0;
	int rc = 0;

	if (gv->grouped || g->is_diff)
		return 0;
	gv->grouped = true;
	/* How many leaves each key has (map values: count). */
	for (size_t i = 0; i < g->nedges && rc == 0; i++) {
		const erg_node *leaf = leaf_of(gv, g->edges[i]);

		if (leaf && (rc = group_key(&key, g->edges[i], leaf)) == 0)
			rc = erg_map_put(&count, key.ptr,
					 (void *)((uintptr_t)erg_map_get(&count, key.ptr) + 1));
	}
	if (rc < 0)
		goto done;
	m = erg_calloc(g->nedges + 1, sizeof *m);
	start = erg_calloc(g->nedges + 1, sizeof *start);
	fill = erg_calloc(g->nedges + 1, sizeof *fill);
	gv->groups = erg_calloc(g->nedges / GROUP_MIN + 1, sizeof *gv->groups);
	if (!m || !start || !fill || !gv->groups) {
		rc = ERG_ESYS;
		goto done;
	}
	/* Each key that groups gets a run of m, in the order first seen. */
	for (size_t i = 0, at = 0; i < g->nedges && rc == 0; i++) {
		const erg_node *leaf = leaf_of(gv, g->edges[i]);
		size_t k, c;

		if (!leaf || (rc = group_key(&key, g->edges[i], leaf)) < 0)
			continue;
		c = (size_t)(uintptr_t)erg_map_get(&count, key.ptr);
		if (c < GROUP_MIN)
			continue;
		if (!(k = (size_t)(uintptr_t)erg_map_get(&slot, key.ptr))) {
			k = ++nkeys;
			start[k - 1] = at;
			at += c;
			rc = erg_map_put(&slot, key.ptr, (void *)(uintptr_t)k);
		}
		m[start[k - 1] + fill[k - 1]++] = i;
	}
	for (size_t k = 0; k < nkeys && rc == 0; k++)
		rc = make_group(gv, m + start[k], fill[k]);
done:
	erg_map_free(&count);
	erg_map_free(&slot);
	erg_buf_free(&key);
	free(m);
	free(start);
	free(fill);
	return rc;
}

/* Do boxes (centre, size, in points) a and b overlap? */
static bool boxes_meet(pointf a, pointf as, pointf b, pointf bs)
{
	return fabs(a.x - b.x) * 2 < as.x + bs.x && fabs(a.y - b.y) * 2 < as.y + bs.y;
}

/* Would a label of size sz at p lie over a node or a placed label? */
static bool label_clashes(erg_gv *gv, pointf p, pointf sz, Agedge_t *self)
{
	for (Agnode_t *n = agfstnode(gv->g); n; n = agnxtnode(gv->g, n)) {
		pointf ns = {ND_width(n) * 72, ND_height(n) * 72};

		if (boxes_meet(p, sz, ND_coord(n), ns))
			return true;
		for (Agedge_t *e = agfstout(gv->g, n); e; e = agnxtout(gv->g, e)) {
			textlabel_t *l = ED_xlabel(e) ? ED_xlabel(e) : ED_label(e);

			if (e != self && l && l->set && boxes_meet(p, sz, l->pos, l->dimen))
				return true;
		}
	}
	return false;
}

/* The point a fraction t along the polygon of points v[0..n-1]. */
static pointf along(const pointf *v, int n, double t)
{
	double total = 0, run = 0;

	for (int i = 1; i < n; i++)
		total += hypot(v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);
	for (int i = 1; i < n; i++) {
		double d = hypot(v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);

		if (d > 0 && run + d >= t * total) {
			double f = (t * total - run) / d;

			return (pointf){v[i - 1].x + f * (v[i].x - v[i - 1].x), v[i - 1].y + f * (v[i].y - v[i - 1].y)};
		}
		run += d;
	}
	return v[n - 1];
}

/*
 * Graphviz leaves out an external edge label it cannot place clear of
 * the rest, and says nothing: the edge would show no type.  Each one is
 * put on its own edge instead, at the first point from the middle out
 * that is clear of nodes and placed labels, else at the middle.
 * Returns how many were put back.
 */
static size_t rescue_labels(erg_gv *gv)
{
	static const double at[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8};
	size_t rescued = 0;

	for (Agnode_t *n = agfstnode(gv->g); n; n = agnxtnode(gv->g, n)) {
		for (Agedge_t *e = agfstout(gv->g, n); e; e = agnxtout(gv->g, e)) {
			textlabel_t *l = ED_xlabel(e);
			splines *spl = ED_spl(e);
			size_t k;

			if (!l || l->set || !spl || spl->size < 1 || spl->list[0].size < 1)
				continue;
			for (k = 0; k < sizeof at / sizeof at[0]; k++) {
				l->pos = along(spl->list[0].list, spl->list[0].size, at[k]);
				if (!label_clashes(gv, l->pos, l->dimen, e))
					break;
			}
			if (k == sizeof at / sizeof at[0])
				l->pos = along(spl->list[0].list, spl->list[0].size, 0.5);
			l->set = true;
			rescued++;
		}
	}
	return rescued;
}

size_t erg_gv_rescued_labels(const erg_gv *gv)
{
	return gv->rescued;
}

/* A legend row's sample of an edge style, in the edge's colour. */
static const char *stroke(const char *style)
{
	if (style && strstr(style, "dotted"))
		return "&#183; &#183; &#183; &#183;";
	if (style && strstr(style, "dashed"))
		return "&#8211; &#8211; &#8211;";
	if (style && strstr(style, "bold"))
		return "&#9473;&#9473;&#9473;&#9473;";
	return "&#8212;&#8212;&#8212;";
}

/* Text in an HTML-like label: XML-escaped, and each backslash doubled
 * (Graphviz expands \N and friends there too). */
static int html_text(erg_buf *b, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		char one[2] = {*s, '\0'};

		if (erg_xml_nonchar(s)) {
			rc = erg_buf_puts(b, "\xef\xbf\xbd");
			s += 2;
		} else {
			rc = *s == '\\' ? erg_buf_puts(b, "\\\\") : erg_xml_escape(b, one);
		}
	}
	return rc;
}

/*
 * The legend: one node whose HTML-like label is a table of the entity
 * types and relation types drawn, each with its colours.  Added only for
 * drawing, after the DOT is written: it is not part of the model.
 * Colours are checked by the theme; type names are escaped for the
 * HTML-like label (a graph JSON's edge type need not be a word).
 */
static int add_legend(erg_gv *gv)
{
	const erg_graph *g = gv->model;
	erg_strset types = {0};
	erg_buf b = ERG_BUF_INIT;
	char *html;
	int rc = 0;

	for (size_t i = 0; i < g->nnodes && rc >= 0; i++)
		rc = erg_strset_add(&types, g->nodes[i]->type);
	if (rc < 0)
		goto done;
	rc = erg_buf_printf(&b, "<TABLE BORDER=\"1\" COLOR=\"%s\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\" STYLE=\"ROUNDED\">"
				"<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>",
			    gv->theme->fontcolor ? gv->theme->fontcolor : "black");
	for (int k = 1; g->is_diff && k <= 4 && rc == 0; k++) {
		int st = k % 4; /* added, removed, changed, unchanged */

		rc = erg_buf_printf(&b, "<TR><TD BORDER=\"1\" COLOR=\"%s\" BGCOLOR=\"%s\" WIDTH=\"24\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\"></TD>"
					"<TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\">%s%s</FONT></TD></TR>",
				    status_style[st].color, status_style[st].fill, status_style[st].font,
				    status_style[st].name, st == ERG_DELTA_REMOVED ? " (dashed)" : "");
	}
	for (size_t i = 0; !g->is_diff && i < types.n && rc == 0; i++) {
		const erg_node_style *st = erg_theme_node(gv->theme, types.v[i]);

		if ((rc = erg_buf_printf(&b, "<TR><TD BORDER=\"1\" COLOR=\"%s\" BGCOLOR=\"%s\" WIDTH=\"24\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\"></TD>"
					     "<TD ALIGN=\"LEFT\">",
					 st->color ? st->color : "black", st->fillcolor ? st->fillcolor : "white")) == 0 &&
		    (rc = html_text(&b, types.v[i])) == 0)
			rc = erg_buf_puts(&b, "</TD></TR>");
	}
	/* Relation types in the order their styles were given, most frequent first. */
	for (size_t i = 0; !g->is_diff && i < gv->nlooks && rc == 0; i++) {
		const erg_edge_look *st = &gv->look_v[i];

		if ((rc = erg_buf_printf(&b, "<TR><TD><FONT COLOR=\"%s\">%s</FONT></TD><TD ALIGN=\"LEFT\">",
					 st->color ? st->color : "black", stroke(st->style))) == 0 &&
		    (rc = html_text(&b, gv->look_types[i])) == 0)
			rc = erg_buf_puts(&b, "</TD></TR>");
	}
	if (rc == 0)
		rc = erg_buf_puts(&b, "</TABLE>");
	if (rc < 0)
		goto done;
	if (!(gv->legend_node = agnode(gv->g, "erg_legend", 1))) {
		rc = erg_fail(ERG_EGRAPHVIZ, "Graphviz could not make the legend");
		goto done;
	}
	html = agstrdup_html(gv->g, b.ptr);
	agxset(gv->legend_node, agattr(gv->g, AGNODE, "label", NULL), html);
	agstrfree(gv->g, html);
	set(gv->legend_node, "shape", "plain");
	set(gv->legend_node, "class", "legend");
	set(gv->legend_node, "fontsize", "10");
	set(gv->legend_node, "tooltip", "Legend");
	set(gv->legend_node, "fontcolor", gv->theme->fontcolor);
	set(gv->legend_node, "fontname", gv->theme->fontname);
done:
	erg_strset_free(&types);
	erg_buf_free(&b);
	return rc < 0 ? rc : 0;
}

static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi", NULL};

int erg_engine_known(const char *name)
{
	if (strcmp(name, "auto") == 0)
		return 1;
	for (int i = 0; engines[i]; i++)
		if (strcmp(engines[i], name) == 0)
			return 1;
	return 0;
}

/* A pinned, invisible point: keeps the frame of an earlier layout. */
static void frame_point(erg_gv *gv, const char *name, double x, double y)
{
	Agnode_t *n = agnode(gv->g, (char *)name, 1);
	char pos[64];

	if (!n)
		return;
	snprintf(pos, sizeof pos, "%.2f,%.2f!", x, y);
	set(n, "pos", pos);
	set(n, "shape", "point");
	set(n, "width", "0");
	set(n, "height", "0");
	set(n, "style", "invis");
	set(n, "label", "");
	set(n, "class", "frame");
}

#define MAX_COORD 1e6 /* points: about 350 m, far past any real layout */

/*
 * A coordinate of a layout file: finite and within MAX_COORD points.
 * Graphviz asserts on infinite or huge positions (1e30) and neato runs for
 * minutes on far ones (1e15); real layouts stay far inside the bound.
 */
static bool coord_ok(double v)
{
	return isfinite(v) && fabs(v) <= MAX_COORD;
}

/*
 * Pin every node found in an earlier layout where it was, and keep that
 * layout's frame, so drawings of two versions can be flipped between.
 */
static int pin_positions(erg_gv *gv, const char *path)
{
	char *buf = NULL, *bb;
	size_t len;
	Agraph_t *from;
	double x0, y0, x1, y1;
	int rc, pinned = 0;

	if ((rc = erg_read_file(path, ERG_MAX_FILE_SIZE, &buf, &len)) < 0)
		return rc;
	gv_forget();
	if (!(from = agmemread(buf))) {
		free(buf);
		return erg_fail(ERG_EINVALID, "--layout-from %s: not a DOT graph: %s", path, gv_said());
	}
	free(buf);
	for (Agnode_t *n = agfstnode(from); n; n = agnxtnode(from, n)) {
		const char *pos = agget(n, "pos");
		Agnode_t *ours = agnode(gv->g, agnameof(n), 0);
		char pinned_pos[64];
		double x, y;

		if (!ours || !pos || !*pos || strchr(pos, ' '))
			continue;
		if (sscanf(pos, "%lf,%lf", &x, &y) != 2 || !coord_ok(x) || !coord_ok(y)) {
			rc = erg_fail(ERG_EINVALID, "--layout-from %s: node '%s': pos '%.40s' is not two numbers "
					      "from -%.0f to %.0f (points)", path, agnameof(n), pos, MAX_COORD, MAX_COORD);
			agclose(from);
			return rc;
		}
		/* Written again from the numbers: only what was checked reaches the layout. */
		snprintf(pinned_pos, sizeof pinned_pos, "%.17g,%.17g!", x, y);
		set(ours, "pos", pinned_pos);
		pinned++;
	}
	bb = agget(from, "bb");
	if (bb && sscanf(bb, "%lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1) == 4) {
		if (!coord_ok(x0) || !coord_ok(y0) || !coord_ok(x1) || !coord_ok(y1)) {
			rc = erg_fail(ERG_EINVALID, "--layout-from %s: the graph's bb '%.60s' is not four numbers "
					      "from -%.0f to %.0f (points)", path, bb, MAX_COORD, MAX_COORD);
			agclose(from);
			return rc;
		}
		frame_point(gv, "erg_frame_0", x0, y0);
		frame_point(gv, "erg_frame_1", x1, y1);
	}
	agclose(from);
	if (!pinned)
		return erg_fail(ERG_EINVALID, "--layout-from %s: no node of this graph has a position there "
					      "(use the DOT written by 'ergraph diff')", path);
	/* Positions in a DOT are in points; neato reads inches unless told.
	 * neato keeps pinned nodes where they are relative to each other,
	 * then moves the drawing to the origin, where the frame points put
	 * it back as it was.  Packing and overlap removal would move pins. */
	set(gv->g, "inputscale", "72");
	set(gv->g, "pack", "false");
	set(gv->g, "overlap", "true");
	return 0;
}

void erg_gv_whole(erg_gv *gv)
{
	gv->whole = true;
}

int erg_gv_layout(erg_gv *gv, const char *engine, const char *layout_from, const char **chosen)
{
	const char *e = engine;
	int i, rc;

	if (!e || strcmp(e, "auto") == 0 || layout_from)
		e = layout_from ? "neato" : erg_gv_auto_engine(gv->model->nnodes, gv->model->nedges);
	for (i = 0; engines[i] && strcmp(engines[i], e) != 0; i++)
		;
	if (!engines[i])
		return erg_fail(ERG_EUSAGE, "unknown layout engine '%s' (dot, neato, fdp, sfdp, circo, twopi)", e);
	if (chosen)
		*chosen = engines[i];
	if (gv->laid_out) {
		gvFreeLayout(gvc, gv->g);
		gv->laid_out = false;
	}
	if (gv->legend && !gv->legend_node) {
		if ((rc = add_legend(gv)) < 0)
			return rc;
	}
	if (layout_from) {
		if ((rc = pin_positions(gv, layout_from)) < 0)
			return rc;
	}
	if (!gv->whole && ((rc = merge_parallel(gv)) < 0 || (rc = group_leaves(gv)) < 0 ||
			   (rc = gather_unrelated(gv)) < 0))
		return rc;
	labels_for(gv, engines[i]);
	gv_forget();
	if (gvLayout(gvc, gv->g, engines[i]) != 0) {
		return erg_fail(ERG_EGRAPHVIZ,
				"Graphviz layout '%s' failed: %s%s", engines[i], gv_said(),
				strstr(gv_said(), "not recognized")
					? " (are the Graphviz plugins installed and registered? "
					  "as root: apt-get install --reinstall libgvc6 && dot -c)"
					: "");
	}
	gv->laid_out = true;
	gv->rescued = rescue_labels(gv);
	return 0;
}

void erg_gv_png_size(const erg_gv *gv, double dpi, double *w, double *h)
{
	const char *pad_attr = agget(gv->g, "pad");
	double pad = pad_attr && *pad_attr ? atof(pad_attr) * 72 : 4; /* Graphviz's default: 4 pt */

	*w = (GD_bb(gv->g).UR.x - GD_bb(gv->g).LL.x + 2 * pad) * dpi / 72;
	*h = (GD_bb(gv->g).UR.y - GD_bb(gv->g).LL.y + 2 * pad) * dpi / 72;
}

int erg_gv_render(erg_gv *gv, const char *format, const char *id_prefix, double dpi, char **out,
		  size_t *len)
{
	bool png = strcmp(format, "png") == 0, pdf = strcmp(format, "pdf") == 0;
	char *data = NULL;
	unsigned int n = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (!gv->laid_out)
		return erg_fail(ERG_EGRAPHVIZ, "render before layout");
	if ((rc = set_ids(gv, png || pdf ? NULL : id_prefix)) < 0)
		return rc;
	/* The resolution is read at layout time; it changes only the
	 * scale of a bitmap, so set it on the laid-out graph per render
	 * (setting dpi for SVG would clip the drawing). */
	if (png)
		GD_drawing(gv->g)->dpi = dpi > 0 ? dpi : 96.0;
	/* cairo's PDF pages have a 36 pt margin by default; the SVG has none,
	 * and a figure in a LaTeX report wants none (it is read per render). */
	if (pdf)
		agsafeset(gv->g, "margin", "0", "");
	gv_forget();
	rc = gvRenderData(gvc, gv->g, png ? "png:cairo" : pdf ? "pdf:cairo" : format, &data, &n);
	if (png)
		GD_drawing(gv->g)->dpi = 0;
	if (pdf)
		agsafeset(gv->g, "margin", "", "");
	if (rc != 0 || !data) {
		gvFreeRenderData(data);
		return erg_fail(ERG_EGRAPHVIZ, "Graphviz could not render %s: %s", format, gv_said());
	}
	if (!(*out = malloc(n ? n : 1))) {
		gvFreeRenderData(data);
		return erg_nomem();
	}
	memcpy(*out, data, n);
	*len = n;
	gvFreeRenderData(data);
	return 0;
}

/* ---- for load_dot.c, which reads DOT in the same context -------------- */

int erg_gv_start(void)
{
	return gv_init();
}

const char *erg_gv_said(void)
{
	return gv_said();
}

void erg_gv_forget(void)
{
	gv_forget();
}

const char *erg_gv_svg_id(erg_gv *gv, bool edge, size_t i)
{
	void *obj;

	if (!edge)
		obj = i < gv->model->nnodes ? gv->node_in[i] : NULL;
	else
		obj = i < gv->model->nedges ? gv->edge_in[i] : NULL;
	return obj ? agget(obj, "id") : NULL;
}
