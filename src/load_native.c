/*
 * load_native.c - ergraph's own annotation format (schema version 1).
 *
 * A document is checked whole before anything of it is merged, and every
 * problem is reported with its JSON path, so a document with an error
 * leaves no trace in the graph.  Offsets are Unicode code points,
 * half-open, into the document text.
 */
#include "internal.h"
#include "diag.h"
#include "input.h"
#include "json.h"

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
	char *own_text;      /* ... when read from a text_file (freed), else NULL */
	size_t *cp;          /* byte offset of each code point, ncp + 1 of them */
	size_t ncp;
	const char *text_name;
	size_t max_name;     /* the limit on a name's bytes */
} doc_ctx;

/*
 * A message at a path of the document: "WHERE: PATH: MESSAGE", or for a
 * converted document the place in its export that the path came from.
 */
static void say_at(doc_ctx *d, erg_diag_level level, const char *path, const char *fmt, va_list ap)
{
	erg_buf b = ERG_BUF_INIT, place = ERG_BUF_INIT;
	erg_load_ctx *ctx = d->ctx;

	erg_buf_vprintf(&b, fmt, ap);
	if (ctx->foreign && ctx->foreign(ctx->foreign_ctx, path, &place))
		erg_diag(ctx, level, "%s: %s", place.ptr, b.ptr ? b.ptr : "out of memory");
	else
		erg_diag(ctx, level, "%s: %s: %s", d->where, path, b.ptr ? b.ptr : "out of memory");
	d->nomem |= !b.ptr;
	erg_buf_free(&b);
	erg_buf_free(&place);
}

ERG_PRINTF(3, 4)
static void error_at(doc_ctx *d, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_at(d, ERG_DIAG_ERROR, path, fmt, ap);
	va_end(ap);
	d->bad = true;
}

ERG_PRINTF(3, 4)
static void warn_at(doc_ctx *d, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_at(d, ERG_DIAG_WARNING, path, fmt, ap);
	va_end(ap);
	/* Strict, the warning was an error, yet the document still merges:
	 * the run fails anyway, and conflicts across documents are found in
	 * the same run. */
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

/*
 * Where a value is: base[index].key (index -1, key NULL: absent).  Fields
 * are checked by the million and their paths are only ever read in a
 * message, so a place is made into a path only then.
 */
typedef struct {
	const char *base;
	int index;
	const char *key;
} place;

/* The path of base[index].key into out (n bytes); returns out. */
static char *path_of(char *out, size_t n, const char *base, int index, const char *key)
{
	char p[512];

	if (index >= 0)
		path_join(p, sizeof p, base, NULL, index);
	else
		snprintf(p, sizeof p, "%s", base);
	if (key)
		path_join(out, n, p, key, -1);
	else
		snprintf(out, n, "%s", p);
	return out;
}

static char *place_path(char *out, size_t n, const place *at)
{
	return path_of(out, n, at->base, at->index, at->key);
}

/* The document object, where its own fields are. */
static const place the_document = {"document", -1, NULL};

/* error_at on the path at[index].key (either part may be absent: -1, NULL). */
ERG_PRINTF(5, 6)
static void error_in(doc_ctx *d, const place *at, int index, const char *key, const char *fmt, ...)
{
	char p[512], q[512];
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	path_of(p, sizeof p, place_path(q, sizeof q, at), index, key);
	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	error_at(d, p, "%s", b.ptr ? b.ptr : "out of memory");
	d->nomem |= !b.ptr;
	erg_buf_free(&b);
}

/*
 * The member names of the schema, each one string.  The parser's arenas
 * give names equal to these as these very pointers (erg_native_keys), so
 * fields_of finds a field by comparing pointers.
 */
static const char K_ID[] = "id", K_TYPE[] = "type", K_NAME[] = "name", K_KB[] = "kb",
		  K_ALIASES[] = "aliases", K_ATTRIBUTES[] = "attributes", K_MENTIONS[] = "mentions",
		  K_SOURCE[] = "source", K_TARGET[] = "target", K_DATE[] = "date",
		  K_EVIDENCE[] = "evidence", K_START[] = "start", K_END[] = "end", K_TEXT[] = "text";

const char *const erg_native_keys[] = {
	K_ID, K_TYPE, K_NAME, K_KB, K_ALIASES, K_ATTRIBUTES, K_MENTIONS, K_SOURCE, K_TARGET,
	K_DATE, K_EVIDENCE, K_START, K_END, K_TEXT, "ergraph", "document", "entities",
	"relations", "title", "published", "text_file", NULL,
};

erg_json_arena *erg_load_arena_new(void)
{
	erg_json_arena *a = erg_json_arena_new();

	/* Only ever saves time: if the list were refused, names are compared. */
	if (a)
		(void)erg_json_arena_keys(a, erg_native_keys);
	return a;
}

/*
 * The members of obj named in names[0..n) into out[] (NULL when absent),
 * the first of each name as cJSON_GetObjectItemCaseSensitive would find,
 * in one pass over the object: fields are looked up for every entity,
 * span and relation of every document.
 */
static void fields_of(const cJSON *obj, const char *const *names, int n, const cJSON **out)
{
	const cJSON *it;

	for (int k = 0; k < n; k++)
		out[k] = NULL;
	for (it = obj ? obj->child : NULL; it; it = it->next) {
		int k = 0;

		if (!it->string)
			continue;
		while (k < n && it->string != names[k])
			k++;
		if (k == n) /* not one of ours by pointer: a tree cJSON parsed, or another name */
			for (k = 0; k < n; k++)
				if (it->string[0] == names[k][0] && strcmp(it->string, names[k]) == 0)
					break;
		if (k < n && !out[k])
			out[k] = it;
	}
}

/*
 * A string member `it` (NULL: absent, an error if required) of the object
 * at path, named key; an error when it is not a usable string.  Names
 * hold no control characters.
 */
static const char *str_field(doc_ctx *d, const cJSON *it, const char *key, const place *path,
			     bool required, bool name)
{
	size_t len;

	/* The path is made only for a message: this runs for every field. */
	if (!it) {
		if (required)
			error_in(d, path, -1, key, "missing (required)");
		return NULL;
	}
	if (!cJSON_IsString(it)) {
		error_in(d, path, -1, key, "expected a string");
		return NULL;
	}
	if (name) {
		if (!*it->valuestring) {
			error_in(d, path, -1, key, "must not be empty");
			return NULL;
		}
		if ((len = erg_name_length(it->valuestring)) == SIZE_MAX) {
			error_in(d, path, -1, key, "control character in a name");
			return NULL;
		}
		if (len > d->max_name) {
			error_in(d, path, -1, key, "longer than %zu bytes (--limit name-length=N raises it)",
				 d->max_name);
			return NULL;
		}
	}
	return it->valuestring;
}

static const char *get_str(doc_ctx *d, const cJSON *obj, const char *key, const place *path,
			   bool required, bool name)
{
	return str_field(d, cJSON_GetObjectItemCaseSensitive(obj, key), key, path, required, name);
}

/* Arrays of names (aliases) and attribute objects. */
static void check_names(doc_ctx *d, const cJSON *arr, const char *path)
{
	const cJSON *it;
	size_t len;
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
		else if ((len = erg_name_length(it->valuestring)) == SIZE_MAX)
			error_at(d, p, "control character in a name");
		else if (len > d->max_name)
			error_at(d, p, "longer than %zu bytes (--limit name-length=N raises it)",
				 d->max_name);
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

static void check_date(doc_ctx *d, const char *s, const place *at)
{
	if (s && !erg_date_valid(s))
		error_in(d, at, -1, NULL, "'%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
}

/*
 * The code point offsets of the document text, for spans.  An ASCII text
 * (most news in English) needs none: offsets are byte offsets.
 */
static int index_text(doc_ctx *d)
{
	size_t len = strlen(d->text), n = 0, i;

	if (erg_ascii_only(d->text, len)) {
		d->ncp = len;
		return 0;
	}
	if (!(d->cp = erg_calloc(len + 1, sizeof *d->cp)))
		return ERG_ESYS;
	for (i = 0; i < len; i++)
		if (((unsigned char)d->text[i] & 0xc0) != 0x80)
			d->cp[n++] = i;
	d->cp[n] = len;
	d->ncp = n;
	return 0;
}

static int load_text(doc_ctx *d, const cJSON *doc, const char *basedir)
{
	const char *file = get_str(d, doc, "text_file", &the_document, false, true);
	const char *inline_text = get_str(d, doc, "text", &the_document, false, false);
	erg_buf path = ERG_BUF_INIT;
	size_t len, bad;
	int rc;

	if (file && inline_text) {
		error_at(d, "document", "give text or text_file, not both");
		return 0;
	}
	if (inline_text) {
		d->text = (char *)inline_text; /* borrowed from the document */
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
		if (rc == ERG_ESYS && e != ENOENT && e != ENOTDIR && e != EISDIR)
			erg_load_syserror(d->ctx);
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
	d->own_text = d->text;
	d->text_name = "text_file";
	return index_text(d);
}

static const char *const span_fields[] = {K_START, K_END, K_TEXT};

static bool get_offset(doc_ctx *d, const cJSON *it, const char *key, const place *path, int index,
		       long *out)
{
	if (!it) {
		error_in(d, path, index, key, "missing (required)");
		return false;
	}
	if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 1e15 ||
	    floor(it->valuedouble) != it->valuedouble) {
		error_in(d, path, index, key, "expected a whole number of characters, at least 0");
		return false;
	}
	*out = (long)it->valuedouble;
	return true;
}

/* Byte offset of code point i of the text (ASCII texts need no table). */
static size_t cp_at(const doc_ctx *d, long i)
{
	return d->cp ? d->cp[i] : (size_t)i;
}

/* The span path[index], [start, end); checked against the text when there is one. */
static void check_span(doc_ctx *d, const cJSON *span, const place *path, int index)
{
	const cJSON *f[3], *text;
	long start, end;

	if (!cJSON_IsObject(span)) {
		error_in(d, path, index, NULL, "expected an object with start and end");
		return;
	}
	fields_of(span, span_fields, 3, f);
	if (!get_offset(d, f[0], "start", path, index, &start) ||
	    !get_offset(d, f[1], "end", path, index, &end))
		return;
	if (end <= start) {
		error_in(d, path, index, NULL, "end %ld is not after start %ld", end, start);
		return;
	}
	text = f[2];
	if (text && !cJSON_IsString(text)) {
		error_in(d, path, index, NULL, "text: expected a string");
		return;
	}
	if (!d->text) {
		if (text && erg_utf8_length(text->valuestring, strlen(text->valuestring)) !=
				    (size_t)(end - start))
			error_in(d, path, index, NULL,
				 "text is %zu characters long but the span [%ld, %ld) is %ld",
				 erg_utf8_length(text->valuestring, strlen(text->valuestring)), start,
				 end, end - start);
		return;
	}
	if ((size_t)end > d->ncp) {
		error_in(d, path, index, NULL, "span [%ld, %ld) is past the end of the text (%zu characters)",
			 start, end, d->ncp);
		return;
	}
	if (text) {
		const char *s = d->text + cp_at(d, start);
		size_t n = cp_at(d, end) - cp_at(d, start);

		if (strncmp(text->valuestring, s, n) != 0 || text->valuestring[n]) {
			char shown[128];

			snprintf(shown, sizeof shown, "%.*s", n > 100 ? 100 : (int)n, s);
			for (char *c = shown; *c; c++)
				if ((unsigned char)*c < 0x20)
					*c = ' ';
			error_in(d, path, index, NULL,
				 "text \"%s\" does not match the %s at [%ld, %ld): \"%s%s\"",
				 text->valuestring, d->text_name, start, end, shown, n > 100 ? "..." : "");
		}
	}
}

static void check_spans(doc_ctx *d, const cJSON *arr, const place *path)
{
	const cJSON *it;
	int i = 0;

	if (!arr)
		return;
	if (!cJSON_IsArray(arr)) {
		error_in(d, path, -1, NULL, "expected an array of spans");
		return;
	}
	cJSON_ArrayForEach(it, arr)
		check_span(d, it, path, i++);
}

/* The text of a span: its own, or the document's (text NULL: neither). */
static erg_text span_text(const doc_ctx *d, const cJSON *span)
{
	const cJSON *f[3];
	long start, end;

	fields_of(span, span_fields, 3, f);
	if (cJSON_IsString(f[2]))
		return (erg_text){f[2]->valuestring, strlen(f[2]->valuestring)};
	if (!d->text)
		return (erg_text){NULL, 0};
	start = (long)f[0]->valuedouble;
	end = (long)f[1]->valuedouble;
	return (erg_text){d->text + cp_at(d, start), cp_at(d, end) - cp_at(d, start)};
}

/* An entity of the document, its fields found once. */
typedef struct {
	const char *id, *type, *name, *kb;
	uint32_t hash;       /* of the id: ids are compared for every relation's ends */
	const cJSON *aliases, *attributes, *mentions;
	long nmentions;
	erg_node *node;
} local_entity;

/* A relation of the document: its ends as entity indexes. */
typedef struct {
	const char *type, *date;
	const cJSON *attributes, *evidence;
	int source, target;
	bool directed;      /* not a symmetric type */
	size_t span_at, nspans; /* its evidence texts in the checked document's spans */
} local_relation;

static const char *const entity_fields[] = {K_ID, K_TYPE, K_NAME, K_KB, K_ALIASES, K_ATTRIBUTES,
					    K_MENTIONS};
static const char *const relation_fields[] = {K_TYPE, K_SOURCE, K_TARGET, K_DATE, K_ATTRIBUTES,
					      K_EVIDENCE};

static int find_local(const local_entity *ents, int n, const char *id)
{
	uint32_t h = erg_hash32(id, strlen(id));

	for (int i = 0; i < n; i++)
		if (ents[i].id && ents[i].hash == h && strcmp(ents[i].id, id) == 0)
			return i;
	return -1;
}

static void check_entities(doc_ctx *d, const cJSON *arr, local_entity *ents, erg_map *ids)
{
	const cJSON *e;
	char q[256];
	int i = 0;
	bool small = cJSON_GetArraySize(arr) <= 64;

	cJSON_ArrayForEach(e, arr) {
		const char *id, *type;
		const cJSON *f[7];
		void *prev = NULL;
		place p = {"entities", i, NULL};

		if (!cJSON_IsObject(e)) {
			error_in(d, &p, -1, NULL, "expected an object");
			i++;
			continue;
		}
		fields_of(e, entity_fields, 7, f);
		id = str_field(d, f[0], "id", &p, true, true);
		type = str_field(d, f[1], "type", &p, true, false);
		ents[i].name = str_field(d, f[2], "name", &p, true, true);
		ents[i].kb = str_field(d, f[3], "kb", &p, false, true);
		ents[i].aliases = f[4];
		ents[i].attributes = f[5];
		ents[i].mentions = f[6];
		if (type && !erg_word_valid(type)) {
			error_in(d, &p, -1, "type",
				 "'%s' is not a type: one lower-case word like country, leader", type);
			type = NULL;
		}
		if (f[4])
			check_names(d, f[4], path_of(q, sizeof q, "entities", i, "aliases"));
		if (f[5])
			check_attributes(d, f[5], path_of(q, sizeof q, "entities", i, "attributes"));
		if (f[6])
			check_spans(d, f[6], &(place){"entities", i, "mentions"});
		if (id && erg_id_flaw(id)) {
			error_in(d, &p, -1, "id", "'%s': an id may not contain %s", id, erg_id_flaw(id));
			id = NULL;
		}
		/* A few entities are compared in place; many go through a map. */
		ents[i].hash = id ? erg_hash32(id, strlen(id)) : 0;
		if (id && small) {
			prev = NULL;
			for (int j = 0; j < i && !prev; j++)
				if (ents[j].id && ents[j].hash == ents[i].hash && strcmp(ents[j].id, id) == 0)
					prev = (void *)(intptr_t)(j + 1);
		} else if (id) {
			prev = erg_map_get(ids, id);
		}
		if (id && prev) {
			error_in(d, &p, -1, "id", "'%s' is already the id of entities[%d]", id,
				 (int)(intptr_t)prev - 1);
		} else if (id && !small && erg_map_put(ids, id, (void *)(intptr_t)(i + 1)) < 0) {
			d->bad = d->nomem = true;
		}
		ents[i].id = id;
		ents[i].type = type;
		i++;
	}
}

static void check_endpoint(doc_ctx *d, const erg_strset *allowed, const char *type,
			   const char *rel, const place *at, const char *which)
{
	if (!type || !allowed->n || erg_strset_has(allowed, type))
		return;
	erg_buf b = ERG_BUF_INIT;
	char path[512];

	for (size_t k = 0; k < allowed->n; k++)
		d->nomem |= erg_buf_printf(&b, "%s%s", k ? ", " : "", allowed->v[k]) < 0;
	warn_at(d, place_path(path, sizeof path, at), "%s of %s has type %s; expected %s", which,
		rel, type, b.ptr ? b.ptr : "");
	erg_buf_free(&b);
}

static void check_relations(doc_ctx *d, const erg_graph *g, const cJSON *arr,
			    const local_entity *ents, int nents, local_relation *rels)
{
	const cJSON *r;
	char q[256];
	int i = 0;

	for (r = arr ? arr->child : NULL; r; r = r->next, i++) {
		const char *type, *src, *tgt;
		const erg_reltype *rt;
		const cJSON *f[6];
		local_relation *lr = &rels[i];
		int s = -1, t = -1;
		place p = {"relations", i, NULL}, at_type = {"relations", i, "type"};

		if (!cJSON_IsObject(r)) {
			error_in(d, &p, -1, NULL, "expected an object");
			continue;
		}
		fields_of(r, relation_fields, 6, f);
		lr->type = type = str_field(d, f[0], "type", &p, true, false);
		src = str_field(d, f[1], "source", &p, true, true);
		tgt = str_field(d, f[2], "target", &p, true, true);
		lr->date = str_field(d, f[3], "date", &p, false, false);
		lr->attributes = f[4];
		lr->evidence = f[5];
		check_date(d, lr->date, &(place){"relations", i, "date"});
		if (f[4])
			check_attributes(d, f[4], path_of(q, sizeof q, "relations", i, "attributes"));
		if (f[5])
			check_spans(d, f[5], &(place){"relations", i, "evidence"});
		if (src && (s = find_local(ents, nents, src)) < 0)
			error_in(d, &p, -1, "source", "no entity '%s' in this document", src);
		if (tgt && (t = find_local(ents, nents, tgt)) < 0)
			error_in(d, &p, -1, "target", "no entity '%s' in this document", tgt);
		lr->source = s;
		lr->target = t;
		if (!type)
			continue;
		if (!erg_word_valid(type)) {
			error_in(d, &at_type, -1, NULL, "'%s' is not a relation type: one lower-case word",
				 type);
			continue;
		}
		lr->directed = true;
		if (!(rt = erg_vocab_find(&g->vocab, type))) {
			warn_at(d, place_path(q, sizeof q, &at_type),
				"unknown relation type '%s' (add it with --vocabulary)", type);
			continue;
		}
		lr->directed = !rt->symmetric;
		if (s >= 0)
			check_endpoint(d, &rt->sources, ents[s].type, type, &at_type, "source");
		if (t >= 0)
			check_endpoint(d, &rt->targets, ents[t].type, type, &at_type, "target");
	}
}

static long count_items(const cJSON *arr)
{
	return cJSON_IsArray(arr) ? (long)cJSON_GetArraySize(arr) : 0;
}

/* The evidence texts of a relation, one a span, in v (room for n). */
static size_t span_texts(const doc_ctx *d, const cJSON *evidence, erg_text *v, size_t n)
{
	const cJSON *span;
	size_t k = 0;

	cJSON_ArrayForEach(span, evidence)
		if (k < n)
			v[k++] = span_text(d, span);
	return k;
}

/* Everything checked: merge the document into the graph. */
static int merge(erg_graph *g, doc_ctx *d, const erg_docinfo *info, local_entity *ents, int nents,
		 const local_relation *rels, int nrels, const erg_text *spans)
{
	uint32_t doc;
	int rc = 0;

	if ((rc = erg_graph_add_document(g, info, false, &doc)) < 0) {
		if (rc == ERG_EINVALID)
			error_at(d, "document.id", "%s", erg_error_last());
		return rc == ERG_EINVALID ? 0 : rc;
	}
	for (int i = 0; i < nents; i++) {
		erg_node_rec rec = {0};

		rec.id = ents[i].id;
		rec.type = ents[i].type;
		rec.name = ents[i].name;
		rec.kb = ents[i].kb;
		rec.aliases = ents[i].aliases;
		rec.doc = doc;
		rec.mentions = ents[i].nmentions;
		rec.first_seen = rec.last_seen = info->published;
		rec.attributes = ents[i].attributes;
		rec.place = d->where;
		rec.place_entity = i + 1;
		if ((rc = erg_graph_add_node(g, &rec, &ents[i].node)) < 0) {
			if (rc != ERG_EINVALID)
				return rc;
			erg_diag(d->ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			d->bad = true;
			rc = 0;
		}
	}
	for (int i = 0; i < nrels; i++) {
		const local_relation *r = &rels[i];
		erg_edge_rec rec = {0};

		if (!ents[r->source].node || !ents[r->target].node)
			continue; /* an entity of it failed to merge, and was reported */
		rec.source = ents[r->source].node;
		rec.target = ents[r->target].node;
		rec.type = r->type;
		rec.directed = r->directed;
		rec.doc = doc;
		rec.spans = spans + r->span_at;
		rec.nspans = r->nspans;
		rec.date = r->date;
		rec.first_seen = rec.last_seen = info->published;
		rec.attributes = r->attributes;
		if ((rc = erg_graph_add_edge(g, &rec)) < 0)
			return rc;
	}
	return 0;
}

/* A native document checked, waiting to be merged. */
struct erg_checked {
	doc_ctx d;
	erg_buf where;          /* FILE or FILE:LINE: d.where points here */
	erg_docinfo info;
	local_entity *ents;
	local_relation *rels;
	int nents, nrels;
	erg_map ids;
	erg_text *spans;        /* every relation's evidence texts, in order */
	size_t nspans;
	bool merge;             /* valid and in the time slice */
};

/*
 * What merging needs of a valid document, taken from its tree while it is
 * checked (in the checking thread): the merge then reads no tree.
 */
static int prepare(erg_checked *c)
{
	size_t n = 0;

	for (int i = 0; i < c->nents; i++)
		c->ents[i].nmentions = count_items(c->ents[i].mentions);
	for (int i = 0; i < c->nrels; i++)
		n += (size_t)count_items(c->rels[i].evidence);
	if (!(c->spans = erg_calloc(n + 1, sizeof *c->spans)))
		return ERG_ESYS;
	for (int i = 0; i < c->nrels; i++) {
		local_relation *r = &c->rels[i];

		r->span_at = c->nspans;
		r->nspans = span_texts(&c->d, r->evidence, c->spans + c->nspans, n - c->nspans);
		c->nspans += r->nspans;
	}
	return 0;
}

erg_checked *erg_checked_new(void)
{
	erg_checked *c = calloc(1, sizeof *c);

	if (!c)
		erg_nomem();
	return c;
}

void erg_checked_clear(erg_checked *c)
{
	erg_map_free(&c->ids);
	free(c->ents);
	free(c->rels);
	free(c->spans);
	c->spans = NULL;
	c->nspans = 0;
	free(c->d.cp);
	free(c->d.own_text);
	c->ents = NULL;
	c->rels = NULL;
	c->d.cp = NULL;
	c->d.own_text = NULL;
	c->nents = c->nrels = 0;
	c->merge = false;
}

void erg_checked_free(erg_checked *c)
{
	if (!c)
		return;
	erg_checked_clear(c);
	erg_buf_free(&c->where);
	free(c);
}

int erg_native_check(erg_checked *c, erg_load_ctx *ctx, const erg_graph *g, const cJSON *root,
		     const char *where, const char *basedir)
{
	doc_ctx *d = &c->d;
	const cJSON *version, *doc, *ents_json, *rels_json;
	erg_docinfo *info = &c->info;
	int rc;

	erg_checked_clear(c);
	c->where.len = 0;
	if (erg_buf_puts(&c->where, where) < 0)
		return ERG_ESYS;
	*d = (doc_ctx){ctx, c->where.ptr, false, false, NULL, NULL, NULL, 0, NULL,
		       erg_load_limits(ctx)->name_length};
	memset(info, 0, sizeof *info);
	if (!cJSON_IsObject(root)) {
		error_at(d, "(top)", "expected an object with \"ergraph\": 1");
		return 0;
	}
	version = cJSON_GetObjectItemCaseSensitive(root, "ergraph");
	if (!version) {
		error_at(d, "ergraph", "missing: not an ergraph annotation file (is it another "
				       "format? see -f)");
		return 0;
	}
	if (!cJSON_IsNumber(version)) {
		error_at(d, "ergraph", "expected the number %d (the schema version)", ERG_SCHEMA_VERSION);
		return 0;
	}
	if (version->valuedouble != ERG_SCHEMA_VERSION) {
		error_at(d, "ergraph", "schema version %g is not supported (this ergraph reads %d)",
			 version->valuedouble, ERG_SCHEMA_VERSION);
		return 0;
	}
	doc = cJSON_GetObjectItemCaseSensitive(root, "document");
	if (!cJSON_IsObject(doc)) {
		error_at(d, "document", doc ? "expected an object" : "missing (required)");
		return 0;
	}
	info->id = get_str(d, doc, "id", &the_document, true, true);
	info->title = get_str(d, doc, "title", &the_document, false, false);
	/* Every tooltip of the document's entities names it: bounded like names. */
	if (info->title && strlen(info->title) > d->max_name) {
		error_in(d, &the_document, -1, "title",
			 "longer than %zu bytes (--limit name-length=N raises it)", d->max_name);
		info->title = NULL;
	}
	info->source = get_str(d, doc, "source", &the_document, false, true);
	info->published = get_str(d, doc, "published", &the_document, false, false);
	info->origin = c->where.ptr;
	check_date(d, info->published, &(place){"document", -1, "published"});
	if (info->source && !erg_url_safe(info->source))
		warn_at(d, "document.source",
			"'%s' is not an http(s) or relative URL: kept as text, never linked",
			info->source);
	if ((rc = load_text(d, doc, basedir)) < 0)
		return rc;

	ents_json = cJSON_GetObjectItemCaseSensitive(root, "entities");
	rels_json = cJSON_GetObjectItemCaseSensitive(root, "relations");
	if (ents_json && !cJSON_IsArray(ents_json)) {
		error_at(d, "entities", "expected an array");
		ents_json = NULL;
	}
	if (rels_json && !cJSON_IsArray(rels_json)) {
		error_at(d, "relations", "expected an array");
		rels_json = NULL;
	}
	if (count_items(ents_json) > erg_load_limits(ctx)->entities) {
		error_at(d, "entities", "%ld entities, more than the limit of %ld in one document "
			 "(--limit entities=N raises it)", count_items(ents_json),
			 erg_load_limits(ctx)->entities);
		ents_json = rels_json = NULL;
	}
	if (count_items(rels_json) > erg_load_limits(ctx)->relations) {
		error_at(d, "relations", "%ld relations, more than the limit of %ld in one document "
			 "(--limit relations=N raises it)", count_items(rels_json),
			 erg_load_limits(ctx)->relations);
		ents_json = rels_json = NULL;
	}
	c->nents = (int)count_items(ents_json);
	c->nrels = (int)count_items(rels_json);
	if (!(c->ents = erg_calloc((size_t)c->nents + 1, sizeof *c->ents)) ||
	    !(c->rels = erg_calloc((size_t)c->nrels + 1, sizeof *c->rels)))
		return ERG_ESYS;
	check_entities(d, ents_json, c->ents, &c->ids);
	check_relations(d, g, rels_json, c->ents, c->nents, c->rels);
	if (d->nomem)
		return erg_nomem();
	c->merge = !d->bad && erg_load_in_range(ctx, info->published);
	return c->merge ? prepare(c) : 0;
}

int erg_native_merge(erg_checked *c, erg_graph *g, erg_load_ctx *ctx)
{
	int rc;

	/* Past a graph limit, documents are still checked but no longer merged:
	 * the graph is refused, and must not grow without bound meanwhile. */
	if (!c->merge || g->over_limit)
		return 0;
	c->d.ctx = ctx; /* messages of the merge go straight to the caller */
	rc = merge(g, &c->d, &c->info, c->ents, c->nents, c->rels, c->nrels, c->spans);
	if (rc == 0 && c->d.nomem)
		rc = erg_nomem();
	if (rc == 0 && !ctx->importing)
		erg_load_graph_fits(ctx, g, 0, 0, false);
	return rc;
}

int erg_load_native(erg_graph *g, erg_load_ctx *ctx, const cJSON *root, const char *where,
		    const char *basedir)
{
	erg_checked c = {0};
	int rc;

	if ((rc = erg_native_check(&c, ctx, g, root, where, basedir)) == 0)
		rc = erg_native_merge(&c, g, ctx);
	erg_checked_clear(&c);
	erg_buf_free(&c.where);
	return rc;
}
