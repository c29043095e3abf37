/*
 * import.c - what the importers share: label mappings and a builder of
 * native documents.
 *
 * Every foreign format becomes native documents, which the native loader
 * then checks and merges: one path for `build -f FORMAT` and `import`.
 * Entity ids are "type:name-slug", so entities of one type and name merge
 * across documents and never across types; other names a document gives
 * an entity become aliases, which merge further (stats --merges).
 */
#include "internal.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* ---- slugs and offsets ----------------------------------------------- */

char *erg_slug(const char *s, char sep)
{
	erg_buf b = ERG_BUF_INIT;
	bool pending = false;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (erg_ascii_alnum(*p) || *p >= 0x80) {
			if (pending && b.len && erg_buf_put(&b, &sep, 1) < 0)
				goto fail;
			pending = false;
			if (erg_buf_put(&b, &(char){erg_ascii_lower((char)*p)}, 1) < 0)
				goto fail;
		} else {
			pending = true;
		}
	}
	return erg_buf_detach(&b);
fail:
	erg_buf_free(&b);
	return NULL;
}

/*
 * A code point of a file name slug, lower-cased, or 0 when it must not be
 * in a file name.  Kept: letters of scripts whose case is a fixed offset
 * (Latin-1, Latin Extended-A, basic Greek and Cyrillic) and caseless
 * letters (Hebrew, Arabic, kana, CJK, Hangul).  Dropped: everything
 * else, so combining marks (an NFD name), format and bidi controls
 * (U+202E), and letters whose folding a file system may do differently
 * (U+0130, U+00DF) never reach a name.  No kept letter decomposes into
 * kept letters, so two different slugs are never one name on a case- or
 * normalisation-insensitive file system.
 */
static uint32_t file_letter(uint32_t c)
{
	if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) ||
	    (c >= 0x410 && c <= 0x42F))
		return c + 0x20;
	if ((c >= 0xE0 && c <= 0xFF && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9) || (c >= 0x430 && c <= 0x45F))
		return c == 0x3C2 ? 0x3C3 : c; /* final sigma folds to sigma */
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return c | 1; /* upper case even, lower case odd */
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c + (c & 1);
	if (c == 0x178)
		return 0xFF;
	if (c == 0x138 || (c >= 0x5D0 && c <= 0x5EA) || (c >= 0x621 && c <= 0x64A) ||
	    (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xAC00 && c <= 0xD7A3))
		return c;
	return 0;
}

char *erg_file_slug(const char *s)
{
	erg_buf b = ERG_BUF_INIT;
	bool pending = false;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c = *p;
		int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		char out[4];
		int n = 0;

		/* Input text is valid UTF-8 (checked when read). */
		if (len > 1) {
			c &= 0x3f >> (len - 1);
			for (int k = 1; k < len; k++)
				c = c << 6 | (p[k] & 0x3f);
		}
		p += len;
		if (c < 0x80 && erg_ascii_alnum((char)c))
			out[n++] = erg_ascii_lower((char)c);
		else if (c >= 0x80 && (c = file_letter(c)) != 0) {
			if (c < 0x800) {
				out[n++] = (char)(0xc0 | c >> 6);
			} else {
				out[n++] = (char)(0xe0 | c >> 12);
				out[n++] = (char)(0x80 | (c >> 6 & 0x3f));
			}
			out[n++] = (char)(0x80 | (c & 0x3f));
		}
		if (!n) {
			pending = true;
			continue;
		}
		if ((pending && b.len && erg_buf_put(&b, "-", 1) < 0) || erg_buf_put(&b, out, (size_t)n) < 0)
			goto fail;
		pending = false;
		if (b.len > 200)
			break; /* with "-N.json", well inside NAME_MAX */
	}
	return erg_buf_detach(&b);
fail:
	erg_buf_free(&b);
	return NULL;
}

long erg_utf16_to_cp(const char *text, long u16)
{
	long units = 0, cps = 0;
	const unsigned char *p = (const unsigned char *)text;

	while (units < u16 && *p) {
		unsigned char c = *p;
		int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

		units += len == 4 ? 2 : 1; /* outside the BMP: a surrogate pair */
		cps++;
		p += len;
	}
	return units == u16 ? cps : -1;
}

/* ---- mappings ----------------------------------------------------------- */

static const struct {
	const char *label, *type;
} entity_defaults[] = {
	{"PER", "person"}, {"PERSON", "person"}, {"ORG", "organization"},
	{"ORGANIZATION", "organization"}, {"ORGANISATION", "organization"}, {"GPE", "country"},
	{"COUNTRY", "country"}, {"LOC", "location"}, {"LOCATION", "location"},
	{"LEADER", "leader"}, {"AGREEMENT", "agreement"}, {"TREATY", "agreement"},
	{"EVENT", "event"}, {"MISC", "misc"}, {"TIME", "time"}, {"DATE", "time"}, {"NUM", "number"},
};

/* DocRED's Wikidata properties that ergraph's vocabulary says better.
 * Head and tail are DocRED's h and t; "reverse" swaps them. */
static const struct {
	const char *label, *type;
	bool reverse;
	const char *source_type, *target_type;
} relation_defaults[] = {
	{"P35", "leader_of", true, "leader", "country"},       /* head of state */
	{"P6", "leader_of", true, "leader", "country"},        /* head of government */
	{"P488", "leader_of", true, "leader", NULL},           /* chairperson */
	{"P463", "member_of", false, NULL, "organization"},    /* member of */
	{"P102", "member_of", false, NULL, "organization"},    /* member of political party */
	{"P710", "attended", true, NULL, "event"},             /* participant */
	{"P1344", "attended", false, NULL, "event"},           /* participant of */
	{"P530", "partner_of", false, "country", "country"},   /* diplomatic relation */
};

int erg_mapping_load(erg_mapping *m, erg_format fmt, const char *file)
{
	char *buf = NULL;
	size_t len, err = 0;
	cJSON *root = NULL;
	const cJSON *it;
	int rc = 0, line, col;

	memset(m, 0, sizeof *m);
	m->format = fmt;
	for (size_t i = 0; i < sizeof entity_defaults / sizeof *entity_defaults && rc == 0; i++) {
		char *t = erg_strdup(entity_defaults[i].type);

		if (!t || (rc = erg_map_put(&m->entities, entity_defaults[i].label, t)) < 0) {
			free(t);
			rc = ERG_ESYS;
		}
	}
	for (size_t i = 0; fmt == ERG_FORMAT_DOCRED && i < sizeof relation_defaults / sizeof *relation_defaults && rc == 0; i++) {
		erg_relmap *r = erg_calloc(1, sizeof *r);

		if (!r || !(r->type = erg_strdup(relation_defaults[i].type)) ||
		    (relation_defaults[i].source_type && !(r->source_type = erg_strdup(relation_defaults[i].source_type))) ||
		    (relation_defaults[i].target_type && !(r->target_type = erg_strdup(relation_defaults[i].target_type))) ||
		    erg_map_put(&m->relations, relation_defaults[i].label, r) < 0) {
			erg_relmap_free(r);
			free(r);
			rc = ERG_ESYS;
			break;
		}
		r->reverse = relation_defaults[i].reverse;
	}
	if (rc < 0 || !file)
		return rc;
	if ((rc = erg_read_file(file, ERG_MAX_FILE_SIZE, &buf, &len)) < 0)
		return rc;
	if (!(root = erg_json_parse(buf, len, &err)) && err == ERG_JSON_NOMEM) {
		rc = ERG_ESYS;
		goto done;
	}
	if (!root) {
		erg_text_position(buf, err, &line, &col);
		rc = erg_fail(ERG_EINVALID, "%s:%d:%d: syntax error in the mapping", file, line, col);
		goto done;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "entities")) {
		char *t;

		if (!cJSON_IsString(it) || !erg_word_valid(it->valuestring)) {
			rc = erg_fail(ERG_EINVALID, "%s: entities.%s: expected an entity type (a lower-case word)",
				      file, it->string);
			goto done;
		}
		free(erg_map_get(&m->entities, it->string));
		if (!(t = erg_strdup(it->valuestring)) || erg_map_put(&m->entities, it->string, t) < 0) {
			free(t);
			rc = ERG_ESYS;
			goto done;
		}
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "relations")) {
		const cJSON *type = cJSON_IsString(it) ? it : cJSON_GetObjectItemCaseSensitive(it, "type");
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "source_type");
		const cJSON *tt = cJSON_GetObjectItemCaseSensitive(it, "target_type");
		erg_relmap *r, *old;

		if (!cJSON_IsString(type) || !erg_word_valid(type->valuestring) ||
		    (st && !(cJSON_IsString(st) && erg_word_valid(st->valuestring))) ||
		    (tt && !(cJSON_IsString(tt) && erg_word_valid(tt->valuestring)))) {
			rc = erg_fail(ERG_EINVALID, "%s: relations.%s: expected a relation type, or {\"type\", "
						    "\"reverse\", \"source_type\", \"target_type\"}", file, it->string);
			goto done;
		}
		if (!(r = erg_calloc(1, sizeof *r)) || !(r->type = erg_strdup(type->valuestring)) ||
		    (st && !(r->source_type = erg_strdup(st->valuestring))) ||
		    (tt && !(r->target_type = erg_strdup(tt->valuestring)))) {
			erg_relmap_free(r);
			free(r);
			rc = ERG_ESYS;
			goto done;
		}
		r->reverse = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "reverse"));
		if ((old = erg_map_get(&m->relations, it->string))) {
			erg_relmap_free(old);
			free(old);
		}
		if (erg_map_put(&m->relations, it->string, r) < 0) {
			erg_relmap_free(r);
			free(r);
			rc = ERG_ESYS;
			goto done;
		}
	}
done:
	cJSON_Delete(root);
	free(buf);
	return rc;
}

void erg_relmap_free(erg_relmap *r)
{
	if (!r)
		return;
	free(r->type);
	free(r->source_type);
	free(r->target_type);
	memset(r, 0, sizeof *r);
}

void erg_mapping_free(erg_mapping *m)
{
	for (size_t i = 0; i < m->entities.cap; i++)
		if (m->entities.keys[i])
			free(m->entities.vals[i]);
	for (size_t i = 0; i < m->relations.cap; i++)
		if (m->relations.keys[i]) {
			erg_relmap_free(m->relations.vals[i]);
			free(m->relations.vals[i]);
		}
	for (size_t i = 0; i < m->names.cap; i++)
		if (m->names.keys[i])
			free(m->names.vals[i]);
	erg_map_free(&m->entities);
	erg_map_free(&m->relations);
	erg_map_free(&m->names);
}

/*
 * A label as a type word: "Head of State" -> "head_of_state", "Лицо" ->
 * "лицо".  A label that starts with a digit takes the fallback before
 * it ("entity_2"); one without a letter or digit is the fallback.
 */
static char *word_of(const char *label, const char *fallback)
{
	char *w = erg_word_from(label);
	erg_buf b = ERG_BUF_INIT;

	if (!w || erg_word_valid(w))
		return w;
	if (erg_buf_puts(&b, fallback) == 0 && *w && erg_buf_printf(&b, "_%s", w) == 0 && !erg_word_valid(b.ptr)) {
		b.len = strlen(fallback);
		b.ptr[b.len] = '\0';
	}
	free(w);
	return b.ptr ? erg_buf_detach(&b) : NULL;
}

/*
 * A label that had to change to be a type says so once: the type is
 * kept in the mapping, where the next use finds it.
 */
static int learn(erg_load_ctx *ctx, erg_map *map, const char *label, const char *type, void *val,
		 const char *kind, const char *place)
{
	if (strcmp(label, type) != 0)
		erg_diag(ctx, ERG_DIAG_WARNING,
			 "%s: %s label '%s' is read as type '%s' (a type is one lower-case word; --map can "
			 "name another)", place, kind, label, type);
	return erg_map_put(map, label, val);
}

char *erg_mapping_entity(erg_load_ctx *ctx, erg_mapping *m, const char *label, const char *place)
{
	const char *t = erg_map_get(&m->entities, label);
	char *w, *kept;

	if (t)
		return erg_strdup(t);
	if (!(w = word_of(label, "entity")))
		return NULL;
	if (!(kept = erg_strdup(w)) || learn(ctx, &m->entities, label, w, kept, "entity", place) < 0) {
		free(kept);
		free(w);
		return NULL;
	}
	return w;
}

int erg_mapping_relation(erg_load_ctx *ctx, erg_mapping *m, const char *label, const char *place,
			 erg_relmap *out)
{
	const erg_relmap *r = erg_map_get(&m->relations, label);
	const char *name = erg_map_get(&m->names, label);
	erg_relmap *kept;

	memset(out, 0, sizeof *out);
	if (r) {
		out->reverse = r->reverse;
		if (!(out->type = erg_strdup(r->type)) ||
		    (r->source_type && !(out->source_type = erg_strdup(r->source_type))) ||
		    (r->target_type && !(out->target_type = erg_strdup(r->target_type))))
			return ERG_ESYS;
		return 0;
	}
	if (!(out->type = word_of(name ? name : label, "related")))
		return ERG_ESYS;
	if (!(kept = erg_calloc(1, sizeof *kept)) || !(kept->type = erg_strdup(out->type)))
		goto fail;
	/* DocRED's properties and their rel_info.json names are no one's
	 * labels: their words are documented, not warned about. */
	if (m->format == ERG_FORMAT_DOCRED ? erg_map_put(&m->relations, label, kept) < 0
					   : learn(ctx, &m->relations, label, out->type, kept, "relation", place) < 0)
		goto fail;
	return 0;
fail:
	erg_relmap_free(kept);
	free(kept);
	return ERG_ESYS;
}

/* ---- the document builder ---------------------------------------------- */

/* Where the items of one list came from in the export, one a item. */
typedef struct {
	char **v;
	size_t n;
} db_places;

typedef struct {
	char *type, *name;
	erg_strset aliases;
	cJSON *mentions, *attributes;
	db_places at;       /* the place of the entity, then of each mention */
	const erg_country *country; /* every name is a form of it */
} db_entity;

typedef struct {
	char *type;
	int source, target;
	cJSON *evidence;
	db_places at;       /* the place of the relation, then of each evidence span */
} db_relation;

struct erg_docbuild {
	cJSON *document;
	char *text;
	size_t *cp, ncp;
	db_entity *ents;
	size_t nents;
	db_relation *rels;
	size_t nrels;
	char *origin;       /* "FILE: " or "FILE:LINE: ", before every place */
	char *place;        /* where the next entity, mention, relation or span is */
};

/* Note where the latest item came from (a copy of the current place). */
static int note_place(const erg_docbuild *b, db_places *at)
{
	char **v = erg_reallocarray(at->v, at->n + 1, sizeof *v);

	if (!v)
		return erg_nomem();
	at->v = v;
	if (!(v[at->n] = erg_strdup(b->place ? b->place : "")))
		return ERG_ESYS;
	at->n++;
	return 0;
}

static void free_places(db_places *at)
{
	for (size_t i = 0; i < at->n; i++)
		free(at->v[i]);
	free(at->v);
}

int erg_docbuild_origin(erg_docbuild *b, const char *origin)
{
	free(b->origin);
	return (b->origin = erg_strdup(origin)) ? 0 : ERG_ESYS;
}

int erg_docbuild_at(erg_docbuild *b, const char *place)
{
	free(b->place);
	return (b->place = erg_strdup(place)) ? 0 : ERG_ESYS;
}

/* "entities[3]" at *p: the index, with *p moved past it; -1 if not there. */
static long path_index(const char **p, const char *key)
{
	size_t k = strlen(key);
	char *end;
	long i;

	if (strncmp(*p, key, k) != 0 || (*p)[k] != '[')
		return -1;
	i = strtol(*p + k + 1, &end, 10);
	if (end == *p + k + 1 || *end != ']' || i < 0)
		return -1;
	*p = end + 1;
	return i;
}

bool erg_docbuild_place(const void *bv, const char *path, erg_buf *out)
{
	const erg_docbuild *b = bv;
	const db_places *at = NULL;
	const char *p = path, *sub = NULL;
	long i, k = -1;

	if ((i = path_index(&p, "entities")) >= 0 && (size_t)i < b->nents) {
		at = &b->ents[i].at;
		sub = ".mentions";
	} else if ((i = path_index(&p, "relations")) >= 0 && (size_t)i < b->nrels) {
		at = &b->rels[i].at;
		sub = ".evidence";
	}
	if (!at || !b->origin)
		return false;
	/* A mention or a span has a place of its own; else the item's. */
	if (*p && (k = path_index(&p, sub)) >= 0 && (size_t)k + 1 >= at->n)
		return false;
	out->len = 0;
	erg_buf_puts(out, b->origin);
	erg_buf_puts(out, at->v[k >= 0 ? k + 1 : 0]);
	if (*p == '.' && p[1])
		erg_buf_printf(out, ": %s", p + 1);
	return out->ptr != NULL;
}

erg_docbuild *erg_docbuild_new(const char *id, const char *text)
{
	erg_docbuild *b = erg_calloc(1, sizeof *b);
	size_t len = strlen(text);

	if (!b)
		return NULL;
	b->document = cJSON_CreateObject();
	b->text = erg_strdup(text);
	b->cp = erg_calloc(len + 1, sizeof *b->cp);
	if (!b->document || !b->text || !b->cp || !cJSON_AddStringToObject(b->document, "id", id)) {
		erg_docbuild_free(b);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			b->cp[b->ncp++] = i;
	b->cp[b->ncp] = len;
	return b;
}

void erg_docbuild_free(erg_docbuild *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nents; i++) {
		free(b->ents[i].type);
		free(b->ents[i].name);
		erg_strset_free(&b->ents[i].aliases);
		cJSON_Delete(b->ents[i].mentions);
		cJSON_Delete(b->ents[i].attributes);
		free_places(&b->ents[i].at);
	}
	for (size_t i = 0; i < b->nrels; i++) {
		free(b->rels[i].type);
		cJSON_Delete(b->rels[i].evidence);
		free_places(&b->rels[i].at);
	}
	free(b->origin);
	free(b->place);
	free(b->ents);
	free(b->rels);
	cJSON_Delete(b->document);
	free(b->text);
	free(b->cp);
	free(b);
}

int erg_docbuild_meta(erg_docbuild *b, const char *key, const char *value)
{
	if (!value)
		return 0;
	return cJSON_AddStringToObject(b->document, key, value) ? 0 : erg_nomem();
}

size_t erg_docbuild_length(const erg_docbuild *b)
{
	return b->ncp;
}

/*
 * A name as the native format wants it: foreign data has tabs and line
 * breaks inside names (Re-DocRED does), so control characters become
 * spaces, runs of spaces fold and the ends are trimmed.
 */
static char *clean_name(const char *s)
{
	erg_buf b = ERG_BUF_INIT;
	bool space = false;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == 0x7f) {
			space = b.len > 0;
			continue;
		}
		if ((space && erg_buf_put(&b, " ", 1) < 0) || erg_buf_put(&b, s, 1) < 0) {
			erg_buf_free(&b);
			return NULL;
		}
		space = false;
	}
	return erg_buf_detach(&b);
}

int erg_docbuild_entity(erg_docbuild *b, const char *type, const char *name, int *out)
{
	db_entity *v = erg_reallocarray(b->ents, b->nents + 1, sizeof *v);

	if (!v)
		return ERG_ESYS;
	b->ents = v;
	v = &b->ents[b->nents];
	memset(v, 0, sizeof *v);
	v->type = erg_strdup(type);
	v->name = clean_name(name);
	v->mentions = cJSON_CreateArray();
	if (!v->type || !v->name || !v->mentions || note_place(b, &v->at) < 0) {
		free(v->type);
		free(v->name);
		cJSON_Delete(v->mentions);
		free_places(&v->at);
		return erg_nomem();
	}
	*out = (int)b->nents++;
	return 0;
}

int erg_docbuild_find(const erg_docbuild *b, const char *type, const char *name)
{
	char *key = erg_name_key(name);
	int found = -1;

	for (size_t i = 0; key && i < b->nents && found < 0; i++) {
		char *other;

		if (strcmp(b->ents[i].type, type) != 0 || !(other = erg_name_key(b->ents[i].name)))
			continue;
		if (strcmp(key, other) == 0)
			found = (int)i;
		free(other);
	}
	free(key);
	return found;
}

static cJSON *span(const erg_docbuild *b, size_t start, size_t end, char **text)
{
	cJSON *o = cJSON_CreateObject();

	*text = strndup(b->text + b->cp[start], b->cp[end] - b->cp[start]);
	if (!o || !*text || !cJSON_AddNumberToObject(o, "start", (double)start) ||
	    !cJSON_AddNumberToObject(o, "end", (double)end) || !cJSON_AddStringToObject(o, "text", *text)) {
		cJSON_Delete(o);
		free(*text);
		*text = NULL;
		return NULL;
	}
	return o;
}

int erg_docbuild_mention(erg_docbuild *b, int entity, size_t start, size_t end)
{
	db_entity *e = &b->ents[entity];
	char *text;
	cJSON *m;
	int rc = 0;

	if (end > b->ncp || start >= end)
		return erg_fail(ERG_EINVALID, "span [%zu, %zu) is not inside the text (%zu characters)",
				start, end, b->ncp);
	if (note_place(b, &e->at) < 0)
		return ERG_ESYS;
	if (!(m = span(b, start, end, &text)) || !cJSON_AddItemToArray(e->mentions, m)) {
		cJSON_Delete(m);
		free(text);
		free(e->at.v[--e->at.n]);
		return erg_nomem();
	}
	{
		char *alias = clean_name(text);

		if (!alias)
			rc = erg_nomem();
		else if (*alias && strcmp(alias, e->name) != 0 && erg_strset_add(&e->aliases, alias) < 0)
			rc = ERG_ESYS;
		free(alias);
	}
	free(text);
	return rc;
}

int erg_docbuild_set_type(erg_docbuild *b, int entity, const char *type)
{
	char *t = erg_strdup(type);

	if (!t)
		return ERG_ESYS;
	free(b->ents[entity].type);
	b->ents[entity].type = t;
	return 0;
}

int erg_docbuild_attribute(erg_docbuild *b, int entity, const char *key, const char *value)
{
	db_entity *e = &b->ents[entity];

	if (!e->attributes && !(e->attributes = cJSON_CreateObject()))
		return erg_nomem();
	if (cJSON_GetObjectItemCaseSensitive(e->attributes, key))
		return 0;
	return cJSON_AddStringToObject(e->attributes, key, value) ? 0 : erg_nomem();
}

int erg_docbuild_relation(erg_docbuild *b, const char *type, int source, int target, int *out)
{
	db_relation *v = erg_reallocarray(b->rels, b->nrels + 1, sizeof *v);

	if (!v)
		return ERG_ESYS;
	b->rels = v;
	v = &b->rels[b->nrels];
	v->type = erg_strdup(type);
	v->source = source;
	v->target = target;
	v->evidence = cJSON_CreateArray();
	memset(&v->at, 0, sizeof v->at);
	if (!v->type || !v->evidence || note_place(b, &v->at) < 0) {
		free(v->type);
		cJSON_Delete(v->evidence);
		free_places(&v->at);
		return erg_nomem();
	}
	*out = (int)b->nrels++;
	return 0;
}

int erg_docbuild_evidence(erg_docbuild *b, int relation, size_t start, size_t end)
{
	char *text;
	cJSON *s;

	if (end > b->ncp || start >= end)
		return erg_fail(ERG_EINVALID, "evidence [%zu, %zu) is not inside the text", start, end);
	if (note_place(b, &b->rels[relation].at) < 0)
		return ERG_ESYS;
	if (!(s = span(b, start, end, &text)) || !cJSON_AddItemToArray(b->rels[relation].evidence, s)) {
		cJSON_Delete(s);
		free(text);
		free(b->rels[relation].at.v[--b->rels[relation].at.n]);
		return erg_nomem();
	}
	free(text);
	return 0;
}

int erg_docbuild_mapped_relation(erg_docbuild *b, erg_load_ctx *ctx, erg_mapping *m, const char *label,
				 const char *place, int from, int to, int *out)
{
	erg_relmap map;
	int s, t, rc;

	if ((rc = erg_mapping_relation(ctx, m, label, place, &map)) < 0)
		goto done;
	s = map.reverse ? to : from;
	t = map.reverse ? from : to;
	if ((map.source_type && (rc = erg_docbuild_set_type(b, s, map.source_type)) < 0) ||
	    (map.target_type && (rc = erg_docbuild_set_type(b, t, map.target_type)) < 0))
		goto done;
	rc = erg_docbuild_relation(b, map.type, s, t, out);
done:
	erg_relmap_free(&map);
	return rc;
}

/* "type:name-slug" (a country's name as the table writes it), made unique within the document. */
static char *entity_id(const erg_docbuild *b, size_t i, char **ids)
{
	char *slug = erg_slug(b->ents[i].country ? b->ents[i].country->name : b->ents[i].name, '-');
	erg_buf id = ERG_BUF_INIT;

	if (!slug)
		return NULL;
	for (int n = 1;; n++) {
		bool taken = false;

		id.len = 0;
		if (erg_buf_printf(&id, "%s:%s", b->ents[i].type, *slug ? slug : "unnamed") < 0 ||
		    (n > 1 && erg_buf_printf(&id, "-%d", n) < 0)) {
			free(slug);
			erg_buf_free(&id);
			return NULL;
		}
		for (size_t k = 0; k < i && !taken; k++)
			taken = strcmp(ids[k], id.ptr) == 0;
		if (!taken)
			break;
	}
	free(slug);
	return erg_buf_detach(&id);
}

/*
 * A location or misc entity every name of which is a form of one
 * country (DocRED types the United States LOC, "American" MISC) is that
 * country; the type it was given stays as the attribute type_given.
 * Such an entity, or a country's, takes its id from the country's name.
 * 0, or ERG_ESYS.
 */
static int country_of_names(db_entity *e)
{
	const erg_country *one = NULL, *c;
	char *key, *type;
	int rc = 0;

	if (strcmp(e->type, "location") != 0 && strcmp(e->type, "misc") != 0 && strcmp(e->type, "country") != 0)
		return 0;
	for (size_t i = 0; i <= e->aliases.n; i++) {
		if (!(key = erg_name_key(i < e->aliases.n ? e->aliases.v[i] : e->name)))
			return ERG_ESYS;
		rc = erg_country_find(key, &c, NULL);
		free(key);
		if (rc < 0)
			return rc;
		if (!c || (one && c != one))
			return 0;
		one = c;
	}
	e->country = one;
	if (strcmp(e->type, "country") == 0)
		return 0;
	if (!(type = erg_strdup("country")))
		return ERG_ESYS;
	if (!e->attributes && !(e->attributes = cJSON_CreateObject())) {
		free(type);
		return erg_nomem();
	}
	if (!cJSON_AddStringToObject(e->attributes, "type_given", e->type)) {
		free(type);
		return erg_nomem();
	}
	free(e->type);
	e->type = type;
	return 0;
}

cJSON *erg_docbuild_finish(erg_docbuild *b)
{
	cJSON *root = cJSON_CreateObject(), *ents, *rels;
	char **ids = erg_calloc(b->nents, sizeof *ids);
	bool ok = root && ids && cJSON_AddNumberToObject(root, "ergraph", ERG_SCHEMA_VERSION) &&
		  cJSON_AddStringToObject(b->document, "text", b->text);

	/* A failed cJSON_AddItemTo* leaves the item ours: freed with b. */
	if (ok && (ok = cJSON_AddItemToObject(root, "document", b->document))) {
		b->document = NULL;
		ok = (ents = cJSON_AddArrayToObject(root, "entities")) && (rels = cJSON_AddArrayToObject(root, "relations"));
	}
	for (size_t i = 0; ok && i < b->nents; i++)
		ok = country_of_names(&b->ents[i]) == 0;
	for (size_t i = 0; ok && i < b->nents; i++) {
		db_entity *e = &b->ents[i];
		cJSON *o = cJSON_CreateObject(), *aliases;

		ok = o && cJSON_AddItemToArray(ents, o) && (ids[i] = entity_id(b, i, ids)) &&
		     cJSON_AddStringToObject(o, "id", ids[i]) && cJSON_AddStringToObject(o, "type", e->type) &&
		     cJSON_AddStringToObject(o, "name", e->name) && (aliases = erg_strset_to_json(&e->aliases));
		if (ok && !(ok = cJSON_AddItemToObject(o, "aliases", aliases)))
			cJSON_Delete(aliases);
		if (ok && e->attributes && (ok = cJSON_AddItemToObject(o, "attributes", e->attributes)))
			e->attributes = NULL;
		if (ok && (ok = cJSON_AddItemToObject(o, "mentions", e->mentions)))
			e->mentions = NULL;
	}
	for (size_t i = 0; ok && i < b->nrels; i++) {
		db_relation *r = &b->rels[i];
		cJSON *o = cJSON_CreateObject();

		ok = o && cJSON_AddItemToArray(rels, o) && cJSON_AddStringToObject(o, "type", r->type) &&
		     cJSON_AddStringToObject(o, "source", ids[r->source]) &&
		     cJSON_AddStringToObject(o, "target", ids[r->target]);
		if (ok && (ok = cJSON_AddItemToObject(o, "evidence", r->evidence)))
			r->evidence = NULL;
	}
	for (size_t i = 0; ids && i < b->nents; i++)
		free(ids[i]);
	free(ids);
	if (!ok) {
		cJSON_Delete(root);
		erg_nomem();
		return NULL;
	}
	return root;
}

int erg_docbuild_send(erg_docbuild *b, erg_load_ctx *ctx, const erg_import_ctx *ic, const char *where)
{
	cJSON *doc = erg_docbuild_finish(b);
	int rc;

	if (!doc)
		return ERG_ESYS;
	/* Messages about it name places in the export, not in `doc`. */
	ctx->foreign = erg_docbuild_place;
	ctx->foreign_ctx = b;
	rc = ic->sink(ic->sink_ctx, ctx, doc, where);
	ctx->foreign = NULL;
	ctx->foreign_ctx = NULL;
	cJSON_Delete(doc);
	return rc;
}
