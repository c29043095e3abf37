/*
 * resolve.c - entity resolution: which records are one entity.
 *
 * Records that share a key are one node: the same kb identifier (in its
 * normal form), the same id, or the same normalised name or alias within
 * one type.  Records with a kb join by kb alone; those without one join
 * among themselves, and attach() gives each such group to the one kb
 * group that shares a key with it (none when two do).  Nodes are the
 * connected components (union-find), so the result does not depend on the
 * order the documents are read in.  Types, canonical ids and names are
 * settled when the graph is finished (finish.c).
 */
#include "internal.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* s starts with p, ignoring ASCII case: *rest is what follows. */
static bool prefix_ci(const char *s, const char *end, const char *p, const char **rest)
{
	size_t n = strlen(p);

	if ((size_t)(end - s) < n || strncasecmp(s, p, n) != 0)
		return false;
	*rest = s + n;
	return true;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/*
 * A Wikipedia title as Wikipedia keys it: percent-encoding decoded (when
 * that gives UTF-8 text), spaces as underscores, no runs of them nor
 * leading or trailing ones, an ASCII first letter in upper case.  false
 * when nothing is left.
 */
static bool wiki_title(erg_buf *out, const char *s, const char *end)
{
	erg_buf t = ERG_BUF_INIT;
	size_t bad, start;
	bool decoded = true;

	for (const char *p = s; p < end; p++) {
		char c = *p;
		int hi, lo;

		if (c == '%' && end - p >= 3 && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0 &&
		    hi * 16 + lo >= 0x20) {
			c = (char)(hi * 16 + lo);
			p += 2;
		}
		if (erg_buf_put(&t, &c, 1) < 0)
			break;
	}
	if (!t.ptr || !erg_utf8_valid(t.ptr, t.len, &bad))
		decoded = false;
	start = out->len;
	for (size_t i = 0, n = decoded ? t.len : (size_t)(end - s); i < n; i++) {
		char c = decoded ? t.ptr[i] : s[i];

		if (c == ' ' || c == '_') {
			if (out->len > start && out->ptr[out->len - 1] != '_')
				erg_buf_put(out, "_", 1);
			continue;
		}
		if (out->len == start && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		erg_buf_put(out, &c, 1);
	}
	if (out->len > start && out->ptr[out->len - 1] == '_')
		out->ptr[--out->len] = '\0';
	erg_buf_free(&t);
	return out->len > start;
}

/* A Wikidata item: Q and digits. */
static bool wikidata_item(erg_buf *out, const char *s, const char *end)
{
	if (end - s < 2 || (*s | 0x20) != 'q')
		return false;
	for (const char *p = s + 1; p < end; p++)
		if (*p < '0' || *p > '9')
			return false;
	return erg_buf_put(out, "Q", 1) == 0 && erg_buf_put(out, s + 1, (size_t)(end - s - 1)) == 0;
}

char *erg_kb_normal(const char *kb)
{
	static const char *const wikipedia[] = {"en.wikipedia.org/wiki/", "en.m.wikipedia.org/wiki/"};
	static const char *const wikidata[] = {"www.wikidata.org/wiki/", "wikidata.org/wiki/",
					       "m.wikidata.org/wiki/", "www.wikidata.org/entity/"};
	const char *s = kb, *end = kb + strlen(kb), *rest;
	erg_buf out = ERG_BUF_INIT;
	bool done = false;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (prefix_ci(s, end, "https://", &rest) || prefix_ci(s, end, "http://", &rest)) {
		for (size_t i = 0; i < 2 && !done; i++)
			if (prefix_ci(rest, end, wikipedia[i], &rest))
				done = erg_buf_puts(&out, "wikipedia:") == 0 && wiki_title(&out, rest, end);
		for (size_t i = 0; i < 4 && !done; i++)
			if (prefix_ci(rest, end, wikidata[i], &rest))
				done = erg_buf_puts(&out, "wikidata:") == 0 && wikidata_item(&out, rest, end);
	} else if (prefix_ci(s, end, "wikipedia:", &rest)) {
		done = erg_buf_puts(&out, "wikipedia:") == 0 && wiki_title(&out, rest, end);
	} else if (prefix_ci(s, end, "wikidata:", &rest)) {
		done = erg_buf_puts(&out, "wikidata:") == 0 && wikidata_item(&out, rest, end);
	} else {
		done = erg_buf_puts(&out, "wikidata:") == 0 && wikidata_item(&out, s, end);
	}
	if (!done) {
		/* Not a form it knows: the identifier as written, trimmed. */
		out.len = 0;
		erg_buf_put(&out, s, (size_t)(end - s));
	}
	if (out.failed) {
		erg_buf_free(&out);
		erg_nomem();
		return NULL;
	}
	return out.ptr ? erg_buf_detach(&out) : erg_strdup("");
}

/*
 * The map key of an id ("i:ID"), a kb ("k:KB") or a name ("n:TYPE\x1fNAME")
 * in buf when it fits (keys are looked up for every record: no malloc),
 * else in a new allocation.  Free it with free_key().  An empty name has
 * the empty key, which is never looked up.
 */
typedef struct {
	char *key;
	char buf[256];
} key_buf;

static const char *key_of(key_buf *k, char kind, const char *type, const char *value)
{
	char *own = NULL, *p;
	size_t tl, vl, need;

	if (kind == 'n' && !(value = erg_name_folded(value, &own, &vl)))
		return NULL;
	tl = kind == 'n' ? strlen(type) + 1 : 0;
	if (kind != 'n')
		vl = strlen(value);
	need = 2 + tl + vl + 1;
	k->key = need <= sizeof k->buf ? k->buf : malloc(need);
	if (!k->key) {
		free(own);
		erg_nomem();
		return NULL;
	}
	p = k->key;
	*p++ = kind;
	*p++ = ':';
	if (kind != 'n') {
		memcpy(p, value, vl + 1);
		return k->key;
	}
	memcpy(p, type, tl - 1);
	p[tl - 1] = '\x1f';
	if (!erg_name_key_into(value, p + tl))
		k->key[0] = '\0';
	if (own)
		free(own);
	/* A country's every form is one name: its code, upper case as no
	 * name key is, and no longer than any form ("us" is the shortest). */
	if (k->key[0] && type[0] == 'c' && strcmp(type, "country") == 0) {
		const erg_country *c;

		if (erg_country_find(p + tl, &c, NULL) < 0) {
			if (k->key != k->buf)
				free(k->key);
			return k->key = NULL;
		}
		if (c)
			strcpy(p + tl, c->code);
	}
	return k->key;
}

static void free_key(key_buf *k)
{
	if (k->key != k->buf)
		free(k->key);
	k->key = NULL;
}

static int add_merge(erg_graph *g, erg_node *n, const char *what, const char *how, const char *where)
{
	erg_merge *m = erg_reallocarray(n->merges, n->nmerges + 1, sizeof *m);

	if (!m)
		return ERG_ESYS;
	n->merges = m;
	m = &n->merges[n->nmerges];
	m->what = erg_graph_intern(g, what);
	m->how = erg_graph_intern(g, how);
	m->where = erg_graph_intern(g, where);
	if (!m->what || !m->how || !m->where)
		return ERG_ESYS;
	n->nmerges++;
	return 0;
}

static bool node_has_type(const erg_node *n, const char *type)
{
	for (uint32_t i = 0; i < n->ntypes; i++)
		if (strcmp(n->types[i].type, type) == 0)
			return true;
	return false;
}

/*
 * The count of `type` in n, added when new (NULL when out of memory).
 * g: intern a new type there (NULL: `type` is interned already).
 */
static erg_type_count *type_slot(erg_graph *g, erg_node *n, const char *type)
{
	erg_type_count *v;

	for (uint32_t i = 0; i < n->ntypes; i++)
		if (strcmp(n->types[i].type, type) == 0)
			return &n->types[i];
	if ((g && !(type = erg_graph_intern(g, type))) ||
	    !(v = erg_reallocarray(n->types, n->ntypes + 1, sizeof *v)))
		return NULL;
	n->types = v;
	v = &v[n->ntypes++];
	memset(v, 0, sizeof *v);
	v->type = type;
	return v;
}

/* Add the counts of `from` to those of `into`: the earlier first place stays. */
static int types_union(erg_node *into, const erg_node *from)
{
	for (uint32_t i = 0; i < from->ntypes; i++) {
		const erg_type_count *f = &from->types[i];
		erg_type_count *t = type_slot(NULL, into, f->type);

		if (!t)
			return ERG_ESYS;
		if (!t->first || (f->first_doc && (!t->first_doc || f->first_doc < t->first_doc))) {
			t->first = f->first;
			t->first_doc = f->first_doc;
		}
		t->docs += f->docs;
	}
	return 0;
}

/*
 * Move everything of `from` into `into`; `from` keeps only its parent.
 * how: why, for the list of merges (NULL: not worth a line: `from` has
 * no id that `into` lacks).
 */
static int node_union(erg_graph *g, erg_node *into, erg_node *from, const char *how, const char *where)
{
	int rc = 0;

	if (into == from)
		return 0;
	if (erg_objs_append(&into->objs, &into->nobjs, from->objs, from->nobjs) < 0 ||
	    erg_strset_union(&into->idset, &from->idset) < 0 ||
	    erg_strset_union(&into->aliases, &from->aliases) < 0 ||
	    erg_attrs_union(&into->attrs, &from->attrs) < 0)
		return ERG_ESYS;
	if (types_union(into, from) < 0)
		return ERG_ESYS;
	if (!into->conflict_value) {
		into->conflict_value = from->conflict_value;
		into->conflict_kind = from->conflict_kind;
	}
	into->mentions += from->mentions;
	erg_span(&into->first_seen, &into->last_seen, from->first_seen, from->last_seen);
	if (!into->kb && from->kb)
		into->kb = from->kb;
	for (size_t i = 0; i < from->nmerges && rc == 0; i++)
		rc = add_merge(g, into, from->merges[i].what, from->merges[i].how, from->merges[i].where);
	if (rc == 0 && from->idset.n && how)
		rc = add_merge(g, into, from->idset.v[0], how, where);
	free(from->objs);
	from->objs = NULL;
	from->nobjs = 0;
	erg_strset_free(&from->idset);
	erg_strset_free(&from->aliases);
	erg_attrs_free(&from->attrs);
	free(from->types);
	from->types = NULL;
	from->ntypes = 0;
	from->parent = into;
	return rc;
}

static int add_strings(erg_strset *set, const cJSON *arr)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && erg_strset_add(set, it->valuestring) < 0)
			return ERG_ESYS;
	return 0;
}

/*
 * Where the record is, for a message or a merge's explanation: its place,
 * with the entity's index when the loader left it to be added (caller
 * frees; NULL when out of memory).
 */
static char *place_of(const erg_node_rec *rec)
{
	erg_buf b = ERG_BUF_INIT;

	if (rec->place_entity)
		erg_buf_printf(&b, "%s: entities[%d]", rec->place, rec->place_entity - 1);
	else
		erg_buf_puts(&b, rec->place);
	return erg_buf_detach(&b);
}

/* An error in the record: "PLACE: message", ERG_EINVALID. */
ERG_PRINTF(2, 3)
static int fail_at(const erg_node_rec *rec, const char *fmt, ...)
{
	char *place = place_of(rec);
	erg_buf msg = ERG_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	erg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	rc = place && msg.ptr ? erg_fail(ERG_EINVALID, "%s: %s", place, msg.ptr) : erg_nomem();
	free(place);
	erg_buf_free(&msg);
	return rc;
}

static int new_node(erg_graph *g, const erg_node_rec *rec, erg_node **out)
{
	char *place = place_of(rec);
	erg_node *n;
	int rc;

	if (!place)
		return erg_nomem();
	if ((rc = erg_graph_new_node(g, &n)) < 0) {
		free(place);
		return rc;
	}
	*out = n;
	n->origin = erg_graph_intern(g, place);
	free(place);
	if (!n->origin)
		return ERG_ESYS;
	if (!(n->type = erg_graph_intern(g, rec->type)) ||
	    !(n->id = erg_graph_intern(g, rec->id)) || (rec->kb && !(n->kb = erg_graph_intern(g, rec->kb))))
		return ERG_ESYS;
	return 0;
}

static int node_record(const erg_node *n, uint32_t doc, uint32_t id, uint32_t name, uint32_t flags)
{
	erg_node_record r = {doc, id, name, flags};

	return erg_store_append(n->corpus->store, n->objs[0], &r, sizeof r);
}

/*
 * A graph input says which documents gave which key ({key: [documents]});
 * `name` says whether the keys are names or ids.
 */
static int given_records(erg_graph *g, erg_node *n, const cJSON *given, bool name)
{
	const cJSON *it, *doc;
	uint32_t k, d;
	int rc;

	cJSON_ArrayForEach(it, given) {
		if (!(k = erg_pool_addz(&g->corpus->pool, it->string)))
			return erg_nomem();
		if (!cJSON_GetArraySize(it) &&
		    (rc = node_record(n, 0, name ? 0 : k, name ? k : 0, 0)) < 0)
			return rc;
		cJSON_ArrayForEach(doc, it) {
			if (!cJSON_IsString(doc))
				continue;
			if (!(d = erg_graph_document(g, doc->valuestring)) ||
			    (rc = node_record(n, d, name ? 0 : k, name ? k : 0, 0)) < 0)
				return ERG_ESYS;
		}
	}
	return 0;
}

/*
 * The pool number of s, when s is likely the same as *last (the same id
 * or name again and again): a comparison instead of a lookup, as
 * erg_graph_intern_again.  0 when out of memory.
 */
static uint32_t number_again(erg_graph *g, const char **last, uint32_t *num, const char *s)
{
	if (!*last || strcmp(*last, s) != 0) {
		if (!(*num = erg_pool_addz(&g->corpus->pool, s)))
			return 0;
		*last = g->corpus->pool.str[*num];
	}
	return *num;
}

/*
 * Merge what the record says into its node: in memory what stays small
 * (aliases, attributes, mentions, dates), in the store which documents
 * gave which id and name.
 */
/*
 * Count the record's type: a document's once, a graph's node for each of
 * its documents (or as its type counts say).
 */
static int count_type(erg_graph *g, erg_node *n, const erg_node_rec *rec)
{
	erg_type_count *t = type_slot(g, n, rec->type);
	const char *first;
	const cJSON *it;

	if (!t)
		return ERG_ESYS;
	if (!t->first) {
		/* A new node's first type was given where the node was. */
		char *place = n->ntypes == 1 ? NULL : place_of(rec);

		if (n->ntypes != 1 && !place)
			return erg_nomem();
		t->first = place ? erg_graph_intern(g, place) : n->origin;
		t->first_doc = rec->doc;
		free(place);
		if (!t->first)
			return ERG_ESYS;
	}
	if (rec->doc) {
		if (rec->doc != t->last_doc)
			t->docs++;
		t->last_doc = rec->doc;
		return 0;
	}
	if (!rec->type_docs) {
		cJSON_ArrayForEach(it, rec->documents)
			t->docs += cJSON_IsString(it);
		return 0;
	}
	/* A graph that settled a conflict says how many documents gave each
	 * type (checked by types_valid): they add up as one build's would. */
	first = t->first; /* t moves when the array grows */
	cJSON_ArrayForEach(it, rec->type_docs) {
		erg_type_count *o = type_slot(g, n, it->string);

		if (!o)
			return ERG_ESYS;
		if (!o->first) {
			o->first = first;
			o->first_doc = 0;
		}
		o->docs += (uint32_t)it->valuedouble;
	}
	return 0;
}

static int absorb(erg_graph *g, erg_node *n, const erg_node_rec *rec)
{
	bool new_id = !n->last_id || strcmp(n->last_id, rec->id) != 0;
	uint32_t id = number_again(g, &n->last_id, &n->last_idnum, rec->id);
	uint32_t name = number_again(g, &n->last_name, &n->last_namenum, rec->name);
	const char *f = erg_graph_intern_again(g, &g->last_date, rec->first_seen);
	const char *l = erg_graph_intern_again(g, &g->last_date, rec->last_seen);
	const cJSON *it;
	int rc;

	if (!id || !name || (rec->first_seen && !f) || (rec->last_seen && !l))
		return erg_nomem();
	if ((new_id && erg_strset_add(&n->idset, rec->id) < 0) || add_strings(&n->aliases, rec->names) < 0 ||
	    add_strings(&n->aliases, rec->aliases) < 0 || erg_attrs_from_json(&n->attrs, rec->attributes) < 0)
		return ERG_ESYS;
	if (rec->doc) {
		/* A document's entity: one record says it all. */
		if ((rc = node_record(n, rec->doc, id, name, ERG_REC_DOC)) < 0)
			return rc;
	} else {
		/* A graph's node: its own id and name, then its lists. */
		uint32_t own_id = rec->id_docs ? 0 : id, own_name = rec->name_docs ? 0 : name;
		/* An id made to tell it from another entity (ID~KB) was given
		 * by no document: its list says which ids were. */
		uint32_t shown = rec->id_docs && !cJSON_GetObjectItemCaseSensitive(rec->id_docs, rec->id) ? 0 : id;

		if ((rc = node_record(n, 0, shown, name, 0)) < 0)
			return rc;
		cJSON_ArrayForEach(it, rec->documents) {
			uint32_t d;

			if (!cJSON_IsString(it))
				continue;
			if (!(d = erg_graph_document(g, it->valuestring)) ||
			    (rc = node_record(n, d, own_id, own_name, ERG_REC_DOC)) < 0)
				return ERG_ESYS;
		}
		if ((rc = given_records(g, n, rec->id_docs, false)) < 0 ||
		    (rc = given_records(g, n, rec->name_docs, true)) < 0)
			return rc;
	}
	if ((rc = count_type(g, n, rec)) < 0)
		return rc;
	n->mentions += rec->mentions;
	erg_span(&n->first_seen, &n->last_seen, f, l);
	if (!n->kb && rec->kb && !(n->kb = erg_graph_intern(g, rec->kb)))
		return ERG_ESYS;
	return 0;
}

/*
 * A record with a kb gives its ids and names to its kb group as claims:
 * the first two groups that give a key are kept, with where.
 */
static int claim(erg_graph *g, erg_node *n, const erg_node_rec *rec, const char *key)
{
	erg_claim *cl = erg_map_get(&g->claims, key), **v;
	char *place;
	int i;

	if (cl && (erg_node_find(cl->node[0]) == n || (cl->node[1] && erg_node_find(cl->node[1]) == n)))
		return 0;
	if (cl && cl->node[1])
		return 0;
	if (!cl) {
		if (!(v = erg_reallocarray(g->claimv, g->nclaims + 1, sizeof *v)))
			return ERG_ESYS;
		g->claimv = v;
		if (!(cl = erg_calloc(1, sizeof *cl)))
			return ERG_ESYS;
		g->claimv[g->nclaims++] = cl;
		if (!(cl->key = erg_graph_intern(g, key)) || erg_map_put(&g->claims, key, cl) < 0)
			return ERG_ESYS;
	}
	i = cl->node[0] ? 1 : 0;
	if (!(place = place_of(rec)))
		return erg_nomem();
	cl->node[i] = n;
	cl->place[i] = erg_graph_intern(g, place);
	free(place);
	return cl->place[i] ? 0 : ERG_ESYS;
}

/* Point the key at n (a record without a kb), or claim it for n's kb group. */
static int put_key(erg_graph *g, erg_node *n, const erg_node_rec *rec, char kind, const char *type,
		   const char *value)
{
	key_buf k;
	const char *key = key_of(&k, kind, type, value);
	int rc = 0;

	if (!key)
		return ERG_ESYS;
	if (*key)
		rc = rec->kb && kind != 'k' ? claim(g, n, rec, key) : erg_map_put(&g->keys, key, n);
	free_key(&k);
	return rc;
}

/* Every key of the record, pointing at its node. */
static int register_keys(erg_graph *g, const erg_node_rec *rec, erg_node *n)
{
	const cJSON *lists[2] = {rec->aliases, rec->names};
	int rc = 0;

	/* The kb of a node found by it points at it already. */
	if (rec->kb && !(n->kb && strcmp(n->kb, rec->kb) == 0 && erg_map_get2(&g->keys, "k:", rec->kb)))
		rc = put_key(g, n, rec, 'k', NULL, rec->kb);
	if (rc == 0)
		rc = put_key(g, n, rec, 'i', NULL, rec->id);
	if (rc == 0)
		rc = put_key(g, n, rec, 'n', rec->type, rec->name);
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;

		cJSON_ArrayForEach(it, lists[l])
			if (cJSON_IsString(it) && (rc = put_key(g, n, rec, 'n', rec->type, it->valuestring)) < 0)
				break;
	}
	/* A graph's node answers to every id and name it was given. */
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;
		const cJSON *given = l ? rec->name_docs : rec->id_docs;

		cJSON_ArrayForEach(it, given)
			if ((rc = put_key(g, n, rec, l ? 'n' : 'i', rec->type, it->string)) < 0)
				break;
	}
	return rc;
}

/* The nodes a record shares a key with: at most a few in practice. */
typedef struct {
	erg_node *node[64];
	const char *how[64];
	size_t n;
	size_t missing;  /* keys that pointed at no node yet */
} candidates;

/*
 * Look up one key of the record and add the node found to `c`.  A record
 * with a kb looks up only its kb, one without only its ids and names
 * (they find only records without a kb): attach() joins the two kinds
 * once everything is read.  An id or kb shared with a node of another
 * type joins it (the type is settled when the graph is finished,
 * erg_graph_report() tells).
 */
static int consider(erg_graph *g, const erg_node_rec *rec, char kind, const char *value,
		    candidates *c)
{
	key_buf k;
	const char *key = key_of(&k, kind, rec->type, value);
	erg_node *cand;

	if (!key)
		return ERG_ESYS;
	cand = *key ? erg_map_get(&g->keys, key) : NULL;
	free_key(&k);
	c->missing += !cand;
	if (!cand || c->n == sizeof c->node / sizeof c->node[0])
		return 0;
	cand = erg_node_find(cand);
	if (kind != 'n' && !cand->conflict_value && !node_has_type(cand, rec->type)) {
		if (!(cand->conflict_value = erg_graph_intern(g, value)))
			return ERG_ESYS;
		cand->conflict_kind = kind;
	}
	c->node[c->n] = cand;
	c->how[c->n++] = kind == 'k' ? "same kb" : kind == 'i' ? "same id" : "same name";
	return 0;
}

static int gather(erg_graph *g, const erg_node_rec *rec, candidates *c)
{
	const cJSON *lists[2] = {rec->aliases, rec->names};
	int rc;

	if (rec->kb)
		return consider(g, rec, 'k', rec->kb, c);
	if ((rc = consider(g, rec, 'i', rec->id, c)) < 0 ||
	    (rc = consider(g, rec, 'n', rec->name, c)) < 0)
		return rc;
	for (int l = 0; l < 2; l++) {
		const cJSON *it;

		cJSON_ArrayForEach(it, lists[l])
			if (cJSON_IsString(it) && (rc = consider(g, rec, 'n', it->valuestring, c)) < 0)
				return rc;
		const cJSON *given = l ? rec->name_docs : rec->id_docs;

		cJSON_ArrayForEach(it, given)
			if ((rc = consider(g, rec, l ? 'n' : 'i', it->string, c)) < 0)
				return rc;
	}
	return 0;
}

/*
 * gather() or register_keys() for each type of the record: a graph's node
 * that settled two types was given its names under each of them.
 */
static int per_type(erg_graph *g, const erg_node_rec *rec, int (*fn)(erg_graph *, const erg_node_rec *, void *),
		    void *arg)
{
	erg_node_rec r = *rec;
	const cJSON *it;
	int rc = fn(g, rec, arg);

	cJSON_ArrayForEach(it, rec->type_docs) {
		if (rc < 0)
			break;
		if (strcmp(it->string, rec->type) != 0) {
			r.type = it->string;
			rc = fn(g, &r, arg);
		}
	}
	return rc;
}

static int gather_fn(erg_graph *g, const erg_node_rec *rec, void *c)
{
	return gather(g, rec, c);
}

static int register_fn(erg_graph *g, const erg_node_rec *rec, void *n)
{
	return register_keys(g, rec, n);
}

static int add_node(erg_graph *g, const erg_node_rec *rec, erg_node **out)
{
	candidates c; /* not zeroed whole: 1 KiB for every record, and only n entries are read */
	erg_node *n = NULL;
	bool merged = false;
	erg_buf reason = ERG_BUF_INIT;
	char *place = NULL;
	int rc;

	*out = NULL;
	c.n = c.missing = 0;
	if ((rc = per_type(g, rec, gather_fn, &c)) < 0)
		return rc;
	if (c.n == 0) {
		if ((rc = new_node(g, rec, &n)) < 0)
			goto done;
	} else {
		/* The record joins the first node and ties the others to it. */
		n = c.node[0];
		for (size_t i = 1; i < c.n; i++) {
			erg_node *other = erg_node_find(c.node[i]);

			if (other == n)
				continue;
			merged = true;
			reason.len = 0;
			if ((!place && !(place = place_of(rec))) ||
			    erg_buf_printf(&reason, "%s through %s (%s)", n->idset.v[0], rec->id,
					   c.how[i]) < 0) {
				rc = erg_nomem();
				goto done;
			}
			if ((rc = node_union(g, n, other, reason.ptr, place)) < 0)
				goto done;
		}
		/* A new id joining by kb or name is a merge worth explaining. */
		if (!erg_strset_has(&n->idset, rec->id)) {
			reason.len = 0;
			if (strcmp(c.how[0], "same kb") == 0)
				rc = erg_buf_printf(&reason, "%s by the same kb %s", n->idset.v[0], rec->kb);
			else
				rc = erg_buf_printf(&reason, "%s by the same name or alias \"%s\"",
						    n->idset.v[0], rec->name);
			if (rc < 0 || (!place && !(place = place_of(rec)))) {
				rc = erg_nomem();
				goto done;
			}
			if ((rc = add_merge(g, n, rec->id, reason.ptr, place)) < 0)
				goto done;
		}
	}
	/* Every key already pointing at this one node: nothing to register
	 * (a record with a kb always registers: its ids and names are claims). */
	g->attached = false;
	if ((rc = absorb(g, n, rec)) < 0 ||
	    ((c.missing || merged || rec->kb) && (rc = per_type(g, rec, register_fn, n)) < 0))
		goto done;
	*out = n;
done:
	erg_buf_free(&reason);
	free(place);
	return rc;
}

/*
 * Is kb in normal form already (most are): a Wikidata item, or a
 * Wikipedia title with nothing to change.  Then no copy is needed.
 */
static bool kb_plain(const char *kb)
{
	if (strncmp(kb, "wikidata:Q", 10) == 0 && kb[10]) {
		for (kb += 10; *kb; kb++)
			if (*kb < '0' || *kb > '9')
				return false;
		return true;
	}
	if (strncmp(kb, "wikipedia:", 10) != 0 || !kb[10] || kb[10] == '_' || (kb[10] >= 'a' && kb[10] <= 'z'))
		return false;
	for (kb += 10; *kb; kb++)
		if (*kb == ' ' || *kb == '%' || (unsigned char)*kb < 0x20 || (*kb == '_' && (kb[1] == '_' || !kb[1])))
			return false;
	return true;
}

/* A graph node's "types": {type: documents}, its own type among them. */
static int types_valid(const erg_node_rec *rec)
{
	const cJSON *it;
	bool own = false;

	if (!cJSON_IsObject(rec->type_docs))
		return fail_at(rec, "types: expected an object of document counts");
	cJSON_ArrayForEach(it, rec->type_docs) {
		if (!erg_word_valid(it->string))
			return fail_at(rec, "types: '%s' is not a lower-case word", it->string);
		if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 4e9 ||
		    it->valuedouble != (double)(uint32_t)it->valuedouble)
			return fail_at(rec, "types.%s: expected a whole number of documents", it->string);
		own |= strcmp(it->string, rec->type) == 0;
	}
	if (!own)
		return fail_at(rec, "types: no count for its type '%s'", rec->type);
	return 0;
}

int erg_graph_add_node(erg_graph *g, const erg_node_rec *rec, erg_node **out)
{
	erg_node_rec r;
	char *kb, *place;
	int rc;

	*out = NULL;
	if (rec->type_docs && (rc = types_valid(rec)) < 0)
		return rc;
	if (!rec->kb || kb_plain(rec->kb))
		return add_node(g, rec, out);
	if (!(kb = erg_kb_normal(rec->kb)))
		return ERG_ESYS;
	r = *rec;
	if (strcmp(kb, rec->kb) != 0) {
		r.kb = kb;
		/* Counted, for one line at the end: not a message a record. */
		if (!g->kb_normalised++) {
			if (!(place = place_of(rec))) {
				free(kb);
				return erg_nomem();
			}
			g->kb_first[0] = erg_graph_intern(g, place);
			g->kb_first[1] = erg_graph_intern(g, rec->kb);
			g->kb_first[2] = erg_graph_intern(g, kb);
			free(place);
			if (!g->kb_first[0] || !g->kb_first[1] || !g->kb_first[2]) {
				free(kb);
				return ERG_ESYS;
			}
		}
	}
	rc = add_node(g, &r, out);
	free(kb);
	return rc;
}

/*
 * Note that kb group `grp` gave `cl->key`, which n (no kb) has: n keeps
 * the two groups of smallest kb, whatever order the keys come in.
 */
static void attach_note(erg_node *n, erg_node *grp, const erg_claim *cl, int which)
{
	int at;

	if (n->attach[0] == grp || n->attach[1] == grp)
		return;
	if (!n->attach[0] || strcmp(grp->kb, n->attach[0]->kb) < 0)
		at = 0;
	else if (!n->attach[1] || strcmp(grp->kb, n->attach[1]->kb) < 0)
		at = 1;
	else
		return;
	if (at == 0) {
		n->attach[1] = n->attach[0];
		n->attach_key[1] = n->attach_key[0];
		n->attach_place[1] = n->attach_place[0];
		n->attach_kb[1] = n->attach_kb[0];
	}
	n->attach[at] = grp;
	n->attach_key[at] = cl->key;
	n->attach_place[at] = cl->place[which];
	n->attach_kb[at] = grp->kb;
}

int erg_graph_attach(erg_graph *g)
{
	erg_buf how = ERG_BUF_INIT;
	int rc = 0;

	if (g->attached)
		return 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		erg_node *n = g->nodes[i];

		n->attach[0] = n->attach[1] = NULL;
		n->attach_kb[0] = n->attach_kb[1] = NULL;
	}
	/* Which kb groups share a key with each entity without a kb. */
	for (size_t i = 0; i < g->keys.cap; i++) {
		const char *key = g->keys.keys ? g->keys.keys[i] : NULL;
		erg_claim *cl;
		erg_node *n;

		if (!key || key[0] == 'k' || !(cl = erg_map_get(&g->claims, key)))
			continue;
		n = erg_node_find(g->keys.vals[i]);
		if (n->kb)
			continue;
		for (int w = 0; w < 2 && cl->node[w]; w++)
			attach_note(n, erg_node_find(cl->node[w]), cl, w);
	}
	/* It joins the one group it shares a key with; with two, neither. */
	for (size_t i = 0; i < g->nnodes && rc == 0; i++) {
		erg_node *n = g->nodes[i], *grp = n->attach[0];
		bool new_id;

		if (n->parent || n->kb || !grp || n->attach[1])
			continue;
		how.len = 0;
		if (erg_buf_printf(&how, "%s by the same %s without a kb", grp->idset.v[0],
				   n->attach_key[0][0] == 'i' ? "id" : "name or alias") < 0) {
			rc = erg_nomem();
			break;
		}
		new_id = false;
		for (size_t k = 0; k < n->idset.n && !new_id; k++)
			new_id = !erg_strset_has(&grp->idset, n->idset.v[k]);
		for (uint32_t t = 0; t < n->ntypes && !grp->conflict_value; t++)
			if (!node_has_type(grp, n->types[t].type)) {
				grp->conflict_kind = 'k';
				grp->conflict_value = grp->kb;
			}
		rc = node_union(g, grp, n, new_id ? how.ptr : NULL, n->origin);
	}
	erg_buf_free(&how);
	if (rc == 0)
		g->attached = true;
	return rc;
}

/* A key as a message shows it: "id 'x'" or "name 'x'" (normalised). */
static const char *key_text(const char *key, const char **value)
{
	const char *sep = strchr(key, '\x1f');

	*value = key[0] == 'n' && sep ? sep + 1 : key + 2;
	return key[0] == 'n' ? "name" : "id";
}

/* Which of two type counts wins: more documents, then precedence. */
static int cmp_type_count(const void *a, const void *b)
{
	const erg_type_count *x = a, *y = b;

	if (x->docs != y->docs)
		return x->docs > y->docs ? -1 : 1;
	return erg_type_precedence(x->type, y->type);
}

const char *erg_node_settle_type(erg_node *n)
{
	if (n->ntypes > 1) {
		erg_sort(n->types, n->ntypes, sizeof *n->types, cmp_type_count);
		n->type = n->types[0].type;
	}
	return n->type;
}

/* "a" or "an" before a word (ASCII vowels only: types are words). */
static const char *article(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

/* One entity's conflict of types, as a message (caller frees; NULL: no memory). */
static char *type_conflict_message(erg_node *n)
{
	erg_buf b = ERG_BUF_INIT;
	const char *kind = n->conflict_kind == 'k' ? "kb" : "id";
	const char *value = n->conflict_value ? n->conflict_value : n->kb ? n->kb : n->id;

	if (!n->conflict_value && n->kb)
		kind = "kb";
	erg_node_settle_type(n);
	erg_buf_printf(&b, "%s: %s '%s' is %s '%s' in %u document%s", n->types[0].first, kind, value,
		       article(n->types[0].type), n->types[0].type, n->types[0].docs,
		       n->types[0].docs == 1 ? "" : "s");
	for (uint32_t i = 1; i < n->ntypes; i++) {
		const erg_type_count *t = &n->types[i];

		erg_buf_printf(&b, "%s %s '%s' in %u (first: %s)", i + 1 < n->ntypes ? "," : " and",
			       article(t->type), t->type, t->docs, t->first);
	}
	erg_buf_printf(&b, "; resolved as '%s'%s", n->types[0].type,
		       n->types[1].docs == n->types[0].docs ? " (a tie: the more specific type)" : "");
	return erg_buf_detach(&b);
}

int erg_graph_report(erg_graph *g, const erg_load_options *opts)
{
	erg_load_options quiet = *opts;
	erg_load_ctx ctx = {.opts = opts, .path = "", .graph = g};
	erg_load_ctx note = {.opts = &quiet, .path = "", .graph = g};
	int errors;

	/* The normal form is the identifier itself: a warning even when strict. */
	quiet.strict = 0;
	if ((errors = erg_graph_attach(g)) < 0)
		return errors;
	/* The same id with two kb: two entities. */
	for (size_t i = 0; i < g->nclaims; i++) {
		const erg_claim *cl = g->claimv[i];

		if (cl->key[0] == 'i' && cl->node[1])
			erg_diag(&ctx, ERG_DIAG_WARNING,
				 "%s: id '%s' has kb '%s' here but '%s' in %s: two entities, told apart by "
				 "their kb (one keeps the id, the other is named '%s~' and its kb)",
				 cl->place[1], cl->key + 2, erg_node_find(cl->node[1])->kb,
				 erg_node_find(cl->node[0])->kb, cl->place[0], cl->key + 2);
	}
	/* Records without a kb that two kb groups could claim. */
	for (size_t i = 0; i < g->nnodes; i++) {
		const erg_node *n = g->nodes[i];
		const char *k0, *k1, *v0, *v1;

		if (n->parent || n->kb || !n->attach[1])
			continue;
		k0 = key_text(n->attach_key[0], &v0);
		k1 = key_text(n->attach_key[1], &v1);
		erg_diag(&ctx, ERG_DIAG_WARNING,
			 "%s: '%s', without a kb, shares the %s '%s' with kb '%s' (%s) and the %s '%s' "
			 "with kb '%s' (%s): kept apart from both",
			 n->origin, n->idset.v[0], k0, v0, n->attach[0]->kb, n->attach_place[0], k1, v1,
			 n->attach[1]->kb, n->attach_place[1]);
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		erg_node *n = g->nodes[i];
		char *msg;

		if (n->parent || n->ntypes < 2)
			continue;
		if (!(msg = type_conflict_message(n)))
			return erg_nomem();
		erg_diag(&ctx, ERG_DIAG_WARNING, "%s", msg);
		free(msg);
	}
	errors = ctx.errors;
	if (g->kb_normalised)
		erg_diag(&note, ERG_DIAG_WARNING,
			 "%zu kb identifier%s written in another form %s read in the normal form "
			 "(first: %s: '%s' as '%s')",
			 g->kb_normalised, g->kb_normalised == 1 ? "" : "s", g->kb_normalised == 1 ? "was" : "were",
			 g->kb_first[0], g->kb_first[1], g->kb_first[2]);
	return errors ? ERG_EINVALID : 0;
}
