/*
 * json.h - a fast JSON parser that builds cJSON trees in an arena.
 *
 * The trees are read with the ordinary cJSON accessors.  Whatever the fast
 * parser does not accept is left to cJSON (ERG_JSON_FALLBACK), so error
 * messages stay cJSON's; whenever it returns ERG_JSON_OK the tree is the
 * one erg_json_parse() would build from the same bytes, down to the bits of
 * valuedouble and the prev links.
 */
#ifndef ERG_JSON_H
#define ERG_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* An arena that owns every tree parsed into it. */
typedef struct erg_json_arena erg_json_arena;

/** A new empty arena (NULL when out of memory); free it with erg_json_arena_free(). */
erg_json_arena *erg_json_arena_new(void);
/** Forget every tree parsed into `a` (their nodes become invalid) but keep its memory for reuse. */
void erg_json_arena_reset(erg_json_arena *a);
/** Free the arena and every tree in it (NULL is allowed). */
void erg_json_arena_free(erg_json_arena *a);
/**
 * Object member names equal to one of `keys` (NULL-terminated, none empty;
 * they must outlive the arena) are given in the trees as those very
 * pointers instead of copies, so that their readers may find a member by
 * comparing pointers before strings.  An arena takes 32 keys in all:
 * those it has and the list given (repeats counted) may not pass that.
 * 0, or -1 (nothing done) when they would, or a key is empty or longer
 * than 255 bytes.
 */
int erg_json_arena_keys(erg_json_arena *a, const char *const *keys);

/*
 * Not ERG_JSON_NOMEM: internal.h defines that name as erg_json_parse()'s
 * out-of-memory offset, and the loaders include both headers.
 */
typedef enum {
	ERG_JSON_OK = 0,       /* *root is the tree, valid until the arena is reset or freed */
	ERG_JSON_FALLBACK = 1, /* not accepted here: parse with cJSON (a syntax error, or a rare construct) */
	ERG_JSON_TOO_DEEP = 2, /* nesting deeper than max_depth: *where is the '[' or '{' that opens level max_depth + 1 */
	ERG_JSON_OOM = 3,      /* an allocation failed */
} erg_json_status;

/**
 * Parse exactly one JSON value filling buf[0..len) (JSON white space around it allowed) into
 * trees allocated in `a`.  The input is not modified and need not be NUL-terminated.  Never
 * call cJSON_Delete on the result: the arena owns it.  Unless the result is ERG_JSON_OK the
 * arena is left as it was and *root is NULL.  max_depth is at most 1000 (cJSON's own limit;
 * deeper than that is ERG_JSON_FALLBACK).  ERG_JSON_TOO_DEEP is reported when the
 * bracket too deep comes, in reading order, before any syntax error; a construct this parser
 * leaves to cJSON (a byte order mark, "01", "1.") that comes first gives ERG_JSON_FALLBACK.
 */
erg_json_status erg_json_parse_fast(erg_json_arena *a, const char *buf, size_t len, int max_depth,
				    cJSON **root, size_t *where);

#endif
