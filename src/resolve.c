/*
 * resolve.c - entity resolution: which records are one entity.
 *
 * Records that share a key are one node: the same kb identifier, the same
 * id, or the same normalised name or alias within one type.  Nodes are the
 * connected components of that relation (union-find), so the result does
 * not depend on the order the documents are read in; graph.c picks the
 * canonical id and name when the graph is finished.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

erg_node *erg_node_find(erg_node *n)
{
	erg_node *root = n;

	while (root->parent)
		root = root->parent;
	while (n->parent) { /* path compression */
		erg_node *next = n->parent;

		n->parent = root;
		n = next;
	}
	return root;
}

/*
 * Lower-case ASCII, fold runs of space, drop dots and a leading "the ":
 * "the  U.S." and "US" are one name.  Outside ASCII it reads the name's
 * case fold (name_folded).  Writes at most strlen(name) + 1
 * bytes to out; returns the key's length.
 */
static size_t name_key_into(const char *name, char *out)
{
	const char *p = name;
	size_t len = 0;
	bool space = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if ((p[0] | 0x20) == 't' && strncasecmp(p, "the ", 4) == 0)
		p += 4;
	for (; *p; p++) {
		char c = *p;

		if (c == '.')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = len > 0;
			continue;
		}
		if (space)
			out[len++] = ' ';
		out[len++] = erg_ascii_lower(c);
		space = false;
	}
	out[len] = '\0';
	return len;
}

/*
 * What name_key_into reads: the name itself when it is ASCII (most
 * names: no copy), else its NFKC case fold in *own (caller frees), so
 * that "РОССИЯ" and "Россия", or one name in NFC and in NFD, are one.
 * Invalid UTF-8 is read as it is.  NULL: out of memory.
 */
static const char *name_folded(const char *name, char **own, size_t *len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;

	*own = NULL;
	*len = strlen(name);
	if (erg_ascii_only(name, *len))
		return name;
	n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE |
			 UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	if (n == UTF8PROC_ERROR_NOMEM) {
		erg_nomem();
		return NULL;
	}
	if (n < 0)
		return name;
	*len = (size_t)n;
	return *own = (char *)out;
}

char *erg_name_key(const char *name)
{
	char *own, *out;
	size_t len;
	const char *src = name_folded(name, &own, &len);

	if (!src)
		return NULL;
	if ((out = malloc(len + 1)))
		name_key_into(src, out);
	else
		erg_nomem();
	free(own);
	return out;
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

	if (kind == 'n' && !(value = name_folded(value, &own, &vl)))
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
	if (!name_key_into(value, p + tl))
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

/* Move everything of `from` into `into`; `from` keeps only its parent. */
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
	into->mentions += from->mentions;
	erg_span(&into->first_seen, &into->last_seen, from->first_seen, from->last_seen);
	if (!into->kb && from->kb)
		into->kb = from->kb;
	for (size_t i = 0; i < from->nmerges && rc == 0; i++)
		rc = add_merge(g, into, from->merges[i].what, from->merges[i].how, from->merges[i].where);
	if (rc == 0 && from->idset.n)
		rc = add_merge(g, into, from->idset.v[0], how, where);
	free(from->objs);
	from->objs = NULL;
	from->nobjs = 0;
	erg_strset_free(&from->idset);
	erg_strset_free(&from->aliases);
	erg_attrs_free(&from->attrs);
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

		if ((rc = node_record(n, 0, id, name, 0)) < 0)
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
	n->mentions += rec->mentions;
	erg_span(&n->first_seen, &n->last_seen, f, l);
	if (!n->kb && rec->kb && !(n->kb = erg_graph_intern(g, rec->kb)))
		return ERG_ESYS;
	return 0;
}

/* Point the key at n. */
static int put_key(erg_graph *g, erg_node *n, char kind, const char *type, const char *value)
{
	key_buf k;
	const char *key = key_of(&k, kind, type, value);
	int rc;

	if (!key)
		return ERG_ESYS;
	rc = *key ? erg_map_put(&g->keys, key, n) : 0;
	free_key(&k);
	return rc;
}

/* Every key of the record, pointing at its node. */
static int register_keys(erg_graph *g, const erg_node_rec *rec, erg_node *n)
{
	const cJSON *lists[2] = {rec->aliases, rec->names};
	int rc = 0;

	if (rec->kb)
		rc = put_key(g, n, 'k', NULL, rec->kb);
	if (rc == 0)
		rc = put_key(g, n, 'i', NULL, rec->id);
	if (rc == 0)
		rc = put_key(g, n, 'n', rec->type, rec->name);
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;

		cJSON_ArrayForEach(it, lists[l])
			if (cJSON_IsString(it) && (rc = put_key(g, n, 'n', rec->type, it->valuestring)) < 0)
				break;
	}
	/* A graph's node answers to every id and name it was given. */
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;
		const cJSON *given = l ? rec->name_docs : rec->id_docs;

		cJSON_ArrayForEach(it, given)
			if ((rc = put_key(g, n, l ? 'n' : 'i', rec->type, it->string)) < 0)
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
 * Look up one key of the record and add the node found to `c`.  Sharing an
 * id or kb with a node of another type is an error naming both places; a
 * name shared with a node that has another kb is two entities, not one.
 */
static int consider(erg_graph *g, const erg_node_rec *rec, char kind, const char *value,
		    candidates *c)
{
	key_buf k;
	const char *key = key_of(&k, kind, rec->type, value);
	erg_node *cand;
	int rc = 0;

	if (!key)
		return ERG_ESYS;
	cand = *key ? erg_map_get(&g->keys, key) : NULL;
	free_key(&k);
	c->missing += !cand;
	if (!cand || c->n == sizeof c->node / sizeof c->node[0])
		return 0;
	cand = erg_node_find(cand);
	if (strcmp(cand->type, rec->type) != 0)
		return fail_at(rec, "%s '%s' is a %s here but a %s in %s", kind == 'k' ? "kb" : "id",
			       value, rec->type, cand->type, cand->origin);
	if (rec->kb && cand->kb && strcmp(rec->kb, cand->kb) != 0) {
		if (kind == 'n')
			return 0;
		return fail_at(rec, "id '%s' has kb %s here but %s in %s", rec->id, rec->kb, cand->kb,
			       cand->origin);
	}
	c->node[c->n] = cand;
	c->how[c->n++] = kind == 'k' ? "same kb" : kind == 'i' ? "same id" : "same name";
	return rc;
}

static int gather(erg_graph *g, const erg_node_rec *rec, candidates *c)
{
	const cJSON *lists[2] = {rec->aliases, rec->names};
	int rc;

	if ((rec->kb && (rc = consider(g, rec, 'k', rec->kb, c)) < 0) ||
	    (rc = consider(g, rec, 'i', rec->id, c)) < 0 ||
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

int erg_graph_add_node(erg_graph *g, const erg_node_rec *rec, erg_node **out)
{
	candidates c; /* not zeroed whole: 1 KiB for every record, and only n entries are read */
	erg_node *n = NULL;
	bool merged = false;
	erg_buf reason = ERG_BUF_INIT;
	char *place = NULL;
	int rc;

	*out = NULL;
	c.n = c.missing = 0;
	if ((rc = gather(g, rec, &c)) < 0)
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
	/* Every key already pointing at this one node: nothing to register. */
	if ((rc = absorb(g, n, rec)) < 0 || ((c.missing || merged) && (rc = register_keys(g, rec, n)) < 0))
		goto done;
	*out = n;
done:
	erg_buf_free(&reason);
	free(place);
	return rc;
}
