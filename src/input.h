/*
 * input.h - what every reader of an input shares (input.c): the limits
 * in force, JSON parsed into the load's arena, lines and their places.
 */
#ifndef ERG_INPUT_H
#define ERG_INPUT_H

#include "internal.h"

/** The limits in force (the defaults for options older than version 2). */
const erg_limits *erg_load_limits(const erg_load_ctx *ctx);
/**
 * Does the graph stay within graph-entities and graph-relations with
 * `entities` and `relations` more (0, 0: as it is)?  `upto`: the counts
 * are an upper bound.  When not, says so once for the graph, naming the
 * input, and no document merges into it after that (g->over_limit).
 */
bool erg_load_graph_fits(erg_load_ctx *ctx, erg_graph *g, size_t entities, size_t relations,
			 bool upto);

/** Is this published date inside the --since/--until range? */
bool erg_load_in_range(const erg_load_ctx *ctx, const char *published);

/**
 * Parse one JSON text of an input into *root, in ctx's arena (cJSON for
 * what the arena parser leaves: the tree is then ctx->cjson_tree).  0, or
 * ERG_EINVALID when reported, or ERG_ESYS.
 */
int erg_load_parse(erg_load_ctx *ctx, const char *buf, size_t len, int line_offset, cJSON **root);
/** A tree from erg_load_parse() is done with: freed, or its arena reset. */
void erg_load_release(erg_load_ctx *ctx, cJSON *root);
/** Is this parsed line a native document (else doccano)? */
bool erg_load_is_native(const erg_load_ctx *ctx, const cJSON *root);
/** The next line of buf from *start, [*ls, *le); whether it holds anything but space. */
bool erg_next_line(const char *buf, size_t len, size_t *start, size_t *ls, size_t *le);
/** "PATH:LINE" into where. */
int erg_line_where(erg_buf *where, const char *path, int lineno);

#endif
