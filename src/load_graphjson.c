/*
 * load_graphjson.c - read back the graph JSON that ergraph writes.
 *
 * Nodes and edges merge into the graph like documents do, so several
 * graphs (shards of one corpus) add up: documents are united and weights,
 * being the number of documents, follow.
 */
#include "internal.h"
#include "diag.h"
#include "input.h"

#include <string.h>

/* ---- checks of a graph read back (graph JSON and DOT alike) ---------- */

/*
 * Report a problem of member `field` (with `key` and index `idx` when
 * >= 0) of the record at rb->at: "nodes[3].documents[1]" in graph JSON,
 * "node 'a': erg_documents[1]" in DOT.  A NULL field is the record itself.
 */
ERG_PRINTF(5, 6)
static void rb_error(erg_readback *rb, const char *field, const char *key, long idx,
		     const char *fmt, ...)
{
	erg_buf place = ERG_BUF_INIT, msg = ERG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	erg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	erg_buf_puts(&place, rb->at);
	if (field)
		erg_buf_printf(&place, "%s%s", !rb->dot ? "." : strcmp(field, "label") ? ": erg_" : ": ",
			       field);
	if (key)
		erg_buf_printf(&place, ".%s", key);
	if (idx >= 0)
		erg_buf_printf(&place, "[%ld]", idx);
	if (place.ptr && msg.ptr)
		erg_diag_at(rb->ctx, place.ptr, "%s", msg.ptr);
	else
		erg_load_syserror(rb->ctx);
	erg_buf_free(&place);
	erg_buf_free(&msg);
	rb->bad = true;
}

/* A name, id, alias or kb: no control character, at most name-length bytes. */
static void rb_name(erg_readback *rb, const char *field, const char *key, long idx, const char *s)
{
	size_t len, max = erg_load_limits(rb->ctx)->name_length;

	if (!s)
		return;
	if ((len = erg_name_length(s)) == SIZE_MAX)
		rb_error(rb, field, key, idx, "control character in a name");
	else if (len > max)
		rb_error(rb, field, key, idx, "longer than %zu bytes (--limit name-length=N raises it)",
			 max);
}

static void rb_date(erg_readback *rb, const char *field, long idx, const char *s)
{
	if (s && !erg_date_valid(s))
		rb_error(rb, field, NULL, idx, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
}

/* A document id, which the graph must list: it names the document's metadata. */
static void rb_doc(erg_readback *rb, const char *field, const char *key, long idx, const char *id)
{
	if (id && !erg_graph_has_document(rb->g, id))
		rb_error(rb, field, key, idx, "no document '%s' in this graph", id);
}

static void rb_docs(erg_readback *rb, const char *field, const char *key, const cJSON *arr)
{
	const cJSON *it;
	long i = 0;

	cJSON_ArrayForEach(it, arr) {
		if (cJSON_IsString(it))
			rb_doc(rb, field, key, i, it->valuestring);
		i++;
	}
}

/* {id or name: [documents]}: the keys are names, the values documents. */
static void rb_counted(erg_readback *rb, const char *field, const cJSON *obj)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, obj) {
		if (!it->string)
			continue;
		rb_name(rb, field, it->string, -1, it->string);
		rb_docs(rb, field, it->string, it);
	}
}

void erg_readback_document(erg_readback *rb, const erg_docinfo *d)
{
	rb_name(rb, "id", NULL, -1, d->id);
	rb_name(rb, "source", NULL, -1, d->source);
	rb_date(rb, "published", -1, d->published);
}

void erg_readback_node(erg_readback *rb, const erg_node_rec *rec)
{
	const cJSON *it;
	long i = 0;

	if (rb->dot)
		rb_name(rb, NULL, NULL, -1, rec->id); /* the node's name is its id */
	else
		rb_name(rb, "id", NULL, -1, rec->id);
	if (rec->name != rec->id) /* a DOT node without a label: its name, checked above */
		rb_name(rb, rb->label ? "label" : "name", NULL, -1, rec->name);
	rb_name(rb, "kb", NULL, -1, rec->kb);
	cJSON_ArrayForEach(it, rec->aliases) {
		if (cJSON_IsString(it))
			rb_name(rb, "aliases", NULL, i, it->valuestring);
		i++;
	}
	rb_docs(rb, "documents", NULL, rec->documents);
	rb_counted(rb, "ids", rec->id_docs);
	rb_counted(rb, "names", rec->name_docs);
	rb_date(rb, "first_seen", -1, rec->first_seen);
	rb_date(rb, "last_seen", -1, rec->last_seen);
}

void erg_readback_edge(erg_readback *rb, const erg_edge_rec *rec)
{
	const cJSON *it;
	long i = 0;

	rb_docs(rb, "documents", NULL, rec->documents);
	cJSON_ArrayForEach(it, rec->dates) {
		if (cJSON_IsString(it))
			rb_date(rb, "dates", i, it->valuestring);
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(it, rec->evidence) {
		const cJSON *doc = cJSON_GetObjectItemCaseSensitive(it, "document");
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(it, "date");

		if (!cJSON_IsObject(it) || !cJSON_IsString(doc))
			rb_error(rb, "evidence", NULL, i, "expected an object with a \"document\"");
		else
			rb_doc(rb, "evidence", NULL, i, doc->valuestring);
		if (date && !cJSON_IsNull(date) && !cJSON_IsString(date))
			rb_error(rb, "evidence", NULL, i, "date: expected a string");
		else if (cJSON_IsString(date) && !erg_date_valid(date->valuestring))
			rb_error(rb, "evidence", NULL, i,
				 "date: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", date->valuestring);
		i++;
	}
	rb_date(rb, "first_seen", -1, rec->first_seen);
	rb_date(rb, "last_seen", -1, rec->last_seen);
}

bool erg_readback_count(erg_readback *rb, const char *field, double v)
{
	/* 2^53: every whole number below it is exact in a double. */
	if (v >= 0 && v <= 9007199254740992.0 && v == (double)(long long)v)
		return true;
	rb_error(rb, field, NULL, -1, "expected a whole number, 0 or more");
	return false;
}

typedef struct {
	erg_load_ctx *ctx;
	erg_map refused;  /* ids of nodes refused: their edges go without a word */
	bool bad;
} gj_ctx;

ERG_PRINTF(3, 4)
static void gj_error(gj_ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	erg_diag_vat(c->ctx, path, fmt, ap);
	va_end(ap);
	c->bad = true;
}

/* A member that must be a string (or may be absent or null). */
static const char *str_of(gj_ctx *c, const cJSON *obj, const char *key, const char *path,
			  bool required)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it || cJSON_IsNull(it)) {
		if (required)
			gj_error(c, path, "%s: missing (required)", key);
		return NULL;
	}
	if (!cJSON_IsString(it) || (required && !*it->valuestring)) {
		gj_error(c, path, "%s: expected a%s string", key, required ? " non-empty" : "");
		return NULL;
	}
	return it->valuestring;
}

static const cJSON *strings_of(gj_ctx *c, const cJSON *obj, const char *key, const char *path)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key), *v;

	if (!it)
		return NULL;
	if (!cJSON_IsArray(it)) {
		gj_error(c, path, "%s: expected an array of strings", key);
		return NULL;
	}
	cJSON_ArrayForEach(v, it) {
		if (!cJSON_IsString(v)) {
			gj_error(c, path, "%s: expected an array of strings", key);
			return NULL;
		}
	}
	return it;
}

static const cJSON *attrs_of(gj_ctx *c, const cJSON *obj, const char *path)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "attributes"), *a;

	if (!it)
		return NULL;
	if (!cJSON_IsObject(it)) {
		gj_error(c, path, "attributes: expected an object");
		return NULL;
	}
	cJSON_ArrayForEach(a, it) {
		if (!cJSON_IsString(a) && !(cJSON_IsArray(a) && strings_of(c, it, a->string, path))) {
			gj_error(c, path, "attributes.%s: expected a string or strings", a->string);
			return NULL;
		}
	}
	return it;
}

/* {key: [documents]}: which documents gave which id or name. */
static const cJSON *counted_of(gj_ctx *c, const cJSON *obj, const char *key, const char *path)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key), *k;

	if (!it)
		return NULL;
	if (!cJSON_IsObject(it)) {
		gj_error(c, path, "%s: expected an object of document lists", key);
		return NULL;
	}
	cJSON_ArrayForEach(k, it) {
		if (!*k->string || !strings_of(c, it, k->string, path))
			return NULL;
		if (strcmp(key, "ids") == 0 && erg_id_flaw(k->string)) {
			gj_error(c, path, "ids: '%s': an id may not contain %s", k->string,
				 erg_id_flaw(k->string));
			return NULL;
		}
	}
	return it;
}

/* Documents go first: nodes and edges name them. */
static int load_documents(erg_graph *g, gj_ctx *c, const cJSON *docs)
{
	const cJSON *d;
	char path[64];
	int i = 0, rc;

	cJSON_ArrayForEach(d, docs) {
		erg_docinfo info = {0};

		snprintf(path, sizeof path, "documents[%d]", i++);
		info.id = (char *)str_of(c, d, "id", path, true);
		info.title = (char *)str_of(c, d, "title", path, false);
		info.source = (char *)str_of(c, d, "source", path, false);
		info.published = (char *)str_of(c, d, "published", path, false);
		info.origin = (char *)c->ctx->path;
		if (!info.id)
			continue;
		erg_readback_document(&(erg_readback){c->ctx, g, path, false, false, false}, &info);
		if (erg_graph_has_document(g, info.id))
			erg_diag(c->ctx, ERG_DIAG_WARNING,
				 "%s: %s: document '%s' is in another input too: its mentions count twice "
				 "(shards should split the documents)", c->ctx->path, path, info.id);
		if ((rc = erg_graph_add_document(g, &info, true, NULL)) < 0)
			return rc;
	}
	return 0;
}

static int load_nodes(erg_graph *g, gj_ctx *c, const cJSON *nodes)
{
	const cJSON *n;
	erg_buf place = ERG_BUF_INIT;
	char path[64];
	int i = 0, rc = 0;

	cJSON_ArrayForEach(n, nodes) {
		erg_node_rec rec = {0};
		const cJSON *mentions = cJSON_GetObjectItemCaseSensitive(n, "mentions");
		erg_readback rb;
		erg_node *node;

		snprintf(path, sizeof path, "nodes[%d]", i++);
		rb = (erg_readback){c->ctx, g, path, false, false, false};
		rec.id = str_of(c, n, "id", path, true);
		rec.type = str_of(c, n, "type", path, true);
		rec.name = str_of(c, n, "name", path, true);
		rec.kb = str_of(c, n, "kb", path, false);
		rec.aliases = strings_of(c, n, "aliases", path);
		rec.documents = strings_of(c, n, "documents", path);
		rec.first_seen = str_of(c, n, "first_seen", path, false);
		rec.last_seen = str_of(c, n, "last_seen", path, false);
		rec.attributes = attrs_of(c, n, path);
		rec.id_docs = counted_of(c, n, "ids", path);
		rec.name_docs = counted_of(c, n, "names", path);
		rec.type_docs = cJSON_GetObjectItemCaseSensitive(n, "types");
		if (mentions && !cJSON_IsNumber(mentions))
			gj_error(c, path, "mentions: expected a number");
		else if (mentions && !erg_readback_count(&rb, "mentions", mentions->valuedouble))
			c->bad = true;
		else if (mentions) /* a whole number that a long holds: 1e999 is not cast */
			rec.mentions = (long)mentions->valuedouble;
		if (rec.type && !erg_word_valid(rec.type)) {
			gj_error(c, path, "type: '%s' is not a lower-case word", rec.type);
			continue;
		}
		/* a control character is named with the other names' checks */
		if (rec.id && erg_name_length(rec.id) != SIZE_MAX && erg_id_flaw(rec.id)) {
			gj_error(c, path, "id: '%s': an id may not contain %s", rec.id, erg_id_flaw(rec.id));
			continue;
		}
		if (!rec.id || !rec.type || !rec.name)
			continue;
		erg_readback_node(&rb, &rec);
		if (rb.bad) {
			c->bad = true;
			if ((rc = erg_map_put(&c->refused, rec.id, (void *)1)) < 0)
				break;
			continue;
		}
		place.len = 0;
		if ((rc = erg_buf_printf(&place, "%s: %s", c->ctx->path, path)) < 0)
			break;
		rec.place = place.ptr;
		if ((rc = erg_graph_add_node(g, &rec, &node)) < 0) {
			if (rc != ERG_EINVALID)
				break;
			erg_diag(c->ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			rc = 0;
		}
	}
	erg_buf_free(&place);
	return rc;
}

static int load_edges(erg_graph *g, gj_ctx *c, const cJSON *edges)
{
	const cJSON *e;
	char path[64];
	int i = 0, rc;

	cJSON_ArrayForEach(e, edges) {
		erg_edge_rec rec = {0};
		const char *src, *tgt;
		const cJSON *directed = cJSON_GetObjectItemCaseSensitive(e, "directed");
		const cJSON *evidence = cJSON_GetObjectItemCaseSensitive(e, "evidence");
		const cJSON *weight = cJSON_GetObjectItemCaseSensitive(e, "weight");
		erg_readback rb;

		snprintf(path, sizeof path, "edges[%d]", i++);
		rb = (erg_readback){c->ctx, g, path, false, false, false};
		src = str_of(c, e, "source", path, true);
		tgt = str_of(c, e, "target", path, true);
		rec.type = str_of(c, e, "type", path, true);
		rec.documents = strings_of(c, e, "documents", path);
		rec.dates = strings_of(c, e, "dates", path);
		rec.first_seen = str_of(c, e, "first_seen", path, false);
		rec.last_seen = str_of(c, e, "last_seen", path, false);
		rec.attributes = attrs_of(c, e, path);
		if (evidence && !cJSON_IsArray(evidence))
			gj_error(c, path, "evidence: expected an array");
		rec.evidence = evidence;
		rec.directed = !cJSON_IsFalse(directed);
		/* The weight is the number of documents, counted again. */
		if (weight && !cJSON_IsNumber(weight))
			gj_error(c, path, "weight: expected a number");
		else if (weight && !erg_readback_count(&rb, "weight", weight->valuedouble))
			c->bad = true;
		if (rec.type && !erg_word_valid(rec.type)) {
			gj_error(c, path, "type: '%s' is not a lower-case word", rec.type);
			continue;
		}
		if (!src || !tgt || !rec.type)
			continue;
		erg_readback_edge(&rb, &rec);
		if (rb.bad) {
			c->bad = true;
			continue;
		}
		rec.source = erg_graph_find_id(g, src);
		rec.target = erg_graph_find_id(g, tgt);
		if (!rec.source || !rec.target) {
			if (erg_map_get(&c->refused, rec.source ? tgt : src))
				continue; /* said already */
			gj_error(c, path, "%s: no node '%s' in this graph", rec.source ? "target" : "source",
				 rec.source ? tgt : src);
			continue;
		}
		if ((rc = erg_graph_add_edge(g, &rec)) < 0)
			return rc;
	}
	return 0;
}

int erg_load_graphjson(erg_graph *g, erg_load_ctx *ctx, const cJSON *root)
{
	gj_ctx c = {ctx, {0}, false};
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "ergraph");
	const cJSON *parts[3];
	const char *names[3] = {"documents", "nodes", "edges"};
	int rc;

	if (!cJSON_IsObject(root) || !cJSON_IsNumber(version) ||
	    version->valuedouble != ERG_SCHEMA_VERSION) {
		gj_error(&c, "ergraph", "expected 1: not a graph JSON of this version");
		return 0;
	}
	for (int i = 0; i < 3; i++) {
		parts[i] = cJSON_GetObjectItemCaseSensitive(root, names[i]);
		if (parts[i] && !cJSON_IsArray(parts[i])) {
			gj_error(&c, names[i], "expected an array");
			return 0;
		}
	}
	/* A graph input is held to the graph limits as a whole, before any of it merges. */
	if (!erg_load_graph_fits(ctx, g, (size_t)cJSON_GetArraySize(parts[1]),
				 (size_t)cJSON_GetArraySize(parts[2]), false))
		return 0;
	if ((rc = load_documents(g, &c, parts[0])) == 0 && (rc = load_nodes(g, &c, parts[1])) == 0)
		rc = load_edges(g, &c, parts[2]);
	erg_map_free(&c.refused);
	return rc < 0 ? rc : 0;
}
