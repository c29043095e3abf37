/*
 * load_graphjson.c - read back the graph JSON that ergraph writes.
 *
 * Nodes and edges merge into the graph like documents do, so several
 * graphs (shards of one corpus) add up: documents are united and weights,
 * being the number of documents, follow.
 */
#include "internal.h"

#include <string.h>

typedef struct {
	erg_load_ctx *ctx;
	bool bad;
} gj_ctx;

ERG_PRINTF(3, 4)
static void gj_error(gj_ctx *c, const char *path, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	erg_diag_at(c->ctx, path, "%s", b.ptr ? b.ptr : "");
	erg_buf_free(&b);
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
		if (strcmp(key, "ids") == 0 && strchr(k->string, '\\')) {
			gj_error(c, path, "ids: '%s': an id may not contain a backslash", k->string);
			return NULL;
		}
	}
	return it;
}

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
		erg_node *node;

		snprintf(path, sizeof path, "nodes[%d]", i++);
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
		rec.mentions = cJSON_IsNumber(mentions) ? (long)mentions->valuedouble : 0;
		if (rec.type && !erg_word_valid(rec.type)) {
			gj_error(c, path, "type: '%s' is not a lower-case word", rec.type);
			continue;
		}
		if (rec.id && strchr(rec.id, '\\')) {
			gj_error(c, path, "id: '%s': an id may not contain a backslash", rec.id);
			continue;
		}
		if (!rec.id || !rec.type || !rec.name)
			continue;
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

		snprintf(path, sizeof path, "edges[%d]", i++);
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
		if (!src || !tgt || !rec.type)
			continue;
		rec.source = erg_graph_find_id(g, src);
		rec.target = erg_graph_find_id(g, tgt);
		if (!rec.source || !rec.target) {
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
	gj_ctx c = {ctx, false};
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
	if ((rc = load_documents(g, &c, parts[0])) < 0 || (rc = load_nodes(g, &c, parts[1])) < 0 ||
	    (rc = load_edges(g, &c, parts[2])) < 0)
		return rc;
	return 0;
}
