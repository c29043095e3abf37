/*
 * resolve.c - entity resolution: which records are one entity.
 *
 * Records that share a key are one node: the same kb identifier, the same
 * id, or the same normalised name or alias within one type.  Nodes are the
 * connected components of that relation (union-find), so the result does
 * not depend on the order the documents are read in; the canonical id is
 * the smallest member id and the name the longest name given.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Lower-case ASCII, fold runs of space, drop dots and a leading "the ":
 * "the  U.S." and "US" are one name. */
char *erg_name_key(const char *name)
{
	erg_buf b = ERG_BUF_INIT;
	const char *p = name;
	bool space = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (strncasecmp(p, "the ", 4) == 0)
		p += 4;
	for (; *p; p++) {
		char c = *p;

		if (c == '.')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if ((space && erg_buf_put(&b, " ", 1) < 0) ||
		    erg_buf_put(&b, &(char){(char)tolower((unsigned char)c)}, 1) < 0) {
			erg_buf_free(&b);
			return NULL;
		}
		space = false;
	}
	return erg_buf_detach(&b);
}

/* The map key of an id ("i:ID"), a kb ("k:KB") or a name ("n:TYPE\x1fNAME"). */
static char *key_of(char kind, const char *type, const char *value)
{
	char *norm = NULL, *key;
	const char *v = value;
	size_t tl = 0, vl;

	if (kind == 'n') {
		if (!(norm = erg_name_key(value)))
			return NULL;
		if (!*norm)
			return norm; /* an empty name has no key */
		v = norm;
		tl = strlen(type) + 1;
	}
	vl = strlen(v);
	if ((key = malloc(2 + tl + vl + 1))) {
		key[0] = kind;
		key[1] = ':';
		if (tl) {
			memcpy(key + 2, type, tl - 1);
			key[2 + tl - 1] = '\x1f';
		}
		memcpy(key + 2 + tl, v, vl + 1);
	} else {
		erg_nomem();
	}
	free(norm);
	return key;
}

static int add_merge(erg_node *n, const char *what, const char *how, const char *where)
{
	erg_merge *m = erg_reallocarray(n->merges, n->nmerges + 1, sizeof *m);

	if (!m)
		return ERG_ESYS;
	n->merges = m;
	m = &n->merges[n->nmerges];
	m->what = erg_strdup(what);
	m->how = erg_strdup(how);
	m->where = erg_strdup(where);
	if (!m->what || !m->how || !m->where)
		return ERG_ESYS;
	n->nmerges++;
	return 0;
}

/* Move everything of `from` into `into`; `from` keeps only its parent. */
static int node_union(erg_node *into, erg_node *from, const char *how, const char *where)
{
	int rc = 0;

	if (into == from)
		return 0;
	if (erg_attrs_union(&into->ids, &from->ids) < 0 ||
	    erg_attrs_union(&into->names, &from->names) < 0 ||
	    erg_strset_union(&into->aliases, &from->aliases) < 0 ||
	    erg_strset_union(&into->documents, &from->documents) < 0 ||
	    erg_attrs_union(&into->attrs, &from->attrs) < 0)
		return ERG_ESYS;
	into->mentions += from->mentions;
	if (erg_minmax(&into->first_seen, &into->last_seen, from->first_seen, from->last_seen) < 0)
		return ERG_ESYS;
	if (!into->kb && from->kb) {
		into->kb = from->kb;
		from->kb = NULL;
	}
	for (size_t i = 0; i < from->nmerges && rc == 0; i++)
		rc = add_merge(into, from->merges[i].what, from->merges[i].how, from->merges[i].where);
	if (rc == 0 && from->ids.n)
		rc = add_merge(into, from->ids.v[0].key, how, where);
	erg_attrs_free(&from->ids);
	erg_attrs_free(&from->names);
	erg_strset_free(&from->aliases);
	erg_strset_free(&from->documents);
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

static int new_node(erg_graph *g, const erg_node_rec *rec, erg_node **out)
{
	erg_node *n = erg_calloc(1, sizeof *n);

	*out = n;
	if (!n || erg_graph_push_node(g, n) < 0) {
		free(n);
		*out = NULL;
		return ERG_ESYS;
	}
	if (!(n->type = erg_strdup(rec->type)) || !(n->origin = erg_strdup(rec->place)) ||
	    (rec->kb && !(n->kb = erg_strdup(rec->kb))))
		return ERG_ESYS;
	return 0;
}

/*
 * A record's id or name counts once for each document that gave it.  A
 * graph input may say which documents gave which (`given`, {key: [docs]});
 * else the record's documents all gave `key`.
 */
static int add_counted(erg_attrs *set, const char *key, const cJSON *given, const erg_node_rec *rec)
{
	const cJSON *it, *doc;

	if (given) {
		cJSON_ArrayForEach(it, given) {
			if (erg_attrs_add(set, it->string, NULL) < 0)
				return ERG_ESYS;
			cJSON_ArrayForEach(doc, it)
				if (cJSON_IsString(doc) && erg_attrs_add(set, it->string, doc->valuestring) < 0)
					return ERG_ESYS;
		}
		/* The record's own id or name is one of them, whatever `given` says. */
		return erg_attrs_add(set, key, NULL);
	}
	if (erg_attrs_add(set, key, rec->document) < 0)
		return ERG_ESYS;
	cJSON_ArrayForEach(it, rec->documents)
		if (cJSON_IsString(it) && erg_attrs_add(set, key, it->valuestring) < 0)
			return ERG_ESYS;
	return 0;
}

/* Merge what the record says into its node. */
static int absorb(erg_node *n, const erg_node_rec *rec)
{
	if (add_counted(&n->ids, rec->id, rec->id_docs, rec) < 0 ||
	    add_counted(&n->names, rec->name, rec->name_docs, rec) < 0 ||
	    add_strings(&n->aliases, rec->names) < 0 || add_strings(&n->aliases, rec->aliases) < 0 ||
	    (rec->document && erg_strset_add(&n->documents, rec->document) < 0) ||
	    add_strings(&n->documents, rec->documents) < 0 ||
	    erg_attrs_from_json(&n->attrs, rec->attributes) < 0)
		return ERG_ESYS;
	n->mentions += rec->mentions;
	if (erg_minmax(&n->first_seen, &n->last_seen, rec->first_seen, rec->last_seen) < 0)
		return ERG_ESYS;
	if (!n->kb && rec->kb && !(n->kb = erg_strdup(rec->kb)))
		return ERG_ESYS;
	return 0;
}

/* Every key of the record, pointing at its node. */
static int register_keys(erg_graph *g, const erg_node_rec *rec, erg_node *n)
{
	const cJSON *lists[2] = {rec->aliases, rec->names};
	char *key;
	int rc = 0;

	if (rec->kb) {
		if (!(key = key_of('k', NULL, rec->kb)))
			return ERG_ESYS;
		rc = erg_map_put(&g->keys, key, n);
		free(key);
	}
	if (rc == 0) {
		if (!(key = key_of('i', NULL, rec->id)))
			return ERG_ESYS;
		rc = erg_map_put(&g->keys, key, n);
		free(key);
	}
	if (rc == 0) {
		if (!(key = key_of('n', rec->type, rec->name)))
			return ERG_ESYS;
		rc = *key ? erg_map_put(&g->keys, key, n) : 0;
		free(key);
	}
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;

		cJSON_ArrayForEach(it, lists[l]) {
			if (!cJSON_IsString(it))
				continue;
			if (!(key = key_of('n', rec->type, it->valuestring)))
				return ERG_ESYS;
			rc = *key ? erg_map_put(&g->keys, key, n) : 0;
			free(key);
			if (rc < 0)
				break;
		}
	}
	/* A graph's node answers to every id and name it was given. */
	for (int l = 0; l < 2 && rc == 0; l++) {
		const cJSON *it;

		const cJSON *given = l ? rec->name_docs : rec->id_docs;

		cJSON_ArrayForEach(it, given) {
			if (!(key = key_of(l ? 'n' : 'i', rec->type, it->string)))
				return ERG_ESYS;
			rc = *key ? erg_map_put(&g->keys, key, n) : 0;
			free(key);
			if (rc < 0)
				break;
		}
	}
	return rc;
}

/* The nodes a record shares a key with: at most a few in practice. */
typedef struct {
	erg_node *node[64];
	const char *how[64];
	size_t n;
} candidates;

/*
 * Look up one key of the record and add the node found to `c`.  Sharing an
 * id or kb with a node of another type is an error naming both places; a
 * name shared with a node that has another kb is two entities, not one.
 */
static int consider(erg_graph *g, const erg_node_rec *rec, char kind, const char *value,
		    candidates *c)
{
	char *key = key_of(kind, rec->type, value);
	erg_node *cand;
	int rc = 0;

	if (!key)
		return ERG_ESYS;
	cand = *key ? erg_map_get(&g->keys, key) : NULL;
	free(key);
	if (!cand || c->n == sizeof c->node / sizeof c->node[0])
		return 0;
	cand = erg_node_find(cand);
	if (strcmp(cand->type, rec->type) != 0)
		return erg_fail(ERG_EINVALID, "%s: %s '%s' is a %s here but a %s in %s", rec->place,
				kind == 'k' ? "kb" : "id", value, rec->type, cand->type,
				cand->origin);
	if (rec->kb && cand->kb && strcmp(rec->kb, cand->kb) != 0) {
		if (kind == 'n')
			return 0;
		return erg_fail(ERG_EINVALID, "%s: id '%s' has kb %s here but %s in %s", rec->place,
				rec->id, rec->kb, cand->kb, cand->origin);
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
	candidates c = {.n = 0};
	erg_node *n = NULL;
	erg_buf reason = ERG_BUF_INIT;
	int rc;

	*out = NULL;
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
			reason.len = 0;
			if (erg_buf_printf(&reason, "%s through %s (%s)", n->ids.v[0].key, rec->id,
					   c.how[i]) < 0 ||
			    (rc = node_union(n, other, reason.ptr, rec->place)) < 0)
				goto done;
		}
		/* A new id joining by kb or name is a merge worth explaining. */
		if (!erg_attrs_get(&n->ids, rec->id)) {
			reason.len = 0;
			if (strcmp(c.how[0], "same kb") == 0)
				rc = erg_buf_printf(&reason, "%s by the same kb %s", n->ids.v[0].key, rec->kb);
			else
				rc = erg_buf_printf(&reason, "%s by the same name or alias \"%s\"",
						    n->ids.v[0].key, rec->name);
			if (rc < 0 || (rc = add_merge(n, rec->id, reason.ptr, rec->place)) < 0)
				goto done;
		}
	}
	if ((rc = absorb(n, rec)) < 0 || (rc = register_keys(g, rec, n)) < 0)
		goto done;
	*out = n;
done:
	erg_buf_free(&reason);
	return rc;
}
