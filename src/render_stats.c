/*
 * render_stats.c - `ergraph stats` and `ergraph explain`: counts, the best
 * connected entities, and why records were merged.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	const char *key;
	size_t count;
} tally;

static int tally_add(tally **t, size_t *n, const char *key, size_t by)
{
	tally *v;

	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*t)[i].key, key) == 0) {
			(*t)[i].count += by;
			return 0;
		}
	}
	if (!(v = erg_reallocarray(*t, *n + 1, sizeof *v)))
		return ERG_ESYS;
	*t = v;
	v[*n].key = key;
	v[*n].count = by;
	(*n)++;
	return 0;
}

/* Most first, then by name. */
static int cmp_tally(const void *a, const void *b)
{
	const tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int print_tallies(FILE *f, const char *title, size_t total, tally *t, size_t n)
{
	int width = 18;

	erg_sort(t, n, sizeof *t, cmp_tally);
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(t[i].key) > width)
			width = (int)strlen(t[i].key);
	fprintf(f, "%-14s %6zu\n", title, total);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-*s %6zu\n", width, t[i].key, t[i].count);
	return 0;
}

typedef struct {
	const erg_node *node;
	size_t degree;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	if (x->node->ndocs != y->node->ndocs)
		return x->node->ndocs > y->node->ndocs ? -1 : 1;
	return strcmp(x->node->id, y->node->id);
}

/* "the name 'x'" or "the id 'x'" of a claim key ("n:type\x1fx", "i:x"). */
static void key_words(const char *key, const char **what, const char **value)
{
	const char *sep = strchr(key, '\x1f');

	*what = key[0] == 'n' ? "name" : "id";
	*value = key[0] == 'n' && sep ? sep + 1 : key + 2;
}

static cJSON *add_string(cJSON *o, const char *key, const char *value)
{
	return o && cJSON_AddStringToObject(o, key, value) ? o : NULL;
}

/*
 * Every conflict resolved, entity by entity (in id order): two types, an
 * id shared with another kb, records without a kb that two kb share.
 * NULL when out of memory.
 */
static cJSON *conflicts_json(const erg_graph *g)
{
	cJSON *all = cJSON_CreateObject(), *list = all ? cJSON_AddArrayToObject(all, "conflicts") : NULL;
	bool ok = list != NULL;

	for (size_t i = 0; i < g->nnodes && ok; i++) {
		const erg_node *n = g->nodes[i];
		cJSON *c;

		if (n->ntypes > 1) {
			bool tie = n->types[0].docs == n->types[1].docs;

			ok = (c = cJSON_CreateObject()) && cJSON_AddItemToArray(list, c) &&
			     add_string(c, "entity", n->id) && add_string(c, "kind", "types") &&
			     add_string(c, "resolved", n->type) &&
			     add_string(c, "rule", tie ? "a tie: the more specific type" : "the type most documents give") &&
			     cJSON_AddItemToObject(c, "types", erg_types_to_json(n));
		}
		if (ok && n->derived_id) {
			ok = (c = cJSON_CreateObject()) && cJSON_AddItemToArray(list, c) &&
			     add_string(c, "entity", n->id) && add_string(c, "kind", "id with two kb") &&
			     add_string(c, "id", n->shared_id) && add_string(c, "kb", n->kb) &&
			     add_string(c, "rule", "two entities, told apart by kb: ID~KB for all but the one most documents give");
		}
		if (ok && !n->kb && n->attach_kb[1]) {
			cJSON *shared = NULL;

			ok = (c = cJSON_CreateObject()) && cJSON_AddItemToArray(list, c) &&
			     add_string(c, "entity", n->id) && add_string(c, "kind", "shared with two kb") &&
			     (shared = cJSON_AddArrayToObject(c, "shared"));
			for (int k = 0; k < 2 && ok; k++) {
				const char *what, *value;
				cJSON *s;

				key_words(n->attach_key[k], &what, &value);
				ok = (s = cJSON_CreateObject()) && cJSON_AddItemToArray(shared, s) &&
				     add_string(s, what, value) && add_string(s, "kb", n->attach_kb[k]) &&
				     add_string(s, "at", n->attach_place[k]);
			}
			ok = ok && add_string(c, "rule", "records without a kb join a kb only when one kb alone shares their ids or names: kept apart from both");
		}
	}
	if (ok && !cJSON_AddNumberToObject(all, "kb_normalised", (double)g->kb_normalised))
		ok = false;
	if (!ok) {
		cJSON_Delete(all);
		erg_nomem();
		return NULL;
	}
	return all;
}

/* The conflicts as text: a count, then one line each. */
static void conflicts_text(FILE *f, const cJSON *all)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(all, "conflicts"), *c;

	fprintf(f, "conflicts %d\n", cJSON_GetArraySize(list));
	cJSON_ArrayForEach(c, list) {
		const char *kind = cJSON_GetObjectItemCaseSensitive(c, "kind")->valuestring;
		const char *entity = cJSON_GetObjectItemCaseSensitive(c, "entity")->valuestring;
		const char *rule = cJSON_GetObjectItemCaseSensitive(c, "rule")->valuestring;
		const cJSON *t;

		fprintf(f, "  %s: ", entity);
		if (strcmp(kind, "types") == 0) {
			int k = 0;

			cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, "types"))
				fprintf(f, "%s'%s' in %d", k++ ? ", " : "types ", t->string, t->valueint);
			fprintf(f, "; resolved as '%s' (%s)\n",
				cJSON_GetObjectItemCaseSensitive(c, "resolved")->valuestring, rule);
		} else if (strcmp(kind, "id with two kb") == 0) {
			fprintf(f, "id '%s' with kb '%s' (%s)\n",
				cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring,
				cJSON_GetObjectItemCaseSensitive(c, "kb")->valuestring, rule);
		} else {
			int k = 0;

			fputs("no kb; shares", f);
			cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, "shared")) {
				const cJSON *w = t->child;

				fprintf(f, "%s the %s '%s' with kb '%s' (%s)", k++ ? " and" : "", w->string,
					w->valuestring, cJSON_GetObjectItemCaseSensitive(t, "kb")->valuestring,
					cJSON_GetObjectItemCaseSensitive(t, "at")->valuestring);
			}
			fprintf(f, "; kept apart from both\n");
		}
	}
	fprintf(f, "kb identifiers normalised %d\n",
		cJSON_GetObjectItemCaseSensitive(all, "kb_normalised")->valueint);
}

int erg_stats_write(const erg_graph *g, FILE *f, unsigned int flags, int top)
{
	tally *types = NULL, *rels = NULL;
	size_t ntypes = 0, nrels = 0, merged = 0;
	ranked *rank = NULL;
	const char *first, *last;
	cJSON *conflicts = NULL;
	char *text;
	int rc = 0;

	if (flags & (ERG_STATS_CONFLICTS | ERG_STATS_JSON) && !(conflicts = conflicts_json(g)))
		return ERG_ESYS;
	if (flags & ERG_STATS_JSON) {
		/* Formatted as graph JSON is (cJSON's tab indents). */
		if (!(text = cJSON_Print(conflicts))) {
			cJSON_Delete(conflicts);
			return erg_nomem();
		}
		fprintf(f, "%s\n", text);
		free(text);
		cJSON_Delete(conflicts);
		return ferror(f) ? erg_fail(ERG_ESYS, "cannot write the statistics") : 0;
	}
	erg_graph_published(g, &first, &last);
	for (size_t i = 0; i < g->nnodes && rc == 0; i++)
		rc = tally_add(&types, &ntypes, g->nodes[i]->type, 1);
	for (size_t i = 0; i < g->nedges && rc == 0; i++)
		rc = tally_add(&rels, &nrels, g->edges[i]->type, 1);
	if (rc < 0)
		goto done;
	if (flags & ERG_STATS_COUNTS) {
		fprintf(f, "%-14s %6zu", "documents", erg_graph_document_count(g));
		if (first)
			fprintf(f, "   published %s to %s", first, last);
		fputc('\n', f);
		print_tallies(f, "entities", g->nnodes, types, ntypes);
		print_tallies(f, "relations", g->nedges, rels, nrels);
	}
	if ((flags & ERG_STATS_TOP) && g->nnodes) {
		if (!(rank = erg_calloc(g->nnodes, sizeof *rank))) {
			rc = ERG_ESYS;
			goto done;
		}
		for (size_t i = 0; i < g->nnodes; i++)
			rank[i].node = g->nodes[i];
		for (size_t i = 0; i < g->nedges; i++) {
			rank[g->edges[i]->source->index].degree++;
			if (g->edges[i]->target != g->edges[i]->source)
				rank[g->edges[i]->target->index].degree++;
		}
		erg_sort(rank, g->nnodes, sizeof *rank, cmp_ranked);
		fprintf(f, "%-42s %9s %9s %8s\n", "top entities", "relations", "documents", "mentions");
		for (size_t i = 0; i < g->nnodes && (top <= 0 || i < (size_t)top); i++)
			fprintf(f, "  %-40s %9zu %9u %8ld  %s (%s)\n", rank[i].node->id, rank[i].degree,
				rank[i].node->ndocs, rank[i].node->mentions, rank[i].node->name,
				rank[i].node->type);
	}
	if (flags & ERG_STATS_MERGES) {
		for (size_t i = 0; i < g->nnodes; i++)
			merged += g->nodes[i]->nmerges;
		fprintf(f, "merges %zu\n", merged);
		for (size_t i = 0; i < g->nnodes; i++) {
			const erg_node *n = g->nodes[i];

			for (size_t k = 0; k < n->nmerges; k++)
				fprintf(f, "  %s: %s joined %s, at %s\n", n->id, n->merges[k].what,
					n->merges[k].how, n->merges[k].where);
		}
	}
	if (conflicts)
		conflicts_text(f, conflicts);
	if (ferror(f))
		rc = erg_fail(ERG_ESYS, "cannot write the statistics");
done:
	cJSON_Delete(conflicts);
	free(types);
	free(rels);
	free(rank);
	return rc;
}

int erg_explain_write(const erg_graph *g, const char *id, FILE *f)
{
	const erg_node *n = erg_graph_find_id(g, id);
	const erg_attr *given;
	erg_prov p = ERG_PROV_INIT;
	int rc;

	for (size_t i = 0; !n && i < g->nnodes; i++)
		if (strcasecmp(g->nodes[i]->name, id) == 0 || erg_strset_has(&g->nodes[i]->aliases, id))
			n = g->nodes[i];
	if (!n)
		return erg_fail(ERG_EINVALID, "no entity '%s' (neither an id nor a name)", id);
	fprintf(f, "%s: %s (%s)%s%s\n", n->id, n->name, n->type, n->kb ? ", kb " : "",
		n->kb ? n->kb : "");
	if ((given = erg_attrs_get(&n->attrs, "type_given"))) {
		/* An import's location or misc whose names are all a country's. */
		fprintf(f, "  typed:     ");
		for (size_t i = 0; i < given->values.n; i++)
			fprintf(f, "%s%s", i ? ", " : "", given->values.v[i]);
		fprintf(f, " in some documents; a country here: each of those names is a form of it "
			   "in the countries table\n");
	}
	if ((rc = erg_prov_node(&p, n)) < 0) {
		erg_prov_free(&p);
		return rc;
	}
	fprintf(f, "  ids:       ");
	for (uint32_t i = 0; i < n->nids; i++)
		fprintf(f, "%s%s (%u document%s)", i ? ", " : "", n->ids[i].key, n->ids[i].docs,
			n->ids[i].docs == 1 ? "" : "s");
	fprintf(f, "\n  aliases:   ");
	for (size_t i = 0; i < n->aliases.n; i++)
		fprintf(f, "%s%s", i ? ", " : "", n->aliases.v[i]);
	fprintf(f, "\n  documents: ");
	for (size_t i = 0; i < p.ndocuments; i++)
		fprintf(f, "%s%s", i ? ", " : "", p.documents[i]);
	erg_prov_free(&p);
	fprintf(f, "\n  first declared at %s\n", n->origin);
	for (size_t i = 0; i < n->nmerges; i++)
		fprintf(f, "  %s joined %s, at %s\n", n->merges[i].what, n->merges[i].how,
			n->merges[i].where);
	if (!n->nmerges)
		fprintf(f, "  no merges: every record used the id %s\n", n->id);
	return ferror(f) ? erg_fail(ERG_ESYS, "cannot write") : 0;
}
