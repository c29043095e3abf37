/*
 * load_native.c - ergraph's own annotation format (schema version 1).
 *
 * A document is checked whole before anything of it is merged, and every
 * problem is reported with its JSON path, so a document with an error
 * leaves no trace in the graph.  Offsets are Unicode code points,
 * half-open, into the document text.
 */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	erg_load_ctx *ctx;
	const char *where;   /* FILE or FILE:LINE */
	bool bad;            /* an error was reported for this document */
	bool nomem;          /* an allocation failed: stop with ERG_ESYS */
	char *text;          /* the document text, or NULL */
	size_t *cp;          /* byte offset of each code point, ncp + 1 of them */
	size_t ncp;
	const char *text_name;
} doc_ctx;

ERG_PRINTF(3, 4)
static void error_at(doc_ctx *d, const char *path, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	erg_diag(d->ctx, ERG_DIAG_ERROR, "%s: %s: %s", d->where, path, b.ptr ? b.ptr : "out of memory");
	d->nomem |= !b.ptr;
	erg_buf_free(&b);
	d->bad = true;
}

ERG_PRINTF(3, 4)
static void warn_at(doc_ctx *d, const char *path, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;
	int before = d->ctx->errors;

	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	erg_diag(d->ctx, ERG_DIAG_WARNING, "%s: %s: %s", d->where, path, b.ptr ? b.ptr : "out of memory");
	d->nomem |= !b.ptr;
	erg_buf_free(&b);
	if (d->ctx->errors != before)
		d->bad = true; /* --strict */
}

/*
 * A JSON path: base.key, or base[index] when key is NULL.  Paths are made
 * for every field checked, so this avoids snprintf's format parsing (a
 * fifth of a build's time on large corpora).
 */
static void path_join(char *out, size_t n, const char *base, const char *key, int index)
{
	size_t len = strlen(base);

	if (len >= n)
		len = n - 1;
	memcpy(out, base, len);
	if (key) {
		size_t k = strlen(key);

		if (len && len + 1 < n)
			out[len++] = '.';
		if (len + k >= n)
			k = n - 1 - len;
		memcpy(out + len, key, k);
		len += k;
	} else {
		char digits[16];
		int m = 0;
		unsigned int v = (unsigned int)index;

		do
			digits[m++] = (char)('0' + v % 10);
		while ((v /= 10) && m < 15);
		if (len + (size_t)m + 2 < n) {
			out[len++] = '[';
			while (m)
				out[len++] = digits[--m];
			out[len++] = ']';
		}
	}
	out[len] = '\0';
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/*
 * A string member: NULL when absent (an error if required), and an error
 * when it is not a usable string.  Names hold no control characters.
 */
static const char *get_str(doc_ctx *d, const cJSON *obj, const char *key, const char *path,
			   bool required, bool name)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[512];

	path_join(p, sizeof p, path, key, -1);
	if (!it) {
		if (required)
			error_at(d, p, "missing (required)");
		return NULL;
	}
	if (!cJSON_IsString(it)) {
		error_at(d, p, "expected a string");
		return NULL;
	}
	if (name) {
		if (!*it->valuestring) {
			error_at(d, p, "must not be empty");
			return NULL;
		}
		if (has_control(it->valuestring)) {
			error_at(d, p, "control character in a name");
			return NULL;
		}
		if (strlen(it->valuestring) > erg_load_limits(d->ctx)->name_length) {
			error_at(d, p, "longer than %zu bytes (--limit name-length=N raises it)",
				 erg_load_limits(d->ctx)->name_length);
			return NULL;
		}
	}
	return it->valuestring;
}

/* Arrays of names (aliases) and attribute objects. */
static void check_names(doc_ctx *d, const cJSON *arr, const char *path)
{
	const cJSON *it;
	int i = 0;
	char p[512];

	if (!arr)
		return;
	if (!cJSON_IsArray(arr)) {
		error_at(d, path, "expected an array of strings");
		return;
	}
	cJSON_ArrayForEach(it, arr) {
		path_join(p, sizeof p, path, NULL, i++);
		if (!cJSON_IsString(it) || !*it->valuestring)
			error_at(d, p, "expected a non-empty string");
		else if (has_control(it->valuestring))
			error_at(d, p, "control character in a name");
	}
}

static void check_attributes(doc_ctx *d, const cJSON *obj, const char *path)
{
	const cJSON *it, *v;
	char p[512];

	if (!obj)
		return;
	if (!cJSON_IsObject(obj)) {
		error_at(d, path, "expected an object of strings");
		return;
	}
	cJSON_ArrayForEach(it, obj) {
		path_join(p, sizeof p, path, it->string, -1);
		if (cJSON_IsString(it))
			continue;
		if (cJSON_IsArray(it)) {
			cJSON_ArrayForEach(v, it)
				if (!cJSON_IsString(v))
					break;
			if (!v)
				continue;
		}
		error_at(d, p, "expected a string or an array of strings");
	}
}

static void check_date(doc_ctx *d, const char *s, const char *path)
{
	if (s && !erg_date_valid(s))
		error_at(d, path, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
}

/* The code point offsets of the document text. */
static int index_text(doc_ctx *d)
{
	size_t len = strlen(d->text), n = 0;

	if (!(d->cp = erg_calloc(len + 1, sizeof *d->cp)))
		return ERG_ESYS;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)d->text[i] & 0xc0) != 0x80)
			d->cp[n++] = i;
	d->cp[n] = len;
	d->ncp = n;
	return 0;
}

static int load_text(doc_ctx *d, const cJSON *doc, const char *basedir)
{
	const char *file = get_str(d, doc, "text_file", "document", false, true);
	const char *inline_text = get_str(d, doc, "text", "document", false, false);
	erg_buf path = ERG_BUF_INIT;
	size_t len, bad;
	int rc;

	if (file && inline_text) {
		error_at(d, "document", "give text or text_file, not both");
		return 0;
	}
	if (inline_text) {
		if (!(d->text = erg_strdup(inline_text)))
			return ERG_ESYS;
		d->text_name = "document.text";
		return index_text(d);
	}
	if (!file)
		return 0;
	if (file[0] == '/' || !*basedir)
		rc = erg_buf_puts(&path, file);
	else
		rc = erg_buf_printf(&path, "%s/%s", basedir, file);
	if (rc < 0)
		return rc;
	if ((rc = erg_read_file(path.ptr, erg_load_limits(d->ctx)->file_size, &d->text, &len)) < 0) {
		int e = errno;

		erg_buf_free(&path);
		if (rc == ERG_ESYS && strstr(erg_error_last(), "out of memory"))
			return rc;
		error_at(d, "document.text_file", "%s", erg_error_last());
		/* A text file that is not there is the annotation's fault; one
		 * that cannot be read (EACCES, EIO, ENOMEM) is the system's. */
		d->ctx->syserrors += rc == ERG_ESYS && e != ENOENT && e != ENOTDIR && e != EISDIR;
		return 0;
	}
	if (!erg_utf8_valid(d->text, len, &bad)) {
		int line, col;

		erg_text_position(d->text, bad, &line, &col);
		error_at(d, "document.text_file", "%s:%d:%d: %s", path.ptr, line, col,
			 d->text[bad] ? "invalid UTF-8" : "NUL byte");
		erg_buf_free(&path);
		free(d->text);
		d->text = NULL;
		return 0;
	}
	erg_buf_free(&path);
	d->text_name = "text_file";
	return index_text(d);
}

static bool get_offset(doc_ctx *d, const cJSON *span, const char *key, const char *path, long *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(span, key);
	char p[512];

	path_join(p, sizeof p, path, key, -1);
	if (!it) {
		error_at(d, p, "missing (required)");
		return false;
	}
	if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 1e15 ||
	    floor(it->valuedouble) != it->valuedouble) {
		error_at(d, p, "expected a whole number of characters, at least 0");
		return false;
	}
	*out = (long)it->valuedouble;
	return true;
}

/* A [start, end) span; checked against the text when there is one. */
static void check_span(doc_ctx *d, const cJSON *span, const char *path)
{
	const cJSON *text;
	long start, end;

	if (!cJSON_IsObject(span)) {
		error_at(d, path, "expected an object with start and end");
		return;
	}
	if (!get_offset(d, span, "start", path, &start) || !get_offset(d, span, "end", path, &end))
		return;
	if (end <= start) {
		error_at(d, path, "end %ld is not after start %ld", end, start);
		return;
	}
	text = cJSON_GetObjectItemCaseSensitive(span, "text");
	if (text && !cJSON_IsString(text)) {
		error_at(d, path, "text: expected a string");
		return;
	}
	if (!d->text) {
		if (text && erg_utf8_length(text->valuestring, strlen(text->valuestring)) !=
				    (size_t)(end - start))
			error_at(d, path, "text is %zu characters long but the span [%ld, %ld) is %ld",
				 erg_utf8_length(text->valuestring, strlen(text->valuestring)), start,
				 end, end - start);
		return;
	}
	if ((size_t)end > d->ncp) {
		error_at(d, path, "span [%ld, %ld) is past the end of the text (%zu characters)",
			 start, end, d->ncp);
		return;
	}
	if (text) {
		const char *s = d->text + d->cp[start];
		size_t n = d->cp[end] - d->cp[start];

		if (strlen(text->valuestring) != n || memcmp(text->valuestring, s, n) != 0) {
			char shown[128];

			snprintf(shown, sizeof shown, "%.*s", n > 100 ? 100 : (int)n, s);
			for (char *c = shown; *c; c++)
				if ((unsigned char)*c < 0x20)
					*c = ' ';
			error_at(d, path, "text \"%s\" does not match the %s at [%ld, %ld): \"%s%s\"",
				 text->valuestring, d->text_name, start, end, shown,
				 n > 100 ? "..." : "");
		}
	}
}

static void check_spans(doc_ctx *d, const cJSON *arr, const char *path)
{
	const cJSON *it;
	char p[384];
	int i = 0;

	if (!arr)
		return;
	if (!cJSON_IsArray(arr)) {
		error_at(d, path, "expected an array of spans");
		return;
	}
	cJSON_ArrayForEach(it, arr) {
		path_join(p, sizeof p, path, NULL, i++);
		check_span(d, it, p);
	}
}

/* The text of a span: its own, or the document's. */
static char *span_text(const doc_ctx *d, const cJSON *span)
{
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(span, "text");
	long start, end;

	if (cJSON_IsString(text))
		return erg_strdup(text->valuestring);
	if (!d->text)
		return NULL;
	start = (long)cJSON_GetObjectItemCaseSensitive(span, "start")->valuedouble;
	end = (long)cJSON_GetObjectItemCaseSensitive(span, "end")->valuedouble;
	return strndup(d->text + d->cp[start], d->cp[end] - d->cp[start]);
}

typedef struct {
	const char *id, *type;
	erg_node *node;
} local_entity;

static int find_local(const local_entity *ents, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (ents[i].id && strcmp(ents[i].id, id) == 0)
			return i;
	return -1;
}

static void check_entities(doc_ctx *d, const cJSON *arr, local_entity *ents, erg_map *ids)
{
	const cJSON *e;
	char p[64], q[256];
	int i = 0;

	cJSON_ArrayForEach(e, arr) {
		const char *id, *type;
		void *prev;

		path_join(p, sizeof p, "entities", NULL, i);
		if (!cJSON_IsObject(e)) {
			error_at(d, p, "expected an object");
			i++;
			continue;
		}
		id = get_str(d, e, "id", p, true, true);
		type = get_str(d, e, "type", p, true, false);
		get_str(d, e, "name", p, true, true);
		get_str(d, e, "kb", p, false, true);
		if (type && !erg_word_valid(type)) {
			path_join(q, sizeof q, p, "type", -1);
			error_at(d, q, "'%s' is not a type: one lower-case word like country, leader",
				 type);
			type = NULL;
		}
		path_join(q, sizeof q, p, "aliases", -1);
		check_names(d, cJSON_GetObjectItemCaseSensitive(e, "aliases"), q);
		path_join(q, sizeof q, p, "attributes", -1);
		check_attributes(d, cJSON_GetObjectItemCaseSensitive(e, "attributes"), q);
		path_join(q, sizeof q, p, "mentions", -1);
		check_spans(d, cJSON_GetObjectItemCaseSensitive(e, "mentions"), q);
		if (id && strchr(id, '\\')) {
			/* Ids are DOT node names, which cannot end in a backslash. */
			path_join(q, sizeof q, p, "id", -1);
			error_at(d, q, "'%s': an id may not contain a backslash", id);
			id = NULL;
		}
		if (id && (prev = erg_map_get(ids, id))) {
			path_join(q, sizeof q, p, "id", -1);
			error_at(d, q, "'%s' is already the id of entities[%d]", id,
				 (int)(intptr_t)prev - 1);
		} else if (id && erg_map_put(ids, id, (void *)(intptr_t)(i + 1)) < 0) {
			d->bad = d->nomem = true;
		}
		ents[i].id = id;
		ents[i].type = type;
		i++;
	}
}

static void check_endpoint(doc_ctx *d, const erg_strset *allowed, const char *type,
			   const char *rel, const char *path, const char *which)
{
	if (!type || !allowed->n || erg_strset_has(allowed, type))
		return;
	erg_buf b = ERG_BUF_INIT;

	for (size_t k = 0; k < allowed->n; k++)
		d->nomem |= erg_buf_printf(&b, "%s%s", k ? ", " : "", allowed->v[k]) < 0;
	warn_at(d, path, "%s of %s has type %s; expected %s", which, rel, type,
		b.ptr ? b.ptr : "");
	erg_buf_free(&b);
}

static void check_relations(doc_ctx *d, const erg_graph *g, const cJSON *arr,
			    const local_entity *ents, int nents)
{
	const cJSON *r;
	char p[64], q[256];
	int i = 0;

	cJSON_ArrayForEach(r, arr) {
		const char *type, *src, *tgt;
		const erg_reltype *rt;
		int s = -1, t = -1;

		path_join(p, sizeof p, "relations", NULL, i++);
		if (!cJSON_IsObject(r)) {
			error_at(d, p, "expected an object");
			continue;
		}
		type = get_str(d, r, "type", p, true, false);
		src = get_str(d, r, "source", p, true, true);
		tgt = get_str(d, r, "target", p, true, true);
		path_join(q, sizeof q, p, "date", -1);
		check_date(d, get_str(d, r, "date", p, false, false), q);
		path_join(q, sizeof q, p, "attributes", -1);
		check_attributes(d, cJSON_GetObjectItemCaseSensitive(r, "attributes"), q);
		path_join(q, sizeof q, p, "evidence", -1);
		check_spans(d, cJSON_GetObjectItemCaseSensitive(r, "evidence"), q);
		if (src && (s = find_local(ents, nents, src)) < 0) {
			path_join(q, sizeof q, p, "source", -1);
			error_at(d, q, "no entity '%s' in this document", src);
		}
		if (tgt && (t = find_local(ents, nents, tgt)) < 0) {
			path_join(q, sizeof q, p, "target", -1);
			error_at(d, q, "no entity '%s' in this document", tgt);
		}
		if (!type)
			continue;
		path_join(q, sizeof q, p, "type", -1);
		if (!erg_word_valid(type)) {
			error_at(d, q, "'%s' is not a relation type: one lower-case word", type);
			continue;
		}
		if (!(rt = erg_vocab_find(&g->vocab, type))) {
			warn_at(d, q, "unknown relation type '%s' (add it with --vocabulary)", type);
			continue;
		}
		if (s >= 0)
			check_endpoint(d, &rt->sources, ents[s].type, type, q, "source");
		if (t >= 0)
			check_endpoint(d, &rt->targets, ents[t].type, type, q, "target");
	}
}

static long count_items(const cJSON *arr)
{
	return cJSON_IsArray(arr) ? (long)cJSON_GetArraySize(arr) : 0;
}

/*
 * The evidence texts of a relation, one a span (NULL where neither the
 * span nor the document has text), into *out (caller frees each and the
 * array); *n set.
 */
static int span_texts(const doc_ctx *d, const cJSON *rel, char ***out, size_t *n)
{
	const cJSON *spans = cJSON_GetObjectItemCaseSensitive(rel, "evidence"), *span;
	size_t count = (size_t)count_items(spans);
	char **v = erg_calloc(count + 1, sizeof *v);

	*out = v;
	*n = 0;
	if (!v)
		return ERG_ESYS;
	cJSON_ArrayForEach(span, spans) {
		bool want = d->text || cJSON_IsString(cJSON_GetObjectItemCaseSensitive(span, "text"));

		if (!(v[*n] = span_text(d, span)) && want)
			return erg_nomem();
		(*n)++;
	}
	return 0;
}

/* Everything checked: merge the document into the graph. */
static int merge(erg_graph *g, doc_ctx *d, const cJSON *root, const erg_docinfo *info,
		 local_entity *ents)
{
	const cJSON *e, *r;
	erg_buf place = ERG_BUF_INIT;
	uint32_t doc;
	int i = 0, nents, rc = 0;

	if ((rc = erg_graph_add_document(g, info, false, &doc)) < 0) {
		if (rc == ERG_EINVALID)
			error_at(d, "document.id", "%s", erg_error_last());
		return rc == ERG_EINVALID ? 0 : rc;
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "entities")) {
		erg_node_rec rec = {0};

		place.len = 0;
		if ((rc = erg_buf_printf(&place, "%s: entities[%d]", d->where, i)) < 0)
			goto done;
		rec.id = ents[i].id;
		rec.type = ents[i].type;
		rec.name = cJSON_GetObjectItemCaseSensitive(e, "name")->valuestring;
		rec.kb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "kb"));
		rec.aliases = cJSON_GetObjectItemCaseSensitive(e, "aliases");
		rec.doc = doc;
		rec.mentions = count_items(cJSON_GetObjectItemCaseSensitive(e, "mentions"));
		rec.first_seen = rec.last_seen = info->published;
		rec.attributes = cJSON_GetObjectItemCaseSensitive(e, "attributes");
		rec.place = place.ptr;
		if ((rc = erg_graph_add_node(g, &rec, &ents[i].node)) < 0) {
			if (rc != ERG_EINVALID)
				goto done;
			erg_diag(d->ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			d->bad = true;
			rc = 0;
		}
		i++;
	}
	nents = (int)count_items(cJSON_GetObjectItemCaseSensitive(root, "entities"));
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(root, "relations")) {
		const char *type = cJSON_GetObjectItemCaseSensitive(r, "type")->valuestring;
		const erg_reltype *rt = erg_vocab_find(&g->vocab, type);
		int s = find_local(ents, nents, cJSON_GetObjectItemCaseSensitive(r, "source")->valuestring);
		int t = find_local(ents, nents, cJSON_GetObjectItemCaseSensitive(r, "target")->valuestring);
		erg_edge_rec rec = {0};
		char **texts = NULL;
		size_t ntexts = 0;

		if (!ents[s].node || !ents[t].node)
			continue; /* an entity of it failed to merge, and was reported */
		if ((rc = span_texts(d, r, &texts, &ntexts)) == 0) {
			rec.source = ents[s].node;
			rec.target = ents[t].node;
			rec.type = type;
			rec.directed = !(rt && rt->symmetric);
			rec.doc = doc;
			rec.spans = (const char *const *)texts;
			rec.nspans = ntexts;
			rec.date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "date"));
			rec.first_seen = rec.last_seen = info->published;
			rec.attributes = cJSON_GetObjectItemCaseSensitive(r, "attributes");
			rc = erg_graph_add_edge(g, &rec);
		}
		for (size_t k = 0; texts && k < ntexts; k++)
			free(texts[k]);
		free(texts);
		if (rc < 0)
			goto done;
	}
done:
	erg_buf_free(&place);
	return rc;
}

int erg_load_native(erg_graph *g, erg_load_ctx *ctx, const cJSON *root, const char *where,
		    const char *basedir)
{
	doc_ctx d = {ctx, where, false, false, NULL, NULL, 0, NULL};

	const cJSON *version, *doc, *ents_json, *rels_json;
	local_entity *ents = NULL;
	erg_map ids = {0};
	erg_docinfo info = {0};
	int rc = 0;

	if (!cJSON_IsObject(root)) {
		error_at(&d, "(top)", "expected an object with \"ergraph\": 1");
		return 0;
	}
	version = cJSON_GetObjectItemCaseSensitive(root, "ergraph");
	if (!version) {
		error_at(&d, "ergraph", "missing: not an ergraph annotation file (is it another "
					"format? see -f)");
		return 0;
	}
	if (!cJSON_IsNumber(version)) {
		error_at(&d, "ergraph", "expected the number %d (the schema version)", ERG_SCHEMA_VERSION);
		return 0;
	}
	if (version->valuedouble != ERG_SCHEMA_VERSION) {
		error_at(&d, "ergraph", "schema version %g is not supported (this ergraph reads %d)",
			 version->valuedouble, ERG_SCHEMA_VERSION);
		return 0;
	}
	doc = cJSON_GetObjectItemCaseSensitive(root, "document");
	if (!cJSON_IsObject(doc)) {
		error_at(&d, "document", doc ? "expected an object" : "missing (required)");
		return 0;
	}
	info.id = (char *)get_str(&d, doc, "id", "document", true, true);
	info.title = (char *)get_str(&d, doc, "title", "document", false, false);
	info.source = (char *)get_str(&d, doc, "source", "document", false, true);
	info.published = (char *)get_str(&d, doc, "published", "document", false, false);
	info.origin = (char *)where;
	check_date(&d, info.published, "document.published");
	if (info.source && !erg_url_safe(info.source))
		warn_at(&d, "document.source",
			"'%s' is not an http(s) or relative URL: kept as text, never linked",
			info.source);
	if ((rc = load_text(&d, doc, basedir)) < 0)
		goto done;

	ents_json = cJSON_GetObjectItemCaseSensitive(root, "entities");
	rels_json = cJSON_GetObjectItemCaseSensitive(root, "relations");
	if (ents_json && !cJSON_IsArray(ents_json)) {
		error_at(&d, "entities", "expected an array");
		ents_json = NULL;
	}
	if (rels_json && !cJSON_IsArray(rels_json)) {
		error_at(&d, "relations", "expected an array");
		rels_json = NULL;
	}
	if (count_items(ents_json) > erg_load_limits(ctx)->entities) {
		error_at(&d, "entities", "%ld entities, more than the limit of %ld in one document "
			 "(--limit entities=N raises it)", count_items(ents_json),
			 erg_load_limits(ctx)->entities);
		ents_json = rels_json = NULL;
	}
	if (count_items(rels_json) > erg_load_limits(ctx)->relations) {
		error_at(&d, "relations", "%ld relations, more than the limit of %ld in one document "
			 "(--limit relations=N raises it)", count_items(rels_json),
			 erg_load_limits(ctx)->relations);
		ents_json = rels_json = NULL;
	}
	if (!(ents = erg_calloc((size_t)count_items(ents_json) + 1, sizeof *ents))) {
		rc = ERG_ESYS;
		goto done;
	}
	check_entities(&d, ents_json, ents, &ids);
	check_relations(&d, g, rels_json, ents, (int)count_items(ents_json));
	if (!d.bad && erg_load_in_range(ctx, info.published))
		rc = merge(g, &d, root, &info, ents);
	if (rc == 0 && d.nomem)
		rc = erg_nomem();
done:
	erg_map_free(&ids);
	free(ents);
	free(d.cp);
	free(d.text);
	return rc;
}
