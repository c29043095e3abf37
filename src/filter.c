/*
 * filter.c - a finished graph's selected part, as a new finished graph.
 *
 * Order: entity types, then relation types and weight (nodes left with no
 * edge by these go), then the focus neighbourhood, then --max-nodes.
 * The documents table is kept whole: the corpus is still what was read.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Scratch marks on nodes while filtering. */
enum { KEEP = 1, REACHED = 2, SPREAD = 4, ORPHAN = 8, SEED = 16 };

static bool in_csv(const char *csv, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = csv; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

static bool edge_kept(const erg_edge *e, const erg_filter_options *o)
{
	if (!(e->source->mark & KEEP) || !(e->target->mark & KEEP))
		return false;
	if (o->relations && !in_csv(o->relations, e->type))
		return false;
	return (long)e->ndocs >= (long)o->min_weight;
}

static const erg_node *find_focus(const erg_graph *g, const char *what)
{
	const erg_node *n = erg_graph_find_id(g, what);

	for (size_t i = 0; !n && i < g->nnodes; i++)
		if (strcasecmp(g->nodes[i]->name, what) == 0)
			n = g->nodes[i];
	for (size_t i = 0; !n && i < g->nnodes; i++)
		for (size_t k = 0; !n && k < g->nodes[i]->aliases.n; k++)
			if (strcasecmp(g->nodes[i]->aliases.v[k], what) == 0)
				n = g->nodes[i];
	return n;
}

/* Breadth-first from the seeds over kept edges, `depth` steps. */
static void reach(const erg_graph *g, int depth, const erg_filter_options *o)
{
	for (size_t i = 0; i < g->nnodes; i++)
		if (g->nodes[i]->mark & SEED)
			g->nodes[i]->mark |= REACHED | SPREAD;
	for (int d = 0; d < depth; d++) {
		bool grew = false;

		for (size_t i = 0; i < g->nedges; i++) {
			const erg_edge *e = g->edges[i];

			if (!edge_kept(e, o))
				continue;
			/* Only nodes reached in an earlier step spread. */
			if ((e->source->mark & SPREAD) && !(e->target->mark & REACHED)) {
				e->target->mark |= REACHED;
				grew = true;
			}
			if ((e->target->mark & SPREAD) && !(e->source->mark & REACHED)) {
				e->source->mark |= REACHED;
				grew = true;
			}
		}
		for (size_t i = 0; i < g->nnodes; i++)
			if (g->nodes[i]->mark & REACHED)
				g->nodes[i]->mark |= SPREAD;
		if (!grew)
			break;
	}
}

typedef struct {
	erg_node *node;
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

static int limit_nodes(const erg_graph *g, const erg_filter_options *o)
{
	ranked *r = erg_calloc(g->nnodes, sizeof *r);
	size_t *degree = erg_calloc(g->nnodes, sizeof *degree);
	size_t n = 0, dropped = 0;

	if (!r || !degree) {
		free(r);
		free(degree);
		return ERG_ESYS;
	}
	for (size_t i = 0; i < g->nedges; i++) {
		if (!edge_kept(g->edges[i], o))
			continue;
		degree[g->edges[i]->source->index]++;
		degree[g->edges[i]->target->index]++;
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		if (g->nodes[i]->mark & KEEP) {
			r[n].node = g->nodes[i];
			r[n++].degree = degree[i];
		}
	}
	free(degree);
	erg_sort(r, n, sizeof *r, cmp_ranked);
	for (size_t k = (size_t)o->max_nodes; k < n; k++) {
		r[k].node->mark &= (unsigned char)~KEEP;
		dropped++;
	}
	if (dropped && o->diag) {
		erg_buf b = ERG_BUF_INIT;

		erg_buf_printf(&b, "--max-nodes %d kept the %d best connected of %zu entities and dropped "
				   "%zu (the first: %s); raise --max-nodes or use --focus to see them",
			       o->max_nodes, o->max_nodes, n, dropped, r[o->max_nodes].node->id);
		o->diag(o->diag_ctx, ERG_DIAG_WARNING, b.ptr ? b.ptr : "nodes dropped");
		erg_buf_free(&b);
	}
	free(r);
	return 0;
}

int erg_graph_filter(erg_graph **out, const erg_graph *g, const erg_filter_options *o)
{
	erg_filter_options defaults = ERG_FILTER_OPTIONS_INIT;
	erg_graph *dst = NULL;
	erg_node **map = NULL;
	erg_node **seeds = NULL;
	size_t nseeds = 0;
	int rc;

	*out = NULL;
	if (!o)
		o = &defaults;
	if (!g->finished)
		return erg_fail(ERG_EUSAGE, "filter: the graph is not finished");
	for (size_t i = 0; o->focus && o->focus[i]; i++)
		nseeds++;
	if (nseeds && !(seeds = erg_calloc(nseeds, sizeof *seeds)))
		return ERG_ESYS;
	for (size_t i = 0; i < nseeds; i++) {
		if (!(seeds[i] = (erg_node *)find_focus(g, o->focus[i]))) {
			free(seeds);
			return erg_fail(ERG_EINVALID, "--focus: no entity '%s' (neither an id nor a name)",
					o->focus[i]);
		}
	}
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i]->mark = (!o->types || in_csv(o->types, g->nodes[i]->type)) ? KEEP : 0;
	for (size_t i = 0; i < nseeds; i++)
		seeds[i]->mark |= SEED;
	if (o->relations || o->min_weight > 1) {
		/* Nodes the edge filters leave alone are dropped... */
		for (size_t i = 0; i < g->nnodes; i++)
			g->nodes[i]->mark |= ORPHAN;
		for (size_t i = 0; i < g->nedges; i++) {
			if (edge_kept(g->edges[i], o)) {
				g->edges[i]->source->mark &= (unsigned char)~ORPHAN;
				g->edges[i]->target->mark &= (unsigned char)~ORPHAN;
			}
		}
		/* ...except the focus itself. */
		for (size_t i = 0; i < g->nnodes; i++)
			if ((g->nodes[i]->mark & ORPHAN) && !(g->nodes[i]->mark & SEED))
				g->nodes[i]->mark = 0;
	}
	if (nseeds) {
		reach(g, o->depth > 0 ? o->depth : 1, o);
		for (size_t i = 0; i < g->nnodes; i++)
			if (!(g->nodes[i]->mark & REACHED))
				g->nodes[i]->mark = 0;
	}
	if (o->max_nodes > 0 && (rc = limit_nodes(g, o)) < 0)
		goto done;
	/* The part shares the whole's documents and store. */
	if ((rc = erg_graph_share(&dst, g)) < 0)
		goto done;
	if (!(map = erg_calloc(g->nnodes, sizeof *map))) {
		rc = ERG_ESYS;
		goto done;
	}
	for (size_t i = 0; i < g->nnodes; i++)
		if ((g->nodes[i]->mark & KEEP) && (rc = erg_graph_copy_node(dst, g->nodes[i], &map[i])) < 0)
			goto done;
	for (size_t i = 0; i < g->nedges; i++)
		if (edge_kept(g->edges[i], o) &&
		    (rc = erg_graph_copy_edge(dst, g->edges[i], map[g->edges[i]->source->index],
					      map[g->edges[i]->target->index])) < 0)
			goto done;
	if ((rc = erg_graph_vocab(dst, NULL)) < 0)
		goto done;
	rc = erg_graph_finish(dst);
done:
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i]->mark = 0;
	free(seeds);
	free(map);
	if (rc < 0)
		erg_graph_free(dst);
	else
		*out = dst;
	return rc;
}
