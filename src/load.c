/*
 * load.c - turn INPUT arguments into documents and graphs.
 *
 * A file, a directory (read recursively, names in byte order, hidden entries
 * skipped, only .json and .jsonl inside) or "-".  The format comes from the
 * options, else from the extension and the content.  Every problem goes to
 * the diagnostic callback; loading goes on with the next document so that
 * one run reports every error.
 */
#include "internal.h"
#include "json.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * What a checking thread reports waits in ctx->deferred as records: a
 * kind (a diag level, or SYSERROR), whether the message could not be
 * made, and the message with its NUL.
 */
enum { SYSERROR = 0x7f };

static void defer(erg_buf *b, int kind, const char *msg, bool nomem)
{
	char head[2] = {(char)kind, (char)nomem};

	/* A record that cannot be kept fails the buffer: the replay stops
	 * the load as out of memory rather than lose a message. */
	erg_buf_put(b, head, 2);
	erg_buf_put(b, msg, strlen(msg) + 1);
}

/* ---- repeated messages summarised ------------------------------------ */

/* One kind of message: the same text at other places. */
typedef struct {
	erg_diag_level level;
	char *text;       /* what the first says, without the place (its first line) */
	bool varies;      /* others said it with other numbers: print the key's form */
	char *unit;       /* what its places are: "relations", "entities", ... */
	char *key;        /* its kind_key() */
	char *last_doc;   /* the document of the latest one, to count documents */
	size_t count, docs;
} diag_kind;

struct erg_diag_summary {
	unsigned int shown;   /* given out in full, of each kind */
	erg_map kinds;        /* level and text -> diag_kind */
	diag_kind **order;    /* as they first came */
	size_t n;
	size_t hidden;
};

int erg_diag_summary_new(erg_diag_summary **out, unsigned int shown)
{
	if (!(*out = erg_calloc(1, sizeof **out)))
		return erg_nomem();
	(*out)->shown = shown ? shown : 1;
	return 0;
}

size_t erg_diag_summary_hidden(const erg_diag_summary *s)
{
	return s ? s->hidden : 0;
}

static void forget_kinds(erg_diag_summary *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->order[i]->text);
		free(s->order[i]->unit);
		free(s->order[i]->key);
		free(s->order[i]->last_doc);
		free(s->order[i]);
	}
	free(s->order);
	s->order = NULL;
	s->n = 0;
	s->hidden = 0;
	erg_map_free(&s->kinds);
}

void erg_diag_summary_free(erg_diag_summary *s)
{
	if (!s)
		return;
	forget_kinds(s);
	free(s);
}

/* n with a comma between thousands, as people read counts. */
static void put_count(erg_buf *b, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%zu", n);

	for (int i = 0; i < len; i++) {
		erg_buf_put(b, digits + i, 1);
		if ((len - i - 1) % 3 == 0 && i + 1 < len)
			erg_buf_put(b, ",", 1);
	}
}

void erg_diag_summary_end(erg_diag_summary *s, erg_diag_fn diag, void *ctx)
{
	erg_buf b = ERG_BUF_INIT;

	for (size_t i = 0; s && diag && i < s->n; i++) {
		const diag_kind *k = s->order[i];

		if (k->count <= s->shown)
			continue;
		b.len = 0;
		erg_buf_printf(&b, "%s: in ", k->varies ? k->key + 1 : k->text);
		if (strcmp(k->unit, "documents") != 0) {
			put_count(&b, k->count);
			erg_buf_printf(&b, " %s of ", k->unit);
		}
		put_count(&b, k->docs);
		erg_buf_printf(&b, " document%s, the first %u shown (--all-warnings shows every one)",
			       k->docs == 1 ? "" : "s", s->shown);
		diag(ctx, k->level, b.ptr ? b.ptr : "out of memory");
	}
	erg_buf_free(&b);
	if (s)
		forget_kinds(s);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Split a message "FILE[:LINE[:COL]]: [PATH: ]TEXT" into the document it
 * is about (FILE, FILE:LINE, or FILE and the task "[N]" of an export),
 * the path and what it says.  A message that does not start with the
 * input's name is all text.
 */
static void split_place(const erg_load_ctx *ctx, const char *msg, erg_buf *doc, const char **path,
			size_t *path_len, const char **text)
{
	size_t n = strlen(ctx->path);
	const char *p = msg + n, *q;

	*path = NULL;
	*path_len = 0;
	*text = msg;
	if (!*ctx->path || strncmp(msg, ctx->path, n) != 0)
		return;
	if (*p == ':' && is_digit(p[1])) /* a line: JSON Lines' documents are lines */
		for (p++; is_digit(*p); p++)
			;
	erg_buf_put(doc, msg, (size_t)(p - msg));
	if (*p == ':' && is_digit(p[1])) /* a column */
		for (p++; is_digit(*p); p++)
			;
	if (p[0] != ':' || p[1] != ' ')
		return;
	p += 2;
	/* A JSON path has no spaces ("relations[2].type", "[29].annotations[0]"). */
	for (q = p; *q && (erg_ascii_alnum((unsigned char)*q) || strchr("_.[]-", *q)); q++)
		;
	if (q > p && q[0] == ':' && q[1] == ' ') {
		*path = p;
		*path_len = (size_t)(q - p);
		if (*p == '[') /* a task or document of an export */
			erg_buf_put(doc, p, strcspn(p, "]") + 1);
		p = q + 2;
	}
	*text = p;
}

/* What the places of a path are: the leading word of a list, else "places". */
static char *unit_of(const char *path, size_t len)
{
	size_t w = 0;

	if (!path)
		return erg_strdup("places");
	while (w < len && erg_ascii_alnum((unsigned char)path[w]) && !is_digit(path[w]))
		w++;
	if (w == 8 && strncmp(path, "document", 8) == 0)
		return erg_strdup("documents");
	if (w > 1 && path[w - 1] == 's' && w < len && path[w] == '[')
		return strndup(path, w);
	return erg_strdup("places");
}

/*
 * The kind of a message: its level and first line, each number outside
 * quotes as "N" ("span [N, N) is past the end of the text (N
 * characters)"), the quoted values as they are ('citizen_of').
 */
static int kind_key(erg_buf *key, erg_diag_level level, const char *text)
{
	size_t n = strcspn(text, "\n");
	char quote = 0;

	erg_buf_put(key, level == ERG_DIAG_ERROR ? "E" : "W", 1);
	for (size_t i = 0; i < n; i++) {
		if (quote ? text[i] == quote : (text[i] == '\'' || text[i] == '"'))
			quote = quote ? 0 : text[i];
		if (!quote && is_digit(text[i])) {
			while (i + 1 < n && is_digit(text[i + 1]))
				i++;
			erg_buf_put(key, "N", 1);
		} else {
			erg_buf_put(key, text + i, 1);
		}
	}
	return key->ptr ? 0 : ERG_ESYS;
}

/*
 * Count a message in the summary; false when it is held back (more of its
 * kind than are shown).  Anything that cannot be counted is shown.
 */
static bool summarised_away(erg_load_ctx *ctx, erg_diag_level level, const char *msg)
{
	erg_diag_summary *s = ctx->opts->version >= 4 ? ctx->opts->summary : NULL;
	erg_buf key = ERG_BUF_INIT, doc = ERG_BUF_INIT;
	const char *path, *text;
	size_t path_len;
	diag_kind *k;
	bool away = false;

	if (!s || level == ERG_DIAG_NOTE)
		return false;
	split_place(ctx, msg, &doc, &path, &path_len, &text);
	if (kind_key(&key, level, text) < 0)
		goto done;
	if (!(k = erg_map_get(&s->kinds, key.ptr))) {
		diag_kind **v = erg_reallocarray(s->order, s->n + 1, sizeof *v);

		if (!v)
			goto done;
		s->order = v;
		if (!(k = erg_calloc(1, sizeof *k)))
			goto done;
		k->level = level;
		k->text = strndup(text, strcspn(text, "\n"));
		k->unit = unit_of(path, path_len);
		k->key = erg_strdup(key.ptr);
		if (!k->text || !k->unit || !k->key || erg_map_put(&s->kinds, key.ptr, k) < 0) {
			free(k->text);
			free(k->unit);
			free(k->key);
			free(k);
			goto done;
		}
		s->order[s->n++] = k;
	}
	k->count++;
	k->varies |= strncmp(k->text, text, strlen(k->text)) != 0 || !strchr("\n", text[strlen(k->text)]);
	if (!k->last_doc || strcmp(k->last_doc, doc.ptr ? doc.ptr : "") != 0) {
		k->docs++;
		free(k->last_doc);
		k->last_doc = erg_strdup(doc.ptr ? doc.ptr : "");
	}
	away = k->count > s->shown;
	s->hidden += away;
done:
	erg_buf_free(&key);
	erg_buf_free(&doc);
	return away;
}

/* Give one message out; `nomem`: it could not be made. */
static void emit(erg_load_ctx *ctx, erg_diag_level level, const char *msg, bool nomem)
{
	if (ctx->deferred) {
		defer(ctx->deferred, (int)level, msg, nomem);
		return;
	}
	/* A message that could not be made is a system error of its own. */
	ctx->syserrors += nomem;
	if (level == ERG_DIAG_ERROR || nomem) {
		ctx->errors++;
		erg_fail(nomem ? ERG_ESYS : ERG_EINVALID, "%s", msg);
	}
	if (ctx->opts->diag && (nomem || !summarised_away(ctx, level, msg)))
		ctx->opts->diag(ctx->opts->diag_ctx, level, msg);
}

void erg_diag(erg_load_ctx *ctx, erg_diag_level level, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	if (level == ERG_DIAG_WARNING && ctx->opts->strict)
		level = ERG_DIAG_ERROR;
	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	emit(ctx, level, b.ptr ? b.ptr : "out of memory", !b.ptr);
	erg_buf_free(&b);
}

void erg_load_syserror(erg_load_ctx *ctx)
{
	if (ctx->deferred)
		defer(ctx->deferred, SYSERROR, "", false);
	else
		ctx->syserrors++;
}

void erg_diag_replay(erg_load_ctx *ctx, const erg_buf *deferred, size_t from, size_t to)
{
	while (from + 2 < to) {
		const char *rec = deferred->ptr + from, *msg = rec + 2;

		if (rec[0] == SYSERROR)
			ctx->syserrors++;
		else
			emit(ctx, (erg_diag_level)rec[0], msg, rec[1]);
		from += 2 + strlen(msg) + 1;
	}
}

void erg_diag_at(erg_load_ctx *ctx, const char *path, const char *fmt, ...)
{
	erg_buf b = ERG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	erg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!b.ptr)
		emit(ctx, ERG_DIAG_ERROR, "out of memory", true);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s: %s", ctx->path, path, b.ptr);
	erg_buf_free(&b);
}

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
 * the tree back with release_json().
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

/* A tree from erg_load_parse() is done with. */
static void release_json(erg_load_ctx *ctx, cJSON *root)
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

static bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The last non-space byte before `off`, or -1. */
static long prev_char(const char *buf, size_t off)
{
	while (off > 0 && is_space(buf[off - 1]))
		off--;
	return off > 0 ? (long)(off - 1) : -1;
}

/* Depth of brackets open at `off`, outside strings. */
static int depth_at(const char *buf, size_t off)
{
	bool in_string = false;
	int depth = 0;

	for (size_t i = 0; i < off; i++) {
		if (in_string) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				in_string = false;
		} else if (buf[i] == '"') {
			in_string = true;
		} else if (buf[i] == '{' || buf[i] == '[') {
			depth++;
		} else if (buf[i] == '}' || buf[i] == ']') {
			depth--;
		}
	}
	return depth;
}

/*
 * Turn the byte where cJSON stopped into a message and the place a reader
 * should look at (*where may move back to the real culprit).
 */
static void syntax_hint(erg_buf *b, const char *buf, size_t len, size_t *where, bool at_end)
{
	size_t w = *where;
	long prev = prev_char(buf, w < len ? w : len);
	unsigned char c = w < len ? (unsigned char)buf[w] : 0;

	if (w > 0 && w <= len && buf[w - 1] == '"' && prev == (long)w - 1 &&
	    (prev_char(buf, w - 1) < 0 || strchr("{[,:", buf[prev_char(buf, w - 1)]))) {
		/* cJSON stopped inside a string that starts at w - 1. */
		for (size_t i = w; i < len; i++) {
			if (buf[i] == '"') {
				break;
			} else if ((unsigned char)buf[i] < 0x20) {
				*where = i;
				erg_buf_printf(b, "control character 0x%02x inside a string (escape it, as \\n)",
					       (unsigned char)buf[i]);
				return;
			} else if (buf[i] == '\\') {
				if (i + 1 < len && !strchr("\"\\/bfnrtu", buf[i + 1])) {
					*where = i;
					erg_buf_printf(b, "invalid escape '\\%c' in a string", buf[i + 1]);
					return;
				}
				i++;
			}
		}
		*where = w - 1;
		erg_buf_puts(b, "unterminated string (no closing '\"')");
		return;
	}
	if (at_end || w >= len) {
		*where = prev >= 0 ? (size_t)prev + 1 : 0;
		erg_buf_puts(b, "unexpected end of input (an unclosed '{' or '[')");
		return;
	}
	if ((c == '}' || c == ']' || is_space((char)c)) && prev >= 0 && (buf[prev] == '}' || buf[prev] == ']') &&
	    prev_char(buf, (size_t)prev) >= 0 && buf[prev_char(buf, (size_t)prev)] == ',') {
		*where = (size_t)prev_char(buf, (size_t)prev);
		erg_buf_printf(b, "trailing comma before '%c'", buf[prev]);
		return;
	}
	if ((c == '}' || c == ']') && prev >= 0 && buf[prev] == ',') {
		*where = (size_t)prev;
		erg_buf_printf(b, "trailing comma before '%c'", c);
		return;
	}
	if (prev >= 0 && buf[prev] == ',' && prev_char(buf, (size_t)prev) >= 0 &&
	    buf[prev_char(buf, (size_t)prev)] == ',') {
		*where = (size_t)prev;
		erg_buf_puts(b, "two commas in a row");
		return;
	}
	if (w > 0 && buf[w - 1] == '\'') {
		*where = w - 1;
		erg_buf_puts(b, "strings take double quotes, not single quotes");
		return;
	}
	if ((c == '[' || c == '{') && depth_at(buf, w) >= 1000) {
		erg_buf_puts(b, "nested deeper than 1000 levels");
		return;
	}
	if (prev >= 0 && buf[prev] == '"') {
		/* After a string: a key wants ':', a value wants ','. */
		long open = prev - 1;

		while (open >= 0 && !(buf[open] == '"' && (open == 0 || buf[open - 1] != '\\')))
			open--;
		if (open >= 0 && prev_char(buf, (size_t)open) >= 0 &&
		    strchr("{,", buf[prev_char(buf, (size_t)open)]) && c != ':') {
			erg_buf_puts(b, "missing ':' after the key");
			return;
		}
	}
	if (prev >= 0 && strchr("\"0123456789}]el", buf[prev]) && strchr("\"{[tfn-0123456789", c)) {
		erg_buf_puts(b, "missing ',' between values");
		return;
	}
	if (c < 0x20)
		erg_buf_printf(b, "unexpected control character 0x%02x", c);
	else if (c < 0x80)
		erg_buf_printf(b, "unexpected character '%c'", c);
	else
		erg_buf_puts(b, "unexpected character");
}

void erg_diag_syntax(erg_load_ctx *ctx, const char *buf, size_t len, size_t where, int line_offset)
{
	erg_buf b = ERG_BUF_INIT, hint = ERG_BUF_INIT;
	int line, col;
	size_t start, end;
	bool at_end = false;
	char *padded;

	/* cJSON reports an error at the end as the last byte: parse once more
	 * with a space appended; if the error moves, it was at the end. */
	if (where + 1 >= len && (padded = malloc(len + 2))) {
		size_t moved = 0;
		cJSON *j;

		memcpy(padded, buf, len);
		padded[len] = ' ';
		padded[len + 1] = '\0';
		j = erg_json_parse(padded, len + 1, &moved);
		cJSON_Delete(j);
		at_end = !j && moved >= len && moved != ERG_JSON_NOMEM;
		free(padded);
		if (at_end)
			where = len;
	}
	erg_text_position(buf, where, &line, &col);
	if (where < len && len - where >= 6 && memcmp(buf + where, "\\u0000", 6) == 0) {
		/* Valid JSON, but refused (erg_json_parse): not a syntax error. */
		erg_buf_printf(&b, "%s:%d:%d: \\u0000 in a string: NUL characters are refused",
			       ctx->path, line + line_offset, col);
	} else {
		syntax_hint(&hint, buf, len, &where, at_end);
		erg_text_position(buf, where, &line, &col);
		erg_buf_printf(&b, "%s:%d:%d: syntax error: %s", ctx->path, line + line_offset, col,
			       hint.ptr ? hint.ptr : "");
	}
	/* The source line and a caret, as jq and compilers show them. */
	start = end = where;
	while (start > 0 && buf[start - 1] != '\n' && where - start < 60)
		start--;
	while (end < len && buf[end] != '\n' && end - where < 20)
		end++;
	/* Never a piece of a character: the terminal would get invalid UTF-8. */
	while (start < where && ((unsigned char)buf[start] & 0xc0) == 0x80)
		start++;
	while (end > where && end < len && ((unsigned char)buf[end] & 0xc0) == 0x80)
		end--;
	{
		const char *more = start > 0 && buf[start - 1] != '\n' ? "..." : "";

		erg_buf_printf(&b, "\n %5d | %s", line + line_offset, more);
		erg_buf_put(&b, buf + start, end - start);
		erg_buf_printf(&b, "\n       | %s%*s^", *more ? "   " : "",
			       (int)erg_utf8_length(buf + start, where - start), "");
	}
	if (!b.ptr) /* the message could not be made */
		emit(ctx, ERG_DIAG_ERROR, "out of memory", true);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s", b.ptr);
	erg_buf_free(&b);
	erg_buf_free(&hint);
}

static int check_text(erg_load_ctx *ctx, const char *buf, size_t len)
{
	size_t bad;
	int line, col;

	if (erg_utf8_valid(buf, len, &bad))
		return 0;
	erg_text_position(buf, bad, &line, &col);
	if (buf[bad] == '\0')
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: NUL byte in the file", ctx->path, line, col);
	else
		erg_diag(ctx, ERG_DIAG_ERROR, "%s:%d:%d: invalid UTF-8 (byte 0x%02x)", ctx->path,
			 line, col, (unsigned char)buf[bad]);
	return ERG_EINVALID;
}

/*
 * JSON Lines, whatever the name: the first line that is not blank is a
 * whole JSON value and another line follows it.  A one-document file
 * has no such line (its first line is "{" or the whole document), so
 * only the first line is ever parsed here.
 */
static bool looks_like_lines(const char *buf, size_t len)
{
	size_t start = 0, ls = 0, le = 0, ns, ne, err;
	bool first = false, second = false;
	cJSON *j;

	while (start < len && !(first = erg_next_line(buf, len, &start, &ls, &le)))
		;
	while (first && start < len && !(second = erg_next_line(buf, len, &start, &ns, &ne)))
		;
	if (!second)
		return false;
	while (ns < ne && is_space(buf[ns]))
		ns++;
	if (!strchr("{[\"-0123456789tfn", buf[ns]))
		return false; /* not a value: a syntax error, as one document */
	if (!(j = erg_json_parse(buf + ls, le - ls, &err)))
		return false;
	cJSON_Delete(j);
	return true;
}

static bool is_vocabulary(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base ? base + 1 : path, "ergraph-vocabulary.json") == 0;
}

static bool has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && strcmp(path + n - e, ext) == 0;
}

/*
 * A converted document's relations speak the foreign labels' language:
 * the relation types it uses, and the entity types at their ends, are
 * declared (added to the vocabulary) rather than warned about.  `changed`
 * collects the types declared, for import's ergraph-vocabulary.json.
 */
static int declare_uses(erg_vocab *vocab, const cJSON *doc, erg_strset *changed)
{
	const cJSON *ents = cJSON_GetObjectItemCaseSensitive(doc, "entities"), *rel;

	cJSON_ArrayForEach(rel, cJSON_GetObjectItemCaseSensitive(doc, "relations")) {
		const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "type"));
		const char *ends[2] = {cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "source")),
				       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rel, "target"))};
		const char *types[2] = {NULL, NULL};
		const erg_reltype *rt;
		const cJSON *e;
		int rc;

		if (!type || !erg_word_valid(type))
			continue;
		cJSON_ArrayForEach(e, ents) {
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "id"));

			for (int k = 0; k < 2; k++)
				if (id && ends[k] && strcmp(id, ends[k]) == 0)
					types[k] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "type"));
		}
		if (!(rt = erg_vocab_find(vocab, type))) {
			if ((rc = erg_vocab_add(vocab, type)) < 0 || (changed && erg_strset_add(changed, type) < 0))
				return rc < 0 ? rc : ERG_ESYS;
			continue;
		}
		if ((types[0] && rt->sources.n && !erg_strset_has(&rt->sources, types[0])) ||
		    (types[1] && rt->targets.n && !erg_strset_has(&rt->targets, types[1]))) {
			if ((rc = erg_vocab_allow(vocab, type, types[0], types[1])) < 0 ||
			    (changed && erg_strset_add(changed, type) < 0))
				return rc < 0 ? rc : ERG_ESYS;
		}
	}
	return 0;
}

/* build: a converted document declares its types, then merges. */
static int convert_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	int rc;

	(void)sink_ctx;
	if ((rc = declare_uses(&ctx->graph->vocab, doc, ctx->declared)) < 0)
		return rc;
	return ctx->sink(ctx->sink_ctx, ctx, doc, where);
}

static erg_format detect_json(const cJSON *root)
{
	const cJSON *first = cJSON_IsArray(root) ? cJSON_GetArrayItem(root, 0) : NULL;

	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "nodes"))
		return ERG_FORMAT_GRAPH;
	if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "ergraph"))
		return ERG_FORMAT_NATIVE;
	if (cJSON_GetObjectItemCaseSensitive(first, "vertexSet"))
		return ERG_FORMAT_DOCRED;
	if (cJSON_GetObjectItemCaseSensitive(first, "data") || cJSON_GetObjectItemCaseSensitive(first, "annotations"))
		return ERG_FORMAT_LABELSTUDIO;
	return ERG_FORMAT_AUTO;
}

/* DocRED's relation names: rel_info.json beside the input, if there. */
static int docred_names(erg_mapping *m, const char *path)
{
	const char *slash = strrchr(path, '/');
	erg_buf p = ERG_BUF_INIT;
	char *buf = NULL;
	size_t len, err;
	cJSON *root = NULL;
	const cJSON *it;
	int rc = 0;

	if ((slash && erg_buf_put(&p, path, (size_t)(slash - path + 1)) < 0) ||
	    erg_buf_puts(&p, "rel_info.json") < 0) {
		erg_buf_free(&p);
		return ERG_ESYS;
	}
	/* No rel_info.json beside the file: relations keep their codes. */
	if (access(p.ptr, F_OK) != 0)
		goto done;
	if ((rc = erg_read_file(p.ptr, ERG_MAX_FILE_SIZE, &buf, &len)) < 0)
		goto done;
	if (!(root = erg_json_parse(buf, len, &err))) {
		rc = err == ERG_JSON_NOMEM ? ERG_ESYS : 0;
		goto done;
	}
	cJSON_ArrayForEach(it, root) {
		char *name;

		if (!cJSON_IsString(it))
			continue;
		if (!(name = erg_strdup(it->valuestring)) || erg_map_put(&m->names, it->string, name) < 0) {
			free(name);
			rc = ERG_ESYS;
			break;
		}
	}
done:
	cJSON_Delete(root);
	free(buf);
	erg_buf_free(&p);
	return rc;
}

/* A foreign JSON file: convert, then hand each document to the sink. */
static int import_json(erg_load_ctx *ctx, const cJSON *root, erg_format fmt)
{
	erg_mapping map;
	erg_import_ctx ic;
	int rc;

	if ((rc = erg_mapping_load(&map, fmt, ctx->opts->map)) < 0) {
		erg_mapping_free(&map);
		if (rc == ERG_EINVALID)
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
		return rc == ERG_EINVALID ? 0 : rc;
	}
	ic.sink = convert_sink;
	ic.sink_ctx = NULL;
	ic.map = &map;
	if (fmt == ERG_FORMAT_DOCRED && (rc = docred_names(&map, ctx->path)) < 0)
		goto done;
	rc = fmt == ERG_FORMAT_DOCRED ? erg_import_docred(ctx, &ic, root) : erg_import_labelstudio(ctx, &ic, root);
done:
	erg_mapping_free(&map);
	return rc;
}

/* One JSON document (native or graph JSON) in a buffer. */
static int load_json(erg_graph *g, erg_load_ctx *ctx, const char *buf, size_t len, erg_format fmt)
{
	cJSON *root;
	int rc;

	if ((rc = erg_load_parse(ctx, buf, len, 0, &root)) < 0)
		return rc;
	if (fmt == ERG_FORMAT_AUTO)
		fmt = detect_json(root);
	if (ctx->opts->graphs_only && fmt != ERG_FORMAT_GRAPH)
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: not a graph: merge takes the graph JSON or DOT of "
					      "earlier builds (build reads annotations)", ctx->path);
	else if (ctx->importing && (fmt == ERG_FORMAT_GRAPH || fmt == ERG_FORMAT_NATIVE))
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: already ergraph's own format: nothing to import", ctx->path);
	else if (fmt == ERG_FORMAT_GRAPH)
		rc = erg_load_graphjson(g, ctx, root);
	else if (fmt == ERG_FORMAT_NATIVE)
		rc = ctx->sink(ctx->sink_ctx, ctx, root, ctx->path) == ERG_ESYS ? ERG_ESYS : 0;
	else if (fmt == ERG_FORMAT_LABELSTUDIO || fmt == ERG_FORMAT_DOCRED)
		rc = import_json(ctx, root, fmt);
	else
		erg_diag(ctx, ERG_DIAG_ERROR,
			 "%s: cannot tell the format: not an ergraph annotation (no \"ergraph\" key), "
			 "a graph JSON (\"nodes\"), a Label Studio export (tasks with \"data\") nor "
			 "DocRED (documents with \"vertexSet\"); name it with -f",
			 ctx->path);
	release_json(ctx, root);
	return rc;
}

/* What the lines of one JSON Lines file share. */
typedef struct {
	erg_buf where;         /* "FILE:LINE" */
	erg_mapping map;       /* doccano's labels, loaded at the first doccano line */
	erg_import_ctx ic;
	bool mapped;
} lines_state;

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

/*
 * One line's document, parsed: native to the sink, else doccano.  0 to
 * go on, ERG_ESYS to stop, 1 to stop the file quietly (a doccano mapping
 * that does not load: reported once).
 */
static int line_document(erg_load_ctx *ctx, lines_state *st, const cJSON *root, int lineno)
{
	int rc;

	if ((rc = erg_line_where(&st->where, ctx->path, lineno)) < 0)
		return rc;
	if (erg_load_is_native(ctx, root))
		return ctx->sink(ctx->sink_ctx, ctx, root, st->where.ptr) == ERG_ESYS ? ERG_ESYS : 0;
	if (!st->mapped) {
		if ((rc = erg_mapping_load(&st->map, ERG_FORMAT_DOCCANO, ctx->opts->map)) < 0) {
			if (rc != ERG_EINVALID)
				return rc;
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			return 1;
		}
		st->mapped = true;
	}
	return erg_import_doccano(ctx, &st->ic, root, lineno) == ERG_ESYS ? ERG_ESYS : 0;
}

erg_json_arena *erg_load_arena_new(void)
{
	erg_json_arena *a = erg_json_arena_new();

	/* Only ever saves time: if the list were refused, names are compared. */
	if (a)
		(void)erg_json_arena_keys(a, erg_native_keys);
	return a;
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

static int merge_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where);

/*
 * JSON Lines: one document a line, native or doccano; blank lines skipped.
 * A build checks native lines in a second thread (checker.c) until a line
 * is not one; the rest go through the sink here.
 */
static int load_jsonl(erg_load_ctx *ctx, const char *buf, size_t len)
{
	lines_state st = {.ic = {.sink = convert_sink}};
	size_t start = 0, ls, le;
	int lineno = 0, rc = 0;

	if (ctx->sink == merge_sink && erg_checker_wanted(ctx) &&
	    (rc = erg_checker_run(ctx->graph, ctx, buf, len, &start, &lineno)) < 0 && rc != ERG_EUSAGE)
		return rc;
	rc = 0;
	st.ic.map = &st.map;
	while (start < len) {
		cJSON *root;

		lineno++;
		if (!erg_next_line(buf, len, &start, &ls, &le))
			continue;
		if ((rc = erg_load_parse(ctx, buf + ls, le - ls, lineno - 1, &root)) < 0) {
			if (rc == ERG_ESYS)
				break;
			rc = 0; /* reported: on to the next line */
			continue;
		}
		rc = line_document(ctx, &st, root, lineno);
		release_json(ctx, root);
		if (rc != 0)
			break;
	}
	erg_buf_free(&st.where);
	erg_mapping_free(&st.map);
	return rc < 0 ? rc : 0;
}

/* The folder a file's text_files are relative to (caller frees; NULL: out of memory). */
static char *basedir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash || strcmp(path, "-") == 0)
		return erg_strdup("");
	if (!(dir = strndup(path, (size_t)(slash - path))))
		erg_nomem();
	return dir;
}

static int load_file(erg_graph *g, erg_load_ctx *ctx)
{
	const char *path = ctx->path;
	erg_format fmt = ctx->opts->format;
	erg_buf own = ERG_BUF_INIT, *fb = ctx->filebuf ? ctx->filebuf : &own;
	char *buf, *basedir = basedir_of(path);
	size_t len, skip = 0;
	bool lines;
	int rc;

	if (!(ctx->basedir = basedir))
		return ERG_ESYS;
	rc = erg_read_file_into(path, erg_load_limits(ctx)->file_size, fb);
	buf = fb->ptr;
	len = fb->len;
	if (rc < 0) {
		if (rc == ERG_ESYS && strcmp(erg_error_last(), "out of memory") == 0)
			goto done;
		ctx->syserrors += rc == ERG_ESYS;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
		rc = 0;
		goto done;
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		skip = 3; /* a UTF-8 byte order mark */
	if (fmt == ERG_FORMAT_AUTO) {
		const char *p = buf + skip;

		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (has_ext(path, ".dot") || has_ext(path, ".gv") || strncmp(p, "digraph", 7) == 0 ||
		    strncmp(p, "graph", 5) == 0 || strncmp(p, "strict", 6) == 0)
			fmt = ERG_FORMAT_DOT;
	}
	if (fmt == ERG_FORMAT_DOT && ctx->importing) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: a graph, not annotations: nothing to import", path);
		goto done;
	}
	if (fmt == ERG_FORMAT_DOT) {
		rc = erg_gv_read_dot(g, ctx, buf + skip, len - skip);
		goto done;
	}
	if (check_text(ctx, buf + skip, len - skip) < 0) {
		rc = ERG_EINVALID;
		goto done;
	}
	if (is_vocabulary(path)) {
		/* A folder's own relation types, written by 'ergraph import'. */
		if ((rc = erg_vocab_extend(&ctx->graph->vocab, path)) == ERG_EINVALID) {
			erg_diag(ctx, ERG_DIAG_ERROR, "%s", erg_error_last());
			rc = 0;
		}
	} else if ((lines = has_ext(path, ".jsonl") || looks_like_lines(buf + skip, len - skip)) &&
		   ctx->opts->graphs_only) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: not a graph: merge takes the graph JSON or DOT of "
					      "earlier builds (build reads annotations)", path);
	} else if ((lines && (fmt == ERG_FORMAT_AUTO || fmt == ERG_FORMAT_NATIVE)) || fmt == ERG_FORMAT_DOCCANO) {
		rc = load_jsonl(ctx, buf + skip, len - skip);
	} else {
		rc = load_json(g, ctx, buf + skip, len - skip, fmt);
	}
done:
	erg_buf_free(&own);
	free(basedir);
	ctx->basedir = NULL;
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_path(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth);

static int load_dir(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		ctx->syserrors++;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: cannot open the folder: %s", path, strerror(errno));
		return 0;
	}
	while ((de = readdir(d))) {
		char **v;

		if (de->d_name[0] == '.')
			continue;
		if (!(v = erg_reallocarray(names, n + 1, sizeof *v)) ||
		    !(v[n] = malloc(strlen(path) + strlen(de->d_name) + 2))) {
			names = v ? v : names;
			rc = erg_nomem();
			goto done;
		}
		names = v;
		sprintf(names[n++], "%s%s%s", path, has_ext(path, "/") ? "" : "/", de->d_name);
	}
	erg_sort(names, n, sizeof *names, cmp_str);
	/* The folder's relation types first: its documents use them. */
	for (size_t i = 0; i < n && rc == 0; i++)
		if (is_vocabulary(names[i]))
			rc = load_path(g, ctx, names[i], depth + 1);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;

		if (stat(names[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = load_path(g, ctx, names[i], depth + 1);
		else if (!is_vocabulary(names[i]) && (has_ext(names[i], ".json") || has_ext(names[i], ".jsonl")))
			rc = load_path(g, ctx, names[i], depth + 1);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

static int load_path(erg_graph *g, erg_load_ctx *ctx, const char *path, int depth)
{
	struct stat st;
	erg_load_ctx sub = *ctx;
	int rc;

	if (depth > 64) {
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: folders nested too deep (a link loop?)", path);
		return 0;
	}
	if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
		ctx->syserrors++;
		erg_diag(ctx, ERG_DIAG_ERROR, "%s: %s", path, strerror(errno));
		return 0;
	}
	sub.path = path;
	sub.errors = sub.syserrors = 0;
	if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode))
		rc = load_dir(g, &sub, path, depth);
	else
		rc = load_file(g, &sub);
	ctx->errors += sub.errors;
	ctx->syserrors += sub.syserrors;
	return rc == ERG_ESYS ? rc : 0;
}

/* build: a document merges into the graph. */
static int merge_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	int rc = erg_load_native(sink_ctx, ctx, doc, where, ctx->basedir);

	if (rc == 0 && ctx->opts->progress)
		ctx->opts->progress(ctx->opts->diag_ctx, erg_graph_document_count(sink_ctx));
	return rc;
}

int erg_graph_load(erg_graph *g, const char *path, const erg_load_options *opts)
{
	erg_load_options defaults = ERG_LOAD_OPTIONS_INIT;
	erg_load_ctx ctx = {opts ? opts : &defaults, path, 0, 0, g, merge_sink, g, false, NULL};
	erg_buf filebuf = ERG_BUF_INIT;
	int rc;

	if (g->finished)
		return erg_fail(ERG_EUSAGE, "the graph is finished: load before erg_graph_finish()");
	if ((rc = erg_graph_vocab(g, ctx.opts->vocabulary)) < 0)
		return rc;
	if (!(ctx.arena = erg_load_arena_new()))
		return erg_nomem();
	ctx.filebuf = &filebuf;
	rc = load_path(g, &ctx, path, 0);
	erg_json_arena_free(ctx.arena);
	erg_buf_free(&filebuf);
	if (rc < 0)
		return rc;
	if (ctx.syserrors)
		return ERG_ESYS; /* already reported: an input could not be read */
	return ctx.errors ? ERG_EINVALID : 0;
}

/* ---- import: converted documents become files ------------------------ */

typedef struct {
	erg_graph *scratch;   /* checks each document as build would */
	const char *dir;
	erg_strset files;     /* names written */
	erg_strset added;     /* relation types beyond the built-in ones */
	erg_out *outs;        /* written and closed, renamed only at the end */
	size_t nouts;
} import_state;

/* Write one file of the import to a temporary file, kept for the end. */
static int import_write(import_state *st, const char *path, const char *text)
{
	erg_out *v = erg_reallocarray(st->outs, st->nouts + 1, sizeof *v);
	size_t len = strlen(text);
	int rc;

	if (!v)
		return ERG_ESYS;
	st->outs = v;
	if ((rc = erg_out_open(&v[st->nouts], path)) < 0)
		return rc;
	v = &st->outs[st->nouts++];
	if (fwrite(text, 1, len, v->f) != len || fputc('\n', v->f) == EOF)
		return erg_fail(ERG_ESYS, "%s: cannot write: %s", path, strerror(errno));
	return erg_out_close(v);
}

static int write_sink(void *sink_ctx, erg_load_ctx *ctx, const cJSON *doc, const char *where)
{
	import_state *st = sink_ctx;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "document"), "id");
	erg_buf path = ERG_BUF_INIT;
	char *slug = NULL, *text = NULL;
	int before = ctx->errors, rc = 0;

	if ((rc = erg_load_native(st->scratch, ctx, doc, where, "")) < 0 || ctx->errors != before)
		return rc < 0 ? rc : 0; /* reported; not written */
	if (!(slug = erg_file_slug(cJSON_GetStringValue(id) ? id->valuestring : "document")))
		return erg_nomem();
	/* Slugs are lower case and normalisation-free: names that differ
	 * only by case ("Same", "same") or form get -2, -3, in input order. */
	for (int n = 1;; n++) {
		path.len = 0;
		if ((rc = erg_buf_printf(&path, "%s", *slug ? slug : "document")) < 0 ||
		    (n > 1 && (rc = erg_buf_printf(&path, "-%d", n)) < 0) || (rc = erg_buf_puts(&path, ".json")) < 0)
			goto done;
		if (!erg_strset_has(&st->files, path.ptr))
			break;
	}
	if ((rc = erg_strset_add(&st->files, path.ptr)) < 0 || !(text = cJSON_Print(doc))) {
		rc = erg_nomem();
		goto done;
	}
	{
		erg_buf full = ERG_BUF_INIT;

		rc = erg_buf_printf(&full, "%s/%s", st->dir, path.ptr) < 0 ? erg_nomem()
									 : import_write(st, full.ptr, text);
		erg_buf_free(&full);
	}
done:
	free(text);
	free(slug);
	erg_buf_free(&path);
	return rc;
}

static int write_vocabulary(import_state *st)
{
	cJSON *root = cJSON_CreateObject(), *rels;
	erg_buf path = ERG_BUF_INIT;
	char *text = NULL;
	int rc = 0;

	if (!root || !(rels = cJSON_AddObjectToObject(root, "relations")))
		goto nomem;
	for (size_t i = 0; i < st->added.n; i++) {
		const erg_reltype *rt = erg_vocab_find(&st->scratch->vocab, st->added.v[i]);
		cJSON *t = cJSON_AddObjectToObject(rels, st->added.v[i]), *src, *tgt;

		if (!t || !rt || !cJSON_AddBoolToObject(t, "symmetric", rt->symmetric))
			goto nomem;
		if (rt->sources.n && (!(src = erg_strset_to_json(&rt->sources)) || !cJSON_AddItemToObject(t, "source", src)))
			goto nomem;
		if (rt->targets.n && (!(tgt = erg_strset_to_json(&rt->targets)) || !cJSON_AddItemToObject(t, "target", tgt)))
			goto nomem;
		if (!cJSON_AddStringToObject(t, "description", rt->description ? rt->description : "used by the imported documents"))
			goto nomem;
	}
	if (!(text = cJSON_Print(root)) || erg_buf_printf(&path, "%s/ergraph-vocabulary.json", st->dir) < 0)
		goto nomem;
	rc = import_write(st, path.ptr, text);
	goto done;
nomem:
	rc = erg_nomem();
done:
	cJSON_Delete(root);
	free(text);
	erg_buf_free(&path);
	return rc;
}

int erg_import(const char *path, const char *dir, const erg_load_options *opts)
{
	return erg_import_paths(&path, 1, dir, opts);
}

int erg_import_paths(const char *const *paths, size_t n, const char *dir,
		     const erg_load_options *opts)
{
	erg_load_options defaults = ERG_LOAD_OPTIONS_INIT;
	import_state st = {NULL, dir, {0}, {0}, NULL, 0};
	erg_load_ctx ctx = {opts ? opts : &defaults, n ? paths[0] : "", 0, 0, NULL, write_sink, &st, true, &st.added};
	erg_buf filebuf = ERG_BUF_INIT;
	struct stat sb;
	int rc;

	if (stat(dir, &sb) != 0 && mkdir(dir, 0755) != 0)
		return erg_fail(ERG_ESYS, "%s: cannot make the folder: %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return erg_fail(ERG_ESYS, "%s: not a folder", dir);
	if (!(ctx.arena = erg_load_arena_new()))
		return erg_nomem();
	if ((rc = erg_graph_new(&st.scratch)) < 0 || (rc = erg_graph_vocab(st.scratch, ctx.opts->vocabulary)) < 0)
		goto done;
	ctx.graph = st.scratch;
	ctx.filebuf = &filebuf;
	/* No document file may take the vocabulary's name. */
	if ((rc = erg_strset_add(&st.files, "ergraph-vocabulary.json")) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		ctx.path = paths[i];
		if ((rc = load_path(st.scratch, &ctx, paths[i], 0)) < 0)
			goto done;
	}
	if (st.added.n && (rc = write_vocabulary(&st)) < 0)
		goto done;
	/* Every document checked: the files appear now, all of them. */
	if (ctx.syserrors)
		rc = ERG_ESYS;
	else if ((rc = erg_out_commit_all(st.outs, st.nouts)) == 0 && ctx.errors)
		rc = ERG_EINVALID;
done:
	for (size_t i = 0; i < st.nouts; i++)
		erg_out_discard(&st.outs[i]);
	erg_json_arena_free(ctx.arena);
	erg_buf_free(&filebuf);
	free(st.outs);
	erg_graph_free(st.scratch);
	erg_strset_free(&st.files);
	erg_strset_free(&st.added);
	return rc;
}
