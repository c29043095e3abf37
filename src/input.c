/*
 * input.c - what every reader of an input shares: the limits in force,
 * JSON parsed into the load's arena, lines of JSON Lines and their
 * places, and the --since/--until range.
 */
#include "input.h"

#include "diag.h"
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const erg_limits *erg_load_limits(const erg_load_ctx *ctx)
{
	static const erg_limits defaults = ERG_LIMITS_INIT;

	return ctx->opts->version >= 2 ? &ctx->opts->limits : &defaults;
}

bool erg_load_graph_fits(erg_load_ctx *ctx, erg_graph *g, size_t entities, size_t relations,
			 bool upto)
{
	static const erg_limits defaults = ERG_LIMITS_INIT;
	const erg_limits *l = erg_load_limits(ctx);
	/* Options that predate these limits leave them 0. */
	long max_e = ctx->opts->version >= 4 && l->graph_entities > 0 ? l->graph_entities
								       : defaults.graph_entities;
	long max_r = ctx->opts->version >= 4 && l->graph_relations > 0 ? l->graph_relations
								        : defaults.graph_relations;
	size_t ne = erg_graph_node_count(g), nr = erg_graph_edge_count(g);
	bool nodes;

	if (g->over_limit)
		return false;
	/* Counts saturate: an upper bound may be huge. */
	ne = entities > SIZE_MAX - ne ? SIZE_MAX : ne + entities;
	nr = relations > SIZE_MAX - nr ? SIZE_MAX : nr + relations;
	if (ne <= (size_t)max_e && nr <= (size_t)max_r)
		return true;
	nodes = ne > (size_t)max_e;
	erg_diag(ctx, ERG_DIAG_ERROR, "%s: graph-%s: the graph would hold %s%zu %s, more than the "
		 "limit of %ld (--limit graph-%s=N raises it)", ctx->path,
		 nodes ? "entities" : "relations", upto ? "up to " : "", nodes ? ne : nr,
		 nodes ? "entities" : "relations", nodes ? max_e : max_r,
		 nodes ? "entities" : "relations");
	g->over_limit = true;
	return false;
}

/* Refuse JSON nested deeper than the limit before parsing it. */
static bool too_deep(erg_load_ctx *ctx, const char *buf, size_t len, int line_offset)
{
	int max = erg_load_limits(ctx)->depth, line, col;
	size_t where;

	if (!erg_json_too_deep(buf, len, max, &where))
		return false;
	erg_text_position(buf, where, &line, &col);
	erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: nested deeper than %d levels (--limit depth=N raises it)",
		 ctx->path, line + line_offset, col, max);
	return true;
}

/*
 * Parse one JSON text of an input into *root, in ctx's arena: the arena
 * parser, and cJSON for whatever it leaves (rare constructs, and every
 * syntax error, so that messages are cJSON's positions; that tree is
 * ctx->cjson_tree).  0, or ERG_EINVALID when reported, or ERG_ESYS.  Give
 * the tree back with erg_load_release().
 */
int erg_load_parse(erg_load_ctx *ctx, const char *buf, size_t len, int line_offset, cJSON **root)
{
	int max = erg_load_limits(ctx)->depth, line, col;
	size_t where;

	*root = ctx->cjson_tree = NULL;
	switch (erg_json_parse_fast(ctx->arena, buf, len, max, root, &where)) {
	case ERG_JSON_OK:
		return 0;
	case ERG_JSON_OOM:
		return erg_nomem();
	case ERG_JSON_TOO_DEEP:
		erg_text_position(buf, where, &line, &col);
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: nested deeper than %d levels (--limit depth=N raises it)",
			 ctx->path, line + line_offset, col, max);
		return ERG_EINVALID;
	default:
		break;
	}
	/* cJSON nests up to 1000 levels: the limit is checked before it parses. */
	if (too_deep(ctx, buf, len, line_offset))
		return ERG_EINVALID;
	if (!(*root = erg_json_parse(buf, len, &where))) {
		if (where == ERG_JSON_NOMEM)
			return ERG_ESYS;
		erg_diag_syntax(ctx, buf, len, where, line_offset);
		return ERG_EINVALID;
	}
	ctx->cjson_tree = *root;
	return 0;
}

void erg_load_release(erg_load_ctx *ctx, cJSON *root)
{
	if (root && root == ctx->cjson_tree) {
		cJSON_Delete(root);
		ctx->cjson_tree = NULL;
	} else if (root) {
		erg_json_arena_reset(ctx->arena);
	}
}

bool erg_load_in_range(const erg_load_ctx *ctx, const char *published)
{
	const erg_load_options *o = ctx->opts;

	if (!o->since && !o->until)
		return true;
	if (!published)
		return false; /* an undated document is in no time slice */
	/* Compare on the shorter precision: "2015" is within 2015-01-01..2015-12-31. */
	if (o->since && strncmp(published, o->since, strlen(published) < strlen(o->since)
							       ? strlen(published)
							       : strlen(o->since)) < 0)
		return false;
	if (o->until && strncmp(published, o->until, strlen(published) < strlen(o->until)
							       ? strlen(published)
							       : strlen(o->until)) > 0)
		return false;
	return true;
}

bool erg_load_is_native(const erg_load_ctx *ctx, const cJSON *root)
{
	erg_format fmt = ctx->opts->format;

	if (fmt == ERG_FORMAT_AUTO)
		return cJSON_GetObjectItemCaseSensitive(root, "ergraph") != NULL;
	return fmt != ERG_FORMAT_DOCCANO;
}

int erg_line_where(erg_buf *where, const char *path, int lineno)
{
	char num[16];

	where->len = 0;
	snprintf(num, sizeof num, ":%d", lineno);
	if (erg_buf_puts(where, path) < 0 || erg_buf_puts(where, num) < 0)
		return ERG_ESYS;
	return 0;
}

bool erg_next_line(const char *buf, size_t len, size_t *start, size_t *ls, size_t *le)
{
	const char *nl = memchr(buf + *start, '\n', len - *start);
	size_t end = nl ? (size_t)(nl - buf) : len, p = *start;

	*ls = *start;
	*le = end;
	*start = end + 1;
	while (p < end && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\r'))
		p++;
	return p < end;
}

